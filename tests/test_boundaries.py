"""Word boundaries: no token that no dictionary has where dictionary words fit."""

from __future__ import annotations

import pytest

from reader.annotated.document import default_annotator


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
