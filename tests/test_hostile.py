"""The hostile corpus (issue 13): result files, assignments, bundles and questions
files as an attacker or a careless tool would write them, each with its expected
outcome, and none leaking an escape sequence into any output.

Each case is made in a temporary folder; the command a teacher or a student would run
on it is run in-process, and its output checked:
- "graded": the report goes on and grades the file from the assignment;
- "skipped": the report goes on without it, with a note naming the file and the reason;
- "error": exit status 2 and one line naming the file and what is wrong;
- "ok": the command works, nothing from the file reaches the output as markup.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.study.assignment import load_assignment, make_assignment

LEAKS = ("\x1b", "\x07", "\x9b", "\x90", "\x9d")
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m\x9b2J"
FORMATS = ("text", "csv", "markdown", "json")


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    for stream in (result.stdout, result.stderr):
        for leak in LEAKS:
            assert leak not in stream, (args, stream)
    return result


def one_line_error(result, name: str, reason: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert name in lines[0] and reason in lines[0], lines[0]


@pytest.fixture(scope="module")
def week(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("teacher")
    return make_assignment("deepseek", "2", folder / "week.toml")[0]


def good_result(week: Path, student: str = "Ana") -> dict:
    made = load_assignment(week)
    answers = []
    for q in made.questions:
        given = q.accepted[0] if q.kind == "short" else q.answer
        answers.append(
            {
                "question": q.id,
                "section": 2,
                "given": "true" if given is True else "false" if given is False else given,
                "correct": True,
                "attempts": 1,
            }
        )
    return {
        "schema": 1,
        "kind": "reader-result",
        "student": student,
        "assignment": {"id": made.id, "title": "t", "checksum": made.checksum},
        "started": "2026-12-01T10:00:00+00:00",
        "finished": "2026-12-01T10:30:00+00:00",
        "sections": [{"section": 2, "seconds": 300.0}],
        "questions": [q.id for q in made.questions],
        "answers": answers,
        "lookups": [{"word": "估值", "count": 1}],
        "vocabulary": [],
    }


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# name -> (how to change a good result: a function of the dict, or raw bytes), outcome,
# and for "graded" the student's first-try score as a share of the questions
RESULTS = {
    "name-escapes": (lambda d: {**d, "student": "Eve" + ESCAPES + "All: 24/24"}, "graded"),
    "name-newline": (lambda d: {**d, "student": "Eve\nnote: all students 24/24"}, "graded"),
    "name-bidi": (lambda d: {**d, "student": "Eve\u202egnp.exe"}, "graded"),
    "answers-escapes": (
        lambda d: {**d, "answers": [{**a, "given": ESCAPES + "=1+1"} for a in d["answers"]]},
        "graded",
    ),
    "claims-correct": (
        lambda d: {
            **d,
            "answers": [{**a, "given": "不知道", "correct": True} for a in d["answers"]],
        },
        "graded",
    ),
    "made-up-questions": (
        lambda d: {
            **d,
            "answers": d["answers"]
            + [{"question": f"x{i}", "correct": True, "given": "x"} for i in range(100)],
            "questions": ["x0"],
        },
        "graded",
    ),
    "answered-twice": (lambda d: {**d, "answers": d["answers"] * 2}, "graded"),
    "csv-formulas": (
        lambda d: {
            **d,
            "student": '=HYPERLINK("http://x","y")',
            "lookups": [
                {"word": "+cmd|' /C calc'!A0", "count": 1},
                {"word": "@SUM(1)", "count": 1},
            ],
        },
        "graded",
    ),
    "markdown-html": (
        lambda d: {**d, "student": "<script>alert(1)</script>[x](javascript:alert(1))|\r|"},
        "graded",
    ),
    "attempts-not-a-number": (
        lambda d: {**d, "answers": [{**a, "attempts": "many"} for a in d["answers"]]},
        "graded",
    ),
    "given-not-a-string": (
        lambda d: {**d, "answers": [{**a, "given": {"a": [1]}} for a in d["answers"]]},
        "graded",
    ),
    "final-escapes": (
        lambda d: {**d, "answers": [{**a, "final": ESCAPES} for a in d["answers"]]},
        "graded",
    ),
    "lookup-escapes": (
        lambda d: {**d, "lookups": [{"word": ESCAPES, "count": 3}, {"word": 5, "count": "x"}]},
        "graded",
    ),
    "finished-a-number": (lambda d: {**d, "finished": 5}, "skipped"),
    "started-a-table": (lambda d: {**d, "started": {}}, "skipped"),
    "seconds-negative": (lambda d: {**d, "sections": [{"section": 2, "seconds": -5}]}, "skipped"),
    "seconds-huge": (lambda d: {**d, "sections": [{"section": 2, "seconds": 10**400}]}, "skipped"),
    "answers-not-a-list": (lambda d: {**d, "answers": {"q": 1}}, "skipped"),
    "answer-without-id": (lambda d: {**d, "answers": [{"correct": True}]}, "skipped"),
    "schema-2": (lambda d: {**d, "schema": 2}, "skipped"),
    "other-kind": (lambda d: {**d, "kind": "anki"}, "skipped"),
    "no-student": (lambda d: {k: v for k, v in d.items() if k != "student"}, "skipped"),
    "nan-seconds": (b'{"schema": 1, "kind": "reader-result", "seconds": NaN}', "skipped"),
    "infinity": (b'{"schema": 1, "kind": "reader-result", "x": Infinity}', "skipped"),
    "nested-deep": (("[" * 5000 + "]" * 5000).encode(), "skipped"),
    "not-json": (b"{not json", "skipped"),
    "not-utf8": (b'{"student": "\xff\xfe"}', "skipped"),
    "a-list": (b"[1, 2]", "skipped"),
    "empty": (b"", "skipped"),
    "too-large": (b'{"pad": "' + b"x" * (20 * 1024 * 1024) + b'"}', "skipped"),
}


@pytest.mark.parametrize("case", sorted(RESULTS))
def test_hostile_result_files(case, week, tmp_path):
    change, outcome = RESULTS[case]
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps(good_result(week)), "utf-8")
    target = folder / f"{case}.json"
    if isinstance(change, bytes):
        target.write_bytes(change)
    else:
        data = change(good_result(week, student="Eve"))
        target.write_text(json.dumps(data), "utf-8")
    total = len(load_assignment(week).questions)
    for fmt in FORMATS:
        result = run("report", str(folder), "--assignment", str(week), "--format", fmt)
        assert result.exit_code == 0, result.output
        notes = result.stderr.strip().splitlines()
        assert all(line.startswith("note: ") for line in notes), notes
        if fmt != "json":
            continue
        students = json.loads(result.stdout)["students"]
        assert all(s["right"] <= s["questions"] == total for s in students)
        if outcome == "skipped":
            assert [s["student"] for s in students] == ["Ana"]
            assert any(str(target) in line and "skipped" in line for line in notes), notes
        else:
            assert len(students) == 2
            eve = next(s for s in students if s["student"] != "Ana")
            if case in ("claims-correct", "answers-escapes", "given-not-a-string"):
                assert eve["right"] == 0, "graded by the assignment, not by the file"
            if case in ("made-up-questions", "answered-twice"):
                assert eve["right"] == total and eve["answered"] == total
                assert any("were not counted" in line for line in notes)


BUNDLE_QUESTION = """
[[bundle.question]]
id = "q1"
section = 2
evidence = "s2p1"
kind = "choice"
prompt = "問\\u001b]0;pwned\\u0007？<script>alert(1)</script>"
choices = ["甲\\u001b[31m", "乙<img src=x onerror=alert(1)>"]
answer = "乙<img src=x onerror=alert(1)>"
explanation = "因爲\\u001b[2J。"
"""


def assignment_text(week: Path, *, table: str = "", rules: str = "", bundle: str = "") -> str:
    made = load_assignment(week)
    head = (
        "[assignment]\n"
        f'id = "{made.id}"\n'
        'title = "Week\\u001b]0;pwned\\u0007 <b>3</b>"\n'
        'note = "Read\\u001b[2J section 2"\n'
        'text = "deepseek"\n'
        f'checksum = "{made.checksum}"\n'
        "sections = [2]\n"
    )
    return head + table + ("\n[rules]\n" + rules if rules else "") + bundle


def bundle(sections: str, questions: str = BUNDLE_QUESTION) -> str:
    return '\n[bundle]\ntitle = "標題\\u001b[5m"\n' + sections + questions


SECTION_2 = '\n[[bundle.section]]\nnumber = 2\nparagraphs = ["第一段，估值\\u001b[31m很高。"]\n'

# name -> (the assignment's text, a function of the good week file), outcome, reason
ASSIGNMENTS = {
    "title-note-escapes": (lambda w: assignment_text(w), "ok", ""),
    "due-escapes": (lambda w: assignment_text(w, table='due = "soon\\u001b[2J"\n'), "ok", ""),
    "note-nested": (
        lambda w: assignment_text(w).replace('note = "Read', "x = " + _deep(100000) + '\nnote = "'),
        "error",
        "nested",
    ),
    "absolute-text": (
        lambda w: assignment_text(w).replace('text = "deepseek"', 'text = "/etc/passwd"'),
        "error",
        "absolute path",
    ),
    "outside-folder": (
        lambda w: assignment_text(w).replace('text = "deepseek"', 'text = "../../x.txt"'),
        "error",
        "outside the assignment's folder",
    ),
    "bad-id": (
        lambda w: assignment_text(w).replace('id = "', 'id = "X\\u001b'),
        "error",
        "key 'id'",
    ),
    "unknown-key": (lambda w: assignment_text(w, table="run = 'rm -rf'\n"), "error", "unknown key"),
    "feedback-odd": (
        lambda w: assignment_text(w, rules='feedback = "sometimes"\n'),
        "error",
        "feedback",
    ),
    "no-section": (
        lambda w: assignment_text(w).replace("sections = [2]", "sections = [99]"),
        "error",
        "no section 99",
    ),
    "checksum-changed": (
        lambda w: assignment_text(w).replace('checksum = "', 'checksum = "0'),
        "error",
        "has changed",
    ),
    "not-toml": (lambda w: "[assignment\nid = ", "error", "TOML"),
    "bundle-escapes": (lambda w: assignment_text(w, bundle=bundle(SECTION_2)), "ok", ""),
    "bundle-order": (
        lambda w: assignment_text(w, bundle=bundle(SECTION_2 + SECTION_2)),
        "error",
        "numbered in order",
    ),
    "bundle-translation-count": (
        lambda w: assignment_text(w, bundle=bundle(SECTION_2 + 'translation = ["a", "b"]\n')),
        "error",
        "translations for",
    ),
    "bundle-no-chinese": (
        lambda w: assignment_text(
            w, bundle=bundle(SECTION_2.replace("第一段，估值\\u001b[31m很高。", "abc"), "")
        ),
        "error",
        "no Chinese",
    ),
    "bundle-answer-not-a-choice": (
        lambda w: assignment_text(
            w, bundle=bundle(SECTION_2, BUNDLE_QUESTION.replace('answer = "乙', 'answer = "丙'))
        ),
        "error",
        "one of the choices",
    ),
    "bundle-evidence-elsewhere": (
        lambda w: assignment_text(
            w, bundle=bundle(SECTION_2, BUNDLE_QUESTION.replace('"s2p1"', '"s2p9"'))
        ),
        "error",
        "is not a paragraph id",
    ),
}


@pytest.mark.parametrize("case", sorted(ASSIGNMENTS))
def test_hostile_assignments(case, week, tmp_path):
    make, outcome, reason = ASSIGNMENTS[case]
    path = tmp_path / "hostile.toml"
    path.write_text(make(week), "utf-8")
    html = tmp_path / "h.html"
    exported = run("export", str(path), "--html", str(html))
    results = tmp_path / "results"
    results.mkdir()
    (results / "a.json").write_text(json.dumps(good_result(week)), "utf-8")
    reported = run("report", str(results), "--assignment", str(path))
    if outcome == "error":
        one_line_error(exported, str(path), reason)
        one_line_error(reported, str(path), reason)
        return
    assert exported.exit_code == 0, exported.output
    for page in (html, html.with_name("h.teacher.html")):
        text = page.read_text("utf-8")
        assert "<script" not in text and "<img" not in text and "<b>3" not in text
        assert not any(leak in text for leak in LEAKS)
    assert reported.exit_code in (0, 2), reported.output  # a bundle's questions differ


QUESTION = """
[[question]]
id = "q1"
section = 1
evidence = "s1p1"
kind = "choice"
prompt = "問\\u001b]0;pwned\\u0007？<script>x</script>"
choices = ["甲\\u001b[31m", "乙"]
answer = "乙"
explanation = "因爲\\u001b[2J。"
"""

QUESTIONS = {
    "escapes": (QUESTION, "ok", ""),
    "duplicate-id": (QUESTION * 2, "error", "duplicate id"),
    "answer-not-a-choice": (QUESTION.replace('answer = "乙"', 'answer = "丙"'), "error", "choices"),
    "same-choices": (QUESTION.replace('"甲\\u001b[31m"', '"乙"'), "error", "the same"),
    "evidence-elsewhere": (QUESTION.replace('"s1p1"', '"s7p1"'), "error", "not a paragraph id"),
    "kind-unknown": (QUESTION.replace('"choice"', '"essay"'), "error", "kind"),
    "nested": ("x = " + _deep(100000), "error", "nested"),
    "not-a-table": ("question = [1, 2]", "error", "question"),
}


@pytest.mark.parametrize("case", sorted(QUESTIONS))
def test_hostile_questions_files(case, tmp_path):
    body, outcome, reason = QUESTIONS[case]
    text = tmp_path / "t.txt"
    text.write_text("標題\n\n第一段，估值很高。\n", "utf-8")
    questions = tmp_path / "t.questions.toml"
    questions.write_text(body, "utf-8")
    html = tmp_path / "h.html"
    exported = run("export", str(text), "--html", str(html))
    if outcome == "error":
        one_line_error(exported, str(questions), reason)
        return
    assert exported.exit_code == 0, exported.output
    page = html.read_text("utf-8")
    assert "<script" not in page and not any(leak in page for leak in LEAKS)
    assert "␛" in page


async def test_a_hostile_bundle_reaches_the_students_screen_as_symbols(week, tmp_path):
    """Title, note, due date, text, questions and choices of a hostile bundle, opened
    by a student: drawn with their controls as visible symbols, never as escapes."""
    from textual.widgets import Label, OptionList, Static

    from reader.study.store import Store
    from reader.tui.app import make_app
    from reader.tui.settings import Settings

    path = tmp_path / "hostile.toml"
    path.write_text(
        assignment_text(week, table='due = "soon\\u001b[2J"\n', bundle=bundle(SECTION_2)), "utf-8"
    )
    assignment = load_assignment(path)
    app = make_app(
        str(path),
        assignment=assignment,
        store=Store(),
        settings=Settings(student_name="Ana"),
        student="Ana",
    )

    def drawn() -> str:
        parts = [str(w.render()) for w in app.screen.query(Static)]
        parts += [str(w.render()) for w in app.screen.query(Label)]
        for listing in app.screen.query(OptionList):
            parts += [str(o.prompt) for o in listing.options]
        if hasattr(app.screen, "prompt_shown"):
            parts.append(app.screen.prompt_shown())
        for view in app.screen.query("PassageView"):
            parts += [strip.text for strip in view._build(view.size.width)]
        parts += [n.message + n.title for n in app._notifications]
        return "\n".join(parts)

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen_text = drawn()
        app.screen.open_quiz(2)
        await pilot.pause()
        quiz_text = drawn()
    for text in (screen_text, quiz_text):
        assert not any(leak in text for leak in LEAKS), repr(text)
    assert "␛" in screen_text and "␛" in quiz_text
    assert "<script>" in quiz_text  # shown as the text it is, not run or parsed
