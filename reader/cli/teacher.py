"""`reader assign` and `reader report`: the teacher's side."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from reader.cli.common import echo, format_option, pinyin_mode_option, script_option, user_errors
from reader.errors import ReaderError
from reader.safe import for_terminal
from reader.study.assignment import Rules, load_assignment, make_assignment
from reader.study.report import (
    LEGEND,
    Report,
    load_report,
    minutes,
    read_roster,
    report_csv,
    report_json,
    report_markdown,
)
from reader.study.results import result_folders


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
    "--feedback",
    type=click.Choice(["immediate", "after"]),
    default="immediate",
    show_default=True,
    help="'after': students see no right or wrong answers; only your report grades.",
)
@click.option(
    "--results-folder",
    help="A class folder (shared or synced) where students' readers write their results.",
)
@click.option(
    "--bundle",
    is_flag=True,
    help="Put the assigned sections, their questions and (if allowed) translation inside the file.",
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
    feedback: str,
    results_folder: str | None,
    bundle: bool,
) -> None:
    """Write an assignment of TEXT's sections for students (`reader FILE` opens it)."""
    rules = Rules(script, pinyin, hsk_level, not no_translation, feedback)
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
        results_folder=results_folder,
    )
    made = load_assignment(written[0])
    echo(
        f"{written[0]}: '{made.title}', "
        f"{'sections' if len(made.sections) > 1 else 'section'} "
        f"{', '.join(map(str, made.sections))}, "
        f"{len(made.questions)} questions. Students open it with: reader {written[0]}"
    )
    empty = [n for n in made.sections if not any(q.section == n for q in made.questions)]
    if empty:
        listed = ", ".join(map(str, empty))
        echo(
            f"note: no questions for section{'s' if len(empty) > 1 else ''} {listed}: "
            "students will read and look up words but have nothing to answer (questions "
            "go in NAME.questions.toml beside the text: see the README)",
            err=True,
        )
    if len(written) > 1:
        echo(
            f"{written[1]}: the teacher's copy, with the answers: keep it, and grade with "
            f"reader report --assignment {written[1]}"
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
@click.option(
    "--roster",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A file with one student per line: lists who has not submitted.",
)
@format_option("text", "csv", "json", "markdown")
@user_errors
def report(results: tuple[Path, ...], assignment_file: Path, roster: Path | None, fmt: str) -> None:
    """Grade and summarise students' RESULTS (files or folders; by default the
    assignment's class folder and the data folder's results/) for the assignment they
    were given."""
    assignment = load_assignment(assignment_file)
    if not assignment.has_answers:
        raise ReaderError(
            "is the students' copy (it has no answers): grade with the teacher's copy "
            "(NAME.teacher.toml)",
            assignment_file,
        )
    names = read_roster(roster) if roster else None
    found = load_report(list(results) or result_folders(assignment), assignment, roster=names)
    for note in found.notes:
        echo(f"note: {for_terminal(note)}", err=True)
    if fmt == "json":
        echo(report_json(found))
    elif fmt == "csv":
        echo(report_csv(found), nl=False)
    elif fmt == "markdown":
        echo(report_markdown(found), nl=False)
    else:
        # piped to a file: as wide as the tables need, not 80 columns
        console = Console() if sys.stdout.isatty() else Console(width=250)
        for table in report_tables(found, console.width):
            console.print(table)


def _cell(text: str) -> Text:
    return Text(for_terminal(text))


def report_tables(report: Report, width: int = 250) -> list[Table | Text]:
    """Rich renderables for the terminal (text from files enters as Text, not markup)."""
    due = f" · due {report.due}" if report.due else ""
    students = Table(title=_cell(f"{report.title} ({report.assignment_id}){due}"))
    heads = ["Student", "First try", "Final", "Answered", "Attempts"]
    heads += [f"s{n}" for n in report.sections] + ["Started", "Finished", "Late"]
    for column in heads:
        students.add_column(column, no_wrap=column == "Student")
    for s in report.students:
        students.add_row(
            _cell(s.name),
            f"{s.first}/{s.total}",
            f"{s.final}/{s.total}",
            f"{s.answered}/{s.total}",
            str(s.attempts),
            *(minutes(s.result.sections.get(n, 0.0)) for n in report.sections),
            _cell(short_time(s.result.started)),
            _cell(short_time(s.result.finished)),
            {None: "", True: "late", False: "on time"}[s.late],
        )
    for name in report.missing:
        students.add_row(_cell(name), "not submitted", *[""] * (len(heads) - 2))
    numbers = {qid: n for n, qid in enumerate(report.question_ids, start=1)}
    # the grid in parts that fit the terminal: a name column and 5 cells a question
    name_width = max([len(s.name) for s in report.students] + [7])
    per_part = max(4, (width - min(name_width, 24) - 4) // 6)
    grids = []
    ids = list(report.question_ids)
    for start in range(0, len(ids), per_part):
        part = ids[start : start + per_part]
        title = "Answers: first try, then later tries"
        if len(ids) > per_part:
            title += f" (Q{start + 1}-Q{start + len(part)})"
        grid = Table(title=title)
        grid.add_column("Student", no_wrap=True, max_width=24)
        for qid in part:
            grid.add_column(f"Q{numbers[qid]}", justify="center", no_wrap=True)
        for s in report.students:
            grid.add_row(_cell(s.name), *s.marks[start : start + len(part)])
        grids.append(grid)
    questions = Table(title="Questions, most missed first")
    for column in ("Q", "Question", "Prompt", "First try", "Final", "Most common wrong answer"):
        questions.add_column(column)
    for q in report.questions:
        wrong = f"{q.common_wrong} ({q.common_wrong_count})" if q.common_wrong else ""
        questions.add_row(
            f"Q{numbers[q.question]}",
            _cell(q.question),
            _cell(q.prompt),
            f"{q.right}/{q.answered} ({q.share:.0%})" if q.answered else "no answers",
            f"{q.final_right}/{q.answered}",
            _cell(wrong),
        )
    words = Table(title="Most looked-up words")
    for column in ("Word", "Look-ups", "Students"):
        words.add_column(column)
    for word, n, who in report.words[:15]:
        words.add_row(_cell(word), str(n), str(who))
    tables: list[Table | Text] = [students, *grids, Text(LEGEND, style="dim"), questions]
    return tables + ([words] if report.words else [])


def short_time(value: str | None) -> str:
    """An ISO time as the teacher's local 'YYYY-MM-DD HH:MM'."""
    if not value:
        return ""
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%Y-%m-%d %H:%M")
