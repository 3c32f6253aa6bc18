"""`reader lookup WORD`: glossary entry first, then CC-CEDICT (or the word's parts), then
the HSK level; the JSON form is stable across runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from reader.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def lookup_json(word: str) -> dict:
    result = run("lookup", word, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_lookup_shows_both_readings_of_hang_xing():
    result = run("lookup", "行")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("CC-CEDICT:\n")
    assert "  行  háng  " in out and "  行  xíng  " in out
    assert out.rstrip().splitlines()[-1].startswith("HSK level: ")


def test_lookup_shows_le_and_liao():
    out = run("lookup", "了").output
    assert "  了  le  " in out and "  了  liǎo  " in out
    assert "HSK level: 1 " in out
    pinyin = {e["pinyin"] for e in lookup_json("了")["dictionary"] if e["simplified"] == "了"}
    assert {"le", "liǎo"} <= pinyin


@pytest.mark.parametrize(
    ("word", "first", "later"),
    [
        # CC-CEDICT lists 舌 jī ("used in 喇舌") before 舌 shé, tongue
        ("舌", "shé", "jī"),
        ("行", "xíng", "háng"),
        ("长", "cháng", "zhǎng"),
    ],
)
def test_lookup_lists_the_usual_reading_first_and_pointers_last(word, first, later):
    lines = [line.split() for line in run("lookup", word).output.splitlines()]
    readings = [line[3] if line[1] == "/" else line[1] for line in lines[1:-1]]
    assert readings.index(first) < readings.index(later), readings
    assert lookup_json(word)["dictionary"][0]["written"] == first


def test_lookup_glossary_entry_comes_first():
    out = run("lookup", "估值").output
    assert out.startswith("Glossary:\n估值  gū zhí\n")
    assert "id: valuation]" in out
    assert out.index("Glossary:") < out.index("CC-CEDICT:\n") < out.index("HSK level:")
    assert "  估值  gū zhí  valuation; estimation" in out


def test_lookup_traditional_glossary_form():
    data = lookup_json("估值錨點")
    assert data["glossary"]["id"] == "valuation-anchor"
    assert data["simplified"] == "估值锚点"


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("估值模型", ["估值", "模型"]),
        ("算力集羣", ["算力", "集羣"]),
    ],
)
def test_lookup_falls_back_to_parts(word, parts):
    out = run("lookup", word).output
    assert f"CC-CEDICT has no entry for {word}; its parts:" in out
    data = lookup_json(word)
    assert data["dictionary"] == []
    assert [p["text"] for p in data["parts"]] == parts
    assert all(p["entries"] for p in data["parts"])


def test_lookup_json_keys():
    data = lookup_json("估值")
    assert {"glossary", "dictionary", "parts", "hsk"} <= set(data)
    assert data["glossary"]["id"] == "valuation"
    assert data["dictionary"][0] == {
        "traditional": "估值",
        "simplified": "估值",
        "pinyin": "gū zhí",
        "written": "gū zhí",
        "definitions": ["valuation", "estimation"],
    }
    assert data["parts"] == []
    assert set(data["hsk"]) == {"level", "standard", "parts"}
    plain = lookup_json("行")
    assert plain["glossary"] is None


def test_hsk_level_of_de():
    data = lookup_json("的")
    assert data["hsk"]["level"] == "1"
    assert "HSK 3.0" in data["hsk"]["standard"]


def test_lookup_output_is_identical_across_runs():
    for args in (["lookup", "估值", "--format", "json"], ["lookup", "算力集羣"]):
        proc = subprocess.run(
            [sys.executable, "-m", "reader", *args], capture_output=True, check=True
        )
        assert proc.stdout == run(*args).output.encode()
        assert proc.stderr == b""


@pytest.mark.parametrize("word", ["", "  "])
def test_lookup_empty_word_is_a_usage_error(word):
    """It used to print 'CC-CEDICT has no entry for .' and exit 0."""
    result = run("lookup", word)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: ")


def test_lookup_says_a_word_is_not_in_the_syllabus():
    out = CliRunner().invoke(main, ["lookup", "算力"]).output
    assert (
        out.rstrip()
        .splitlines()[-1]
        .startswith("HSK level: not in the syllabus (parts: 算 4, 力 5)")
    )
    data = json.loads(CliRunner().invoke(main, ["lookup", "算力", "--format", "json"]).output)
    assert data["hsk"]["level"] == "not in the syllabus"
    assert data["hsk"]["parts"] == [{"text": "算", "level": "4"}, {"text": "力", "level": "5"}]


@pytest.mark.parametrize(
    ("word", "here", "other"),
    [("行", "háng", "xíng"), ("长", "zhǎng", "cháng"), ("了", "liǎo", "le")],
)
def test_the_popup_puts_the_reading_used_here_first_and_marks_it(word, here, other):
    from reader.lang.lookup import look_up
    from reader.tui.screens.popup import popup_content

    lines = str(popup_content(look_up(word), "simplified", word, (here,))).splitlines()
    readings = [line for line in lines if line.startswith(word) or f"· {word}" in line]
    assert here in readings[0] and "◂ here" in readings[0], readings
    assert any(other in line and "◂ here" not in line for line in readings[1:]), readings


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_a_variant_the_text_shows_heads_its_popup_with_the_main_form_below(script):
    from reader.lang.lookup import look_up
    from reader.text.chars import convert
    from reader.tui.screens.popup import popup_content

    shown = "系統單晶片" if script == "traditional" else convert("系統單晶片", "t2s")
    info = look_up(convert(shown, "t2s"))
    assert info.glossary is not None and info.glossary.id == "soc"
    lines = str(popup_content(info, script, shown, ())).splitlines()
    assert lines[0].startswith("系統單晶片") and "Taiwan" in lines[0], lines[:2]
    assert lines[1].startswith("main form:") and "系统级芯片" in lines[1], lines[:2]
    main = str(popup_content(look_up("系统级芯片"), script, "系统级芯片", ())).splitlines()
    assert "系统级芯片" in main[0] and not main[1].startswith("main form:")


def test_a_traditional_character_puts_its_own_entries_first():
    from reader.lang.lookup import look_up

    def order(written: str) -> list[str]:
        return [e.traditional for e in look_up("于", written=written).dictionary.entries]

    assert order("於")[0] == "於", "at, in: the 於 the text has"
    assert order("于")[0] == "于" and order("")[0] == "于", "CC-CEDICT's order otherwise"
    readings = [e.pinyin for e in look_up("於").dictionary.entries]
    assert readings[:2] == ["yú", "yú"], "the usual reading stays first"
