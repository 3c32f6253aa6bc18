"""The class report: results of one assignment, gathered, graded and summarised. Pure.

Grades come from the teacher's copy, never from the result file: every answer is
graded again against the assignment's own questions (`correct` in the file is ignored),
answers to questions the assignment does not have and repeated answers are left out
(counted in one note), and a score is out of the questions assigned.

Each student's score and time; each question's share right (most missed first) with
the most common wrong answer; the most looked-up words. Results of another assignment
or of a changed text are refused; several results of one student are merged, the
latest kept.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from reader.errors import ReaderError
from reader.safe import for_csv, for_json, for_markdown
from reader.study.assignment import Assignment
from reader.study.identity import name_key
from reader.study.questions import Question
from reader.study.results import Result, load_result


@dataclass(frozen=True)
class QuestionRow:
    question: str
    answered: int
    right: int
    common_wrong: str | None
    common_wrong_count: int

    @property
    def share(self) -> float:
        return self.right / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class Report:
    assignment_id: str
    title: str
    students: list[Result]
    questions: list[QuestionRow]
    words: list[tuple[str, int, int]]  # word, lookups, students who looked it up
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
    if not files:
        raise ReaderError(
            "no result files found (expected .json files written by reader)",
            ", ".join(map(str, inputs)) or ".",
        )
    return files


def _given(question: Question, given: object) -> str | bool | None:
    """The answer as the question grades it; None when it cannot be one."""
    if question.kind == "truefalse":
        if isinstance(given, bool):
            return given
        words = {"true": True, "false": False}  # how result files write them
        return words.get(given.strip().lower()) if isinstance(given, str) else None
    return given if isinstance(given, str) else None


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
        given = _given(question, item.get("given"))
        answers[qid] = {**item, "correct": given is not None and question.is_right(given)}
    ignored = len(result.answers) - len(answers) + result.duplicates
    return replace(result, answers=answers, questions=tuple(assigned), duplicates=0), ignored


def _when(result: Result) -> str:
    return result.finished or result.started or ""


def build_report(results: list[Result], assignment: Assignment) -> Report:
    if not results:
        raise ReaderError("no result files found")
    for result in results:
        if result.assignment_id != assignment.id:
            raise ReaderError(
                f"is for assignment '{result.assignment_id}', not '{assignment.id}'", result.path
            )
        if result.checksum != assignment.checksum:
            raise ReaderError(
                "was made with a different version of the text (checksum differs)", result.path
            )
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
    notes = [
        f"{by_student[key].student}: {n} result files merged, the latest kept "
        f"({by_student[key].path})"
        for key, n in files.items()
        if n > 1
    ]
    if ignored:
        notes.append(
            f"{ignored} answers to questions the assignment does not have, or repeated, "
            "were not counted"
        )
    students = sorted(by_student.values(), key=lambda r: r.student.casefold())
    question_ids = list(dict.fromkeys(q for r in students for q in r.answers))
    rows = []
    for qid in question_ids:
        given = [r.answers[qid] for r in students if qid in r.answers]
        wrong = Counter(_shown(a.get("given")) for a in given if not a["correct"])
        common, count = wrong.most_common(1)[0] if wrong else (None, 0)
        rows.append(
            QuestionRow(qid, len(given), sum(1 for a in given if a["correct"]), common, count)
        )
    rows.sort(key=lambda row: (row.share, -row.answered, row.question))
    counts: Counter[str] = Counter()
    who: Counter[str] = Counter()
    for result in students:
        for word, n in result.lookups.items():
            counts[word] += n
            who[word] += 1
    words = sorted(((w, n, who[w]) for w, n in counts.items()), key=lambda x: (-x[1], x[0]))
    return Report(assignment.id, assignment.title, students, rows, words, notes)


def load_report(inputs: list[Path], assignment: Assignment) -> Report:
    """The report of the result files in `inputs`, graded by `assignment`."""
    return build_report([load_result(p) for p in collect_files(inputs)], assignment)


def minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min"


def report_json(report: Report) -> str:
    return for_json(
        {
            "assignment": report.assignment_id,
            "title": report.title,
            "students": [
                {
                    "student": r.student,
                    "right": r.right,
                    "answered": len(r.answers),
                    "questions": r.total,
                    "seconds": round(r.seconds, 1),
                    "finished": r.finished,
                    "file": r.path,
                }
                for r in report.students
            ],
            "questions": [
                {
                    "question": q.question,
                    "answered": q.answered,
                    "right": q.right,
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
    """Every cell through `for_csv`: a student's name or answer never runs as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")  # printed, and \r is a control

    def row(*cells: object) -> None:
        writer.writerow([for_csv(cell) for cell in cells])

    row(
        "table",
        "name",
        "answered",
        "right",
        "share_right_or_minutes",
        "common_wrong_answer",
        "students_or_questions",
    )
    for r in report.students:
        row("student", r.student, len(r.answers), r.right, round(r.seconds / 60, 1), "", r.total)
    for q in report.questions:
        row(
            "question", q.question, q.answered, q.right, round(q.share, 3), q.common_wrong or "", ""
        )
    for word, n, students in report.words:
        row("word", word, n, "", "", "", students)
    return out.getvalue()


def report_markdown(report: Report) -> str:
    lines = [
        f"# {for_markdown(report.title)} ({for_markdown(report.assignment_id)})",
        "",
        "## Students",
        "",
        "| Student | Right | Answered | Time |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {for_markdown(r.student)} | {r.right}/{r.total} | {len(r.answers)}/{r.total} | "
        f"{minutes(r.seconds)} |"
        for r in report.students
    ]
    lines += [
        "",
        "## Questions (most missed first)",
        "",
        "| Question | Right | Most common wrong answer |",
        "|---|---|---|",
    ]
    for q in report.questions:
        wrong = f"{for_markdown(q.common_wrong)} ({q.common_wrong_count})" if q.common_wrong else ""
        lines.append(
            f"| {for_markdown(q.question)} | {q.right}/{q.answered} ({q.share:.0%}) | {wrong} |"
        )
    lines += ["", "## Most looked-up words", "", "| Word | Look-ups | Students |", "|---|---|---|"]
    lines += [f"| {for_markdown(w)} | {n} | {s} |" for w, n, s in report.words[:20]]
    if report.notes:
        lines += ["", "## Notes", ""] + [f"- {for_markdown(n)}" for n in report.notes]
    return "\n".join(lines) + "\n"
