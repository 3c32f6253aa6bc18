"""A run through a section's questions: one at a time, feedback, score, retries. Pure.

- A choice question's options are shuffled by the session's seed (the student and the
  text) and the question's id: the same order every time that student opens it, another
  order for the next student. True/false keeps 對 before 錯.
- The first answer to a question is the one graded. Once the answer is shown, trying
  again (`retry`, or `retry_missed` at the end) is practice: it is recorded as a retry
  and changes the final score, never the first-try score.
- A session restored from saved answers (`restore`) starts at the first question not
  answered yet; the answered ones show their answers.
- With `feedback = "after"` (an assignment's rule) the answer is saved and nothing is
  shown: no verdict, no key, no retry; the teacher's report grades.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.study.questions import Question


@dataclass(frozen=True, slots=True)
class Feedback:
    right: bool
    expected: str
    explanation: str
    explanation_en: str | None
    given: str
    graded: bool  # False: a retry after the answer was shown (practice)


@dataclass(frozen=True, slots=True)
class Attempt:
    given: str
    right: bool


@dataclass(frozen=True, slots=True)
class SavedAnswer:
    """An answer as the store keeps it (oldest first when restoring)."""

    question: str
    given: str
    right: bool
    retry: bool


TRUE_FALSE = ("對 true", "錯 false")
FEEDBACK = ("immediate", "after")


def expected_text(question: Question) -> str:
    if question.kind == "short":
        return " / ".join(question.accepted)
    if question.kind == "truefalse":
        return TRUE_FALSE[0] if question.answer else TRUE_FALSE[1]
    return str(question.answer)


def given_text(question: Question, given: str | bool) -> str:
    if question.kind == "truefalse":
        return "true" if given else "false"
    return str(given)


def given_value(question: Question, text: str) -> str | bool:
    """`given_text` read back."""
    if question.kind == "truefalse":
        return text == "true"
    return text


def shuffled(options: Iterable[str], seed: str, question_id: str) -> tuple[str, ...]:
    """`options` in an order fixed by `seed` and the question (not Python's hash, which
    changes between runs)."""
    digest = hashlib.sha256(f"{seed}\x00{question_id}".encode("utf-8", "surrogatepass")).digest()
    out = list(options)
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(out)
    return tuple(out)


@dataclass
class QuizSession:
    doc_id: str
    section: int
    questions: list[Question]
    practice: bool = False
    seed: str = ""
    feedback: str = "immediate"
    position: int = 0
    first: dict[str, Attempt] = field(default_factory=dict)
    final: dict[str, Attempt] = field(default_factory=dict)
    attempts: dict[str, int] = field(default_factory=dict)
    retrying: bool = False  # the current question is being tried again
    round: list[Question] | None = None  # retry_missed: the questions tried again
    _round_done: set[str] = field(default_factory=set)

    @property
    def shown_questions(self) -> list[Question]:
        return self.round if self.round is not None else self.questions

    @property
    def current(self) -> Question | None:
        shown = self.shown_questions
        return shown[self.position] if self.position < len(shown) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def shows_answers(self) -> bool:
        return self.feedback != "after"

    def options(self, question: Question) -> tuple[str, ...]:
        """The options as shown, in order (choice: shuffled; true/false: fixed)."""
        if question.kind == "truefalse":
            return TRUE_FALSE
        if question.kind == "choice":
            return shuffled(question.choices, self.seed or self.doc_id, question.id)
        return ()

    def pick(self, question: Question, index: int) -> str | bool | None:
        """The answer meant by option `index` (None when there is no such option)."""
        options = self.options(question)
        if not 0 <= index < len(options):
            return None
        if question.kind == "truefalse":
            return index == 0
        return options[index]

    def index_of(self, question: Question, value: str | bool) -> int:
        """Where the option meaning `value` is shown (-1: not among them)."""
        for index in range(len(self.options(question))):
            if self.pick(question, index) == value:
                return index
        return -1

    def restore(self, saved: Iterable[SavedAnswer]) -> None:
        """Bring back saved answers: the first is graded, the last is final; start at
        the first question without an answer."""
        by_id = {q.id: q for q in self.questions}
        for row in saved:
            if row.question not in by_id:
                continue
            attempt = Attempt(row.given, row.right)
            self.first.setdefault(row.question, attempt)
            self.final[row.question] = attempt
            self.attempts[row.question] = self.attempts.get(row.question, 0) + 1
        self.round, self.retrying = None, False
        self.position = next(
            (i for i, q in enumerate(self.questions) if q.id not in self.first),
            len(self.questions),
        )

    def answered(self, question: Question) -> bool:
        return question.id in self.first

    @property
    def awaiting(self) -> bool:
        """The current question takes an answer now."""
        question = self.current
        if question is None:
            return False
        if self.round is not None:
            return question.id not in self._round_done
        return self.retrying or not self.answered(question)

    @property
    def last(self) -> Feedback | None:
        """What to show under the current question once it has an answer."""
        question = self.current
        if question is None or self.awaiting or question.id not in self.final:
            return None
        attempt = self.final[question.id]
        graded = self.attempts.get(question.id, 0) <= 1
        return Feedback(
            attempt.right,
            expected_text(question),
            question.explanation,
            question.explanation_en,
            attempt.given,
            graded,
        )

    def answer(self, given: str | bool) -> Feedback | None:
        """Grade the current question; None when it takes no answer now. The caller
        saves it (`graded` False: a retry)."""
        question = self.current
        if question is None or not self.awaiting:
            return None
        right = question.is_right(given)
        attempt = Attempt(given_text(question, given), right)
        self.first.setdefault(question.id, attempt)
        self.final[question.id] = attempt
        self.attempts[question.id] = self.attempts.get(question.id, 0) + 1
        self.retrying = False
        if self.round is not None:
            self._round_done.add(question.id)
        return self.last

    def retry(self) -> bool:
        """Try the current question again, as practice (only once its answer is shown
        and was wrong)."""
        if not self.retry_possible:
            return False
        self.retrying = True
        self._round_done.discard(self.current.id if self.current else "")
        return True

    def next(self, skip: bool = False) -> None:
        """The next question, once this one is answered (or `skip`: left for later)."""
        if self.current is not None and (skip or not self.awaiting):
            self.position += 1
            self.retrying = False

    @property
    def retry_possible(self) -> bool:
        feedback = self.last
        return self.shows_answers and feedback is not None and not feedback.right

    def back(self) -> None:
        """The previous question (answered ones show their answers)."""
        if self.position > 0:
            self.position -= 1
            self.retrying = False

    @property
    def missed(self) -> list[Question]:
        """Questions whose latest answer is wrong."""
        return [q for q in self.questions if q.id in self.final and not self.final[q.id].right]

    def retry_missed(self) -> bool:
        """Go through the missed questions again, as practice."""
        missed = self.missed
        if not self.shows_answers or not self.finished or not missed:
            return False
        self.round, self.position, self.retrying = missed, 0, False
        self._round_done = set()
        return True

    @property
    def score(self) -> tuple[int, int]:
        """(right on the first try, answered)."""
        return sum(a.right for a in self.first.values()), len(self.first)

    @property
    def final_score(self) -> tuple[int, int]:
        """(right on the latest try, answered)."""
        return sum(a.right for a in self.final.values()), len(self.final)
