"""`N` in the reader: the words of a section still new to the learner, most frequent
first, to go over before reading it: each one marked known (k), ignored (i), learning
(1-4: it comes to review) or added to the vocabulary (a)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable

from reader.lang.hsk import syllabus_level
from reader.lang.script import to_script
from reader.safe import for_terminal
from reader.study.review import answer_of
from reader.study.words import IGNORED, KNOWN, LABELS, LEARNING, NEW
from reader.tui.context import context, say

SHOWN = 200  # words listed at most (the most frequent)


def _clipped(meaning: str, width: int) -> str:
    """The meanings that fit in `width` characters, cut between two of them (else in a
    word, marked …)."""
    if len(meaning) <= width:
        return meaning
    cut = meaning.rfind("; ", 0, width)
    return meaning[:cut] if cut > 0 else meaning[: width - 1] + "…"


class NewWordsScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,N", "close", "Close", id="new_words.close"),
        Binding("k", "mark('known')", "Known", id="new_words.known"),
        Binding("i", "mark('ignored')", "Ignore", id="new_words.ignore"),
        *(
            Binding(n, f"mark('{n}')", f"Learning {n}", show=False, id=f"new_words.learning_{n}")
            for n in LEARNING
        ),
        Binding("a", "add", "Add to vocabulary", id="new_words.add"),
    ]

    def __init__(
        self,
        words: list[tuple[str, int]],
        sentences: dict[str, str],
        script: str,
        where: str,
    ) -> None:
        super().__init__()
        self.words = words[:SHOWN]
        self.total = len(words)
        self.sentences = sentences
        self.script = script if script != "original" else "simplified"
        self.where = where

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", id="new-words-table")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        more = f", the {SHOWN} most frequent" if self.total > SHOWN else ""
        table.border_title = f"{self.where}: {self.total} new words{more}"
        table.border_subtitle = "k known · i ignore · 1-4 learning · a add · esc close"
        for label in ("Word", "Times", "Pinyin", "Meaning", "HSK", "Status"):
            table.add_column(label, key=label.lower())
        for word, count in self.words:
            answer = answer_of(word)
            level = syllabus_level(word)
            table.add_row(
                Text(for_terminal(to_script(word, self.script, "simplified"))),
                Text(str(count)),
                Text(for_terminal(answer.pinyin)),
                Text(for_terminal(_clipped(answer.meaning, 36))),
                Text("" if level is None else "7-9" if level >= 7 else str(level)),
                Text(LABELS[NEW]),
                key=word,
            )
        if not self.words:
            table.add_row(
                Text("(every word of this section has a status)"), *(Text("") for _ in range(5))
            )
        table.focus()

    def _current(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.words or table.cursor_row >= len(self.words):
            return None
        return self.words[table.cursor_row][0]

    def action_mark(self, status: str) -> None:
        word = self._current()
        if word is None:
            return
        ctx = context(self)
        if not ctx.set_status([word], status, self.sentences.get(word, "")):
            say(self, ctx.store.problem or "Kept to save later", severity="warning")
        table = self.query_one(DataTable)
        table.update_cell(word, "status", Text(LABELS[status]))
        table.action_cursor_down()

    def action_add(self) -> None:
        word = self._current()
        if word is None:
            return
        ctx = context(self)
        answer = answer_of(word)
        saved = ctx.store.add_word(
            to_script(word, self.script, "simplified"),
            word,
            to_script(word, "traditional", "simplified"),
            answer.pinyin,
            answer.meaning,
            self.sentences.get(word, ""),
            "",
        )
        if ctx.statuses.get(word, NEW) in (NEW, KNOWN, IGNORED):
            ctx.set_status([word], LEARNING[0], self.sentences.get(word, ""))
        self.query_one(DataTable).update_cell(word, "status", Text(LABELS[LEARNING[0]]))
        say(self, f"Added {word}" if saved else ctx.store.problem or "Could not save", timeout=2)

    def action_close(self) -> None:
        self.dismiss(None)
