"""The passage: title or heading, the paragraphs around the current one, translations.

A Line API widget: the pinyin-over-characters layout is computed by `reader.tui.ruby`
per (block, script, pinyin mode, width) and cached; strips are cut from it with the
current word cursor and dimming. Text is never parsed as markup: it goes into Segments.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from reader.lang.annotate import ShownToken
from reader.lang.pinyin import styled, tone_of
from reader.tui.ruby import RubyLine, WordIn, centred, layout

READABLE_WIDTH = 100
# the characters of new and learning words, with word marks in colour (readable on
# the dark and the light themes; the tone colours are on the pinyin row)
MARK_COLOURS = {"new": "#3d8fd6", "learning": "#c98f00"}


@dataclass(frozen=True)
class PassageBlock:
    """One block to show: its tokens in the current script and how to show them."""

    key: str
    tokens: tuple[ShownToken, ...]
    kind: str = "paragraph"  # "title", "heading" or "paragraph"
    dim: bool = False
    cursor: int | None = None
    translation: str | None = None
    show_pinyin: tuple[bool, ...] | None = None
    highlight: bool = False
    numbers: tuple[str, ...] | None = None  # a reading over each number (a setting)
    marks: tuple[str | None, ...] | None = None  # "new", "learning" or None per word


@dataclass(frozen=True)
class Look:
    """How to draw: pinyin style ('marks', 'numbers', 'zhuyin' or None for off) and colours."""

    style: str | None
    tone_colours: dict[str, str]
    colour_tones: bool
    word_marks: str = "off"  # how new and learning words are marked: colour, underline


def text_area(total_width: int) -> tuple[int, int]:
    """(width, left margin) of the text in a passage `total_width` cells wide: a readable
    width, centred, with room for the evidence bar in the margin."""
    width = max(4, min(total_width - 4, READABLE_WIDTH))
    return width, max(0, (total_width - width) // 2)


def _shape(block: PassageBlock) -> tuple:
    """What decides a block's rows (not its cursor or dimming)."""
    return (block.key, block.tokens, block.translation, block.show_pinyin, block.highlight)


class LazyStrips(Sequence[Strip]):
    """Rows made on first use and kept."""

    def __init__(self, makers: list[Callable[[], Strip]]) -> None:
        self._makers = makers
        self._made: dict[int, Strip] = {}

    def __len__(self) -> int:
        return len(self._makers)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self._makers)
        strip = self._made.get(index)
        if strip is None:
            strip = self._made[index] = self._makers[index]()
        return strip


class PassageView(Widget, can_focus=False):
    class Resized(Message):
        """The passage's height changed: the screen scrolls its paragraph back in view."""

    class Clicked(Message):
        """A click on block `key`: on its word `token`, or beside its words (None)."""

        def __init__(self, key: str, token: int | None) -> None:
            self.key = key
            self.token = token
            super().__init__()

    DEFAULT_CSS = "PassageView { height: auto; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._blocks: tuple[PassageBlock, ...] = ()
        self._look = Look("marks", {}, True)
        self._layouts: dict[tuple, list[RubyLine]] = {}
        # Textual asks for the height at the content width and renders at the widget
        # width; both are kept so neither rebuilds the other's strips.
        self._strips: dict[int, tuple[LazyStrips, dict[str, tuple[int, int]]]] = {}
        # each block's rows, kept while the look stays: a move to the next paragraph
        # redraws the two blocks whose dimming or cursor changed, not every block
        self._block_strips: dict[tuple[int, PassageBlock], LazyStrips] = {}
        self._styles: dict[tuple, Style] = {}
        self._frame_style = Style()  # the theme's colours, read once per frame

    def show(self, blocks: tuple[PassageBlock, ...], look: Look) -> None:
        """Show these blocks. When only the cursor or dimming changed, the rows keep
        their heights and a repaint is enough (no layout pass)."""
        reshaped = look != self._look or [_shape(b) for b in blocks] != [
            _shape(b) for b in self._blocks
        ]
        if look != self._look:
            self._styles.clear()
            self._block_strips.clear()
        self._blocks = blocks
        self._look = look
        self._strips.clear()
        self.refresh(layout=reshaped)

    def on_resize(self) -> None:
        self.post_message(self.Resized())

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._build(width))

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_style = self.rich_style  # walks the ancestors: once, not per row
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        strips = self._build(self.size.width)
        strip = strips[y] if 0 <= y < len(strips) else Strip.blank(self.size.width)
        return strip.apply_style(self._frame_style)  # the theme's colours under ours

    @property
    def block_rows(self) -> dict[str, tuple[int, int]]:
        """Block key -> (first row, end row) at the widget's width."""
        self._build(self.size.width)
        return self._strips[self.size.width][1]

    def region_of(self, key: str) -> Region | None:
        rows = self.block_rows.get(key)
        if rows is None:
            return None
        return Region(0, rows[0], self.size.width, rows[1] - rows[0])

    def cursor_region(self, key: str) -> Region | None:
        """The rows of the line holding the word cursor of block `key` (its pinyin and
        its characters): where the view must be when the paragraph is taller than it."""
        block = next((b for b in self._blocks if b.key == key), None)
        rows = self.block_rows.get(key)
        if block is None or rows is None or block.cursor is None:
            return None
        width, _ = text_area(self.size.width)
        per_line = 2 if self._look.style is not None else 1
        for index, line in enumerate(self._layout(block, width)):
            if any(unit.token == block.cursor for unit in line.units):
                return Region(0, rows[0] + index * per_line, self.size.width, per_line)
        return None

    def hit(self, x: int, y: int) -> tuple[str, int | None] | None:
        """What is at (x, y) of the widget: (block key, token index), the token None
        beside the words (a translation, the margin); None outside every block."""
        found = next((k for k, (a, b) in self.block_rows.items() if a <= y < b), None)
        block = next((b for b in self._blocks if b.key == found), None)
        if found is None or block is None:
            return None
        width, left = text_area(self.size.width)
        per_line = 2 if self._look.style is not None else 1
        lines = self._layout(block, width)
        index = (y - self.block_rows[found][0]) // per_line
        if index >= len(lines):
            return (found, None)
        for unit in lines[index].units:
            if unit.x <= x - left < unit.x + unit.width:
                return (found, unit.token)
        return (found, None)

    def on_click(self, event) -> None:
        found = self.hit(event.x, event.y)
        if found is not None:
            self.post_message(self.Clicked(*found))

    # building
    def _layout(self, block: PassageBlock, width: int) -> list[RubyLine]:
        style = self._look.style
        key = (block.key, block.tokens, style, width, block.show_pinyin, block.numbers)
        cached = self._layouts.get(key)
        if cached is None:
            words = [
                WordIn(
                    t.text,
                    tuple(styled(s, style or "marks") for s in t.pinyin),
                    tuple(tone_of(s) for s in t.pinyin),
                    block.numbers[i] if block.numbers else "",
                )
                for i, t in enumerate(block.tokens)
            ]
            shown = list(block.show_pinyin) if block.show_pinyin is not None else None
            cached = layout(words, width, style is not None, shown)
            if len(self._layouts) > 256:
                self._layouts.clear()
            self._layouts[key] = cached
        return cached

    def _build(self, total_width: int) -> LazyStrips:
        """The rows at `total_width`. Layout is computed for every row (the height must
        be known), strips only when a row is drawn: a long paragraph costs what is on
        screen, not what is below it."""
        built = self._strips.get(total_width)
        if built is not None:
            return built[0]
        makers: list[Callable[[], Strip]] = []
        rows: dict[str, tuple[int, int]] = {}
        blank = partial(Strip.blank, total_width)
        if len(self._block_strips) > 64:
            self._block_strips.clear()
        for index, block in enumerate(self._blocks):
            if index:
                makers.append(blank)
            start = len(makers)
            own = self._block_strips.get((total_width, block))
            if own is None:
                own = self._block_strips[(total_width, block)] = self._rows_of(block, total_width)
            makers += [partial(own.__getitem__, i) for i in range(len(own))]
            rows[block.key] = (start, len(makers))
        if len(self._strips) > 4:
            self._strips.clear()
        lazy = LazyStrips(makers)
        self._strips[total_width] = (lazy, rows)
        return lazy

    def _rows_of(self, block: PassageBlock, total_width: int) -> LazyStrips:
        """One block's rows, each made when first drawn."""
        width, left = text_area(total_width)
        makers: list[Callable[[], Strip]] = []
        for line in self._layout(block, width):
            if self._look.style is not None:
                makers.append(partial(self._pinyin_strip, line, block, left, total_width))
            makers.append(partial(self._text_strip, line, block, left, total_width))
        if block.translation:
            strips = self._translation_strips(block, width, left, total_width)
            makers += [partial(lambda strip: strip, strip) for strip in strips]
        if block.highlight:
            makers = [partial(self._mark, maker, left) for maker in makers]
        return LazyStrips(makers)

    @staticmethod
    def _mark(maker: Callable[[], Strip], left: int) -> Strip:
        """A bar in the margin beside a highlighted block (the evidence of a question)."""
        strip = maker()
        if left < 2:
            return strip
        bar = Strip([Segment(" " * (left - 2)), Segment("┃", Style(bold=True)), Segment(" ")])
        return Strip.join([bar, strip.crop(left, strip.cell_length)])

    def _word_style(self, block: PassageBlock, token: int) -> Style:
        key = (
            block.dim,
            block.kind != "paragraph",
            bool(block.tokens[token].term),
            block.cursor == token,
            block.marks[token] if block.marks else None,
            bool(block.tokens[token].name),
        )
        style = self._styles.get(key)
        if style is None:
            dim, heading, term, cursor, mark, name = key
            colour = None
            underline2 = False
            if mark is not None and self._look.word_marks == "colour":
                colour = MARK_COLOURS[mark]
            elif mark is not None and self._look.word_marks == "underline":
                underline2 = mark == "new"
                term = term or mark == "learning"
            style = self._styles[key] = Style(
                bold=heading or not dim,
                dim=dim,
                underline=term and not underline2,
                underline2=underline2,
                reverse=cursor,
                color=colour,
                italic=name,  # a name found in the text (no dictionary has it)
            )
        return style

    def _syllable_style(self, dim: bool, tone: int, cursor: bool) -> Style:
        key = ("py", dim, tone, cursor, self._look.colour_tones)
        style = self._styles.get(key)
        if style is None:
            colour = (
                self._look.tone_colours.get(str(tone))
                if self._look.colour_tones and tone in (1, 2, 3, 4, 5)
                else None
            )
            style = self._styles[key] = Style(dim=dim, color=colour, reverse=cursor)
        return style

    def _pinyin_strip(self, line: RubyLine, block: PassageBlock, left: int, total: int) -> Strip:
        segments = [Segment(" " * left)]
        x = 0
        for unit in line.units:
            if not unit.syllable:
                continue
            pad, syllable = centred(unit.syllable, unit.width)
            start = unit.x + pad
            if start > x:
                segments.append(Segment(" " * (start - x)))
            style = self._syllable_style(block.dim, unit.tone, block.cursor == unit.token)
            segments.append(Segment(syllable, style))
            x = start + cell_len(syllable)
        return Strip(segments).adjust_cell_length(total)

    def _text_strip(self, line: RubyLine, block: PassageBlock, left: int, total: int) -> Strip:
        segments = [Segment(" " * left)]
        x = 0
        previous_token = None
        for unit in line.units:
            pad, text = centred(unit.text, unit.width)
            start = unit.x + pad
            if start > x:
                gap_style = (
                    self._word_style(block, unit.token)
                    if previous_token == unit.token and block.cursor == unit.token
                    else None
                )
                segments.append(Segment(" " * (start - x), gap_style))
            segments.append(Segment(text, self._word_style(block, unit.token)))
            x = start + cell_len(text)
            previous_token = unit.token
        return Strip(segments).adjust_cell_length(total)

    def _translation_strips(
        self, block: PassageBlock, width: int, left: int, total: int
    ) -> list[Strip]:
        text = Text(block.translation or "", style=Style(italic=True, dim=block.dim))
        lines = text.wrap(self.app.console, width)
        strips = [Strip.blank(total)]
        for line in lines:
            segments = [Segment(" " * left), *line.render(self.app.console)]
            strips.append(Strip(segments).adjust_cell_length(total))
        return strips
