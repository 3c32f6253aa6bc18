"""Review (`R` in the reader, `r` in the library, `reader review`): the words being
learnt come back on FSRS's schedule. A recognition card shows the word (recall its
pinyin and meaning); a context card shows the sentence it was met in with the word
blanked (recall the word). Space shows the answer; 1-4 rate it Again, Hard, Good, Easy,
each rating saved at once."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.lang.script import to_script
from reader.study.review import (
    CONTEXT,
    RATING_LABELS,
    ReviewCard,
    Reviewer,
    answer_of,
    interval_text,
)
from reader.text.chars import convert
from reader.tui.context import context, markup, plain, say


class ReviewScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="review.close"),
        Binding("space,enter", "show", "Show answer", id="review.show"),
        *(
            Binding(str(n), f"rate({n})", RATING_LABELS[n], show=False, id=f"review.rate_{n}")
            for n in RATING_LABELS
        ),
    ]

    def __init__(self, script: str = "simplified", clock=time.time) -> None:
        super().__init__()
        self.script = script if script != "original" else "simplified"
        self.clock = clock
        self.card: ReviewCard | None = None
        self.shown = False
        self.rated = 0
        self.reviewer: Reviewer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="review-box"):
            yield Static("", id="review-counts")
            yield Static("", id="review-front")
            yield Static("", id="review-back")
            yield Static("", id="review-keys")

    def on_mount(self) -> None:
        ctx = context(self)
        self.reviewer = Reviewer(
            ctx.store, clock=self.clock, new_per_day=ctx.settings.new_cards_per_day
        )
        self.reviewer.add_vocabulary()
        box = self.query_one("#review-box")
        box.border_title = "Review"
        box.border_subtitle = "space answer · 1-4 rate · esc close"
        self._next()

    def _in_script(self, text: str) -> str:
        return to_script(text, self.script, "simplified")

    def _next(self) -> None:
        assert self.reviewer is not None
        self.card = self.reviewer.next_card()
        self.shown = False
        due, new = self.reviewer.counts()
        counts = f"{due} due · {new} new today · {self.rated} reviewed now"
        if self.card is not None and not self.card.is_new:
            wait = self.card.due - self.reviewer.clock()
            if wait > 0:  # nothing else left: a card in its learning steps, shown early
                counts += f" · learning ahead: this card is due in {max(1, round(wait / 60))} min"
        self.query_one("#review-counts", Static).update(plain(counts))
        back = self.query_one("#review-back", Static)
        back.update("")
        if self.card is None:
            self.query_one("#review-front", Static).update(plain(self._finished()))
            self.query_one("#review-keys", Static).update(plain("esc close"))
            return
        card = self.card
        if card.kind == CONTEXT:
            front = markup(
                "[dim]Which word fits?[/dim]\n\n$sentence",
                sentence=self._in_script(convert(card.blanked(), "t2s")),
            )
        else:
            front = markup("[b]$word[/b]", word=self._in_script(card.word))
        if card.is_new:
            front = Content.assemble(markup("[dim]new[/dim]\n"), front)
        self.query_one("#review-front", Static).update(front)
        self.query_one("#review-keys", Static).update(plain("space: show the answer"))

    def _finished(self) -> str:
        assert self.reviewer is not None
        upcoming = self.reviewer.next_due()
        if self.rated:
            done = f"Done for now: {self.rated} reviewed."
        else:
            done = "Nothing to review now (words you look up or mark 1-4 come here)."
        if upcoming is None:
            return done
        wait = upcoming - self.clock()
        return f"{done} The next card is due in {interval_text(max(wait, 60))}."

    def action_show(self) -> None:
        if self.card is None or self.shown or self.reviewer is None:
            return
        self.shown = True
        card = self.card
        answer = answer_of(card.word)
        word = self._in_script(card.word)
        lines = markup(
            "[b]$word[/b]  $pinyin\n$meaning",
            word=word,
            pinyin=answer.pinyin,
            meaning=answer.meaning,
        )
        if card.kind != CONTEXT and card.sentence:
            sentence = self._in_script(convert(card.sentence, "t2s"))
            lines = Content.assemble(lines, markup("\n[dim]$s[/dim]", s=sentence))
        self.query_one("#review-back", Static).update(lines)
        soon = self.reviewer.preview(card)
        self.query_one("#review-keys", Static).update(
            plain(
                "   ".join(
                    f"{n} {RATING_LABELS[n]} ({interval_text(soon[n])})" for n in RATING_LABELS
                )
            )
        )

    def action_rate(self, rating: int) -> None:
        if self.card is None or self.reviewer is None:
            return
        if not self.shown:
            say(self, "Show the answer first (space).", timeout=2)
            return
        self.reviewer.rate(self.card, rating)
        store = context(self).store
        if store.pending:
            say(self, store.problem or "Kept to save later", severity="warning")
        self.rated += 1
        self._next()

    def action_close(self) -> None:
        self.dismiss(None)
