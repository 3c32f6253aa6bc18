"""Build `cedict_readings.tsv`: the words whose one CC-CEDICT reading differs from
pypinyin's (mostly neutral tones: 认识 rèn shi, 商量 shāng liang; and fixed readings:
晒干 shài gān, 切菜 qiē cài). Run by a developer when pypinyin or CC-CEDICT change:

    python -m reader.lang.readings_build

Words with several CC-CEDICT readings (大夫 dà fū / dài fu) and proper nouns are left
to pypinyin and the override table.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from reader.lang import pinyin
from reader.lang.dictionary import cedict_path, numbers_to_marks, parse_cedict_lines
from reader.text.chars import HAN_RE

TARGET = Path(__file__).with_name("cedict_readings.tsv")


def build() -> dict[str, tuple[str, ...]]:
    with gzip.open(cedict_path(), "rt", encoding="utf-8") as handle:
        rows = parse_cedict_lines(handle)
    readings: dict[str, set[str]] = defaultdict(set)
    for _, simplified, numbers, definitions in rows:
        if numbers[:1].isupper() or (
            definitions.startswith("variant of") and len(definitions) < 60
        ):
            continue
        readings[simplified].add(numbers.lower())
    table = {}
    for simplified, found in readings.items():
        if len(simplified) < 2 or len(found) != 1 or not all(HAN_RE.match(c) for c in simplified):
            continue
        syllables = tuple(
            unicodedata.normalize("NFC", s) for s in numbers_to_marks(next(iter(found))).split()
        )
        if len(syllables) != len(simplified) or any(
            not re.fullmatch(r"[a-zü\u0300-\u036f]+", unicodedata.normalize("NFD", s))
            for s in syllables
        ):
            continue
        if pinyin.pypinyin_word(simplified) != syllables:
            table[simplified] = syllables
    return table


def main() -> None:
    table = build()
    lines = [f"{word}\t{' '.join(syllables)}" for word, syllables in sorted(table.items())]
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(lines)} words")


if __name__ == "__main__":
    main()
