"""`reader assign` and `reader report`: the teacher's side."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli_common import user_errors
from reader.lang.script import SCRIPTS
from reader.settings import PINYIN_MODES


@click.command()
@click.argument("text")
@click.option("--sections", required=True, help="Sections to assign: 2,3 or 1-3.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The assignment file to write (e.g. week3.toml).",
)
@click.option("--title", help="Title shown to students.")
@click.option("--note", default="", help="A note from the teacher.")
@click.option(
    "--questions",
    default="all",
    show_default=True,
    help="'all', or question ids separated by commas.",
)
@click.option("--due", help="Due date, YYYY-MM-DD.")
@click.option("--script", type=click.Choice(SCRIPTS), help="Fix the script.")
@click.option("--pinyin", type=click.Choice(PINYIN_MODES), help="Fix the pinyin mode.")
@click.option(
    "--hsk-level",
    type=click.IntRange(1, 7),
    help="With --pinyin level: pinyin only above this HSK level.",
)
@click.option("--no-translation", is_flag=True, help="Students may not show the English.")
@click.option(
    "--bundle", is_flag=True, help="Put the text, translation and questions inside the file."
)
@user_errors
def assign(
    text: str,
    sections: str,
    output: Path,
    title: str | None,
    note: str,
    questions: str,
    due: str | None,
    script: str | None,
    pinyin: str | None,
    hsk_level: int | None,
    no_translation: bool,
    bundle: bool,
) -> None:
    """Write an assignment of TEXT's sections for students (`reader FILE` opens it)."""
    from reader.study.assignment import Rules, load_assignment, make_assignment

    rules = Rules(script, pinyin, hsk_level, not no_translation)
    written = make_assignment(
        text,
        sections,
        output,
        title=title,
        note=note,
        questions=questions,
        due=due,
        rules=rules,
        bundle=bundle,
    )
    made = load_assignment(written)
    click.echo(
        f"{written}: '{made.title}', sections {', '.join(map(str, made.sections))}, "
        f"{len(made.questions)} questions. Students open it with: reader {written}"
    )


@click.command()
@click.argument("results", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--assignment",
    "assignment_file",
    type=click.Path(path_type=Path),
    help="Check the results against this assignment file.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "json", "markdown"]),
    default="text",
    show_default=True,
)
@user_errors
def report(results: tuple[Path, ...], assignment_file: Path | None, fmt: str) -> None:
    """Summarise students' RESULTS (files or folders) for one assignment."""
    from reader.study.assignment import load_assignment
    from reader.study.report import (
        load_report,
        report_csv,
        report_json,
        report_markdown,
        report_tables,
    )

    assignment = load_assignment(assignment_file) if assignment_file else None
    found = load_report(list(results) or [Path(".")], assignment)
    for note in found.notes:
        click.echo(f"note: {note}", err=True)
    if fmt == "json":
        click.echo(report_json(found))
    elif fmt == "csv":
        click.echo(report_csv(found), nl=False)
    elif fmt == "markdown":
        click.echo(report_markdown(found), nl=False)
    else:
        from rich.console import Console

        console = Console()
        for table in report_tables(found):
            console.print(table)
