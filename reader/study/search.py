"""Search a text for Chinese (in any script) or pinyin (with or without tones)."""

from __future__ import annotations

from reader.annotated.document import AnnotatedDocument
from reader.lang.pinyin import search_key
from reader.text.chars import convert, has_han


def find_paragraphs(adoc: AnnotatedDocument, query: str) -> list[str]:
    """Ids of the paragraphs containing `query`, in reading order."""
    query = query.strip()
    if not query:
        return []
    hits = []
    if has_han(query):
        wanted = convert(query, "t2s")
        for paragraph in adoc.doc.paragraphs():
            if wanted in convert(paragraph.text, "t2s"):
                hits.append(paragraph.id)
        return hits
    wanted_key = search_key(query)
    if not wanted_key:
        return [p.id for p in adoc.doc.paragraphs() if query.lower() in p.text.lower()]
    for paragraph in adoc.doc.paragraphs():
        if query.lower() in paragraph.text.lower():
            hits.append(paragraph.id)
            continue
        syllables = [search_key(s) for t in adoc.tokens(paragraph.id) for s in t.pinyin]
        joined = "".join(syllables)
        if wanted_key in joined and _on_syllable_boundary(syllables, wanted_key):
            hits.append(paragraph.id)
    return hits


def _on_syllable_boundary(syllables: list[str], key: str) -> bool:
    """`key` must start and end on syllable boundaries (zhi must not match 'zhidao' in
    the middle of 'xzhi...')."""
    for start in range(len(syllables)):
        joined = ""
        for syllable in syllables[start:]:
            joined += syllable
            if joined == key:
                return True
            if not key.startswith(joined):
                break
    return False
