"""EPUB books (ebooklib): the spine's chapters become sections, titled from the table
of contents; the title and author come from the metadata.

A book is a zip archive, so its declared sizes are checked before anything is
unpacked (a zip bomb is refused, not unpacked), and a book whose chapters are
encrypted (DRM: Adobe ADEPT, Apple FairPlay, Readium LCP) is refused with a line that
says so. Font obfuscation, which DRM-free books use too, is not encryption of the text.
"""

from __future__ import annotations

import io
import posixpath
import warnings
import zipfile
import zlib
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from reader.errors import ReaderError
from reader.text.formats.markup import blocks_of, parse_html, sections_of, tidy
from reader.text.parse import ParsedText, split_sections

# What a book may unpack to: its chapters, and everything in it (images included).
MAX_CHAPTERS_BYTES = 64 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
# The algorithms that only obfuscate fonts (IDPF and Adobe): not DRM.
_FONT_OBFUSCATION = (
    "http://www.idpf.org/2008/embedding",
    "http://ns.adobe.com/pdf/enc#RC",
)
_DRM_MARKERS = ("META-INF/rights.xml", "META-INF/sinf.xml", "META-INF/license.lcpl")
_ENC = "{http://www.w3.org/2001/04/xmlenc#}"
_DOCUMENT_TYPES = ("application/xhtml+xml", "text/html")


# What reading a damaged or unusual zip raises (a compression method zipfile lacks:
# NotImplementedError; damaged deflate data: zlib.error; an encrypted member: RuntimeError).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    zlib.error,
)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _check_archive(data: bytes, path: Path) -> None:
    """Refuse a zip that is no EPUB, a zip bomb and a book under DRM, before ebooklib
    reads a byte of it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        members = archive.infolist()
    except ZIP_ERRORS as exc:
        raise ReaderError(
            f"is not a valid EPUB book: the zip archive is damaged ({exc})", path
        ) from None
    if "META-INF/container.xml" not in names:
        kind = "a Word document" if "word/document.xml" in names else "a zip archive"
        raise ReaderError(f"is {kind}, not an EPUB book (no META-INF/container.xml)", path)
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise ReaderError(
            f"unpacks to {_mb(total)} (the limit for a book is {_mb(MAX_UNPACKED_BYTES)})", path
        )
    chapters = sum(
        m.file_size for m in members if m.filename.lower().endswith((".xhtml", ".html", ".htm"))
    )
    if chapters > MAX_CHAPTERS_BYTES:
        raise ReaderError(
            f"has {_mb(chapters)} of chapters (the limit is {_mb(MAX_CHAPTERS_BYTES)})", path
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise ReaderError("is protected by DRM (its files are encrypted)", path)
    drm = next((name for name in _DRM_MARKERS if name in names), None)
    if drm is None and "META-INF/encryption.xml" in names:
        try:
            drm = _encrypted_content(archive.read("META-INF/encryption.xml"))
        except ZIP_ERRORS as exc:
            raise ReaderError(
                f"is not a valid EPUB book: its encryption.xml cannot be read ({exc})", path
            ) from None
    if drm:
        raise ReaderError(
            "is protected by DRM (its chapters are encrypted): only DRM-free books can be opened",
            path,
        )


def _encrypted_content(xml: bytes) -> str | None:
    """The first file that encryption.xml encrypts with something other than font
    obfuscation, or None."""
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return "META-INF/encryption.xml"
    for data in root.iter(f"{_ENC}EncryptedData"):
        method = data.find(f"{_ENC}EncryptionMethod")
        algorithm = method.get("Algorithm", "") if method is not None else ""
        if algorithm not in _FONT_OBFUSCATION:
            reference = data.find(f"{_ENC}CipherData/{_ENC}CipherReference")
            return reference.get("URI", "?") if reference is not None else "?"
    return None


def _toc_titles(toc: object, out: dict[str, str]) -> dict[str, str]:
    """file name -> the first title the table of contents gives it."""
    from ebooklib import epub

    for entry in toc if isinstance(toc, (list, tuple)) else [toc]:
        if isinstance(entry, tuple) and len(entry) == 2:
            head, children = entry
            _toc_titles(head, out)
            _toc_titles(children, out)
        elif isinstance(entry, (epub.Link, epub.Section)):
            href = unquote((entry.href or "").split("#", 1)[0])
            title = tidy(entry.title or "")
            if href and title and href not in out:
                out[href] = title
        elif isinstance(entry, list):
            _toc_titles(entry, out)
    return out


def _metadata(book: object, name: str) -> str | None:
    values = book.get_metadata("DC", name)  # type: ignore[attr-defined]
    for value, _ in values:
        text = tidy(str(value or ""))
        if text:
            return text
    return None


def parse_epub(data: bytes, path: Path, split: bool = True) -> ParsedText:
    _check_archive(data, path)
    from ebooklib import ITEM_DOCUMENT, epub  # deferred: only a book needs it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = epub.read_epub(io.BytesIO(data), {"ignore_ncx": False})
    except ReaderError:
        raise
    except Exception as exc:  # ebooklib, zipfile and lxml raise many kinds on a bad book
        reason = str(exc) or type(exc).__name__
        raise ReaderError(f"is not a valid EPUB book ({reason})", path) from None
    titles = _toc_titles(book.toc, {})
    sections: list[tuple[str | None, list[str]]] = []
    by_id: dict[str, epub.EpubItem] = {}
    for item in book.get_items():
        by_id.setdefault(item.get_id(), item)  # the first of a repeated id, as ebooklib does
    for idref, *_ in book.spine:
        item = by_id.get(idref)
        # the book's own table of contents is not a chapter
        if item is None or item.get_type() != ITEM_DOCUMENT or isinstance(item, epub.EpubNav):
            continue
        if getattr(item, "media_type", "application/xhtml+xml") not in _DOCUMENT_TYPES:
            continue
        try:
            # the file as it is in the book (get_content() would parse and write it anew)
            root = parse_html(item.content or b"")
        except (etree.ParserError, ValueError):
            continue  # an empty chapter file
        name = item.get_name()
        chapter, heading = sections_of(blocks_of(root))
        # the chapter's own opening heading, else what the table of contents calls it
        title = heading or titles.get(name) or titles.get(posixpath.basename(name))
        if chapter and chapter[0][0] is None:
            chapter[0] = (title, chapter[0][1])
        elif title:  # a part's title page, or a heading right after the title
            chapter.insert(0, (None, [title]))
        sections.extend(chapter)
    done, long_ones = split_sections(sections, split)
    return ParsedText(_metadata(book, "title"), done, long_ones, author=_metadata(book, "creator"))
