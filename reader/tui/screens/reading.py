"""The reading screen: one paragraph in focus, pinyin over its words, a word cursor.

The screen composes the passage, the status bar and the search bar and routes their
messages. Where the learner is lives in `ReadingPosition` (pure), what is saved while
they read in `ReadingSession`; slow work (annotation, search by pinyin, practice
questions) runs in workers, never on the UI thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label

from reader.annotated.document import AnnotatedDocument
from reader.errors import ReaderError
from reader.lang.annotate import ShownToken
from reader.lang.hsk import word_level
from reader.lang.pinyin import PINYIN_MODE_LABELS, PINYIN_MODES
from reader.lang.script import SCRIPT_LABELS, SCRIPTS, to_script
from reader.study.position import ReadingPosition
from reader.study.questions import Question
from reader.study.quiz import QuizSession
from reader.study.search import find_paragraphs
from reader.study.session import ReadingSession
from reader.text.chars import has_han
from reader.text.model import Paragraph
from reader.tui.context import ReaderContext, context, say
from reader.tui.messages import Annotated, JumpTo, ShowLibrary
from reader.tui.screens.glossary_list import GlossaryList
from reader.tui.screens.help import HelpScreen, keys_table
from reader.tui.screens.popup import WordPopup
from reader.tui.screens.questions import QuestionsScreen, new_session
from reader.tui.screens.vocabulary import VocabularyScreen
from reader.tui.settings import Settings
from reader.tui.widgets.passage import Look, PassageBlock, PassageView
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.status import StatusBar

NO_TRANSLATION = "(This text has no English translation.)"


def is_word(token: ShownToken) -> bool:
    return any(ch.isalnum() for ch in token.text)


def words_of(tokens: Sequence[ShownToken]) -> list[bool]:
    return [is_word(t) for t in tokens]


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
        Binding("s", "cycle_script", "Script", id="reader.script"),
        Binding("p", "cycle_pinyin", "Pinyin", id="reader.pinyin"),
        Binding("e", "toggle_translation", "English", id="reader.translation"),
        Binding("c", "questions", "Questions", id="reader.questions"),
        Binding("g", "glossary", "Glossary", id="reader.glossary"),
        Binding("w", "vocabulary", "Words", id="reader.vocabulary"),
        Binding("slash", "search", "Search", id="reader.search"),
        Binding("n", "search_next", "Next match", show=False, id="reader.search_next"),
        Binding("question_mark", "help", "Help", id="reader.help"),
        Binding("escape", "back", "Back", id="reader.back"),
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
        self.search_query = ""
        self.highlight: str | None = None
        self.quiz: QuizSession | None = None
        self.quizzed: set[int] = set()
        self.settings = Settings()

    # the position, as the tests and the bench read it
    @property
    def index(self) -> int:
        return self.position.index

    @property
    def cursor(self) -> int:
        return self.position.cursor

    @cursor.setter
    def cursor(self, value: int) -> None:
        self.position.cursor = value

    @property
    def paragraph_id(self) -> str:
        return self.position.paragraph_id

    @property
    def paragraph_ids(self) -> tuple[str, ...]:
        return self.position.paragraph_ids

    @property
    def ctx(self) -> ReaderContext:
        return context(self)

    # composition
    def compose(self) -> ComposeResult:
        title = self.doc.title
        if self.assignment is not None:
            due = f" · due {self.assignment.due}" if self.assignment.due else ""
            title = f"Assignment: {self.assignment.title}{due}"
        yield Label(Content(title), id="doc-title")
        with VerticalScroll(id="passage-scroll", can_focus=False):
            yield PassageView(id="passage")
        yield StatusBar(self.position.count, id="status")
        yield SearchBar(id="search")
        yield Footer()

    def on_mount(self) -> None:
        self._settings_changed()
        if self.assignment is not None and self.assignment.note:
            say(self, self.assignment.note, title="From your teacher", timeout=15)
        self._annotate_around()
        self.refresh_passage()

    def _settings_changed(self) -> None:
        """The learner's settings with an assignment's rules on top, computed once per
        change (not on every keypress)."""
        settings = self.ctx.settings
        if self.assignment is not None:
            settings = settings.with_(**self.assignment.rules.overrides())
        self.settings = settings

    def _change(self, **changes: object) -> None:
        problem = self.ctx.change_settings(**changes)
        if problem:
            say(self, problem, severity="warning")
        self._settings_changed()

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
    def _needed_blocks(self) -> list[str]:
        index, ids = self.position.index, self.position.paragraph_ids
        section = self.position.section
        heads = [section.id] if section.title else []
        if index == 0:
            heads.insert(0, "title")
        return [*heads, *ids[max(0, index - 1) : index + 3]]

    def _annotate_around(self) -> None:
        missing = [b for b in self._needed_blocks() if not self.adoc.has_tokens(b)]
        if missing:
            self._annotate(missing)

    @work(thread=True, group="annotate")
    def _annotate(self, block_ids: list[str]) -> None:
        self.adoc.annotate_many(block_ids)
        self.app.call_from_thread(self.refresh_passage)
        self.post_message(Annotated())

    def _shown(self, block_id: str) -> tuple[ShownToken, ...]:
        if not self.adoc.has_tokens(block_id):
            plain_script = (
                "traditional" if self.settings.script == "taiwan" else self.settings.script
            )
            text = to_script(self.adoc.text(block_id), plain_script, self.doc.script)
            return (ShownToken(text, (), None, text),)
        return tuple(self.adoc.shown(block_id, self.settings.script))

    def _level_filter(self, tokens: tuple[ShownToken, ...]) -> tuple[bool, ...] | None:
        if self.settings.pinyin != "level":
            return None
        known = self.ctx.known_words
        level = self.settings.hsk_level
        return tuple(
            t.simplified not in known and (word_level(t.simplified) or 99) > level for t in tokens
        )

    def _block(
        self,
        block_id: str,
        kind: str,
        dim: bool,
        cursor: int | None,
        translation: str | None,
        tokens: tuple[ShownToken, ...] | None = None,
    ) -> PassageBlock:
        tokens = tokens if tokens is not None else self._shown(block_id)
        return PassageBlock(
            block_id,
            tokens,
            kind,
            dim,
            cursor,
            translation if self.settings.translation else None,
            self._level_filter(tokens),
            block_id == self.highlight,
        )

    def _paragraph_block(self, paragraph: Paragraph, current: bool) -> PassageBlock:
        translation = paragraph.translation if self.doc.has_translation else NO_TRANSLATION
        if not current:
            return self._block(paragraph.id, "paragraph", True, None, translation)
        tokens = self._shown(paragraph.id)
        self.position.settle(words_of(tokens))
        return self._block(
            paragraph.id, "paragraph", False, self.position.cursor, translation, tokens
        )

    def refresh_passage(self) -> None:
        if not self.is_mounted:
            return
        section = self.position.section
        blocks = []
        if self.position.index == 0:
            blocks.append(self._block("title", "title", False, None, self.doc.title_translation))
        if section.title:
            blocks.append(
                self._block(section.id, "heading", False, None, section.title_translation)
            )
        paragraphs = section.paragraphs
        here = next(i for i, p in enumerate(paragraphs) if p.id == self.paragraph_id)
        context_shown = self.settings.context != "hidden"
        for i in range(max(0, here - 1), min(len(paragraphs), here + 2)):
            if i == here or context_shown:
                blocks.append(self._paragraph_block(paragraphs[i], i == here))
        pinyin = self.settings.pinyin
        look = Look(
            None if pinyin == "off" else ("marks" if pinyin == "level" else pinyin),
            self.settings.tone_colours,
            self.settings.colour_tones and not self.app.no_color,
        )
        self.query_one("#passage", PassageView).show(tuple(blocks), look)
        self._update_status()
        self.call_after_refresh(self._scroll_to_current)

    def on_passage_view_resized(self) -> None:
        self._scroll_to_current()

    def _scroll_to_current(self) -> None:
        passage = self.query_one("#passage", PassageView)
        region = passage.region_of(self.paragraph_id)
        scroll = self.query_one("#passage-scroll", VerticalScroll)
        if region is not None:
            scroll.scroll_to_region(region, animate=False, top=region.height < scroll.size.height)

    def _update_status(self) -> None:
        section = self.position.section
        place = self.doc.sections.index(section) + 1
        if self.assignment is None:
            title = to_script(self.doc.title, self.settings.script, self.doc.script)
            self.query_one("#doc-title", Label).update(Content(title))
        modes = (
            f" {SCRIPT_LABELS[self.settings.script]} · {PINYIN_MODE_LABELS[self.settings.pinyin]}"
        )
        self.query_one(StatusBar).show(
            f"section {place}/{len(self.doc.sections)} · paragraph {self.position.index + 1}/"
            f"{self.position.count} ",
            self.position.index + 1,
            modes + (" · English" if self.settings.translation else ""),
        )

    # moving
    def go_to(self, index: int, cursor: int | None = None) -> None:
        """Go to paragraph `index`; the word cursor goes to `cursor` when given, else to
        the first word of a new paragraph."""
        section = self.position.section.number
        if self.position.move_to(index):
            self.session.moved(section, self.paragraph_id)
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
        if self.position.step_word(words_of(self._shown(self.paragraph_id)), step):
            self.refresh_passage()

    def action_next_word(self) -> None:
        self._step_word(1)

    def action_previous_word(self) -> None:
        self._step_word(-1)

    # modes
    def action_cycle_script(self) -> None:
        if self._fixed("script"):
            return
        script = SCRIPTS[(SCRIPTS.index(self.settings.script) + 1) % len(SCRIPTS)]
        self._change(script=script)
        say(self, SCRIPT_LABELS[script], timeout=1.5)
        self.refresh_passage()

    def action_cycle_pinyin(self) -> None:
        if self._fixed("pinyin"):
            return
        mode = PINYIN_MODES[(PINYIN_MODES.index(self.settings.pinyin) + 1) % len(PINYIN_MODES)]
        self._change(pinyin=mode)
        label = PINYIN_MODE_LABELS[mode]
        if mode == "level":
            label += f" (HSK {self.settings.hsk_level})"
        say(self, label, timeout=1.5)
        self.refresh_passage()

    def action_toggle_translation(self) -> None:
        if self._fixed("translation"):
            return
        self._change(translation=not self.settings.translation)
        if self.settings.translation and not self.doc.has_translation:
            say(
                self,
                f"This text has no English translation (put one in {self.doc.id}.en.txt "
                "next to it).",
                severity="warning",
            )
        self.refresh_passage()

    # popups and other screens
    def action_popup(self) -> None:
        if not self.adoc.has_tokens(self.paragraph_id):
            say(self, "Still reading this paragraph…", timeout=1)
            return
        tokens = self._shown(self.paragraph_id)
        if not tokens:
            return
        token = tokens[self.position.cursor]
        if not has_han(token.text) and not token.term:
            say(self, f"No entry for “{token.text}”", timeout=2)
            return
        self.session.looked_up(self.paragraph_id, token.simplified)
        sentence = self.adoc.text(self.paragraph_id)
        self.app.push_screen(WordPopup(token, self.shown_script, self.doc.id, sentence))

    def action_questions(self) -> None:
        self.open_quiz(self.position.section.number)

    def open_quiz(self, section: int) -> None:
        """Open the section's quiz, or come back to the one left for its evidence."""
        self.quizzed.add(section)
        if self.quiz is not None and self.quiz.section == section and not self.quiz.finished:
            self._show_quiz(None)
            return
        questions = list(self.assignment.questions) if self.assignment else None
        self._make_quiz(section, questions, self.position.index)

    @work(thread=True, group="quiz", exclusive=True)
    def _make_quiz(self, section: int, questions: list[Question] | None, at: int) -> None:
        """Practice questions are made from the section's words: annotation, so a worker."""
        quiz, problem = new_session(self.adoc, section, questions)
        self.app.call_from_thread(self._quiz_ready, quiz, problem, at)

    def _quiz_ready(self, quiz: QuizSession, problem: str | None, at: int) -> None:
        self.quiz = quiz
        if self.position.index == at:  # the learner has not moved on meanwhile
            self._show_quiz(problem)

    def _show_quiz(self, problem: str | None) -> None:
        if self.quiz is not None and self.app.screen is self:
            self.app.push_screen(QuestionsScreen(self.quiz, problem), callback=self._quiz_closed)

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
            say(self, str(exc), severity="error")
            return
        if path is not None:
            say(
                self,
                f"All questions answered. Your result is in {path}: send this file to your "
                "teacher.",
                timeout=12,
            )

    def action_glossary(self) -> None:
        self.app.push_screen(GlossaryList(self.adoc, self.shown_script))

    def action_vocabulary(self) -> None:
        self.app.push_screen(VocabularyScreen())

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(keys_table(self)))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.post_message(ShowLibrary())

    # search
    def action_search(self) -> None:
        self.query_one(SearchBar).open()

    @on(SearchBar.Search)
    def _search_submitted(self, message: SearchBar.Search) -> None:
        self.search_query = message.query
        self.action_search_next()

    def action_search_next(self) -> None:
        if self.search_query:
            self._search(self.search_query, self.position.index)

    @work(thread=True, group="search", exclusive=True)
    def _search(self, query: str, after: int) -> None:
        """Pinyin search reads every paragraph's annotation: a worker."""
        hits = find_paragraphs(self.adoc, query)
        self.app.call_from_thread(self._search_done, query, hits, after)

    def _search_done(self, query: str, hits: list[str], after: int) -> None:
        if not hits:
            say(self, f"“{query}” is not in this text", severity="warning")
            return
        order = [i for i in map(self.position.index_of, hits) if i is not None]
        later = [i for i in order if i > after] or order
        say(self, f"{len(hits)} paragraphs contain “{query}” (n: next)", timeout=2)
        self.go_to(later[0])

    def on_jump_to(self, message: JumpTo) -> None:
        found = self.position.index_of(message.paragraph_id)
        if found is not None:
            self.go_to(found, message.word)

    def on_screen_resume(self) -> None:
        self._settings_changed()
        self.refresh_passage()

    def on_unmount(self) -> None:
        try:
            self.session.close(self.position.section.number, self.paragraph_id)
        except ReaderError as exc:
            say(self.app, str(exc), severity="error")
