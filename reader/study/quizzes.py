"""Which quiz a section gets: the assignment's questions, the text's questions file, or
practice made from the section's own words when the text has no questions.

A section's questions come back as the learner left them: the answers saved in the
store are restored (the first graded, the last final) and the quiz starts at the first
question without an answer. Choices are shuffled by `seed`, the student's own.
"""

from __future__ import annotations

from reader.annotated.document import AnnotatedDocument
from reader.errors import ReaderError
from reader.study.practice import practice_for_section
from reader.study.questions import Question, load_questions
from reader.study.quiz import QuizSession, SavedAnswer
from reader.study.store import Store


def saved_answers(store: Store, doc_id: str, section: int) -> list[SavedAnswer]:
    """The section's answers in the store, oldest first (practice left out)."""
    return [
        SavedAnswer(a.question, a.given, a.correct, a.retry)
        for a in store.answers(doc_id)
        if a.section == section and a.context != "practice"
    ]


def fixed_session(
    adoc: AnnotatedDocument,
    section: int,
    questions: list[Question] | None = None,
    *,
    store: Store | None = None,
    seed: str = "",
    feedback: str = "immediate",
) -> tuple[QuizSession | None, str | None]:
    """The section's questions (an assignment's, when given, else the text's questions
    file), restored from `store`, and a problem with that file. No session when the
    text has no questions: practice is made instead (`practice_session`, slow: it reads
    the annotation)."""
    problem = None
    if questions is None:
        try:
            questions = load_questions(adoc.doc)
        except ReaderError as exc:
            questions, problem = [], str(exc)
        if not questions:
            return None, problem
    mine = [q for q in questions if q.section == section]
    session = QuizSession(adoc.doc.id, section, mine, seed=seed, feedback=feedback)
    if store is not None:
        session.restore(saved_answers(store, adoc.doc.id, section))
    return session, problem


def practice_session(adoc: AnnotatedDocument, section: int, seed: str = "") -> QuizSession:
    """Cloze and pinyin questions made from the section's own words (new each time)."""
    return QuizSession(
        adoc.doc.id, section, practice_for_section(adoc, section), practice=True, seed=seed
    )
