"""Rapid resizing while keys are pressed never crashes the reader (issue 18, case 7).
A short fixed-seed run of the soak (`python -m bench soak` runs it for minutes): random
sizes from 10x3 to 200x60, random keys over every screen."""

from __future__ import annotations

from bench.soak import run


async def test_random_sizes_and_keys_never_crash(fresh_home):
    found = await run(18, steps=120)
    assert found.crashes == [], found.crashes[0]
    assert found.keys == 120 and found.resizes > 30
