"""Names no dictionary has, found in the text (reader/lang/names.py): a person's after a
title or before a verb of saying, a firm's before a word for a kind of firm; joined into
one word, read with the surname's reading, shown in the popup, `annotate` and the cache."""

from __future__ import annotations

import json

import pytest

from reader.lang.names import ORGANISATION, PERSON, find_names, name_note, surname_read


@pytest.fixture(scope="module")
def annotator():
    from reader.lang.annotate import Annotator
    from reader.lang.glossary import bundled_glossary

    return Annotator(bundled_glossary())


def _names(annotator, text: str) -> dict[str, str]:
    return {t.text: t.name for t in annotator.annotate(text) if t.name}


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("中兴通讯高级副总裁苗伟：加强全国算力统筹", "苗伟", PERSON),  # jieba: 苗|伟
        ("中国银行研究院研究员梁斯表示", "梁斯", PERSON),
        ("研究所主任许冬阳表示", "许冬阳", PERSON),
        ("研究所主任許冬陽表示", "許冬陽", PERSON),  # traditional text, same name
        ("董事长欧阳明高认为", "欧阳明高", PERSON),  # two-character surname: 欧阳明|高
        ("金融科技公司奥丁丁集团宣布", "奥丁丁集团", ORGANISATION),  # 奥|丁丁|集团
        ("紫风投资（紫金矿业全资子公司）", "紫风投资", ORGANISATION),  # 投资 a term itself
    ],
)
def test_a_name_is_found_and_kept_one_word(annotator, text, name, kind):
    assert _names(annotator, text) == {name: kind}


@pytest.mark.parametrize(
    "text",
    [
        "他说常讲常新",  # a surname character in words jieba made up, no title
        "该公司在沪上市公司中",  # 该, 沪 do not start a firm's name
        "对外投资大幅增长，加大投资",
        "过其它公司的管理，除管理公司外",  # common words are not pieces of a name
        "美资银行和中资银行",
        "分析师认为市场将回暖",
        "首席经济学家连平指出",  # a glossary entry stays the glossary's
    ],
)
def test_ordinary_words_are_not_taken_for_names(annotator, text):
    assert _names(annotator, text) == {}


def test_the_bundled_article_has_no_name_found_in_it(annotator, article):
    # its names are all glossary entries; nothing else in it reads as a name
    found = [t.text for p in article.paragraphs() for t in annotator.annotate(p.text) if t.name]
    assert found == []


def test_a_name_found_once_is_a_name_again_in_its_pieces(annotator):
    tokens = annotator.annotate("高级副总裁苗伟表示。今年，苗伟也将提交建议。")
    assert [t.text for t in tokens if t.name] == ["苗伟", "苗伟"]


def test_the_surname_reads_as_a_surname():
    assert surname_read("曾明", ("céng", "míng")) == ("zēng", "míng")
    assert surname_read("单伟", ("dān", "wěi")) == ("shàn", "wěi")
    assert surname_read("尉迟明", ("wèi", "chí", "míng")) == ("yù", "chí", "míng")
    assert surname_read("王强", ("wáng", "qiáng")) == ("wáng", "qiáng")


def test_a_found_name_reads_with_its_surname_in_the_text(annotator):
    token = next(t for t in annotator.annotate("研究员曾明表示") if t.name)
    assert token.pinyin == ("zēng", "míng")


def test_find_names_is_a_pure_function_of_the_words():
    words = [("研究员", False), ("苗", False), ("伟", False), ("表示", False)]
    assert find_names(words, lambda w: w in {"研究员", "表示"}, lambda w: 0) == [(1, 3, PERSON)]
    # the same pieces after a glossary term that is not a title: nothing
    words[0] = ("研究员", True)
    assert find_names([("估值", True), *words[1:]], lambda w: True, lambda w: 0) == []


def test_the_note_says_which_part_is_which():
    assert "surname is 苗, the given name 伟" in name_note("苗伟", "苗伟", PERSON)
    note = name_note("奧丁丁集團", "奥丁丁集团", ORGANISATION)
    assert "奧丁丁 is its own name; 集團 says what kind it is" in note


def test_lookup_and_popup_explain_a_found_name(annotator):
    from reader.lang.lookup import look_up
    from reader.tui.screens.popup import popup_content

    info = look_up("苗伟", name=PERSON)
    assert info.to_text().startswith("A person's name")
    assert info.as_name(("miáo", "wěi")) == "Miáo Wěi"
    assert info.to_json()["name"]["kind"] == PERSON
    shown = popup_content(info, "simplified", "苗伟", ("miáo", "wěi")).plain
    assert shown.startswith("Name  A person's name")
    # a word the glossary has is never explained as a found name
    assert look_up("估值", name=PERSON).name == ""


def test_annotate_json_and_the_cache_keep_the_name(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    from click.testing import CliRunner

    from reader.annotated.cache import decode_tokens, encode_tokens
    from reader.cli import main

    text = tmp_path / "news.txt"
    text.write_text("研究员梁斯表示，降准有利于稳定市场。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", str(text), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    tokens = [t for s in data["sections"] for p in s["paragraphs"] for t in p["tokens"]]
    assert [(t["text"], t["name"]) for t in tokens if t["name"]] == [("梁斯", "person")]
    from reader.lang.annotate import Annotator

    found = Annotator().annotate("研究员梁斯表示")
    assert decode_tokens("研究员梁斯表示", encode_tokens(found)) == found


def test_a_found_name_is_not_a_word_to_learn(annotator):
    from reader.lang.annotate import in_script
    from reader.tui.blocks import BlockMaker
    from reader.tui.settings import Settings

    text = "研究员梁斯表示，降准有利于稳定市场。"
    tokens = annotator.annotate(text)
    assert [t.text for t in tokens if t.name] == ["梁斯"]
    # not among the words the text's counts are made of (known, new) ...
    words = annotator.words(text)
    assert "梁斯" not in words and "降准" in words
    # ... nor marked as a new word in the passage, where the words around it are
    shown = tuple(in_script(text, tokens, "original", "simplified"))
    marks = BlockMaker.marks(shown, Settings(), {})
    assert marks is not None
    assert {t.text: m for t, m in zip(shown, marks, strict=True)}["梁斯"] is None
    assert {t.text: m for t, m in zip(shown, marks, strict=True)}["降准"] == "new"
