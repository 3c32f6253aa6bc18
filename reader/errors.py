"""The one error type users see.

Every problem caused by the user's files or environment is raised as a ReaderError
whose message already names the file and what is wrong, so the command line can print
it as a single line (exit status 2) and the app can show it as a notification.
"""

from __future__ import annotations

from pathlib import Path

from reader.safe import for_terminal


class ReaderError(Exception):
    """A problem with input the user controls, worded for the user (one line)."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        text = f"{path}: {message}" if path is not None else message
        # A file name or a value from a file may carry newlines or escape sequences.
        super().__init__(for_terminal(text))
