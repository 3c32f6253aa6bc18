"""How a number in a text is read aloud: 1570億 一千五百七十亿, 20% 百分之二十, 1/3 三分之一,
3.45 三点四五, 2025年 二〇二五年 (a year digit by digit).

Pure: from the number token and the text right after it (a unit such as 亿 or 年 that
jieba keeps in the next word). Simplified characters, citation tones; the words of the
pinyin as they are written out (yīqiān wǔbǎi qīshí yì, bǎi fēn zhī èrshí).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reader.lang.pinyin import join_syllables, styled

_DIGITS = "零一二三四五六七八九"
_DIGIT_PINYIN = ("líng", "yī", "èr", "sān", "sì", "wǔ", "liù", "qī", "bā", "jiǔ")
_PLACE = ("", "十", "百", "千")
_PLACE_PINYIN = {"十": "shí", "百": "bǎi", "千": "qiān", "万": "wàn", "亿": "yì"}
_SYLLABLE = {
    **dict(zip(_DIGITS, _DIGIT_PINYIN, strict=True)),
    **_PLACE_PINYIN,
    "两": "liǎng",
    "点": "diǎn",
    "分": "fēn",
    "之": "zhī",
    "〇": "líng",
    "负": "fù",
}
# the units jieba leaves in the next word (億美元, 萬人): read with the number
_UNITS = {"万": "wàn", "萬": "wàn", "亿": "yì", "億": "yì", "千": "qiān", "百": "bǎi"}
_NUMBER_RE = re.compile(
    r"^(?P<sign>[-−])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?(?P<pct>[%％])?$"
)
_FRACTION_RE = re.compile(r"^(?P<num>\d+)/(?P<den>\d+)$")
_LONGEST = 16  # digits: past this it is a code or an id, not a number read aloud


@dataclass(frozen=True, slots=True)
class Spoken:
    """A number as read aloud: characters, and pinyin in words (`pinyin`)."""

    chinese: str
    words: tuple[str, ...]  # the pinyin, one written word each (yīqiān, wǔbǎi, yì)

    @property
    def pinyin(self) -> str:
        return " ".join(self.words)

    def styled_words(self, style: str) -> tuple[str, ...]:
        """The words in a pinyin style: as they are with tone marks, else syllable by
        syllable in tone numbers or zhuyin (yi1 qian1)."""
        if style == "marks":
            return self.words
        return tuple(" ".join(styled(s, style) for s in split_syllables(w)) for w in self.words)


def _ascii_digits(text: str) -> str:
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text
    )


def _below_10000(n: int, leading: bool) -> list[str]:
    """Words for 0 < n < 10000 as pinyin writes them (wǔbǎi liùshísān): thousands and
    hundreds each a word, tens and ones together; `leading` at the number's start
    (10-19 read 十…, not 一十…; 2 before 百 or 千 reads 两)."""
    words: list[str] = []
    digits = f"{n:04d}"
    zero = False
    started = False
    for i, d in enumerate(digits):
        place = _PLACE[3 - i]
        if d == "0":
            zero = started
            continue
        if zero:
            words.append("零")
            zero = False
        if d == "1" and place == "十" and not started and leading:
            word = "十"
        elif d == "2" and place in ("百", "千") and not started and leading:
            word = "两" + place
        else:
            word = _DIGITS[int(d)] + place
        if place == "" and words and words[-1].endswith("十"):
            words[-1] += word  # 三十七 sānshíqī
        else:
            words.append(word)
        started = True
    return words


def cardinal_words(n: int) -> list[str]:
    """0 -> [零]; 1570 -> [一千, 五百, 七十]; 780000000 -> [七亿, 八千万]: 万 and 亿 end
    the word before them."""
    if n == 0:
        return ["零"]
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    words: list[str] = []
    big = ("", "万", "亿", "万亿")
    need_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(words)
            continue
        if words and (need_zero or group < 1000):
            words.append("零")
        need_zero = False
        if group == 2 and big[index] and not words:
            part = ["两"]
        else:
            part = _below_10000(group, leading=not words)
        if big[index]:
            part[-1] += big[index]
        words += part
    return words


def split_syllables(word: str) -> list[str]:
    """A number's pinyin word back into syllables: yīqiān -> [yī, qiān] (only the
    syllables numbers use)."""
    out: list[str] = []
    rest = word.replace("'", "")
    known = sorted(set(_SYLLABLE.values()) | {"nián"}, key=len, reverse=True)
    while rest:
        for syllable in known:
            if rest.startswith(syllable):
                out.append(syllable)
                rest = rest[len(syllable) :]
                break
        else:
            return [word]
    return out


def _pinyin_word(chars: str) -> str:
    return join_syllables([_SYLLABLE[ch] for ch in chars])


def _spoken(words: list[str]) -> Spoken:
    return Spoken("".join(words), tuple(_pinyin_word(w) for w in words))


def _decimal(frac: str) -> list[str]:
    return ["点", *[_DIGITS[int(d)] for d in frac]] if frac else []


def reading(token: str, after: str = "") -> Spoken | None:
    """How `token` (digits as one word: 1570, 3.45%, 1/3, 1,200) is read aloud, with a
    unit of the text right after it (亿, 万, or 年 for a year); None for anything else."""
    text = _ascii_digits(token.strip())
    if not text or len(re.sub(r"\D", "", text)) > _LONGEST:
        return None
    fraction = _FRACTION_RE.match(text)
    if fraction:
        den, num = int(fraction["den"]), int(fraction["num"])
        if den == 0:
            return None
        return _spoken([*cardinal_words(den), "分", "之", *cardinal_words(num)])
    found = _NUMBER_RE.match(text)
    if not found:
        return None
    whole = found["int"].replace(",", "")
    if (
        after.startswith("年")
        and len(whole) == 4
        and not found["frac"]
        and not found["pct"]
        and "," not in found["int"]
    ):
        digits = ["〇" if d == "0" else _DIGITS[int(d)] for d in whole]
        return Spoken("".join(digits) + "年", (*(_SYLLABLE[d] for d in digits), "nián"))
    words = cardinal_words(int(whole)) + _decimal(found["frac"] or "")
    if found["sign"]:
        words = ["负", *words]
    if found["pct"]:
        return _spoken(["百", "分", "之", *words])
    unit = after[:1]
    if unit in _UNITS:
        spoken = _spoken(words)
        return Spoken(spoken.chinese + unit, (*spoken.words, _UNITS[unit]))
    return _spoken(words)


def reading_at(texts: list[str] | tuple[str, ...], index: int) -> Spoken | None:
    """The reading of word `index` of a paragraph's words (`texts`), with the word after
    it for its unit."""
    after = texts[index + 1] if index + 1 < len(texts) else ""
    return reading(texts[index], after)


_RUN_RE = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?[%％]?|\d+/\d+")


def joined_numbers(text: str, words: list[str]) -> list[str]:
    """`words` of `text` with a number the segmenter cut (1|,|200, 1|/|3) made one word
    again; a run is joined only where it starts and ends on word boundaries."""
    if ("," not in text and "/" not in text) or not any(map(str.isdigit, text)):
        return words
    ends: dict[int, int] = {}
    for found in _RUN_RE.finditer(_ascii_digits(text)):
        ends[found.start()] = found.end()
    if not ends:
        return words
    out: list[str] = []
    offset = 0
    i = 0
    while i < len(words):
        end = ends.get(offset)
        if end is not None:
            j, reach = i, offset
            while j < len(words) and reach < end:
                reach += len(words[j])
                j += 1
            if reach == end and j - i > 1:
                out.append(text[offset:end])
                offset, i = end, j
                continue
        out.append(words[i])
        offset += len(words[i])
        i += 1
    return out
