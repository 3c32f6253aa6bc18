"""Work moved off the UI thread keeps its old behaviour when keys come fast: a quiz is
never skipped or doubled, `n` presses in a row go from match to match, and a command
that does not open the app loads neither Textual nor the app."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.study.store import Store
from reader.text.library import open_text
from reader.tui.app import make_app
from reader.tui.settings import Settings

pytestmark = pytest.mark.usefixtures("fresh_home")

PRACTICE_TEXT = (
    "估值的故事\n\n"
    "市場對人工智能公司的估值越來越高，投資者相信技術突破會帶來回報。\n\n"
    "華爾街的資本市場放大了這種預期，硅谷的公司因此獲得大量融資。\n\n"
    "第二部分\n\n"
    "開源模型改變了競爭，算力不再是唯一的護城河。\n"
)


@pytest.fixture
def slow_workers(monkeypatch):
    """Practice and search take long enough for the next key to arrive first."""
    import time

    import reader.study.quizzes as quizzes
    import reader.tui.widgets.search_bar as search_bar

    def slowly(function):
        def wrapper(*args, **kwargs):
            time.sleep(0.3)
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(quizzes, "practice_for_section", slowly(quizzes.practice_for_section))
    monkeypatch.setattr(search_bar, "find", slowly(search_bar.find))


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def practice_app(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text(PRACTICE_TEXT, "utf-8")
    return make_app(str(path), doc=open_text(str(path)), settings=Settings(), store=Store())


async def test_a_fast_second_j_does_not_skip_the_practice_at_the_section_end(
    tmp_path, slow_workers
):
    app = practice_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        screen: Any = app.screen
        assert screen.position.at_section_end()
        await pilot.press("j", "j")  # the second comes while practice is being made
        await settle(pilot)
        assert type(app.screen).__name__ == "QuestionsScreen"
        assert app.screen.session.practice  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and len(app.screen_stack) == 2


async def test_a_fast_second_c_opens_one_quiz(tmp_path, slow_workers):
    app = practice_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen: Any = app.screen
        await pilot.press("c", "c")
        await settle(pilot)
        quiz: Any = app.screen
        assert type(quiz).__name__ == "QuestionsScreen" and quiz.session is screen.quiz
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_n_presses_in_a_row_go_from_match_to_match(slow_workers):
    app = make_app("deepseek", doc=open_text("deepseek"), settings=Settings(), store=Store())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen: Any = app.screen
        await pilot.press("slash", *"估值", "enter")
        await settle(pilot)
        first = screen.position.index
        await pilot.press("n", "n")  # the second before the first search's answer
        await settle(pilot)
        # n goes from occurrence to occurrence: two presses, two occurrences on
        from reader.study.search import find

        hits = find(screen.adoc, "估值")
        here = next(n for n, h in enumerate(hits) if screen.position.index_of(h.paragraph) == first)
        assert screen.position.paragraph_id == hits[here + 2].paragraph


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["--version"], {"textual", "rich", "reader.tui", "reader.annotated", "reader.study"}),
        (["lookup", "估值"], {"textual", "reader.tui", "reader.study"}),
        (["paths"], {"textual", "rich", "reader.tui", "reader.lang"}),
    ],
)
def test_commands_load_only_what_they_use(fresh_home, args, absent):
    code = (
        "import json, sys\n"
        "from reader.cli import main\n"
        "try:\n"
        f"    main.main({args!r}, standalone_mode=False)\n"
        "finally:\n"
        "    print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {"READER_HOME": str(fresh_home), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert proc.returncode == 0, proc.stderr
    loaded = set(json.loads(proc.stderr.strip().splitlines()[-1]))
    leaked = {m for m in loaded if any(m == a or m.startswith(a + ".") for a in absent)}
    assert not leaked


async def test_a_broken_assignment_in_the_recent_list_never_keeps_the_library_shut(tmp_path):
    bad = tmp_path / "week.toml"
    bad.write_text('[assignment]\nnote = "' + "[" * 5000 + '"\n' + "a = " + "[" * 5000, "utf-8")
    store = Store()
    store.opened("assignment:week", str(bad), "Week 3")
    app = make_app(settings=Settings(), store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "LibraryScreen"
        titles = [row.title for row in app.screen.rows]  # type: ignore[attr-defined]
        assert any("Week 3 (cannot be opened)" in t for t in titles), titles


def test_a_first_paint_before_the_context_model_is_read_again_with_it(
    fresh_home, tmp_path, monkeypatch
):
    """Issue 17: the model loads off the first paint. Blocks read before it loaded are
    provisional (in memory only), and `settle` reads them with the model and caches them."""
    from reader.annotated.document import open_annotated
    from reader.lang import context_model

    path = tmp_path / "new.txt"
    path.write_text("新文章\n\n他还书去了图书馆，还说要还钱。\n\n长江很长。\n", "utf-8")
    adoc = open_annotated(open_text(str(path)))
    ids = ["title", *[p.id for s in adoc.doc.sections for p in s.paragraphs]]
    monkeypatch.setattr(context_model, "loaded", lambda: False)
    adoc.annotate_many(ids, before_model=True)
    assert adoc.provisional == set(ids)
    assert all(adoc.has_tokens(b) for b in ids)
    fresh = open_annotated(open_text(str(path)))
    assert fresh.load_stored(ids) == ids, "nothing provisional reached the disk cache"
    monkeypatch.undo()
    adoc.settle()
    assert not adoc.provisional
    with_model = open_annotated(open_text(str(path)))
    assert with_model.load_stored(ids) == [], "settled blocks are cached"
    for block in ids:
        assert adoc.tokens(block) == with_model.tokens(block)


def test_settling_replaces_the_provisional_tokens_without_removing_them(
    fresh_home, tmp_path, monkeypatch
):
    """The screen keeps showing a provisional block while it is read again."""
    from reader.annotated.document import open_annotated
    from reader.lang import context_model

    path = tmp_path / "new.txt"
    path.write_text("新文章\n\n他还书去了图书馆。\n", "utf-8")
    adoc = open_annotated(open_text(str(path)))
    monkeypatch.setattr(context_model, "loaded", lambda: False)
    adoc.annotate_many(["title", "s1p1"], before_model=True)
    monkeypatch.undo()
    seen = []
    annotate = adoc.annotator.annotate

    def watching(text, *args, **kwargs):
        seen.append(adoc.has_tokens("s1p1"))  # while it is read again
        return annotate(text, *args, **kwargs)

    monkeypatch.setattr(adoc.annotator, "annotate", watching)
    adoc.settle()
    assert seen and all(seen) and not adoc.provisional
