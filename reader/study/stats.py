"""Statistics per text: sections read, questions answered and score, words looked up."""

from __future__ import annotations

from dataclasses import dataclass

from reader.study.store import Store


@dataclass(frozen=True, slots=True)
class TextStats:
    doc_id: str
    title: str
    sections_read: int
    sections: int | None
    answered: int
    right: int
    lookups: int
    distinct_words: int

    @property
    def score(self) -> str:
        return f"{self.right}/{self.answered}" if self.answered else "-"


def text_stats(store: Store, doc_id: str, title: str, sections: int | None) -> TextStats:
    answers = store.answers(doc_id)
    latest: dict[str, bool] = {}
    for _doc, question, _section, _given, correct, _at, _context in answers:
        latest[question] = bool(correct)
    lookups = store.lookups(doc_id)
    return TextStats(
        doc_id,
        title,
        len(store.sections_read(doc_id)),
        sections,
        len(latest),
        sum(latest.values()),
        sum(n for _, n in lookups),
        len(lookups),
    )


def all_stats(store: Store) -> list[TextStats]:
    from reader.errors import ReaderError
    from reader.text.library import open_text

    out = []
    from reader.study.assignment import load_assignment

    for doc_id, path, title, _ in store.recent_texts():
        try:
            if doc_id.startswith("assignment:"):
                sections = len(load_assignment(path).document.sections)
            else:
                sections = len(open_text(path or doc_id).sections)
        except ReaderError:
            sections = None
        out.append(text_stats(store, doc_id, title, sections))
    return out
