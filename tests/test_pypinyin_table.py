"""Our copy of pypinyin's tables (reader/lang/pypinyin_table.py): it reads every word as
pypinyin itself does, is rebuilt when the file is damaged, and spares the new text's
first pinyin pypinyin's import."""

from __future__ import annotations

import random
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from reader import paths
from reader.lang import pypinyin_table


def _pypinyin(han: str) -> list[str]:
    from pypinyin import Style, pinyin

    return [
        unicodedata.normalize("NFC", item[0]) if item else ""
        for item in pinyin(han, style=Style.TONE, errors=lambda c: [""] * len(c), strict=True)
    ]


def _words() -> list[str]:
    import jieba

    dictionary = Path(jieba.__file__).with_name("dict.txt")
    words = [line.split()[0] for line in dictionary.read_text("utf-8").splitlines()]
    cedict = Path(pypinyin_table.__file__).with_name("cedict_words.txt").read_text("utf-8")
    words += [w.lstrip("*") for w in cedict.split()]
    from pypinyin.constants import PHRASES_DICT

    words += list(PHRASES_DICT)
    return words


def test_words_read_as_pypinyin_reads_them():
    # a sample of every kind: pypinyin's phrases, CC-CEDICT's words it lacks (read in
    # pieces by its maximum matching), jieba's words, and runs of several words
    rng = random.Random(7)
    words = rng.sample(_words(), 6000)
    runs = words + ["".join(rng.sample(words, 3)) for _ in range(1000)]
    runs = [w for w in runs if all("\u4e00" <= c <= "\u9fff" for c in w)]
    assert len(runs) > 5000
    wrong = [(w, _pypinyin(w), pypinyin_table.run(w)) for w in runs]
    wrong = [item for item in wrong if item[1] != item[2]]
    assert not wrong, wrong[:5]


def test_every_character_has_pypinyins_readings():
    from pypinyin import Style, pinyin

    chars = list(pypinyin_table.tables().chars)
    assert len(chars) > 40000
    for ch in random.Random(3).sample(chars, 3000) + list("行长重了着得地还为"):
        want = tuple(
            unicodedata.normalize("NFC", r) for r in pinyin(ch, style=Style.TONE, heteronym=True)[0]
        )
        assert pypinyin_table.readings(ch) == want, ch


def test_the_file_holds_the_tables_exactly():
    tables = pypinyin_table.tables()
    assert pypinyin_table._decode(pypinyin_table._encode(tables)) == tables


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="cut-short"),
        pytest.param(lambda data: b"\x00" * 64, id="zeros"),
        pytest.param(lambda data: data[:30] + b"{" + data[31:], id="bad-header"),
        pytest.param(lambda data: data + b"more", id="too-long"),
        pytest.param(
            lambda data: data.replace(b'"phrases": ', b'"phrases": 1', 1), id="parts-moved"
        ),
        pytest.param(lambda data: data.replace("銀".encode(), b"\xff\xfe\xfd", 1), id="not-utf8"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_file_is_built_again(fresh_home, monkeypatch, damage):
    tables = pypinyin_table.tables()
    whole = pypinyin_table._encode(tables)
    path = pypinyin_table.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(damage(whole))
    monkeypatch.setattr(pypinyin_table, "_state", {})
    assert pypinyin_table.run("银行行长") == ["yín", "háng", "háng", "zhǎng"]
    assert pypinyin_table._decode(path.read_bytes()) == tables, "written whole again"


def test_a_new_texts_pinyin_does_not_import_pypinyin(fresh_home):
    code = (
        "import sys\n"
        "from reader.lang import pypinyin_table\n"
        "pypinyin_table.tables()\n"  # the first run builds the file (pypinyin imported)
        "print('pypinyin' in sys.modules)\n"
    )
    again = (
        "import sys\n"
        "from reader.annotated.document import default_annotator\n"
        "tokens = default_annotator().annotate('他在银行工作，長得很高。')\n"
        "assert [t.pinyin for t in tokens][2] == ('yín', 'háng'), tokens\n"
        "print('pypinyin' in sys.modules)\n"
    )
    outs = [
        subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, timeout=120)
        for source in (code, again)
    ]
    assert all(out.returncode == 0 for out in outs), [out.stderr for out in outs]
    assert [out.stdout.strip() for out in outs] == ["True", "False"]


def test_cedict_words_answer_as_their_file_and_a_damaged_copy_is_built_again(
    fresh_home, monkeypatch
):
    from reader.lang import cedict_words

    lines = Path(cedict_words.__file__).with_name("cedict_words.txt").read_text("utf-8").split()
    rng = random.Random(3)
    sample = rng.sample(lines, 300)
    for damaged in (False, True):
        monkeypatch.setattr(cedict_words, "_state", {})
        if damaged:
            (path,) = paths.cache_dir().glob("cedict-words-*.bin")
            path.write_bytes(path.read_bytes()[:-5])
        for line in sample:
            word = line.lstrip("*")
            assert cedict_words.is_word(word)
            assert cedict_words.plain(word) == (not line.startswith("*")), line
        assert not cedict_words.is_word("银行家们的")
    (path,) = paths.cache_dir().glob("cedict-words-*.bin")
    assert len(cedict_words.SortedTable.decode(path.read_bytes())) == len(lines), "whole again"
