"""The `reader` command group and its entry point.

Every ReaderError becomes one line on stderr and exit status 2, never a traceback; so
do click's usage errors (`run`).
"""

from __future__ import annotations

import importlib
import sys

import click

from reader import paths
from reader.safe import for_terminal

# Each command's module is imported when that command runs, so `reader lookup` does not
# load the app and `reader --version` loads nothing but this module.
COMMANDS = {
    "read": "reader.cli.read:read",
    "annotate": "reader.cli.texts:annotate",
    "export": "reader.cli.texts:export_handout",
    "glossary": "reader.cli.glossary:glossary",
    "lookup": "reader.cli.glossary:lookup",
    "vocab": "reader.cli.study:vocab",
    "stats": "reader.cli.study:stats",
    "progress": "reader.cli.study:progress",
    "review": "reader.cli.study:review",
    "assign": "reader.cli.teacher:assign",
    "report": "reader.cli.teacher:report",
}


class ReaderGroup(click.Group):
    """Commands loaded on use; `reader TEXT` means `reader read TEXT` when TEXT is not a
    command."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            module, _, attribute = COMMANDS[name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command)
            self.add_command(command, name)
        return super().get_command(ctx, name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        known = {*COMMANDS, *self.commands}
        reading = args and args[0].split("=")[0] in ("--domain", "--student")
        if reading or (args and args[0] not in known and not args[0].startswith("-")):
            args = ["read", *args]
        return super().parse_args(ctx, args)


@click.group(
    cls=ReaderGroup,
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
        read = main.get_command(ctx, "read")
        assert read is not None
        ctx.invoke(read, text=None)


@click.command("paths")
def show_paths() -> None:
    """Show where reader keeps settings, progress and caches (READER_HOME moves them)."""
    # only said, not created: a look at the paths writes nothing
    click.echo(f"settings: {paths.where('config') / 'settings.toml'}")
    click.echo(f"progress: {paths.where('data') / 'progress.sqlite3'}")
    click.echo(f"cache:    {paths.where('cache')}")


main.add_command(show_paths)


def _utf8_arguments() -> None:
    """Under a non-UTF-8 locale (LC_ALL=C, a Latin-1 one) Python decodes the arguments
    with surrogate escapes (估值 arrives as '\\udce4…'): the bytes are UTF-8 (a shell
    passes them on as typed), so they are decoded as UTF-8 again. Output the terminal
    cannot show is written as escapes, after one line that says how to fix it."""
    import os

    sys.argv = [
        os.fsencode(a).decode("utf-8", "replace")
        if any("\udc80" <= c <= "\udcff" for c in a)
        else a
        for a in sys.argv
    ]
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding and encoding not in ("utf8", "utf16", "utf32", "gb18030"):
        for stream in (sys.stdout, sys.stderr):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")
        click.echo(
            f"reader: warning: the terminal's encoding ({sys.stdout.encoding}) cannot "
            "show Chinese; use a UTF-8 locale (for example LANG=C.UTF-8)",
            err=True,
        )


def run() -> None:
    """The `reader` command: click's usage errors become one line and exit status 2,
    like every other error."""
    _utf8_arguments()
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
        click.echo(for_terminal(f"reader: {exc.format_message()}{hint}"), err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(for_terminal(f"reader: {exc.format_message()}"), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.exit(1)
    except paths.NoHome as exc:
        click.echo(for_terminal(f"reader: {exc}"), err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
