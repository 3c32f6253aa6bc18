"""Annotations kept on disk, so a second start needs neither jieba nor pypinyin.

One SQLite file in the cache folder; a row per (document key, block). The key joins
the text's checksum, the pipeline version and the glossary's checksum, so a changed
text, pipeline or glossary simply misses. A damaged or foreign file is deleted and
rebuilt silently: it is only a cache.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from pathlib import Path

from reader import paths
from reader.lang.annotate import PIPELINE_VERSION, Token
from reader.safe import CONTROL_RE

SCHEMA = 2


def block_key(block_id: str, text: str) -> str:
    """A block's id and a digest of its text."""
    return f"{block_id}:{hashlib.blake2b(text.encode(), digest_size=8).hexdigest()}"


def document_key(checksum: str, glossary_digest: str) -> str:
    return f"{checksum}:{PIPELINE_VERSION}:{glossary_digest}"


def encode_tokens(tokens: tuple[Token, ...]) -> str:
    return json.dumps(
        [[t.start, t.end, t.simplified, " ".join(t.pinyin), t.term or ""] for t in tokens],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _row_ok(row: object) -> bool:
    if not isinstance(row, list) or len(row) != 5:
        return False
    start, end, simplified, pinyin, term = row
    return (
        all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end))
        and all(isinstance(s, str) for s in (simplified, pinyin, term))
        and not CONTROL_RE.search(simplified + pinyin + term)
    )


def decode_tokens(text: str, data: str) -> tuple[Token, ...] | None:
    """Tokens of `text` from their stored form; None for anything that is not exactly
    what `encode_tokens` writes (a damaged or foreign row is simply not used)."""
    try:
        rows = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(rows, list) or not all(_row_ok(row) for row in rows):
        return None
    tokens = tuple(
        Token(start, end, text[start:end], simplified, tuple(pinyin.split()), term or None)
        for start, end, simplified, pinyin, term in rows
    )
    if "".join(t.text for t in tokens) != text:
        return None
    return tokens


class AnnotationCache:
    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._disabled = False

    @property
    def path(self) -> Path:
        return self._path or paths.cache_dir() / "annotations.sqlite3"

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._disabled:
            return self._db
        for attempt in range(2):
            try:
                db = sqlite3.connect(
                    self.path, timeout=5, check_same_thread=False, isolation_level=None
                )
                db.execute("PRAGMA journal_mode=WAL")
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version != SCHEMA:
                    db.executescript(
                        "DROP TABLE IF EXISTS block; CREATE TABLE block (doc TEXT, "
                        "id TEXT, data TEXT, PRIMARY KEY (doc, id)); "
                        f"PRAGMA user_version = {SCHEMA};"
                    )
                db.execute("SELECT count(*) FROM block WHERE doc = ''").fetchone()
                self._db = db
                return db
            except sqlite3.DatabaseError:
                if attempt == 0:
                    try:
                        for suffix in ("", "-wal", "-shm"):
                            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                    except OSError:
                        break
            except OSError:
                break
        self._disabled = True
        return None

    def get(self, key: str, block_id: str, text: str) -> tuple[Token, ...] | None:
        with self._lock:
            db = self._connect()
            if db is None:
                return None
            try:
                row = db.execute(
                    "SELECT data FROM block WHERE doc = ? AND id = ?", (key, block_id)
                ).fetchone()
            except sqlite3.Error:
                return None
        return decode_tokens(text, row[0]) if row else None

    def put(self, key: str, items: dict[str, tuple[Token, ...]]) -> None:
        if not items:
            return
        rows = [(key, block_id, encode_tokens(tokens)) for block_id, tokens in items.items()]
        with self._lock:
            db = self._connect()
            if db is None:
                return
            try:
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    db.executemany(
                        "INSERT OR REPLACE INTO block (doc, id, data) VALUES (?, ?, ?)", rows
                    )
            except sqlite3.Error:
                return

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
