"""What the passage shows at a reading position: `PassageBlock`s made from the annotated
document in the settings' script and pinyin mode.

The title (on the first paragraph), the section heading, the current paragraph with
the word cursor, and the paragraphs before and after it dimmed (unless the context is
hidden). A block not annotated yet is shown as plain text in the script, without
pinyin, until its worker is done.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reader.annotated.document import AnnotatedDocument
from reader.lang.annotate import ShownToken
from reader.lang.hsk import syllabus_level
from reader.lang.numbers import NODE_RE, Spoken, reading_at
from reader.lang.script import to_script
from reader.study.position import ReadingPosition
from reader.study.words import KNOWN, NEW, is_countable, mark_of
from reader.text.chars import has_han
from reader.text.model import Paragraph
from reader.tui.settings import Settings
from reader.tui.widgets.passage import Look, PassageBlock


def is_word(token: ShownToken) -> bool:
    return any(ch.isalnum() for ch in token.text)


def words_of(tokens: Sequence[ShownToken]) -> list[bool]:
    return [is_word(t) for t in tokens]


def look_of(settings: Settings, no_color: bool) -> Look:
    pinyin = settings.pinyin
    marks = settings.word_marks
    return Look(
        None if pinyin == "off" else ("marks" if pinyin in ("level", "new") else pinyin),
        settings.tone_colours,
        settings.colour_tones and not no_color,
        "underline" if marks == "colour" and no_color else marks,
    )


class BlockMaker:
    def __init__(self, adoc: AnnotatedDocument) -> None:
        self.adoc = adoc
        self.doc = adoc.doc

    def shown(self, block_id: str, settings: Settings) -> tuple[ShownToken, ...]:
        if not self.adoc.has_tokens(block_id):
            plain_script = "traditional" if settings.script == "taiwan" else settings.script
            text = to_script(self.adoc.text(block_id), plain_script, self.doc.script)
            return (ShownToken(text, (), None, text),)
        return tuple(self.adoc.shown(block_id, settings.script))

    def word_at(self, position: ReadingPosition, settings: Settings) -> ShownToken | str:
        """The word under the cursor, or why there is none to look up."""
        pid = position.paragraph_id
        if not self.adoc.has_tokens(pid):
            return "Still reading this paragraph…"
        tokens = self.shown(pid, settings)
        index = min(position.cursor, len(tokens) - 1)
        token = tokens[index]
        if not has_han(token.text) and not token.term and self.spoken(tokens, index) is None:
            return f"No entry for “{token.text}”"
        return token

    @staticmethod
    def spoken(tokens: Sequence[ShownToken], index: int) -> Spoken | None:
        """A number's reading aloud (1570億: 一千五百七十億; a process node, 7納米: 七納米),
        None for any other word."""
        if tokens[index].pinyin and not NODE_RE.fullmatch(tokens[index].text):
            return None
        return reading_at([t.text for t in tokens], index)

    @staticmethod
    def number_readings(
        tokens: tuple[ShownToken, ...], settings: Settings
    ) -> tuple[str, ...] | None:
        """With the `number_readings` setting: each number's reading, to show over it."""
        if not settings.number_readings or settings.pinyin == "off":
            return None
        style = "marks" if settings.pinyin in ("level", "new") else settings.pinyin
        texts = [t.text for t in tokens]
        out = []
        for index, token in enumerate(tokens):
            spoken = None if token.pinyin else reading_at(texts, index)
            out.append(" ".join(spoken.styled_words(style)) if spoken is not None else "")
        return tuple(out) if any(out) else None

    @staticmethod
    def level_filter(
        tokens: tuple[ShownToken, ...], settings: Settings, statuses: Mapping[str, str]
    ) -> tuple[bool, ...] | None:
        """With pinyin "above my level" or "over new words": which words show it."""
        if settings.pinyin == "new":
            return tuple(mark_of(statuses.get(t.simplified, NEW)) is not None for t in tokens)
        if settings.pinyin != "level":
            return None
        level = settings.hsk_level
        return tuple(
            # a word the syllabus lacks shows its pinyin (its parts' levels are no guide)
            statuses.get(t.simplified) != KNOWN and (syllabus_level(t.simplified) or 99) > level
            for t in tokens
        )

    @staticmethod
    def marks(
        tokens: tuple[ShownToken, ...], settings: Settings, statuses: Mapping[str, str]
    ) -> tuple[str | None, ...] | None:
        """With word marks on: "new", "learning" or None for each word."""
        if settings.word_marks == "off":
            return None
        return tuple(
            mark_of(statuses.get(t.simplified, NEW))
            if is_countable(t.simplified) and not t.name  # a name found in the text: not
            else None  # a word to learn
            for t in tokens
        )

    def block(
        self,
        block_id: str,
        kind: str,
        dim: bool,
        cursor: int | None,
        translation: str | None,
        settings: Settings,
        known: Mapping[str, str],
        highlight: str | None = None,
        tokens: tuple[ShownToken, ...] | None = None,
    ) -> PassageBlock:
        tokens = tokens if tokens is not None else self.shown(block_id, settings)
        return PassageBlock(
            block_id,
            tokens,
            kind,
            dim,
            cursor,
            translation if settings.translation else None,
            self.level_filter(tokens, settings, known),
            block_id == highlight,
            self.number_readings(tokens, settings),
            self.marks(tokens, settings, known),
        )

    def passage(
        self,
        position: ReadingPosition,
        settings: Settings,
        known: Mapping[str, str],
        highlight: str | None,
    ) -> tuple[PassageBlock, ...]:
        """The blocks around `position`; the word cursor is settled on a word."""
        section = position.section
        blocks = []
        if position.index == 0:
            blocks.append(
                self.block(
                    "title", "title", False, None, self.doc.title_translation, settings, known
                )
            )
        if section.title:
            blocks.append(
                self.block(
                    section.id, "heading", False, None, section.title_translation, settings, known
                )
            )
        paragraphs = section.paragraphs
        here = next(i for i, p in enumerate(paragraphs) if p.id == position.paragraph_id)
        context_shown = settings.context != "hidden"
        for i in range(max(0, here - 1), min(len(paragraphs), here + 2)):
            if i == here or context_shown:
                blocks.append(
                    self._paragraph(
                        paragraphs[i], position if i == here else None, settings, known, highlight
                    )
                )
        return tuple(blocks)

    def _paragraph(
        self,
        paragraph: Paragraph,
        position: ReadingPosition | None,
        settings: Settings,
        known: Mapping[str, str],
        highlight: str | None,
    ) -> PassageBlock:
        # a text without a translation says so once, in the status bar, not under each
        translation = paragraph.translation if self.doc.has_translation else None
        if position is None:
            return self.block(
                paragraph.id, "paragraph", True, None, translation, settings, known, highlight
            )
        tokens = self.shown(paragraph.id, settings)
        position.settle(words_of(tokens))
        return self.block(
            paragraph.id,
            "paragraph",
            False,
            position.cursor,
            translation,
            settings,
            known,
            highlight,
            tokens,
        )
