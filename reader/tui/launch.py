"""Start the reader from the command line."""

from __future__ import annotations

from reader.study.sources import open_any
from reader.tui.app import ReaderApp


def run_reader(text: str | None) -> None:
    """A bad file is a one-line error (ReaderError) before any screen opens."""
    opened = open_any(text) if text else None
    ReaderApp(text, opened=opened).run()
