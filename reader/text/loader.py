"""Load a Document from a file, with its sidecars (`NAME.en.txt`, `NAME.meta.toml`)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from reader.errors import ReaderError
from reader.safe import for_terminal
from reader.schema import Field, Schema, parse_toml
from reader.text import parsed_cache
from reader.text.chars import convert
from reader.text.decode import CUT_UTF8, clean_text, decode_bytes, decode_text
from reader.text.formats import binary_format, check_binary_extension, text_format
from reader.text.model import Document, Paragraph, Section, paragraph_id
from reader.text.parse import (
    PARAGRAPH_MAX_CHARS,
    ParsedText,
    has_chinese,
    parse_plain,
    split_blocks,
)

# A novel is 1-3 MB; past this the file is a log or an archive opened by mistake.
MAX_TEXT_BYTES = 12 * 1024 * 1024
# An EPUB or a PDF carries images and fonts besides its text.
MAX_BOOK_BYTES = 40 * 1024 * 1024


def read_file_bytes(
    path: Path, limit: int = MAX_TEXT_BYTES, *, book_limit: int | None = None
) -> bytes:
    """Read a user's file, turning every OS-level failure into one clear ReaderError.
    With `book_limit`, a file whose first bytes say EPUB or PDF may be that large."""
    try:
        if path.is_dir():
            raise ReaderError("is a folder, not a text file", path)
        if path.exists() and not path.is_file():
            raise ReaderError("is not a regular file (a device or a pipe?)", path)
        size = path.stat().st_size
        if book_limit and size > limit:
            with path.open("rb") as handle:
                if binary_format(handle.read(1024), path):
                    limit = book_limit
        if size > limit:
            raise ReaderError(
                f"is too large ({size // (1024 * 1024)} MB; the limit is "
                f"{limit // (1024 * 1024)} MB)",
                path,
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise ReaderError("no such file", path) from None
    except PermissionError:
        raise ReaderError("permission denied (the file cannot be read)", path) from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise ReaderError("is a symbolic link loop", path) from None
        raise ReaderError(f"cannot be read ({exc.strerror or exc})", path) from None


def read_text_file(path: Path) -> tuple[str, str, str]:
    """(cleaned text, encoding, sha256 of the bytes)."""
    data = read_file_bytes(path)
    text, encoding = decode_bytes(data, path)
    return clean_text(text), encoding, hashlib.sha256(data).hexdigest()


def detect_script(text: str) -> str:
    """'traditional' when more characters change under t2s than under s2t."""
    sample = text[:3000]
    to_simplified = sum(a != b for a, b in zip(sample, convert(sample, "t2s"), strict=False))
    to_traditional = sum(a != b for a, b in zip(sample, convert(sample, "s2t"), strict=False))
    return "traditional" if to_simplified > to_traditional else "simplified"


META = Schema(
    {
        "title": Field(str),
        "source": Field(str),
        "script": Field(str, choices=("traditional", "simplified")),
        "author": Field(str),
        "licence": Field(str),
        "note": Field(str),
    },
    noun="key",
)


def _load_meta(path: Path) -> dict:
    meta_path = path.with_name(path.stem + ".meta.toml")
    if not meta_path.exists():
        return {}
    try:
        raw = read_file_bytes(meta_path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReaderError(f"is not valid TOML ({exc})", meta_path) from None
    meta = parse_toml(raw, meta_path)
    meta = {
        key: for_terminal(" ".join(value.split())) if isinstance(value, str) else value
        for key, value in meta.items()
    }
    META.check(meta, meta_path)
    return meta


def _translation_blocks(path: Path) -> list[str] | None:
    en_path = path.with_name(path.stem + ".en.txt")
    if not en_path.exists():
        return None
    text, _, _ = read_text_file(en_path)
    return [block.text for block in split_blocks(text)]


def build_document(
    parsed: ParsedText,
    *,
    doc_id: str,
    title: str,
    checksum: str,
    translation: list[str] | None = None,
    translation_name: str = "",
    **fields,
) -> Document:
    """Number the sections and paragraphs and attach the translation when it lines up.

    A translation whose blocks do not line up with the text is left out, and the
    Document carries a notice saying so (the reader shows it; nothing crashes).
    """
    has_title = parsed.title is not None
    expected = int(has_title) + sum(len(p) + (1 if t else 0) for t, p in parsed.sections)
    notices: tuple[str, ...] = ()
    aligned = translation if translation and len(translation) == expected else None
    if translation and aligned is None:
        notices = (
            f"{translation_name}: has {len(translation)} blocks but the text has "
            f"{expected} (title, headings and paragraphs); the translation is not shown",
        )
    queue = iter(aligned) if aligned else None
    title_en = next(queue) if queue and has_title else None
    own = parsed.translations if aligned is None else None  # bilingual subtitles
    sections = []
    for number, (heading, texts) in enumerate(parsed.sections, start=1):
        heading_en = next(queue) if queue and heading else None
        times = parsed.times[number - 1] if parsed.times else None
        paragraphs = tuple(
            Paragraph(
                paragraph_id(number, index),
                text,
                next(queue) if queue else (own[number - 1][index - 1] if own else None),
                times[index - 1] if times else None,
            )
            for index, text in enumerate(texts, start=1)
        )
        sections.append(Section(number, heading, paragraphs, heading_en))
    return Document(
        id=doc_id,
        title=title,
        sections=tuple(sections),
        checksum=checksum,
        title_translation=title_en,
        has_translation=aligned is not None or own is not None,
        notices=notices,
        **fields,
    )


def parse_file(
    data: bytes, path: Path, split: bool = True, checksum: str | None = None
) -> tuple[ParsedText, str, str]:
    """(the parsed text, its encoding, its format) of a file's bytes, whatever the format.
    With `checksum`, the parse of a book, a PDF or a web page is kept (`parsed_cache`)
    and reused."""
    check_binary_extension(data[:1024], path)
    kind = binary_format(data[:1024], path)
    text = ""
    if kind is None:
        text, encoding = decode_text(data, path)
        if len(data) > MAX_TEXT_BYTES:
            raise ReaderError(
                f"is too large ({len(data) // (1024 * 1024)} MB; the limit for a text is "
                f"{MAX_TEXT_BYTES // (1024 * 1024)} MB)",
                path,
            )
        kind = text_format(text, path)
    if checksum and kind in parsed_cache.CACHED_FORMATS:
        kept = parsed_cache.load(checksum, kind, split)
        if kept:
            return kept[0], kept[1], kind
    # deferred: each parser and its library (lxml, ebooklib, ...) only for its format
    if kind == "epub":
        from reader.text.formats.epub import parse_epub

        parsed, encoding = parse_epub(data, path, split), "zip"
    elif kind == "pdf":
        from reader.text.formats.pdf import parse_pdf

        parsed, encoding = parse_pdf(data, path, split), "pdf"
    elif kind == "html":
        from reader.text.formats.webpage import parse_page

        parsed, encoding = parse_page(data, path, split)
    elif kind in ("srt", "vtt"):
        from reader.text.formats.subtitles import parse_subtitles

        parsed = parse_subtitles(clean_text(text), path, kind)
    else:
        parsed = parse_plain(clean_text(text), split=split)
    if encoding == CUT_UTF8:
        notice = f"{path}: ends in the middle of a character (cut short?); it was left out"
        parsed = replace(parsed, notices=(*parsed.notices, notice))
    if checksum and kind in parsed_cache.CACHED_FORMATS:
        parsed_cache.store(checksum, kind, split, parsed, encoding)
    return parsed, encoding, kind


def load_document(path: str | Path, doc_id: str | None = None) -> Document:
    """Load a text file (plain, Markdown, EPUB, HTML, SRT, VTT or PDF) into a Document,
    or raise ReaderError naming the file."""
    path = Path(path)
    data = read_file_bytes(path, book_limit=MAX_BOOK_BYTES)
    meta = _load_meta(path)
    # a translation or questions beside the text count its paragraphs as they are
    # written (s2p3): splitting a long one would move every later id
    sidecars = (path.with_name(f"{path.stem}{suffix}") for suffix in (".en.txt", ".questions.toml"))
    checksum = hashlib.sha256(data).hexdigest()
    parsed, encoding, kind = parse_file(
        data, path, split=not any(side.exists() for side in sidecars), checksum=checksum
    )
    if not parsed.sections and not parsed.title and kind != "text":
        raise ReaderError("has no text in it", path)
    texts = (text for _, paragraphs in parsed.sections for text in paragraphs)
    if not has_chinese(parsed.title or "") and not any(has_chinese(text) for text in texts):
        raise ReaderError("contains no Chinese text", path)
    if not parsed.sections:
        raise ReaderError("has a title but no paragraphs", path)
    notices = parsed.notices
    if parsed.split:
        notices += (
            f"{path}: {parsed.split} paragraph{'s' if parsed.split > 1 else ''} longer than "
            f"{PARAGRAPH_MAX_CHARS:,} characters split at sentence ends",
        )
    try:
        translation = _translation_blocks(path)
    except ReaderError as exc:
        translation, notices = None, (*notices, f"{exc}; the translation is not shown")
    body = "".join(text for _, texts in parsed.sections[:3] for text in texts[:40])
    doc = build_document(
        parsed,
        doc_id=doc_id or path.stem,
        title=meta.get("title") or parsed.title or for_terminal(path.stem),
        checksum=checksum,
        translation=translation,
        translation_name=os.fspath(path.with_name(path.stem + ".en.txt")),
        script=meta.get("script") or detect_script(body),
        source=meta.get("source"),
        path=os.fspath(path),
        encoding=encoding,
        format=kind,
        meta={"author": parsed.author, **meta} if parsed.author else meta,
    )
    return replace(doc, notices=doc.notices + notices) if notices else doc
