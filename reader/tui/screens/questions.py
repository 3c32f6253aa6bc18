"""`c` and the end of a section: its questions, one at a time.

A text without a questions file gets practice generated from its own content (cloze
and pinyin choice). Every answer is saved at once, in its own transaction; the first
answer to a question is the graded one, and a retry after the answer was shown is
saved as practice. The quiz reopens where the learner left it. Keys 1-9 pick a choice;
`b` goes back to an answered question. Questions show in the reader's script, and
their English only when translation is allowed. With an assignment's
`feedback = "after"` answers are saved and nothing is shown.
`v` goes to the evidence paragraph (highlighted) and `c` in the reader comes back to
the same question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.lang.annotate import ShownToken
from reader.safe import for_terminal
from reader.study.quiz import QuizSession, given_value
from reader.text.chars import has_han
from reader.tui.context import context, markup, plain, say
from reader.tui.widgets.passage import Look, PassageBlock, PassageView
from reader.tui.widgets.pending import PendingNote


def _same(text: str) -> str:
    return text


def _lookable(tokens: tuple[ShownToken, ...]) -> list[bool]:
    """Which words of a prompt have a popup: Chinese words and glossary terms (the
    cursor skips 2024 and punctuation, where `d` would find nothing)."""
    return [has_han(t.text) or t.term is not None for t in tokens]


@dataclass(frozen=True)
class QuestionWords:
    """What the quiz needs to show a prompt as the passage shows a paragraph: its words
    in the reader's script with their pinyin (`tokens`), which of them show pinyin in the
    "above my level" mode (`pinyin`), how to draw (`look`), and a popup for a word
    (`look_up`, given the word and the prompt it is in)."""

    tokens: Callable[[str], tuple[ShownToken, ...]]
    pinyin: Callable[[tuple[ShownToken, ...]], tuple[bool, ...] | None]
    look: Look
    look_up: Callable[[ShownToken, str], None]


_KEYS = "1-9 choose · h/l d look up · v evidence · n next · b back · esc"
_TYPING = "typing an answer: enter answers · tab leaves the box for the keys · esc"


class QuestionsScreen(ModalScreen[str | None]):
    """Dismisses with a paragraph id when the learner asks to see the evidence."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="quiz.close"),
        Binding("v", "evidence", "Evidence", id="quiz.evidence"),
        Binding("n", "next", "Next", id="quiz.next"),
        Binding("enter", "next", "Next", show=False, id="quiz.enter_next"),
        Binding("b", "back", "Back", id="quiz.back"),
        Binding("r", "retry", "Try again", id="quiz.retry"),
        Binding("l,right", "word(1)", "Next word", show=False, id="quiz.next_word"),
        Binding("h,left", "word(-1)", "Previous word", show=False, id="quiz.previous_word"),
        Binding("d", "look_up", "Look up", id="quiz.look_up"),
        *(
            Binding(str(n), f"pick({n - 1})", f"Choice {n}", show=False, id=f"quiz.pick_{n}")
            for n in range(1, 10)
        ),
    ]

    def __init__(
        self,
        session: QuizSession,
        problem: str | None = None,
        *,
        show: Callable[[str], str] = _same,
        english: bool = True,
        words: QuestionWords | None = None,
        show_chars: Callable[[str], str] | None = None,
        answered: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.answered = answered  # after each answer is saved (the result file is written)
        self.problem = problem
        self.show = show  # the text in the reader's script
        self.show_chars = show_chars or show  # the same, character by character
        self.english = english
        self.words = words  # the prompt with pinyin and popups, as in the text
        self.word_cursor = 0
        self._shown_question: str | None = None  # a new one: cursor and scroll reset

    def compose(self) -> ComposeResult:
        yield PendingNote(id="pending")
        with VerticalScroll(id="quiz-body"):
            yield Static(id="quiz-prompt")
            yield PassageView(id="quiz-ruby")
            yield Static(id="quiz-en")
            yield OptionList(id="quiz-choices")
            yield Input(
                placeholder="Type your answer (Chinese, either script), Enter · Tab leaves the box",
                id="quiz-input",
            )
            yield Static(id="quiz-feedback")

    def on_mount(self) -> None:
        body = self.query_one("#quiz-body")
        kind = "Practice" if self.session.practice else "Questions"
        body.border_title = f"{kind} · section {self.session.section}"
        body.border_subtitle = _KEYS
        if self.problem:
            say(self, self.problem, severity="error", timeout=8)
        self._show()

    def on_descendant_focus(self) -> None:
        self._keys_shown()

    def on_descendant_blur(self) -> None:
        self._keys_shown()

    def _keys_shown(self) -> None:
        """The keys that work now: in the answer box, typing is typing."""
        typing = isinstance(self.focused, Input)
        self.query_one("#quiz-body").border_subtitle = _TYPING if typing else _KEYS

    def on_screen_resume(self) -> None:
        """Back from a word's popup: drawn again, as a correction made there (another
        reading, a split) changes the prompt's words."""
        if self.is_mounted:
            self._show()

    def _prompt_tokens(self) -> tuple[ShownToken, ...] | None:
        """The current prompt's words (controls made visible first), None without words."""
        question = self.session.current
        if question is None or self.words is None:
            return None
        return self.words.tokens(for_terminal(question.prompt, one_line=False))

    def prompt_shown(self) -> str:
        """The question as the screen shows it, as text: number, prompt, English."""
        head = str(self.query_one("#quiz-prompt", Static).render())
        tokens = self._prompt_tokens()
        if tokens is None:
            return head
        english = str(self.query_one("#quiz-en", Static).render())
        return f"{head}  {''.join(t.text for t in tokens)}\n{english}"

    def action_word(self, step: int) -> None:
        """Move the word cursor in the prompt to the next or previous word."""
        tokens = self._prompt_tokens()
        if not tokens:
            return
        words = _lookable(tokens)
        index = self.word_cursor + step
        while 0 <= index < len(tokens) and not words[index]:
            index += step
        if 0 <= index < len(tokens):
            self.word_cursor = index
            self._show()

    def action_look_up(self) -> None:
        """The popup for the prompt's word under the cursor."""
        tokens = self._prompt_tokens()
        if not tokens or self.words is None:
            return
        token = tokens[min(self.word_cursor, len(tokens) - 1)]
        self.words.look_up(token, "".join(t.text for t in tokens))

    def _en(self, text: str | None) -> str:
        return (text or "") if self.english else ""

    def _show(self) -> None:
        prompt = self.query_one("#quiz-prompt", Static)
        choices = self.query_one("#quiz-choices", OptionList)
        answer_input = self.query_one("#quiz-input", Input)
        question = self.session.current
        choices.clear_options()
        if question is None:
            choices.display = answer_input.display = False
            self.query_one("#quiz-ruby").display = self.query_one("#quiz-en").display = False
            prompt.update(self._summary())
            self.query_one("#quiz-feedback", Static).update("")
            return
        new_question = question.id != self._shown_question
        self._shown_question = question.id
        shown = self.session.shown_questions
        number = f"{self.session.position + 1}/{len(shown)}"
        ruby = self.query_one("#quiz-ruby", PassageView)
        tokens = self._prompt_tokens()
        ruby.display = tokens is not None
        if tokens is None:
            prompt.update(
                markup(
                    "[dim]$n[/dim]  [b]$prompt[/b]\n[i]$en[/i]",
                    n=number,
                    prompt=self.show(question.prompt),
                    en=self._en(question.prompt_en),
                )
            )
        else:
            if new_question:
                self.word_cursor = next((i for i, w in enumerate(_lookable(tokens)) if w), 0)
            assert self.words is not None
            block = PassageBlock(
                "prompt",
                tokens,
                cursor=self.word_cursor,
                show_pinyin=self.words.pinyin(tokens),
            )
            ruby.show((block,), self.words.look)
            prompt.update(markup("[dim]$n[/dim]", n=number))
        english = self.query_one("#quiz-en", Static)
        english.display = tokens is not None and bool(self._en(question.prompt_en))
        english.update(markup("[i]$en[/i]", en=self._en(question.prompt_en)))
        awaiting = self.session.awaiting
        feedback = self.session.last
        if question.kind == "short":
            choices.display = False
            answer_input.display = True
            answer_input.disabled = not awaiting
            answer_input.value = "" if awaiting else feedback.given if feedback else ""
            if awaiting:
                answer_input.focus(scroll_visible=False)
            else:
                self.set_focus(None)
        else:
            answer_input.display = False
            choices.display = True
            options = self.session.options(question)
            given = self.session.final.get(question.id)
            labels = [
                f"{i}. {self.show(text)}" if i <= 9 else self.show(text)
                for i, text in enumerate(options, start=1)
            ]
            choices.add_options([Option(plain(label)) for label in labels])
            chosen = 0
            if given is not None and not awaiting:
                chosen = max(0, self.session.index_of(question, given_value(question, given.given)))
            choices.highlighted = chosen
            choices.focus(scroll_visible=False)
        self._show_feedback()
        if new_question:
            # a new question starts at its top (the prompt), not at the focused choices
            self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)

    def _show_feedback(self) -> None:
        feedback = self.session.last
        widget = self.query_one("#quiz-feedback", Static)
        widget.set_class(False, "right")
        widget.set_class(False, "wrong")
        if feedback is None:
            widget.update("")
            return
        if not self.session.shows_answers:
            widget.update(markup("[b]Answer saved. 已保存。[/b]\n[dim]n next · b back[/dim]"))
            return
        question = self.session.current
        if question is not None and question.kind == "short":
            # the accepted answers character by character (Taiwan phrases would change
            # their length and make duplicates)
            expected = " / ".join(dict.fromkeys(self.show_chars(a) for a in question.accepted))
        else:
            expected = self.show(feedback.expected)
        if feedback.right:
            verdict = "✓ Right! 對了" if feedback.graded else "✓ Right this time"
        else:
            mine = self._given_shown(feedback.given)
            verdict = f"✗ Not quite. You answered: {mine} · Answer: {expected}"
        note = (
            "" if feedback.graded else "(a retry is practice: your first answer is the one graded)"
        )
        hints = "n next · v evidence" + ("" if feedback.right else " · r try again")
        widget.update(
            markup(
                "[b]$verdict[/b] [dim]$note[/dim]\n$why\n[i]$why_en[/i]\n[dim]$hints[/dim]",
                verdict=verdict,
                note=note,
                why=self.show(feedback.explanation),
                why_en=self._en(feedback.explanation_en),
                hints=hints,
            )
        )
        widget.set_class(feedback.right, "right")
        widget.set_class(not feedback.right, "wrong")

    def _given_shown(self, given: str) -> str:
        question = self.session.current
        if question is not None and question.kind == "truefalse":
            return "對 true" if given == "true" else "錯 false"
        return self.show_chars(given) if question and question.kind == "short" else self.show(given)

    def _summary(self) -> Content:
        if not self.session.questions:
            return plain(f"There are no questions for section {self.session.section}.")
        right, answered = self.session.score
        total = len(self.session.questions)
        if not self.session.shows_answers:
            return markup(
                "[b]Section $s: $answered of $total answered[/b]\n"
                "Your teacher's report will show what was right. b: back to a question",
                s=str(self.session.section),
                answered=str(answered),
                total=str(total),
            )
        final, _ = self.session.final_score
        after = f" · {final} after trying again" if final != right else ""
        if self.session.missed:
            more = "r: try the missed questions again (practice) · b: back"
        elif answered < total:
            more = "b: back to the questions not answered"
        else:
            more = "All right. 全對！" if right == total else "All right now."
        return markup(
            "[b]Section $s: $right of $total right on the first try$after[/b]\n$more",
            s=str(self.session.section),
            right=str(right),
            total=str(total),
            after=after,
            more=more,
        )

    def _answer(self, given: str | bool) -> None:
        question = self.session.current
        graded = question is not None and not self.session.answered(question)
        feedback = self.session.answer(given)
        if question is None or feedback is None:
            return
        store = context(self).store
        attempt = self.session.final[question.id]
        if not store.record_answer(
            self.session.doc_id,
            question.id,
            question.section,
            attempt.given,
            attempt.right,
            "practice" if self.session.practice else "",
            retry=not graded,
        ):
            # kept by the store and retried; the line above the quiz stays until saved
            self.query_one(PendingNote).update_note()
            say(self, store.problem or "answer not saved yet: kept", severity="warning")
        elif self.answered is not None:
            self.answered()
        self._show()
        # on a small screen the verdict is below the choices: bring it into view
        verdict = self.query_one("#quiz-feedback", Static)
        self.call_after_refresh(verdict.scroll_visible, animate=False)

    @on(OptionList.OptionSelected, "#quiz-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if self.session.current is not None and not self.session.awaiting:
            self.action_next()  # enter on an answered question goes on
        else:
            self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        question = self.session.current
        if question is None or question.kind == "short":
            return
        if not self.session.awaiting:
            hint = "r: try it again · n: next" if self.session.retry_possible else "n: next"
            say(self, f"This question is answered. {hint}", timeout=3)
            return
        given = self.session.pick(question, index)
        if given is not None:
            self._answer(given)

    @on(Input.Submitted, "#quiz-input")
    def _typed(self, event: Input.Submitted) -> None:
        if not self.session.awaiting:
            self.action_next()
        elif event.value.strip():
            self._answer(event.value)

    def action_next(self) -> None:
        """The next question; an unanswered one can be skipped and answered later."""
        if self.session.current is not None:
            self.session.next(skip=True)
            self._show()

    def action_back(self) -> None:
        if self.session.position > 0:
            self.session.back()
            self._show()

    def action_retry(self) -> None:
        if self.session.retry() or self.session.retry_missed():
            self._show()

    def action_evidence(self) -> None:
        question = self.session.current
        if question is not None:
            self.dismiss(question.evidence)

    def action_close(self) -> None:
        self.dismiss(None)
