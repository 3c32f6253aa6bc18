"""Startup, keypress latency and dictionary lookups, each in fresh processes.

1. A minimal Textual app (one Static), run headless until its first paint.
2. `reader deepseek`, run headless through the command line until the first annotated
   paragraph is on screen, with a warm cache (one READER_HOME prepared once) and with an
   empty cache (a fresh READER_HOME for every run).
3. Keypress latency inside one headless `run_test`: `j` and `s` pressed 20 times each,
   from the press until the PassageView has been painted with the new paragraph (or
   script) annotated.
4. The dictionary: the first lookup in a fresh process (index already built) and warm
   lookups; the same for the full `look_up` (glossary, CC-CEDICT, HSK) and for the
   `reader lookup` command as a whole process.

"Painted" means: Textual's compositor produced a screen update and handed it to
`App._display` (headless, so nothing is written to a terminal). The child scripts wrap
`_display` to time that moment; inside a process, times are from the first line of the
child script (`time.perf_counter()`), and the whole-process wall time is measured from
outside around `subprocess.run`.

    python bench/startup.py [--runs N]        or        python -m bench startup
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/startup.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._util import child_env, median, ms, p95, table, temporary_home

SIZE = (120, 40)

MINIMAL_APP = r"""
import time
T0 = time.perf_counter()
import json
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    painted = None

    def compose(self):
        yield Static("DeepSeek, 終結了AI硅谷與華爾街的雙寡頭敘事")

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None and self.painted is None:
            self.painted = time.perf_counter() - T0
            self.exit()

app = Minimal()
app.run(headless=True, size=__SIZE__)
print(json.dumps({"first_paint": app.painted, "exit": time.perf_counter() - T0}))
""".replace("__SIZE__", repr(SIZE))

# Shared by the reader children: is the current paragraph (and every block) on screen
# annotated? Plain, not-yet-annotated blocks are one token per character without pinyin.
READER_PROBE = r"""
from reader.text.chars import has_han
from reader.tui.app import ReaderApp


def annotated_state(app):
    screen = app.screen
    if type(screen).__name__ != "ReadingScreen":
        return None
    passage = screen.query_one("#passage")
    if not passage._strips:  # not rendered since the last show()
        return None

    def annotated(block):
        text = "".join(t.text for t in block.tokens)
        return screen.adoc.has_tokens(block.key) and (
            not has_han(text) or any(t.pinyin for t in block.tokens))

    blocks = {b.key: annotated(b) for b in passage._blocks}
    pid = screen.position.paragraph_id
    return pid, screen.settings.script, blocks.get(pid, False), all(blocks.values())


async def annotated_screen(app, pilot):
    # the reading screen, once every block on it is annotated (10 s at most)
    for _ in range(400):
        await pilot.pause(0.025)
        state = annotated_state(app)
        if state and state[3]:
            return app.screen
    raise AssertionError("the reading screen never showed annotated text")
"""

READER_START = (
    r"""
import time
T0 = time.perf_counter()
import json
import sys
RESULT = {}
"""
    + READER_PROBE
    + r"""

_display = ReaderApp._display


def display(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is None:
        return
    now = time.perf_counter() - T0
    RESULT.setdefault("first_paint", now)
    state = annotated_state(self)
    if state and state[2] and "annotated" not in RESULT:
        RESULT["annotated"] = now
        RESULT["paragraph"] = state[0]
    if state and state[3] and "all_blocks" not in RESULT:
        RESULT["all_blocks"] = now
    # a text's first paint comes before the context model: its readings follow
    settled = "settled" in RESULT or (
        state is not None and not getattr(self.screen.adoc, "provisional", ())
    )
    if "annotated" in RESULT and "all_blocks" in RESULT and settled:
        RESULT.setdefault("settled", now)
        self.exit()


ReaderApp._display = display

from reader.annotated.document import AnnotatedDocument

_settle = getattr(AnnotatedDocument, "settle", None)  # a baseline may not have it


def settle(self):
    changed = _settle(self)
    RESULT["settled"] = time.perf_counter() - T0
    return changed


if _settle is not None:
    AnnotatedDocument.settle = settle
_run = ReaderApp.run


def run(self, *args, **kwargs):
    kwargs.update(headless=True, size=__SIZE__)
    return _run(self, *args, **kwargs)


ReaderApp.run = run

from reader.cli import main  # what the `reader` console script runs

try:
    main([sys.argv[1] if len(sys.argv) > 1 else "deepseek"], standalone_mode=False)
finally:
    RESULT["exit"] = time.perf_counter() - T0
    RESULT["jieba_imported"] = "jieba" in sys.modules
    # VmHWM is this process's own peak (ru_maxrss would carry the parent's over exec).
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                RESULT["max_rss_mb"] = int(line.split()[1]) / 1024
    print(json.dumps(RESULT))
""".replace("__SIZE__", repr(SIZE))
)

KEYPRESS = (
    r"""
import asyncio
import json
import time
"""
    + READER_PROBE
    + r"""

from reader.lang.script import SCRIPTS

WANT = {}  # {"pid", "script", "event", "time", "all_time"}


_display = ReaderApp._display


def display(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is None or not WANT:
        return
    state = annotated_state(self)
    if not state or state[0] != WANT["pid"] or state[1] != WANT["script"]:
        return
    now = time.perf_counter()
    if state[2] and "time" not in WANT:
        WANT["time"] = now
        WANT["event"].set()
    if state[3] and "all_time" not in WANT:
        WANT["all_time"] = now


ReaderApp._display = display


async def press(pilot, key, pid, script):
    WANT.clear()
    WANT.update(pid=pid, script=script, event=asyncio.Event())
    started = time.perf_counter()
    await pilot.press(key)
    await asyncio.wait_for(WANT["event"].wait(), 20)
    await pilot.pause(0.15)  # a reader reads; background annotation catches up
    current = WANT["time"] - started
    every = WANT.get("all_time", float("nan")) - started
    WANT.clear()
    return current, every


async def main():
    import sys

    from reader.text.library import open_text
    from reader.tui.app import make_app

    name = sys.argv[1] if len(sys.argv) > 1 else "deepseek"
    app = make_app(name, doc=open_text(name))
    out = {"j": [], "j_all": [], "s": [], "s_all": [], "path": []}
    async with app.run_test(size=__SIZE__) as pilot:
        screen = await annotated_screen(app, pilot)
        # the end-of-section quiz would take the j presses: measured paragraph moves only
        screen.quizzed.update(s.number for s in screen.doc.sections)
        for _ in range(20):
            ids = screen.position.paragraph_ids
            target = ids[min(screen.position.index + 1, len(ids) - 1)]
            current, every = await press(pilot, "j", target, screen.settings.script)
            out["j"].append(current)
            out["j_all"].append(every)
            out["path"].append(target)
        for _ in range(20):
            script = SCRIPTS[(SCRIPTS.index(screen.settings.script) + 1) % len(SCRIPTS)]
            current, every = await press(pilot, "s", screen.position.paragraph_id, script)
            out["s"].append(current)
            out["s_all"].append(every)
    print(json.dumps(out))


asyncio.run(main())
""".replace("__SIZE__", repr(SIZE))
)

DICTIONARY = r"""
import time
T0 = time.perf_counter()
import json
import sys

WORDS = ["估值", "行", "了", "融資", "算力", "集羣", "數據中心", "護城河", "華爾街", "硅谷",
         "敘事", "槓桿", "寡頭", "開源", "閉源", "芯片", "出口", "管制", "投資者", "預期",
         "估值模型", "算力集羣", "龘", "重構", "為", "經濟", "人工智能", "模型", "訓練", "成本"]
kind = sys.argv[1]
if kind == "dictionary":
    from reader.lang.dictionary import default_dictionary

    def one(word):
        return default_dictionary().lookup(word)
else:
    from reader.lang.lookup import look_up

    def one(word):
        return look_up(word)

imported = time.perf_counter() - T0
started = time.perf_counter()
one("估值")
first = time.perf_counter() - started
warm = []
for word in WORDS:
    started = time.perf_counter()
    one(word)
    warm.append(time.perf_counter() - started)
print(json.dumps({"imported": imported, "first": first, "warm": warm,
                  "total": time.perf_counter() - T0}))
"""


def run_child(code: str, home: Path, *args: str, timeout: float = 120) -> tuple[dict, float]:
    """Run `python -c code` with READER_HOME=home: (its JSON output, wall seconds)."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def run_command(args: list[str], home: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "reader", *args],
        env=child_env(home),
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def prepare_warm_home(home: Path) -> None:
    """jieba's cache, pypinyin's tables, the dictionary index and a progress database,
    built once (as the first run of an installation builds them)."""
    prepare = (
        "from reader.lang.dictionary import default_dictionary\n"
        "from reader.annotated.document import default_annotator\n"
        "default_dictionary().ready(); default_annotator().annotate('估值，他在银行工作。')\n"
    )
    subprocess.run([sys.executable, "-c", prepare], env=child_env(home), check=True)
    run_child(READER_START, home)


def leftovers(home: Path) -> list[str]:
    return sorted(p.name for p in home.rglob("*.tmp"))


def measure(runs: int, log=print) -> dict:
    results: dict = {"runs": runs}
    with temporary_home() as root:
        warm = root / "warm"
        log(f"  preparing a warm READER_HOME ({warm}) ...")
        prepare_warm_home(warm)

        log(f"  minimal Textual app x{runs} ...")
        results["minimal"] = [run_child(MINIMAL_APP, warm) for _ in range(runs)]

        log(f"  reader deepseek, warm cache x{runs} ...")
        results["warm"] = [run_child(READER_START, warm) for _ in range(runs)]

        log(f"  reader deepseek, empty cache x{runs} ...")
        cold = []
        results["cold_leftovers"] = []
        for index in range(runs):
            home = root / f"empty-{index}"
            cold.append(run_child(READER_START, home))
            results["cold_leftovers"] += leftovers(home)
            shutil.rmtree(home, ignore_errors=True)
        results["cold"] = cold

        log("  keypress latency (j x20, s x20) ...")
        keys_home = root / "keys"
        shutil.copytree(warm, keys_home)
        results["keys"], _ = run_child(KEYPRESS, keys_home)

        log("  large texts (5 MB) ...")
        results["large"] = measure_large(root, warm, runs)

        log(f"  dictionary lookups x{runs} ...")
        results["dictionary"] = [run_child(DICTIONARY, warm, "dictionary") for _ in range(runs)]
        results["look_up"] = [run_child(DICTIONARY, warm, "look_up") for _ in range(runs)]
        results["cli_lookup"] = [run_command(["lookup", "估值"], warm) for _ in range(runs)]
        results["cli_version"] = [run_command(["--version"], warm) for _ in range(runs)]
    return results


LARGE_BYTES = 5 * 1024 * 1024


def build_large_texts(folder: Path) -> dict[str, Path]:
    """A new 2,000-character text, and two 5 MB texts: the article repeated (as many
    sections as it takes), and a generated text of 5,000 long paragraphs in one section
    per 100."""
    import random

    from reader.resources import texts_dir

    folder.mkdir(parents=True, exist_ok=True)
    article = (texts_dir() / "deepseek.txt").read_text("utf-8")
    title, body = article.split("\n", 1)
    copies = []
    size = 0
    number = 0
    while size < LARGE_BYTES:
        number += 1
        part = f"第{number}遍\n\n{body.strip()}\n\n"
        copies.append(part)
        size += len(part.encode())
    repeated = folder / "repeated.txt"
    repeated.write_text(f"{title}（重複）\n\n" + "".join(copies), "utf-8")
    rng = random.Random(5)
    words = sorted({w for w in __import__("re").findall(r"[\u4e00-\u9fff]{2,4}", article)})
    paragraphs = []
    per = LARGE_BYTES // 5000
    for index in range(5000):
        if index % 100 == 0:
            paragraphs.append(f"第{index // 100 + 1}章")
        text = ""
        while len(text.encode()) < per:
            text += "".join(rng.choice(words) for _ in range(rng.randint(3, 9))) + rng.choice(
                "，，，。"
            )
        paragraphs.append(text.rstrip("，") + "。")
    generated = folder / "generated.txt"
    generated.write_text("生成的長文\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    return {
        "a new text, 2,000 characters": new_text(folder),
        "article repeated": repeated,
        "5,000 paragraphs": generated,
    }


def new_text(folder: Path) -> Path:
    """A text never opened before: 2,000 characters of real published sentences (the
    news gold set, each sentence with its source there), five to a paragraph."""
    import tomllib

    gold = tomllib.loads(
        (Path(__file__).resolve().parent.parent / "tests/data/pinyin_gold_news.toml").read_text(
            "utf-8"
        )
    )
    sentences = list(dict.fromkeys(w["sentence"] for w in gold["word"]))
    paragraphs, current, size = [], "", 0
    for sentence in sentences:
        if size >= 2000:
            break
        current += sentence
        size += len(sentence)
        if len(current) > 150:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    path = folder / "new-text.txt"
    path.write_text("新聞摘錄\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    return path


def measure_large(root: Path, warm: Path, runs: int) -> dict:
    texts = build_large_texts(root / "large")
    out = {name: {"mb": path.stat().st_size / 1024 / 1024} for name, path in texts.items()}
    for name, path in texts.items():
        starts = []
        for index in range(max(1, runs // 2)):
            home = root / f"large-{index}"
            shutil.copytree(warm, home)
            starts.append(run_child(READER_START, home, str(path), timeout=300))
            shutil.rmtree(home, ignore_errors=True)
        out[name]["starts"] = starts
        keys_home = root / "large-keys"
        shutil.copytree(warm, keys_home)
        out[name]["keys"], _ = run_child(KEYPRESS, keys_home, str(path), timeout=300)
        shutil.rmtree(keys_home, ignore_errors=True)
    return out


def large_report(r: dict) -> str:
    article_start = median(_col(r["warm"], "annotated"))
    article_paint = median(_col(r["warm"], "first_paint"))
    article_mem = median(_col(r["warm"], "max_rss_mb"))
    rows = [
        ["the article (warm): first paint", ms(article_paint), "", "", "1.00x (base)"],
        [
            "the article (warm): first annotated paragraph",
            ms(article_start),
            "",
            f"{article_mem:.0f} MB",
            "1.00x (base)",
        ],
    ]
    for name, data in r["large"].items():
        paint = median(_col(data["starts"], "first_paint"))
        first = median(_col(data["starts"], "annotated"))
        memory = max(_col(data["starts"], "max_rss_mb"))
        rows.append(
            [
                f"{name} ({data['mb']:.1f} MB): first paint (text, no pinyin yet)",
                ms(paint),
                "",
                "",
                f"{paint / article_paint:.2f}x",
            ]
        )
        rows.append(
            [
                f"{name} ({data['mb']:.1f} MB): first annotated paragraph",
                ms(first),
                "",
                f"{memory:.0f} MB",
                f"{first / article_start:.2f}x",
            ]
        )
        settled = [s[0].get("settled", float("nan")) for s in data["starts"]]
        if settled and all(value == value for value in settled):  # no NaN: all had one
            rows.append(
                [
                    f"{name}: ... with the context model's readings",
                    ms(median(settled)),
                    "",
                    "",
                    f"{median(settled) / article_start:.2f}x",
                ]
            )
        for key, label in (("j", "j"), ("s", "s")):
            samples = data["keys"][key]
            rows.append(
                [f"{name}: {label} keypress", ms(median(samples)), ms(p95(samples)), "", ""]
            )
    return "\n".join(
        [
            "Large texts (warm jieba cache, annotations not yet cached)",
            table(rows, ["measurement", "median", "p95", "peak memory", "ratio"]),
        ]
    )


def _col(samples, key):
    return [s[0][key] for s in samples]


def _wall(samples):
    return [s[1] for s in samples]


def report(r: dict) -> str:
    n = r["runs"]
    minimal_paint = median(_col(r["minimal"], "first_paint"))
    minimal_wall = median(_wall(r["minimal"]))
    warm_ann = median(_col(r["warm"], "annotated"))
    warm_all = median(_col(r["warm"], "all_blocks"))
    warm_first = median(_col(r["warm"], "first_paint"))
    warm_wall = median(_wall(r["warm"]))
    cold_ann = median(_col(r["cold"], "annotated"))
    cold_all = median(_col(r["cold"], "all_blocks"))
    cold_first = median(_col(r["cold"], "first_paint"))
    cold_wall = median(_wall(r["cold"]))

    def ratio(a, b):
        return f"{a / b:.2f}x" if b else "-"

    startup = [
        ["minimal Textual app: first paint", ms(minimal_paint), "", "1.00x (base)"],
        ["minimal Textual app: process wall", ms(minimal_wall), "", "1.00x (base)"],
        [
            "reader deepseek, warm: first paint",
            ms(warm_first),
            "",
            ratio(warm_first, minimal_paint),
        ],
        [
            "reader deepseek, warm: paragraph annotated",
            ms(warm_ann),
            "",
            ratio(warm_ann, minimal_paint),
        ],
        [
            "reader deepseek, warm: all blocks annotated",
            ms(warm_all),
            "",
            ratio(warm_all, minimal_paint),
        ],
        ["reader deepseek, warm: process wall", ms(warm_wall), "", ratio(warm_wall, minimal_wall)],
        [
            "reader deepseek, empty: first paint",
            ms(cold_first),
            "",
            ratio(cold_first, warm_first) + " of warm",
        ],
        [
            "reader deepseek, empty: paragraph annotated",
            ms(cold_ann),
            "",
            ratio(cold_ann, warm_ann) + " of warm",
        ],
        [
            "reader deepseek, empty: all blocks annotated",
            ms(cold_all),
            "",
            ratio(cold_all, warm_all) + " of warm",
        ],
        [
            "reader deepseek, empty: process wall",
            ms(cold_wall),
            "",
            ratio(cold_wall, warm_wall) + " of warm",
        ],
    ]
    keys = r["keys"]
    keyrows = []
    for key, label in (("j", "j next paragraph"), ("s", "s cycle script")):
        cur, every = keys[key], [x for x in keys[f"{key}_all"] if x == x]
        keyrows.append(
            [
                f"{label}: current paragraph",
                ms(median(cur)),
                ms(p95(cur)),
                f"{p95(cur) / median(cur):.2f}x",
            ]
        )
        keyrows.append(
            [
                f"{label}: all blocks annotated",
                ms(median(every)) if every else "-",
                ms(p95(every)) if every else "-",
                f"{p95(every) / median(every):.2f}x" if every else "-",
            ]
        )
    d_first = median(_col(r["dictionary"], "first"))
    d_warm = median([median(s[0]["warm"]) for s in r["dictionary"]])
    d_import = median(_col(r["dictionary"], "imported"))
    l_first = median(_col(r["look_up"], "first"))
    l_warm = median([median(s[0]["warm"]) for s in r["look_up"]])
    l_import = median(_col(r["look_up"], "imported"))
    cli = median(r["cli_lookup"])
    version = median(r["cli_version"])
    dictrows = [
        ["Dictionary.lookup: import", ms(d_import), "", ""],
        [
            "Dictionary.lookup: first (index built)",
            ms(d_first),
            "",
            ratio(d_first, d_warm) + " of warm",
        ],
        ["Dictionary.lookup: warm, median of 30 words", ms(d_warm), "", "1.00x"],
        ["look_up (glossary+CEDICT+HSK): import", ms(l_import), "", ""],
        ["look_up: first", ms(l_first), "", ratio(l_first, l_warm) + " of warm"],
        ["look_up: warm, median of 30 words", ms(l_warm), "", "1.00x"],
        ["`reader --version`: process wall", ms(version), "", "1.00x (base)"],
        ["`reader lookup 估值`: process wall", ms(cli), "", ratio(cli, version)],
    ]
    out = [
        f"Startup ({n} runs each, medians; headless, {SIZE[0]}x{SIZE[1]})",
        table(startup, ["measurement", "median", "", "ratio"]),
        "",
        "Keypress latency (one headless run_test, 20 presses each; press -> painted)",
        table(keyrows, ["measurement", "median", "p95", "p95/median"]),
        "",
        f"Dictionary ({n} fresh processes each, index already built)",
        table(dictrows, ["measurement", "median", "", "ratio"]),
    ]
    if "large" in r:
        out += ["", large_report(r)]
    path = keys.get("path", [])
    if path:
        out.append(
            f"\n(j walked {path[0]} .. {path[-1]}; "
            f"per-press ms: {', '.join(f'{x * 1000:.0f}' for x in keys['j'])})"
        )
        out.append(f"(s per-press ms: {', '.join(f'{x * 1000:.0f}' for x in keys['s'])})")
    if r["cold_leftovers"]:
        out.append(f"\nWARNING: empty-cache runs left temporary files: {r['cold_leftovers']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench startup")
    parser.add_argument("--runs", type=int, default=5, help="processes per measurement")
    args = parser.parse_args(argv)
    print(f"Startup benchmark ({args.runs} runs per measurement)")
    results = measure(args.runs)
    print()
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
