"""Fuzz `reader annotate` with generated files: it must show a text or refuse it, never crash.

Every file goes through `reader annotate` in this process (click's CliRunner on
`reader.cli.main`, with catch_exceptions=True), so that 10,000 runs take minutes, not
hours; a sample of them also runs as real processes (`python -m reader annotate`).

Kinds of generated file:

- bytes:    random bytes (empty, tiny, up to 8 KB; sometimes with a BOM in front)
- mutated:  texts/deepseek.txt (the whole article or a window of it) with 1-4 mutations:
            byte flips, truncations (also in the middle of a character), deleted or
            duplicated slices, insertions of control characters, ANSI escapes, Rich and
            Textual markup, BOMs, NULs, zero-width and combining characters, emoji, CR/CRLF,
            `#` heading markers and blank lines
- encoded:  a window of the article re-encoded in GB18030 (traditional or simplified),
            Big5, UTF-16 (with BOM, LE and BE without), UTF-32 or UTF-8 with BOM, sometimes
            mutated afterwards
- unicode:  random Unicode text (CJK of every block, Latin, controls, combining marks,
            emoji, markup, line breaks), written as UTF-8
- sidecar:  a window of the article with a random NAME.meta.toml (valid or not; titles
            with escapes, newlines, markup) and/or NAME.en.txt (a mutated window of the
            translation, or random bytes)
- format:   a small EPUB, web page, SRT, WebVTT or PDF (tests/build_files.py), whole or
            with 1-4 of the mutations above (named .txt: the format is told by content)

Outcomes of one run:

- shown         exit 0, and the output passed the checks (no raw ESC; with --format json,
                every paragraph's tokens join back to the paragraph and carry one syllable
                per Han character)
- refused       exit 2 with exactly one stderr line `reader: PATH: problem`
- crash         an exception other than SystemExit, an exit status other than 0 and 2, or
                "Traceback" on stderr
- bad-message   exit 2 but stderr is not one line naming the file
- escape-leak   exit 0 but a raw ESC (\\x1b) reached the output
- bad-json      exit 0 with --format json but the tokens do not match the text
- misread       exit 0 for a cleanly re-encoded window of the article (no mutation, at least
                MIN_MISREAD_CHARS characters: one or two characters are ambiguous between
                Big5 and GB18030), but the paragraphs differ from the text that was encoded
- hang          (processes only) no answer within the timeout

Every input whose outcome is not `shown` or `refused` is saved, with a line in
`findings.jsonl`, in the output folder.

    python bench/fuzz.py --count 10000 --seed 1 [--processes 50] [--out FOLDER]
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "texts" / "deepseek.txt"
TRANSLATION = REPO / "texts" / "deepseek.en.txt"
MIN_MISREAD_CHARS = 4

GOOD = ("shown", "refused")
OUTCOMES = (
    "shown",
    "refused",
    "crash",
    "bad-message",
    "escape-leak",
    "bad-json",
    "misread",
    "hang",
)
SCRIPTS = ("original", "simplified", "traditional", "taiwan", "hongkong")
STYLES = ("marks", "numbers", "zhuyin")

BOMS = (
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
)
INSERTS = tuple(
    s.encode("utf-8") if isinstance(s, str) else s
    for s in (
        b"\x00",
        b"\x00" * 8,
        b"\x1b",
        b"\x1b[31m",
        b"\x1b[2J\x1b[H",
        b"\x1b]0;title\x07",
        b"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
        b"\x07",
        b"\x08",
        b"\x7f",
        b"\r",
        b"\r\n",
        b"\n\n",
        b"\n",
        b"\t",
        "\x85",
        "\x9b31m",
        "[bold]",
        "[/bold]",
        "[link=x]",
        "[/]",
        "[@click=app.quit]",
        "[red on blue]",
        "\\[",
        "]",
        "#",
        "# ",
        "## 標題\n",
        "\u200b",
        "\u200d",
        "\ufeff",
        "\u2028",
        "\u2029",
        "\u202e",
        "\u0301",
        "\u0308\u0308\u0308",
        "😀",
        "👨\u200d👩\u200d👧\u200d👦",
        "🇨🇳🇹🇼",
        "👍🏽",
        "𠀀𠀁",
        "\U0002a6d6",
        "\ue000",
        "\ufffd",
        "\uffff",
        "。",
        "「",
        "…",
        "—",
        "得",
        "地",
        "為",
    )
)
RANGES = (
    (0x20, 0x7E, 6),
    (0x4E00, 0x9FFF, 10),
    (0x3400, 0x4DBF, 1),
    (0x20000, 0x2A6DF, 1),
    (0xF900, 0xFAFF, 1),
    (0x3000, 0x303F, 2),
    (0xFF00, 0xFFEF, 1),
    (0x00, 0x1F, 1),
    (0x7F, 0x9F, 1),
    (0x0300, 0x036F, 1),
    (0x1F300, 0x1FAFF, 1),
    (0x00A0, 0x024F, 1),
    (0xE000, 0xF8FF, 1),
    (0x2000, 0x206F, 1),
)
STRUCTURE = ("\n", "\n\n", "\r\n", "\r", " ", "# ", "## ", "[b]", "。", "，", "\t")
TITLE_PIECES = (
    "書名",
    "Title",
    "\x1b",
    "\x1b[31m",
    "\x1b]0;pwned\x07",
    "\x07",
    "\n",
    "\r",
    "[bold]",
    "[@click=app.quit]",
    "\u200b",
    "😀",
    "𠀀",
    "#",
    "\x00",
    "\x85",
    "\\",
)
META_KEYS = ("title", "source", "script", "author", "licence", "note", "colour")


# ------------------------------------------------------------------------ generation


def _window(rng: random.Random, text: str) -> str:
    if rng.random() < 0.3:
        return text
    size = rng.choice((1, 5, 40, 200, 800, 2500))
    start = rng.randrange(max(1, len(text) - size))
    return text[start : start + size]


def _mutate(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    data = bytearray(data)
    done = []
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(
            ("flip", "flip", "truncate", "insert", "insert", "insert", "delete", "duplicate", "bom")
        )
        if op == "flip" and data:
            for _ in range(rng.choice((1, 1, 2, 8))):
                i = rng.randrange(len(data))
                data[i] ^= 1 << rng.randrange(8)
        elif op == "truncate" and data:
            data = data[: rng.randrange(len(data))]
        elif op == "insert":
            piece = rng.choice(INSERTS)
            for _ in range(rng.choice((1, 1, 3, 10))):
                i = rng.randint(0, len(data))
                data[i:i] = piece
        elif op == "delete" and data:
            i = rng.randrange(len(data))
            del data[i : i + rng.randint(1, 200)]
        elif op == "duplicate" and data:
            i = rng.randrange(len(data))
            data[i:i] = data[i : i + rng.randint(1, 500)]
        elif op == "bom":
            data[0:0] = rng.choice(BOMS)
        done.append(op)
    return bytes(data), done


def _random_unicode(rng: random.Random) -> str:
    weights = [w for _, _, w in RANGES]
    out = []
    for _ in range(rng.choice((1, 10, 50, 300, 1500))):
        if rng.random() < 0.08:
            out.append(rng.choice(STRUCTURE))
            continue
        low, high, _ = rng.choices(RANGES, weights)[0]
        code = rng.randint(low, high)
        out.append(chr(code))
    return "".join(out)


def _meta(rng: random.Random) -> bytes:
    lines = []
    keys = (["title"] if rng.random() < 0.6 else []) + rng.sample(META_KEYS[1:], rng.randint(0, 2))
    for key in keys:
        if key == "script":
            value = rng.choice(('"traditional"', '"simplified"', '"klingon"', "3"))
        else:
            text = "".join(rng.choice(TITLE_PIECES) for _ in range(rng.randint(0, 5)))
            value = rng.choices(
                (
                    json.dumps(text, ensure_ascii=False),
                    "3",
                    "[1, 2]",
                    "'" + text + "'",
                    '"""' + text + '"""',
                ),
                (6, 1, 1, 1, 1),
            )[0]
        lines.append(f"{key} = {value}")
    data = "\n".join(lines).encode("utf-8")
    if rng.random() < 0.2:
        data, _ = _mutate(rng, data)
    if rng.random() < 0.1:
        data = codecs.BOM_UTF8 + data
    return data


def _sidecars(rng: random.Random, translation: str) -> dict[str, bytes]:
    out = {}
    if rng.random() < 0.7:
        out[".meta.toml"] = _meta(rng)
    if not out or rng.random() < 0.5:
        if rng.random() < 0.2:
            out[".en.txt"] = rng.randbytes(rng.choice((0, 10, 500)))
        else:
            data = _window(rng, translation).encode("utf-8")
            if rng.random() < 0.5:
                data, _ = _mutate(rng, data)
            out[".en.txt"] = data
    return out


_SEEDS: list[tuple[str, bytes]] = []


def _format_seeds() -> list[tuple[str, bytes]]:
    """One small file of each other format (tests/build_files.py makes them): an EPUB, a
    web page, SRT and WebVTT subtitles and, when reportlab is installed, a PDF."""
    if not _SEEDS:
        from tests import build_files as build

        _SEEDS.extend(
            [
                ("epub", build.epub_bytes()),
                ("html", build.PAGE.encode("utf-8")),
                ("srt", build.SRT.encode("utf-8")),
                ("srt bilingual", build.BILINGUAL_SRT.encode("utf-8")),
                ("vtt", build.VTT.encode("utf-8")),
            ]
        )
        with contextlib.suppress(ImportError):  # reportlab comes with the test extras
            _SEEDS.append(("pdf", build.pdf_bytes()))
    return _SEEDS


def generate(
    rng: random.Random, article: str, translation: str = ""
) -> tuple[str, bytes, str, str | None, dict[str, bytes]]:
    """(kind, bytes, description, the text the bytes encode when they are not mutated,
    sidecar files by suffix)."""
    kind = rng.choices(
        ("bytes", "mutated", "encoded", "unicode", "sidecar", "format"), (2, 4, 2, 2, 1, 2)
    )[0]
    if kind == "format":
        name, seed = rng.choice(_format_seeds())
        if rng.random() < 0.2:
            return kind, seed, f"{name}, whole", None, {}
        data, ops = _mutate(rng, seed)
        return kind, data, f"{name}, " + ", ".join(ops), None, {}
    if kind == "sidecar":
        sidecars = _sidecars(rng, translation or article)
        return (
            kind,
            _window(rng, article).encode("utf-8"),
            "article with " + ", ".join(sorted(sidecars)),
            None,
            sidecars,
        )
    if kind == "bytes":
        data = rng.randbytes(rng.choice((0, 1, 2, 3, 16, 255, 1024, 8192)))
        if rng.random() < 0.2:
            data = rng.choice(BOMS) + data
        return kind, data, f"{len(data)} random bytes", None, {}
    if kind == "mutated":
        data, ops = _mutate(rng, _window(rng, article).encode("utf-8"))
        return kind, data, "article, " + ", ".join(ops), None, {}
    if kind == "encoded":
        text = _window(rng, article)
        encoding = rng.choice(
            (
                "gb18030",
                "gb18030-simplified",
                "big5",
                "utf-16",
                "utf-16-le",
                "utf-16-be",
                "utf-32",
                "utf-8-sig",
            )
        )
        if encoding == "gb18030-simplified":
            from reader.text.chars import convert

            text, encoding = convert(text, "t2s"), "gb18030"
        data = text.encode(encoding, errors="replace")
        expected = data.decode(encoding) if len(text) >= MIN_MISREAD_CHARS else None
        description = encoding
        if rng.random() < 0.3:
            data, ops = _mutate(rng, data)
            description += ", " + ", ".join(ops)
            expected = None
        return kind, data, description, expected, {}
    text = _random_unicode(rng)
    return kind, text.encode("utf-8"), f"{len(text)} random characters", None, {}


# ------------------------------------------------------------------------ checking


def _check_json(output: str, path: Path, script: str) -> str | None:
    """None when every paragraph's tokens join to its text with one syllable per Han."""
    from reader.errors import ReaderError
    from reader.lang.script import to_script
    from reader.text.chars import han_count
    from reader.text.loader import load_document

    try:
        data = json.loads(output)
        doc = load_document(path)
    except (ValueError, ReaderError) as exc:
        return f"json or reload failed: {exc}"
    for section, doc_section in zip(data["sections"], doc.sections, strict=True):
        for paragraph, doc_paragraph in zip(
            section["paragraphs"], doc_section.paragraphs, strict=True
        ):
            joined = "".join(t["text"] for t in paragraph["tokens"])
            if script != "taiwan":
                expected = to_script(doc_paragraph.text, script, doc.script)
                if joined != expected:
                    return f"{doc_paragraph.id}: tokens do not join to the paragraph"
            for token in paragraph["tokens"]:
                if len(token["pinyin"]) != han_count(token["text"]):
                    return f"{doc_paragraph.id}: {token['text']!r} has {token['pinyin']}"
    return None


def _check_decoding(path: Path, expected: str) -> str | None:
    """None when the file's title and paragraphs are those of `expected`."""
    from reader.text.decode import clean_text
    from reader.text.loader import load_document
    from reader.text.parse import parse_plain

    doc = load_document(path)
    parsed = parse_plain(clean_text(expected))
    want = [p for _, paragraphs in parsed.sections for p in paragraphs]
    got = [p.text for p in doc.paragraphs()]
    if got != want:
        return (
            f"read as {doc.encoding}: {got[0][:40]!r} instead of {want[0][:40]!r}"
            if got and want
            else f"read as {doc.encoding}"
        )
    return None


def classify(
    code: int | None,
    stdout: str,
    stderr: str,
    exception: BaseException | None,
    path: Path,
    fmt: str,
    script: str,
    expected: str | None = None,
) -> tuple[str, str]:
    """(outcome, detail)."""
    if exception is not None and not isinstance(exception, SystemExit):
        return "crash", f"{type(exception).__name__}: {exception}"
    if code not in (0, 2) or "Traceback" in stderr:
        return "crash", f"exit {code}: {stderr[-500:]}"
    if code == 2:
        lines = stderr.splitlines()
        # the file named may be a sidecar: NAME.meta.toml, NAME.en.txt
        named = str(path.parent / path.stem)
        if (
            len(lines) != 1
            or not stderr.endswith("\n")
            or not lines[0].startswith("reader: ")
            or named not in lines[0]
            or "\x1b" in stderr
        ):
            return "bad-message", repr(stderr[:500])
        return "refused", lines[0]
    if "\x1b" in stdout:
        at = stdout.index("\x1b")
        return "escape-leak", repr(stdout[max(0, at - 20) : at + 60])
    if fmt == "json":
        problem = _check_json(stdout, path, script)
        if problem:
            return "bad-json", problem
    if expected is not None:
        problem = _check_decoding(path, expected)
        if problem:
            return "misread", problem
    return "shown", ""


def _arguments(rng: random.Random, path: Path) -> tuple[list[str], str, str]:
    fmt = rng.choice(("text", "json"))
    script = rng.choice(SCRIPTS)
    args = [
        "annotate",
        str(path),
        "--format",
        fmt,
        "--script",
        script,
        "--pinyin",
        rng.choice(STYLES),
    ]
    return args, fmt, script


def run_in_process(runner, main, args: list[str]):
    try:
        result = runner.invoke(main, args, catch_exceptions=True)
    except BaseException as exc:  # noqa: BLE001 - anything escaping CliRunner is a crash
        return None, "", "", exc
    return result.exit_code, result.stdout, result.stderr, result.exception


def run_process(args: list[str], home: Path, timeout: float):
    env = dict(os.environ, READER_HOME=str(home))
    env.pop("NO_COLOR", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "reader", *args], capture_output=True, env=env, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    return (
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        None,
    )


# ------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10000, help="files (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--processes",
        type=int,
        default=50,
        help="of them, how many also run as real processes (default 50)",
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds per process before it counts as a hang"
    )
    parser.add_argument(
        "--slow",
        type=float,
        default=5.0,
        help="in-process runs slower than this are listed (seconds)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for the inputs that failed (default: a temp folder)",
    )
    args = parser.parse_args(argv)

    out = args.out or Path(tempfile.mkdtemp(prefix="reader-fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="reader-fuzz-work-"))
    home = work / "home"
    os.environ["READER_HOME"] = str(home)
    os.environ.pop("NO_COLOR", None)

    from click.testing import CliRunner

    from reader.cli import main as cli_main

    rng = random.Random(args.seed)
    article = ARTICLE.read_text(encoding="utf-8")
    translation = TRANSLATION.read_text(encoding="utf-8")
    runner = CliRunner()
    counts: Counter[tuple[str, str]] = Counter()
    findings = []
    slow: list[tuple[float, str]] = []
    sample = set(rng.sample(range(args.count), min(args.processes, args.count)))
    sampled: list[tuple[int, Path, list[str], str, str]] = []
    findings_file = out / "findings.jsonl"

    def record(index, kind, description, data, outcome, detail, how, cli_args, sidecars):
        saved = out / f"{index:05d}-{how}-{outcome}.txt"
        saved.write_bytes(data)
        for suffix, content in sidecars.items():
            saved.with_name(saved.stem + suffix).write_bytes(content)
        entry = {
            "index": index,
            "kind": kind,
            "how": how,
            "outcome": outcome,
            "input": str(saved),
            "generated": description,
            "args": cli_args[2:],
            "detail": detail,
        }
        findings.append(entry)
        with findings_file.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")

    started = time.perf_counter()
    print(f"fuzzing {args.count} files, seed {args.seed}; failing inputs go to {out}", flush=True)
    try:
        for index in range(args.count):
            kind, data, description, expected, sidecars = generate(rng, article, translation)
            path = work / f"{index:05d}.txt"
            path.write_bytes(data)
            for suffix, content in sidecars.items():
                path.with_name(path.stem + suffix).write_bytes(content)
            cli_args, fmt, script = _arguments(rng, path)
            t0 = time.perf_counter()
            code, stdout, stderr, exc = run_in_process(runner, cli_main, cli_args)
            elapsed = time.perf_counter() - t0
            outcome, detail = classify(code, stdout, stderr, exc, path, fmt, script, expected)
            counts[(kind, outcome)] += 1
            if elapsed > args.slow:
                slow.append((elapsed, f"{index:05d} {kind} {description}"))
            if outcome not in GOOD:
                record(
                    index, kind, description, data, outcome, detail, "inproc", cli_args, sidecars
                )
            if index in sample:
                keep = work / "sample" / path.name
                keep.parent.mkdir(exist_ok=True)
                for suffix in (".txt", *sidecars):
                    shutil.move(
                        path.with_name(path.stem + suffix), keep.with_name(keep.stem + suffix)
                    )
                sampled.append(
                    (
                        index,
                        keep,
                        [cli_args[0], str(keep), *cli_args[2:]],
                        fmt,
                        script,
                        expected,
                        sidecars,
                    )
                )
            else:
                for suffix in (".txt", *sidecars):
                    path.with_name(path.stem + suffix).unlink()
            if (index + 1) % 1000 == 0:
                print(f"  {index + 1} files, {time.perf_counter() - started:.0f} s", flush=True)
        inproc_seconds = time.perf_counter() - started

        process_counts: Counter[str] = Counter()
        t1 = time.perf_counter()
        for index, path, cli_args, fmt, script, expected, sidecars in sampled:
            result = run_process(cli_args, home, args.timeout)
            if result == "timeout":
                outcome, detail = "hang", f"no answer in {args.timeout} s"
            else:
                outcome, detail = classify(*result, path, fmt, script, expected)
            process_counts[outcome] += 1
            if outcome not in GOOD:
                record(
                    index,
                    "process",
                    "",
                    path.read_bytes(),
                    outcome,
                    detail,
                    "process",
                    cli_args,
                    sidecars,
                )
        process_seconds = time.perf_counter() - t1
    finally:
        shutil.rmtree(work, ignore_errors=True)

    kinds = sorted({k for k, _ in counts})
    print(
        f"\nin-process: {args.count} files in {inproc_seconds:.1f} s "
        f"({1000 * inproc_seconds / max(1, args.count):.1f} ms per file)"
    )
    header = ["kind", *OUTCOMES[:-1], "total"]
    rows = [
        [
            kind,
            *(str(counts[(kind, o)]) for o in OUTCOMES[:-1]),
            str(sum(counts[(kind, o)] for o in OUTCOMES)),
        ]
        for kind in kinds
    ]
    rows.append(
        [
            "all",
            *(str(sum(counts[(k, o)] for k in kinds)) for o in OUTCOMES[:-1]),
            str(sum(counts.values())),
        ]
    )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  "
            + "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print(
        f"\nprocesses: {len(sampled)} in {process_seconds:.1f} s: "
        + ", ".join(f"{o} {process_counts[o]}" for o in OUTCOMES if process_counts[o])
    )
    if slow:
        print(f"\n{len(slow)} in-process runs slower than {args.slow} s:")
        for seconds, what in sorted(slow, reverse=True)[:10]:
            print(f"  {seconds:.1f} s  {what}")
    bad = findings
    if bad:
        print(f"\n{len(bad)} failing inputs (saved in {out}, listed in {findings_file.name}):")
        for entry in bad[:40]:
            print(
                f"  [{entry['how']}] {entry['outcome']}: {entry['input']} "
                f"({entry['generated']}; {' '.join(entry['args'])}): {entry['detail'][:200]}"
            )
        if len(bad) > 40:
            print(f"  ... and {len(bad) - 40} more")
    else:
        print("\nno crashes")
        if not any(out.iterdir()):
            out.rmdir()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
