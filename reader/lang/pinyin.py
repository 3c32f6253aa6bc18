"""Pinyin for words, from their simplified form, with corrections.

pypinyin is right for most simplified words but not all; `pinyin_overrides.toml`
holds the corrections (重构 chóng gòu, 成为 chéng wéi ...). Syllables are stored with
tone marks (NFC); tone numbers and zhuyin are derived for display. Citation tones only:
no tone sandhi.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources

from reader.text.chars import HAN_RE, HAN_RUN_RE, is_han

# How syllables are written (`reader annotate --pinyin`, the handout) ...
PINYIN_STYLES = ("marks", "numbers", "zhuyin")
# ... and what the reader shows over the text: a style, only the words above the
# learner's HSK level ("level"), or nothing.
PINYIN_MODES = ("marks", "numbers", "zhuyin", "level", "off")
PINYIN_MODE_LABELS = {
    "marks": "pinyin",
    "numbers": "tone numbers",
    "zhuyin": "zhuyin",
    "level": "pinyin above my level",
    "off": "no pinyin",
}
_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


@lru_cache(maxsize=1)
def overrides() -> dict[str, tuple[str, ...]]:
    data = tomllib.loads(
        resources.files("reader.lang").joinpath("pinyin_overrides.toml").read_text("utf-8")
    )
    table = {}
    for word, reading in data["words"].items():
        syllables = tuple(unicodedata.normalize("NFC", reading).split())
        assert len(syllables) == len(HAN_RE.findall(word)), word
        table[word] = syllables
    return table


@lru_cache(maxsize=1)
def _pypinyin():
    # pypinyin loads its phrase dictionaries on import (about half a second): deferred
    # to the first word read, off the path of a start that has its annotations cached.
    from pypinyin import Style, pinyin

    return pinyin, Style


def _pypinyin_run(han: str) -> list[str]:
    pinyin, style = _pypinyin()
    result = pinyin(han, style=style.TONE, errors=lambda chunk: [""] * len(chunk), strict=True)
    syllables = [unicodedata.normalize("NFC", item[0]) if item else "" for item in result]
    if len(syllables) != len(han):
        syllables = [_pypinyin_run(ch)[0] for ch in han]
    return syllables


@lru_cache(maxsize=4096)
def _readings(ch: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    return tuple(
        unicodedata.normalize("NFC", r) for r in pinyin(ch, style=Style.TONE, heteronym=True)[0]
    )


def _single_character(simplified: str, original: str) -> str:
    """One character out of context. Simplification merges characters (籲 yù -> 吁 xū,
    桿 gǎn -> 杆 gān, 隻 zhī -> 只 zhǐ): when the simplified character's usual reading is
    not a reading of the original character, the original's first reading decides."""
    default = _pypinyin_run(simplified)[0]
    if original != simplified and is_han(original):
        readings = _readings(original)
        if readings and default not in readings:
            return readings[0]
    return default


@lru_cache(maxsize=1)
def cedict_readings() -> dict[str, tuple[str, ...]]:
    text = resources.files("reader.lang").joinpath("cedict_readings.tsv").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        word, _, reading = line.partition("\t")
        table[word] = tuple(reading.split())
    return table


# Words ending in 为 read wéi (成为, 视为, 转化为, 被选为, 认为) except these.
_WEI4_ENDINGS = frozenset({"因为", "为", "只为", "正因为", "就因为", "都因为"})


@lru_cache(maxsize=200_000)
def word_pinyin(simplified: str, original: str | None = None) -> tuple[str, ...]:
    """One syllable (tone marks, NFC) per Han character of the word; '' if unknown.

    Corrections first (the override table, then words whose single CC-CEDICT reading
    differs from pypinyin's), pypinyin for the rest.
    """
    fixed = overrides().get(simplified) or cedict_readings().get(simplified)
    if fixed is not None:
        return fixed
    if len(simplified) == 1:
        return (
            (_single_character(simplified, original or simplified),) if is_han(simplified) else ()
        )
    syllables = pypinyin_word(simplified)
    if (
        simplified.endswith("为")
        and not simplified.endswith("因为")
        and simplified not in _WEI4_ENDINGS
        and syllables
    ):
        syllables = (*syllables[:-1], "wéi")
    return syllables


def pypinyin_word(simplified: str) -> tuple[str, ...]:
    """pypinyin's reading of a word, in citation tones."""
    out: list[str] = []
    for run in HAN_RUN_RE.finditer(simplified):
        out.extend(_pypinyin_run(run.group()))
    return tuple(
        _citation_tone(ch, syllable)
        for ch, syllable in zip(HAN_RE.findall(simplified), out, strict=False)
    )


def _citation_tone(ch: str, syllable: str) -> str:
    """pypinyin's phrase dictionary bakes 一/不 sandhi into some words (一半 yí bàn);
    the reader shows citation tones."""
    if ch == "一" and syllable in ("yí", "yì"):
        return "yī"
    if ch == "不" and syllable == "bú":
        return "bù"
    return syllable


def tone_of(syllable: str) -> int:
    """1-4, or 5 for the neutral tone (and for an unknown syllable)."""
    for ch in unicodedata.normalize("NFD", syllable):
        tone = _TONE_MARKS.get(ch)
        if tone:
            return tone
    return 5


def _bare(syllable: str) -> str:
    nfd = unicodedata.normalize("NFD", syllable)
    return unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))


def to_numbers(syllable: str) -> str:
    """zhōng -> zhong1, de -> de5, lǜ -> lü4."""
    if not syllable:
        return syllable
    return f"{_bare(syllable)}{tone_of(syllable)}"


def to_plain(syllable: str) -> str:
    """Without tones and ü as u: for searching."""
    return _bare(syllable).replace("ü", "u").lower()


def search_key(text: str) -> str:
    """'gū zhí', 'gu1 zhi2', 'guzhi', 'lv4' -> letters only, for matching pinyin queries."""
    return re.sub(r"[^a-z]", "", re.sub(r"[1-5]", "", to_plain(text).replace("v", "u")))


@lru_cache(maxsize=4096)
def to_zhuyin(syllable: str) -> str:
    if not syllable:
        return syllable
    from pypinyin import Style
    from pypinyin.style import convert

    try:
        zhuyin = convert(syllable, Style.BOPOMOFO, True) or syllable
    except Exception:  # pypinyin raises bare errors on syllables it cannot map
        return syllable
    # The neutral-tone dot is written before the syllable (˙ㄉㄜ), as in Taiwan.
    return "˙" + zhuyin[:-1] if zhuyin.endswith("˙") else zhuyin


def styled(syllable: str, style: str) -> str:
    if style == "numbers":
        return to_numbers(syllable)
    if style == "zhuyin":
        return to_zhuyin(syllable)
    return syllable


def join_syllables(syllables) -> str:
    """Syllables of one word written together, with the apostrophe before a, o, e:
    xī'ān, huá'ěrjiē."""
    out = ""
    for syllable in syllables:
        if out and syllable and _bare(syllable)[:1].lower() in "aoe":
            out += "'"
        out += syllable
    return out


CONTEXT_WORDS = frozenset("得地为")
# A lone 为 after a verb ending in one of these reads wéi: 转化 为, 改 为, 分 为, 评 为.
_WEI2_AFTER = frozenset("化视成作称选改变分转定译认以结合列评奉封命名拜沦降升划归立设换当")
_PRONOUNS = frozenset(
    {
        "我",
        "你",
        "他",
        "她",
        "它",
        "我们",
        "你们",
        "他们",
        "她们",
        "咱们",
        "大家",
        "您",
        "谁",
    }
)


def in_context(word: str, before: str, after: str) -> tuple[str, ...] | None:
    """Readings of single-character words that depend on their neighbours, else None.

    得: děi after a pronoun and before a verb (我得走), de after another word (跑得快),
    dé otherwise. 地: de after a word of two or more characters and before another
    (慢慢地走, 高兴地跳), dì otherwise.
    """
    if word == "得" and before:
        if before in _PRONOUNS and after and is_han(after[0]):
            return ("děi",)
        if is_han(before[-1]):
            return ("de",)
    if word == "为" and before and before[-1] in _WEI2_AFTER:
        return ("wéi",)
    if word == "地" and len(before) >= 2 and is_han(before[-1]) and after and is_han(after[0]):
        return ("de",)
    return None
