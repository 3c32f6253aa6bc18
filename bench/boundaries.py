"""Word boundaries on real text: the share of multi-character tokens that are no word.

`python -m bench boundaries`. A token of two or more Han characters is "no word" when
no dictionary has it (CC-CEDICT, the reading tables, jieba's dictionary counted ten
times or more, the glossary): a word jieba's HMM made up. Names jieba makes up count
too (黄仁勋), so the share is an upper bound on the real boundary errors; the examples
printed let a reader judge. Measured with the re-cut of made-up words off and on, in
one run, on the real published sentences of tests/data/pinyin_gold_news.toml and the
bundled article's paragraphs.

Then the glossary's cost on general text: on CPP's dev sentences (Wikipedia), the glossary
terms whose edge falls inside a dictionary word of the cut made without the glossary (a
term that took a character from its neighbour: 年改|为 for 年|改为, 出|城投|降 for
出城|投降), with examples.
"""

from __future__ import annotations

import argparse
import tomllib
from collections import Counter

from bench._util import ARTICLE, REPO, reader_home_env, temporary_home

GOLD = REPO / "tests" / "data" / "pinyin_gold_news.toml"


def _texts() -> dict[str, list[str]]:
    data = tomllib.loads(GOLD.read_text("utf-8"))
    news = list(dict.fromkeys(w["sentence"] for w in data["word"]))
    article = [b for b in ARTICLE.read_text("utf-8").split("\n\n") if b.strip()]
    return {"news sentences": news, "the bundled article": article}


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser(prog="python -m bench boundaries").parse_args(argv or [])
    with temporary_home() as home, reader_home_env(home):
        from reader.annotated.document import default_annotator
        from reader.text.chars import has_han

        annotator = default_annotator()
        print("Multi-character tokens that no dictionary has (made-up words), off / on:")
        for name, texts in _texts().items():
            for fix in (False, True):
                annotator.fix_boundaries = fix
                total, odd = 0, Counter()
                for text in texts:
                    for token in annotator.annotate(text):
                        if len(token.simplified) >= 2 and has_han(token.text):
                            total += 1
                            if not annotator.is_word(token.simplified):
                                odd[token.text] += 1
                share = sum(odd.values()) / total if total else 0.0
                print(
                    f"  {name:<22} re-cut {'on ' if fix else 'off'}: {sum(odd.values()):4d} of "
                    f"{total:5d} ({share:.1%}); e.g. " + " ".join(w for w, _ in odd.most_common(12))
                )
        annotator.fix_boundaries = True
        _steals(annotator)


def _steals(annotator) -> None:
    from bench.pinyin import data_folder, load
    from reader.lang.annotate import Annotator
    from reader.lang.pinyin import is_dictionary_word
    from reader.safe import for_terminal

    folder = data_folder()
    if not (folder / "dev.sent").exists():
        return
    sentences = list(dict.fromkeys(sentence for sentence, _, _ in load(folder)))
    plain = Annotator(None)
    steals: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for sentence in sentences:
        words = [
            w
            for w in plain.annotate(sentence)
            if len(w.simplified) >= 2 and is_dictionary_word(w.simplified)
        ]
        for token in annotator.annotate(sentence):
            if token.term is None:
                continue
            for w in words:
                if w.start < token.start < w.end or w.start < token.end < w.end:
                    key = f"{token.simplified}({w.simplified})"
                    steals[key] += 1
                    examples.setdefault(key, sentence[max(0, w.start - 6) : w.end + 6])
    print(
        for_terminal(  # the sentences are data: no escape sequence reaches the terminal
            f"Glossary terms cutting into a dictionary word, CPP dev ({len(sentences)} "
            f"sentences of Wikipedia): {sum(steals.values())}; e.g. "
            + "; ".join(f"{k} in {examples[k]}" for k, _ in steals.most_common(8))
        )
    )


if __name__ == "__main__":
    main()
