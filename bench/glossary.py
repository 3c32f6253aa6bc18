"""Glossary coverage on real news (issue 12): of the terms a learner would want explained,
the share the reader marks as glossary terms.

`python -m bench glossary [--missing] [--split dev|heldout|all] [--glossary DIR]`.

The corpus is bench/corpus/glossary/: 60 real published articles (excerpts, each with
its source), and per article the terms a learner would want explained, chosen from the
text alone (its README says how). Each article is opened as the reader opens it
(`load_document`) and annotated by the pipeline with the bundled glossary (or the
glossary files of DIR). An occurrence of a term is marked when it lies inside one token
that carries a glossary entry, or is exactly a run of such tokens; a term is covered
when its first occurrence is marked (the reader shows that one first). A term the
glossary lacks but the annotator finds as a name (a person's, a firm's) is counted apart,
in "with names": the popup explains it as a name, not as a glossary entry. The 15 held-out
articles are the ones not to tune on: they are reported on their own.
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

from bench._util import REPO, table

CORPUS = REPO / "bench" / "corpus" / "glossary"


def _spans(tokens, names: bool = False) -> list[tuple[int, int, bool]]:
    """(start, end, marked) per token: marked by the glossary (or, with `names`, also
    as a name the annotator found in the text)."""
    out, at = [], 0
    for token in tokens:
        out.append((at, at + len(token.text), token.term is not None or (names and token.name)))
        at += len(token.text)
    return out


def marked(spans: list[tuple[int, int, bool]], start: int, end: int) -> bool:
    """Is text[start:end] inside one glossary token, or exactly a run of them?"""
    inside = [(a, b, term) for a, b, term in spans if a < end and b > start]
    if not inside or not all(term for _, _, term in inside):
        return False
    if len(inside) == 1:
        return True
    return inside[0][0] == start and inside[-1][1] == end


def _first_marked(annotated: list[tuple[str, list]], term: str) -> bool:
    for text, spans in annotated:
        at = text.find(term)
        if at >= 0:
            return marked(spans, at, at + len(term))
    return False


def measure(split: str, glossary_dir: Path | None) -> list[dict]:
    from reader.lang.annotate import Annotator
    from reader.lang.glossary import bundled_glossary, load_glossary
    from reader.lang.pinyin import simplified_form
    from reader.text.loader import load_document

    glossary = load_glossary(glossary_dir) if glossary_dir else bundled_glossary()
    annotator = Annotator(glossary)
    data = tomllib.loads((CORPUS / "terms.toml").read_text("utf-8"))
    rows = []
    for stem, entry in sorted(data.items()):
        if split != "all" and entry["split"] != split:
            continue
        doc = load_document(CORPUS / f"{stem}.txt")
        blocks = [doc.title, *(p.text for p in doc.paragraphs())]
        tokens = [(text, annotator.annotate(text)) for text in blocks]
        annotated = [(text, _spans(found)) for text, found in tokens]
        with_names = [(text, _spans(found, names=True)) for text, found in tokens]
        covered, missing, named = [], [], []
        for term in entry["terms"]:
            (covered if _first_marked(annotated, term) else missing).append(term)
            if _first_marked(with_names, term) and term in missing:
                named.append(term)
        unmarked = [
            t for t in missing if t not in named and glossary.match(simplified_form(t)) is not None
        ]
        rows.append(
            {
                "stem": stem,
                "unmarked": len(unmarked),
                "split": entry["split"],
                "script": doc.script,
                "terms": len(entry["terms"]),
                "covered": len(covered),
                "named": len(named),
                "missing": [t for t in missing if t not in named],
            }
        )
    return rows


def _share(covered: int, total: int) -> str:
    return f"{100 * covered / total:.1f}%" if total else "-"


def report(rows: list[dict], show_missing: bool) -> str:
    lines = [
        table(
            [
                [r["stem"], r["split"], r["script"][:4], r["terms"], r["covered"]]
                + [_share(r["covered"], r["terms"]), r["named"]]
                + [_share(r["covered"] + r["named"], r["terms"])]
                for r in rows
            ],
            ["article", "split", "script", "terms", "marked", "coverage", "names", "with names"],
        ),
        "",
    ]
    summary = []
    for label, pick in (
        ("dev", lambda r: r["split"] == "dev"),
        ("held out", lambda r: r["split"] == "heldout"),
        ("traditional", lambda r: r["script"] == "traditional"),
        ("simplified", lambda r: r["script"] == "simplified"),
        ("all", lambda r: True),
    ):
        chosen = [r for r in rows if pick(r)]
        terms = sum(r["terms"] for r in chosen)
        covered = sum(r["covered"] for r in chosen)
        named = sum(r["named"] for r in chosen)
        unmarked = sum(r["unmarked"] for r in chosen)
        if chosen:
            summary.append(
                [label, len(chosen), terms, covered, _share(covered, terms)]
                + [named, _share(covered + named, terms), unmarked]
            )
    lines.append(
        table(
            summary,
            ["articles", "n", "terms", "marked", "coverage", "names", "with names", "cut"],
        )
    )
    lines.append(
        "(marked: by a glossary entry; names: not in the glossary, but found in the text "
        "as a person's or a firm's name, shown as one and explained as a name; cut: missed "
        "though the glossary has the term: the text's words run across it)"
    )
    if show_missing:
        lines.append("")
        for r in rows:
            if r["missing"]:
                lines.append(f"{r['stem']}: {' '.join(r['missing'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench glossary", description=__doc__)
    parser.add_argument("--missing", action="store_true", help="list the terms not marked")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--glossary", type=Path, help="a folder of glossary files instead")
    args = parser.parse_args(argv)
    from reader.lang.glossary import bundled_glossary, load_glossary

    count = len(load_glossary(args.glossary) if args.glossary else bundled_glossary())
    print(
        "Glossary coverage of the terms a learner would want explained "
        f"(bench/corpus/glossary; a glossary of {count} entries)"
    )
    print(report(measure(args.split, args.glossary), args.missing))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
