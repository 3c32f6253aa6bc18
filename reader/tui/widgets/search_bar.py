"""The search box of the reading screen: hidden until `/`, it posts what to look for.

Messages go up: `SearchBar.Search` with the query when the learner presses Enter,
`SearchBar.Closed` when Escape closes it without searching.
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

PLACEHOLDER = "Search: Chinese or pinyin (guzhi, gū zhí, gu1 zhi2)"


class SearchBar(Input):
    BINDINGS = [Binding("escape", "close", "Close search", show=False)]

    class Search(Message):
        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    class Closed(Message):
        """Escape: the box is hidden again."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(placeholder=PLACEHOLDER, **kwargs)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.display = False

    def open(self) -> None:
        self.display = True
        self.focus()

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.display = False
        self.post_message(self.Search(event.value.strip()))
