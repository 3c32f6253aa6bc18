"""Corrections to word boundaries and readings, made by a learner or shipped by a teacher.

A plain TOML file anyone can edit and share: the learner's own in the data folder
(`corrections.toml`), a teacher's beside a text (`NAME.corrections.toml`, carried
inside assignment bundles). Words may be written in either script; they are kept by
their simplified form, so a correction applies in every text and script.

```toml
join = ["仅需", "高估值"]        # always one word, where the text's words make it up

[split]                          # a word cut into the words given
"他教" = "他 教"

[reading]                        # a word's reading, tone marks or numbers
"长时间" = "cháng shí jiān"
"还书" = "huan2 shu1"
```

Joins and splits work on the segmenter's words: a split cuts a word exactly equal
to its key, a join merges consecutive words whose letters make up the joined word.
A reading is applied last, over every rule and model.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from reader.errors import ReaderError
from reader.lang import pypinyin_table
from reader.lang.dictionary import numbers_to_marks
from reader.lang.pinyin import simplified_form, to_plain
from reader.schema import Field, Schema, parse_toml
from reader.text.chars import HAN_RE, has_han
from reader.text.loader import read_file_bytes

MAX_WORD = 16  # characters of a corrected word
MAX_ENTRIES = 20_000
MAX_FILE_BYTES = 2 * 1024 * 1024
FILE = Schema(
    {"join": Field(list, items=str), "split": Field(dict), "reading": Field(dict)},
    noun="key",
)
_SYLLABLE_RE = re.compile(r"^[A-Za-züÜv:]+[1-5]?$|^[^\W\d_]+$")


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin knows (zhong, lü, er, ng)."""
    return frozenset(
        to_plain(s).replace("v", "u")
        for readings in pypinyin_table.tables().chars.values()
        for s in readings.split(",")
    ) | frozenset(["r"])


def parse_reading(text: str, word: str) -> tuple[str, ...]:
    """'huan2 shu1' or 'huán shū' as syllables with tone marks, one per Han character
    of `word`; ValueError saying what is wrong."""
    pieces = text.replace("'", " ").split()
    syllables = [
        unicodedata.normalize("NFC", numbers_to_marks(s.replace("v", "ü"))) for s in pieces
    ]
    need = len(HAN_RE.findall(word))
    if len(syllables) != need:
        raise ValueError(
            f"'{text[:40]}' has {len(syllables)} syllable{'s' * (len(syllables) != 1)} for {need} "
            f"character{'s' * (need != 1)}"
        )
    for piece, syllable in zip(pieces, syllables, strict=True):
        if not _SYLLABLE_RE.match(syllable) or to_plain(syllable) not in _syllables():
            raise ValueError(f"'{piece[:20]}' is not a pinyin syllable")
    return tuple(s.lower() if not s[:1].isupper() else s for s in syllables)


def _check_word(word: str) -> None:
    if len(word) > MAX_WORD or not has_han(word):
        raise ValueError(f"a correction is for a Chinese word of at most {MAX_WORD} characters")


def _key(word: str) -> str:
    return simplified_form(unicodedata.normalize("NFC", word.strip()))


def key_of(word: str) -> str:
    """The form a correction is kept by: NFC, simplified."""
    return _key(str(word))


@dataclass(frozen=True, slots=True)
class Corrections:
    readings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    splits: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    joins: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.readings or self.splits or self.joins)

    def words(self) -> Iterable[str]:
        yield from self.readings
        yield from self.splits
        yield from self.joins

    def entries(self) -> set[tuple[str, str, str]]:
        """(kind, word, value) of every correction: two sets of corrections differ for a
        word where these differ (a reading changed, a split's pieces, a join undone)."""
        return (
            {("reading", w, " ".join(r)) for w, r in self.readings.items()}
            | {("split", w, " ".join(p)) for w, p in self.splits.items()}
            | {("join", w, "") for w in self.joins}
        )

    def digest_for(self, simplified: str) -> str:
        """A digest of the corrections that can change the words of `simplified` ('' for
        none): a cache row made without them is still good."""
        relevant = sorted(
            (kind, word, " ".join(value))
            for kind, table in (("r", self.readings), ("s", self.splits))
            for word, value in table.items()
            if word in simplified
        ) + sorted(("j", word, "") for word in self.joins if word in simplified)
        if not relevant:
            return ""
        data = json.dumps(relevant, ensure_ascii=False).encode()
        return hashlib.blake2b(data, digest_size=6).hexdigest()

    def over(self, base: Corrections) -> Corrections:
        """These corrections on top of `base` (a text's): ours win where both say."""
        if not base:
            return self
        if not self:
            return base
        joins = (base.joins - set(self.splits)) | self.joins
        return Corrections(
            {**base.readings, **self.readings},
            {w: p for w, p in {**base.splits, **self.splits}.items() if w not in self.joins},
            frozenset(j for j in joins if j not in self.splits),
        )

    # changes, as the reader makes them
    def with_reading(self, word: str, syllables: tuple[str, ...] | None) -> Corrections:
        """`word` read `syllables` everywhere; None forgets the word's reading."""
        readings = {w: r for w, r in self.readings.items() if w != _key(word)}
        if syllables is not None:
            readings[_key(word)] = tuple(syllables)
        return replace(self, readings=readings)

    def with_split(self, word: str, pieces: tuple[str, ...]) -> Corrections:
        """`word` cut into `pieces` (a join of it forgotten)."""
        key = _key(word)
        pieces = tuple(_key(p) for p in pieces)
        if "".join(pieces) != key or len(pieces) < 2:
            raise ValueError(f"{'|'.join(pieces)} does not make up {word}")
        _check_word(key)
        return replace(self, splits={**self.splits, key: pieces}, joins=self.joins - {key})

    def with_join(self, word: str) -> Corrections:
        """`word` always one word (a split of it forgotten)."""
        key = _key(word)
        _check_word(key)
        splits = {w: p for w, p in self.splits.items() if w != key}
        return replace(self, splits=splits, joins=self.joins | {key})

    # applying them
    def boundaries(
        self,
        words: list[tuple[str, str | None, tuple | None]],
        match: Callable[[str], tuple[str, tuple | None] | None],
    ) -> list[tuple[str, str | None, tuple | None]]:
        """(word, glossary term, term pinyin) after the splits and joins; `match(word)`
        gives a glossary term (id, pinyin) for a word made here, or None."""
        if self.splits:
            cut: list[tuple[str, str | None, tuple | None]] = []
            for item in words:
                pieces = self.splits.get(item[0])
                if pieces is None:
                    cut.append(item)
                else:
                    for piece in pieces:
                        hit = match(piece)
                        cut.append((piece, *hit) if hit else (piece, None, None))
            words = cut
        if not self.joins:
            return words
        longest = max(len(j) for j in self.joins)
        out: list[tuple[str, str | None, tuple | None]] = []
        i = 0
        while i < len(words):
            best = None
            joined = words[i][0]
            for j in range(i + 1, len(words)):
                joined += words[j][0]
                if len(joined) > longest:
                    break
                if joined in self.joins:
                    best = (j + 1, joined)
            if best is None:
                out.append(words[i])
                i += 1
            else:
                end, joined = best
                hit = match(joined)
                out.append((joined, *hit) if hit else (joined, None, None))
                i = end
        return out

    def to_toml(self) -> str:
        head = [
            "# Corrections to word boundaries and readings (reader). Words in either script;",
            "# readings with tone marks or numbers. See the README for the format.",
        ]
        return "\n".join(head + self.toml_lines()) + "\n"

    def toml_lines(self, table: str = "") -> list[str]:
        """The corrections as TOML lines: at the top of a file, or as `table` (an
        assignment's `bundle.corrections`) with its subtables."""
        data = self.to_data()
        lines = ["", f"[{table}]"] if table else []
        if self.joins or table:
            lines.append("join = [" + ", ".join(_quoted(j) for j in data["join"]) + "]")
        for name in ("split", "reading"):
            if data[name]:
                lines += ["", f"[{table + '.' if table else ''}{name}]"]
                lines += [f"{_quoted(w)} = {_quoted(v)}" for w, v in data[name].items()]
        return lines

    def to_data(self) -> dict:
        """The table an assignment bundle carries (the file's shape)."""
        return {
            "join": sorted(self.joins),
            "split": {w: " ".join(p) for w, p in sorted(self.splits.items())},
            "reading": {w: " ".join(r) for w, r in sorted(self.readings.items())},
        }


NO_CORRECTIONS = Corrections()


def _quoted(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _word(raw: object, where: str, name: str | Path) -> str:
    if not isinstance(raw, str) or not has_han(raw) or len(raw.strip()) > MAX_WORD:
        raise ReaderError(
            f"{where}: {json.dumps(raw, ensure_ascii=False)[:40]} is not a Chinese word "
            f"of at most {MAX_WORD} characters",
            name,
        )
    if any(unicodedata.category(ch)[0] in "CZ" for ch in raw.strip()):
        raise ReaderError(f"{where}: '{raw.strip()}' has spaces or control characters", name)
    return _key(raw)


def from_data(data: Mapping[str, object], name: str | Path) -> Corrections:
    """Corrections from a parsed table; one ReaderError naming the entry at fault."""
    FILE.check(data, name)
    join_list: list = list(data.get("join") or [])  # type: ignore[call-overload]
    split_table: dict = dict(data.get("split") or {})  # type: ignore[call-overload]
    reading_table: dict = dict(data.get("reading") or {})  # type: ignore[call-overload]
    entries = len(join_list) + len(split_table) + len(reading_table)
    if entries > MAX_ENTRIES:
        raise ReaderError(f"has {entries} corrections; at most {MAX_ENTRIES}", name)
    joins = frozenset(_word(w, "join", name) for w in join_list)
    splits: dict[str, tuple[str, ...]] = {}
    for raw, value in split_table.items():
        word = _word(raw, "[split]", name)
        if word in splits:
            raise ReaderError(f"[split] {word} is given twice (in both scripts?)", name)
        if not isinstance(value, str):
            raise ReaderError(f"[split] {word}: the pieces must be a string ('他 教')", name)
        pieces = tuple(_key(p) for p in value.split())
        if len(pieces) < 2 or "".join(pieces) != word:
            raise ReaderError(
                f"[split] {word}: '{value[:40]}' must cut the word into two or more pieces", name
            )
        splits[word] = pieces
    readings: dict[str, tuple[str, ...]] = {}
    for raw, value in reading_table.items():
        word = _word(raw, "[reading]", name)
        if word in readings:
            raise ReaderError(f"[reading] {word} is given twice (in both scripts?)", name)
        if not isinstance(value, str):
            raise ReaderError(f"[reading] {word}: the reading must be a string", name)
        try:
            readings[word] = parse_reading(value, word)
        except ValueError as exc:
            raise ReaderError(f"[reading] {word}: {exc}", name) from None
    both = joins & set(splits)
    if both:
        raise ReaderError(f"{min(both)} is both joined and split", name)
    return Corrections(readings, splits, joins)


def parse_corrections(text: str, name: str | Path) -> Corrections:
    return from_data(parse_toml(text, name), name)


def load_corrections(path: Path) -> Corrections:
    """The file's corrections; none when it does not exist; ReaderError when it is bad."""
    if not path.exists() and not path.is_symlink():
        return NO_CORRECTIONS
    data = read_file_bytes(path, limit=MAX_FILE_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReaderError("is not UTF-8 text", path) from None
    return parse_corrections(text, path)


def sidecar_path(text_path: str | Path) -> Path:
    """`NAME.corrections.toml` beside a text."""
    path = Path(text_path)
    return path.with_name(path.stem + ".corrections.toml")


def reading_choices(
    word: str, current: tuple[str, ...], dictionary: Iterable[str] = ()
) -> list[tuple[str, ...]]:
    """Readings to offer for `word` (simplified): the one used now first, then
    CC-CEDICT's (`dictionary`, tone marks), pypinyin's for the word and, for each
    character, its other readings; one syllable per Han character, at most 12."""
    from reader.lang.pinyin import pypinyin_word, readings_of

    han = HAN_RE.findall(word)
    out: list[tuple[str, ...]] = []

    def offer(syllables: Iterable[str]) -> None:
        reading = tuple(s.lower() for s in syllables)
        if len(reading) != len(han) or not all(reading) or reading in out or len(out) >= 12:
            return
        try:  # only what the corrections file accepts back (not CC-CEDICT's xx, biā)
            parse_reading(" ".join(reading), word)
        except ValueError:
            if out:  # the reading used now is always first, whatever it is
                return
        out.append(reading)

    offer(current)
    for pinyin in dictionary:
        offer(pinyin.split())
    base = current if len(current) == len(han) else pypinyin_word(word)
    offer(pypinyin_word(word))
    for i, ch in enumerate(han):
        for other in readings_of(ch):
            offer((*base[:i], other, *base[i + 1 :]))
    return out
