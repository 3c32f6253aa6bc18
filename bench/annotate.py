"""Annotation throughput: raw jieba against the whole pipeline, in characters per second.

About 1 MB (UTF-8) of text is built by repeating texts/deepseek.txt and converted to
simplified once. In one run we measure

  (a) raw `jieba.cut` on the simplified text: a fresh jieba.Tokenizer, initialised before
      timing, HMM on, `list(...)` of the cut;
  (b) the whole pipeline, `Annotator(bundled_glossary()).annotate(paragraph)` paragraph by
      paragraph over the same text (initialised and warmed up on one paragraph first).

Because the text is one article repeated, every paragraph after the first copy hits the
paragraph-level `convert(text, "t2s")` LRU cache. (b) is therefore measured twice: as
the pipeline runs ("as is"), and with that cache (and the context model's, which keeps
its answer per sentence) cleared before each paragraph. But the pipeline also keeps
what it has worked out per word (jieba's HMM cuts, word lookups), which fills on the
first copy; so (c) measures what a text never seen costs: raw jieba (a new tokenizer)
against the pipeline with every cache emptied (`Annotator.forget`) at the start of each
round, on distinct real paragraphs (the glossary corpus's articles, and CPP's dev
sentences when they are at hand: chosen for their polyphones, so the context model
runs on nearly every one). (a) and (b) are run in interleaved rounds (3 by default),
then (c) in its own (it empties every cache and fills them with other words), and the
medians reported, as this machine's speed varies from second to second.

    python bench/annotate.py        or        python -m bench annotate
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/annotate.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._util import ARTICLE, reader_home_env, table, temporary_home

TARGET_BYTES = 1_000_000


def build_text(target_bytes: int = TARGET_BYTES) -> str:
    article = ARTICLE.read_text(encoding="utf-8").strip()
    copies, size = [], 0
    while size < target_bytes:
        copies.append(article)
        size += len(article.encode("utf-8")) + 2
    return "\n\n".join(copies)


def distinct_text() -> tuple[str, str]:
    """Real text, no paragraph repeated: what a reader meets in a text it has not seen.
    The articles of the glossary corpus, and CPP's dev sentences when they are there
    (bench/pinyin.py, CPP_DEV); and where they came from."""
    from bench.pinyin import data_folder, load

    folder = Path(__file__).resolve().parent / "corpus" / "glossary"
    seen: dict[str, None] = {}
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                seen.setdefault(line.strip(), None)
    source = "the articles of bench/corpus/glossary"
    if (data_folder() / "dev.sent").is_file():
        for sentence, _, _ in load(data_folder()):
            seen.setdefault(sentence.strip(), None)
        source += " and CPP's dev sentences"
    return "\n".join(seen), source


def paragraphs_of(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def measure(target_bytes: int = TARGET_BYTES, rounds: int = 3) -> dict:
    import jieba

    from reader import paths
    from reader.lang.annotate import Annotator
    from reader.lang.glossary import bundled_glossary
    from reader.text.chars import convert

    text = build_text(target_bytes)
    started = time.perf_counter()
    simplified = convert(text, "t2s")
    t2s_seconds = time.perf_counter() - started
    paragraphs = paragraphs_of(simplified)
    pipeline_chars = sum(len(p) for p in paragraphs)

    # (a) raw jieba
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(paths.cache_dir())
    tokenizer.initialize()
    list(tokenizer.cut(paragraphs[0], HMM=True))

    # (b) the whole pipeline
    annotator = Annotator(bundled_glossary())
    annotator.annotate(paragraphs[0])  # initialises jieba, pypinyin, OpenCC; warms up

    def raw() -> int:
        words = list(tokenizer.cut(simplified, HMM=True))
        assert "".join(words) == simplified
        return len(words)

    def pipeline() -> int:
        return sum(len(annotator.annotate(paragraph)) for paragraph in paragraphs)

    try:  # the context model keeps its answers per paragraph (from issue 17 on)
        from reader.lang import context_model

        caches = [convert, context_model]
    except ImportError:
        caches = [convert]

    def pipeline_uncached() -> int:
        tokens = 0
        for paragraph in paragraphs:
            for cached in caches:
                cached.cache_clear()
            tokens += len(annotator.annotate(paragraph))
        return tokens

    # (c) distinct real paragraphs, every cache empty at the start of each round
    distinct, fresh_source = distinct_text()
    fresh = paragraphs_of(convert(distinct, "t2s"))
    fresh_chars = sum(len(p) for p in fresh)
    fresh_text = "\n".join(fresh)

    def fresh_raw() -> int:
        fresh_tokenizer = jieba.Tokenizer()  # jieba keeps nothing between texts but this
        fresh_tokenizer.FREQ, fresh_tokenizer.total = tokenizer.FREQ, tokenizer.total
        fresh_tokenizer.initialized = True
        return len(list(fresh_tokenizer.cut(fresh_text, HMM=True)))

    def fresh_pipeline() -> int:
        annotator.forget()
        return sum(len(annotator.annotate(paragraph)) for paragraph in fresh)

    times: dict[str, list[float]] = {
        "raw": [],
        "pipeline": [],
        "uncached": [],
        "fresh raw": [],
        "fresh": [],
    }
    counts = {}
    # interleaved, so that machine noise hits all alike; (c) after all rounds of (a) and
    # (b), as a phase of its own: it empties every cache and fills them with thousands
    # of other paragraphs' words, and (b) measured after it measured that (a quarter
    # slower, for as long as those objects live)
    for phase in (
        (("raw", raw), ("pipeline", pipeline), ("uncached", pipeline_uncached)),
        (("fresh raw", fresh_raw), ("fresh", fresh_pipeline)),
    ):
        for _ in range(rounds):
            for name, func in phase:
                gc.collect()
                started = time.perf_counter()
                counts[name] = func()
                times[name].append(time.perf_counter() - started)
    raw_seconds = statistics.median(times["raw"])
    pipeline_seconds = statistics.median(times["pipeline"])
    uncached_seconds = statistics.median(times["uncached"])
    words, tokens = counts["raw"], counts["pipeline"]

    fresh_raw_seconds = statistics.median(times["fresh raw"])
    fresh_seconds = statistics.median(times["fresh"])
    return {
        "fresh_chars": fresh_chars,
        "fresh_source": fresh_source,
        "fresh_paragraphs": len(fresh),
        "fresh_raw_cps": fresh_chars / fresh_raw_seconds,
        "fresh_raw_seconds": fresh_raw_seconds,
        "fresh_seconds": fresh_seconds,
        "fresh_cps": fresh_chars / fresh_seconds,
        "bytes": len(text.encode("utf-8")),
        "chars": len(simplified),
        "paragraphs": len(paragraphs),
        "pipeline_chars": pipeline_chars,
        "t2s_seconds": t2s_seconds,
        "raw_words": words,
        "raw_seconds": raw_seconds,
        "raw_cps": len(simplified) / raw_seconds,
        "pipeline_tokens": tokens,
        "pipeline_seconds": pipeline_seconds,
        "pipeline_cps": pipeline_chars / pipeline_seconds,
        "uncached_seconds": uncached_seconds,
        "uncached_cps": pipeline_chars / uncached_seconds,
        "rounds": rounds,
        "times": times,
    }


def report(r: dict) -> str:
    rows = [
        ["(a) raw jieba.cut, HMM on", f"{r['raw_seconds']:.2f} s", f"{r['raw_cps']:,.0f}", "1.00"],
        [
            "(b) pipeline, as is",
            f"{r['pipeline_seconds']:.2f} s",
            f"{r['pipeline_cps']:,.0f}",
            f"{r['pipeline_cps'] / r['raw_cps']:.2f}",
        ],
        [
            "(b) pipeline, t2s cache cleared per paragraph",
            f"{r['uncached_seconds']:.2f} s",
            f"{r['uncached_cps']:,.0f}",
            f"{r['uncached_cps'] / r['raw_cps']:.2f}",
        ],
        [
            "(c) raw jieba.cut, distinct real text",
            f"{r['fresh_raw_seconds']:.2f} s",
            f"{r['fresh_raw_cps']:,.0f}",
            "1.00",
        ],
        [
            "(c) pipeline, distinct real text, caches emptied",
            f"{r['fresh_seconds']:.2f} s",
            f"{r['fresh_cps']:,.0f}",
            f"{r['fresh_cps'] / r['fresh_raw_cps']:.2f}",
        ],
    ]
    head = (
        f"Annotation throughput: {r['bytes'] / 1e6:.2f} MB = {r['chars']:,} characters, "
        f"{r['paragraphs']:,} paragraphs (texts/deepseek.txt repeated)\n"
        f"one-off t2s conversion of the whole text: {r['t2s_seconds']:.2f} s "
        f"({r['chars'] / r['t2s_seconds']:,.0f} chars/s)\n"
        f"raw jieba: {r['raw_words']:,} words; pipeline: {r['pipeline_tokens']:,} tokens\n"
        f"(c): the {r['fresh_paragraphs']:,} paragraphs ({r['fresh_chars']:,} characters) of "
        f"{r['fresh_source']}, as simplified; the pipeline starts each round with every "
        "cache emptied (Annotator.forget), jieba with a new tokenizer\n"
        f"median of {r['rounds']} interleaved rounds; all rounds (s): "
        + "; ".join(f"{k} " + ", ".join(f"{t:.2f}" for t in v) for k, v in r["times"].items())
        + "\n"
    )
    return head + table(rows, ["measurement", "time", "chars/s", "pipeline/raw"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench annotate")
    parser.add_argument(
        "--bytes",
        type=int,
        default=TARGET_BYTES,
        help="size of the text in UTF-8 bytes (default 1 MB)",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds; medians are reported (default 3)"
    )
    args = parser.parse_args(argv)
    with temporary_home() as home, reader_home_env(home):  # jieba's cache goes there
        result = measure(args.bytes, args.rounds)
    print(report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
