"""`reader glossary` and `reader lookup`."""

from __future__ import annotations

import click

from reader import resources
from reader.cli.common import echo, format_option, user_errors
from reader.errors import ReaderError
from reader.lang.glossary import bundled_glossary, check_files, glossary_files
from reader.lang.lookup import entry_json, entry_text, look_up
from reader.safe import for_json


@click.command()
@click.argument("query", required=False)
@format_option("text", "json")
@click.option("--domain", help="Only entries of this domain (finance, ai ...).")
@user_errors
def glossary(query: str | None, fmt: str, domain: str | None) -> None:
    """List the glossary, show the entry for QUERY (a term in either script, pinyin with
    or without tones, an id or English), or `reader glossary check` to validate it."""
    if query == "check":
        files = glossary_files(resources.glossary_dir())
        found, problems = check_files(files)
        if problems:
            for problem in problems:
                echo(f"reader: glossary: {problem}", err=True)
            raise SystemExit(2)
        echo(
            f"glossary OK: {len(found)} entries in {len(files)} files "
            f"({', '.join(p.name for p in files)})"
        )
        return
    gloss = bundled_glossary()
    entries = gloss.find(query) if query else list(gloss.entries.values())
    if domain:
        domains = sorted({e.domain for e in gloss.entries.values()})
        if domain not in domains:
            raise ReaderError(f"no glossary domain '{domain}' (domains: {', '.join(domains)})")
        entries = [e for e in entries if e.domain == domain]
    if query and not entries:
        raise ReaderError(f"no glossary entry matches '{query}' (try `reader lookup {query}`)")
    if fmt == "json":
        echo(for_json([entry_json(e) for e in entries]))
    elif query:
        echo("\n\n".join(entry_text(e, look_up(e.simplified).as_name(e.pinyin)) for e in entries))
    else:
        for e in entries:
            echo(f"{e.id:28} {e.traditional:<8}\t{e.pinyin_text:<20}\t{e.english[0]}")


@click.command()
@click.argument("word")
@format_option("text", "json")
@user_errors
def lookup(word: str, fmt: str) -> None:
    """Look WORD up: the glossary entry first, then CC-CEDICT and the HSK level."""
    if not word.strip():
        raise ReaderError("lookup: give a word to look up, e.g. reader lookup 估值")
    result = look_up(word)
    if fmt == "json":
        echo(for_json(result.to_json()))
    else:
        echo(result.to_text())
