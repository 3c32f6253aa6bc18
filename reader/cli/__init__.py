"""The command line: `reader [TEXT]` opens the reader; subcommands do the rest."""

from reader.cli.main import main, run

__all__ = ["main", "run"]
