"""A soak: the reader resized at random and sent random keys, headless, for minutes
(issue 18, case 7). Every screen is visited: the popup, the quiz, the glossary, the
vocabulary, help, search, corrections; `q` is never pressed (the run would end) and
Escape brings the reader back when a screen has taken the keys.

It counts the keys, the resizes and the crashes (an exception inside the app, or a
screen left blank with nothing on it); a crash restarts the app and the run goes on.

    python bench/soak.py [--minutes M] [--seed N]      or      python -m bench soak
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/soak.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

KEYS = (
    ["j", "k", "l", "h", "l", "l", "s", "p", "e", "right_square_bracket", "left_square_bracket"]
    + ["enter", "escape", "c", "g", "v", "question_mark", "slash", "n", "x", "plus", "a", "r"]
    + ["1", "2", "3", "b", "tab", "down", "up", "space", "ctrl+p", "escape", "escape"]
)


@dataclass
class Soaked:
    keys: int = 0
    resizes: int = 0
    crashes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    starts: int = 0


async def soak(app, rng: random.Random, steps: int | None, seconds: float | None) -> Soaked:
    """Drive `app` (not yet running) with random sizes and keys; stop after `steps`
    steps or `seconds` seconds."""
    found = Soaked()
    started = time.perf_counter()
    try:
        await _drive(app, rng, steps, seconds, found, started)
    except Exception as exc:  # the app's own exception, raised again by run_test
        if not found.crashes:
            found.crashes.append("".join(traceback.format_exception(exc)))
    if app.return_code not in (0, None) and not found.crashes:
        found.crashes.append(f"exit status {app.return_code}")
    found.seconds = time.perf_counter() - started
    return found


async def _drive(app, rng, steps, seconds, found: Soaked, started: float) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        step = 0
        while True:
            if steps is not None and step >= steps:
                break
            if seconds is not None and time.perf_counter() - started >= seconds:
                break
            step += 1
            if rng.random() < 0.5:
                await pilot.resize_terminal(rng.randint(10, 200), rng.randint(3, 60))
                found.resizes += 1
            key = rng.choice(KEYS)
            if type(app.screen).__name__ in ("NameScreen", "SearchScreen") and key not in (
                "escape",
                "enter",
            ):
                key = rng.choice(["escape", "a", "enter"])
            await pilot.press(key)
            found.keys += 1
            if rng.random() < 0.2:
                await pilot.pause(0.02)
            if app._exception is not None:
                found.crashes.append("".join(traceback.format_exception(app._exception)))
                break
            if not app.is_running:
                break
            if type(app.screen).__name__ == "Screen" and not app.screen.children:
                await pilot.pause(0.3)  # a screen being replaced, or blank for good?
                if type(app.screen).__name__ == "Screen" and not app.screen.children:
                    found.crashes.append("a blank screen")
                    break
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app._exception is not None and not found.crashes:
            found.crashes.append("".join(traceback.format_exception(app._exception)))


def make_reader():
    from reader.study.store import Store
    from reader.text.library import open_text
    from reader.tui.app import make_app
    from reader.tui.settings import Settings

    return make_app("deepseek", doc=open_text("deepseek"), settings=Settings(), store=Store())


async def run(seed: int, steps: int | None = None, minutes: float | None = None) -> Soaked:
    """Soak until `steps` keys or `minutes` have passed, starting the reader again
    whenever it closed (a command from the palette may quit it) or crashed."""
    rng = random.Random(seed)
    total = Soaked()
    deadline = time.perf_counter() + minutes * 60 if minutes is not None else None
    while True:
        left_steps = None if steps is None else steps - total.keys
        left_time = None if deadline is None else deadline - time.perf_counter()
        if (left_steps is not None and left_steps <= 0) or (
            left_time is not None and left_time <= 0
        ):
            return total
        found = await soak(make_reader(), rng, left_steps, left_time)
        total.keys += found.keys
        total.resizes += found.resizes
        total.crashes += found.crashes
        total.seconds += found.seconds
        total.starts += 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench soak")
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args(argv)
    from bench._util import reader_home_env, temporary_home

    with temporary_home() as home, reader_home_env(home):
        found = asyncio.run(run(args.seed, minutes=args.minutes))
    print(
        f"Soak (seed {args.seed}): {found.seconds / 60:.1f} minutes, {found.keys:,} keys, "
        f"{found.resizes:,} resizes, sizes 10x3 to 200x60, {found.starts} starts, "
        f"crashes: {len(found.crashes)}"
    )
    for crash in found.crashes[:5]:
        print("---\n" + crash.strip()[-2000:])


if __name__ == "__main__":
    main()
