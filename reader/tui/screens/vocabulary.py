"""`w`: the learner's vocabulary: review, mark known (hides its pinyin in the
"above my level" mode), remove."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable

from reader.safe import for_terminal
from reader.tui.context import context


class VocabularyScreen(ModalScreen):
    BINDINGS = [
        Binding("escape,q,w", "close", "Close", id="vocab.close"),
        Binding("k", "toggle_known", "Known", id="vocab.known"),
        Binding("d,delete", "remove", "Remove", id="vocab.remove"),
    ]

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", id="vocab-table")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.border_title = "Your vocabulary"
        table.border_subtitle = "k known · d remove · esc close"
        for label in ("Word", "Pinyin", "English", "Known", "Sentence"):
            table.add_column(label, key=label.lower())
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        rows = context(self).store.vocabulary()
        for row in rows:
            short = row.sentence if len(row.sentence) <= 30 else row.sentence[:30] + "…"
            table.add_row(
                Text(for_terminal(row.word)),
                Text(for_terminal(row.pinyin)),
                Text(for_terminal(row.english[:40])),
                Text("✓" if row.known else ""),
                Text(for_terminal(short)),
                key=row.word,
            )
        if not rows:
            table.add_row(
                Text("(empty: press a in a word popup to add a word)"),
                Text(""),
                Text(""),
                Text(""),
                Text(""),
                key="",
            )

    def _current(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key or None

    def action_toggle_known(self) -> None:
        word = self._current()
        if word is None:
            return
        ctx = context(self)
        known = {r.word: r.known for r in ctx.store.vocabulary()}
        ctx.store.set_known(word, not known.get(word))
        ctx.refresh_known_words()
        row = self.query_one(DataTable).cursor_row
        self._fill()
        self.query_one(DataTable).move_cursor(row=row)

    def action_remove(self) -> None:
        word = self._current()
        if word is None:
            return
        ctx = context(self)
        ctx.store.remove_word(word)
        ctx.refresh_known_words()
        self._fill()

    def action_close(self) -> None:
        self.dismiss()
