"""Word segmentation with jieba, on the simplified form of the text.

jieba is imported and initialised lazily, only when a block is not in the annotation
cache. Its prefix dictionary (half a million words and prefixes) is kept in the
program's cache folder in a form of our own: its keys sorted, with their offsets and
counts, so that a new text's first words are looked up in the file's bytes (reading it
takes milliseconds; building jieba's dict of it, 0.15 s, waits until a few paragraphs
have been cut), written only when the disk has room for it. Glossary terms are added
in both scripts with a high frequency: a plain `add_word` loses to competing dictionary
words (风/投融资); the dictionary with them added is cached too.
"""

from __future__ import annotations

import array
import hashlib
import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable
from math import log
from pathlib import Path
from typing import Any

from reader import paths
from reader.fsutil import room_for, sweep_temporary, write_bytes_atomic

GLOSSARY_FREQUENCY = 20000
# a two-character term counts less (at least what jieba counts it): most are short
# names and jargon that two common words around them share a character with (台电 in
# 那台电脑, 城投 in 出城投降, 年改 in 1957年改为); alone or beside their own words they still
# beat their characters (城投债, 台电公司)
SHORT_TERM_FREQUENCY = 1000

PREFIX_CACHE = "jieba-prefix-v2.bin"
WITH_WORDS_CACHE = "jieba-prefix-v2-with-"  # + a digest of the words added, + .bin
_EARLIER = ("jieba.cache", "jieba-prefix-v1.bin")  # what earlier versions kept
KEPT_WITH_WORDS = 3
PREFIX_CACHE_BYTES = 12 * 2**20
_MAGIC = b"reader jieba prefix dictionary\n"
_COUNTS = "q"  # 8-byte signed counts: jieba's largest is in the millions
_OFFSETS = "Q"  # where each key starts in the file's keys


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
    """The keys sorted, each followed by a newline, their offsets and their counts:
    what `PrefixTable` searches without building a dict (a key with a newline, which
    no block of Han characters has, is left out)."""
    keys = sorted(key for key in freq if "\n" not in key)  # no text cut has one
    blob = ("\n".join(keys) + "\n").encode("utf-8") if keys else b""
    offsets = array.array(_OFFSETS, [0])
    at = 0
    for key in keys:
        at += len(key.encode("utf-8")) + 1
        offsets.append(at)
    counts = array.array(_COUNTS, (freq[key] for key in keys)).tobytes()
    header = json.dumps(
        {
            "total": total,
            "words": len(keys),
            "keys": len(blob),
            "offsets": len(offsets) * offsets.itemsize,
            "counts": len(counts),
        }
    ).encode()
    return _MAGIC + header + b"\n" + blob + offsets.tobytes() + counts


def _decode(data: bytes) -> tuple[PrefixTable, int]:
    """The prefix dictionary from our cache file; ValueError when it is not one whole
    (a file cut short, another program's, a different layout)."""
    if not data.startswith(_MAGIC):
        raise ValueError("not a prefix dictionary")
    end = data.index(b"\n", len(_MAGIC))
    header = json.loads(data[len(_MAGIC) : end])
    words, key_bytes = header["words"], header["keys"]
    offset_bytes, count_bytes = header["offsets"], header["counts"]
    start = end + 1
    if len(data) != start + key_bytes + offset_bytes + count_bytes or not isinstance(
        header["total"], int
    ):
        raise ValueError("a prefix dictionary of the wrong size")
    blob = data[start : start + key_bytes]
    # the offsets and counts read in place (a copy of each, 4 MB, took milliseconds)
    view = memoryview(data)
    width = array.array(_OFFSETS).itemsize
    if offset_bytes % width or count_bytes % array.array(_COUNTS).itemsize:
        raise ValueError("a prefix dictionary whose parts disagree")
    offsets = view[start + key_bytes : start + key_bytes + offset_bytes].cast("Q")  # _OFFSETS
    counts = view[start + key_bytes + offset_bytes :].cast("q")  # _COUNTS
    if len(offsets) != words + 1 or len(counts) != words or offsets[-1] != len(blob):
        raise ValueError("a prefix dictionary whose parts disagree")
    # each key ends in a newline: a file damaged inside shows it here (checking all of
    # it is UTF-8 took longer than the rest of the read; `whole` replaces a bad byte)
    if words and (blob[-1:] != b"\n" or blob.count(b"\n") != words):
        raise ValueError("a prefix dictionary whose parts disagree")
    return PrefixTable(blob, offsets, counts), header["total"]


class PrefixTable:
    """jieba's prefix dictionary as our cache holds it, its keys sorted: a lookup is a
    binary search over the file's bytes, so a new text's first words need not wait
    for a dict of half a million keys (150 ms). After `BUILD_AFTER` lookups (a few
    paragraphs) it builds that dict, a slice at a time so that other threads run in
    between (the screen), and answers from it: a book is cut at jieba's own speed."""

    BUILD_AFTER = 20_000

    def __init__(
        self, blob: bytes, offsets: array.array | memoryview, counts: array.array | memoryview
    ) -> None:
        self._blob, self._offsets, self._counts = blob, offsets, counts
        self._whole: dict[str, int] | None = None
        self._asked = 0
        self._last: tuple[str, int | None] = ("", None)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._counts)

    def _search(self, key: str) -> int | None:
        target = key.encode("utf-8")
        blob, offsets = self._blob, self._offsets
        low, high = 0, len(self._counts)
        while low < high:
            middle = (low + high) // 2
            probe = blob[offsets[middle] : offsets[middle + 1] - 1]
            if probe < target:
                low = middle + 1
            elif probe > target:
                high = middle
            else:
                return self._counts[middle]
        return None

    def get(self, key: str, default: int | None = None) -> int | None:
        whole = self._whole
        if whole is None:
            last = self._last  # one read: another thread may set it meanwhile
            if last[0] == key:  # `frag in freq`, then `freq[frag]`
                found = last[1]
                return default if found is None else found
            self._asked += 1
            if self._asked <= self.BUILD_AFTER:
                found = self._search(key)
                self._last = (key, found)
                return default if found is None else found
            whole = self.whole()
        return whole.get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __getitem__(self, key: str) -> int:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    @property
    def built(self) -> dict[str, int] | None:
        """The dict, when `whole` has built it."""
        return self._whole

    def whole(self) -> dict[str, int]:
        """The dict (built now when it is not yet)."""
        if self._whole is None:
            with self._lock:
                if self._whole is None:
                    whole: dict[str, int] = {}
                    offsets, counts, n = self._offsets, self._counts, len(self._counts)
                    for at in range(0, n, _SLICE):
                        to = min(n, at + _SLICE)
                        keys = self._blob[offsets[at] : offsets[to] - 1].decode("utf-8", "replace")
                        whole.update(zip(keys.split("\n"), counts[at:to], strict=True))
                        time.sleep(0)  # let the other threads run
                    self._whole = whole
        return self._whole


_SLICE = 40_000  # keys a slice of PrefixTable.whole(): a few milliseconds


Prefixes = dict[str, int] | PrefixTable  # jieba's FREQ: a word's count, 0 for a prefix


def _prefix_dictionary(tokenizer: Any) -> tuple[Prefixes, int]:
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
    for name in _EARLIER:  # jieba's own dump (9 MB), our first layout
        (folder / name).unlink(missing_ok=True)
    for old in folder.glob("jieba-prefix-v1-with-*.bin"):
        old.unlink(missing_ok=True)
    return freq, total


def _with_words(
    tokenizer: Any,
    words: tuple[str, ...],
    later: Callable[[], Iterable[str]] | None = None,
    key: str = "",
) -> tuple[Prefixes, int]:
    """jieba's prefix dictionary with `words` and those `later` gives added (the
    glossary's terms), from our cache of it when it is whole, else built (16,000
    `add_word` calls: 50 ms a start) and cached under a name that says which words it
    holds (`key` stands for those of `later`). Only the newest few such files are
    kept: each glossary choice (domains, a glossary of one's own) has its own."""
    if not words and later is None:
        return _prefix_dictionary(tokenizer)
    digest = hashlib.sha256(
        f"{GLOSSARY_FREQUENCY} {SHORT_TERM_FREQUENCY}\n".encode()
        + "\n".join(words).encode("utf-8")
        + (f"\n{key}".encode() if later is not None else b"")
    ).hexdigest()[:16]
    folder = paths.cache_dir()
    path = folder / f"{WITH_WORDS_CACHE}{digest}.bin"
    try:
        found = _decode(path.read_bytes())
        path.touch()  # the newest: kept when older ones go
        return found
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        pass
    if later is not None:
        words = (*words, *(word for word in later() if word))
    base, total = _prefix_dictionary(tokenizer)
    freq = dict(base.whole() if isinstance(base, PrefixTable) else base)
    # as jieba's add_word(word, GLOSSARY_FREQUENCY), but for the total: jieba adds each
    # word's count to it, and 16,000 terms at 20,000 would make it six times jieba's
    # own, every word's share smaller and a long word likelier than two (高|性价比
    # became 高性价比 as the glossary grew): the glossary's size must not move the cut
    for word in words:
        boost = GLOSSARY_FREQUENCY if len(word) > 2 else SHORT_TERM_FREQUENCY
        freq[word] = max(freq.get(word) or 0, boost)
        for end in range(1, len(word)):
            freq.setdefault(word[:end], 0)
    _save(path, freq, total)
    _keep_newest(folder, KEPT_WITH_WORDS)
    return freq, total


def _keep_newest(folder: Path, kept: int) -> None:
    try:
        found = sorted(
            folder.glob(f"{WITH_WORDS_CACHE}*.bin"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in found[kept:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _save(path: Path, freq: dict[str, int], total: int) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if room_for(path.parent, PREFIX_CACHE_BYTES):
            write_bytes_atomic(path, _encode(freq, total))
    except OSError:
        pass  # no cache this run: the next one builds it again


class Segmenter:
    """A jieba tokenizer of our own, so adding terms never touches jieba's global one."""

    def __init__(
        self,
        extra_words: Iterable[str] = (),
        later: Callable[[], Iterable[str]] | None = None,
        key: str = "",
    ) -> None:
        """`extra_words` are added to jieba's dictionary; so are the words `later`
        gives, asked for only when our cache has no dictionary with them: `key` must
        then say exactly which words they are (a glossary index's digest of its words),
        so that a start need not read thousands of words to find its cache."""
        self._extra = tuple(dict.fromkeys(w for w in extra_words if w))
        self._later, self._key = later, key
        self._tokenizer = None
        self._lock = threading.Lock()
        self._scores: dict[str, float] = {}  # a word's log frequency, once computed

    def _ready(self):
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    tokenizer = _import_jieba().Tokenizer()
                    # what jieba's initialize() sets, from our cache of its dictionary
                    tokenizer.FREQ, tokenizer.total = _with_words(
                        tokenizer, self._extra, self._later, self._key
                    )
                    tokenizer.initialized = True
                    self._tokenizer = tokenizer
        return self._tokenizer

    def forget(self) -> None:
        """Empty what the cut remembers (each word's log frequency, the HMM's cuts of
        runs): a bench measures a new text's cost with it."""
        self._scores.clear()
        _HMM_CUTS.clear()

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
        words = _cut(self._ready(), simplified, self._scores)
        if "".join(words) != simplified:
            # jieba never drops text in our tests, but a reader must never lose a character.
            return list(simplified)
        return words


def _cut(tokenizer: Any, sentence: str, scores: dict[str, float]) -> list[str]:
    """`tokenizer.cut(sentence, HMM=True)`, word for word, in less than half its time.

    jieba's own steps with its own dictionary, regular expressions and HMM (finalseg):
    split into blocks of Han, Latin letters and digits; in each block, the route of
    dictionary words of the highest summed log frequency, ties to the longer word; runs
    of single characters the dictionary does not have as one word go to the HMM. What
    jieba builds and throws away for every block (a dict of every word starting at
    each character, then a dict of routes, `log` of each word's count on every visit)
    is done here in one pass from the right, each word's log frequency kept in `scores`
    once computed. Equal to jieba's cut on every text we tried (tests/test_fast_paths.py:
    the article, the glossary corpus, the gold sets, made-up strings)."""
    jieba = _import_jieba()
    re_han, re_skip = jieba.re_han_default, jieba.re_skip_default
    freq = tokenizer.FREQ
    if isinstance(freq, PrefixTable) and freq.built is not None:
        tokenizer.FREQ = freq = freq.built  # its dict is whole now: search that
    logtotal = log(tokenizer.total)
    hmm_cut = jieba.finalseg.cut
    out: list[str] = []
    for block in re_han.split(sentence):
        if not block:
            continue
        if not re_han.match(block):
            for piece in re_skip.split(block):
                if re_skip.match(piece):
                    out.append(piece)
                else:
                    out.extend(piece)  # jieba yields each character (cut_all off)
            continue
        n = len(block)
        best = [0.0] * (n + 1)
        ends = [0] * (n + 1)
        for start in range(n - 1, -1, -1):
            top = 0.0
            end = 0
            stop = start + 1
            frag = block[start]
            count = freq.get(frag)
            while count is not None:  # jieba's prefix dictionary: words and their prefixes
                if count:
                    score = scores.get(frag)
                    if score is None:
                        score = scores[frag] = log(count) - logtotal
                    score += best[stop]
                    if not end or score >= top:  # max((score, x)): a tie to the longer
                        top, end = score, stop
                if stop >= n:
                    break
                stop += 1
                frag = block[start:stop]
                count = freq.get(frag)
            if not end:  # no word starts here: the character alone
                top, end = log(freq.get(block[start]) or 1) - logtotal + best[start + 1], start + 1
            best[start], ends[start] = top, end
        x = 0
        buf = ""
        while x < n:
            y = ends[x]
            if y - x == 1:
                buf += block[x]
            else:
                if buf:
                    _flush(buf, freq, hmm_cut, out)
                    buf = ""
                out.append(block[x:y])
            x = y
        if buf:
            _flush(buf, freq, hmm_cut, out)
    return out


def _flush(buf: str, freq: dict[str, int], hmm_cut: Any, out: list[str]) -> None:
    """A run of single characters: alone, by the HMM, or one by one when the dictionary
    has the run as a word (jieba's __cut_DAG). The HMM's answer depends on the run
    alone, and runs repeat (的是, 他在): it is kept."""
    if len(buf) == 1:
        out.append(buf)
    elif not freq.get(buf):
        words = _HMM_CUTS.get(buf)
        if words is None:
            if len(_HMM_CUTS) >= _HMM_KEPT:
                _HMM_CUTS.clear()
            words = _HMM_CUTS[buf] = tuple(hmm_cut(buf))
        out.extend(words)
    else:
        out.extend(buf)


_HMM_KEPT = 100_000
_HMM_CUTS: dict[str, tuple[str, ...]] = {}
