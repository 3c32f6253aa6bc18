"""Start the reader from the command line."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator

from reader.errors import ReaderError
from reader.safe import for_terminal
from reader.study.identity import name_key
from reader.study.sources import open_any
from reader.tui.app import ReaderApp


def run_reader(
    text: str | None,
    student: str | None = None,
    domains: tuple[str, ...] | None = None,
    review: bool = False,
) -> None:
    """A bad file is a one-line error (ReaderError) before any screen opens."""
    if student is not None and not name_key(student):
        raise ReaderError('--student: give a name, e.g. --student "Ana Li"')
    opened = open_any(text) if text else None
    app = ReaderApp(text, opened=opened, student=student, domains=domains, review=review)
    with _closing_on_hangup(app):
        app.run()
    _say_what_was_not_saved(app)
    if app.return_code:  # the app stopped on an error (Textual printed it): not 0
        raise SystemExit(app.return_code)


def _say_what_was_not_saved(app: ReaderApp) -> None:
    """Changes still waiting when the reader closes: where they are kept, or that they
    could not be kept at all (the next start applies a journal it finds)."""
    store = app.store
    if store.retry_pending():
        kept = store.journal.is_file()
        where = f"kept in {store.journal}, saved at the next start" if kept else "lost"
        print(
            for_terminal(f"reader: {len(store.pending)} changes could not be saved ({where})"),
            file=sys.stderr,
        )


@contextlib.contextmanager
def _closing_on_hangup(app: ReaderApp) -> Iterator[None]:
    """A closed terminal (SIGHUP) or a plain `kill` (SIGTERM) closes the reader as `q`
    does: the time, the position and a result file are saved on the way out."""
    previous = {}
    for name in ("SIGHUP", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError, OSError):
                previous[number] = signal.signal(
                    number, lambda signum, _frame: app.exit(return_code=128 + signum)
                )
    try:
        yield
    finally:
        for number, handler in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(number, handler)
