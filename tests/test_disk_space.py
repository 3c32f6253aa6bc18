"""The reader never fills a disk with caches (issue 18, case 1): temporary files are
swept whoever left them, builds without room stop for the run, and the annotation
cache keeps to its limit."""

from __future__ import annotations

import os
import time

import pytest

from reader.annotated.cache import AnnotationCache
from reader.fsutil import room_for, sweep_temporary
from reader.lang import dictionary
from reader.lang.annotate import Token
from tests.test_store_faults import tmpfs


def test_temporary_files_are_swept_whoever_left_them(tmp_path):
    old = time.time() - 3600
    dead = tmp_path / ".cedict-1-2-v3.sqlite3.99999999.tmp"  # a process that is gone
    journal = tmp_path / ".cedict-1-2-v3.sqlite3.99999999.tmp-journal"
    jieba_dump = tmp_path / "tmpab12cd_e"
    stale_write = tmp_path / ".settings.toml.k3j4h5g6.tmp"
    fresh_write = tmp_path / ".progress.json.a1b2c3d4.tmp"  # being written right now
    mine = tmp_path / f".cedict-1-2-v3.sqlite3.{os.getpid()}.tmp"
    keep = tmp_path / "jieba.cache"
    for path in (dead, journal, jieba_dump, stale_write, fresh_write, mine, keep):
        path.write_bytes(b"x")
    for path in (jieba_dump, stale_write, keep):
        os.utime(path, (old, old))
    assert sweep_temporary(tmp_path) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [fresh_write.name, mine.name, keep.name]
    )


def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(Token(i, i + 1, ch, ch, ("yī",), None) for i, ch in enumerate(text))


def test_the_annotation_cache_keeps_to_its_limit_dropping_the_oldest(tmp_path):
    cache = AnnotationCache(tmp_path / "a.sqlite3", limit=200_000)
    text = "一" * 400
    for doc in range(12):
        cache.put(f"doc{doc}", {f"s1p{i}": _tokens(text) for i in range(3)})
        time.sleep(0.002)
    assert cache.size() <= 200_000
    assert cache.get("doc11", "s1p0", text) is not None, "the newest is kept"
    assert cache.get("doc0", "s1p0", text) is None, "the oldest went first"
    cache.close()
    on_disk = sum(p.stat().st_size for p in tmp_path.iterdir())
    assert on_disk < 600_000, on_disk


def test_a_text_read_again_is_kept_before_older_ones(tmp_path):
    cache = AnnotationCache(tmp_path / "a.sqlite3", limit=100_000)
    text = "一" * 400
    cache.put("first", {"s1p1": _tokens(text)})
    for doc in range(8):
        cache._touched.clear()  # a later run reads the first text again
        assert cache.get("first", "s1p1", text) is not None, doc
        cache.put(f"doc{doc}", {"s1p1": _tokens(text)})
        time.sleep(0.002)
    assert cache.get("first", "s1p1", text) is not None
    cache.close()


def test_a_limit_of_zero_keeps_no_cache(tmp_path):
    cache = AnnotationCache(tmp_path / "a.sqlite3", limit=0)
    cache.put("doc", {"s1p1": _tokens("一二")})
    assert cache.get("doc", "s1p1", "一二") is None
    cache.close()


@pytest.fixture
def gave_up_reset():
    dictionary._GAVE_UP.clear()
    yield
    dictionary._GAVE_UP.clear()


def test_on_a_small_disk_no_cache_is_written_and_the_reader_still_works(
    tmp_path, monkeypatch, gave_up_reset
):
    with tmpfs(tmp_path / "home", "2m") as home:
        monkeypatch.setenv("READER_HOME", str(home))
        assert not room_for(home, 2**20)
        found = dictionary.Dictionary().lookup("估值")
        assert found.entries and dictionary._GAVE_UP.is_set()
        from reader.lang.segment import Segmenter

        assert Segmenter().cut("我們去銀行") and True
        cache = AnnotationCache()
        cache.put("doc", {"s1p1": _tokens("一二")})
        cache.close()
        written = [p for p in home.rglob("*") if p.is_file()]
        assert sum(p.stat().st_size for p in written) < 64 * 1024, written
        assert not [p for p in written if "tmp" in p.name], written


def test_blocks_written_again_are_counted_once_and_the_text_read_is_kept(tmp_path):
    cache = AnnotationCache(tmp_path / "a.sqlite3", limit=12_000)
    text = "一" * 40
    cache.put("other", {"s1p1": _tokens(text)})
    blocks = {f"s1p{i}": _tokens(text) for i in range(6)}
    for _ in range(6):  # overlapping workers put the same blocks again
        cache.put("reading", blocks)
    assert cache.get("reading", "s1p0", text) is not None
    assert cache.get("other", "s1p1", text) is not None, "nothing needed evicting"
    cache.close()
