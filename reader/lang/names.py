"""How a name is written in pinyin: CC-CEDICT's capitals, syllables joined into words.

Over the text a name keeps one syllable per character (the ruby needs that); where a
word is written out (the popup, `reader lookup`, the vocabulary and its exports) a
proper noun reads as the Hanyu Pinyin rules write it: Mǎsīkè, Huá'ěr Jiē, Shānmǔ
Àotèmàn. CC-CEDICT marks where each word of a name starts with a capital ("Hua2 er3
Jie1"); a transliterated name in the glossary marks it with its dot (山姆·奥特曼).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from reader.lang.pinyin import join_syllables, to_plain
from reader.text.chars import HAN_RE

_NAME_DOTS = re.compile(r"[·・•‧]")


def written(pinyin: str) -> str:
    """'Huá ěr Jiē' -> "Huá'ěr Jiē": a new word at each capital, syllables joined.
    Pinyin that does not start with a capital (a common word) is left as it is."""
    syllables = pinyin.split()
    if not syllables or not syllables[0][:1].isupper():
        return pinyin
    words: list[list[str]] = []
    for syllable in syllables:
        if not words or syllable[:1].isupper():
            words.append([syllable])
        else:
            words[-1].append(syllable)
    return " ".join(join_syllables(word) for word in words)


def _capital(syllable: str) -> str:
    return syllable[:1].upper() + syllable[1:]


def _same(a: Sequence[str], b: Sequence[str]) -> bool:
    return len(a) == len(b) and all(to_plain(x) == to_plain(y) for x, y in zip(a, b, strict=True))


def name_pinyin(
    word: str,
    syllables: Sequence[str],
    proper: Iterable[str] = (),
    *,
    is_name: bool = False,
) -> str | None:
    """`word` (one syllable per Han character in `syllables`) written as a name, or None
    when it is not one. `proper` are CC-CEDICT's readings of the word; the first that
    starts with a capital and reads as `syllables` gives the words. A name CC-CEDICT
    lacks (`is_name`: a glossary entity) is one word per dotted part, each capitalised."""
    readings = [p.split() for p in proper]
    # a reading CC-CEDICT also gives a common word (年 nián, not the surname Nián;
    # 特斯拉 the unit) is not a name, nor is one character alone
    common = any(r and not r[0][:1].isupper() and _same(r, syllables) for r in readings)
    for cedict in readings if len(syllables) > 1 and not common else ():
        if cedict and cedict[0][:1].isupper() and _same(cedict, syllables):
            # CC-CEDICT's capitals, on the syllables as read here
            marked = [
                _capital(s) if c[:1].isupper() else s
                for s, c in zip(syllables, cedict, strict=True)
            ]
            return written(" ".join(marked))
    if not is_name:
        return None
    parts = [p for p in _NAME_DOTS.split(word) if HAN_RE.search(p)]
    counts = [len(HAN_RE.findall(p)) for p in parts]
    if sum(counts) != len(syllables) or not parts:
        return written(" ".join([_capital(syllables[0]), *syllables[1:]])) if syllables else None
    out, start = [], 0
    for count in counts:
        piece = list(syllables[start : start + count])
        out.append(join_syllables([_capital(piece[0]), *piece[1:]]))
        start += count
    return " ".join(out)
