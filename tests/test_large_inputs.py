"""Large inputs bounded (issue 18, case 11): a paragraph longer than the limit is split
at sentence ends before annotation, practice is made from a bounded part of a section,
and the library's profile reads a bounded part of a text and stops when asked."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.annotated.document import open_annotated
from reader.study.practice import PRACTICE_CHARS, practice_paragraphs
from reader.text.loader import load_document
from reader.text.parse import PARAGRAPH_MAX_CHARS, split_long
from reader.tui.screens.library import _profile

SENTENCE = "央行今天宣布降息，市場反應熱烈。"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from([SENTENCE, "他說：", "好！", "，" * 50, "字" * 700, "a" * 3500, "？"]),
        min_size=1,
        max_size=40,
    )
)
def test_long_paragraphs_split_into_pieces_that_give_the_text_back(parts):
    text = "".join(parts)
    pieces = split_long(text)
    assert "".join(pieces) == text
    assert all(piece and len(piece) <= PARAGRAPH_MAX_CHARS for piece in pieces)
    assert (len(pieces) == 1) == (len(text) <= PARAGRAPH_MAX_CHARS)


def test_pieces_end_at_sentence_ends(tmp_path):
    pieces = split_long(SENTENCE * 400)
    assert len(pieces) > 5 and all(piece.endswith("。") for piece in pieces)


def test_a_two_megabyte_line_is_many_paragraphs_and_says_so(tmp_path):
    path = tmp_path / "pasted.txt"
    path.write_text("一頁網頁\n\n" + SENTENCE * (2 * 2**20 // len(SENTENCE.encode())), "utf-8")
    doc = load_document(path)
    paragraphs = list(doc.paragraphs())
    assert len(paragraphs) > 1000
    assert max(len(p.text) for p in paragraphs) <= PARAGRAPH_MAX_CHARS
    assert any("split at sentence ends" in n and str(path) in n for n in doc.notices)


def test_practice_reads_only_the_last_part_of_a_very_long_section(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join([SENTENCE * 20] * 100), "utf-8")
    adoc = open_annotated(load_document(path))
    chosen = practice_paragraphs(adoc, 1)
    ids = adoc.doc.paragraph_ids()
    assert chosen == ids[-len(chosen) :] and 1 <= len(chosen) < len(ids)
    assert sum(len(adoc.doc.paragraph(pid).text) for pid in chosen) <= PRACTICE_CHARS


def test_the_library_profile_stops_when_the_library_closes(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("\n\n".join([SENTENCE] * 10), "utf-8")
    doc = load_document(path)
    assert _profile(doc, lambda: True) is None
    assert _profile(doc, lambda: False)


def test_a_file_cut_mid_character_is_read_and_says_so(tmp_path):
    """A copy stopped mid-write ends in half a UTF-8 character (issue 18, minor)."""
    path = tmp_path / "cut.txt"
    path.write_bytes(("標題\n\n" + SENTENCE * 3).encode()[:-2])
    doc = load_document(path)
    assert doc.sections[0].paragraphs[0].text == (SENTENCE * 3)[:-1]
    assert any("ends in the middle of a character" in n for n in doc.notices)


def test_a_text_with_a_translation_keeps_its_long_paragraphs_whole(tmp_path):
    """Its translation (and questions) count paragraphs as written: no id moves."""
    path = tmp_path / "t.txt"
    path.write_text("標題\n\n" + SENTENCE * 300 + "\n\n短段落。\n", "utf-8")
    (tmp_path / "t.en.txt").write_text("Title\n\nLong.\n\nShort.\n", "utf-8")
    doc = load_document(path)
    assert doc.paragraph_ids() == ["s1p1", "s1p2"] and doc.has_translation
