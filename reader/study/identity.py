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
from dataclasses import replace

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


def for_student(assignment: Assignment, name: str) -> Assignment:
    """The assignment as one student does it: answers, times and the run are stored
    under the student's key, so the next student on a shared computer starts afresh."""
    key = ":" + file_part(name)
    document = replace(assignment.document, id=assignment.document.id + key)
    return replace(assignment, document=document, student_key=key)
