"""Statistics per text: sections read, questions answered and score, words looked up."""

from __future__ import annotations

from dataclasses import dataclass

from reader.errors import ReaderError
from reader.study.sources import OpenedAssignment, open_any
from reader.study.store import Store
from reader.text.model import Document


@dataclass(frozen=True, slots=True)
class TextStats:
    doc_id: str
    title: str
    sections_read: int
    sections: int | None
    answered: int
    right: int  # on the first try (the graded answer)
    final_right: int  # on the latest try (after retries, which are practice)
    lookups: int
    distinct_words: int
    graded: bool = True  # False: an assignment with feedback "after" (the teacher grades)

    @property
    def score(self) -> str:
        """'7 of 9 answered right on the first try, 9 after retries' (the last part only
        when it differs)."""
        if not self.answered:
            return "-"
        if not self.graded:
            return f"{self.answered} answered (your teacher grades them)"
        final = f", {self.final_right} after retries" if self.final_right != self.right else ""
        return f"{self.right} of {self.answered} answered right on the first try{final}"


def text_stats(
    store: Store, doc_id: str, title: str, sections: int | None, graded: bool = True
) -> TextStats:
    first: dict[str, bool] = {}
    latest: dict[str, bool] = {}
    for answer in store.answers(doc_id):
        if not answer.retry:
            first.setdefault(answer.question, answer.correct)
        latest[answer.question] = answer.correct
    lookups = store.lookups(doc_id)
    return TextStats(
        doc_id,
        title,
        len(store.sections_read(doc_id)),
        sections,
        len(latest),
        sum(first.get(q, c) for q, c in latest.items()),
        sum(latest.values()),
        sum(n for _, n in lookups),
        len(lookups),
        graded,
    )


def all_stats(store: Store) -> list[TextStats]:
    out = []
    for recent in store.recent_texts():
        graded = True
        try:
            opened = open_any(recent.path or recent.doc_id)
            sections: int | None = len(opened.document.sections)
            if isinstance(opened, OpenedAssignment):
                graded = opened.assignment.rules.shows_answers
        except ReaderError:
            sections = None
        out.append(text_stats(store, recent.doc_id, recent.title, sections, graded))
    return out


@dataclass(frozen=True, slots=True)
class SectionProgress:
    """One line of a text's table of contents."""

    number: int
    title: str  # the section's heading, or how its first paragraph begins
    first: str  # the id of its first paragraph (where a jump goes)
    read: bool
    answered: int  # questions of this section answered
    right: int  # of them, right on the first try
    seconds: float  # time spent reading it


def _beginning(text: str, length: int = 16) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length] + "…"


def section_progress(store: Store, doc: Document) -> list[SectionProgress]:
    """Each section of `doc` with what the learner did in it, for the table of contents
    (one query per kind of row, not one per section: a book has hundreds)."""
    read = store.sections_read(doc.id)
    times = store.section_times(doc.id)
    first: dict[tuple[int, str], bool] = {}
    for answer in store.answers(doc.id):
        if not answer.retry:  # a retry is practice: the first answer is the mark
            first.setdefault((answer.section, answer.question), answer.correct)
    answered: dict[int, list[bool]] = {}
    for (number, _question), correct in first.items():
        answered.setdefault(number, []).append(correct)
    out = []
    for section in doc.sections:
        if not section.paragraphs:
            continue
        title = section.title or _beginning(section.paragraphs[0].text)
        marks = answered.get(section.number, [])
        out.append(
            SectionProgress(
                section.number,
                title,
                section.paragraphs[0].id,
                section.number in read,
                len(marks),
                sum(marks),
                times.get(section.number, 0.0),
            )
        )
    return out
