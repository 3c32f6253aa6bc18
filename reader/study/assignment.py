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
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from reader.errors import ReaderError
from reader.fsutil import write_text_atomic
from reader.lang.script import SCRIPTS
from reader.settings import PINYIN_MODES
from reader.study.questions import Question, load_questions, parse_questions
from reader.text.decode import clean_text
from reader.text.library import bundled_texts
from reader.text.loader import build_document, load_document, read_file_bytes
from reader.text.model import Document
from reader.text.parse import has_chinese, parse_plain, split_blocks
from reader.text.sections import parse_sections

_ASSIGNMENT_KEYS = {"id", "title", "note", "text", "checksum", "sections", "questions", "due"}
_RULE_KEYS = {"script", "pinyin", "hsk_level", "translation"}
_BUNDLE_KEYS = {"text", "translation", "questions"}


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

    @property
    def run_id(self) -> str:
        """The id under which progress is stored: the assignment and its text."""
        return f"assignment:{self.id}:{self.checksum[:12]}"


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


def _typed(table: dict, key: str, kind, where: Path, what: str):
    value = table[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ReaderError(f"{what} '{key}' must be a {names}", where)
    return value


def load_assignment(path: str | Path) -> Assignment:
    """Read and check an assignment file; ReaderError names the file and the problem."""
    path = Path(path)
    raw = read_file_bytes(path, limit=16 * 1024 * 1024)
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReaderError(f"not valid TOML ({exc})", path) from None
    unknown = sorted(set(data) - {"assignment", "rules", "bundle"})
    if unknown:
        raise ReaderError(
            f"unknown table '{unknown[0]}' (allowed: assignment, rules, bundle)", path
        )
    table = data.get("assignment")
    if not isinstance(table, dict):
        raise ReaderError("missing the [assignment] table", path)
    for key in sorted(set(table) - _ASSIGNMENT_KEYS):
        raise ReaderError(f"unknown key '{key}' in [assignment]", path)
    for key in ("id", "title", "text", "checksum", "sections"):
        if key not in table:
            raise ReaderError(f"[assignment] needs '{key}'", path)
    assignment_id = _typed(table, "id", str, path, "[assignment]")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,80}", assignment_id):
        raise ReaderError("[assignment] 'id' must be lowercase letters, digits and hyphens", path)
    title = _typed(table, "title", str, path, "[assignment]")
    text_name = _typed(table, "text", str, path, "[assignment]")
    checksum = _typed(table, "checksum", str, path, "[assignment]")
    sections = _typed(table, "sections", list, path, "[assignment]")
    if not sections or not all(isinstance(s, int) and not isinstance(s, bool) for s in sections):
        raise ReaderError("[assignment] 'sections' must be a list of section numbers", path)
    note = _typed(table, "note", str, path, "[assignment]") if "note" in table else ""
    due = table.get("due")
    if due is not None and not isinstance(due, dt.date | str):
        raise ReaderError("[assignment] 'due' must be a date (2026-12-05)", path)
    questions_value = table.get("questions", "all")
    if not (
        questions_value == "all"
        or (isinstance(questions_value, list) and all(isinstance(q, str) for q in questions_value))
    ):
        raise ReaderError(
            "[assignment] 'questions' must be \"all\" or a list of question ids", path
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


def _load_rules(rules: object, path: Path) -> Rules:
    if not isinstance(rules, dict):
        raise ReaderError("[rules] must be a table", path)
    for key in sorted(set(rules) - _RULE_KEYS):
        raise ReaderError(f"unknown key '{key}' in [rules]", path)
    script = rules.get("script")
    if script is not None and script not in SCRIPTS:
        raise ReaderError(f"[rules] 'script' must be one of {', '.join(SCRIPTS)}", path)
    pinyin = rules.get("pinyin")
    if pinyin is not None and pinyin not in PINYIN_MODES:
        raise ReaderError(f"[rules] 'pinyin' must be one of {', '.join(PINYIN_MODES)}", path)
    level = rules.get("hsk_level")
    if level is not None and (
        not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 7
    ):
        raise ReaderError("[rules] 'hsk_level' must be 1-7", path)
    translation = rules.get("translation", True)
    if not isinstance(translation, bool):
        raise ReaderError("[rules] 'translation' must be true or false", path)
    return Rules(script, pinyin, level, translation)


def _bundled_document(
    bundle: object, name: str, checksum: str, path: Path
) -> tuple[Document, list[Question]]:
    if not isinstance(bundle, dict) or not isinstance(bundle.get("text"), str):
        raise ReaderError('[bundle] needs the text as a string (\'text = """…"""\')', path)
    for key in sorted(set(bundle) - _BUNDLE_KEYS):
        raise ReaderError(f"unknown key '{key}' in [bundle]", path)
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
    from reader.text.loader import detect_script

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
        try:
            data = tomllib.loads(bundle["questions"])
        except tomllib.TOMLDecodeError as exc:
            raise ReaderError(f"[bundle] questions are not valid TOML ({exc})", path) from None
        questions = parse_questions(data, f"{path} [bundle] questions", doc)
    return doc, questions


def _toml_string(value: str) -> str:
    import json

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
    from reader.text.library import resolve

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
        from reader.text.decode import decode_bytes

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
    assignment_id = f"{slug(output.stem)}-{digest[:6]}"
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
