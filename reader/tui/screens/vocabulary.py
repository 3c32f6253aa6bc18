"""`w`: the learner's vocabulary: review, mark known (hides its pinyin in the
"above my level" mode), remove (and undo it). Words are shown in the script the learner
reads in now, with their HSK level and the text they came from."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable

from reader.lang.hsk import syllabus_level
from reader.safe import for_terminal
from reader.study.store import VocabRow
from reader.study.words import LABELS as STATUS_LABELS
from reader.tui.context import context, say


def _in_script(row: VocabRow, script: str) -> str:
    """The word as the reader shows text now (a word added while reading simplified
    is shown traditional when the learner reads traditional)."""
    if script == "simplified":
        return row.simplified
    if script in ("traditional", "taiwan", "hongkong"):
        return row.traditional
    return row.word


class VocabularyScreen(ModalScreen):
    BINDINGS = [
        Binding("escape,q,w", "close", "Close", id="vocab.close"),
        Binding("k", "toggle_known", "Known", id="vocab.known"),
        Binding("d,delete", "remove", "Remove", id="vocab.remove"),
        Binding("u", "undo", "Undo", id="vocab.undo"),
    ]

    def __init__(self, script: str | None = None) -> None:
        super().__init__()
        self.script = script  # the reader's script now (None: the settings' default)
        self.removed: list[VocabRow] = []  # for u, the last removed first

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", id="vocab-table")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.border_title = "Your vocabulary"
        table.border_subtitle = "k known · d remove · u undo · esc close"
        for label in ("Word", "Pinyin", "English", "HSK", "Status", "Text", "Sentence"):
            table.add_column(label, key=label.lower())
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        ctx = context(self)
        script = self.script or ctx.settings.script
        rows = ctx.store.vocabulary()
        titles = {r.doc_id: r.title for r in ctx.store.recent_texts()}
        for row in rows:
            title = titles.get(row.doc_id, row.doc_id)
            short = row.sentence if len(row.sentence) <= 30 else row.sentence[:30] + "…"
            level = syllabus_level(row.simplified)
            table.add_row(
                Text(for_terminal(_in_script(row, script))),
                Text(for_terminal(row.pinyin)),
                Text(for_terminal(row.english[:40])),
                Text("" if level is None else "7-9" if level >= 7 else str(level)),
                Text(STATUS_LABELS.get(row.status, row.status)),
                Text(for_terminal(title if len(title) <= 16 else title[:16] + "…")),
                Text(for_terminal(short)),
                key=row.word,
            )
        if not rows:
            table.add_row(
                Text("(empty: press a in a word popup to add a word)"),
                *(Text("") for _ in range(6)),
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
        row = next((r for r in ctx.store.vocabulary() if r.word == word), None)
        if ctx.store.remove_word(word) and row is not None:
            self.removed.append(row)
            say(self, f"Removed {word} · u: undo", timeout=3)
        ctx.refresh_known_words()
        self._fill()

    def action_undo(self) -> None:
        """Put back the word removed last (with its sentence and known mark)."""
        if not self.removed:
            say(self, "Nothing to undo", timeout=2)
            return
        row = self.removed.pop()
        ctx = context(self)
        store = ctx.store
        if (
            store.add_word(
                row.word,
                row.simplified,
                row.traditional,
                row.pinyin,
                row.english,
                row.sentence,
                row.doc_id,
            )
            and row.known
        ):
            store.set_known(row.word, True)
        ctx.refresh_known_words()
        self._fill()
        say(self, f"{row.word} is back", timeout=2)

    def action_close(self) -> None:
        self.dismiss()
