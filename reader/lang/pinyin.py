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
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from reader.lang import cedict_words, pypinyin_table
from reader.text.chars import HAN_RE, HAN_RUN_RE, convert, is_han

# How syllables are written (`reader annotate --pinyin`, the handout) ...
PINYIN_STYLES = ("marks", "numbers", "zhuyin")
# ... and what the reader shows over the text: a style, only the words above the
# learner's HSK level ("level"), or nothing.
PINYIN_MODES = ("marks", "numbers", "zhuyin", "level", "new", "off")
PINYIN_MODE_LABELS = {
    "marks": "pinyin",
    "numbers": "tone numbers",
    "zhuyin": "zhuyin",
    "level": "pinyin above my level",
    "new": "pinyin over new words",
    "off": "no pinyin",
}
_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


@lru_cache(maxsize=1)
def _overrides_file() -> dict:
    return tomllib.loads(
        resources.files("reader.lang").joinpath("pinyin_overrides.toml").read_text("utf-8")
    )


def whole_words() -> tuple[str, ...]:
    """Words the segmenter keeps whole even where a glossary form starts them (钉钉子)."""
    return tuple(_overrides_file().get("whole", ()))


@lru_cache(maxsize=1)
def overrides() -> dict[str, tuple[str, ...]]:
    data = _overrides_file()
    table = {}
    for word, reading in data["words"].items():
        syllables = tuple(unicodedata.normalize("NFC", reading).split())
        assert len(syllables) == len(HAN_RE.findall(word)), word
        table[word] = syllables
    return table


def _pypinyin_run(han: str) -> list[str]:
    """pypinyin's reading of a run of Han characters (from our copy of its tables, which
    loads ten times faster than pypinyin itself: pypinyin_table)."""
    return pypinyin_table.run(han)


@lru_cache(maxsize=4096)
def _readings(ch: str) -> tuple[str, ...]:
    return pypinyin_table.readings(ch)


# Traditional characters that simplification merges into another, with the readings
# they have in today's usage, their usual one first (pypinyin also lists old ones: 幹
# gān, which belongs to 乾): 幹得好 gàn, 乾了 gān, 一隻 zhī, 頭髮 fà.
_MERGED_READINGS = {
    "幹": ("gàn",), "乾": ("gān", "qián"), "隻": ("zhī",), "髮": ("fà",), "發": ("fā",),
    "麵": ("miàn",), "鬆": ("sōng",), "衝": ("chōng", "chòng"), "藉": ("jiè", "jí"),
    "係": ("xì",), "繫": ("xì", "jì"), "儘": ("jǐn",), "盡": ("jìn",), "後": ("hòu",),
    "裡": ("lǐ",), "裏": ("lǐ",), "製": ("zhì",), "準": ("zhǔn",), "鐘": ("zhōng",),
    "餘": ("yú",), "捨": ("shě",), "週": ("zhōu",), "範": ("fàn",), "鬥": ("dòu",),
    "曆": ("lì",), "歷": ("lì",), "佔": ("zhàn",), "畫": ("huà",), "劃": ("huà", "huá"),
    "鹹": ("xián",), "徵": ("zhēng",), "穀": ("gǔ",), "醜": ("chǒu",), "臺": ("tái",),
    "颱": ("tái",), "檯": ("tái",), "誇": ("kuā",), "蘋": ("píng",), "瞭": ("liǎo", "liào"),
}  # fmt: skip


def original_readings(ch: str) -> tuple[str, ...]:
    """The readings a character of the original text can have: a merged traditional
    character's own (_MERGED_READINGS), else every reading pypinyin knows."""
    return _MERGED_READINGS.get(ch) or _readings(ch)


def _single_character(simplified: str, original: str) -> str:
    """One character out of context. Simplification merges characters (籲 yù -> 吁 xū,
    桿 gǎn -> 杆 gān, 隻 zhī -> 只 zhǐ): when the simplified character's usual reading is
    not a reading of the original character, the original's first reading decides."""
    default = rare_alone_reading(simplified) or _pypinyin_run(simplified)[0]
    if original != simplified and is_han(original):
        readings = original_readings(original)
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


@lru_cache(maxsize=1)
def char_readings() -> dict[str, str]:
    """How a character reads inside a name or a word no dictionary has (see
    readings_build): 艮 gèn, 晟 shèng, 阆 làng."""
    return {ch: reading for ch, (reading, _) in _char_table().items()}


@lru_cache(maxsize=1)
def _char_table() -> dict[str, tuple[str, bool]]:
    text = resources.files("reader.lang").joinpath("char_readings.tsv").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        ch, reading, *flags = line.split("\t")
        table[ch] = (reading, "alone" in flags)
    return table


def rare_alone_reading(ch: str) -> str | None:
    """The reading of a character that rarely stands alone, when it does (a piece of
    a name jieba split off): as it reads in most dictionary words."""
    found = _char_table().get(ch)
    return found[0] if found and found[1] else None


class _Phrases:
    """Every word some table knows: pypinyin's phrases, ours and the overrides. Asked
    of each table in turn: one set of their half a million words took 0.4 s to build,
    on the way to a new text's first pinyin."""

    __slots__ = ("_tables",)

    def __init__(self, *tables: Mapping[str, object]) -> None:
        self._tables = tables

    def __contains__(self, word: object) -> bool:
        first, second, third = self._tables  # (`any` over a generator: twice the time)
        return word in first or word in second or word in third


@lru_cache(maxsize=1)
def _phrases() -> _Phrases:
    return _Phrases(pypinyin_table.phrases(), cedict_readings(), overrides())


def forget_lookups() -> None:
    """Empty the caches of words looked up (a bench measures a new text after it)."""
    for cached in (_readings, is_unknown, is_dictionary_word, unknown_word_pieces, word_pinyin):
        cached.cache_clear()


def known_phrases() -> _Phrases:
    return _phrases()


@lru_cache(maxsize=65536)
def is_dictionary_word(simplified: str) -> bool:
    """A word of pypinyin's phrases, our reading tables or CC-CEDICT (cedict_words.txt,
    built by readings_build)."""
    return simplified in _phrases() or cedict_words.is_word(simplified)


_LONGEST = 8


@lru_cache(maxsize=65536)
def is_unknown(simplified: str) -> bool:
    """A word of two or more Han characters none of our reading tables has."""
    return (
        len(simplified) >= 2
        and simplified not in _phrases()
        and all(is_han(ch) for ch in simplified)
    )


class Pieces(NamedTuple):
    """How a word no reading table has reads: its syllables, the indices of the
    characters a context model may decide, and of those it may change only when sure."""

    syllables: tuple[str, ...]
    open: tuple[int, ...]
    cautious: tuple[int, ...] = ()


@lru_cache(maxsize=65536)
def unknown_word_pieces(
    simplified: str, known: bool = False, common: frozenset[int] = frozenset()
) -> Pieces:
    """A word no reading table has (a name, a new compound): its longest known pieces
    from the left, each as its word reads, and every character left over as it reads in
    most dictionary words (char_readings), else pypinyin's first reading; all of them
    open to a context model. In a word jieba `known`s (塞特, 自给率, 能力差), only a
    character that rarely stands alone is open; another reads as it does at that end
    of most dictionary words when they agree (率 lǜ ending a word: position_reading),
    else it is left to the model when the model is sure (cautious); and one at an index
    in `common` (a character common as a word alone: 还 in 还要) reads as it does alone,
    the dictionary words it starts (还原, 还债: huán) saying little of it."""
    phrases, plain = _phrases(), cedict_words.plain  # plain: read one way, as pypinyin does
    chars = char_readings()
    out: list[str] = []
    left: list[int] = []
    cautious: list[int] = []
    i = 0
    while i < len(simplified):
        for length in range(min(_LONGEST, len(simplified) - i), 1, -1):
            piece = simplified[i : i + length]
            if piece in phrases or plain(piece):
                out.extend(word_pinyin(piece))
                i += length
                break
        else:
            reading, who = _left_over(simplified, i, known, common, chars)
            out.append(reading)
            if who is not None:
                (left if who == "open" else cautious).append(i)
            i += 1
    if (
        len(simplified) >= 3
        and simplified[1] == "得"
        and out[1] in ("dé", "de")
        and simplified[0] not in _NOT_BEFORE_COMPLEMENT
    ):
        # a verb, 得 and its complement, though 得见 or 得到 is a piece: 看得见, 做得到
        # kàn de jiàn, zuò de dào "can see, can do", 吃得了 chī de liǎo "can manage"
        # (未得到 "did not get" stays dé)
        out[1] = "de"
        if simplified[2] == "了" and len(simplified) == 3:
            out[2] = "liǎo"
    return Pieces(tuple(out), tuple(left), tuple(cautious))


# Characters that start a word no table has as a surname, not as they read elsewhere:
# 覃 is the surname Qín (tán "deep" is literary, and starts no modern word)
_NAME_STARTS = {"覃": "qín"}

# Adverbs before 得 in a word jieba keeps whole: there 得 is the verb "to get", dé
# (想得到 "wants to get" too: a sentence's end decides it, see word_rules)
_NOT_BEFORE_COMPLEMENT = frozenset("未没不已曾可能须应才都均难终要将便就也还又再皆必亦尚所获取想")


def _left_over(
    word: str, i: int, known: bool, common: frozenset[int], chars: dict[str, str]
) -> tuple[str, str | None]:
    """How character i, left over in a word no table has, reads, and who may change
    it: None (nobody), "open" (the context model), "cautious" (the model, when sure)."""
    ch, last = word[i], len(word) - 1
    if i and word[i - 1] in _NUMERALS and ch in MEASURES_AFTER_NUMBER:
        return MEASURES_AFTER_NUMBER[ch], None
    if ch == "得" and 0 < i < last:
        # between a verb and its complement, pieces that made no word with it: the
        # particle (跑得快, 说得好, 跑得很快); 获得, 值得 are pieces of their own; ending
        # the word it stays dé (录得 "recorded")
        return "de", None
    if ch == "地" and i == last and i >= 2 and word[i - 2] == word[i - 1]:
        return "de", None  # after a doubled adverb: 慢慢地, 悄悄地, 深深地
    if i == 0 and ch in _NAME_STARTS and len(word) in (2, 3):
        return _NAME_STARTS[ch], None  # 覃泓, 覃加耀: a surname
    if ch == "汗" and i == last and i >= 2:
        return "hán", None  # 伊什木汗: a khan ending a name (一身|汗 is two words)
    rare = rare_alone_reading(ch)
    if not known or rare:
        return chars.get(ch) or rare or pypinyin_word(ch)[0], "open"
    if ch == "为" and i == last and word[i - 1] in _WEI2_AFTER:
        return "wéi", None  # after a verb of naming or becoming: 被选为, 被评为
    if i == last and i and ch in _MOSTLY and not word.endswith(_MOSTLY[ch][0], 0, i):
        return _MOSTLY[ch][2], None  # as word_rules reads it alone: 能力差 chà, 横切 qiē
    if i in common:
        return word_pinyin(ch)[0], None  # as it reads alone
    decided = position_reading(ch, "start" if i == 0 else "end" if i == last else "")
    if decided is not None:
        return decided, None
    return chars.get(ch) or pypinyin_word(ch)[0], "cautious"


@lru_cache(maxsize=1)
def _position_table() -> dict[tuple[str, str], str]:
    text = resources.files("reader.lang").joinpath("char_positions.tsv").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        ch, where, reading = line.split("\t")
        table[(ch, where)] = reading
    return table


def position_reading(ch: str, where: str) -> str | None:
    """The reading a polyphone has in nearly all dictionary words it starts or ends
    (`where`: "start", "end"; see readings_build): 率 lǜ ending a word (效率, 汇率)."""
    return _position_table().get((ch, where)) if where else None


def readings_of(ch: str) -> tuple[str, ...]:
    """Every reading pypinyin knows for a character."""
    return _readings(ch)


# Words ending in 为 read wéi (成为, 视为, 转化为, 被选为, 认为) except these.
_WEI4_ENDINGS = frozenset({"因为", "为", "只为", "正因为", "就因为", "都因为"})


@lru_cache(maxsize=200_000)
def word_pinyin(simplified: str, original: str | None = None) -> tuple[str, ...]:
    """One syllable (tone marks, NFC) per Han character of the word; '' if unknown.

    Corrections first (the override table, then words whose single CC-CEDICT reading
    differs from pypinyin's, proper nouns too), pypinyin for the rest. A word no
    dictionary has gets `unknown_word_pieces` instead (the annotator decides).
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


CONTEXT_WORDS = frozenset("得地为幢卷弄什教数挨刨撒钉盛哄")
_NUMERALS = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十百千万两几数整半")
# Measure words whose reading after a number differs from their usual one.
MEASURES_AFTER_NUMBER = {"幢": "zhuàng", "卷": "juàn", "只": "zhī"}
# A lone 为 after a verb ending in one of these reads wéi: 转化 为, 改 为, 分 为, 评 为.
_WEI2_AFTER = frozenset(
    "化视成作称选改变分转定译认以结合列评奉封命名拜沦降升划归立设换当"
    "贬召讹原均皆乃即）)所"  # 贬为, 召为, 讹为; 原为 (was), 均为 (all are); X（…）为
    # (is); 所为, 有所为 (what one does)
)
# Adverbs and modals that end in one of them but are not verbs of naming: 一定为你 wèi,
# 可以为大家 wèi (确定为, 认定为, 改为 stay wéi)
_ADVERBS_NOT_VERBS = frozenset(
    [
        "一定",
        "肯定",
        "必定",
        "注定",
        "决定",
        "十分",
        "充分",
        "可以",
        "足以",
        "难以",
        "得以",
        "借以",
        "应当",
        "理当",
        "相当",
        "适当",
    ]
)
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


# 得 before these words alone is dé, "to get": 得了第一名, 得过奖, 得着 (了 and 过 as
# words of their own: 得了解 keeps 了解 whole, and 得 there is děi).
_GOT_AFTER = frozenset({"了", "过", "過", "到"})
# 得 after these adverbs, before a verb, is děi "must": 还得去, 就得走, 也得交, 都得等.
_CLAUSE_OPENERS = frozenset("，。！？；：“「『‘,!?;:（(")
_MUST_AFTER = frozenset(
    {"还", "還", "就", "也", "都", "总", "總", "又", "还是", "還是", "必", "就是", "总是", "毕竟"}
)


# Single characters standing alone whose reading what follows decides (in_context; the
# context model, which falls back on their majority reading, is not asked): 为 "is" before a figure
# (占比为63%, 增速为5.2%; 为3家企业提供 stays wèi), 挨 āi "next to" (紧挨, 挨着) but ái
# before what one suffers (挨打, 挨骂), 刨 páo "to dig" (刨坑; 刨子 bào is a word), 撒 sǎ
# "to sprinkle" (撒上, 撒在), 钉 dìng "to nail" (钉在), 盛 chéng "to ladle" (盛饭),
# 哄 hǒng "to coax" (哄他).
_FIGURE = re.compile(r"[0-9０-９][0-9０-９.,，]*(%|％)?")
_COUNTED = frozenset("名家位户所个条批座只种项台辆")
_SUFFERED = frozenset("打骂饿冻批罚揍宰刀枪整训说")
_SPRINKLED = frozenset("上在下入满落了进到向")
_NAILED = frozenset("在上入进住牢死")
_LADLED = frozenset("饭米汤菜水粥")
_COAXED = frozenset("我你他她孩小宝")
_VERBS_BEFORE = (
    ("撒", _SPRINKLED, "sǎ"),
    ("钉", _NAILED, "dìng"),
    ("盛", _LADLED, "chéng"),
    ("哄", _COAXED, "hǒng"),
)


# An amount before what the verb acts on: 盛一碗饭
_AMOUNT = re.compile(r"^[0-9０-９一二两三四五六七八九十几半满]+[碗杯勺盘锅瓢碟盆颗根个身]")


def _before_figure(rest: str) -> bool:
    """`rest` starts with a figure that is not a count of things (为5.2%, 为63, 为3个百分点;
    not 为3家企业)."""
    figure = _FIGURE.match(rest)
    if not figure:
        return False
    tail = rest[figure.end() :]
    return bool(figure.group(1)) or tail.startswith("个百分点") or tail[:1] not in _COUNTED


def in_context(word: str, before: str, after: str, rest: str = "") -> tuple[str, ...] | None:
    """Readings of single-character words that depend on their neighbours (the words
    `before` and `after` it, and the text after it, `rest`), else None.

    得: děi after a pronoun and before a verb (我得走), de after another word (跑得快),
    dé otherwise. 地: de after a word of two or more characters and before another
    (慢慢地走, 高兴地跳), dì otherwise. 为 wéi after a verb of naming or becoming and
    before a figure; the measure words 幢 and 卷 after a number; 什 outside 什么; 教 jiāo
    before a person or an aspect marker (教我, 教了三年书) or ending a clause (怎么教？), 数
    shǔ before an aspect marker (数了数钱);
    挨 āi / ái, 刨 páo, 撒 sǎ, 钉 dìng, 盛 chéng, 哄 hǒng (see the table above).
    """
    first = rest[:1]
    if word == "教" and (
        first in _PERSONS or after in _ASPECT or not first or first in _CLAUSE_END or first == "的"
    ):
        return ("jiāo",)  # 教我, 教了三年书, 要怎么教？, 谁教的: to teach
    if word == "数" and after in _ASPECT:
        return ("shǔ",)
    if word == "为" and _before_figure(rest):
        return ("wéi",)
    if word == "挨":  # 挨打; 挨了一刀, 挨过饿: what one suffers
        return ("ái",) if first in _SUFFERED or after in ("了", "过", "過") else ("āi",)
    if word == "刨":
        return ("páo",)
    if word == "钉" and before in ("被", "把"):
        return ("dìng",)  # 被钉十字架: a verb after 被 or 把
    counted = _AMOUNT.sub("", rest, count=1)  # what comes after an amount (盛一碗饭)
    for ch, nexts, reading in _VERBS_BEFORE:
        if word == ch and (first in nexts or (counted != rest and counted[:1] in nexts)):
            return (reading,)
    if word == "得" and before:
        if before[-1] in _CLAUSE_OPENERS and after and is_han(after[0]) and after not in _GOT_AFTER:
            return ("děi",)  # “得赚钱”: must, starting a clause (得到, 得知 are words)
        if after in _GOT_AFTER:
            return ("dé",)  # 他得了第一名, 得过奖: won, got
        if (before in _PRONOUNS or before in _MUST_AFTER) and after and is_han(after[0]):
            return ("děi",)  # 我得走, 还得去, 就得交
        if is_han(before[-1]):
            return ("de",)
    if word == "为" and before and before[-1] in _WEI2_AFTER and before not in _ADVERBS_NOT_VERBS:
        return ("wéi",)
    if word == "地" and len(before) >= 2 and is_han(before[-1]) and after and is_han(after[0]):
        return ("de",)
    # measure words after a number: 两幢楼 zhuàng, 第三卷 / 《史记》卷五 juàn; 弄 after a
    # number is a Shanghai lane, lòng (40弄)
    if word == "幢" and before and before[-1] in _NUMERALS:
        return (MEASURES_AFTER_NUMBER["幢"],)
    if word == "卷" and (
        (before and before[-1] in _NUMERALS | {"》", "第"}) or (after and after[0] in _NUMERALS)
    ):
        return ("juàn",)
    if word == "弄" and before and before[-1].isdigit():
        return ("lòng",)
    # 什 is shén only in 什么: alone it is shí (什锦, a name: 喀什, 什切青)
    if word == "什" and not after.startswith(("么", "麼", "麽")):
        return ("shí",)
    return None


# --- rules over a whole paragraph, character by character, across word boundaries
# (jieba's words do not always fall where the reading is decided: 他教|我, 他長|得)

# Words in which 著 stays 著 in simplified and reads zhù (the author, famous, remarkable).
_ZHU_WORDS = (
    "著名",
    "著作",
    "著称",
    "著述",
    "著录",
    "著者",
    "著书",
    "名著",
    "显著",
    "卓著",
    "土著",
    "原著",
    "论著",
    "编著",
    "专著",
    "巨著",
    "遗著",
    "合著",
    "译著",
    "昭著",
    "拙著",
    "新著",
    "大著",
    "著有",
    "所著",
)
_DEGREE = (
    "很",
    "太",
    "真",
    "挺",
    "更",
    "非",
    "十",
    "特",
    "越",
    "最",
    "相当",
    "不",
    "好",
    "那么",
    "这么",
)
# 教 before a person (教我, 教孩子, 教大家, 教人) is jiāo, "to teach someone".
_PERSONS = frozenset("我你他她您它孩大人")
_RETURNED = frozenset("书钱款债清贷车伞")  # 还书, 还车: to give back (还车队 is rare)
# 行 after a number before these is the measure word for lines, háng.
_LINES_OF = ("代码", "字", "文字", "数据", "诗", "命令", "程序", "注释", "小字", "文本")
# A verb's aspect markers: 教 and 数 before them are verbs (教了 jiāo, 数过 shǔ).
_ASPECT = frozenset({"了", "过", "過", "着", "著"})
# 长 before these is the verb "to grow", zhǎng: 长得, 长出, 长满
_GROWS = frozenset("得出满")
# 塞 before these is the verb "to stuff", sāi: 塞进, 塞给, 塞满, 塞到, 塞入
_STUFFED_INTO = frozenset("进给满到入回住得")


def _inside(text: str, i: int, words: tuple[str, ...]) -> bool:
    """Character i of `text` is inside one of `words`."""
    for word in words:
        for k in range(len(word)):
            if word[k] == text[i] and text[i - k : i - k + len(word)] == word:
                return True
    return False


def simplified_form(text: str) -> str:
    """The simplified text jieba cuts: OpenCC's length-preserving conversion, and every
    著 outside the words where simplified keeps it (著名, 显著, 名著: zhù) written 着, as
    simplified writes it (看著 看着, 著急 着急, 著手 着手, 睡著 睡着): jieba and the
    reading tables then know the words it makes (著急 was cut 著|急, and the 地 after it
    read dì)."""
    simplified = convert(text, "t2s")
    if "著" not in simplified:
        return simplified
    return "".join(
        "着" if ch == "著" and not _inside(simplified, i, _ZHU_WORDS) else ch
        for i, ch in enumerate(simplified)
    )


def _reached(simplified: str, i: int) -> bool:
    """着 at i ends a word that reads zháo: the verb's result, "to reach" (睡着, 睡不着,
    找着, 猜不着), as the reading tables know them."""
    for start in range(max(0, i - 3), i):
        word = simplified[start:i] + "着"
        if all(is_han(c) for c in word) and word in _phrases():
            syllables = word_pinyin(word)
            if syllables and syllables[-1] == "zháo":
                return True
    return False


_PARAGRAPH_RULED = frozenset("长得行还个塞什")  # the characters paragraph_rules reads


def paragraph_rules(simplified: str, syllables: list[str]) -> dict[int, tuple[str, str]]:
    """Readings the neighbours decide, whatever the words: position -> (syllable, the
    simplified character to show). 长得 zhǎng,
    过得很 de, 还书 huán, 教我 jiāo, 一个/半个 gè, 塞进 sāi, 什 shí outside 什么."""
    out: dict[int, tuple[str, str]] = {}
    for i, ch in enumerate(simplified):
        if ch not in _PARAGRAPH_RULED:
            continue
        before = simplified[i - 1] if i else ""
        after = simplified[i + 1 : i + 3]
        if ch == "长" and after[:1] in _GROWS:
            out[i] = ("zhǎng", ch)
        elif ch == "得" and before and is_han(before) and after.startswith(_DEGREE):
            # 过得很轻松 de; 获得很多, 取得不少 keep the dé of their own word
            own = before + ch
            if syllables[i] == "dé" and not (own in _phrases() and word_pinyin(own)[-1] == "dé"):
                out[i] = ("de", ch)
        elif (
            ch == "行"
            and (before in _NUMERALS or before in "几每这那多")
            and after.startswith(_LINES_OF)
        ):
            out[i] = ("háng", ch)  # a line of: 一行代码, 几行字 (一行人 stays xíng)
        elif ch == "还" and (after[:1] in _RETURNED or after == "单车"):
            out[i] = ("huán", ch)
        elif ch == "个" and before in _NUMERALS:
            out[i] = ("gè", ch)
        elif ch == "塞" and after[:1] in _STUFFED_INTO:
            out[i] = ("sāi", ch)  # the verb, 塞进/塞给 (a name's 塞 is sài, 堵塞 sè)
        elif ch == "什" and after[:1] not in ("么", "麼", "麽") and syllables[i] != "shí":
            out[i] = ("shí", ch)  # shén only in 什么: 什锦, 喀什, 什切青, 阿尔代什
    return out


# --- rules over a paragraph's words: a character standing alone as a word, or a word,
# that its neighbours decide (the context model, which falls back on a character's
# majority reading, reads 调高 diào, 所处 chù, 切菜 qiè)

_CLAUSE_END = frozenset("，。！？；：、,.!?;:（）()「」“”《》\n")
# (character alone, the words before it that decide, the starts of what follows that
# decide, its reading there); an empty tuple decides nothing.
_ALONE_BY_NEIGHBOURS = (
    ("处", ("所",), (), "chǔ"),  # 所处的位置: where it is, to be in
    ("调", (), ("高", "低", "升", "降", "涨", "整"), "tiáo"),  # 调高利率: to adjust
    ("吓", ("阻",), (), "hè"),  # 阻吓: to deter (恐吓, 威吓 are words)
    ("降", ("迎", "乞"), (), "xiáng"),  # 出城迎降: to surrender (受降, 投降 are words)
    ("喝", (), ("一声",), "hè"),  # 喝一声: to shout (喝水 hē)
    # a halo: 暗物质晕, 黑洞的晕中 yùn (头晕, 晕过去 yūn: dizzy, to faint)
    ("晕", ("物质", "星系", "银河"), ("中", "里"), "yùn"),
    ("弄", (), ("社区", "小区"), "lòng"),  # 百福弄社区: a lane (弄清 nòng: to make)
    # 钥匙落在家里, 落在后面: left behind (落在地上, 落在肩上 luò)
    ("落", (), ("在家", "在车上", "在车里", "在办公室", "在宿舍", "在后面", "在后头"), "là"),
    ("当", ("就", "只", "权"), (), "dàng"),  # 就当消毒完毕: to take as
    ("卡", (), ("在", "住"), "qiǎ"),  # 鱼刺卡在喉咙里: stuck
    ("量", (), ("一下", "一量", "体温", "血压", "身高", "体重", "尺寸", "过", "了"), "liáng"),
    ("冲", ("很", "太", "真", "挺", "特别", "那么", "这么", "有点"), (), "chòng"),  # 说话很冲
    ("冲", (), ("我", "你", "他", "她", "大家", "人"), "chòng"),  # 冲我点头: towards
    ("涨", ("脸",), ("脸", "红"), "zhàng"),  # 脸涨得通红, 红头涨脸, 涨红了脸: to swell
    ("长", (), ("肉", "胖", "个子", "个儿", "痘", "皱纹", "白发", "草", "虫"), "zhǎng"),
    ("数", ("不胜", "数了", "数一"), (), "shǔ"),  # 多不胜数, 数了数: to count
    ("铺", (), ("上", "在", "满", "开", "成", "设", "平"), "pū"),  # 铺上地毯: to spread
    # 待在家, 待了三天, 长久待下: to stay (待人, 对待 dài: to treat)
    ("待", (), ("在", "下", "着", "了", "过", "一会", "多久", "几天", "多长"), "dāi"),
    # 想吐, 快要吐了: to vomit (吐口水, 吐了一口气 tǔ: to spit, to breathe out)
    ("吐", ("想", "要", "恶心", "呕"), ("了。", "了！", "了，", "了”", "血"), "tù"),
    # 私了, 自行了断: to settle (了 le elsewhere)
    ("了", ("私", "自行"), ("断", "结"), "liǎo"),
    # 所藏佛像: to keep; 藏在心底, 藏起来: to hide (西藏, 藏族, 入藏 zàng: Tibet)
    (
        "藏",
        ("所", "收", "珍"),
        ("在", "起", "着", "进", "到", "好", "了", "于", "匿", "身"),
        "cáng",
    ),
    ("着", ("显",), (), "zhù"),  # 显着: 显著 written with 着 (作用显着增加)
    ("空", (), ("着", "出"), "kòng"),  # 屋子空着, 空出时间: to leave empty
    ("转", (), ("圈", "了一圈", "了几圈", "了两圈", "一圈", "几圈", "来转去"), "zhuàn"),
    ("应", (), ("了", "声", "着", "过"), "yìng"),  # 应了一声: to answer
    ("露", (), ("了一手", "一手", "脸", "馅", "怯"), "lòu"),  # 露了一手: to show
    (
        "种",
        (),
        ("了", "过", "着", "满", "花", "树", "菜", "田", "地", "粮", "稻", "麦", "豆", "瓜"),
        "zhòng",
    ),
    ("种", ("会", "要", "去", "来", "在", "能", "懂得", "学", "帮"), (), "zhòng"),
)
# Characters standing alone that have one reading in running text but next to the
# words that keep another: (character, the ends of what comes before and the starts of
# what follows that keep it, its reading otherwise).
_ALONE_MOSTLY = (
    ("切", (), ("不", "勿", "莫", "忌", "记"), "qiē"),  # 切菜; 切不可 qiè "by all means"
    # standing alone, the spoken reading (现代汉语词典: 血 xiě, 剥 bāo "used alone";
    # xuè and bō in words: 血液, 剥削)
    ("血", (), (), "xiě"),  # 流了很多血
    ("倔", (), ("强",), "juè"),  # 脾气很倔 (倔强 jué)
    # 挑水, 挑了一件 tiāo: to carry, to choose (挑起, 挑拨 tiǎo: to stir up)
    ("挑", (), ("起", "拨", "衅", "战", "逗", "明", "灯", "唆", "梁"), "tiāo"),
    ("剥", (), (), "bāo"),  # 把皮剥了
    ("汗", (), (), "hàn"),  # 出了一身汗: sweat (a khan after a name: word_rules)
    # 尽了最大的努力, 尽责: to exhaust, to fulfil (尽可能, 尽量, 尽快 jǐn are words)
    ("尽", (), ("可能", "量", "快", "早", "管", "先", "着"), "jìn"),
    # 咽东西, 咽下: to swallow; the throat, 咽痛, 咽部 yān
    ("咽", (), ("喉", "痛", "炎", "部", "峡", "鼓", "拭子"), "yàn"),
    # 弹钢琴, 弹错了 tán; a shell, 两枚砲|彈 dàn (子弹, 导弹 are words)
    ("弹", ("炮", "砲", "枚", "颗", "发", "子", "导", "炸", "核", "飞", "手榴"), (), "tán"),
    # 能力|差, 日|差: poor, short of; a difference after what differs (像|差, 高|差, 平方|差) chā
    (
        "差",
        ("像", "色", "位", "温", "高", "时", "误", "偏", "落", "级", "方"),
        ("值", "额", "价", "距", "异"),
        "chà",
    ),
)
# Verbs of one character before 得出 "can bring out": 看得出 de chū (得出结论 dé chū).
_CAN_VERBS = frozenset("做想看说拿写认听分猜找算读画唱办买吃受")
# verbs of one character before 得了 "can": 上得了, 吃得了, 受得了 de liǎo
_ABLE_VERBS = frozenset(
    "上下去来进出回过起吃喝做办受走跑用看听说买卖管干赶到睡拿写读扛搬帮穿住坐站撑顶"
)
# 为 is wéi in 视 X 为 Y, 奉 X 为 Y (to regard, to honour, as)
# and in 降 X 为 Y, 改 X 为 Y, 立 X 为 Y (to demote, rename, make: a thing becomes another)
_AS_VERBS = frozenset("视奉尊拜称誉推评封降升贬擢迁改立选列划谥")
# 穿着 is "attire" (zhuó) before these; 背着 carries (bēi) these
_ATTIRE = ("打扮", "得体", "朴素", "讲究", "时尚", "随意", "整齐", "风格")
_CARRIED: tuple[str, ...] = (
    "孩子",
    "包",
    "书包",
    "背包",
    "行李",
    "篓",
    "筐",
    "枪",
    "柴",
    "婴儿",
    "娃",
    "装备",
)
_CARRIED += tuple(size + thing for size in "大小" for thing in ("包", "背包", "书包", "箱子"))
# 只 after these counts (这只猫 zhī), but is "only" before a verb (这只会让 zhǐ)
_COUNTING = frozenset("这那哪每几两一二三四五六七八九十百0123456789")
_ONLY_BEFORE = frozenset("有能要会不在好想需用剩为怕得可够让靠是占限知看对差")
# 地方 after these is "a place", dì fang (地方政府, 中央和地方: dì fāng, local)
_PLACE_AFTER = frozenset("的个这那哪么些有没好多少点处等")
# 为人 "as a person", before how one is (为人民 and 为人父母 are wèi)
_CONDUCT = tuple(
    "人" + after
    for after in (
        "很",
        "十分",
        "正直",
        "老实",
        "厚道",
        "谦和",
        "低调",
        "处世",
        "和善",
        "热情",
        "豪爽",
    )
)
# 为 after a part of a building or a side is "is" (一层为大厅, 北侧为公园), unless what
# follows does something for someone (东侧为游客提供停车场 wèi)
_PLACE_IS = frozenset("侧层楼东西南北")
_FOR_DOING = ("提供", "服务", "带来", "解决", "创造", "打造", "着想", "效力", "做", "办")
# who one goes with: 跟 X 同行 (同行 xíng)
_WITH = frozenset(("跟", "与", "和", "陪", "结伴", "一路", "陪同"))
# 倒 before these is "to fall", dǎo, unless something is poured (把水倒在地上)
_FALLEN = ("下", "在地", "在床", "在血泊", "地不起")
# 正当 is "just when" in a clause that ends in one of these, else "proper"
_WHEN = ("时", "之际", "时候", "一刻", "之时", "当口", "关头", "期间", "当儿")

# a particle ending a clause is light: 签名哦。 o, 做哩！ li, 小伞哪。 na (哦？ at a clause's
# start: ó)
_CLAUSE_PARTICLES = {"哦": "o", "哩": "li", "喔": "o", "哪": "na"}
# 哪 ending a clause after these asks where, nǎ (你在哪？, 去哪。); after another word it is
# the particle, na (一把小伞哪。)
_WHERE_AFTER = frozenset("在去到从往是回住上来走跑放搬逃飞躲藏")
# 曾 "once" before these (、曾在上海工作); another 曾 after 、 starts a name
_ONCE_BEFORE = frozenset("经在是被有任为于多几与和到把将让对参")
# 还应对 X 进行 Y: 应 "should" and 对 "towards", not 应对 "to cope with"
_ADVERBS_BEFORE_SHOULD = frozenset("还也都均亦则更就")
_DONE_TO = ("进行", "加以", "予以", "作出", "做出", "开展", "实施", "采取")

# the tables by character, and every word some rule of `word_rules` reads: the others
# are passed over (this runs on every word of every paragraph)
_BY_NEIGHBOURS: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {}
for _ch, _befores, _afters, _reading in _ALONE_BY_NEIGHBOURS:
    _BY_NEIGHBOURS.setdefault(_ch, []).append((_befores, _afters, _reading))
_MOSTLY = {
    ch: (keep_before, keep_after, reading) for ch, keep_before, keep_after, reading in _ALONE_MOSTLY
}
_RULED_WORDS = frozenset(
    [*_BY_NEIGHBOURS, *_MOSTLY, *_CLAUSE_PARTICLES, "还", "为", "倒", "只", "当", "着", "将", "得"]
    + [
        "传",
        "觉",
        "的",
        "汗",
        "曾",
        "应对",
        "正当",
        "得出",
        "得到",
        "得了",
        "想得到",
        "穿着",
        "背着",
        "地方",
        "同行",
        "一行",
        "长长",
    ]
)


# what one does for someone (为孩子所做的一切 wèi: for), not what is done to one
_DONE_FOR = ("做", "作", "付出", "准备", "提供", "创造", "带来", "干", "花", "写", "说")


def _passive(clause: str, after: list[str]) -> bool:
    """What follows 为 (`clause`, to its end, and `after`, its words) is the passive
    为 X 所 V (wéi: "by"): an agent of one to five characters, then 所 as a word of its
    own (not the 所 of 场所) and a verb that is not something done for someone."""
    at = 0
    for k, word in enumerate(after):
        if at > 5 or word == "的":
            return False
        if word == "所" and at >= 1:
            verb = clause[at + 1 :]
            return (
                k + 1 < len(after)
                and bool(verb)
                and is_han(verb[0])
                and not verb.startswith(_DONE_FOR + ("有", "以", "在"))
            )
        at += len(word)
    return False


def _clause_after(simplified: str, i: int) -> str:
    end = i
    while end < len(simplified) and simplified[end] not in _CLAUSE_END:
        end += 1
    return simplified[i:end]


# 不 between a verb and its complement says it cannot be done, and is light: 睡不着
# shuì bu zháo, 受不了, 买不起, 忍不住, 看不见 (the dictionaries write these bu); so in a
# question of a verb and its negation (是不是, 好不好)
_COMPLEMENTS = frozenset("了着起住完动到见懂清开下上出来去过及惯透够成掉走回进得")
# a word of 不 and a complement (开|不了|工, 帮|不着) after a one-character verb
_NOT_ABLE = frozenset(("不了", "不着", "不起", "不住", "不完", "不动"))
# one-character words before such a word that are no verb: 他不了解, 也不起眼
_NOT_VERBS = frozenset("我你他她它您这那谁也都就还又才并决绝从毫永可却而但和与或很太更最再已")


def _potential_bu(word: str, before: str) -> int:
    """Where 不 is light in `word` (the word `before` it decides a word that starts
    with 不), -1 where it is not."""
    if len(word) == 3 and word[1] == "不" and (word[2] in _COMPLEMENTS or word[0] == word[2]):
        return 1
    if word in _NOT_ABLE and len(before) == 1 and is_han(before) and before not in _NOT_VERBS:
        return 0
    return -1


def word_rules(simplified: str, words: dict[int, str]) -> dict[int, tuple[str, str]]:
    """Readings a word's neighbours decide (`words`: each word of the paragraph,
    simplified, by its start): position -> (syllable, the simplified character).

    Alone: 所处 chǔ, 调高 tiáo, 就当 dàng, 卡在 qiǎ, 量一下 liáng, 很冲 chòng, 脸涨
    zhàng, 长肉 zhǎng, 不胜数 shǔ, 种花 zhòng; 切 qiē, 咽 yàn, 弹 tán, 差 chà but
    before the words that keep their other reading; 还 at the end of a clause huán
    (一直不还); 视 X 为 Y wéi; 倒在地上 dǎo (把水倒在地上 dào); 把他当朋友 dàng;
    这只股票 zhī; 找着了 zháo; 睡不着觉 jiào; 打的去 dī. Words: 这一行 háng, 地方
    dì fang after 的, 正当 zhèng dàng "proper" unless a time clause follows (正当他要走时
    dāng), 看得出 de chū, 长长了 zhǎng cháng, 穿着一件 zhe, 背着孩子 bēi; 不 light
    between a verb and its complement (睡不着, 开|不了) and in 是不是."""
    out: dict[int, tuple[str, str]] = {}
    clause_start = 0
    ordered = sorted(words.items())
    for k, (i, word) in enumerate(ordered):
        if word and word[0] in _CLAUSE_END:
            clause_start = i + 1
        if "不" in word and (at := _potential_bu(word, ordered[k - 1][1] if k else "")) >= 0:
            out[i + at] = ("bu", "不")
        if word not in _RULED_WORDS:
            continue
        before = ordered[k - 1][1] if k else ""
        end = i + len(word)
        nxt = simplified[end : end + 1]  # the next character ('' at the end)
        if len(word) == 1:
            for befores, afters, reading in _BY_NEIGHBOURS.get(word, ()):
                if (befores and simplified.endswith(befores, 0, i)) or (
                    afters and simplified.startswith(afters, end)
                ):
                    out[i] = (reading, word)
                    break
            else:
                if (mostly := _MOSTLY.get(word)) is not None:
                    keep_before, keep_after, reading = mostly
                    if not simplified.endswith(keep_before, 0, i) and not simplified.startswith(
                        keep_after, end
                    ):
                        out[i] = (reading, word)
            following = ordered[k + 1][1] if k + 1 < len(ordered) else ""
            if word == "还" and ((not nxt or nxt in _CLAUSE_END) and before or nxt == "了"):
                out[i] = ("huán", word)  # 借了钱一直不还。, 还了贷款: to give back
            elif word == "还" and following == "押" and simplified[end + 1 : end + 2] != "着":
                out[i] = ("huán", word)  # 被拒而还押: remanded in custody (还押着 hái)
            elif (
                word in _CLAUSE_PARTICLES
                and before
                and is_han(before[-1])
                and (not nxt or nxt in _CLAUSE_END)
                and not (word == "哪" and before[-1] in _WHERE_AFTER)
            ):
                out[i] = (_CLAUSE_PARTICLES[word], word)  # 签名哦。: light, as a particle
            elif (
                word == "汗"
                and len(before) >= 2
                and is_unknown(before)
                and not is_dictionary_word(before)
            ):
                out[i] = ("hán", word)  # 拉藏汗: a khan, after a name no table has (一身汗 hàn)
            elif word == "曾" and before == "、" and nxt and nxt not in _ONCE_BEFORE:
                out[i] = ("zēng", word)  # 劉細良、曾志豪等人: a surname in a list of names
            elif word == "为" and simplified.startswith(_CONDUCT, end):
                out[i] = ("wéi", word)  # 他为人很和气: as a person
            elif word == "为" and _passive(
                _clause_after(simplified, end), [w for _, w in ordered[k + 1 : k + 8]]
            ):
                out[i] = ("wéi", word)  # 不为我们所控, 为世人所熟知: by (为 … 所 …)
            elif word == "为" and nxt and is_han(nxt):
                if any(
                    w in _AS_VERBS
                    for at, w in ordered[: max(k - 1, 0)]
                    if at >= clause_start and len(w) == 1
                ):
                    out[i] = ("wéi", word)  # 视难民为负累
                elif (
                    before[-1:] in _PLACE_IS
                    and before != "东西"
                    and "在" not in simplified[clause_start:i]  # 在华北为客户建厂: for
                    and not any(doing in _clause_after(simplified, end) for doing in _FOR_DOING)
                ):
                    out[i] = ("wéi", word)  # 一层为大厅, 北侧为公园: is (东侧为游客提供 wèi)
            elif (
                word == "倒"
                and simplified.startswith(_FALLEN, end)
                and "把" not in simplified[clause_start:i]
            ):
                out[i] = ("dǎo", word)  # 他倒在地上: to fall (把水倒在地上 dào, to pour)
            elif (
                word == "只"
                and before[-1:] in _COUNTING
                and nxt
                and is_han(nxt)
                and nxt not in _ONLY_BEFORE
            ):
                out[i] = ("zhī", word)  # 这只股票, 那只狗: the measure word (这只会 zhǐ)
            elif word == "当" and "把" in simplified[clause_start:i] and nxt and is_han(nxt):
                out[i] = ("dàng", word)  # 把他当朋友: to take as
            elif (
                word == "着"
                and (not nxt or nxt == "了" or nxt in _CLAUSE_END)
                and _reached(simplified, i)
            ):
                # 找|着|了: the verb's result, as 找着 reads (在找着什么 stays zhe)
                out[i] = ("zháo", word)
            elif word == "将" and (not nxt or nxt in _CLAUSE_END) and before and is_han(before[-1]):
                # 参将。, 魏将，: a general (jiāng "will" never ends a clause)
                out[i] = ("jiàng", word)
            elif word == "传" and nxt in ("》", "〉", "·") and before:
                out[i] = ("zhuàn", word)  # 《岳飞传》, 《左氏传·桓公》: a biography, a commentary
            elif word == "得" and before in _ABLE_VERBS and following == "了":
                out[i] = ("de", word)  # 上得了蘭嶼, 吃得了: can (得了第一名 dé le: won)
                out[end] = ("liǎo", "了")
            elif word == "觉" and "睡" in before:
                out[i] = ("jiào", word)  # 睡不着觉, 睡个觉: sleep
            elif word == "的" and before == "打" and nxt and nxt in "去回到走来":
                out[i] = ("dī", word)  # 我们打的去吧: by taxi
        elif (
            word == "应对"
            and len(before) == 1
            and before in _ADVERBS_BEFORE_SHOULD
            and any(act in _clause_after(simplified, end) for act in _DONE_TO)
        ):
            out[i] = ("yīng", "应")  # 还应对新员工进行培训: should, towards (应对风险 yìng)
        elif word == "正当" and not _clause_after(simplified, i).endswith(_WHEN):
            out[i + 1] = ("dàng", "当")  # 正当法律程序, 正当理由: proper
        elif word == "得出" and len(before) == 1 and before in _CAN_VERBS:
            out[i] = ("de", "得")  # 什么都做得出: can be done
        elif (
            word in ("得到", "得了")
            and len(before) == 1
            and before in _CAN_VERBS
            and (
                (word == "得到" and before != "想")
                or not nxt
                or nxt in _CLAUSE_END
                or nxt in "吗吧呢啊"
            )
        ):
            # 做得到, 买得到这本书, 你办得了吗: can; 想|得到 at a clause's end only (想
            # 得到她的爱 dé: wants to get), 得了 before an object (看得了病?) neither
            out[i] = ("de", "得")
            if word == "得了":
                out[i + 1] = ("liǎo", "了")
        elif word == "想得到" and nxt and is_han(nxt) and nxt not in "的吗吧呢啊":
            out[i + 1] = ("dé", "得")  # 想得到更多: wants to get (谁也想得到。 de: can think of)
        elif word == "穿着" and before != "的" and not simplified.startswith(_ATTIRE, end):
            out[i + 1] = ("zhe", "着")  # 穿着一件外套: wearing (的穿着, 穿着打扮 zhuó)
        elif word == "背着" and (
            simplified.startswith(_CARRIED, end)
            or _AMOUNT.sub("", simplified[end : end + 8], count=1).startswith(_CARRIED)
        ):
            out[i] = ("bēi", "背")  # 背着孩子: carrying on the back (背着他 bèi, behind)
        elif word == "地方" and before[-1:] in _PLACE_AFTER:
            out[i + 1] = ("fang", "方")  # 人迹罕至的地方, 这个地方: a place (地方政府 fāng)
        elif (
            word == "同行"
            and before not in _WITH
            and before[-1:] not in "家的位些名个业内"
            and any(w in _WITH for at, w in ordered[:k] if at >= clause_start)
        ):
            out[i + 1] = ("xíng", "行")  # 跟子女同行: to go together (与同行竞争 háng, peers)
        elif word == "一行" and before in ("这", "那", "哪", "干", "本", "某", "每"):
            out[i + 1] = ("háng", "行")  # 干这一行: a line of work
        elif word == "长长" and (
            nxt == "了" or simplified.startswith(("一点", "一些", "点", "些"), end)
        ):
            out[i] = ("zhǎng", "长")  # 头发长长了, 再长长一点: to grow long
    return out
