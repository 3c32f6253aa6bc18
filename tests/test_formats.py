"""EPUB, web pages, SRT and WebVTT subtitles and PDFs: one loader for every format.

Each test builds its file (tests/build_files.py) and opens it with `load_document`, the
one entry the library, assignments, handouts, search and `reader annotate` go through.
"""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.errors import ReaderError
from reader.text import parsed_cache
from reader.text.formats import epub as epub_format
from reader.text.formats import text_format
from reader.text.loader import load_document
from tests import build_files as build


def paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs()]


def refused(path, *words: str) -> str:
    with pytest.raises(ReaderError) as caught:
        load_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    for word in words:
        assert word in message, message
    return message


# ------------------------------------------------------------------------------ EPUB


def test_epub_chapters_are_sections_titled_from_the_table_of_contents(fresh_home, tmp_path):
    path = build.write(tmp_path, "book.epub", build.epub_bytes())
    doc = load_document(path)
    assert doc.format == "epub"
    assert doc.title == "测试之书" and doc.meta["author"] == "鲁迅"
    assert [s.title for s in doc.sections] == ["第一章 开始", "第二章 结束"]
    assert paragraphs(doc) == build.CHAPTER_ONE + build.CHAPTER_TWO
    assert doc.paragraph_ids() == ["s1p1", "s1p2", "s2p1", "s2p2"]


def test_epub_drops_images_scripts_and_footnote_marks_and_breaks_at_br(fresh_home, tmp_path):
    body = (
        "<h2>序</h2><p>第一句<sup><a href='#n1' epub:type='noteref'>1</a></sup>在这里。"
        "<img src='x.png' alt='图片说明'/></p><script>var x = '脚本';</script>"
        "<style>p { color: red }</style><p>第二句<a href='#n2'>[2]</a>也在。</p>"
        "<div>第三段。<br/>第四段。<br/></div>"
        "<aside epub:type='footnote' id='n1'><p>注释的内容。</p></aside>"
    )
    doc = load_document(build.write(tmp_path, "notes.epub", build.epub_bytes([("序言", body)])))
    assert doc.sections[0].title == "序"
    assert paragraphs(doc) == [
        "第一句在这里。",
        "第二句也在。",
        "第三段。",
        "第四段。",
        "注释的内容。",
    ]


def test_epub_text_is_never_markup_or_an_escape(fresh_home, tmp_path):
    body = "<p>[bold]粗体[/bold] 与 &#27;[31m红色 与 [@click=app.quit]退出[/]</p>"
    doc = load_document(build.write(tmp_path, "x.epub", build.epub_bytes([("一", body)])))
    text = paragraphs(doc)[0]
    assert "\x1b" not in text and "[bold]粗体[/bold]" in text and "[@click=app.quit]" in text


def test_epub_under_drm_is_refused_but_font_obfuscation_is_not(fresh_home, tmp_path):
    refused(build.write(tmp_path, "drm.epub", build.drm_epub()), "DRM")
    doc = load_document(build.write(tmp_path, "fonts.epub", build.font_obfuscated_epub()))
    assert paragraphs(doc)[:2] == build.CHAPTER_ONE


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        # built in the test, not at collection: a zip carries the time it was made, and
        # pytest-xdist's workers must collect the same test ids
        ("notes.epub", build.plain_zip, ("zip archive, not an EPUB",)),
        ("text.epub", "我只是一段文字。".encode, ("extension .epub", "not a zip archive")),
        # a download cut short: the central directory is missing
        (
            "cut.epub",
            lambda: build.epub_bytes()[: len(build.epub_bytes()) // 2],
            ("not a valid EPUB",),
        ),
    ],
    ids=["plain-zip", "text", "cut-short"],
)
def test_broken_epubs_are_refused_in_one_line(fresh_home, tmp_path, name, make, words):
    refused(build.write(tmp_path, name, make()), *words)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(fresh_home, tmp_path, monkeypatch):
    monkeypatch.setattr(epub_format, "MAX_UNPACKED_BYTES", 1024 * 1024)
    data = build.epub_bytes(extra={"EPUB/images/huge.bin": bytes(3 * 1024 * 1024)})
    assert len(data) < 100 * 1024
    refused(build.write(tmp_path, "bomb.epub", data), "unpacks to 3 MB")


def test_a_word_document_is_named_as_such(fresh_home, tmp_path):
    path = tmp_path / "report.epub"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    refused(path, "Word document")


def test_epub_translation_sidecar_lines_up_as_for_a_text(fresh_home, tmp_path):
    path = build.write(tmp_path, "book.epub", build.epub_bytes())
    english = ["A test book", "Chapter one", "P1", "P2", "Chapter two", "P3", "P4"]
    (tmp_path / "book.en.txt").write_text("\n\n".join(english), "utf-8")
    doc = load_document(path)
    assert doc.has_translation and doc.paragraph("s2p2").translation == "P4"


def test_a_book_is_parsed_once_then_read_from_the_cache(fresh_home, tmp_path, monkeypatch):
    path = build.write(tmp_path, "book.epub", build.epub_bytes())
    first = load_document(path)
    kept = list((fresh_home / "cache" / "parsed").glob("*.json"))
    assert len(kept) == 1

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(epub_format, "parse_epub", no_parse)
    assert load_document(path).sections == first.sections
    kept[0].write_text('{"title": 3', "utf-8")  # damaged: ignored, parsed anew
    monkeypatch.undo()
    assert load_document(path).sections == first.sections


def test_the_parse_cache_keeps_only_the_latest_books(fresh_home, tmp_path, monkeypatch):
    monkeypatch.setattr(parsed_cache, "KEEP", 2)
    for number in range(4):
        data = build.epub_bytes(title=f"书{number}")
        load_document(build.write(tmp_path, f"b{number}.epub", data))
    assert len(list((fresh_home / "cache" / "parsed").glob("*.json"))) == 2


# ------------------------------------------------------------------------------ HTML


def test_a_saved_page_keeps_the_article_without_navigation_ads_or_comments(fresh_home, tmp_path):
    doc = load_document(build.write(tmp_path, "page.html", build.PAGE))
    assert doc.format == "html" and doc.title == "央行宣布降息"
    assert [s.title for s in doc.sections] == [None, "市场反应"]
    text = "".join(paragraphs(doc))
    assert "贷款市场报价利率" in text and "支持经济稳定增长" in text
    for noise in ("首页", "广告", "网友", "版权", "脚本"):
        assert noise not in text


def test_a_page_in_gbk_is_read_by_its_declared_charset(fresh_home, tmp_path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
        "<title>标题</title></head><body><p>这是一个用国标码保存的网页，内容是中文。</p>"
        "</body></html>"
    )
    doc = load_document(build.write(tmp_path, "gbk.htm", page.encode("gbk")))
    assert paragraphs(doc) == ["这是一个用国标码保存的网页，内容是中文。"]
    assert doc.encoding == "gbk"


def test_a_page_without_chinese_is_refused(fresh_home, tmp_path):
    page = "<!doctype html><html><body><p>Only English here.</p></body></html>"
    refused(build.write(tmp_path, "english.html", page), "no Chinese")


def test_page_text_is_shown_not_run(fresh_home, tmp_path):
    page = (
        "<html><body><p>中文 [bold]x[/bold] &lt;script&gt;alert(1)&lt;/script&gt; "
        "&#27;]0;title&#7; 结束。</p></body></html>"
    )
    text = paragraphs(load_document(build.write(tmp_path, "p.html", page)))[0]
    assert "<script>alert(1)</script>" in text and "[bold]x[/bold]" in text
    assert "\x1b" not in text and "\x07" not in text


# ------------------------------------------------------------------------------ subtitles


def test_srt_cues_are_paragraphs_with_their_times_and_no_tags(fresh_home, tmp_path):
    doc = load_document(build.write(tmp_path, "film.srt", build.SRT))
    assert doc.format == "srt"
    # the first cue ends in a comma: one sentence over two cues
    assert paragraphs(doc) == ["你好，我是张三。", "再见。"]
    assert [p.times for p in doc.paragraphs()] == [(1.0, 4.0), (20.0, 22.0)]


def test_bilingual_subtitles_bring_their_translation(fresh_home, tmp_path):
    doc = load_document(build.write(tmp_path, "film.srt", build.BILINGUAL_SRT))
    assert doc.has_translation
    assert [(p.text, p.translation) for p in doc.paragraphs()] == [
        ("你好。", "Hello."),
        ("我是张三。", "I am Zhang San."),
    ]


def test_vtt_cues_lose_voice_class_and_time_tags(fresh_home, tmp_path):
    doc = load_document(build.write(tmp_path, "film.vtt", build.VTT))
    assert doc.format == "vtt"
    assert paragraphs(doc) == ["你好，我是张三。", "再见。"]
    assert doc.paragraph("s1p1").times == (1.0, 2.5)


def test_subtitles_are_grouped_into_sections_at_long_pauses(fresh_home, tmp_path):
    cues = []
    start = 0.0
    for number in range(1, 31):
        start += 30.0 if number == 16 else 2.0  # a long pause before cue 16
        cues.append(
            f"{number}\n00:{int(start // 60):02d}:{start % 60:06.3f} --> "
            f"00:{int((start + 1) // 60):02d}:{(start + 1) % 60:06.3f}\n第{number}句。\n"
        )
    text = "\n".join(cues).replace(".", ",")
    doc = load_document(build.write(tmp_path, "long.srt", text.replace("句,", "句。")))
    assert [len(s.paragraphs) for s in doc.sections] == [15, 15]


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        (
            "bad.srt",
            "1\n00:00:01,000 --> 00:00:02,000\n你好\n\n2\n00:00:0x,000 --> 00:00:03\n坏\n",
            ("line 5", "timestamp"),
        ),
        ("back.srt", "1\n00:00:05,000 --> 00:00:03,000\n你好\n", ("cue 1 ends",)),
        ("bad.vtt", "WEBVTT\n\n00:01.000 --> 00:0x.000\n你好。\n", ("line 3", "cue time")),
        ("nohead.vtt", "00:01.000 --> 00:02.000\n你好。\n", ("WEBVTT",)),
        ("empty.srt", "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n", ("no subtitles",)),
    ],
)
def test_broken_subtitles_are_refused_with_where(fresh_home, tmp_path, name, text, words):
    refused(build.write(tmp_path, name, text), *words)


# ------------------------------------------------------------------------------ PDF


def test_pdf_paragraphs_are_rebuilt_from_lines_across_pages(fresh_home, tmp_path):
    doc = load_document(build.write(tmp_path, "doc.pdf", build.pdf_bytes(title="银行报告")))
    assert doc.format == "pdf" and doc.title == "银行报告"
    assert [s.title for s in doc.sections] == ["第一章 开始", "第二章 结束"]
    assert paragraphs(doc) == [
        "中国人民银行周一宣布，一年期贷款市场报价利率下调十个基点，这是今年以来的第二次降息。",
        "消息公布后，沪深股市小幅上涨，银行板块领涨。分析人士认为，货币政策将继续保持宽松，"
        "市场流动性合理充裕，实体经济的融资成本稳中有降，支持经济稳定增长。",
        "业内人士表示，降息有助于降低实体经济的融资成本。",
    ]


def test_pdf_page_numbers_and_running_heads_are_dropped(fresh_home, tmp_path):
    pages = [[(f"\u3000\u3000第{n}页的正文在这里。", 12)] for n in range(1, 5)]
    data = build.pdf_bytes(pages, running_head="测试之书 · 第一卷")
    doc = load_document(build.write(tmp_path, "heads.pdf", data))
    assert paragraphs(doc) == [f"第{n}页的正文在这里。" for n in range(1, 5)]


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("locked.pdf", lambda: build.pdf_bytes(password="secret"), ("password",)),
        ("scan.pdf", build.image_pdf, ("no text layer", "OCR")),
        ("english.pdf", lambda: build.english_pdf(owner_only=True), ("no Chinese",)),
        ("cut.pdf", lambda: build.pdf_bytes()[:400], ("not a valid PDF",)),
        ("fake.pdf", lambda: "我只是文字。".encode(), ("extension .pdf", "%PDF-")),
    ],
)
def test_pdfs_that_cannot_be_read_are_refused_in_one_line(fresh_home, tmp_path, name, make, words):
    refused(build.write(tmp_path, name, make()), *words)


# ------------------------------------------------------------------------------ one loader


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("page.txt", build.PAGE, "html"),  # content first
        ("film.txt", build.SRT, "srt"),
        ("film.md", build.VTT, "vtt"),
        ("notes.srt", "你好。\n", "srt"),  # extension second (and then refused)
        ("notes.html", "你好。\n", "html"),
        ("notes", "你好。\n", "text"),
    ],
)
def test_the_format_is_told_by_content_first_and_extension_second(
    name, content, expected, tmp_path
):
    assert text_format(content, tmp_path / name) == expected


def test_every_format_goes_through_reader_annotate(fresh_home, tmp_path):
    files = {
        "book.epub": build.epub_bytes(),
        "page.html": build.PAGE,
        "film.srt": build.SRT,
        "film.vtt": build.VTT,
        "doc.pdf": build.pdf_bytes(),
    }
    for name, data in files.items():
        path = build.write(tmp_path, name, data)
        result = CliRunner().invoke(main, ["annotate", str(path), "--format", "json"])
        assert result.exit_code == 0, (name, result.output)
        out = json.loads(result.output)
        ids = [p["id"] for s in out["sections"] for p in s["paragraphs"]]
        assert ids and ids[0] == "s1p1", name
        for section in out["sections"]:
            for paragraph in section["paragraphs"]:
                text = "".join(t["text"] for t in paragraph["tokens"])
                assert text == load_document(path).paragraph(paragraph["id"]).text


@pytest.mark.parametrize(
    ("name", "make"),
    [("book.epub", build.epub_bytes), ("film.srt", lambda: build.BILINGUAL_SRT.encode())],
)
def test_assignments_handouts_and_search_work_on_other_formats(fresh_home, tmp_path, name, make):
    from reader.annotated.document import AnnotatedDocument
    from reader.study.assignment import load_assignment
    from reader.study.search import find

    path = build.write(tmp_path, name, make())
    doc = load_document(path)
    last = doc.sections[-1].number
    runner = CliRunner()
    for extra in ([], ["--bundle"]):
        out = tmp_path / f"week{len(extra)}.toml"
        args = ["assign", str(path), "--sections", str(last), "-o", str(out), *extra]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assignment = load_assignment(out)
        assert [s.number for s in assignment.document.sections] == [last]
        assert paragraphs(assignment.document) == [p.text for p in doc.sections[-1].paragraphs]
    handout = tmp_path / "handout.html"
    result = runner.invoke(main, ["export", str(path), "--html", str(handout)])
    assert result.exit_code == 0, result.output
    page = handout.read_text("utf-8")
    first = doc.sections[0].paragraphs[0].text
    assert f"<ruby>{first[0]}<rt>" in page  # in ruby, character by character
    word = "张三" if name.endswith(".srt") else "银行"
    hits = find(AnnotatedDocument(doc), word)
    assert hits and all(
        word in doc.paragraph(hit.block).text for hit in hits if hit.block != "title"
    )


# ------------------------------------------------------------------------------ a review's cases


def test_a_pdf_whose_width_table_claims_billions_of_codes_opens_in_bounded_memory(tmp_path):
    import subprocess
    import sys

    data = build.pdf_bytes()
    bomb = data.replace(b"/W [ 1 [", b"/W [ 1 99999999999 500 1 [", 1)
    assert bomb != data
    path = build.write(tmp_path, "widths.pdf", bomb)
    limit = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
        "from reader.cli import run; sys.argv = ['reader', 'annotate', sys.argv[1]]; run()"
    )
    done = subprocess.run(
        [sys.executable, "-c", limit, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "中国人民银行" in done.stdout


def test_an_epub_chapter_without_an_xml_declaration_is_utf8(fresh_home, tmp_path):
    chapter = "<html xmlns='http://www.w3.org/1999/xhtml'><body><h1>第一章</h1><p>中国人民银行。</p></body></html>"
    doc = load_document(build.write(tmp_path, "raw.epub", build.raw_epub(chapter.encode())))
    assert paragraphs(doc) == ["中国人民银行。"] and doc.sections[0].title == "第一章"
    gbk = ('<?xml version="1.0" encoding="gbk"?>' + chapter).encode("gbk")
    doc = load_document(build.write(tmp_path, "gbk.epub", build.raw_epub(gbk)))
    assert paragraphs(doc) == ["中国人民银行。"]


def test_a_chapter_nested_far_past_libxml2s_default_depth_is_read_whole(fresh_home, tmp_path):
    posts = "".join(f"<div><font>第{n}楼：中文回复。<br/>" for n in range(1, 901))
    chapter = f"<html><body>{posts}</body></html>".encode()
    doc = load_document(build.write(tmp_path, "deep.epub", build.raw_epub(chapter)))
    assert len(paragraphs(doc)) == 900 and paragraphs(doc)[-1] == "第900楼：中文回复。"


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        (
            "method.epub",
            lambda: build.with_compression_method(
                build.font_obfuscated_epub(), "META-INF/encryption.xml", 99
            ),
            ("encryption.xml cannot be read",),
        ),
        (
            "chapter-method.epub",
            lambda: build.with_compression_method(build.epub_bytes(), "EPUB/c1.xhtml", 99),
            ("not a valid EPUB",),
        ),
        (
            "huge.srt",
            lambda: f"1\n{'9' * 5000}:00:01,000 --> 00:00:02,000\n你好\n".encode(),
            (),
        ),
        (
            "huge.vtt",
            lambda: f"WEBVTT\n\n{'9' * 400}:00:01.000 --> 00:00:02.000\n你好\n".encode(),
            ("cue time",),
        ),
    ],
)
def test_unusual_archives_and_numbers_are_refused_in_one_line(
    fresh_home, tmp_path, name, make, words
):
    message = refused(build.write(tmp_path, name, make()), *words)
    assert "Traceback" not in message and "sys.set_int_max_str_digits" not in message


@pytest.mark.parametrize("charset", ["undefined", "latin-1", "utf-16", "rot13"])
def test_a_page_declaring_a_wrong_charset_is_read_by_its_bytes(fresh_home, tmp_path, charset):
    page = f'<html><head><meta charset="{charset}"></head><body><p>这是中文网页。</p></body></html>'
    doc = load_document(build.write(tmp_path, "p.html", page))
    assert paragraphs(doc) == ["这是中文网页。"]


def test_a_text_that_mentions_markup_or_pdf_stays_a_text(fresh_home, tmp_path):
    text = '说明\n\n网页里写 <meta charset="latin-1"> 不算数，PDF 文件以 %PDF-1.7 开头。\n'
    doc = load_document(build.write(tmp_path, "notes.txt", text))
    assert doc.format == "text" and "%PDF-1.7" in paragraphs(doc)[0]


def test_repeated_lines_inside_pdf_pages_are_kept(fresh_home, tmp_path):
    pages = [
        [
            (f"第{n}课", 18),
            ("\u3000\u3000今天我们学习新的课文。", 12),
            ("课文", 12),
            ("\u3000\u3000学校、老师、学生。", 12),
            ("“是。”", 12),
            ("100", 12),
            (f"\u3000\u3000第{n}课的最后一句。", 12),
        ]
        for n in range(1, 6)
    ]
    doc = load_document(build.write(tmp_path, "lessons.pdf", build.pdf_bytes(pages)))
    text = paragraphs(doc)
    assert text.count("学校、老师、学生。") == 5 and text.count("“是。”") == 5
    assert text.count("课文") == 5 and text.count("100") == 5


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw.replace('"split":0', '"split":Infinity'),
        lambda raw: "[" * 100000,
        lambda raw: raw.replace("中国人民银行", "\\ud800中国人民银行", 1),
        lambda raw: raw.replace("中国人民银行", "\\u001b[31m中国人民银行", 1),
    ],
)
def test_a_damaged_parse_cache_is_parsed_anew(fresh_home, tmp_path, damage):
    path = build.write(tmp_path, "book.epub", build.epub_bytes())
    first = load_document(path)
    (kept,) = (fresh_home / "cache" / "parsed").glob("*.json")
    assert parsed_cache.parser_version() in kept.name
    kept.write_text(damage(kept.read_text("utf-8")), "utf-8")
    again = load_document(path)
    assert again.sections == first.sections
    assert "\x1b" not in "".join(paragraphs(again))
