"""The progress store: SQLite in the data folder.

WAL, a schema version in `pragma user_version` with migrations (a newer one is refused
by name), one transaction per write, opened lazily. Nothing the learner did is lost or
hidden:
- a damaged database has every row that can still be read copied into a new one before
  it is moved aside, and a reader already running notices the swap;
- a read-only home (or a full disk that cannot even open the file) shows the progress
  read-only;
- a change that cannot be saved (full disk, read-only) is kept, in memory and in a
  small journal file beside the database when the disk allows, and retried: oldest
  first, each applied once (the `applied` table), by this run or the next.
`problem` says what is wrong, for the app and the command line to show.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from reader import paths
from reader.fsutil import room_for, write_text_atomic
from reader.study.words import KNOWN, LEARNING, NEW


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
    doc_id: str = ""  # the text it was added from
    status: str = NEW  # the word's status (study.words)


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
    """
    CREATE TABLE applied (id TEXT PRIMARY KEY, at REAL NOT NULL);
    """,
    """
    ALTER TABLE text ADD COLUMN script TEXT;
    """,
    """
    CREATE INDEX lookup_word ON lookup (word);
    CREATE TABLE word_status (
        word TEXT PRIMARY KEY, status TEXT NOT NULL, changed REAL NOT NULL
    );
    INSERT INTO word_status (word, status, changed)
        SELECT simplified, 'known', max(added) FROM vocabulary WHERE known = 1
        GROUP BY simplified;
    INSERT OR IGNORE INTO word_status (word, status, changed)
        SELECT simplified, '1', max(added) FROM vocabulary GROUP BY simplified;
    CREATE TABLE card (
        word TEXT NOT NULL, kind TEXT NOT NULL, sentence TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL, due REAL NOT NULL, reviewed REAL, created REAL NOT NULL,
        changed REAL NOT NULL, PRIMARY KEY (word, kind)
    );
    CREATE INDEX card_due ON card (reviewed IS NULL, due);
    CREATE TABLE review (
        id INTEGER PRIMARY KEY, word TEXT NOT NULL, kind TEXT NOT NULL,
        rating INTEGER NOT NULL, at REAL NOT NULL, first INTEGER NOT NULL,
        state TEXT NOT NULL, due REAL NOT NULL, local INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX review_at ON review (at);
    CREATE TRIGGER review_moves_card AFTER INSERT ON review WHEN NEW.local = 1 BEGIN
        UPDATE card SET state = NEW.state, due = NEW.due, reviewed = NEW.at,
            changed = max(changed, NEW.at)
        WHERE word = NEW.word AND kind = NEW.kind;
    END;
    """,
)


# Every write the store makes, by name: a change that could not be saved is kept (in
# memory, and in a small journal file when possible) by this name and its values, so a
# journal read back never runs SQL of its own.
WRITES = {
    "opened": "INSERT INTO text (doc_id, path, title, opened) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(doc_id) DO UPDATE SET path=excluded.path, title=excluded.title, "
    "opened=excluded.opened",
    "position": "UPDATE text SET paragraph = ? WHERE doc_id = ?",
    "script": "UPDATE text SET script = ? WHERE doc_id = ?",
    "lookup": "INSERT INTO lookup (doc_id, paragraph, word, at) VALUES (?, ?, ?, ?)",
    "add_word": "INSERT INTO vocabulary (word, simplified, traditional, pinyin, english, "
    "sentence, doc_id, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(word) DO UPDATE "
    "SET sentence=excluded.sentence",
    "correct_pinyin": "UPDATE vocabulary SET pinyin = ? WHERE simplified = ?",
    "set_known": "UPDATE vocabulary SET known = ? WHERE word = ?",
    "remove_word": "DELETE FROM vocabulary WHERE word = ?",
    "answer": "INSERT INTO answer (doc_id, question, section, given, correct, at, context, "
    "retry) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "section_read": "INSERT OR IGNORE INTO section_read (doc_id, section, at) VALUES (?, ?, ?)",
    "section_time": "INSERT INTO section_time (doc_id, section, seconds) VALUES (?, ?, ?) "
    "ON CONFLICT(doc_id, section) DO UPDATE SET seconds = seconds + excluded.seconds",
    "start_run": "INSERT OR IGNORE INTO assignment_run (id, student, started) VALUES (?, ?, ?)",
    "finish_run": "UPDATE assignment_run SET finished = ? WHERE id = ?",
    "status": "INSERT INTO word_status (word, status, changed) VALUES (?, ?, ?) "
    "ON CONFLICT(word) DO UPDATE SET status=excluded.status, changed=excluded.changed "
    "WHERE excluded.changed >= word_status.changed",
    # many words at once, one transaction (the words as a JSON list)
    "statuses": "INSERT INTO word_status (word, status, changed) "
    "SELECT value, ?, ? FROM json_each(?) WHERE true "
    "ON CONFLICT(word) DO UPDATE SET status=excluded.status, changed=excluded.changed "
    "WHERE excluded.changed >= word_status.changed",
    "card": "INSERT INTO card (word, kind, sentence, state, due, reviewed, created, changed) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(word, kind) DO UPDATE SET "
    "sentence=excluded.sentence, state=excluded.state, due=excluded.due, "
    "reviewed=excluded.reviewed, changed=excluded.changed "
    "WHERE coalesce(excluded.reviewed, -1) > coalesce(card.reviewed, -1) "
    "OR (coalesce(excluded.reviewed, -1) = coalesce(card.reviewed, -1) "
    "AND excluded.changed > card.changed)",
    "new_card": "INSERT OR IGNORE INTO card (word, kind, sentence, state, due, created, "
    "changed) VALUES (?, ?, ?, ?, ?, ?, ?)",
    # a rating with the card's state after it: the trigger moves the card in the same
    # statement, so a rating and its card are saved together or not at all
    "review": "INSERT INTO review (word, kind, rating, at, first, state, due) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",
    # merging a progress file (study.progress): what is newer wins, nothing is doubled
    "import_word": "INSERT OR IGNORE INTO vocabulary (word, simplified, traditional, pinyin, "
    "english, sentence, doc_id, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    # an imported review is history: it never moves the card (the card's own merge does)
    "import_review": "INSERT INTO review (word, kind, rating, at, first, state, due, local) "
    "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, 0 WHERE NOT EXISTS (SELECT 1 FROM review "
    "WHERE word = ?1 AND kind = ?2 AND at = ?4 AND rating = ?3)",
    "import_status": "INSERT INTO word_status (word, status, changed) VALUES (?, ?, ?) "
    "ON CONFLICT(word) DO UPDATE SET status=excluded.status, changed=excluded.changed "
    "WHERE excluded.changed > word_status.changed",
    # this machine's path to the text stays (the other machine's is kept for a new one)
    "import_text": "INSERT INTO text (doc_id, path, title, paragraph, script, opened) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(doc_id) DO UPDATE SET "
    "paragraph=excluded.paragraph, script=excluded.script, "
    "opened=excluded.opened WHERE excluded.opened > text.opened",
}
WAL_LIMIT = 2**20  # bytes a WAL file keeps after a checkpoint
LOW_SPACE = 4 * 2**20  # below the reserve plus this, every write is checkpointed at once
PENDING_LIMIT = 10_000  # kept in memory at most; answers are never the ones dropped
JOURNAL_LIMIT = 5_000_000  # bytes: a bigger journal file is not ours

_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_NOTADB = 5, 6, 11, 26


def _statements(script: str) -> list[str]:
    """The statements of a migration (a trigger's body holds semicolons of its own)."""
    out, buffer = [], ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                out.append(buffer)
            buffer = ""
    return out


def _damaged(exc: sqlite3.Error) -> bool:
    """A damaged file (not a busy or locked one, which another reader may cause)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


_SQLITE_FULL = 13


def _full(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == _SQLITE_FULL


def _make_room(db: sqlite3.Connection) -> bool:
    """On a full disk the WAL itself is most of what the store takes (every version of
    every page since the last checkpoint): fold it into the database and truncate it."""
    try:
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.Error:
        return False
    return busy == 0


class NewerSchema(sqlite3.DatabaseError):
    def __init__(self, version: int) -> None:
        super().__init__(f"schema version {version}")
        self.version = version


@dataclass(frozen=True, slots=True)
class Pending:
    """A change the store could not save yet: retried, and journalled when possible."""

    id: str
    kind: str
    args: tuple
    at: float = 0.0  # when it was made: journals from several runs replay in this order


def _pending_from(item: object) -> Pending | None:
    if not isinstance(item, dict) or set(item) != {"id", "kind", "args", "at"}:
        return None
    ident, kind, args, at = item["id"], item["kind"], item["args"], item["at"]
    if not isinstance(at, int | float) or isinstance(at, bool):
        return None
    if not isinstance(ident, str) or kind not in WRITES or not isinstance(args, list):
        return None
    if len(args) != WRITES[kind].count("?"):
        return None
    if not all(isinstance(a, str | int | float) or a is None for a in args):
        return None
    if kind == "statuses":  # its words are a JSON list of strings
        try:
            words = json.loads(args[2]) if isinstance(args[2], str) else None
        except (ValueError, RecursionError):
            return None
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            return None
    return Pending(ident, kind, tuple(args), float(at))


def _storable(value: object) -> object:
    """A string SQLite can hold: a file name that is not UTF-8 (surrogate escapes)
    keeps its other characters."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def _copy_rows(source: sqlite3.Connection, target: sqlite3.Connection, table: str) -> int:
    """Every row of `table` that can still be read, in rowid order. A batch that fails
    is read again row by row; a row that cannot be read is stepped over, further each
    time, and then back to the first rowid from which reading works again."""
    try:
        have = {row[1] for row in source.execute(f"PRAGMA table_info({table})")}
        columns = [row[1] for row in target.execute(f"PRAGMA table_info({table})")]
    except sqlite3.Error:
        return 0
    shared = [c for c in columns if c in have]
    if not shared:
        return 0
    names = ", ".join(shared)
    insert = f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({', '.join('?' * len(shared))})"
    select = f"SELECT rowid, {names} FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?"

    def read(after: int, limit: int) -> list | None:
        try:
            return source.execute(select, (after, limit)).fetchall()
        except sqlite3.Error:
            return None

    copied, last, careful = 0, -(2**63), 0
    while True:
        rows = read(last, 1 if careful else 100)
        if rows is None:
            if not careful:
                careful = 100  # this batch again, one row at a time
                continue
            low, step = last, 1  # reading after `low` fails: find where it works again
            while step < 2**62 and read(low + step, 1) is None:
                low, step = low + step, step * 2
            if step >= 2**62:
                break
            high = low + step
            while high - low > 1:
                middle = (low + high) // 2
                if read(middle, 1) is None:
                    low = middle
                else:
                    high = middle
            last = high
            continue
        if not rows:
            break
        for row in rows:
            target.execute(insert, row[1:])  # a full disk here stops the salvage
            copied += 1
        last = rows[-1][0]
        careful = max(0, careful - len(rows))
    return copied


class NoRoomToSalvage(Exception):
    """What could still be read could not be written anywhere (a full disk)."""


class Store:
    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._db: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None
        self._lock = threading.RLock()
        self.problem: str | None = None
        self._broken = False
        self._refused = False  # a newer schema: never read or written
        self.read_only = False
        self.pending: list[Pending] = []
        self._journal_name = f"pending-{uuid.uuid4().hex[:12]}.json"
        self._journal_read = False
        self._salvage_failed = False  # no room to save a damaged file's rows: not again

    @property
    def path(self) -> Path:
        return self._path or paths.progress_db()

    @property
    def journal(self) -> Path:
        return self.path.with_name(self._journal_name)

    def pending_answers(self) -> int:
        return sum(1 for item in self.pending if item.kind == "answer")

    # opening, and what to do when the file is not what it should be
    def _open(self) -> sqlite3.Connection | None:
        if self._db is not None and not self.read_only and not self._swapped():
            return self._db
        if self._db is not None and self.read_only:
            return self._db
        if self._broken or self._refused:
            return None
        try:
            self._db = self._connect_when_free()
            self.read_only = False
            self._remember_identity()
        except NewerSchema as exc:
            self._refuse(exc.version)
        except sqlite3.DatabaseError as exc:
            if _damaged(exc):
                self._move_aside()
            elif not self._open_read_only():
                self._fail(exc)
        except OSError as exc:
            if not self._open_read_only():
                self._fail(exc)
        if self._db is not None and not self._journal_read:
            self._journal_read = True
            self._take_journals()
        return self._db

    def _remember_identity(self) -> None:
        try:
            found = os.stat(self.path)
            self._identity = (found.st_dev, found.st_ino)
        except OSError:
            self._identity = None

    def _swapped(self) -> bool:
        """Another reader moved the file aside (and started a new one): this connection
        would go on writing into the moved file."""
        try:
            found = os.stat(self.path)
        except OSError:
            swapped = True
        else:
            swapped = self._identity != (found.st_dev, found.st_ino)
        if swapped and self._db is not None:
            self._db.close()
            self._db = None
        return swapped

    def _refuse(self, version: int) -> None:
        self._refused = True
        self.problem = (
            f"{self.path}: written by a newer reader (schema version {version}; this one "
            f"knows up to {len(MIGRATIONS)}), so it is neither read nor changed; update "
            "the reader"
        )

    def _open_read_only(self) -> bool:
        """A read-only or full disk: show the progress, save nothing (said once)."""
        if not self.path.is_file():
            return False
        wal = Path(f"{self.path}-wal")
        for query in ("mode=ro", "mode=ro&immutable=1"):
            if "immutable" in query and wal.exists() and wal.stat().st_size:
                continue  # would miss the changes still in the WAL
            try:
                db = sqlite3.connect(
                    f"{self.path.absolute().as_uri()}?{query}",
                    uri=True,
                    check_same_thread=False,
                    isolation_level=None,
                )
                version = db.execute("PRAGMA user_version").fetchone()[0]
                db.execute("SELECT count(*) FROM text").fetchone()
            except sqlite3.Error:
                continue
            if version > len(MIGRATIONS):
                db.close()
                self._refuse(version)
                return True
            self._db, self.read_only = db, True
            self.problem = (
                f"{self.path}: the folder cannot be written (read-only or full), so your "
                "progress is shown but changes are kept only until it can be written"
            )
            return True
        return False

    def _move_aside(self) -> None:
        """Keep the damaged file (and its WAL) beside the new one, after copying into the
        new one every row that can still be read."""
        if self._db is not None:
            self._db.close()
            self._db = None
        stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{uuid.uuid4().hex[:6]}"
        moved = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        fresh = self.path.with_name(f".{self.path.name}.salvage-{stamp}")
        if self._salvage_failed:
            return
        try:
            try:
                saved = self._salvage(self.path, fresh)
            except NoRoomToSalvage:
                # nothing is moved: the file stays, shown as far as it can be read,
                # until there is room to save what it holds (retried with the changes)
                self._salvage_failed = True
                if not self._open_read_only():
                    self._broken = True
                self.problem = (
                    f"{self.path}: the progress database is damaged and the disk has no "
                    "room to save what can still be read; it is left as it is until there is"
                )
                return
            self.path.rename(moved)
            for suffix in ("-wal", "-shm"):
                extra = Path(f"{self.path}{suffix}")
                if extra.exists():
                    extra.rename(Path(f"{moved}{suffix}"))
            fresh.rename(self.path)
            self._db = self._connect_when_free()
            self._remember_identity()
            rows = f"{saved:,} rows that could still be read were kept and " if saved else ""
            self.problem = (
                f"{self.path}: the progress database was damaged; {rows}the damaged file "
                f"was moved to {moved.name}"
            )
        except (OSError, sqlite3.Error) as exc:
            self._fail(exc)
        finally:
            with contextlib.suppress(OSError):
                fresh.unlink(missing_ok=True)

    def _salvage(self, damaged: Path, target: Path) -> int:
        """Copy every row of our tables that can be read from `damaged` into a new
        database at `target`; the number of rows copied (0: nothing could be read).
        NoRoomToSalvage when the new database cannot be written."""
        try:
            new = sqlite3.connect(target, isolation_level=None)
            self._migrate(new)
        except sqlite3.Error as exc:
            raise NoRoomToSalvage(str(exc)) from None
        try:
            source = sqlite3.connect(f"{damaged.absolute().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            new.close()
            return 0
        total = 0
        try:
            new.execute("BEGIN")
            for table in (
                "text",
                "lookup",
                "vocabulary",
                "answer",
                "section_read",
                "section_time",
                "assignment_run",
                "applied",
                "word_status",
                "card",  # before its reviews: the trigger finds each one's card
                "review",
            ):
                total += _copy_rows(source, new, table)
            new.execute("COMMIT")
        except sqlite3.Error as exc:
            raise NoRoomToSalvage(str(exc)) from None
        finally:
            source.close()
            new.close()
        return total

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
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise NewerSchema(version)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
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
            if version > len(MIGRATIONS):
                raise NewerSchema(version)
            for script in MIGRATIONS[version:]:
                for statement in _statements(script):
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # writing: one transaction each; what cannot be saved now is kept and retried
    def _write(self, kind: str, args: tuple) -> bool:
        args = tuple(_storable(a) for a in args)
        with self._lock:
            if self._refused:
                return False  # a newer reader's file: nothing is kept for it either
            if self.pending:
                self.retry_pending()
            if not self.pending:
                done = self._run(kind, args)
                if done is not False:
                    return bool(done)
            self._keep(Pending(uuid.uuid4().hex, kind, args, time.time()))
            return False

    def _run(self, kind: str, args: tuple, pending_id: str | None = None) -> bool | None:
        """True: saved. False: not now (kept to try again). None: never (a change the
        database refuses by its constraints, dropped rather than blocking the rest)."""
        for attempt in range(2):
            db = self._open()
            if db is None or self.read_only:
                return False
            try:
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    if pending_id is not None:
                        if db.execute(
                            "SELECT 1 FROM applied WHERE id = ?", (pending_id,)
                        ).fetchone():
                            return True  # another reader applied this journal already
                        db.execute(
                            "INSERT INTO applied (id, at) VALUES (?, ?)", (pending_id, time.time())
                        )
                    db.execute(WRITES[kind], args)
                if not room_for(self.path.parent, LOW_SPACE):
                    _make_room(db)  # a small disk: the WAL must not eat it
                return True
            except (
                sqlite3.IntegrityError,
                sqlite3.InterfaceError,
                sqlite3.ProgrammingError,
            ) as exc:
                self.problem = f"{self.path}: a change was refused and dropped ({exc})"
                return None
            except sqlite3.Error as exc:
                if attempt == 0 and _damaged(exc):
                    self._move_aside()
                    continue
                if attempt == 0 and _full(exc) and _make_room(db):
                    continue
                self.problem = f"{self.path}: could not save ({exc}); kept to try again"
        return False

    def _keep(self, item: Pending) -> None:
        self.pending.append(item)
        if len(self.pending) > PENDING_LIMIT:
            drop = next((p for p in self.pending if p.kind != "answer"), None)
            if drop is not None:
                self.pending.remove(drop)
        self._write_journal()

    def retry_pending(self) -> int:
        """Try again what could not be saved, oldest first; how many are still kept."""
        with self._lock:
            if not self.pending:
                return 0
            if self._broken or self.read_only:  # the disk may have room (or rights) again
                self._broken = False
                if self._db is not None:
                    self._db.close()
                self._db, self.read_only = None, False
            self._salvage_failed = False
            done = 0
            for item in self.pending:
                if self._run(item.kind, item.args, item.id) is False:
                    break
                done += 1
            if done:
                del self.pending[:done]
                self._write_journal()
                if not self.pending:
                    self.problem = None
            return len(self.pending)

    def _write_journal(self) -> bool:
        """The pending changes in a small file beside the database (when the disk lets
        us): a reader killed before they could be saved loses none of them. Whether
        the file says what is pending now."""
        try:
            if not self.pending:
                self.journal.unlink(missing_ok=True)
                return True
            data = [
                {"id": p.id, "kind": p.kind, "args": list(p.args), "at": p.at} for p in self.pending
            ]
            write_text_atomic(self.journal, json.dumps(data, ensure_ascii=False))
            return True
        except OSError:
            return False  # kept in memory; retried

    def _take_journals(self) -> None:
        """Changes another run could not save: applied once (their ids say which are
        done already), then their file removed."""
        try:
            found = sorted(self.path.parent.glob("pending-*.json"))
        except OSError:
            return
        taken = []
        for file in found:
            if file.name == self._journal_name:
                continue
            try:
                if file.stat().st_size > JOURNAL_LIMIT:
                    continue
                data = json.loads(file.read_text("utf-8"))
            except (OSError, ValueError, RecursionError):
                continue
            items = [_pending_from(item) for item in data] if isinstance(data, list) else [None]
            if any(item is None for item in items):
                continue  # not a journal we wrote: left alone
            self.pending += [item for item in items if item is not None]
            taken.append(file)
        if not taken:
            return
        self.pending.sort(key=lambda item: item.at)  # oldest first, whichever run
        if self._write_journal():  # theirs are in ours now: only then are they removed
            for file in taken:
                with contextlib.suppress(OSError):
                    file.unlink()
        self.retry_pending()

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
            "opened",
            (doc_id, path, title, time.time()),
        )

    def save_position(self, doc_id: str, paragraph: str) -> None:
        self._write("position", (paragraph, doc_id))

    def position(self, doc_id: str) -> str | None:
        rows = self._read("SELECT paragraph FROM text WHERE doc_id = ?", (doc_id,))
        return rows[0][0] if rows else None

    def save_script(self, doc_id: str, script: str | None) -> None:
        """The script this text is read in (None: the settings' default)."""
        self._write("script", (script, doc_id))

    def script(self, doc_id: str) -> str | None:
        rows = self._read("SELECT script FROM text WHERE doc_id = ?", (doc_id,))
        return rows[0][0] if rows else None

    def recent_texts(self) -> list[RecentText]:
        """Most recent first."""
        rows = self._read("SELECT doc_id, path, title, paragraph FROM text ORDER BY opened DESC")
        return [RecentText(*row) for row in rows]

    # words
    def looked_up(self, doc_id: str, paragraph: str, word: str) -> None:
        self._write(
            "lookup",
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
            "add_word",
            (word, simplified, traditional, pinyin, english, sentence, doc_id, time.time()),
        )

    def correct_pinyin(self, simplified: str, pinyin: str) -> bool:
        """A saved word's reading, after the learner corrected it."""
        return self._write("correct_pinyin", (pinyin, simplified))

    def vocabulary(self) -> list[VocabRow]:
        rows = self._read(
            "SELECT v.word, v.simplified, traditional, pinyin, english, sentence, "
            "coalesce(w.status, CASE v.known WHEN 1 THEN 'known' ELSE 'new' END), "
            "coalesce(doc_id, '') FROM vocabulary v "
            "LEFT JOIN word_status w ON w.word = v.simplified ORDER BY added"
        )
        return [
            VocabRow(w, s, t, p, e, sentence, status == KNOWN, d, status)
            for w, s, t, p, e, sentence, status, d in rows
        ]

    def words_added(self, doc_id: str) -> set[str]:
        return {r[0] for r in self._read("SELECT word FROM vocabulary WHERE doc_id = ?", (doc_id,))}

    def known_words(self) -> set[str]:
        return {w for w, s in self.statuses().items() if s == KNOWN}

    def set_known(self, word: str, known: bool) -> bool:
        """A vocabulary word (as saved) known, or back to learning 1."""
        rows = self._read("SELECT simplified FROM vocabulary WHERE word = ?", (word,))
        simplified = rows[0][0] if rows else word
        self._write("set_known", (int(known), word))
        return self.set_status(simplified, KNOWN if known else LEARNING[0])

    # word statuses (absent: new), by simplified form, for every text and script
    def set_status(self, word: str, status: str, at: float | None = None) -> bool:
        return self._write("status", (word, status, time.time() if at is None else at))

    def set_statuses(self, words: list[str], status: str) -> bool:
        """Many words at once (every word still new in a paragraph), one transaction."""
        if not words:
            return True
        return self._write("statuses", (status, time.time(), json.dumps(words)))

    def statuses(self) -> dict[str, str]:
        """Every word with a status other than new; a change not saved yet counts."""
        found = {w: s for w, s in self._read("SELECT word, status FROM word_status")}
        for item in self.pending:
            if item.kind == "status":
                found[item.args[0]] = item.args[1]
            elif item.kind == "statuses":
                with contextlib.suppress(ValueError, TypeError, RecursionError):
                    found.update(dict.fromkeys(json.loads(item.args[2]), item.args[0]))
        return {w: s for w, s in found.items() if s != NEW}

    def lookup_count(self, word: str) -> int:
        rows = self._read("SELECT count(*) FROM lookup WHERE word = ?", (word,))
        return int(rows[0][0]) if rows else 0

    # review cards (see study.review)
    def add_card(self, word: str, kind: str, sentence: str, state: str, at: float) -> bool:
        """A card due at `at`, unless the word has one of this kind already."""
        return self._write("new_card", (word, kind, sentence, state, at, at, at))

    def put_card(
        self,
        word: str,
        kind: str,
        sentence: str,
        state: str,
        due: float,
        reviewed: float | None,
        created: float,
        at: float,
    ) -> bool:
        """A card as given (an import), kept only when newer than the one here."""
        return self._write("card", (word, kind, sentence, state, due, reviewed, created, at))

    _CARD = "SELECT word, kind, sentence, state, due, reviewed, created, changed FROM card "
    _AWAKE = "word NOT IN (SELECT word FROM word_status WHERE status IN ('known', 'ignored'))"

    def due_cards(self, now: float, limit: int, soon: float | None = None) -> list[tuple]:
        """Cards reviewed before and due by `now`, soonest first (a known or ignored
        word's cards rest)."""
        return self._read(
            self._CARD + f"WHERE reviewed IS NOT NULL AND due <= ? AND {self._AWAKE} "
            "ORDER BY due LIMIT ?",
            (now if soon is None else soon, limit),
        )

    def new_cards(self, limit: int) -> list[tuple]:
        """Cards never reviewed, in the order they were made (a word's recognition card
        first)."""
        return self._read(
            self._CARD + f"WHERE reviewed IS NULL AND {self._AWAKE} "
            "ORDER BY created, kind = 'context', kind LIMIT ?",
            (limit,),
        )

    def words_without_cards(self) -> list[tuple[str, str]]:
        """(simplified, sentence) of the vocabulary's words that have no card and are
        neither known nor ignored."""
        return self._read(
            "SELECT simplified, max(sentence) FROM vocabulary v WHERE NOT EXISTS "
            "(SELECT 1 FROM card c WHERE c.word = v.simplified) AND simplified NOT IN "
            "(SELECT word FROM word_status WHERE status IN ('known', 'ignored')) "
            "GROUP BY simplified"
        )

    def card_counts(self, now: float) -> tuple[int, int]:
        """(cards due now, new cards), resting ones left out."""
        rows = self._read(
            "SELECT sum(reviewed IS NOT NULL AND due <= ?), sum(reviewed IS NULL) FROM card "
            f"WHERE {self._AWAKE}",
            (now,),
        )
        return (int(rows[0][0] or 0), int(rows[0][1] or 0)) if rows else (0, 0)

    def card(self, word: str, kind: str) -> tuple | None:
        rows = self._read(self._CARD + "WHERE word = ? AND kind = ?", (word, kind))
        return rows[0] if rows else None

    def record_review(
        self, word: str, kind: str, rating: int, at: float, first: bool, state: str, due: float
    ) -> bool:
        """One rating and the card's new state, in one transaction: a killed reader loses
        no rating given before it."""
        return self._write("review", (word, kind, rating, at, int(first), state, due))

    def import_rows(self, batches: list[tuple[str, list[tuple]]]) -> None:
        """Many writes (kinds of WRITES, each with its rows) in one transaction: all of
        them or, on any failure, none (ReaderError saying why)."""
        from reader.errors import ReaderError

        with self._lock:
            db = self._open()
            if db is None or self.read_only:
                raise ReaderError(
                    f"{self.path}: the progress cannot be written ({self.problem or 'read-only'})"
                )
            try:
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    for kind, rows in batches:
                        db.executemany(WRITES[kind], rows)
            except (sqlite3.Error, ValueError, UnicodeError) as exc:
                raise ReaderError(f"{self.path}: nothing was imported ({exc})") from None

    def table_rows(self, table: str) -> list[tuple]:
        """Every row of one of the progress tables, for an export."""
        columns = {
            "vocabulary": "word, simplified, traditional, pinyin, english, sentence, "
            "coalesce(doc_id, ''), added",
            "text": "doc_id, path, title, paragraph, script, opened",
            "review": "word, kind, rating, at, first, state, due",
            "card": "word, kind, sentence, state, due, reviewed, created, changed",
            "word_status": "word, status, changed",
        }[table]
        return self._read(f"SELECT {columns} FROM {table} ORDER BY rowid")

    def reviews(self, since: float = 0.0, until: float = float("inf")) -> list[tuple]:
        """(word, kind, rating, at, first) from `since` to `until`, oldest first; a rating
        not saved yet counts."""
        rows = self._read(
            "SELECT word, kind, rating, at, first FROM review WHERE at >= ? AND at <= ? "
            "ORDER BY at, id",
            (since, until),
        )
        rows += [
            p.args[:5] for p in self.pending if p.kind == "review" and since <= p.args[3] <= until
        ]
        return rows

    def remove_word(self, word: str) -> bool:
        return self._write("remove_word", (word,))

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
            "answer",
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
        # an answer the screen confirmed but the disk refused still counts (results,
        # "all answered"): it is saved as soon as it can be
        rows += [p.args for p in self.pending if p.kind == "answer" and doc_id in (None, p.args[0])]
        return [
            AnswerRow(d, q, s, g, bool(c), at, ctx, bool(r)) for d, q, s, g, c, at, ctx, r in rows
        ]

    def mark_section_read(self, doc_id: str, section: int) -> None:
        self._write(
            "section_read",
            (doc_id, section, time.time()),
        )

    def sections_read(self, doc_id: str) -> set[int]:
        return {
            r[0] for r in self._read("SELECT section FROM section_read WHERE doc_id = ?", (doc_id,))
        }

    def add_section_time(self, doc_id: str, section: int, seconds: float) -> None:
        if seconds > 0:
            self._write(
                "section_time",
                (doc_id, section, seconds),
            )

    def section_times(self, doc_id: str) -> dict[int, float]:
        return dict(
            self._read("SELECT section, seconds FROM section_time WHERE doc_id = ?", (doc_id,))
        )

    def start_run(self, run_id: str, student: str) -> None:
        self._write(
            "start_run",
            (run_id, student, time.time()),
        )

    def finish_run(self, run_id: str) -> None:
        self._write("finish_run", (time.time(), run_id))

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
