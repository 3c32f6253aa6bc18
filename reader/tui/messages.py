"""Typed messages between the widgets and screens of the reader."""

from __future__ import annotations

from textual.message import Message


class OpenText(Message):
    """The library asks the app to open a text (a bundled id or a path)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__()


class JumpTo(Message):
    """Go to a paragraph (from search, the glossary list or a question's evidence)."""

    def __init__(self, paragraph_id: str, word: int | None = None) -> None:
        self.paragraph_id = paragraph_id
        self.word = word
        super().__init__()


class ShowLibrary(Message):
    """Leave the text for the library."""


class Annotated(Message):
    """A reading screen has annotated its first paragraphs (the app warms the
    dictionary a moment later)."""
