"""One word looked up everywhere: glossary entry, CC-CEDICT entries, HSK level."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from reader.lang.dictionary import DictEntry, Lookup, default_dictionary
from reader.lang.glossary import Entry, Glossary, bundled_glossary
from reader.lang.hsk import STANDARD_NAME, label, parts_levels, syllabus_level
from reader.lang.names import PERSON, name_note, name_pinyin, person_pinyin, written
from reader.lang.pinyin import simplified_form, to_plain, word_pinyin
from reader.text.chars import is_han


@dataclass(frozen=True, slots=True)
class WordInfo:
    word: str
    simplified: str
    glossary: Entry | None
    dictionary: Lookup
    hsk: int | None  # the HSK 3.0 syllabus's level of the word itself (None: not in it)
    related: tuple[Entry, ...] = ()  # the glossary entry's related entries
    name: str = ""  # a name no dictionary has, found in the text: "person", "organisation"

    def as_name(self, syllables: tuple[str, ...] | list[str]) -> str | None:
        """The word read `syllables` written as a name (Huá'ěr Jiē), None when it is not
        a proper noun (CC-CEDICT's capitals, or an entity of the glossary)."""
        if self.name == PERSON and self.glossary is None:
            person = person_pinyin(self.simplified, syllables)
            if person is not None:
                return person
        return name_pinyin(
            self.glossary.simplified if self.glossary else self.simplified,
            syllables,
            [e.pinyin for e in self.dictionary.entries],
            is_name=bool(self.glossary and self.glossary.kind == "entity") or bool(self.name),
        )

    def written_pinyin(self, syllables: tuple[str, ...] | list[str]) -> str:
        """How the word is written out where it stands alone (the vocabulary, exports):
        a name as a name, any other word syllable by syllable."""
        return self.as_name(syllables) or " ".join(syllables)

    def to_json(self) -> dict:
        def entries(items):
            return [
                {
                    "traditional": e.traditional,
                    "simplified": e.simplified,
                    "pinyin": e.pinyin,
                    "written": written(e.pinyin),
                    "definitions": list(e.definitions),
                }
                for e in items
            ]

        return {
            "word": self.word,
            "simplified": self.simplified,
            "glossary": entry_json(self.glossary) if self.glossary else None,
            "name": {"kind": self.name, "note": self.name_note} if self.name else None,
            "dictionary": entries(self.dictionary.entries),
            "parts": [
                {"text": part, "entries": entries(found)} for part, found in self.dictionary.parts
            ],
            "hsk": {
                "level": label(self.hsk) if self.hsk is not None else "not in the syllabus",
                "standard": STANDARD_NAME,
                "parts": [
                    {"text": part, "level": label(level)}
                    for part, level in (
                        () if self.hsk is not None else parts_levels(self.simplified)
                    )
                ],
            },
        }

    @property
    def name_note(self) -> str:
        """What is known of a name found in the text ("" for any other word)."""
        return name_note(self.word, self.simplified, self.name) if self.name else ""

    def to_text(self) -> str:
        lines = [self.name_note, ""] if self.name else []
        if self.glossary:
            lines += [
                "Glossary:",
                entry_text(self.glossary, self.as_name(self.glossary.pinyin), self.related),
                "",
            ]
        if self.dictionary.entries:
            lines.append("CC-CEDICT:")
            lines += [_entry_line(e) for e in self.dictionary.entries]
        elif self.dictionary.parts:
            lines.append(f"CC-CEDICT has no entry for {self.word}; its parts:")
            for part, found in self.dictionary.parts:
                if found:
                    lines += [_entry_line(e) for e in found]
                else:
                    lines.append(f"  {part}  (not in CC-CEDICT)")
        else:
            lines.append(f"CC-CEDICT has no entry for {self.word}.")
        if self.hsk is not None:
            lines.append(f"HSK level: {label(self.hsk)} ({STANDARD_NAME})")
        else:
            hint = ", ".join(f"{p} {label(lv)}" for p, lv in parts_levels(self.simplified))
            lines.append(
                f"HSK level: not in the syllabus{f' (parts: {hint})' if hint else ''} "
                f"({STANDARD_NAME})"
            )
        return "\n".join(lines)


def entry_json(entry: Entry) -> dict:
    data = asdict(entry)
    data["pinyin"] = entry.pinyin_text
    data["variants"] = [
        {"term": v.term, "pinyin": v.pinyin_text, "where": v.where} for v in entry.variants
    ]
    return data


def entry_text(
    entry: Entry, name: str | None = None, related: tuple[Entry, ...] | None = None
) -> str:
    """A glossary entry as text; `name`: its pinyin written as a name, for an entity."""
    lines = [
        f"{entry.traditional} / {entry.simplified}  {name or entry.pinyin_text}".replace(
            f"{entry.simplified} / {entry.simplified}", entry.simplified
        ),
        f"  {'; '.join(entry.english)}   [{entry.domain}, {entry.kind}, id: {entry.id}]",
        f"  {entry.explanation}",
        f"  {entry.explanation_zh}",
    ]
    if entry.variants:
        lines.append(
            "  variants: "
            + "; ".join(
                f"{v.term} {v.pinyin_text} ({v.where})".replace("  ", " ") for v in entry.variants
            )
        )
    if entry.related:
        lines.append(
            "  related: "
            + ", ".join(
                f"{e.simplified} {e.pinyin_text}"
                for e in (related if related is not None else related_entries(entry))
            )
        )
    if entry.note:
        lines.append(f"  note: {entry.note}")
    return "\n".join(lines)


def _entry_line(entry) -> str:
    head = (
        entry.traditional
        if entry.traditional == entry.simplified
        else (f"{entry.traditional} / {entry.simplified}")
    )
    return f"  {head}  {written(entry.pinyin)}  {'; '.join(entry.definitions)}"


@dataclass(frozen=True, slots=True)
class Character:
    """One character of a word, as it reads in the word: Pleco's breakdown."""

    char: str
    syllable: str  # the reading used here ("" for a character with no reading)
    meaning: str  # CC-CEDICT's meanings for that reading ("" when it has none)
    # the character's own tone when it is neutral here (消息 xiāo xi: 息 xī), else ""
    own: str = ""


def _same_reading(a: str, b: str, *, tones: bool = True) -> bool:
    def key(text: str) -> str:
        text = text.casefold().replace("u:", "ü")
        return text if tones else to_plain(text)

    return key(a) == key(b)


# Definitions that only point elsewhere: said only when a character has nothing else.
_POINTERS = ("variant of", "old variant of", "used in", "surname ", "see ", "erhua variant")


def _meaning(entries: tuple[DictEntry, ...], syllable: str) -> str:
    """The meanings of the entry read `syllable` (a common word before a name); of one
    read so in another tone when none is (a neutral tone: 个 ge is gè)."""
    fitting = [e for e in entries if _same_reading(e.pinyin, syllable)] or [
        e for e in entries if _same_reading(e.pinyin, syllable, tones=False)
    ]
    fitting.sort(key=lambda e: e.pinyin[:1].isupper())
    definitions = [d for e in fitting for d in e.definitions if d]
    meant = [d for d in definitions if not d.startswith(_POINTERS)] or definitions
    return "; ".join(meant[:3])


def characters(word: str, syllables: tuple[str, ...]) -> tuple[Character, ...]:
    """Each Han character of `word` with the reading it has here and what it means
    read so; empty for a single character or when the syllables do not fit."""
    han = [c for c in word if is_han(c)]
    if len(han) < 2 or len(han) != len(syllables):
        return ()
    dictionary = default_dictionary()
    return tuple(
        Character(
            char,
            syllable,
            _meaning(dictionary.entries(char), syllable),
            _own_tone(dictionary.entries(char), syllable),
        )
        for char, syllable in zip(han, syllables, strict=True)
    )


def _own_tone(entries: tuple[DictEntry, ...], syllable: str) -> str:
    """The toned reading of a character read in the neutral tone here, when CC-CEDICT
    has it only toned (息 xī, 个 gè; 的 and 了 have a neutral reading of their own)."""
    if not syllable or to_plain(syllable) != syllable:
        return ""  # toned here, or no reading
    if any(_same_reading(e.pinyin, syllable) for e in entries):
        return ""
    for entry in sorted(entries, key=lambda e: e.pinyin[:1].isupper()):
        if _same_reading(entry.pinyin, syllable, tones=False):
            return entry.pinyin.lower()  # a character's entry: one syllable
    return ""


def part_readings(
    parts: tuple[tuple[str, tuple[DictEntry, ...]], ...], syllables: tuple[str, ...]
) -> tuple[str | None, ...]:
    """For each part of a word CC-CEDICT lacks, the reading it has here (the syllables
    that fall on it), None when the syllables do not fit the parts."""
    counts = [sum(is_han(c) for c in part) for part, _ in parts]
    if sum(counts) != len(syllables):
        return tuple(None for _ in parts)
    out: list[str | None] = []
    at = 0
    for count in counts:
        out.append(" ".join(syllables[at : at + count]) if count else None)
        at += count
    return tuple(out)


def reads_as(entry: DictEntry, reading: str | None) -> bool:
    return reading is not None and _same_reading(entry.pinyin, reading)


def in_reading_order(
    entries: tuple[DictEntry, ...], reading: str | None, written: str = ""
) -> tuple[DictEntry, ...]:
    """A word's entries as a learner reads them: the one read `reading` (the reading
    here, or the word's usual one) first, of those the one written as the text writes
    it (`written`, traditional: 於 "at, in" before 于 "to go", both 于 simplified), a
    common word's before a name's, and real senses before entries that only point
    elsewhere (舌 "used in 喇舌", 了 "variant of 瞭"); CC-CEDICT's own order otherwise."""
    return tuple(
        sorted(
            entries,
            key=lambda e: (
                not reads_as(e, reading),
                bool(written) and e.traditional != written,
                e.pinyin[:1].isupper(),
                all(d.startswith(_POINTERS) for d in e.definitions if d),
            ),
        )
    )


def _usual_reading(word: str) -> str | None:
    syllables = word_pinyin(simplified_form(word))
    return " ".join(syllables) if syllables and all(syllables) else None


def _in_usual_order(found: Lookup, written: str = "") -> Lookup:
    """The entries of the word and of its parts with its usual reading first (a word
    with one entry is not read: pypinyin is not loaded for it), of those the ones
    written as the text writes them."""
    entries = found.entries
    if len(entries) > 1:
        entries = in_reading_order(
            entries,
            _usual_reading(found.simplified),
            "" if written == found.simplified else written,
        )
    parts = tuple(
        (part, in_reading_order(items, _usual_reading(part)) if len(items) > 1 else items)
        for part, items in found.parts
    )
    return replace(found, entries=entries, parts=parts)


def related_entries(entry: Entry, glossary: Glossary | None = None) -> tuple[Entry, ...]:
    """The glossary entries an entry names as related, as entries (never as ids); one
    that is not in `glossary` (a domain turned off) is left out."""
    glossary = bundled_glossary() if glossary is None else glossary
    found = (glossary.get(i) for i in entry.related)
    return tuple(e for e in found if e is not None)


def look_up(
    word: str,
    glossary: Glossary | None = None,
    *,
    name: str = "",
    written: str = "",
    term: str | None = None,
) -> WordInfo:
    """The word in `glossary` (ours, every domain, by default), CC-CEDICT and HSK;
    `name`: the kind of name the annotator found it to be in its text; `written`: the
    word as the text shows it (its traditional form puts its own entries first); `term`:
    the entry the annotator gave the word where it is no form of it (期货业 the trade of
    期货, 600519.SH a stock code)."""
    glossary = bundled_glossary() if glossary is None else glossary
    word = word.strip()
    simplified = simplified_form(word)
    hit = glossary.match(simplified)
    entry = glossary.get(hit[0]) if hit else None
    if entry is None and term is not None:
        entry = glossary.get(term)
    return WordInfo(
        word,
        simplified,
        entry,
        _in_usual_order(default_dictionary().lookup(word), written or word),
        syllabus_level(simplified),
        related_entries(entry, glossary) if entry else (),
        "" if entry else name,
    )
