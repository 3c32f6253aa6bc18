"""Word segmentation with jieba, on the simplified form of the text.

jieba is imported and initialised lazily, only when a block is not in the annotation
cache. Its prefix dictionary (half a million words and prefixes) is kept in the
program's cache folder in a form of our own, which loads four times faster than
jieba's marshal dump (about 0.15 s against 0.65 s: the first pinyin of a new text waits
for it), and is written only when the disk has room for it. Glossary terms are added in
both scripts with a high frequency: a plain `add_word` loses to competing dictionary
words (风/投融资).
"""

from __future__ import annotations

import array
import json
import logging
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader import paths
from reader.fsutil import room_for, sweep_temporary, write_bytes_atomic

GLOSSARY_FREQUENCY = 20000

PREFIX_CACHE = "jieba-prefix-v1.bin"
PREFIX_CACHE_BYTES = 12 * 2**20
_MAGIC = b"reader jieba prefix dictionary\n"
_COUNTS = "q"  # 8-byte signed counts: jieba's largest is in the millions


def _import_jieba() -> Any:
    """jieba, imported without pkg_resources: jieba's `_compat` uses it only to open
    its own dictionary file, falls back on opening it by path when the import fails, and
    importing it takes a quarter of a second (setuptools' whole resource machinery)."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # ImportError
    try:
        import jieba
    finally:
        if blocked and sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(60)
    logging.getLogger("jieba").setLevel(60)
    return jieba


def _encode(freq: dict[str, int], total: int) -> bytes:
    keys = "\n".join(freq).encode("utf-8")
    counts = array.array(_COUNTS, freq.values()).tobytes()
    header = json.dumps(
        {"total": total, "words": len(freq), "keys": len(keys), "counts": len(counts)}
    ).encode()
    return _MAGIC + header + b"\n" + keys + counts


def _decode(data: bytes) -> tuple[dict[str, int], int]:
    """The prefix dictionary from our cache file; ValueError when it is not one whole
    (a file cut short, another program's, a different layout)."""
    if not data.startswith(_MAGIC):
        raise ValueError("not a prefix dictionary")
    end = data.index(b"\n", len(_MAGIC))
    header = json.loads(data[len(_MAGIC) : end])
    words, key_bytes, count_bytes = header["words"], header["keys"], header["counts"]
    start = end + 1
    if len(data) != start + key_bytes + count_bytes or not isinstance(header["total"], int):
        raise ValueError("a prefix dictionary of the wrong size")
    keys = data[start : start + key_bytes].decode("utf-8").split("\n")
    counts = array.array(_COUNTS)
    counts.frombytes(data[start + key_bytes :])
    if len(keys) != words or len(counts) != words:
        raise ValueError("a prefix dictionary whose parts disagree")
    return dict(zip(keys, counts, strict=True)), header["total"]


def _prefix_dictionary(tokenizer: Any) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary of its own word list: from our cache when it is whole,
    else built by jieba (about 1.5 s) and cached when the disk has room."""
    folder = paths.cache_dir()
    sweep_temporary(folder)
    path = folder / PREFIX_CACHE
    try:
        return _decode(path.read_bytes())
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        pass  # missing or damaged: build it again
    freq, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    _save(path, freq, total)
    # jieba's own dump, which earlier versions kept here (9 MB)
    (folder / "jieba.cache").unlink(missing_ok=True)
    return freq, total


def _save(path: Path, freq: dict[str, int], total: int) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if room_for(path.parent, PREFIX_CACHE_BYTES):
            write_bytes_atomic(path, _encode(freq, total))
    except OSError:
        pass  # no cache this run: the next one builds it again


class Segmenter:
    """A jieba tokenizer of our own, so adding terms never touches jieba's global one."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self._extra = tuple(dict.fromkeys(w for w in extra_words if w))
        self._tokenizer = None
        self._lock = threading.Lock()

    def _ready(self):
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    tokenizer = _import_jieba().Tokenizer()
                    # what jieba's initialize() sets, from our cache of its dictionary
                    tokenizer.FREQ, tokenizer.total = _prefix_dictionary(tokenizer)
                    tokenizer.initialized = True
                    for word in self._extra:
                        tokenizer.add_word(word, GLOSSARY_FREQUENCY)
                    self._tokenizer = tokenizer
        return self._tokenizer

    def knows(self, word: str) -> bool:
        """The word is in jieba's dictionary (or one we added), not made up by its HMM."""
        return bool(self._ready().FREQ.get(word))

    def frequency(self, word: str) -> int:
        """How often jieba's dictionary counts the word (0: not in it)."""
        return int(self._ready().FREQ.get(word) or 0)

    def cut(self, simplified: str) -> list[str]:
        """Words of `simplified`; joining them gives `simplified` back exactly."""
        if not simplified:
            return []
        words = list(self._ready().cut(simplified, HMM=True))
        if "".join(words) != simplified:
            # jieba never drops text in our tests, but a reader must never lose a character.
            return list(simplified)
        return words
