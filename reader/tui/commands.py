"""The command palette offers every action of the current screen's bindings."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen


def screen_commands(screen: Screen) -> Iterable[SystemCommand]:
    for binding in screen.BINDINGS:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        keys = binding.key.replace("_", " ")
        action = binding.action

        def run(action: str = action) -> None:
            screen.run_action(action)

        yield SystemCommand(binding.description, f"{action.replace('_', ' ')} (keys: {keys})", run)
