"""The reader as learners use it (issue 14): each finding of the new-user test, at the
size where it was seen."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll

from reader.study.store import Store
from reader.text.library import open_text
from reader.text.loader import load_document
from reader.tui.app import make_app
from reader.tui.settings import Settings
from reader.tui.widgets.passage import PassageView


def article_app(**kwargs):
    return make_app(
        "deepseek",
        doc=open_text("deepseek"),
        settings=kwargs.pop("settings", Settings()),
        store=Store(),
        **kwargs,
    )


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def cursor_in_view(app) -> bool:
    screen = app.screen
    passage = screen.query_one("#passage", PassageView)
    scroll = screen.query_one("#passage-scroll", VerticalScroll)
    cursor = passage.cursor_region(screen.position.paragraph_id)
    assert cursor is not None
    top = scroll.scroll_offset.y
    return top <= cursor.y and cursor.bottom <= top + scroll.size.height


async def at_the_longest_paragraph(pilot):
    """The reading screen on the article's longest paragraph (taller than 60x20)."""
    await settle(pilot)
    screen = pilot.app.screen
    longest = max(screen.doc.paragraphs(), key=lambda p: len(p.text))
    screen.go_to(screen.doc.paragraph_ids().index(longest.id))
    await settle(pilot)
    return screen, longest


async def test_the_view_follows_the_word_cursor_at_60x20(fresh_home):
    """Finding 1: on a long paragraph at 60x20, 48 presses of l took the cursor off
    screen (the article's longest paragraph here; 50 presses of l, 25 of h)."""
    app = article_app()
    async with app.run_test(size=(60, 20)) as pilot:
        screen, longest = await at_the_longest_paragraph(pilot)
        region = screen.query_one("#passage", PassageView).region_of(longest.id)
        assert region and region.height > screen.query_one("#passage-scroll").size.height
        for press in range(50):
            await pilot.press("l")
            await pilot.pause()
            assert cursor_in_view(app), f"after {press + 1} presses of l"
        for press in range(25):
            await pilot.press("h")
            await pilot.pause()
            assert cursor_in_view(app), f"after {press + 1} presses of h"


async def test_right_bracket_moves_on_and_any_arrival_at_a_section_end_counts(fresh_home):
    """Finding 4: `]` on a section's last paragraph moves on (no quiz), and a section
    counts as read however its last paragraph was reached (a jump, a search)."""
    app = article_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        ids = screen.doc.paragraph_ids()
        screen.go_to(ids.index("s1p3"))  # a jump (search, glossary) to the last one
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReadingScreen"
        assert screen.position.paragraph_id == "s2p1"
        assert app.store.sections_read("deepseek") == {1}
        await pilot.press("left_square_bracket")  # at a section's start: the one before
        await settle(pilot)
        assert screen.position.paragraph_id == "s1p1"


async def search(pilot, query: str) -> None:
    from textual.widgets import Input

    await pilot.press("slash")
    await pilot.pause()
    pilot.app.screen.query_one("#search", Input).value = query
    await pilot.press("enter")
    await settle(pilot)


def said(app) -> list[str]:
    """Every message the app showed since `heard` was called (a search's lasts 2 s: a
    busy machine can take longer than that to get to the check)."""
    return list(app._heard)


def heard(app):
    """Keep the app's messages as they come."""
    app._heard = []
    notify = app.notify

    def keep(message, *args, **kwargs):
        app._heard.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = keep
    return app


async def test_search_finds_the_title_puts_the_cursor_on_the_match_and_counts_right(tmp_path):
    """Finding 5: the title and headings are searched, the cursor goes to the match
    (not the paragraph's first word), and one match is "match 1 of 1"."""
    path = tmp_path / "morning.txt"
    path.write_text(
        "臺北的早晨\n\n今天天氣很好，我們去公園。\n\n公園裡有很多人在臺北散步。\n", "utf-8"
    )
    app = heard(make_app(str(path), doc=open_text(str(path)), settings=Settings(), store=Store()))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "臺北")
        assert any("match 1 of 2 (in the title)" in m for m in said(app)), said(app)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert screen.position.paragraph_id == "s1p2"
        word = screen.adoc.tokens("s1p2")[screen.position.cursor]
        assert word.text == "臺北"
        await search(pilot, "天氣")
        assert any("“天氣”: match 1 of 1" in m for m in said(app)), said(app)
        assert not any("paragraphs contain" in m for m in said(app))


async def test_the_taiwan_title_uses_the_taiwan_words_like_the_body(fresh_home):
    """Finding 6: in the Taiwan script the title kept 硅谷 while the body showed 矽谷."""
    app = article_app(settings=Settings(script="taiwan"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.refresh_passage()
        await pilot.pause()
        title = str(app.screen.query_one("#doc-title").render())
        assert "矽谷" in title and "硅谷" not in title


async def test_mode_changes_leave_the_status_bar_in_view(fresh_home):
    """Finding 9: no toast over the mode indicator after s or p; a text without a
    translation says so once, in the status bar, not under every paragraph."""
    app = article_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = len(app._notifications)
        await pilot.press("s", "p")
        await settle(pilot)
        assert len(app._notifications) == before
        modes = str(app.screen.query_one("#modes").render())
        assert "Simplified" in modes or "simplified" in modes.lower()


async def test_no_translation_is_said_once_not_under_each_paragraph(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("標題\n\n第一段。\n\n第二段。\n\n第三段。\n", "utf-8")
    app = make_app(
        str(path), doc=open_text(str(path)), settings=Settings(translation=True), store=Store()
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        blocks = app.screen.query_one("#passage", PassageView)._blocks
        assert all(block.translation is None for block in blocks)
        assert "no English for this text" in str(app.screen.query_one("#modes").render())


async def test_the_glossary_list_shows_the_texts_form_and_the_status_bar_the_id(fresh_home):
    """Finding 10: the glossary list showed the glossary's 集群 for the text's 集羣;
    the status bar said "paragraph 1/25" where every other screen says s1p1."""
    from textual.widgets import OptionList

    app = article_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "s1p1 · 1/25" in str(app.screen.query_one("#position").render())
        await pilot.press("g")
        await settle(pilot)
        listing = app.screen.query_one(OptionList)
        shown = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert any("集羣" in line for line in shown), shown
        assert not any("集群" in line for line in shown)


async def test_the_footer_shows_whole_keys_only_and_keeps_remapped_ones(fresh_home):
    """Findings 8 and 12: at 60 columns the footer was cut ("p Piny▏"); after
    remapping reader.next its "Next" went to the end, off the footer."""
    from textual.widgets import Footer

    app = article_app(settings=Settings(keymap={"reader.next": "j,down,space,ctrl+j"}))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        keys = [k for k in footer.query("FooterKey")]
        assert sum(k.size.width for k in keys) <= 60
        assert [k.description for k in keys][:3] == ["Next", "Look up", "Pinyin"]
        assert "Help" in [k.description for k in keys]
        await pilot.resize_terminal(200, 40)
        await settle(pilot)
        wide = [k.description for k in app.screen.query_one(Footer).query("FooterKey")]
        assert wide[0] == "Next" and "Library" in wide and "Search" in wide


async def test_help_names_keys_as_they_look_and_leaves_out_textuals_own(fresh_home):
    from textual.widgets import Markdown

    app = article_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = app.screen.query_one(Markdown).source
        table = text[text.index("## Keys on this screen") :]
        for raw in ("left_square_bracket", "question_mark", "slash", "Focus Next", "Copy"):
            assert raw not in table, raw
        assert "`[`" in table and "`/`" in table


async def test_the_library_keeps_the_progress_in_view_at_60_columns(fresh_home):
    """Finding 12: at 60-80 columns the library hid its progress column."""
    from textual.widgets import DataTable

    app = make_app(settings=Settings(), store=Store())
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        columns = list(table.columns.values())
        progress = next(c for c in columns if str(c.label) == "Progress")
        left = sum(c.get_render_width(table) for c in columns[: columns.index(progress) + 1])
        assert left <= 60


def test_practice_asks_only_real_polyphones_with_real_readings(tmp_path):
    """Finding 14: pinyin-choice items used characters that are not polyphones, with
    junk readings (取 qū/qǔ, 遇 yóng/ǒu/yù, 个 gě/gàn, 以 sì, 还 fú)."""
    from reader.annotated.document import open_annotated
    from reader.lang.polyphones import word_readings
    from reader.study.practice import pinyin_choice

    path = tmp_path / "t.txt"
    path.write_text(
        "標題\n\n他取了一個很長的名字，還在銀行遇到了以前的朋友。"
        "這家銀行的行長覺得睡覺很重要，重新開始也很好。\n",
        "utf-8",
    )
    adoc = open_annotated(load_document(path))
    questions = pinyin_choice(adoc, adoc.doc.paragraph_ids(), 1, limit=20)
    assert questions
    for question in questions:
        ch = question.prompt.split("「")[2][0]
        readings = set(word_readings(ch))
        assert set(question.choices) <= readings, (ch, question.choices)
        assert len(question.choices) >= 2
        assert ch not in "取遇個以"


async def test_the_vocabulary_as_a_learner_expects_it(fresh_home, tmp_path):
    """Finding 7: the saved sentence is the word's sentence, a word without an entry
    gets its parts' meanings, "already saved" is said, d can be undone, the list shows
    HSK level, text and the current script; known words stay out of the export."""
    from click.testing import CliRunner
    from textual.widgets import DataTable

    from reader.cli import main

    path = tmp_path / "story.txt"
    path.write_text("故事\n\n我們在公園裡走了很長時間。後來天黑了，大家就回家了。\n", "utf-8")
    app = heard(make_app(str(path), doc=open_text(str(path)), settings=Settings(), store=Store()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        words = [t.text for t in screen.adoc.tokens("s1p1")]
        target = next(w for w in ("長時間", "很長時間", "時間") if w in words)
        screen.position.cursor = words.index(target)
        screen.refresh_passage()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert any("already in your vocabulary" in m for m in said(app)), said(app)
        row = app.store.vocabulary()[0]
        assert row.sentence == "我們在公園裡走了很長時間。"
        assert row.english, "a word with no entry of its own gets its parts' meanings"
        await pilot.press("escape")
        await pilot.pause(0.3)
        await pilot.press("s")  # simplified now
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        cells = [str(c) for c in table.get_row(row.word)]
        assert cells[0] == row.simplified and cells[5] == "故事"
        await pilot.press("d")
        await settle(pilot)
        assert app.store.vocabulary() == []
        await pilot.press("u")
        await settle(pilot)
        assert [r.word for r in app.store.vocabulary()] == [row.word]
        await pilot.press("k")
        await settle(pilot)
    out = CliRunner().invoke(main, ["vocab", "export", "--csv", str(tmp_path / "v.csv")])
    assert out.exit_code == 2 and "--include-known" in out.output
    out = CliRunner().invoke(
        main, ["vocab", "export", "--csv", str(tmp_path / "v.csv"), "--include-known"]
    )
    assert out.exit_code == 0, out.output


def test_the_anki_front_shows_a_word_once_when_both_scripts_agree(tmp_path):
    """Finding 7: the Anki front read 硅谷<br>硅谷."""
    import sqlite3
    import zipfile

    from reader.study.export import export_anki
    from reader.study.store import VocabRow

    rows = [
        VocabRow("硅谷", "硅谷", "硅谷", "guī gǔ", "Silicon Valley", "", False),
        VocabRow("華爾街", "华尔街", "華爾街", "Huá'ěr Jiē", "Wall Street", "", False),
    ]
    deck = tmp_path / "v.apkg"
    export_anki(rows, deck)
    with zipfile.ZipFile(deck) as package:
        (tmp_path / "c.anki2").write_bytes(package.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    fields = sorted(row[0].split("\x1f")[:2] for row in db.execute("SELECT flds FROM notes"))
    db.close()
    assert fields == [["", "硅谷"], ["华尔街", "華爾街"]]


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_the_popup_opens_beside_the_word_never_over_it(fresh_home, size):
    """Finding 2: the popup covered the word and its sentence."""
    app = article_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for moves in (["j"], ["j"] + ["l"] * 30):
            for key in moves:
                await pilot.press(key)
                await settle(pilot)
            rows = app.screen._cursor_rows()
            assert rows is not None
            await pilot.press("enter")
            await settle(pilot)
            body = app.screen.query_one("#popup-body").region
            assert body.bottom <= rows[0] or body.y >= rows[1], (body, rows)
            await pilot.press("escape")
            await pilot.pause(0.3)


def test_a_word_is_broken_down_by_character_with_the_reading_used_here():
    """Finding 13: each character with its pinyin here and its meaning read so (个 in 半个
    is ge: the meaning of gè, not of gě's "used in 自個兒")."""
    from reader.lang.lookup import characters

    ge = characters("半个", ("bàn", "ge"))
    assert [(c.char, c.syllable) for c in ge] == [("半", "bàn"), ("个", "ge")]
    assert "classifier" in ge[1].meaning and "used in" not in ge[1].meaning
    grow = characters("長大", ("zhǎng", "dà"))
    assert "chief" in grow[0].meaning and "long" not in grow[0].meaning
    assert characters("中", ("zhōng",)) == ()  # one character is its own entry
    assert characters("中国", ("zhōng",)) == ()  # syllables that do not fit: nothing


def popup_text(app) -> str:
    from textual.widgets import Static

    return "\n".join(
        str(w.render()) for w in app.screen.query(Static) if w.id and w.id.startswith("popup")
    )


async def test_the_popup_breaks_words_down_marks_the_reading_and_names_related_words(
    fresh_home, tmp_path
):
    """Finding 13, in the popup: the breakdown, the part's reading used here marked and
    first, and related glossary entries as words (华尔街's related were ids)."""
    from reader.lang.glossary import bundled_glossary

    related = [e for e in bundled_glossary().entries.values() if e.related]
    entry = related[0]
    text = tmp_path / "t.txt"
    text.write_text(f"他很长时间没有来。{entry.simplified}很重要。\n", encoding="utf-8")
    app = make_app(str(text), doc=load_document(text), settings=Settings(), store=Store())
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen

        def at() -> str:
            return screen._shown(screen.position.paragraph_id)[screen.position.cursor].text

        for word in ("长时间", entry.simplified):
            for _ in range(20):
                if at() == word:
                    break
                await pilot.press("l")
                await pilot.pause()
            assert at() == word
            await pilot.press("enter")
            await settle(pilot)
            shown = popup_text(app)
            if word == "长时间":
                lines = [line for line in shown.splitlines() if line.startswith("长")]
                assert lines[0].startswith("长  cháng ◂ here"), lines
                assert "◂ here" not in lines[1]
            else:
                assert "Character by character" in shown
                names = [bundled_glossary().get(i) for i in entry.related]
                assert any(n and n.simplified in shown for n in names), shown
                assert not any(i in shown for i in entry.related if "-" in i)
            await pilot.press("escape")
            await pilot.pause(0.3)


def settings_rows(app) -> dict[str, str]:
    from textual.widgets import OptionList

    options = app.screen.query_one("#settings-list", OptionList)
    rows = {}
    for index in range(options.option_count):
        option = options.get_option_at_index(index)
        rows[option.id] = str(option.prompt)
    return rows


async def test_the_settings_screen_changes_and_saves_each_setting(fresh_home):
    """Finding 11: the HSK level of "pinyin above my level", and every other setting,
    set in the app (o), saved as s, p and e save theirs, applied at once."""
    from reader.tui.settings import TONE_PALETTES, load_settings

    app = article_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        rows = settings_rows(app)
        assert "HSK 3" in rows["hsk_level"] and "original" in rows["text_script"]
        order = list(rows)
        for key, presses in (("hsk_level", 2), ("pinyin", 3), ("tone_colours", 2)):
            while order[app.screen.query_one("#settings-list").highlighted] != key:
                await pilot.press("down")
            for _ in range(presses):
                await pilot.press("right")
            await pilot.pause()
        await pilot.press("left")  # one back: the second palette
        await pilot.pause()
        assert "HSK 5" in settings_rows(app)["hsk_level"]
        saved = load_settings()[0]
        assert saved.hsk_level == 5 and saved.pinyin == "level"
        assert saved.tone_colours == list(TONE_PALETTES.values())[1]
        await pilot.press("escape")
        await pilot.pause(0.3)
        reading = app.screen
        assert reading.settings.pinyin == "level" and reading.settings.hsk_level == 5


async def test_the_script_is_kept_per_text_and_new_texts_open_in_the_default(fresh_home, tmp_path):
    """Finding 11: the script was global, so a traditional text opened in simplified
    after reading a simplified one with s."""
    simple, traditional = tmp_path / "a.txt", tmp_path / "b.txt"
    simple.write_text("我们今天学习中文。\n", encoding="utf-8")
    traditional.write_text("我們今天學習中文。\n", encoding="utf-8")

    async def open_(path, presses=()):
        app = make_app(str(path), doc=load_document(path), store=Store())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            for key in presses:
                await pilot.press(key)
                await pilot.pause()
            return app.screen.shown_script

    assert await open_(simple, ["s"]) == "simplified"  # chosen for this text
    assert await open_(traditional) == "traditional"  # its own, not the last one's
    assert await open_(traditional, ["s"]) == "simplified"
    assert await open_(traditional) == "simplified"  # kept for this text
    assert await open_(simple) == "simplified"


async def test_the_table_of_contents_shows_each_section_and_jumps(fresh_home):
    """A table of contents (t): each section with its read state and quiz score; Enter
    goes to the section's first paragraph."""
    from textual.widgets import OptionList

    app = article_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        doc = app.screen.doc
        store = app.reader_context.store
        store.mark_section_read(doc.id, 1)
        store.record_answer(doc.id, "q1", 1, "a", True)
        await pilot.press("t")
        await settle(pilot)
        options = app.screen.query_one("#contents-list", OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(lines) == len(doc.sections)
        assert "✓ read" in lines[0] and "1 of 1 right" in lines[0] and lines[0].startswith("▸")
        assert "unread" in lines[2]
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert app.screen.position.paragraph_id == doc.sections[2].paragraphs[0].id


async def test_the_mouse_moves_the_cursor_opens_words_and_scrolls(fresh_home):
    """Mouse: a click on a word moves the cursor there and opens its popup; a click on
    another paragraph beside its words makes it current; the wheel scrolls."""
    from textual import events

    from reader.tui.screens.popup import WordPopup

    app = article_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        passage = screen.query_one("#passage", PassageView)
        target = "s1p2"
        rows = passage.block_rows[target]
        y = rows[0] + 1  # the first line of characters (under its pinyin)
        spots = {passage.hit(x, y): x for x in reversed(range(passage.size.width))}
        word = next(
            i
            for i, t in enumerate(screen._shown(target))
            if i and (target, i) in spots and any("\u4e00" <= c <= "\u9fff" for c in t.text)
        )
        await pilot.click(PassageView, offset=(spots[(target, word)], y))
        await settle(pilot)
        assert screen.position.paragraph_id == target and screen.position.cursor == word
        assert isinstance(app.screen, WordPopup)
        assert app.screen.token.text == screen._shown(target)[word].text
        await pilot.press("escape")
        await pilot.pause(0.3)
        # beside the words: the right margin of s1p3's first row
        rows = passage.block_rows["s1p3"]
        scroll = screen.query_one("#passage-scroll")
        await pilot.click(PassageView, offset=(passage.size.width - 1, rows[0]))
        await settle(pilot)
        assert screen.position.paragraph_id == "s1p3" and app.screen is screen
        now = [1000.0]
        screen.clock = lambda: now[0]

        async def wheel(event_type, after: float) -> None:
            now[0] += after
            scroll.post_message(event_type(scroll, 5, 5, 0, 0, 0, False, False, False))
            await settle(pilot)

        ids = screen.doc.paragraph_ids()
        for _ in range(3):  # all of it in view: each tick is the next paragraph
            await wheel(events.MouseScrollDown, 1.0)
        assert screen.position.paragraph_id == ids[ids.index("s1p3") + 3]
        await wheel(events.MouseScrollDown, 0.01)  # a trackpad's burst: one move at most
        assert screen.position.paragraph_id == ids[ids.index("s1p3") + 3]
        await wheel(events.MouseScrollUp, 1.0)
        assert screen.position.paragraph_id == ids[ids.index("s1p3") + 2]


async def test_the_wheel_scrolls_a_paragraph_taller_than_the_view_first(fresh_home):
    from textual import events

    app = article_app()
    async with app.run_test(size=(60, 20)) as pilot:
        screen, longest = await at_the_longest_paragraph(pilot)
        scroll = screen.query_one("#passage-scroll")
        before = scroll.scroll_offset.y
        scroll.post_message(events.MouseScrollDown(scroll, 5, 5, 0, 0, 0, False, False, False))
        await settle(pilot)
        assert scroll.scroll_offset.y > before and screen.position.paragraph_id == longest.id
