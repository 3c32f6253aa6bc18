"""The quiz screen as a learner uses it (issue 13, parts 1 and 2): keys 1-9, a quiz
that reopens where it was left, questions in the reader's script, English hidden when
an assignment allows no translation, and feedback "after"."""

from __future__ import annotations

from click.testing import CliRunner

from reader.cli import main
from reader.study.assignment import load_assignment
from reader.study.questions import load_questions
from reader.study.store import Store
from reader.text.chars import convert
from reader.text.library import open_text
from reader.tui.app import make_app
from reader.tui.settings import Settings


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def options(app) -> list[str]:
    from textual.widgets import OptionList

    listing = app.screen.query_one("#quiz-choices", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def section_questions(section: int):
    return [q for q in load_questions(open_text("deepseek")) if q.section == section]


async def test_number_keys_choose_and_the_quiz_reopens_where_it_was_left(fresh_home):
    first, second, third = section_questions(1)[:3]
    assert first.kind == second.kind == "choice"
    app = make_app("deepseek", doc=open_text("deepseek"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        quiz = app.screen.session
        right = quiz.index_of(first, first.answer)
        await press(pilot, str(right + 1))  # keys 1-9 answer at once
        assert shown(app, "#quiz-feedback").startswith("✓ Right!")
        await press(pilot, "n")
        wrong = next(i for i in range(4) if i != quiz.index_of(second, second.answer))
        await press(pilot, str(wrong + 1), "escape")
    # a new run: the quiz opens at the third question; b shows the second's answer
    again = make_app("deepseek", doc=open_text("deepseek"))
    async with again.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert third.prompt in again.screen.prompt_shown()
        assert again.screen.prompt_shown().startswith("3/")
        await press(pilot, "b")
        assert second.prompt in again.screen.prompt_shown()
        assert shown(again, "#quiz-feedback").startswith("✗ Not quite.")
        # a number key on an answered question changes nothing (and stays there)
        await press(pilot, str(again.screen.session.index_of(second, second.answer) + 1))
        assert second.prompt in again.screen.prompt_shown()
        rows = [(a.question, a.correct) for a in Store().answers("deepseek")]
        assert rows == [(first.id, True), (second.id, False)]
        # n goes on, and skips an unanswered question; b comes back
        await press(pilot, "n")
        assert third.prompt in again.screen.prompt_shown()
        await press(pilot, "b")
        assert second.prompt in again.screen.prompt_shown()
        await press(pilot, "n", "n")  # past the third, unanswered: skipped for now
        assert again.screen.session.position == 3
        await press(pilot, "tab", "b")  # tab leaves the answer box
        assert third.prompt in again.screen.prompt_shown()
        # r: a retry, saved as practice
        await press(pilot, "b", "r")
        assert second.prompt in again.screen.prompt_shown()
        assert shown(again, "#quiz-feedback") == ""
        await press(pilot, str(again.screen.session.index_of(second, second.answer) + 1))
        assert shown(again, "#quiz-feedback").startswith("✓ Right this time")
        last = Store().answers("deepseek")[-1]
        assert (last.question, last.correct, last.retry) == (second.id, True, True)


async def test_questions_follow_the_readers_script(fresh_home):
    first = section_questions(1)[0]
    assert "硅谷" in first.answer and "說" in first.prompt
    app = make_app("deepseek", doc=open_text("deepseek"), settings=Settings(script="simplified"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert convert(first.prompt, "t2s") in app.screen.prompt_shown()
        assert all("說" not in o for o in options(app))
        assert any(convert(first.answer, "t2s") in o for o in options(app))
    taiwan = make_app("deepseek", doc=open_text("deepseek"), settings=Settings(script="taiwan"))
    async with taiwan.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert any("矽谷與華爾街" in o for o in options(taiwan))
        assert not any("硅谷" in o for o in options(taiwan))
        # grading is by the question's own text, whatever the script shown
        session = taiwan.screen.session
        await press(pilot, str(session.index_of(first, first.answer) + 1))
        assert shown(taiwan, "#quiz-feedback").startswith("✓ Right!")
        assert "矽谷" in shown(taiwan, "#quiz-feedback")


def assign(tmp_path, *extra: str):
    out = tmp_path / "week.toml"
    result = CliRunner().invoke(
        main, ["assign", "deepseek", "--sections", "2", "-o", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return load_assignment(out)


async def test_no_translation_hides_the_english_and_feedback_after_shows_nothing(
    fresh_home, tmp_path
):
    assignment = assign(tmp_path, "--no-translation", "--feedback", "after")
    question = assignment.questions[0]
    assert question.prompt_en
    app = make_app(
        str(assignment.path),
        assignment=assignment,
        store=Store(),
        settings=Settings(student_name="Ana"),
        student="Ana",
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.screen.open_quiz(2)
        await settle(pilot)
        assert question.prompt in app.screen.prompt_shown()
        assert question.prompt_en not in app.screen.prompt_shown()
        await press(pilot, "1")
        feedback = shown(app, "#quiz-feedback")
        assert feedback.startswith("Answer saved")
        assert "Right" not in feedback and "Not quite" not in feedback
        assert question.explanation not in feedback
        await press(pilot, "r")  # no retry when the answers are not shown
        assert shown(app, "#quiz-feedback").startswith("Answer saved")


async def test_a_prompt_has_pinyin_and_its_words_open_the_popup(fresh_home):
    first = section_questions(1)[0]
    app = make_app("deepseek", doc=open_text("deepseek"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        quiz = app.screen
        view = quiz.query_one("#quiz-ruby")
        lines = [strip.text for strip in view._build(view.size.width)]
        assert any("wén" in line for line in lines), lines  # 文章 wén zhāng, over the prompt
        assert first.prompt.replace("，", "").startswith("文章")
        await press(pilot, "l", "d")  # the second word of the prompt: 說
        assert type(app.screen).__name__ == "WordPopup"
        assert "說" in str(app.screen.query_one("#popup-text").render())
        await press(pilot, "escape")
        assert app.screen is quiz, "escape closes the popup, not the quiz"
    looked = [w for w, _ in Store().lookups("deepseek")]
    assert looked == ["说"]


async def test_no_pinyin_over_a_prompt_when_pinyin_is_off(fresh_home):
    app = make_app("deepseek", doc=open_text("deepseek"), settings=Settings(pinyin="off"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        view = app.screen.query_one("#quiz-ruby")
        lines = [strip.text for strip in view._build(view.size.width)]
        assert not any("wén" in line for line in lines)
        assert any("文" in line for line in lines)


async def test_the_prompt_cursor_skips_numbers(fresh_home):
    """2024年10月融資後: the cursor starts on 年 and moves over words with a popup only."""
    question = section_questions(2)[0]
    assert question.prompt.startswith("2024年")
    app = make_app("deepseek", doc=open_text("deepseek"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "]", "c")
        quiz = app.screen
        tokens = quiz._prompt_tokens()
        seen = [tokens[quiz.word_cursor].text]
        for _ in range(3):
            await press(pilot, "l")
            seen.append(tokens[quiz.word_cursor].text)
        assert seen[:2] == ["年", "月"] and all(
            any("\u4e00" <= c <= "\u9fff" for c in w) for w in seen
        )
        await press(pilot, "d")
        assert type(app.screen).__name__ == "WordPopup"


async def test_the_keys_shown_are_the_ones_that_work_in_the_answer_box(fresh_home):
    from textual.widgets import Input

    short = next(q for q in load_questions(open_text("deepseek")) if q.kind == "short")
    app = make_app("deepseek", doc=open_text("deepseek"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.screen.open_quiz(short.section)
        await settle(pilot)
        quiz = app.screen
        while quiz.session.current is not None and quiz.session.current.id != short.id:
            await press(pilot, "n")  # skipped: answered later
        box = quiz.query_one("#quiz-input", Input)
        box.focus()
        await settle(pilot)
        body = quiz.query_one("#quiz-body")
        assert "typing an answer" in str(body.border_subtitle)
        assert "1-9 choose" not in str(body.border_subtitle)
        await press(pilot, "tab")
        assert not isinstance(quiz.focused, Input)
        assert "1-9 choose" in str(body.border_subtitle)
