"""The teacher's side end to end: assign, three students answer, report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.errors import ReaderError
from reader.study.assignment import load_assignment
from reader.study.results import load_result
from reader.study.store import Store
from reader.tui.settings import Settings


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def assignment_file(tmp_path) -> Path:
    out = tmp_path / "week3.toml"
    result = run(
        "assign",
        "deepseek",
        "--sections",
        "2,3",
        "-o",
        str(out),
        "--note",
        "讀第二、三節",
        "--due",
        "2026-12-05",
        "--script",
        "simplified",
    )
    assert result.exit_code == 0, result.output
    return out


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _student(
    home: Path, monkeypatch, assignment_file: Path, name: str, wrong: set[str]
) -> Path:
    """Drive one student through every assigned question with Pilot; answer the
    questions in `wrong` wrongly. Returns the result file."""
    from textual.widgets import Input, OptionList

    from reader.tui.app import make_app

    monkeypatch.setenv("READER_HOME", str(home))
    assignment = load_assignment(assignment_file)
    app = make_app(
        str(assignment_file),
        assignment=assignment,
        store=Store(),
        settings=Settings(student_name=name),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.doc.paragraph_ids()[0] == "s2p1"
        assert screen.settings.script == "simplified"
        await pilot.press("enter")  # look up the word under the cursor
        await settle(pilot)
        await pilot.press("escape")
        for section in assignment.sections:
            screen.open_quiz(section)
            await settle(pilot)
            quiz = app.screen
            while quiz.session.current is not None:
                question = quiz.session.current
                right = question.id not in wrong
                if question.kind == "short":
                    box = quiz.query_one("#quiz-input", Input)
                    box.value = question.answer[0] if right else "不知道"
                    await box.action_submit()
                else:
                    options = list(question.choices) if question.kind == "choice" else [True, False]
                    target = (
                        question.answer
                        if right
                        else next(o for o in options if o != question.answer)
                    )
                    listing = quiz.query_one("#quiz-choices", OptionList)
                    listing.highlighted = options.index(target)
                    await pilot.press("enter")
                await pilot.pause()
                assert quiz.session.last is not None and quiz.session.last.right is right
                await pilot.press("n")
                await pilot.pause()
            await pilot.press("escape")
            await settle(pilot)
    from reader.study.results import result_path

    return result_path(assignment, name)


async def test_three_students_and_the_class_report(tmp_path, monkeypatch, assignment_file):
    assignment = load_assignment(assignment_file)
    ids = [q.id for q in assignment.questions]
    plans = {"Ana": set(), "Ben": {ids[0]}, "Chen": {ids[0], ids[1], ids[2]}}
    results = tmp_path / "results"
    results.mkdir()
    for name, wrong in plans.items():
        path = await _student(tmp_path / name, monkeypatch, assignment_file, name, wrong)
        data = json.loads(path.read_text("utf-8"))
        assert data["schema"] == 1 and data["student"] == name
        assert data["assignment"]["checksum"] == assignment.checksum
        assert len(data["answers"]) == len(ids) and data["questions"] == ids
        assert data["finished"] is not None
        assert data["lookups"], "the looked-up word is in the result"
        (results / path.name).write_text(path.read_text("utf-8"), "utf-8")
    out = run("report", str(results), "--format", "json")
    assert out.exit_code == 0, out.output
    report = json.loads(out.output)
    scores = {s["student"]: (s["right"], s["answered"]) for s in report["students"]}
    assert {s["questions"] for s in report["students"]} == {len(ids)}
    total = len(ids)
    assert scores == {"Ana": (total, total), "Ben": (total - 1, total), "Chen": (total - 3, total)}
    first = report["questions"][0]
    assert first["question"] == ids[0] and first["right"] == 1 and first["answered"] == 3
    assert first["common_wrong_answer"]
    assert report["questions"][1]["right"] == 2
    assert report["words"][0]["students"] == 3
    text = run("report", str(results))
    assert text.exit_code == 0 and "Ana" in text.output
    markdown = run("report", str(results), "--format", "markdown").output
    assert markdown.startswith("# ") and f"| Ana | {total}/{total} |" in markdown
    csv_out = run("report", str(results), "--format", "csv").output
    assert csv_out.splitlines()[0].startswith("table,name")


def test_bundled_assignment_needs_nothing_else(tmp_path):
    out = tmp_path / "solo.toml"
    assert run("assign", "deepseek", "--sections", "4", "-o", str(out), "--bundle").exit_code == 0
    moved = tmp_path / "elsewhere" / "solo.toml"
    moved.parent.mkdir()
    moved.write_bytes(out.read_bytes())
    assignment = load_assignment(moved)
    assert assignment.document.has_translation
    assert [s.number for s in assignment.document.sections] == [4]
    assert assignment.questions and all(q.section == 4 for q in assignment.questions)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


BASE = """[assignment]
id = "w1"
title = "t"
text = "deepseek"
checksum = "{checksum}"
sections = [2]
"""


@pytest.fixture
def checksum(assignment_file) -> str:
    return load_assignment(assignment_file).checksum


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("this is = = not toml", "not valid TOML"),
        (BASE.replace('"deepseek"', '"nosuchtext.txt"'), "neither a bundled text"),
        (BASE.replace("[2]", "[9]"), "no section 9"),
        (BASE + 'questions = ["nope"]\n', "question 'nope' does not exist"),
        (BASE.replace('"deepseek"', '"../../etc/passwd"'), "outside the assignment's folder"),
        (BASE.replace('"deepseek"', '"/etc/passwd"'), "absolute path"),
        (BASE + "colour = 1\n", "unknown key 'colour'"),
        (BASE.replace("sections = [2]", 'sections = "2"'), "'sections' must be a list"),
        (BASE + '[rules]\nscript = "klingon"\n', "'script' must be one of"),
    ],
)
def test_malformed_assignments_are_refused_with_one_line(tmp_path, checksum, body, message):
    path = _write(tmp_path / "bad.toml", body.replace("{checksum}", checksum))
    with pytest.raises(ReaderError) as info:
        load_assignment(path)
    assert message in str(info.value) and str(path) in str(info.value)
    assert "\n" not in str(info.value)
    proc = run("read", str(path))
    assert proc.exit_code == 2


def test_changed_text_is_noticed(tmp_path):
    text = _write(tmp_path / "story.txt", "故事\n\n第一段。\n\n第二節\n\n第二段。\n")
    out = tmp_path / "a.toml"
    assert run("assign", str(text), "--sections", "1", "-o", str(out)).exit_code == 0
    load_assignment(out)
    _write(text, "故事\n\n第一段改了。\n\n第二節\n\n第二段。\n")
    with pytest.raises(ReaderError, match="has changed"):
        load_assignment(out)


def _result(
    path: Path,
    student: str,
    finished: str,
    right: bool,
    checksum: str = "c",
    assignment: str = "w1",
) -> Path:
    path.write_text(
        json.dumps(
            {
                "schema": 1,
                "kind": "reader-result",
                "student": student,
                "assignment": {"id": assignment, "title": "t", "checksum": checksum, "text": "x"},
                "started": finished,
                "finished": finished,
                "sections": [{"section": 2, "seconds": 60}],
                "answers": [
                    {
                        "question": "q1",
                        "section": 2,
                        "given": "a" if right else "b",
                        "correct": right,
                        "at": finished,
                        "attempts": 1,
                    }
                ],
                "lookups": [{"word": "估值", "count": 2}],
                "vocabulary": [],
            }
        ),
        "utf-8",
    )
    return path


def test_duplicate_results_are_merged_latest_wins(tmp_path):
    _result(tmp_path / "a1.json", "Ana", "2026-11-01T10:00:00+00:00", False)
    _result(tmp_path / "a2.json", "Ana", "2026-11-02T10:00:00+00:00", True)
    result = CliRunner().invoke(main, ["report", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["students"] == [
        {
            "student": "Ana",
            "right": 1,
            "answered": 1,
            "questions": 1,
            "seconds": 60.0,
            "finished": "2026-11-02T10:00:00+00:00",
            "file": str(tmp_path / "a2.json"),
        }
    ]
    assert "2 result files merged" in result.stderr


@pytest.mark.parametrize(
    "case", ["other-assignment", "changed-text", "bad-json", "not-result", "wrong-type", "none"]
)
def test_bad_results_are_refused(tmp_path, case):
    _result(tmp_path / "a.json", "Ana", "2026-11-01T10:00:00+00:00", True)
    if case == "other-assignment":
        _result(tmp_path / "b.json", "Ben", "2026-11-01T10:00:00+00:00", True, assignment="w2")
    elif case == "changed-text":
        _result(tmp_path / "b.json", "Ben", "2026-11-01T10:00:00+00:00", True, checksum="d")
    elif case == "bad-json":
        (tmp_path / "b.json").write_text("{not json", "utf-8")
    elif case == "not-result":
        (tmp_path / "b.json").write_text("[1, 2]", "utf-8")
    elif case == "wrong-type":
        (tmp_path / "b.json").write_text(
            json.dumps({"schema": 1, "kind": "reader-result", "student": 3}), "utf-8"
        )
    target = tmp_path if case != "none" else tmp_path / "empty"
    if case == "none":
        target.mkdir()
    result = CliRunner().invoke(main, ["report", str(target)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and ("b.json" in lines[0] or case == "none")


def test_result_loads_back(tmp_path):
    path = _result(tmp_path / "r.json", "Ana", "2026-11-01T10:00:00+00:00", True)
    result = load_result(path)
    assert result.student == "Ana" and result.right == 1 and result.lookups == {"估值": 2}
