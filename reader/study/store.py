"""The progress store: SQLite in the data folder.

WAL, a schema version in `pragma user_version` with migrations, one transaction per
write, opened lazily. A damaged database is moved aside and a fresh one created; an
unwritable folder leaves the store read-less but the reader keeps working (`problem`
says why, for the app to show).
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from reader import paths


@dataclass(frozen=True, slots=True)
class RecentText:
    """A text (or an assignment) opened before, most recent first."""

    doc_id: str
    path: str | None
    title: str
    paragraph: str | None


@dataclass(frozen=True, slots=True)
class VocabRow:
    word: str
    simplified: str
    traditional: str
    pinyin: str
    english: str
    sentence: str
    known: bool


@dataclass(frozen=True, slots=True)
class AnswerRow:
    doc_id: str
    question: str
    section: int
    given: str
    correct: bool
    at: float
    context: str
    retry: bool = False  # given after the answer was shown: practice, not graded


@dataclass(frozen=True, slots=True)
class RunRow:
    """An assignment's run: who, when started, when every question had an answer."""

    student: str
    started: float
    finished: float | None


MIGRATIONS = (
    """
    CREATE TABLE text (
        doc_id TEXT PRIMARY KEY, path TEXT, title TEXT, paragraph TEXT,
        opened REAL NOT NULL
    );
    CREATE TABLE lookup (
        id INTEGER PRIMARY KEY, doc_id TEXT, paragraph TEXT, word TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE TABLE vocabulary (
        word TEXT PRIMARY KEY, simplified TEXT NOT NULL, traditional TEXT NOT NULL,
        pinyin TEXT NOT NULL, english TEXT NOT NULL, sentence TEXT NOT NULL,
        doc_id TEXT, known INTEGER NOT NULL DEFAULT 0, added REAL NOT NULL
    );
    """,
    """
    CREATE TABLE answer (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, question TEXT NOT NULL,
        section INTEGER NOT NULL, given TEXT NOT NULL, correct INTEGER NOT NULL,
        at REAL NOT NULL, context TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX answer_doc ON answer (doc_id, section);
    CREATE TABLE section_read (
        doc_id TEXT NOT NULL, section INTEGER NOT NULL, at REAL NOT NULL,
        PRIMARY KEY (doc_id, section)
    );
    """,
    """
    CREATE TABLE section_time (
        doc_id TEXT NOT NULL, section INTEGER NOT NULL, seconds REAL NOT NULL,
        PRIMARY KEY (doc_id, section)
    );
    CREATE TABLE assignment_run (
        id TEXT PRIMARY KEY, student TEXT NOT NULL, started REAL NOT NULL, finished REAL
    );
    """,
    """
    ALTER TABLE answer ADD COLUMN retry INTEGER NOT NULL DEFAULT 0;
    """,
)


_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_NOTADB = 5, 6, 11, 26


def _damaged(exc: sqlite3.Error) -> bool:
    """A damaged file (not a busy or locked one, which another reader may cause)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


class Store:
    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self.problem: str | None = None
        self._broken = False

    @property
    def path(self) -> Path:
        return self._path or paths.progress_db()

    def _open(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        try:
            self._db = self._connect_when_free()
        except sqlite3.DatabaseError as exc:
            if _damaged(exc):
                self._move_aside()
            else:
                self._fail(exc)
        except OSError as exc:
            self._fail(exc)
        return self._db

    def _move_aside(self) -> None:
        """Keep the damaged file (and its WAL) beside the new one, and start afresh."""
        if self._db is not None:
            self._db.close()
            self._db = None
        stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{uuid.uuid4().hex[:6]}"
        moved = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        try:
            self.path.rename(moved)
            for suffix in ("-wal", "-shm"):
                extra = Path(f"{self.path}{suffix}")
                if extra.exists():
                    extra.rename(Path(f"{moved}{suffix}"))
            self._db = self._connect_when_free()
            self.problem = (
                f"{self.path}: the progress database was damaged; it was moved "
                f"to {moved.name} and a new one started"
            )
        except (OSError, sqlite3.Error) as exc:
            self._fail(exc)

    def _fail(self, exc: Exception) -> None:
        self._broken = True
        self.problem = f"{self.path}: progress cannot be saved ({exc}); reading still works"

    def _connect_when_free(self) -> sqlite3.Connection:
        """Connect, waiting while another reader holds the file (switching a new file to
        WAL does not wait by itself)."""
        for _ in range(100):
            try:
                return self._connect()
            except sqlite3.OperationalError as exc:
                if getattr(exc, "sqlite_errorcode", 0) & 0xFF not in (_SQLITE_BUSY, _SQLITE_LOCKED):
                    raise
                time.sleep(0.05)
        return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, check_same_thread=False, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._migrate(db)
            db.execute("SELECT count(*) FROM text").fetchone()
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        """Bring the schema up to date inside one write transaction, reading the version
        under the lock: two readers starting together migrate once."""
        if db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS):
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for script in MIGRATIONS[version:]:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version = {max(version, len(MIGRATIONS))}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _write(self, sql: str, args: tuple = ()) -> bool:
        with self._lock:
            for attempt in range(2):
                db = self._open()
                if db is None:
                    return False
                try:
                    with db:
                        db.execute("BEGIN IMMEDIATE")
                        db.execute(sql, args)
                    return True
                except sqlite3.Error as exc:
                    if attempt == 0 and _damaged(exc):
                        self._move_aside()
                        continue
                    self.problem = f"{self.path}: could not save ({exc})"
            return False

    def _read(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            for attempt in range(2):
                db = self._open()
                if db is None:
                    return []
                try:
                    return db.execute(sql, args).fetchall()
                except sqlite3.Error as exc:
                    if attempt == 0 and _damaged(exc):
                        self._move_aside()
                        continue
                    self.problem = f"{self.path}: could not read ({exc})"
            return []

    # reading position and the library's recent texts
    def opened(self, doc_id: str, path: str | None, title: str) -> None:
        self._write(
            "INSERT INTO text (doc_id, path, title, opened) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(doc_id) DO UPDATE SET path=excluded.path, title=excluded.title, "
            "opened=excluded.opened",
            (doc_id, path, title, time.time()),
        )

    def save_position(self, doc_id: str, paragraph: str) -> None:
        self._write("UPDATE text SET paragraph = ? WHERE doc_id = ?", (paragraph, doc_id))

    def position(self, doc_id: str) -> str | None:
        rows = self._read("SELECT paragraph FROM text WHERE doc_id = ?", (doc_id,))
        return rows[0][0] if rows else None

    def recent_texts(self) -> list[RecentText]:
        """Most recent first."""
        rows = self._read("SELECT doc_id, path, title, paragraph FROM text ORDER BY opened DESC")
        return [RecentText(*row) for row in rows]

    # words
    def looked_up(self, doc_id: str, paragraph: str, word: str) -> None:
        self._write(
            "INSERT INTO lookup (doc_id, paragraph, word, at) VALUES (?, ?, ?, ?)",
            (doc_id, paragraph, word, time.time()),
        )

    def add_word(
        self,
        word: str,
        simplified: str,
        traditional: str,
        pinyin: str,
        english: str,
        sentence: str,
        doc_id: str,
    ) -> bool:
        return self._write(
            "INSERT INTO vocabulary (word, simplified, traditional, pinyin, english, sentence, "
            "doc_id, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(word) DO UPDATE SET "
            "sentence=excluded.sentence",
            (word, simplified, traditional, pinyin, english, sentence, doc_id, time.time()),
        )

    def correct_pinyin(self, simplified: str, pinyin: str) -> bool:
        """A saved word's reading, after the learner corrected it."""
        return self._write(
            "UPDATE vocabulary SET pinyin = ? WHERE simplified = ?", (pinyin, simplified)
        )

    def vocabulary(self) -> list[VocabRow]:
        rows = self._read(
            "SELECT word, simplified, traditional, pinyin, english, sentence, known "
            "FROM vocabulary ORDER BY added"
        )
        return [VocabRow(w, s, t, p, e, sentence, bool(k)) for w, s, t, p, e, sentence, k in rows]

    def words_added(self, doc_id: str) -> set[str]:
        return {r[0] for r in self._read("SELECT word FROM vocabulary WHERE doc_id = ?", (doc_id,))}

    def known_words(self) -> set[str]:
        return {r[0] for r in self._read("SELECT simplified FROM vocabulary WHERE known = 1")}

    def set_known(self, word: str, known: bool) -> bool:
        return self._write("UPDATE vocabulary SET known = ? WHERE word = ?", (int(known), word))

    def remove_word(self, word: str) -> bool:
        return self._write("DELETE FROM vocabulary WHERE word = ?", (word,))

    # questions and sections
    def record_answer(
        self,
        doc_id: str,
        question: str,
        section: int,
        given: str,
        correct: bool,
        context: str = "",
        *,
        retry: bool = False,
    ) -> bool:
        """One transaction per answer: a killed reader loses no answer it showed.
        `retry`: given after the answer was shown (practice; the first answer counts)."""
        return self._write(
            "INSERT INTO answer (doc_id, question, section, given, correct, at, context, retry) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, question, section, given, int(correct), time.time(), context, int(retry)),
        )

    def answers(self, doc_id: str | None = None) -> list[AnswerRow]:
        """Oldest first."""
        where, args = ("WHERE doc_id = ?", (doc_id,)) if doc_id else ("", ())
        rows = self._read(
            "SELECT doc_id, question, section, given, correct, at, context, retry "
            f"FROM answer {where} ORDER BY id",
            args,
        )
        return [
            AnswerRow(d, q, s, g, bool(c), at, ctx, bool(r)) for d, q, s, g, c, at, ctx, r in rows
        ]

    def mark_section_read(self, doc_id: str, section: int) -> None:
        self._write(
            "INSERT OR IGNORE INTO section_read (doc_id, section, at) VALUES (?, ?, ?)",
            (doc_id, section, time.time()),
        )

    def sections_read(self, doc_id: str) -> set[int]:
        return {
            r[0] for r in self._read("SELECT section FROM section_read WHERE doc_id = ?", (doc_id,))
        }

    def add_section_time(self, doc_id: str, section: int, seconds: float) -> None:
        if seconds > 0:
            self._write(
                "INSERT INTO section_time (doc_id, section, seconds) VALUES (?, ?, ?) "
                "ON CONFLICT(doc_id, section) DO UPDATE SET seconds = seconds + excluded.seconds",
                (doc_id, section, seconds),
            )

    def section_times(self, doc_id: str) -> dict[int, float]:
        return dict(
            self._read("SELECT section, seconds FROM section_time WHERE doc_id = ?", (doc_id,))
        )

    def start_run(self, run_id: str, student: str) -> None:
        self._write(
            "INSERT OR IGNORE INTO assignment_run (id, student, started) VALUES (?, ?, ?)",
            (run_id, student, time.time()),
        )

    def finish_run(self, run_id: str) -> None:
        self._write("UPDATE assignment_run SET finished = ? WHERE id = ?", (time.time(), run_id))

    def run(self, run_id: str) -> RunRow | None:
        rows = self._read(
            "SELECT student, started, finished FROM assignment_run WHERE id = ?", (run_id,)
        )
        return RunRow(*rows[0]) if rows else None

    def lookups(self, doc_id: str | None = None) -> list[tuple[str, int]]:
        """(word, times looked up), most looked-up first."""
        where, args = ("WHERE doc_id = ?", (doc_id,)) if doc_id else ("", ())
        return self._read(
            f"SELECT word, count(*) AS n FROM lookup {where} GROUP BY word ORDER BY n DESC, word",
            args,
        )

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
