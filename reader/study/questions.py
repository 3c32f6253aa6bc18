"""Comprehension questions: `NAME.questions.toml` next to a text, validated on load.

Each `[[question]]` has an id, a section, the evidence paragraph id, a kind (choice,
truefalse, short), a Chinese prompt with an optional English gloss, the answer and an
explanation. Short answers are matched ignoring punctuation, spaces and script.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from reader.errors import ReaderError
from reader.schema import Field, Schema, located, parse_toml
from reader.text.chars import convert, converter
from reader.text.model import Document

KINDS = ("choice", "truefalse", "short")
QUESTION = Schema(
    {
        "id": Field(str, required=True),
        "section": Field(int, required=True),
        "evidence": Field(str, required=True),
        "kind": Field(str, required=True, choices=KINDS),
        "prompt": Field(str, required=True),
        "prompt_en": Field(str),
        "choices": Field(list),
        "answer": Field((str, bool, list), required=True),
        "explanation": Field(str, required=True),
        "explanation_en": Field(str),
    }
)

# A students' copy (an assignment bundle with feedback "after") carries no answers.
QUESTION_WITHOUT_KEY = Schema(
    {
        **QUESTION.fields,
        "answer": Field((str, bool, list)),
        "explanation": Field(str),
    }
)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    section: int
    evidence: str
    kind: str
    prompt: str
    answer: str | bool | tuple[str, ...] | None  # None: a students' copy, without the key
    explanation: str
    prompt_en: str | None = None
    choices: tuple[str, ...] = ()
    explanation_en: str | None = None

    @property
    def has_answer(self) -> bool:
        return self.answer is not None

    def without_key(self) -> Question:
        """The question as a students' copy carries it: no answer, no explanation."""
        return replace(self, answer=None, explanation="", explanation_en=None)

    def is_right(self, given: str | bool) -> bool:
        if self.answer is None:
            return False
        if self.kind == "truefalse":
            return given is self.answer
        if self.kind == "choice":
            return given == self.answer
        return normalise_answer(str(given)) in accepted_forms(self.accepted)

    @property
    def accepted(self) -> tuple[str, ...]:
        """The accepted answers of a short question (the answer of the others)."""
        if isinstance(self.answer, tuple):
            return self.answer
        return () if self.answer is None else (str(self.answer),)


@lru_cache(maxsize=4096)
def accepted_forms(accepted: tuple[str, ...]) -> frozenset[str]:
    """The accepted answers normalised, and as the Taiwan script writes them (算法 ->
    演算法): a learner reading in that script types what the screen showed."""
    forms = set()
    for answer in accepted:
        forms.add(normalise_answer(answer))
        forms.add(normalise_answer(converter("s2twp").convert(convert(answer, "t2s"))))
    return frozenset(forms)


def normalise_answer(text: str) -> str:
    """Simplified, lower case, without punctuation, symbols or spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")
    return convert(text, "t2s").lower()


def questions_path(doc: Document) -> Path | None:
    if not doc.path:
        return None
    path = Path(doc.path)
    return path.with_name(path.stem + ".questions.toml")


FILE = Schema({"question": Field(list, items=dict)}, noun="key")


def _problem(name: str, qid: str, message: str) -> ReaderError:
    return ReaderError(located("", f"question '{qid}'", message), name)


def parse_questions(
    data: dict, name: str, doc: Document, *, with_key: bool = True
) -> list[Question]:
    """Check and read questions; `with_key=False` (a students' copy) lets them come
    without answers and explanations."""
    FILE.check(data, name)
    schema = QUESTION if with_key else QUESTION_WITHOUT_KEY
    raw_list = data.get("question", [])
    paragraphs = set(doc.paragraph_ids())
    seen: set[str] = set()
    out = []
    for index, raw in enumerate(raw_list):
        qid = raw.get("id", f"#{index + 1}") if isinstance(raw, dict) else f"#{index + 1}"
        if not isinstance(raw, dict):
            raise _problem(name, qid, "is not a table")
        schema.check(raw, name, f"question '{qid}'")
        if qid in seen:
            raise _problem(name, qid, "duplicate id")
        seen.add(qid)
        if raw["evidence"] not in paragraphs:
            raise _problem(name, qid, f"evidence '{raw['evidence']}' is not a paragraph id")
        if not re.fullmatch(rf"s{raw['section']}p\d+", raw["evidence"]):
            raise _problem(
                name, qid, f"evidence '{raw['evidence']}' is not in section {raw['section']}"
            )
        answer = raw.get("answer")
        choices = tuple(raw.get("choices", ()))
        if not all(isinstance(c, str) and c.strip() for c in choices):
            raise _problem(name, qid, "choices must be non-empty strings")
        if raw["kind"] == "choice" and len(choices) < 2:
            raise _problem(name, qid, "a choice question needs at least two choices")
        if len(set(choices)) != len(choices):
            raise _problem(name, qid, "two choices are the same")
        if answer is None:
            pass  # a students' copy
        elif raw["kind"] == "choice" and (not isinstance(answer, str) or answer not in choices):
            raise _problem(name, qid, "answer must be one of the choices")
        elif raw["kind"] == "truefalse" and not isinstance(answer, bool):
            raise _problem(name, qid, "answer must be true or false")
        elif raw["kind"] == "short":
            if (
                not isinstance(answer, list)
                or not answer
                or not all(isinstance(a, str) and normalise_answer(a) for a in answer)
            ):
                raise _problem(name, qid, "answer must be a list of accepted answers")
            answer = tuple(answer)
        out.append(
            Question(
                raw["id"],
                raw["section"],
                raw["evidence"],
                raw["kind"],
                raw["prompt"],
                answer,
                raw.get("explanation", ""),
                raw.get("prompt_en"),
                choices,
                raw.get("explanation_en"),
            )
        )
    return out


def load_questions(doc: Document) -> list[Question]:
    """The text's questions, [] when it has none; ReaderError when the file is bad."""
    path = questions_path(doc)
    if path is None or not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReaderError(f"cannot be read ({exc})", path) from None
    return parse_questions(parse_toml(text, path), str(path), doc)
