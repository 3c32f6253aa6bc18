"""The library: bundled texts and the texts opened before, with size, HSK and progress."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label
from textual.widgets.data_table import ColumnDoesNotExist, RowDoesNotExist

from reader.errors import ReaderError
from reader.text.model import Document
from reader.tui.messages import OpenText

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
    progress: str = "not started"
    doc: Document | None = None


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "Open", id="library.open"),
        Binding("w", "vocabulary", "Words", id="library.vocabulary"),
        Binding("question_mark", "help", "Help", id="library.help"),
        Binding("q,escape", "app.quit", "Quit", id="library.quit"),
    ]

    def compose(self) -> ComposeResult:
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
            ("Title", "title", None),
            ("Sect.", "sections", None),
            ("Paras", "paragraphs", None),
            ("Chars", "chars", None),
            ("HSK for 95%", "hsk", 15),
            ("Progress", "progress", None),
        ):
            # The HSK profile arrives later from a worker: its column is sized for it.
            table.add_column(label, key=key, width=width)
        self.rows = self._rows()
        for row in self.rows:
            title = Text(row.title, overflow="ellipsis", no_wrap=True)
            title.truncate(TITLE_CELLS, overflow="ellipsis")
            table.add_row(
                title,
                *(
                    Text(v)
                    for v in (row.sections, row.paragraphs, row.chars, row.hsk, row.progress)
                ),
                key=row.key,
            )
        table.focus()
        self._fill_details(self.rows)

    def _rows(self) -> list[LibraryRow]:
        from reader.study.assignment import load_assignment
        from reader.text.library import bundled_texts, open_text

        rows: dict[str, LibraryRow] = {}
        recent = {
            doc_id: (path, title, paragraph)
            for doc_id, path, title, paragraph in self.app.store.recent_texts()
        }
        bundled = {t.id for t in bundled_texts()}
        for doc_id, (path, title, _) in recent.items():
            key = doc_id if doc_id in bundled else (path or doc_id)
            if doc_id in bundled or (path and Path(path).exists()):
                rows[key] = LibraryRow(key, doc_id, title or doc_id)
        for text in bundled_texts():
            rows.setdefault(text.id, LibraryRow(text.id, text.id, text.id))
        for row in rows.values():
            try:
                if row.doc_id.startswith("assignment:"):
                    assignment = load_assignment(row.key)
                    row.doc = assignment.document
                else:
                    row.doc = open_text(row.key)
            except ReaderError:
                row.title += " (cannot be opened)"
                continue
            ids = row.doc.paragraph_ids()
            row.title = (
                f"Assignment: {row.title}"
                if row.doc_id.startswith("assignment:")
                else row.doc.title
            )
            row.sections = str(len(row.doc.sections))
            row.paragraphs = str(len(ids))
            row.chars = f"{row.doc.char_count:,}"
            paragraph = recent.get(row.doc_id, (None, None, None))[2]
            if paragraph in ids:
                row.progress = f"{ids.index(paragraph) + 1}/{len(ids)}"
        return list(rows.values())

    @work(thread=True, group="library")
    def _fill_details(self, rows: list[LibraryRow]) -> None:
        """Profiling a text needs its annotation: slow work, done in a worker."""
        from reader.lang.document import open_annotated
        from reader.lang.hsk import profile

        for row in rows:
            if row.doc is None:
                continue
            adoc = open_annotated(row.doc)
            glossary = adoc.annotator.glossary
            words = [
                t.simplified
                for pid in row.doc.paragraph_ids()
                for t in adoc.tokens(pid)
                if not (t.term and glossary and glossary.entries[t.term].kind == "entity")
            ]
            found = profile(words)
            self.app.call_from_thread(
                self._set,
                row.key,
                "hsk",
                f"{found.level_for_95} ({found.share('7-9') + found.share('beyond'):.0%} >6)",
            )

    def _set(self, row_key: str, column: str, value: str) -> None:
        table = self.query_one(DataTable)
        with contextlib.suppress(RowDoesNotExist, ColumnDoesNotExist):
            table.update_cell(row_key, column, Text(value), update_width=True)

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.post_message(OpenText(key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.post_message(OpenText(event.row_key.value))

    def action_vocabulary(self) -> None:
        from reader.tui.screens.vocabulary import VocabularyScreen

        self.app.push_screen(VocabularyScreen())

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen, keys_table

        self.app.push_screen(HelpScreen(keys_table(self)))
