"""Questions, quiz, practice, progress store, vocabulary export."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.study.questions import load_questions, normalise_answer
from reader.study.store import Store


@pytest.fixture(scope="module")
def questions(article):
    return load_questions(article)


def test_questions_file_is_sound(article, questions):
    ids = set(article.paragraph_ids())
    assert len(questions) >= 20
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:
        assert q.evidence in ids
        assert article.section_of(q.evidence).number == q.section
        if q.kind == "choice":
            assert q.answer in q.choices and len(set(q.choices)) == len(q.choices)
        elif q.kind == "truefalse":
            assert isinstance(q.answer, bool)
        else:
            assert q.answer and all(normalise_answer(a) for a in q.answer)
    kinds = {q.kind for q in questions}
    assert kinds == {"choice", "truefalse", "short"}


def test_questions_cover_every_section(article, questions):
    per_section = {s.number: 0 for s in article.sections}
    for q in questions:
        per_section[q.section] += 1
    assert all(n >= 4 for n in per_section.values()), per_section


def test_short_answers_match_in_either_script_ignoring_punctuation(questions):
    short = next(q for q in questions if q.kind == "short")
    answer = short.answer[0]
    from reader.text.chars import convert

    assert short.is_right(f" {convert(answer, 't2s')}。")
    assert short.is_right(convert(answer, "s2t"))
    assert not short.is_right("完全不對的答案")


def test_practice_for_a_text_without_questions(tmp_path):
    from reader.annotated.document import open_annotated
    from reader.study.practice import BLANK, practice_for_section
    from reader.text.loader import load_document

    source = tmp_path / "mine.txt"
    source.write_text(
        (__import__("tests.conftest", fromlist=["REPO"]).REPO / "texts" / "deepseek.txt").read_text(
            "utf-8"
        ),
        "utf-8",
    )
    adoc = open_annotated(load_document(source))
    exercises = practice_for_section(adoc, 2)
    cloze = [q for q in exercises if q.id.startswith("cloze-")]
    pinyin = [q for q in exercises if q.id.startswith("pinyin-")]
    assert cloze and pinyin
    for q in cloze:
        assert BLANK in q.prompt and q.answer in q.choices and len(q.choices) >= 3
        assert q.answer not in q.prompt, "the word is blanked wherever the sentence has it"
        sentence = q.explanation.removeprefix("原文：")
        from reader.text.chars import convert

        simplified = convert(sentence, "t2s") == sentence  # the label in the text's script
        assert q.prompt.startswith("选词填空：" if simplified else "選詞填空："), q.prompt
        for other in q.choices:
            if other != q.answer:  # a distractor never restores the sentence
                assert (
                    q.prompt.removeprefix("選詞填空：")
                    .removeprefix("选词填空：")
                    .replace(BLANK, other)
                    != sentence
                )
                assert not set(other) & set(q.answer)
    for q in pinyin:
        assert q.answer in q.choices and len(set(q.choices)) == len(q.choices) >= 2
    assert practice_for_section(adoc, 2) == exercises  # deterministic


def test_a_cloze_blanks_the_word_each_time_its_sentence_has_it(tmp_path):
    from reader.annotated.document import open_annotated
    from reader.study.practice import BLANK, cloze, practice_for_section
    from reader.text.loader import load_document

    source = tmp_path / "chips.txt"
    # our own sentences: 製程 twice in the first
    source.write_text(
        "晶片\n\n三星的製程落後，台積電的製程領先。記憶體的良率提高，晶圓的產能增加。\n",
        "utf-8",
    )
    adoc = open_annotated(load_document(source))
    questions = cloze(adoc, adoc.doc.paragraph_ids(), 1, limit=50)
    assert any(q.answer == "製程" for q in questions), [q.answer for q in questions]
    assert practice_for_section(adoc, 1)
    cloze_questions = questions
    for q in cloze_questions:
        assert q.answer not in q.prompt and BLANK in q.prompt, q.prompt


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_quiz_right_wrong_evidence_and_retry(fresh_home):
    from textual.widgets import OptionList

    from reader.text.library import open_text
    from reader.tui.app import make_app

    app = make_app("deepseek", doc=open_text("deepseek"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        quiz = app.screen
        assert quiz.__class__.__name__ == "QuestionsScreen" and quiz.session.section == 1
        first = quiz.session.current
        assert first.kind == "choice"
        listing = quiz.query_one("#quiz-choices", OptionList)
        listing.highlighted = quiz.session.index_of(first, first.answer)
        await pilot.press("enter")
        assert quiz.session.last.right
        assert "Right" in str(quiz.query_one("#quiz-feedback").render())
        await pilot.press("n")
        second = quiz.session.current
        wrong = next(c for c in (second.choices or (True, False)) if c != second.answer)
        quiz.query_one("#quiz-choices", OptionList).highlighted = quiz.session.index_of(
            second, wrong
        )
        await pilot.press("enter")
        assert quiz.session.last.right is False
        assert "Not quite" in str(quiz.query_one("#quiz-feedback").render())
        # to the evidence and back
        await pilot.press("v")
        await settle(pilot)
        reading = app.screen
        assert reading.__class__.__name__ == "ReadingScreen"
        assert (
            reading.position.paragraph_id == second.evidence
            and reading.highlight == second.evidence
        )
        view = reading.query_one("#passage")
        assert "┃" in "".join(s.text for s in view._build(view.size.width))
        await pilot.press("c")
        await settle(pilot)
        assert app.screen.session is quiz.session and app.screen.session.current == second
        quiz = app.screen
        # finish the section, then retry the missed one
        while quiz.session.current is not None:
            if quiz.session.last is None:
                question = quiz.session.current
                if question.kind == "short":
                    box = quiz.query_one("#quiz-input")
                    box.value = question.answer[0]
                    await box.action_submit()
                else:
                    quiz.query_one("#quiz-choices", OptionList).highlighted = quiz.session.index_of(
                        question, question.answer
                    )
                    await pilot.press("enter")
                await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
        right, total = quiz.session.score
        assert (right, total) == (len(quiz.session.questions) - 1, len(quiz.session.questions))
        await pilot.press("r")
        await pilot.pause()
        assert [q.id for q in quiz.session.shown_questions] == [second.id]
    answers = Store().answers("deepseek")
    assert [(a.question, a.correct) for a in answers[:2]] == [(first.id, True), (second.id, False)]


async def test_end_of_section_opens_the_quiz(fresh_home):
    from reader.text.library import open_text
    from reader.tui.app import make_app

    app = make_app("deepseek", doc=open_text("deepseek"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "QuestionsScreen"
        await pilot.press("escape")
        await pilot.press("j")
        await settle(pilot)
        assert app.screen.position.paragraph_id == "s2p1"
    assert Store().sections_read("deepseek") == {1}


KILL_SCRIPT = textwrap.dedent("""
    import asyncio, sys
    from textual.widgets import OptionList
    from reader.text.library import open_text
    from reader.tui.app import make_app

    async def main():
        app = make_app("deepseek", doc=open_text("deepseek"))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("c")
            await pilot.pause()
            quiz = app.screen
            for _ in range(3):
                q = quiz.session.current
                if q.kind == "short":
                    box = quiz.query_one("#quiz-input")
                    box.value = q.answer[0]
                    await box.action_submit()
                else:
                    quiz.query_one("#quiz-choices", OptionList).highlighted = quiz.session.index_of(
                        q, q.answer)
                    await pilot.press("enter")
                await pilot.pause()
                print("answered", q.id, flush=True)
                await pilot.press("n")
                await pilot.pause()
            print("done", flush=True)
            await asyncio.sleep(60)

    asyncio.run(main())
""")


def test_answers_survive_sigkill(fresh_home):
    env = {**os.environ, "READER_HOME": str(fresh_home)}
    answered = []
    deadline = time.monotonic() + 120
    with subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT], stdout=subprocess.PIPE, text=True, env=env
    ) as proc:
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                if line.startswith("answered"):
                    answered.append(line.split()[1])
                if line.startswith("done") or time.monotonic() > deadline:
                    break
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    assert len(answered) == 3
    db = sqlite3.connect(fresh_home / "data" / "progress.sqlite3")
    saved = [row[0] for row in db.execute("SELECT question FROM answer ORDER BY id")]
    assert saved == answered


async def test_corrupted_database_is_moved_aside_and_the_app_works(fresh_home):
    from reader import paths
    from reader.text.library import open_text
    from reader.tui.app import make_app

    db = paths.progress_db()
    db.write_bytes(b"this is not a database" * 100)
    app = make_app("deepseek", doc=open_text("deepseek"))
    messages = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        await pilot.press("j")
        await settle(pilot)
    assert any("damaged" in str(m) for m in messages)
    assert list(db.parent.glob("progress.sqlite3.damaged-*"))
    assert Store().position("deepseek") == "s1p2"


def test_store_migrates_an_old_database(fresh_home):
    from reader import paths
    from reader.study.store import MIGRATIONS

    path = paths.progress_db()
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    old.execute("INSERT INTO text (doc_id, title, paragraph, opened) VALUES ('x', 't', 's1p2', 0)")
    old.commit()
    old.close()
    store = Store()
    assert store.position("x") == "s1p2"
    assert store.record_answer("x", "q", 1, "a", True)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_vocabulary_export_anki_and_csv(fresh_home, tmp_path):
    store = Store()
    store.add_word(
        "估值", "估值", "估值", "gū zhí", "valuation <b>", "估值高達1570億美元。", "deepseek"
    )
    store.add_word("護城河", "护城河", "護城河", "hù chéng hé", "moat", "技術護城河", "deepseek")
    store.close()
    apkg, csv_path = tmp_path / "words.apkg", tmp_path / "words.csv"
    result = CliRunner().invoke(
        main, ["vocab", "export", "--anki", str(apkg), "--csv", str(csv_path)]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(apkg) as z:
        name = "collection.anki2" if "collection.anki2" in z.namelist() else z.namelist()[0]
        (tmp_path / "col").mkdir()
        z.extract(name, tmp_path / "col")
    db = sqlite3.connect(tmp_path / "col" / name)
    notes = db.execute("SELECT flds FROM notes").fetchall()
    fields = {n[0].split("\x1f")[1]: n[0].split("\x1f") for n in notes}
    assert fields["護城河"][:3] == ["护城河", "護城河", "hù chéng hé"]
    assert fields["估值"][3] == "valuation &lt;b&gt;"
    assert "護城河" in csv_path.read_text("utf-8")


def test_vocab_export_of_nothing_is_a_clear_error(fresh_home, tmp_path):
    result = CliRunner().invoke(main, ["vocab", "export", "--anki", str(tmp_path / "x.apkg")])
    assert result.exit_code == 2 and "empty" in result.output


def test_stats(fresh_home):
    store = Store()
    store.opened("deepseek", None, "DeepSeek")
    store.mark_section_read("deepseek", 1)
    store.record_answer("deepseek", "q1", 1, "a", True)
    store.record_answer("deepseek", "q2", 1, "b", False)
    store.looked_up("deepseek", "s1p1", "估值")
    store.looked_up("deepseek", "s1p1", "估值")
    store.close()
    out = CliRunner().invoke(main, ["stats"]).output
    assert (
        "sections read 1/4" in out
        and "questions 1 of 2 answered right on the first try" in out
        and "looked up 2 (1" in out
    )


async def test_vocabulary_screen_marks_known_and_removes(fresh_home):
    from reader.text.library import open_text
    from reader.tui.app import make_app

    store = Store()
    store.add_word("估值", "估值", "估值", "gū zhí", "valuation", "…", "deepseek")
    app = make_app("deepseek", doc=open_text("deepseek"), store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "VocabularyScreen"
        await pilot.press("k")
        await pilot.pause()
        assert app.known_words == {"估值"}
        await pilot.press("d")
        await pilot.pause()
        # out of the vocabulary, the word is still known: a status is the word's own
        assert store.vocabulary() == [] and app.known_words == {"估值"}


def test_the_fill_in_label_is_in_the_sentences_script():
    from reader.study.practice import _fill_in

    assert _fill_in("央行开展逆回购操作。") == "选词填空"
    assert _fill_in("央行開展逆回購操作。") == "選詞填空"
