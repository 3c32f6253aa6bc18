"""Screenshots of the reader compared with accepted SVGs (pytest-textual-snapshot).

Every app is built with its settings injected (no mode-change toasts), in a READER_HOME of
its own (no saved position leaks in), and screenshots are taken only after the annotation
workers are done. Update with `pytest tests/test_snapshots.py --snapshot-update` and look
at the SVGs before accepting them.
"""

from __future__ import annotations

import pytest

from reader.text.library import open_text
from reader.tui.app import make_app
from reader.tui.settings import Settings

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 50), id="160x50")]


@pytest.fixture(autouse=True)
def home(fresh_home):
    return fresh_home


def article_app(**settings):
    return make_app("deepseek", doc=open_text("deepseek"), settings=Settings(**settings))


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def steps(*keys: str, cursor_on: str | None = None, expect: str | None = None):
    """A run_before: press `keys` (settling after each), then move the word cursor with l
    to the token `cursor_on`, then check the screen is `expect`."""

    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(pilot)
        for key in keys:
            if key == "<cursor>":
                await move_cursor(pilot, cursor_on)
                continue
            await pilot.press(key)
            await settle(pilot)
        if expect is not None:
            assert type(app.screen).__name__ == expect
        # the screenshot must not depend on a toast
        assert not list(app._notifications), [str(n.message) for n in app._notifications]

    return run_before


async def move_cursor(pilot, text: str) -> None:
    screen = pilot.app.screen
    for _ in range(80):
        if screen._shown(screen.position.paragraph_id)[screen.position.cursor].text == text:
            await settle(pilot)
            return
        await pilot.press("l")
    raise AssertionError(f"the cursor never reached {text!r}")


@pytest.mark.parametrize("size", SIZES)
def test_library(snap_compare, size):
    assert snap_compare(
        make_app(settings=Settings()), terminal_size=size, run_before=steps(expect="LibraryScreen")
    )


@pytest.mark.parametrize("pinyin", ["marks", "numbers", "zhuyin", "level", "off"])
@pytest.mark.parametrize("size", SIZES)
def test_reading_pinyin_modes(snap_compare, size, pinyin):
    assert snap_compare(
        article_app(pinyin=pinyin), terminal_size=size, run_before=steps(expect="ReadingScreen")
    )


@pytest.mark.parametrize("script", ["simplified", "traditional", "taiwan", "hongkong"])
def test_reading_scripts(snap_compare, script):
    # "original" is test_reading_pinyin_modes[80x24-marks]
    assert snap_compare(
        article_app(script=script), terminal_size=(80, 24), run_before=steps(expect="ReadingScreen")
    )


def test_reading_with_translation(snap_compare):
    assert snap_compare(
        article_app(translation=True),
        terminal_size=(80, 24),
        run_before=steps(expect="ReadingScreen"),
    )


@pytest.mark.parametrize("size", SIZES)
def test_glossary_popup(snap_compare, size):
    # s2p2 (index 4): 估值 as a word of its own, a glossary term
    assert snap_compare(
        article_app(),
        terminal_size=size,
        run_before=steps(
            "right_square_bracket", "j", "<cursor>", "enter", cursor_on="估值", expect="WordPopup"
        ),
    )


@pytest.mark.parametrize("size", SIZES)
def test_dictionary_popup(snap_compare, size):
    # s1p1: 當仁不讓, an idiom from CC-CEDICT
    assert snap_compare(
        article_app(),
        terminal_size=size,
        run_before=steps("<cursor>", "enter", cursor_on="當仁不讓", expect="WordPopup"),
    )


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, size):
    assert snap_compare(
        article_app(), terminal_size=size, run_before=steps("question_mark", expect="HelpScreen")
    )


@pytest.mark.parametrize("size", SIZES)
def test_questions(snap_compare, size):
    assert snap_compare(
        article_app(), terminal_size=size, run_before=steps("c", expect="QuestionsScreen")
    )


@pytest.mark.parametrize("size", SIZES)
def test_glossary_list(snap_compare, size):
    assert snap_compare(
        article_app(), terminal_size=size, run_before=steps("g", expect="GlossaryList")
    )


@pytest.mark.parametrize("size", SIZES)
def test_settings_screen(snap_compare, size):
    assert snap_compare(
        article_app(), terminal_size=size, run_before=steps("o", expect="SettingsScreen")
    )


@pytest.mark.parametrize("size", SIZES)
def test_table_of_contents(snap_compare, size):
    assert snap_compare(
        article_app(), terminal_size=size, run_before=steps("t", expect="ContentsScreen")
    )


THREE_SIZES = [
    pytest.param(size, id=f"{size[0]}x{size[1]}") for size in ((60, 20), (80, 24), (160, 50))
]


def learner_store():
    """A learner who knows some words of the article and is learning others."""
    from reader.study.review import Reviewer
    from reader.study.store import Store

    store = Store()
    store.set_statuses(["硅谷", "华尔街", "过去", "十年"], "known")
    store.set_statuses(["叙事", "寡头"], "2")
    store.set_status("估值", "1")
    Reviewer(store).add_word("估值", "這家公司的估值很高。")
    return store


@pytest.mark.parametrize("size", THREE_SIZES)
def test_marked_text(snap_compare, size):
    app = make_app(
        "deepseek", doc=open_text("deepseek"), settings=Settings(), store=learner_store()
    )
    assert snap_compare(app, terminal_size=size, run_before=steps(expect="ReadingScreen"))


@pytest.mark.parametrize("size", THREE_SIZES)
def test_new_words_list(snap_compare, size):
    app = make_app(
        "deepseek", doc=open_text("deepseek"), settings=Settings(), store=learner_store()
    )
    assert snap_compare(app, terminal_size=size, run_before=steps("N", expect="NewWordsScreen"))


@pytest.mark.parametrize("size", THREE_SIZES)
def test_review_screen(snap_compare, size):
    app = make_app(settings=Settings(), store=learner_store())
    assert snap_compare(
        app, terminal_size=size, run_before=steps("r", "space", expect="ReviewScreen")
    )
