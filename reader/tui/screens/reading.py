"""The reading screen: one paragraph in focus, pinyin over its words, a word cursor."""

from __future__ import annotations

import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, ProgressBar

from reader.lang.annotate import ShownToken
from reader.lang.document import AnnotatedDocument
from reader.lang.hanzi import has_han
from reader.lang.hsk import word_level
from reader.lang.script import SCRIPT_LABELS, SCRIPTS, to_script
from reader.settings import PINYIN_MODE_LABELS, PINYIN_MODES, Settings
from reader.study.assignment import Assignment
from reader.study.quiz import QuizSession
from reader.tui.messages import JumpTo
from reader.tui.widgets.passage import Look, PassageBlock, PassageView


def is_word(token: ShownToken) -> bool:
    return any(ch.isalnum() for ch in token.text)


class ReadingScreen(Screen):
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
        paragraph_id: str | None = None,
        assignment: Assignment | None = None,
    ) -> None:
        super().__init__()
        self.adoc = adoc
        self.assignment = assignment
        self._clock = time.monotonic()
        self.doc = adoc.doc
        self.paragraph_ids = self.doc.paragraph_ids()
        self.index = (
            self.paragraph_ids.index(paragraph_id) if paragraph_id in self.paragraph_ids else 0
        )
        self.cursor = 0
        self.search_query = ""
        self.highlight: str | None = None
        self.quiz: QuizSession | None = None
        self.quizzed: set[int] = set()

    # composition
    def compose(self) -> ComposeResult:
        title = self.doc.title
        if self.assignment is not None:
            due = f" · due {self.assignment.due}" if self.assignment.due else ""
            title = f"Assignment: {self.assignment.title}{due}"
        yield Label(Content(title), id="doc-title")
        with VerticalScroll(id="passage-scroll", can_focus=False):
            yield PassageView(id="passage")
        with Horizontal(id="status"):
            yield Label(id="position")
            yield ProgressBar(
                total=len(self.paragraph_ids), show_eta=False, show_percentage=False, id="progress"
            )
            yield Label(id="modes")
        yield Input(placeholder="Search: Chinese or pinyin (guzhi, gū zhí, gu1 zhi2)", id="search")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        if self.assignment is not None and self.assignment.note:
            self.notify(Content(self.assignment.note), title="From your teacher", timeout=15)
        self._annotate_around()
        self.refresh_passage()

    @property
    def settings(self) -> Settings:
        """The learner's settings, with an assignment's rules on top."""
        if self.assignment is None:
            return self.app.settings
        return self.app.settings.with_(**self.assignment.rules.overrides())

    @property
    def shown_script(self) -> str:
        """The script on screen, with "original" resolved to the text's own."""
        script = self.settings.script
        return self.doc.script if script == "original" else script

    def _fixed(self, what: str) -> bool:
        """True (and says so) when the assignment fixes this setting."""
        if self.assignment is not None and what in self.assignment.rules.overrides():
            self.notify(
                Content(f"The assignment fixes the {what} setting."), severity="warning", timeout=2
            )
            return True
        return False

    def _tick(self) -> None:
        """Add the time since the last action to the current section (idle gaps count at
        most five minutes)."""
        now = time.monotonic()
        elapsed, self._clock = min(now - self._clock, 300.0), now
        section = self.doc.section_of(self.paragraph_id).number
        self.app.store.add_section_time(self.doc.id, section, elapsed)

    @property
    def paragraph_id(self) -> str:
        return self.paragraph_ids[self.index]

    # annotation happens in a worker: the screen never waits on jieba
    def _needed_blocks(self) -> list[str]:
        section = self.doc.section_of(self.paragraph_id)
        around = self.paragraph_ids[max(0, self.index - 1) : self.index + 3]
        heads = [section.id] if section.title else []
        if self.index == 0:
            heads.insert(0, "title")
        return [*heads, *around]

    def _annotate_around(self) -> None:
        missing = [b for b in self._needed_blocks() if not self.adoc.has_tokens(b)]
        if missing:
            self._annotate(missing)

    @work(thread=True, group="annotate")
    def _annotate(self, block_ids: list[str]) -> None:
        self.adoc.annotate_many(block_ids)
        self.app.call_from_thread(self.refresh_passage)
        self.app.call_from_thread(self.app.warm_dictionary)

    def _shown(self, block_id: str) -> tuple[ShownToken, ...]:
        if not self.adoc.has_tokens(block_id):
            text = to_script(self.adoc.text(block_id), self._script_for_plain(), self.doc.script)
            return (ShownToken(text, (), None, text),)
        return tuple(self.adoc.shown(block_id, self.settings.script))

    def _script_for_plain(self) -> str:
        return "traditional" if self.settings.script == "taiwan" else self.settings.script

    def _level_filter(self, tokens: tuple[ShownToken, ...]) -> tuple[bool, ...] | None:
        if self.settings.pinyin != "level":
            return None
        known = self.app.known_words
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

    def _translation_of(self, paragraph) -> str | None:
        if not self.doc.has_translation:
            return "(This text has no English translation.)"
        return paragraph.translation

    def refresh_passage(self) -> None:
        if not self.is_mounted:
            return
        section = self.doc.section_of(self.paragraph_id)
        blocks = []
        if self.index == 0:
            blocks.append(self._block("title", "title", False, None, self.doc.title_translation))
        if section.title:
            blocks.append(
                self._block(section.id, "heading", False, None, section.title_translation)
            )
        ids = [p.id for p in section.paragraphs]
        position = ids.index(self.paragraph_id)
        hidden = self.settings.context == "hidden"
        if position > 0 and not hidden:
            previous = section.paragraphs[position - 1]
            blocks.append(
                self._block(previous.id, "paragraph", True, None, self._translation_of(previous))
            )
        current = section.paragraphs[position]
        tokens = self._shown(current.id)
        self.cursor = min(self.cursor, max(0, len(tokens) - 1))
        if tokens and not is_word(tokens[self.cursor]):
            self.cursor = self._step_word(tokens, self.cursor, 1) or self.cursor
        blocks.append(
            self._block(
                current.id, "paragraph", False, self.cursor, self._translation_of(current), tokens
            )
        )
        if position + 1 < len(ids) and not hidden:
            following = section.paragraphs[position + 1]
            blocks.append(
                self._block(following.id, "paragraph", True, None, self._translation_of(following))
            )
        look = Look(
            None
            if self.settings.pinyin == "off"
            else ("marks" if self.settings.pinyin == "level" else self.settings.pinyin),
            self.settings.tone_colours,
            self.settings.colour_tones and not self.app.no_color,
        )
        passage = self.query_one("#passage", PassageView)
        passage.show(tuple(blocks), look)
        self._update_status(section)
        self.call_after_refresh(self._scroll_to_current)

    def on_passage_view_resized(self) -> None:
        self._scroll_to_current()

    def _scroll_to_current(self) -> None:
        passage = self.query_one("#passage", PassageView)
        region = passage.region_of(self.paragraph_id)
        scroll = self.query_one("#passage-scroll", VerticalScroll)
        if region is not None:
            scroll.scroll_to_region(region, animate=False, top=region.height < scroll.size.height)

    def _update_status(self, section) -> None:
        number = len(self.doc.sections)
        place = self.doc.sections.index(section) + 1
        self.query_one("#position", Label).update(
            Content(
                f"section {place}/{number} · paragraph {self.index + 1}/{len(self.paragraph_ids)} "
            )
        )
        if self.assignment is None:
            self.query_one("#doc-title", Label).update(
                Content(to_script(self.doc.title, self.settings.script, self.doc.script))
            )
        self.query_one("#progress", ProgressBar).update(progress=self.index + 1)
        self.query_one("#modes", Label).update(
            Content(
                f" {SCRIPT_LABELS[self.settings.script]} · "
                f"{PINYIN_MODE_LABELS[self.settings.pinyin]}"
                + (" · English" if self.settings.translation else "")
            )
        )

    # moving
    def go_to(self, index: int, cursor: int | None = None) -> None:
        """Go to paragraph `index`; the word cursor goes to `cursor` when given, else to
        the first word of a new paragraph."""
        index = max(0, min(len(self.paragraph_ids) - 1, index))
        if index != self.index:
            self._tick()
            self.index = index
            self.cursor = 0
            self.app.store.save_position(self.doc.id, self.paragraph_id)
        if cursor is not None:
            self.cursor = cursor
        self._annotate_around()
        self.refresh_passage()

    def action_next_paragraph(self) -> None:
        section = self.doc.section_of(self.paragraph_id)
        if section.paragraphs[-1].id == self.paragraph_id:
            self.app.store.mark_section_read(self.doc.id, section.number)
            if section.number not in self.quizzed:
                self.open_quiz(section.number)
                return
        self.go_to(self.index + 1)

    def action_previous_paragraph(self) -> None:
        self.go_to(self.index - 1)

    def _section_starts(self) -> list[int]:
        starts, count = [], 0
        for section in self.doc.sections:
            starts.append(count)
            count += len(section.paragraphs)
        return starts

    def action_next_section(self) -> None:
        later = [s for s in self._section_starts() if s > self.index]
        if later:
            self.go_to(later[0])

    def action_previous_section(self) -> None:
        starts = self._section_starts()
        current = max(s for s in starts if s <= self.index)
        earlier = [s for s in starts if s < current]
        self.go_to(current if self.index > current or not earlier else earlier[-1])

    @staticmethod
    def _step_word(tokens, start: int, step: int) -> int | None:
        i = start + step
        while 0 <= i < len(tokens):
            if is_word(tokens[i]):
                return i
            i += step
        return None

    def action_next_word(self) -> None:
        found = self._step_word(self._shown(self.paragraph_id), self.cursor, 1)
        if found is not None:
            self.cursor = found
            self.refresh_passage()

    def action_previous_word(self) -> None:
        found = self._step_word(self._shown(self.paragraph_id), self.cursor, -1)
        if found is not None:
            self.cursor = found
            self.refresh_passage()

    # modes
    def action_cycle_script(self) -> None:
        if self._fixed("script"):
            return
        script = SCRIPTS[(SCRIPTS.index(self.settings.script) + 1) % len(SCRIPTS)]
        self.app.change_settings(script=script)
        self.notify(SCRIPT_LABELS[script], timeout=1.5)
        self.refresh_passage()

    def action_cycle_pinyin(self) -> None:
        if self._fixed("pinyin"):
            return
        mode = PINYIN_MODES[(PINYIN_MODES.index(self.settings.pinyin) + 1) % len(PINYIN_MODES)]
        self.app.change_settings(pinyin=mode)
        label = PINYIN_MODE_LABELS[mode]
        if mode == "level":
            label += f" (HSK {self.settings.hsk_level})"
        self.notify(label, timeout=1.5)
        self.refresh_passage()

    def action_toggle_translation(self) -> None:
        if self._fixed("translation"):
            return
        self.app.change_settings(translation=not self.settings.translation)
        if self.settings.translation and not self.doc.has_translation:
            self.notify(
                Content(
                    f"This text has no English translation (put one in "
                    f"{self.doc.id}.en.txt next to it)."
                ),
                severity="warning",
            )
        self.refresh_passage()

    # popups and other screens
    def action_popup(self) -> None:
        if not self.adoc.has_tokens(self.paragraph_id):
            self.notify("Still reading this paragraph…", timeout=1)
            return
        tokens = self._shown(self.paragraph_id)
        if not tokens:
            return
        token = tokens[self.cursor]
        if not has_han(token.text) and not token.term:
            self.notify(Content(f"No entry for “{token.text}”"), timeout=2)
            return
        from reader.tui.screens.popup import WordPopup

        self.app.store.looked_up(self.doc.id, self.paragraph_id, token.simplified)
        sentence = self.adoc.text(self.paragraph_id)
        self.app.push_screen(WordPopup(token, self.shown_script, self.doc.id, sentence))

    def action_questions(self) -> None:
        self.open_quiz(self.doc.section_of(self.paragraph_id).number)

    def open_quiz(self, section: int) -> None:
        """Open the section's quiz, or come back to the one left for its evidence."""
        from reader.tui.screens.questions import QuestionsScreen, new_session

        problem = None
        if self.quiz is None or self.quiz.section != section or self.quiz.finished:
            questions = list(self.assignment.questions) if self.assignment else None
            self.quiz, problem = new_session(self.adoc, section, questions)
        self.quizzed.add(section)
        self.app.push_screen(QuestionsScreen(self.quiz, problem), callback=self._quiz_closed)

    def _quiz_closed(self, evidence: str | None) -> None:
        if evidence and evidence in self.paragraph_ids:
            self.highlight = evidence
            self.go_to(self.paragraph_ids.index(evidence))
            self.notify("The evidence is marked ┃ · press c to go back to the question", timeout=4)
            return
        self.highlight = None
        if self.quiz is not None and self.quiz.finished:
            self.quiz = None
        if self.assignment is not None:
            self._save_result()
        self.refresh_passage()

    def _save_result(self, final: bool = False) -> None:
        """Write the student's result file once every assigned question has an answer
        (and again whenever an answer changes), and when leaving an unfinished one."""
        from reader.errors import ReaderError
        from reader.study.results import write_result

        assignment = self.assignment
        answered = {a[1] for a in self.app.store.answers(self.doc.id)}
        complete = all(q.id in answered for q in assignment.questions)
        if not complete and not final:
            return
        self._tick()
        if complete:
            self.app.store.finish_run(assignment.run_id)
        try:
            path = write_result(assignment, self.app.store, self.app.settings.student_name)
        except ReaderError as exc:
            self.app.notify(Content(str(exc)), severity="error")
            return
        if complete and not final:
            self.notify(
                Content(
                    f"All questions answered. Your result is in {path}: send "
                    "this file to your teacher."
                ),
                timeout=12,
            )

    def action_glossary(self) -> None:
        from reader.tui.screens.glossary_list import GlossaryList

        self.app.push_screen(GlossaryList(self.adoc, self.shown_script))

    def action_vocabulary(self) -> None:
        from reader.tui.screens.vocabulary import VocabularyScreen

        self.app.push_screen(VocabularyScreen())

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen, keys_table

        self.app.push_screen(HelpScreen(keys_table(self)))

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.display:
            search.display = False
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.show_library()

    # search
    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.search_query = event.value.strip()
        event.input.display = False
        self.action_search_next()

    def action_search_next(self) -> None:
        from reader.study.search import find_paragraphs

        if not self.search_query:
            return
        hits = find_paragraphs(self.adoc, self.search_query)
        if not hits:
            self.notify(Content(f"“{self.search_query}” is not in this text"), severity="warning")
            return
        order = [self.paragraph_ids.index(h) for h in hits]
        later = [i for i in order if i > self.index] or order
        self.notify(
            Content(f"{len(hits)} paragraphs contain “{self.search_query}” (n: next)"), timeout=2
        )
        self.go_to(later[0])

    def on_jump_to(self, message: JumpTo) -> None:
        if message.paragraph_id in self.paragraph_ids:
            self.go_to(self.paragraph_ids.index(message.paragraph_id), message.word)

    def on_screen_resume(self) -> None:
        self.refresh_passage()

    def on_unmount(self) -> None:
        self._tick()
        self.app.store.save_position(self.doc.id, self.paragraph_id)
        if self.assignment is not None:
            self._save_result(final=True)
