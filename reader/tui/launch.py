"""Start the reader from the command line."""

from __future__ import annotations


def run_reader(text: str | None) -> None:
    """A bad file is a one-line error (ReaderError) before any screen opens."""
    doc = None
    if text:
        from reader.text.library import open_text

        doc = open_text(text)
    from reader.tui.app import make_app

    make_app(text, doc=doc).run()
