"""The learner chooses our glossary's domains (settings, --domain) and adds glossary files
of their own (a path in the settings, NAME.glossary.toml beside a text, carried in an
assignment bundle); a bad file is one line and the rest still explain words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader import paths
from reader.annotated.document import open_annotated
from reader.annotated.glossary_file import (
    GlossaryChoice,
    choose_glossary,
    parse_domains,
)
from reader.cli.main import main
from reader.errors import ReaderError
from reader.lang.glossary import bundled_domains, bundled_glossary
from reader.study.assignment import load_assignment, make_assignment
from reader.study.store import Store
from reader.text.library import open_text
from reader.tui.app import make_app
from reader.tui.settings import (
    GLOSSARY_SETS,
    Settings,
    edited_settings,
    load_settings,
)

TEXT = "央行宣布降息，市场估值上升。\n\n英伟达的芯片与算力。\n"

OWN = """\
domain = "lesson"

[[term]]
id = "my-valuation"
kind = "term"
simplified = "估值"
traditional = "估值"
pinyin = "gū zhí"
english = ["valuation (the teacher's note)"]
explanation = "Our class's own explanation."
explanation_zh = "老师的解释。"
related = ["rate-cut"]

[[term]]
id = "market-mood"
kind = "term"
simplified = "市场情绪"
traditional = "市場情緒"
pinyin = "shì chǎng qíng xù"
english = ["market sentiment"]
explanation = "How traders feel."
explanation_zh = "交易者的情绪。"
"""


@pytest.fixture
def text(fresh_home, tmp_path) -> Path:
    path = tmp_path / "news.txt"
    path.write_text("新闻\n\n" + TEXT, encoding="utf-8")
    return path


def terms(adoc, block_id: str = "s1p1") -> dict[str, str | None]:
    return {t.text: t.term for t in adoc.tokens(block_id)}


def test_the_domains_are_the_files_and_every_entry_is_in_its_files_domain():
    domains = bundled_domains()
    assert len(domains) >= 10 and "ai" in domains and "monetary" in domains
    assert {e.domain for e in bundled_glossary().entries.values()} == set(domains)
    # the settings screen's sets name real domains, and together cover them all
    named = {d for chosen in GLOSSARY_SETS.values() for d in chosen or ()}
    assert named == set(domains)


def test_only_the_chosen_domains_explain_words(text):
    every = open_annotated(open_text(str(text)))
    assert terms(every)["降息"] == "rate-cut" and terms(every)["估值"] == "valuation"
    ai = open_annotated(open_text(str(text)), choice=GlossaryChoice(("ai",)))
    assert terms(ai)["降息"] is None and terms(ai)["估值"] is None
    assert terms(ai, "s1p2")["英伟达"] == "nvidia"
    # another glossary, another cache key: neither reads the other's annotations
    assert ai._key() != every._key()
    again = open_annotated(open_text(str(text)))
    assert terms(again)["降息"] == "rate-cut"
    # all the domains named is the bundled glossary itself (its cache and seeds)
    assert choose_glossary(None, GlossaryChoice(bundled_domains())).is_bundled


def test_a_file_beside_the_text_adds_and_overrides_entries(text):
    text.with_name("news.glossary.toml").write_text(OWN, encoding="utf-8")
    adoc = open_annotated(open_text(str(text)))
    assert not adoc.problems
    assert terms(adoc)["估值"] == "my-valuation"  # the teacher's entry, not ours
    assert terms(adoc)["降息"] == "rate-cut"  # ours still explain the rest
    entry = adoc.annotator.glossary.get("my-valuation")
    assert entry is not None and entry.domain == "lesson"
    # its related id names one of ours, shown as that entry
    from reader.lang.lookup import look_up

    info = look_up("估值", adoc.chosen.glossary())
    assert [e.simplified for e in info.related] == ["降息"]
    assert "(the teacher's note)" in info.to_text()


def test_own_files_are_on_whatever_domains_are_off(text):
    text.with_name("news.glossary.toml").write_text(OWN, encoding="utf-8")
    adoc = open_annotated(open_text(str(text)), choice=GlossaryChoice(("ai",)))
    assert terms(adoc)["估值"] == "my-valuation" and terms(adoc)["降息"] is None


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: s.replace('pinyin = "gū zhí"', 'pinyin = "gū"'), "syllables"),
        (lambda s: s.replace('related = ["rate-cut"]', 'related = ["nope"]'), "'nope'"),
        (lambda s: s.replace("[[term]]", "[[term]]\ncolour = 1", 1), "colour"),
        (lambda s: s.replace('id = "market-mood"', 'id = "my-valuation"'), "duplicate id"),
        (lambda s: s + "[[term", "TOML"),
    ],
)
def test_a_bad_file_is_one_line_and_ours_still_explain(text, change, problem):
    text.with_name("news.glossary.toml").write_text(change(OWN), encoding="utf-8")
    adoc = open_annotated(open_text(str(text)))
    (line,) = adoc.problems
    assert "news.glossary.toml" in line and problem in line and "\n" not in line
    assert "not used" in line
    assert terms(adoc)["估值"] == "valuation"  # ours: nothing from the bad file
    result = CliRunner().invoke(main, ["annotate", str(text)])
    assert result.exit_code == 0
    assert result.stderr.count("\n") == 1 and "news.glossary.toml" in result.stderr


def test_a_file_that_is_not_text_or_too_large_is_one_line(text):
    beside = text.with_name("news.glossary.toml")
    beside.write_bytes(b"\xff\xfe\x00bad")
    (line,) = open_annotated(open_text(str(text))).problems
    assert "UTF-8" in line
    beside.write_bytes(b"# " + b"x" * (5 * 2**20))
    (line,) = open_annotated(open_text(str(text))).problems
    assert "too large" in line


def test_the_learners_files_from_the_settings_lie_over_the_texts(text, tmp_path):
    text.with_name("news.glossary.toml").write_text(OWN, encoding="utf-8")
    mine = OWN.replace("Our class's own explanation.", "My own words.").replace(
        "(the teacher's note)", "(mine)"
    )
    (paths.settings_file().parent).mkdir(parents=True, exist_ok=True)
    (paths.settings_file().parent / "words.toml").write_text(mine, encoding="utf-8")
    paths.settings_file().write_text('glossary_files = ["words.toml"]\n', encoding="utf-8")
    settings, problem = load_settings()
    assert problem is None and settings.glossary_files == ("words.toml",)
    adoc = open_annotated(open_text(str(text)), choice=settings.glossary_choice())
    entry = adoc.annotator.glossary.get("my-valuation")
    assert entry is not None and entry.english == ("valuation (mine)",)
    result = CliRunner().invoke(main, ["lookup", "估值"])
    assert result.exit_code == 0 and "My own words." in result.stdout
    result = CliRunner().invoke(main, ["glossary", "市场情绪"])
    assert result.exit_code == 0 and "market sentiment" in result.stdout
    # a file named in the settings that is gone: one line, the rest as before
    paths.settings_file().write_text('glossary_files = ["gone.toml"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["lookup", "降息"])
    assert result.exit_code == 0 and "rate-cut" in result.stdout
    assert "gone.toml" in result.stderr and "no such file" in result.stderr


def test_domain_on_the_command_line(text):
    result = CliRunner().invoke(main, ["annotate", str(text), "--format", "json", "--domain", "ai"])
    assert result.exit_code == 0, result.stderr
    tokens = json.loads(result.stdout)["sections"][0]["paragraphs"][0]["tokens"]
    marked = {t["text"]: t.get("term") for t in tokens}
    assert marked["降息"] is None and marked["估值"] is None
    result = CliRunner().invoke(main, ["annotate", str(text), "--format", "json"])
    tokens = json.loads(result.stdout)["sections"][0]["paragraphs"][0]["tokens"]
    assert {t["text"]: t.get("term") for t in tokens}["降息"] == "rate-cut"
    result = CliRunner().invoke(main, ["lookup", "降息", "--domain", "ai,chips"])
    assert result.exit_code == 0 and "rate-cut" not in result.stdout
    result = CliRunner().invoke(main, ["annotate", str(text), "--domain", "ai,gardening"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "gardening" in result.stderr
    assert "monetary" in result.stderr  # the domains there are
    with pytest.raises(ReaderError, match="no glossary domain"):
        parse_domains(" , ")


def test_the_settings_file_keeps_a_valid_choice_and_drops_an_unknown_domain(fresh_home):
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text(
        'glossary_domains = ["ai", "gardening"]\nglossary_files = "x"\n', encoding="utf-8"
    )
    settings, problem = load_settings()
    assert settings.glossary_domains == ("ai",) and settings.glossary_files == ()
    assert problem is not None and "glossary_files' must be a list" in problem
    paths.settings_file().write_text('glossary_domains = ["ai", "gardening"]\n', encoding="utf-8")
    settings, problem = load_settings()
    assert settings.glossary_domains == ("ai",)
    assert problem is not None and "unknown domain 'gardening'" in problem
    # saved as a list; every domain again removes the key
    out, _ = edited_settings("pinyin = 'marks'\n", {"glossary_domains": ("ai", "chips")})
    assert 'glossary_domains = ["ai", "chips"]' in out
    out, _ = edited_settings(out, {"glossary_domains": None})
    assert "glossary_domains" not in out and "pinyin" in out


def test_a_bundle_carries_the_texts_glossary(text, tmp_path):
    text.with_name("news.glossary.toml").write_text(OWN, encoding="utf-8")
    bundle = make_assignment(str(text), "1", tmp_path / "week.toml", bundle=True)[0]
    text.with_name("news.glossary.toml").unlink()  # the bundle carries its own
    assignment = load_assignment(bundle)
    assert assignment.glossary is not None
    assert {e.id for e in assignment.glossary} == {"my-valuation", "market-mood"}
    adoc = open_annotated(assignment.document, shipped_glossary=assignment.glossary)
    assert terms(adoc)["估值"] == "my-valuation"
    # a damaged table stops the assignment with one line
    bundle.write_text(
        bundle.read_text("utf-8").replace('pinyin = "gū zhí"', 'pinyin = "gū"'), encoding="utf-8"
    )
    with pytest.raises(ReaderError, match=r"\[bundle.glossary\].*my-valuation") as caught:
        load_assignment(bundle)
    assert "\n" not in str(caught.value)


def test_a_bad_file_beside_the_text_stops_its_bundle(text, tmp_path):
    text.with_name("news.glossary.toml").write_text(OWN.replace("gū zhí", "gū"), encoding="utf-8")
    with pytest.raises(ReaderError, match="news.glossary.toml"):
        make_assignment(str(text), "1", tmp_path / "week.toml", bundle=True)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_turning_domains_off_in_the_settings_screen_reads_the_text_again(text):
    app = make_app(str(text), doc=open_text(str(text)), settings=Settings(), store=Store())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert {t.text: t.term for t in screen._shown("s1p1")}["降息"] == "rate-cut"
        await pilot.press("o")
        await settle(pilot)
        settings_screen = app.screen
        rows = [row.key for row in settings_screen.rows]
        for _ in range(rows.index("glossary_domains")):
            await pilot.press("j")
        await pilot.press("right", "right")  # every domain -> finance -> AI and technology
        await settle(pilot)
        assert app.settings.glossary_domains == GLOSSARY_SETS["AI and technology, with names"]
        await pilot.press("escape")
        await settle(pilot)
        assert {t.text: t.term for t in screen._shown("s1p1")}["降息"] is None
        assert {t.text: t.term for t in screen._shown("s1p2")}["英伟达"] == "nvidia"
    saved, _ = load_settings()
    assert saved.glossary_domains == GLOSSARY_SETS["AI and technology, with names"]
