"""Build the reading tables from CC-CEDICT. Run by a developer when pypinyin or
CC-CEDICT change:

    python -m reader.lang.readings_build

- `cedict_readings.tsv`: the words whose one CC-CEDICT reading differs from pypinyin's
  (mostly neutral tones: 认识 rèn shi, 商量 shāng liang; fixed readings: 晒干 shài gān),
  and the proper nouns CC-CEDICT spells one way that are not also a common word (张掖
  Zhāngyè, 朝鲜 Cháoxiǎn, 内蒙古 Nèi Měnggǔ: lower case here, as pinyin is shown).
  Words with several readings (大夫 dà fū / dài fu) are left to pypinyin, the override
  table and the rules.
- `cedict_words.txt`: CC-CEDICT's words the two tables and pypinyin's phrases lack
  (相较, 仅需 ...): with them the annotator tells a word from one jieba made up, without
  opening the dictionary index on the way to the first paragraph. A word CC-CEDICT reads
  several ways, or otherwise than pypinyin, is marked "*": only the others are trusted
  as pieces of a word no table has.
- `char_readings.tsv`: for each character, the reading it has in most CC-CEDICT words
  of two or more characters (each word counted once, proper nouns too), where that
  differs from pypinyin's first reading: how a character reads inside a name or a word
  no dictionary has (艮 gèn, 晟 shèng, 町 tǐng, 阆 làng), used for such words; and,
  for a character that rarely stands alone as a word (fewer than RARE_ALONE in jieba's
  dictionary counts), for the character alone too (marked "alone"): alone, it is
  almost always a piece of a name jieba did not keep whole (长孙|晟).
- `char_positions.tsv`: for a polyphone, the reading it has in nearly all (POSITION_SHARE)
  of the CC-CEDICT words it starts or ends, when there are at least POSITION_WORDS of
  them (率 lǜ ending a word: 效率, 汇率, 自给率): how it reads at that end of a word
  jieba knows and no reading table has, without asking the context model.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from reader.lang import pinyin
from reader.lang.dictionary import cedict_path, numbers_to_marks, parse_cedict_lines
from reader.text.chars import HAN_RE

TARGET = Path(__file__).with_name("cedict_readings.tsv")
CHARS = Path(__file__).with_name("char_readings.tsv")
WORDS = Path(__file__).with_name("cedict_words.txt")
# A character needs this many words before its reading in words is trusted over
# pypinyin's first reading.
MIN_WORDS = 2
RARE_ALONE = 1000
POSITIONS = Path(__file__).with_name("char_positions.tsv")
POSITION_WORDS = 3
POSITION_SHARE = 0.85


def _alone_counts() -> dict[str, int]:
    """How often each character is a word by itself, from jieba's dictionary."""
    import jieba

    counts = {}
    with Path(jieba.__file__).with_name("dict.txt").open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) == 1 and parts[1].isdigit():
                counts[parts[0]] = int(parts[1])
    return counts


def _syllables(numbers: str, word: str) -> tuple[str, ...] | None:
    """The entry's syllables (tone marks, NFC, lower case), None when they are not one
    pinyin syllable per Han character."""
    syllables = tuple(
        unicodedata.normalize("NFC", s) for s in numbers_to_marks(numbers.lower()).split()
    )
    if len(syllables) != len(word) or not all(HAN_RE.match(c) for c in word):
        return None
    if any(
        not re.fullmatch(r"[a-zü\u0300-\u036f]+", unicodedata.normalize("NFD", s))
        for s in syllables
    ):
        return None
    return syllables


def _entries() -> list[tuple[str, tuple[str, ...], bool]]:
    """(simplified, syllables, proper noun) of every usable CC-CEDICT entry."""
    with gzip.open(cedict_path(), "rt", encoding="utf-8") as handle:
        rows = parse_cedict_lines(handle)
    out = []
    for _, simplified, numbers, definitions in rows:
        if definitions.startswith(("variant of", "old variant of")) and len(definitions) < 60:
            continue
        syllables = _syllables(numbers, simplified)
        if syllables is not None:
            out.append((simplified, syllables, numbers[:1].isupper()))
    return out


def build(entries: list[tuple[str, tuple[str, ...], bool]] | None = None) -> dict:
    entries = _entries() if entries is None else entries
    common: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    proper: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for word, syllables, is_proper in entries:
        (proper if is_proper else common)[word].add(syllables)
    table = {}
    for word, found in common.items():
        if len(word) >= 2 and len(found) == 1:
            table[word] = next(iter(found))
    for word, found in proper.items():
        if len(word) >= 2 and len(found) == 1 and word not in common:
            table[word] = next(iter(found))
    return {w: s for w, s in table.items() if pinyin.pypinyin_word(w) != s}


def _words_once(
    entries: list[tuple[str, tuple[str, ...], bool]],
) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each word of two or more characters with each of its readings, once."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for word, syllables, _ in entries:
        if len(word) >= 2 and (word, syllables) not in seen:
            seen.add((word, syllables))
            yield word, syllables


def build_chars(entries: list[tuple[str, tuple[str, ...], bool]] | None = None) -> dict:
    entries = _entries() if entries is None else entries
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for word, syllables in _words_once(entries):
        for ch, syllable in zip(word, syllables, strict=True):
            counts[ch][syllable] += 1
    table = {}
    for ch, found in counts.items():
        (best, n), *rest = found.most_common(2) + [("", 0)]
        if n < MIN_WORDS or (rest and rest[0][1] == n):
            continue  # too few words, or a tie: pypinyin's first reading stays
        if pinyin.pypinyin_word(ch) != (best,):
            table[ch] = best
    return table


def build_positions(entries: list[tuple[str, tuple[str, ...], bool]] | None = None) -> dict:
    """(character, "start" or "end") -> the reading nearly all its words agree on."""
    entries = _entries() if entries is None else entries
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for word, syllables in _words_once(entries):
        counts[(word[0], "start")][syllables[0]] += 1
        counts[(word[-1], "end")][syllables[-1]] += 1
    table = {}
    for key, found in counts.items():
        total = sum(found.values())
        best, n = found.most_common(1)[0]
        if (
            total >= POSITION_WORDS
            and n / total >= POSITION_SHARE
            and len(pinyin.readings_of(key[0])) > 1
        ):
            table[key] = best
    return table


def main() -> None:
    entries = _entries()
    table = build(entries)
    lines = [f"{word}\t{' '.join(syllables)}" for word, syllables in sorted(table.items())]
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(lines)} words")
    chars = build_chars(entries)
    alone = _alone_counts()
    CHARS.write_text(
        "".join(
            f"{ch}\t{syllable}" + ("\talone" if alone.get(ch, 0) < RARE_ALONE else "") + "\n"
            for ch, syllable in sorted(chars.items())
        ),
        encoding="utf-8",
    )
    print(f"{CHARS}: {len(chars)} characters")
    positions = build_positions(entries)
    POSITIONS.write_text(
        "".join(
            f"{ch}\t{where}\t{reading}\n" for (ch, where), reading in sorted(positions.items())
        ),
        encoding="utf-8",
    )
    print(f"{POSITIONS}: {len(positions)} characters at a word's start or end")
    # after the readings table: the words the reading tables already know are left out
    pinyin.cedict_readings.cache_clear()
    pinyin._phrases.cache_clear()
    words = build_words(entries)
    WORDS.write_text("".join(f"{w}\n" for w in words), encoding="utf-8")
    print(f"{WORDS}: {len(words)} words")


def build_words(entries: list[tuple[str, tuple[str, ...], bool]] | None = None) -> list[str]:
    """CC-CEDICT's words of two or more Han characters that no reading table has (the
    annotator's test of a word: `pinyin.is_dictionary_word`), sorted."""
    entries = _entries() if entries is None else entries
    known = pinyin.known_phrases()
    readings: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for word, syllables, _ in entries:
        if (
            len(word) >= 2
            and HAN_RE.fullmatch(word[0])
            and word not in known
            and all(HAN_RE.fullmatch(ch) for ch in word)
        ):
            readings[word].add(tuple(s.lower() for s in syllables))
    # a word CC-CEDICT reads one way, pypinyin's way: its reading can be trusted inside
    # a longer word no table has (心脏 in 心脏病发); the others are marked "*"
    return sorted(
        word if len(found) == 1 and pinyin.pypinyin_word(word) == next(iter(found)) else "*" + word
        for word, found in readings.items()
    )


if __name__ == "__main__":
    main()
