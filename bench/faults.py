"""Fault injection (issue 18): what a learner's answers and settings survive.

Each scenario runs the real reader headless (the bundled article, its quiz answered
through the keys) in a fresh process with its own home, and prints the answers the
screen confirmed, the answers in the database at the end, and whether the caches took
the disk's last free space:

- `tmpfs-200k`, `tmpfs-2m`, `tmpfs-24m`: the home is a tmpfs of that size. The learner
  answers 4 questions; the rest of the disk is then filled (another program's file)
  and 4 more are answered; the file is deleted (room again), the reader retries, 2 more
  are answered and the reader closes.
- `read-only`: 4 answers saved, the home remounted read-only; the reader must show them
  (the store's answers and the library's progress), take 3 more (kept, pending), and
  save them once the home is writable again.
- `damaged-page`: 600 answers saved, then one page of the database destroyed; the
  reader salvages what can be read, and 2 more answers are saved.
- `two-readers-settings`: two processes change different settings 40 times each
  while a hand edit is made; every last value and the hand edit must be in the file.
- `kill-9`: 10 trials of a reader killed (SIGKILL) at a random moment while answering;
  an answer the screen confirmed must be in the database.

The tmpfs and read-only scenarios need root (mount); without it they are skipped.

    python bench/faults.py [--scenario NAME]      or      python -m bench faults
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/faults.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SCENARIOS = (
    "tmpfs-200k",
    "tmpfs-2m",
    "tmpfs-24m",
    "read-only",
    "damaged-page",
    "two-readers-settings",
    "kill-9",
)
RESERVE = 8 * 2**20


# ------------------------------------------------------------------ driving the reader


async def answer(pilot, app, count: int, confirmed: list[str], report=None) -> None:
    """Answer `count` questions through the keys (choice 1, or 答 typed), opening the
    quiz and moving to the next section as needed; each answer the screen shows as
    given is `confirmed`."""
    for _ in range(count * 4):
        if count <= 0:
            return
        screen = app.screen
        name = type(screen).__name__
        if name == "ReadingScreen":
            await pilot.press("c")
            for _ in range(50):
                await pilot.pause(0.02)
                if type(app.screen).__name__ == "QuestionsScreen":
                    break
            continue
        if name != "QuestionsScreen":
            await pilot.press("escape")
            await pilot.pause(0.3)
            continue
        question = screen.session.current
        if question is None:
            await pilot.press("escape")
            await pilot.pause(0.3)
            await pilot.press("right_square_bracket")
            await pilot.pause(0.1)
            continue
        if screen.session.answered(question):
            await pilot.press("n")
            continue
        if question.kind == "short":
            box = screen.query_one("#quiz-input")
            box.value = "答"
            box.focus()
            await pilot.press("enter")
        else:
            await pilot.press("1")
        await pilot.pause()
        if screen.session.answered(question):
            confirmed.append(question.id)
            if report:
                report(len(confirmed))
            count -= 1
        await pilot.press("n")
        await pilot.pause()


def answers_in(home: Path) -> int:
    path = home / "data" / "progress.sqlite3"
    if not path.exists():
        return 0
    db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM answer WHERE retry = 0").fetchone()[0]
    except sqlite3.Error:
        return -1
    finally:
        db.close()


def cache_bytes(home: Path) -> int:
    folder = home / "cache"
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def make_reader():
    from reader.study.store import Store
    from reader.text.library import open_text
    from reader.tui.app import make_app
    from reader.tui.settings import Settings

    return make_app("deepseek", doc=open_text("deepseek"), settings=Settings(), store=Store())


def release_caches() -> None:
    """Close this process's cache files, as a reader that has exited would have (a
    tmpfs cannot be remounted read-only while a file on it is open for writing)."""
    from reader.annotated.document import default_cache

    default_cache().close()


async def wait_saved(pilot, app, seconds: float = 12.0) -> None:
    """Until the app's retry (every 5 s) has saved what was pending."""
    deadline = time.perf_counter() + seconds
    while app.store.pending and time.perf_counter() < deadline:
        await pilot.pause(0.2)


# --------------------------------------------------------------------------- scenarios


@contextlib.contextmanager
def tmpfs(size: str):
    where = Path(tempfile.mkdtemp(prefix="reader-faults-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode:
        raise PermissionError("cannot mount a tmpfs (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
        shutil.rmtree(where, ignore_errors=True)


def fill(folder: Path) -> Path:
    filler = folder / "another-program.bin"
    with contextlib.suppress(OSError), open(filler, "wb") as out:
        while True:
            out.write(b"\0" * 65536)
            out.flush()
    with contextlib.suppress(OSError), open(filler, "ab") as out:
        while True:
            out.write(b"\0" * 512)
            out.flush()
    return filler


async def small_disk(size: str) -> dict:
    with tmpfs(size) as home:
        os.environ["READER_HOME"] = str(home)
        confirmed: list[str] = []
        app = make_reader()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(2.5)  # the dictionary warms after the first paint
            await app.workers.wait_for_complete()
            await answer(pilot, app, 4, confirmed)
            caches = cache_bytes(home)
            free = shutil.disk_usage(home).free
            total = shutil.disk_usage(home).total
            filler = fill(home)
            await answer(pilot, app, 4, confirmed)
            pending_seen = app.store.pending_answers()
            filler.unlink()
            await wait_saved(pilot, app)
            await answer(pilot, app, 2, confirmed)
            await wait_saved(pilot, app)
        app.store.close()
        kept = answers_in(home)
        reserve = max(RESERVE, total // 20)
        return {
            "confirmed": len(confirmed),
            "kept": kept,
            "caches": caches,
            "filled": caches > 0 and free < reserve,
            "note": f"{pending_seen} pending while full; caches {caches // 1024} KB, "
            f"free before the filler {free // 1024} KB of {total // 1024} KB",
        }


async def read_only() -> dict:
    with tmpfs("16m") as home:
        os.environ["READER_HOME"] = str(home)
        confirmed: list[str] = []
        app = make_reader()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await answer(pilot, app, 4, confirmed)
        app.store.close()
        release_caches()
        subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True)
        app = make_reader()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            shown = len(app.store.answers())
            read_only_said = app.store.read_only
            await answer(pilot, app, 3, confirmed)
            pending = app.store.pending_answers()
            subprocess.run(["mount", "-o", "remount,rw", str(home)], check=True)
            await wait_saved(pilot, app)
        app.store.close()
        release_caches()
        subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True)
        stats = subprocess.run(
            [sys.executable, "-c", "from reader.cli.main import run; run()", "stats"],
            capture_output=True,
            text=True,
            env={**os.environ, "READER_HOME": str(home)},
        )
        subprocess.run(["mount", "-o", "remount,rw", str(home)], check=True)
        return {
            "confirmed": len(confirmed),
            "kept": answers_in(home),
            "filled": False,
            "note": f"read-only: {shown} answers shown, read-only said: {read_only_said}, "
            f"{pending} pending; `reader stats` read-only: "
            f"{'No texts opened yet' not in stats.stdout}",
        }


async def damaged_page() -> dict:
    home = Path(tempfile.mkdtemp(prefix="reader-faults-"))
    try:
        os.environ["READER_HOME"] = str(home)
        from reader.study.store import Store

        store = Store()
        saved = sum(
            store.record_answer("deepseek", f"old{i}", 1, "答" * 200, True) for i in range(600)
        )
        path = store.path
        store.close()
        data = bytearray(path.read_bytes())
        marker = ("答" * 200).encode()
        pages = [i for i in range(0, len(data), 4096) if marker in data[i : i + 4096]]
        middle = pages[len(pages) // 2]  # a page holding answers, not an index's
        data[middle : middle + 4096] = b"\xa5" * 4096
        path.write_bytes(bytes(data))
        confirmed: list[str] = []
        app = make_reader()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            problem = app.store.problem or ""
            await answer(pilot, app, 2, confirmed)
        app.store.close()
        kept = answers_in(home)
        return {
            "confirmed": saved + len(confirmed),
            "kept": kept,
            "filled": False,
            "note": f"one 4 KB page destroyed; {problem.split('; ', 1)[-1][:90]}",
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)


SETTINGS_CHILD = r"""
import sys
from reader.tui.context import ReaderContext
from reader.tui.settings import load_settings
key, values = sys.argv[1], sys.argv[2].split(",")
ctx = ReaderContext(store=None, settings=load_settings()[0])
for i in range(40):
    problem = ctx.change_settings(**{key: values[i % len(values)]})
    assert problem is None, problem
print(values[39 % len(values)])
"""


def two_readers_settings() -> dict:
    home = Path(tempfile.mkdtemp(prefix="reader-faults-"))
    try:
        env = {**os.environ, "READER_HOME": str(home)}
        config = home / "config"
        config.mkdir(parents=True)
        settings = config / "settings.toml"
        settings.write_text('# mine\ntheme = "nord"\n', "utf-8")
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", SETTINGS_CHILD, key, values],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for key, values in (
                ("script", "simplified,traditional,taiwan"),
                ("pinyin", "numbers,off,zhuyin"),
            )
        ]
        time.sleep(0.3)
        from reader.tui.settings import save_settings

        os.environ["READER_HOME"] = str(home)
        save_settings({"student_name": "Mei"})  # the hand edit, made meanwhile
        last = [p.communicate(timeout=120)[0].strip() for p in procs]
        from reader.tui.settings import load_settings

        found, problem = load_settings(settings)
        kept = (
            found.script == last[0]
            and found.pinyin == last[1]
            and found.student_name == "Mei"
            and found.theme == "nord"
            and settings.read_text("utf-8").startswith("# mine")
            and problem is None
        )
        return {
            "confirmed": "-",
            "kept": "-",
            "filled": False,
            "note": f"80 changes by two readers and one hand edit: all kept: {kept}",
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)


KILL_CHILD = r"""
import asyncio, sys
sys.path.insert(0, sys.argv[1])
from bench.faults import answer, make_reader

async def main():
    app = make_reader()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print("ready", flush=True)
        await answer(pilot, app, 40, [], report=lambda n: print(f"confirmed {n}", flush=True))

asyncio.run(main())
"""


def kill_nine(trials: int = 10, seed: int = 9) -> dict:
    rng = random.Random(seed)
    confirmed_total = kept_total = 0
    repo = str(Path(__file__).resolve().parent.parent)
    for _ in range(trials):
        home = Path(tempfile.mkdtemp(prefix="reader-faults-"))
        try:
            env = {**os.environ, "READER_HOME": str(home)}
            proc = subprocess.Popen(
                [sys.executable, "-c", KILL_CHILD, repo],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            assert proc.stdout is not None
            proc.stdout.readline()
            time.sleep(rng.uniform(0.2, 3.0))
            proc.send_signal(signal.SIGKILL)
            out, _ = proc.communicate()
            confirmed = max(
                (int(line.split()[1]) for line in out.splitlines() if line.startswith("confirmed")),
                default=0,
            )
            confirmed_total += confirmed
            kept_total += min(answers_in(home), confirmed) if confirmed else 0
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return {
        "confirmed": confirmed_total,
        "kept": kept_total,
        "filled": False,
        "note": f"{trials} readers killed with SIGKILL while answering",
    }


def run_scenario(name: str) -> dict:
    if name.startswith("tmpfs-"):
        return asyncio.run(small_disk(name.split("-", 1)[1]))
    if name == "read-only":
        return asyncio.run(read_only())
    if name == "damaged-page":
        return asyncio.run(damaged_page())
    if name == "two-readers-settings":
        return two_readers_settings()
    return kill_nine()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench faults")
    parser.add_argument("--scenario", choices=SCENARIOS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_scenario(args.scenario)))
        return
    from bench._util import table

    rows = []
    for name in [args.scenario] if args.scenario else SCENARIOS:
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--scenario", name, "--child"],
            capture_output=True,
            text=True,
            timeout=900,
        )
        try:
            found = json.loads(done.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            rows.append([name, "-", "-", "-", f"did not run: {tail[:80]}"])
            continue
        filled = "yes" if found["filled"] else "no"
        rows.append([name, str(found["confirmed"]), str(found["kept"]), filled, found["note"]])
    print("Fault injection (the article's quiz answered through the keys; fresh home each)")
    print(
        table(
            rows,
            ["scenario", "answers confirmed", "answers kept", "caches filled the disk", "note"],
        )
    )


if __name__ == "__main__":
    main()
