"""A table of strings kept as its cache file holds it: sorted keys in one block of bytes.

A new text's first paragraph asks a few thousand words of tables that hold tens of
thousands (pypinyin's phrases, CC-CEDICT's words). Making a dict of them first costs
50-100 ms a table, on the way to the first pinyin. A `SortedTable` answers from the file's
bytes by binary search instead, and after `BUILD_AFTER` lookups (a few paragraphs in)
builds the dict, and the set of the keys' prefixes when asked for, so that a long text
reads at dict speed. Keys are sorted by their UTF-8 bytes, which is the order of their
code points: the keys that start with a string follow each other, so "is this a prefix
of some key" is one search too.

The file is data only (no pickle, no marshal): UTF-8 text and arrays of offsets, checked
for consistency when read (`decode` raises ValueError for anything else)."""

from __future__ import annotations

import array
import json
import threading
from collections.abc import Iterator, Mapping

_MAGIC = b"reader sorted table\n"
_OFFSETS = "Q"  # where each key (value) ends, after its newline


class SortedTable(Mapping[str, str]):
    """Keys and their values (str), immutable. `get`, `in` and `has_prefix` are what
    annotation asks; the rest of Mapping works too (iteration builds the dict)."""

    BUILD_AFTER = 20_000

    def __init__(
        self,
        keys: bytes,
        key_ends: array.array,
        values: bytes,
        value_ends: array.array,
        prefixes: bool = False,
    ) -> None:
        self._keys, self._key_ends = keys, key_ends
        self._values, self._value_ends = values, value_ends
        self._want_prefixes = prefixes
        self._whole: dict[str, str] | None = None
        self._prefixes: frozenset[str] | None = None
        self._asked = 0
        self._lock = threading.Lock()

    @classmethod
    def of(cls, mapping: Mapping[str, str], prefixes: bool = False) -> SortedTable:
        """A table of `mapping` (keys with a newline are left out: no text has one)."""
        return cls.decode(encode(mapping), prefixes)

    def __len__(self) -> int:
        return len(self._key_ends)

    def _key(self, index: int) -> bytes:
        start = self._key_ends[index - 1] if index else 0
        return self._keys[start : self._key_ends[index] - 1]

    def _value(self, index: int) -> str:
        start = self._value_ends[index - 1] if index else 0
        return self._values[start : self._value_ends[index] - 1].decode("utf-8")

    def _first_not_below(self, target: bytes) -> int:
        low, high = 0, len(self._key_ends)
        while low < high:
            middle = (low + high) // 2
            if self._key(middle) < target:
                low = middle + 1
            else:
                high = middle
        return low

    def _count(self) -> bool:
        """Count a lookup; True once the dict should answer (it is built now if due)."""
        if self._whole is not None:
            return True
        self._asked += 1
        if self._asked > self.BUILD_AFTER:
            self.whole()
            return True
        return False

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        # (once the dict is built, `whole` makes `get` and `has_prefix` the dict's and
        # the prefix set's own: a long text's lookups cost what a dict's do)
        if self._count():
            assert self._whole is not None
            return self._whole.get(key, default)
        target = key.encode("utf-8")
        at = self._first_not_below(target)
        if at < len(self._key_ends) and self._key(at) == target:
            return self._value(at)
        return default

    def __getitem__(self, key: str) -> str:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        whole = self._whole
        if whole is not None:
            return key in whole
        return isinstance(key, str) and self.get(key) is not None

    def has_prefix(self, start: str) -> bool:
        """Some key starts with `start` (or is it)."""
        if self._count() and self._prefixes is not None:
            return start in self._prefixes
        target = start.encode("utf-8")
        at = self._first_not_below(target)
        return at < len(self._key_ends) and self._key(at).startswith(target)

    def __iter__(self) -> Iterator[str]:
        return iter(self.whole())

    def whole(self) -> dict[str, str]:
        """The dict (built now when it is not yet), and the prefixes when wanted."""
        if self._whole is None:
            with self._lock:
                if self._whole is None:
                    keys = self._keys.decode("utf-8").split("\n")[:-1]
                    values = self._values.decode("utf-8").split("\n")[:-1]
                    if self._want_prefixes:
                        self._prefixes = frozenset(
                            key[:end] for key in keys for end in range(1, len(key) + 1)
                        )
                    whole = dict(zip(keys, values, strict=True))
                    self.get = whole.get  # type: ignore[method-assign,assignment]
                    if self._prefixes is not None:
                        prefixes = self._prefixes
                        self.has_prefix = prefixes.__contains__  # type: ignore[method-assign,assignment]
                    self._whole = whole
        return self._whole

    def encode(self) -> bytes:
        header = json.dumps(
            {
                "keys": len(self._keys),
                "values": len(self._values),
                "count": len(self._key_ends),
            }
        ).encode()
        return b"".join(
            (
                _MAGIC,
                header,
                b"\n",
                self._keys,
                self._values,
                self._key_ends.tobytes(),
                self._value_ends.tobytes(),
            )
        )

    @classmethod
    def decode(cls, data: bytes, prefixes: bool = False) -> SortedTable:
        """The table from `encode`'s bytes; ValueError when they are not one whole (cut
        short, another program's file, another layout)."""
        if not data.startswith(_MAGIC):
            raise ValueError("not a sorted table")
        try:
            end = data.index(b"\n", len(_MAGIC))
            header = json.loads(data[len(_MAGIC) : end])
            key_bytes, value_bytes, count = header["keys"], header["values"], header["count"]
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError("a sorted table without its header") from error
        if not all(isinstance(n, int) and n >= 0 for n in (key_bytes, value_bytes, count)):
            raise ValueError("a sorted table with a damaged header")
        width = array.array(_OFFSETS).itemsize
        start = end + 1
        if len(data) != start + key_bytes + value_bytes + 2 * count * width:
            raise ValueError("a sorted table of the wrong size")
        keys = data[start : start + key_bytes]
        values = data[start + key_bytes : start + key_bytes + value_bytes]
        key_ends, value_ends = array.array(_OFFSETS), array.array(_OFFSETS)
        at = start + key_bytes + value_bytes
        key_ends.frombytes(data[at : at + count * width])
        value_ends.frombytes(data[at + count * width :])
        if count and (key_ends[-1] != len(keys) or value_ends[-1] != len(values)):
            raise ValueError("a sorted table whose parts disagree")
        if not count and (keys or values):
            raise ValueError("a sorted table whose parts disagree")
        try:
            keys.decode("utf-8")
            values.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValueError("a sorted table that is not UTF-8") from error
        if keys.count(b"\n") != count or values.count(b"\n") != count:
            raise ValueError("a sorted table whose parts disagree")
        return cls(keys, key_ends, values, value_ends, prefixes)


def encode(mapping: Mapping[str, str]) -> bytes:
    """`mapping` as a sorted table's bytes (keys or values with a newline left out)."""
    pairs = sorted(
        (key.encode("utf-8"), value.encode("utf-8"))
        for key, value in mapping.items()
        if "\n" not in key and "\n" not in value
    )
    key_ends, value_ends = array.array(_OFFSETS), array.array(_OFFSETS)
    at_key = at_value = 0
    for key, value in pairs:
        at_key += len(key) + 1
        at_value += len(value) + 1
        key_ends.append(at_key)
        value_ends.append(at_value)
    keys = b"".join(key + b"\n" for key, _ in pairs)
    values = b"".join(value + b"\n" for _, value in pairs)
    return SortedTable(keys, key_ends, values, value_ends).encode()
