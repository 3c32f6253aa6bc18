"""`c`: the comprehension questions of the current section, one at a time."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.errors import ReaderError
from reader.study.questions import Question, load_questions
from reader.text.model import Document


class QuestionsScreen(ModalScreen):
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="quiz.close"),
        Binding("v", "evidence", "Evidence", id="quiz.evidence"),
        Binding("n", "next", "Next", id="quiz.next"),
        Binding("r", "retry", "Retry missed", id="quiz.retry"),
    ]

    def __init__(self, doc: Document, section: int) -> None:
        super().__init__()
        self.doc = doc
        self.section = section
        try:
            questions = [q for q in load_questions(doc) if q.section == section]
            self.error = None
        except ReaderError as exc:
            questions, self.error = [], str(exc)
        self.queue: list[Question] = questions
        self.position = 0
        self.results: dict[str, bool] = {}
        self.answered = False
        self.showing_evidence = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quiz-body"):
            yield Static(id="quiz-prompt")
            yield OptionList(id="quiz-choices")
            yield Input(placeholder="Type your answer (Chinese, either script) and press Enter",
                        id="quiz-input")
            yield Static(id="quiz-feedback")
            yield Static(id="quiz-evidence")

    def on_mount(self) -> None:
        body = self.query_one("#quiz-body")
        body.border_title = f"Questions · section {self.section}"
        body.border_subtitle = "enter answer · v evidence · n next · r retry · esc close"
        self._show()

    @property
    def current(self) -> Question | None:
        return self.queue[self.position] if self.position < len(self.queue) else None

    def _show(self) -> None:
        prompt = self.query_one("#quiz-prompt", Static)
        choices = self.query_one("#quiz-choices", OptionList)
        answer_input = self.query_one("#quiz-input", Input)
        self.query_one("#quiz-feedback", Static).update("")
        self.query_one("#quiz-evidence", Static).update("")
        self.answered = False
        self.showing_evidence = False
        question = self.current
        choices.clear_options()
        if question is None:
            choices.display = answer_input.display = False
            prompt.update(self._summary())
            return
        prompt.update(Content.from_markup(
            "[dim]$n/$total[/dim]  [b]$prompt[/b]\n[i]$en[/i]", n=str(self.position + 1),
            total=str(len(self.queue)), prompt=question.prompt, en=question.prompt_en or ""))
        if question.kind == "short":
            choices.display = False
            answer_input.display = True
            answer_input.value = ""
            answer_input.focus()
        else:
            answer_input.display = False
            choices.display = True
            options = question.choices if question.kind == "choice" else ("對 true", "錯 false")
            choices.add_options([Option(Content(text)) for text in options])
            choices.highlighted = 0
            choices.focus()

    def _summary(self) -> Content:
        if self.error:
            return Content(self.error)
        if not self.results:
            return Content(f"This text has no questions for section {self.section}.")
        right = sum(self.results.values())
        missed = len(self.results) - right
        return Content.from_markup(
            "[b]Section $s: $right of $total right[/b]\n$more", s=str(self.section),
            right=str(right), total=str(len(self.results)),
            more="r: retry the missed questions" if missed else "All right. 全對！")

    def _answer(self, given: str | bool) -> None:
        question = self.current
        if question is None or self.answered:
            return
        right = question.is_right(given)
        self.results[question.id] = right
        self.answered = True
        if question.kind == "short":
            expected = " / ".join(question.answer)
        elif question.kind == "truefalse":
            expected = "對 true" if question.answer else "錯 false"
        else:
            expected = str(question.answer)
        self.query_one("#quiz-feedback", Static).update(Content.from_markup(
            "$verdict\n$why\n[i]$why_en[/i]\n[dim]n next · v evidence[/dim]",
            verdict="✓ Right! 對了" if right else f"✗ Not quite. Answer: {expected}",
            why=question.explanation, why_en=question.explanation_en or ""))

    @on(OptionList.OptionSelected, "#quiz-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        question = self.current
        if question is None:
            return
        if self.answered:
            self.action_next()
            return
        if question.kind == "truefalse":
            self._answer(event.option_index == 0)
        else:
            self._answer(question.choices[event.option_index])

    @on(Input.Submitted, "#quiz-input")
    def _typed(self, event: Input.Submitted) -> None:
        if self.answered:
            self.action_next()
        elif event.value.strip():
            self._answer(event.value)

    def action_next(self) -> None:
        if self.current is not None and self.answered:
            self.position += 1
            self._show()

    def action_retry(self) -> None:
        missed = [q for q in self.queue if self.results.get(q.id) is False]
        if self.current is None and missed:
            self.queue, self.position = missed, 0
            self.results = {}
            self._show()

    def action_evidence(self) -> None:
        question = self.current
        if question is None:
            return
        evidence = self.query_one("#quiz-evidence", Static)
        self.showing_evidence = not self.showing_evidence
        if self.showing_evidence:
            paragraph = self.doc.paragraph(question.evidence)
            evidence.update(Content.from_markup("[b]$id[/b]\n[reverse]$text[/reverse]",
                                                id=paragraph.id, text=paragraph.text))
        else:
            evidence.update("")

    def action_close(self) -> None:
        self.dismiss()
