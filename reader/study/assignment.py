"""Assignments: a teacher's TOML file naming a text, sections, questions and rules.

```toml
[assignment]
id = "week-3-deepseek-1a2b3c"
title = "Week 3: DeepSeek"
note = "Read sections 2 and 3; look up every word you do not know."
text = "deepseek"            # a bundled id, or a path relative to this file
checksum = "…"               # sha256 of the text file: a changed text is noticed
sections = [2, 3]
questions = "all"            # or a list of question ids
due = 2026-12-05             # optional

[rules]                      # all optional
script = "simplified"        # fixed script
pinyin = "level"             # fixed pinyin mode
hsk_level = 4                # for pinyin = "level"
translation = false          # may the English be shown?

[bundle]                     # optional: the text (and sidecars) inside the file
text = "…"
translation = "…"
questions = "…"
```
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reader.errors import ReaderError
from reader.fsutil import write_text_atomic
from reader.lang.pinyin import PINYIN_MODES
from reader.lang.script import SCRIPTS
from reader.schema import Field, Schema, parse_toml
from reader.study.questions import Question, load_questions, parse_questions
from reader.text.decode import clean_text, decode_bytes
from reader.text.library import bundled_texts, resolve
from reader.text.loader import build_document, detect_script, load_document, read_file_bytes
from reader.text.model import Document
from reader.text.parse import has_chinese, parse_plain, split_blocks
from reader.text.sections import parse_sections

TOP = Schema(
    {"assignment": Field(dict, required=True), "rules": Field(dict), "bundle": Field(dict)},
    noun="table",
)
ASSIGNMENT = Schema(
    {
        "id": Field(str, required=True),
        "title": Field(str, required=True),
        "note": Field(str),
        "text": Field(str, required=True),
        "checksum": Field(str, required=True),
        "sections": Field(list, required=True, items=int, non_empty=True),
        "questions": Field((str, list)),
        "due": Field((dt.date, str)),
    },
    noun="key",
)
RULES = Schema(
    {
        "script": Field(str, choices=SCRIPTS),
        "pinyin": Field(str, choices=PINYIN_MODES),
        "hsk_level": Field(int, low=1, high=7),
        "translation": Field(bool),
    },
    noun="key",
)
BUNDLE = Schema(
    {"text": Field(str, required=True), "translation": Field(str), "questions": Field(str)},
    noun="key",
)


@dataclass(frozen=True, slots=True)
class Rules:
    script: str | None = None
    pinyin: str | None = None
    hsk_level: int | None = None
    translation: bool = True

    def overrides(self) -> dict:
        out: dict = {}
        if self.script:
            out["script"] = self.script
        if self.pinyin:
            out["pinyin"] = self.pinyin
        if self.hsk_level:
            out["hsk_level"] = self.hsk_level
        if not self.translation:
            out["translation"] = False
        return out


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    note: str
    text: str
    checksum: str
    sections: tuple[int, ...]
    question_ids: tuple[str, ...] | None  # None: all questions of the sections
    due: str | None
    rules: Rules
    document: Document
    questions: tuple[Question, ...]
    path: str
    student_key: str = ""  # set by identity.for_student: progress is each student's own

    @property
    def heading(self) -> str:
        """How the assignment is named on screen (the library, the reading screen)."""
        return f"Assignment: {self.title}"

    @property
    def run_id(self) -> str:
        """The id under which progress is stored: the assignment and its text."""
        return f"assignment:{self.id}:{self.checksum[:12]}{self.student_key}"


def slug(text: str) -> str:
    ascii_part = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return ascii_part[:40] or "assignment"


def _checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _resolve_text(name: str, base: Path, where: Path) -> Path:
    """A bundled id, or a path inside the assignment's folder (never outside it)."""
    for text in bundled_texts():
        if text.id == name:
            return text.path
    candidate = Path(name)
    if candidate.is_absolute():
        raise ReaderError(
            f"text '{name}' is an absolute path; give a path relative to the assignment file", where
        )
    resolved = (base / candidate).resolve()
    if not resolved.is_relative_to(base.resolve()):
        raise ReaderError(f"text '{name}' points outside the assignment's folder", where)
    if not resolved.exists():
        raise ReaderError(
            f"text '{name}' is neither a bundled text nor a file next to the assignment", where
        )
    return resolved


def _restrict(doc: Document, sections: tuple[int, ...], doc_id: str) -> Document:
    kept = tuple(s for s in doc.sections if s.number in sections)
    return replace(doc, id=doc_id, sections=kept)


def load_assignment(path: str | Path) -> Assignment:
    """Read and check an assignment file; ReaderError names the file and the problem."""
    path = Path(path)
    raw = read_file_bytes(path, limit=16 * 1024 * 1024)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReaderError(f"not valid TOML ({exc})", path) from None
    data = parse_toml(text, path)
    TOP.check(data, path)
    table = data["assignment"]
    ASSIGNMENT.check(table, path, "[assignment]")
    assignment_id = table["id"]
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,80}", assignment_id):
        raise ReaderError(
            "[assignment]: key 'id' must be lowercase letters, digits and hyphens", path
        )
    title, text_name, checksum = table["title"], table["text"], table["checksum"]
    sections = table["sections"]
    note = table.get("note", "")
    due = table.get("due")
    questions_value = table.get("questions", "all")
    if not (
        questions_value == "all"
        or (isinstance(questions_value, list) and all(isinstance(q, str) for q in questions_value))
    ):
        raise ReaderError(
            "[assignment]: key 'questions' must be \"all\" or a list of question ids", path
        )
    rules = _load_rules(data.get("rules", {}), path)
    bundle = data.get("bundle")
    if bundle is not None:
        doc, questions = _bundled_document(bundle, text_name, checksum, path)
    else:
        text_path = _resolve_text(text_name, path.parent, path)
        actual = _checksum(read_file_bytes(text_path))
        if actual != checksum:
            raise ReaderError(
                f"the text '{text_name}' has changed since the assignment was "
                "made (checksum differs); ask your teacher for a new one",
                path,
            )
        doc = load_document(text_path, doc_id=text_name)
        questions = load_questions(doc)
    chosen = tuple(dict.fromkeys(sections))
    for number in chosen:
        if not 1 <= number <= len(doc.sections):
            raise ReaderError(
                f"the text has no section {number} (it has {len(doc.sections)})", path
            )
    in_sections = [q for q in questions if q.section in chosen]
    question_ids = None
    if questions_value != "all":
        known = {q.id: q for q in in_sections}
        for qid in questions_value:
            if qid not in known:
                raise ReaderError(f"question '{qid}' does not exist in the chosen sections", path)
        question_ids = tuple(questions_value)
        in_sections = [known[q] for q in question_ids]
    run_doc = _restrict(doc, chosen, f"assignment:{assignment_id}")
    return Assignment(
        assignment_id,
        title,
        note,
        text_name,
        checksum,
        chosen,
        question_ids,
        str(due) if due is not None else None,
        rules,
        run_doc,
        tuple(in_sections),
        str(path),
    )


def _load_rules(rules: dict[str, Any], path: Path) -> Rules:
    RULES.check(rules, path, "[rules]")
    return Rules(
        rules.get("script"),
        rules.get("pinyin"),
        rules.get("hsk_level"),
        rules.get("translation", True),
    )


def _bundled_document(
    bundle: dict[str, Any], name: str, checksum: str, path: Path
) -> tuple[Document, list[Question]]:
    BUNDLE.check(bundle, path, "[bundle]")
    raw = bundle["text"].encode("utf-8")
    if _checksum(raw) != checksum:
        raise ReaderError("the bundled text does not match the assignment's checksum", path)
    text = clean_text(bundle["text"])
    if not has_chinese(text):
        raise ReaderError("the bundled text contains no Chinese", path)
    parsed = parse_plain(text)
    translation = bundle.get("translation")
    blocks = (
        [b.text for b in split_blocks(clean_text(translation))]
        if isinstance(translation, str)
        else None
    )
    doc = build_document(
        parsed,
        doc_id=name,
        title=parsed.title or name,
        checksum=checksum,
        translation=blocks,
        translation_name=f"{path} [bundle] translation",
        script=detect_script(text),
        path=None,
    )
    questions: list[Question] = []
    if isinstance(bundle.get("questions"), str):
        data = parse_toml(bundle["questions"], f"{path} [bundle] questions")
        questions = parse_questions(data, f"{path} [bundle] questions", doc)
    return doc, questions


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _toml_multiline(value: str) -> str:
    """A TOML literal multi-line string when possible (no escapes), else a basic one."""
    if "'''" not in value and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", value):
        return "'''\n" + value + "'''"
    return _toml_string(value)


def make_assignment(
    text: str,
    sections: str,
    output: Path,
    *,
    title: str | None = None,
    note: str = "",
    questions: str = "all",
    due: str | None = None,
    rules: Rules | None = None,
    bundle: bool = False,
) -> Path:
    """Write an assignment file for TEXT (a bundled id or a path) and return its path."""
    doc_id, text_path = resolve(text)
    doc = load_document(text_path, doc_id=doc_id)
    chosen = tuple(parse_sections(sections, [s.number for s in doc.sections], str(text_path)))
    available = [q for q in load_questions(doc) if q.section in chosen]
    if questions != "all":
        wanted = [q.strip() for q in questions.split(",") if q.strip()]
        for qid in wanted:
            if qid not in {q.id for q in available}:
                raise ReaderError(
                    f"question '{qid}' is not in sections {', '.join(map(str, chosen))}", text_path
                )
    if due:
        try:
            dt.date.fromisoformat(due)
        except ValueError:
            raise ReaderError(f"due date '{due}' is not YYYY-MM-DD", output) from None
    raw = read_file_bytes(text_path)
    if bundle:
        raw = decode_bytes(raw, text_path)[0].encode("utf-8")
    if bundle or any(t.id == doc_id and t.path == text_path for t in bundled_texts()):
        text_ref = doc_id
    else:
        try:
            text_ref = str(Path(text_path).resolve().relative_to(output.resolve().parent))
        except ValueError:
            raise ReaderError(
                "the text must be in the assignment's folder (or use --bundle)", text_path
            ) from None
    title = title or f"{doc.title}: sections {', '.join(map(str, chosen))}"
    digest = _checksum(raw)
    # A random part: two assignments made from one file name never share progress or
    # results.
    assignment_id = f"{slug(output.stem)}-{secrets.token_hex(4)}"
    lines = [
        "# A reader assignment: open it with `reader FILE`.",
        "[assignment]",
        f"id = {_toml_string(assignment_id)}",
        f"title = {_toml_string(title)}",
        f"note = {_toml_string(note)}",
        f"text = {_toml_string(text_ref)}",
        f"checksum = {_toml_string(digest)}",
        f"sections = [{', '.join(map(str, chosen))}]",
        "questions = "
        + (
            '"all"'
            if questions == "all"
            else "["
            + ", ".join(_toml_string(q.strip()) for q in questions.split(",") if q.strip())
            + "]"
        ),
    ]
    if due:
        lines.append(f"due = {due}")
    rule_lines = []
    if rules:
        if rules.script:
            rule_lines.append(f"script = {_toml_string(rules.script)}")
        if rules.pinyin:
            rule_lines.append(f"pinyin = {_toml_string(rules.pinyin)}")
        if rules.hsk_level:
            rule_lines.append(f"hsk_level = {rules.hsk_level}")
        rule_lines.append(f"translation = {'true' if rules.translation else 'false'}")
    if rule_lines:
        lines += ["", "[rules]", *rule_lines]
    if bundle:
        lines += ["", "[bundle]", f"text = {_toml_string(raw.decode('utf-8'))}"]
        for suffix, key in ((".en.txt", "translation"), (".questions.toml", "questions")):
            sidecar = Path(text_path).with_name(Path(text_path).stem + suffix)
            if sidecar.exists():
                lines.append(f"{key} = {_toml_multiline(sidecar.read_text('utf-8'))}")
    try:
        write_text_atomic(output, "\n".join(lines) + "\n")
    except OSError as exc:
        raise ReaderError(f"cannot write ({exc.strerror or exc})", output) from None
    load_assignment(output)  # what we wrote must load
    return output


def is_assignment_file(path: Path) -> bool:
    if path.suffix != ".toml" or not path.is_file():
        return False
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return False
    return "[assignment]" in head
