"""PDFs with a text layer (pdfminer.six): paragraphs rebuilt from the lines of each page.

pdfminer.six, not pypdf: its layout analysis gives the lines and text boxes with their
positions and font sizes, which is what a paragraph and a heading are recognised by;
pypdf gives the page's text as one string. A new paragraph starts at a text box, at a
line that is indented (by position, or by the ideographic spaces Chinese paragraphs open
with) and after a short line that ends a sentence; the lines of a paragraph are joined
as the plain loader joins them (no space between Chinese characters), also across a page
break. At the top and the bottom of a page (two lines each), page numbers, running
heads (the same line on many pages) and lines in smaller type are dropped; a short
line in a larger font is a heading. An encrypted PDF opens when it has no user
password; one that needs a password, and one with no text layer (scanned pages), is
refused with a line that says so.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from reader.errors import ReaderError
from reader.text.formats import quiet_libraries
from reader.text.formats.markup import TextBlock, sections_of, tidy
from reader.text.parse import (
    HEADING_MAX_CELLS,
    SENTENCE_END,
    ParsedText,
    is_plain_heading,
    join_lines,
    split_sections,
)

MAX_PAGES = 5000
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—·•|]*(?:第\s*)?\d{1,4}(?:\s*[頁页])?(?:\s*/\s*\d{1,4})?[\s\-–—·•|]*$"
)
_INDENT = ("\u3000", "  ")
_CLOSERS = "”’」』）)\"'"  # after a sentence's end: 。” still ends it


@dataclass(frozen=True, slots=True)
class _Line:
    page: int
    box: int
    x0: float
    x1: float
    y: float
    size: float
    text: str


# A font's width table maps character codes, which stop at 65535; a range past that is
# damage or an attack (`/W [1 99999999999 500]` would fill memory in pdfminer).
MAX_CODE = 0xFFFF


def _capped(seq: object, numbers: int) -> list:
    """A /W or /W2 array whose ranges (`first last width...`, `numbers` values long)
    stay inside the character codes."""
    from pdfminer.pdftypes import resolve1

    out: list = []
    run: list = []
    for value in seq if isinstance(seq, list) else []:
        value = resolve1(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            run.append(value)
            if len(run) == numbers:
                first, last = run[0], run[1]
                if isinstance(first, int) and isinstance(last, int) and 0 <= first <= MAX_CODE:
                    out += [first, min(last, MAX_CODE), *run[2:]]
                run = []
        else:
            out += run
            run = []
            out.append(value)
    return out + run


def _guard_pdfminer() -> None:
    """Install the width-range cap in pdfminer (once)."""
    from pdfminer import pdffont

    if getattr(pdffont, "_reader_capped", False):
        return
    widths, widths2 = pdffont.get_widths, pdffont.get_widths2
    pdffont.get_widths = lambda seq: widths(_capped(seq, 3))
    pdffont.get_widths2 = lambda seq: widths2(_capped(seq, 5))
    pdffont._reader_capped = True  # type: ignore[attr-defined]


def _lines(data: bytes, path: Path) -> tuple[list[_Line], int, bool]:
    """Every text line of the document, the page count and whether any page had images."""
    quiet_libraries()
    _guard_pdfminer()
    from pdfminer.high_level import extract_pages  # deferred: only a PDF needs it
    from pdfminer.layout import LAParams, LTChar, LTFigure, LTImage, LTTextBoxHorizontal
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    lines: list[_Line] = []
    images = False
    pages = 0
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams())):
            pages = number + 1
            if pages > MAX_PAGES:
                raise ReaderError(f"has more than {MAX_PAGES:,} pages", path)
            for index, box in enumerate(page):
                if isinstance(box, (LTImage, LTFigure)):
                    images = True
                if not isinstance(box, LTTextBoxHorizontal):
                    continue
                for line in box:
                    chars = [ch for ch in line if isinstance(ch, LTChar)]
                    text = line.get_text().rstrip("\n")
                    if chars and text.strip():
                        size = median(ch.size for ch in chars)
                        lines.append(_Line(number, index, line.x0, line.x1, line.y0, size, text))
    except ReaderError:
        raise
    except PDFPasswordIncorrect:
        raise ReaderError(
            "is encrypted with a password: save an unprotected copy and open that", path
        ) from None
    except PDFEncryptionError as exc:
        raise ReaderError(f"is encrypted in a way that cannot be opened ({exc})", path) from None
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        reason = str(exc) or type(exc).__name__
        raise ReaderError(f"is not a valid PDF ({tidy(reason)[:120]})", path) from None
    return lines, pages, images


def _edges(lines: list[_Line]) -> set[int]:
    """The lines at the top and the bottom of their page (two each): where running
    heads, feet and page numbers are, and only there."""
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    out: set[int] = set()
    for page in by_page.values():
        ordered = sorted(page, key=lambda line: line.y)
        out.update(id(line) for line in ordered[:2] + ordered[-2:])
    return out


def _running_heads(lines: list[_Line], pages: int, edges: set[int]) -> set[str]:
    """Edge lines that come back on many pages (a book's title, a chapter's name)."""
    if pages < 3:
        return set()
    on_pages: dict[str, set[int]] = {}
    for line in lines:
        if id(line) in edges:
            on_pages.setdefault(" ".join(line.text.split()), set()).add(line.page)
    return {text for text, seen in on_pages.items() if len(seen) >= max(3, 0.3 * pages)}


def _blocks(lines: list[_Line], pages: int) -> list[TextBlock]:
    edges = _edges(lines)
    heads = _running_heads(lines, pages, edges)
    # the body's type: the size most characters are set in
    by_size: dict[float, int] = {}
    for line in lines:
        by_size[line.size] = by_size.get(line.size, 0) + len(line.text)
    body = max(by_size, key=lambda size: by_size[size])
    kept = [
        line
        for line in lines
        if id(line) not in edges
        or not (
            _PAGE_NUMBER.match(line.text)
            or " ".join(line.text.split()) in heads
            or line.size < 0.9 * body  # a head or foot in smaller type
        )
    ]
    if not kept:
        return []
    left: dict[int, float] = {}
    right: dict[int, float] = {}
    for line in kept:
        left[line.page] = min(left.get(line.page, line.x0), line.x0)
        right[line.page] = max(right.get(line.page, line.x1), line.x1)
    blocks: list[TextBlock] = []
    pending: list[str] = []
    previous: _Line | None = None

    def flush(level: int = 0) -> None:
        text = tidy(join_lines(pending))
        pending.clear()
        if text:
            blocks.append(TextBlock(text, level))

    for line in kept:
        text = line.text.strip()
        heading = line.size >= 1.2 * body and is_plain_heading(text)
        if heading and len(text) <= HEADING_MAX_CELLS:
            flush()
            if (
                blocks
                and blocks[-1].level
                and previous is not None
                and (previous.page, previous.box) == (line.page, line.box)
            ):
                blocks[-1] = TextBlock(join_lines([blocks[-1].text, text]), 1)
            else:
                pending.append(text)
                flush(1)
            previous = line
            continue
        indented = line.text.startswith(_INDENT) or line.x0 > left[line.page] + 1.5 * line.size
        if previous is not None and pending:
            same_box = previous.page == line.page and previous.box == line.box
            ended = pending[-1].rstrip().rstrip(_CLOSERS)[-1:] in SENTENCE_END
            short = previous.x1 < right[previous.page] - 2 * previous.size
            next_page = line.page != previous.page
            # a sentence that ends on a short line, or at the end of a text box or a
            # page, ends its paragraph; an indented line starts one
            if indented or (ended and (short or not same_box or next_page)):
                flush()
        pending.append(text)
        previous = line
    flush()
    return blocks


def _info(data: bytes) -> tuple[str | None, str | None]:
    """(title, author) from the document's information dictionary, when it has them."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.utils import decode_text

    try:
        info = PDFDocument(PDFParser(io.BytesIO(data))).info
    except Exception:  # the pages were read: a damaged dictionary costs only the title
        return None, None
    found: list[str | None] = []
    for key in ("Title", "Author"):
        value = next((entry.get(key) for entry in info if entry.get(key)), None)
        if isinstance(value, bytes):
            value = decode_text(value)
        text = tidy(value) if isinstance(value, str) else ""
        found.append(
            text
            if text and not text.lower().startswith(("untitled", "microsoft", "anonymous"))
            else None
        )
    return found[0], found[1]


def parse_pdf(data: bytes, path: Path, split: bool = True) -> ParsedText:
    lines, pages, images = _lines(data, path)
    if not lines:
        if images or pages:
            raise ReaderError(
                "has no text layer (its pages are images: scanned?); "
                "run OCR on it, or open a text copy",
                path,
            )
        raise ReaderError("has no pages", path)
    title, author = _info(data)
    sections, heading = sections_of(_blocks(lines, pages), opening_title=title is None)
    done, long_ones = split_sections(sections, split)
    return ParsedText(title or heading, done, long_ones, author=author)
