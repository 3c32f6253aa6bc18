"""One small schema helper for the files people write and share: settings, text meta,
glossaries, questions, assignments and result files.

A `Schema` names the fields a table may have, their kind and limits; `problems` lists
what is wrong with a table, each in one style: the field (or key, or setting), then
what is wrong with it. `located` puts the file and the entry in front, so every
validator says "FILE: ENTRY: what is wrong".
"""

from __future__ import annotations

import datetime as dt
import json
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.errors import ReaderError


def parse_toml(text: str, where: str | Path) -> dict[str, Any]:
    """TOML from a file, or one ReaderError naming it (a parse error, or nesting so deep
    that the parser gives up)."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ReaderError("not valid TOML (nested too deeply)", where) from None
    except ValueError as exc:  # TOMLDecodeError, and integers too long to convert
        raise ReaderError(f"not valid TOML ({exc})", where) from None


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(text: str, where: str | Path) -> object:
    """JSON from a file (NaN and Infinity refused), or one ReaderError naming it."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except ValueError as exc:
        raise ReaderError(f"not valid JSON ({exc})", where) from None
    except RecursionError:
        raise ReaderError("not valid JSON (nested too deeply)", where) from None


_NAMES: dict[type, tuple[str, str]] = {
    str: ("a string", "strings"),
    bool: ("true or false", "true or false values"),
    int: ("a whole number", "whole numbers"),
    float: ("a number", "numbers"),
    list: ("a list", "lists"),
    dict: ("a table", "tables"),
    dt.date: ("a date", "dates"),
    type(None): ("empty", "empty values"),
}

Kind = type | tuple[type, ...]


def _kinds(kind: Kind) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def kind_name(kind: Kind, plural: bool = False) -> str:
    return " or ".join(_NAMES.get(k, (k.__name__, k.__name__))[plural] for k in _kinds(kind))


def is_kind(value: object, kind: Kind) -> bool:
    """isinstance, but true/false is not a number, a whole number is a number, and a
    number must be finite."""
    for k in _kinds(kind):
        if k in (int, float) and isinstance(value, bool):
            continue
        if k is float and isinstance(value, int | float):
            try:
                return math.isfinite(value)
            except OverflowError:  # an integer too large for a float
                return False
        if isinstance(value, k):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Field:
    kind: Kind
    required: bool = False
    choices: Sequence[object] | None = None
    low: float | None = None
    high: float | None = None
    items: Kind | None = None  # every item of a list is of this kind
    non_empty: bool = False  # a string with more than spaces, a list with items


class Schema:
    def __init__(
        self, fields: Mapping[str, Field], noun: str = "field", allow_unknown: bool = False
    ) -> None:
        self.fields = dict(fields)
        self.noun = noun
        self.allow_unknown = allow_unknown

    def problems(self, table: Mapping[str, object]) -> list[str]:
        out = []
        for key, value in table.items():
            field = self.fields.get(key)
            if field is None:
                if not self.allow_unknown:
                    allowed = ", ".join(self.fields)
                    out.append(f"unknown {self.noun} '{key}' (allowed: {allowed})")
                continue
            problem = self.value_problem(field, value)
            if problem:
                out.append(f"{self.noun} '{key}' {problem}")
        out += [
            f"missing {self.noun} '{key}'"
            for key, field in self.fields.items()
            if field.required and key not in table
        ]
        return out

    @staticmethod
    def value_problem(field: Field, value: object) -> str | None:
        if not is_kind(value, field.kind):
            return f"must be {kind_name(field.kind)}"
        if field.choices is not None and value not in field.choices:
            return "must be one of " + ", ".join(map(str, field.choices))
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and not _within(value, field.low, field.high):  # type: ignore[arg-type]
            return _range(field.low, field.high)
        items = field.items
        if (
            items is not None
            and isinstance(value, list)
            and not all(is_kind(item, items) for item in value)
        ):
            return f"must be a list of {kind_name(items, plural=True)}"
        if field.non_empty and (
            (isinstance(value, str) and not value.strip())
            or (isinstance(value, list | dict) and not value)
        ):
            return "is empty"
        return None

    def check(self, table: Mapping[str, object], path: str | Path, entry: str = "") -> None:
        """Raise ReaderError (file, entry, the first problem) when the table is wrong."""
        problems = self.problems(table)
        if problems:
            raise ReaderError(located("", entry, problems[0]), path)


def _within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"must be from {_number(low)} to {_number(high)}"
    if low is not None:
        return f"must be at least {_number(low)}"
    return f"must be at most {_number(high or 0)}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def located(name: str, entry: str, problem: str) -> str:
    """'FILE: ENTRY: problem', leaving out the parts that are empty."""
    return ": ".join(part for part in (name, entry, problem) if part)
