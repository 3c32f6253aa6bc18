"""`reader export TEXT --html FILE`: the printable handout.

What is on the page (the chosen sections, ruby, glossary, questions, answer key), that
everything from a file is escaped, that the page is valid HTML5 (html5lib, strict, when
installed; a strict stdlib check always), user errors as one line with exit status 2,
and a real rendering in headless Chromium when it is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.study.handout import write_handout
from reader.study.questions import load_questions
from reader.study.ruby_html import CLOSING
from reader.text.chars import han_count
from reader.text.sections import parse_sections

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "div",
    "header",
    "main",
    "section",
    "h1",
    "h2",
    "p",
    "span",
    "ruby",
    "rt",
    "dl",
    "dt",
    "dd",
    "ol",
    "li",
}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# ------------------------------------------------------------------ helpers


class _Text(HTMLParser):
    """The text a reader sees (no pinyin, no CSS), and every tag used."""

    def __init__(self, skip: set[str]) -> None:
        super().__init__()
        self.skip = skip
        self.depth = 0
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.skip:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.skip:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def parsed(page: str, skip=("rt", "style", "title")) -> _Text:
    parser = _Text(set(skip))
    parser.feed(page)
    parser.close()
    return parser


def visible(page: str) -> str:
    return "".join(parsed(page).parts)


class StrictHTML(HTMLParser):
    """A strict structural check with the standard library: doctype first, one html,
    head and body, every non-void element closed in order, no stray end tags,
    every attribute quoted."""

    _TAG = re.compile(r'<[a-z][a-z0-9]*(?:\s+[a-z][a-z0-9-]*="[^"<>]*")*\s*>\Z')

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.doctype = False
        self.seen_element = False
        self.counts = {"html": 0, "head": 0, "body": 0}

    def handle_decl(self, decl):
        if decl.lower() != "doctype html" or self.seen_element:
            self.errors.append(f"bad doctype {decl!r}")
        self.doctype = True

    def handle_starttag(self, tag, attrs):
        self.seen_element = True
        text = self.get_starttag_text()
        if not self._TAG.match(text):
            self.errors.append(f"attributes not quoted or malformed: {text}")
        if tag in self.counts:
            self.counts[tag] += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"end tag for void element </{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close {self.stack[-1:] or 'anything'}")
        else:
            self.stack.pop()


def check_strict(page: str) -> None:
    checker = StrictHTML()
    checker.feed(page)
    checker.close()
    assert page.startswith("<!DOCTYPE html>")
    assert checker.doctype
    assert checker.counts == {"html": 1, "head": 1, "body": 1}
    assert checker.stack == [], f"unclosed: {checker.stack}"
    assert checker.errors == []


def check_html5lib(page: str) -> None:
    html5lib = pytest.importorskip("html5lib")
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(page)  # raises html5lib.html5parser.ParseError on any parse error
    assert parser.errors == []


def section_blocks(doc, number: int) -> list[str]:
    section = next(s for s in doc.sections if s.number == number)
    return ([section.title] if section.title else []) + [p.text for p in section.paragraphs]


# ------------------------------------------------------------------ sections 2-3


@pytest.fixture(scope="module")
def exported(tmp_path_factory, reader_home):
    """`export deepseek --sections 2,3`, run once for the module (in the test home)."""
    out = tmp_path_factory.mktemp("handout") / "out.html"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("READER_HOME", str(reader_home))
        result = run("export", "deepseek", "--sections", "2,3", "--html", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"handout written to {out}"
    return out


@pytest.fixture(scope="module")
def page(exported) -> str:
    return exported.read_text(encoding="utf-8")


def test_only_the_chosen_sections(page, article):
    text = visible(page)
    for number in (2, 3):
        for block in section_blocks(article, number):
            assert block in text
    for number in (1, 4):
        for block in section_blocks(article, number):
            assert block not in text
    ids = re.findall(r'<p class="para" id="([^"]+)"', page)
    assert ids == [p.id for s in article.sections if s.number in (2, 3) for p in s.paragraphs]
    assert article.title in text


def test_paragraph_ids_in_the_margin(page):
    assert '<span class="pid">s2p3</span>' in page
    assert re.search(r"\.pid\s*\{[^}]*position:\s*absolute", page)


def test_no_translation(page, article):
    text = visible(page)
    for paragraph in article.paragraphs():
        assert paragraph.translation and paragraph.translation[:60] not in text


def test_ruby_per_han_character(page, article):
    assert "<ruby>估<rt>gū</rt></ruby><ruby>值<rt>zhí</rt></ruby>" in page
    for number in (2, 3):
        section = next(s for s in article.sections if s.number == number)
        for paragraph in section.paragraphs:
            html = re.search(rf'<p class="para" id="{paragraph.id}">(.*?)</p>', page).group(1)
            assert html.count("<ruby>") == han_count(paragraph.text), paragraph.id
            assert html.count("<rt>") == han_count(paragraph.text), paragraph.id


def test_words_stay_together_and_punctuation_clings(page):
    words = re.findall(r'<span class="w">(.*?)</span>(?=<span class="w">|</p>|</h[12]>|\s)', page)
    assert len(words) > 500
    for word in words:
        first = visible(word)[:1]
        assert first and first not in CLOSING, word
    assert re.search(r"\.w\s*\{[^}]*display:\s*inline-block", page)


def test_glossary_terms_marked_and_listed_in_order(page, annotated):
    def terms(numbers):
        out = []
        for section in annotated.doc.sections:
            if section.number in numbers:
                blocks = ([section.id] if section.title else []) + [
                    p.id for p in section.paragraphs
                ]
                for block in blocks:
                    out += [t.term for t in annotated.tokens(block) if t.term]
        return list(dict.fromkeys(out))

    wanted = terms({2, 3})
    listed = re.findall(r'<div class="g" data-term="([^"]+)"', page)
    assert listed == wanted
    outside = set(terms({1, 4})) - set(wanted)
    assert outside and not outside & set(listed)
    entry = re.search(r'<div class="g" data-term="valuation">(.*?)</div>', page).group(1)
    assert "估值" in entry and "gū zhí" in entry and "valuation" in entry
    assert "The value that investors put on a company as a whole" in entry
    assert '<span class="term" data-term="valuation">' in page
    assert re.search(r"\.term\s*\{[^}]*text-decoration:\s*underline", page)


def test_questions_of_the_chosen_sections(page, article):
    questions = load_questions(article)
    chosen = [q for q in questions if q.section in (2, 3)]
    assert re.findall(r'<li class="q q-\w+" id="q-([^"]+)"', page) == [q.id for q in chosen]
    for question in questions:
        if question.section not in (2, 3):
            assert f'id="q-{question.id}"' not in page
    body = page[page.index('id="questions"') : page.index('id="answer-key"')]
    for question in chosen:
        block = re.search(rf'id="q-{re.escape(question.id)}">(.*?)\n</li>', body, re.S).group(1)
        assert question.prompt in visible(block)
        assert 'class="en" lang="en"' in block  # prompt_en, small type
        if question.kind == "choice":
            assert '<ol class="choices" type="A">' in block
            assert block.count("<li>") == len(question.choices)
        elif question.kind == "truefalse":
            assert block.count('<span class="box"></span>') == 2
            assert "對" in block and "錯" in block
        else:
            assert '<div class="write-line"></div>' in block
    assert {q.kind for q in chosen} == {"choice", "truefalse", "short"}


def test_answer_key_on_its_own_page(page, article):
    chosen = [q for q in load_questions(article) if q.section in (2, 3)]
    rule = re.search(r"\.answer-key\s*\{([^}]*)\}", page).group(1)
    assert "page-break-before: always" in rule and "break-before: page" in rule
    start = page.index('<section class="answer-key" id="answer-key">')
    assert start > page.index('<section class="questions" id="questions">')
    key = page[start:]
    for question in chosen:
        assert question.explanation in visible(key)
        assert question.explanation not in visible(page[:start])
    letters = []
    for question in (q for q in chosen if q.kind == "choice"):
        # the key gives the letter of the choice as the page lists it (shuffled)
        block = re.search(rf'id="q-{re.escape(question.id)}">(.*?)</ol>', page, re.S).group(1)
        listed = re.findall(r"<li>(.*?)</li>", block)
        assert sorted(listed) == sorted(question.choices)
        letter = "ABCDEFGH"[listed.index(question.answer)]
        item = re.search(rf'id="a-{re.escape(question.id)}">(.*?)\n</li>', key, re.S).group(1)
        assert f'<span class="letter">{letter}</span>{question.answer}' in item
        letters.append(letter)
    assert len(set(letters)) > 1, "the key does not read A, A, A"


def test_document_head(page):
    assert page.startswith("<!DOCTYPE html>\n")
    assert '<html lang="zh-Hant">' in page
    assert '<meta charset="utf-8">' in page
    for font in (
        '"Noto Serif CJK TC"',
        '"Noto Sans CJK TC"',
        '"PingFang TC"',
        '"Microsoft JhengHei"',
    ):
        assert font in page
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", page)
    assert re.search(r"rt\s*\{[^}]*font-size:\s*0\.55em", page)
    assert re.search(r"max-width:\s*48em", page)


def test_self_contained(page):
    lowered = page.lower()
    for forbidden in (
        "<script",
        "<link",
        "<img",
        "<iframe",
        "src=",
        "href=",
        "url(",
        "@import",
        "http://",
        "https://",
        "javascript:",
        " on",
    ):
        if forbidden == " on":
            assert not re.search(r"<[^>]*\son[a-z]+=", lowered)
        else:
            assert forbidden not in lowered, forbidden


def test_valid_html5_strict_stdlib(page):
    check_strict(page)


def test_valid_html5_html5lib(page):
    check_html5lib(page)


# ------------------------------------------------------------------ options


@pytest.mark.parametrize(
    "args",
    [
        ["--no-pinyin"],
        ["--answers", "omit"],
        ["--script", "simplified"],
        ["--script", "taiwan", "--sections", "1-4"],
        ["--script", "hongkong", "--sections", "4"],
    ],
)
def test_variants_are_valid(tmp_path, args):
    out = tmp_path / "h.html"
    result = run("export", "deepseek", "--html", str(out), *args)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    check_strict(page)
    check_html5lib(page)


def test_no_pinyin_is_plain_text(tmp_path, article):
    out = tmp_path / "plain.html"
    assert (
        run("export", "deepseek", "--sections", "2", "--no-pinyin", "--html", str(out)).exit_code
        == 0
    )
    page = out.read_text(encoding="utf-8")
    assert "<ruby" not in page and "<rt" not in page
    text = visible(page)
    for block in section_blocks(article, 2):
        assert block in text
    assert '<div class="g" data-term="valuation">' in page  # the glossary stays


def test_answers_omit(tmp_path, article):
    out = tmp_path / "noanswers.html"
    assert (
        run(
            "export", "deepseek", "--sections", "2", "--answers", "omit", "--html", str(out)
        ).exit_code
        == 0
    )
    page = out.read_text(encoding="utf-8")
    assert 'id="answer-key"' not in page and "Answer key" not in page
    chosen = [q for q in load_questions(article) if q.section == 2]
    assert len(re.findall(r'<li class="q ', page)) == len(chosen)
    for question in chosen:
        assert question.explanation not in visible(page)


def test_simplified_script(tmp_path):
    out = tmp_path / "simplified.html"
    assert (
        run(
            "export", "deepseek", "--sections", "2", "--script", "simplified", "--html", str(out)
        ).exit_code
        == 0
    )
    page = out.read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in page
    text = visible(page)
    assert "共生逻辑下的AI叙事闭环" in text
    assert "閱讀理解" not in text and "阅读理解" in text
    assert "对" in text and "错" in text  # true/false boxes in the page's script
    assert '<span class="g-form">融资</span>' in page  # glossary terms too


def test_all_sections_by_default(tmp_path, article):
    out = tmp_path / "all.html"
    result = run("export", "deepseek", "--html", str(out))
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert re.findall(r'<p class="para" id="([^"]+)"', page) == article.paragraph_ids()
    assert len(re.findall(r'<li class="q ', page)) == len(load_questions(article))


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (None, [1, 2, 3, 4]),
        ("2,3", [2, 3]),
        ("1-3", [1, 2, 3]),
        ("3,1-2", [1, 2, 3]),
        (" 2 , 4 ", [2, 4]),
        ("2-2", [2]),
        ("1-2,2-3", [1, 2, 3]),
    ],
)
def test_parse_sections(spec, expected):
    assert parse_sections(spec, [1, 2, 3, 4], "deepseek") == expected


# ------------------------------------------------------------------ user errors


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("9", "no section 9"),
        ("0", "no section 0"),
        ("x", "'x'"),
        ("3-1", "backwards"),
        ("2,,3", "empty"),
        ("", "empty"),
        ("1-9", "no section 9"),
        ("2;3", "'2;3'"),
    ],
)
def test_bad_sections_exit_2_with_one_line(tmp_path, spec, says):
    out = tmp_path / "out.html"
    result = run("export", "deepseek", "--sections", spec, "--html", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reader: deepseek: --sections")
    assert says in lines[0] and "Traceback" not in result.stderr
    assert not out.exists()


def test_unknown_text_exits_2(tmp_path):
    out = tmp_path / "out.html"
    result = run("export", "no-such-text", "--html", str(out))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no-such-text" in lines[0] and "bundled" in lines[0]
    assert not out.exists()


def test_unwritable_output_exits_2(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "out.html"
    result = run("export", "deepseek", "--sections", "2", "--html", str(out))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(out) in lines[0] and "cannot write" in lines[0]
    assert "Traceback" not in result.stderr


def test_folder_as_output_is_a_reader_error(tmp_path):
    from reader.errors import ReaderError

    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(ReaderError, match="cannot write the handout") as info:
        write_handout("deepseek", folder, sections="4")
    assert info.value.path == str(folder)
    assert sorted(p.name for p in folder.iterdir()) == []


def test_written_atomically_and_readable(tmp_path):
    out = tmp_path / "handout.html"
    out.write_text("old")
    written = write_handout("deepseek", out, sections="4")
    assert written == [out]
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.html"]
    umask = os.umask(0o022)
    os.umask(umask)
    # the usual mode for a file meant to be shared, not the temporary file's 0600
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


# ------------------------------------------------------------------ escaping

HOSTILE_TEXT = """測試標題<b>粗</b> & "引號"

這是第一段<script>alert(1)</script>，還有&amp;和"雙引號"與'單引號'，以及[bold]粗體[/bold]的文字。估值很高。

第二節<i>標題</i>

第二段說：<img src=x onerror=alert(2)> 算力 & 算法，"完"。
"""

HOSTILE_QUESTIONS = r"""
[[question]]
id = "q\"x<y>"
section = 1
evidence = "s1p1"
kind = "choice"
prompt = "<script>alert(3)</script>這段說了什麼？ & \"quote\""
prompt_en = "What <b>does</b> it say? & 'single'"
choices = ["<b>甲</b>", "乙 & 丙", "\"丁\"", "[bold]戊[/bold]"]
answer = "<b>甲</b>"
explanation = "因爲<script>alert(4)</script>"
explanation_en = "Because </li></ol> broken & done"

[[question]]
id = "q-tf"
section = 2
evidence = "s2p1"
kind = "truefalse"
prompt = "第二段有<img src=x>嗎？"
answer = true
explanation = "有 & 沒有"

[[question]]
id = "q-short"
section = 2
evidence = "s2p1"
kind = "short"
prompt = "寫出<u>兩個字</u>"
answer = ["算力", "<算力>"]
explanation = "見第二段"
"""


@pytest.fixture
def hostile(tmp_path) -> Path:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE_TEXT, encoding="utf-8")
    (tmp_path / "hostile.questions.toml").write_text(HOSTILE_QUESTIONS, encoding="utf-8")
    return path


@pytest.mark.parametrize("pinyin", [True, False])
def test_everything_from_files_is_escaped(tmp_path, hostile, pinyin):
    out = tmp_path / "hostile.html"
    [written] = write_handout(str(hostile), out, pinyin=pinyin)
    page = written.read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    tags = {tag for tag, _ in parsed(page).tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    text = visible(page)
    for literal in (
        "<script>alert(1)</script>",
        "&amp;",
        '"雙引號"',
        "'單引號'",
        "[bold]粗體[/bold]",
        "<img src=x onerror=alert(2)>",
        "測試標題<b>粗</b>",
        "第二節<i>標題</i>",
        "<b>甲</b>",
        "[bold]戊[/bold]",
        "Because </li></ol> broken & done",
        "有 & 沒有",
        "<算力>",
    ):
        assert literal in text, literal
    for raw in (
        "&lt;script&gt;alert(3)&lt;/script&gt;",
        "有 &amp; 沒有",
        "&quot;",
        "&#x27;",
        "&lt;b&gt;甲&lt;/b&gt;",
        'id="q-q&quot;x&lt;y&gt;"',
    ):
        assert raw in page, raw
    check_strict(page)
    check_html5lib(page)
    assert re.findall(r'<li class="q q-\w+" id="q-([^"]+)"', page) == [
        "q&quot;x&lt;y&gt;",
        "q-tf",
        "q-short",
    ]
    assert {"valuation", "compute", "algorithm"} <= set(
        re.findall(r'<div class="g" data-term="([^"]+)"', page)
    )


# ------------------------------------------------------------------ a real browser


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_chromium_renders_the_page(tmp_path, exported):
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1000,1400",
            exported.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert shot.exists(), proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1000, 1400)
    assert len(data) > 10_000  # a blank page compresses to a few kB; text does not
