"""A status for every word the learner meets, shared by every text and script.

A word (by its simplified form) is new until the learner says otherwise: learning 1-4
(1 just met, 4 nearly known), known, or ignored (names, numbers, foreign words: never
marked, never counted). Looking a new word up makes it learning 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reader.text.chars import has_han

NEW = "new"
LEARNING = ("1", "2", "3", "4")
KNOWN = "known"
IGNORED = "ignored"
STATUSES = (NEW, *LEARNING, KNOWN, IGNORED)
LABELS = {
    NEW: "new",
    "1": "learning 1",
    "2": "learning 2",
    "3": "learning 3",
    "4": "learning 4",
    KNOWN: "known",
    IGNORED: "ignored",
}
MARK_STYLES = ("colour", "underline", "off")  # how new and learning words are marked


def is_countable(simplified: str) -> bool:
    """A word the learner can know: one with Han characters and no digits (not Latin,
    not 2025年 or 20%: a number is read, not learnt)."""
    return has_han(simplified) and not any(ch.isdigit() for ch in simplified)


def mark_of(status: str) -> str | None:
    """ "new", "learning" or None (known, ignored): what the screen marks."""
    if status == NEW:
        return NEW
    if status in LEARNING:
        return "learning"
    return None


def after_look_up(status: str) -> str:
    """A new word looked up becomes learning 1; any other keeps its status."""
    return LEARNING[0] if status == NEW else status


@dataclass(frozen=True, slots=True)
class Share:
    """What a text (or a part of it) holds of the learner's words, unique words counted."""

    words: int  # distinct countable words
    known: int
    learning: int
    new: int

    @property
    def known_share(self) -> float:
        return self.known / self.words if self.words else 0.0

    def describe(self) -> str:
        if not self.words:
            return "no words yet"
        return f"{self.known_share:.0%} known · {self.new} new"


def share_of(words: Iterable[str], statuses: Mapping[str, str]) -> Share:
    """Distinct countable words of `words` (simplified) by the learner's statuses;
    ignored words are left out."""
    known = learning = new = 0
    for word in set(words):
        if not is_countable(word):
            continue
        status = statuses.get(word, NEW)
        if status == IGNORED:
            continue
        if status == KNOWN:
            known += 1
        elif status in LEARNING:
            learning += 1
        else:
            new += 1
    return Share(known + learning + new, known, learning, new)


def new_words_by_frequency(
    words: Iterable[str], statuses: Mapping[str, str]
) -> list[tuple[str, int]]:
    """The countable words still new, most frequent first (then in order met)."""
    counts: dict[str, int] = {}
    for word in words:
        if is_countable(word) and statuses.get(word, NEW) == NEW:
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts.items(), key=lambda item: -item[1])
