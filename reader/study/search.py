"""Search a text for Chinese (in any script) or pinyin (with or without tones).

Every occurrence is found, in reading order, in the title, the headings and the
paragraphs, with the character where it starts: the screen puts the word cursor on it
and `n` goes from one occurrence to the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from reader.annotated.document import AnnotatedDocument
from reader.lang.pinyin import search_key
from reader.text.chars import convert, has_han


@dataclass(frozen=True, slots=True)
class Hit:
    block: str  # "title", a section's id (its heading) or a paragraph's id
    start: int  # the character of the block where the match starts
    paragraph: str  # where the reader goes: the paragraph itself, or the first after


def _blocks(adoc: AnnotatedDocument) -> Iterator[tuple[str, str, str]]:
    """(block id, its text, the paragraph the reader shows for it), in reading order."""
    doc = adoc.doc
    first = doc.sections[0].paragraphs[0].id
    yield "title", doc.title, first
    for section in doc.sections:
        if section.title:
            yield section.id, section.title, section.paragraphs[0].id
        for paragraph in section.paragraphs:
            yield paragraph.id, paragraph.text, paragraph.id


def _all(text: str, wanted: str) -> Iterator[int]:
    at = text.find(wanted)
    while at >= 0:
        yield at
        at = text.find(wanted, at + 1)


def find(adoc: AnnotatedDocument, query: str) -> list[Hit]:
    """Every occurrence of `query`, in reading order."""
    query = query.strip()
    if not query:
        return []
    hits: list[Hit] = []
    chinese = has_han(query)
    wanted = convert(query, "t2s") if chinese else query.lower()
    key = "" if chinese else search_key(query)
    for block, text, paragraph in _blocks(adoc):
        haystack = convert(text, "t2s") if chinese else text.lower()
        if len(haystack) != len(text):  # a conversion that changed the length
            haystack = text if chinese else haystack
        found = set(_all(haystack, wanted))
        if key:
            found |= set(_pinyin_starts(adoc, block, key))
        hits += [Hit(block, start, paragraph) for start in sorted(found)]
    return hits


def _pinyin_starts(adoc: AnnotatedDocument, block: str, key: str) -> Iterator[int]:
    """Where a run of whole syllables spells `key` (zhi never matches inside 'xzhi')."""
    tokens = adoc.tokens(block)
    syllables = [(t.start + i, search_key(s)) for t in tokens for i, s in enumerate(t.pinyin)]
    for index, (start, _) in enumerate(syllables):
        joined = ""
        for _, syllable in syllables[index:]:
            joined += syllable
            if joined == key:
                yield start
                break
            if not key.startswith(joined):
                break
