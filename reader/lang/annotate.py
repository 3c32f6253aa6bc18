"""Annotation: a paragraph as a list of tokens with pinyin and glossary ids.

The pipeline (docs/architecture.md): convert to simplified (same length), segment the
simplified text with jieba, merge tokens that together form a glossary term (longest
wins), map the spans back to the original text, and read pinyin per word from the
simplified form. Annotation is independent of the display script; `in_script` turns
the tokens into what a given script shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.lang.glossary import Glossary
from reader.lang.pinyin import CONTEXT_WORDS, in_context, word_pinyin
from reader.lang.script import taiwan_word, to_script
from reader.lang.segment import Segmenter
from reader.text.chars import convert, han_count, has_han

PIPELINE_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    simplified: str
    pinyin: tuple[str, ...]
    term: str | None = None


@dataclass(frozen=True, slots=True)
class ShownToken:
    """A token as one script shows it; `pinyin` has one syllable per Han character of `text`."""

    text: str
    pinyin: tuple[str, ...]
    term: str | None
    simplified: str


class Annotator:
    def __init__(self, glossary: Glossary | None = None) -> None:
        self.glossary = glossary
        self.segmenter = Segmenter(glossary.jieba_words() if glossary else ())

    def _merge_terms(self, words: list[str]) -> list[tuple[str, str | None, tuple | None]]:
        """(word, term id, term pinyin): consecutive words forming a glossary form merge."""
        glossary = self.glossary
        out: list[tuple[str, str | None, tuple | None]] = []
        i, n = 0, len(words)
        while i < n:
            best = None
            if glossary is not None:
                joined = ""
                for j in range(i, n):
                    joined += words[j]
                    if not glossary.is_prefix(joined):
                        break
                    hit = glossary.match(joined)
                    if hit:
                        best = (j + 1, joined, hit)
            if best:
                end, joined, (term_id, pinyin) = best
                out.append((joined, term_id, pinyin))
                i = end
            else:
                out.append((words[i], None, None))
                i += 1
        return out

    def annotate(self, text: str) -> tuple[Token, ...]:
        simplified = convert(text, "t2s")
        tokens = []
        start = 0
        words = self._merge_terms(self.segmenter.cut(simplified))
        for index, (word, term, term_pinyin) in enumerate(words):
            end = start + len(word)
            original = text[start:end]
            if term_pinyin is not None:
                pinyin = term_pinyin
            elif word in CONTEXT_WORDS:
                before = words[index - 1][0] if index else ""
                after = words[index + 1][0] if index + 1 < len(words) else ""
                pinyin = in_context(word, before, after) or word_pinyin(word, original)
            else:
                pinyin = word_pinyin(word, original if len(word) == 1 else None)
            tokens.append(Token(start, end, original, word, pinyin, term))
            start = end
        return tuple(tokens)


def in_script(
    text: str,
    tokens: tuple[Token, ...],
    script: str,
    original_script: str,
    glossary: Glossary | None = None,
) -> list[ShownToken]:
    """The tokens of paragraph `text` as `script` shows them.

    In the Taiwan script a glossary term shows its Taiwan variant (算法 -> 演算法) and
    any other word its OpenCC Taiwan phrase (硅谷 -> 矽谷), with the pinyin of that word.
    """
    converted = to_script(text, script, original_script)
    shown = []
    for token in tokens:
        word = converted[token.start : token.end]
        pinyin = token.pinyin
        if script == "taiwan":
            variant = (
                glossary.taiwan_variant(token.term)
                if glossary and token.term and has_han(token.text)
                else None
            )
            if variant is not None:
                word, pinyin = variant
            elif token.term is None and (phrase := taiwan_word(token.simplified)) is not None:
                word = phrase
                pinyin = word_pinyin(convert(phrase, "t2s"))
        if han_count(word) != len(pinyin):
            pinyin = word_pinyin(convert(word, "t2s"))
        shown.append(ShownToken(word, pinyin, token.term, token.simplified))
    return shown
