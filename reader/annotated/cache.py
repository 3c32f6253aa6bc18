"""Annotations kept on disk, so a second start needs neither jieba nor pypinyin.

One SQLite file in the cache folder; a row per (document key, block). The key joins
the text's checksum, the pipeline version and the glossary's checksum, so a changed
text, pipeline or glossary simply misses. A damaged or foreign file is deleted and
rebuilt silently: it is only a cache. It is bounded (a size limit, the texts used longest
ago dropped first) and never takes the room the learner's own data needs.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path

from reader import paths
from reader.fsutil import room_for
from reader.lang.annotate import PIPELINE_VERSION, Token
from reader.lang.names import NAME_KINDS
from reader.safe import CONTROL_RE

SCHEMA = 3


def block_key(block_id: str, text: str) -> str:
    """A block's id and a digest of its text."""
    return f"{block_id}:{hashlib.blake2b(text.encode(), digest_size=8).hexdigest()}"


def document_key(checksum: str, glossary_digest: str) -> str:
    return f"{checksum}:{PIPELINE_VERSION}:{glossary_digest}"


def encode_tokens(tokens: tuple[Token, ...]) -> str:
    return json.dumps(
        [[t.start, t.end, t.simplified, " ".join(t.pinyin), t.term or "", t.name] for t in tokens],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _row_ok(row: object) -> bool:
    if not isinstance(row, list) or len(row) != 6:
        return False
    start, end, simplified, pinyin, term, name = row
    return (
        all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end))
        and all(isinstance(s, str) for s in (simplified, pinyin, term))
        and name in NAME_KINDS
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
        Token(start, end, text[start:end], simplified, tuple(pinyin.split()), term or None, name)
        for start, end, simplified, pinyin, term, name in rows
    )
    if "".join(t.text for t in tokens) != text:
        return None
    return tokens


TOUCH_SECONDS = 300.0
DEFAULT_LIMIT = 200 * 2**20  # bytes; the `cache_limit_mb` setting changes it


class AnnotationCache:
    """Bounded: when its texts take more than `limit` bytes, the ones used longest ago
    are dropped (down to 80% of it) and the file shrinks; a block is not written when
    the disk would keep too little room for the learner's own data."""

    def __init__(self, path: Path | None = None, limit: int = DEFAULT_LIMIT) -> None:
        self._path = path
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._disabled = False
        self.limit = limit
        self._touched: dict[str, float] = {}  # doc key -> when its use was last saved

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
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version != SCHEMA:
                    db.close()
                    raise sqlite3.DatabaseError("an older cache: started afresh")
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("SELECT count(*) FROM block WHERE doc = ''").fetchone()
                self._db = db
                return db
            except sqlite3.DatabaseError:
                if attempt == 0:
                    try:
                        self._start_afresh()
                        continue
                    except (OSError, sqlite3.Error):
                        break
            except OSError:
                break
        self._disabled = True
        return None

    def _start_afresh(self) -> None:
        """A new file whose free pages go back to the disk (incremental vacuum)."""
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        if not room_for(self.path.parent, 2**20):
            raise OSError("no room for the annotation cache")
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            db.executescript(
                "PRAGMA auto_vacuum = INCREMENTAL; "
                "CREATE TABLE block (doc TEXT, id TEXT, data TEXT, PRIMARY KEY (doc, id)); "
                "CREATE TABLE doc (doc TEXT PRIMARY KEY, bytes INTEGER NOT NULL, "
                "used REAL NOT NULL); "
                f"PRAGMA user_version = {SCHEMA};"
            )
        finally:
            db.close()

    def get(self, key: str, block_id: str, text: str) -> tuple[Token, ...] | None:
        with self._lock:
            db = self._connect()
            if db is None:
                return None
            try:
                row = db.execute(
                    "SELECT data FROM block WHERE doc = ? AND id = ?", (key, block_id)
                ).fetchone()
                now = time.time()
                if row and now - self._touched.get(key, 0.0) > TOUCH_SECONDS:
                    self._touched[key] = now  # it was used now (said every few minutes)
                    db.execute("UPDATE doc SET used = ? WHERE doc = ?", (time.time(), key))
            except sqlite3.Error:
                return None
        return decode_tokens(text, row[0]) if row else None

    def put(self, key: str, items: dict[str, tuple[Token, ...]]) -> None:
        if not items or self.limit <= 0:
            return
        rows = [(key, block_id, encode_tokens(tokens)) for block_id, tokens in items.items()]
        size = sum(len(data) + len(block_id) + 64 for _, block_id, data in rows)
        with self._lock:
            db = self._connect()
            if db is None or not room_for(self.path.parent, size):
                return
            try:
                own = db.execute("SELECT bytes FROM doc WHERE doc = ?", (key,)).fetchone()
                if own and own[0] + size > self.limit:
                    return  # the text being read fills the limit by itself: kept as it is
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    db.executemany(
                        "INSERT OR REPLACE INTO block (doc, id, data) VALUES (?, ?, ?)", rows
                    )
                    # counted from what is stored (a block written again replaces itself)
                    db.execute(
                        "INSERT INTO doc (doc, bytes, used) VALUES (?, (SELECT coalesce(sum("
                        "length(CAST(data AS BLOB)) + length(CAST(id AS BLOB)) + 64), 0) FROM "
                        "block WHERE doc = ?), ?) ON CONFLICT(doc) DO UPDATE SET "
                        "bytes = excluded.bytes, used = excluded.used",
                        (key, key, time.time()),
                    )
                self._touched[key] = time.time()
                self._evict(db, keep=key)
            except sqlite3.Error:
                return

    def _evict(self, db: sqlite3.Connection, keep: str) -> None:
        """Over the limit: drop the texts used longest ago (never `keep`, the one being
        read) until the rest take at most 80% of it, then give the pages back."""
        total = db.execute("SELECT coalesce(sum(bytes), 0) FROM doc").fetchone()[0]
        if total <= self.limit:
            return
        dropped = False
        for doc, size in db.execute(
            "SELECT doc, bytes FROM doc WHERE doc != ? ORDER BY used", (keep,)
        ).fetchall():
            if total <= self.limit * 0.8:
                break
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("DELETE FROM block WHERE doc = ?", (doc,))
                db.execute("DELETE FROM doc WHERE doc = ?", (doc,))
            total -= size
            dropped = True
        if dropped:
            db.execute("PRAGMA incremental_vacuum")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def size(self) -> int:
        """The bytes the cached texts take (by our count)."""
        with self._lock:
            db = self._connect()
            if db is None:
                return 0
            try:
                return int(db.execute("SELECT coalesce(sum(bytes), 0) FROM doc").fetchone()[0])
            except sqlite3.Error:
                return 0

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
