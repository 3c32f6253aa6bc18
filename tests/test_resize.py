"""Rapid resizing while keys are pressed never crashes the reader (issue 18, case 7).
A short fixed-seed run of the soak (`python -m bench soak` runs it for minutes): random
sizes from 10x3 to 200x60, random keys over every screen."""

from __future__ import annotations

from bench.soak import run


async def test_random_sizes_and_keys_never_crash(fresh_home):
    found = await run(18, steps=70)
    assert found.crashes == [], found.crashes[0]
    assert found.keys == 70 and found.resizes > 20


async def test_the_quiz_at_a_tiny_size_never_crashes(fresh_home):
    """Found by the soak: at 11x9 the quiz's choices had no width left and Textual's
    wrapping raised ValueError (range() arg 3 must not be zero)."""
    from bench.soak import make_reader

    app = make_reader()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "QuestionsScreen"
        for width in range(6, 16):
            await pilot.resize_terminal(width, 9)
            await pilot.pause()
        await pilot.resize_terminal(11, 9)
        await pilot.press("1", "n", "g")
        await pilot.pause()
        assert app._exception is None
