"""Every screen at 40x12, 80x24 and 200x60, and resizes while a popup or the quiz is open:
no crash, and the Chinese is still on screen."""

from __future__ import annotations

import re

import pytest

from reader.text.library import open_text
from reader.tui.app import make_app
from reader.tui.settings import Settings

SIZES = [(40, 12), (80, 24), (200, 60)]
HAN = re.compile(r"[\u4e00-\u9fff]")


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def visible_text(app) -> str:
    return app.export_screenshot()


async def open_screen(pilot, name: str) -> None:
    app = pilot.app
    if name == "popup":
        await pilot.press("enter")
    elif name == "help":
        await pilot.press("question_mark")
    elif name == "questions":
        await pilot.press("c")
    elif name == "glossary":
        await pilot.press("g")
    elif name == "vocabulary":
        app.store.add_word("估值", "估值", "估值", "gū zhí", "valuation", "估值很高。", "deepseek")
        await pilot.press("w")
    await settle(pilot)


SCREENS = {
    "library": "LibraryScreen",
    "reading": "ReadingScreen",
    "popup": "WordPopup",
    "help": "HelpScreen",
    "questions": "QuestionsScreen",
    "glossary": "GlossaryList",
    "vocabulary": "VocabularyScreen",
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
async def test_every_screen_at_every_size(fresh_home, name, size):
    app = make_app() if name == "library" else make_app("deepseek", doc=open_text("deepseek"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_screen(pilot, name)
        assert type(app.screen).__name__ == SCREENS[name]
        text = visible_text(app)
        if name != "help":  # the help screen is in English
            assert HAN.search(text), f"no Chinese visible on {name} at {size}"


@pytest.mark.parametrize("name", ["popup", "questions"])
async def test_resizing_with_a_popup_or_the_quiz_open(fresh_home, name):
    app = make_app("deepseek", doc=open_text("deepseek"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_screen(pilot, name)
        for size in [(40, 12), (200, 60), (30, 8), (80, 24)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert type(app.screen).__name__ == SCREENS[name]
            assert HAN.search(visible_text(app))
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReadingScreen"


async def test_assignment_name_screen_at_small_size(fresh_home, tmp_path):
    from click.testing import CliRunner

    from reader.cli import main
    from reader.study.assignment import load_assignment

    out = tmp_path / "w.toml"
    assert (
        CliRunner()
        .invoke(main, ["assign", "deepseek", "--sections", "2", "-o", str(out)])
        .exit_code
        == 0
    )
    app = make_app(str(out), assignment=load_assignment(out), settings=Settings())
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "NameScreen"
        await pilot.press(*"Ana", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReadingScreen"
        assert app.settings.student_name == "Ana"
        assert HAN.search(visible_text(app))
