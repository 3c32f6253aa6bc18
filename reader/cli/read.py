"""`reader [TEXT]` (`reader read`): the library, a text or an assignment in the app."""

from __future__ import annotations

import click

from reader.annotated.glossary_file import parse_domains
from reader.cli.common import domain_option, user_errors


@click.command()
@click.argument("text", required=False)
@click.option(
    "--student",
    metavar="NAME",
    help="Your name for assignments (on a shared computer: the next student's own).",
)
@domain_option()
@user_errors
def read(text: str | None, student: str | None, domains: str | None) -> None:
    """Open TEXT (a bundled id or a file) in the reader, or the library without TEXT."""
    # The app (and Textual) only when it opens: `reader --help` loads every command
    # module to list them, and need not load the app for that.
    from reader.tui.launch import run_reader

    run_reader(text, student, parse_domains(domains) if domains is not None else None)
