"""A learner's time with one open text: what is saved while they read.

The reading position, the time spent per section (an idle gap counts at most five
minutes), sections finished and words looked up go to the progress store; for an
assignment, the run is started and the result file written once every assigned
question has an answer (and again when the student leaves an unfinished one).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from reader.study.assignment import Assignment
from reader.study.results import write_result
from reader.study.store import Store
from reader.text.model import Document

IDLE_CAP = 300.0  # seconds: a learner who walked away is not reading


class ReadingSession:
    def __init__(
        self,
        store: Store,
        doc: Document,
        assignment: Assignment | None = None,
        student: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.doc = doc
        self.assignment = assignment
        self.student = student
        self._clock = clock
        self._last = clock()  # the learner's last action
        self._counted = self._last  # time up to here is saved
        self.script: str | None = None  # the script chosen for this text (None: default)

    def open(self) -> str | None:
        """Record the opening (the library's recent texts) and return the paragraph
        where the learner left off."""
        path: str | None
        if self.assignment is not None:
            self.store.start_run(self.assignment.run_id, self.student)
            path = os.path.abspath(self.assignment.path)
            # the student's name beside the title: on a shared computer each has a row
            self.store.opened(self.doc.id, path, f"{self.assignment.title} ({self.student})")
        else:
            path = os.path.abspath(self.doc.path) if self.doc.path else None
            self.store.opened(self.doc.id, path, self.doc.title)
        self.script = self.store.script(self.doc.id)
        return self.store.position(self.doc.id)

    def choose_script(self, script: str | None) -> None:
        """Read this text in `script` from now on, here and whenever it is opened again
        (None: in the settings' default script)."""
        self.script = script
        self.store.save_script(self.doc.id, script)

    def tick(self, section: int) -> None:
        """An action: add the time since the last one (at most IDLE_CAP) to `section`."""
        self.flush(section)
        self._last = self._counted = self._clock()

    def flush(self, section: int) -> None:
        """Save the reading time so far without an action (a timer calls this, so a
        reader killed or hung up on loses at most the time since the last flush)."""
        now = self._clock()
        end = min(now, self._last + IDLE_CAP)
        if end > self._counted:
            self.store.add_section_time(self.doc.id, section, end - self._counted)
            self._counted = end

    def moved(self, from_section: int, paragraph_id: str) -> None:
        """The learner left a paragraph of `from_section` for `paragraph_id`."""
        self.tick(from_section)
        self.store.save_position(self.doc.id, paragraph_id)

    def section_finished(self, section: int) -> None:
        self.store.mark_section_read(self.doc.id, section)

    def looked_up(self, paragraph_id: str, word: str) -> None:
        self.store.looked_up(self.doc.id, paragraph_id, word)

    def all_answered(self) -> bool:
        if self.assignment is None:
            return False
        answered = {a.question for a in self.store.answers(self.doc.id)}
        return all(q.id in answered for q in self.assignment.questions)

    def save_result(self, section: int, final: bool = False) -> Path | None:
        """Write the result file when every assigned question has an answer, or when
        `final` (leaving). Returns the file when it was written because the assignment
        is complete; ReaderError when it cannot be written."""
        if self.assignment is None:
            return None
        complete = self.all_answered()
        if not complete and not final:
            return None
        self.tick(section)
        if complete:
            self.store.finish_run(self.assignment.run_id)
        path = write_result(self.assignment, self.store, self.student)
        return path if complete else None

    def close(self, section: int, paragraph_id: str) -> None:
        """Leaving the text: time, position and (for an assignment) the result file."""
        self.tick(section)
        self.store.save_position(self.doc.id, paragraph_id)
        if self.assignment is not None:
            self.save_result(section, final=True)
