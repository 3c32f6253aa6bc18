from __future__ import annotations

import pytest

from reader.errors import ReaderError
from reader.text.loader import load_document
from reader.text.parse import parse_plain
from tests.conftest import REPO

CHINESE = "標題\n\n第一段，這是中文。\n\n小標題\n\n第二段的內容。\n"


def test_bundled_article_shape(article):
    assert article.id == "deepseek"
    assert article.title == "DeepSeek,終結了AI硅谷與華爾街的雙寡頭敘事"
    assert article.script == "traditional"
    assert article.source
    assert [s.title for s in article.sections] == [
        None,
        "共生邏輯下的AI敘事閉環",
        "低成本AI的範式衝擊",
        "撥開迷霧後的價值重構",
    ]
    assert [len(s.paragraphs) for s in article.sections] == [3, 10, 6, 6]
    assert article.paragraph_ids()[:4] == ["s1p1", "s1p2", "s1p3", "s2p1"]
    assert article.paragraph("s2p2").text.startswith("成立於2015年12月的OpenAI")


def test_bundled_article_is_the_published_text_character_for_character(article):
    raw = (REPO / "texts" / "deepseek.txt").read_text(encoding="utf-8")
    blocks = [b.strip() for b in raw.split("\n\n") if b.strip()]
    rebuilt = [article.title]
    for section in article.sections:
        rebuilt += ([section.title] if section.title else []) + [p.text for p in section.paragraphs]
    assert rebuilt == blocks


def test_translation_is_aligned(article):
    assert article.has_translation
    assert article.title_translation
    assert all(p.translation for p in article.paragraphs())
    assert all(s.title_translation for s in article.sections if s.title)


def test_markdown_headings_and_first_section_without_heading():
    parsed = parse_plain(
        "# 書名\n\n前言，很短。\n\n## 第一章\n\n正文。\n第二行。\n\n## 第二章\n內容。"
    )
    assert parsed.title == "書名"
    assert parsed.sections == [
        (None, ["前言，很短。"]),
        ("第一章", ["正文。第二行。"]),
        ("第二章", ["內容。"]),
    ]


def test_heading_without_paragraph_is_kept_as_text():
    parsed = parse_plain("標題\n\n正文。\n\n最後一行")
    assert parsed.sections == [(None, ["正文。", "最後一行"])]


def test_long_first_line_is_not_a_title(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("這是一個很長的句子，它不是標題。\n\n第二段。", encoding="utf-8")
    doc = load_document(path)
    assert doc.title == "story"
    assert [p.text for p in doc.paragraphs()] == ["這是一個很長的句子，它不是標題。", "第二段。"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"])
def test_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / f"t-{encoding}.txt"
    path.write_bytes(CHINESE.encode(encoding))
    doc = load_document(path)
    assert doc.title == "標題"
    assert [p.text for p in doc.paragraphs()] == ["第一段，這是中文。", "第二段的內容。"]


def test_simplified_text_in_gb18030_and_utf16_without_bom(tmp_path):
    text = "标题\n\n我们今天学习中文，这个问题很重要。\n"
    for encoding in ("gb18030", "utf-16-le", "utf-16-be"):
        path = tmp_path / f"s-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        doc = load_document(path)
        assert doc.script == "simplified"
        assert next(doc.paragraphs()).text == "我们今天学习中文，这个问题很重要。"


def test_line_endings_and_controls(tmp_path):
    path = tmp_path / "c.txt"
    path.write_bytes("標題\r\n\r\n第一段\x1b[31m紅色\x1b[0m。\r第二行。\n".encode())
    doc = load_document(path)
    text = next(doc.paragraphs()).text
    assert "\x1b" not in text and "\u241b[31m" in text
    assert text.endswith("第二行。")


BAD = {
    "empty": (b"", "empty"),
    "whitespace": (b"  \n\t\n", "only whitespace"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    "latin1": ("Café crème brûlée, déjà vu à la française. " * 20).encode("latin-1"),
    "english": (b"Just some English text.\n\nNothing Chinese here.\n", "no Chinese"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_raise_one_clear_error(tmp_path, name):
    value = BAD[name]
    data, reason = value if isinstance(value, tuple) else (value, "not in UTF-8")
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(ReaderError) as info:
        load_document(path)
    message = str(info.value)
    assert str(path) in message and reason in message and "\n" not in message


def test_folder_and_missing_path(tmp_path):
    with pytest.raises(ReaderError, match="is a folder"):
        load_document(tmp_path)
    with pytest.raises(ReaderError, match="no such file"):
        load_document(tmp_path / "missing.txt")


def test_misaligned_translation_is_left_out_with_a_notice(tmp_path):
    (tmp_path / "t.txt").write_text(CHINESE, encoding="utf-8")
    (tmp_path / "t.en.txt").write_text("Title\n\nOnly one block\n", encoding="utf-8")
    doc = load_document(tmp_path / "t.txt")
    assert not doc.has_translation
    assert "t.en.txt" in doc.notices[0] and "2 blocks" in doc.notices[0]


def test_short_big5_is_not_read_as_common_gb18030():
    """Found by the fuzz run: 需1/3算 in Big5 also decodes as GB18030 惠1/3衡, both
    common characters; the more elementary reading wins."""
    from reader.text.decode import decode_bytes

    assert decode_bytes("需1/3算".encode("big5"), "x") == ("需1/3算", "big5")
