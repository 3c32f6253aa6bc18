"""`w`: the learner's vocabulary: review, mark known (hides its pinyin in the
"above my level" mode), remove."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable


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
        rows = self.app.store.vocabulary()
        for word, _s, _t, pinyin, english, sentence, known in rows:
            short = sentence if len(sentence) <= 30 else sentence[:30] + "…"
            table.add_row(
                Text(word),
                Text(pinyin),
                Text(english[:40]),
                Text("✓" if known else ""),
                Text(short),
                key=word,
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
        known = {r[0]: r[6] for r in self.app.store.vocabulary()}
        self.app.store.set_known(word, not known.get(word))
        self.app.known_words = self.app.store.known_words()
        row = self.query_one(DataTable).cursor_row
        self._fill()
        self.query_one(DataTable).move_cursor(row=row)

    def action_remove(self) -> None:
        word = self._current()
        if word is None:
            return
        self.app.store.remove_word(word)
        self.app.known_words = self.app.store.known_words()
        self._fill()

    def action_close(self) -> None:
        self.dismiss()
