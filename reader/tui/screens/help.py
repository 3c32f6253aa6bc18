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
    for _key, active in screen.active_bindings.items():
        binding = active.binding
        # ours only (each has an id): Textual's own (focus next, copy) are not the reader's
        if not binding.description or binding.id is None or binding.action in seen:
            continue
        if active.node is not screen:
            continue
        seen.add(binding.action)
        keys = ", ".join(
            f"`{screen.app.get_key_display(b.binding)}`"
            for b in screen.active_bindings.values()
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
