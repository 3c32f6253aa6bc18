"""A web page saved from a browser: the article, without navigation, ads and comments.

The extraction is trafilatura's: a kept library (released this autumn), whose XML
output keeps the article's headings as elements of their own (they become sections)
and which needs no network for a page given as a string. The alternatives were
readability-lxml (which returns the article as HTML still to be walked) and jusText (a
paragraph classifier, which trafilatura itself falls back on).

A page where trafilatura finds no article (a short page, a list of paragraphs with no
markup around them) falls back on every block of the body, so a page's text is never
silently lost. The charset is the page's own (`<meta
charset>`, or http-equiv), else detected as for a plain text.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from reader.errors import ReaderError
from reader.text.decode import decode_text
from reader.text.formats import quiet_libraries
from reader.text.formats.markup import TextBlock, blocks_of, parse_html, sections_of, tidy
from reader.text.parse import ParsedText, split_sections


def _extract(markup: str) -> list[TextBlock]:
    """The article's blocks, as trafilatura finds them."""
    quiet_libraries()
    import trafilatura  # deferred: 160 ms of imports only a web page needs

    xml = trafilatura.extract(
        markup,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    if not xml:
        return []
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, no_network=True))
    if root is None:
        return []
    out = []
    for element in root.iter("head", "p", "item", "quote", "cell", "code"):
        if element.tag in ("p", "item", "quote", "cell", "code") and any(
            ancestor.tag in ("p", "item", "quote", "cell") for ancestor in element.iterancestors()
        ):
            continue  # a block nested in a block is part of its text
        text = tidy("".join(element.itertext()))
        if text:
            out.append(TextBlock(text, _level(element) if element.tag == "head" else 0))
    return out


def _level(head: etree._Element) -> int:
    """A trafilatura heading's level (rend="h3"), 2 when it does not say."""
    rend = head.get("rend") or ""
    return int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2


def _page_title(root: etree._Element) -> str | None:
    for xpath in ("//meta[@property='og:title']/@content", "//title//text()"):
        found = root.xpath(xpath)
        text = tidy(" ".join(str(value) for value in found)) if found else ""
        if text:
            return text
    return None


def parse_page(data: bytes, path: Path, split: bool = True) -> tuple[ParsedText, str]:
    """(the parsed article, the page's encoding)."""
    text, encoding = decode_text(data, path)
    try:
        root = parse_html(text)
    except (etree.ParserError, ValueError):
        raise ReaderError("is an HTML page with nothing in it", path) from None
    try:
        blocks = _extract(text)
    except Exception:  # trafilatura on a page it cannot handle: use the body instead
        blocks = []
    if not blocks:
        body = root.find("body")
        blocks = blocks_of(body if body is not None else root)
    sections, heading = sections_of(blocks)
    title = heading or _page_title(root)
    done, long_ones = split_sections(sections, split)
    author = root.xpath("//meta[@name='author']/@content")
    return (
        ParsedText(title, done, long_ones, author=tidy(str(author[0])) if author else None),
        encoding,
    )
