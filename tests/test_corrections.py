"""Corrections by the learner and the teacher: split, join and another reading, kept in
a plain TOML file, applied to every text, script, popup, export and `reader annotate`."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from reader import paths
from reader.annotated.document import open_annotated
from reader.cli.main import main
from reader.errors import ReaderError
from reader.lang.annotate import Annotator
from reader.lang.corrections import (
    NO_CORRECTIONS,
    parse_corrections,
    parse_reading,
    reading_choices,
)
from reader.lang.glossary import bundled_glossary
from reader.study.assignment import load_assignment, make_assignment
from reader.study.store import Store
from reader.text.library import open_text
from reader.tui.app import make_app
from reader.tui.settings import Settings


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator(bundled_glossary())


def words(tokens) -> list[str]:
    return [t.text for t in tokens]


def reading(tokens, word: str) -> str:
    return " ".join(next(t.pinyin for t in tokens if t.text == word))


# the file
def test_a_file_in_either_script_with_marks_or_numbers():
    found = parse_corrections(
        'join = ["僅需"]\n[split]\n"他教" = "他 教"\n[reading]\n"長時間" = "chang2 shi2 jian1"\n'
        '"还书" = "huán shū"\n"女" = "nv3"\n',
        "c.toml",
    )
    assert found.joins == {"仅需"}
    assert found.splits == {"他教": ("他", "教")}
    assert found.readings == {
        "长时间": ("cháng", "shí", "jiān"),
        "还书": ("huán", "shū"),
        "女": ("nǚ",),
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[reading]\n"长时间" = "chang2"\n', "长时间: 'chang2' has 1 syllable for 3 characters"),
        ('[reading]\n"长" = "xyz2"\n', "'xyz2' is not a pinyin syllable"),
        ('[reading]\n"长" = 2\n', "the reading must be a string"),
        ('[split]\n"他教" = "他 我"\n', "must cut the word into two or more pieces"),
        ('[split]\n"他教" = "他教"\n', "must cut the word into two or more pieces"),
        ('join = ["abc"]\n', "is not a Chinese word"),
        ('join = ["他\\u001b[31m"]\n', "has spaces or control characters"),
        ('join = ["他教"]\n[split]\n"他教" = "他 教"\n', "他教 is both joined and split"),
        ("[reading\n", "not valid TOML"),
        ("join = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ('[reading]\n"长时间" = "cháng shí jiān"\n"長時間" = "zhǎng shí jiān"\n', "given twice"),
        ('colour = "red"\n', "colour"),
    ],
)
def test_a_bad_file_is_one_line_naming_the_file_and_the_entry(text, problem):
    with pytest.raises(ReaderError) as caught:
        parse_corrections(text, "mine.corrections.toml")
    message = str(caught.value)
    assert "mine.corrections.toml" in message and problem in message
    assert "\n" not in message


han = st.text(st.sampled_from("他教我中文长时间仅需用还书行重"), min_size=2, max_size=5)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(han, st.sampled_from(["zhōng", "cháng", "xíng", "le"]), max_size=4),
    st.sets(han, max_size=3),
    st.lists(han, max_size=3),
)
def test_what_is_written_reads_back_the_same(readings, joins, splits):
    made = NO_CORRECTIONS
    for word, syllable in readings.items():
        made = made.with_reading(word, (syllable,) * len(word))
    for word in joins:
        made = made.with_join(word)
    for word in splits:
        made = made.with_split(word, (word[0], word[1:]))
    assert parse_corrections(made.to_toml(), "c.toml") == made


def test_the_last_of_split_and_join_wins():
    split = NO_CORRECTIONS.with_split("他教", ("他", "教"))
    assert split.with_join("他教").joins == {"他教"} and not split.with_join("他教").splits
    # a joined word split where the learner chose, not only the join forgotten
    joined = NO_CORRECTIONS.with_join("很长时间")
    again = joined.with_split("很长时间", ("很长", "时间"))
    assert again.splits == {"很长时间": ("很长", "时间")} and not again.joins
    with pytest.raises(ValueError):
        NO_CORRECTIONS.with_join("长" * 17)


def test_readings_offered_are_ones_the_file_takes_back():
    # CC-CEDICT has biā for 吧 and xx for some characters: never offered, as the
    # learner's file would then be refused on the next start
    choices = reading_choices("吧", ("ba",), ["bā", "biā", "xx", "ba"])
    assert ("biā",) not in choices and ("xx",) not in choices
    for reading in choices:
        parse_reading(" ".join(reading), "吧")


def test_a_changed_split_or_a_kind_changed_re_annotates_the_block(fresh_home, text):
    adoc = open_annotated(open_text(str(text)))
    adoc.tokens("s1p1")
    first = NO_CORRECTIONS.with_split("长时间", ("长", "时间"))
    assert adoc.set_corrections(first) == ["s1p1"]
    adoc.tokens("s1p1")
    assert adoc.set_corrections(NO_CORRECTIONS.with_split("长时间", ("长时", "间"))) == ["s1p1"]
    adoc.tokens("s1p1")
    assert adoc.set_corrections(NO_CORRECTIONS.with_join("长时间")) == ["s1p1"]
    adoc.tokens("s1p1")
    reading = NO_CORRECTIONS.with_join("长时间").with_reading("长时间", ("cháng", "shí", "jiān"))
    assert adoc.set_corrections(reading) == ["s1p1"]


def test_error_lines_stay_short():
    with pytest.raises(ReaderError) as caught:
        parse_corrections('[reading]\n"中" = "' + "zhong1" * 100000 + '"\n', "c.toml")
    assert len(str(caught.value)) < 200


def test_the_learner_overrules_the_teacher():
    teacher = parse_corrections('[reading]\n"行" = "háng"\n[split]\n"他教" = "他 教"\n', "t")
    learner = parse_corrections('join = ["他教"]\n[reading]\n"行" = "xíng"\n', "l")
    both = learner.over(teacher)
    assert both.readings == {"行": ("xíng",)}
    assert both.splits == {} and both.joins == {"他教"}


def test_readings_offered_start_with_the_one_used():
    choices = reading_choices("长时间", ("zhǎng", "shí", "jiān"), ["cháng shí jiān"])
    assert choices[:2] == [("zhǎng", "shí", "jiān"), ("cháng", "shí", "jiān")]
    assert ("huán",) in reading_choices("还", ("hái",), ["Huán", "hái", "huán"])


def test_a_reading_must_be_pinyin():
    assert parse_reading("Ma3 si1 ke4", "马斯克") == ("Mǎ", "sī", "kè")
    with pytest.raises(ValueError):
        parse_reading("ma3 si1", "马斯克")


# the pipeline
def test_corrections_split_join_and_read_over_everything(annotator):
    fixed = parse_corrections(
        'join = ["仅需"]\n[split]\n"一点" = "一 点"\n[reading]\n"中文" = "zhong4 wen2"\n',
        "c.toml",
    )
    plain = annotator.annotate("用僅需一點錢，他教我中文。")
    assert "僅需" not in words(plain) and "一點" in words(plain)
    corrected = annotator.annotate("用僅需一點錢，他教我中文。", fixed)
    assert words(corrected)[:4] == ["用", "僅需", "一", "點"]
    assert reading(corrected, "中文") == "zhòng wén"
    assert reading(plain, "中文") == "zhōng wén"
    assert "".join(words(corrected)) == "用僅需一點錢，他教我中文。"


def test_a_reading_correction_overrules_a_glossary_term(annotator):
    term = next(t for t in annotator.annotate("估值很高") if t.term)
    fixed = NO_CORRECTIONS.with_reading(term.simplified, ("gū", "zhì"))
    again = next(t for t in annotator.annotate("估值很高", fixed) if t.term)
    assert again.pinyin == ("gū", "zhì") != term.pinyin


# kept everywhere
@pytest.fixture
def text(tmp_path) -> Path:
    path = tmp_path / "lesson.txt"
    path.write_text("上课\n\n老师教我中文。我们用很长时间学习。\n", encoding="utf-8")
    return path


def write_mine(text: str) -> None:
    paths.corrections_file().write_text(text, encoding="utf-8")


def annotate(*args: str):
    return CliRunner().invoke(main, ["annotate", *args])


def test_a_correction_changes_the_cache_key_and_nothing_stale_shows(fresh_home, text):
    first = open_annotated(open_text(str(text)))
    assert "老师" in words(first.tokens("s1p1"))  # now in the disk cache
    write_mine('[split]\n"老师" = "老 师"\n')
    again = open_annotated(open_text(str(text)))
    assert words(again.tokens("s1p1"))[:3] == ["老", "师", "教"]
    # a block the correction does not touch keeps its row: the title
    assert again._block_key("title", "上课") == first._block_key("title", "上课")
    assert again._block_key("s1p1", again.text("s1p1")) != first._block_key(
        "s1p1", first.text("s1p1")
    )


def test_a_teachers_file_beside_the_text_and_in_the_bundle(fresh_home, text, tmp_path):
    text.with_name("lesson.corrections.toml").write_text(
        '[reading]\n"长时间" = "cháng shí jiān"\n[split]\n"老师" = "老 师"\n', encoding="utf-8"
    )
    result = annotate(str(text), "--format", "json")
    assert result.exit_code == 0, result.stderr
    tokens = json.loads(result.stdout)["sections"][0]["paragraphs"][0]["tokens"]
    assert [t["text"] for t in tokens][:3] == ["老", "师", "教"]
    bundle = make_assignment(str(text), "1", tmp_path / "week.toml", bundle=True)[0]
    text.with_name("lesson.corrections.toml").unlink()  # the bundle carries its own
    assignment = load_assignment(bundle)
    assert assignment.corrections is not None
    adoc = open_annotated(assignment.document, assignment.corrections)
    assert words(adoc.tokens("s1p1"))[:3] == ["老", "师", "教"]
    # and the learner's own still lie over the teacher's
    write_mine('join = ["老师"]\n')
    adoc = open_annotated(assignment.document, assignment.corrections)
    assert words(adoc.tokens("s1p1"))[0] == "老师"


def test_a_malformed_file_is_one_warning_and_the_defaults(fresh_home, text):
    write_mine('[reading]\n"中文" = "zhong4"\n')
    result = annotate(str(text))
    assert result.exit_code == 0
    assert "zhōngwén" in result.stdout
    warning = result.stderr.strip()
    assert warning.count("\n") == 0 and "corrections.toml" in warning
    assert "your corrections are not used" in warning


def test_a_damaged_bundle_table_stops_the_assignment(fresh_home, text, tmp_path):
    text.with_name("lesson.corrections.toml").write_text('join = ["老师"]\n', encoding="utf-8")
    bundle = make_assignment(str(text), "1", tmp_path / "week.toml", bundle=True)[0]
    bundle.write_text(
        bundle.read_text("utf-8").replace('join = ["老师"]', 'join = ["x"]'), encoding="utf-8"
    )
    with pytest.raises(ReaderError, match=r"\[bundle.corrections\].*not a Chinese word"):
        load_assignment(bundle)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def cursor_to(pilot, word: str, key: str = "l") -> None:
    """Move the word cursor (`key`: l forwards, h back) until it is on `word`."""
    for _ in range(12):
        if under_cursor(pilot.app) == word:
            return
        await pilot.press(key)
    assert under_cursor(pilot.app) == word, shown(pilot.app)


def under_cursor(app) -> str:
    return shown(app)[app.screen.position.cursor]


def shown(app) -> list[str]:
    screen = app.screen
    return [t.text for t in screen._shown(screen.position.paragraph_id)]


async def test_split_join_and_reading_in_the_reader_survive_a_restart(fresh_home, text, tmp_path):
    def app():
        return make_app(str(text), doc=open_text(str(text)), settings=Settings(), store=Store())

    first = app()
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert shown(first)[:2] == ["老师", "教"]
        await pilot.press("x")  # 老师: two characters, split at once
        await settle(pilot)
        assert shown(first)[:3] == ["老", "师", "教"]
        assert first.screen._shown("s1p1")[2].pinyin == ("jiāo",)
        # the cursor to 很, then join 很 with 长时间
        await cursor_to(pilot, "很")
        await pilot.press("plus")
        await settle(pilot)
        assert "很长时间" in shown(first)
        # another reading of 中文, from the popup: r, then the second choice
        await cursor_to(pilot, "中文", "h")
        await pilot.press("enter")
        await settle(pilot)
        assert type(first.screen).__name__ == "WordPopup"
        await pilot.press("a", "r")
        await settle(pilot)
        assert type(first.screen).__name__ == "ChoiceScreen"
        options = first.screen.options
        await pilot.press("2")
        await settle(pilot)
        assert type(first.screen).__name__ == "ReadingScreen"
    chosen = tuple(options[1].split("  ")[0].split())
    saved = paths.corrections_file().read_text("utf-8")
    assert '"老师" = "老 师"' in saved and '"很长时间"' in saved and '"中文" = ' in saved

    second = app()
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert shown(second)[:3] == ["老", "师", "教"] and "很长时间" in shown(second)
        assert second.screen._shown("s1p1")[4].pinyin == chosen
        await pilot.press("l", "l", "l", "l", "enter")
        await settle(pilot)
        popup = second.screen
        assert "(your correction)" in str(popup.query_one("#popup-reading").render())

    result = annotate(str(text))
    assert f"中文({''.join(chosen)})" in result.stdout and "老(lǎo)师(shī)教(jiāo)" in result.stdout
    deck = tmp_path / "words.apkg"
    out = CliRunner().invoke(main, ["vocab", "export", "--anki", str(deck)])
    assert out.exit_code == 0, out.stderr
    with zipfile.ZipFile(deck) as archive:
        archive.extract("collection.anki2", tmp_path)
    notes = sqlite3.connect(tmp_path / "collection.anki2").execute("SELECT flds FROM notes")
    assert any(chosen[0] in row[0] for row in notes)


async def test_the_texts_reading_is_not_called_yours_and_cannot_be_forgotten(fresh_home, text):
    text.with_name("lesson.corrections.toml").write_text(
        '[reading]\n"中文" = "zhong4 wen2"\n', encoding="utf-8"
    )
    app = make_app(str(text), doc=open_text(str(text)), settings=Settings(), store=Store())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await cursor_to(pilot, "中文")
        await pilot.press("enter")
        await settle(pilot)
        line = str(app.screen.query_one("#popup-reading").render())
        assert "Zhòngwén" in line and "(the text's correction)" in line
        await pilot.press("r")
        await settle(pilot)
        assert not any("forget" in option for option in app.screen.options)
        await pilot.press("escape")
        await settle(pilot)
    assert not paths.corrections_file().exists()  # nothing written for the learner


async def test_a_refused_change_leaves_the_vocabulary_as_it_was(fresh_home, text):
    write_mine('[reading]\n"中文" = "zhong4"\n')  # bad: refused, never written over
    app = make_app(str(text), doc=open_text(str(text)), settings=Settings(), store=Store())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await cursor_to(pilot, "中文")
        await pilot.press("enter", "a", "r")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
    assert paths.corrections_file().read_text("utf-8") == '[reading]\n"中文" = "zhong4"\n'
    assert [r.pinyin for r in Store().vocabulary()] == ["Zhōngwén"]  # CC-CEDICT: a name


async def test_a_reading_chosen_from_a_question_shows_in_the_question(fresh_home):
    app = make_app("deepseek", doc=open_text("deepseek"), settings=Settings(), store=Store())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        quiz = app.screen
        assert type(quiz).__name__ == "QuestionsScreen"
        for _ in range(30):  # a word of the prompt with more than one reading
            tokens = quiz._prompt_tokens()
            token = tokens[quiz.word_cursor]
            if len(reading_choices(token.simplified, token.pinyin)) > 1:
                break
            await pilot.press("l")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        chosen = tuple(app.screen.options[1].split("  ")[0].split())
        await pilot.press("2")
        await settle(pilot)
        assert app.screen is quiz
        assert quiz._prompt_tokens()[quiz.word_cursor].pinyin == chosen
        drawn = quiz.query_one("#quiz-ruby")._blocks[0].tokens[quiz.word_cursor]
        assert drawn.pinyin == chosen  # drawn again on the way back from the popup


def test_a_change_keeps_the_learners_comments_and_spelling(fresh_home):
    from reader.annotated.corrections_file import change_learner_corrections

    mine = (
        "# my corrections, shared with my class\n"
        'join = ["僅需"]  # as in the news\n\n'
        "[reading]\n"
        "# the dynasty\n"
        '"長時間" = "chang2 shi2 jian1"\n'
    )
    write_mine(mine)
    changed = change_learner_corrections(lambda c: c.with_split("老师", ("老", "师")))
    saved = paths.corrections_file().read_text("utf-8")
    for kept in ("# my corrections, shared with my class", "# as in the news", "# the dynasty"):
        assert kept in saved
    assert '"長時間" = "chang2 shi2 jian1"' in saved and '"僅需"' in saved
    assert parse_corrections(saved, "c") == changed
    assert changed.splits == {"老师": ("老", "师")} and changed.joins == {"仅需"}
    # forgetting an entry removes only its line
    again = change_learner_corrections(lambda c: c.with_reading("长时间", None))
    saved = paths.corrections_file().read_text("utf-8")
    assert "長時間" not in saved and "# my corrections" in saved
    assert parse_corrections(saved, "c") == again


def test_a_word_written_with_著_is_the_word_the_annotator_reads():
    # the annotator writes 著 as 着 outside 著名 and the like (simplified_form): a
    # correction, a glossary form and a look-up written 著急 meet the token 着急
    from reader.lang.annotate import Annotator
    from reader.lang.glossary import bundled_glossary
    from reader.lang.lookup import look_up

    found = parse_corrections('[reading]\n"著急" = "zhao2 ji5"\n', "c.toml")
    assert found.readings == {"着急": ("zháo", "ji")}
    tokens = Annotator().annotate("他著急地跑了。", found)
    assert [t.pinyin for t in tokens if t.text == "著急"] == [("zháo", "ji")]
    marked = Annotator(bundled_glossary()).annotate("採用表面黏著技術生產。")
    assert any(t.term and "黏著" in t.text for t in marked), marked
    info = look_up("著急")
    assert info.simplified == "着急" and info.dictionary.entries, info
