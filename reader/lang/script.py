"""Script conversion with OpenCC.

Analysis always happens on the simplified form. The character-level conversions used
here (t2s, s2t, t2tw, s2tw, t2hk, s2hk) keep the string length, so a span in one script
is the same span in another; `convert` enforces that, falling back to converting
character by character if a dictionary phrase ever changed the length.
The Taiwan *phrase* conversion (s2twp: 硅谷->矽谷) changes lengths and is applied to
whole words only, for display.
"""

from __future__ import annotations

from functools import cache, lru_cache

SCRIPTS = ("original", "simplified", "traditional", "taiwan", "hongkong")
SCRIPT_LABELS = {
    "original": "original",
    "simplified": "简体 simplified",
    "traditional": "繁體 traditional",
    "taiwan": "臺灣 Taiwan",
    "hongkong": "香港 Hong Kong",
}
LENGTH_PRESERVING = ("t2s", "s2t", "t2tw", "s2tw", "t2hk", "s2hk", "tw2s", "hk2s")

# s2twp phrase replacements that are wrong for ordinary prose (measured on the article:
# 范式 "paradigm" is not 正規化 "normalisation").
_BAD_TAIWAN_PHRASES = frozenset({"范式", "证明了"})


@cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=4096)
def convert(text: str, config: str) -> str:
    """Convert with a length-preserving OpenCC configuration."""
    if not text:
        return text
    out = _converter(config).convert(text)
    if len(out) != len(text):
        out = "".join(_converter(config).convert(ch) for ch in text)
        if len(out) != len(text):
            return text
    return out


def to_script(text: str, script: str, original_script: str) -> str:
    """`text` (in the document's original script) in `script`, same length.

    'taiwan' here gives the Taiwan standard characters; its phrase substitutions are
    applied per word by `taiwan_word`.
    """
    if script == "original" or not text:
        return text
    source = "t" if original_script == "traditional" else "s"
    if script == "simplified":
        return convert(text, "t2s")
    if script in ("traditional", "taiwan"):
        return convert(text, f"{source}2tw")
    if script == "hongkong":
        return convert(text, f"{source}2hk")
    raise ValueError(f"unknown script {script!r}")


@lru_cache(maxsize=65536)
def taiwan_word(simplified: str) -> str | None:
    """The Taiwan phrase for a whole simplified word when it differs in more than
    characters (芯片 -> 晶片, 硅谷 -> 矽谷), else None."""
    if simplified in _BAD_TAIWAN_PHRASES or len(simplified) < 2:
        return None
    phrase = _converter("s2twp").convert(simplified)
    plain = convert(simplified, "s2tw")
    return phrase if phrase != plain else None
