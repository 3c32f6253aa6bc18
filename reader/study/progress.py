"""`reader progress export FILE` / `import FILE`: the learner's words and reading carried
between machines without an account, as plain JSON.

```json
{"format": "reader-progress", "schema": 1, "exported": 1796000000.0,
 "statuses":   [{"word": "估值", "status": "known", "changed": 1795990000.0}],
 "vocabulary": [{"word": "估值", "simplified": "估值", "traditional": "估值",
                 "pinyin": "gū zhí", "english": "valuation", "sentence": "…",
                 "doc_id": "deepseek", "added": 1795980000.0}],
 "cards":      [{"word": "估值", "kind": "recognition", "sentence": "…", "state": "{…}",
                 "due": 1796100000.0, "reviewed": 1795990000.0,
                 "created": 1795980000.0, "changed": 1795990000.0}],
 "reviews":    [{"word": "估值", "kind": "recognition", "rating": 3,
                 "at": 1795990000.0, "first": true, "state": "{…}", "due": 1796100000.0}],
 "positions":  [{"doc_id": "deepseek", "path": null, "title": "…", "paragraph": "s2p3",
                 "script": null, "opened": 1795990000.0}]}
```

An import merges: per word the status changed last wins, per card the card changed
last, reviews are added once, vocabulary words missing here are added, a text's
position is the one opened last. Importing the same file twice, or each machine's file
on the other, loses nothing. The whole file is checked first: a damaged or foreign one
is one line and changes nothing; the merge is one transaction.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from reader.errors import ReaderError
from reader.fsutil import write_text_atomic
from reader.safe import for_json
from reader.schema import Field, Schema, parse_json
from reader.study.review import KINDS, decode
from reader.study.store import Store
from reader.study.words import STATUSES
from reader.text.chars import has_han
from reader.text.loader import read_file_bytes

FORMAT = "reader-progress"
SCHEMA_VERSION = 1
MAX_BYTES = 32 * 2**20
MAX_VALUES = 2_000_000  # lists and tables in a file: past this, parsing it would eat memory
MAX_WORD = 32  # characters in a word (the glossary's longest form is 40, a word less)
LATER_OK = 86400  # a time at most this far ahead of this machine's clock (clocks differ)

_TIME = Field(float, required=True, low=0, high=1e11)
TOP = Schema(
    {
        "format": Field(str, required=True),
        "schema": Field(int, required=True),
        "exported": Field(float),
        "statuses": Field(list, required=True, items=dict),
        "vocabulary": Field(list, required=True, items=dict),
        "cards": Field(list, required=True, items=dict),
        "reviews": Field(list, required=True, items=dict),
        "positions": Field(list, required=True, items=dict),
    },
    noun="key",
)
_WORD = Field(str, required=True, non_empty=True)
_LONG = 20  # characters of a bad value quoted in an error
# each kind of row: its keys, in the order of the store's columns (`Store.table_rows`)
ROWS: dict[str, Schema] = {
    "statuses": Schema(
        {
            "word": _WORD,
            "status": Field(str, required=True, choices=STATUSES),
            "changed": _TIME,
        },
        noun="key",
    ),
    "vocabulary": Schema(
        {
            "word": _WORD,
            "simplified": _WORD,
            "traditional": Field(str, required=True),
            "pinyin": Field(str, required=True),
            "english": Field(str, required=True),
            "sentence": Field(str, required=True),
            "doc_id": Field(str, required=True),
            "added": _TIME,
        },
        noun="key",
    ),
    "cards": Schema(
        {
            "word": _WORD,
            "kind": Field(str, required=True, choices=KINDS),
            "sentence": Field(str, required=True),
            "state": Field(str, required=True),
            "due": _TIME,
            "reviewed": Field(float, low=0, high=1e11),
            "created": _TIME,
            "changed": _TIME,
        },
        noun="key",
    ),
    "reviews": Schema(
        {
            "word": _WORD,
            "kind": Field(str, required=True, choices=KINDS),
            "rating": Field(int, required=True, low=1, high=4),
            "at": _TIME,
            "first": Field(bool, required=True),
            "state": Field(str, required=True),
            "due": _TIME,
        },
        noun="key",
    ),
    "positions": Schema(
        {
            "doc_id": _WORD,
            "path": Field(str),
            "title": Field(str, required=True),
            "paragraph": Field(str),
            "script": Field(str),
            "opened": _TIME,
        },
        noun="key",
    ),
}
TABLES = {
    "statuses": "word_status",
    "vocabulary": "vocabulary",
    "cards": "card",
    "reviews": "review",
    "positions": "text",
}
WRITES = {
    "statuses": "import_status",
    "vocabulary": "import_word",
    "cards": "card",
    "reviews": "import_review",
    "positions": "import_text",
}
# the order of a merge: a review finds its card; a status or a card newer than ours wins
ORDER = ("statuses", "vocabulary", "positions", "cards", "reviews")


def progress_data(store: Store, now: float | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT,
        "schema": SCHEMA_VERSION,
        "exported": time.time() if now is None else now,
    }
    for key, schema in ROWS.items():
        fields = tuple(schema.fields)
        rows = []
        for row in store.table_rows(TABLES[key]):
            item = dict(zip(fields, row, strict=True))
            if key == "reviews":
                item["first"] = bool(item["first"])
            rows.append({k: v for k, v in item.items() if v is not None})
        data[key] = rows
    return data


def export_progress(store: Store, path: Path) -> dict[str, int]:
    """Write the learner's progress to `path`; how many of each were written."""
    data = progress_data(store)
    try:
        write_text_atomic(path, for_json(data, indent=1) + "\n")
    except OSError as exc:
        raise ReaderError(f"cannot write ({exc.strerror or exc})", path) from None
    return {key: len(data[key]) for key in ROWS}


def _quoted(value: str) -> str:
    return value if len(value) <= _LONG else value[:_LONG] + "…"


def _has_surrogate(value: object) -> bool:
    return isinstance(value, str) and any("\ud800" <= ch <= "\udfff" for ch in value)


def _checked(data: object, path: Path, now: float) -> dict[str, list[tuple]]:
    """Every row of the file as the store's values; ReaderError at the first problem."""
    if not isinstance(data, dict):
        raise ReaderError("is not a progress file (a JSON object was expected)", path)
    if data.get("format") != FORMAT:
        raise ReaderError(f'is not a reader progress file (no "format": "{FORMAT}")', path)
    schema = data.get("schema")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA_VERSION:
        raise ReaderError(
            f"was written by a newer reader (schema {schema}; this one reads {SCHEMA_VERSION})",
            path,
        )
    TOP.check(data, path)
    out: dict[str, list[tuple]] = {}
    for key, schema_of in ROWS.items():
        fields = tuple(schema_of.fields)
        rows = []
        for index, item in enumerate(data[key]):
            where = f"{key} #{index + 1}"
            schema_of.check(item, path, where)
            if any(_has_surrogate(v) for v in item.values()):
                raise ReaderError(f"{where}: a text that is not valid Unicode", path)
            word = item.get("word")
            if isinstance(word, str) and (len(word) > MAX_WORD or not has_han(word)):
                raise ReaderError(f"{where}: '{_quoted(word)}' is not a Chinese word", path)
            if "state" in item and decode(item["state"]) is None:
                raise ReaderError(f"{where}: the card's state is not FSRS's", path)
            for name in ("changed", "at", "opened", "reviewed", "added", "created"):
                if isinstance(item.get(name), int | float) and item[name] > now + LATER_OK:
                    raise ReaderError(f"{where}: '{name}' is in the future", path)
            row = tuple(item.get(name) for name in fields)
            if key == "reviews":
                row = (*row[:4], int(row[4]), *row[5:])
            rows.append(row)
        out[key] = rows
    return out


def import_progress(store: Store, path: Path) -> dict[str, int]:
    """Merge a progress file into the store; how many rows of each it had. A bad file
    changes nothing (ReaderError naming it and what is wrong)."""
    raw = read_file_bytes(path, limit=MAX_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReaderError("is not UTF-8 text", path) from None
    if raw.count(b"[") + raw.count(b"{") > MAX_VALUES:
        raise ReaderError("holds too many values to be a progress file", path)
    rows = _checked(parse_json(text, path), path, time.time())
    store.import_rows([(WRITES[key], rows[key]) for key in ORDER])
    return {key: len(rows[key]) for key in ROWS}
