"""Pinyin of polyphones in context, on the dev split of CPP (issue 17).

`../shared/data/cpp-dev/` (or CPP_DEV=folder): `dev.sent` holds one simplified
sentence a line with one polyphonic character between two U+2581 marks; `dev.lb` its
reading in tone numbers (`xing2`, `le5`, `lu:4`). In one run:

  (a) this project: `Annotator(bundled_glossary()).annotate(sentence)`, the syllable of
      the token covering the marked character;
  (b) pypinyin alone: `pypinyin.pinyin(sentence)` (its phrase dictionary, no jieba);
  (c) g2pM alone, the context model the project asks about the characters its tables
      leave open (trained on CPP's train split, so at home here);

each as plain accuracy, accuracy weighted by how common each character is (its count
in jieba's dictionary, summed over the words it is in: a proxy for running text, where
了 and 的 are met far more often than 艮), the same with a neutral tone where CPP writes
the citation tone counted as right (CPP writes 知识 zhī shí, 衣服 yī fú; CC-CEDICT and
the project zhī shi, yī fu: a convention, shown apart), and time per 1,000 sentences.

    python -m bench pinyin [--limit N] [--misses K]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/pinyin.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._util import REPO, table

MARK = "\u2581"


def data_folder() -> Path:
    return Path(os.environ.get("CPP_DEV", REPO.parent / "shared" / "data" / "cpp-dev"))


def load(folder: Path, limit: int | None = None) -> list[tuple[str, int, str]]:
    """(sentence without marks, index of the polyphone, its reading as CPP writes it)."""
    sentences = (folder / "dev.sent").read_text("utf-8").splitlines()
    labels = (folder / "dev.lb").read_text("utf-8").splitlines()
    out = []
    for line, label in zip(sentences, labels, strict=True):
        start = line.index(MARK)
        end = line.index(MARK, start + 1)
        assert end == start + 2, line
        out.append((line.replace(MARK, ""), start, label.strip()))
    return out[:limit] if limit else out


def cpp_form(syllable: str) -> str:
    """A syllable with tone marks as CPP writes it: lǜ -> lu:4, de -> de5."""
    from reader.lang.pinyin import to_numbers

    numbered = to_numbers(unicodedata.normalize("NFC", syllable)).lower()
    return numbered.replace("ü", "u:")


def char_weights() -> dict[str, float]:
    """How common each character is: jieba's dictionary counts, summed per character."""
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    counts: Counter[str] = Counter()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                for ch in parts[0]:
                    counts[ch] += int(parts[1])
    return dict(counts)


def project_reader():
    from reader.lang.annotate import Annotator
    from reader.lang.glossary import bundled_glossary

    annotator = Annotator(bundled_glossary())
    annotator.annotate("预热一下。")

    def read(sentence: str, index: int) -> str:
        for token in annotator.annotate(sentence):
            if token.start <= index < token.end:
                hans = [i for i in range(token.start, token.end) if _is_han(sentence[i])]
                if index in hans and len(token.pinyin) == len(hans):
                    return token.pinyin[hans.index(index)]
                return ""
        return ""

    return read


def pypinyin_reader():
    from pypinyin import Style, pinyin

    def read(sentence: str, index: int) -> str:
        result = pinyin(sentence, style=Style.TONE, errors=lambda chunk: list(chunk))
        flat = [item[0] for item in result]
        # errors keep non-Han runs as one item per character, so indices line up
        return flat[index] if len(flat) == len(sentence) else ""

    return read


def g2pm_reader():
    try:
        from reader.lang.context_model import context_readings
    except ImportError:  # a baseline from before the model
        return None

    def read(sentence: str, index: int) -> str:
        found = context_readings(sentence)  # CPP's sentences: one each
        return found[index] if found else ""

    return read


def _is_han(ch: str) -> bool:
    from reader.text.chars import is_han

    return is_han(ch)


def score(name, read, data, weights, misses: int):
    right = 0
    weighted_right = weighted_total = 0.0
    lenient = 0.0
    wrong: list[tuple[str, str, str]] = []
    by_char: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    started = time.perf_counter()
    for sentence, index, label in data:
        got = cpp_form(read(sentence, index))
        ok = got == label
        # a neutral tone where CPP writes a citation tone: the convention, not a miss
        same = ok or (got.endswith("5") and got[:-1] == label[:-1])
        weight = weights.get(sentence[index], 1.0)
        right += ok
        weighted_total += weight
        weighted_right += weight * ok
        lenient += weight * same
        by_char[sentence[index]][0] += ok
        by_char[sentence[index]][1] += 1
        if not ok and len(wrong) < misses:
            wrong.append(
                (sentence[:index] + "[" + sentence[index] + "]" + sentence[index + 1 :], label, got)
            )
    seconds = time.perf_counter() - started
    return {
        "name": name,
        "accuracy": right / len(data),
        "weighted": weighted_right / weighted_total,
        "lenient": lenient / weighted_total,
        "per_1000": seconds / len(data) * 1000,
        "wrong": wrong,
        "by_char": by_char,
    }


def run(limit: int | None = None, misses: int = 0) -> list[dict]:
    folder = data_folder()
    if not (folder / "dev.sent").exists():
        print(f"no CPP dev split at {folder} (set CPP_DEV)")
        return []
    data = load(folder, limit)
    weights = char_weights()
    print(f"CPP dev: {len(data)} sentences from {folder}")
    results = [
        score("this project", project_reader(), data, weights, misses),
        score("pypinyin alone", pypinyin_reader(), data, weights, misses),
    ]
    model = g2pm_reader()
    if model is not None:
        results.append(score("g2pM alone", model, data, weights, misses))
    rows = [
        (
            r["name"],
            f"{r['accuracy']:.2%}",
            f"{r['weighted']:.2%}",
            f"{r['lenient']:.2%}",
            f"{r['per_1000']:.2f} s",
        )
        for r in results
    ]
    heads = (
        "system",
        "accuracy",
        "weighted by char frequency",
        "weighted, neutral tone as CPP's citation tone",
        "per 1,000 sentences",
    )
    print(table(rows, heads))
    for r in results[:1]:
        for sentence, label, got in r["wrong"]:
            print(f"  {label:>8} got {got or '-':<8} {sentence}")
    return results


def gold_sets() -> list[tuple[str, int, int, dict[str, list[int]]]]:
    """The real-text gold sets of tests/data (each sentence with its source) and the
    general one: (name, right, total), every occurrence of the word in its sentence
    read as the gold says."""
    import tomllib

    from reader.annotated.document import default_annotator
    from reader.lang.pinyin import simplified_form

    annotator = default_annotator()
    out = []
    for name, file in (
        ("real published sentences", "pinyin_gold_news.toml"),
        ("general sentences", "pinyin_gold_general.toml"),
        ("second development set (tuned on)", "pinyin_gold_dev2.toml"),
        ("held-out real sentences (never tuned on)", "pinyin_gold_heldout.toml"),
        ("third development set (tuned on)", "pinyin_gold_dev3.toml"),
        ("fourth development set (tuned on)", "pinyin_gold_dev4.toml"),
    ):
        path = REPO / "tests" / "data" / file
        items = tomllib.loads(path.read_text("utf-8"))["word"]
        right = 0
        scripts: dict[str, list[int]] = {"simplified": [0, 0], "traditional": [0, 0]}
        for item in items:
            sentence, word = item["sentence"], item["text"]
            want = unicodedata.normalize("NFC", item["pinyin"]).split()
            syllables = [
                (t.start + i, s)
                for t in annotator.annotate(sentence)
                for i, s in enumerate(t.pinyin)
                if len(t.pinyin) == t.end - t.start
            ]
            at = dict(syllables)
            starts = [i for i in range(len(sentence)) if sentence.startswith(word, i)]
            ok = all([at.get(start + k, "") for k in range(len(word))] == want for start in starts)
            right += ok
            script = "traditional" if simplified_form(sentence) != sentence else "simplified"
            scripts[script][0] += ok
            scripts[script][1] += 1
        out.append((name, right, len(items), dict(scripts)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, help="only the first N sentences")
    parser.add_argument("--misses", type=int, default=0, help="print K misses of the project")
    args = parser.parse_args(argv)
    run(args.limit, args.misses)
    print("\nGold sets (tests/data; the real published sentences each name their source):")
    for name, right, total, scripts in gold_sets():
        parts = ", ".join(f"{script} {ok}/{n}" for script, (ok, n) in scripts.items() if n)
        print(f"  {name:<42} {right}/{total} = {right / total:.1%}  ({parts})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
