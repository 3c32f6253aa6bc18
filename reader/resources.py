"""Where the bundled data lives: inside the wheel (`reader/_bundled`) or, in a source
checkout, at the top of the repository (`texts/`, `glossary/`)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "_bundled" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def texts_dir() -> Path:
    return _bundled("texts")


def glossary_dir() -> Path:
    return _bundled("glossary")
