"""The Textual app: owns the reader's context (settings, progress store, known words)
and the screen stack. Built by `make_app` so tests construct it without the command
line."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from reader.annotated.document import (
    AnnotatedDocument,
    default_annotator,
    default_cache,
    open_annotated,
)
from reader.errors import ReaderError
from reader.lang.dictionary import default_dictionary
from reader.lang.pinyin import pypinyin_word, word_pinyin
from reader.lang.script import taiwan_word
from reader.study.assignment import Assignment
from reader.study.identity import display_name, for_student, name_key
from reader.study.session import ReadingSession
from reader.study.sources import Opened, OpenedAssignment, OpenedText, open_any
from reader.study.store import Store
from reader.text.chars import LENGTH_PRESERVING, convert
from reader.text.model import Document
from reader.tui.commands import screen_commands
from reader.tui.context import ReaderContext, change_settings, say
from reader.tui.messages import Annotated, OpenText, ShowLibrary
from reader.tui.screens.reading import ReadingScreen
from reader.tui.settings import Settings, load_settings

WARM_UP_DELAY = 1.5  # seconds after the first annotated paragraph


RETRY_SECONDS = 5.0  # how often changes the disk refused are tried again


class ReaderApp(App[None]):
    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, id="app.quit")]

    def __init__(
        self,
        text: str | None = None,
        settings: Settings | None = None,
        store: Store | None = None,
        opened: Opened | None = None,
        student: str | None = None,
        domains: tuple[str, ...] | None = None,  # --domain: for this run, not saved
        review: bool = False,  # `reader review`: the review screen over the library
    ) -> None:
        super().__init__()
        self.student = display_name(student) if student else None
        self.initial_text = text
        self.initial = opened
        loaded, problem = (settings, None) if settings else load_settings()
        if domains is not None:
            loaded = loaded.with_(glossary_domains=domains)
        self.reader_context = ReaderContext(store or Store(), loaded, problem)
        self._dictionary_warming = False
        self.start_review = review
        self._reading: AnnotatedDocument | None = None  # the text open in the reader

    # what the tests and the bench read
    @property
    def settings(self) -> Settings:
        return self.reader_context.settings

    @property
    def store(self) -> Store:
        return self.reader_context.store

    @property
    def known_words(self) -> set[str]:
        return self.reader_context.known_words

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from screen_commands(screen)
        yield from super().get_system_commands(screen)

    def on_mount(self) -> None:
        ctx = self.reader_context
        self.set_interval(RETRY_SECONDS, self._retry_pending)
        default_cache().limit = ctx.settings.cache_limit_mb * 2**20
        theme = ctx.settings.theme
        self.theme = theme if theme in self.available_themes else "textual-dark"
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if ctx.settings.keymap:
            self.set_keymap(ctx.settings.keymap)
        if self.student and self.student != ctx.settings.student_name:
            self.change_settings(student_name=self.student)
        if ctx.settings_problem:
            say(self, ctx.settings_problem, severity="error", timeout=10)
        ctx.refresh_known_words()
        if ctx.store.problem:
            say(self, ctx.store.problem, severity="warning", timeout=10)
        if self.initial is not None:
            self.open(self.initial)
        elif self.initial_text:
            self.open_name(self.initial_text, fallback_to_library=True)
        else:
            self.show_library()
        if self.start_review:
            from reader.tui.screens.review import ReviewScreen

            self.push_screen(ReviewScreen(self.settings.script))

    def _retry_pending(self) -> None:
        """Changes the disk refused (full, read-only) are tried again, off the UI thread."""
        store = self.reader_context.store
        if store.pending:
            self.run_worker(
                store.retry_pending, thread=True, group="retry", exclusive=True, exit_on_error=False
            )

    def on_annotated(self, _message: Annotated) -> None:
        """The first paragraph is annotated; the dictionary warms a moment later, while
        the learner reads, so it competes neither with the first paint nor the first keys."""
        if not self._dictionary_warming:
            self._dictionary_warming = True
            self.set_timer(WARM_UP_DELAY, self._warm_dictionary)

    @work(thread=True, group="warm")
    def _warm_dictionary(self) -> None:
        """Build or open the dictionary index before the first popup needs it."""
        try:
            # What the first `s` and the first popup need, loaded while the learner reads.
            for config in LENGTH_PRESERVING:
                convert("開始", config)
            taiwan_word("软件")
            word_pinyin("软件")
            pypinyin_word("软件")  # pypinyin's tables: a Taiwan word's reading may need them
            # the annotator of the text being read (its glossary: the learner's choice),
            # and its glossary's entries, which a start reads only the index of
            annotator = self._reading.annotator if self._reading else default_annotator()
            if annotator.glossary is not None:
                _ = annotator.glossary.entries
            default_dictionary().ready()
            # What is loaded by now (the dictionary, pypinyin's and jieba's tables: millions
            # of objects) lives as long as the app: kept out of the garbage collector's
            # full passes, which took 30-60 ms of a keypress every few dozen keys.
            gc.freeze()
        except Exception as exc:  # a missing data file must not take the reader down
            self.call_from_thread(say, self, f"dictionary unavailable: {exc}", severity="warning")

    def show_library(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        # The library (DataTable, HSK profiles) is imported when it is shown: a text
        # opened from the command line paints without it.
        from reader.tui.screens.library import LibraryScreen

        self.push_screen(LibraryScreen())

    def on_show_library(self, _message: ShowLibrary) -> None:
        self.show_library()

    def open_name(self, name: str, fallback_to_library: bool = False) -> None:
        try:
            opened = open_any(name)
        except ReaderError as exc:
            say(self, str(exc), severity="error", timeout=10)
            if fallback_to_library:
                self.show_library()
            return
        self.open(opened)

    def on_open_text(self, message: OpenText) -> None:
        self.open_name(message.name)

    def open(self, opened: Opened) -> None:
        if isinstance(opened, OpenedAssignment):
            self.open_assignment(opened.assignment)
        else:
            self.open_document(opened.document)

    def open_document(self, doc: Document) -> None:
        for notice in doc.notices:
            say(self, notice, severity="warning", timeout=8)
        self._read(ReadingSession(self.store, doc))

    def open_assignment(self, assignment: Assignment, *, asked: bool = False) -> None:
        """Ask who is reading (the name saved last is offered: Enter goes on), then open
        the assigned sections under its rules, as that student's own."""
        name = self.settings.student_name
        if not asked and not self.student:

            def named(typed: str | None) -> None:
                if typed:
                    # the same student typed differently keeps the spelling saved
                    if name_key(typed) != name_key(name):
                        self.change_settings(student_name=display_name(typed))
                    self.open_assignment(assignment, asked=True)

            from reader.tui.screens.name import NameScreen  # only for an assignment

            self.push_screen(NameScreen(assignment.heading, name), callback=named)
            return
        mine = for_student(assignment, name)
        if not assignment.rules.shows_answers and Path(assignment.path).stem.endswith(".teacher"):
            say(
                self,
                "This is the teacher's copy of the assignment (it has the answers): "
                "students open the copy without '.teacher' in its name.",
                severity="warning",
                timeout=10,
            )
        self._read(ReadingSession(self.store, mine.document, mine, name))

    def _read(self, session: ReadingSession) -> None:
        position = session.open()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        assignment = session.assignment
        adoc = open_annotated(
            session.doc,
            assignment.corrections if assignment else None,
            self.settings.glossary_choice(),
            assignment.glossary if assignment else None,
        )
        self._reading = adoc
        screen = ReadingScreen(adoc, session, position)
        if adoc.load_stored(["title", *screen.position.blocks_around()]):
            # Blocks the cache has not (a text never opened): the pipeline loads (half a
            # second) while the screen is built and painted.
            self.run_worker(
                lambda: adoc.annotator.warm(), thread=True, group="warm", exit_on_error=False
            )
        self.push_screen(screen)

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name != self.settings.theme:
            self.change_settings(theme=theme.name)

    def change_settings(self, **changes: object) -> None:
        change_settings(self, **changes)

    def on_unmount(self) -> None:
        self.store.close()


def make_app(
    text: str | None = None,
    *,
    settings: Settings | None = None,
    store: Store | None = None,
    doc: Document | None = None,
    assignment: Assignment | None = None,
    student: str | None = None,
) -> ReaderApp:
    """The app for `text` (a name the app opens itself), or for what the caller opened
    already: a document or an assignment."""
    opened: Opened | None = None
    if assignment is not None:
        opened = OpenedAssignment(assignment)
    elif doc is not None:
        opened = OpenedText(doc)
    return ReaderApp(text, settings=settings, store=store, opened=opened, student=student)
