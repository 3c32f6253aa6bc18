"""Readings from dictionary data, rules and the context model (issue 17, step 1).

The sentences here are the issue's own examples and ordinary phrases; the figures on
CPP are measured in `python -m bench pinyin`, not asserted here."""

from __future__ import annotations

import pytest

from reader.annotated.document import default_annotator
from reader.lang import context_model
from reader.lang.pinyin import unknown_word_pieces, word_pinyin
from reader.lang.readings_build import build, build_chars


def reading(sentence: str, word: str) -> str:
    """The pinyin of `word` (a token, or the characters of one) in `sentence`."""
    at = sentence.index(word)
    for token in default_annotator().annotate(sentence):
        if token.start <= at < token.end:
            offset = at - token.start
            return " ".join(token.pinyin[offset : offset + len(word)])
    raise AssertionError(f"{word} not in {sentence}")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("张掖", ("zhāng", "yè")),
        ("朝鲜", ("cháo", "xiǎn")),
        ("内蒙古", ("nèi", "měng", "gǔ")),
        ("明朝", ("míng", "cháo")),  # the dynasty, not "tomorrow morning"
    ],
)
def test_proper_nouns_read_as_cc_cedict_writes_them(word, expected):
    assert word_pinyin(word) == expected


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("城里有两幢楼。", "幢", "zhuàng"),
        ("《史记》卷五记载此事。", "卷", "juàn"),
        ("第三卷", "卷", "juàn"),
        ("他住在40弄。", "弄", "lòng"),
        ("什锦炒饭很好吃。", "什", "shí"),
        ("这是什么？", "什", "shén"),
        ("他去了阿尔代什省。", "什", "shí"),  # 什 inside a name jieba made up
        ("为什么不去？", "什", "shén"),
        ("此地原为一座兵营。", "为", "wéi"),  # 原为: was
        ("两国均为成员。", "为", "wéi"),
        ("他被贬为庶人。", "为", "wéi"),
        ("我们为大家服务。", "为", "wèi"),  # for: stays wèi
        ("长孙晟出使突厥。", "晟", "shèng"),
        ("他在明朝做官。", "明朝", "míng cháo"),
        ("我们商量一下吧。", "一", "yī"),  # citation tones, never the model's sandhi
        # traditional characters simplification merges keep their own readings
        ("你幹得好。", "幹", "gàn"),  # 干 is also gān; 幹 is not
        ("大家乾了這杯。", "乾", "gān"),  # 乾 alone: gān, not 干's gàn nor 乾隆's qián
        ("他在幹什麼？", "幹", "gàn"),
        # 著 as the result "reached", as the reading tables read 睡着, 睡不着
        ("他很快就睡著了。", "著", "zháo"),
        ("我晚上睡不著。", "著", "zháo"),
        ("他看著我。", "著", "zhe"),  # after a verb, still the particle
        ("他得了第一名。", "得", "dé"),  # got, won: before 了 alone
        ("你得了解情况。", "得", "děi"),  # 了解 is a word: must
        ("他跑得快。", "跑得快", "pǎo de kuài"),  # between a verb and its complement
        ("我还得去一趟。", "得", "děi"),  # must, after an adverb
        ("他教了三年书。", "教", "jiāo"),  # a verb before an aspect marker
        ("他数了数钱。", "数", "shǔ"),
        ("这个数了不得。", "数", "shù"),  # 了不得 is a word: not an aspect marker
        ("宗教人士参加了会议。", "宗教", "zōng jiào"),  # the rule is for 教 alone
        ("道教大师", "道教", "dào jiào"),
        ("他获得很多支持。", "获得", "huò dé"),  # its own dé, before 很
        ("取得不少进展。", "取得", "qǔ dé"),
        ("只要几行代码。", "行", "háng"),  # the measure word for lines
        ("一行人到了北京。", "一行", "yī xíng"),
        ("一行人到了北京。", "到了", "dào le"),
        ("他重重地摔了一跤。", "重重地", "zhòng zhòng de"),
        ("他深深地爱着她。", "深深地", "shēn shēn de"),  # after a doubled adverb
        ("我们还要再等等。", "还要", "hái yào"),  # 还 as alone, not as in 还原, 还债
        ("他姓单。", "单", "shàn"),  # a surname after 姓
        ("我姓曾。", "曾", "zēng"),
        # single characters what follows decides
        ("今年增速为5.2%。", "为", "wéi"),  # "is" before a figure
        ("降幅为3个百分点。", "为", "wéi"),
        ("为3家企业提供服务。", "为", "wèi"),  # for three firms
        ("殿后紧挨岩壁。", "挨", "āi"),  # next to
        ("他挨骂了。", "挨", "ái"),  # what one suffers
        ("狗在地上刨坑。", "刨", "páo"),
        ("把盐撒在肉上。", "撒", "sǎ"),
        ("把画钉在墙上。", "钉", "dìng"),
        ("他被钉十字架。", "钉", "dìng"),
        ("给我盛饭。", "盛", "chéng"),
        ("妈妈哄他睡觉。", "哄", "hǒng"),
    ],
)
def test_rules_and_names_in_sentences(sentence, word, expected):
    assert reading(sentence, word) == expected


def test_an_unknown_word_reads_its_known_pieces_as_words():
    syllables, left, _ = unknown_word_pieces("商量一下")
    assert syllables[:2] == ("shāng", "liang")  # the piece 商量, as its word reads
    assert 0 not in left and 1 not in left  # only characters left over are open


def test_a_word_jieba_knows_reads_its_ends_as_dictionary_words_do():
    # 率 ends 125 of CC-CEDICT's 134 words ending in it as lǜ: decided, not asked
    pieces = unknown_word_pieces("自给率", known=True)
    assert pieces.syllables[-1] == "lǜ"
    assert 2 not in pieces.open and 2 not in pieces.cautious
    # the same word unknown to jieba (a name, a made-up word): every character left over
    # is open to the model
    assert 2 in unknown_word_pieces("自给率").open
    # a character whose words disagree (行 xíng, háng ending them) is the model's to
    # change, only when it is sure
    assert 2 in unknown_word_pieces("能力行", known=True).cautious
    # but one that alone reads one way (差 chà "poor", as word_rules reads it) reads so
    # ending a word too (能力差; 温差, 高差 are words)
    pieces = unknown_word_pieces("能力差", known=True)
    assert pieces.syllables[-1] == "chà" and 2 not in pieces.cautious


def test_the_position_table_keeps_only_readings_nearly_all_words_agree_on():
    from reader.lang.readings_build import build_positions

    entries = [
        ("效率", ("xiào", "lǜ"), False),
        ("汇率", ("huì", "lǜ"), False),
        ("利率", ("lì", "lǜ"), False),
        ("率领", ("shuài", "lǐng"), False),
        ("长期", ("cháng", "qī"), False),
        ("长处", ("cháng", "chù"), False),
        ("长官", ("zhǎng", "guān"), False),
    ]
    table = build_positions(entries)
    assert table[("率", "end")] == "lǜ"  # three of three
    assert ("率", "start") not in table  # one word only
    assert ("长", "start") not in table  # two of three: not nearly all


def test_the_model_changes_a_cautious_reading_only_when_sure(monkeypatch):
    from reader.lang import annotate as annotate_module
    from reader.lang.annotate import Annotator, Token

    tokens = [Token(0, 2, "塞特", "塞特", ("sāi", "tè"))]
    for sure, expected in ((0.6, "sāi"), (0.97, "sài")):
        monkeypatch.setattr(
            annotate_module, "scored_readings_at", lambda text, at, s=sure: {0: ("sài", s)}
        )
        out = Annotator._in_context("塞特", list(tokens), [], [0])
        assert out[0].pinyin[0] == expected
        # an open position takes the model's reading however sure it is
        assert Annotator._in_context("塞特", list(tokens), [0], [])[0].pinyin[0] == "sài"


def test_the_character_table_takes_the_reading_of_most_words():
    entries = [
        ("甲乙", ("jiǎ", "yǐ"), False),
        ("乙丙", ("yì", "bǐng"), True),
        ("丙乙", ("bǐng", "yì"), False),
    ]
    chars = build_chars(entries)
    assert chars.get("乙") == "yì"  # two words of three; pypinyin's first reading is yǐ
    # a proper noun that is not also a common word enters the word table (pypinyin
    # reads it yǐ bǐng), and so does a common word it reads otherwise
    table = build(entries)
    assert table["乙丙"] == ("yì", "bǐng") and table["丙乙"] == ("bǐng", "yì")
    assert "甲乙" not in table  # pypinyin reads it so already


def test_the_model_is_asked_only_about_polyphones():
    sentence = "他在银行工作，行了一个礼。"
    found = context_model.scored_readings_at(sentence, [0, 3, 7])
    assert 0 not in found  # 他 has one reading: not asked
    assert set(found) <= {3, 7} and 7 in found
    syllable, sure = found[7]
    # the best of the character's own readings: at least an even share among them
    readings = context_model._model().cedict["行"]
    assert syllable in ("xíng", "háng") and 1 / len(readings) <= sure <= 1.0


def test_without_the_model_the_tables_and_rules_still_read(monkeypatch):
    monkeypatch.setitem(context_model._state, "model", None)
    context_model.cache_clear()
    tokens = default_annotator().annotate("长孙晟出使突厥。")
    assert all(len(t.pinyin) == sum(1 for c in t.text if "\u4e00" <= c <= "\u9fff") for t in tokens)
    context_model.cache_clear()


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        # the sentences the issue found wrong, as a learner met them
        ("我等了很长时间。", "长时间", "cháng shí jiān"),
        ("他看著窗外。", "著", "zhe"),
        ("她穿著一件外套。", "著", "zhe"),
        ("我们走著去吧。", "著", "zhe"),
        ("日子过得很轻松。", "得", "de"),
        ("这个故事很有意思。", "故事", "gù shi"),
        ("我去还书。", "还", "huán"),
        ("他教我中文。", "教", "jiāo"),
        ("我买了很多东西。", "东西", "dōng xi"),
        ("他吃了半个苹果。", "个", "gè"),
        ("一个人", "个", "gè"),
        ("他長得很高。", "長", "zhǎng"),
        ("重大利好，房贷要降了！", "降", "jiàng"),  # a real headline (bench/corpus 001)
        # and what they must not break
        ("他最后投降了。", "投降", "tóu xiáng"),
        ("這本書很著名。", "著", "zhù"),
        ("效果顯著。", "著", "zhù"),
        ("他去教育局。", "教", "jiào"),
        ("他还在家。", "还", "hái"),
        ("他获得了冠军。", "得", "dé"),
    ],
)
def test_everyday_sentences(sentence, word, expected):
    assert reading(sentence, word) == expected


def test_the_particle_zhe_shows_as_着_in_simplified():
    from reader.lang.annotate import in_script

    text = "他看著窗外，這本書很著名。"
    shown = "".join(
        t.text
        for t in in_script(text, default_annotator().annotate(text), "simplified", "traditional")
    )
    assert shown == "他看着窗外，这本书很著名。"


# Measured share of the real-text polyphone set (318 published sentences, each with its
# source) read right; raise it as the pipeline improves, never lower it. The issue's
# goal is 100%.
NEWS_GOLD_FLOOR = 0.995


def _share_right(name: str) -> tuple[float, list[tuple[str, str, str]]]:
    """A real-text gold set of tests/data (at least 200 sentences, each with its
    source): the share read right, and the misses."""
    import tomllib
    from pathlib import Path

    from test_pipeline import _check

    data = Path(__file__).parent / "data" / name
    gold = tomllib.loads(data.read_text("utf-8"))["word"]
    assert len(gold) >= 200 and all(item["source"] for item in gold)
    wrong = [
        (item["sentence"], item["text"], item["pinyin"])
        for item in gold
        if _check(
            item["sentence"],
            default_annotator().annotate(item["sentence"]),
            item["text"],
            item["pinyin"],
        )
    ]
    return 1 - len(wrong) / len(gold), wrong


def test_real_published_sentences():
    share, wrong = _share_right("pinyin_gold_news.toml")
    assert share >= NEWS_GOLD_FLOOR, wrong


@pytest.mark.parametrize(
    ("sentence", "word", "expected", "simplified"),
    [
        ("他很著急。", "著", "zháo", "着"),
        ("她對音樂很著迷。", "著", "zháo", "着"),
        ("由個人衣著外觀判斷。", "著", "zhuó", "着"),
        ("他著手準備。", "著", "zhuó", "着"),
        ("這本書很著名。", "著", "zhù", "著"),
    ],
)
def test_the_readings_of_著_and_their_simplified_form(sentence, word, expected, simplified):
    assert reading(sentence, word) == expected
    at = sentence.index(word)
    token = next(t for t in default_annotator().annotate(sentence) if t.start <= at < t.end)
    assert token.simplified[at - token.start] == simplified


def test_a_dictionary_word_inside_a_word_no_table_has_keeps_its_reading():
    # 心脏病 is in CC-CEDICT (read as pypinyin reads it), not in the reading tables:
    # read as single characters, 脏 came out zāng ("dirty")
    from reader.lang.annotate import Annotator
    from reader.lang.glossary import bundled_glossary

    tokens = Annotator(bundled_glossary()).annotate("他因心脏病去世。")
    word = next(t for t in tokens if "脏" in t.text)
    assert word.pinyin[word.text.index("脏")] == "zàng"


@pytest.mark.parametrize("sentence", ["他把书塞进包里。", "她塞给我一张纸条。"])
def test_the_verb_sai_stuffed_into_is_sai1(sentence):
    # alone, 塞 went to the context model, trained on names (圣何塞 sài): sài
    from reader.lang.annotate import Annotator
    from reader.lang.glossary import bundled_glossary

    tokens = Annotator(bundled_glossary()).annotate(sentence)
    assert next(t.pinyin for t in tokens if t.text == "塞") == ("sāi",)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # alone, 长 is mostly the adjective (pypinyin's first reading alone is zhǎng)
        ("因存续期长而明显磨损。", "cháng"),
        ("融资周期必然大幅变长。", "cháng"),
        ("双方交涉长达十日。", "cháng"),
        # the verb, to grow, before 得, 出 and 满
        ("他长得很高。", "zhǎng"),
        ("院子里长满了草。", "zhǎng"),
    ],
)
def test_chang_alone_is_the_adjective_and_zhang_the_verb_of_growing(sentence, expected):
    from reader.lang.annotate import Annotator
    from reader.lang.glossary import bundled_glossary

    tokens = Annotator(bundled_glossary()).annotate(sentence)
    at = sentence.index("长")
    token = next(t for t in tokens if t.start <= at < t.end)
    assert token.pinyin[at - token.start] == expected, [(t.text, t.pinyin) for t in tokens]


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        # a character alone that its neighbours decide (word_rules)
        ("这是该公司所处的位置。", "处", "chǔ"),
        ("央行考虑调高利率。", "调", "tiáo"),
        ("开启三十秒就当消毒完毕。", "当", "dàng"),
        ("鱼刺卡在喉咙里了。", "卡", "qiǎ"),
        ("护士给他量一下体温。", "量", "liáng"),
        ("他说话很冲。", "冲", "chòng"),
        ("农民在地里种花生。", "种", "zhòng"),
        ("妈妈在厨房切菜。", "切", "qiē"),
        ("他就算弹错了也不停。", "弹", "tán"),
        ("旧屋环境日差。", "差", "chà"),
        ("他借了钱一直不还。", "还", "huán"),
        ("不必视难民为负累。", "为", "wéi"),
        ("他被选为班长。", "为", "wéi"),
        ("他们什么都做得出。", "得", "de"),
        ("他的头发长长了。", "长长", "zhǎng cháng"),
        ("这是正当的法律程序。", "正当", "zhèng dàng"),
        ("他穿着一件红色的外套。", "穿着", "chuān zhe"),
        ("她的穿着很朴素。", "穿着", "chuān zhuó"),
        ("他背着孩子过了河。", "背着", "bēi zhe"),
        ("请帮我盛一碗饭。", "盛", "chéng"),
        ("他慢慢地走了过来。", "地", "de"),
        ("屋子空着没人住。", "空", "kòng"),
        ("他转了一圈又回来了。", "转", "zhuàn"),
        ("他突然倒在地上。", "倒", "dǎo"),
        ("他尽了最大的努力。", "尽", "jìn"),
        ("他应了一声就走了。", "应", "yìng"),
        ("我把他当朋友。", "当", "dàng"),
        ("这一行的竞争很激烈。", "一行", "yī háng"),
        ("这只股票涨了。", "只", "zhī"),
        ("他著急地跑了出去。", "地", "de"),  # 著急 now one word, as 着急
        ("我找著了。", "著", "zháo"),
        ("他還了銀行的貸款。", "還", "huán"),
        ("他流了很多血。", "血", "xiě"),
        ("他把橘子皮剥了。", "剥", "bāo"),
        ("他露了一手。", "露", "lòu"),
        ("他挑了一担水回家。", "挑", "tiāo"),
        ("他冲我点了点头。", "冲", "chòng"),
        ("他的脾气很倔。", "倔", "juè"),
        ("晚上睡不着觉。", "觉", "jiào"),
        ("路边种满了树。", "种", "zhòng"),
        ("我背着一个包。", "背着", "bēi zhe"),
        ("还是得赶紧走。", "得", "děi"),
        ("他去了一个很远的地方。", "地方", "dì fang"),
        ("做人应该有所为。", "为", "wéi"),
        ("三只小鸟在唱歌。", "只", "zhī"),
        ("他为人很和气。", "为", "wéi"),
        ("我数了数，一共十个人。", "数，", "shǔ"),  # the second 数
        ("正当他要出门的时候，电话响了。", "正当", "zhèng dāng"),
        # and what they must leave alone
        ("研究所处长出席了会议。", "处长", "chù zhǎng"),
        ("两枚炮弹击中了宫殿。", "弹", "dàn"),
        ("你切不可大意。", "切", "qiè"),
        ("他还在家。", "还", "hái"),
        ("这种方法很好。", "种", "zhǒng"),
        ("他得出了结论。", "得出", "dé chū"),
        ("数字像差校正。", "差", "chā"),
        ("病人出现咽痛。", "咽", "yān"),
        ("他把水倒在地上。", "倒", "dào"),
        ("我们应加强管理。", "应", "yīng"),
        ("一行人来到村口。", "一行", "yī xíng"),
        ("他当了医生。", "当", "dāng"),
        ("这只会让情况更糟。", "只", "zhǐ"),
        ("他在找着什么东西。", "着", "zhe"),
        ("他挑起了争端。", "挑起", "tiǎo qǐ"),
        ("地方政府发行了债券。", "地方", "dì fāng"),
        ("他們穿著打扮很時尚。", "穿著", "chuān zhuó"),
        ("我们要为人民服务。", "为", "wèi"),
        # a general ends a clause; "will" never does
        ("设左翼右营参将，以黄建勋署理。", "将", "jiàng"),
        ("我将来要当医生。", "将来", "jiāng lái"),
        ("他将负责这个项目。", "将", "jiāng"),
        # a biography closing a title
        ("他读了《岳飞传》。", "传", "zhuàn"),
        ("消息很快传开了。", "传", "chuán"),
        # 降 X 为 Y: becomes; an adverb before 为 is not a verb of naming
        ("降镇远府为镇远州。", "为", "wéi"),
        ("我们一定为你加油。", "为", "wèi"),
        ("他可以为大家做饭。", "为", "wèi"),
        ("该项目被确定为重点项目。", "为", "wéi"),
        ("西藏自治区那曲地区的湖泊", "那曲", "nà qū"),
        # 为 after a part of a building or a side: "is"
        ("一楼为商场，二楼为餐厅。", "为", "wéi"),
        ("大楼的西侧为居民区。", "为", "wéi"),
        ("东侧为游客提供停车场。", "为", "wèi"),
        ("公司在华北为客户建了工厂。", "为", "wèi"),
        ("这些东西为我们带来了快乐。", "为", "wèi"),
        # 差 ending a word no table has: poor (能力差 chà); 落 left behind; 阻吓 hè
        ("这家店的服务质量差", "差", "chà"),
        ("我把钥匙落在家里了。", "落", "là"),
        ("树叶落在地上。", "落", "luò"),
        ("中国将会寻求阻吓美国", "吓", "hè"),
        # 跟 X 同行: to go together; 同行 "peers" after the preposition itself
        ("跟子女同行共处", "同行", "tóng xíng"),
        ("我们要和同行交流经验", "同行", "tóng háng"),
        ("他与多家同行合作", "同行", "tóng háng"),
        # a verb, 得 and its complement: "can"
        ("你看得见那座山吗？", "看得见", "kàn de jiàn"),
        ("这件事我做得到。", "得到", "de dào"),
        ("你办得了吗？", "得了", "de liǎo"),
        ("我吃得了这么多。", "吃得了", "chī de liǎo"),
        ("谁也想得到。", "想得到", "xiǎng de dào"),
        ("他想得到她的爱。", "想得到", "xiǎng dé dào"),
        ("他未得到批准。", "得到", "dé dào"),
        ("他们得到了支持。", "得到", "dé dào"),
        ("日子还过得去。", "过得去", "guò de qù"),
        # surrendering, shouting, a halo, a lane; sweat, but a khan after a name
        ("吴三桂部队皆出城迎降，", "降", "xiáng"),
        ("温度下降了。", "下降", "xià jiàng"),
        ("他大喝一声，冲了上去。", "大喝一声", "dà hè yī shēng"),
        ("我想喝一杯水。", "喝", "hē"),
        ("位于一个巨大的暗物质晕里面", "晕", "yùn"),
        ("他晕了过去。", "晕", "yūn"),
        ("百福弄社区", "弄", "lòng"),
        ("别把东西弄坏了。", "弄", "nòng"),
        ("他出了一身汗。", "汗", "hàn"),
        ("不久，就连拉藏汗也被准噶尔部杀害。", "汗", "hán"),
        ("他的一个儿子伊什木汗，后来", "伊什木汗", "yī shí mù hán"),
        # a particle ending a clause is light; an interjection starting one is not
        ("记得带伞哦。", "哦", "o"),
        ("哦，原来是你。", "哦", "ò"),
        ("谁叫我们只带来一把小伞哪。", "哪", "na"),
        ("你现在在哪？", "哪", "nǎ"),
        # remanded; a surname in a list of names; "once" stays céng there too
        ("保釋被拒而還押，", "還", "huán"),
        ("他还押着一批货。", "还", "hái"),
        ("劉細良、曾志豪等人", "曾", "zēng"),
        ("他去过北京、曾在上海工作", "曾", "céng"),
        # 还应对 X 进行 Y: should, towards; 应对 "to cope with" without it
        ("团队还应对新员工进行安全教育", "应对", "yīng duì"),
        ("我们还应对风险。", "应对", "yìng duì"),
        # a surname starting a word no table has
        ("本片女主角覃泓是", "覃泓", "qín hóng"),
        # to stay, to hide, to vomit; to settle; must, starting a clause or after 必
        ("你现在也是待在家", "待", "dāi"),
        ("他待人很好。", "待人", "dài rén"),
        ("故事將被我藏在心底", "藏", "cáng"),
        ("他快要吐了。", "吐", "tù"),
        ("他吐了一口气。", "吐", "tǔ"),
        ("希望可「自行了斷」，", "了", "liǎo"),
        ("她很着急，“得赚钱”，", "得", "děi"),
        ("失去收入，必得勤儉些。", "得", "děi"),
        # can: a verb, 得了 de liǎo (得了第一名 dé le: won)
        ("我們上得了蘭嶼，", "得", "de"),
        ("我們上得了蘭嶼，", "了", "liǎo"),
        ("他得了第一名。", "得", "dé"),
        # giving back a bike; grow a little longer; such places
        ("本來要還單車，", "還", "huán"),
        ("如果再长长一点的话。", "长长", "zhǎng cháng"),
        ("新加坡、東京等地方", "地方", "dì fang"),
        ("有些是背著大背包的背包客", "背著", "bēi zhe"),
        ("医生采集患者鼻拭子或咽拭子", "咽", "yān"),
        # 不 light between a verb and its complement, and in 是不是; stressed elsewhere
        ("因为总下雨开不了工。", "不了", "bu liǎo"),
        ("兼职护士其实帮不了多少", "帮不了", "bāng bu liǎo"),
        ("感觉根本睡不着。", "睡不着", "shuì bu zháo"),
        ("你是不是学生？", "是不是", "shì bu shì"),
        ("他不过是个孩子。", "不过", "bù guò"),
        ("我不了解他。", "不", "bù"),
        ("这件事也不起眼。", "不起眼", "bù qǐ yǎn"),
        # 为 … 所 …: by (passive), but for in what is done for someone
        ("出生不为我们所控", "为", "wéi"),
        ("这个场所为公众所用", "为", "wéi"),
        ("为孩子所做的一切都值得。", "为", "wèi"),
        ("央行开展MLF操作，为市场所关注。", "为", "wéi"),  # 市场|所, not 场所
        ("你要怎么教？", "教", "jiāo"),  # to teach, ending a clause
        ("海宁查氏家族", "查", "zhā"),  # a surname before 氏
        ("曾氏兄弟", "曾", "zēng"),
        ("某一行的专家", "一行", "yī háng"),  # a line of work
        ("背着一身装备出发", "背", "bēi"),
        ("他红头涨脸", "涨", "zhàng"),
        ("她就是得去一趟", "得", "děi"),
        ("毕竟得将自己管好", "得", "děi"),
        ("她自弹自唱", "自弹自唱", "zì tán zì chàng"),
    ],
)
def test_characters_alone_that_their_neighbours_decide(sentence, word, expected):
    assert reading(sentence, word) == expected


def test_the_held_out_set_is_well_formed():
    # measured by `python -m bench pinyin`, never tuned on: only its form is tested
    import tomllib
    import unicodedata
    from pathlib import Path

    data = Path(__file__).parent / "data" / "pinyin_gold_heldout.toml"
    gold = tomllib.loads(data.read_text("utf-8"))["word"]
    assert len(gold) >= 200
    for item in gold:
        assert item["source"].count(" ") >= 1, item
        assert item["text"] in item["sentence"], item
        syllables = item["pinyin"].split()
        assert item["pinyin"] == unicodedata.normalize("NFC", item["pinyin"]), item
        assert len(syllables) == sum(1 for c in item["text"] if "\u4e00" <= c <= "\u9fff"), item


# Measured share of the second development set (221 published sentences from 15
# other sources, tuned on) read right; raise it as the pipeline improves.
DEV2_GOLD_FLOOR = 0.995


def test_the_second_development_set():
    share, wrong = _share_right("pinyin_gold_dev2.toml")
    assert share >= DEV2_GOLD_FLOOR, wrong


# The third development set (269 published sentences, collected fresh on 2026-12-04 and
# measured once before tuning: 90.7%; tuned on since); raise it as the pipeline improves.
DEV3_GOLD_FLOOR = 0.985


def test_the_third_development_set():
    share, wrong = _share_right("pinyin_gold_dev3.toml")
    assert share >= DEV3_GOLD_FLOOR, wrong


# The fourth development set (253 published sentences, collected fresh on 2026-12-04 and
# measured once before tuning: 92.1%; tuned on since); raise it as the pipeline improves.
DEV4_GOLD_FLOOR = 0.95


def test_the_fourth_development_set():
    share, wrong = _share_right("pinyin_gold_dev4.toml")
    assert share >= DEV4_GOLD_FLOOR, wrong


def test_a_word_kept_whole_against_a_glossary_form_that_starts_it():
    from reader.lang.pinyin import whole_words

    assert "钉钉子" in whole_words()
    tokens = default_annotator().annotate("以钉钉子精神抓考核管理，钉钉上线了新功能。")
    nail = next(t for t in tokens if t.text == "钉钉子")
    assert nail.term is None and nail.pinyin == ("dìng", "dīng", "zi")
    assert any(t.text == "钉钉" and t.term for t in tokens)  # the app, DingTalk
