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
