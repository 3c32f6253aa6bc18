"""Words that follow the learner (issue 15): the review screen with 10,000 cards, and a
5 MB text's known share against its first paint.

Each measurement runs in a fresh process with a READER_HOME of its own, headless at
120x40:
- review: a store with 10,000 words in learning (20,000 cards: recognition and context),
  a third of them reviewed and due; the time from pushing the review screen to the
  frame that shows its first card (goal: under 200 ms);
- 5 MB: the article repeated to 5 MB as a new file; the time to the first painted
  frame of the reading screen and the time until the status bar shows the share of
  known words (counted in a worker: the first paint must not wait for it).

    python bench/words.py [--runs N]        or        python -m bench words
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/words.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._util import ARTICLE, median, ms, table, temporary_home
from bench.startup import prepare_warm_home, run_child

REVIEW_GOAL = 0.200
CARDS = 10_000

FILL = r"""
import json, sys, time
from reader.study.store import Store
from reader.study.review import Reviewer, encode, fresh_card
store = Store()
words = ["词" + chr(0x4E00 + n // 100) + chr(0x4E00 + n % 100) for n in range(int(sys.argv[1]))]
store.set_statuses(words, "1")
now = time.time()
rows = []
for n, word in enumerate(words):
    state = encode(fresh_card(now - 86400))
    for kind in ("recognition", "context"):
        reviewed = now - 86400 if n % 3 == 0 else None
        sentence = "句子" + word + "。"
        rows.append((word, kind, sentence, state, now - 3600, reviewed, now - 172800, now - 86400))
store.import_rows([("card", rows)])
print(json.dumps({"cards": len(rows)}))
"""

REVIEW = r"""
import asyncio, json, time
from reader.tui.app import ReaderApp

shown = ReaderApp._display

def _display(self, screen, renderable):  # the frame handed to the terminal
    shown(self, screen, renderable)
    watch = getattr(self, "watch", None)
    if watch is not None and type(self.screen).__name__ == "ReviewScreen":
        front = str(self.screen.query_one("#review-front").render())
        if front and watch.get("at") is None:
            watch["at"] = time.perf_counter()

ReaderApp._display = _display

async def main():
    app = ReaderApp()
    app.watch = None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(); await app.workers.wait_for_complete(); await pilot.pause(0.5)
        from reader.tui.screens.review import ReviewScreen
        app.watch = {}
        started = time.perf_counter()
        app.push_screen(ReviewScreen())
        for _ in range(400):
            await asyncio.sleep(0.005)
            if app.watch.get("at"):
                break
        counts = str(app.screen.query_one("#review-counts").render())
        print(json.dumps({"open": app.watch["at"] - started, "counts": counts}))

asyncio.run(main())
"""

BIG = r"""
import asyncio, json, sys, time
from reader.tui.app import ReaderApp

shown = ReaderApp._display

def _display(self, screen, renderable):  # the frame handed to the terminal
    shown(self, screen, renderable)
    marks = getattr(self, "marks", None)
    if marks is None or renderable is None or type(self.screen).__name__ != "ReadingScreen":
        return
    marks.setdefault("paint", time.perf_counter())
    if self.screen.text_words is not None:
        marks.setdefault("share", time.perf_counter())

ReaderApp._display = _display

async def main():
    started = time.perf_counter()
    app = ReaderApp(sys.argv[1])
    app.marks = {}
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(24000):
            await asyncio.sleep(0.005)
            if "share" in app.marks:
                break
        modes = str(app.screen.query_one("#modes").render())
    print(json.dumps({"paint": app.marks["paint"] - started,
                      "share": app.marks.get("share", float("nan")) - started,
                      "modes": modes}))

asyncio.run(main())
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench words", description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    rows = []
    with temporary_home() as home:
        prepare_warm_home(home)
        filled, _ = run_child(FILL, home, str(CARDS), timeout=600)
        opens, counts = [], ""
        for _ in range(args.runs):
            found, _ = run_child(REVIEW, home)
            opens.append(found["open"])
            counts = found["counts"]
        rows.append(
            [
                f"review screen, {filled['cards']:,} cards",
                ms(median(opens)),
                ms(REVIEW_GOAL),
                "yes" if median(opens) < REVIEW_GOAL else "NO",
            ]
        )
        big = home / "big.txt"
        article = ARTICLE.read_text("utf-8")
        title, _, body = article.partition("\n")
        copies = 5 * 2**20 // len(body.encode("utf-8")) + 1
        big.write_text(title + "\n" + body * copies, encoding="utf-8")
        paints, shares, modes = [], [], ""
        for _ in range(args.runs):
            found, _ = run_child(BIG, home, str(big), timeout=1200)
            paints.append(found["paint"])
            shares.append(found["share"])
            modes = found["modes"]
    print(f"words (issue 15): {args.runs} runs, medians; the share: {modes.strip()}")
    print(f"  (review counts on screen: {counts})")
    print(
        table(
            rows
            + [
                ["5 MB text: first paint", ms(median(paints)), "", ""],
                ["5 MB text: known share shown", ms(median(shares)), "after the paint", ""],
            ],
            ["", "median", "goal", "met"],
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
