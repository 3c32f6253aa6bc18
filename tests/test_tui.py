"""The reader driven through Textual's pilot: every key of the reading screen, the
popups and lists, settings and position kept between runs, hostile text, resizing."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from reader.lang.script import SCRIPTS, to_script
from reader.text.library import open_text
from reader.tui.app import make_app
from reader.tui.settings import PINYIN_MODES, Settings, load_settings
from reader.tui.widgets.passage import text_area

SECTION_STARTS = [0, 3, 13, 19]
LAST = 24  # the article has 25 paragraphs


# ------------------------------------------------------------------ helpers


@pytest.fixture(autouse=True)
def home(fresh_home):
    """Each test gets its own READER_HOME: settings and positions never leak between tests."""
    return fresh_home


def article_app(**kwargs):
    return make_app("deepseek", doc=open_text("deepseek"), **kwargs)


async def settle(pilot) -> None:
    """Let the annotation workers finish and the screen repaint."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def forward(pilot, key: str = "j", times: int = 1) -> None:
    """Next paragraph `times` times; the questions offered at a section's end are closed."""
    for _ in range(times):
        await press(pilot, key)
        if type(pilot.app.screen).__name__ == "QuestionsScreen":
            await press(pilot, "escape", key)


def view_of(app):
    return app.screen.query_one("#passage")


def passage_text(app) -> str:
    view = view_of(app)
    return "\n".join(s.text for s in view._build(view.size.width))


def layout_width(view, total: int) -> int:
    """The width PassageView lays its text out in, for a widget `total` cells wide."""
    return text_area(total)[0]


def block_lines(view, key: str):
    width = view.size.width
    block = next(b for b in view._blocks if b.key == key)
    return view._layout(block, layout_width(view, width))


def block_text(app, key: str) -> str:
    """The characters of one block as drawn, pinyin rows left out, spaces removed."""
    view = view_of(app)
    lines = block_lines(view, key)
    strips = view._build(view.size.width)
    start, _ = view.block_rows[key]
    step = 2 if view._look.style is not None else 1
    rows = strips[start : start + step * len(lines)][step - 1 :: step]
    return "".join(s.text.replace(" ", "") for s in rows)


def pinyin_rows(app, key: str) -> list[str]:
    view = view_of(app)
    if view._look.style is None:
        return []
    lines = block_lines(view, key)
    strips = view._build(view.size.width)
    start, _ = view.block_rows[key]
    return [s.text for s in strips[start : start + 2 * len(lines)][0::2]]


def current_token(app):
    screen = app.screen
    return screen._shown(screen.position.paragraph_id)[screen.position.cursor]


async def move_cursor_to(pilot, text: str, limit: int = 120) -> None:
    """Press l until the cursor is on `text` (the word-cursor keys have tests of their own)."""
    for _ in range(limit):
        if current_token(pilot.app).text == text:
            await settle(pilot)
            return
        await pilot.press("l")
    raise AssertionError(f"the cursor never reached {text!r}")


async def put_cursor_on(pilot, text: str) -> None:
    """Put the cursor straight on the first token `text` of the current paragraph."""
    screen = pilot.app.screen
    tokens = screen._shown(screen.position.paragraph_id)
    screen.position.cursor = next(i for i, t in enumerate(tokens) if t.text == text)
    screen.refresh_passage()
    await settle(pilot)


def notifications(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def plain(text: str) -> str:
    return text.replace(" ", "")


# ------------------------------------------------------------------ opening


async def test_the_article_opens_at_its_first_paragraph_with_pinyin():
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "ReadingScreen"
        assert (screen.position.index, screen.position.paragraph_id, screen.position.cursor) == (
            0,
            "s1p1",
            0,
        )
        doc = screen.doc
        assert [b.key for b in view_of(app)._blocks] == ["title", "s1p1", "s1p2"]
        assert block_text(app, "title") == plain(doc.title)
        assert block_text(app, "s1p1") == plain(doc.paragraph("s1p1").text)
        # the title and the paragraphs are annotated: pinyin over them
        assert "guī gǔ" in pinyin_rows(app, "title")[0]
        assert "guò qù" in pinyin_rows(app, "s1p1")[0]
        assert "s1p1 · 1/25" in str(screen.query_one("#position").render())


async def test_the_library_lists_the_bundled_article():
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "LibraryScreen"
        table = app.screen.query_one("#library")
        row = table.get_row("deepseek")
        assert str(row[0]).startswith("DeepSeek")
        assert [str(c) for c in row[5:7]] == ["4", "25"]
        assert str(row[1]) == "not started"
        assert str(row[2]) != "…", "the HSK column is filled in by the worker"
        await press(pilot, "enter")
        assert type(app.screen).__name__ == "ReadingScreen"
        assert app.screen.doc.id == "deepseek"


# ------------------------------------------------------------------ paragraphs


ARROWS_BUG = (
    "reading.py: the focused VerticalScroll #passage-scroll binds up/down to scrolling; "
    "once the passage overflows (80x24 from paragraph 2 on) the arrow keys scroll instead "
    "of moving to the next/previous paragraph"
)


@pytest.mark.parametrize("key", ["j", "space", "down"])
async def test_next_paragraph(key):
    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, key)
        assert app.screen.position.index == 1
        assert app.screen.position.paragraph_id == "s1p2"
        view = view_of(app)
        current = [b for b in view._blocks if b.cursor is not None]
        assert [b.key for b in current] == ["s1p2"]
        assert block_text(app, "s1p2") == plain(app.screen.doc.paragraph("s1p2").text)
        await forward(pilot, key, 2)
        assert app.screen.position.index == 3
        assert "s2p1 · 4/25" in str(app.screen.query_one("#position").render())


@pytest.mark.parametrize("key", ["k", "up"])
async def test_previous_paragraph(key):
    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await forward(pilot, "j", 4)
        assert app.screen.position.index == 4
        await press(pilot, key)
        assert app.screen.position.index == 3
        await press(pilot, key, key, key)
        assert app.screen.position.index == 0
        await press(pilot, key)
        assert app.screen.position.index == 0, "k on the first paragraph stays there"


async def test_the_last_paragraph_is_the_end():
    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, *["]"] * 3)
        await forward(pilot, "j", 10)
        assert app.screen.position.index == LAST
        assert app.screen.position.paragraph_id == "s4p6"
        await press(pilot, "j")
        assert app.screen.position.index == LAST


async def test_sections_forward_and_back():
    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        seen = [app.screen.position.index]
        for _ in range(4):
            await press(pilot, "right_square_bracket")
            seen.append(app.screen.position.index)
        assert seen == [*SECTION_STARTS, SECTION_STARTS[-1]]
        # the heading of the section is shown above its first paragraph
        assert [b.key for b in view_of(app)._blocks][:2] == ["s4", "s4p1"]
        assert block_text(app, "s4") == plain("撥開迷霧後的價值重構")
        back = []
        for _ in range(4):
            await press(pilot, "left_square_bracket")
            back.append(app.screen.position.index)
        assert back == [13, 3, 0, 0]


async def test_previous_section_from_inside_a_section_goes_to_its_start():
    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "]", "]", "j", "j")
        assert app.screen.position.index == 15
        await press(pilot, "[")
        assert app.screen.position.index == 13
        await press(pilot, "[")
        assert app.screen.position.index == 3


# ------------------------------------------------------------------ the word cursor


def is_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


@pytest.mark.parametrize(
    "forward,backward,paragraph",
    [
        ("l", "h", 2),  # s1p3: words, numbers, '1/3', punctuation
        ("right", "left", 1),  # s1p2
    ],
)
async def test_the_word_cursor_visits_every_word_and_no_punctuation(forward, backward, paragraph):
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await press(pilot, *["j"] * paragraph)
        tokens = screen._shown(screen.position.paragraph_id)
        words = [i for i, t in enumerate(tokens) if is_word(t.text)]
        assert len(words) < len(tokens), "the paragraph has punctuation to skip"
        visited = [screen.position.cursor]
        for _ in range(len(words) + 1):
            await pilot.press(forward)
            if screen.position.cursor != visited[-1]:
                visited.append(screen.position.cursor)
        await settle(pilot)
        assert visited == words
        back = [screen.position.cursor]
        for _ in range(len(words) + 1):
            await pilot.press(backward)
            if screen.position.cursor != back[-1]:
                back.append(screen.position.cursor)
        assert back == words[::-1]
        assert screen.position.index == paragraph, "the word keys never change the paragraph"


async def test_the_cursor_word_is_drawn_reversed():
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await move_cursor_to(pilot, "華爾街")
        assert app.screen.position.cursor == 5
        view = view_of(app)
        reversed_text = "".join(
            seg.text
            for strip in view._build(view.size.width)
            for seg in strip
            if seg.style is not None and seg.style.reverse
        )
        assert plain(reversed_text) == "huáěrjiē華爾街"


async def test_a_new_paragraph_starts_with_the_cursor_on_its_first_word():
    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "l", "l", "l")
        assert app.screen.position.cursor > 0
        await press(pilot, "j")
        assert app.screen.position.cursor == 0
        # s1p2 starts with "2025": a word
        assert current_token(app).text == "2025"


# ------------------------------------------------------------------ the popup


async def test_enter_opens_the_glossary_entry_and_escape_closes_it():
    from reader.tui.screens.popup import WordPopup

    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "]", "j")  # s2p2
        await move_cursor_to(pilot, "估值")
        assert app.screen.position.cursor == 11
        await press(pilot, "enter")
        popup = app.screen
        assert isinstance(popup, WordPopup)
        assert popup.token.text == "估值"
        text = str(popup.query_one("#popup-text").render())
        assert "valuation" in text
        assert "gū zhí" in text
        assert "glossary" in text
        assert popup.query_one("#popup-body").border_title == "估值"
        await press(pilot, "escape")
        assert type(app.screen).__name__ == "ReadingScreen"
        assert current_token(app).text == "估值"


async def test_the_dictionary_popup_for_an_idiom():
    from reader.tui.screens.popup import WordPopup

    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await put_cursor_on(pilot, "當仁不讓")
        await press(pilot, "enter")
        assert isinstance(app.screen, WordPopup)
        text = str(app.screen.query_one("#popup-text").render())
        assert "CC-CEDICT" in text
        assert "dāng rén bù ràng" in text
        await press(pilot, "q")
        assert type(app.screen).__name__ == "ReadingScreen"


async def test_a_in_the_popup_adds_the_word_to_the_vocabulary():
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert app.store.vocabulary() == []
        await press(pilot, "]", "j")
        await put_cursor_on(pilot, "估值")
        await press(pilot, "enter", "a")
        words = app.store.vocabulary()
        assert len(words) == 1
        saved = words[0]
        assert (saved.word, saved.simplified, saved.traditional) == ("估值", "估值", "估值")
        assert saved.pinyin == "gū zhí"
        assert "valuation" in saved.english
        assert "估值" in saved.sentence and saved.sentence == app.screen.sentence
        assert saved.known is False
        assert any("Added 估值" in n for n in notifications(app))
        # adding twice keeps one entry
        await press(pilot, "a")
        assert len(app.store.vocabulary()) == 1


async def test_enter_on_a_number_reads_it_aloud():
    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "j")
        assert current_token(app).text == "2025"
        await press(pilot, "enter")
        assert type(app.screen).__name__ == "WordPopup"
        shown = str(app.screen.query_one("#popup-reading").render())
        assert "二〇二五年" in shown and "èr líng èr wǔ nián" in shown


# ------------------------------------------------------------------ modes


async def test_s_cycles_the_scripts_and_keeps_the_place():
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j")
        await put_cursor_on(pilot, "算法")
        index, cursor = app.screen.position.index, app.screen.position.cursor
        original = app.screen.doc.paragraph("s1p3").text
        assert app.screen.settings.script == "original"
        seen = []
        for _ in SCRIPTS:
            await press(pilot, "s")
            script = app.screen.settings.script
            seen.append(script)
            assert (app.screen.position.index, app.screen.position.cursor) == (index, cursor)
            shown = block_text(app, "s1p3")
            if script == "taiwan":
                # Taiwan wording, not only characters: 算法 is 演算法, 集羣 is 叢集
                assert "演算法" in shown and current_token(app).text == "演算法"
            else:
                assert shown == plain(to_script(original, script, "traditional"))
            # saved for this text (the settings' script is the default for other texts)
            assert app.reader_context.store.script("deepseek") == script, "the choice is saved"
            assert load_settings()[0].script == "original"
        assert seen == [*SCRIPTS[1:], SCRIPTS[0]]
        assert block_text(app, "s1p3") == plain(original)


async def test_simplified_script_shows_simplified_characters():
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert app.screen.settings.script == "simplified"
        text = block_text(app, "s1p1")
        assert "华尔街" in text and "華爾街" not in text
        assert "华尔街" in block_text(app, "title")
        assert "简体" in str(app.screen.query_one("#modes").render())


async def test_p_cycles_the_pinyin_modes():
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert app.settings.pinyin == "marks"
        seen = []
        first_rows = {}
        for _ in PINYIN_MODES:
            await press(pilot, "p")
            seen.append(app.settings.pinyin)
            first_rows[app.settings.pinyin] = pinyin_rows(app, "s1p1")
            assert block_text(app, "s1p1") == plain(app.screen.doc.paragraph("s1p1").text)
            assert load_settings()[0].pinyin == app.settings.pinyin
        assert seen == [*PINYIN_MODES[1:], PINYIN_MODES[0]]
        assert "guo4 qu4" in first_rows["numbers"][0]
        assert "ㄍㄨㄛˋ" in first_rows["zhuyin"][0]
        # over new words: every word is new to a learner who has marked none
        assert "guò qù" in " ".join(first_rows["new"])
        assert first_rows["off"] == []
        assert "guò" in first_rows["marks"][0]
        # level: 過去 (HSK 1-2) has no pinyin, 聯盟 (beyond HSK 3) keeps it
        level = " ".join(first_rows["level"])
        assert "guò qù" not in level and "lián méng" in level
        # without pinyin the text rows are packed: no gaps between characters
        await press(pilot, "p", "p", "p", "p", "p")
        assert app.settings.pinyin == "off"
        assert "過去十年,硅谷與華爾街" in passage_text(app)


async def test_e_shows_the_english_translation():
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        english = "Over the past decade"
        assert english not in passage_text(app)
        await press(pilot, "e")
        assert app.settings.translation is True
        assert english in passage_text(app)
        assert "English" in str(app.screen.query_one("#modes").render())
        # the translation follows the current paragraph
        await press(pilot, "j")
        assert "In 2025, a new variable" in passage_text(app)
        await press(pilot, "e")
        assert app.settings.translation is False
        assert english not in passage_text(app)


# ------------------------------------------------------------------ questions


def questions_of(section: int):
    from reader.study.questions import load_questions

    return [q for q in load_questions(open_text("deepseek")) if q.section == section]


def shown(widget) -> str:
    return str(widget.render())


async def choose(pilot, index: int) -> None:
    from textual.widgets import OptionList

    choices = pilot.app.screen.query_one("#quiz-choices", OptionList)
    assert choices.display and pilot.app.focused is choices
    choices.highlighted = index
    await press(pilot, "enter")


async def test_c_opens_the_questions_of_the_section():
    from reader.tui.screens.questions import QuestionsScreen

    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "]")
        await press(pilot, "c")
        quiz = app.screen
        assert isinstance(quiz, QuestionsScreen)
        assert quiz.query_one("#quiz-body").border_title == "Questions · section 2"
        first = questions_of(2)[0]
        prompt = quiz.prompt_shown()
        assert prompt.startswith(f"1/{len(questions_of(2))}")
        assert first.prompt in prompt and first.prompt_en in prompt
        await press(pilot, "escape")
        assert type(app.screen).__name__ == "ReadingScreen"
        assert app.screen.position.index == 3


async def test_answering_choice_questions_right_and_wrong():
    from textual.widgets import OptionList

    first, second = questions_of(1)[:2]
    assert first.kind == second.kind == "choice"
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        quiz = app.screen
        choices = quiz.query_one("#quiz-choices", OptionList)
        assert [
            str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)
        ] == [f"{i}. {c}" for i, c in enumerate(quiz.session.options(first), start=1)]
        assert sorted(quiz.session.options(first)) == sorted(first.choices)
        await choose(pilot, quiz.session.index_of(first, first.answer))
        feedback = shown(quiz.query_one("#quiz-feedback"))
        assert feedback.startswith("✓ Right!")
        assert first.explanation in feedback and first.explanation_en in feedback
        # n: the next question, answered wrong
        await press(pilot, "n")
        assert second.prompt in quiz.prompt_shown()
        assert shown(quiz.query_one("#quiz-feedback")) == ""
        wrong = next(c for c in second.choices if c != second.answer)
        await choose(pilot, quiz.session.index_of(second, wrong))
        feedback = shown(quiz.query_one("#quiz-feedback"))
        assert feedback.startswith(f"✗ Not quite. You answered: {wrong} · Answer: {second.answer}")
        assert second.explanation in feedback
        # a second answer to the same question changes nothing
        choices.highlighted = quiz.session.index_of(second, second.answer)
        await press(pilot, "enter")
        assert "✓" not in shown(quiz.query_one("#quiz-feedback"))
        # every answer is saved as it is given
        saved = [(a.question, a.correct) for a in app.store.answers("deepseek")]
        assert saved == [(first.id, 1), (second.id, 0)]


async def answer(pilot, question, right: bool = True, verdict: str = "") -> None:
    """Answer the question on screen through the keyboard, then go to the next one."""
    from textual.widgets import Input

    quiz = pilot.app.screen
    assert question.prompt in quiz.prompt_shown()
    if question.kind == "choice":
        wanted = quiz.session.index_of(question, question.answer)
        await choose(pilot, wanted if right else (wanted + 1) % len(question.choices))
    elif question.kind == "truefalse":
        await choose(pilot, 0 if question.answer is right else 1)
    else:
        answer_input = quiz.query_one("#quiz-input", Input)
        assert answer_input.display and pilot.app.focused is answer_input
        # the text is traditional: a simplified answer, with punctuation, is right
        typed = to_script(question.answer[0], "simplified", "traditional") + "。"
        await pilot.press(*(typed if right else "不知道"))
        await press(pilot, "enter")
    verdict = verdict or ("✓ Right!" if right else "✗ Not quite.")
    assert shown(quiz.query_one("#quiz-feedback")).startswith(verdict), question.id
    assert "n next" in shown(quiz.query_one("#quiz-feedback"))
    await press(pilot, "n")


async def test_true_false_and_short_answers():
    questions = questions_of(1)
    assert {q.kind for q in questions} == {"choice", "truefalse", "short"}
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        for question in questions:
            await answer(pilot, question)
        summary = app.screen.prompt_shown()
        assert f"Section 1: {len(questions)} of {len(questions)} right" in summary
        assert "全對" in summary
        assert [a.correct for a in app.store.answers("deepseek")] == [True] * len(questions)


async def test_n_goes_on_after_a_short_answer():
    """The feedback says 'n next': n must not be typed into the answer box."""
    questions = questions_of(1)
    short = next(i for i, q in enumerate(questions) if q.kind == "short")
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        for question in questions[:short]:
            await answer(pilot, question)
        app.screen.query_one("#quiz-input").value = questions[short].answer[0]
        await press(pilot, "enter")
        assert "n next" in shown(app.screen.query_one("#quiz-feedback"))
        await press(pilot, "n")
        assert questions[short + 1].prompt in app.screen.prompt_shown()


async def test_enter_on_an_answered_choice_goes_on():
    first, second = questions_of(1)[:2]
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        await choose(pilot, 0)
        await press(pilot, "enter")
        assert second.prompt in app.screen.prompt_shown()


async def test_a_wrong_answer_can_be_retried():
    questions = questions_of(4)
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "]", "]", "]", "c")
        quiz = app.screen
        assert quiz.query_one("#quiz-body").border_title == "Questions · section 4"
        missed = next(q for q in questions if q.kind == "choice")
        for question in questions:
            await answer(pilot, question, right=question is not missed)
        total = len(questions)
        summary = quiz.prompt_shown()
        assert f"Section 4: {total - 1} of {total} right on the first try" in summary
        assert "r: try the missed questions again (practice)" in summary
        await press(pilot, "r")
        prompt = quiz.prompt_shown()
        assert prompt.startswith("1/1") and missed.prompt in prompt
        await answer(pilot, missed, verdict="✓ Right this time")
        summary = quiz.prompt_shown()
        # the retry is practice: the first try stays the score, the final one is beside it
        assert f"{total - 1} of {total} right on the first try · {total} after trying" in summary
        rows = [(a.question, a.correct, a.retry) for a in app.store.answers("deepseek")]
        assert rows[-1] == (missed.id, True, True)
        assert (missed.id, False, False) in rows


async def test_v_shows_the_evidence_and_c_comes_back_to_the_question():
    question = questions_of(2)[0]
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "]", "c", "v")
        screen = app.screen
        assert type(screen).__name__ == "ReadingScreen"
        assert screen.position.paragraph_id == question.evidence
        view = view_of(app)
        start, end = view.block_rows[question.evidence]
        marked = [s.text for s in view._build(view.size.width)[start:end]]
        assert all("┃" in row for row in marked), "the evidence is marked in the margin"
        others = [s.text for s in view._build(view.size.width)[:start]]
        assert not any("┃" in row for row in others)
        await press(pilot, "c")
        assert question.prompt in app.screen.prompt_shown()


async def test_the_end_of_a_section_offers_its_questions_once():
    from reader.tui.screens.questions import QuestionsScreen

    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j")
        assert app.screen.position.paragraph_id == "s1p3"
        await press(pilot, "j")
        assert isinstance(app.screen, QuestionsScreen)
        assert app.screen.query_one("#quiz-body").border_title == "Questions · section 1"
        assert app.store.sections_read("deepseek") == {1}
        await press(pilot, "escape")
        assert app.screen.position.paragraph_id == "s1p3"
        await press(pilot, "j")
        assert type(app.screen).__name__ == "ReadingScreen"
        assert app.screen.position.paragraph_id == "s2p1"


# ------------------------------------------------------------------ glossary list


async def test_g_lists_the_glossary_terms_and_enter_jumps_to_one():
    from textual.widgets import OptionList

    from reader.tui.screens.glossary_list import GlossaryList

    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "g")
        listing = app.screen
        assert isinstance(listing, GlossaryList)
        options = listing.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[:2] == ["silicon-valley", "wall-street"]
        assert "valuation" in ids
        assert str(options.get_option_at_index(0).prompt).startswith("硅谷")
        options.highlighted = ids.index("valuation")
        await press(pilot, "enter")
        screen = app.screen
        assert type(screen).__name__ == "ReadingScreen"
        assert screen.position.paragraph_id == "s2p2"
        assert current_token(app).text == "估值"


async def test_the_glossary_list_reads_each_term_as_the_text_writes_it(tmp_path, fresh_home):
    """A variant shows its own reading (降准降息, not the headword's shuāng jiàng)."""
    from textual.widgets import OptionList

    path = tmp_path / "news.txt"
    path.write_text("央行消息\n\n央行宣布降准降息，一年期利率下调10个基点。\n", "utf-8")
    app = make_app(str(path), doc=open_text(str(path)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "g")
        for _ in range(50):
            await pilot.pause(0.05)
            options = app.screen.query_one(OptionList)
            if options.option_count:
                break
        prompts = {
            options.get_option_at_index(i).id: str(options.get_option_at_index(i).prompt)
            for i in range(options.option_count)
        }
        assert any(p.startswith("降准降息  jiàng zhǔn jiàng xī") for p in prompts.values()), prompts


async def test_a_glossary_jump_within_the_current_paragraph_moves_the_cursor():
    from textual.widgets import OptionList

    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await put_cursor_on(pilot, "主角")
        await press(pilot, "g")
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("duopoly")  # 雙寡頭, first in s1p1
        await press(pilot, "enter")
        assert app.screen.position.paragraph_id == "s1p1"
        assert current_token(app).text == "雙寡頭"


async def test_g_in_the_list_closes_it():
    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "g")
        assert type(app.screen).__name__ == "GlossaryList"
        await press(pilot, "g")
        assert type(app.screen).__name__ == "ReadingScreen"
        assert app.screen.position.index == 0


# ------------------------------------------------------------------ search


async def search(pilot, query: str) -> None:
    from textual.widgets import Input

    await press(pilot, "slash")
    box = pilot.app.screen.query_one("#search", Input)
    assert box.display and pilot.app.focused is box
    box.value = query
    await press(pilot, "enter")
    assert not box.display


@pytest.mark.parametrize("query", ["估值", "guzhi", "gu1 zhi2", "gū zhí", "GuZhi"])
async def test_search_moves_to_a_paragraph_containing_the_word(query):
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await search(pilot, query)
        screen = app.screen
        assert screen.position.index == 2  # s1p3: 估值標尺
        assert "估值" in screen.doc.paragraph(screen.position.paragraph_id).text
        await press(pilot, "n")
        assert screen.position.paragraph_id == "s2p2"
        await press(pilot, "n")  # s2p2 has it twice: n goes to each occurrence
        assert screen.position.paragraph_id == "s2p2"
        await press(pilot, "n")
        assert screen.position.paragraph_id == "s2p3"


async def test_search_types_chinese_through_the_input():
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await pilot.press(*"估值")
        await press(pilot, "enter")
        assert app.screen.position.paragraph_id == "s1p3"


async def test_search_in_simplified_characters_finds_traditional_text():
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "华尔街")  # first in the title, then in the first paragraph
        await press(pilot, "n")
        screen = app.screen
        assert screen.position.paragraph_id == "s1p1"
        word = screen.adoc.tokens("s1p1")[screen.position.cursor]
        assert "華爾街" in screen.adoc.text("s1p1")[word.start : word.start + 3]


async def test_a_search_without_a_match_stays_put():
    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j")
        await search(pilot, "量子")
        assert app.screen.position.index == 1
        assert any("is not in this text" in n for n in notifications(app))
        await search(pilot, "xyzzy")
        assert app.screen.position.index == 1
        # pinyin matches whole syllables only: "uzh" is inside "gū zhí" but no syllables
        await search(pilot, "uzh")
        assert app.screen.position.index == 1


async def test_escape_closes_the_search_box_first():
    from textual.widgets import Input

    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        assert app.screen.query_one("#search", Input).display
        await press(pilot, "escape")
        assert type(app.screen).__name__ == "ReadingScreen"
        assert not app.screen.query_one("#search", Input).display


# ------------------------------------------------------------------ help, back, quit


async def test_question_mark_opens_the_help():
    from textual.widgets import Markdown

    from reader.tui.screens.help import HelpScreen

    app = article_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        markdown = app.screen.query_one(Markdown)
        assert "next paragraph" in markdown.source
        await press(pilot, "question_mark")
        assert type(app.screen).__name__ == "ReadingScreen"


async def test_backspace_from_the_text_goes_to_the_library_and_escape_stays():
    """Issue 14, finding 3: one Escape too many never throws the learner out of the
    text; Backspace goes to the library."""
    from reader.tui.screens.library import LibraryScreen

    app = article_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j")
        await press(pilot, "enter")  # a popup, then one Escape too many
        await press(pilot, "escape")
        await pilot.pause(0.3)
        await press(pilot, "escape")
        assert type(app.screen).__name__ == "ReadingScreen"
        assert any("back to the library" in m for m in notifications(app))
        await press(pilot, "backspace")
        assert isinstance(app.screen, LibraryScreen)
        assert len(app.screen_stack) == 2
        table = app.screen.query_one("#library")
        assert str(table.get_row("deepseek")[1]) == "3/25"
        # and back into the text, at the same place
        await press(pilot, "enter")
        assert app.screen.position.paragraph_id == "s1p3"


async def test_ctrl_q_quits():
    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app._exit
    assert app.return_code == 0


@pytest.mark.parametrize("start", ["reading", "library"])
async def test_q_quits(start):
    app = article_app() if start == "reading" else make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


# ------------------------------------------------------------------ remembered between runs


async def test_the_position_is_saved_and_restored(home):
    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await forward(pilot, "j", 3)
        await pilot.press("ctrl+q")
        await pilot.pause()
    again = article_app()
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.screen.position.index == 3
        assert again.screen.position.paragraph_id == "s2p1"
    # the library shows the progress too
    library = make_app()
    async with library.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert str(library.screen.query_one("#library").get_row("deepseek")[1]) == "4/25"


async def test_settings_are_remembered(home):
    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "s", "p", "p", "e")
    assert (home / "config" / "settings.toml").exists()
    again = article_app()
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.screen.settings.script == "simplified"  # kept for this text
        assert again.settings.pinyin == "zhuyin"
        assert again.settings.translation is True
        assert "华尔街" in block_text(again, "s1p1")


@pytest.mark.parametrize(
    "content,problem",
    [
        ('pinyin = "sideways"\n', "setting 'pinyin' must be one of"),
        ("script = 3\n", "setting 'script' must be a string"),
        ("this is not toml = = =\n", "not valid TOML"),
        ('colour = "red"\n', "unknown setting 'colour'"),
    ],
)
async def test_a_bad_settings_file_is_reported_and_the_defaults_used(home, content, problem):
    settings_file = home / "config" / "settings.toml"
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text(content, encoding="utf-8")
    app = article_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.settings == Settings()
        messages = notifications(app)
        assert any(problem in m and ("default" in m or "ignored" in m) for m in messages), messages
        assert type(app.screen).__name__ == "ReadingScreen"
        assert "guò qù" in pinyin_rows(app, "s1p1")[0]
    # the broken file is left as it was
    assert settings_file.read_text(encoding="utf-8") == content


async def test_the_keymap_can_remap_a_binding():
    app = article_app(settings=Settings(keymap={"reader.next": "x"}))
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "x")
        assert app.screen.position.index == 1
        await forward(pilot, "x", 2)
        assert app.screen.position.index == 3
        await press(pilot, "k")
        assert app.screen.position.index == 2, "other keys keep working"
        await press(pilot, "j")
        assert app.screen.position.index == 2, "j is no longer bound to the next paragraph"


# ------------------------------------------------------------------ hostile text


HOSTILE = (
    "標題[bold]x[/bold]\n\n"
    "這是[bold]x[/bold]第一段，[link=http://x]y[/link]中文。\n\n"
    "第二段[@click=app.quit]z[/]點擊\x1b[31m紅色\x1b[0m文字。\n\n"
    "第三段[red on white]紅[/]和$variable和{braces}和\\[escaped]。\n"
)


def assert_no_actions(app) -> None:
    """No segment of the passage carries a link or a click action."""
    view = view_of(app)
    for strip in view._build(view.size.width):
        for segment in strip:
            style = segment.style
            assert style is None or (not style.meta and not style.link), segment


async def click_on(pilot, text: str) -> None:
    """Click every cell of the first place `text` is drawn in the passage."""
    app = pilot.app
    view = view_of(app)
    strips = view._build(view.size.width)
    row = next(y for y, s in enumerate(strips) if text in s.text)
    column = cell_len(strips[row].text[: strips[row].text.index(text)])
    scroll = app.screen.query_one("#passage-scroll")
    y = view.region.y + row - round(scroll.scroll_y)
    assert 0 <= y < app.size.height
    for x in range(view.region.x + column, view.region.x + column + cell_len(text)):
        await pilot.click(offset=(x, y))


async def test_markup_in_a_text_is_shown_literally_and_never_run(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    app = make_app(str(path), doc=open_text(str(path)), settings=Settings(pinyin="off"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "ReadingScreen"
        text = passage_text(app)
        assert "[bold]x[/bold]" in text
        assert "[link=http://x]y[/link]" in text
        # the title bar shows it literally too
        assert "[bold]x[/bold]" in str(screen.query_one("#doc-title").render())
        await press(pilot, "j")
        text = passage_text(app)
        assert "[@click=app.quit]z[/]" in text
        assert "\x1b" not in text, "no raw escape reaches the terminal"
        # walk the cursor over every word and look each up
        looked_up = []
        for _ in range(12):
            await pilot.press("l")
            looked_up.append(current_token(app).text)
            await press(pilot, "enter")
            if type(app.screen).__name__ == "WordPopup":
                await press(pilot, "escape")
        assert "click" in looked_up
        assert_no_actions(app)
        await click_on(pilot, "[@click=app.quit]")
        for x in range(0, 40, 4):
            await pilot.click(offset=(x, 0))  # the title bar
        await settle(pilot)
        assert not app._exit
        assert app.is_running
        await press(pilot, "j")
        assert "[red on white]紅[/]" in passage_text(app)
        assert "\\[escaped]" in passage_text(app)


async def test_markup_with_pinyin_on_is_still_literal(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    app = make_app(str(path), doc=open_text(str(path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert plain(block_text(app, "s1p1")) == plain(app.screen.doc.paragraph("s1p1").text)
        await press(pilot, "j")
        assert "[@click=app.quit]z[/]" in block_text(app, "s1p2")
        assert_no_actions(app)
        await click_on(pilot, "click")
        await settle(pilot)
        assert not app._exit


# ------------------------------------------------------------------ resizing


@pytest.mark.parametrize("size", [(60, 20), (120, 40)])
async def test_the_title_with_its_pinyin_shows_above_the_first_paragraph(size):
    from textual.containers import VerticalScroll

    app = article_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        scroll = app.screen.query_one("#passage-scroll", VerticalScroll)
        assert scroll.scroll_y == 0, "the title's block is in view"
        await press(pilot, "j")
        assert app.screen.position.index == 1
        await press(pilot, "k")
        assert app.screen.position.index == 0 and scroll.scroll_y == 0, "and again on k"


async def test_resizing_and_a_popup_in_a_tiny_terminal():
    from reader.tui.screens.popup import WordPopup

    app = article_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        view = view_of(app)
        assert all(cell_len(s.text) == view.size.width for s in view._build(view.size.width))
        assert block_text(app, "s1p1") == plain(app.screen.doc.paragraph("s1p1").text)
        await press(pilot, "l", "l", "enter")
        assert isinstance(app.screen, WordPopup)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        await press(pilot, "escape")
        await press(pilot, "j", "s", "p")
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        await press(pilot, "c", "escape", "g", "escape", "question_mark", "escape")
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert app.screen.position.index == 1
        assert block_text(app, "s1p2") == plain(
            to_script(app.screen.doc.paragraph("s1p2").text, "simplified", "traditional")
        )


async def test_the_passage_is_drawn_in_the_theme_colours():
    app = article_app(settings=Settings(theme="textual-light"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = view_of(app)
        background = view.rich_style.bgcolor
        assert background is not None
        for y in range(view.size.height):
            for segment in view.render_line(y):
                assert segment.style is not None and segment.style.bgcolor == background, (
                    y,
                    segment,
                )


async def test_the_passage_never_draws_wider_than_its_widget():
    app = article_app()
    async with app.run_test(size=(30, 20)) as pilot:
        await settle(pilot)
        for _ in range(6):
            view = view_of(app)
            for strip in view._build(view.size.width):
                assert cell_len(strip.text) == view.size.width
            await press(pilot, "]")


def test_settings_know_every_binding_id():
    """The keymap is validated against settings.BINDING_IDS: it must list exactly the ids
    the screens declare."""
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.screen import Screen

    import reader.tui.screens as screens
    from reader.tui.app import ReaderApp
    from reader.tui.settings import BINDING_IDS

    declared = {b.id for b in ReaderApp.BINDINGS if isinstance(b, Binding) and b.id}
    for module in pkgutil.iter_modules(screens.__path__):
        loaded = importlib.import_module(f"reader.tui.screens.{module.name}")
        for value in vars(loaded).values():
            if isinstance(value, type) and issubclass(value, Screen):
                declared |= {b.id for b in value.BINDINGS if isinstance(b, Binding) and b.id}
    assert declared == BINDING_IDS
