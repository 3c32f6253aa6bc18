"""Students' names as people type them: one person, one key.

Two spellings of one name ("Ana Li", "Ana  Li", "ＡＮＡ ＬＩ", "Ana\u200bLi") are one student:
names are compared after Unicode NFKC, without zero-width and other format characters,
with runs of whitespace as one space, and case-folded. The key also names the result
file, so two different students never share one and one student always writes the same.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from reader.study.assignment import Assignment


def display_name(name: str) -> str:
    """The name as shown: NFKC, no format characters, whitespace runs as one space."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def name_key(name: str) -> str:
    """What two names are compared by."""
    return display_name(name).casefold()


def file_part(name: str) -> str:
    """A file-name part for the student: readable letters, then a digest of the key."""
    readable = re.sub(r"[^\w]+", "-", name_key(name), flags=re.UNICODE).strip("-")[:40]
    digest = hashlib.sha1(name_key(name).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{readable or 'student'}-{digest}"


@lru_cache(maxsize=1)
def _homoglyphs() -> dict[str, list[dict[str, str]]]:
    # Unicode's confusables table, as confusable-homoglyphs ships it (loaded on first use).
    from confusable_homoglyphs.confusables import confusables_data

    return confusables_data


def _look(ch: str) -> str:
    """One character for every character that looks like `ch` (Unicode's confusables,
    taken one step: А Cyrillic and A Latin, O and 0)."""
    candidates = [ch] + [h["c"] for h in _homoglyphs().get(ch, ()) if len(h["c"]) == 1]
    return min(candidates)


def skeleton(name: str) -> str:
    """What a name looks like: two names with one skeleton cannot be told apart on
    screen (compare `name_key`, which tells them apart)."""
    shown = display_name(name).replace(" ", "")
    return "".join(_look(ch) for ch in shown).casefold()


def look_alikes(names: Iterable[str]) -> list[tuple[str, ...]]:
    """Groups of different students whose names look the same."""
    groups: dict[str, dict[str, str]] = {}
    for name in names:
        groups.setdefault(skeleton(name), {}).setdefault(name_key(name), name)
    return [tuple(g.values()) for g in groups.values() if len(g) > 1]


def unlike_letters(name: str) -> str:
    """The letters of `name` not in the script of most of it, for a note
    ("А CYRILLIC CAPITAL LETTER A"); '' when there are none."""
    out = []
    for ch in display_name(name):
        if ord(ch) < 128 or unicodedata.category(ch)[0] != "L":
            continue
        if any(len(h["c"]) == 1 and ord(h["c"]) < 128 for h in _homoglyphs().get(ch, ())):
            out.append(f"{ch} {unicodedata.name(ch, f'U+{ord(ch):04X}')}")
    return ", ".join(out)


def for_student(assignment: Assignment, name: str) -> Assignment:
    """The assignment as one student does it: answers, times and the run are stored
    under the student's key, so the next student on a shared computer starts afresh."""
    key = ":" + file_part(name)
    document = replace(assignment.document, id=assignment.document.id + key)
    return replace(assignment, document=document, student_key=key)
