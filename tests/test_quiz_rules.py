"""Quizzes that measure reading (issue 13, part 1): shuffled choices per student, keys
1-9, the first answer graded, retries as practice, a quiz that reopens where it was
left, feedback "after", and questions in the reader's script."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from reader.study.questions import Question, load_questions
from reader.study.quiz import QuizSession, SavedAnswer, shuffled
from reader.study.stats import text_stats
from reader.study.store import Store
from reader.text.library import open_text


def choice(qid: str = "q1", answer: str = "B") -> Question:
    return Question(qid, 1, "s1p1", "choice", "問？", answer, "因爲。", None, ("A", "B", "C", "D"))


def truefalse(qid: str = "t1") -> Question:
    return Question(qid, 1, "s1p1", "truefalse", "對嗎？", True, "對。")


def article_questions() -> list[Question]:
    return load_questions(open_text("deepseek"))


@given(st.text(max_size=20), st.text(min_size=1, max_size=20))
def test_a_shuffle_is_a_fixed_permutation(seed, qid):
    options = ("甲", "乙", "丙", "丁", "戊")
    once = shuffled(options, seed, qid)
    assert sorted(once) == sorted(options)
    assert shuffled(options, seed, qid) == once


def test_each_student_gets_an_order_of_their_own_and_keeps_it():
    questions = [q for q in article_questions() if q.kind == "choice"]
    ana = QuizSession("d", 1, questions, seed="d:Ana")
    ben = QuizSession("d", 1, questions, seed="d:Ben")
    again = QuizSession("d", 1, questions, seed="d:Ana")
    assert [ana.options(q) for q in questions] == [again.options(q) for q in questions]
    assert [ana.options(q) for q in questions] != [ben.options(q) for q in questions]
    # the right answer is not where the file put it: Enter on every question does not
    # score, and its position is spread over the choices
    positions = Counter(ana.index_of(q, q.answer) for q in questions)
    assert len(positions) >= 3 and max(positions.values()) < len(questions) / 2
    first_choice_right = sum(ana.index_of(q, q.answer) == 0 for q in questions)
    assert first_choice_right < len(questions) / 2


def test_keys_pick_the_option_shown_at_that_place():
    question = choice()
    quiz = QuizSession("d", 1, [question], seed="s")
    shown = quiz.options(question)
    assert [quiz.pick(question, i) for i in range(4)] == list(shown)
    assert quiz.pick(question, 4) is None and quiz.pick(question, -1) is None
    tf = truefalse()
    assert QuizSession("d", 1, [tf]).options(tf) == ("對 true", "錯 false")
    assert [QuizSession("d", 1, [tf]).pick(tf, i) for i in (0, 1)] == [True, False]


def test_the_first_answer_is_graded_and_a_retry_is_practice():
    question, other = choice("q1", "B"), choice("q2", "C")
    quiz = QuizSession("d", 1, [question, other])
    feedback = quiz.answer("A")
    assert feedback is not None and not feedback.right and feedback.graded
    assert quiz.answer("B") is None, "a shown answer takes no second answer"
    assert quiz.retry()
    again = quiz.answer("B")
    assert again is not None and again.right and not again.graded
    assert not quiz.retry(), "a right answer is not retried"
    quiz.next()
    quiz.answer("C")
    quiz.next()
    assert quiz.finished
    assert quiz.score == (1, 2) and quiz.final_score == (2, 2)
    assert quiz.attempts == {"q1": 2, "q2": 1}


def test_retrying_the_missed_questions_keeps_the_first_try_score():
    questions = [choice(f"q{i}", "A") for i in range(3)]
    quiz = QuizSession("d", 1, questions)
    for given_answer in ("A", "B", "C"):
        quiz.answer(given_answer)
        quiz.next()
    assert [q.id for q in quiz.missed] == ["q1", "q2"]
    assert quiz.retry_missed()
    assert [q.id for q in quiz.shown_questions] == ["q1", "q2"] and quiz.position == 0
    quiz.answer("A")
    quiz.next()
    quiz.answer("D")
    quiz.next()
    assert quiz.finished
    assert quiz.score == (1, 3) and quiz.final_score == (2, 3)
    assert [q.id for q in quiz.missed] == ["q2"]


def test_a_restored_quiz_starts_at_the_first_question_without_an_answer():
    questions = [choice(f"q{i}", "A") for i in range(4)]
    quiz = QuizSession("d", 1, questions)
    quiz.restore(
        [
            SavedAnswer("q0", "B", False, False),
            SavedAnswer("q0", "A", True, True),  # a retry: practice
            SavedAnswer("q1", "A", True, False),
            SavedAnswer("elsewhere", "A", True, False),  # not this section's
        ]
    )
    assert quiz.position == 2 and quiz.current is questions[2]
    assert quiz.score == (1, 2) and quiz.final_score == (2, 2)
    # answering again does not overwrite an earlier answer: q1 stays graded as it was
    quiz.back()
    assert quiz.current is questions[1] and quiz.last is not None and quiz.last.given == "A"
    assert quiz.answer("B") is None
    quiz.back()
    assert quiz.last is not None and not quiz.last.graded  # q0's shown answer is the retry


def test_feedback_after_shows_nothing_and_allows_no_retry():
    quiz = QuizSession("d", 1, [choice()], feedback="after")
    quiz.answer("A")
    assert not quiz.shows_answers and not quiz.retry()
    quiz.next()
    assert quiz.finished and not quiz.retry_missed()


def test_stats_show_the_first_try_and_the_final_score(fresh_home):
    store = Store()
    store.record_answer("doc", "q1", 1, "B", False)
    store.record_answer("doc", "q1", 1, "A", True, retry=True)
    store.record_answer("doc", "q2", 1, "A", True)
    stats = text_stats(store, "doc", "Doc", 1)
    assert (stats.right, stats.final_right, stats.answered) == (1, 2, 2)
    assert stats.score == "1 of 2 answered right on the first try, 2 after retries"


def test_stats_of_an_assignment_graded_after_show_no_score(fresh_home):
    store = Store()
    store.record_answer("doc", "q1", 1, "B", False)
    stats = text_stats(store, "doc", "Doc", 1, graded=False)
    assert stats.score == "1 answered (your teacher grades them)"
