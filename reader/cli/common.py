"""What the command modules share: the error handler and the options used by several
commands, each defined once with its choices taken from the constants of `lang`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from reader.annotated.glossary_file import GlossaryChoice, choice_in_settings, parse_domains
from reader.errors import ReaderError
from reader.lang.glossary import bundled_domains
from reader.lang.pinyin import PINYIN_MODES, PINYIN_STYLES
from reader.lang.script import SCRIPTS
from reader.safe import for_terminal

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(func: F) -> F:
    """Turn ReaderError (and a broken pipe) into a one-line message and exit status 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ReaderError as exc:
            click.echo(f"reader: {exc}", err=True)
            sys.exit(2)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


def format_option(*choices: str) -> Callable[[F], F]:
    """`--format` (stored as `fmt`), the first choice the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices or ("text", "json")),
        default=(choices or ("text",))[0],
        show_default=True,
        help="Output format.",
    )


def script_option(
    default: str | None = "original", help: str = "Script to show."
) -> Callable[[F], F]:
    return click.option(
        "--script",
        type=click.Choice(SCRIPTS),
        default=default,
        show_default=default is not None,
        help=help,
    )


def pinyin_style_option() -> Callable[[F], F]:
    """How syllables are written: tone marks, tone numbers or zhuyin."""
    return click.option(
        "--pinyin",
        "style",
        type=click.Choice(PINYIN_STYLES),
        default=PINYIN_STYLES[0],
        show_default=True,
        help="How pinyin is written.",
    )


def pinyin_mode_option(help: str) -> Callable[[F], F]:
    """What the reader shows over the text (an assignment rule)."""
    return click.option("--pinyin", type=click.Choice(PINYIN_MODES), help=help)


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """click.echo for text that holds anything from a file: controls made visible."""
    click.echo(for_terminal(text, one_line=False), err=err, nl=nl)


def report_problem(problem: str | None) -> None:
    """A damaged database moved aside, or a folder that cannot be written: say so."""
    if problem:
        echo(f"reader: {problem}", err=True)


def domain_option() -> Callable[[F], F]:
    """`--domain ai,chips`: only these domains of our glossary, for this command (the
    settings keep the learner's choice); stored as `domains`."""
    return click.option(
        "--domain",
        "domains",
        metavar="NAMES",
        help="Only these glossary domains, separated by commas: "
        + ", ".join(bundled_domains())
        + " (your own glossary files are always on).",
    )


def glossary_choice(domains: str | None) -> GlossaryChoice:
    """The learner's glossary choice from the settings (their own glossary files and
    domains), the domains replaced by `--domain`; ReaderError for a domain we lack."""
    choice, problems = choice_in_settings()
    for problem in problems:
        echo(f"reader: warning: {problem} (left out)", err=True)
    if domains is not None:
        choice = GlossaryChoice(parse_domains(domains), choice.files)
    return choice
