"""Which quiz a section gets: the assignment's questions, the text's questions file, or
practice made from the section's own words when the text has no questions."""

from __future__ import annotations

from reader.annotated.document import AnnotatedDocument
from reader.errors import ReaderError
from reader.study.practice import practice_for_section
from reader.study.questions import Question, load_questions
from reader.study.quiz import QuizSession


def fixed_session(
    adoc: AnnotatedDocument, section: int, questions: list[Question] | None = None
) -> tuple[QuizSession | None, str | None]:
    """The section's questions (an assignment's, when given, else the text's questions
    file), and a problem with that file. No session when the text has no questions:
    practice is made instead (`practice_session`, slow: it reads the annotation)."""
    problem = None
    if questions is not None:
        mine = [q for q in questions if q.section == section]
        return QuizSession(adoc.doc.id, section, mine), None
    try:
        questions = load_questions(adoc.doc)
    except ReaderError as exc:
        questions, problem = [], str(exc)
    if not questions:
        return None, problem
    mine = [q for q in questions if q.section == section]
    return QuizSession(adoc.doc.id, section, mine), problem


def practice_session(adoc: AnnotatedDocument, section: int) -> QuizSession:
    """Cloze and pinyin questions made from the section's own words."""
    return QuizSession(adoc.doc.id, section, practice_for_section(adoc, section), practice=True)
