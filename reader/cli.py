"""The command line: `reader [TEXT]` opens the reader; subcommands do the rest.

Every ReaderError becomes one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from reader.cli_common import user_errors
from reader.cli_glossary import glossary, lookup
from reader.cli_study import stats, vocab
from reader.cli_teacher import assign, report

SCRIPT_CHOICE = click.Choice(["original", "simplified", "traditional", "taiwan", "hongkong"])
PINYIN_CHOICE = click.Choice(["marks", "numbers", "zhuyin"])


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


@main.command()
@click.argument("text", required=False)
@user_errors
def read(text: str | None) -> None:
    """Open TEXT (a bundled id or a file) in the reader, or the library without TEXT."""
    from reader.tui.launch import run_reader

    run_reader(text)


def _open_annotated(text: str):
    from reader.lang.document import open_annotated
    from reader.text.library import open_text

    return open_annotated(open_text(text))


@main.command()
@click.argument("text")
@click.option("--script", type=SCRIPT_CHOICE, default="original", show_default=True)
@click.option("--pinyin", "style", type=PINYIN_CHOICE, default="marks", show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@user_errors
def annotate(text: str, script: str, style: str, fmt: str) -> None:
    """Print TEXT segmented into words with pinyin and glossary ids."""
    from reader.lang.output import annotate_json, annotate_text

    adoc = _open_annotated(text)
    if fmt == "json":
        click.echo(json.dumps(annotate_json(adoc, script, style), ensure_ascii=False))
    else:
        click.echo(annotate_text(adoc, script, style), nl=False)


main.add_command(glossary)
main.add_command(lookup)
main.add_command(vocab)
main.add_command(stats)
main.add_command(assign)
main.add_command(report)


@main.command("paths")
def show_paths() -> None:
    """Show where reader keeps settings, progress and caches (READER_HOME moves them)."""
    from reader import paths

    click.echo(f"settings: {paths.settings_file()}")
    click.echo(f"progress: {paths.progress_db()}")
    click.echo(f"cache:    {paths.cache_dir()}")


@main.command("export")
@click.argument("text")
@click.option("--sections", help="Sections to include, e.g. 2,3 or 1-3 (default: all).")
@click.option(
    "--html",
    "html_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The page to write.",
)
@click.option("--script", type=SCRIPT_CHOICE, default="original", show_default=True)
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
    """Write a printable HTML handout of TEXT: pinyin ruby, glossary, questions."""
    from reader.study.handout import write_handout

    written = write_handout(
        text,
        html_path,
        sections=sections,
        script=script,
        pinyin=not no_pinyin,
        answer_key=answers == "separate",
    )
    click.echo(f"handout written to {written}")


def run() -> None:
    """The `reader` command: click's usage errors become one line and exit status 2,
    like every other error."""
    import sys

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
