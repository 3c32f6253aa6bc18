"""Text from files on its way to a terminal.

Files travel between people, so any string read from one may carry control characters
or escape sequences. `for_terminal` is the one sanitiser for text on its way to a
terminal: every C0 and C1 control character becomes a visible symbol (ESC as ␛, NUL as
␀, DEL as ␡), so no sequence from a file is interpreted by the terminal. It cleans a
text and its sidecars as they are loaded (`text.decode.clean_text`, the meta file),
every error message (`ReaderError`), every notification (`tui.context.say`) and the
titles the app shows from assignment files and the progress store.
"""

from __future__ import annotations

import re

_ALL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Tab and newline are layout, not controls, in multi-line text.
_CONTROLS_BUT_LAYOUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible_control(match: re.Match[str]) -> str:
    """A control character as a visible symbol (ESC as ␛, NUL as ␀, DEL as ␡)."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def for_terminal(text: str, *, one_line: bool = True) -> str:
    """`text` with its control characters shown as symbols; with `one_line=False`,
    tabs and newlines are kept."""
    pattern = _ALL_CONTROLS if one_line else _CONTROLS_BUT_LAYOUT
    return pattern.sub(visible_control, text)
