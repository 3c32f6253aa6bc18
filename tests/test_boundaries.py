"""Word boundaries: no token that no dictionary has where dictionary words fit."""

from __future__ import annotations

import pytest

from reader.annotated.document import default_annotator
from reader.text.chars import convert


def words(text: str) -> list[str]:
    return [t.text for t in default_annotator().annotate(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("DeepSeek用僅需1/3算力資源", ["用", "僅", "需", "1/3"]),
        ("其高估值", ["其", "高"]),
        ("他常講常新", ["常", "講", "常"]),
        ("你該換個手機", ["該", "換", "個"]),
        ("舊故事,該換個新講法了", ["該", "換", "個", "新"]),
        ("他教我中文", ["他", "教", "我"]),
    ],
)
def test_made_up_words_are_cut_where_dictionary_words_fit(sentence, expected):
    found = words(sentence)
    assert all(w in found for w in expected), found
    assert "".join(found) == sentence


def test_man_made_before_whom_something_is_done_for_is_two_words():
    assert words("加拿大多少人為難民開放自己的家園")[1:4] == ["多少", "人", "為"]
    assert "人为" in words("这是人为的破坏")


@pytest.mark.parametrize("name", ["黃仁勳", "王强"])
def test_names_jieba_finds_stay_whole(name):
    assert name in words(f"{name}表示")


def test_the_share_of_made_up_words_is_lower_with_the_re_cut():
    annotator = default_annotator()
    text = "DeepSeek用僅需1/3算力資源，其高估值令人擔憂，他常講常新。"
    try:
        annotator.fix_boundaries = False
        before = [t.simplified for t in annotator.annotate(text)]
    finally:
        annotator.fix_boundaries = True
    after = [t.simplified for t in annotator.annotate(text)]

    def odd(tokens):
        return sum(len(w) >= 2 and not annotator.is_word(w) for w in tokens)

    assert odd(after) < odd(before)


def test_a_term_gives_back_the_character_it_took_from_a_word(tmp_path):
    """jieba counts glossary terms high: 创|新消费 and 封闭期|间 were the cut."""
    from reader.lang.annotate import Annotator
    from reader.lang.glossary import load_glossary

    folder = tmp_path / "glossary"
    folder.mkdir()
    rows = []
    for term_id, form, pinyin in (
        ("new-consumption", "新消费", "xīn xiāo fèi"),
        ("closed-period", "封闭期", "fēng bì qī"),
    ):
        rows.append(
            f'[[term]]\nid = "{term_id}"\nkind = "term"\nsimplified = "{form}"\n'
            f'traditional = "{convert(form, "s2twp")}"\npinyin = "{pinyin}"\n'
            f'english = ["x"]\nexplanation = "x."\nexplanation_zh = "x。"\n'
        )
    (folder / "f.toml").write_text('domain = "f"\n\n' + "\n".join(rows), "utf-8")
    annotator = Annotator(load_glossary(folder))

    def cut(text: str) -> list[tuple[str, str | None]]:
        return [(t.text, t.term) for t in annotator.annotate(text)]

    assert ("创新", None) in cut("推动创新消费发展") and ("消费", None) in cut("推动创新消费发展")
    assert ("期间", None) in cut("疫情封闭期间他在家")
    assert ("封闭期", "closed-period") in cut("基金封闭期为三年")
    assert ("新消费", "new-consumption") in cut("新消费的热潮")


@pytest.mark.parametrize(
    ("text", "latin", "after"),
    [("和PCE通胀。", "PCE", "通胀"), ("GDP按年增长", "GDP", "按年")],
)
def test_a_latin_word_is_never_cut_inside(text, latin, after):
    found = [t.simplified for t in default_annotator().annotate(text)]
    assert latin in found and after in found, found  # PCE通胀 was PC|E通|胀


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("他没有动那台电脑。", "电脑"),  # not 台电 (Taipower)
        ("1957年改为蚌埠六中。", "改为"),  # not 年改 (pension reform)
        ("沮渠牧犍出城投降。", "投降"),  # not 城投 (LGFV)
    ],
)
def test_a_short_term_does_not_take_a_character_from_a_common_word(text, word):
    from reader.annotated.document import default_annotator

    assert word in [t.text for t in default_annotator().annotate(text)]


@pytest.mark.parametrize(("text", "term"), [("城投融资收紧", "城投"), ("台電公司宣布", "台電")])
def test_a_short_term_beside_its_own_words_is_still_marked(text, term):
    from reader.annotated.document import default_annotator

    tokens = default_annotator().annotate(text)
    assert any(t.text == term and t.term for t in tokens), [t.text for t in tokens]
