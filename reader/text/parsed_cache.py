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
import hashlib
import json
import os
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from reader import paths
from reader.fsutil import room_for, sweep_temporary, write_bytes_atomic
from reader.safe import CONTROL_RE
from reader.text.parse import ParsedText

CACHED_FORMATS = ("epub", "pdf", "html")
KEEP = 24
MAX_BYTES = 256 * 1024 * 1024
_LIBRARIES = ("ebooklib", "lxml", "trafilatura", "pdfminer.six")


@lru_cache(maxsize=1)
def parser_version() -> str:
    """A digest of what decides a parse: the parsers' source and their libraries."""
    from importlib import metadata

    digest = hashlib.sha256()
    here = Path(__file__).parent
    for source in sorted([*(here / "formats").glob("*.py"), here / "parse.py", here / "decode.py"]):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(name.encode())
    return digest.hexdigest()[:16]


def _folder() -> Path:
    return paths.cache_dir() / "parsed"


def _path(checksum: str, kind: str, split: bool) -> Path:
    name = f"{checksum}-{kind}-{parser_version()}{'-split' if split else ''}.json"
    return _folder() / name


def _text(value: object) -> str:
    """A string as a parser writes it: no control character but newline, no surrogate."""
    if not isinstance(value, str) or CONTROL_RE.search(value.replace("\n", "")):
        raise ValueError("text")
    return value


def _sections(value: object) -> list[tuple[str | None, list[str]]]:
    if not isinstance(value, list):
        raise ValueError("sections")
    out = []
    for item in value:
        heading, texts = item
        if not isinstance(texts, list):
            raise ValueError("section")
        out.append((None if heading is None else _text(heading), [_text(t) for t in texts]))
    return out


def load(checksum: str, kind: str, split: bool) -> tuple[ParsedText, str] | None:
    """(the parse, the encoding) kept for these bytes, or None."""
    path = _path(checksum, kind, split)
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        raw = json.loads(path.read_bytes())
        split_count = raw["split"]
        if not isinstance(split_count, int) or isinstance(split_count, bool):
            raise ValueError("split")
        parsed = ParsedText(
            None if raw["title"] is None else _text(raw["title"]),
            _sections(raw["sections"]),
            split_count,
            author=None if raw["author"] is None else _text(raw["author"]),
        )
        encoding = _text(raw["encoding"])
    except Exception:  # noqa: BLE001 - anything in the file: parse the book anew
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: kept longest
    return parsed, encoding


def store(checksum: str, kind: str, split: bool, parsed: ParsedText, encoding: str) -> None:
    """Keep the parse, when the disk has room; never an error (it is only a cache)."""
    if parsed.times or parsed.translations or parsed.notices:  # subtitles; a notice
        return
    data = json.dumps(
        {**asdict(parsed), "encoding": encoding}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    folder = _folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sweep_temporary(folder)
        if not room_for(folder, len(data)):
            return
        write_bytes_atomic(_path(checksum, kind, split), data)
        kept = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
