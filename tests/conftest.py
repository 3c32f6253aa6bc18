"""Every test runs with READER_HOME in a temporary folder: nothing touches the user's
real settings, progress or caches. One folder per session keeps jieba's cache warm."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def pytest_configure(config) -> None:
    """Before any fixture (module-scoped ones included) can touch the user's folders."""
    os.environ["READER_HOME"] = tempfile.mkdtemp(prefix="reader-home-")


def pytest_unconfigure(config) -> None:
    shutil.rmtree(os.environ.get("READER_HOME", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def reader_home() -> Path:
    return Path(os.environ["READER_HOME"])


@pytest.fixture(autouse=True)
def _isolated_home(reader_home, monkeypatch):
    monkeypatch.setenv("READER_HOME", str(reader_home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield
    # a learner's corrections change every text: none leaks into the next test
    (reader_home / "data" / "corrections.toml").unlink(missing_ok=True)


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
    from reader.annotated.document import AnnotatedDocument

    return AnnotatedDocument(article)


def real_paragraphs() -> list[str]:
    """Real text the repository holds, each paragraph once: the bundled article, the
    glossary corpus's articles (bench/corpus/glossary) and the sentences of the reading
    gold sets that are tuned on (tests/data), as written (traditional and simplified)."""
    import tomllib

    lines = (REPO / "texts" / "deepseek.txt").read_text("utf-8").splitlines()
    for path in sorted((REPO / "bench" / "corpus" / "glossary").glob("*.txt")):
        lines += path.read_text("utf-8").splitlines()
    for name in ("news", "general", "dev2"):  # the held-out set is only ever scored
        path = REPO / "tests" / "data" / f"pinyin_gold_{name}.toml"
        lines += [item["sentence"] for item in tomllib.loads(path.read_text("utf-8"))["word"]]
    return list(dict.fromkeys(line.strip() for line in lines if line.strip()))
