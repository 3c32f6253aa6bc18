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
    return Path(home).expanduser() if home else None


def _ensure(path: Path) -> Path:
    """Create the folder when possible. A read-only or full disk is not an error here:
    whoever writes into the folder reports it, and reading goes on."""
    with contextlib.suppress(OSError):
        path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Settings and keymap (settings.toml)."""
    home = _home()
    return _ensure(home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME)))


def data_dir() -> Path:
    """The learner's own data: progress database, vocabulary, results."""
    home = _home()
    return _ensure(home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME)))


def cache_dir() -> Path:
    """Anything that can be rebuilt: jieba's prefix dictionary, annotations, dictionary index."""
    home = _home()
    return _ensure(home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME)))


def settings_file() -> Path:
    return config_dir() / "settings.toml"


def progress_db() -> Path:
    return data_dir() / "progress.sqlite3"


def corrections_file() -> Path:
    """The learner's corrections to word boundaries and readings (plain TOML)."""
    return data_dir() / "corrections.toml"
