"""A class, end to end (issue 13, parts 5-9): bundles with only what is assigned,
feedback "after" with a teacher's copy, a class folder, the report a teacher acts on
(grid, first-try and final scores, late, roster, look-alike names), and handouts of an
assignment. Five simulated students: one cheats by editing its result file, one has a
look-alike name, one does not submit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.study.assignment import load_assignment, teacher_assignment
from reader.study.report import is_late
from reader.study.results import Result
from reader.study.store import Store
from reader.tui.settings import Settings

ESC = "\x1b"


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert ESC not in result.output
    return result


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def do_assignment(home: Path, monkeypatch, path: Path, name: str, wrong: set[str]):
    """One student on their own machine: open the assignment, answer every question
    through the keys 1-9 (or typing), wrong for the ids in `wrong`, leave."""
    from textual.widgets import Input

    from reader.tui.app import make_app

    monkeypatch.setenv("READER_HOME", str(home))
    assignment = load_assignment(path)
    app = make_app(str(path), assignment=assignment, store=Store(), settings=Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "NameScreen"  # who is reading?
        app.screen.query_one("#name-input", Input).value = name
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.session.student == name
        await pilot.press("enter")  # look a word up
        await settle(pilot)
        await pilot.press("escape")
        for section in assignment.sections:
            app.screen.open_quiz(section)
            await settle(pilot)
            quiz = app.screen
            while quiz.session.current is not None:
                question = quiz.session.current
                right = question.id not in wrong
                if question.kind == "short":
                    box = quiz.query_one("#quiz-input", Input)
                    box.value = question.accepted[0] if right else "不知道"
                    await box.action_submit()
                else:
                    at = quiz.session.index_of(question, question.answer)
                    count = len(quiz.session.options(question))
                    await pilot.press(str((at if right else (at + 1) % count) + 1))
                await pilot.pause()
                await pilot.press("n")
                await pilot.pause()
            await pilot.press("escape")
            await settle(pilot)
    return assignment


async def test_the_last_answer_writes_the_result_before_the_quiz_is_closed(
    tmp_path, monkeypatch, class_folder
):
    from textual.widgets import Input

    from reader.tui.app import make_app

    week = tmp_path / "week.toml"
    assert run(
        "assign", "deepseek", "--sections", "2", "-o", str(week), "--bundle",
        "--results-folder", str(class_folder),
    ).exit_code == 0  # fmt: skip
    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    assignment = load_assignment(week)
    app = make_app(str(week), assignment=assignment, store=Store(), settings=Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#name-input", Input).value = "Ana"
        await pilot.press("enter")
        await settle(pilot)
        app.screen.open_quiz(2)
        await settle(pilot)
        quiz = app.screen
        while quiz.session.current is not None:
            assert not list(class_folder.glob("*.json")), "not before every answer is in"
            question = quiz.session.current
            if question.kind == "short":
                box = quiz.query_one("#quiz-input", Input)
                box.value = question.accepted[0]
                await box.action_submit()
            else:
                await pilot.press(str(quiz.session.index_of(question, question.answer) + 1))
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
        assert app.screen is quiz, "the quiz is still open"
        assert len(list(class_folder.glob("*.json"))) == 1, "written at the last answer"


@pytest.fixture
def class_folder(tmp_path) -> Path:
    folder = tmp_path / "shared" / "class-3b"
    folder.mkdir(parents=True)
    return folder


async def test_a_class_of_five(tmp_path, monkeypatch, class_folder):
    teacher = tmp_path / "teacher"
    teacher.mkdir()
    week = teacher / "week3.toml"
    made = run(
        "assign",
        "deepseek",
        "--sections",
        "2",
        "-o",
        str(week),
        "--bundle",
        "--due",
        "2026-12-05",
        "--results-folder",
        str(class_folder),
        "--script",
        "simplified",
    )
    assert made.exit_code == 0, made.output
    assignment = load_assignment(week)
    ids = [q.id for q in assignment.questions]
    assert assignment.results_folder == str(class_folder)
    # each student gets the file (copied next to their own things)
    plans = {
        "Ana Li": set(),
        "Ben": {ids[0]},
        "Chen": set(ids[:3]),
        "Аna Li": {ids[1]},  # a Cyrillic А: a look-alike of Ana Li
        "Eve": set(ids),  # cheats afterwards
    }
    for name, wrong in plans.items():
        copy = tmp_path / f"student-{len(name)}-{name[-1]}" / "week3.toml"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(week.read_bytes())
        await do_assignment(copy.parent / "home", monkeypatch, copy, name, wrong)
    written = sorted(class_folder.glob("*.json"))
    assert len(written) == 5, "every student's reader wrote into the class folder"
    # Eve edits her file: every answer "correct", made-up questions, a forged name row
    eve = next(p for p in written if json.loads(p.read_text("utf-8"))["student"] == "Eve")
    data = json.loads(eve.read_text("utf-8"))
    for answer in data["answers"]:
        answer["correct"] = True
    data["answers"] += [{"question": "made-up", "correct": True, "given": "x"}]
    data["answers"][0]["given"] = "\x1b[2J\x1b]0;pwned\x07=HYPERLINK(1)"
    eve.write_text(json.dumps(data), "utf-8")
    (class_folder / "junk.json").write_text("{", "utf-8")
    roster = teacher / "roster.txt"
    roster.write_text("Ana Li\nBen\nChen\nEve\nDan\n", "utf-8")
    monkeypatch.setenv("READER_HOME", str(teacher / "home"))

    out = run("report", "--assignment", str(week), "--roster", str(roster), "--format", "json")
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    scores = {s["student"]: (s["right"], s["answered"]) for s in report["students"]}
    total = len(ids)
    assert scores["Ana Li"] == (total, total)
    assert scores["Ben"] == (total - 1, total)
    assert scores["Chen"] == (total - 3, total)
    assert scores["Аna Li"] == (total - 1, total)
    assert scores["Eve"] == (0, total), "the cheat is graded, not trusted"
    assert report["not_submitted"] == ["Dan"]
    notes = out.stderr
    assert "look alike" in notes and "CYRILLIC" in notes
    assert "skipped" in notes and "junk.json" in notes
    assert "not on the roster: Аna Li" in notes
    assert all(s["late"] is not None for s in report["students"])
    ben = next(s for s in report["students"] if s["student"] == "Ben")
    assert ben["marks"][ids[0]] == "wrong" and ben["marks"][ids[1]] == "right"
    assert report["questions"][0]["prompt"]

    grid = run("report", "--assignment", str(week), "--roster", str(roster), "--format", "csv")
    rows = list(csv.reader(io.StringIO(grid.stdout)))
    assert rows[0][:3] == ["student", "right first try", "right final"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Dan"][rows[0].index("late")] == "not submitted"
    monkeypatch.setenv("COLUMNS", "160")  # the width of a teacher's terminal
    text = run("report", "--assignment", str(week), "--roster", str(roster))
    assert text.exit_code == 0 and "not submitted" in text.stdout and "Q1" in text.stdout
    markdown = run("report", "--assignment", str(week), "--format", "markdown").stdout
    assert "## Answers" in markdown and "| Chen | ✗ | ✗ | ✗ |" in markdown

    # the handouts of the assignment: the students' copy without answers, the teacher's
    html = teacher / "week3.html"
    exported = run("export", str(week), "--html", str(html))
    assert exported.exit_code == 0, exported.output
    key = html.with_name("week3.teacher.html")
    students, teachers = html.read_text("utf-8"), key.read_text("utf-8")
    assert 'id="answer-key"' not in students and 'id="answer-key"' in teachers
    assert "硅谷" in students and "矽谷" not in students and "說" not in students  # simplified
    letters = re.findall(r'<span class="letter">(.)</span>', teachers)
    assert len(set(letters)) > 1, "the key does not read A, A, A"
    assert "whole text" not in students and "(section 2)" in students
    assert "due 2026-12-05" in students and "copy, with the answer key" in teachers


def test_a_bundle_carries_only_what_is_assigned(tmp_path):
    out = tmp_path / "w.toml"
    made = run(
        "assign", "deepseek", "--sections", "3", "-o", str(out), "--bundle", "--no-translation"
    )
    assert made.exit_code == 0, made.output
    raw = out.read_text("utf-8")
    full = load_assignment(
        run("assign", "deepseek", "--sections", "1-4", "-o", str(tmp_path / "all.toml"))
        and tmp_path / "all.toml"
    )
    assignment = load_assignment(out)
    assert [s.number for s in assignment.document.sections] == [3]
    assert assignment.document.paragraph_ids()[0] == "s3p1"
    assert not assignment.document.has_translation and "_en" not in raw
    other = [p.text for s in full.document.sections if s.number != 3 for p in s.paragraphs]
    assert not any(text in raw for text in other), "no other section's text"
    assert {q.section for q in assignment.questions} == {3}
    assert "s2-" not in raw and "s4-" not in raw


def test_feedback_after_gives_students_no_answers_and_the_teacher_a_copy(tmp_path):
    out = tmp_path / "w.toml"
    made = run(
        "assign", "deepseek", "--sections", "2", "-o", str(out), "--bundle", "--feedback", "after"
    )
    assert made.exit_code == 0, made.output
    key = teacher_assignment(out)
    assert key.exists() and "teacher's copy" in made.output
    students, teachers = load_assignment(out), load_assignment(key)
    assert students.id == teachers.id and students.rules.feedback == "after"
    assert not students.has_answers and teachers.has_answers
    raw = out.read_text("utf-8")
    assert "answer =" not in raw and "explanation" not in raw
    assert all(q.explanation in key.read_text("utf-8") for q in teachers.questions)
    refused = run("report", "--assignment", str(out))
    assert refused.exit_code == 2 and "students' copy" in refused.stderr
    handout = run("export", str(out), "--html", str(tmp_path / "h.html"))
    assert handout.exit_code == 2 and "students' copy" in handout.stderr
    assert not (tmp_path / "h.html").exists(), "a refused handout writes nothing"
    omitted = run("export", str(out), "--html", str(tmp_path / "s.html"), "--answers", "omit")
    assert omitted.exit_code == 0 and (tmp_path / "s.html").exists()
    assert run("export", str(key), "--html", str(tmp_path / "h.html")).exit_code == 0


def test_a_missing_class_folder_keeps_the_result_and_says_where(tmp_path, fresh_home):
    from reader.errors import ReaderError
    from reader.study.results import write_result

    out = tmp_path / "w.toml"
    gone = tmp_path / "not-mounted"
    assert (
        run(
            "assign",
            "deepseek",
            "--sections",
            "2",
            "-o",
            str(out),
            "--bundle",
            "--results-folder",
            str(gone),
        ).exit_code
        == 0
    )
    assignment = load_assignment(out)
    with pytest.raises(ReaderError) as info:
        write_result(assignment, Store(), "Ana")
    message = str(info.value)
    assert "class folder" in message and "kept in" in message
    assert list((fresh_home).rglob(f"{assignment.id}--*.json")), "the result is kept locally"


def result(student: str, finished: str | None) -> Result:
    return Result("f.json", student, "a", "t", "c", finished, finished, {}, {}, {}, ())


def test_late_is_judged_against_the_due_day():
    due = "2026-12-05"
    assert is_late(result("a", "2026-12-05T12:00:00+00:00"), due) is False
    assert is_late(result("a", "2026-12-07T12:00:00+00:00"), due) is True
    assert is_late(result("a", None), due, today=dt.date(2026, 12, 6)) is True
    assert is_late(result("a", None), due, today=dt.date(2026, 12, 4)) is False
    assert is_late(result("a", "2026-12-07T12:00:00+00:00"), None) is None
