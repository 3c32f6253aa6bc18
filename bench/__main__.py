"""`python -m bench [NAME] [--runs N] [--bytes N] [--baseline REV]`, NAME one of annotate,
startup, keys, book, pinyin, boundaries, glossary, large, soak, faults, words or all;
everything by default.

With `--baseline REV` the same benchmarks run first on a checkout of REV (a temporary
git worktree, with that checkout first on PYTHONPATH) and then on this tree, in one
run on one machine, so a change is measured against what it changed.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "what",
        nargs="?",
        choices=[
            "all",
            "annotate",
            "startup",
            "keys",
            "book",
            "pinyin",
            "boundaries",
            "glossary",
            "large",
            "soak",
            "faults",
            "words",
        ],
        default="all",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=5,
        help="processes per startup/dictionary measurement (default 5)",
    )
    parser.add_argument(
        "--bytes",
        type=int,
        default=None,
        help="size of the annotation text in UTF-8 bytes (default 1 MB)",
    )
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also run the benchmarks on git revision REV first, for comparison",
    )
    # options of one benchmark (`soak --minutes 10`) go on to it
    args, extra = parser.parse_known_args(argv)
    if extra and args.what == "all":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.baseline:
        run_baseline(
            args.baseline,
            [a for a in (argv or sys.argv[1:]) if a != args.baseline and a != "--baseline"],
        )
        print(f"\n===== this tree ({_describe('HEAD')}, with uncommitted changes if any) =====")

    from importlib.metadata import version

    print(
        f"python {platform.python_version()} on {platform.platform()}; "
        f"reader {version('reader')}, textual {version('textual')}, "
        f"jieba {version('jieba')}, opencc-python-reimplemented "
        f"{version('opencc-python-reimplemented')}"
    )
    started = time.perf_counter()
    if args.what in ("all", "annotate"):
        from bench import annotate

        print()
        annotate.main(["--bytes", str(args.bytes)] if args.bytes else [])
    if args.what in ("all", "startup"):
        from bench import startup

        print()
        startup.main(["--runs", str(args.runs)])
    if args.what in ("all", "keys"):
        from bench import keys

        print()
        keys.main(["--runs", str(min(args.runs, 3) if args.what == "all" else args.runs)])
    if args.what in ("all", "book"):
        from bench import book

        print()
        book.main(["--runs", str(min(args.runs, 3) if args.what == "all" else args.runs)])
    if args.what in ("all", "pinyin"):
        from bench import pinyin

        print()
        pinyin.main([])
    if args.what in ("all", "boundaries"):
        from bench import boundaries

        print()
        boundaries.main([])
    if args.what in ("all", "glossary"):
        from bench import glossary

        print()
        glossary.main(extra)
    if args.what in ("all", "large"):
        from bench import large

        print()
        large.main(extra)
    if args.what in ("all", "soak"):
        from bench import soak

        print()
        soak.main(extra)
    if args.what in ("all", "faults"):
        from bench import faults

        print()
        faults.main(extra)
    if args.what in ("all", "words"):
        from bench import words

        print()
        words.main(["--runs", str(min(args.runs, 3))])
    print(f"\nbench finished in {time.perf_counter() - started:.1f} s")
    return 0


def _describe(rev: str) -> str:
    import subprocess

    return subprocess.run(
        ["git", "log", "-1", "--format=%h %s", rev], capture_output=True, text=True, cwd=REPO
    ).stdout.strip()[:70]


def run_baseline(rev: str, args: list[str]) -> None:
    """The same benchmarks on a worktree of `rev`, printed before this tree's."""
    import os
    import subprocess
    import tempfile

    print(f"===== baseline {_describe(rev)} =====", flush=True)
    with tempfile.TemporaryDirectory(prefix="reader-baseline-") as folder:
        tree = os.path.join(folder, "tree")
        subprocess.run(
            ["git", "worktree", "add", "--detach", tree, rev],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        try:
            # a benchmark newer than `rev` runs there too: this tree's file, its code
            # (and this tree's __main__, which knows it)
            # (and annotate.py, which times the pipeline's public calls only: both trees
            # measured by the same code, on the same texts)
            for mine in (REPO / "bench").glob("*.py"):
                theirs = Path(tree) / "bench" / mine.name
                if not theirs.exists() or mine.name in ("__main__.py", "annotate.py"):
                    theirs.write_text(mine.read_text("utf-8"), "utf-8")
            env = {**os.environ, "PYTHONPATH": tree}
            from bench.pinyin import data_folder

            if data_folder().is_dir():  # CPP's dev split, found beside this tree only
                env.setdefault("CPP_DEV", str(data_folder()))
            subprocess.run([sys.executable, "-m", "bench", *args], cwd=tree, env=env, check=False)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", tree],
                cwd=REPO,
                check=False,
                capture_output=True,
            )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
