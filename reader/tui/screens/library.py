"""The library: bundled texts and the texts opened before, with size, HSK and progress."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label
from textual.widgets.data_table import ColumnDoesNotExist, RowDoesNotExist
from textual.worker import get_current_worker

from reader.annotated.document import open_annotated
from reader.annotated.glossary_file import ALL_DOMAINS, GlossaryChoice
from reader.errors import ReaderError
from reader.lang.hsk import profile
from reader.safe import for_terminal
from reader.study.sources import open_any
from reader.study.words import share_of
from reader.text.library import bundled_texts
from reader.text.model import Document
from reader.tui.context import context, in_declared_order
from reader.tui.messages import OpenText
from reader.tui.screens.help import HelpScreen, keys_table
from reader.tui.screens.vocabulary import VocabularyScreen
from reader.tui.widgets.pending import PendingNote

TITLE_CELLS = 26  # long titles are cut so size, level and progress stay in view


@dataclass
class LibraryRow:
    key: str  # what to open: a bundled id or a path
    doc_id: str
    title: str
    sections: str = "…"
    paragraphs: str = "…"
    chars: str = "…"
    hsk: str = "…"
    known: str = "…"
    progress: str = "not started"
    doc: Document | None = None


PROFILE_CHARS = 20_000  # a text's HSK profile is taken from its first characters
_PROFILES: dict[str, str] = {}  # checksum -> the profile shown, for this run
_WORDS: dict[str, set[str]] = {}  # checksum -> every word of the text, for this run


def _profile(
    doc: Document, cancelled: Callable[[], bool], choice: GlossaryChoice = ALL_DOMAINS
) -> str | None:
    """'4 (12% >6)' for the first PROFILE_CHARS characters of `doc`; None when
    cancelled."""
    adoc = open_annotated(doc, choice=choice)
    glossary = adoc.annotator.glossary
    words: list[str] = []
    total = 0
    for paragraph in doc.paragraphs():
        if total >= PROFILE_CHARS:
            break
        if cancelled():
            return None
        total += len(paragraph.text)
        words += [
            t.simplified
            for t in adoc.tokens(paragraph.id)
            if not (t.term and glossary and glossary.kind_of(t.term) == "entity")
        ]
    found = profile(words)
    return f"{found.level_for_95} ({found.share('7-9') + found.share('beyond'):.0%} >6)"


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "Open", id="library.open"),
        Binding("w", "vocabulary", "Words", id="library.vocabulary"),
        Binding("r", "review", "Review", id="library.review"),
        Binding("o", "settings", "Settings", id="library.settings"),
        Binding("question_mark", "help", "Help", id="library.help"),
        Binding("q,escape", "app.quit", "Quit", id="library.quit"),
    ]

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return in_declared_order(self, super().active_bindings)

    def compose(self) -> ComposeResult:
        yield PendingNote(id="pending")
        yield Label(Content("reader · 閱讀 · a Chinese reading assistant"), id="library-title")
        yield DataTable(cursor_type="row", id="library")
        yield Label(
            Content("enter open · ? help · q quit    Open any Chinese text file: reader PATH"),
            id="library-hint",
        )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key, width in (
            # what a learner looks for first comes first: at 60 columns the progress
            # and the level stay in view, the sizes go off the right
            ("Title", "title", None),
            ("Progress", "progress", None),
            ("HSK for 95%", "hsk", 15),
            ("Known", "known", 18),
            ("Chars", "chars", None),
            ("Sect.", "sections", None),
            ("Paras", "paragraphs", None),
        ):
            # The HSK profile arrives later from a worker: its column is sized for it.
            table.add_column(label, key=key, width=width)
        self.rows = self._rows()
        for row in self.rows:
            title = Text(for_terminal(row.title), overflow="ellipsis", no_wrap=True)
            title.truncate(TITLE_CELLS, overflow="ellipsis")
            table.add_row(
                title,
                *(
                    Text(v)
                    for v in (
                        row.progress,
                        row.hsk,
                        row.known,
                        row.chars,
                        row.sections,
                        row.paragraphs,
                    )
                ),
                key=row.key,
            )
        table.focus()
        self._fill_details(self.rows)

    def _rows(self) -> list[LibraryRow]:
        """Recent texts first, then the bundled ones; each opened (a file read, never
        annotated) for its size and progress."""
        rows: dict[str, LibraryRow] = {}
        bundled = {t.id for t in bundled_texts()}
        recent = context(self).store.recent_texts()
        positions = {r.doc_id: r.paragraph for r in recent}
        for r in recent:
            key = r.doc_id if r.doc_id in bundled else (r.path or r.doc_id)
            if r.doc_id in bundled or (r.path and Path(r.path).exists()):
                rows[key] = LibraryRow(key, r.doc_id, r.title or r.doc_id)
        for text in bundled_texts():
            rows.setdefault(text.id, LibraryRow(text.id, text.id, text.id))
        for row in rows.values():
            try:
                opened = open_any(row.key)
            except ReaderError:
                row.title += " (cannot be opened)"
                continue
            except Exception:  # one broken entry never keeps the library from opening
                row.title += " (cannot be opened: unexpected error)"
                continue
            row.doc = opened.document
            ids = row.doc.paragraph_ids()
            row.title = opened.title
            row.sections = str(len(row.doc.sections))
            row.paragraphs = str(len(ids))
            row.chars = f"{row.doc.char_count:,}"
            paragraph = positions.get(row.doc_id)
            if paragraph in ids:
                row.progress = f"{ids.index(paragraph) + 1}/{len(ids)}"
        return list(rows.values())

    @work(thread=True, group="library")
    def _fill_details(self, rows: list[LibraryRow]) -> None:
        """Profiling a text needs its annotation: slow work, done in a worker, on the
        first PROFILE_CHARS characters, once a run per text, stopping between paragraphs
        when the library closes."""
        worker = get_current_worker()
        ctx = context(self)
        choice = ctx.settings.glossary_choice()
        for row in rows:
            if row.doc is None:
                continue
            shown = _PROFILES.get(row.doc.checksum)
            if shown is None:
                shown = _profile(row.doc, lambda: worker.is_cancelled, choice)
                if shown is None:
                    return
                _PROFILES[row.doc.checksum] = shown
            self.app.call_from_thread(self._set, row.key, "hsk", shown)
        # the share of the learner's words: every word of each text (a book's take a
        # while: each row says it when done)
        for row in rows:
            if row.doc is None:
                continue
            words = _WORDS.get(row.doc.checksum)
            if words is None:
                found = open_annotated(row.doc, choice=choice).words(lambda: worker.is_cancelled)
                if found is None:
                    return
                words = _WORDS[row.doc.checksum] = set(found)
            known = share_of(words, ctx.statuses).describe()
            self.app.call_from_thread(self._set, row.key, "known", known)

    def _set(self, row_key: str, column: str, value: str) -> None:
        table = self.query_one(DataTable)
        with contextlib.suppress(RowDoesNotExist, ColumnDoesNotExist):
            table.update_cell(row_key, column, Text(value), update_width=True)

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.post_message(OpenText(key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(OpenText(event.row_key.value))

    def action_vocabulary(self) -> None:
        self.app.push_screen(VocabularyScreen(), callback=lambda _: self._known_again())

    def action_review(self) -> None:
        from reader.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(), callback=lambda _: self._known_again())

    def _known_again(self) -> None:
        """The shares once statuses may have changed (the words are counted already)."""
        statuses = context(self).statuses
        for row in self.rows:
            words = _WORDS.get(row.doc.checksum) if row.doc is not None else None
            if words is not None:
                self._set(row.key, "known", share_of(words, statuses).describe())

    def action_settings(self) -> None:
        from reader.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(keys_table(self)))
