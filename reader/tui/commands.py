"""The command palette offers every action of the current screen's bindings, once per
action (with all of its keys)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen


def screen_commands(screen: Screen[Any]) -> Iterable[SystemCommand]:
    titles: dict[str, str] = {}
    keys: dict[str, list[str]] = {}
    for binding in screen.BINDINGS:
        if not isinstance(binding, Binding) or "(" in binding.action:
            continue  # an action with an argument (the quiz's 1-9) is one key, not a command
        if binding.description and binding.action not in titles:
            titles[binding.action] = binding.description
        keys.setdefault(binding.action, []).extend(binding.key.split(","))
    for action, title in titles.items():
        shown = ", ".join(k.strip().replace("_", " ") for k in keys[action])

        async def run(action: str = action) -> None:
            # run_action is a coroutine: the palette awaits the callback it is given.
            await screen.run_action(action)

        yield SystemCommand(title, f"{action.replace('_', ' ')} (keys: {shown})", run)
