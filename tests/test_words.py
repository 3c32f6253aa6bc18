"""Words that follow the learner: a status per word (new, learning 1-4, known, ignored),
marked on screen, counted per text, reviewed with FSRS and carried between machines."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler, State
from hypothesis import given
from hypothesis import strategies as st

from reader import paths
from reader.errors import ReaderError
from reader.study.progress import export_progress, import_progress, progress_data
from reader.study.review import CONTEXT, RECOGNITION, Reviewer, start_of_day
from reader.study.store import MIGRATIONS, Store
from reader.study.words import KNOWN, NEW, Share, new_words_by_frequency, share_of
from reader.text.library import open_text
from reader.tui.app import make_app
from reader.tui.settings import Settings

T0 = 1_796_000_000.0  # a fixed clock (2026-11-30)


class Clock:
    def __init__(self, at: float = T0) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


# statuses and shares (pure)
def test_share_counts_distinct_chinese_words_and_leaves_ignored_out():
    words = ["估值", "估值", "市场", "英伟达", "2025", "AI", "的"]
    share = share_of(words, {"估值": KNOWN, "英伟达": "ignored", "市场": "2"})
    assert share == Share(words=3, known=1, learning=1, new=1)
    assert share.describe() == "33% known · 1 new"
    assert share_of([], {}).describe() == "no words yet"
    assert new_words_by_frequency(["的", "估值", "的", "AI"], {"估值": KNOWN}) == [("的", 2)]


@given(st.lists(st.sampled_from(["估值", "市场", "银行", "的", "12", "GPU"])), st.data())
def test_a_share_adds_up(words, data):
    statuses = {
        w: data.draw(st.sampled_from(["1", "4", KNOWN, "ignored"]))
        for w in set(words)
        if data.draw(st.booleans())
    }
    share = share_of(words, statuses)
    assert share.known + share.learning + share.new == share.words
    assert 0.0 <= share.known_share <= 1.0


# the store
def test_a_status_per_word_the_latest_change_wins(fresh_home):
    store = Store()
    assert store.set_status("估值", "2", at=T0)
    store.set_status("估值", KNOWN, at=T0 - 10)  # older (another machine's): ignored
    assert store.statuses() == {"估值": "2"}
    store.set_statuses(["市场", "银行"], KNOWN)
    assert store.known_words() == {"市场", "银行"}
    store.set_status("市场", NEW)  # back to new: no longer listed, but remembered as a change
    assert "市场" not in store.statuses()
    assert ("市场", NEW) in {(w, s) for w, s, _ in store.table_rows("word_status")}


def test_an_old_database_keeps_its_known_words(fresh_home):
    path = paths.progress_db()
    path.parent.mkdir(parents=True, exist_ok=True)
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:6]:
        old.executescript(script)
    old.execute("PRAGMA user_version = 6")
    old.execute(
        "INSERT INTO vocabulary (word, simplified, traditional, pinyin, english, sentence, "
        "doc_id, known, added) VALUES ('估值', '估值', '估值', 'gū zhí', 'v', '', 'd', 1, 1.0)"
    )
    old.commit()
    old.close()
    store = Store(path)
    assert store.known_words() == {"估值"}
    assert store.vocabulary()[0].status == KNOWN


# review, against py-fsrs itself
def reviewer_with(words: list[str], new_per_day: int = 20) -> tuple[Reviewer, Clock]:
    clock = Clock()
    reviewer = Reviewer(Store(), clock=clock, new_per_day=new_per_day)
    for word in words:
        reviewer.store.set_status(word, "1", at=clock.at)
        reviewer.add_word(word)
        clock.at += 1
    return reviewer, clock


def test_scheduling_is_fsrs_with_a_fixed_clock(fresh_home):
    reviewer, clock = reviewer_with(["估值"])
    scheduler = Scheduler(enable_fuzzing=False)
    expected = Card(card_id=1, due=dt.datetime.fromtimestamp(clock.at, dt.UTC))
    for rating in (3, 3, 1, 3, 4, 2):
        card = reviewer.next_card(clock.at)
        assert card is not None and card.word == "估值"
        after = reviewer.rate(card, rating)
        when = dt.datetime.fromtimestamp(clock.at, dt.UTC)
        expected, _ = scheduler.review_card(expected, Rating(rating), when)
        assert after.card.due == expected.due and after.card.state == expected.state
        assert after.card.stability == pytest.approx(expected.stability)
        stored = reviewer.store.card("估值", RECOGNITION)
        assert stored is not None and stored[4] == pytest.approx(expected.due.timestamp())
        clock.at = expected.due.timestamp()  # come back exactly when due
    assert [r[2] for r in reviewer.store.reviews()] == [3, 3, 1, 3, 4, 2]


def test_a_words_other_card_does_not_come_straight_after_it(fresh_home):
    # each word has two cards (its recognition card and a sentence with it blanked): the
    # second gives nothing away when another word's card comes between them
    clock = Clock()
    reviewer = Reviewer(Store(), clock=clock)
    for word in ("估值", "市场", "银行"):
        reviewer.store.set_status(word, "1", at=clock.at)
        reviewer.add_word(word, f"今天的{word}很好。")
        clock.at += 1
    seen = []
    for _ in range(6):
        card = reviewer.next_card()
        assert card is not None
        seen.append(card.word)
        reviewer.rate(card, 4)  # easy: not back today
        clock.at += 5
    assert sorted(seen) == sorted(["估值", "市场", "银行"] * 2)
    # together only when nothing else is left
    together = [i for i in range(1, len(seen)) if seen[i] == seen[i - 1]]
    assert all(set(seen[i - 1 :]) == {seen[i]} for i in together), seen
    assert together == [5], seen  # 估值 市场 估值 市场 银行 银行


def test_new_cards_come_at_most_the_daily_limit(fresh_home):
    reviewer, clock = reviewer_with(["估值", "市场", "银行", "利率", "债券"], new_per_day=2)
    assert reviewer.counts() == (0, 2)
    for _ in range(2):
        card = reviewer.next_card()
        assert card is not None and card.is_new
        reviewer.rate(card, 4)  # easy: not back today
    assert reviewer.counts() == (0, 0)
    assert reviewer.next_card() is None
    clock.at = start_of_day(clock.at) + 86400 + 3600  # the next day
    assert reviewer.counts()[1] == 2


def test_a_word_looked_up_again_comes_back_sooner(fresh_home):
    reviewer, clock = reviewer_with(["估值"])
    card = reviewer.next_card()
    assert card is not None
    card = reviewer.rate(card, 4)  # easy: graduated to review, days away
    assert card.card.state == State.Review and card.due > clock.at + 86400
    clock.at += 3600
    assert not reviewer.looked_up("估值")  # an hour later: the same session, no lapse
    clock.at += 86400
    assert reviewer.looked_up("估值")  # a day later: forgotten
    again = reviewer.store.card("估值", RECOGNITION)
    assert again is not None and again[4] < clock.at + 3600  # due within the hour
    assert reviewer.store.reviews()[-1][2] == 1
    assert not reviewer.looked_up("市场")  # no card: nothing to bring back


def test_known_and_ignored_words_rest_and_context_cards_blank_the_word(fresh_home):
    reviewer, clock = reviewer_with([])
    reviewer.store.set_status("估值", "1")
    reviewer.add_word("估值", "這家公司的估值很高,估值之高少見。")
    kinds = [c[1] for c in reviewer.store.table_rows("card")]
    assert sorted(kinds) == [CONTEXT, RECOGNITION]
    first = reviewer.next_card()
    assert first is not None and first.kind == RECOGNITION
    reviewer.rate(first, 4)
    context = reviewer.next_card()
    assert context is not None and context.blanked() == "這家公司的＿＿很高,＿＿之高少見。"
    reviewer.store.set_status("估值", KNOWN)
    assert reviewer.counts() == (0, 0) and reviewer.next_card() is None


def test_a_sigkill_during_a_review_loses_no_rating_given_before_it(fresh_home, tmp_path):
    script = textwrap.dedent(
        """
        import sys, time
        from reader.study.review import Reviewer
        from reader.study.store import Store
        store = Store()
        reviewer = Reviewer(store, new_per_day=1000)
        for n in range(400):
            word = "词" + chr(0x4E00 + n)
            store.set_status(word, "1")
            reviewer.add_word(word)
        print("ready", flush=True)
        rated = 0
        while True:
            card = reviewer.next_card()
            if card is None:
                break
            reviewer.rate(card, 3)
            rated += 1
            print(rated, flush=True)
        """
    )
    env = {**os.environ, "READER_HOME": os.environ["READER_HOME"]}
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    confirmed = 0
    while confirmed < 25:
        confirmed = int(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    store = Store()
    reviews = store.reviews()
    assert len(reviews) >= confirmed
    # each rating's card moved with it: no rating without its card's new state
    reviewed = {c[0] for c in store.table_rows("card") if c[5] is not None}
    assert {r[0] for r in reviews} == reviewed


# carrying progress between machines
def rate_once(store: Store, word: str, rating: int, sentence: str = "") -> None:
    """The word's cards made at T0 and its first card rated `rating` then."""
    reviewer = Reviewer(store, clock=Clock(T0))
    reviewer.add_word(word, sentence)
    card = reviewer.next_card()
    assert card is not None and card.word == word
    reviewer.rate(card, rating)


def machine(home: Path, monkeypatch) -> Store:
    monkeypatch.setenv("READER_HOME", str(home))
    return Store()


def test_two_machines_merge_and_neither_loses_anything(tmp_path, monkeypatch):
    laptop = machine(tmp_path / "laptop", monkeypatch)
    laptop.set_status("估值", "2", at=T0)
    laptop.set_status("市场", KNOWN, at=T0 + 50)
    laptop.add_word("估值", "估值", "估值", "gū zhí", "valuation", "估值很高。", "deepseek")
    laptop.opened("deepseek", None, "DeepSeek")
    laptop.save_position("deepseek", "s2p3")
    rate_once(laptop, "估值", 3, sentence="估值很高。")
    laptop_file = tmp_path / "laptop.json"
    export_progress(laptop, laptop_file)
    laptop.close()

    desk = machine(tmp_path / "desk", monkeypatch)
    desk.set_status("估值", KNOWN, at=T0 + 100)  # later than the laptop's "2"
    desk.set_status("银行", "ignored", at=T0)
    desk.set_status("市场", "1", at=T0 + 10)  # earlier than the laptop's known
    desk_file = tmp_path / "desk.json"
    export_progress(desk, desk_file)
    import_progress(desk, laptop_file)
    import_progress(desk, laptop_file)  # twice: nothing doubles
    assert desk.statuses() == {"估值": KNOWN, "银行": "ignored", "市场": KNOWN}
    assert [r.word for r in desk.vocabulary()] == ["估值"]
    assert desk.position("deepseek") == "s2p3"
    assert len(desk.reviews()) == 1
    merged_desk = progress_data(desk)
    desk.close()

    laptop = machine(tmp_path / "laptop", monkeypatch)
    import_progress(laptop, desk_file)
    assert laptop.statuses() == desk_statuses(merged_desk)
    assert len(laptop.reviews()) == 1 and laptop.card("估值", RECOGNITION) is not None


def desk_statuses(data: dict) -> dict[str, str]:
    return {r["word"]: r["status"] for r in data["statuses"] if r["status"] != NEW}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x89PNG\r\n", "UTF-8"),
        (b"[1, 2]", "not a progress file"),
        (b'{"format": "anki"}', "not a reader progress file"),
        (b"{not json", "JSON"),
        (
            b'{"format": "reader-progress", "schema": 9, "statuses": [], "vocabulary": [], '
            b'"cards": [], "reviews": [], "positions": []}',
            "newer reader",
        ),
        (
            b'{"format": "reader-progress", "schema": 1, "statuses": [{"word": "x", '
            b'"status": "known", "changed": 1}], "vocabulary": [], "cards": [], '
            b'"reviews": [], "positions": []}',
            "not a Chinese word",
        ),
        (
            b'{"format": "reader-progress", "schema": 1, "statuses": [{"word": "\xe4\xbc\xb0", '
            b'"status": "mastered", "changed": 1}], "vocabulary": [], "cards": [], '
            b'"reviews": [], "positions": []}',
            "statuses #1",
        ),
        (
            b'{"format": "reader-progress", "schema": 1, "statuses": [], "vocabulary": [], '
            b'"cards": [{"word": "\xe4\xbc\xb0", "kind": "recognition", "sentence": "", '
            b'"state": "{}", "due": 1, "created": 1, "changed": 1}], "reviews": [], '
            b'"positions": []}',
            "FSRS",
        ),
    ],
)
def test_a_damaged_or_foreign_file_is_one_line_and_changes_nothing(
    fresh_home, tmp_path, content, problem
):
    store = Store()
    store.set_status("估值", KNOWN)
    before = progress_data(store, now=0)
    path = tmp_path / "p.json"
    path.write_bytes(content)
    with pytest.raises(ReaderError) as caught:
        import_progress(store, path)
    message = str(caught.value)
    assert "p.json" in message and problem in message and "\n" not in message
    assert progress_data(store, now=0) == before


def test_the_command_line_exports_and_imports(fresh_home, tmp_path):
    from click.testing import CliRunner

    from reader.cli.main import main

    Store().set_status("估值", KNOWN)
    out = tmp_path / "mine.json"
    result = CliRunner().invoke(main, ["progress", "export", str(out)])
    assert result.exit_code == 0 and "1 statuses" in result.stdout
    assert json.loads(out.read_text("utf-8"))["statuses"][0]["word"] == "估值"
    result = CliRunner().invoke(main, ["progress", "import", str(tmp_path / "none.json")])
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = CliRunner().invoke(main, ["progress", "import", str(out)])
    assert result.exit_code == 0, result.stderr


# on screen
async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def article_app(store: Store | None = None, **settings):
    return make_app(
        "deepseek", doc=open_text("deepseek"), settings=Settings(**settings), store=store or Store()
    )


def first_paragraph(app):
    return next(
        b
        for b in app.screen.blocks.passage(
            app.screen.position, app.screen.settings, app.reader_context.statuses, None
        )
        if b.key == "s1p1"
    )


async def test_the_popup_sets_a_status_and_the_text_shows_it(fresh_home):
    app = article_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        word = app.screen._shown("s1p1")[app.screen.position.cursor]
        assert first_paragraph(app).marks[app.screen.position.cursor] == NEW
        await pilot.press("enter")  # looked up: learning 1
        await settle(pilot)
        assert app.reader_context.statuses[word.simplified] == "1"
        assert "Learning 1" in str(app.screen.query_one("#popup-status").render())
        assert "looked up 1 time" in str(app.screen.query_one("#popup-status").render())
        await pilot.press("k")
        await settle(pilot)
        assert app.store.statuses()[word.simplified] == KNOWN
        await pilot.press("escape")
        await settle(pilot)
        assert first_paragraph(app).marks[app.screen.position.cursor] is None
        assert "known" in str(app.screen.query_one("#modes").render())


async def test_pinyin_over_new_words_only(fresh_home):
    app = article_app(pinyin="new")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        block = first_paragraph(app)
        assert block.show_pinyin is not None and all(
            shown for shown, t in zip(block.show_pinyin, block.tokens, strict=True) if t.pinyin
        )
        known = [t.simplified for t in block.tokens if t.pinyin][:3]
        app.reader_context.set_status(known, KNOWN)
        app.screen.refresh_passage()
        block = first_paragraph(app)
        for shown, token in zip(block.show_pinyin, block.tokens, strict=True):
            if token.simplified in known:
                assert not shown


async def test_every_new_word_of_a_paragraph_known_after_a_yes(fresh_home):
    app = article_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("K")
        await settle(pilot)
        assert type(app.screen).__name__ == "ChoiceScreen"
        await pilot.press("2")  # no
        await settle(pilot)
        assert app.store.statuses() == {}
        await pilot.press("K", "1")  # yes
        await settle(pilot)
        marks = first_paragraph(app).marks
        assert marks is not None and not any(marks)
        assert len(app.store.known_words()) > 10


def one_word_to_review() -> tuple[Store, object]:
    """A store with 估值 learning (its two cards new) and the app on it."""
    store = Store()
    store.set_status("估值", "1")
    Reviewer(store).add_word("估值", "估值很高。")
    return store, make_app(settings=Settings(), store=store)


async def open_review(pilot):
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    return pilot.app.screen


async def test_review_screen_shows_and_rates(fresh_home):
    store, app = one_word_to_review()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        assert type(screen).__name__ == "ReviewScreen"
        assert "2 new today" in str(screen.query_one("#review-counts").render())
        await pilot.press("3")  # not before the answer
        assert store.reviews() == []
        await pilot.press("space")
        back = str(screen.query_one("#review-back").render())
        assert "gū zhí" in back and "valuation" in back
        await pilot.press("4")
        await settle(pilot)
        assert [r[2] for r in store.reviews()] == [4]
        assert "1 reviewed now" in str(screen.query_one("#review-counts").render())


async def test_new_words_before_reading_a_section(fresh_home):
    app = article_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "NewWordsScreen"
        first, count = screen.words[0]
        assert count >= screen.words[-1][1]
        await pilot.press("k")
        await settle(pilot)
        assert app.store.statuses()[first] == KNOWN


def test_the_exports_carry_the_status(fresh_home, tmp_path):
    import csv
    import zipfile

    from reader.study.export import export_anki, export_csv

    store = Store()
    store.add_word("估值", "估值", "估值", "gū zhí", "valuation", "估值很高。", "d")
    store.add_word("市场", "市场", "市場", "shì chǎng", "market", "", "d")
    store.set_status("估值", "3")
    store.set_status("市场", KNOWN)
    export_csv(store.vocabulary(), tmp_path / "v.csv")
    with (tmp_path / "v.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["word"], r["status"], r["known"]) for r in rows] == [
        ("估值", "3", "0"),
        ("市场", "known", "1"),
    ]
    export_anki(store.vocabulary(), tmp_path / "v.apkg")
    with zipfile.ZipFile(tmp_path / "v.apkg") as deck:
        deck.extract("collection.anki2", tmp_path)
    collection = sqlite3.connect(tmp_path / "collection.anki2")
    tags = {row[0].strip() for row in collection.execute("SELECT tags FROM notes")}
    collection.close()
    assert tags == {"reader-learning-3", "reader-known"}


def test_a_reviewed_card_is_not_replaced_by_a_fresh_one_from_the_other_machine(
    tmp_path, monkeypatch
):
    desk = machine(tmp_path / "desk", monkeypatch)
    desk.set_status("估值", "1", at=T0)
    rate_once(desk, "估值", 4)
    desk_file = tmp_path / "desk.json"
    export_progress(desk, desk_file)
    desk.close()
    laptop = machine(tmp_path / "laptop", monkeypatch)
    laptop.set_status("估值", "1", at=T0 + 3600)
    Reviewer(laptop, clock=Clock(T0 + 3600)).add_word("估值")  # an hour later: a new card
    laptop_file = tmp_path / "laptop.json"
    export_progress(laptop, laptop_file)
    import_progress(laptop, desk_file)
    assert laptop.card("估值", RECOGNITION)[5] == T0  # the desk's review is kept
    laptop.close()
    desk = machine(tmp_path / "desk", monkeypatch)
    import_progress(desk, laptop_file)
    assert desk.card("估值", RECOGNITION)[5] == T0


def test_a_card_from_a_clock_ahead_still_moves_when_rated(fresh_home):
    store = Store()
    store.set_status("估值", "1")
    Reviewer(store, clock=Clock(T0 + 3600)).add_word("估值")  # made with a clock an hour ahead
    reviewer = Reviewer(store, clock=Clock(T0))
    card = reviewer.next_card(T0 + 3600)
    assert card is not None
    after = reviewer.rate(card, 4, T0 + 3600)
    stored = store.card("估值", RECOGNITION)
    assert stored is not None and stored[4] == pytest.approx(after.due)
    assert reviewer.next_card(T0 + 3600) is None


def test_a_rating_kept_for_later_is_not_shown_again(fresh_home, monkeypatch):
    store = Store()
    store.set_status("估值", "1")
    reviewer = Reviewer(store, clock=Clock())
    reviewer.add_word("估值")
    card = reviewer.next_card()
    assert card is not None
    monkeypatch.setattr(store, "record_review", lambda *args: False)  # the disk refuses
    reviewer.rate(card, 4)
    assert reviewer.next_card() is None


@pytest.mark.parametrize(
    "state",
    [
        '{"card_id": 1, "state": 2, "step": null, "stability": NaN, "difficulty": 5, '
        '"due": "2026-12-01T00:00:00+00:00", "last_review": null}',
        '{"card_id": 1, "state": 2, "step": "x", "stability": 1, "difficulty": 5, '
        '"due": "2026-12-01T00:00:00+00:00", "last_review": null}',
        '{"card_id": 1, "state": 2, "step": null, "stability": 1e308, "difficulty": 5, '
        '"due": "2026-12-01T00:00:00+00:00", "last_review": null}',
        "[" * 100_000,
    ],
)
def test_a_card_state_fsrs_cannot_go_on_with_is_refused(state):
    from reader.study.review import decode

    assert decode(state) is None


def test_an_import_keeps_this_machines_path_and_refuses_the_future(fresh_home, tmp_path):
    store = Store()
    store.opened("news", "/here/news.txt", "News")
    data = progress_data(store)
    data["positions"][0].update(path="/elsewhere/news.txt", paragraph="s3p1")
    data["positions"][0]["opened"] += 60
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data), "utf-8")
    import_progress(store, path)
    (text,) = store.recent_texts()
    assert text.path == "/here/news.txt" and text.paragraph == "s3p1"
    data["reviews"] = [
        {
            "word": "估值",
            "kind": RECOGNITION,
            "rating": 3,
            "at": 9.9e10,
            "first": True,
            "state": "{}",
            "due": 1.0,
        }
    ]
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ReaderError, match="FSRS|future"):
        import_progress(store, path)


def test_a_journalled_bulk_change_that_is_damaged_is_not_replayed():
    from reader.study.store import _pending_from

    good = {"id": "a", "kind": "statuses", "args": ["known", 1.0, '["估值"]'], "at": 1.0}
    assert _pending_from(good) is not None
    assert _pending_from({**good, "args": ["known", 1.0, "[not json"]}) is None
    assert _pending_from({**good, "args": ["known", 1.0, "[1, 2]"]}) is None


def test_vocabulary_words_without_cards_get_them_when_review_opens(fresh_home):
    store = Store()
    store.add_word("估值", "估值", "估值", "gū zhí", "valuation", "估值很高。", "d")
    store.add_word("市场", "市场", "市場", "shì chǎng", "market", "", "d")
    store.set_status("市场", KNOWN)
    Reviewer(store).add_vocabulary()
    assert sorted((c[0], c[1]) for c in store.table_rows("card")) == [
        ("估值", CONTEXT),
        ("估值", RECOGNITION),
    ]


def test_a_cards_answer_writes_a_name_as_a_name():
    from reader.study.review import answer_of

    assert answer_of("华尔街").pinyin == "Huá'ěr Jiē"  # a glossary entity, as the popup has it
    assert answer_of("估值").pinyin == "gū zhí"


async def test_a_name_found_in_the_text_is_not_made_a_word_to_learn(fresh_home, tmp_path):
    from reader.text.loader import load_document

    path = tmp_path / "news.txt"
    path.write_text("研究员梁斯表示，降准有利于稳定市场。\n", encoding="utf-8")
    app = make_app(doc=load_document(path), settings=Settings(), store=Store())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause()
        shown = app.screen._shown("s1p1")
        at = next(i for i, t in enumerate(shown) if t.name)
        assert shown[at].text == "梁斯"
        marks = first_paragraph(app).marks
        assert marks[at] is None  # not marked new, as the words around it are
        while app.screen.position.cursor != at:
            await pilot.press("l")
        await pilot.press("enter")  # the popup explains it as a name ...
        await settle(pilot)
        assert "A person's name" in str(app.screen.query_one("#popup-text").render())
        assert "梁斯" not in app.reader_context.statuses  # ... and does not make it learning 1


async def test_a_card_shown_ahead_of_time_says_so(fresh_home):
    _, app = one_word_to_review()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        for _ in range(2):  # both new cards, Good: back in their learning steps' minutes
            assert "learning ahead" not in str(screen.query_one("#review-counts").render())
            await pilot.press("space", "3")
            await settle(pilot)
        counts = str(screen.query_one("#review-counts").render())
        assert screen.card is not None, "a learning card due soon is shown"
        assert "0 due" in counts and "learning ahead" in counts and "min" in counts


def test_a_meaning_leaves_out_measure_word_notes_and_is_cut_between_senses():
    from reader.study.review import answer_of
    from reader.tui.screens.new_words import _clipped

    assert "CL:" not in answer_of("电影").meaning
    assert _clipped("wheel; disk; ring; steamship; to take turns", 36) == (
        "wheel; disk; ring; steamship"
    )
    assert _clipped("short", 36) == "short"
    assert _clipped("x" * 50, 36) == "x" * 35 + "…"
