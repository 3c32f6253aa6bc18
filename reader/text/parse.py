"""The plain-text format: title line, blank-line paragraphs, short unpunctuated headings.

Markdown `#` headings are honoured too. A heading starts a new section; paragraphs
before the first heading form section 1 without a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.text.chars import HAN_RE, cell_len, within_cells

# A line ending in one of these is a sentence, not a heading.
CLOSING_PUNCTUATION = frozenset("。．.!！?？…;；:：,，、」』”\"’'—~～")
HEADING_MAX_CELLS = 40
TITLE_MAX_CELLS = 100
LINES_PER_PARAGRAPH = 200
# A paragraph longer than this (a page pasted as one line) is split at sentence ends into
# pieces of about PIECE_CHARS, and a sentence longer than it at a comma or, failing
# that, hard: the pipeline and the screen work a paragraph at a time.
PARAGRAPH_MAX_CHARS = 3000
PIECE_CHARS = 600
_SOFT_BREAK = "，,、：:；; "
SENTENCE_END = frozenset("。．.!！?？")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_CJK_EDGE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")


@dataclass(frozen=True, slots=True)
class Block:
    text: str
    heading: bool
    single_line: bool = True


def join_lines(lines: list[str]) -> str:
    """Join a hard-wrapped paragraph: no space between Chinese characters, one otherwise."""
    out = ""
    for line in (line.replace("\t", " ").strip() for line in lines):
        if not line:
            continue
        if out and not (_CJK_EDGE.match(out[-1]) or _CJK_EDGE.match(line[0])):
            out += " "
        out += line
    return out


def is_plain_heading(text: str) -> bool:
    return (
        bool(text)
        and text[-1] not in CLOSING_PUNCTUATION
        and within_cells(text, HEADING_MAX_CELLS)
        and cell_len(text) > 0
    )


def is_title_line(block: Block) -> bool:
    text = block.text
    return block.heading or (
        block.single_line and text[-1] not in SENTENCE_END and within_cells(text, TITLE_MAX_CELLS)
    )


def split_blocks(text: str) -> list[Block]:
    """Blocks separated by blank lines; each Markdown heading line is a block of its own."""
    blocks: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        if len(pending) > LINES_PER_PARAGRAPH:
            # Nobody hard-wraps one paragraph over hundreds of lines: this is a list or a
            # log, and each line is a paragraph of its own.
            lines = list(pending)
            pending.clear()
            for line in lines:
                pending.append(line)
                flush()
            return
        joined = join_lines(pending)
        if joined:
            single = len(pending) == 1
            blocks.append(Block(joined, single and is_plain_heading(joined), single))
        pending.clear()

    for line in text.split("\n"):
        if not line.strip():
            flush()
            continue
        match = _MARKDOWN_HEADING.match(line)
        if match and match.group(2):
            flush()
            blocks.append(Block(match.group(2), heading=True))
            continue
        pending.append(line)
    flush()
    return blocks


@dataclass(frozen=True, slots=True)
class ParsedText:
    """What a format's parser makes of a file, before the ids are numbered."""

    title: str | None
    sections: list[tuple[str | None, list[str]]]
    split: int = 0  # paragraphs longer than PARAGRAPH_MAX_CHARS that were split
    author: str | None = None
    # subtitles: (start, end) in seconds of each paragraph, section by section
    times: list[list[tuple[float, float]]] | None = None
    # bilingual subtitles: each paragraph's translation, section by section
    translations: list[list[str | None]] | None = None
    notices: tuple[str, ...] = ()


def split_long(text: str) -> list[str]:
    """`text`, or pieces of it when it is longer than PARAGRAPH_MAX_CHARS: whole
    sentences of about PIECE_CHARS together. Joining the pieces gives `text` back."""
    if len(text) <= PARAGRAPH_MAX_CHARS:
        return [text]
    pieces: list[str] = []
    current = ""
    for _, sentence in sentences(text):
        while len(sentence) > PARAGRAPH_MAX_CHARS:
            cut = max(sentence.rfind(ch, 0, PARAGRAPH_MAX_CHARS) for ch in _SOFT_BREAK)
            cut = cut + 1 if cut > PIECE_CHARS else PARAGRAPH_MAX_CHARS
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut])
            sentence = sentence[cut:]
        if current and len(current) + len(sentence) > PIECE_CHARS:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def group_sections(blocks: list[tuple[str, bool]]) -> list[tuple[str | None, list[str]]]:
    """(text, is heading) blocks as sections: a heading followed by a paragraph starts
    one; a heading with none after it is kept as a paragraph, so no text is lost."""
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for index, (text, heading) in enumerate(blocks):
        if heading and index + 1 < len(blocks) and not blocks[index + 1][1]:
            sections.append((text, []))
        else:
            sections[-1][1].append(text)
    return [s for s in sections if s[1]]


def split_sections(
    sections: list[tuple[str | None, list[str]]], split: bool = True
) -> tuple[list[tuple[str | None, list[str]]], int]:
    """Sections with their long paragraphs split (`split_long`), empty ones dropped, and
    the number of paragraphs that were split."""
    out: list[tuple[str | None, list[str]]] = []
    long_ones = 0
    for heading, texts in sections:
        paragraphs: list[str] = []
        for text in texts:
            pieces = split_long(text) if split else [text]
            long_ones += len(pieces) > 1
            paragraphs.extend(pieces)
        if paragraphs:
            out.append((heading, paragraphs))
    return out, long_ones


def parse_plain(text: str, split: bool = True) -> ParsedText:
    """Split `text` into a title and sections of paragraphs.

    The first block is the title when it reads like one (a heading-shaped line);
    a heading with no paragraph after it is kept as a paragraph, so no text is lost.
    `split`: paragraphs longer than PARAGRAPH_MAX_CHARS are split (not for a text whose
    translation or questions name its paragraphs by position).
    """
    blocks = split_blocks(text)
    title = None
    if len(blocks) > 1 and is_title_line(blocks[0]):
        title = blocks.pop(0).text
    sections = group_sections([(block.text, block.heading) for block in blocks])
    done, long_ones = split_sections(sections, split)
    return ParsedText(title, done, long_ones)


def has_chinese(text: str) -> bool:
    return HAN_RE.search(text) is not None


_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")


def sentences(text: str) -> list[tuple[int, str]]:
    """(start, sentence) of a paragraph, split after 。！？； (and !?;) and line ends."""
    out, start = [], 0
    for piece in _SENTENCE_END.split(text):
        if piece:
            out.append((start, piece))
            start += len(piece)
    return out
