"""A student's result file (JSON, schema versioned) and reading them back.

```json
{"schema": 1, "kind": "reader-result", "student": "Ana", "questions": ["…"],
 "assignment": {"id": "…", "title": "…", "checksum": "…", "text": "deepseek"},
 "started": "2026-11-29T18:00:00+00:00", "finished": "…",
 "sections": [{"section": 2, "seconds": 312.5}],
 "answers": [{"question": "…", "section": 2, "given": "…", "correct": true, "at": "…",
              "attempts": 2, "final": "…", "final_at": "…"}],
 "lookups": [{"word": "估值", "count": 2}],
 "vocabulary": ["估值"]}
```
`given` is the first answer to a question (the graded one); `final` the latest (after
retries, which are practice) and `attempts` how many were given. `correct` is what the
student's reader thought; the teacher's report grades again and ignores it.
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
from reader.study.store import AnswerRow, Store
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
    wanted = {q.id for q in assignment.questions}
    given: dict[str, list[AnswerRow]] = {}
    for answer in store.answers(doc_id):
        if answer.question in wanted and answer.context != "practice":
            given.setdefault(answer.question, []).append(answer)
    answers = []
    for question in assignment.questions:
        rows = given.get(question.id)
        if not rows:
            continue
        first = next((a for a in rows if not a.retry), rows[0])
        last = rows[-1]
        answers.append(
            {
                "question": question.id,
                "section": first.section,
                "given": first.given,
                "correct": first.correct,
                "at": _iso(first.at),
                "attempts": len(rows),
                "final": last.given,
                "final_at": _iso(last.at),
            }
        )
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
        "answers": answers,
        "lookups": [{"word": w, "count": n} for w, n in store.lookups(doc_id)],
        "vocabulary": sorted(store.words_added(doc_id)),
    }


def result_path(assignment: Assignment, student: str) -> Path:
    """One file per assignment and student (students compared by `identity.name_key`),
    in the data folder."""
    return paths.data_dir() / "results" / f"{assignment.id}--{file_part(student)}.json"


def result_folders(assignment: Assignment) -> list[Path]:
    """Where the teacher's report looks by default: the assignment's class folder when
    it has one (and it exists here), else the data folder's results/."""
    if assignment.results_folder and Path(assignment.results_folder).is_dir():
        return [Path(assignment.results_folder)]
    return [paths.data_dir() / "results"]


def write_result(assignment: Assignment, store: Store, student: str) -> Path:
    """Write the result in the data folder and, when the assignment names a class
    folder, there too (atomically: the teacher never reads half a file). Returns the
    class folder's copy when there is one. A class folder that is missing or cannot be
    written is a ReaderError that says where the result was kept."""
    path = result_path(assignment, student)
    text = json.dumps(build_result(assignment, store, student), ensure_ascii=False, indent=1)
    try:
        write_text_atomic(path, text + "\n")
    except OSError as exc:
        raise ReaderError(f"cannot write the result ({exc.strerror or exc})", path) from None
    if not assignment.results_folder:
        return path
    folder = Path(assignment.results_folder)
    if not folder.is_dir():
        raise ReaderError(
            f"the class folder {folder} is not here (not connected?); the result is kept "
            f"in {path}: send that file to your teacher",
            assignment.path,
        )
    shared = folder / path.name
    try:
        write_text_atomic(shared, text + "\n")
    except OSError as exc:
        raise ReaderError(
            f"cannot write to the class folder ({exc.strerror or exc}); the result is kept "
            f"in {path}: send that file to your teacher",
            shared,
        ) from None
    return shared


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
