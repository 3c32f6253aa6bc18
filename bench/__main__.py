"""`python -m bench [annotate|startup|all] [--runs N] [--bytes N]`; everything by default."""

from __future__ import annotations

import argparse
import platform
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("what", nargs="?", choices=["all", "annotate", "startup"], default="all")
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
    args = parser.parse_args(argv)

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
    print(f"\nbench finished in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
