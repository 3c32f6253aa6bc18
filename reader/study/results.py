"""A student's result file (JSON, schema versioned) and reading them back.

```json
{"schema": 1, "kind": "reader-result", "student": "Ana", "questions": ["…"],
 "assignment": {"id": "…", "title": "…", "checksum": "…", "text": "deepseek"},
 "started": "2026-11-29T18:00:00+00:00", "finished": "…",
 "sections": [{"section": 2, "seconds": 312.5}],
 "answers": [{"question": "…", "section": 2, "given": "…", "correct": true, "at": "…",
              "attempts": 1}],
 "lookups": [{"word": "估值", "count": 2}],
 "vocabulary": ["估值"]}
```
Each question's last answer counts; `attempts` says how many answers were given.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from reader import paths
from reader.errors import ReaderError
from reader.fsutil import write_text_atomic
from reader.study.assignment import Assignment
from reader.study.store import Store

SCHEMA = 1
KIND = "reader-result"


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat(timespec="seconds")


def build_result(assignment: Assignment, store: Store, student: str) -> dict:
    run = store.run(assignment.run_id)
    doc_id = assignment.document.id
    latest: dict[str, dict] = {}
    wanted = {q.id for q in assignment.questions}
    for _doc, question, section, given, correct, at, _context in store.answers(doc_id):
        if question not in wanted:
            continue
        attempts = latest.get(question, {}).get("attempts", 0) + 1
        latest[question] = {
            "question": question,
            "section": section,
            "given": given,
            "correct": bool(correct),
            "at": _iso(at),
            "attempts": attempts,
        }
    times = store.section_times(doc_id)
    return {
        "schema": SCHEMA,
        "kind": KIND,
        "student": student,
        "assignment": {
            "id": assignment.id,
            "title": assignment.title,
            "checksum": assignment.checksum,
            "text": assignment.text,
        },
        "started": _iso(run[1]) if run else None,
        "finished": _iso(run[2]) if run and run[2] else None,
        "sections": [
            {"section": n, "seconds": round(times.get(n, 0.0), 1)} for n in assignment.sections
        ],
        "questions": [q.id for q in assignment.questions],
        "answers": [latest[q.id] for q in assignment.questions if q.id in latest],
        "lookups": [{"word": w, "count": n} for w, n in store.lookups(doc_id)],
        "vocabulary": sorted(store.words_added(doc_id)),
    }


def result_path(assignment: Assignment, student: str) -> Path:
    name = re.sub(r"[^\w-]+", "-", student, flags=re.UNICODE).strip("-") or "student"
    return paths.data_dir() / "results" / f"{assignment.id}--{name}.json"


def write_result(assignment: Assignment, store: Store, student: str) -> Path:
    path = result_path(assignment, student)
    data = build_result(assignment, store, student)
    try:
        write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    except OSError as exc:
        raise ReaderError(f"cannot write the result ({exc.strerror or exc})", path) from None
    return path


@dataclass(frozen=True)
class Result:
    path: str
    student: str
    assignment_id: str
    title: str
    checksum: str
    started: str | None
    finished: str | None
    sections: dict[int, float]
    answers: dict[str, dict]
    lookups: dict[str, int]
    vocabulary: tuple[str, ...]
    questions: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        """Questions assigned (those answered, for a file that does not list them)."""
        return len(self.questions) or len(self.answers)

    @property
    def seconds(self) -> float:
        return sum(self.sections.values())

    @property
    def right(self) -> int:
        return sum(1 for a in self.answers.values() if a["correct"])


def _need(data: dict, key: str, kind, path: Path):
    value = data.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ReaderError(f"'{key}' is missing or has the wrong type", path)
    return value


def load_result(path: Path) -> Result:
    from reader.text.loader import read_file_bytes

    try:
        data = json.loads(read_file_bytes(path, limit=32 * 1024 * 1024).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReaderError(f"not a result file (invalid JSON: {exc})", path) from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise ReaderError("not a reader result file", path)
    if data.get("schema") != SCHEMA:
        raise ReaderError(
            f"result schema {data.get('schema')!r} is not supported (this "
            f"reader reads schema {SCHEMA})",
            path,
        )
    student = _need(data, "student", str, path).strip()
    if not student:
        raise ReaderError("'student' is empty", path)
    assignment = _need(data, "assignment", dict, path)
    for key in ("id", "checksum"):
        _need(assignment, key, str, path)
    answers = {}
    for item in _need(data, "answers", list, path):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("question"), str)
            or not isinstance(item.get("correct"), bool)
        ):
            raise ReaderError("an answer needs 'question' and 'correct'", path)
        answers[item["question"]] = item
    sections = {}
    for item in _need(data, "sections", list, path):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("section"), int)
            or not isinstance(item.get("seconds"), int | float)
        ):
            raise ReaderError("a section entry needs 'section' and 'seconds'", path)
        sections[item["section"]] = float(item["seconds"])
    lookups = {}
    for item in data.get("lookups", []):
        if (
            isinstance(item, dict)
            and isinstance(item.get("word"), str)
            and isinstance(item.get("count"), int)
        ):
            lookups[item["word"]] = item["count"]
    vocabulary = tuple(w for w in data.get("vocabulary", []) if isinstance(w, str))
    questions = tuple(q for q in data.get("questions", []) if isinstance(q, str))
    return Result(
        str(path),
        student,
        assignment["id"],
        str(assignment.get("title", "")),
        assignment["checksum"],
        data.get("started"),
        data.get("finished"),
        sections,
        answers,
        lookups,
        vocabulary,
        questions,
    )
