"""Which format a file is, by its content first and its extension second, and its parser.

Every format ends as a `ParsedText` (title, sections of paragraphs, and for subtitles
the cue times), which `text.loader` numbers into a Document with the same ids, the
same sidecars, the same limits and the same one-line errors for all of them.

- epub: a zip archive (`PK\\3\\4`); `formats.epub` (ebooklib)
- pdf: `%PDF-` at the start (anywhere in the first kilobyte for a `.pdf`); `formats.pdf`
  (pdfminer.six)
- vtt: a first line `WEBVTT`, else the extension `.vtt`; `formats.subtitles` (webvtt-py)
- srt: a number, then a line of two times with `-->`, else `.srt`; `formats.subtitles`
  (srt)
- html: `<!doctype html`, `<html` or `<head` at the start (or `<body` in a file that
  starts with a tag), else `.html`, `.htm`, `.xhtml`; `formats.webpage` (trafilatura)
- text: anything else (`.txt`, `.md` or no extension); `text.parse`

A file named `.epub` or `.pdf` whose bytes are neither is refused, not read as text.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from reader.errors import ReaderError

FORMATS = ("text", "html", "epub", "pdf", "srt", "vtt")
BINARY = ("epub", "pdf")
EXTENSIONS = {
    ".epub": "epub",
    ".pdf": "pdf",
    ".srt": "srt",
    ".vtt": "vtt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
}
NAMES = {
    "text": "text",
    "html": "web page",
    "epub": "EPUB book",
    "pdf": "PDF",
    "srt": "SRT subtitles",
    "vtt": "WebVTT subtitles",
}
_SRT_START = re.compile(r"^\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_BODY = re.compile(r"<body[\s>]", re.IGNORECASE)


def binary_format(head: bytes, path: Path | None = None) -> str | None:
    """'epub' or 'pdf' when the first bytes say so (the ones to read as bytes). A PDF
    starts with %PDF-; one named .pdf may have up to a kilobyte of junk before it."""
    if head.startswith(b"PK\x03\x04"):
        return "epub"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if path is not None and path.suffix.lower() == ".pdf" and b"%PDF-" in head[:1024]:
        return "pdf"
    return None


def text_format(text: str, path: Path) -> str:
    """The format of a file that decoded as text."""
    start = text[:4096].lstrip("\ufeff")
    if start.startswith("WEBVTT"):
        return "vtt"
    if _SRT_START.match(start):
        return "srt"
    if _HTML_START.match(start) or (start.lstrip().startswith("<") and _HTML_BODY.search(start)):
        return "html"
    return EXTENSIONS.get(path.suffix.lower()) or "text"


def check_binary_extension(head: bytes, path: Path) -> None:
    """A file named .epub or .pdf whose bytes are neither: refused, not read as text."""
    by_name = EXTENSIONS.get(path.suffix.lower())
    if by_name in BINARY and binary_format(head, path) is None:
        why = "it is not a zip archive" if by_name == "epub" else "it has no %PDF- header"
        raise ReaderError(
            f"has the extension {path.suffix} but is not a{'n' if by_name == 'epub' else ''} "
            f"{NAMES[by_name]} ({why})",
            path,
        )


# Libraries that log a file's defects to stderr (pdfminer: "Could not get FontBBox ...");
# the reader reports what matters in its one line, so their logs are dropped.
_CHATTY = ("pdfminer", "trafilatura", "htmldate", "courlan", "justext", "readability")


def quiet_libraries() -> None:
    for name in _CHATTY:
        logger = logging.getLogger(name)
        if not logger.propagate:
            continue
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
