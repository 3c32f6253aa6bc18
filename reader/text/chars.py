"""Characters: what counts as a Han character, how wide a character is on a terminal,
and OpenCC's character-level conversions between the two scripts.

The loaders need these to decode a file and tell its script, so they live at the bottom
of the stack; `reader.lang.script` builds the display scripts (Taiwan phrases, Hong
Kong forms) on top of `convert`.

The conversions used here (t2s, s2t, t2tw, s2tw, t2hk, s2hk) keep the string length, so
a span in one script is the same span in another; `convert` enforces that, falling back
to converting character by character if a dictionary phrase ever changed the length.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
HAN_RUN_RE = re.compile(HAN_RE.pattern + "+")
LENGTH_PRESERVING = ("t2s", "s2t", "t2tw", "s2tw", "t2hk", "s2hk", "tw2s", "hk2s")


def is_han(ch: str) -> bool:
    return HAN_RE.match(ch) is not None


def han_count(text: str) -> int:
    return len(HAN_RE.findall(text))


def has_han(text: str) -> bool:
    return HAN_RE.search(text) is not None


@lru_cache(maxsize=65536)
def char_cells(ch: str) -> int:
    """Terminal cells of one character: 2 for East Asian wide and full-width characters,
    0 for combining marks and zero-width characters, 1 otherwise."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_len(text: str) -> int:
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(char_cells, text))


def within_cells(text: str, limit: int) -> bool:
    """cell_len(text) <= limit, reading no further than it must (a paragraph of a
    megabyte is not measured to tell that it is not a heading)."""
    total = 0
    for ch in text:
        total += char_cells(ch)
        if total > limit:
            return False
    return True


@cache
def converter(config: str) -> Any:
    # opencc loads its dictionaries on first use: imported here, off the path of a
    # start that never converts.
    import opencc

    from reader.text.opencc_fast import FastConverter

    return FastConverter(opencc.OpenCC(config))


@lru_cache(maxsize=4096)
def convert(text: str, config: str) -> str:
    """Convert with a length-preserving OpenCC configuration."""
    if not text:
        return text
    out: str = converter(config).convert(text)
    if len(out) != len(text):
        out = "".join(converter(config).convert(ch) for ch in text)
        if len(out) != len(text):
            return text
    return out
