"""The table of contents: each section with its read state, its quiz score and the time
spent on it; Enter jumps to the section's first paragraph."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.study.stats import SectionProgress
from reader.text.chars import cell_len
from reader.tui.context import plain

TITLE_WIDTH = 28


def _fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells (a Han character takes two): cut with … or padded."""
    if cell_len(text) > width:
        cut, used = "", 0
        for ch in text:
            used += cell_len(ch)
            if used > width - 1:
                break
            cut += ch
        text = cut + "…"
    return text + " " * (width - cell_len(text))


def state(section: SectionProgress, graded: bool) -> str:
    """'read · 2 of 3 right · 4 min' for one section."""
    parts = ["✓ read" if section.read else "unread"]
    if section.answered:
        parts.append(
            f"{section.right} of {section.answered} right"
            if graded
            else f"{section.answered} answered"
        )
    if section.seconds >= 60:
        parts.append(f"{section.seconds / 60:.0f} min")
    return " · ".join(parts)


def summary(sections: list[SectionProgress], graded: bool) -> str:
    read = sum(s.read for s in sections)
    answered = sum(s.answered for s in sections)
    line = f"{read} of {len(sections)} sections read"
    if answered and graded:
        line += f" · {sum(s.right for s in sections)} of {answered} questions right"
    elif answered:
        line += f" · {answered} questions answered"
    return line


class ContentsScreen(ModalScreen[str | None]):
    """Returns the first paragraph of the section chosen, None when closed."""

    BINDINGS = [
        Binding("escape,q,t", "close", "Close", id="contents.close"),
        Binding("j", "move(1)", "Down", show=False, id="contents.down"),
        Binding("k", "move(-1)", "Up", show=False, id="contents.up"),
    ]

    def __init__(
        self,
        sections: list[SectionProgress],
        current: int,  # the section being read
        shown: Callable[[str], str],  # a title in the script on screen
        graded: bool = True,
    ) -> None:
        super().__init__()
        self.sections = sections
        self.current = current
        self.shown = shown
        self.graded = graded

    def compose(self) -> ComposeResult:
        with Vertical(id="contents-box"):
            yield Static(plain(summary(self.sections, self.graded)), id="contents-summary")
            yield OptionList(
                *(
                    Option(
                        plain(
                            f"{'▸' if s.number == self.current else ' '}{s.number:>3}  "
                            f"{_fit(self.shown(s.title), TITLE_WIDTH)}  "
                            f"{state(s, self.graded)}"
                        ),
                        id=s.first,
                    )
                    for s in self.sections
                ),
                id="contents-list",
            )

    def on_mount(self) -> None:
        box = self.query_one("#contents-box")
        box.border_title = "Contents"
        box.border_subtitle = "enter go there · esc close"
        options = self.query_one(OptionList)
        at = next((i for i, s in enumerate(self.sections) if s.number == self.current), 0)
        options.highlighted = at
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
