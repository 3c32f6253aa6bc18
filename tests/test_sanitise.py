"""One sanitiser per kind of output, and hostile text from shared files through each:
no ESC byte reaches a terminal, no CSV cell starts a formula, no tag or link renders in
the Markdown report, no markup in a handout or an Anki card."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.safe import for_csv, for_html, for_markdown, for_terminal

CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
HOSTILE = [
    "Eve\x1b]0;pwned\x07\x1b[2J\x1b[31mAll students: 24/24",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "-2+3",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "a | b\r| c",
    "Ana\nnote: forged",
    "\u009b2J",
]


@given(st.text())
def test_for_terminal_leaves_no_control(text):
    assert not CONTROLS.search(for_terminal(text))
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", for_terminal(text, one_line=False))


@given(st.text())
def test_for_csv_never_starts_a_formula(text):
    cell = for_csv(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert not CONTROLS.search(cell)


@given(st.text())
def test_for_html_and_markdown_leave_no_tag(text):
    assert "<" not in for_html(text) and ">" not in for_html(text)
    cell = for_markdown(text)
    assert "<" not in cell and "\n" not in cell and not CONTROLS.search(cell)
    assert not re.search(r"(?<!\\)[|\[\]()]", cell)


def result_file(folder: Path, made, name: str, given: str, word: str) -> Path:
    data = {
        "schema": 1,
        "kind": "reader-result",
        "student": name,
        "assignment": {"id": made.id, "title": "週三 <b>", "checksum": made.checksum},
        "started": None,
        "finished": None,
        "sections": [{"section": 2, "seconds": 61.0}],
        "questions": [made.questions[0].id],
        "answers": [
            {"question": made.questions[0].id, "correct": True, "given": given, "attempts": 1}
        ],
        "lookups": [{"word": word, "count": 2}],
        "vocabulary": [],
    }
    path = folder / f"{len(list(folder.iterdir()))}.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def reader(*args: str, home: Path) -> subprocess.CompletedProcess[bytes]:
    env = {"READER_HOME": str(home), "PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, env=env, timeout=60
    )


@pytest.fixture
def assignment_file(tmp_path) -> Path:
    from reader.study.assignment import make_assignment

    return make_assignment("deepseek", "2", tmp_path / "week.toml", title="週三 <b>\x1b[2J")[0]


@pytest.fixture
def hostile_results(tmp_path, assignment_file) -> Path:
    from reader.study.assignment import load_assignment

    made = load_assignment(assignment_file)
    folder = tmp_path / "results"
    folder.mkdir()
    for index, text in enumerate(HOSTILE):
        result_file(folder, made, f"{text} {index}", given=text, word=text)
    return folder


@pytest.mark.parametrize("fmt", ["text", "csv", "markdown", "json"])
def test_the_class_report_leaks_no_escape(hostile_results, assignment_file, tmp_path, fmt):
    proc = reader(
        "report",
        str(hostile_results),
        "--assignment",
        str(assignment_file),
        "--format",
        fmt,
        home=tmp_path / "home",
    )
    assert proc.returncode == 0, proc.stderr
    for stream in (proc.stdout, proc.stderr):
        assert b"\x1b" not in stream and b"\x07" not in stream and "\u009b".encode() not in stream
    out = proc.stdout.decode()
    if fmt == "csv":
        for row in csv.reader(io.StringIO(out)):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
                assert not (cell.startswith("-") and cell[1:2] and not cell[1:2].isdigit())
    if fmt == "markdown":
        assert "<script" not in out and "<img" not in out and "](javascript" not in out
        tables: list[list[int]] = [[]]
        for line in out.splitlines():
            if line.startswith("|"):
                tables[-1].append(len(re.findall(r"(?<!\\)\|", line)))
            elif tables[-1]:
                tables.append([])
        # every row of a table has as many cells as its header: no name broke a row
        assert all(len(set(counts)) == 1 for counts in tables if counts), tables
    if fmt == "text":
        assert "\nnote: forged" not in out and "Ana␊note: forged" in out


def test_vocabulary_exports_are_neutralised(fresh_home, tmp_path):
    from reader.study.export import export_anki, export_csv
    from reader.study.store import Store

    store = Store()
    for index, text in enumerate(HOSTILE):
        store.add_word(f"{text}{index}", "估值", "估值", "gū zhí", text, text, "d")
    rows = store.vocabulary()
    export_csv(rows, tmp_path / "w.csv")
    with open(tmp_path / "w.csv", encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not any(cell.startswith(("=", "+", "@", "\t")) for cell in cells)
    assert not any(CONTROLS.search(cell) for cell in cells)
    export_anki(rows, tmp_path / "w.apkg")
    import sqlite3
    import zipfile

    with zipfile.ZipFile(tmp_path / "w.apkg") as deck:
        deck.extract("collection.anki2", tmp_path)
    fields = sqlite3.connect(tmp_path / "collection.anki2").execute("SELECT flds FROM notes")
    text = "".join(row[0] for row in fields)
    assert "<script" not in text and "<img" not in text and "\x1b" not in text


async def test_questions_and_words_from_files_reach_the_screen_without_escapes(
    fresh_home, tmp_path
):
    """A questions file and a vocabulary word carrying escape sequences: the app draws
    them as visible symbols."""
    from reader.study.store import Store
    from reader.text.library import open_text
    from reader.tui.app import make_app
    from reader.tui.settings import Settings

    text = tmp_path / "t.txt"
    text.write_text("標題\n\n第一段，估值很高。\n", "utf-8")
    (tmp_path / "t.questions.toml").write_text(
        '[[question]]\nid = "q1"\nsection = 1\nevidence = "s1p1"\nkind = "choice"\n'
        'prompt = "問題\\u001b]0;pwned\\u0007\\u001b[2J？"\nchoices = ["甲\\u001b[31m", "乙"]\n'
        'answer = "乙"\nexplanation = "因為\\u001b[5m。"\n',
        "utf-8",
    )
    store = Store()
    store.add_word("估值\x1b[31m", "估值", "估值", "gū zhí", "val\x1b]0;x\x07", "句\x1b[2J", "d")
    app = make_app(str(text), doc=open_text(str(text)), settings=Settings(), store=store)
    async with app.run_test(size=(100, 30)) as pilot:

        async def press(*keys: str) -> None:
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()

        def clean(shown: str) -> None:
            assert "\x1b" not in shown and "\x07" not in shown, repr(shown)
            assert "␛" in shown, repr(shown)

        await press("c")
        quiz = app.screen
        assert type(quiz).__name__ == "QuestionsScreen"
        clean(quiz.prompt_shown())
        clean("".join(str(option.prompt) for option in quiz.query_one("#quiz-choices").options))
        await press("down", "enter")
        clean(str(quiz.query_one("#quiz-feedback").render()))
        await press("escape", "w")
        table = app.screen.query_one("#vocab-table")
        clean("".join(cell.plain for cell in table.get_row_at(0)))


def test_csv_and_json_reports_keep_their_format(hostile_results, assignment_file, tmp_path):
    csv_out = reader(
        "report",
        str(hostile_results),
        "--assignment",
        str(assignment_file),
        "--format",
        "csv",
        home=tmp_path / "home",
    ).stdout.decode()
    assert "\r" not in csv_out and not any(line.endswith("␍") for line in csv_out.splitlines())
    json_out = reader(
        "report",
        str(hostile_results),
        "--assignment",
        str(assignment_file),
        "--format",
        "json",
        home=tmp_path / "home",
    ).stdout.decode()
    names = {s["student"] for s in json.loads(json_out)["students"]}
    assert "\u009b2J 11" in names  # the data kept, written as an escape
    assert "\u009b" not in json_out and "\\u009b" in json_out


def test_odd_values_in_a_result_are_one_line(assignment_file, tmp_path):
    from reader.study.assignment import load_assignment

    made = load_assignment(assignment_file)
    folder = tmp_path / "results"
    folder.mkdir()
    path = result_file(folder, made, "A\ud800", given="x", word="w")
    proc = reader("report", str(folder), "--assignment", str(assignment_file), home=tmp_path)
    assert proc.returncode == 0 and b"\xed\xa0\x80" not in proc.stdout
    data = json.loads(path.read_text("utf-8"))
    data["sections"] = [{"section": 2, "seconds": 10**400}]
    path.write_text(json.dumps(data), "utf-8")
    proc = reader("report", str(folder), "--assignment", str(assignment_file), home=tmp_path)
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1
    assert "must be a number" in proc.stderr.decode()


def test_annotations_beside_a_shared_text_are_not_used(fresh_home, tmp_path):
    """Only bundled texts ship annotations: a shared text's NAME.annotations.json could
    carry escape sequences as pinyin."""
    from reader.annotated.document import open_annotated
    from reader.annotated.seed import seed_path
    from reader.text.library import open_text

    text = tmp_path / "t.txt"
    text.write_text("標題\n\n第一段。\n", "utf-8")
    doc = open_text(str(text))
    (tmp_path / "t.annotations.json").write_text(
        json.dumps({"key": "anything", "blocks": {}}), "utf-8"
    )
    assert seed_path(doc) is None
    tokens = open_annotated(doc).tokens("s1p1")
    assert "".join(t.text for t in tokens) == "第一段。"
    assert seed_path(open_text("deepseek")) is not None


def test_a_stored_row_with_controls_or_wrong_types_is_not_used():
    from reader.annotated.cache import decode_tokens

    assert decode_tokens("估值", '[[0, 2, "估值", "gū zhí", "", ""]]') is not None
    assert decode_tokens("梁斯", '[[0, 2, "梁斯", "liáng sī", "", "person"]]')[0].name == "person"
    for bad in (
        '[[0, 2, "估值", "\\u001b]0;x\\u0007", "", ""]]',
        '[[0, 2, "估值", 5, "", ""]]',
        '[[0, 2, "估值", "gū zhí", ""]]',  # a row of an older pipeline
        '[[0, 2, "估值", "gū zhí", "", "[b]x"]]',  # a kind of name there is not
        "[" * 5000 + "]" * 5000,
        '{"a": 1}',
    ):
        assert decode_tokens("估值", bad) is None


def test_bidirectional_overrides_are_shown_not_obeyed():
    from reader.safe import for_terminal

    shown = for_terminal("Eve\u202egnp.exe \u2066x\u2069")
    assert shown == "Eve⟪RLO⟫gnp.exe ⟪LRI⟫x⟪PDI⟫"
    assert not any("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069" for ch in shown)
