"""The parse of a book, kept so that opening it again does not parse it again.

An EPUB, a PDF or a web page takes a parser a noticeable time (a 5 MB book a third of
a second, a PDF seconds); a plain text parses faster than its cache would load. The
parse is kept as JSON (never pickle: the cache folder is a file like any other) in
`paths.cache_dir()/parsed/`, named by the SHA-256 of the file's bytes, the parser's
version and whether long paragraphs were split. A damaged or foreign file is ignored
and parsed anew. At most KEEP files are kept: the ones used longest ago go first.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from reader import paths
from reader.fsutil import room_for, write_bytes_atomic
from reader.text.parse import ParsedText

VERSION = 1  # bump when a parser's output changes
CACHED_FORMATS = ("epub", "pdf", "html")
KEEP = 24


def _folder() -> Path:
    return paths.cache_dir() / "parsed"


def _path(checksum: str, kind: str, split: bool) -> Path:
    return _folder() / f"{checksum}-{kind}-v{VERSION}{'-split' if split else ''}.json"


def _sections(value: object) -> list[tuple[str | None, list[str]]]:
    if not isinstance(value, list):
        raise ValueError("sections")
    out = []
    for item in value:
        heading, texts = item
        if not (heading is None or isinstance(heading, str)) or not isinstance(texts, list):
            raise ValueError("section")
        if not all(isinstance(text, str) for text in texts):
            raise ValueError("paragraph")
        out.append((heading, texts))
    return out


def load(checksum: str, kind: str, split: bool) -> tuple[ParsedText, str] | None:
    """(the parse, the encoding) kept for these bytes, or None."""
    path = _path(checksum, kind, split)
    try:
        raw = json.loads(path.read_bytes())
        parsed = ParsedText(
            raw["title"] if isinstance(raw["title"], str) else None,
            _sections(raw["sections"]),
            int(raw["split"]),
            author=raw["author"] if isinstance(raw["author"], str) else None,
            notices=tuple(str(notice) for notice in raw["notices"]),
        )
        encoding = str(raw["encoding"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: kept longest
    return parsed, encoding


def store(checksum: str, kind: str, split: bool, parsed: ParsedText, encoding: str) -> None:
    """Keep the parse, when the disk has room; never an error (it is only a cache)."""
    if parsed.times or parsed.translations:  # subtitles are not cached
        return
    data = json.dumps(
        {**asdict(parsed), "encoding": encoding}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    folder = _folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not room_for(folder, len(data)):
            return
        write_bytes_atomic(_path(checksum, kind, split), data)
        kept = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
