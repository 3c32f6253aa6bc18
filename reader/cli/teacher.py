"""`reader assign` and `reader report`: the teacher's side."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from reader import paths
from reader.cli.common import echo, format_option, pinyin_mode_option, script_option, user_errors
from reader.safe import for_terminal
from reader.study.assignment import Rules, load_assignment, make_assignment
from reader.study.report import (
    Report,
    load_report,
    minutes,
    report_csv,
    report_json,
    report_markdown,
)


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
@script_option(default=None, help="Fix the script.")
@pinyin_mode_option(help="Fix the pinyin mode.")
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
    echo(
        f"{written}: '{made.title}', sections {', '.join(map(str, made.sections))}, "
        f"{len(made.questions)} questions. Students open it with: reader {written}"
    )


@click.command()
@click.argument("results", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--assignment",
    "assignment_file",
    required=True,
    type=click.Path(path_type=Path),
    help="The assignment the results are for: every answer is graded by it.",
)
@format_option("text", "csv", "json", "markdown")
@user_errors
def report(results: tuple[Path, ...], assignment_file: Path, fmt: str) -> None:
    """Grade and summarise students' RESULTS (files or folders; the data folder's
    results/ by default) for the assignment they were given."""
    assignment = load_assignment(assignment_file)
    found = load_report(list(results) or [paths.data_dir() / "results"], assignment)
    for note in found.notes:
        echo(f"note: {for_terminal(note)}", err=True)
    if fmt == "json":
        echo(report_json(found))
    elif fmt == "csv":
        echo(report_csv(found), nl=False)
    elif fmt == "markdown":
        echo(report_markdown(found), nl=False)
    else:
        console = Console()
        for table in report_tables(found):
            console.print(table)


def report_tables(report: Report) -> list[Table]:
    """Rich renderables for the terminal (text from files enters as Text, not markup)."""
    students = Table(title=Text(for_terminal(f"{report.title} ({report.assignment_id})")))
    for column in ("Student", "Right", "Answered", "Time"):
        students.add_column(column)
    for r in report.students:
        students.add_row(
            Text(for_terminal(r.student)),
            f"{r.right}/{r.total}",
            f"{len(r.answers)}/{r.total}",
            minutes(r.seconds),
        )
    questions = Table(title="Questions, most missed first")
    for column in ("Question", "Right", "Most common wrong answer"):
        questions.add_column(column)
    for q in report.questions:
        wrong = f"{q.common_wrong} ({q.common_wrong_count})" if q.common_wrong else ""
        questions.add_row(
            Text(for_terminal(q.question)),
            f"{q.right}/{q.answered} ({q.share:.0%})",
            Text(for_terminal(wrong)),
        )
    words = Table(title="Most looked-up words")
    for column in ("Word", "Look-ups", "Students"):
        words.add_column(column)
    for word, n, s in report.words[:15]:
        words.add_row(Text(for_terminal(word)), str(n), str(s))
    return [students, questions, words]
