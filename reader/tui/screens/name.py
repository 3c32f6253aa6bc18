"""Asked once, before the first assignment: the student's name for the result file."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.safe import for_terminal
from reader.study.identity import display_name, name_key
from reader.tui.context import say


class NameScreen(ModalScreen[str]):
    def __init__(self, heading: str) -> None:
        super().__init__()
        self.heading = heading

    def compose(self) -> ComposeResult:
        with Vertical(id="name-box"):
            yield Label(Content(for_terminal(self.heading)))
            yield Label(Content("Your name, for the result file you send your teacher:"))
            yield Input(placeholder="e.g. Ana Li", id="name-input")

    def on_mount(self) -> None:
        self.query_one("#name-box").border_title = "Welcome"
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = display_name(event.value)
        if name_key(name):
            self.dismiss(name)
        else:
            say(self, "Please type your name.", severity="warning")
