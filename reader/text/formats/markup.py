"""The readable blocks of an HTML or XHTML tree: headings and paragraphs, nothing else.

Shared by the EPUB loader (a chapter's XHTML) and the HTML loader (the article that
trafilatura found, or the whole body when it found none). Scripts, styles, images,
forms, navigation and footnote marks are dropped; `<br>` ends a paragraph (books
converted from plain text put a whole chapter in one element, a `<br>` per
paragraph; trafilatura's extraction of a page joins such lines itself); every string
is cleaned as the plain-text loader cleans a file. The walk keeps a stack of its own
and the parse allows deep trees (libxml2's huge mode: about a thousand levels, where
its default stops at 256), so a forum page that never closes its tags is read whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree, html

from reader.text.decode import clean_text, is_text_encoding
from reader.text.parse import group_sections, join_lines

# Never text a reader wants: their content is dropped with them.
DROPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "img", "picture", "video"}
    | {"audio", "iframe", "object", "embed", "canvas", "map", "form", "button", "input"}
    | {"select", "textarea", "nav", "head", "title", "meta", "link", "rt", "rp"}
)
BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "aside", "header", "footer", "blockquote"}
    | {"pre", "li", "ul", "ol", "dl", "dd", "dt", "table", "tr", "td", "th", "caption"}
    | {"figure", "figcaption", "address", "center", "hr", "body", "html"}
)
HEADINGS = {f"h{n}": n for n in range(1, 7)}
# A footnote mark: 1, [2], ①, *, †, 注3, a (inside <sup> or a link to a note)
_NOTE_MARK = re.compile(
    r"^\s*[\[(（〔]?\s*(?:注|註)?\s*(?:\d{1,3}|[a-z]|[①-⑳]|[*†‡§]{1,3})\s*[\])）〕]?\s*$"
)
_SPACES = re.compile(r"[ \t\f\v]+")
_MARKABLE = frozenset(("a", "sup", "span", "aside"))
_NOTE_TYPES = ("noteref", "footnote-ref", "endnote-ref")


@dataclass(frozen=True, slots=True)
class TextBlock:
    text: str
    level: int = 0  # 1-6 for a heading, 0 for a paragraph


def _name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # a comment or processing instruction
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _is_note_mark(element: etree._Element, name: str) -> bool:
    if name not in _MARKABLE:
        return False
    kinds = " ".join(
        str(value) for key, value in element.attrib.items() if str(key).endswith("type")
    )
    if any(kind in kinds for kind in _NOTE_TYPES):
        return True
    if name not in ("sup", "a"):
        return False
    text = "".join(element.itertext())
    if not _NOTE_MARK.match(text):
        return False
    return name == "sup" or str(element.get("href", "")).find("#") >= 0


# Nothing in a paragraph's text that tidy() has to change (the common case, kept fast).
_PLAIN = re.compile(r"[^\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]*")


def tidy(text: str) -> str:
    """One paragraph's text: controls made visible, runs of spaces made one, lines
    joined as the plain loader joins a hard-wrapped paragraph (no space between Chinese
    characters)."""
    if _PLAIN.fullmatch(text) and "  " not in text:
        return text.strip()
    return join_lines(_SPACES.sub(" ", clean_text(text)).split("\n"))


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[TextBlock] = []
        self.pending: list[str] = []

    def flush(self, level: int = 0) -> None:
        if not self.pending:
            return
        joined = "".join(self.pending)
        self.pending.clear()
        text = tidy(joined) if not joined.isspace() else ""
        if text:
            self.blocks.append(TextBlock(text, level))

    def walk(self, root: etree._Element) -> None:
        """Depth first with a stack of its own: a page nested thousands deep (forum
        pages that never close a tag) must not exhaust Python's recursion."""
        # ("open", element) visits an element; ("close", level) ends a block;
        # ("text", string) is an element's tail, read after its content
        stack: list[tuple[str, object]] = [("open", root)]
        while stack:
            what, item = stack.pop()
            if what == "text":
                self.pending.append(item)  # type: ignore[arg-type]
                continue
            if what == "close":
                self.flush(item)  # type: ignore[arg-type]
                continue
            element: etree._Element = item
            name = _name(element)
            if not name or name in DROPPED or _is_note_mark(element, name):
                continue
            if name == "br":
                self.flush()
                continue
            level = HEADINGS.get(name, 0)
            block = bool(level) or name in BLOCKS
            if block:
                self.flush()
                stack.append(("close", level))
            for child in reversed(element):
                if child.tail:
                    stack.append(("text", child.tail))
                stack.append(("open", child))
            if element.text:
                self.pending.append(element.text)


def blocks_of(root: etree._Element) -> list[TextBlock]:
    """The headings and paragraphs under `root`, in document order."""
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return walker.blocks


_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})["']""")


def decode_markup(data: bytes) -> str:
    """An XHTML file's text: by its byte-order mark, else the encoding its XML
    declaration names, else UTF-8 (EPUB's default; a bad byte becomes U+FFFD)."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _XML_ENCODING.match(data[:200])
    if declared:
        name = declared.group(1).decode("ascii")
        if is_text_encoding(name):
            return data.decode(name, errors="replace")
    return data.decode("utf-8", errors="replace")


def parse_html(markup: str | bytes) -> etree._Element:
    """A lenient parse (a saved page or a chapter may be invalid XHTML; deep nesting is
    allowed). Raises etree.ParserError (or ValueError) on a document with no element."""
    if isinstance(markup, bytes):
        markup = decode_markup(markup)
    # lxml refuses a str that declares its encoding
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    return html.document_fromstring(markup, parser=html.HTMLParser(huge_tree=True))


def sections_of(
    blocks: list[TextBlock], opening_title: bool = True
) -> tuple[list[tuple[str | None, list[str]]], str | None]:
    """Sections from blocks: each heading followed by a paragraph starts a section, a
    heading with none after it is kept as a paragraph (no text is lost). Returns the
    sections and the opening heading (the title), when the blocks open with one and
    `opening_title` says it is the title."""
    blocks = list(blocks)
    title = blocks.pop(0).text if opening_title and blocks and blocks[0].level else None
    return group_sections([(block.text, bool(block.level)) for block in blocks]), title
