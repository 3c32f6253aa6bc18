"""The pure reading-position model and the reading session (no app)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.study.assignment import load_assignment, make_assignment
from reader.study.position import ReadingPosition
from reader.study.session import IDLE_CAP, ReadingSession
from reader.study.store import Store
from reader.text.loader import build_document
from reader.text.parse import ParsedText


def document(*sizes: int):
    """A document whose sections have `sizes` paragraphs."""
    sections = [
        (f"第{n}節" if n > 1 else None, [f"第{n}節第{i}段。" for i in range(1, k + 1)])
        for n, k in enumerate(sizes, start=1)
    ]
    return build_document(ParsedText("標題", sections), doc_id="d", title="標題", checksum="c")


def test_starts_at_the_saved_paragraph_or_the_first():
    doc = document(2, 3)
    assert ReadingPosition(doc).paragraph_id == "s1p1"
    assert ReadingPosition(doc, "s2p2").index == 3
    assert ReadingPosition(doc, "s9p9").index == 0


def test_section_starts_and_stepping():
    position = ReadingPosition(document(2, 3, 1))
    assert position.section_starts == (0, 2, 5)
    assert position.next_section_start() == 2
    assert position.move_to(3) and position.section.number == 2
    assert position.previous_section_start() == 2  # back to this section's start
    position.move_to(2)
    assert position.previous_section_start() == 0  # at the start: the previous section
    position.move_to(5)
    assert position.next_section_start() is None and position.at_section_end()


def test_blocks_around_the_position():
    position = ReadingPosition(document(3, 3))
    assert position.blocks_around() == ["title", "s1p1", "s1p2", "s1p3"]
    position.move_to(4)
    assert position.blocks_around() == ["s2", "s2p1", "s2p2", "s2p3"]


def test_move_to_clamps_and_resets_the_cursor():
    position = ReadingPosition(document(3))
    position.cursor = 4
    assert position.move_to(-5) is False and position.cursor == 4  # already at the first
    assert position.move_to(99) and position.index == 2 and position.cursor == 0
    assert position.move_to(2) is False


def test_word_steps_skip_punctuation():
    position = ReadingPosition(document(1))
    words = [True, False, True, False, False, True]
    assert position.step_word(words, 1) and position.cursor == 2
    assert position.step_word(words, 1) and position.cursor == 5
    assert not position.step_word(words, 1) and position.cursor == 5
    assert position.step_word(words, -1) and position.cursor == 2


def test_settle_keeps_the_cursor_on_a_word():
    position = ReadingPosition(document(1))
    position.cursor = 10
    position.settle([False, True, False])
    assert position.cursor == 1
    position.cursor = 0
    position.settle([False, False, True])
    assert position.cursor == 2
    position.settle([])
    assert position.cursor == 0


@given(st.lists(st.integers(1, 6), min_size=1, max_size=6), st.lists(st.integers(-3, 30)))
def test_every_move_stays_inside_the_document(sizes, moves):
    position = ReadingPosition(document(*sizes))
    for target in moves:
        position.move_to(target)
        assert 0 <= position.index < position.count
        assert position.section is position.doc.section_of(position.paragraph_id)
        start = position.previous_section_start()
        assert start in position.section_starts and start <= position.index


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_session_saves_position_and_time(fresh_home):
    store, clock = Store(), Clock()
    doc = document(2, 2)
    session = ReadingSession(store, doc, clock=clock)
    assert session.open() is None
    clock.now = 30
    session.moved(1, "s1p2")
    clock.now = 30 + 3600  # the learner walked away: at most IDLE_CAP counts
    session.moved(1, "s2p1")
    session.section_finished(1)
    session.looked_up("s2p1", "估值")
    clock.now += 12
    session.close(2, "s2p1")
    assert store.position("d") == "s2p1"
    assert store.section_times("d") == {1: 30 + IDLE_CAP, 2: 12}
    assert store.sections_read("d") == {1}
    assert store.lookups("d") == [("估值", 1)]
    assert [r.doc_id for r in store.recent_texts()] == ["d"]
    assert ReadingSession(store, doc).open() == "s2p1"


def test_an_assignment_session_writes_its_result_once_complete(fresh_home, tmp_path):
    path = make_assignment("deepseek", "2", tmp_path / "w.toml")[0]
    assignment = load_assignment(path)
    store = Store()
    session = ReadingSession(store, assignment.document, assignment, "Ana")
    session.open()
    assert store.run(assignment.run_id).student == "Ana"
    questions = assignment.questions
    for question in questions[:-1]:
        store.record_answer(assignment.document.id, question.id, 2, "x", False)
    assert session.save_result(2) is None and not session.all_answered()
    last = questions[-1]
    store.record_answer(assignment.document.id, last.id, 2, "x", True)
    written = session.save_result(2)
    assert written is not None and written.exists()
    assert store.run(assignment.run_id).finished is not None


def test_reading_time_is_flushed_without_an_action_and_never_counted_twice(fresh_home):
    """A timer flushes the time so far: a reader killed or hung up on loses at most the
    time since the last flush (issue 18, minor), and idle time still counts at most
    IDLE_CAP."""
    store, clock = Store(), Clock()
    session = ReadingSession(store, document(1, 2), clock=clock)
    session.open()
    clock.now = 40
    session.flush(1)
    assert store.section_times("d") == {1: 40}
    clock.now = 100
    session.tick(1)  # an action: only the 60 s since the flush are added
    assert store.section_times("d") == {1: 100}
    for step in range(1, 30):  # walked away: flushes every 30 s for 15 minutes
        clock.now = 100 + 30 * step
        session.flush(1)
    assert store.section_times("d") == {1: 100 + IDLE_CAP}
    clock.now += 5
    session.tick(1)
    assert store.section_times("d") == {1: 100 + IDLE_CAP}
