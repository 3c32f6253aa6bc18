"""Progress that is never hidden or thrown away (issue 18, cases 1, 2, 5, 6 and the
minor `user_version 999`): changes the disk refuses are kept and retried, a read-only
home shows the progress, a damaged page is salvaged, a swap is noticed, a newer schema
is refused by name."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from reader.study.store import MIGRATIONS, Store


def _answers(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT count(*) FROM answer").fetchone()[0]
    finally:
        db.close()


def _fill_up(store: Store) -> None:
    """The database may grow no more: SQLite's own 'database or disk is full'."""
    db = store._open()
    assert db is not None
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


def _room_again(store: Store) -> None:
    assert store._db is not None
    store._db.execute("PRAGMA max_page_count = 1073741823")


def test_answers_the_disk_refused_are_kept_journalled_and_saved_later(tmp_path):
    path = tmp_path / "progress.sqlite3"
    store = Store(path)
    store.opened("doc", None, "t")
    _fill_up(store)
    big = "答" * 3000  # each answer needs a page of its own
    saved = [store.record_answer("doc", f"q{i}", 1, big, True) for i in range(5)]
    assert saved == [False] * 5
    assert store.pending_answers() == 5 and "kept to try again" in (store.problem or "")
    journal = json.loads(store.journal.read_text("utf-8"))
    assert [item["args"][1] for item in journal] == [f"q{i}" for i in range(5)]
    _room_again(store)
    assert store.retry_pending() == 0
    assert [a.question for a in store.answers("doc")] == [f"q{i}" for i in range(5)]
    assert not store.journal.exists() and store.problem is None
    store.close()


def test_a_journal_left_by_a_killed_reader_is_applied_once(tmp_path):
    path = tmp_path / "progress.sqlite3"
    first = Store(path)
    first.opened("doc", None, "t")
    _fill_up(first)
    for i in range(3):
        first.record_answer("doc", f"q{i}", 1, "答" * 3000, bool(i % 2))
    journal = first.journal
    assert journal.is_file()
    first._db = None  # killed: the connection is gone, the journal stays
    second = Store(path)
    assert [a.question for a in second.answers("doc")] == ["q0", "q1", "q2"]
    assert not journal.exists()
    # the killed reader's journal, applied again by a third reader, adds nothing
    journal.write_text(
        json.dumps(
            [{"id": p.id, "kind": p.kind, "args": list(p.args), "at": p.at} for p in first.pending]
        ),
        "utf-8",
    )
    third = Store(path)
    assert len(third.answers("doc")) == 3
    second.close()
    third.close()


@pytest.mark.parametrize(
    "content",
    ['[{"id": "x", "kind": "drop table", "args": []}]', '{"id": 1}', "not json", "[" * 5000],
)
def test_a_journal_that_is_not_ours_is_left_alone(tmp_path, content):
    path = tmp_path / "progress.sqlite3"
    stray = tmp_path / "pending-stray.json"
    stray.write_text(content, "utf-8")
    store = Store(path)
    store.opened("doc", None, "t")
    assert store.recent_texts()[0].doc_id == "doc" and not store.pending
    assert stray.read_text("utf-8") == content
    store.close()


def test_a_newer_schema_is_refused_by_its_version_and_never_changed(tmp_path):
    path = tmp_path / "progress.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE text (doc_id TEXT)")
    db.execute("PRAGMA user_version = 999")
    db.commit()
    db.close()
    before = path.read_bytes()
    store = Store(path)
    assert store.record_answer("d", "q", 1, "x", True) is False
    assert store.recent_texts() == []
    problem = store.problem or ""
    assert "schema version 999" in problem and f"up to {len(MIGRATIONS)}" in problem
    assert "\n" not in problem and str(path) in problem
    store.close()
    assert path.read_bytes() == before


def _with_answers(path: Path, count: int) -> None:
    store = Store(path)
    store.opened("doc", "/x", "t")
    for i in range(count):
        store.record_answer("doc", f"q{i}", 1, "答" * 200, True)
    store.close()


def test_a_damaged_page_is_salvaged_before_the_file_is_moved_aside(tmp_path):
    path = tmp_path / "progress.sqlite3"
    _with_answers(path, 600)
    data = bytearray(path.read_bytes())
    page = 4096
    middle = len(data) // page // 2 * page
    data[middle : middle + page] = b"\xa5" * page  # one page of the answers destroyed
    path.write_bytes(bytes(data))
    store = Store(path)
    kept = len(store.answers())
    assert 400 < kept < 600, kept
    problem = store.problem or ""
    assert f"{kept + 1:,} rows that could still be read were kept" in problem, problem
    assert store.recent_texts()[0].doc_id == "doc"
    assert store.record_answer("doc", "new", 1, "x", True)
    moved = [
        p
        for p in tmp_path.glob("progress.sqlite3.damaged-*")
        if not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(moved) == 1 and moved[0].read_bytes() == bytes(data)
    store.close()


def test_a_running_reader_notices_the_file_was_swapped(tmp_path):
    path = tmp_path / "progress.sqlite3"
    running = Store(path)
    running.opened("doc", None, "t")
    running.record_answer("doc", "before", 1, "x", True)
    path.rename(tmp_path / "moved-aside.sqlite3")  # what another reader's repair does
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").rename(tmp_path / f"moved-aside.sqlite3{suffix}")
    other = Store(path)
    other.opened("doc2", None, "t")
    assert running.record_answer("doc", "after", 1, "x", True)
    assert [a.question for a in other.answers()] == ["after"]
    running.close()
    other.close()


def test_read_only_store_shows_progress_when_writing_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "progress.sqlite3"
    _with_answers(path, 3)

    def refuse(self):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(Store, "_connect_when_free", refuse)
    store = Store(path)
    assert len(store.answers()) == 3 and store.read_only
    assert "read-only" in (store.problem or "")
    assert store.record_answer("doc", "late", 1, "x", True) is False
    assert store.pending_answers() == 1
    monkeypatch.undo()
    assert store.retry_pending() == 0 and not store.read_only
    assert len(store.answers()) == 4
    store.close()


# ---------------------------------------------------------------- real mounts (as root)


@contextlib.contextmanager
def tmpfs(where: Path, size: str):
    where.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_real_read_only_home_shows_its_progress(tmp_path):
    with tmpfs(tmp_path / "home", "8m") as home:
        path = home / "progress.sqlite3"
        _with_answers(path, 5)
        subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True)
        store = Store(path)
        assert len(store.answers()) == 5 and store.read_only, store.problem
        assert store.record_answer("doc", "x", 1, "x", True) is False
        assert store.pending_answers() == 1
        store.close()


def test_a_real_full_disk_keeps_the_answers_until_there_is_room(tmp_path):
    with tmpfs(tmp_path / "home", "400k") as home:
        path = home / "progress.sqlite3"
        store = Store(path)
        store.opened("doc", None, "t")
        filler = home / "filler"
        with contextlib.suppress(OSError), open(filler, "wb") as out:
            while True:
                out.write(b"\0" * 4096)
                out.flush()
        results = [store.record_answer("doc", f"q{i}", 1, "答" * 2000, True) for i in range(8)]
        assert not all(results)
        confirmed = [f"q{i}" for i in range(8)]
        filler.unlink()
        assert store.retry_pending() == 0
        assert [a.question for a in store.answers("doc")] == confirmed
        store.close()


# ------------------------------------------------------------------------------- the app


async def test_an_answer_the_disk_refused_stays_on_screen_until_saved(fresh_home):
    from reader.text.library import open_text
    from reader.tui.app import make_app
    from reader.tui.widgets.pending import PendingNote

    app = make_app("deepseek", doc=open_text("deepseek"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("c")
        await pilot.pause()
        _fill_up(app.store)
        app.store.looked_up("padding", "s1p1", "答" * 3000)  # the page the answer needed
        await pilot.press("1")
        await pilot.pause()
        note = app.screen.query_one(PendingNote)
        assert note.display and "1 answer and 1 other change not saved yet" in str(note.render())
        await pilot.pause(1.5)
        assert note.display, "not a toast: it stays while the answer waits"
        _room_again(app.store)
        app._retry_pending()
        await app.workers.wait_for_complete()
        note.update_note()
        assert not note.display
        assert len(app.store.answers()) == 1


# ------------------------------------------------- what a review of the above found


def _journal(path: Path, name: str, items: list[tuple[str, str, list, float]]) -> Path:
    file = path.with_name(f"pending-{name}.json")
    file.write_text(
        json.dumps([{"id": i, "kind": k, "args": a, "at": at} for i, k, a, at in items]), "utf-8"
    )
    return file


def test_journals_of_several_runs_replay_oldest_first(tmp_path):
    path = tmp_path / "progress.sqlite3"
    store = Store(path)
    store.opened("doc", None, "t")
    store.close()
    # names sort the other way round from their age
    _journal(path, "aaaa", [("new", "position", ["s1p7", "doc"], 2000.0)])
    _journal(path, "zzzz", [("old", "position", ["s1p3", "doc"], 1000.0)])
    again = Store(path)
    assert again.position("doc") == "s1p7"
    again.close()


def test_a_journal_entry_the_database_refuses_is_dropped_not_blocking(tmp_path):
    path = tmp_path / "progress.sqlite3"
    Store(path).opened("doc", None, "t")
    _journal(path, "bad", [("x", "lookup", ["doc", "s1p1", None, 1.0], 1.0)])
    store = Store(path)
    store.save_position("doc", "s1p2")
    assert not store.pending and store.position("doc") == "s1p2"
    store.close()


def test_another_runs_journal_stays_when_this_run_cannot_write_its_own(tmp_path, monkeypatch):
    """A full disk: this run can neither save the other's changes nor journal them,
    so the other's file must stay (it is all there is of them)."""
    path = tmp_path / "progress.sqlite3"
    Store(path).opened("doc", None, "t")
    theirs = _journal(path, "theirs", [("p", "position", ["s1p9", "doc"], 1.0)])

    def no_room(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reader.study.store.write_text_atomic", no_room)
    monkeypatch.setattr(Store, "_run", lambda self, *args: False)
    store = Store(path)
    store.recent_texts()
    assert theirs.exists() and len(store.pending) == 1
    monkeypatch.undo()
    assert store.retry_pending() == 0 and store.position("doc") == "s1p9"
    assert not store.journal.exists()
    store.close()


def test_a_salvage_keeps_every_row_that_can_be_read_one_by_one(tmp_path):
    path = tmp_path / "progress.sqlite3"
    _with_answers(path, 2000)
    data = bytearray(path.read_bytes())
    marker = ("答" * 200).encode()
    pages = [i for i in range(0, len(data), 4096) if marker in data[i : i + 4096]]
    for page in (pages[len(pages) // 3], pages[2 * len(pages) // 3]):
        data[page : page + 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    readable = 0
    db = sqlite3.connect(path)
    for rowid in range(1, 2001):
        with contextlib.suppress(sqlite3.DatabaseError):
            readable += bool(db.execute("SELECT * FROM answer WHERE id = ?", (rowid,)).fetchone())
    db.close()
    store = Store(path)
    # a row or two beside a destroyed page can be read by its id but not reached in order
    assert readable - 4 <= len(store.answers()) <= readable < 2000
    store.close()


def test_a_damaged_database_on_a_full_disk_is_left_until_there_is_room(tmp_path):
    with tmpfs(tmp_path / "home", "1m") as home:
        path = home / "progress.sqlite3"
        _with_answers(path, 300)
        data = bytearray(path.read_bytes())
        marker = ("答" * 200).encode()
        pages = [i for i in range(0, len(data), 4096) if marker in data[i : i + 4096]]
        data[pages[len(pages) // 2] : pages[len(pages) // 2] + 4096] = b"\xa5" * 4096
        path.write_bytes(bytes(data))
        filler = home / "filler"
        with contextlib.suppress(OSError), open(filler, "wb") as out:
            while True:
                out.write(b"\0" * 4096)
                out.flush()
        store = Store(path)
        store.record_answer("doc", "late", 1, "x", True)
        assert store.problem and (store.read_only or "no room to save" in store.problem)
        assert not list(home.glob("progress.sqlite3.damaged-*")), "nothing moved"
        filler.unlink()
        assert store.retry_pending() == 0
        assert 250 < len(store.answers()) < 301
        assert list(home.glob("progress.sqlite3.damaged-*"))
        store.close()


def test_a_file_name_that_is_not_utf8_is_saved_not_a_traceback(tmp_path):
    store = Store(tmp_path / "progress.sqlite3")
    store.opened("doc", "/texts/\udcff.txt", "t")
    assert store.recent_texts()[0].path == "/texts/\\udcff.txt"
    store.close()
