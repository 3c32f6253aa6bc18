"""A Document with its annotations, computed lazily per block and kept in memory.

Blocks are the title ("title"), section headings ("s2") and paragraphs ("s2p3").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from reader.lang.annotate import Annotator, ShownToken, Token, in_script
from reader.text.model import Document


@lru_cache(maxsize=1)
def default_annotator() -> Annotator:
    from reader.lang.glossary import bundled_glossary

    return Annotator(bundled_glossary())


class AnnotatedDocument:
    def __init__(self, doc: Document, annotator: Annotator | None = None) -> None:
        self.doc = doc
        self._annotator = annotator
        self._tokens: dict[str, tuple[Token, ...]] = {}
        self._texts: dict[str, str] = {"title": doc.title}
        for section in doc.sections:
            if section.title:
                self._texts[section.id] = section.title
            for paragraph in section.paragraphs:
                self._texts[paragraph.id] = paragraph.text

    @property
    def annotator(self) -> Annotator:
        """Built on first use (glossary, jieba): in a worker, not on the way to first paint."""
        if self._annotator is None:
            self._annotator = default_annotator()
        return self._annotator

    def block_ids(self) -> Iterator[str]:
        yield from self._texts

    def text(self, block_id: str) -> str:
        return self._texts[block_id]

    def tokens(self, block_id: str) -> tuple[Token, ...]:
        cached = self._tokens.get(block_id)
        if cached is None:
            cached = self._tokens[block_id] = self.annotator.annotate(self._texts[block_id])
        return cached

    def has_tokens(self, block_id: str) -> bool:
        return block_id in self._tokens

    def put_tokens(self, block_id: str, tokens: tuple[Token, ...]) -> None:
        self._tokens[block_id] = tokens

    def shown(self, block_id: str, script: str) -> list[ShownToken]:
        return in_script(self._texts[block_id], self.tokens(block_id), script, self.doc.script,
                         self.annotator.glossary)
