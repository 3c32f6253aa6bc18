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
results = "../class-3b"      # optional: the class folder results are written to (a
                             # shared or synced folder; relative to this file, or absolute)

[rules]                      # all optional
script = "simplified"        # fixed script
pinyin = "level"             # fixed pinyin mode
hsk_level = 4                # for pinyin = "level"
translation = false          # may the English be shown?
feedback = "after"           # "immediate" (default): right or wrong at once;
                             # "after": answers saved, none shown (the report grades)

[bundle]                     # optional: the assigned sections inside the file
title = "…"
script = "traditional"
title_en = "…"               # the translation only when the rules allow it

[bundle.corrections]         # the text's NAME.corrections.toml, when it has one
join = ["…"]                 # (its [split] and [reading] as [bundle.corrections.split]
                             # and [bundle.corrections.reading])

[[bundle.glossary.term]]     # the text's NAME.glossary.toml, when it has one
id = "…"                     # (every [[term]] of it, as the file has it)

[[bundle.section]]           # only the assigned sections, numbered as in the text
number = 2
title = "…"
paragraphs = ["…", "…"]
translation = ["…", "…"]

[[bundle.question]]          # only the assigned questions; with feedback = "after"
id = "…"                     # the students' copy has no answers or explanations
…                            # (the teacher's copy, NAME.teacher.toml, has them)
```
(Files from before carry `text`, `translation` and `questions` strings in [bundle];
they still open.)
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

from reader.annotated.glossary_file import sidecar_path as glossary_sidecar
from reader.errors import ReaderError
from reader.fsutil import write_text_atomic
from reader.lang.corrections import Corrections, from_data, load_corrections, sidecar_path
from reader.lang.glossary import Entry, own_entries, read_own
from reader.lang.pinyin import PINYIN_MODES
from reader.lang.script import SCRIPTS
from reader.schema import Field, Schema, parse_toml
from reader.study.questions import Question, load_questions, parse_questions
from reader.study.quiz import FEEDBACK
from reader.text.decode import clean_text, decode_bytes
from reader.text.library import bundled_texts, resolve
from reader.text.loader import (
    MAX_BOOK_BYTES,
    build_document,
    detect_script,
    load_document,
    read_file_bytes,
)
from reader.text.model import Document, Paragraph, Section, paragraph_id
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
        "results": Field(str, non_empty=True),
    },
    noun="key",
)
RULES = Schema(
    {
        "script": Field(str, choices=SCRIPTS),
        "pinyin": Field(str, choices=PINYIN_MODES),
        "hsk_level": Field(int, low=1, high=7),
        "translation": Field(bool),
        "feedback": Field(str, choices=FEEDBACK),
    },
    noun="key",
)
OLD_BUNDLE = Schema(
    {"text": Field(str, required=True), "translation": Field(str), "questions": Field(str)},
    noun="key",
)
BUNDLE = Schema(
    {
        "title": Field(str, required=True),
        "script": Field(str, choices=("traditional", "simplified")),
        "title_en": Field(str),
        "source": Field(str),
        "section": Field(list, required=True, items=dict, non_empty=True),
        "question": Field(list, items=dict),
        "corrections": Field(dict),
        "glossary": Field(dict),
    },
    noun="key",
)
BUNDLE_SECTION = Schema(
    {
        "number": Field(int, required=True, low=1),
        "title": Field(str),
        "title_en": Field(str),
        "paragraphs": Field(list, required=True, items=str, non_empty=True),
        "translation": Field(list, items=str),
    },
    noun="key",
)


@dataclass(frozen=True, slots=True)
class Rules:
    script: str | None = None
    pinyin: str | None = None
    hsk_level: int | None = None
    translation: bool = True
    feedback: str = "immediate"

    @property
    def shows_answers(self) -> bool:
        return self.feedback != "after"

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
    results_folder: str | None = None  # the class folder, resolved
    student_key: str = ""  # set by identity.for_student: progress is each student's own
    # a bundle's corrections; None: the text's own (NAME.corrections.toml beside it)
    corrections: Corrections | None = None
    # a bundle's glossary entries; None: the text's own (NAME.glossary.toml beside it)
    glossary: tuple[Entry, ...] | None = None

    @property
    def heading(self) -> str:
        """How the assignment is named on screen (the library, the reading screen)."""
        return f"Assignment: {self.title}"

    @property
    def has_answers(self) -> bool:
        """False for a students' copy (a bundle without the key)."""
        return all(q.has_answer for q in self.questions)

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
    shipped = None
    if isinstance(bundle, dict) and isinstance(bundle.get("corrections"), dict):
        shipped = from_data(bundle["corrections"], f"{path} [bundle.corrections]")
    shipped_glossary = None
    if isinstance(bundle, dict) and isinstance(bundle.get("glossary"), dict):
        shipped_glossary = own_entries(bundle["glossary"], f"{path} [bundle.glossary]")
    if bundle is not None and "text" in bundle:
        doc, questions = _old_bundled_document(bundle, text_name, checksum, path)
    elif bundle is not None:
        with_key = rules.shows_answers or not bundle.get("question")
        doc, questions = _bundled_document(bundle, text_name, checksum, path, with_key)
    else:
        text_path = _resolve_text(text_name, path.parent, path)
        actual = _checksum(read_file_bytes(text_path, book_limit=MAX_BOOK_BYTES))
        if actual != checksum:
            raise ReaderError(
                f"the text '{text_name}' has changed since the assignment was "
                "made (checksum differs); ask your teacher for a new one",
                path,
            )
        doc = load_document(text_path, doc_id=text_name)
        questions = load_questions(doc)
    chosen = tuple(dict.fromkeys(sections))
    present = {s.number for s in doc.sections}
    for number in chosen:
        if number not in present:
            has = (
                f"it has {len(doc.sections)}"
                if bundle is None
                else "the bundle has " + ", ".join(map(str, sorted(present)))
            )
            raise ReaderError(f"the text has no section {number} ({has})", path)
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
    folder = table.get("results")
    results_folder = (
        str((path.parent / Path(folder).expanduser()).resolve()) if folder is not None else None
    )
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
        results_folder,
        corrections=shipped,
        glossary=shipped_glossary,
    )


def _load_rules(rules: dict[str, Any], path: Path) -> Rules:
    RULES.check(rules, path, "[rules]")
    return Rules(
        rules.get("script"),
        rules.get("pinyin"),
        rules.get("hsk_level"),
        rules.get("translation", True),
        rules.get("feedback", "immediate"),
    )


def _bundled_document(
    bundle: dict[str, Any], name: str, checksum: str, path: Path, with_key: bool
) -> tuple[Document, list[Question]]:
    """The assigned sections, as the bundle carries them (numbers and ids as in the
    text); its questions, without answers in a students' copy."""
    BUNDLE.check(bundle, path, "[bundle]")
    sections = []
    translated = True
    for index, raw in enumerate(bundle["section"], start=1):
        where = f"[[bundle.section]] {index}"
        BUNDLE_SECTION.check(raw, path, where)
        number = raw["number"]
        texts = [clean_text(t).strip() for t in raw["paragraphs"]]
        if not all(texts):
            raise ReaderError(f"{where}: a paragraph is empty", path)
        english = raw.get("translation")
        if english is not None and len(english) != len(texts):
            raise ReaderError(
                f"{where}: {len(english)} translations for {len(texts)} paragraphs", path
            )
        translated = translated and english is not None
        paragraphs = tuple(
            Paragraph(
                paragraph_id(number, n),
                text,
                clean_text(english[n - 1]).strip() if english is not None else None,
            )
            for n, text in enumerate(texts, start=1)
        )
        title = clean_text(raw["title"]).strip() if raw.get("title") else None
        title_en = raw.get("title_en")
        sections.append(
            Section(number, title, paragraphs, clean_text(title_en) if title_en else None)
        )
    numbers = [s.number for s in sections]
    if len(set(numbers)) != len(numbers) or numbers != sorted(numbers):
        raise ReaderError("[bundle]: sections must be numbered in order, each once", path)
    body = "".join(p.text for s in sections for p in s.paragraphs)
    if not has_chinese(body):
        raise ReaderError("the bundled text contains no Chinese", path)
    title_en = bundle.get("title_en")
    doc = Document(
        id=name,
        title=clean_text(bundle["title"]).strip() or name,
        sections=tuple(sections),
        checksum=checksum,
        script=bundle.get("script") or detect_script(body),
        source=bundle.get("source"),
        title_translation=clean_text(title_en) if title_en else None,
        has_translation=translated,
    )
    questions = parse_questions(
        {"question": bundle.get("question", [])},
        f"{path} [[bundle.question]]",
        doc,
        with_key=with_key,
    )
    return doc, questions


def _old_bundled_document(
    bundle: dict[str, Any], name: str, checksum: str, path: Path
) -> tuple[Document, list[Question]]:
    """A bundle written before sections were bundled one by one: the whole text."""
    OLD_BUNDLE.check(bundle, path, "[bundle]")
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
    # JSON's escapes are TOML's, but TOML refuses DEL as it is
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


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
    results_folder: str | None = None,
) -> list[Path]:
    """Write an assignment file for TEXT (a bundled id or a path); return the files
    written: the assignment, and for a bundle with feedback "after" the teacher's copy
    (the students' one has no answers)."""
    doc_id, text_path = resolve(text)
    doc = load_document(text_path, doc_id=doc_id)
    chosen = tuple(parse_sections(sections, [s.number for s in doc.sections], str(text_path)))
    available = [q for q in load_questions(doc) if q.section in chosen]
    wanted: list[str] = []
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
    raw = read_file_bytes(text_path, book_limit=MAX_BOOK_BYTES)
    if bundle and doc.format == "text":  # a book, a page or subtitles: its own bytes
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
    title = title or f"{doc.title}: {'sections' if len(chosen) > 1 else 'section'} " + ", ".join(
        map(str, chosen)
    )
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
    if results_folder:
        lines.append(f"results = {_toml_string(results_folder)}")
    rule_lines = []
    if rules:
        if rules.script:
            rule_lines.append(f"script = {_toml_string(rules.script)}")
        if rules.pinyin:
            rule_lines.append(f"pinyin = {_toml_string(rules.pinyin)}")
        if rules.hsk_level:
            rule_lines.append(f"hsk_level = {rules.hsk_level}")
        rule_lines.append(f"translation = {'true' if rules.translation else 'false'}")
        rule_lines.append(f"feedback = {_toml_string(rules.feedback)}")
    if rule_lines:
        lines += ["", "[rules]", *rule_lines]
    chosen_questions = (
        available
        if questions == "all"
        else [next(q for q in available if q.id == qid) for qid in wanted]
    )
    written = [output]
    if bundle:
        allowed = rules.translation if rules else True
        after = rules is not None and not rules.shows_answers
        students = lines + _bundle_lines(doc, chosen, chosen_questions, allowed, key=not after)
        _write_assignment(output, students)
        if after:
            teacher = teacher_assignment(output)
            _write_assignment(
                teacher, lines + _bundle_lines(doc, chosen, chosen_questions, allowed)
            )
            written.append(teacher)
    else:
        _write_assignment(output, lines)
    for path in written:
        load_assignment(path)  # what we wrote must load
    return written


def teacher_assignment(output: Path) -> Path:
    """The teacher's copy of a bundle whose students' copy has no answers."""
    return output.with_name(output.stem + ".teacher" + (output.suffix or ".toml"))


def _write_assignment(path: Path, lines: list[str]) -> None:
    try:
        write_text_atomic(path, "\n".join(lines) + "\n")
    except OSError as exc:
        raise ReaderError(f"cannot write ({exc.strerror or exc})", path) from None


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):  # keys checked by the schema (bare words)
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _bundle_lines(
    doc: Document,
    sections: tuple[int, ...],
    questions: list[Question],
    translation: bool,
    *,
    key: bool = True,
) -> list[str]:
    """[bundle]: the assigned sections only, their translation only when allowed, the
    assigned questions (without answers when `key` is False)."""
    english = translation and doc.has_translation
    out = ["", "[bundle]", f"title = {_toml_string(doc.title)}"]
    out.append(f"script = {_toml_string(doc.script)}")
    if doc.source:
        out.append(f"source = {_toml_string(doc.source)}")
    if english and doc.title_translation:
        out.append(f"title_en = {_toml_string(doc.title_translation)}")
    if doc.path:
        out += _corrections_lines(doc.path)
        out += _glossary_lines(doc.path)
    for section in doc.sections:
        if section.number not in sections:
            continue
        out += ["", "[[bundle.section]]", f"number = {section.number}"]
        if section.title:
            out.append(f"title = {_toml_string(section.title)}")
            if english and section.title_translation:
                out.append(f"title_en = {_toml_string(section.title_translation)}")
        out.append("paragraphs = [")
        out += [f"  {_toml_string(p.text)}," for p in section.paragraphs]
        out.append("]")
        if english:
            out.append("translation = [")
            out += [f"  {_toml_string(p.translation or '')}," for p in section.paragraphs]
            out.append("]")
    for question in questions:
        fields: dict[str, object] = {
            "id": question.id,
            "section": question.section,
            "evidence": question.evidence,
            "kind": question.kind,
            "prompt": question.prompt,
        }
        if english and question.prompt_en:
            fields["prompt_en"] = question.prompt_en
        if question.choices:
            fields["choices"] = list(question.choices)
        if key and question.answer is not None:
            fields["answer"] = question.answer
            fields["explanation"] = question.explanation
            if english and question.explanation_en:
                fields["explanation_en"] = question.explanation_en
        out += ["", "[[bundle.question]]"]
        out += [f"{name} = {_toml_value(value)}" for name, value in fields.items()]
    return out


def _corrections_lines(text_path: str) -> list[str]:
    """[bundle.corrections]: the text's corrections file (NAME.corrections.toml), so that
    students read the words as the teacher fixed them. A bad file stops the bundle."""
    corrections = load_corrections(sidecar_path(text_path))
    if not corrections:
        return []
    return corrections.toml_lines("bundle.corrections")


def _glossary_lines(text_path: str) -> list[str]:
    """[bundle.glossary]: the text's glossary file (NAME.glossary.toml), every term as
    the file has it, so that students see the teacher's entries. A bad file stops the
    bundle (it is checked as it would be when read)."""
    path = glossary_sidecar(text_path)
    if not path.exists() and not path.is_symlink():
        return []
    read_own(path)  # ReaderError: the file and what is wrong
    data = parse_toml(path.read_text(encoding="utf-8-sig"), path)
    # the domain its entries have beside the text (the file's, else the file's name)
    domain = data.get("domain", path.name.removesuffix(".toml").removesuffix(".glossary"))
    out = ["", "[bundle.glossary]", f"domain = {_toml_value(domain)}"]
    for term in data.get("term", []):
        out += ["", "[[bundle.glossary.term]]"]
        out += [f"{key} = {_toml_value(value)}" for key, value in term.items()]
    return out


def is_assignment_file(path: Path) -> bool:
    if path.suffix != ".toml" or not path.is_file():
        return False
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return False
    # "[assignment" without the bracket too: a damaged assignment gets the TOML error,
    # not "contains no Chinese text"
    return re.search(r"^\s*\[\s*assignment\b", head, re.MULTILINE) is not None
