"""Every test runs with READER_HOME in a temporary folder: nothing touches the user's
real settings, progress or caches. One folder per session keeps jieba's cache warm."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def reader_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reader-home")


@pytest.fixture(autouse=True)
def _isolated_home(reader_home, monkeypatch):
    monkeypatch.setenv("READER_HOME", str(reader_home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


@pytest.fixture
def fresh_home(tmp_path, monkeypatch) -> Path:
    """A home of its own, for tests of what the program writes."""
    home = tmp_path / "home"
    monkeypatch.setenv("READER_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def article():
    from reader.text.library import open_text

    return open_text("deepseek")


@pytest.fixture(scope="session")
def annotated(article):
    from reader.lang.document import AnnotatedDocument

    return AnnotatedDocument(article)
