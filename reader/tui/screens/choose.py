"""A short list to choose from (a word's readings, where to split it): arrows or j/k
and Enter, or the option's number; Escape chooses nothing."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.tui.context import plain


class ChoiceScreen(ModalScreen[int | None]):
    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="choose.cancel"),
        Binding("j", "move(1)", "Down", show=False, id="choose.down"),
        Binding("k", "move(-1)", "Up", show=False, id="choose.up"),
        *(
            Binding(str(n), f"pick({n - 1})", f"Option {n}", show=False, id=f"choose.pick_{n}")
            for n in range(1, 10)
        ),
    ]

    def __init__(self, title: str, question: str, options: list[str], current: int = 0) -> None:
        super().__init__()
        self.heading = title
        self.question = question
        self.options = options
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="choose-box"):
            yield Static(plain(self.question), id="choose-question")
            yield OptionList(
                *(
                    Option(plain(f"{n}  {text}" if n < 10 else f"   {text}"), id=str(n - 1))
                    for n, text in enumerate(self.options, start=1)
                ),
                id="choose-list",
            )

    def on_mount(self) -> None:
        box = self.query_one("#choose-box")
        box.border_title = plain(self.heading)
        box.border_subtitle = "enter choose · esc cancel"
        options = self.query_one(OptionList)
        options.highlighted = min(self.current, len(self.options) - 1)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_pick(self, index: int) -> None:
        if index < len(self.options):
            self.dismiss(index)

    def action_cancel(self) -> None:
        self.dismiss(None)
