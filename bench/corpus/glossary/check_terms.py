"""Consistency check for terms.toml (see README, "Which terms are listed").

Run:  /work/main/.venv/bin/python bench/corpus/glossary/check_terms.py

Checks, and prints every problem found (exit status 1 if any):
  1. split rule: heldout iff NNN % 4 == 0;
  2. every term is a literal substring of its excerpt; no duplicates in an article;
  3. nesting: every listed term occurs at least once outside the longer terms listed
     for the same article (a term that only occurs inside a longer listed term must
     not be listed);
  4. cross-article: every term listed anywhere is listed in every other excerpt where
     it occurs on its own (outside that excerpt's longer listed terms), unless the pair
     is a documented non-occurrence in NOT_THE_SAME_WORD below;
  5. one token per kind: at most one "<n>nm" node, one TSMC "N<n>" node and one stock
     code per market suffix/kind in an article.

Latin-letter terms only match on ASCII-alphanumeric boundaries ("AI" does not occur
in "OpenAI", "5G" does not occur in "B5G", "LP" does not occur in "LPR").
"""

import pathlib
import re
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent

# (article number, term): why the substring match is not an occurrence of the term.
NOT_THE_SAME_WORD = {
    ("006", "新股"): "only inside 新股东 (new shareholder), not 新股 (new shares)",
    (
        "004",
        "國企",
    ): "only inside 跨國企業 (multinational enterprise), not 國企 (state-owned enterprise)",
    ("036", "新股"): "only inside 新股東 (new shareholder), not 新股 (new shares)",
    (
        "039",
        "产能",
    ): "only inside 生产能力 (生产 + 能力, production capability), not 产能 (capacity)",
    (
        "041",
        "國企",
    ): "only inside 美國企業 (American enterprises), not 國企 (state-owned enterprise)",
    (
        "008",
        "PE",
    ): (
        "only as private equity in the title's VC_PE (mirror artefact for VC/PE), "
        "not PE (price-earnings ratio)"
    ),
    (
        "050",
        "资本金",
    ): "only inside 投资本金 (投资 + 本金, invested principal), not 资本金 (capital)",
}


def _is_alnum(ch):
    return ch.isascii() and ch.isalnum()


def spans(text, term):
    """Occurrences of term in text as (start, end) pairs."""
    out = []
    i = text.find(term)
    while i >= 0:
        j = i + len(term)
        ok = True
        if _is_alnum(term[0]) and i > 0 and _is_alnum(text[i - 1]):
            ok = False
        if _is_alnum(term[-1]) and j < len(text) and _is_alnum(text[j]):
            ok = False
        if ok:
            out.append((i, j))
        i = text.find(term, i + 1)
    return out


def standalone(text, term, listed):
    """Occurrences of term not contained in an occurrence of a longer listed term."""
    cover = []
    for other in listed:
        if len(other) > len(term) and term in other:
            cover.extend(spans(text, other))
    return [(a, b) for a, b in spans(text, term) if not any(c <= a and b <= d for c, d in cover)]


KINDS = [
    ("process node <n>nm", re.compile(r"^\d+(\.\d+)?nm$")),
    ("TSMC node N<n>", re.compile(r"^N\d+$")),
    ("stock code .SH/.SZ", re.compile(r"^\d{6}\.S[HZ]$")),
    ("stock code -US", re.compile(r"^[A-Z]+-US$")),
    ("stock code -TW", re.compile(r"^\d{4}-TW$")),
    ("stock code, bare TW number", re.compile(r"^\d{4}$")),
]


def main():
    data = tomllib.loads((HERE / "terms.toml").read_text(encoding="utf-8"))
    texts = {s: (HERE / f"{s}.txt").read_text(encoding="utf-8") for s in data}
    problems = []
    for stem, entry in data.items():
        num = int(stem[:3])
        want = "heldout" if num % 4 == 0 else "dev"
        if entry["split"] != want:
            problems.append(f"{stem}: split {entry['split']!r}, rule says {want!r}")
        terms = entry["terms"]
        seen = set()
        for t in terms:
            if t in seen:
                problems.append(f"{stem}: duplicate {t!r}")
            seen.add(t)
            if t not in texts[stem]:
                problems.append(f"{stem}: {t!r} not in excerpt")
            elif not standalone(texts[stem], t, terms):
                problems.append(f"{stem}: {t!r} only occurs inside a longer listed term")
        for kind, rx in KINDS:
            hits = [t for t in terms if rx.match(t)]
            if len(hits) > 1:
                problems.append(f"{stem}: more than one {kind}: {hits}")
    union = sorted({t for e in data.values() for t in e["terms"]})
    where = {t: [s for s in data if t in data[s]["terms"]] for t in union}
    for t in union:
        for stem, entry in data.items():
            if t in entry["terms"]:
                continue
            if not standalone(texts[stem], t, entry["terms"]):
                continue
            if (stem[:3], t) in NOT_THE_SAME_WORD:
                continue
            problems.append(
                f"undecided: {t!r} occurs in {stem} but is listed only in "
                f"{', '.join(s[:3] for s in where[t])}"
            )
    for num, t in NOT_THE_SAME_WORD:
        stem = next(s for s in data if s.startswith(num))
        if not standalone(texts[stem], t, data[stem]["terms"]):
            problems.append(f"stale exception: {t!r} does not occur in {stem}")
    n = sum(len(e["terms"]) for e in data.values())
    print(
        f"{len(data)} articles, {n} terms, {len(union)} distinct, "
        f"{len(NOT_THE_SAME_WORD)} documented non-occurrences"
    )
    for p in problems:
        print(p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
