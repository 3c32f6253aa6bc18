"""jieba's prefix dictionary in our own cache (reader/lang/segment.py): the same
dictionary jieba builds, rebuilt when the file is damaged, and jieba imported without
pkg_resources."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader import paths
from reader.lang import segment
from reader.lang.segment import PREFIX_CACHE, Segmenter


@pytest.fixture(scope="module")
def jieba_own() -> tuple[dict[str, int], int]:
    """The prefix dictionary as jieba itself builds it from its word list."""
    tokenizer = segment._import_jieba().Tokenizer()
    return tokenizer.gen_pfdict(tokenizer.get_dict_file())


def whole(freq) -> dict[str, int]:
    return freq.whole() if isinstance(freq, segment.PrefixTable) else freq


def test_the_cache_holds_jiebas_dictionary_exactly(jieba_own):
    freq, total = jieba_own
    again, again_total = segment._decode(segment._encode(freq, total))
    assert again.whole() == freq and again_total == total
    # looked up before its dict is built, by a search of the file's sorted keys
    table, _ = segment._decode(segment._encode(freq, total))
    for key in [*list(freq)[::997], "", "不是一个词", "𠀀", "a", "\uffff", "中文" * 5]:
        assert table.get(key) == freq.get(key), key
        assert (key in table) == (key in freq)
    assert table._whole is None, "no dict built for a few lookups"


@given(st.lists(st.text(min_size=1, max_size=4), max_size=30), st.text(max_size=4))
def test_a_prefix_table_answers_as_the_dict_it_holds(keys, probe):
    freq = {key: n for n, key in enumerate(keys)}
    table, total = segment._decode(segment._encode(freq, 7))
    freq = {key: n for key, n in freq.items() if "\n" not in key}  # no Han block has one
    assert total == 7 and len(table) == len(freq)
    for key in [*freq, probe]:
        assert table.get(key) == freq.get(key)
    assert table.whole() == freq
    assert table.get(probe) == freq.get(probe)  # from the dict now


def test_a_prefix_table_builds_its_dict_after_enough_lookups(jieba_own, monkeypatch):
    freq, total = jieba_own
    table, _ = segment._decode(segment._encode(freq, total))
    monkeypatch.setattr(segment.PrefixTable, "BUILD_AFTER", 10)
    for key in list(freq)[:20]:
        assert table[key] == freq[key]
    assert table._whole == freq


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="cut-short"),
        pytest.param(lambda data: b"\x00" * 64, id="zeros"),
        pytest.param(lambda data: data[:40] + b"{" + data[41:], id="bad-header"),
        pytest.param(lambda data: data + b"more", id="too-long"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_cache_is_built_again_and_cuts_the_same(fresh_home, jieba_own, damage):
    freq, total = jieba_own
    path = paths.cache_dir() / PREFIX_CACHE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(damage(segment._encode(freq, total)))
    assert Segmenter().cut("我们去银行借钱") == ["我们", "去", "银行", "借钱"]
    again, again_total = segment._decode(path.read_bytes())
    assert (again.whole(), again_total) == (freq, total), "written whole again"
    assert Segmenter().frequency("中文") == freq["中文"]


def test_the_dump_earlier_versions_kept_is_removed(fresh_home):
    folder = paths.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    earlier = [folder / "jieba.cache", folder / "jieba-prefix-v1.bin"]
    earlier.append(folder / "jieba-prefix-v1-with-0123456789abcdef.bin")
    for old in earlier:
        old.write_bytes(b"an earlier version's dictionary")
    Segmenter().cut("银行")
    assert not any(old.exists() for old in earlier)
    assert (folder / PREFIX_CACHE).is_file()


def test_jieba_is_imported_without_pkg_resources_and_leaves_it_importable():
    code = (
        "import sys\n"
        "from reader.lang.segment import Segmenter\n"
        "assert Segmenter().cut('我们去银行') == ['我们', '去', '银行']\n"
        # neither imported nor left blocked (a None entry would fail a later import)
        "print('pkg_resources' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_warming_an_annotator_loads_what_a_new_texts_first_paragraph_waits_for():
    # not the context model: the first paint does not wait for it (AnnotatedDocument.settle
    # loads it once the first paragraph is painted)
    from reader.lang import cedict_words, pypinyin_table
    from reader.lang.annotate import Annotator

    annotator = Annotator()
    assert annotator.segmenter._tokenizer is None
    annotator.warm()
    assert annotator.segmenter._tokenizer is not None, "jieba's dictionary"
    assert "tables" in pypinyin_table._state, "pypinyin's tables"
    assert "table" in cedict_words._state, "CC-CEDICT's words"


def test_the_dictionary_with_the_glossarys_words_is_cached_and_cuts_as_adding_them(fresh_home):
    """As jieba's add_word, but for jieba's total: the glossary's size must not move
    the cut (a larger total makes one long word likelier than two short ones); a
    two-character term counts less."""
    tokenizer = segment._import_jieba().Tokenizer()
    freq, tokenizer.total = segment._prefix_dictionary(tokenizer)
    tokenizer.FREQ = dict(whole(freq))
    tokenizer.initialized = True
    words = ("风投", "投融资", "大语言模型", "大語言模型")
    total = tokenizer.total
    for word in words:
        short = len(word) <= 2  # counted less, and never less than jieba counts it
        count = segment.SHORT_TERM_FREQUENCY if short else segment.GLOSSARY_FREQUENCY
        tokenizer.add_word(word, max(count, tokenizer.FREQ.get(word) or 0))
    tokenizer.total = total  # the glossary's words leave jieba's total as it was
    built = Segmenter(words)
    assert built.cut("风投投融资") == ["风投", "投融资"]
    assert (whole(built._ready().FREQ), built._ready().total) == (
        whole(tokenizer.FREQ),
        tokenizer.total,
    )
    (cached,) = paths.cache_dir().glob(f"{segment.WITH_WORDS_CACHE}*.bin")
    again = Segmenter(words)._ready()
    assert isinstance(again.FREQ, segment.PrefixTable), "read from the cache"
    assert (whole(again.FREQ), again.total) == (whole(tokenizer.FREQ), tokenizer.total)
    cached.write_bytes(b"damaged")
    assert Segmenter(words).cut("风投投融资") == ["风投", "投融资"]  # built again
    table, table_total = segment._decode(cached.read_bytes())
    assert (table.whole(), table_total) == (whole(tokenizer.FREQ), tokenizer.total)


def test_only_the_newest_dictionaries_with_words_are_kept(fresh_home):
    for n in range(segment.KEPT_WITH_WORDS + 2):
        Segmenter((f"词{n}",))._ready()
    kept = list(paths.cache_dir().glob(f"{segment.WITH_WORDS_CACHE}*.bin"))
    assert len(kept) == segment.KEPT_WITH_WORDS


def test_words_a_sentence_does_not_have_leave_its_cut_alone(fresh_home):
    """However many terms a glossary adds, a sentence without them cuts as before (jieba's
    add_word raises its total: 8,000 terms made 高性价比 one word)."""
    from tests.conftest import real_paragraphs

    paragraphs = real_paragraphs()[:40]
    text = "".join(paragraphs)
    rare = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
    absent = [a + b + c for a in rare for b in rare for c in rare]
    absent = [w for w in absent if w not in text]
    plain, grown = Segmenter(["性价比"]), Segmenter(["性价比", *absent])
    assert grown.cut("提供高性价比的产品") == plain.cut("提供高性价比的产品")
    assert "性价比" in grown.cut("提供高性价比的产品")
    for paragraph in paragraphs:
        assert grown.cut(paragraph) == plain.cut(paragraph)


def test_words_given_later_are_read_only_when_the_cache_lacks_them(fresh_home):
    """A glossary's words come with the digest its index keeps: a start whose jieba
    dictionary is cached never reads them."""
    asked = []

    def words() -> list[str]:
        asked.append(1)
        return ["风投", "投融资"]

    first = Segmenter(("钉钉子",), words, key="digest-1")
    assert first.cut("风投投融资") == ["风投", "投融资"] and asked == [1]
    again = Segmenter(("钉钉子",), words, key="digest-1")
    assert again.cut("风投投融资") == ["风投", "投融资"] and asked == [1], "from the cache"
    assert whole(again._ready().FREQ) == whole(first._ready().FREQ)
    assert whole(Segmenter(("钉钉子", "风投", "投融资"))._ready().FREQ) == whole(
        again._ready().FREQ
    ), "the same dictionary as with the words given at once"
    Segmenter(("钉钉子",), words, key="digest-2")._ready()
    assert asked == [1, 1], "another key: another dictionary, built from the words"
