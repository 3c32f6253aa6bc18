"""The command palette runs every command it offers, on every screen.

Each command is picked the way a learner picks it (ctrl+p, type its name, Enter), and
its effect is checked: the same effect its key has. A command the palette offers but no
expectation names fails the test, so a new binding cannot be left out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, OptionList

from reader import paths
from reader.study.store import Store
from reader.text.library import open_text
from reader.tui.app import ReaderApp, make_app
from reader.tui.commands import screen_commands
from reader.tui.settings import Settings
from reader.tui.widgets.search_bar import SearchBar

pytestmark = pytest.mark.usefixtures("fresh_home")


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_name(app: ReaderApp) -> str:
    return type(app.screen).__name__


async def run_from_palette(pilot: Any, title: str) -> None:
    """ctrl+p, type `title`, highlight the command of exactly that name, Enter."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(app.screen, CommandPalette)
    palette = app.screen
    palette.query_one(Input).value = title
    commands = palette.query_one(CommandList)
    for _ in range(50):
        await pilot.pause(0.05)
        names = [str(option.prompt).split("\n")[0] for option in commands.options]
        if title in names:
            break
    else:
        raise AssertionError(f"the palette does not offer {title!r}: {names}")
    commands.highlighted = names.index(title)
    await pilot.press("enter")
    await settle(pilot)


def offered(app: ReaderApp) -> list[str]:
    return [command.title for command in screen_commands(app.screen)]


Check = Callable[[ReaderApp, dict[str, Any]], None]
Prepare = Callable[[Any], Awaitable[None]]


def reading_state(app: ReaderApp) -> dict[str, Any]:
    position = getattr(app.screen, "position", None)
    return {
        "screen": screen_name(app),
        "index": position.index if position else None,
        "cursor": position.cursor if position else None,
        # the script of this text (s), which the reading screen's settings carry
        "script": getattr(app.screen, "settings", app.settings).script,
        "pinyin": app.settings.pinyin,
        "translation": app.settings.translation,
    }


def becomes(name: str) -> Check:
    def check(app: ReaderApp, before: dict[str, Any]) -> None:
        assert screen_name(app) == name

    return check


def changes(key: str, expected: Callable[[Any], Any] | None = None) -> Check:
    def check(app: ReaderApp, before: dict[str, Any]) -> None:
        after = reading_state(app)
        assert after[key] != before[key], key
        if expected is not None:
            assert after[key] == expected(before[key])

    return check


def search_opened(app: ReaderApp, before: dict[str, Any]) -> None:
    assert app.screen.query_one(SearchBar).display


def corrected(table: str) -> Check:
    """A correction was saved in the learner's file (or, for a split of a long word,
    the choice of where to split is open)."""

    def check(app: ReaderApp, before: dict[str, Any]) -> None:
        if screen_name(app) == "ChoiceScreen":
            return
        saved = paths.corrections_file().read_text("utf-8")
        assert table in saved, saved

    return check


def quits(app: ReaderApp, before: dict[str, Any]) -> None:
    assert app._exit


READING: dict[str, Check] = {
    "Next": changes("index", lambda i: i + 1),
    "Prev": changes("index", lambda i: i - 1),
    "Section▶": changes("index"),
    "◀Section": changes("index"),
    "Word▶": changes("cursor"),
    "◀Word": changes("cursor"),
    "Look up": becomes("WordPopup"),
    "Split": corrected("[split]"),
    "Join": corrected("join = "),
    "Script": changes("script"),
    "Pinyin": changes("pinyin"),
    "English": changes("translation"),
    "Questions": becomes("QuestionsScreen"),
    "Glossary": becomes("GlossaryList"),
    "Words": becomes("VocabularyScreen"),
    "All known": becomes("ChoiceScreen"),  # asks first
    "New words": becomes("NewWordsScreen"),
    "Review": becomes("ReviewScreen"),
    "Search": search_opened,
    "Next match": changes("index"),
    "Help": becomes("HelpScreen"),
    "Contents": becomes("ContentsScreen"),
    "Settings": becomes("SettingsScreen"),
    "Library": becomes("LibraryScreen"),
    "Quit": quits,
}


def article_app() -> ReaderApp:
    return make_app("deepseek", doc=open_text("deepseek"), settings=Settings(), store=Store())


async def at_reading(pilot: Any, title: str) -> None:
    """Where each reading command can show its effect."""
    screen: Any = pilot.app.screen
    if title in ("Prev", "◀Word", "◀Section"):
        await pilot.press("j", "j", "l", "l")
    if title == "Next match":
        screen.query_one(SearchBar).query_text = "估值"
    await settle(pilot)


async def test_every_reading_command_has_an_expectation():
    app = article_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert sorted(offered(app)) == sorted(READING)


@pytest.mark.parametrize("title", list(READING))
async def test_a_reading_command_from_the_palette(title):
    app = article_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await at_reading(pilot, title)
        before = reading_state(app)
        await run_from_palette(pilot, title)
        READING[title](app, before)


async def test_library_commands_from_the_palette():
    app = make_app(settings=Settings(), store=Store())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert sorted(offered(app)) == sorted(
            ["Open", "Words", "Review", "Settings", "Help", "Quit"]
        )
        for title, expected in (
            ("Words", "VocabularyScreen"),
            ("Help", "HelpScreen"),
            ("Settings", "SettingsScreen"),
        ):
            await run_from_palette(pilot, title)
            assert screen_name(app) == expected
            await pilot.press("escape")
            await settle(pilot)
            assert screen_name(app) == "LibraryScreen"
        await run_from_palette(pilot, "Open")
        assert screen_name(app) == "ReadingScreen"
    app = make_app(settings=Settings(), store=Store())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_from_palette(pilot, "Quit")
        assert app._exit


async def test_modal_screen_commands_from_the_palette():
    """The popup, the glossary list, the vocabulary, the help and the quiz."""
    app = article_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert sorted(offered(app)) == ["Add to vocabulary", "Close", "Other reading"]
        await run_from_palette(pilot, "Add to vocabulary")
        assert len(app.store.vocabulary()) == 1
        await run_from_palette(pilot, "Other reading")
        assert screen_name(app) == "ChoiceScreen"
        assert sorted(offered(app)) == ["Cancel"]
        await run_from_palette(pilot, "Cancel")
        assert screen_name(app) == "WordPopup"
        await run_from_palette(pilot, "Close")
        assert screen_name(app) == "ReadingScreen"

        await pilot.press("w")
        await settle(pilot)
        assert sorted(offered(app)) == ["Close", "Known", "Remove", "Undo"]
        await run_from_palette(pilot, "Known")
        assert app.store.vocabulary()[0].known and app.known_words
        await run_from_palette(pilot, "Remove")
        assert app.store.vocabulary() == []
        await run_from_palette(pilot, "Undo")
        assert app.store.vocabulary()[0].known, "back, still known"
        await run_from_palette(pilot, "Remove")
        await run_from_palette(pilot, "Close")
        assert screen_name(app) == "ReadingScreen"

        for key, name in (("g", "GlossaryList"), ("question_mark", "HelpScreen")):
            await pilot.press(key)
            await settle(pilot)
            assert screen_name(app) == name and offered(app) == ["Close"]
            await run_from_palette(pilot, "Close")
            assert screen_name(app) == "ReadingScreen"

        await pilot.press("c")
        await settle(pilot)
        quiz: Any = app.screen
        assert sorted(offered(app)) == ["Back", "Close", "Evidence", "Look up", "Next", "Try again"]
        question = quiz.session.current
        await pilot.press("enter")  # answer the first question with its first choice
        await settle(pilot)
        assert quiz.session.last is not None
        await run_from_palette(pilot, "Next")
        assert quiz.session.current is not question and quiz.session.last is None
        await run_from_palette(pilot, "Evidence")
        assert screen_name(app) == "ReadingScreen"
        assert app.screen.position.paragraph_id == quiz.session.current.evidence  # type: ignore[attr-defined]
        await pilot.press("c")
        await settle(pilot)
        assert screen_name(app) == "QuestionsScreen"
        assert app.screen.session is quiz.session  # type: ignore[attr-defined]
        await run_from_palette(pilot, "Close")
        assert screen_name(app) == "ReadingScreen"


async def test_retry_from_the_palette():
    app = article_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        quiz: Any = app.screen
        total = len(quiz.session.questions)
        while quiz.session.current is not None:  # every answer wrong
            question = quiz.session.current
            if question.kind == "short":
                box = quiz.query_one("#quiz-input", Input)
                box.value = "不知道"
                await box.action_submit()
            else:
                options = list(question.choices) if question.kind == "choice" else [True, False]
                wrong = next(o for o in options if o != question.answer)
                quiz.query_one(OptionList).highlighted = quiz.session.index_of(question, wrong)
                await pilot.press("enter")
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
        assert len(quiz.session.missed) == total
        await run_from_palette(pilot, "Try again")
        assert len(quiz.session.shown_questions) == total and quiz.session.position == 0
        assert quiz.session.current is not None
