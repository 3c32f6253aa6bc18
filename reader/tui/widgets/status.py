"""The reading screen's status bar: where the learner is, a progress bar and the modes.

Data goes down: the screen calls `show` with what to display; the bar never reads the
document or the settings itself.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ProgressBar


class StatusBar(Horizontal):
    def __init__(self, total: int, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._total = total

    def compose(self) -> ComposeResult:
        yield Label(id="position")
        yield ProgressBar(total=self._total, show_eta=False, show_percentage=False, id="progress")
        yield Label(id="modes")

    def show(self, place: str, progress: int, modes: str) -> None:
        # Our own words and numbers only; Content never parses them as markup.
        self.query_one("#position", Label).update(Content(place))
        self.query_one("#progress", ProgressBar).update(progress=progress)
        self.query_one("#modes", Label).update(Content(modes))
