"""The help screen: `help.md` from the package, and the keys as currently bound."""

from __future__ import annotations

from importlib import resources

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen


def keys_table(screen) -> str:
    """The keys of `screen` as they are bound now (after the user's keymap)."""
    rows = ["", "## Keys on this screen, as bound now", "", "| Keys | Action |", "|---|---|"]
    seen = set()
    for _key, active in sorted(screen.active_bindings.items()):
        binding = active.binding
        if not binding.description or binding.action in seen or active.node is not screen:
            continue
        seen.add(binding.action)
        keys = ", ".join(
            f"`{k}`"
            for k, b in screen.active_bindings.items()
            if b.binding.action == binding.action and b.node is screen
        )
        rows.append(f"| {keys} | {binding.description} |")
    return "\n".join(rows) + "\n" if len(rows) > 5 else ""


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def __init__(self, keys: str = "") -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        # Textual's Markdown widget imports markdown-it (about 40 ms): only when help opens,
        # off the path to the first paint.
        from textual.widgets import Markdown

        text = resources.files("reader.tui").joinpath("help.md").read_text("utf-8") + self.keys
        with VerticalScroll(id="help-body"):
            yield Markdown(text)

    def on_mount(self) -> None:
        self.query_one("#help-body").border_title = "Help"

    def action_close(self) -> None:
        self.dismiss()
