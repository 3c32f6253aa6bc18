"""The one error type users see.

Every problem caused by the user's files or environment is raised as a ReaderError
whose message already names the file and what is wrong, so the command line can print
it as a single line (exit status 2) and the app can show it as a notification.
"""

from __future__ import annotations

from pathlib import Path


class ReaderError(Exception):
    """A problem with input the user controls, worded for the user."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        super().__init__(f"{path}: {message}" if path is not None else message)
