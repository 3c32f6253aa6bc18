"""Numbers read aloud: the popup, `reader annotate --format json` and, with a setting,
over the digits."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from reader.cli.main import main
from reader.lang.numbers import Spoken, cardinal_words, joined_numbers, reading
from reader.tui.ruby import WordIn, layout


@pytest.mark.parametrize(
    ("token", "after", "chinese", "pinyin"),
    [
        ("1570", "億美元", "一千五百七十億", "yīqiān wǔbǎi qīshí yì"),
        ("20%", "", "百分之二十", "bǎi fēn zhī èrshí"),
        ("3.45%", "", "百分之三点四五", "bǎi fēn zhī sān diǎn sì wǔ"),
        ("1/3", "", "三分之一", "sān fēn zhī yī"),
        ("2025", "年", "二〇二五年", "èr líng èr wǔ nián"),
        ("10", "個基點", "十", "shí"),
        ("550", "萬美元", "五百五十萬", "wǔbǎi wǔshí wàn"),
        ("1,200", "人", "一千二百", "yīqiān èrbǎi"),
        ("101", "", "一百零一", "yībǎi líng yī"),
        ("10050", "", "一万零五十", "yīwàn líng wǔshí"),
        ("780000000", "", "七亿八千万", "qīyì bāqiānwàn"),
        ("20000", "", "两万", "liǎngwàn"),
        ("0.5", "", "零点五", "líng diǎn wǔ"),
        ("２０２４", "年", "二〇二四年", "èr líng èr sì nián"),
        ("10", "年", "十", "shí"),  # ten years, not a year
    ],
)
def test_how_a_number_is_read_aloud(token, after, chinese, pinyin):
    spoken = reading(token, after)
    assert spoken is not None
    assert (spoken.chinese, spoken.pinyin) == (chinese, pinyin)


@pytest.mark.parametrize("token", ["GPT-5", "1/0", "12345678901234567", "A4", "3.4.5", ""])
def test_what_is_not_a_number_has_no_reading(token):
    assert reading(token) is None


def _value(words: list[str]) -> int:
    """The number the characters say (a check written the other way round)."""
    digits = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"两": 2}
    units = {"十": 10, "百": 100, "千": 1000}
    total = section = number = 0
    for ch in "".join(words):
        if ch in digits:
            number = digits[ch]
        elif ch in units:
            section += (number or 1) * units[ch]
            number = 0
        elif ch in ("万", "亿"):
            big = 10_000 if ch == "万" else 100_000_000
            if ch == "亿":
                total = (total + section + number) * big
            else:
                total += (section + number) * big
            section = number = 0
    return total + section + number


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_the_characters_say_the_number(n):
    words = cardinal_words(n)
    assert _value(words) == n, words
    assert "零零" not in "".join(words)


def test_numbers_the_segmenter_cut_are_one_word_again():
    assert joined_numbers("共1,200人", ["共", "1", ",", "200", "人"]) == ["共", "1,200", "人"]
    assert joined_numbers("约1/3", ["约", "1", "/", "3"]) == ["约", "1/3"]
    # a list is not a thousands separator
    assert joined_numbers("1,2", ["1", ",", "2"]) == ["1", ",", "2"]


@pytest.mark.parametrize(
    ("token", "after", "before", "chinese"),
    [
        ("600519.SH", ")", "贵州茅台(", "六〇〇五一九"),
        ("2330-TW", "）", "（", "二三三〇"),
        ("0700.HK", "", "", "〇七〇〇"),
        ("2330", ")", "台積電(", "二三三〇"),  # a bare Taiwan code in its brackets
        ("000001", "）", "（", "〇〇〇〇〇一"),
        ("00700", ")", "(", "〇〇七〇〇"),
        ("600519", "", "股票代码：", "六〇〇五一九"),
        ("2382", "", "代號", "二三八二"),
    ],
)
def test_a_stock_code_is_read_digit_by_digit(token, after, before, chinese):
    spoken = reading(token, after, before)
    assert spoken is not None and spoken.chinese == chinese
    assert len(spoken.words) == len(chinese)


@pytest.mark.parametrize(
    ("token", "after", "before"),
    [
        ("12345", ")", "("),  # five digits, no leading zero: an amount
        ("600519", "", "收入"),  # not in brackets, not after 代码
        ("2330", "人", "共"),
        ("123", ")", "("),
    ],
)
def test_a_figure_that_is_not_a_code_is_read_as_a_number(token, after, before):
    spoken = reading(token, after, before)
    assert spoken is not None and spoken.chinese == reading(token).chinese  # type: ignore[union-attr]
    assert len(spoken.words) < len(token)


def test_a_code_the_segmenter_cut_is_one_word_again():
    words = ["茅台", "(", "600519", ".", "SH", ")"]
    assert joined_numbers("茅台(600519.SH)", words) == ["茅台", "(", "600519.SH", ")"]
    words = ["高通", "(", "QCOM", "-", "US", ")"]
    assert joined_numbers("高通(QCOM-US)", words) == ["高通", "(", "QCOM-US", ")"]
    # inside a longer Latin run it is not a code
    assert joined_numbers("XQCOM-USB", ["XQCOM", "-", "USB"]) == ["XQCOM", "-", "USB"]
    assert joined_numbers("版本1.2", ["版本", "1.2"]) == ["版本", "1.2"]


def test_a_stock_code_carries_the_glossary_entry_and_a_reading(tmp_path):
    path = tmp_path / "codes.txt"
    path.write_text(
        "台積電(2330)與聯發科(2454-TW)上漲，貴州茅台（600519.SH）下跌，共(2330)人。\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["annotate", str(path), "--format", "json"])
    tokens = json.loads(result.output)["sections"][0]["paragraphs"][0]["tokens"]
    codes = [(t["text"], t["reading"]["text"]) for t in tokens if t["term"] == "stock-code"]
    assert codes == [("2330", "二三三〇"), ("2454-TW", "二四五四"), ("600519.SH", "六〇〇五一九")]
    # digits in brackets after a word that is not a company: read digit by digit (a
    # year or a code), but not called a stock code
    last = [t for t in tokens if t["text"] == "2330"][-1]
    assert last["term"] is None and last["reading"]["text"] == "二三三〇"


def test_annotate_json_gives_a_numbers_reading(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text("估值1570億美元，約1/3。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", str(path), "--format", "json"])
    tokens = json.loads(result.output)["sections"][0]["paragraphs"][0]["tokens"]
    found = {t["text"]: t["reading"] for t in tokens if "reading" in t}
    assert found == {
        "1570": {"text": "一千五百七十億", "pinyin": ["yīqiān", "wǔbǎi", "qīshí", "yì"]},
        "1/3": {"text": "三分之一", "pinyin": ["sān", "fēn", "zhī", "yī"]},
    }
    assert all("reading" not in t for t in tokens if t["pinyin"])


def test_the_reading_over_digits_fits_the_line_or_is_left_out():
    words = [WordIn("估值", ("gū", "zhí"), (1, 2)), WordIn("1570", (), (), "yīqiān wǔbǎi")]
    line = layout(words, 60, True)[0]
    number = next(u for u in line.units if u.text == "1570")
    assert number.syllable == "yīqiān wǔbǎi" and number.width == len("yīqiān wǔbǎi")
    narrow = layout(words, 8, True)
    assert all(u.syllable == "" for ln in narrow for u in ln.units if u.text == "1570")


async def test_the_popup_reads_a_number_aloud(fresh_home, tmp_path):
    from reader.study.store import Store
    from reader.text.library import open_text
    from reader.tui.app import make_app
    from reader.tui.settings import Settings

    path = tmp_path / "n.txt"
    path.write_text("標題\n\n估值1570億美元。\n", encoding="utf-8")
    app = make_app(
        str(path), doc=open_text(str(path)), settings=Settings(number_readings=True), store=Store()
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        block = app.screen.blocks.passage(app.screen.position, app.screen.settings, {}, None)
        assert any(b.numbers and "yīqiān wǔbǎi qīshí yì" in b.numbers for b in block)
        await pilot.press("l", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "WordPopup"
        shown = str(app.screen.query_one("#popup-reading").render())
        assert "一千五百七十億" in shown and "yīqiān wǔbǎi qīshí yì" in shown
        await pilot.press("a")
        await pilot.pause()
    assert Store().vocabulary() == []


@pytest.mark.parametrize(
    ("text", "reading", "entry"),
    [
        # the cursor goes to 台積電, then to the code (it skips the bracket)
        ("台積電(2330)上漲。", "二三三〇", "stock code"),
        # a process node read aloud in the text's script (the unit as 纳米 is written there)
        ("台積電2nm製程量產。", "二納米", "process node"),
    ],
)
async def test_the_popup_of_a_code_or_a_node_reads_it_and_says_what_it_is(
    fresh_home, tmp_path, text, reading, entry
):
    from reader.study.store import Store
    from reader.text.library import open_text
    from reader.tui.app import make_app
    from reader.tui.settings import Settings

    path = tmp_path / "c.txt"
    path.write_text(f"標題\n\n{text}\n", encoding="utf-8")
    app = make_app(str(path), doc=open_text(str(path)), settings=Settings(), store=Store())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("l", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "WordPopup"
        assert reading in str(app.screen.query_one("#popup-reading").render())
        shown = str(app.screen.query_one("#popup-text").render())
        assert entry in shown and "has no entry" not in shown


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("台积电2nm制程将量产", "2nm"),
        ("中芯国际7纳米工艺", "7纳米"),
        ("台積電3奈米製程", "3奈米"),
        ("芯片从14nm到7nm", "14nm"),
        ("采用1.4nm节点的芯片", "1.4nm"),
    ],
)
def test_a_process_node_in_a_text_about_chips_is_one_word_with_its_entry(text, node):
    from reader.annotated.document import default_annotator

    tokens = default_annotator().annotate(text)
    assert (node, "process-node") in [(t.text, t.term) for t in tokens]


@pytest.mark.parametrize("text", ["直径50纳米的颗粒", "波长532nm的激光", "型号A7nm芯片"])
def test_a_length_that_is_no_process_node_stays_a_length(text):
    from reader.annotated.document import default_annotator

    tokens = default_annotator().annotate(text)
    assert all(t.term != "process-node" for t in tokens), tokens
    assert any(t.term == "nanometre" for t in tokens)


def test_a_process_node_is_read_as_so_many_nanometres():
    assert reading("7纳米") == Spoken("七纳米", ("qī", "nàmǐ"))
    assert reading("2nm") == Spoken("二纳米", ("èr", "nàmǐ"))
    assert reading("1.4 nm") == Spoken("一点四纳米", ("yī", "diǎn", "sì", "nàmǐ"))
    assert reading("3奈米") == Spoken("三奈米", ("sān", "nàimǐ"))
