"""Command-line details: usage errors, odd files, ids of user files, stats."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from reader.cli import main


def reader(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "args",
    [["annotate", "deepseek", "--script", "klingon"], ["lookup"], ["--bogus"], ["stats", "extra"]],
)
def test_usage_errors_are_one_line(args):
    proc = reader(*args)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: "), proc.stderr


def test_a_device_is_refused_not_read_forever():
    proc = reader("annotate", "/dev/zero")
    assert proc.returncode == 2 and "not a regular file" in proc.stderr


def test_an_assignment_is_not_a_text(tmp_path):
    out = tmp_path / "w.toml"
    assert (
        CliRunner()
        .invoke(main, ["assign", "deepseek", "--sections", "2", "-o", str(out)])
        .exit_code
        == 0
    )
    proc = reader("annotate", str(out))
    assert proc.returncode == 2 and "is an assignment" in proc.stderr


def test_two_files_of_one_name_are_two_texts(tmp_path):
    from reader.text.library import open_text

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "notes.txt").write_text("筆記\n\n今天學習中文。\n", "utf-8")
    first = open_text(str(tmp_path / "a" / "notes.txt"))
    second = open_text(str(tmp_path / "b" / "notes.txt"))
    assert first.id != second.id and first.id.startswith("notes-")
    assert open_text("deepseek").id == "deepseek"


def test_stats_counts_an_assignment_by_its_sections(tmp_path, fresh_home):
    from reader.study.assignment import load_assignment
    from reader.study.store import Store

    out = tmp_path / "w.toml"
    CliRunner().invoke(main, ["assign", "deepseek", "--sections", "2,3", "-o", str(out)])
    assignment = load_assignment(out)
    store = Store()
    store.opened(assignment.document.id, str(out), assignment.title)
    store.close()
    assert "sections read 0/2" in CliRunner().invoke(main, ["stats"]).output


def test_commands_say_when_the_database_was_damaged(fresh_home):
    from reader import paths

    paths.progress_db().write_bytes(b"garbage" * 1000)
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0 and "damaged" in result.stderr


@pytest.mark.parametrize("found", ["~/.local/share/reader", "relative/.local/share/reader"])
def test_no_home_folder_is_one_line_and_exit_2(monkeypatch, capsys, found):
    """HOME unset with no passwd entry (platformdirs then gives "~/…"), or relative:
    one line that says what to set, never a folder named "~" in the current folder."""
    import platformdirs

    from reader import paths
    from reader.cli.main import run

    monkeypatch.delenv("READER_HOME")
    for kind in ("data", "config", "cache"):
        monkeypatch.setattr(platformdirs, f"user_{kind}_dir", lambda name, found=found: found)
    monkeypatch.setattr(sys, "argv", ["reader", "paths"])
    with pytest.raises(SystemExit) as caught:
        run()
    assert caught.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "READER_HOME" in err and "HOME" in err
    with pytest.raises(paths.NoHome):
        paths.data_dir()


def test_reader_paths_says_where_and_creates_nothing(fresh_home):
    from click.testing import CliRunner

    from reader.cli.main import main

    result = CliRunner().invoke(main, ["paths"])
    assert result.exit_code == 0 and str(fresh_home / "data" / "progress.sqlite3") in result.output
    assert not fresh_home.exists()


def test_a_non_utf8_locale_still_finds_the_word_and_says_what_to_fix():
    """LC_ALL=C without UTF-8 mode: the argument 估值 arrives as surrogate escapes."""
    import os

    env = {**os.environ, "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    env.pop("LANG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "glossary", "估值"],
        capture_output=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert b"valuation" in proc.stdout  # the word was found, not "??????"
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    assert len(err) == 1 and "UTF-8 locale" in err[0]
