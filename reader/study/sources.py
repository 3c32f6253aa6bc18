"""What a name on the command line or in the library opens: a text or an assignment.

One decision for the command line, the app, the library and the statistics: a name
is a bundled text's id or a path; a path whose file is an assignment (a TOML file with
an `[assignment]` table) opens that assignment, anything else opens as a text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.errors import ReaderError
from reader.study.assignment import Assignment, is_assignment_file, load_assignment
from reader.text.library import open_text
from reader.text.model import Document


@dataclass(frozen=True, slots=True)
class OpenedText:
    document: Document

    @property
    def title(self) -> str:
        return self.document.title


@dataclass(frozen=True, slots=True)
class OpenedAssignment:
    assignment: Assignment

    @property
    def document(self) -> Document:
        """The assigned sections of the text, under the assignment's own id."""
        return self.assignment.document

    @property
    def title(self) -> str:
        return self.assignment.heading


Opened = OpenedText | OpenedAssignment


def open_any(name: str) -> Opened:
    """Open `name` (a bundled id or a path); ReaderError names the file and the problem."""
    if is_assignment_file(Path(name).expanduser()):
        return OpenedAssignment(load_assignment(Path(name).expanduser()))
    return OpenedText(open_text(name))


def open_document(name: str) -> Document:
    """A text for the commands that take texts only (annotate, export)."""
    if is_assignment_file(Path(name).expanduser()):
        raise ReaderError("is an assignment, not a text: open it with `reader FILE`", name)
    return open_text(name)
