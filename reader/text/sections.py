"""Section selections as people write them: '2,3', '1-3', '1-2,4'."""

from __future__ import annotations

import re

from reader.errors import ReaderError

_SECTIONS_PART = re.compile(r"^(\d+)(?:\s*-\s*(\d+))?$")


def _runs(numbers: list[int]) -> list[str]:
    """[1, 2, 3, 5] -> ['1-3', '5']."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return [f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]


def describe(numbers: list[int], sep: str = ", ") -> str:
    return sep.join(_runs(numbers))


def parse_sections(spec: str | None, available: list[int], name: str) -> list[int]:
    """'2,3', '1-3', '1-2,4' -> section numbers in document order (all when None)."""
    if spec is None:
        return list(available)
    where = f"--sections {spec!r}"
    have = f"the text has section{'s' if len(available) > 1 else ''} {describe(available)}"
    wanted: set[int] = set()
    parts = spec.split(",")
    for part in (p.strip() for p in parts):
        if not part:
            raise ReaderError(f"{where}: empty section number (write e.g. 2,3 or 1-3)", name)
        match = _SECTIONS_PART.match(part)
        if not match:
            raise ReaderError(
                f"{where}: '{part}' is not a section number or range (write e.g. 2,3 or 1-3)", name
            )
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if last < first:
            raise ReaderError(
                f"{where}: the range '{part}' runs backwards (did you mean {last}-{first}?)", name
            )
        for number in (first, last):
            if number not in available:
                raise ReaderError(f"{where}: there is no section {number} ({have})", name)
        wanted.update(range(first, last + 1))
    return [n for n in available if n in wanted]
