"""The `reader` command group and its entry point.

Every ReaderError becomes one line on stderr and exit status 2, never a traceback; so
do click's usage errors (`run`).
"""

from __future__ import annotations

import sys

import click

from reader import paths
from reader.cli.glossary import glossary, lookup
from reader.cli.study import stats, vocab
from reader.cli.teacher import assign, report
from reader.cli.texts import annotate, export_handout, read


class DefaultGroup(click.Group):
    """`reader TEXT` means `reader read TEXT` when TEXT is not a subcommand."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["read", *args]
        return super().parse_args(ctx, args)


@click.group(
    cls=DefaultGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="reader")
@click.pass_context
def main(ctx: click.Context) -> None:
    """A bilingual Chinese reading assistant for the terminal.

    `reader` opens the library; `reader TEXT` opens a bundled text by id (deepseek)
    or any Chinese text file.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(read, text=None)


@click.command("paths")
def show_paths() -> None:
    """Show where reader keeps settings, progress and caches (READER_HOME moves them)."""
    click.echo(f"settings: {paths.settings_file()}")
    click.echo(f"progress: {paths.progress_db()}")
    click.echo(f"cache:    {paths.cache_dir()}")


for command in (
    read,
    annotate,
    export_handout,
    glossary,
    lookup,
    vocab,
    stats,
    assign,
    report,
    show_paths,
):
    main.add_command(command)


def run() -> None:
    """The `reader` command: click's usage errors become one line and exit status 2,
    like every other error."""
    try:
        code = main.main(standalone_mode=False)
    except click.UsageError as exc:
        hint = (
            f" (see `reader {exc.ctx.command_path.partition(' ')[2]} --help`)".replace(
                "reader  ", "reader "
            )
            if exc.ctx
            else ""
        )
        click.echo(f"reader: {exc.format_message()}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"reader: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
