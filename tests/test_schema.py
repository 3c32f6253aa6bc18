"""The schema helper, and the one message style of the six validators that use it:
"FILE: ENTRY: what is wrong"."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.errors import ReaderError
from reader.lang.glossary import check_files
from reader.schema import Field, Schema, is_kind, kind_name, located
from reader.study.assignment import load_assignment
from reader.study.questions import parse_questions
from reader.study.results import load_result
from reader.text.loader import load_document
from reader.tui.settings import SCHEMA as SETTINGS_SCHEMA
from reader.tui.settings import Settings, load_settings

SCHEMA = Schema(
    {
        "name": Field(str, required=True, non_empty=True),
        "level": Field(int, low=1, high=7),
        "ratio": Field(float, low=0),
        "mode": Field(str, choices=("a", "b")),
        "tags": Field(list, items=str),
        "when": Field((dt.date, str)),
    }
)


def test_a_good_table_has_no_problem():
    assert SCHEMA.problems({"name": "x", "level": 3, "ratio": 2, "mode": "a", "tags": []}) == []


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ({}, "missing field 'name'"),
        ({"name": " "}, "field 'name' is empty"),
        ({"name": "x", "colour": 1}, "unknown field 'colour' (allowed: name, level, ratio, mode,"),
        ({"name": "x", "level": "4"}, "field 'level' must be a whole number"),
        ({"name": "x", "level": True}, "field 'level' must be a whole number"),
        ({"name": "x", "level": 9}, "field 'level' must be from 1 to 7"),
        ({"name": "x", "ratio": -1.5}, "field 'ratio' must be at least 0"),
        ({"name": "x", "ratio": math.nan}, "field 'ratio' must be a number"),
        ({"name": "x", "ratio": math.inf}, "field 'ratio' must be a number"),
        ({"name": "x", "mode": "c"}, "field 'mode' must be one of a, b"),
        ({"name": "x", "tags": ["a", 1]}, "field 'tags' must be a list of strings"),
        ({"name": "x", "when": 5}, "field 'when' must be a date or a string"),
    ],
)
def test_each_problem_is_one_line_naming_the_field(table, problem):
    found = SCHEMA.problems(table)
    assert len(found) == 1 and found[0].startswith(problem), found


def test_check_names_the_file_and_the_entry(tmp_path):
    with pytest.raises(ReaderError) as caught:
        SCHEMA.check({"name": "x", "level": 0}, tmp_path / "f.toml", "entry 'e'")
    assert (
        str(caught.value) == f"{tmp_path / 'f.toml'}: entry 'e': field 'level' must be from 1 to 7"
    )
    assert located("f.toml", "", "bad") == "f.toml: bad"


@given(st.one_of(st.integers(), st.floats(allow_nan=True), st.booleans(), st.text(), st.none()))
def test_numbers_are_finite_and_never_booleans(value):
    assert is_kind(value, float) == (
        isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    )
    assert is_kind(value, int) == (isinstance(value, int) and not isinstance(value, bool))


def test_kind_names_are_words():
    assert kind_name(str) == "a string" and kind_name((str, list)) == "a string or a list"
    assert kind_name(int, plural=True) == "whole numbers"


def test_the_settings_schema_names_every_setting():
    assert list(SETTINGS_SCHEMA.fields) == [f.name for f in fields(Settings)]


# The six validators, one message style each: file first, then the entry, then the field.


def test_settings_message(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("hsk_level = 9\n", "utf-8")
    _, problem = load_settings(path)
    assert problem is not None
    assert problem.startswith(f"{path}: setting 'hsk_level' must be from 1 to 7")


def test_meta_message(tmp_path):
    (tmp_path / "t.txt").write_text("標題\n\n第一段。\n", "utf-8")
    (tmp_path / "t.meta.toml").write_text("title = 3\n", "utf-8")
    with pytest.raises(ReaderError, match=r"t\.meta\.toml: key 'title' must be a string$"):
        load_document(tmp_path / "t.txt")


def test_glossary_message(tmp_path):
    (tmp_path / "a.toml").write_text('domain = "a"\n[[term]]\nid = "x"\nkind = 3\n', "utf-8")
    _, problems = check_files([tmp_path / "a.toml"])
    assert problems[0] == "a.toml: entry 'x': field 'kind' must be a string"


def test_questions_message(article):
    data = {"question": [{"id": "q1", "section": "2"}]}
    with pytest.raises(ReaderError) as caught:
        parse_questions(data, "q.toml", article)
    assert str(caught.value) == "q.toml: question 'q1': field 'section' must be a whole number"


def test_assignment_message(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text(
        '[assignment]\nid = "w"\ntitle = "t"\ntext = "deepseek"\nchecksum = "x"\n'
        "sections = [2]\n[rules]\nhsk_level = 0\n",
        "utf-8",
    )
    with pytest.raises(ReaderError) as caught:
        load_assignment(path)
    assert str(caught.value) == f"{path}: [rules]: key 'hsk_level' must be from 1 to 7"


def test_result_message(tmp_path):
    path: Path = tmp_path / "r.json"
    result = {
        "schema": 1,
        "kind": "reader-result",
        "student": "Ana",
        "assignment": {"id": "w", "checksum": "x"},
        "sections": [{"section": 2, "seconds": -3}],
        "answers": [],
    }
    path.write_text(json.dumps(result), "utf-8")
    with pytest.raises(ReaderError) as caught:
        load_result(path)
    assert str(caught.value) == f"{path}: section entry 1: key 'seconds' must be at least 0"


# Files that attack the parsers: one clear line each, never a traceback.

DEEP_TOML = "a = " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_JSON = "[" * 100_000 + "]" * 100_000


def test_deeply_nested_toml_is_one_line(tmp_path, article):
    from reader.schema import parse_toml

    with pytest.raises(ReaderError, match=r"x\.toml: not valid TOML \(nested too deeply\)"):
        parse_toml(DEEP_TOML, tmp_path / "x.toml")
    settings = tmp_path / "settings.toml"
    settings.write_text(DEEP_TOML, "utf-8")
    _, problem = load_settings(settings)
    assert problem and "nested too deeply" in problem
    week = tmp_path / "week.toml"
    week.write_text('[assignment]\nnote = "x"\n' + DEEP_TOML, "utf-8")
    with pytest.raises(ReaderError, match="nested too deeply"):
        load_assignment(week)


def test_deep_json_nan_and_negative_times_in_a_result(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(DEEP_JSON, "utf-8")
    with pytest.raises(ReaderError, match="nested too deeply"):
        load_result(path)
    good = {
        "schema": 1,
        "kind": "reader-result",
        "student": "Ana",
        "assignment": {"id": "w", "checksum": "x"},
        "answers": [],
    }
    for sections, problem in (
        ('[{"section": 2, "seconds": NaN}]', "not a number JSON allows"),
        ('[{"section": 2, "seconds": Infinity}]', "not a number JSON allows"),
        ('[{"section": 2, "seconds": -5}]', "must be at least 0"),
    ):
        text = json.dumps(good)[:-1] + f', "sections": {sections}}}'
        path.write_text(text, "utf-8")
        with pytest.raises(ReaderError, match=problem):
            load_result(path)
    path.write_text(json.dumps({**good, "sections": [], "finished": 5}), "utf-8")
    with pytest.raises(ReaderError, match="key 'finished' must be a string or empty"):
        load_result(path)


def test_toml_integers_too_long_are_one_line(tmp_path):
    from reader.schema import parse_toml

    with pytest.raises(ReaderError, match="not valid TOML"):
        parse_toml("x = " + "1" * 5001 + "\n", tmp_path / "x.toml")
    settings = tmp_path / "settings.toml"
    settings.write_text("hsk_level = " + "1" * 5001 + "\n", "utf-8")
    _, problem = load_settings(settings)
    assert problem and "not valid TOML" in problem
