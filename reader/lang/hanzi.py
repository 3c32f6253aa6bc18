"""What counts as a Han character (one pinyin syllable each)."""

from __future__ import annotations

import re

from reader.text.decode import HAN_RE

HAN_RUN_RE = re.compile(HAN_RE.pattern + "+")


def is_han(ch: str) -> bool:
    return HAN_RE.match(ch) is not None


def han_count(text: str) -> int:
    return len(HAN_RE.findall(text))


def has_han(text: str) -> bool:
    return HAN_RE.search(text) is not None
