"""CC-CEDICT through our own SQLite index (every reading of a headword, fallbacks to the
parts of a word), HSK levels and the level profile of the article."""

from __future__ import annotations

import sqlite3

import pytest

from reader.lang.dictionary import (
    Dictionary,
    _index_path,
    default_dictionary,
    numbers_to_marks,
    parse_cedict_lines,
)
from reader.lang.hsk import LEVELS, label, profile, word_level


def readings(word: str) -> list[str]:
    return [e.pinyin for e in default_dictionary().entries(word) if e.simplified == word]


def test_every_reading_of_a_headword_is_kept():
    assert {"háng", "xíng"} <= set(readings("行"))
    assert {"le", "liǎo"} <= set(readings("了"))
    assert "zhòng" in readings("重") and "chóng" in readings("重")


def test_traditional_and_simplified_queries_agree():
    d = default_dictionary()
    assert d.entries("估值") and d.entries("估值")[0].pinyin == "gū zhí"
    # OpenCC's traditional is not always CC-CEDICT's (羣/群): lookups go by simplified.
    assert d.entries("集羣") == d.entries("集群")
    assert [e.pinyin for e in d.entries("為")] == [e.pinyin for e in d.entries("为")]


def test_word_missing_from_cedict_falls_back_to_parts():
    d = default_dictionary()
    result = d.lookup("估值模型")
    assert result.entries == () and result.found
    assert [part for part, _ in result.parts] == ["估值", "模型"]
    assert all(found for _, found in result.parts)
    result = d.lookup("算力集羣")
    assert result.entries == () and result.simplified == "算力集群"
    assert [part for part, _ in result.parts] == ["算力", "集羣"]
    assert result.parts[1][1][0].simplified == "集群"


def test_unknown_characters_are_parts_without_entries():
    result = default_dictionary().lookup("估值𪚥")
    assert [part for part, _ in result.parts] == ["估值", "𪚥"]
    assert result.parts[1][1] == ()


def test_word_in_cedict_has_no_parts():
    result = default_dictionary().lookup("估值")
    assert result.entries and result.parts == ()


def test_numbers_to_marks():
    assert numbers_to_marks("hang2 ye4") == "háng yè"
    assert numbers_to_marks("lu:4 shi1") == "lǜ shī"
    assert numbers_to_marks("le5") == "le"
    assert numbers_to_marks("Zhang1 lu:e4") == "Zhāng lüè"
    assert numbers_to_marks("A4 zhi3", "A4紙") == "A4 zhǐ"  # A4 paper: not pinyin, kept
    assert numbers_to_marks("A1 li3 ba1 ba1", "阿里巴巴") == "Ā lǐ bā bā"
    assert numbers_to_marks("Ou1 zhou1") == "Ōu zhōu"  # pypinyin's to_tone missed this


def test_parse_cedict_lines_skips_comments_and_junk():
    rows = parse_cedict_lines(
        [
            "# CC-CEDICT\n",
            "行 行 [hang2] /row/line/\n",
            "not a line\n",
            "羣 群 [qun2] /variant of 群[qun2]/\n",
        ]
    )
    assert rows == [("行", "行", "hang2", "row/line"), ("羣", "群", "qun2", "variant of 群[qun2]")]


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated"])
def test_damaged_index_is_rebuilt(fresh_home, damage):
    Dictionary().ready()  # builds the index in this home
    path = _index_path()
    assert path.is_relative_to(fresh_home) and path.exists()
    good = path.read_bytes()
    path.write_bytes(
        {
            "garbage": b"this is not a database\x00" * 200,
            "empty": b"",
            "truncated": good[: len(good) // 3],
        }[damage]
    )
    result = Dictionary().lookup("行")
    assert {"háng", "xíng"} <= {e.pinyin for e in result.entries}
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT count(*) FROM entry").fetchone()[0] > 100_000
    finally:
        db.close()
    assert not list(path.parent.glob(f".{path.name}.*.tmp"))


def test_index_is_built_once_and_reused(fresh_home):
    Dictionary().ready()
    path = _index_path()
    stamp = path.stat().st_mtime_ns
    assert Dictionary().lookup("了").entries
    assert path.stat().st_mtime_ns == stamp


# --- HSK ---------------------------------------------------------------------------------------


def test_hsk_levels():
    assert label(word_level("的")) == "1"
    assert word_level("的") == 1
    assert label(None) == "beyond" and label(7) == "7-9"
    assert word_level("ABC") is None


def test_hsk_word_made_of_listed_words_takes_the_hardest():
    assert word_level("十年") == max(word_level("十"), word_level("年"))


def test_hsk_profile_of_the_article(annotated):
    words = [t.simplified for block in annotated.block_ids() for t in annotated.tokens(block)]
    result = profile(words)
    assert result.words > 500
    labels = [label(level) for level in LEVELS] + ["beyond"]
    assert set(result.counts) <= set(labels)
    assert sum(result.share(key) for key in labels) == pytest.approx(1.0)
    assert sum(result.counts.values()) == result.words
    assert result.level_for_95 in labels
    # the article is hard: a learner needs more than HSK 4 for 95% of its words
    assert labels.index(result.level_for_95) >= labels.index("4")


def test_hsk_profile_counts_han_words_only():
    result = profile(["的", "的", "2025", "AI", "，", "了"])
    assert result.words == 3 and result.counts == {"1": 3}
    assert result.share("1") == 1.0 and result.level_for_95 == "1"
    empty = profile([])
    assert empty.words == 0 and empty.share("1") == 0.0


def test_a_word_not_in_the_syllabus_is_labelled_so_not_given_its_parts_level():
    from reader.lang.hsk import describe_level, parts_levels, syllabus_level

    assert syllabus_level("算力") is None and syllabus_level("市场") == 4
    assert parts_levels("算力") == (("算", 4), ("力", 5))
    assert describe_level("算力") == "not in the HSK syllabus (parts: 算 HSK 4, 力 HSK 5)"
    assert describe_level("打假").startswith("not in the HSK syllabus")
    assert describe_level("市场") == "HSK 4"
    assert describe_level("Nvidia") == "not in the HSK syllabus"


def test_a_character_neutral_in_its_word_shows_its_own_tone_beside_it():
    from reader.lang.lookup import characters

    breakdown = {c.char: c for c in characters("消息", ("xiāo", "xi"))}
    assert breakdown["息"].syllable == "xi" and breakdown["息"].own == "xī"
    assert "news" in breakdown["息"].meaning
    assert breakdown["消"].own == "", "toned here: nothing to add"
    # 的 has a neutral reading of its own: nothing to add either
    assert {c.char: c.own for c in characters("我的", ("wǒ", "de"))}["的"] == ""
