"""pypinyin's dictionaries, kept in the cache folder in a form that loads ten times
faster.

pypinyin parses its phrase dictionary (a 2.5 MB JSON file, 47,000 words) when it is
imported: a quarter of a second on the way to a new text's first pinyin. Its words and
their readings and each character's readings are kept in our copy as two sorted tables
(`SortedTable`), which answer from the file's bytes while a new text's first paragraphs
are read and build their dicts (and the set of the words' prefixes) a few paragraphs
in: reading the copy takes a few milliseconds. The copy is built from the installed
pypinyin the first time (again whenever pypinyin's version or this layout changes),
written only when the disk has room for it, and read only when it is whole; anything
else builds it again.

`run` reads a run of Han characters exactly as pypinyin's `pinyin(run, Style.TONE)`
does: its forward maximum matching over its phrases (strict: a piece is a phrase or one
character), then each phrase's first readings or each character's first reading (the
test suite compares the two on thousands of words).
"""

from __future__ import annotations

import json
import threading
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from reader import paths
from reader.fsutil import room_for, write_bytes_atomic
from reader.lang.sorted_table import SortedTable

LAYOUT = 2  # 2: sorted tables, searched in place until a few paragraphs in
_MAGIC = b"reader pypinyin tables\n"
_ROOM = 8 * 2**20
_lock = threading.Lock()
_state: dict[str, Tables] = {}


@dataclass(frozen=True)
class Tables:
    phrases: SortedTable  # word -> its syllables, space-separated (NFC); and its prefixes
    chars: SortedTable  # character -> its readings, comma-separated, usual first


def cache_path() -> Path:
    version = metadata.version("pypinyin")
    return paths.cache_dir() / f"pypinyin-{version}-v{LAYOUT}.bin"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _build() -> Tables:
    """From the installed pypinyin (imported here, and only here)."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    phrases = {
        word: " ".join(_nfc(readings[0]) for readings in syllables)
        for word, syllables in PHRASES_DICT.items()
        if all(syllables)
    }
    chars = {chr(code): _nfc(readings) for code, readings in PINYIN_DICT.items()}
    return Tables(SortedTable.of(phrases, prefixes=True), SortedTable.of(chars))


def _encode(tables: Tables) -> bytes:
    phrases, chars = tables.phrases.encode(), tables.chars.encode()
    header = json.dumps({"phrases": len(phrases), "chars": len(chars)}).encode()
    return _MAGIC + header + b"\n" + phrases + chars


def _decode(data: bytes) -> Tables:
    """The tables from our cache file; ValueError when it is not one whole."""
    if not data.startswith(_MAGIC):
        raise ValueError("not pypinyin tables")
    end = data.index(b"\n", len(_MAGIC))
    header = json.loads(data[len(_MAGIC) : end])
    if not isinstance(header, dict):
        raise ValueError("pypinyin tables without their header")
    phrases, chars = header.get("phrases"), header.get("chars")
    if not isinstance(phrases, int) or not isinstance(chars, int):
        raise ValueError("pypinyin tables without their header")
    body = data[end + 1 :]
    if len(body) != phrases + chars:
        raise ValueError("pypinyin tables of the wrong size")
    return Tables(
        SortedTable.decode(body[:phrases], prefixes=True), SortedTable.decode(body[phrases:])
    )


def tables() -> Tables:
    """The tables, from the cache when it is whole, else built (and cached)."""
    found = _state.get("tables")
    if found is not None:
        return found
    with _lock:
        if "tables" not in _state:
            _state["tables"] = _load()
        return _state["tables"]


def _load() -> Tables:
    path = cache_path()
    try:
        return _decode(path.read_bytes())
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        pass  # missing or damaged: build it again
    built = _build()
    try:
        if room_for(path.parent, _ROOM):
            write_bytes_atomic(path, _encode(built))
    except OSError:
        pass  # no cache this run: the next one builds it again
    return built


def phrases() -> SortedTable:
    """pypinyin's phrases and their readings."""
    return tables().phrases


def readings(ch: str) -> tuple[str, ...]:
    """Every reading pypinyin knows for a character, its usual one first."""
    found = tables().chars.get(ch)
    return tuple(found.split(",")) if found else ()


def _pieces(han: str, table: Tables) -> list[str]:
    """pypinyin's mmseg in its strict mode (`Seg(no_non_phrases=True).cut`)."""
    out: list[str] = []
    remain = han
    while remain:
        last_valid = ""
        for index in range(len(remain)):
            word = remain[: index + 1]
            if table.phrases.has_prefix(word):
                if word in table.phrases:
                    last_valid = word
            else:
                if last_valid:
                    out.append(last_valid)
                    remain = remain[len(last_valid) :]
                else:
                    out.append(remain[0])
                    remain = remain[1:]
                break
        else:  # the whole rest is a prefix
            if last_valid:
                out.append(last_valid)
                remain = remain[len(last_valid) :]
            else:
                out.extend(remain)  # not a phrase: its characters, one by one
                remain = ""
    return out


def run(han: str) -> list[str]:
    """One syllable per character of a run of Han characters ('' for one pypinyin has
    no reading of), as pypinyin reads it."""
    table = tables()
    out: list[str] = []
    for piece in _pieces(han, table):
        reading = table.phrases.get(piece)
        syllables = reading.split(" ") if reading is not None else []
        if len(syllables) == len(piece):
            out.extend(syllables)
        else:
            out.extend((table.chars.get(ch) or "").split(",")[0] for ch in piece)
    return out
