"""CC-CEDICT's words that no reading table has (`cedict_words.txt`, built by
readings_build), kept in the cache folder as a `SortedTable`: a new text's first
paragraph asks a few hundred of the 80,000 words, and a set of them all took 50 ms to
build on the way to its first pinyin.

A word marked `*` in the file is one CC-CEDICT reads in more than one way, or otherwise
than pypinyin: a word, but not safe as a piece of an unknown word's reading (`plain`)."""

from __future__ import annotations

import hashlib
import threading
from importlib import resources

from reader import paths
from reader.fsutil import room_for, write_bytes_atomic
from reader.lang.sorted_table import SortedTable

LAYOUT = 1
_ROOM = 4 * 2**20
_MARKED = "*"
_lock = threading.Lock()
_state: dict[str, SortedTable] = {}


def table() -> SortedTable:
    """Each word, with "*" when it is marked, else ""."""
    found = _state.get("table")
    if found is not None:
        return found
    with _lock:
        if "table" not in _state:
            _state["table"] = _load()
        return _state["table"]


def is_word(word: str) -> bool:
    return table().get(word) is not None


def plain(word: str) -> bool:
    """A word of the list CC-CEDICT reads one way, as pypinyin does."""
    return table().get(word) == ""


def _load() -> SortedTable:
    data = resources.files("reader.lang").joinpath("cedict_words.txt").read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    path = paths.cache_dir() / f"cedict-words-{digest}-v{LAYOUT}.bin"
    try:
        return SortedTable.decode(path.read_bytes())
    except (OSError, ValueError):
        pass  # missing or damaged: build it again
    words = data.decode("utf-8").split()
    built = SortedTable.of({w.lstrip(_MARKED): _MARKED if w[0] == _MARKED else "" for w in words})
    try:
        if room_for(path.parent, _ROOM):
            write_bytes_atomic(path, built.encode())
            for old in path.parent.glob("cedict-words-*.bin"):
                if old != path:
                    old.unlink(missing_ok=True)
    except OSError:
        pass  # no cache this run: the next one builds it again
    return built
