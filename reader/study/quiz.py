"""A run through a section's questions: one at a time, feedback, score, retry. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.study.questions import Question


@dataclass(frozen=True, slots=True)
class Feedback:
    right: bool
    expected: str
    explanation: str
    explanation_en: str | None


TRUE_FALSE = ("對 true", "錯 false")


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


@dataclass
class QuizSession:
    doc_id: str
    section: int
    questions: list[Question]
    practice: bool = False
    position: int = 0
    results: dict[str, bool] = field(default_factory=dict)
    last: Feedback | None = None

    @property
    def current(self) -> Question | None:
        return self.questions[self.position] if self.position < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    def answer(self, given: str | bool) -> Feedback | None:
        """Grade the current question once; None when it was already answered."""
        question = self.current
        if question is None or self.last is not None:
            return None
        right = question.is_right(given)
        self.results[question.id] = right
        self.last = Feedback(
            right, expected_text(question), question.explanation, question.explanation_en
        )
        return self.last

    def next(self) -> None:
        if self.current is not None and self.last is not None:
            self.position += 1
            self.last = None

    @property
    def missed(self) -> list[Question]:
        return [q for q in self.questions if self.results.get(q.id) is False]

    def retry_missed(self) -> bool:
        missed = self.missed
        if not self.finished or not missed:
            return False
        self.questions, self.position, self.results, self.last = missed, 0, {}, None
        return True

    @property
    def score(self) -> tuple[int, int]:
        return sum(self.results.values()), len(self.results)
