"""The teacher's side end to end: assign, three students answer, report."""

from __future__ import annotations

import csv
import io
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
        student=name,
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
                    listing.highlighted = quiz.session.index_of(question, target)
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
    out = run("report", str(results), "--assignment", str(assignment_file), "--format", "json")
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
    text = run("report", str(results), "--assignment", str(assignment_file))
    assert text.exit_code == 0 and "Ana" in text.output
    markdown = run(
        "report", str(results), "--assignment", str(assignment_file), "--format", "markdown"
    ).output
    assert markdown.startswith("# ") and f"| Ana | {total}/{total} |" in markdown
    csv_out = run(
        "report", str(results), "--assignment", str(assignment_file), "--format", "csv"
    ).output
    rows = list(csv.reader(io.StringIO(csv_out)))
    assert rows[0][:3] == ["student", "right first try", "right final"]
    grid = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert grid["Ben"][ids[0]] == "wrong" and grid["Ben"][ids[1]] == "right"
    assert grid["Chen"]["right first try"] == str(total - 3)
    assert grid["share right first try"][ids[0]] == str(round(1 / 3, 3))
    assert "| Chen | ✗ | ✗ | ✗ | ✓" in markdown


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


def test_a_section_without_questions_is_pointed_out(tmp_path):
    text = _write(tmp_path / "story.txt", "故事\n\n第一段。\n\n第二段。\n")
    out = tmp_path / "a.toml"
    proc = run("assign", str(text), "--sections", "1", "-o", str(out))
    assert proc.exit_code == 0 and out.is_file(), "a reading assignment is still one"
    assert "note: no questions for section 1" in proc.stderr
    assert "NAME.questions.toml" in proc.stderr
    with_questions = run("assign", "deepseek", "--sections", "1", "-o", str(tmp_path / "b.toml"))
    assert "no questions" not in with_questions.stderr


@pytest.fixture
def one_question(tmp_path) -> Path:
    """An assignment of one choice question of section 2."""
    from reader.study.assignment import make_assignment
    from reader.study.questions import load_questions
    from reader.text.library import open_text

    question = next(
        q for q in load_questions(open_text("deepseek")) if q.section == 2 and q.kind == "choice"
    )
    return make_assignment("deepseek", "2", tmp_path / "w1.toml", questions=question.id)[0]


def _result(
    path: Path,
    student: str,
    finished: str,
    right: bool,
    assignment_file: Path,
    checksum: str | None = None,
    assignment: str | None = None,
    claims: bool | None = None,
) -> Path:
    """A result file for the one-question assignment: the answer right or wrong, and
    `claims` what the file says of it (a cheat says true)."""
    made = load_assignment(assignment_file)
    question = made.questions[0]
    wrong = next(c for c in question.choices if c != question.answer)
    answer = {
        "question": question.id,
        "section": 2,
        "given": question.answer if right else wrong,
        "correct": right if claims is None else claims,
        "at": finished,
        "attempts": 1,
    }
    data = {
        "schema": 1,
        "kind": "reader-result",
        "student": student,
        "assignment": {
            "id": assignment or made.id,
            "title": "t",
            "checksum": checksum or made.checksum,
            "text": "deepseek",
        },
        "started": finished,
        "finished": finished,
        "sections": [{"section": 2, "seconds": 60}],
        "questions": [question.id],
        "answers": [answer],
        "lookups": [{"word": "估值", "count": 2}],
        "vocabulary": [],
    }
    path.write_text(json.dumps(data), "utf-8")
    return path


def report_of(folder: Path, assignment_file: Path, *args: str):
    return CliRunner().invoke(
        main, ["report", str(folder), "--assignment", str(assignment_file), *args]
    )


ANA_1 = ("Ana", "2026-11-01T10:00:00+00:00")
ANA_2 = ("Ana", "2026-11-02T10:00:00+00:00")


def test_duplicate_results_are_merged_latest_wins(tmp_path, one_question):
    results = tmp_path / "results"
    results.mkdir()
    _result(results / "a1.json", *ANA_1, False, one_question)
    _result(results / "a2.json", *ANA_2, True, one_question)
    result = report_of(results, one_question, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    [ana] = report["students"]
    assert {k: ana[k] for k in ("student", "right", "answered", "questions", "seconds")} == {
        "student": "Ana",
        "right": 1,
        "answered": 1,
        "questions": 1,
        "seconds": 60.0,
    }
    assert ana["finished"] == "2026-11-02T10:00:00+00:00"
    assert ana["file"] == str(results / "a2.json")
    assert "2 result files merged" in result.stderr


def test_grades_come_from_the_assignment_not_the_file(tmp_path, one_question):
    """A cheat's file says every answer is right, answers made-up questions and answers
    one twice: the report grades the real answer and counts nothing else."""
    results = tmp_path / "results"
    results.mkdir()
    cheat = _result(results / "eve.json", "Eve", ANA_1[1], False, one_question, claims=True)
    data = json.loads(cheat.read_text("utf-8"))
    real = data["answers"][0]
    data["answers"] += [{**real, "question": f"made-up-{i}", "correct": True} for i in range(100)]
    data["answers"].append({**real, "given": "whatever", "correct": True})
    data["questions"] = ["made-up-0"]
    cheat.write_text(json.dumps(data), "utf-8")
    _result(results / "ana.json", *ANA_1, True, one_question)
    result = report_of(results, one_question, "--format", "json")
    assert result.exit_code == 0, result.output
    students = json.loads(result.stdout)["students"]
    scores = {s["student"]: (s["right"], s["answered"], s["questions"]) for s in students}
    assert scores == {"Ana": (1, 1, 1), "Eve": (0, 1, 1)}
    assert "101 answers to questions the assignment does not have, or repeated" in result.stderr


def test_report_needs_the_assignment(tmp_path, one_question):
    _result(tmp_path / "a.json", *ANA_1, True, one_question)
    result = CliRunner().invoke(main, ["report", str(tmp_path / "a.json")])
    assert result.exit_code == 2 and "--assignment" in result.output


def test_report_reads_the_data_folder_by_default(fresh_home, one_question):
    from reader import paths

    folder = paths.data_dir() / "results"
    folder.mkdir(parents=True)
    _result(folder / "a.json", *ANA_1, True, one_question)
    result = CliRunner().invoke(main, ["report", "--assignment", str(one_question)])
    assert result.exit_code == 0 and "Ana" in result.output


@pytest.mark.parametrize(
    "case", ["other-assignment", "changed-text", "bad-json", "not-result", "wrong-type"]
)
def test_a_bad_result_is_skipped_with_a_note(tmp_path, case, one_question):
    """One bad or foreign file never stops the report: it is skipped, and a note names
    it (results of other assignments, which a shared folder holds, are counted)."""
    results = tmp_path / "results"
    results.mkdir()
    _result(results / "a.json", *ANA_1, True, one_question)
    ben = ("Ben", ANA_1[1], True, one_question)
    if case == "other-assignment":
        _result(results / "b.json", *ben, assignment="w2")
    elif case == "changed-text":
        _result(results / "b.json", *ben, checksum="d")
    elif case == "bad-json":
        (results / "b.json").write_text("{not json", "utf-8")
    elif case == "not-result":
        (results / "b.json").write_text("[1, 2]", "utf-8")
    elif case == "wrong-type":
        (results / "b.json").write_text(
            json.dumps({"schema": 1, "kind": "reader-result", "student": 3}), "utf-8"
        )
    result = report_of(results, one_question, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [s["student"] for s in json.loads(result.stdout)["students"]] == ["Ana"]
    [note] = result.stderr.strip().splitlines()
    if case == "other-assignment":
        assert note == "note: 1 result file of another assignment was skipped"
    else:
        assert note.startswith(f"note: skipped {results / 'b.json'}")


@pytest.mark.parametrize("case", ["only-bad", "empty"])
def test_no_results_at_all_is_an_error(tmp_path, case, one_question):
    results = tmp_path / "results"
    results.mkdir()
    if case == "only-bad":
        (results / "b.json").write_text("{not json", "utf-8")
    result = report_of(results, one_question)
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "no results for assignment" in line
    assert case == "empty" or "b.json" in line


def test_result_loads_back(tmp_path, one_question):
    path = _result(tmp_path / "r.json", *ANA_1, True, one_question)
    result = load_result(path)
    assert result.student == "Ana" and result.right == 1 and result.lookups == {"估值": 2}
