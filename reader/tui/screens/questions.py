"""`c` and the end of a section: its questions, one at a time.

A text without a questions file gets practice generated from its own content (cloze
and pinyin choice). Every answer is saved at once, in its own transaction.
`v` goes to the evidence paragraph (highlighted) and `c` in the reader comes back to
the same question.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.study.quiz import TRUE_FALSE, QuizSession, given_text
from reader.tui.context import context, markup, plain, say


class QuestionsScreen(ModalScreen[str | None]):
    """Dismisses with a paragraph id when the learner asks to see the evidence."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="quiz.close"),
        Binding("v", "evidence", "Evidence", id="quiz.evidence"),
        Binding("n", "next", "Next", id="quiz.next"),
        Binding("enter", "next", "Next", show=False, id="quiz.enter_next"),
        Binding("r", "retry", "Retry missed", id="quiz.retry"),
    ]

    def __init__(self, session: QuizSession, problem: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.problem = problem

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quiz-body"):
            yield Static(id="quiz-prompt")
            yield OptionList(id="quiz-choices")
            yield Input(
                placeholder="Type your answer (Chinese, either script) and press Enter",
                id="quiz-input",
            )
            yield Static(id="quiz-feedback")

    def on_mount(self) -> None:
        body = self.query_one("#quiz-body")
        kind = "Practice" if self.session.practice else "Questions"
        body.border_title = f"{kind} · section {self.session.section}"
        body.border_subtitle = "enter answer · v evidence · n next · r retry · esc close"
        if self.problem:
            say(self, self.problem, severity="error", timeout=8)
        self._show()

    def _show(self) -> None:
        prompt = self.query_one("#quiz-prompt", Static)
        choices = self.query_one("#quiz-choices", OptionList)
        answer_input = self.query_one("#quiz-input", Input)
        question = self.session.current
        choices.clear_options()
        if question is None:
            choices.display = answer_input.display = False
            prompt.update(self._summary())
            self.query_one("#quiz-feedback", Static).update("")
            return
        prompt.update(
            markup(
                "[dim]$n/$total[/dim]  [b]$prompt[/b]\n[i]$en[/i]",
                n=str(self.session.position + 1),
                total=str(len(self.session.questions)),
                prompt=question.prompt,
                en=question.prompt_en or "",
            )
        )
        if question.kind == "short":
            choices.display = False
            answer_input.display = True
            answer_input.disabled = False
            answer_input.value = ""
            answer_input.focus()
        else:
            answer_input.display = False
            choices.display = True
            options = question.choices if question.kind == "choice" else TRUE_FALSE
            choices.add_options([Option(plain(text)) for text in options])
            choices.highlighted = 0
            choices.focus()
        self._show_feedback()

    def _show_feedback(self) -> None:
        feedback = self.session.last
        widget = self.query_one("#quiz-feedback", Static)
        if feedback is None:
            widget.update("")
            return
        verdict = "✓ Right! 對了" if feedback.right else f"✗ Not quite. Answer: {feedback.expected}"
        widget.update(
            markup(
                "[b]$verdict[/b]\n$why\n[i]$why_en[/i]\n[dim]n next · v evidence[/dim]",
                verdict=verdict,
                why=feedback.explanation,
                why_en=feedback.explanation_en or "",
            )
        )
        widget.set_class(feedback.right, "right")
        widget.set_class(not feedback.right, "wrong")

    def _summary(self) -> Content:
        if not self.session.questions:
            return plain(f"There are no questions for section {self.session.section}.")
        right, total = self.session.score
        more = "r: retry the missed questions" if self.session.missed else "All right. 全對！"
        return markup(
            "[b]Section $s: $right of $total right[/b]\n$more",
            s=str(self.session.section),
            right=str(right),
            total=str(total),
            more=more,
        )

    def _answer(self, given: str | bool) -> None:
        question = self.session.current
        feedback = self.session.answer(given)
        if question is None or feedback is None:
            return
        store = context(self).store
        if not store.record_answer(
            self.session.doc_id,
            question.id,
            question.section,
            given_text(question, given),
            feedback.right,
            "practice" if self.session.practice else "",
        ):
            say(self, store.problem or "answer not saved", severity="warning")
        if question.kind == "short":
            # The typed answer stays visible; keys go to the screen again (n, v, enter).
            self.query_one("#quiz-input", Input).disabled = True
        self._show_feedback()

    @on(OptionList.OptionSelected, "#quiz-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        question = self.session.current
        if question is None:
            return
        if self.session.last is not None:
            self.action_next()
        elif question.kind == "truefalse":
            self._answer(event.option_index == 0)
        else:
            self._answer(question.choices[event.option_index])

    @on(Input.Submitted, "#quiz-input")
    def _typed(self, event: Input.Submitted) -> None:
        if self.session.last is not None:
            self.action_next()
        elif event.value.strip():
            self._answer(event.value)

    def action_next(self) -> None:
        if self.session.last is not None:
            self.session.next()
            self._show()

    def action_retry(self) -> None:
        if self.session.retry_missed():
            self._show()

    def action_evidence(self) -> None:
        question = self.session.current
        if question is not None:
            self.dismiss(question.evidence)

    def action_close(self) -> None:
        self.dismiss(None)
