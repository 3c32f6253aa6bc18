"""The one error type users see.

Every problem caused by the user's files or environment is raised as a ReaderError
whose message already names the file and what is wrong, so the command line can print
it as a single line (exit status 2) and the app can show it as a notification.
"""

from __future__ import annotations

import re
from pathlib import Path

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def visible_control(match: re.Match[str]) -> str:
    """A control character as a visible symbol (ESC as ␛, NUL as ␀, DEL as ␡)."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def printable(text: str) -> str:
    """One line with no control characters: a file name or a value from a file may carry
    newlines or escape sequences, which must not reach the terminal."""
    return _CONTROLS.sub(visible_control, text)


class ReaderError(Exception):
    """A problem with input the user controls, worded for the user (one line)."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        text = f"{path}: {message}" if path is not None else message
        super().__init__(printable(text))
