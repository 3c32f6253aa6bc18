"""A Document with its annotations, computed lazily per block and kept in memory.

Blocks are the title ("title"), section headings ("s2") and paragraphs ("s2p3").
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import lru_cache

from reader.annotated.cache import AnnotationCache, block_key, document_key
from reader.annotated.corrections_file import corrections_for
from reader.annotated.glossary_file import (
    ALL_DOMAINS,
    ChosenGlossary,
    GlossaryChoice,
    bundled_annotator,
    choose_glossary,
)
from reader.annotated.seed import decode_seed, load_seed
from reader.lang import context_model
from reader.lang.annotate import Annotator, ShownToken, Token, in_script
from reader.lang.corrections import NO_CORRECTIONS, Corrections
from reader.lang.glossary import Entry
from reader.lang.pinyin import simplified_form
from reader.lang.script import to_script
from reader.text.model import Document


@lru_cache(maxsize=1)
def default_cache() -> AnnotationCache:
    return AnnotationCache()


def open_annotated(
    doc: Document,
    shipped: Corrections | None = None,
    choice: GlossaryChoice = ALL_DOMAINS,
    shipped_glossary: tuple[Entry, ...] | None = None,
) -> AnnotatedDocument:
    """The document with the disk cache, the glossary the learner chose (`choice`: our
    domains and their own files, over the text's or an assignment's, `shipped_glossary`)
    and the corrections: the learner's over the text's (or over `shipped`, an
    assignment's). A bad corrections or glossary file is a line in `problems`, and
    nothing from it."""
    loaded = corrections_for(doc, shipped)
    chosen = choose_glossary(doc, choice, shipped_glossary)
    adoc = AnnotatedDocument(
        doc, cache=default_cache(), corrections=loaded.corrections, glossary=chosen
    )
    adoc.problems = loaded.problems + chosen.problems
    adoc.shipped = shipped
    adoc.shipped_glossary = shipped_glossary
    return adoc


def default_annotator() -> Annotator:
    """The annotator with every domain of our glossary and no file of one's own."""
    return bundled_annotator()


class AnnotatedDocument:
    """Tokens per block: from memory, else the disk cache, else the pipeline.

    Without an explicit annotator, the `glossary` chosen (our whole glossary by default)
    gives it, and annotations are cached on disk under that glossary's checksum; an
    explicit annotator (tests) is used as is, without the cache.
    """

    def __init__(
        self,
        doc: Document,
        annotator: Annotator | None = None,
        cache: AnnotationCache | None = None,
        corrections: Corrections = NO_CORRECTIONS,
        glossary: ChosenGlossary | None = None,
    ) -> None:
        self.doc = doc
        self.corrections = corrections
        self.chosen = glossary or choose_glossary(None)
        self.problems: tuple[str, ...] = ()  # files that could not be used
        self.shipped: Corrections | None = None  # an assignment's, under the learner's
        self.shipped_glossary: tuple[Entry, ...] | None = None  # an assignment's
        self._annotator = annotator
        self._cache = cache if annotator is None else None
        self._cache_key: str | None = None
        self._seed: dict[str, str] | None = None
        self._tokens: dict[str, tuple[Token, ...]] = {}
        self.provisional: set[str] = set()  # read before the context model loaded
        self._provisional_lock = threading.Lock()
        # bumped when the glossary or the corrections change: a worker that started
        # before drops what it made (it must not be kept, nor cached under the new key)
        self._generation = 0
        self._shown_tokens: dict[tuple[str, str], tuple[ShownToken, ...]] = {}
        self._texts: dict[str, str] = {"title": doc.title}
        for section in doc.sections:
            if section.title:
                self._texts[section.id] = section.title
            for paragraph in section.paragraphs:
                self._texts[paragraph.id] = paragraph.text

    @property
    def annotator(self) -> Annotator:
        """Built on first use (glossary, jieba): in a worker, not on the way to first paint."""
        found = self._annotator
        if found is None:
            chosen = self.chosen
            found = chosen.annotator()
            if self.chosen is chosen:  # not chosen anew while it was built
                self._annotator = found
        return found

    def block_ids(self) -> Iterator[str]:
        yield from self._texts

    def text(self, block_id: str) -> str:
        return self._texts[block_id]

    def _block_key(self, block_id: str, text: str) -> str:
        """The block's cache row: its id, its text and the corrections that touch it
        (none for most blocks, whose rows and shipped annotations stay good)."""
        key = block_key(block_id, text)
        if self.corrections:
            digest = self.corrections.digest_for(simplified_form(text))
            if digest:
                key += f":c{digest}"
        return key

    def reload_corrections(self) -> list[str]:
        """The learner's file read again (after a change): see `set_corrections`."""
        loaded = corrections_for(self.doc, self.shipped)
        self.problems = loaded.problems
        return self.set_corrections(loaded.corrections)

    def choose_glossary(self, choice: GlossaryChoice) -> list[str]:
        """Read with another glossary (the learner turned domains on or off): every block
        is annotated again (returned: the blocks annotated so far, to re-draw); problems
        of its files are in `problems`."""
        chosen = choose_glossary(self.doc, choice, self.shipped_glossary)
        self.problems = tuple(p for p in self.problems if p not in self.chosen.problems)
        self.problems += chosen.problems
        if chosen == self.chosen:
            return []
        self._generation += 1
        self.chosen = chosen
        self._annotator = None
        self._cache_key = None
        self._seed = None
        self._tokens.clear()
        self.provisional.clear()
        self._shown_tokens.clear()
        return list(self._texts)  # a block being annotated now is annotated again too

    def set_corrections(self, corrections: Corrections) -> list[str]:
        """Use new corrections; the blocks whose words they change are annotated again
        (returned: the screen re-draws them)."""
        changed = {w for _, w, _ in corrections.entries() ^ self.corrections.entries()}
        if changed:
            self._generation += 1
        self.corrections = corrections
        stale = [
            block_id
            for block_id, text in self._texts.items()
            if block_id in self._tokens and any(w in simplified_form(text) for w in changed)
        ]
        for block_id in stale:
            del self._tokens[block_id]
            self.provisional.discard(block_id)
        self._shown_tokens.clear()
        return stale

    def _key(self) -> str:
        if self._cache_key is None:
            self._cache_key = document_key(self.doc.checksum, self.chosen.checksum)
        return self._cache_key

    def _stored(self, block_id: str, text: str) -> tuple[Token, ...] | None:
        """Tokens from the disk cache, or from the annotations shipped with the text.

        Rows are found by the block's id *and* its text: a title taken from the file
        name or the meta file is not in the checksum, and must not borrow another's."""
        if self._cache is None:
            return None
        key = self._block_key(block_id, text)
        found = self._cache.get(self._key(), key, text)
        if found is None:
            if self._seed is None:
                self._seed = load_seed(self.doc, self._key()) or {}
            if self._seed:
                found = decode_seed(self._seed, key, text)
        return found

    def tokens(self, block_id: str) -> tuple[Token, ...]:
        cached = self._tokens.get(block_id)
        if cached is None:
            generation, key = self._generation, self._key()
            text = self._texts[block_id]
            if self._cache is not None:
                cached = self._stored(block_id, text)
            if cached is None:
                row = self._block_key(block_id, text)
                cached = self.annotator.annotate(text, self.corrections)
                if self._cache is not None and generation == self._generation:
                    self._cache.put(key, {row: cached})
            if generation == self._generation:
                self._tokens[block_id] = cached
        return cached

    def annotate_many(
        self, block_ids: list[str], before_model: bool = False, again: bool = False
    ) -> None:
        """Annotate several blocks, writing the cache once for all of them.

        `before_model`: when the context model has not loaded yet (a text's first
        paint), read without it; such blocks are `provisional`, kept in memory only,
        until `settle` reads them again with the model. `again`: read blocks that have
        tokens too (they are replaced, never first removed: the screen keeps showing
        them)."""
        generation, key = self._generation, self._key()
        annotator, corrections = self.annotator, self.corrections
        model = not before_model or context_model.loaded()
        fresh = {}
        made = {}
        for block_id in block_ids:
            if block_id in self._tokens and not again:
                continue
            text = self._texts[block_id]
            hit = None if again else self._stored(block_id, text)
            if hit is None:
                hit = annotator.annotate(text, corrections, model=model)
                if model:
                    fresh[self._block_key(block_id, text)] = hit
                else:
                    with self._provisional_lock:
                        self.provisional.add(block_id)
            made[block_id] = hit
        if generation != self._generation:
            return  # another glossary or corrections meanwhile: the screen asks again
        self._tokens.update(made)
        if fresh and self._cache is not None:
            self._cache.put(key, fresh)

    def settle(self) -> list[str]:
        """Read the provisional blocks again with the context model (loading it: about
        a tenth of a second), and return those whose tokens changed."""
        if not self.provisional:
            return []
        context_model.load()
        with self._provisional_lock:
            ids, self.provisional = sorted(self.provisional), set()
        before = {block_id: self._tokens.get(block_id) for block_id in ids}
        self.annotate_many(ids, again=True)
        return [b for b in ids if self._tokens.get(b) != before[b]]

    def load_stored(self, block_ids: list[str]) -> list[str]:
        """Take the blocks the disk cache (or the text's shipped annotations) has, and
        return the ids of those it has not: only they need jieba. A cached block is a
        read of well under a millisecond, cheaper than a thread's start."""
        missing = []
        for block_id in block_ids:
            if block_id in self._tokens:
                continue
            found = self._stored(block_id, self._texts[block_id])
            if found is None:
                missing.append(block_id)
            else:
                self._tokens[block_id] = found
        return missing

    def words(self, cancelled: Callable[[], bool] = lambda: False) -> list[str] | None:
        """Every word of the text (simplified, in order), for counting what the learner
        knows of it: a block's tokens when annotated (in memory, the cache, the seed),
        else only its words (no readings; nothing kept). None when `cancelled`."""
        out: list[str] = []
        for block_id, text in self._texts.items():
            if cancelled():
                return None
            tokens = self._tokens.get(block_id) or self._stored(block_id, text)
            if tokens is not None:
                out += [t.simplified for t in tokens if not t.name]  # names are not learnt
            else:
                out += self.annotator.words(text, self.corrections)
        return out

    def has_tokens(self, block_id: str) -> bool:
        return block_id in self._tokens

    def shown(self, block_id: str, script: str) -> list[ShownToken]:
        glossary = self.annotator.glossary if script == "taiwan" else None
        return in_script(
            self._texts[block_id], self.tokens(block_id), script, self.doc.script, glossary
        )

    def shown_tokens(self, text: str, script: str) -> tuple[ShownToken, ...]:
        """Other text of this document's (a question, a choice) as words with pinyin,
        in `script`, as the passage shows its paragraphs (jieba, on first use)."""
        key = (text, script)
        found = self._shown_tokens.get(key)
        if found is None:
            tokens = self.annotator.annotate(text, self.corrections) if text else ()
            glossary = self.annotator.glossary if script == "taiwan" else None
            found = tuple(in_script(text, tokens, script, self.doc.script, glossary))
            self._shown_tokens[key] = found
        return found

    def shown_text(self, text: str, script: str) -> str:
        """Other text of this document's (a question, a choice, an explanation) as
        `script` shows the passage: in the Taiwan script whole words change too
        (硅谷 -> 矽谷), which needs the words (jieba)."""
        if script != "taiwan" or not text:
            return to_script(text, script, self.doc.script)
        return "".join(t.text for t in self.shown_tokens(text, script))
