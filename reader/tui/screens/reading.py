"""The reading screen: one paragraph in focus, pinyin over its words, a word cursor.

The screen composes the passage, the status bar and the search bar and routes their
messages. Where the learner is lives in `ReadingPosition` (pure), what is saved while
they read in `ReadingSession`; slow work (annotation, search by pinyin, practice
questions) runs in workers, never on the UI thread.

The screens opened from here (popup, questions, glossary list, vocabulary) are imported
when they open: their modules (the dictionary, DataTable) stay off the first paint.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Label
from textual.worker import get_current_worker

from reader.annotated.corrections_file import change_learner_corrections, learner_corrections
from reader.annotated.document import AnnotatedDocument
from reader.errors import ReaderError
from reader.lang.annotate import ShownToken
from reader.lang.corrections import MAX_WORD
from reader.lang.numbers import Spoken
from reader.lang.pinyin import PINYIN_MODE_LABELS, simplified_form
from reader.lang.script import SCRIPT_LABELS, SCRIPTS, to_script
from reader.safe import for_terminal
from reader.study.position import ReadingPosition
from reader.study.practice import practice_paragraphs
from reader.study.quiz import QuizSession
from reader.study.quizzes import fixed_session, practice_session
from reader.study.session import ReadingSession
from reader.study.words import KNOWN, NEW, is_countable, new_words_by_frequency, share_of
from reader.text.chars import convert, has_han
from reader.text.parse import sentences
from reader.tui.blocks import BlockMaker, look_of, words_of
from reader.tui.context import (
    ReaderContext,
    change_settings,
    context,
    in_declared_order,
    say,
)
from reader.tui.messages import Annotated, JumpTo, ShowLibrary
from reader.tui.screens.help import HelpScreen, keys_table
from reader.tui.settings import Settings, cycled
from reader.tui.widgets.passage import PassageBlock, PassageView
from reader.tui.widgets.pending import PendingNote
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.status import StatusBar

if TYPE_CHECKING:
    from reader.tui.screens.questions import QuestionWords


TIME_FLUSH_SECONDS = 30.0  # reading time is saved at least this often
WHEEL_SECONDS = 0.12  # the wheel moves at most one paragraph this often
# The footer's keys when the screen is narrow, the most needed first; the rest follow in
# the order declared, as long as they fit beside the palette's "^p palette".
FOOTER_PRIORITY = [
    "reader.help",
    "reader.next",
    "reader.popup",
    "reader.pinyin",
    "reader.script",
    "reader.questions",
    "reader.back",
    "reader.quit",
    "reader.previous",
    "reader.translation",
]
FOOTER_PALETTE_CELLS = 14


class ReadingScreen(Screen[None]):
    # Nothing takes the focus: keys go to the screen's bindings (the scroll box would
    # take up/down, the hidden search box every key).
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("j,down,space", "next_paragraph", "Next", id="reader.next"),
        Binding("k,up", "previous_paragraph", "Prev", id="reader.previous"),
        Binding("right_square_bracket", "next_section", "Section▶", id="reader.next_section"),
        Binding(
            "left_square_bracket", "previous_section", "◀Section", id="reader.previous_section"
        ),
        Binding("l,right", "next_word", "Word▶", show=False, id="reader.next_word"),
        Binding("h,left", "previous_word", "◀Word", show=False, id="reader.previous_word"),
        Binding("enter", "popup", "Look up", id="reader.popup"),
        Binding("x", "split_word", "Split", show=False, id="reader.split"),
        Binding("plus", "join_word", "Join", show=False, id="reader.join"),
        Binding("s", "cycle_script", "Script", id="reader.script"),
        Binding("p", "cycle_pinyin", "Pinyin", id="reader.pinyin"),
        Binding("e", "toggle_translation", "English", id="reader.translation"),
        Binding("c", "questions", "Questions", id="reader.questions"),
        Binding("g", "glossary", "Glossary", id="reader.glossary"),
        Binding("w", "vocabulary", "Words", id="reader.vocabulary"),
        Binding("K", "paragraph_known", "All known", show=False, id="reader.paragraph_known"),
        Binding("N", "new_words", "New words", show=False, id="reader.new_words"),
        Binding("R", "review", "Review", show=False, id="reader.review"),
        Binding("slash", "search", "Search", id="reader.search"),
        Binding("n", "search_next", "Next match", show=False, id="reader.search_next"),
        Binding("t", "contents", "Contents", id="reader.contents"),
        Binding("o", "settings", "Settings", id="reader.settings"),
        Binding("question_mark", "help", "Help", id="reader.help"),
        Binding("backspace", "back", "Library", id="reader.back"),
        Binding("escape", "escape", "", show=False, id="reader.escape"),
        Binding("q", "app.quit", "Quit", id="reader.quit"),
    ]

    def __init__(
        self,
        adoc: AnnotatedDocument,
        session: ReadingSession,
        paragraph_id: str | None = None,
    ) -> None:
        super().__init__()
        self.adoc = adoc
        self.doc = adoc.doc
        self.session = session
        self.assignment = session.assignment
        self.position = ReadingPosition(self.doc, paragraph_id)
        self.blocks = BlockMaker(adoc)
        self.highlight: str | None = None
        self.quiz: QuizSession | None = None
        self.quizzed: set[int] = set()
        self._quiz_pending = False
        self._result_told: Path | None = None  # the result file the learner was told of
        self.settings = Settings()
        self._keep_at: int | None = None  # the cursor's character, while words change
        self._title_shown: tuple[str, bool] | None = None  # (script, annotated) on screen
        self._wheeled = -WHEEL_SECONDS  # when the wheel last moved to another paragraph
        self.clock = time.monotonic  # the wheel's (a test's own, to be exact)
        self.text_words: set[str] | None = None  # every word of the text, once counted
        self._share: tuple[int, str] | None = None  # (statuses' version, what it says)
        self._counting = False

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return in_declared_order(self, super().active_bindings)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_footer(event.size.width)

    def _fit_footer(self, width: int) -> None:
        """Only as many footer keys as fit, the most needed first (a cut "p Piny▏" helps
        nobody); every key still works, and help (?) lists them all."""
        declared = {b.id: b for b in self.BINDINGS if isinstance(b, Binding) and b.show}
        room = width - FOOTER_PALETTE_CELLS
        shown: set[str | None] = set()
        for binding_id in FOOTER_PRIORITY + [i for i in declared if i not in FOOTER_PRIORITY]:
            binding = declared.get(binding_id)
            if binding is None:
                continue
            keys = [
                a.binding for a in super().active_bindings.values() if a.binding.id == binding_id
            ]
            key = self.app.get_key_display(keys[0]) if keys else binding.key.split(",")[0]
            cells = len(key) + len(binding.description) + 3
            if cells > room:
                break
            room -= cells
            shown.add(binding_id)
        bindings = self._bindings.key_to_bindings
        for key, found in bindings.items():
            bindings[key] = [
                replace(b, show=b.id in shown) if b.id in declared else b for b in found
            ]
        self.refresh_bindings()

    @property
    def ctx(self) -> ReaderContext:
        return context(self)

    # composition
    def compose(self) -> ComposeResult:
        title = self.doc.title
        if self.assignment is not None:
            due = f" · due {self.assignment.due}" if self.assignment.due else ""
            title = f"{self.assignment.heading}{due}"
        yield PendingNote(id="pending")
        yield Label(Content(for_terminal(title)), id="doc-title")
        with VerticalScroll(id="passage-scroll", can_focus=False):
            yield PassageView(id="passage")
        yield StatusBar(self.position.count, id="status")
        yield SearchBar(self.adoc, id="search")
        yield Footer()

    def on_mount(self) -> None:
        self._settings_changed()
        self.set_interval(TIME_FLUSH_SECONDS, self._flush_time)
        for problem in self.adoc.problems:
            say(self, problem, severity="warning", timeout=10)
        if self.assignment is not None and self.assignment.note:
            say(self, self.assignment.note, title="From your teacher", timeout=15)
        self._annotate_around()
        if self.adoc.has_tokens(self.position.paragraph_id):
            # from the cache already (the app looked before the screen was built)
            self.post_message(Annotated())
        self.refresh_passage()

    def on_annotated(self, _message: Annotated) -> None:
        """The paragraph is read: now the whole text's words are counted (not before:
        the count must not slow the first pinyin). The app hears the message too."""
        if not self._counting:
            self._counting = True
            self._count_words()

    @work(thread=True, group="count", exclusive=True)
    def _count_words(self) -> None:
        """Every word of the text, for the share the learner knows (a long text counts
        in this worker, once its first paragraph shows; the status bar says it when
        done)."""
        worker = get_current_worker()

        def cancelled() -> bool:
            time.sleep(0)  # a block at a time: the keys' annotation goes first
            return worker.is_cancelled

        found = self.adoc.words(cancelled)
        if found is not None:
            words = set(found)
            self.app.call_from_thread(self._counted, words)

    def _counted(self, words: set[str]) -> None:
        self.text_words = words
        if self.is_mounted:
            self._update_status()

    def _share_text(self) -> str:
        """'62% known · 340 new', counted again only when a status changed (a book has
        tens of thousands of words: not on every key)."""
        version = self.ctx.statuses_version
        if self._share is None or self._share[0] != version:
            assert self.text_words is not None
            self._share = (version, share_of(self.text_words, self.ctx.statuses).describe())
        return self._share[1]

    def _statuses_changed(self) -> None:
        """A word's status changed (here or in a popup): marks, pinyin, the share."""
        self.refresh_passage()

    def _settings_changed(self) -> None:
        """The learner's settings with an assignment's rules on top, computed once per
        change (not on every keypress)."""
        settings = self.ctx.settings
        if self.session.script in SCRIPTS:  # chosen for this text with s
            settings = settings.with_(script=self.session.script)
        if self.assignment is not None:
            settings = settings.with_(**self.assignment.rules.overrides())
        self.settings = settings

    @property
    def shown_script(self) -> str:
        """The script on screen, with "original" resolved to the text's own."""
        script = self.settings.script
        return self.doc.script if script == "original" else script

    def _fixed(self, what: str) -> bool:
        """True (and says so) when the assignment fixes this setting."""
        if self.assignment is not None and what in self.assignment.rules.overrides():
            say(self, f"The assignment fixes the {what} setting.", severity="warning", timeout=2)
            return True
        return False

    # annotation happens in a worker: the screen never waits on jieba
    def _annotate_around(self) -> None:
        # the title too: the bar above the text shows it word by word (Taiwan's 矽谷)
        around = ["title", *self.position.blocks_around()]
        missing = [b for b in dict.fromkeys(around) if not self.adoc.has_tokens(b)]
        if missing:
            missing = self.adoc.load_stored(missing)  # from the cache, here: no thread
            if not missing:
                self.post_message(Annotated())  # as the worker says it (the app warms up)
        if missing:
            self._annotate(missing)

    @work(thread=True, group="annotate")
    def _annotate(self, block_ids: list[str]) -> None:
        # a text's first paint does not wait for the context model: its few readings
        # follow (a tenth of a second later) once the model has loaded
        self.adoc.annotate_many(block_ids, before_model=True)
        self.app.call_from_thread(self.refresh_passage)
        self.post_message(Annotated())
        if self.adoc.provisional:
            self.adoc.settle()
            self.app.call_from_thread(self.refresh_passage)

    # what the passage shows (tests read these two)
    def _shown(self, block_id: str) -> tuple[ShownToken, ...]:
        return self.blocks.shown(block_id, self.settings)

    def _block(
        self, block_id: str, kind: str, dim: bool, cursor: int | None, translation: str | None
    ) -> PassageBlock:
        return self.blocks.block(
            block_id,
            kind,
            dim,
            cursor,
            translation,
            self.settings,
            self.ctx.statuses,
            self.highlight,
        )

    def refresh_passage(self) -> None:
        if not self.is_mounted:
            return
        pid = self.position.paragraph_id
        if self._keep_at is not None and self.adoc.has_tokens(pid):
            at, self._keep_at = self._keep_at, None
            tokens = self.adoc.tokens(pid)
            self.position.cursor = next(
                (i for i, t in enumerate(tokens) if t.start <= at < t.end), 0
            )
        blocks = self.blocks.passage(
            self.position, self.settings, self.ctx.statuses, self.highlight
        )
        look = look_of(self.settings, self.app.no_color)
        self.query_one("#passage", PassageView).show(blocks, look)
        self._update_status()
        self.call_after_refresh(self._scroll_to_current)

    def on_passage_view_clicked(self, message: PassageView.Clicked) -> None:
        """A click on a word moves the cursor there and opens its popup; a click beside
        the words of a paragraph makes it the current one."""
        index = self.position.index_of(message.key)
        if index is None:
            return
        self.go_to(index, message.token)
        if message.token is not None and self.adoc.has_tokens(message.key):
            token = self._shown(message.key)[message.token]
            if has_han(token.text) or token.term:
                self.call_after_refresh(self.action_popup)  # once the view has moved

    # the wheel scrolls a paragraph taller than the view; past its end (or when all of it
    # is in view) it moves to the next or previous paragraph, one per WHEEL_SECONDS so a
    # trackpad's burst of events does not skip pages
    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(-1)

    def _wheel(self, step: int) -> None:
        now = self.clock()
        if now - self._wheeled < WHEEL_SECONDS:
            return
        self._wheeled = now
        index = self.position.index + step
        if 0 <= index < self.position.count:
            self.go_to(index)

    def on_passage_view_resized(self) -> None:
        self._scroll_to_current()

    def _scroll_to_current(self) -> None:
        # called after a refresh: by then a fast resize or a screen change may have
        # taken the widgets away
        if not self.is_mounted:
            return
        try:
            passage = self.query_one("#passage", PassageView)
            scroll = self.query_one("#passage-scroll", VerticalScroll)
        except NoMatches:
            return
        pid = self.position.paragraph_id
        region = passage.region_of(pid)
        if region is None:
            return
        if self.position.index == 0:
            # the title above the first paragraph too, when the word cursor stays in view
            cursor = passage.cursor_region(pid)
            if (cursor or region).bottom <= scroll.size.height:
                scroll.scroll_to(y=0, animate=False)
                return
        if region.height <= scroll.size.height:
            scroll.scroll_to_region(region, animate=False, top=True)
            return
        # taller than the view: its start first, then wherever the word cursor goes
        cursor = passage.cursor_region(pid)
        top = region.y if cursor is None or cursor.bottom - region.y <= scroll.size.height else None
        if top is not None:
            scroll.scroll_to(y=top, animate=False)
        elif cursor is not None:
            scroll.scroll_to_region(cursor, animate=False)

    def _show_title(self) -> None:
        """The title as the text shows it, word by word (Taiwan's 矽谷), once per script
        and annotation, not on every key."""
        script = self.settings.script
        shown = (script, self.adoc.has_tokens("title"))
        if shown == self._title_shown:
            return
        self._title_shown = shown
        if shown[1]:
            title = "".join(t.text for t in self.adoc.shown("title", script))
        else:
            title = to_script(self.doc.title, script, self.doc.script)
        self.query_one("#doc-title", Label).update(Content(for_terminal(title)))

    def _update_status(self) -> None:
        if self.assignment is None:
            self._show_title()
        pinyin = PINYIN_MODE_LABELS[self.settings.pinyin]
        if self.settings.pinyin == "level":
            pinyin += f" (HSK {self.settings.hsk_level})"
        modes = f" {SCRIPT_LABELS[self.settings.script]} · {pinyin}"
        if self.text_words is not None:
            modes = f" {self._share_text()} ·" + modes
        self.query_one(StatusBar).show(
            # the id every other screen and file uses (s2p3), and how far in the text
            f"{self.position.paragraph_id} · {self.position.index + 1}/{self.position.count} ",
            self.position.index + 1,
            modes + (self._english_mode() if self.settings.translation else ""),
        )

    def _english_mode(self) -> str:
        return " · English" if self.doc.has_translation else " · no English for this text"

    # moving
    def go_to(self, index: int, cursor: int | None = None) -> None:
        """Go to paragraph `index`; the word cursor goes to `cursor` when given, else to
        the first word of a new paragraph."""
        section = self.position.section.number
        self._keep_at = None
        if self.position.move_to(index):
            self.session.moved(section, self.position.paragraph_id)
            if self.position.at_section_end():  # reached by j, ], a search or a jump
                self.session.section_finished(self.position.section.number)
        if cursor is not None:
            self.position.cursor = cursor
        self._annotate_around()
        self.refresh_passage()

    def action_next_paragraph(self) -> None:
        section = self.position.section.number
        if self.position.at_section_end():
            self.session.section_finished(section)
            if section not in self.quizzed:
                self.open_quiz(section)
                return
        self.go_to(self.position.index + 1)

    def action_previous_paragraph(self) -> None:
        self.go_to(self.position.index - 1)

    def action_next_section(self) -> None:
        start = self.position.next_section_start()
        if start is not None:
            self.go_to(start)

    def action_previous_section(self) -> None:
        self.go_to(self.position.previous_section_start())

    def _step_word(self, step: int) -> None:
        if self.position.step_word(words_of(self._shown(self.position.paragraph_id)), step):
            self.refresh_passage()

    def action_next_word(self) -> None:
        self._step_word(1)

    def action_previous_word(self) -> None:
        self._step_word(-1)

    # modes
    def _cycle(self, name: str) -> None:
        if self._fixed(name):
            return
        if name == "script":  # for this text (the settings screen sets the default)
            self.session.choose_script(str(cycled(self.settings, name)))
        else:
            change_settings(self, **{name: cycled(self.settings, name)})
        self._settings_changed()
        # the status bar says the new mode (a toast would cover it for seconds)
        if name == "translation" and self.settings.translation and not self.doc.has_translation:
            where = f"{self.doc.id}.en.txt next to it"
            say(
                self,
                f"This text has no English translation (put one in {where}).",
                severity="warning",
            )
        self.refresh_passage()

    def action_cycle_script(self) -> None:
        self._cycle("script")

    def action_cycle_pinyin(self) -> None:
        self._cycle("pinyin")

    def action_toggle_translation(self) -> None:
        self._cycle("translation")

    # popups and other screens
    def action_popup(self) -> None:
        token = self.blocks.word_at(self.position, self.settings)
        if isinstance(token, str):
            say(self, token, timeout=2)
            return
        self.session.looked_up(self.position.paragraph_id, token.simplified)
        sentence = self._sentence_at(self.position.paragraph_id, self.position.cursor)
        learnable = is_countable(token.simplified) and not token.name  # not a found name
        if learnable and self.ctx.looked_up(token.simplified, sentence):
            self.refresh_passage()  # the word is marked as learning now
        tokens = self._shown(self.position.paragraph_id)
        spoken = self.blocks.spoken(tokens, min(self.position.cursor, len(tokens) - 1))
        self._open_popup(token, sentence, self._word_key(self.position.cursor), spoken)

    def action_paragraph_known(self) -> None:
        """Every word still new in this paragraph is known (after the learner says yes)."""
        pid = self.position.paragraph_id
        if not self.adoc.has_tokens(pid):
            say(self, "Still reading this paragraph…", timeout=2)
            return
        statuses = self.ctx.statuses
        new = list(
            dict.fromkeys(
                t.simplified
                for t in self.adoc.tokens(pid)
                if is_countable(t.simplified) and statuses.get(t.simplified, NEW) == NEW
            )
        )
        if not new:
            say(self, "No word of this paragraph is still new.", timeout=2)
            return
        from reader.tui.screens.choose import ChoiceScreen

        shown = "、".join(to_script(w, self.shown_script, "simplified") for w in new[:8])
        more = f" and {len(new) - 8} more" if len(new) > 8 else ""

        def chosen(index: int | None) -> None:
            if index != 0:
                return
            if not self.ctx.set_status(new, KNOWN):
                say(self, self.ctx.store.problem or "Kept to save later", severity="warning")
            say(self, f"{len(new)} words known", timeout=3)
            self._statuses_changed()

        self.app.push_screen(
            ChoiceScreen(
                "Every new word known",
                f"Mark the {len(new)} words still new in this paragraph known ({shown}{more})?",
                [f"Yes, these {len(new)} words are known", "No"],
            ),
            callback=chosen,
        )

    def action_new_words(self) -> None:
        """Before reading: this section's words still new, most frequent first (gathered
        in a worker: a long section not yet annotated is cut into words first)."""
        self._gather_new_words(self.position.section.number)

    @work(thread=True, group="new-words", exclusive=True)
    def _gather_new_words(self, number: int) -> None:
        section = next(s for s in self.doc.sections if s.number == number)
        ids = [p.id for p in section.paragraphs]
        missing = set(self.adoc.load_stored(ids))
        words: list[str] = []
        sentences: dict[str, str] = {}
        for pid in ids:
            if pid in missing:
                words += self.adoc.annotator.words(self.adoc.text(pid), self.adoc.corrections)
                continue
            for index, token in enumerate(self.adoc.tokens(pid)):
                words.append(token.simplified)
                if token.simplified not in sentences:
                    sentences[token.simplified] = self._sentence_at(pid, index)
        found = new_words_by_frequency(words, self.ctx.statuses)
        self.app.call_from_thread(self._show_new_words, found, sentences, number)

    def _show_new_words(
        self, found: list[tuple[str, int]], sentences: dict[str, str], number: int
    ) -> None:
        from reader.tui.screens.new_words import NewWordsScreen

        if not self.is_attached or self.app.screen is not self:
            return  # the learner went on meanwhile
        self.app.push_screen(
            NewWordsScreen(found, sentences, self.shown_script, f"Section {number}"),
            callback=lambda _: self._statuses_changed(),
        )

    def action_review(self) -> None:
        from reader.tui.screens.review import ReviewScreen

        self.app.push_screen(
            ReviewScreen(self.shown_script), callback=lambda _: self._statuses_changed()
        )

    def _cursor_rows(self) -> tuple[int, int] | None:
        """The rows of the word cursor's line on screen (its pinyin and characters), for
        the popup to open beside it."""
        try:
            passage = self.query_one("#passage", PassageView)
        except NoMatches:
            return None
        cursor = passage.cursor_region(self.position.paragraph_id)
        if cursor is None:
            return None
        top = passage.region.y + cursor.y
        return (top, top + cursor.height)

    def _sentence_at(self, block_id: str, cursor: int) -> str:
        """The sentence holding word `cursor` of the block (what the vocabulary keeps),
        not the whole paragraph."""
        text = self.adoc.text(block_id)
        tokens = self.adoc.tokens(block_id)
        at = tokens[cursor].start if cursor < len(tokens) else 0
        found = next((s for start, s in sentences(text) if start <= at < start + len(s)), text)
        return found.strip() or text

    def _open_popup(
        self, token: ShownToken, sentence: str, word: str | None, spoken: Spoken | None = None
    ) -> None:
        from reader.tui.screens.popup import WordPopup  # deferred: see the module's doc

        corrected = None
        if word is not None and word in self.adoc.corrections.readings:
            mine = learner_corrections().corrections.readings
            corrected = "yours" if word in mine else "the text's"
        # the Taiwan script shows its own word here (矽谷 for 硅谷, with its reading):
        # a reading chosen on it would not be the text's word's
        correctable = word is not None and (
            self.shown_script != "taiwan" or simplified_form(token.text) == word
        )
        self.app.push_screen(
            WordPopup(
                token,
                self.shown_script,
                self.doc.id,
                sentence,
                word=word,
                corrected=corrected,
                correct=self._correct_reading if correctable else None,
                spoken=spoken,
                word_rows=self._cursor_rows(),
                glossary=self.adoc.chosen.glossary(),
                status_changed=self._statuses_changed,
            )
        )

    # corrections: the learner's own, kept in their corrections file, for every text
    def _word_key(self, index: int) -> str | None:
        """The word at token `index` of the paragraph as corrections name it (its
        simplified form as the text has it), None when there is none."""
        pid = self.position.paragraph_id
        if not self.adoc.has_tokens(pid):
            return None
        tokens = self.adoc.tokens(pid)
        if not 0 <= index < len(tokens) or not has_han(tokens[index].text):
            return None
        token = tokens[index]
        # sliced from the paragraph converted whole, as the annotator sees it (瞭 alone
        # is 瞭, in 明瞭 it is 了)
        return convert(self.adoc.text(pid), "t2s")[token.start : token.end]

    def _change_corrections(self, change, done: str) -> bool:
        """Apply `change` to the learner's file and show its effect; False (and says
        why) when the file is bad or cannot be written."""
        try:
            change_learner_corrections(change)
        except (ReaderError, ValueError) as exc:
            say(self, str(exc), severity="error")
            return False
        pid = self.position.paragraph_id
        if self.adoc.has_tokens(pid):
            tokens = self.adoc.tokens(pid)
            self._keep_at = tokens[min(self.position.cursor, len(tokens) - 1)].start
        stale = self.adoc.reload_corrections()
        say(self, done, timeout=3)
        if stale:
            self._annotate([b for b in stale if b in self.position.blocks_around()])
        self.refresh_passage()
        return True

    def _correct_reading(self, word: str, syllables: tuple[str, ...] | None) -> None:
        if syllables is None:
            self._change_corrections(
                lambda c: c.with_reading(word, None), f"{word}: the reader's own reading again"
            )
        elif self._change_corrections(
            lambda c: c.with_reading(word, syllables),
            f"{word} now reads {' '.join(syllables)} in every text",
        ):
            self.ctx.store.correct_pinyin(word, " ".join(syllables))

    def action_split_word(self) -> None:
        word = self._word_key(self.position.cursor)
        if word is None or len(word) < 2:
            say(self, "There is no word of two or more characters here to split.", timeout=2)
            return
        text = self.adoc.tokens(self.position.paragraph_id)[self.position.cursor].text
        if len(word) == 2:
            self._split(word, (word[0], word[1]), text)
            return
        cuts = [(word[:i], word[i:]) for i in range(1, len(word))]
        labels = [f"{text[:i]} | {text[i:]}" for i in range(1, len(word))]
        labels.append(" | ".join(text) + "  (every character)")

        def chosen(index: int | None) -> None:
            if index is not None:
                pieces = cuts[index] if index < len(cuts) else tuple(word)
                self._split(word, tuple(pieces), text)

        from reader.tui.screens.choose import ChoiceScreen

        self.app.push_screen(
            ChoiceScreen(f"Split {text}", f"Where should {text} be split, in every text?", labels),
            callback=chosen,
        )

    def _split(self, word: str, pieces: tuple[str, ...], text: str) -> None:
        shown = "|".join(text[sum(map(len, pieces[:i])) :][: len(p)] for i, p in enumerate(pieces))
        self._change_corrections(lambda c: c.with_split(word, pieces), f"{shown}: split everywhere")

    def action_join_word(self) -> None:
        index = self.position.cursor
        word, following = self._word_key(index), self._word_key(index + 1)
        if word is None or following is None:
            say(self, "Join needs a Chinese word under the cursor and one after it.", timeout=2)
            return
        if len(word + following) > MAX_WORD:
            say(self, f"Words of more than {MAX_WORD} characters cannot be joined.", timeout=2)
            return
        tokens = self.adoc.tokens(self.position.paragraph_id)
        text = tokens[index].text + tokens[index + 1].text
        self._change_corrections(
            lambda c: c.with_join(word + following), f"{text}: one word everywhere"
        )

    @property
    def quiz_seed(self) -> str:
        """Choices are shuffled for each student (an assignment's document id carries
        the student's key; a text's gets the learner's name)."""
        return f"{self.doc.id}:{self.session.student}"

    def action_questions(self) -> None:
        self.open_quiz(self.position.section.number)

    def open_quiz(self, section: int) -> None:
        """Open the section's quiz, or the one left for its evidence. Practice needs the
        annotation: it is made in a worker, one at a time (a second request waits)."""
        if self.quiz is not None and self.quiz.section == section and not self.quiz.finished:
            self._show_quiz(None)
            return
        if self._quiz_pending:
            return
        questions = list(self.assignment.questions) if self.assignment else None
        feedback = self.assignment.rules.feedback if self.assignment else "immediate"
        quiz, problem = fixed_session(
            self.adoc,
            section,
            questions,
            store=context(self).store,
            seed=self.quiz_seed,
            feedback=feedback,
        )
        if quiz is not None:
            self.quiz = quiz
            self._show_quiz(problem)
            return
        self._quiz_pending = True
        self._make_practice(section, self.position.index, problem)

    @work(thread=True, group="quiz")
    def _make_practice(self, section: int, at: int, problem: str | None) -> None:
        worker = get_current_worker()
        for block_id in practice_paragraphs(self.adoc, section):
            if worker.is_cancelled:  # the reader is closing: stop between paragraphs
                return
            self.adoc.tokens(block_id)
        quiz = practice_session(self.adoc, section, self.quiz_seed)
        self.app.call_from_thread(self._practice_ready, quiz, at, problem)

    def _practice_ready(self, quiz: QuizSession, at: int, problem: str | None) -> None:
        self._quiz_pending = False
        if not self.is_attached:
            return
        self.quiz = quiz
        if self.position.index == at:  # the learner has not moved on meanwhile
            self._show_quiz(problem)

    def _show_quiz(self, problem: str | None) -> None:
        if self.quiz is not None and self.app.screen is self:
            self.quizzed.add(self.quiz.section)
            from reader.tui.screens.questions import QuestionsScreen  # deferred: see the doc

            script = self.settings.script  # as the passage: "original" leaves it as is
            screen = QuestionsScreen(
                self.quiz,
                problem,
                show=lambda text: self.adoc.shown_text(text, script),
                english=self.assignment is None or self.assignment.rules.translation,
                words=self._question_words(script),
                show_chars=lambda text: to_script(
                    text, "traditional" if script == "taiwan" else script, self.doc.script
                ),
                answered=self._save_result,  # the last answer writes the result file
            )
            self.app.push_screen(screen, callback=self._quiz_closed)

    def _question_words(self, script: str) -> QuestionWords:
        """A question's words shown and looked up as the passage's are."""
        from reader.tui.screens.questions import QuestionWords

        settings, known = self.settings, self.ctx.statuses

        def look_up(token: ShownToken, sentence: str) -> None:
            if not has_han(token.text) and not token.term:
                say(self.app, f"No entry for “{token.text}”", timeout=2)
                return
            self.session.looked_up(self.position.paragraph_id, token.simplified)
            self._open_popup(token, sentence, token.simplified if has_han(token.text) else None)

        return QuestionWords(
            tokens=lambda text: self.adoc.shown_tokens(text, script),
            pinyin=lambda tokens: self.blocks.level_filter(tokens, settings, known),
            look=look_of(settings, self.app.no_color),
            look_up=look_up,
        )

    def _quiz_closed(self, evidence: str | None) -> None:
        found = self.position.index_of(evidence) if evidence else None
        if found is not None:
            self.highlight = evidence
            self.go_to(found)
            say(self, "The evidence is marked ┃ · press c to go back to the question", timeout=4)
            return
        self.highlight = None
        if self.quiz is not None and self.quiz.finished:
            self.quiz = None
        self._save_result()
        self.refresh_passage()

    def _save_result(self) -> None:
        try:
            path = self.session.save_result(self.position.section.number)
        except ReaderError as exc:
            path = None
            say(self, str(exc), severity="error")
        if path is not None and path != self._result_told:
            self._result_told = path  # said once; written again after a retry, silently
            shared = self.assignment is not None and self.assignment.results_folder
            where = (
                f"in the class folder: {path}"
                if shared
                else f"in {path}: send this file to your teacher"
            )
            say(self, f"All questions answered. Your result is {where}.", timeout=12)

    def action_glossary(self) -> None:
        from reader.tui.screens.glossary_list import GlossaryList  # deferred: see the doc

        self.app.push_screen(GlossaryList(self.adoc, self.settings.script))

    def action_vocabulary(self) -> None:
        from reader.tui.screens.vocabulary import VocabularyScreen  # deferred: see the doc

        self.app.push_screen(
            VocabularyScreen(self.settings.script), callback=lambda _: self._statuses_changed()
        )

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(keys_table(self)))

    def action_contents(self) -> None:
        from reader.study.stats import section_progress
        from reader.tui.screens.contents import ContentsScreen  # deferred: see the doc

        def chosen(paragraph_id: str | None) -> None:
            if paragraph_id is not None:
                self.post_message(JumpTo(paragraph_id))

        graded = self.assignment is None or self.assignment.rules.shows_answers
        script = self.shown_script
        self.app.push_screen(
            ContentsScreen(
                section_progress(self.ctx.store, self.doc),
                self.position.section.number,
                lambda title: self.adoc.shown_text(title, script),
                graded,
            ),
            callback=chosen,
        )

    def action_settings(self) -> None:
        from reader.tui.screens.settings import SettingsScreen  # deferred: see the doc

        def applied() -> None:
            self._settings_changed()
            before = self.adoc.problems
            if self.adoc.choose_glossary(self.ctx.settings.glossary_choice()):
                self._annotate_around()  # read again with the domains now on
            for problem in self.adoc.problems:
                if problem not in before:
                    say(self, problem, severity="warning", timeout=10)
            self.refresh_passage()

        fixed = frozenset(self.assignment.rules.overrides()) if self.assignment else frozenset()
        self.app.push_screen(SettingsScreen(session=self.session, fixed=fixed, applied=applied))

    def action_escape(self) -> None:
        """Escape only closes things (a popup, a search's highlight): one press too many
        never throws the learner out of the text. Backspace goes to the library."""
        if self.highlight is not None:
            self.highlight = None
            self.refresh_passage()
            return
        keys = [
            self.app.get_key_display(active.binding)
            for active in self.active_bindings.values()
            if active.binding.action == "back"
        ]
        say(self, f"{keys[0] if keys else 'backspace'}: back to the library · q: quit", timeout=2)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.post_message(ShowLibrary())

    # search: the bar finds, the screen moves to the next match after the current one
    def action_search(self) -> None:
        self.query_one(SearchBar).open()

    def action_search_next(self) -> None:
        self.query_one(SearchBar).search_again()

    def on_search_bar_found(self, message: SearchBar.Found) -> None:
        if self.app.screen is not self:  # the learner opened something else meanwhile
            return
        if not message.hits:
            say(self, f"“{message.query}” is not in this text", severity="warning")
            return
        # a new query: the first occurrence from the current paragraph on (its heading
        # or the title included); n: the next after the word cursor; round to the first
        tokens = self.adoc.tokens(self.position.paragraph_id)
        here = tokens[self.position.cursor].start if self.position.cursor < len(tokens) else 0
        # a heading's or the title's match sits at -1, before its paragraph's text
        start = (self.position.index, -2 if message.fresh else here)
        places = [
            (index, hit)
            for hit in message.hits
            if (index := self.position.index_of(hit.paragraph)) is not None
        ]
        after = [
            (n, (index, hit))
            for n, (index, hit) in enumerate(places)
            if (index, hit.start if hit.block == hit.paragraph else -1) > start
        ]
        number, (index, hit) = after[0] if after else (0, places[0])
        where = {"title": " (in the title)"}.get(hit.block, "")
        if hit.block != hit.paragraph and not where:
            where = " (in a heading)"
        count = len(places)
        say(
            self,
            f"“{message.query}”: match {number + 1} of {count}{where}"
            + (" · n: next" if count > 1 else ""),
            timeout=2,
        )
        cursor = None
        if hit.block == hit.paragraph:
            found = self.adoc.tokens(hit.paragraph)
            cursor = next((i for i, t in enumerate(found) if t.start <= hit.start < t.end), 0)
        self.go_to(index, cursor)

    def on_jump_to(self, message: JumpTo) -> None:
        found = self.position.index_of(message.paragraph_id)
        if found is not None:
            self.go_to(found, message.word)

    def on_screen_resume(self) -> None:
        self._settings_changed()
        self.refresh_passage()

    def _flush_time(self) -> None:
        self.session.flush(self.position.section.number)

    def on_unmount(self) -> None:
        try:
            self.session.close(self.position.section.number, self.position.paragraph_id)
        except ReaderError as exc:
            say(self.app, str(exc), severity="error")
