"""Pinyin over characters: the layout of one paragraph at one width. Pure (no Textual).

Every Han character gets a column as wide as the wider of the character (2 cells) and
its syllable; the syllable is centred on the line above it. Words are separated by a
wider gap than the characters inside them, and lines wrap between words (a word is
split only when it alone is wider than the line). Closing punctuation never starts a
line: it travels with the word before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from reader.text.chars import is_han

NO_LINE_START = frozenset("，。、：；！？”’）」』》〉,.:;!?)]}…—")


@dataclass(frozen=True, slots=True)
class Unit:
    """One column: a Han character with its syllable, or a run of other characters."""

    text: str
    syllable: str
    tone: int
    token: int
    x: int
    width: int


@dataclass(frozen=True, slots=True)
class RubyLine:
    units: tuple[Unit, ...]


@dataclass(frozen=True, slots=True)
class WordIn:
    """What the layout needs of a token: its text, one syllable (already styled, '' to
    hide) and one tone per Han character."""

    text: str
    syllables: tuple[str, ...]
    tones: tuple[int, ...]
    over: str = ""  # shown over a word with no Han characters (a number's reading)


def _units(word: WordIn, show: bool) -> list[tuple[str, str, int, int]]:
    """(text, syllable, tone, width) per column of one word."""
    out: list[tuple[str, str, int, int]] = []
    han = 0
    run = ""
    for ch in word.text:
        if is_han(ch) and han < len(word.syllables):
            if run:
                out.append((run, "", 0, cell_len(run)))
                run = ""
            syllable = word.syllables[han] if show else ""
            out.append(
                (
                    ch,
                    syllable,
                    word.tones[han] if han < len(word.tones) else 5,
                    max(cell_len(ch), cell_len(syllable)),
                )
            )
            han += 1
        else:
            run += ch
    if run:
        over = word.over if show and not han else ""
        out.append((run, over, 5 if over else 0, max(cell_len(run), cell_len(over))))
    return out


def _split_wide(units, width: int):
    """Cut a column wider than the line into pieces that fit (only a long Latin run)."""
    for text, syllable, tone, w in units:
        if w <= width or (syllable and is_han(text[0])):
            yield text, syllable, tone, w
            continue
        # a long Latin run, or a number whose reading is wider than the line (shown
        # without it)
        if cell_len(text) <= width:
            yield text, "", 0, cell_len(text)
            continue
        piece = ""
        for ch in text:
            if piece and cell_len(piece + ch) > width:
                yield piece, "", 0, cell_len(piece)
                piece = ""
            piece += ch
        if piece:
            yield piece, "", 0, cell_len(piece)


def layout(
    words: list[WordIn],
    width: int,
    pinyin: bool,
    shown: list[bool] | None = None,
) -> list[RubyLine]:
    """Lines of placed columns. `shown[i]` False hides word i's pinyin (level mode)."""
    width = max(width, 4)
    inner_gap = 1 if pinyin else 0
    word_gap = 2 if pinyin else 0
    groups: list[list[int]] = []
    for index, word in enumerate(words):
        if (
            groups
            and word.text
            and word.text[0] in NO_LINE_START
            and all(ch in NO_LINE_START or ch.isspace() for ch in word.text)
        ):
            groups[-1].append(index)
        else:
            groups.append([index])
    lines: list[RubyLine] = []
    current: list[Unit] = []
    x = 0

    def place(columns, token: int, gap_before: int) -> None:
        nonlocal x, current
        for n, (text, syllable, tone, w) in enumerate(columns):
            gap = gap_before if n == 0 else inner_gap
            if current and x + gap + w > width:
                lines.append(RubyLine(tuple(current)))
                current, x, gap = [], 0, 0
            if not current:
                gap = 0
            x += gap
            current.append(Unit(text, syllable, tone, token, x, w))
            x += w

    previous_han = True
    for group in groups:
        columns_per_word = []
        for index in group:
            show = pinyin and (shown is None or shown[index])
            columns = list(_split_wide(_units(words[index], show), width))
            columns_per_word.append((index, columns))
        widths = [
            sum(c[3] for c in cols) + inner_gap * (len(cols) - 1) for _, cols in columns_per_word
        ]
        group_width = sum(widths)
        has_han = any(words[i].syllables for i in group)
        # Runs of Latin letters, digits and signs (1/3, GPT-5, a URL) stay together.
        gap = word_gap if (has_han or previous_han) else 0
        previous_han = has_han
        overflows = current and x + gap + group_width > width
        if overflows and (group_width <= width or x + gap + widths[0] > width):
            lines.append(RubyLine(tuple(current)))
            current, x = [], 0
        for n, (index, columns) in enumerate(columns_per_word):
            is_punct = n > 0
            place(columns, index, 0 if is_punct else gap)
    if current:
        lines.append(RubyLine(tuple(current)))
    return lines


def centred(text: str, width: int) -> tuple[int, str]:
    """(left padding, text) placing `text` in the middle of `width` cells."""
    pad = max(0, (width - cell_len(text)) // 2)
    return pad, text
