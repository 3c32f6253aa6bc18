"""Settings that survive (issue 18, cases 3 and 4): a bad value costs only its key, a
change rewrites only its key in the file as it is on disk, and a file that cannot be
read is kept as a backup before a new one is started."""

from __future__ import annotations

import tomllib

import pytest

from reader.text.library import open_text
from reader.tui.app import make_app
from reader.tui.context import ReaderContext
from reader.tui.settings import Settings, edited_settings, load_settings, save_settings

HAND_WRITTEN = """\
# my settings: do not lose these comments
script = "simplified"  # I am learning simplified
hsk_level = "4"
student_name = "Lin"
wallpaper = "blue"  # a key from a newer reader

[keymap]
"reader.next" = "n,down"

[tone_colours]
"1" = "#ff0000"
"""


def test_one_bad_value_costs_only_its_own_key(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(HAND_WRITTEN, "utf-8")
    settings, problem = load_settings(path)
    assert settings.script == "simplified" and settings.student_name == "Lin"
    assert settings.keymap == {"reader.next": "n,down"}
    assert settings.tone_colours["1"] == "#ff0000" and settings.hsk_level == 3
    assert problem and "\n" not in problem and problem.startswith(str(path))
    assert "'hsk_level' must be a whole number; it uses its default (3)" in problem
    assert "(and 1 more)" in problem  # the unknown key


def test_a_bad_binding_costs_only_that_binding(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('[keymap]\n"reader.next" = "n"\n"reader.nxet" = "x"\n', "utf-8")
    settings, problem = load_settings(path)
    assert settings.keymap == {"reader.next": "n"}
    assert problem and "unknown binding 'reader.nxet'" in problem


def test_a_change_rewrites_only_its_key(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(HAND_WRITTEN, "utf-8")
    assert save_settings({"pinyin": "numbers"}, path) is None
    text = path.read_text("utf-8")
    assert text.startswith(HAND_WRITTEN.splitlines()[0])
    for kept in ("# I am learning simplified", 'wallpaper = "blue"', '"reader.next" = "n,down"'):
        assert kept in text
    data = tomllib.loads(text)
    assert data["pinyin"] == "numbers" and data["hsk_level"] == "4"
    assert not list(tmp_path.glob("*.bak-*")), "no backup when nothing is dropped"


def test_two_readers_and_a_hand_edit_all_survive(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('theme = "nord"\n', "utf-8")
    first, _ = load_settings(path)
    second, _ = load_settings(path)
    one = ReaderContext(store=None, settings=first, save=lambda c: save_settings(c, path))  # type: ignore[arg-type]
    two = ReaderContext(store=None, settings=second, save=lambda c: save_settings(c, path))  # type: ignore[arg-type]
    assert one.change_settings(script="simplified") is None
    path.write_text(path.read_text("utf-8") + 'student_name = "Mei"\n', "utf-8")  # by hand
    assert two.change_settings(pinyin="off") is None
    assert one.change_settings(translation=True) is None
    settings, problem = load_settings(path)
    assert problem is None
    assert (settings.theme, settings.script, settings.pinyin, settings.translation) == (
        "nord",
        "simplified",
        "off",
        True,
    )
    assert settings.student_name == "Mei"


@pytest.mark.parametrize(
    "content",
    [b"this is not = = toml\n", b"\xff\xfe not utf-8", b"[" * 600 + b"\n"],
    ids=["not-toml", "not-utf8", "nested"],
)
def test_an_unreadable_file_is_backed_up_before_a_new_one(tmp_path, content):
    path = tmp_path / "settings.toml"
    path.write_bytes(content)
    assert load_settings(path)[0] == Settings()
    note = save_settings({"script": "traditional"}, path)
    assert note and "\n" not in note and "could not be read, so it was kept as" in note
    backups = list(tmp_path.glob("settings.toml.bak-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == content
    assert load_settings(path) == (Settings(script="traditional"), None)


def test_a_value_that_looks_equal_is_still_written():
    out, lost = edited_settings("translation = 1\n", {"translation": True})
    assert tomllib.loads(out)["translation"] is True and not lost


async def test_pressing_p_with_a_bad_value_keeps_the_file(fresh_home):
    path = fresh_home / "config" / "settings.toml"
    path.parent.mkdir(parents=True)
    path.write_text(HAND_WRITTEN, "utf-8")
    app = make_app("deepseek", doc=open_text("deepseek"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("p")
        await pilot.pause()
        assert app.settings.pinyin == "numbers"
    text = path.read_text("utf-8")
    assert "# my settings: do not lose these comments" in text
    data = tomllib.loads(text)
    assert data["pinyin"] == "numbers"
    assert data["keymap"] == {"reader.next": "n,down"} and data["student_name"] == "Lin"
    assert data["script"] == "simplified" and data["wallpaper"] == "blue"
