"""Where the learner is in a document: the current paragraph and the word cursor.

Pure and small, so the reading screen only draws it: stepping by paragraph, by section
and by word, and where sections start. Words are given as a sequence of booleans (is
this token a word the cursor may stop on?), so the model needs no tokens.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.text.model import Document, Section


class ReadingPosition:
    def __init__(self, doc: Document, paragraph_id: str | None = None) -> None:
        self.doc = doc
        self.paragraph_ids: tuple[str, ...] = tuple(doc.paragraph_ids())
        self._numbers = {pid: i for i, pid in enumerate(self.paragraph_ids)}
        starts, count = [], 0
        for section in doc.sections:
            starts.append(count)
            count += len(section.paragraphs)
        self.section_starts: tuple[int, ...] = tuple(starts)
        self.index = self._numbers.get(paragraph_id, 0) if paragraph_id else 0
        self.cursor = 0

    @property
    def paragraph_id(self) -> str:
        return self.paragraph_ids[self.index]

    @property
    def section(self) -> Section:
        return self.doc.section_of(self.paragraph_id)

    @property
    def count(self) -> int:
        return len(self.paragraph_ids)

    def index_of(self, paragraph_id: str) -> int | None:
        return self._numbers.get(paragraph_id)

    def blocks_around(self) -> list[str]:
        """The blocks the screen shows now or soon: the title on the first paragraph,
        the section's heading, the paragraph before this one and the two after it."""
        index, ids = self.index, self.paragraph_ids
        section = self.section
        heads = [section.id] if section.title else []
        if index == 0:
            heads.insert(0, "title")
        return [*heads, *ids[max(0, index - 1) : index + 3]]

    def move_to(self, index: int) -> bool:
        """Go to paragraph `index` (clamped); a new paragraph puts the cursor on its
        first token. True when the paragraph changed."""
        index = max(0, min(self.count - 1, index))
        if index == self.index:
            return False
        self.index = index
        self.cursor = 0
        return True

    def at_section_end(self) -> bool:
        return self.section.paragraphs[-1].id == self.paragraph_id

    def next_section_start(self) -> int | None:
        return next((s for s in self.section_starts if s > self.index), None)

    def previous_section_start(self) -> int:
        """The start of this section, or of the previous one when already at its start."""
        current = max(s for s in self.section_starts if s <= self.index)
        earlier = [s for s in self.section_starts if s < current]
        return current if self.index > current or not earlier else earlier[-1]

    def step_word(self, words: Sequence[bool], step: int) -> bool:
        """Move the cursor to the next (step 1) or previous (step -1) word; False when
        there is none in that direction."""
        i = self.cursor + step
        while 0 <= i < len(words):
            if words[i]:
                self.cursor = i
                return True
            i += step
        return False

    def settle(self, words: Sequence[bool]) -> None:
        """Keep the cursor inside the paragraph's tokens and on a word."""
        self.cursor = min(self.cursor, max(0, len(words) - 1))
        if words and not words[self.cursor] and not self.step_word(words, 1):
            self.step_word(words, -1)
