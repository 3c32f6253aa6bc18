"""SortedTable answers as the dict it holds, before and after it builds that dict."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.lang.sorted_table import SortedTable, encode

WORDS = st.text(alphabet="银行长ab的了中国𠀀é", min_size=0, max_size=5)


def tables(mapping: dict[str, str]) -> list[SortedTable]:
    searched = SortedTable.of(mapping, prefixes=True)
    built = SortedTable.of(mapping, prefixes=True)
    built.whole()
    built._asked = built.BUILD_AFTER + 1
    return [searched, built]


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(WORDS, WORDS, max_size=30), st.lists(WORDS, max_size=20))
def test_lookups_agree_with_the_dict(mapping: dict[str, str], asked: list[str]) -> None:
    prefixes = {key[:end] for key in mapping for end in range(1, len(key) + 1)}
    for table in tables(mapping):
        assert len(table) == len(mapping)
        for word in [*asked, *mapping]:
            assert table.get(word) == mapping.get(word)
            assert (word in table) == (word in mapping)
            if word:
                assert table.has_prefix(word) == (word in prefixes)
        assert dict(table.items()) == mapping


def test_it_builds_its_dict_after_enough_lookups() -> None:
    table = SortedTable.of({"银行": "yín háng", "银": "yín"}, prefixes=True)
    table.BUILD_AFTER = 3
    for _ in range(3):
        assert table.get("银行") == "yín háng"
    assert table._whole is None
    assert table.get("银") == "yín"
    assert table._whole == {"银行": "yín háng", "银": "yín"}
    assert table.has_prefix("银") and not table.has_prefix("行")


def test_an_empty_table() -> None:
    table = SortedTable.decode(encode({}))
    assert len(table) == 0 and table.get("a") is None and not table.has_prefix("a")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1],
        lambda data: data[:30],
        lambda data: b"other file\n" + data,
        lambda data: data.replace(b"\xe9\x93\xb6", b"\xff\xff\xff", 1),
        lambda data: data.replace(b'"count": 2', b'"count": 3'),
        lambda data: data.replace(b'"keys"', b'"kays"'),
        lambda data: b"",
    ],
)
def test_a_damaged_file_is_a_value_error(damage) -> None:
    data = encode({"银行": "yín háng", "银": "yín"})
    SortedTable.decode(data)  # whole: fine
    with pytest.raises(ValueError):
        SortedTable.decode(damage(data))
