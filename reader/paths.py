"""Every place on disk the program writes, in one module.

The folders come from platformdirs. Setting READER_HOME moves all of them under one
folder, which is how the tests isolate themselves and how a user keeps a portable setup.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "reader"


def _home() -> Path | None:
    home = os.environ.get("READER_HOME")
    return Path(home).expanduser().absolute() if home else None


class NoHome(RuntimeError):
    """No folder to write to: HOME unset (with no passwd entry) or relative, and no
    READER_HOME. The command line says so in one line (exit status 2)."""


def _platform(kind: str) -> Path:
    """platformdirs' folder of `kind`, which must be absolute: with HOME unset and no
    passwd entry, or a relative HOME, it would be a folder named "~" in the current
    folder."""
    found = Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME))
    if not found.is_absolute() or str(found).startswith("~"):
        raise NoHome(
            f"no home folder to keep settings and progress in (HOME is "
            f"{'unset' if 'HOME' not in os.environ else repr(os.environ['HOME'])}): set "
            "HOME to an absolute path, or READER_HOME to the folder the reader may use"
        )
    return found


def _ensure(path: Path) -> Path:
    """Create the folder when possible. A read-only or full disk is not an error here:
    whoever writes into the folder reports it, and reading goes on."""
    with contextlib.suppress(OSError):
        path.mkdir(parents=True, exist_ok=True)
    return path


def where(kind: str) -> Path:
    """The folder of `kind` ("config", "data" or "cache"), without creating it."""
    home = _home()
    return home / kind if home else _platform(kind)


def config_dir() -> Path:
    """Settings and keymap (settings.toml)."""
    return _ensure(where("config"))


def data_dir() -> Path:
    """The learner's own data: progress database, vocabulary, results."""
    return _ensure(where("data"))


def cache_dir() -> Path:
    """Anything that can be rebuilt: jieba's prefix dictionary, annotations, dictionary index."""
    return _ensure(where("cache"))


def settings_file() -> Path:
    return config_dir() / "settings.toml"


def progress_db() -> Path:
    return data_dir() / "progress.sqlite3"


def corrections_file() -> Path:
    """The learner's corrections to word boundaries and readings (plain TOML)."""
    return data_dir() / "corrections.toml"
