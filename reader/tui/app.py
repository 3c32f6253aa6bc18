"""The Textual app: owns settings, the progress store and the screen stack. Built by
`make_app` so tests construct it without the command line."""

from __future__ import annotations

import os
from collections.abc import Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen

from reader.errors import ReaderError
from reader.settings import Settings, load_settings, save_settings
from reader.study.assignment import Assignment
from reader.study.store import Store
from reader.text.model import Document
from reader.tui.messages import OpenText

WARM_UP_DELAY = 1.5  # seconds after the first annotated paragraph


class ReaderApp(App):
    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, id="app.quit")]

    def __init__(
        self,
        text: str | None = None,
        settings: Settings | None = None,
        store: Store | None = None,
        doc: Document | None = None,
        assignment: Assignment | None = None,
    ) -> None:
        super().__init__()
        self.initial_text = text
        self.initial_doc = doc
        self.initial_assignment = assignment
        loaded, self.settings_problem = (settings, None) if settings else load_settings()
        self.settings = loaded
        self.store = store or Store()
        self.known_words: set[str] = set()
        self._dictionary_warming = False

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from reader.tui.commands import screen_commands

        yield from screen_commands(screen)
        yield from super().get_system_commands(screen)

    def on_mount(self) -> None:
        self.theme = (
            self.settings.theme if self.settings.theme in self.available_themes else "textual-dark"
        )
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        if self.settings_problem:
            self.notify(Content(self.settings_problem), severity="error", timeout=10)
        self.known_words = self.store.known_words()
        if self.store.problem:
            self.notify(Content(self.store.problem), severity="warning", timeout=10)
        if self.initial_assignment:
            self.open_assignment(self.initial_assignment)
        elif self.initial_doc:
            self.open_document(self.initial_doc)
        elif self.initial_text:
            self.open_text(self.initial_text, fallback_to_library=True)
        else:
            self.show_library()

    def warm_dictionary(self) -> None:
        """Called once the first paragraph is annotated; starts a moment later, while
        the learner reads, so it competes neither with the first paint nor the first keys."""
        if not self._dictionary_warming:
            self._dictionary_warming = True
            self.set_timer(WARM_UP_DELAY, self._warm_dictionary)

    @work(thread=True, group="warm")
    def _warm_dictionary(self) -> None:
        """Build or open the dictionary index before the first popup needs it."""
        from reader.lang.dictionary import default_dictionary
        from reader.lang.document import default_annotator
        from reader.lang.pinyin import word_pinyin
        from reader.lang.script import LENGTH_PRESERVING, convert, taiwan_word

        try:
            # What the first `s` and the first popup need, loaded while the learner reads.
            for config in LENGTH_PRESERVING:
                convert("開始", config)
            taiwan_word("软件")
            word_pinyin("软件")
            default_annotator()
            default_dictionary().ready()
        except Exception as exc:  # a missing data file must not take the reader down
            self.call_from_thread(
                self.notify, Content(f"dictionary unavailable: {exc}"), severity="warning"
            )

    def show_library(self) -> None:
        from reader.tui.screens.library import LibraryScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(LibraryScreen())

    def open_text(self, name: str, fallback_to_library: bool = False) -> None:
        from pathlib import Path

        from reader.study.assignment import is_assignment_file, load_assignment
        from reader.text.library import open_text

        try:
            if is_assignment_file(Path(name)):
                self.open_assignment(load_assignment(name))
                return
            doc = open_text(name)
        except ReaderError as exc:
            self.notify(Content(str(exc)), severity="error", timeout=10)
            if fallback_to_library:
                self.show_library()
            return
        self.open_document(doc)

    def open_document(self, doc: Document) -> None:
        from reader.lang.document import open_annotated
        from reader.tui.screens.reading import ReadingScreen

        for notice in doc.notices:
            self.notify(Content(notice), severity="warning", timeout=8)
        path = os.path.abspath(doc.path) if doc.path else None
        self.store.opened(doc.id, path, doc.title)
        position = self.store.position(doc.id)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(ReadingScreen(open_annotated(doc), position))

    def open_assignment(self, assignment: Assignment) -> None:
        """Ask the student's name once, then open the assigned sections under its rules."""
        if not self.settings.student_name:
            from reader.tui.screens.name import NameScreen

            def named(name: str | None) -> None:
                if name:
                    self.change_settings(student_name=name)
                    self.open_assignment(assignment)

            self.push_screen(NameScreen(assignment.title), callback=named)
            return
        from reader.lang.document import open_annotated
        from reader.tui.screens.reading import ReadingScreen

        doc = assignment.document
        self.store.start_run(assignment.run_id, self.settings.student_name)
        self.store.opened(doc.id, os.path.abspath(assignment.path), assignment.title)
        position = self.store.position(doc.id)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(ReadingScreen(open_annotated(doc), position, assignment))

    def on_open_text(self, message: OpenText) -> None:
        self.open_text(message.name)

    def _remember_theme(self, theme) -> None:
        if theme.name != self.settings.theme:
            self.change_settings(theme=theme.name)

    def change_settings(self, **changes) -> None:
        self.settings = self.settings.with_(**changes)
        problem = save_settings(self.settings)
        if problem:
            self.notify(Content(problem), severity="warning")

    def on_unmount(self) -> None:
        self.store.close()


def make_app(text: str | None = None, **kwargs) -> ReaderApp:
    return ReaderApp(text, **kwargs)
