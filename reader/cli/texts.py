"""`reader annotate` and `reader export`: the commands that write a text out."""

from __future__ import annotations

from pathlib import Path

import click

from reader.annotated.corrections_file import corrections_for
from reader.annotated.document import open_annotated
from reader.annotated.glossary_file import choose_glossary
from reader.annotated.output import annotate_json, annotate_text
from reader.cli.common import (
    domain_option,
    echo,
    format_option,
    glossary_choice,
    pinyin_style_option,
    script_option,
    user_errors,
)
from reader.safe import for_json
from reader.study.handout import write_handout
from reader.study.sources import OpenedAssignment, open_any, open_document


def _warn(problems: tuple[str, ...]) -> None:
    """A corrections file that could not be used: one line each, and the work goes on."""
    for problem in problems:
        echo(f"reader: warning: {problem}", err=True)


def _warn_about_corrections(name: str) -> None:
    """What a handout could not use: a bad corrections or glossary file beside the text."""
    opened = open_any(name)
    assignment = opened.assignment if isinstance(opened, OpenedAssignment) else None
    shipped = assignment.corrections if assignment else None
    _warn(corrections_for(opened.document, shipped).problems)
    glossary = assignment.glossary if assignment else None
    _warn(choose_glossary(opened.document, shipped=glossary).problems)


@click.command()
@click.argument("text")
@script_option()
@pinyin_style_option()
@format_option("text", "json")
@domain_option()
@user_errors
def annotate(text: str, script: str, style: str, fmt: str, domains: str | None) -> None:
    """Print TEXT segmented into words with pinyin and glossary ids (the glossary: your
    settings' domains and files, the text's NAME.glossary.toml)."""
    adoc = open_annotated(open_document(text), choice=glossary_choice(domains))
    _warn(adoc.problems)
    if fmt == "json":
        echo(for_json(annotate_json(adoc, script, style), indent=None))
    else:
        echo(annotate_text(adoc, script, style), nl=False)


@click.command("export")
@click.argument("text")
@click.option("--sections", help="Sections to include, e.g. 2,3 or 1-3 (default: all).")
@click.option(
    "--html",
    "html_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The page to write.",
)
@script_option()
@click.option("--no-pinyin", is_flag=True, help="The text without pinyin ruby.")
@click.option(
    "--answers",
    type=click.Choice(["separate", "omit"]),
    default="separate",
    show_default=True,
    help="Answer key on a separate page, or left out.",
)
@user_errors
def export_handout(
    text: str, sections: str | None, html_path: Path, script: str, no_pinyin: bool, answers: str
) -> None:
    """Write a printable HTML handout of TEXT: pinyin ruby, glossary, questions. For an
    assignment file: its sections and questions, a students' copy and a teacher's copy
    with the answer key (NAME.teacher.html)."""
    written = write_handout(
        text,
        html_path,
        sections=sections,
        script=script,
        pinyin=not no_pinyin,
        answer_key=answers == "separate",
    )
    _warn_about_corrections(text)
    if len(written) == 1:
        echo(f"handout written to {written[0]}")
    else:
        echo(f"handout written to {written[0]} (students), {written[1]} (teacher, with the key)")
