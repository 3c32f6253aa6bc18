"""Keypress latency on the article, beside a minimal Textual app's, in one run.

Each process (`--runs`, default 3) opens the article headless at 120x40 with a warm
cache and waits until every block on screen is annotated. It presses `j` once at once
(reported on its own line), then waits, as a learner reads the first paragraph, until the
app's warm-up is done (1.5 s after the first paint it loads the dictionary, pypinyin and
the script converters in a thread, which would slow any key pressed meanwhile), then
presses `j` through the whole text, `k` back, `l` 60 times and `s` 20 times (four
rounds of the five scripts).
A press is timed from the key until Textual hands a painted frame showing its effect to
`App._display` (not until `Pilot.press` returns, some 60 ms later, after it waits for the
screen): the new paragraph annotated, the cursor on the next word, the new
script annotated. The end-of-section quiz is kept closed (it would take the `j`
presses). The baseline is a minimal Textual app (one Static whose text a key changes),
timed the same way in the same run: what any Textual app costs per key here.

    python bench/keys.py [--runs N]        or        python -m bench keys
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/keys.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._util import median, ms, p95, table, temporary_home
from bench.startup import READER_PROBE, SIZE, prepare_warm_home, run_child

GOAL_MEDIAN, GOAL_P95 = 0.008, 0.016  # issue 14: j, l and s

MINIMAL_KEYS = r"""
import asyncio
import json
import time
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    BINDINGS = [("j", "next", "Next")]
    count = 0
    painted = None

    def compose(self):
        yield Static("DeepSeek, 終結了AI硅谷與華爾街的雙寡頭敘事 0", id="s")

    def action_next(self):
        self.count += 1
        self.query_one("#s").update(f"DeepSeek, 終結了AI硅谷與華爾街的雙寡頭敘事 {self.count}")

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None and self.painted is not None and not self.painted.is_set():
            self.at = time.perf_counter()
            self.painted.set()

async def main():
    app = Minimal()
    out = []
    async with app.run_test(size=__SIZE__) as pilot:
        await pilot.pause(0.2)
        for _ in range(60):
            app.painted = asyncio.Event()
            started = time.perf_counter()
            await pilot.press("j")
            await asyncio.wait_for(app.painted.wait(), 20)
            out.append(app.at - started)
            app.painted = None
            await pilot.pause(0.05)
    print(json.dumps({"j": out}))

asyncio.run(main())
""".replace("__SIZE__", repr(SIZE))

READER_KEYS = (
    r"""
import asyncio
import json
import time
"""
    + READER_PROBE
    + r"""
from reader.lang.script import SCRIPTS

WANT = {}


def cursor_of(app):
    passage = app.screen.query_one("#passage")
    pid = app.screen.position.paragraph_id
    block = next((b for b in passage._blocks if b.key == pid), None)
    return block.cursor if block else None


_display = ReaderApp._display


def display(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is None or not WANT:
        return
    state = annotated_state(self)
    if not state or not state[2]:
        return
    if all(WANT[k] == v for k, v in (("pid", state[0]), ("script", state[1])) if k in WANT):
        if "cursor" not in WANT or cursor_of(self) == WANT["cursor"]:
            if not WANT["event"].is_set():
                WANT["at"] = time.perf_counter()
                WANT["event"].set()


ReaderApp._display = display


async def press(pilot, key, **want):
    WANT.clear()
    WANT.update(want, event=asyncio.Event())
    started = time.perf_counter()
    await pilot.press(key)
    await asyncio.wait_for(WANT["event"].wait(), 20)
    took = WANT["at"] - started  # the frame's time (Pilot.press returns later)
    WANT.clear()
    await pilot.pause(0.05)  # a reader reads; background annotation catches up
    return took


async def main():
    from reader.text.library import open_text
    from reader.tui.app import make_app

    app = make_app("deepseek", doc=open_text("deepseek"))
    out = {"j": [], "k": [], "l": [], "s": []}
    async with app.run_test(size=__SIZE__) as pilot:
        screen = await annotated_screen(app, pilot)
        screen.quizzed.update(s.number for s in screen.doc.sections)
        ids = screen.position.paragraph_ids
        script = screen.settings.script
        # one j at once, before the warm-up (a learner who skips the first paragraph)
        out["j_at_once"] = [await press(pilot, "j", pid=ids[1], script=script)]
        await pilot.press("k")
        # then as a learner reads the first paragraph: the app's warm-up (1.5 s after
        # the first paint: the dictionary, pypinyin, the converters) is done
        await pilot.pause(1.8)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        for index in range(screen.position.index + 1, len(ids)):
            out["j"].append(await press(pilot, "j", pid=ids[index], script=script))
        for index in range(len(ids) - 2, -1, -1):
            out["k"].append(await press(pilot, "k", pid=ids[index], script=script))
        from reader.tui.blocks import words_of

        for _ in range(60):
            pid = screen.position.paragraph_id
            words = words_of(screen._shown(pid))
            after = next(
                (i for i in range(screen.position.cursor + 1, len(words)) if words[i]), None
            )
            if after is None:  # the paragraph's last word: on to the next paragraph
                if screen.position.index + 1 >= len(ids):
                    break
                await pilot.press("j")
                await pilot.pause(0.1)
                continue
            out["l"].append(await press(pilot, "l", pid=pid, cursor=after))
        for _ in range(20):
            script = SCRIPTS[(SCRIPTS.index(screen.settings.script) + 1) % len(SCRIPTS)]
            out["s"].append(
                await press(pilot, "s", pid=screen.position.paragraph_id, script=script)
            )
    print(json.dumps(out))


asyncio.run(main())
""".replace("__SIZE__", repr(SIZE))
)


def measure(runs: int, log=print) -> dict:
    with temporary_home() as root:
        warm = root / "warm"
        log("  preparing a warm READER_HOME ...")
        prepare_warm_home(warm)
        results: dict = {"minimal": [], "reader": []}
        for run in range(runs):
            log(f"  run {run + 1} of {runs}: minimal app, then the reader ...")
            results["minimal"].append(run_child(MINIMAL_KEYS, warm)[0]["j"])
            home = root / f"keys-{run}"
            shutil.copytree(warm, home)
            results["reader"].append(run_child(READER_KEYS, home, timeout=600)[0])
    return results


def report(r: dict) -> str:
    minimal = [x for run in r["minimal"] for x in run]
    base = median(minimal)
    rows = [["minimal Textual app: a key changes a Static", ms(base), ms(p95(minimal)), "1.00x"]]
    labels = {
        "j": "j next paragraph",
        "k": "k previous paragraph",
        "l": "l next word",
        "s": "s next script",
    }
    verdicts = []
    for key, label in labels.items():
        samples = [x for run in r["reader"] for x in run[key]]
        rows.append(
            [
                f"reader deepseek: {label} (n={len(samples)})",
                ms(median(samples)),
                ms(p95(samples)),
                f"{median(samples) / base:.2f}x",
            ]
        )
        if key in ("j", "l", "s"):
            met = median(samples) <= GOAL_MEDIAN and p95(samples) <= GOAL_P95
            verdicts.append(
                f"{key}: median {ms(median(samples))} (goal {ms(GOAL_MEDIAN)}), "
                f"p95 {ms(p95(samples))} (goal {ms(GOAL_P95)}): {'met' if met else 'NOT met'}"
            )
        firsts = [run[key][0] for run in r["reader"] if run[key]]
        rows.append([f"  of which the first {key} of each process", ms(median(firsts)), "", ""])
        if key == "j":
            once = [x for run in r["reader"] for x in run["j_at_once"]]
            rows.append(
                ["  j at once after opening (before the warm-up)", ms(median(once)), "", ""]
            )
    return "\n".join(
        [
            f"Keypress latency, {SIZE[0]}x{SIZE[1]}, key to painted frame "
            f"({len(r['reader'])} processes)",
            table(rows, ["measurement", "median", "p95", "median vs minimal"]),
            "",
            *verdicts,
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench keys", description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(report(measure(args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
