"""`reader glossary` and `reader lookup`."""

from __future__ import annotations

from pathlib import Path

import click

from reader import resources
from reader.annotated.glossary_file import choose_glossary
from reader.cli.common import domain_option, echo, format_option, glossary_choice, user_errors
from reader.errors import ReaderError
from reader.lang.glossary import (
    bundled_glossary,
    check_files,
    glossary_files,
    quality_problems,
)
from reader.lang.lookup import entry_json, entry_text, look_up, related_entries
from reader.safe import for_json


@click.command()
@click.argument("query", required=False)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option("text", "json")
@domain_option()
@user_errors
def glossary(query: str | None, paths: tuple[Path, ...], fmt: str, domains: str | None) -> None:
    """List the glossary (your settings' domains and own glossary files), show the entry
    for QUERY (a term in either script, pinyin with or without tones, an id or English),
    or `reader glossary check [FILES/FOLDERS]` to validate glossary files (ours by
    default; several are checked together; a file of your own may name our entries as
    related)."""
    if paths and query != "check":
        raise ReaderError(f"unexpected argument '{paths[0]}' (only `check` takes files)")
    if query == "check":
        files = _files(paths) if paths else glossary_files(resources.glossary_dir())
        known = bundled_glossary().entries if paths else ()
        found, problems = check_files(files, known)
        problems += quality_problems(found)
        if problems:
            for problem in problems:
                echo(f"reader: glossary: {problem}", err=True)
            raise SystemExit(2)
        echo(
            f"glossary OK: {len(found)} entries in {len(files)} files "
            f"({', '.join(p.name for p in files)})"
        )
        return
    chosen = choose_glossary(None, glossary_choice(domains))
    for problem in chosen.problems:
        echo(f"reader: warning: {problem}", err=True)
    gloss = chosen.glossary()
    entries = gloss.find(query) if query else list(gloss.entries.values())
    if query and not entries:
        raise ReaderError(f"no glossary entry matches '{query}' (try `reader lookup {query}`)")
    if fmt == "json":
        echo(for_json([entry_json(e) for e in entries]))
    elif query:
        echo(
            "\n\n".join(
                entry_text(
                    e, look_up(e.simplified, gloss).as_name(e.pinyin), related_entries(e, gloss)
                )
                for e in entries
            )
        )
    else:
        for e in entries:
            echo(f"{e.id:28} {e.traditional:<8}\t{e.pinyin_text:<20}\t{e.english[0]}")


@click.command()
@click.argument("word")
@format_option("text", "json")
@domain_option()
@user_errors
def lookup(word: str, fmt: str, domains: str | None) -> None:
    """Look WORD up: the glossary entry first (your settings' domains and own glossary
    files), then CC-CEDICT and the HSK level."""
    if not word.strip():
        raise ReaderError("lookup: give a word to look up, e.g. reader lookup 估值")
    chosen = choose_glossary(None, glossary_choice(domains))
    for problem in chosen.problems:
        echo(f"reader: warning: {problem}", err=True)
    result = look_up(word, chosen.glossary())
    if fmt == "json":
        echo(for_json(result.to_json()))
    else:
        echo(result.to_text())


def _files(paths: tuple[Path, ...]) -> list[Path]:
    """The glossary files named: a folder gives its *.toml files."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += glossary_files(path)
        elif path.is_file():
            files.append(path)
        else:
            raise ReaderError("no such file or folder", path)
    return files
