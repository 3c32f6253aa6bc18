"""Rapid resizing while keys are pressed never crashes the reader (issue 18, case 7).
A short fixed-seed run here; `bench/` is the place for a long soak."""

from __future__ import annotations

import random

from reader.study.store import Store
from reader.text.library import open_text
from reader.tui.app import make_app
from reader.tui.settings import Settings

KEYS = ["j", "k", "l", "h", "s", "p", "e", "right_square_bracket", "left_square_bracket"]


async def test_random_sizes_and_keys_never_crash(fresh_home):
    rng = random.Random(18)
    app = make_app("deepseek", doc=open_text("deepseek"), settings=Settings(), store=Store())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(60):
            await pilot.resize_terminal(rng.randint(10, 200), rng.randint(3, 60))
            key = rng.choice(KEYS)
            await pilot.press(key)
            if type(app.screen).__name__ != "ReadingScreen":
                await pilot.press("escape")
                await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app._exception is None
        assert type(app.screen).__name__ in ("ReadingScreen", "QuestionsScreen")
    assert app.return_code in (0, None)
