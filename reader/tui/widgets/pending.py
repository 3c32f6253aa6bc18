"""A line that stays while changes wait to be saved (full disk, read-only home).

A toast lasts seconds; an answer the screen confirmed but the disk refused must stay
visible until it is saved. The app retries every few seconds; this line reads the
store's count and hides itself when nothing is waiting.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader.tui.context import context


def pending_text(answers: int, others: int, read_only: bool) -> str:
    """'⚠ 2 answers not saved yet ...' (empty when nothing waits)."""
    if not answers and not others:
        return ""
    parts = []
    if answers:
        parts.append(f"{answers} answer{'s' if answers != 1 else ''}")
    if others:
        parts.append(f"{others} other change{'s' if others != 1 else ''}")
    why = "the folder is read-only" if read_only else "the disk is full or cannot be written"
    return f"⚠ {' and '.join(parts)} not saved yet ({why}): kept, and saved when it can be"


class PendingNote(Static):
    DEFAULT_CSS = """
    PendingNote {
        dock: top;
        height: auto;
        background: $warning 40%;
        display: none;
    }
    """

    def on_mount(self) -> None:
        self.set_interval(1.0, self.update_note)
        self.update_note()

    def update_note(self) -> None:
        store = context(self).store
        answers = store.pending_answers()
        text = pending_text(answers, len(store.pending) - answers, store.read_only)
        self.display = bool(text)
        if text:
            self.update(Content(text))
