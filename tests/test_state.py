"""State that survives: concurrent readers, kills during writes, read-only folders."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import tomllib

import pytest

from reader.study.store import Store
from reader.tui.settings import load_settings, save_settings

WRITER = textwrap.dedent("""
    import sys
    from reader.study.store import Store
    store = Store()
    name = sys.argv[1]
    for i in range(150):
        store.record_answer("doc", f"{name}-{i}", 1, "x", i % 2 == 0)
        store.opened(f"doc-{name}", None, "t")
        store.save_position(f"doc-{name}", f"s1p{i}")
        store.looked_up("doc", "s1p1", "估值")
    print("ok")
""")


def test_two_processes_on_one_data_folder(fresh_home):
    env = {**os.environ, "READER_HOME": str(fresh_home)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, name],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    db = sqlite3.connect(fresh_home / "data" / "progress.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM answer").fetchone()[0] == 300
    assert db.execute("SELECT count(*) FROM lookup").fetchone()[0] == 300
    store = Store()
    assert store.position("doc-a") == "s1p149" and store.position("doc-b") == "s1p149"


SETTINGS_WRITER = textwrap.dedent("""
    from reader.tui.settings import save_settings
    i = 0
    print("started", flush=True)
    while True:
        i += 1
        save_settings({"hsk_level": 1 + i % 7, "keymap": {"reader.next": "j" * (i % 50 + 1)}})
""")


def test_settings_survive_being_killed_mid_write(fresh_home):
    env = {**os.environ, "READER_HOME": str(fresh_home)}
    for delay in (0.05, 0.2, 0.4):
        with subprocess.Popen(
            [sys.executable, "-c", SETTINGS_WRITER], env=env, stdout=subprocess.PIPE, text=True
        ) as proc:
            assert proc.stdout is not None
            proc.stdout.readline()
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        path = fresh_home / "config" / "settings.toml"
        tomllib.loads(path.read_text("utf-8"))  # never half-written
        settings, problem = load_settings(path)
        assert problem is None and 1 <= settings.hsk_level <= 7


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_home_still_reads(tmp_path, monkeypatch):
    home = tmp_path / "ro"
    home.mkdir()
    os.chmod(home, 0o500)
    monkeypatch.setenv("READER_HOME", str(home))
    try:
        store = Store()
        assert store.record_answer("d", "q", 1, "x", True) is False
        assert store.problem
        assert save_settings({"script": "simplified"})
    finally:
        os.chmod(home, 0o700)


def test_unwritable_data_folder_is_reported_not_raised(tmp_path, monkeypatch):
    """A file where the data folder should be: nothing can be created under it."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "data").write_text("not a folder")
    (home / "config").write_text("not a folder")
    monkeypatch.setenv("READER_HOME", str(home))
    store = Store()
    assert store.record_answer("d", "q", 1, "x", True) is False
    assert "progress cannot be saved" in store.problem
    assert store.position("d") is None
    problem = save_settings({"script": "simplified"})
    assert problem and "settings not saved" in problem


async def test_app_reads_with_an_unwritable_home(tmp_path, monkeypatch):
    from reader.text.library import open_text
    from reader.tui.app import make_app

    home = tmp_path / "home"
    home.mkdir()
    for name in ("data", "config", "cache"):
        (home / name).write_text("not a folder")
    monkeypatch.setenv("READER_HOME", str(home))
    app = make_app("deepseek", doc=open_text("deepseek"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("j", "s", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "progress cannot be saved" in messages
        assert app.screen.__class__.__name__ in ("WordPopup", "ReadingScreen")
