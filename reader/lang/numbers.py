"""How a number in a text is read aloud: 1570億 一千五百七十亿, 20% 百分之二十, 1/3 三分之一,
3.45 三点四五, 2025年 二〇二五年 (a year digit by digit), and a stock code digit by digit
(600519.SH, 台積電(2330): 六〇〇五一九, 二三三〇).

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


# a stock code with its market: 600519.SH, 0700.HK, 2330-TW, 6488.TWO, QCOM-US, AAPL.O
_CODE_RE = re.compile(r"\d{6}\.(?:SH|SZ|BJ|SS)|\d{4,5}\.HK|\d{4}[.-]TWO?|[A-Z]{1,5}[-.](?:US|O|N)")
_CODE_WORDS = ("代码", "代碼", "代号", "代號")
_OPEN = frozenset("(（")
_CLOSE = frozenset(")）")


def is_code(token: str) -> bool:
    """A stock code with its market's suffix (600519.SH, 2330-TW, QCOM-US)."""
    return _CODE_RE.fullmatch(token) is not None


def bare_code(token: str, before: str, after: str) -> bool:
    """Digits that are a stock code by where they stand: in brackets of their own (台積電
    (2330), 贵州茅台（600519）, 腾讯(00700): four to six digits; a figure of five with no
    leading zero is an amount), or after 代码/代號 (and a colon)."""
    if not token.isascii() or not token.isdigit():
        return False
    if before.rstrip(":：").endswith(_CODE_WORDS):
        return 4 <= len(token) <= 6
    if before[-1:] in _OPEN and after[:1] in _CLOSE:
        return len(token) in (4, 6) or (len(token) == 5 and token[0] == "0")
    return False


def _digit_by_digit(digits: str) -> Spoken:
    chars = ["〇" if d == "0" else _DIGITS[int(d)] for d in digits]
    return Spoken("".join(chars), tuple(_SYLLABLE[ch] for ch in chars))


def reading(token: str, after: str = "", before: str = "") -> Spoken | None:
    """How `token` (digits as one word: 1570, 3.45%, 1/3, 1,200) is read aloud, with a
    unit of the text right after it (亿, 万, or 年 for a year) and the word before it (a
    stock code in brackets is read digit by digit); None for anything else."""
    text = _ascii_digits(token.strip())
    node = NODE_RE.fullmatch(text)
    if node:  # 7纳米, 2nm, 3奈米: a chip process node, read as so many 纳米 (Taiwan: 奈米)
        spoken = reading(node["size"])
        unit, said = ("奈米", "nàimǐ") if text.endswith("奈米") else ("纳米", "nàmǐ")
        return Spoken(spoken.chinese + unit, (*spoken.words, said)) if spoken else None
    if is_code(text):
        digits = re.sub(r"\D", "", text)
        return _digit_by_digit(digits) if digits else None
    if bare_code(text, before, after):
        return _digit_by_digit(text)
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
        year = _digit_by_digit(whole)
        return Spoken(year.chinese + "年", (*year.words, "nián"))
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


# a chip process node: a size in nanometres (2nm, 1.4 nm, 7纳米, 3奈米)
NODE_RE = re.compile(r"(?P<size>\d{1,3}(?:\.\d)?) ?(?:nm|纳米|奈米|納米)")
# words of chip making: a paragraph with one of them names process nodes by their size
# (直径50纳米的颗粒 is no node)
_CHIP_WORDS = (
    "制程", "工艺", "芯片", "晶片", "节点", "晶圆", "光刻", "微影", "半导体", "晶体管",
    "代工", "量产", "台积电", "三星", "英特尔", "中芯", "处理器", "EUV", "GPU", "CPU",
)  # fmt: skip


def joined_nodes(text: str, words: list[str]) -> list[str]:
    """`words` of `text` (simplified) with a process node the segmenter cut (2|nm,
    7|纳米, 5| |nm) made one word, in a paragraph about chips (as joined_numbers joins)."""
    if not any(unit in text for unit in ("nm", "纳米", "奈米")) or not any(
        word in text for word in _CHIP_WORDS
    ):
        return words
    return _joined(text, words, {m.start(): m.end() for m in _NODE_RUN_RE.finditer(text)})


def reading_at(texts: list[str] | tuple[str, ...], index: int) -> Spoken | None:
    """The reading of word `index` of a paragraph's words (`texts`), with the word after
    it for its unit and the words before it for a code (代码：600519)."""
    after = texts[index + 1] if index + 1 < len(texts) else ""
    before = "".join(texts[max(0, index - 2) : index])
    return reading(texts[index], after, before)


_RUN_RE = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?[%％]?|\d+/\d+")
_CODE_RUN_RE = re.compile(r"(?<![A-Za-z0-9.])(?:" + _CODE_RE.pattern + r")(?![A-Za-z0-9])")
# a node in running text: not the end of a Latin name (A7nm) nor of a longer number
_NODE_RUN_RE = re.compile(r"(?<![A-Za-z0-9.])(?:" + NODE_RE.pattern + r")(?![A-Za-z])")


def joined_numbers(text: str, words: list[str]) -> list[str]:
    """`words` of `text` with a number the segmenter cut (1|,|200, 1|/|3) or a stock code
    (600519|.|SH) made one word again; a run is joined only where it starts and ends on
    word boundaries."""
    ends: dict[int, int] = {}
    if ("," in text or "/" in text) and any(map(str.isdigit, text)):
        for found in _RUN_RE.finditer(_ascii_digits(text)):
            ends[found.start()] = found.end()
    if "." in text or "-" in text:
        for found in _CODE_RUN_RE.finditer(text):
            ends[found.start()] = found.end()
    return _joined(text, words, ends)


def _joined(text: str, words: list[str], ends: dict[int, int]) -> list[str]:
    """`words` of `text` with each run text[start:ends[start]] that starts and ends on
    word boundaries made one word."""
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
