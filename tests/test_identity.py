"""Students and assignments that are told apart (issue 13, part 5): one student, one
key; two assignments, two ids; the next student on a shared computer starts afresh."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.study.assignment import load_assignment, make_assignment
from reader.study.identity import display_name, file_part, for_student, name_key
from reader.study.results import result_path
from reader.study.store import Store
from reader.tui.app import make_app
from reader.tui.settings import Settings

pytestmark = pytest.mark.usefixtures("fresh_home")


@pytest.mark.parametrize("same", ["Ana Li", "  Ana   Li ", "ana li", "ＡＮＡ ＬＩ", "Ana\u200b Li"])
def test_spellings_of_one_name_are_one_student(same):
    assert name_key(same) == name_key("Ana Li")
    assert file_part(same) == file_part("Ana Li")
    assert display_name("  Ana   Li ") == "Ana Li"


@pytest.mark.parametrize("other", ["Ana-Li", "AnaLi", "Ana Lin", "Аna Li"])  # Cyrillic А last
def test_different_names_never_share_a_result_file(tmp_path, other):
    made = load_assignment(make_assignment("deepseek", "2", tmp_path / "week.toml")[0])
    assert result_path(made, other) != result_path(made, "Ana Li")


def test_two_assignments_from_one_file_name_have_two_ids(tmp_path):
    first = load_assignment(make_assignment("deepseek", "2", tmp_path / "a" / "week.toml")[0])
    second = load_assignment(make_assignment("deepseek", "3", tmp_path / "b" / "week.toml")[0])
    again = load_assignment(make_assignment("deepseek", "2", tmp_path / "c" / "week.toml")[0])
    assert len({first.id, second.id, again.id}) == 3
    assert len({first.run_id, second.run_id, again.run_id}) == 3


def test_each_student_keeps_their_own_progress(tmp_path):
    made = load_assignment(make_assignment("deepseek", "2", tmp_path / "week.toml")[0])
    ana, ben = for_student(made, "Ana"), for_student(made, "Ben")
    assert ana.document.id != ben.document.id and ana.run_id != ben.run_id
    assert for_student(made, " ana ").run_id == ana.run_id
    store = Store()
    store.record_answer(ana.document.id, made.questions[0].id, 2, "x", True)
    assert store.answers(ben.document.id) == []


async def test_student_option_switches_the_name(tmp_path):
    path = make_assignment("deepseek", "2", tmp_path / "week.toml")[0]
    made = load_assignment(path)
    store = Store()
    app = make_app(
        str(path),
        assignment=made,
        settings=Settings(student_name="Ana"),
        store=store,
        student="  Ben  ",
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.settings.student_name == "Ben"
        assert type(app.screen).__name__ == "ReadingScreen"
        assert app.screen.session.student == "Ben"  # type: ignore[attr-defined]
        assert app.screen.doc.id == for_student(made, "Ben").document.id  # type: ignore[attr-defined]


def test_an_empty_student_name_is_one_line(tmp_path):
    path = make_assignment("deepseek", "2", tmp_path / "week.toml")[0]
    result = CliRunner().invoke(main, [str(path), "--student", "  "])
    assert result.exit_code == 2 and "--student" in result.output
    assert len(result.output.strip().splitlines()) == 1


async def test_the_name_screen_offers_the_last_name_and_takes_another(tmp_path):
    """On a shared computer: Enter goes on as the student saved last; the next student
    types their own name and starts afresh."""
    from textual.widgets import Input

    path = make_assignment("deepseek", "2", tmp_path / "week.toml")[0]
    made = load_assignment(path)
    store = Store()
    store.record_answer(for_student(made, "Ana").document.id, made.questions[0].id, 2, "x", True)
    for typed, expected in ((None, "Ana"), ("  ana ", "Ana"), ("Ben Wu", "Ben Wu")):
        app = make_app(
            str(path), assignment=made, settings=Settings(student_name="Ana"), store=store
        )
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            assert type(app.screen).__name__ == "NameScreen"
            box = app.screen.query_one("#name-input", Input)
            assert box.value == "Ana"
            if typed is not None:
                box.value = typed
            await pilot.press("enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert app.screen.session.student == expected  # type: ignore[attr-defined]
            assert app.settings.student_name == expected
            answered = store.answers(app.screen.doc.id)  # type: ignore[attr-defined]
            assert len(answered) == (1 if expected == "Ana" else 0)
