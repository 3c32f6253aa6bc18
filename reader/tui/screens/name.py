"""Before an assignment: the student's name for the result file.

The first time it is empty; later it holds the name saved last, so Enter goes on as
that student and another student on a shared computer types their own (their answers,
times and result file are their own: `identity.for_student`).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.safe import for_terminal
from reader.study.identity import display_name, name_key
from reader.tui.context import say


class NameScreen(ModalScreen[str]):
    def __init__(self, heading: str, current: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="name-box"):
            yield Static(Content(for_terminal(self.heading, one_line=False)), id="name-heading")
            if self.current:
                ask = (
                    f"Enter: go on as {for_terminal(self.current)}. Not you? Type your own "
                    "name (your answers and result file are your own):"
                )
            else:
                ask = "Your name, for your result (your teacher sees it):"
            yield Static(Content(ask))
            yield Input(value=self.current, placeholder="e.g. Ana Li", id="name-input")

    def on_mount(self) -> None:
        self.query_one("#name-box").border_title = "Welcome back" if self.current else "Welcome"
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = display_name(event.value)
        if name_key(name):
            self.dismiss(name)
        else:
            say(self, "Please type your name.", severity="warning")
