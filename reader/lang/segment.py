"""Word segmentation with jieba, on the simplified form of the text.

jieba is imported and initialised lazily (about 0.6 s), with its prefix-dictionary cache
in the program's cache folder (when the disk has room for it). Glossary terms are added
in both scripts with a high frequency: a plain `add_word` loses to competing dictionary
words (风/投融资).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from reader import paths
from reader.fsutil import room_for, sweep_temporary

GLOSSARY_FREQUENCY = 20000


JIEBA_CACHE_BYTES = 10 * 2**20  # jieba's prefix dictionary, dumped on its first build


def _cache_folder() -> str:
    """Where jieba keeps its prefix dictionary: our cache folder, or, when the cache is
    not there yet and the disk has no room for it, a folder that does not exist (jieba
    then builds in memory and its dump fails at once, writing nothing)."""
    folder = paths.cache_dir()
    sweep_temporary(folder)
    if (folder / "jieba.cache").is_file() or room_for(folder, JIEBA_CACHE_BYTES):
        return str(folder)
    return str(folder / "no-room-for-jieba")


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
                    # jieba takes about 0.6 s to import and initialise: only when a
                    # block is not in the cache.
                    import jieba

                    jieba.setLogLevel(60)
                    logging.getLogger("jieba").setLevel(60)
                    tokenizer = jieba.Tokenizer()
                    tokenizer.tmp_dir = _cache_folder()
                    tokenizer.initialize()
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
