"""Pinyin over characters: `reader.tui.ruby.layout` as a pure function (examples and
hypothesis), and the strips the reading screen really draws, at several widths, in every
script and pinyin style: every syllable sits over its own character."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.text.chars import is_han
from reader.tui.ruby import NO_LINE_START, RubyLine, WordIn, centred, layout
from reader.tui.widgets.passage import text_area

SCRIPTS = ["original", "simplified", "traditional", "taiwan", "hongkong"]


def line_width(line: RubyLine) -> int:
    """Cells from the line's start to the end of its last unit."""
    if not line.units:
        return 0
    last = line.units[-1]
    return last.x + last.width


# ------------------------------------------------------------------ helpers


def word(text: str, *syllables: str) -> WordIn:
    return WordIn(text, tuple(syllables), tuple(5 for _ in syllables))


def is_punctuation(text: str) -> bool:
    """A token that travels with the word before it (the rule of `layout`)."""
    return (
        bool(text)
        and text[0] in NO_LINE_START
        and all(ch in NO_LINE_START or ch.isspace() for ch in text)
    )


def columns_of(w: WordIn, show: bool) -> list[tuple[str, str, int]]:
    """(text, syllable, width) per column of one word: the model the checks rely on,
    written independently of `ruby._units`."""
    out, run, han = [], "", 0
    for ch in w.text:
        if is_han(ch) and han < len(w.syllables):
            if run:
                out.append((run, "", cell_len(run)))
                run = ""
            syllable = w.syllables[han] if show else ""
            out.append((ch, syllable, max(cell_len(ch), cell_len(syllable))))
            han += 1
        else:
            run += ch
    if run:
        out.append((run, "", cell_len(run)))
    return out


def word_width(w: WordIn, pinyin: bool, show: bool = True) -> int:
    cols = columns_of(w, pinyin and show)
    return sum(c[2] for c in cols) + (1 if pinyin else 0) * (len(cols) - 1)


def groups_of(words: list[WordIn]) -> list[list[int]]:
    groups: list[list[int]] = []
    for i, w in enumerate(words):
        if groups and is_punctuation(w.text):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def check_layout(
    words: list[WordIn], width: int, pinyin: bool, shown: list[bool] | None = None
) -> list[RubyLine]:
    """Every invariant of the layout; returns the lines for further checks."""
    lines = layout(words, width, pinyin, shown)
    width = max(width, 4)
    units = [u for line in lines for u in line.units]

    # nothing lost, nothing added, in order
    assert "".join(u.text for u in units) == "".join(w.text for w in words)
    assert [u.token for u in units] == sorted(u.token for u in units)
    assert all(line.units for line in lines), "empty line"

    for line in lines:
        for u in line.units:
            # a unit fits in the line, unless it alone is wider than the line
            assert u.x >= 0
            assert u.x + u.width <= width or (u.x == 0 and u.width > width), (u, width)
            assert u.width >= cell_len(u.text)
            assert u.width >= cell_len(u.syllable)
            pad, text = centred(u.text, u.width)
            assert text == u.text and pad >= 0 and pad + cell_len(text) <= u.width
        for a, b in zip(line.units, line.units[1:], strict=False):
            # no overlap; two syllables never touch
            assert b.x >= a.x + a.width, (a, b)
            if a.syllable and b.syllable:
                assert b.x >= a.x + a.width + 1, (a, b)
            chinese = words[a.token].syllables or words[b.token].syllables
            if (
                pinyin
                and a.token != b.token
                and chinese
                and not is_punctuation(words[b.token].text)
            ):
                assert b.x >= a.x + a.width + 2, ("words need a wider gap", a, b)
        assert line_width(line) == line.units[-1].x + line.units[-1].width
        assert line.units[0].x == 0

    # each word's syllables, in order, over its Han characters
    for i, w in enumerate(words):
        show = pinyin and (shown is None or shown[i])
        mine = [u for u in units if u.token == i]
        han_units = [u for u in mine if u.syllable]
        if show:
            expected = [s for s in w.syllables[: sum(map(is_han, w.text))] if s]
            assert [u.syllable for u in han_units] == expected
            for u in han_units:
                assert is_han(u.text) and len(u.text) == 1
                assert u.width == max(2, cell_len(u.syllable))
        else:
            assert han_units == []

    line_of = {}
    for n, line in enumerate(lines):
        for u in line.units:
            line_of.setdefault(u.token, set()).add(n)

    # a word is never split across lines unless it alone is wider than the line
    for i, w in enumerate(words):
        if not w.text:
            continue
        show = shown is None or shown[i]
        if len(line_of[i]) > 1:
            assert word_width(w, pinyin, show) > width, (
                f"word {i} {w.text!r} ({word_width(w, pinyin, show)} cells) split over lines "
                f"{sorted(line_of[i])} at width {width}"
            )

    # closing punctuation never starts a line when it could stay with the word before it
    for group in groups_of(words):
        group_width = sum(word_width(words[i], pinyin, shown is None or shown[i]) for i in group)
        for i in group[1:]:
            if not words[i].text or group_width > width:
                continue
            first_line = min(line_of[i])
            starts_line = lines[first_line].units[0].token == i
            assert not starts_line, (
                f"{words[i].text!r} starts line {first_line} although "
                f"{''.join(words[j].text for j in group)!r} fits in {width} cells"
            )
    return lines


# ------------------------------------------------------------------ examples


def test_pinyin_is_centred_over_each_character():
    lines = layout([word("華爾街", "huá", "ěr", "jiē"), word("。")], 80, True)
    assert len(lines) == 1
    units = lines[0].units
    assert [(u.text, u.syllable, u.x, u.width) for u in units] == [
        ("華", "huá", 0, 3),
        ("爾", "ěr", 4, 2),
        ("街", "jiē", 7, 3),
        ("。", "", 10, 2),
    ]
    assert centred("華", 3) == (0, "華")
    assert centred("huá", 3) == (0, "huá")
    assert centred("的", 6) == (2, "的")


def test_words_get_a_wider_gap_than_characters():
    lines = layout([word("技術", "jì", "shù"), word("資本", "zī", "běn")], 80, True)
    a, b, c, d = lines[0].units
    assert b.x - (a.x + a.width) == 1
    assert c.x - (b.x + b.width) == 2
    assert d.x - (c.x + c.width) == 1


def test_without_pinyin_columns_are_packed():
    lines = layout([word("技術", "jì", "shù"), word("，"), word("AI")], 80, False)
    assert [(u.text, u.x, u.width, u.syllable) for u in lines[0].units] == [
        ("技", 0, 2, ""),
        ("術", 2, 2, ""),
        ("，", 4, 2, ""),
        ("AI", 6, 2, ""),
    ]


def test_lines_wrap_between_words():
    words = [word("過去", "guò", "qù"), word("十年", "shí", "nián"), word("硅谷", "guī", "gǔ")]
    lines = check_layout(words, 16, True)
    assert [[u.text for u in line.units] for line in lines] == [
        ["過", "去", "十", "年"],
        ["硅", "谷"],
    ]


def test_closing_punctuation_travels_with_its_word():
    # "十年，" is 4 + 1 + 4 + 0 + 2 = 11 cells: it must move to the next line whole
    words = [word("過去", "guò", "qù"), word("十年", "shí", "nián"), word("，")]
    lines = check_layout(words, 16, True)
    assert [u.text for u in lines[1].units] == ["十", "年", "，"]
    # a run of closing punctuation stays together too
    words = [word("他說", "tā", "shuō"), word("好", "hǎo"), word("。」")]
    lines = check_layout(words, 12, True)
    assert lines[-1].units[-1].text == "。」"
    assert lines[-1].units[0].text != "。」"


def test_a_long_latin_run_is_cut_to_the_line():
    words = [word("https://example.com/a/very/long/path/that/does/not/fit")]
    lines = check_layout(words, 20, True)
    assert len(lines) == 3
    assert all(line_width(line) <= 20 for line in lines)


def test_a_syllable_wider_than_the_line_stays_alone():
    lines = check_layout([word("裝", "ㄓㄨㄤˋ"), word("窗", "ㄔㄨㄤ")], 4, True)
    assert [len(line.units) for line in lines] == [1, 1]
    assert lines[0].units[0].width == 7


def test_level_mode_hides_pinyin_of_known_words():
    words = [word("的", "de"), word("估值", "gū", "zhí")]
    lines = check_layout(words, 40, True, [False, True])
    syllables = [u.syllable for u in lines[0].units]
    assert syllables == ["", "gū", "zhí"]


def test_han_characters_without_a_syllable_are_plain_text():
    # a token whose pinyin is missing (not annotated yet) is laid out as plain text
    lines = check_layout([word("估值標尺")], 40, True)
    assert [(u.text, u.syllable) for u in lines[0].units] == [("估值標尺", "")]


def test_empty_input_gives_no_lines():
    assert layout([], 40, True) == []


# ------------------------------------------------------------------ hypothesis

HAN = (
    "的一是不了人我在有他這中大來上個國到說們爲子和你地出道也時年得就那要下以生會自着"
    "去之過家學對可她裏後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主"
    "行方又如前所本見經頭面公同三已老從動兩長估值標尺硅谷華爾街敘"
)
SYLLABLES = [
    "de",
    "yī",
    "shì",
    "bù",
    "le",
    "rén",
    "zhuàng",
    "chuǎng",
    "shuāng",
    "ér",
    "ā",
    "zhuang4",
    "shuang1",
    "er2",
    "a1",
    "ㄓㄨㄤˋ",
    "ㄕㄨㄤ",
    "ㄦˊ",
    "ㄚ",
    "˙ㄉㄜ",
    "ㄌㄜ˙",
]
LATIN = [
    "AI",
    "DeepSeek",
    "OpenAI",
    "2025",
    "1",
    "/",
    "3",
    "PE",
    "xAI",
    "https://example.com/a/long/path",
    "C",
    "ChatGPT",
]
PUNCT = sorted(NO_LINE_START) + ["。」", "，", "——", "”，", "。 "]
OPENING = ["“", "「", "（", "《", "—"]


@st.composite
def han_words(draw) -> WordIn:
    text = draw(st.text(alphabet=HAN, min_size=1, max_size=6))
    syllables = tuple(draw(st.sampled_from(SYLLABLES)) for _ in text)
    return WordIn(text, syllables, tuple(draw(st.integers(1, 5)) for _ in text))


@st.composite
def mixed_words(draw) -> WordIn:
    """Latin and Han in one token (jieba keeps some together)."""
    latin = draw(st.sampled_from(LATIN))
    han = draw(st.text(alphabet=HAN, min_size=1, max_size=3))
    text = latin + han if draw(st.booleans()) else han + latin
    syllables = tuple(draw(st.sampled_from(SYLLABLES)) for _ in han)
    return WordIn(text, syllables, tuple(5 for _ in han))


tokens = st.one_of(
    han_words(),
    han_words(),
    mixed_words(),
    st.sampled_from(LATIN).map(lambda t: WordIn(t, (), ())),
    st.sampled_from(PUNCT).map(lambda t: WordIn(t, (), ())),
    st.sampled_from(OPENING).map(lambda t: WordIn(t, (), ())),
)


@settings(
    max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(words=st.lists(tokens, max_size=40), width=st.integers(1, 120), pinyin=st.booleans())
def test_layout_invariants(words, width, pinyin):
    check_layout(words, width, pinyin)


@settings(max_examples=200, deadline=None, database=None)
@given(data=st.data(), width=st.integers(4, 100))
def test_layout_invariants_with_hidden_pinyin(data, width):
    words = data.draw(st.lists(tokens, min_size=1, max_size=30))
    shown = data.draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    check_layout(words, width, True, shown)


@settings(max_examples=300, deadline=None, database=None)
@given(
    words=st.lists(
        st.one_of(han_words(), st.sampled_from(PUNCT[:10]).map(lambda t: WordIn(t, (), ()))),
        min_size=1,
        max_size=30,
    ),
    width=st.integers(12, 100),
)
@example(
    words=[word("估值", "gū", "zhí"), word("估值標尺", "gū", "zhí", "biāo", "chǐ"), word("。")],
    width=20,
)
def test_lines_are_filled_greedily(words, width):
    """A line ends only when the next word (with its punctuation) does not fit on it."""
    lines = check_layout(words, width, True)
    for line, following in zip(lines, lines[1:], strict=False):
        first = following.units[0].token
        group = next(g for g in groups_of(words) if first in g)
        if first != group[0]:
            continue  # a word was cut because it alone is too wide
        needed = sum(word_width(words[i], True) for i in group)
        assert line_width(line) + 2 + needed > max(width, 4)


def test_a_word_that_fits_alone_is_not_split_by_its_punctuation():
    # 的 (2) then 裝裝 (6 + 1 + 6 = 13) and 。(2): 裝裝 fits a 14-cell line by itself, so it
    # moves to the next line whole; the full stop, which cannot fit after it, follows
    words = [word("的", "de"), word("裝裝", "zhuàng", "zhuàng"), word("。")]
    lines = check_layout(words, 14, True)
    assert [[u.text for u in line.units] for line in lines] == [["的"], ["裝", "裝"], ["。"]]


def test_the_same_input_gives_the_same_layout():
    words = [word("估值", "gū", "zhí"), word("，"), word("DeepSeek")] * 10
    assert layout(words, 33, True) == layout(list(words), 33, True)


# ------------------------------------------------------------------ the rendered app


def cells(text: str) -> list[tuple[int, int, str]]:
    """(start cell, end cell, character) for every character of a strip's text."""
    out, x = [], 0
    for ch in text:
        w = cell_len(ch)
        out.append((x, x + w, ch))
        x += w
    return out


def syllable_spans(text: str) -> list[tuple[int, int, str]]:
    """Maximal runs of non-space characters, with their cell spans."""
    spans, current = [], None
    for start, end, ch in cells(text):
        if ch == " ":
            if current:
                spans.append(current)
                current = None
        elif current is None:
            current = (start, end, ch)
        else:
            current = (current[0], end, current[2] + ch)
    if current:
        spans.append(current)
    return spans


def han_spans(text: str) -> list[tuple[int, int, str]]:
    return [c for c in cells(text) if is_han(c[2])]


def layout_width(view, total: int) -> int:
    """The width PassageView lays its text out in, for a widget `total` cells wide."""
    return text_area(total)[0]


def block_rows(view, width: int, text_width: int) -> dict[str, tuple[int, int]]:
    """Block key -> (first row, end row) in a widget `width` wide: a pinyin row and a text
    row per line, one blank row between blocks (no translations in these tests)."""
    rows, y = {}, 0
    for n, block in enumerate(view._blocks):
        assert block.translation is None
        y += 1 if n else 0
        lines = len(view._layout(block, text_width))
        rows[block.key] = (y, y + 2 * lines)
        y += 2 * lines
    assert y == len(view._build(width)), "the widget draws exactly these rows"
    if width == view.size.width:
        assert rows == dict(view.block_rows)
    return rows


def check_block_strips(view, block, width: int, style_name: str, text_width: int) -> int:
    """Check one block's strips as drawn in a widget `width` cells wide (its text laid out
    in `text_width`); returns the number of syllables checked."""
    from reader.lang.pinyin import styled

    strips = view._build(width)
    start, end = block_rows(view, width, text_width)[block.key]
    rows = [s.text for s in strips[start:end]]
    for row in rows:
        assert cell_len(row) == width, "every strip fills the widget exactly"
    lines = view._layout(block, text_width)
    assert len(rows) == 2 * len(lines)
    # expected (character, syllable or None) for every Han character of the block
    expected: list[tuple[str, str | None]] = []
    for i, token in enumerate(block.tokens):
        show = block.show_pinyin is None or block.show_pinyin[i]
        k = 0
        for ch in token.text:
            if is_han(ch) and k < len(token.pinyin):
                expected.append((ch, styled(token.pinyin[k], style_name) if show else None))
                k += 1
            elif is_han(ch):
                expected.append((ch, None))
    checked = 0
    position = 0
    for n in range(len(lines)):
        pinyin_row, text_row = rows[2 * n], rows[2 * n + 1]
        hans = han_spans(text_row)
        syllables = syllable_spans(pinyin_row)
        assert not han_spans(pinyin_row), "no character on a pinyin row"
        mine = expected[position : position + len(hans)]
        assert [c for c, _ in mine] == [h[2] for h in hans], "characters in order"
        position += len(hans)
        wanted = [(h, s) for h, (_, s) in zip(hans, mine, strict=True) if s]
        assert [s for _, s in wanted] == [s[2] for s in syllables], (
            f"syllables of line {n} at width {width}:\n{pinyin_row}\n{text_row}"
        )
        for (h_start, h_end, ch), (s_start, s_end, syllable) in zip(
            [h for h, _ in wanted], syllables, strict=True
        ):
            inside = (s_start <= h_start and h_end <= s_end) or (
                h_start <= s_start and s_end <= h_end
            )
            centre_gap = abs((h_start + h_end) / 2 - (s_start + s_end) / 2)
            assert inside and centre_gap <= 0.5, (
                f"{syllable!r} at cells {s_start}-{s_end} is not over {ch!r} at cells "
                f"{h_start}-{h_end} (width {width}):\n{pinyin_row}\n{text_row}"
            )
            checked += 1
    assert position == len(expected), "every character of the block was drawn"
    return checked


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def home(fresh_home):
    return fresh_home


@pytest.mark.parametrize("style", ["marks", "numbers", "zhuyin", "level"])
@pytest.mark.parametrize("script", SCRIPTS)
async def test_every_syllable_sits_over_its_character(home, script, style):
    from reader.text.library import open_text
    from reader.tui.app import make_app
    from reader.tui.settings import Settings
    from reader.tui.widgets.passage import PassageView

    doc = open_text("deepseek")
    app = make_app("deepseek", doc=doc, settings=Settings(script=script, pinyin=style))
    async with app.run_test(size=(40, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        view = screen.query_one("#passage", PassageView)
        look_style = "marks" if style == "level" else style
        checked = 0
        # what the screen shows, after a real resize of the terminal
        for size in ((40, 30), (80, 24), (160, 50)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert app.size.width == size[0]
            shown_width = view.size.width  # the terminal less the scrollbar
            assert size[0] - 2 <= shown_width <= size[0]
            strips = view._build(shown_width)
            assert [s.text for s in strips] == [
                view.render_line(y).text for y in range(len(strips))
            ]
            text_width = layout_width(view, shown_width)
            for block in view._blocks:
                checked += check_block_strips(view, block, shown_width, look_style, text_width)
        # and every block of the text, through the same widget
        for block_id in ["title", *[s.id for s in doc.sections if s.title], *doc.paragraph_ids()]:
            screen.adoc.tokens(block_id)
        blocks = tuple(
            screen._block(b, "paragraph", False, None, None)
            for b in ["title", *[s.id for s in doc.sections if s.title], *doc.paragraph_ids()]
        )
        view.show(blocks, view._look)
        for width in (40, 80, 160):
            text_width = layout_width(view, width)
            for block in blocks:
                checked += check_block_strips(view, block, width, look_style, text_width)
        assert checked > 3000


def test_latin_and_digit_runs_stay_together():
    words = [
        WordIn("1", (), ()),
        WordIn("/", (), ()),
        WordIn("3", (), ()),
        WordIn("算力", ("suàn", "lì"), (4, 4)),
    ]
    units = layout(words, 80, True)[0].units
    assert [u.x for u in units[:3]] == [0, 1, 2]
    assert units[3].x >= 3 + 2  # Chinese keeps its word gap
