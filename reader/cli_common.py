"""Helpers shared by the command-line modules."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps

import click

from reader.errors import ReaderError


def user_errors(func: Callable) -> Callable:
    """Turn ReaderError (and a broken pipe) into a one-line message and exit status 2."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ReaderError as exc:
            click.echo(f"reader: {exc}", err=True)
            sys.exit(2)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)

    return wrapper
