"""Statistics per text: sections read, questions answered and score, words looked up."""

from __future__ import annotations

from dataclasses import dataclass

from reader.errors import ReaderError
from reader.study.sources import open_any
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
    latest: dict[str, bool] = {}
    for answer in store.answers(doc_id):
        latest[answer.question] = answer.correct
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
    out = []
    for recent in store.recent_texts():
        try:
            sections: int | None = len(open_any(recent.path or recent.doc_id).document.sections)
        except ReaderError:
            sections = None
        out.append(text_stats(store, recent.doc_id, recent.title, sections))
    return out
