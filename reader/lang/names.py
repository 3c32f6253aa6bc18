"""How a name is written in pinyin: CC-CEDICT's capitals, syllables joined into words.

Over the text a name keeps one syllable per character (the ruby needs that); where a
word is written out (the popup, `reader lookup`, the vocabulary and its exports) a
proper noun reads as the Hanyu Pinyin rules write it: Mǎsīkè, Huá'ěr Jiē, Shānmǔ
Àotèmàn. CC-CEDICT marks where each word of a name starts with a capital ("Hua2 er3
Jie1"); a transliterated name in the glossary marks it with its dot (山姆·奥特曼).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from reader.lang.pinyin import join_syllables, to_plain
from reader.text.chars import HAN_RE, is_han

_NAME_DOTS = re.compile(r"[·・•‧]")


def written(pinyin: str) -> str:
    """'Huá ěr Jiē' -> "Huá'ěr Jiē": a new word at each capital, syllables joined.
    Pinyin that does not start with a capital (a common word) is left as it is."""
    syllables = pinyin.split()
    if not syllables or not syllables[0][:1].isupper():
        return pinyin
    words: list[list[str]] = []
    for syllable in syllables:
        if not words or syllable[:1].isupper():
            words.append([syllable])
        else:
            words[-1].append(syllable)
    return " ".join(join_syllables(word) for word in words)


def _capital(syllable: str) -> str:
    return syllable[:1].upper() + syllable[1:]


def _same(a: Sequence[str], b: Sequence[str]) -> bool:
    return len(a) == len(b) and all(to_plain(x) == to_plain(y) for x, y in zip(a, b, strict=True))


def name_pinyin(
    word: str,
    syllables: Sequence[str],
    proper: Iterable[str] = (),
    *,
    is_name: bool = False,
) -> str | None:
    """`word` (one syllable per Han character in `syllables`) written as a name, or None
    when it is not one. `proper` are CC-CEDICT's readings of the word; the first that
    starts with a capital and reads as `syllables` gives the words. A name CC-CEDICT
    lacks (`is_name`: a glossary entity) is one word per dotted part, each capitalised."""
    readings = [p.split() for p in proper]
    # a reading CC-CEDICT also gives a common word (年 nián, not the surname Nián;
    # 特斯拉 the unit) is not a name, nor is one character alone
    common = any(r and not r[0][:1].isupper() and _same(r, syllables) for r in readings)
    for cedict in readings if len(syllables) > 1 and not common else ():
        if cedict and cedict[0][:1].isupper() and _same(cedict, syllables):
            # CC-CEDICT's capitals, on the syllables as read here
            marked = [
                _capital(s) if c[:1].isupper() else s
                for s, c in zip(syllables, cedict, strict=True)
            ]
            return written(" ".join(marked))
    if not is_name:
        return None
    parts = [p for p in _NAME_DOTS.split(word) if HAN_RE.search(p)]
    counts = [len(HAN_RE.findall(p)) for p in parts]
    if sum(counts) != len(syllables) or not parts:
        return written(" ".join([_capital(syllables[0]), *syllables[1:]])) if syllables else None
    out, start = [], 0
    for count in counts:
        piece = list(syllables[start : start + count])
        out.append(join_syllables([_capital(piece[0]), *piece[1:]]))
        start += count
    return " ".join(out)


# --- names the dictionaries lack, found in the text ----------------------------------
#
# News names people and firms no dictionary has (梁斯, 苗伟, 奥丁丁集团, 紫风投资).
# jieba cuts them into pieces (苗|伟, 紫|风|投资) or makes up a word of them (梁斯); the
# pieces then read, and look up, as unrelated words. A name is found from what stands
# around it, as a reader finds it: a person's name starts with a surname and follows a
# title (研究员梁斯, 副总裁苗伟) or, made up whole by jieba, comes before a verb of saying
# (许冬阳表示); a firm's name is pieces no dictionary has before a word that names a
# kind of firm (紫风|投资, 奥|丁丁|集团). The words are simplified, as the annotator
# cuts them.

PERSON = "person"
ORGANISATION = "organisation"
NAME_KINDS = frozenset({"", PERSON, ORGANISATION})  # "": not a name found in the text

# The most common surnames (simplified): a two-character word jieba's HMM made up that
# starts with one is likely a name (王强), and stays one word (Annotator._recut).
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵钱严覃武戴莫孔向汤"
)
# With the less common ones (about 400 in all), and the two-character ones: where a
# name found in the text may start.
SURNAMES = COMMON_SURNAMES | frozenset(
    "高付万常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚"
    "符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾"
    "尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
    "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南"
    "班储原栗燕楚鄢劳谌奚皮粟冼蔺楼满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜"
    "印逯隆茹诸战慕危玉银亢嵇湛宾戎勾茅利於居揭干尉束檀衣信展阴昝智幸奉衡富尧闭由"
)


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


COMPOUND_SURNAMES = _listed(
    "欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 尉迟 公孙 夏侯 长孙 宇文 司徒 端木 独孤 "
    "西门 南宫 轩辕 呼延 申屠 万俟 闻人 澹台 公冶 太史 濮阳 钟离 宗政"
)
# A surname read otherwise than the character's usual reading (曾 Zēng, not céng).
SURNAME_READINGS = {
    "单": "shàn", "曾": "zēng", "区": "ōu", "解": "xiè", "查": "zhā", "仇": "qiú",
    "朴": "piáo", "盖": "gě", "乐": "yuè", "尉": "yù", "翟": "zhái", "覃": "qín",
    "缪": "miào", "任": "rén", "华": "huà", "纪": "jǐ", "燕": "yān", "宁": "nìng",
    "曲": "qū", "相": "xiàng", "阚": "kàn", "长孙": "zhǎng sūn", "尉迟": "yù chí",
    "万俟": "mò qí", "单于": "chán yú", "种": "chóng", "召": "shào", "员": "yùn",
}  # fmt: skip
# What a person's name follows: a title or role (the word before ends with one).
_TITLES = _listed(
    "总裁 董事长 总经理 经理 主任 研究员 经济学家 分析师 首席 行长 主席 部长 局长 司长 厅长 "
    "院长 所长 校长 教授 博士 创始人 创办人 发言人 负责人 理事长 秘书长 总监 合伙人 执行长 "
    "董事 监事 总理 省长 市长 委员 专家 学者 记者 主管 工程师 策略师 执行官 掌门人 会长 "
    "社长 处长 主编 律师 高管 投资人 议员 大使 顾问 操盘手 研究总监 副总 总干事 组长 "
    "CEO CFO CTO COO"
)
# What a name is often followed by: a verb of saying, or a word that ends its phrase.
_SAYS = _listed(
    "表示 指出 认为 透露 强调 介绍 坦言 预计 提到 告诉 说道 直言 解释 回应 建议 呼吁 补充 "
    "提出 称 说 也 还 则 就 曾 已 在 对 和 与 等 的 将 都 又 近日 日前 此前 今天 接受 出席 "
    "发表 宣布 分析 判断 预测 坦承 写道 回忆 报道 报导 撰文 发文"
)
# The words that end a firm's name (紫风|投资, 奥丁丁|集团, 微众|银行).
ORG_SUFFIXES = _listed(
    "集团 公司 有限公司 股份 控股 银行 证券 基金会 保险 信托 资本 投资 科技 电子 半导体 "
    "实业 能源 汽车 制药 医药 通讯 通信 传媒 地产 置业 创投 期货 资管 研究院 光电 微电子 "
    "集团公司 基金 生物 软件 网络 动力 材料 机器人"
)
# Pieces that do not start or make a firm's name: function words, numbers and measure
# words, places and countries in one character (沪|上市|公司, 美|资|银行, 该|公司).
_NOT_IN_ORG = frozenset(
    "的了在是和与及或对向从把被将为以于由该本各这那此其每某两几多家个等新老大小总全原前"
    "后上下中内外并也都还又就而但给让使据称如即已曾再最更很非不没无有我你他她它们一二三"
    "四五六七八九十百千万亿首沪深京港台粤川鲁苏浙皖闽赣湘鄂豫冀晋蒙辽吉黑陕甘宁青藏桂琼"
    "渝津滇黔美日韩欧英法德俄外资企旗子母分该"
)

# jieba's counts: a character this common alone does not start a firm's name; a word
# this common is not a piece of one (丁丁 24 is, 管理 27191 is not)
COMMON_START = 10000
RARE_WORD = 1000


def _surname(word: str) -> str | None:
    if word[:2] in COMPOUND_SURNAMES:
        return word[:2]
    return word[:1] if word[:1] in SURNAMES else None


def _all_han(word: str) -> bool:
    return bool(word) and all(is_han(ch) for ch in word)


def find_names(
    words: Sequence[tuple[str, bool]],
    is_word: Callable[[str], bool],
    frequency: Callable[[str], int],
) -> list[tuple[int, int, str]]:
    """Names in a paragraph's words, (first word, end word, kind), not overlapping; a
    name found once is a name wherever else the paragraph has it.

    `words`: each word (simplified) and whether it is a glossary term (a term is never
    part of a name); `is_word`: whether a dictionary has the word. A word jieba made up
    (no dictionary has it) or a run of single characters can be a name; a dictionary
    word never starts one. `frequency`: how often jieba's dictionary counts a word."""
    found: list[tuple[int, int, str]] = []
    i, n = 0, len(words)
    # a firm's name ends in a word for a kind of firm within four words: only there
    # is one looked for (this runs on every word of every paragraph)
    before_suffix = {
        k for j, (word, _) in enumerate(words) if word in ORG_SUFFIXES for k in range(j - 4, j)
    }
    while i < n:
        word = words[i][0]
        maybe_person = word[:1] in SURNAMES or word[:2] in COMPOUND_SURNAMES  # cheap first
        hit = (_person(words, i, is_word) if maybe_person else None) or (
            _organisation(words, i, is_word, frequency) if i in before_suffix else None
        )
        if hit is None:
            i += 1
            continue
        found.append(hit)
        i = hit[1]
    return _repeated(words, found, is_word) if found else found


def _piece(words: Sequence[tuple[str, bool]], j: int, is_word: Callable[[str], bool]) -> bool:
    """Can words[j] be part of a name jieba did not know: Han, not a term, and a single
    character or a word no dictionary has?"""
    word, term = words[j]
    return not term and _all_han(word) and (len(word) == 1 or not is_word(word))


def _person(
    words: Sequence[tuple[str, bool]], i: int, is_word: Callable[[str], bool]
) -> tuple[int, int, str] | None:
    if (surname := _surname(words[i][0])) is None or not _piece(words, i, is_word):
        return None
    before = words[i - 1][0] if i else ""
    after_title = any(before.endswith(title) for title in _TITLES)
    # the name's pieces: up to 3 characters (4 with a two-character surname)
    longest = 4 if len(surname) == 2 else 3
    ends, text = [], ""
    for j in range(i, min(n := len(words), i + longest)):
        if not _piece(words, j, is_word) or len(text + words[j][0]) > longest:
            break
        text += words[j][0]
        if len(text) > len(surname):
            ends.append(j + 1)
    for end in reversed(ends):
        after = words[end][0] if end < n else ""
        closes = after in _SAYS or not _all_han(after)
        if after_title and closes:
            return (i, end, PERSON)
        if (
            end == i + 1
            and after in _SAYS
            and len(after) == 2
            and len(words[i][0]) in (2, 3)
            and words[i][0][:1] in SURNAMES
        ):
            return (i, end, PERSON)  # one word jieba made up, before a verb of saying
    return None


def _organisation(
    words: Sequence[tuple[str, bool]],
    i: int,
    is_word: Callable[[str], bool],
    frequency: Callable[[str], int],
) -> tuple[int, int, str] | None:
    """words[i:j] a name no dictionary has, then words[j] a kind of firm (the longest:
    奥|丁丁|集团 rather than 丁丁|集团). It does not start with a character common as a
    word alone (过|其它|公司, 除|管理|公司), nor hold a common word."""
    if len(words[i][0]) == 1 and frequency(words[i][0]) >= COMMON_START:
        return None
    text, single = "", False
    for j in range(i, min(len(words), i + 4)):
        word, term = words[j]
        if word not in ORG_SUFFIXES and len(word) > 1 and frequency(word) >= RARE_WORD:
            return None
        if word in ORG_SUFFIXES and j > i:  # 投资 may be a term of its own
            if len(text) >= 2 and single and not is_word(text) and text[0] not in _NOT_IN_ORG:
                return (i, j + 1, ORGANISATION)
            return None
        if term or not _all_han(word) or word in _NOT_IN_ORG or len(text + word) > 4:
            return None
        text += word
        single = single or len(word) == 1 or not is_word(word)
    return None


def _repeated(
    words: Sequence[tuple[str, bool]],
    found: list[tuple[int, int, str]],
    is_word: Callable[[str], bool],
) -> list[tuple[int, int, str]]:
    """`found` and every other place the paragraph has one of its names, whole or in
    pieces (苗伟 after its title, then 苗|伟 也将 ...)."""
    kinds = {"".join(w for w, _ in words[s:e]): kind for s, e, kind in found}
    starts = {s: (e, kind) for s, e, kind in found}
    out: list[tuple[int, int, str]] = []
    i, n = 0, len(words)
    while i < n:
        if i in starts:
            end, kind = starts[i]
            out.append((i, end, kind))
            i = end
            continue
        text = ""
        for end in range(i + 1, min(n, i + 4) + 1):
            text += words[end - 1][0]
            if text in kinds and all(_piece(words, j, is_word) for j in range(i, end)):
                out.append((i, end, kinds[text]))
                i = end - 1
                break
            if len(text) >= 4:
                break
        i += 1
    return out


def person_pinyin(name: str, syllables: Sequence[str]) -> str | None:
    """A person's name found in the text written as pinyin writes names: the surname
    and the given name each a capitalised word (Miáo Wěi, Ōuyáng Mínggāo)."""
    surname = _surname(name)
    if surname is None or len(syllables) != len(name) or len(name) <= len(surname):
        return None
    cut = len(surname)
    parts = (syllables[:cut], syllables[cut:])
    return " ".join(join_syllables([_capital(p[0]), *p[1:]]) for p in parts)


def surname_read(name: str, syllables: tuple[str, ...]) -> tuple[str, ...]:
    """A person's name read with its surname's reading (曾 Zēng, 单 Shàn, 区 Ōu)."""
    surname = _surname(name)
    reading = SURNAME_READINGS.get(surname or "")
    if surname is None or reading is None or len(syllables) != len(name):
        return syllables
    own = tuple(reading.split())
    return own + syllables[len(own) :]


def name_note(shown: str, simplified: str, kind: str) -> str:
    """What the popup says of a name found in the text (`shown` as the text shows it,
    `simplified` as the annotator cut it): which part is the surname, or which part
    says what kind of firm it is."""
    if len(shown) != len(simplified):
        shown = simplified
    if kind == PERSON:
        surname = _surname(simplified) or simplified[:1]
        return (
            f"A person's name (found in the text: no dictionary has it). "
            f"The surname is {shown[: len(surname)]}, the given name {shown[len(surname) :]}."
        )
    if kind == ORGANISATION:
        suffix = max((s for s in ORG_SUFFIXES if simplified.endswith(s)), key=len, default="")
        cut = len(simplified) - len(suffix)
        return (
            f"The name of a company or organisation (found in the text: no dictionary "
            f"has it). {shown[:cut]} is its own name; {shown[cut:]} says what kind it is."
        )
    return ""
