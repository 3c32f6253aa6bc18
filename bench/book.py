"""A 5 MB EPUB novel beside the article (issue 16, step 6), in one run.

The book is generated: the bundled article's paragraphs (real published text), each
chapter a different rotation of them, with a chapter title in the table of contents,
until the EPUB file is 5 MB (about 12 MB of XHTML once unpacked: a very long novel).
Each measurement runs in a fresh process, headless at 120x40, with a warm jieba
cache (as a learner's second day):

- first paint and first annotated paragraph of the article and of the book (its
  first chapter), the book's as a ratio of the article's (goal: at most 2x);
- the book opened again (its parse and its first chapter's annotations cached):
  the same times, and whether jieba was imported at all (goal: not);
- keys on the book: j and s, from the key to the painted frame (goal: the article's),
  beside the article's and the article's as a new file (whose paragraphs, like the
  book's, are annotated as j reaches them: the bundled article's come annotated);
- the peak memory of the process (goal: at most 300 MB).

    python bench/book.py [--runs N]        or        python -m bench book
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/book.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._util import ARTICLE, median, ms, p95, table, temporary_home
from bench.startup import _col

BOOK_BYTES = 5 * 1024 * 1024


def build_book(path: Path, target: int = BOOK_BYTES) -> Path:
    """Write the generated EPUB to `path` (grown chapter by chapter until the file has
    `target` bytes)."""
    from ebooklib import epub

    title, body = ARTICLE.read_text("utf-8").split("\n", 1)
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    numerals = "一二三四五六七八九十"

    def chapter_title(number: int) -> str:
        if number >= 100:
            return f"第{number}章"
        tens, ones = divmod(number, 10)
        spelled = (numerals[tens - 1] if tens > 1 else "") + ("十" if tens else "")
        return f"第{spelled}{numerals[ones - 1] if ones else ''}章"

    chapters_per_write = 20
    number = 0
    items: list = []
    while True:
        for _ in range(chapters_per_write):
            number += 1
            shift = (number * 7) % len(paragraphs)
            rotated = paragraphs[shift:] + paragraphs[:shift]
            name = chapter_title(number)
            item = epub.EpubHtml(
                uid=f"chapter{number}",
                title=name,
                file_name=f"chapter{number:04d}.xhtml",
                lang="zh",
            )
            item.content = (
                f"<html><body><h1>{name}</h1>"
                + "".join(f"<p>{text}</p>" for text in rotated)
                + "</body></html>"
            )
            items.append(item)
        book = epub.EpubBook()
        book.set_identifier("reader-bench-book")
        book.set_title(f"{title}（長篇）")
        book.set_language("zh")
        book.add_author("reader bench")
        for item in items:
            book.add_item(item)
        book.toc = [epub.Link(i.file_name, i.title, f"c{n}") for n, i in enumerate(items)]
        book.add_item(epub.EpubNcx())
        book.add_item(epub.EpubNav())
        book.spine = ["nav", *items]
        epub.write_epub(str(path), book)
        if path.stat().st_size >= target:
            return path
        chapters_per_write = max(1, int(number * (target / path.stat().st_size - 1)) + 1)


def measure(runs: int, log=print) -> dict:
    from bench.startup import KEYPRESS, READER_START, prepare_warm_home, run_child

    out: dict = {"runs": runs}
    with temporary_home() as root:
        warm = root / "warm"
        log(f"  preparing a warm READER_HOME ({warm}) ...")
        prepare_warm_home(warm)
        book = build_book(root / "novel.epub")
        out["book_mb"] = book.stat().st_size / 1024 / 1024
        copy = root / "article-copy.txt"
        shutil.copy(ARTICLE, copy)  # the article as a text never opened: no seed, no cache
        log(f"  the article, warm x{runs} ...")
        out["article"] = [run_child(READER_START, warm) for _ in range(runs)]
        for name, path in (("new_article", copy), ("book", book)):
            log(f"  {name}: first open, then opened again, x{runs} ...")
            first, again = [], []
            for index in range(runs):
                home = root / f"{name}-{index}"
                shutil.copytree(warm, home)
                first.append(run_child(READER_START, home, str(path), timeout=300))
                again.append(run_child(READER_START, home, str(path), timeout=300))
                shutil.rmtree(home, ignore_errors=True)
            out[name] = first
            out[f"{name}_again"] = again
        log("  keys: j and s on the article (bundled, and as a new file) and on the book ...")
        for name, path in (
            ("article", "deepseek"),
            ("new_article", str(copy)),
            ("book", str(book)),
        ):
            home = root / f"keys-{name}"
            shutil.copytree(warm, home)
            run_child(READER_START, home, path, timeout=300)  # its first chapter cached
            out[f"keys_{name}"], _ = run_child(KEYPRESS, home, path, timeout=600)
    return out


def report(r: dict) -> str:
    base = median(_col(r["article"], "annotated"))
    new = median(_col(r["new_article"], "annotated"))
    rows = []

    def row(label: str, samples: list, versus: float | None = None) -> None:
        paint = median(_col(samples, "first_paint"))
        first = median(_col(samples, "annotated"))
        memory = max(_col(samples, "max_rss_mb"))
        jieba = sum(bool(s[0].get("jieba_imported")) for s in samples)
        ratio = f"{first / versus:.2f}x" if versus else ""
        rows.append(
            [label, ms(paint), ms(first), ratio, f"{memory:.0f} MB", f"{jieba}/{len(samples)}"]
        )

    row("the article (bundled: annotations shipped)", r["article"], base)
    row("the article as a new file: first open", r["new_article"], base)
    row("the article as a new file: opened again", r["new_article_again"], base)
    row(f"the book ({r['book_mb']:.1f} MB EPUB): first open", r["book"], base)
    row("the book: opened again", r["book_again"], base)
    lines = [
        f"A {r['book_mb']:.1f} MB EPUB beside the article (median of {r['runs']} processes, "
        "warm jieba cache, 120x40)",
        table(
            rows,
            ["measurement", "first paint", "pinyin shown", "vs article", "peak", "jieba"],
        ),
        f"the book's first open against the article's as a new file: "
        f"{median(_col(r['book'], 'annotated')) / new:.2f}x",
        "",
    ]
    key_rows = []
    names = {
        "article": "the article",
        "new_article": "the article as a new file",
        "book": "the book",
    }
    for key in ("j", "s"):
        for name, label in names.items():
            samples = r[f"keys_{name}"][key]
            key_rows.append([f"{key} on {label}", ms(median(samples)), ms(p95(samples))])
    lines += [
        "Keys (20 presses each, key to painted frame)",
        table(key_rows, ["key", "median", "p95"]),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench book", description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(report(measure(args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
