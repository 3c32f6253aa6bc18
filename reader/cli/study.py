"""`reader vocab` and `reader stats`."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from reader.annotated.corrections_file import learner_corrections
from reader.cli.common import echo, format_option, report_problem, user_errors
from reader.errors import ReaderError
from reader.safe import for_json
from reader.study.export import export_anki, export_csv, with_corrections
from reader.study.stats import all_stats
from reader.study.store import Store, VocabRow


@click.group()
def vocab() -> None:
    """Your vocabulary: the words added with `a` in a word popup."""


def _corrected(rows: list[VocabRow]) -> list[VocabRow]:
    """The words with the learner's reading corrections; a bad corrections file is
    one warning and the readings as saved."""
    loaded = learner_corrections()
    for problem in loaded.problems:
        echo(f"reader: warning: {problem}", err=True)
    return with_corrections(rows, loaded.corrections)


@vocab.command("list")
@format_option("text", "json")
@user_errors
def vocab_list(fmt: str) -> None:
    """List the saved words."""
    store = Store()
    rows = _corrected(store.vocabulary())
    report_problem(store.problem)
    if fmt == "json":
        words = [{**asdict(r), "known": int(r.known)} for r in rows]
        echo(for_json(words))
        return
    if not rows:
        echo("Your vocabulary is empty: add words with `a` in a word popup.")
    for row in rows:
        echo(f"{row.word}\t{row.pinyin}\t{row.english}" + ("\t(known)" if row.known else ""))


@vocab.command("export")
@click.option(
    "--anki",
    "anki",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write an Anki deck (.apkg).",
)
@click.option(
    "--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), help="Write a CSV file."
)
@click.option(
    "--include-known", is_flag=True, help="Export the words marked known too (left out by default)."
)
@user_errors
def vocab_export(anki: Path | None, csv_path: Path | None, include_known: bool) -> None:
    """Export the vocabulary to Anki (--anki FILE.apkg) and/or CSV (--csv FILE)."""
    if not anki and not csv_path:
        raise ReaderError("vocab export: give --anki FILE.apkg and/or --csv FILE")
    store = Store()
    every = _corrected(store.vocabulary())
    rows = [r for r in every if include_known or not r.known]
    report_problem(store.problem)
    if not every:
        raise ReaderError("your vocabulary is empty: add words with `a` in a word popup")
    if not rows:
        raise ReaderError("every word is marked known: --include-known exports them too")
    if anki:
        echo(f"{export_anki(rows, anki)} words written to {anki}")
    if csv_path:
        echo(f"{export_csv(rows, csv_path)} words written to {csv_path}")


@click.command()
@format_option("text", "json")
@user_errors
def stats(fmt: str) -> None:
    """Per text: sections read, questions answered and score, words looked up."""
    store = Store()
    found = all_stats(store)
    report_problem(store.problem)
    if fmt == "json":
        echo(for_json([asdict(s) for s in found]))
        return
    if not found:
        echo("No texts opened yet.")
    for s in found:
        total = s.sections if s.sections is not None else "?"
        echo(
            f"{s.title}\n  sections read {s.sections_read}/{total} · questions "
            f"{s.score} · words looked up {s.lookups} ({s.distinct_words} different)"
        )


@click.group()
def progress() -> None:
    """Your words and reading carried between machines: statuses, vocabulary, review
    cards and reading positions, as one JSON file (no account needed)."""


@progress.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@user_errors
def progress_export(file: Path) -> None:
    """Write your progress to FILE (JSON)."""
    from reader.study.progress import export_progress

    store = Store()
    counts = export_progress(store, file)
    report_problem(store.problem)
    echo(f"progress written to {file} ({_counted(counts)})")


@progress.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@user_errors
def progress_import(file: Path) -> None:
    """Merge FILE (from `reader progress export`, here or on another machine) into your
    progress: for each word and card the latest change wins; nothing is lost."""
    from reader.study.progress import import_progress

    store = Store()
    counts = import_progress(store, file)
    report_problem(store.problem)
    echo(f"progress merged from {file} ({_counted(counts)})")


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {key}" for key, n in counts.items())


@click.command()
@user_errors
def review() -> None:
    """Review the words you are learning (FSRS): the review screen, in the app."""
    from reader.tui.launch import run_reader

    run_reader(None, review=True)
