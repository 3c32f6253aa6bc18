"""Text from files on its way out: one sanitiser per kind of output.

Files travel between people, so any string read from one may carry control characters,
escape sequences, markup or formulas.

- `for_terminal`: every C0 and C1 control character becomes a visible symbol (ESC as
  ␛, NUL as ␀, DEL as ␡), and a bidirectional override its name (⟪RLO⟫), so no
  sequence from a file is interpreted by the terminal.
  It cleans a text and its sidecars as they are loaded (`text.decode.clean_text`, the
  meta file), every error message (`ReaderError`), every notification
  (`tui.context.say`), the command line's output (`cli.common.echo`) and what the app's
  screens show from assignments, questions, glossaries, the dictionary and the store.
- `for_csv`: a cell never starts a formula.
- `for_html`: nothing from a file becomes markup (handouts, Anki cards).
- `for_markdown`: no tag, link or table break in the class report.
- `for_json`: JSON whose strings carry no raw control character.
"""

from __future__ import annotations

import html
import json
import re

# C0 and C1 controls, DEL, and lone surrogates (from a JSON escape: no terminal or
# encoder can take them).
_ALL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
CONTROL_RE = _ALL_CONTROLS  # for validators that refuse controls rather than show them
# Tab and newline are layout, not controls, in multi-line text.
_CONTROLS_BUT_LAYOUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def visible_control(match: re.Match[str]) -> str:
    """A control character as a visible symbol (ESC as ␛, NUL as ␀, DEL as ␡)."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"  # DEL, or C1 and surrogates


# Bidirectional overrides and isolates: in a terminal they reorder what follows them
# (a name "Eve\u202egnp.exe" shows as "Eveexe.png"), so they are shown, not obeyed.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str, *, one_line: bool = True) -> str:
    """`text` with its control characters shown as symbols (bidirectional overrides
    as ⟪RLO⟫ and the like); with `one_line=False`, tabs and newlines are kept."""
    pattern = _ALL_CONTROLS if one_line else _CONTROLS_BUT_LAYOUT
    text = pattern.sub(visible_control, text)
    if _BIDI.search(text):
        text = _BIDI.sub(_bidi_name, text)
    return text


_BIDI_NAMES = {
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
}


def _bidi_name(match: re.Match[str]) -> str:
    return f"⟪{_BIDI_NAMES[ord(match.group())]}⟫"


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...),
# +cmd|..., @SUM(...), -2+3); a tab or carriage return before it is dropped by some.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def for_csv(value: object) -> str:
    """A CSV cell: controls made visible and a formula start neutralised with a leading
    apostrophe (the convention spreadsheets show as text)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return for_terminal(text)


def for_html(text: str) -> str:
    """Text inside HTML: every markup character escaped, controls made visible."""
    return html.escape(for_terminal(text, one_line=False), quote=True)


# ":" and "@" too: no bare URL or e-mail address becomes a link.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#!|~:@])")


def for_markdown(text: str) -> str:
    """Text in a Markdown table cell or line: one line, HTML escaped (no tag, no entity
    from the file ever renders) and Markdown's own characters backslash-escaped (no
    link, image or table break)."""
    one_line = " ".join(for_terminal(text, one_line=False).split())
    escaped = one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def for_json(data: object, indent: int | None = 1) -> str:
    """JSON for a terminal or a pipe: Unicode kept readable, but every control character
    (DEL, C1 and lone surrogates too, which json leaves raw) written as a \\u escape."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return re.sub(r"[\x7f-\x9f\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)
