"""A proper noun's pinyin as CC-CEDICT writes it, in the popup, `reader lookup`, the
vocabulary and its exports; over the text it keeps one syllable per character."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reader.cli.main import main
from reader.lang.lookup import look_up
from reader.lang.names import name_pinyin, written


@pytest.mark.parametrize(
    ("cedict", "expected"),
    [
        ("Huá ěr Jiē", "Huá'ěr Jiē"),
        ("Mǎ sī kè", "Mǎsīkè"),
        ("Xī ān", "Xī'ān"),
        ("Nèi měng gǔ", "Nèiměnggǔ"),
        ("hái", "hái"),  # not a name: as it is
        ("háng yè", "háng yè"),
    ],
)
def test_cedict_capitals_start_the_words_of_a_name(cedict, expected):
    assert written(cedict) == expected


def test_a_glossary_name_is_a_word_per_dotted_part():
    syllables = ["shān", "mǔ", "ào", "tè", "màn"]
    assert name_pinyin("山姆·奥特曼", syllables, is_name=True) == "Shānmǔ Àotèmàn"
    assert name_pinyin("山姆·奥特曼", syllables) is None  # not known as a name


def test_cedict_reading_must_match_the_reading_here():
    # a reading CC-CEDICT also gives a common word is no name: 特斯拉 the unit, 年 the
    # year (not the surname Nián); a glossary entity is still written as a name
    assert name_pinyin("特斯拉", ["tè", "sī", "lā"], ["Tè sī lā", "tè sī lā"]) is None
    assert name_pinyin("年", ["nián"], ["Nián", "nián"]) is None
    assert name_pinyin("特斯拉", ["tè", "sī", "lā"], ["tè sī lā"], is_name=True) == "Tèsīlā"
    # a reading CC-CEDICT gives only to another word is no name
    assert name_pinyin("还", ["hái"], ["Huán", "hái"]) is None


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("马斯克", "Mǎsīkè"),
        ("華爾街", "Huá'ěr Jiē"),
        ("山姆·奧特曼", "Shānmǔ Àotèmàn"),
        ("朝鲜", "Cháoxiǎn"),
    ],
)
def test_lookup_writes_names_as_names(word, name):
    info = look_up(word)
    syllables = (
        info.glossary.pinyin if info.glossary else info.dictionary.entries[0].pinyin.lower().split()
    )
    assert info.written_pinyin(syllables) == name
    result = CliRunner().invoke(main, ["lookup", word])
    assert result.exit_code == 0 and name in result.output


def test_a_common_word_is_written_syllable_by_syllable():
    assert look_up("行业").written_pinyin(("háng", "yè")) == "háng yè"


async def test_the_popup_and_the_vocabulary_write_the_name(fresh_home):
    from reader.study.store import Store
    from reader.text.library import open_text
    from reader.tui.app import make_app
    from reader.tui.settings import Settings

    app = make_app("deepseek", doc=open_text("deepseek"), settings=Settings(), store=Store())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = app.screen
        for _ in range(400):
            tokens = screen._shown(screen.position.paragraph_id)
            if tokens[screen.position.cursor].simplified == "华尔街":
                break
            await pilot.press("l")
            if screen.position.cursor == len(tokens) - 1 or not tokens[screen.position.cursor :]:
                await pilot.press("j")
            await app.workers.wait_for_complete()
        assert tokens[screen.position.cursor].simplified == "华尔街"
        await pilot.press("enter")
        await pilot.pause()
        popup = app.screen
        assert "Huá'ěr Jiē" in str(popup.query_one("#popup-reading").render())
        await pilot.press("a")
        await pilot.pause()
    assert [r.pinyin for r in Store().vocabulary()] == ["Huá'ěr Jiē"]
