"""Properties of the loading and annotation pipeline, over generated inputs (hypothesis).

1. Any bytes in a file: load_document returns a Document or raises ReaderError.
2. Any text (all of Unicode but surrogates; controls, CJK of every block, emoji) saved
   as UTF-8: when it loads, every paragraph's annotation joins back to the paragraph
   with one syllable per Han character, and converting the annotation's words one by
   one gives the conversion of the whole paragraph (simplified, traditional, hongkong);
   every length-preserving OpenCC configuration keeps the length.
3. parse_plain never loses a non-whitespace character: the title, headings and
   paragraphs hold every non-whitespace character of the input, in order, except the
   `#` markers of Markdown headings.
4. parse_questions over random tables raises ReaderError or returns questions.

The runs are derandomized (the same examples every time, no example database), so the
suite is deterministic; bench/fuzz.py is the place for open-ended random search.
Examples per property are in EXAMPLES; the file runs in about 30 s.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from reader.annotated.document import default_annotator
from reader.errors import ReaderError
from reader.lang.script import to_script
from reader.study.questions import Question, parse_questions
from reader.text.chars import LENGTH_PRESERVING, convert, han_count
from reader.text.loader import load_document
from reader.text.parse import parse_plain

EXAMPLES = {
    "bytes": 2000,
    "text": 1500,
    "length": 1000,
    "parse": 3000,
    "questions": 2000,
}
SETTINGS = dict(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------- strategies

ANY_CHAR = st.characters(blacklist_categories=("Cs",))
CJK = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # URO
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),  # Extension A
    st.characters(min_codepoint=0x20000, max_codepoint=0x3134F),  # Extensions B-G
    st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),  # compatibility
    st.sampled_from(
        list(
            "的一是不了人我在有他這為之大來以個中上們行長重爲着羣啓週纔籲桿硅谷"
            "芯片得地为頭髮干面条几只里系后"
        )
    ),
)
SPECIAL = st.sampled_from(
    [
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\t",
        " ",
        "\u3000",
        "# ",
        "## ",
        "#",
        "。",
        "，",
        "？",
        "」",
        "\x00",
        "\x1b",
        "\x1b[31m",
        "\x07",
        "\x7f",
        "\x85",
        "\x9b",
        "\u2028",
        "\u2029",
        "\u200b",
        "\u200d",
        "\ufeff",
        "\u0301",
        "\u0308",
        "😀",
        "👨\u200d👩\u200d👧",
        "🇨🇳",
        "👍🏽",
        "𠀀𠀁",
        "[bold]",
        "[/]",
        "[@click=app.quit]",
        "\ufffd",
        "\ue000",
    ]
)
CONTROL = st.characters(max_codepoint=0x9F, blacklist_characters="\n")
TEXT = st.lists(
    st.one_of(
        CJK, CJK, ANY_CHAR, SPECIAL, CONTROL, st.characters(min_codepoint=0x20, max_codepoint=0x7E)
    ),
    max_size=100,
).map("".join)
ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "gb18030",
    "big5",
    "latin-1",
)
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


@st.composite
def file_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["random", "encoded", "bom", "spliced"]))
    if kind == "random":
        return draw(st.binary(max_size=600))
    text = draw(TEXT)
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if kind == "bom":
        return draw(st.sampled_from(BOMS)) + data
    if kind == "spliced" and data:
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(max_size=20)) + data[at:]
    return data


def _load(text_or_bytes: str | bytes):
    """load_document on a temporary file: a Document, or None when it raised ReaderError."""
    data = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.txt"
        path.write_bytes(data)
        try:
            doc = load_document(path)
        except ReaderError as exc:
            assert str(path) in str(exc)
            _event("refused")
            return None
        _event(f"loaded ({doc.encoding})")
        return doc


def _event(name: str) -> None:
    """Statistics for hypothesis runs; plain tests call _load too."""
    with contextlib.suppress(InvalidArgument):
        event(name)


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """jieba, pypinyin and OpenCC loaded once, outside the timed examples."""
    default_annotator().annotate("預熱中文分詞")


# --------------------------------------------------------------------------- 1. bytes


@settings(max_examples=EXAMPLES["bytes"], **SETTINGS)
@given(file_bytes())
@example(b"")
@example(b"\x00" * 100)
@example(b"\xff\xfe")
@example(b"\xff\xfe\x00\x00\x00\xd8\x00\x00")
@example("中文".encode("utf-16-le")[:-1])
def test_any_bytes_load_or_raise_reader_error(data):
    doc = _load(data)
    if doc is not None:
        assert doc.paragraph_ids()
        assert all(p.text for p in doc.paragraphs())


# --------------------------------------------------------------------------- 2. text


@settings(max_examples=EXAMPLES["text"], **SETTINGS)
@given(TEXT)
@example("標題\n\n𠀀𠀁是字。\n\n第二段\x1b[31m紅\x00色。")
@example("我们一起去吃面条。\n\n头发很长。")
def test_loaded_text_annotates_back_exactly(text):
    doc = _load(text)
    if doc is None:
        return
    annotator = default_annotator()
    for paragraph in doc.paragraphs():
        tokens = annotator.annotate(paragraph.text)
        assert "".join(t.text for t in tokens) == paragraph.text
        position = 0
        for token in tokens:
            assert (token.start, token.end) == (position, position + len(token.text))
            assert len(token.pinyin) == han_count(token.text), token
            position = token.end
        for script in ("simplified", "traditional", "hongkong"):
            whole = to_script(paragraph.text, script, doc.script)
            assert len(whole) == len(paragraph.text)
            _assert_words_convert_as_the_whole(paragraph.text, tokens, whole, script, doc.script)


def _straddled(text: str, boundary: int, script: str, original: str) -> bool:
    """Whether one of OpenCC's phrases spans this word boundary (一|干 read as the phrase
    一干 "all those", 面条|几 as 条几): there whole-text conversion, which the reader shows,
    may differ from word-by-word conversion by design."""
    left, right = text[max(0, boundary - 4) : boundary], text[boundary : boundary + 4]
    return to_script(left + right, script, original) != (
        to_script(left, script, original) + to_script(right, script, original)
    )


def _assert_words_convert_as_the_whole(text, tokens, whole, script, original):
    """Converting the segmented text word by word gives the whole text's conversion,
    except for the words beside a boundary that an OpenCC phrase spans."""
    exempt = set()
    for index, token in enumerate(tokens[1:], start=1):
        if _straddled(text, token.start, script, original):
            exempt |= {index - 1, index}
    for index, token in enumerate(tokens):
        if index not in exempt:
            assert to_script(token.text, script, original) == whole[token.start : token.end], (
                script,
                [t.text for t in tokens],
                token.text,
            )


def test_valid_utf8_with_a_nul_is_read_as_utf8():
    doc = _load("一丠𠀁一\x00")
    assert doc is None or doc.encoding == "utf-8"


@settings(max_examples=EXAMPLES["length"], **SETTINGS)
@given(TEXT, st.sampled_from(LENGTH_PRESERVING))
def test_length_preserving_configs_keep_length(text, config):
    assert len(convert(text, config)) == len(text)


# --------------------------------------------------------------------------- 3. parse

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
PARSE_TEXT = st.lists(
    st.one_of(
        CJK, ANY_CHAR, SPECIAL, st.sampled_from(["#", "# ", "\n", "\n\n", "  ", "。", "…", "!"])
    ),
    max_size=150,
).map("".join)


def _non_space(text: str) -> list[str]:
    return [ch for ch in text if not ch.isspace()]


def _without_heading_markers(text: str) -> list[str]:
    """Non-whitespace characters of `text`, less the `#` runs that mark a Markdown heading
    (the opening run, and a closing run as parse.py reads it)."""
    out = []
    for line in text.split("\n"):
        match = _HEADING.match(line)
        out += _non_space(match.group(2) if match and match.group(2) else line)
    return out


def _parsed_characters(text: str) -> list[str]:
    parsed = parse_plain(text)
    pieces = [parsed.title or ""]
    for heading, paragraphs in parsed.sections:
        pieces += [heading or "", *paragraphs]
    return _non_space("".join(pieces))


@settings(max_examples=EXAMPLES["parse"], **SETTINGS)
@given(PARSE_TEXT)
@example("# 書名\n\n前言。\n\n## 第一章 ##\n正文\n第二行")
@example("\t#\t標題\n\n內容")
def test_parse_plain_keeps_every_non_whitespace_character(text):
    assert _parsed_characters(text) == _without_heading_markers(text)


@pytest.mark.parametrize("text", ["# 我愛C#\n\n內容。", "## 第1#\n\n內容。"])
def test_parse_plain_keeps_a_hash_that_is_not_a_marker(text):
    heading = text.split("\n", 1)[0].lstrip("#").strip()
    assert parse_plain(text).title == heading


# --------------------------------------------------------------------------- 4. questions

_FIELDS = [
    "id",
    "section",
    "evidence",
    "kind",
    "prompt",
    "prompt_en",
    "choices",
    "answer",
    "explanation",
    "explanation_en",
]
VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 3),
        st.integers(),
        st.floats(),
        st.text(max_size=8),
        st.sampled_from(["s1p1", "s2p1", "s9p9", "choice", "truefalse", "short", "甲", "q1", ""]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
GOOD_QUESTION = {
    "id": "q1",
    "section": 1,
    "evidence": "s1p1",
    "kind": "choice",
    "prompt": "問題？",
    "choices": ["甲", "乙"],
    "answer": "甲",
    "explanation": "因為。",
}


@st.composite
def question_tables(draw):
    """Mostly near-valid [[question]] tables with some fields dropped, retyped or added."""
    out = []
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            raw = dict(GOOD_QUESTION)
            for key in draw(st.lists(st.sampled_from(_FIELDS), max_size=3)):
                if draw(st.booleans()):
                    raw.pop(key, None)
                else:
                    raw[key] = draw(VALUES)
            if draw(st.booleans()):
                raw[draw(st.text(max_size=5))] = draw(VALUES)
            out.append(raw)
        else:
            out.append(
                draw(
                    st.one_of(
                        VALUES, st.dictionaries(st.sampled_from(_FIELDS), VALUES, max_size=10)
                    )
                )
            )
    return out


QUESTION_DATA = st.one_of(
    st.fixed_dictionaries({"question": question_tables()}),
    st.dictionaries(st.one_of(st.just("question"), st.text(max_size=5)), VALUES, max_size=3),
)


@pytest.fixture(scope="module")
def small_doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("questions") / "t.txt"
    path.write_text("標題\n\n第一段，這是中文。\n\n小標題\n\n第二段的內容。\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.paragraph_ids() == ["s1p1", "s2p1"]
    return doc


@settings(max_examples=EXAMPLES["questions"], **SETTINGS)
@given(data=QUESTION_DATA)
@example(data={"question": [GOOD_QUESTION]})
@example(data={"question": [GOOD_QUESTION, GOOD_QUESTION]})
@example(data={"question": [{"id": {"x": 1}}]})
def test_parse_questions_raises_only_reader_error(small_doc, data):
    try:
        questions = parse_questions(data, "q.toml", small_doc)
        event(f"{len(questions)} questions")
    except ReaderError as exc:
        event("refused")
        assert str(exc).startswith("q.toml: ") and "\n" not in str(exc).split(": ", 1)[0]
        return
    for question in questions:
        assert isinstance(question, Question)
        assert question.evidence in small_doc.paragraph_ids()


@pytest.mark.parametrize("text", ["一干", "我们一起去吃面条几次了"])
def test_known_phrases_across_word_boundaries_are_exempt_not_missed(text):
    """The two counterexamples hypothesis and the fuzz run found: the words differ from
    the whole text only beside a boundary that an OpenCC phrase spans."""
    tokens = default_annotator().annotate(text)
    whole = to_script(text, "traditional", "simplified")
    by_word = "".join(to_script(t.text, "traditional", "simplified") for t in tokens)
    assert by_word != whole
    assert any(_straddled(text, t.start, "traditional", "simplified") for t in tokens[1:])
    _assert_words_convert_as_the_whole(text, tokens, whole, "traditional", "simplified")
