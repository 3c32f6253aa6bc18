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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader import paths
from reader.errors import ReaderError
from reader.fsutil import write_text_atomic
from reader.schema import Field, Schema, parse_json
from reader.study.assignment import Assignment
from reader.study.identity import file_part
from reader.study.store import Store
from reader.text.loader import read_file_bytes

SCHEMA = 1
KIND = "reader-result"
# A class's result is a few kilobytes; a megabyte is a file that is not one.
MAX_RESULT_BYTES = 1024 * 1024


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat(timespec="seconds")


def build_result(assignment: Assignment, store: Store, student: str) -> dict:
    run = store.run(assignment.run_id)
    doc_id = assignment.document.id
    latest: dict[str, dict] = {}
    wanted = {q.id for q in assignment.questions}
    for answer in store.answers(doc_id):
        if answer.question not in wanted:
            continue
        attempts = latest.get(answer.question, {}).get("attempts", 0) + 1
        latest[answer.question] = {
            "question": answer.question,
            "section": answer.section,
            "given": answer.given,
            "correct": answer.correct,
            "at": _iso(answer.at),
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
        "started": _iso(run.started) if run else None,
        "finished": _iso(run.finished) if run and run.finished else None,
        "sections": [
            {"section": n, "seconds": round(times.get(n, 0.0), 1)} for n in assignment.sections
        ],
        "questions": [q.id for q in assignment.questions],
        "answers": [latest[q.id] for q in assignment.questions if q.id in latest],
        "lookups": [{"word": w, "count": n} for w, n in store.lookups(doc_id)],
        "vocabulary": sorted(store.words_added(doc_id)),
    }


def result_path(assignment: Assignment, student: str) -> Path:
    """One file per assignment and student (students compared by `identity.name_key`)."""
    return paths.data_dir() / "results" / f"{assignment.id}--{file_part(student)}.json"


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
    duplicates: int = 0  # answers to a question already answered in the file (ignored)

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


RESULT = Schema(
    {
        "schema": Field(int, required=True),
        "kind": Field(str, required=True),
        "student": Field(str, required=True, non_empty=True),
        "assignment": Field(dict, required=True),
        "started": Field((str, type(None))),
        "finished": Field((str, type(None))),
        "sections": Field(list, required=True, items=dict),
        "questions": Field(list),
        "answers": Field(list, required=True, items=dict),
        "lookups": Field(list),
        "vocabulary": Field(list),
    },
    noun="key",
    allow_unknown=True,
)
ASSIGNMENT_REF = Schema(
    {
        "id": Field(str, required=True),
        "title": Field(str),
        "checksum": Field(str, required=True),
        "text": Field(str),
    },
    noun="key",
    allow_unknown=True,
)
ANSWER = Schema(
    {
        "question": Field(str, required=True),
        "correct": Field(bool, required=True),
    },
    noun="key",
    allow_unknown=True,
)
SECTION = Schema(
    {"section": Field(int, required=True), "seconds": Field(float, required=True, low=0)},
    noun="key",
    allow_unknown=True,
)
LOOKUP = Schema(
    {"word": Field(str, required=True), "count": Field(int, required=True, low=0)},
    noun="key",
    allow_unknown=True,
)


def load_result(path: Path) -> Result:
    try:
        text = read_file_bytes(path, limit=MAX_RESULT_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReaderError(f"not a result file (invalid JSON: {exc})", path) from None
    data = parse_json(text, path)
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise ReaderError("not a reader result file", path)
    if data.get("schema") != SCHEMA:
        raise ReaderError(
            f"result schema {data.get('schema')!r} is not supported (this "
            f"reader reads schema {SCHEMA})",
            path,
        )
    RESULT.check(data, path)
    student = data["student"].strip()
    assignment = data["assignment"]
    ASSIGNMENT_REF.check(assignment, path, "key 'assignment'")
    answers: dict[str, dict[str, Any]] = {}
    duplicates = 0
    for index, item in enumerate(data["answers"], start=1):
        ANSWER.check(item, path, f"answer {index}")
        if item["question"] in answers:
            duplicates += 1
        else:
            answers[item["question"]] = item
    sections = {}
    for index, item in enumerate(data["sections"], start=1):
        SECTION.check(item, path, f"section entry {index}")
        sections[item["section"]] = float(item["seconds"])
    # Look-ups and words are information, not grades: an item that is not right is left
    # out rather than refusing the file.
    lookups = {
        item["word"]: item["count"]
        for item in data.get("lookups", [])
        if isinstance(item, dict) and not LOOKUP.problems(item)
    }
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
        duplicates,
    )
