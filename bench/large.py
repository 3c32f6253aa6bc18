"""Large inputs (issue 18, case 11): a 2 MB paragraph with no line break, and an 11 MB text
in the library (the loader's limit is 12 MB).

The text is synthetic: the bundled article's paragraphs (real published text) joined
into one line and repeated until it has the size asked for. Each measurement runs in a
fresh process with a fresh READER_HOME, headless at 120x40:

- the 2 MB line: first paint of the first paragraph with pinyin, the median and worst
  `l` (next word), `j` on the section's last paragraph until the quiz (practice) is on
  screen, `q` until the process has exited, and the peak memory (max RSS);
- the 11 MB text in the library: the library's first paint, `q` until the process has
  exited, and the peak memory.

A phase that takes longer than --timeout seconds is reported as such and the process
killed: the baseline may not finish at all.

    python bench/large.py [--timeout S]        or        python -m bench large
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/large.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._util import ARTICLE, child_env, table, temporary_home

ONE_LINE_CHILD = r"""
import asyncio, json, resource, sys, time
from reader.tui.app import ReaderApp

PATH, TIMEOUT = sys.argv[1], float(sys.argv[2])
out = {}

def say(**values):
    out.update(values)
    print(json.dumps(out), flush=True)

async def until(pilot, test, timeout=TIMEOUT):
    start = time.perf_counter()
    while not test():
        if time.perf_counter() - start > timeout:
            return None
        await pilot.pause(0.01)
    return time.perf_counter() - start

async def main():
    started = time.perf_counter()
    app = ReaderApp(PATH)
    async with app.run_test(size=(120, 40)) as pilot:
        def annotated():
            screen = app.screen
            adoc = getattr(screen, "adoc", None)
            return adoc is not None and adoc.has_tokens(screen.position.paragraph_id)
        waited = await until(pilot, annotated)
        say(first_paint=None if waited is None else time.perf_counter() - started)
        if waited is None:
            return
        keys = []
        for _ in range(10):
            before = time.perf_counter()
            await pilot.press("l")
            await pilot.pause()
            keys.append(time.perf_counter() - before)
        say(l_median=sorted(keys)[len(keys) // 2], l_worst=max(keys))
        screen = app.screen
        last = screen.position.count - 1
        screen.position.index = last  # the section's last paragraph
        screen.refresh_passage()
        await until(pilot, annotated)
        before = time.perf_counter()
        await pilot.press("j")
        waited = await until(pilot, lambda: type(app.screen).__name__ == "QuestionsScreen")
        say(practice=None if waited is None else time.perf_counter() - before)
        say(quit_at=time.time())
        await pilot.press("escape")
        await pilot.pause(0.3)
        await pilot.press("q")
    say(rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

asyncio.run(main())
"""

LIBRARY_CHILD = r"""
import asyncio, json, resource, sys, time
from reader.tui.app import ReaderApp

TIMEOUT = float(sys.argv[1])
out = {}

def say(**values):
    out.update(values)
    print(json.dumps(out), flush=True)

async def main():
    started = time.perf_counter()
    app = ReaderApp()
    async with app.run_test(size=(120, 40)) as pilot:
        while type(app.screen).__name__ != "LibraryScreen":
            await pilot.pause(0.01)
        say(library=time.perf_counter() - started)
        await pilot.pause(2.0)  # the profile worker is at work
        say(quit_at=time.time())
        await pilot.press("q")
    say(rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

asyncio.run(main())
"""


def one_line_text(size: int) -> str:
    """The article's paragraphs joined into one line, repeated to `size` bytes."""
    lines = ARTICLE.read_text("utf-8").split("\n")
    title, body = lines[0], "".join(line.strip() for line in lines[1:] if line.strip())
    unit = len(body.encode())
    return title + "\n\n" + body * max(1, size // unit) + "\n"


def run_child(script: str, args: list[str], home: Path, timeout: float) -> dict:
    """The child's last report, its exit time after `q` (quit_at) and whether it had
    to be killed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        env=child_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    report: dict = {}
    try:
        stdout, _ = proc.communicate(timeout=timeout * 3 + 60)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, _ = proc.communicate()
        report["killed"] = True
    ended = time.time()
    for line in stdout.splitlines():
        try:
            report.update(json.loads(line))
        except ValueError:
            continue
    if "quit_at" in report:
        report["exit_after_q"] = ended - report["quit_at"]
    return report


def seconds(value: float | None) -> str:
    return "did not finish" if value is None else f"{value:.2f} s"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench large")
    parser.add_argument("--timeout", type=float, default=60.0, help="per phase, seconds")
    args = parser.parse_args(argv)
    rows = []
    with temporary_home() as home:
        text = home / "one-line.txt"
        text.write_text(one_line_text(2 * 2**20), "utf-8")
        found = run_child(ONE_LINE_CHILD, [str(text), str(args.timeout)], home, args.timeout)
        rows += [
            ["2 MB line: first paragraph with pinyin", seconds(found.get("first_paint"))],
            ["2 MB line: l, median", seconds(found.get("l_median"))],
            ["2 MB line: l, worst of 10", seconds(found.get("l_worst"))],
            ["2 MB line: j at the section's end, until the quiz", seconds(found.get("practice"))],
            ["2 MB line: q, until the process exited", seconds(found.get("exit_after_q"))],
            ["2 MB line: peak memory", f"{found.get('rss_mb', float('nan')):.0f} MB"],
        ]
    with temporary_home() as home:
        big = home / "big.txt"
        big.write_text(one_line_text(11 * 2**20).replace("。", "。\n\n"), "utf-8")
        from bench._util import reader_home_env

        with reader_home_env(home):
            from reader.study.store import Store
            from reader.text.loader import load_document

            doc = load_document(big)
            store = Store()
            store.opened(doc.id, str(big), doc.title)
            store.close()
        found = run_child(LIBRARY_CHILD, [str(args.timeout)], home, args.timeout)
        rows += [
            ["11 MB text in the library: first paint", seconds(found.get("library"))],
            ["11 MB text in the library: q, until exited", seconds(found.get("exit_after_q"))],
            [
                "11 MB text in the library: peak memory",
                f"{found.get('rss_mb', float('nan')):.0f} MB",
            ],
        ]
    print("Large inputs (synthetic: the article's paragraphs repeated; fresh home each)")
    print(table(rows, ["measurement", "time"]))


if __name__ == "__main__":
    main()
