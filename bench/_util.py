"""Small helpers shared by the benchmarks: statistics, tables, throwaway READER_HOMEs."""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "texts" / "deepseek.txt"


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: Sequence[float]) -> float:
    """Nearest-rank 95th percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-95 * len(ordered) // 100))  # ceil(0.95 * n)
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.3f} ms" if value < 1 else f"{value:.1f} ms"


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """A plain text table, first column left-aligned, the others right-aligned."""
    rows = [list(map(str, r)) for r in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def line(cells):
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [line(list(map(str, header))), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


@contextlib.contextmanager
def temporary_home(prefix: str = "reader-bench-") -> Iterator[Path]:
    """A fresh READER_HOME folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def reader_home_env(home: Path) -> Iterator[None]:
    """READER_HOME=home in this process for the duration (restored afterwards)."""
    before = os.environ.get("READER_HOME")
    os.environ["READER_HOME"] = str(home)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("READER_HOME", None)
        else:
            os.environ["READER_HOME"] = before


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["READER_HOME"] = str(home)
    env.pop("NO_COLOR", None)
    return env
