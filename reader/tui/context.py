"""What screens and widgets use of the running app, typed.

The app holds one ReaderContext: the learner's settings, the progress store and the
words marked known. `context(node)` finds it from any widget or screen, so screens
never reach into the app's attributes (and mypy checks every use). `say` is the one
way the reader shows a notification: the text is never markup and its control
characters are made visible; `plain` and `markup` do the same for widget content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from textual.app import App
from textual.binding import ActiveBinding, Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget

from reader.safe import for_terminal
from reader.study.review import Reviewer
from reader.study.store import Store
from reader.study.words import KNOWN, LEARNING, NEW, after_look_up
from reader.tui.settings import Settings, save_settings


@dataclass
class ReaderContext:
    store: Store
    settings: Settings
    settings_problem: str | None = None
    known_words: set[str] = field(default_factory=set)
    save: Callable[[Mapping[str, object]], str | None] = save_settings
    # every word's status but new (study.words), read once and kept in step with changes
    statuses: dict[str, str] = field(default_factory=dict)
    statuses_version: int = 0  # bumped at each change: what is computed from them knows

    def change_settings(self, **changes: object) -> str | None:
        """Apply, and save only these keys; a problem saving is returned (the new
        settings stay on)."""
        self.settings = self.settings.with_(**changes)
        return self.save(changes)

    def refresh_known_words(self) -> None:
        self.statuses = self.store.statuses()
        self.known_words = {w for w, s in self.statuses.items() if s == KNOWN}
        self.statuses_version += 1

    def reviewer(self) -> Reviewer:
        return Reviewer(self.store, new_per_day=self.settings.new_cards_per_day)

    def set_status(self, words: list[str], status: str, sentence: str = "") -> bool:
        """Give `words` (simplified) `status`, for every text: saved at once (False: kept
        to save later, as every change is); a word now learning gets its review cards."""
        saved = (
            self.store.set_status(words[0], status)
            if len(words) == 1
            else self.store.set_statuses(words, status)
        )
        for word in words:
            if status == NEW:
                self.statuses.pop(word, None)
            else:
                self.statuses[word] = status
            if status in LEARNING:
                self.reviewer().add_word(word, sentence if len(words) == 1 else "")
        self.known_words = {w for w, s in self.statuses.items() if s == KNOWN}
        self.statuses_version += 1
        return saved

    def looked_up(self, word: str, sentence: str) -> bool:
        """A look-up while reading: a new word becomes learning 1 (True: its status
        changed), a learnt card of it comes back sooner."""
        status = self.statuses.get(word, NEW)
        if status == NEW:
            self.set_status([word], after_look_up(status), sentence)
            return True
        self.reviewer().looked_up(word)
        return False


def context(node: DOMNode) -> ReaderContext:
    found = getattr(node.app, "reader_context", None)
    if not isinstance(found, ReaderContext):
        raise RuntimeError("this widget is not running inside the reader app")
    return found


def say(
    node: Widget | App[Any],
    text: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """Notify with plain text (never parsed as markup, controls shown as symbols)."""
    node.notify(
        for_terminal(text, one_line=False),
        title=for_terminal(title),
        severity=severity,
        timeout=timeout,
        markup=False,
    )


def change_settings(node: Widget | App[Any], **changes: object) -> None:
    """Change and save settings from anywhere in the app; a problem saving is said."""
    problem = context(node).change_settings(**changes)
    if problem:
        say(node, problem, severity="warning")


def plain(text: str) -> Content:
    """Text from a file for a widget: never markup, controls made visible."""
    return Content(for_terminal(text, one_line=False))


def markup(template: str, **values: str) -> Content:
    """Our own markup template; every value goes in as plain text, controls made visible."""
    return Content.from_markup(
        template, **{key: for_terminal(value, one_line=False) for key, value in values.items()}
    )


def in_declared_order(
    screen: Screen[Any], found: dict[str, ActiveBinding]
) -> dict[str, ActiveBinding]:
    """A screen's active bindings in the order it declares them, whatever the keymap did:
    Textual moves a remapped binding to the end, where the footer has no room for it."""
    order = {b.id: i for i, b in enumerate(screen.BINDINGS) if isinstance(b, Binding)}
    return dict(sorted(found.items(), key=lambda item: order.get(item[1].binding.id, len(order))))
