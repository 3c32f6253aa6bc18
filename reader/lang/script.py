"""Display scripts: original, simplified, traditional (Taiwan standard characters),
Taiwan (with Taiwan phrases) and Hong Kong.

Analysis always happens on the simplified form; `reader.text.chars.convert` does the
length-preserving character conversion. The Taiwan *phrase* conversion (s2twp:
硅谷->矽谷) changes lengths and is applied to whole words only, for display.
"""

from __future__ import annotations

from functools import lru_cache

from reader.text.chars import convert, converter

SCRIPTS = ("original", "simplified", "traditional", "taiwan", "hongkong")
SCRIPT_LABELS = {
    "original": "original",
    "simplified": "简体 simplified",
    "traditional": "繁體 traditional",
    "taiwan": "臺灣 Taiwan",
    "hongkong": "香港 Hong Kong",
}

# s2twp phrase replacements that are wrong for ordinary prose (measured on the article:
# 范式 "paradigm" is not 正規化 "normalisation").
_BAD_TAIWAN_PHRASES = frozenset({"范式", "证明了"})


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
    phrase = converter("s2twp").convert(simplified)
    plain = convert(simplified, "s2tw")
    return phrase if phrase != plain else None
