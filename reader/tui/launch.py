"""Start the reader from the command line."""

from __future__ import annotations


def run_reader(text: str | None) -> None:
    """A bad file is a one-line error (ReaderError) before any screen opens."""
    doc = assignment = None
    if text:
        from pathlib import Path

        from reader.study.assignment import is_assignment_file, load_assignment
        from reader.text.library import open_text

        if is_assignment_file(Path(text)):
            assignment = load_assignment(text)
        else:
            doc = open_text(text)
    from reader.tui.app import make_app

    make_app(text, doc=doc, assignment=assignment).run()
