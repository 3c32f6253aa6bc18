"""Spaced review of the words the learner is learning, scheduled by FSRS (py-fsrs).

Each word in learning (status 1-4) or in the vocabulary has a recognition card (the
word: recall its pinyin and meaning) and, when the sentence it was met in is known, a
context card (the sentence with the word blanked: recall the word). A known or ignored
word's cards rest. Ratings Again, Hard, Good, Easy (1-4) go to FSRS; each rating is
saved with the card's new state in one transaction. New cards are introduced at most
`new_per_day` a day (a day starts at local midnight). A word looked up again while
reading, whose card had been learnt, counts as forgotten (Again): it comes back sooner.

Fuzzing is off: the same ratings give the same days (tests, and two machines merging).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from fsrs import Card, Rating, Scheduler, State

from reader.study.store import Store

RECOGNITION, CONTEXT = "recognition", "context"
KINDS = (RECOGNITION, CONTEXT)
RATINGS = {1: Rating.Again, 2: Rating.Hard, 3: Rating.Good, 4: Rating.Easy}
RATING_LABELS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
NEW_PER_DAY = 20
# cards read at a time when choosing the next: enough to pass over a word's other card
_SIBLINGS = 3
LEARN_AHEAD = 20 * 60  # seconds: a learning card due this soon is shown when nothing else is
LAPSE_GAP = 12 * 3600  # a look-up this soon after the last review is not a lapse


@dataclass(frozen=True, slots=True)
class ReviewCard:
    word: str  # simplified
    kind: str
    sentence: str
    card: Card
    created: float

    @property
    def is_new(self) -> bool:
        return self.card.last_review is None

    @property
    def due(self) -> float:
        return self.card.due.timestamp()

    def blanked(self) -> str:
        """The sentence with the word blanked wherever it occurs (found in its simplified
        form, so either script; the conversion keeps positions)."""
        from reader.lang.pinyin import simplified_form  # deferred, as the lang imports below

        simplified = simplified_form(self.sentence)
        out, at = [], 0
        while (found := simplified.find(self.word, at)) >= 0:
            out += [self.sentence[at:found], "＿" * len(self.word)]
            at = found + len(self.word)
        return "".join(out) + self.sentence[at:]


def _when(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def encode(card: Card) -> str:
    return json.dumps(card.to_dict(), sort_keys=True)


def _finite(value: object, low: float, high: float) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= high
    )


def decode(state: str) -> Card | None:
    """A card's FSRS state, or None when it is not one FSRS can go on with (a state from
    a file: every field is checked, NaN and absurd values refused)."""
    if len(state) > 2000:
        return None
    try:
        data = json.loads(state, parse_constant=lambda name: float("nan"))
        if not isinstance(data, dict):
            return None
        if not (data.get("state") in (1, 2, 3) and data.get("step") in (None, 0, 1, 2, 3)):
            return None
        for name, high in (("stability", 1e6), ("difficulty", 10.0)):
            if data.get(name) is not None and not _finite(data[name], 0.0, high):
                return None
        if not _finite(data.get("card_id"), 0, 2**62):
            return None
        card = Card.from_dict(data)  # type: ignore[arg-type]  # every field checked above
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError, OverflowError):
        return None
    if not isinstance(card.due, dt.datetime) or card.due.tzinfo is None:
        return None
    if card.last_review is not None and card.last_review.tzinfo is None:
        return None
    return card


def start_of_day(now: float) -> float:
    """Local midnight before `now` (a naive local time: mktime knows the day's offset,
    on the days the clocks change too)."""
    local = dt.datetime.fromtimestamp(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def fresh_card(now: float) -> Card:
    """A new card due now (its id fixed by the time, so a card is the same everywhere)."""
    return Card(card_id=int(now * 1000), due=_when(now))


class Reviewer:
    def __init__(
        self,
        store: Store,
        clock: Callable[[], float] = time.time,
        new_per_day: int = NEW_PER_DAY,
    ) -> None:
        self.store = store
        self.clock = clock
        self.new_per_day = new_per_day
        self.scheduler = Scheduler(enable_fuzzing=False)
        # ratings the disk has not taken yet: the card is not shown again meanwhile
        self._rated: dict[tuple[str, str], float] = {}
        self._last_word = ""  # the word of the card rated last

    # cards
    def add_word(self, word: str, sentence: str = "") -> None:
        """Cards for a word now learning (the ones it lacks)."""
        now = self.clock()
        state = encode(fresh_card(now))
        from reader.lang.pinyin import simplified_form  # deferred, as the lang imports below

        if sentence and word not in simplified_form(sentence):
            sentence = ""  # not where the word was met
        self.store.add_card(word, RECOGNITION, sentence, state, now)
        if sentence:
            self.store.add_card(word, CONTEXT, sentence, state, now)

    def _decoded(self, rows: list[tuple], now: float) -> list[ReviewCard]:
        out = []
        for word, kind, sentence, state, _due, _reviewed, created, _changed in rows:
            if self._rated.get((word, kind), 0.0) > now:
                continue  # rated, its new state waiting for the disk
            card = decode(state)
            if card is not None and kind in KINDS:
                out.append(ReviewCard(word, kind, sentence, card, created))
        return out

    def add_vocabulary(self) -> None:
        """Cards for the vocabulary's words that have none (saved before review came, or
        on another machine), unless known or ignored."""
        for word, sentence in self.store.words_without_cards():
            self.add_word(word, sentence)

    def new_left_today(self, now: float | None = None) -> int:
        now = self.clock() if now is None else now
        introduced = sum(1 for r in self.store.reviews(start_of_day(now), now) if r[4])
        return max(0, self.new_per_day - introduced)

    def counts(self, now: float | None = None) -> tuple[int, int]:
        """(cards due now, new cards that may still be introduced today)."""
        now = self.clock() if now is None else now
        due, fresh = self.store.card_counts(now)
        return due, min(fresh, self.new_left_today(now))

    def next_card(self, now: float | None = None) -> ReviewCard | None:
        """What to show now: a due card, else a new one (within the day's limit), else a
        card in its learning steps due soon (so a session ends with them learnt)."""
        now = self.clock() if now is None else now
        room = _SIBLINGS + len(self._rated)
        due = self._decoded(self.store.due_cards(now, room), now)
        if due:
            return self._not_sibling(due)
        if self.new_left_today(now):
            fresh = self._decoded(self.store.new_cards(room), now)
            if fresh:
                return self._not_sibling(fresh)
        soon = self._decoded(self.store.due_cards(now, room, now + LEARN_AHEAD), now)
        soon = [c for c in soon if c.card.state != State.Review]
        return self._not_sibling(soon) if soon else None

    def _not_sibling(self, cards: list[ReviewCard]) -> ReviewCard:
        """The first card that is not of the word just rated (its other card gives its
        answer away: the sentence after the word), else the first."""
        return next((c for c in cards if c.word != self._last_word), cards[0])

    def next_due(self) -> float | None:
        """When the next card that is not new is due."""
        rows = self.store.due_cards(float("inf"), 1)
        return rows[0][4] if rows else None

    def preview(self, card: ReviewCard, now: float | None = None) -> dict[int, float]:
        """For each rating, in how many seconds the card would come back."""
        now = self.clock() if now is None else now
        return {
            rating: self.scheduler.review_card(card.card, value, _when(now))[0].due.timestamp()
            - now
            for rating, value in RATINGS.items()
        }

    def rate(self, card: ReviewCard, rating: int, now: float | None = None) -> ReviewCard:
        """Rate a card (1 Again ... 4 Easy): saved at once, with the card's new state."""
        now = self.clock() if now is None else now
        updated, _log = self.scheduler.review_card(card.card, RATINGS[rating], _when(now))
        saved = self.store.record_review(
            card.word,
            card.kind,
            rating,
            now,
            card.is_new,
            encode(updated),
            updated.due.timestamp(),
        )
        if not saved:  # kept to save later: until it is due again, it is not shown
            self._rated[(card.word, card.kind)] = updated.due.timestamp()
        self._last_word = card.word
        return ReviewCard(card.word, card.kind, card.sentence, updated, card.created)

    def looked_up(self, word: str, now: float | None = None) -> bool:
        """The learner looked `word` up while reading: a learnt card of it is forgotten
        (rated Again) and so comes back sooner. True when one was."""
        now = self.clock() if now is None else now
        found = self.store.card(word, RECOGNITION)
        card = decode(found[3]) if found else None
        if found is None or card is None or card.state != State.Review:
            return False
        if card.last_review is None or now - card.last_review.timestamp() < LAPSE_GAP:
            return False
        self.rate(ReviewCard(word, RECOGNITION, found[2], card, found[6]), 1, now)
        return True


# senses that only point elsewhere, or name the word's measure word (CL:個|个[ge4])
_POINTERS = ("surname ", "abbr. for", "variant of", "old variant of", "see ", "used in ", "cl:")


@dataclass(frozen=True, slots=True)
class Answer:
    pinyin: str
    meaning: str


def answer_of(word: str) -> Answer:
    """A card's back: the word's pinyin (a name as a name) and what it means (the
    glossary's English, else CC-CEDICT's first senses)."""
    from reader.lang.lookup import in_reading_order, look_up  # deferred: the dictionary
    from reader.lang.pinyin import word_pinyin

    info = look_up(word)
    syllables = info.glossary.pinyin if info.glossary else word_pinyin(word)
    if info.glossary:  # a name as a name (Huá'ěr Jiē), as the popup writes it
        pinyin = info.as_name(info.glossary.pinyin) or info.glossary.pinyin_text
    else:
        pinyin = info.written_pinyin(syllables)
    if info.glossary:
        meaning = "; ".join(info.glossary.english)
    else:
        # a common word's senses before a name's, and real senses before pointers
        # ("surname Xin", "abbr. for Xinjiang", "variant of 歟")
        reading = " ".join(syllables)
        entries = in_reading_order(info.dictionary.entries, reading)
        senses = [
            d for e in entries for d in e.definitions if d and not d.lower().startswith(_POINTERS)
        ][:4] or [d for e in entries[:1] for d in e.definitions[:2] if d]
        meaning = "; ".join(senses) or "; ".join(
            f"{part} {found[0].definitions[0]}"
            for part, found in info.dictionary.parts
            if found and found[0].definitions
        )
    return Answer(pinyin, meaning or "(no dictionary entry)")


def interval_text(seconds: float) -> str:
    """How soon a card comes back, short: 10 min, 3 h, 4 d, 2 mo (halves rounded up,
    whatever the float error: 5.5 min is 6 min)."""
    seconds = round(seconds)
    if seconds < 3600:
        return f"{max(1, (seconds + 30) // 60)} min"
    if seconds < 86400:
        return f"{round(seconds / 3600)} h"
    if seconds < 30 * 86400:
        return f"{round(seconds / 86400)} d"
    if seconds < 365 * 86400:
        return f"{round(seconds / (30 * 86400))} mo"
    return f"{seconds / (365 * 86400):.1f} y"
