"""Vocabulary exports: an Anki deck (genanki) and CSV."""

from __future__ import annotations

import csv
import io
import zlib
from dataclasses import replace
from pathlib import Path

from reader.errors import ReaderError
from reader.fsutil import write_bytes_atomic
from reader.lang.corrections import Corrections
from reader.safe import for_csv, for_html
from reader.study.store import VocabRow

FIELDS = ("Simplified", "Traditional", "Pinyin", "English", "Sentence")
CSV_HEADER = (
    "word",
    "simplified",
    "traditional",
    "pinyin",
    "english",
    "sentence",
    "known",
    "status",
)


def with_corrections(rows: list[VocabRow], corrections: Corrections) -> list[VocabRow]:
    """The words with the learner's reading corrections (made after a word was saved,
    or by hand in the corrections file)."""
    if not corrections.readings:
        return rows
    return [
        replace(row, pinyin=" ".join(fixed))
        if (fixed := corrections.readings.get(row.simplified)) is not None
        else row
        for row in rows
    ]


def _stable_id(name: str) -> int:
    """genanki needs fixed model and deck ids: derived from a name, not random."""
    return 1_000_000_000 + zlib.crc32(name.encode()) % 1_000_000_000


def export_anki(rows: list[VocabRow], path: Path, deck_name: str = "reader vocabulary") -> int:
    # genanki is needed by the Anki export alone: deferred.
    import genanki

    model = genanki.Model(
        _stable_id("reader-model-v2"),
        "reader word",
        fields=[{"name": f} for f in FIELDS],
        templates=[
            {
                "name": "Recognise",
                # the simplified form only where it differs (硅谷, not 硅谷<br>硅谷)
                "qfmt": '<div class="hanzi">{{Traditional}}{{#Simplified}}<br>{{Simplified}}'
                "{{/Simplified}}</div>",
                "afmt": '{{FrontSide}}<hr id="answer"><div class="pinyin">{{Pinyin}}</div>'
                '<div>{{English}}</div><div class="sentence">{{Sentence}}</div>',
            }
        ],
        css=".card{font-size:20px;text-align:center}.hanzi{font-size:40px}"
        ".sentence{color:#666;margin-top:1em}",
    )
    deck = genanki.Deck(_stable_id(deck_name), deck_name)
    for row in rows:
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    for_html(v)
                    for v in (
                        row.simplified if row.simplified != row.traditional else "",
                        row.traditional,
                        row.pinyin,
                        row.english,
                        row.sentence,
                    )
                ],
                guid=genanki.guid_for(row.word),
                # the word's status (study.words) as a tag: learning-2, known, ...
                tags=[f"reader-{'learning-' if row.status.isdigit() else ''}{row.status}"],
            )
        )
    buffer = path.with_name(f".{path.name}.building")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        genanki.Package(deck).write_to_file(str(buffer))
        write_bytes_atomic(path, buffer.read_bytes())
    except OSError as exc:
        raise ReaderError(f"cannot write ({exc.strerror or exc})", path) from None
    finally:
        buffer.unlink(missing_ok=True)
    return len(rows)


def export_csv(rows: list[VocabRow], path: Path) -> int:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows(
        [
            for_csv(cell)
            for cell in (
                r.word,
                r.simplified,
                r.traditional,
                r.pinyin,
                r.english,
                r.sentence,
                int(r.known),
                r.status,
            )
        ]
        for r in rows
    )
    try:
        write_bytes_atomic(path, out.getvalue().encode("utf-8"))
    except OSError as exc:
        raise ReaderError(f"cannot write ({exc.strerror or exc})", path) from None
    return len(rows)
