"""A character's readings as words use them: what makes a real polyphone.

pypinyin lists every reading a character has ever had (取 qū, 遇 yóng, 以 sì): asked as
"how is this read", those are junk. Here a reading counts when CC-CEDICT's everyday
words (not names, not the neutral tone) use it for the character often enough: 长
cháng and zhǎng, 行 xíng and háng, 得 dé and děi (and de), but 取 only qǔ.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from reader.lang.dictionary import default_dictionary
from reader.text.chars import convert

MIN_WORDS = 3  # a reading used by fewer words than this is not asked about
MIN_SHARE = 0.04  # nor one under this share of the character's words
# particles whose neutral-tone reading is a reading of its own (过得 de, 看着 zhe)
PARTICLES = frozenset("的地得着了过")


@lru_cache(maxsize=1)
def _counts() -> dict[str, Counter[str]]:
    """For every character, how many everyday words read it each way: one pass over
    CC-CEDICT (about half a second, once, in the worker that makes practice)."""
    counts: dict[str, Counter[str]] = {}
    for simplified, pinyin in default_dictionary().all_words():
        syllables = pinyin.split()
        if len(syllables) != len(simplified) or len(simplified) < 2:
            continue
        if any(s[:1].isupper() for s in syllables):  # a name: 朝鲜 Cháo
            continue
        for char, syllable in zip(simplified, syllables, strict=True):
            counts.setdefault(char, Counter())[syllable] += 1
    return counts


@lru_cache(maxsize=4096)
def word_readings(ch: str) -> tuple[str, ...]:
    """The readings of `ch` (either script) that everyday words use, most used first
    (tone marks)."""
    ch = convert(ch, "t2s")
    counts = _counts().get(ch, Counter())
    total = sum(counts.values())
    return tuple(
        reading
        for reading, n in counts.most_common()
        if n >= MIN_WORDS and n >= MIN_SHARE * total and (not _neutral(reading) or ch in PARTICLES)
    )


def _neutral(syllable: str) -> bool:
    """No tone mark: the neutral tone (了 le, 子 zi), not a reading to choose."""
    return not any(ch in "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ" for ch in syllable.lower())
