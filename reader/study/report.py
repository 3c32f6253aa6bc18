"""The class report: results of one assignment, gathered, graded and summarised. Pure.

Grades come from the teacher's copy, never from the result file: every answer is
graded again against the assignment's own questions (`correct` in the file is ignored),
both the first answer (the graded one) and the latest (after retries, which are
practice). Answers to questions the assignment does not have and repeated answers are
left out (counted in one note), and a score is out of the questions assigned.

What a teacher acts on: each student's first-try and final score, answers, attempts,
time per section, started and finished times and whether it was late; a student x
question grid; each question (with its prompt) by share right on the first try, most
missed first, with the most common wrong answer; the most looked-up words; with a
roster, who has not submitted. A file that is not a result, is damaged, or was made
with a changed text is skipped with a note naming it; results of other assignments (a
shared results folder holds many) are skipped and counted; several results of one
student are merged, the latest kept; names that look alike are pointed out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from reader.errors import ReaderError
from reader.safe import for_csv, for_json, for_markdown
from reader.study.assignment import Assignment
from reader.study.identity import display_name, look_alikes, name_key, unlike_letters
from reader.study.questions import Question
from reader.study.results import Result, load_result
from reader.text.loader import read_file_bytes

RIGHT, WRONG, FIXED, BROKE, NONE = "✓", "✗", "✗✓", "✓✗", "·"
MARK_WORDS = {
    RIGHT: "right",
    WRONG: "wrong",
    FIXED: "wrong, then right",
    BROKE: "right, then wrong",
    NONE: "",
}
LEGEND = "✓ right · ✗ wrong · ✗✓ wrong on the first try, right later · · no answer"


@dataclass(frozen=True)
class QuestionRow:
    question: str
    prompt: str
    answered: int
    right: int  # on the first try
    final_right: int
    common_wrong: str | None
    common_wrong_count: int

    @property
    def share(self) -> float:
        return self.right / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class StudentRow:
    result: Result  # graded: each answer's "correct" and "final_correct" are ours
    first: int
    final: int
    answered: int
    total: int
    attempts: int
    late: bool | None  # None: no due date
    marks: tuple[str, ...]  # one per question of the assignment, in its order

    @property
    def name(self) -> str:
        return self.result.student


@dataclass(frozen=True)
class Report:
    assignment_id: str
    title: str
    due: str | None
    sections: tuple[int, ...]
    question_ids: tuple[str, ...]
    students: list[StudentRow]
    questions: list[QuestionRow]
    words: list[tuple[str, int, int]]  # word, lookups, students who looked it up
    missing: list[str]  # on the roster, no result
    notes: list[str]


def collect_files(inputs: list[Path]) -> list[Path]:
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files += sorted(p for p in item.rglob("*.json") if p.is_file())
        elif item.exists():
            files.append(item)
        else:
            raise ReaderError("no such file or folder", item)
    return files


def read_roster(path: Path) -> list[str]:
    """One student per line (a CSV's first column will do); blank lines and # comments
    skipped."""
    try:
        text = read_file_bytes(path, limit=1024 * 1024).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReaderError("the roster is not UTF-8 text", path) from None
    names = []
    for line in text.splitlines():
        name = line.split(",")[0].strip().strip('"')
        if name and not name.startswith("#"):
            names.append(display_name(name))
    if not names:
        raise ReaderError("the roster has no names (one student per line)", path)
    return names


def _given(question: Question, given: object) -> str | bool | None:
    """The answer as the question grades it; None when it cannot be one."""
    if question.kind == "truefalse":
        if isinstance(given, bool):
            return given
        words = {"true": True, "false": False}  # how result files write them
        return words.get(given.strip().lower()) if isinstance(given, str) else None
    return given if isinstance(given, str) else None


def _right(question: Question, given: object) -> bool:
    value = _given(question, given)
    return value is not None and question.is_right(value)


def _shown(given: object) -> str:
    """A wrong answer as the report shows it."""
    if isinstance(given, bool):
        return "true" if given else "false"
    if not isinstance(given, str) or not given.strip():
        return "(no answer)"
    return given


def grade(result: Result, assignment: Assignment) -> tuple[Result, int]:
    """`result` graded by the assignment's questions, and how many of its answers were
    left out (to a question not assigned, or a question answered twice)."""
    assigned = {q.id: q for q in assignment.questions}
    answers = {}
    for qid, item in result.answers.items():
        question = assigned.get(qid)
        if question is None:
            continue
        final = item.get("final", item.get("given"))
        answers[qid] = {
            **item,
            "correct": _right(question, item.get("given")),
            "final_correct": _right(question, final),
        }
    ignored = len(result.answers) - len(answers) + result.duplicates
    return replace(result, answers=answers, questions=tuple(assigned), duplicates=0), ignored


def _mark(item: dict | None) -> str:
    if item is None:
        return NONE
    first, final = bool(item["correct"]), bool(item["final_correct"])
    return {(True, True): RIGHT, (False, False): WRONG, (False, True): FIXED}.get(
        (first, final), BROKE
    )


def _attempts(item: dict) -> int:
    value = item.get("attempts", 1)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 1


def _time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def is_late(result: Result, due: str | None, today: dt.date | None = None) -> bool | None:
    """Finished after the due day (the teacher's local date), or not finished and the
    day has passed; None without a due date."""
    if not due:
        return None
    try:
        day = dt.date.fromisoformat(due)
    except ValueError:
        return None
    finished = _time(result.finished)
    if finished is None:
        return (today or dt.date.today()) > day
    return finished.astimezone().date() > day


def _when(result: Result) -> str:
    return result.finished or result.started or ""


def student_row(result: Result, assignment: Assignment, today: dt.date | None) -> StudentRow:
    items = result.answers
    return StudentRow(
        result,
        sum(1 for a in items.values() if a["correct"]),
        sum(1 for a in items.values() if a["final_correct"]),
        len(items),
        len(assignment.questions),
        sum(_attempts(a) for a in items.values()),
        is_late(result, assignment.due, today),
        tuple(_mark(items.get(q.id)) for q in assignment.questions),
    )


def build_report(
    results: list[Result],
    assignment: Assignment,
    *,
    roster: Iterable[str] | None = None,
    notes: Iterable[str] = (),
    today: dt.date | None = None,
) -> Report:
    """The report of `results` (all of this assignment and text: see `load_report`)."""
    by_student: dict[str, Result] = {}
    files: Counter[str] = Counter()
    for result in sorted(results, key=_when):
        key = name_key(result.student)
        files[key] += 1
        by_student[key] = result
    ignored = 0
    for key, result in by_student.items():  # only the files kept are graded and counted
        by_student[key], left_out = grade(result, assignment)
        ignored += left_out
    out_notes = list(notes)
    out_notes += [
        f"{by_student[key].student}: {n} result files merged, the latest kept "
        f"({by_student[key].path})"
        for key, n in files.items()
        if n > 1
    ]
    if ignored:
        out_notes.append(
            f"{ignored} answers to questions the assignment does not have, or repeated, "
            "were not counted"
        )
    roster_names = list(roster or [])
    for group in look_alikes([r.student for r in by_student.values()] + roster_names):
        odd = [f"{name} ({letters})" for name in group if (letters := unlike_letters(name))]
        out_notes.append(
            "names that look alike but are different students: "
            + " / ".join(group)
            + (f"; letters from another alphabet: {', '.join(odd)}" if odd else "")
        )
    ordered = sorted(by_student.values(), key=lambda r: r.student.casefold())
    students = [student_row(r, assignment, today) for r in ordered]
    missing = [name for name in roster_names if name_key(name) not in by_student]
    if roster_names:
        on_roster = {name_key(n) for n in roster_names}
        strangers = [r.student for r in ordered if name_key(r.student) not in on_roster]
        if strangers:
            out_notes.append("not on the roster: " + ", ".join(strangers))
    rows = []
    for question in assignment.questions:
        given = [r.answers[question.id] for r in ordered if question.id in r.answers]
        wrong = Counter(_shown(a.get("given")) for a in given if not a["correct"])
        common, count = wrong.most_common(1)[0] if wrong else (None, 0)
        rows.append(
            QuestionRow(
                question.id,
                question.prompt,
                len(given),
                sum(1 for a in given if a["correct"]),
                sum(1 for a in given if a["final_correct"]),
                common,
                count,
            )
        )
    order = {q.id: n for n, q in enumerate(assignment.questions)}
    rows.sort(
        key=lambda row: (row.share if row.answered else 2.0, -row.answered, order[row.question])
    )
    counts: Counter[str] = Counter()
    who: Counter[str] = Counter()
    for result in ordered:
        for word, n in result.lookups.items():
            counts[word] += n
            who[word] += 1
    words = sorted(((w, n, who[w]) for w, n in counts.items()), key=lambda x: (-x[1], x[0]))
    return Report(
        assignment.id,
        assignment.title,
        assignment.due,
        assignment.sections,
        tuple(q.id for q in assignment.questions),
        students,
        rows,
        words,
        missing,
        out_notes,
    )


def load_report(
    inputs: list[Path],
    assignment: Assignment,
    *,
    roster: list[str] | None = None,
    today: dt.date | None = None,
) -> Report:
    """The report of the result files in `inputs`, graded by `assignment`. A file that
    cannot be read as a result of this assignment is skipped with a note; no result at
    all (and no roster to show who is missing) is an error."""
    files = collect_files(inputs)
    results, notes, others = [], [], 0
    for path in files:
        try:
            result = load_result(path)
        except ReaderError as exc:
            notes.append(f"skipped {exc}")
            continue
        if result.assignment_id != assignment.id:
            others += 1
        elif result.checksum != assignment.checksum:
            notes.append(
                f"skipped {path}: made with a different version of the text (checksum differs)"
            )
        else:
            results.append(result)
    if others:
        notes.append(
            "1 result file of another assignment was skipped"
            if others == 1
            else f"{others} result files of other assignments were skipped"
        )
    if not results and not roster:
        where = ", ".join(map(str, inputs)) or "."
        problem = f"no results for assignment '{assignment.id}'"
        if notes:
            problem += " (" + "; ".join(notes) + ")"
        raise ReaderError(problem, where)
    return build_report(results, assignment, roster=roster, notes=notes, today=today)


def minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min"


def _late_word(late: bool | None) -> str:
    return "" if late is None else "late" if late else "on time"


def report_json(report: Report) -> str:
    return for_json(
        {
            "assignment": report.assignment_id,
            "title": report.title,
            "due": report.due,
            "questions_assigned": list(report.question_ids),
            "students": [
                {
                    "student": s.name,
                    "right": s.first,
                    "final_right": s.final,
                    "answered": s.answered,
                    "questions": s.total,
                    "attempts": s.attempts,
                    "seconds": round(s.result.seconds, 1),
                    "section_seconds": {
                        str(n): round(s.result.sections.get(n, 0.0), 1) for n in report.sections
                    },
                    "started": s.result.started,
                    "finished": s.result.finished,
                    "late": s.late,
                    "marks": dict(
                        zip(report.question_ids, (MARK_WORDS[m] for m in s.marks), strict=True)
                    ),
                    "file": s.result.path,
                }
                for s in report.students
            ],
            "not_submitted": report.missing,
            "questions": [
                {
                    "question": q.question,
                    "prompt": q.prompt,
                    "answered": q.answered,
                    "right": q.right,
                    "final_right": q.final_right,
                    "share_right": round(q.share, 3),
                    "common_wrong_answer": q.common_wrong,
                    "common_wrong_count": q.common_wrong_count,
                }
                for q in report.questions
            ],
            "words": [{"word": w, "lookups": n, "students": s} for w, n, s in report.words],
            "notes": report.notes,
        }
    )


def report_csv(report: Report) -> str:
    """The student x question grid, one row per student (and per student not
    submitted), then each question's share right. Every cell through `for_csv`: a name
    or an answer never runs as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")  # printed, and \r is a control

    def row(*cells: object) -> None:
        writer.writerow([for_csv(cell) for cell in cells])

    section_heads = [f"minutes s{n}" for n in report.sections]
    row(
        "student",
        "right first try",
        "right final",
        "answered",
        "questions",
        "attempts",
        *section_heads,
        "started",
        "finished",
        "late",
        *report.question_ids,
    )
    for s in report.students:
        row(
            s.name,
            s.first,
            s.final,
            s.answered,
            s.total,
            s.attempts,
            *(round(s.result.sections.get(n, 0.0) / 60, 1) for n in report.sections),
            s.result.started or "",
            s.result.finished or "",
            _late_word(s.late),
            *(MARK_WORDS[m] for m in s.marks),
        )
    blanks = [""] * len(section_heads)
    total = len(report.question_ids)
    for name in report.missing:
        row(name, "", "", 0, total, "", *blanks, "", "", "not submitted", *[""] * total)
    by_id = {q.question: q for q in report.questions}
    row(
        "share right first try",
        "",
        "",
        "",
        "",
        "",
        *blanks,
        "",
        "",
        "",
        *(round(by_id[q].share, 3) if by_id[q].answered else "" for q in report.question_ids),
    )
    return out.getvalue()


def report_markdown(report: Report) -> str:
    md = for_markdown
    due = f" · due {md(report.due)}" if report.due else ""
    sections = " | ".join(f"s{n}" for n in report.sections)
    lines = [
        f"# {md(report.title)} ({md(report.assignment_id)}){due}",
        "",
        "## Students",
        "",
        f"| Student | First try | Final | Answered | Attempts | {sections} | Started | "
        "Finished | Late |",
        "|---|---|---|---|---|" + "---|" * len(report.sections) + "---|---|---|",
    ]
    for s in report.students:
        times = " | ".join(minutes(s.result.sections.get(n, 0.0)) for n in report.sections)
        lines.append(
            f"| {md(s.name)} | {s.first}/{s.total} | {s.final}/{s.total} | "
            f"{s.answered}/{s.total} | {s.attempts} | {times} | {md(s.result.started or '')} | "
            f"{md(s.result.finished or '')} | {_late_word(s.late)} |"
        )
    for name in report.missing:
        blank = " | ".join("" for _ in report.sections)
        lines.append(f"| {md(name)} | not submitted | | | | {blank} | | | |")
    numbers = {qid: n for n, qid in enumerate(report.question_ids, start=1)}
    lines += [
        "",
        "## Answers (first try, then later tries)",
        "",
        "| Student | " + " | ".join(f"Q{n}" for n in numbers.values()) + " |",
        "|---|" + "---|" * len(numbers),
    ]
    for s in report.students:
        lines.append(f"| {md(s.name)} | " + " | ".join(s.marks) + " |")
    lines += ["", md(LEGEND)]
    lines += [
        "",
        "## Questions (most missed first)",
        "",
        "| Q | Question | Prompt | Right first try | Final | Most common wrong answer |",
        "|---|---|---|---|---|---|",
    ]
    for q in report.questions:
        wrong = f"{md(q.common_wrong)} ({q.common_wrong_count})" if q.common_wrong else ""
        share = f"{q.right}/{q.answered} ({q.share:.0%})" if q.answered else "no answers"
        lines.append(
            f"| Q{numbers[q.question]} | {md(q.question)} | {md(q.prompt)} | {share} | "
            f"{q.final_right}/{q.answered} | {wrong} |"
        )
    lines += ["", "## Most looked-up words", "", "| Word | Look-ups | Students |", "|---|---|---|"]
    lines += [f"| {md(w)} | {n} | {s} |" for w, n, s in report.words[:20]]
    if report.notes:
        lines += ["", "## Notes", ""] + [f"- {md(n)}" for n in report.notes]
    return "\n".join(lines) + "\n"
