"""Annotation: a paragraph as a list of tokens with pinyin and glossary ids.

The pipeline (docs/architecture.md): convert to simplified (same length), segment the
simplified text with jieba, merge tokens that together form a glossary term (longest
wins), map the spans back to the original text, and read pinyin per word from the
simplified form. Annotation is independent of the display script; `in_script` turns
the tokens into what a given script shows.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from reader.lang.context_model import cache_clear as context_model_forget
from reader.lang.context_model import scored_readings_at
from reader.lang.corrections import NO_CORRECTIONS, Corrections
from reader.lang.glossary import Glossary
from reader.lang.names import COMMON_SURNAMES, PERSON, SURNAMES, find_names, surname_read
from reader.lang.numbers import NODE_RE, bare_code, is_code, joined_nodes, joined_numbers
from reader.lang.pinyin import (
    CONTEXT_WORDS,
    forget_lookups,
    in_context,
    is_dictionary_word,
    is_unknown,
    original_readings,
    overrides,
    paragraph_rules,
    rare_alone_reading,
    readings_of,
    simplified_form,
    unknown_word_pieces,
    whole_words,
    word_pinyin,
    word_rules,
)
from reader.lang.script import taiwan_word, to_script
from reader.lang.segment import Segmenter
from reader.text.chars import convert, han_count, has_han, is_han

PIPELINE_VERSION = "33"
# How sure the context model must be to change a character the dictionaries read one
# way but do not decide (in a word jieba knows that no reading table has).
SURE = 0.9
# Characters standing alone whose reading the rules and pypinyin give better than the
# context model, which falls back on their majority reading where everyday Chinese
# needs another: 了 liǎo, 得 děi, 教 jiāo, 种 zhòng, 只 zhī, 觉 jiào, 弹 tán, 着/著 zhuó.
_OWN_READINGS = frozenset(
    "了着著得地的还只都教种觉弹长为一不降"
)  # 一, 不: citation tones; 降 alone jiàng
# A character this common as a word by itself (jieba's count) has one reading alone,
# the one pypinyin gives first (更 gèng, 好 hǎo, 将 jiāng): the model is not asked.
COMMON_ALONE = 20000
# jieba's dictionary counts its rarest entries 1-9 times: many are not words
JIEBA_WORD = 10


class Token(NamedTuple):
    """A word of a paragraph: where it is, as written and as simplified, its syllables,
    the glossary entry it carries and the kind of name it is. A named tuple, not a
    frozen dataclass: as immutable, and made about four times faster (a text has a token
    for every two characters)."""

    start: int
    end: int
    text: str
    simplified: str
    pinyin: tuple[str, ...]
    term: str | None = None
    name: str = ""  # a name no dictionary has, found in the text: "person", "organisation"


@dataclass(frozen=True, slots=True)
class ShownToken:
    """A token as one script shows it; `pinyin` has one syllable per Han character of `text`."""

    text: str
    pinyin: tuple[str, ...]
    term: str | None
    simplified: str
    name: str = ""


# the glossary entry a stock code carries (600519.SH, 台積電(2330))
STOCK_CODE = "stock-code"
# ... and a chip process node (2nm, 7纳米)
PROCESS_NODE = "process-node"
# a term and one of these is the term's trade or circle: 期货业, 半导体界
_TRADES = frozenset("业界")
# who one does something for: 人为 before them is 人 + 为 wèi "for" (多少人为难民开放
# 家园), not 人为 "man-made" (人为因素, 人为的)
_FOR_WHOM = frozenset((
    "难民", "人民", "大家", "国家", "社会", "他人", "别人", "公众", "群众", "家人",
    "孩子", "子女", "自己", "患者", "病人", "客户", "顾客", "乘客", "游客", "学生",
    "老人", "百姓", "穷人", "父母", "朋友", "员工", "读者", "观众",
))  # fmt: skip


class Annotator:
    # re-cut the words jieba's HMM made up where dictionary words fit (bench boundaries
    # turns it off to measure it)
    fix_boundaries = True

    def __init__(self, glossary: Glossary | None = None) -> None:
        self.glossary = glossary
        if glossary is None:
            self.segmenter = Segmenter(whole_words())
        else:  # its words read only when jieba's cache has no dictionary with them
            self.segmenter = Segmenter(
                whole_words(), glossary.jieba_words, glossary.jieba_words_digest()
            )
        # what is_word and _term_pieces answered, by word: a text's words repeat
        self._known: dict[str, bool] = {}
        self._pieces: dict[str, list[str] | None] = {}
        self._alone: dict[str, bool] = {}  # _open_alone's answers, by character

    def warm(self) -> None:
        """Load what a new text's first paragraph waits for: jieba's dictionary with the
        glossary's words, pypinyin and the reading tables (about a third of a second),
        so that a thread can load them while the screen is still being built. Not the
        context model: the first paint does not wait for it, and loading it meanwhile
        (a quarter of a second) would hold back the first paragraph's annotation; the
        screen loads it once that paragraph is painted (`AnnotatedDocument.settle`)."""
        self.annotate("預熱一下")

    def forget(self) -> None:
        """Empty everything the annotation remembers from the texts it has read: its
        words' answers, the segmenter's, the reading tables' lookups, the context
        model's sentences and the script conversions (the bench measures a new text's
        cost after it)."""
        self._known.clear()
        self._pieces.clear()
        self._alone.clear()
        if self.glossary is not None:
            self.glossary.forget()
        self.segmenter.forget()
        forget_lookups()
        context_model_forget()
        convert.cache_clear()

    def is_word(self, word: str) -> bool:
        """A word some dictionary has: the reading tables (pypinyin's phrases,
        CC-CEDICT's), jieba's (counted more than a few times: its rarest entries are
        often not words, 常讲, 该换), the glossary, CC-CEDICT; or no Han word at all (a
        number, a name in Latin letters)."""
        if len(word) < 2:
            return True
        known = self._known.get(word)
        if known is None:
            known = (  # cheapest first
                self.segmenter.frequency(word) >= JIEBA_WORD
                or is_dictionary_word(word)
                or not all(is_han(ch) for ch in word)
                or self._term(word) is not None
            )
            _remember(self._known, word, known)
        return known

    def _recut(self, words: list[str]) -> list[str]:
        """Words jieba's HMM made up (用仅|需, 其高|估值, 该换|个, 他教|我), cut again where
        dictionary words fit: the made-up word gives its last characters to the next
        word when that makes a dictionary word and leaves one; else a made-up word of
        two characters is two words (用|仅, 该|换, 他|教), unless it starts with a
        surname; 地 or 得 after a word, starting a made-up word, is a word of its own
        (慢慢|地走了); a measure word 个 ending one of three is one too (该换|个). Longer
        made-up words (黄仁勋, transliterations) stay as they are."""
        out = list(words)
        i = 0
        while i < len(out):
            word = out[i]
            following = out[i + 1] if i + 1 < len(out) else ""
            if word == "人为" and following in _FOR_WHOM:
                out[i : i + 1] = ["人", "为"]  # 多少人|为|难民开放家园 (人为 "man-made")
                i += 2
                continue
            if len(word) < 2 or self.is_word(word):
                i += 1
                continue
            fixed = None
            for cut in range(1, len(word)):
                head, tail = word[:cut], word[cut:]
                if (
                    following
                    and has_han(following)
                    and len(tail + following) >= 2
                    and is_dictionary_word(tail + following)
                    and self.is_word(head)
                ):
                    fixed = [head, tail + following]
                    break
            if fixed is not None:
                out[i : i + 2] = fixed
            elif (
                word[0] in "地得"
                and i
                and len(out[i - 1]) >= 2
                and has_han(out[i - 1])
                and (self.is_word(word[1:]) or (word[-1] in "了着过" and self.is_word(word[1:-1])))
            ):
                out[i : i + 1] = [word[0], word[1:]]  # 慢慢|地走了 -> 慢慢|地|走了
            elif len(word) == 2 and word[0] not in COMMON_SURNAMES:
                out[i : i + 1] = [word[0], word[1]]
            elif len(word) == 3 and word[-1] == "个" and word[0] not in COMMON_SURNAMES:
                out[i : i + 1] = [word[:-1], "个"]  # 该换个 -> 该换|个, then 该|换
                continue
            i += 1
        return out

    def _whole_latin(self, words: list[str]) -> list[str]:
        """A Latin word is never cut inside: jieba runs Latin and Han together in its
        blocks, and a word of its dictionary that starts with a Latin letter (E通) can
        take the end of one (PCE通胀 was PC|E通|胀). The letters go back to the word they
        end, and the Han characters after them are cut again."""
        out = list(words)
        i = 0
        while i + 1 < len(out):
            head, word = out[i], out[i + 1]
            if head[-1:] in _LATIN and word[:1] in _LATIN and has_han(word):
                k = 0
                while k < len(word) and word[k] in _LATIN:
                    k += 1
                after = out[i + 2] if i + 2 < len(out) else ""
                joined = after if after and all(is_han(ch) for ch in after) else ""
                again = self.segmenter.cut(word[k:] + joined)
                out[i : i + 2 + bool(joined)] = [head + word[:k], *again]
            i += 1
        return out

    def _unsteal(self, words: list[str]) -> list[str]:
        """A glossary term that took a character from the words around it gives it back
        (jieba counts terms high: 创|新消费 for 创新|消费, 封闭期|间 for 封闭|期间): when
        the lone character before it and its first character make a common dictionary
        word (jieba counts it GIVEN_BACK times or more) and the rest of it is a
        dictionary word (or its last character and the lone one after it, and the
        rest), the text is cut as those two words. A rare word is no reason: 混合云|和
        is not 混合|云和 (a county), 29日|新台币 not 日新|台币."""
        out = list(words)
        for i, word in enumerate(out):
            if len(word) < 3 or self._term(word) is None:
                continue
            before = out[i - 1] if i else ""
            after = out[i + 1] if i + 1 < len(out) else ""
            if (
                len(before) == 1
                and is_han(before)
                and self._common_word(before + word[0])
                and is_dictionary_word(word[1:])
            ):
                out[i - 1 : i + 1] = [before + word[0], word[1:]]
            elif (
                len(after) == 1
                and is_han(after)
                and self._common_word(word[-1] + after)
                and is_dictionary_word(word[:-1])
            ):
                out[i : i + 2] = [word[:-1], word[-1] + after]
        return out

    def _open_alone(self, ch: str) -> bool:
        """A character standing alone that the context model decides: a polyphone that
        rarely stands alone, or is not common alone, and that no rule or override reads
        (asked of every character a text has alone: the answer is kept)."""
        found = self._alone.get(ch)
        if found is None:
            found = self._alone[ch] = (
                ch not in _OWN_READINGS
                and ch not in overrides()
                and bool(
                    rare_alone_reading(ch)
                    or (len(readings_of(ch)) > 1 and self.segmenter.frequency(ch) < COMMON_ALONE)
                )
            )
        return found

    def _common_word(self, word: str) -> bool:
        """A dictionary word jieba counts GIVEN_BACK times or more."""
        return is_dictionary_word(word) and self.segmenter.frequency(word) >= GIVEN_BACK

    def _unswallow(self, words: list[str]) -> list[str]:
        """A word jieba keeps whole that is made of glossary terms and words (亿美元 =
        亿 + 美元, 千亿美元 = 千亿 + 美元) is cut into them, so that its terms are marked;
        a word whose rest would be a lone character (银行业) stays whole, and so does a
        dictionary word (资本主义 is not 资本 + 主义, 剩余价值 not 剩余 + 价值: its own entry
        explains it)."""
        out: list[str] = []
        for word in words:
            if len(word) < 2:
                out.append(word)
                continue
            pieces = self._pieces.get(word, _UNSEEN)
            if pieces is _UNSEEN:
                if is_dictionary_word(word):
                    pieces = None
                elif has_han(word):
                    pieces = self._term_pieces(word)
                else:
                    pieces = self._after_figure(word)
                _remember(self._pieces, word, pieces)
            if pieces:
                out += pieces
            else:
                out.append(word)
        return out

    def _after_figure(self, word: str) -> list[str] | None:
        """A glossary form in Latin letters written straight after a figure is a word of
        its own: 沪深300ETF, 中证A50ETF -> 300 + ETF, A50 + ETF (jieba keeps the run
        whole)."""
        glossary = self.glossary
        if glossary is None:
            return None
        for i in range(1, len(word)):
            if word[i - 1].isdigit() and word[i] in _LETTERS and glossary.match(word[i:]):
                return [word[:i], word[i:]]
        return None

    def _term_pieces(self, word: str) -> list[str] | None:
        """The fewest pieces of `word`, each a glossary form or a dictionary word of two
        or more characters, with at least one glossary form; None when there are none
        or the word is a glossary form itself."""
        glossary = self.glossary
        if glossary is None or glossary.match(word) is not None:
            return None
        n = len(word)
        # best[i] = (pieces, terms) for word[:i]
        best: list[tuple[list[str], int] | None] = [None] * (n + 1)
        best[0] = ([], 0)
        for i in range(n):
            if best[i] is None:
                continue
            pieces, terms = best[i]  # type: ignore[misc]
            for j in range(i + 1, n + 1):
                piece = word[i:j]
                if j - i == n:
                    continue  # the word itself
                is_term = glossary.match(piece) is not None
                if not is_term and not (j - i >= 2 and self.is_word(piece)):
                    continue
                candidate = (pieces + [piece], terms + is_term)
                current = best[j]
                if current is None or (len(candidate[0]), -candidate[1]) < (
                    len(current[0]),
                    -current[1],
                ):
                    best[j] = candidate
        found = best[n]
        return found[0] if found is not None and found[1] else None

    def _merge_terms(self, words: list[str]) -> list[tuple[str, str | None, tuple | None]]:
        """(word, term id, term pinyin): consecutive words forming a glossary form merge;
        a word jieba keeps whole that is a term and 业 or 界 (期货业, 半导体业: the trade)
        carries the term, read as the word reads."""
        glossary = self.glossary
        out: list[tuple[str, str | None, tuple | None]] = []
        text = "".join(words)
        i, n, at = 0, len(words), 0
        is_prefix = glossary.prefix_test() if glossary is not None else None
        while i < n:
            best = None
            if glossary is not None and is_prefix is not None:
                joined = ""
                for j in range(i, n):
                    joined += words[j]
                    if not is_prefix(joined):
                        break
                    hit = glossary.match(joined)
                    if hit and not (
                        (joined[0] in _LATIN or joined[-1] in _LATIN)
                        and _inside_latin_name(text, at, at + len(joined))
                    ):
                        best = (j + 1, joined, hit)
            if best:
                end, joined, (term_id, pinyin) = best
                out.append((joined, term_id, pinyin))
                i = end
                at += len(joined)
            else:
                word = words[i]
                hit = (
                    glossary.match(word[:-1])
                    if glossary is not None and len(word) >= 3 and word[-1] in _TRADES
                    else None
                )
                out.append((word, hit[0] if hit else None, None))
                at += len(word)
                i += 1
        return out

    def _codes(
        self, words: list[tuple[str, str | None, tuple | None]]
    ) -> list[tuple[str, str | None, tuple | None]]:
        """A stock code carries the glossary's entry for stock codes: one with its
        market (600519.SH, 2330-TW), or digits in brackets after a company's name
        (台積電(2330)) or after 代码/代號."""
        glossary = self.glossary
        if glossary is None or STOCK_CODE not in glossary:
            return words
        out = list(words)
        for i, (word, term, _) in enumerate(out):
            if term is not None or not word[:1].isascii() or not word[:1].isalnum():
                continue
            if is_code(word):
                out[i] = (word, STOCK_CODE, None)
                continue
            before = "".join(w for w, _, _ in out[max(0, i - 2) : i])
            after = out[i + 1][0] if i + 1 < len(out) else ""
            if not bare_code(word, before, after):
                continue
            bracketed = before[-1:] in "(（"
            named = i >= 2 and out[i - 2][1] is not None
            if not bracketed or (named and glossary.kind_of(out[i - 2][1] or "") == "entity"):
                out[i] = (word, STOCK_CODE, None)
        return out

    def _nodes(
        self, words: list[tuple[str, str | None, tuple | None]]
    ) -> list[tuple[str, str | None, tuple | None]]:
        """A chip process node (2nm, 7纳米: joined_nodes) carries the glossary's entry for
        process nodes."""
        glossary = self.glossary
        if glossary is None or PROCESS_NODE not in glossary:
            return words
        return [
            (word, PROCESS_NODE, None)
            if term is None and NODE_RE.fullmatch(word)
            else (word, term, p)
            for word, term, p in words
        ]

    @staticmethod
    def _in_context(
        simplified: str,
        tokens: list[Token],
        positions: list[int],
        cautious: Sequence[int] = (),
        original: str = "",
    ) -> list[Token]:
        """The context model's reading at `positions`, and at `cautious` ones where it
        is at least SURE of it, when it is one of the character's readings (of the
        original's character: 幹 is gàn, though its simplified 干 is also gān)."""
        model = scored_readings_at(simplified, [*positions, *cautious])
        careful = set(cautious) - set(positions)
        same = len(original) == len(simplified)

        def readable(p: int, syllable: str) -> bool:
            if syllable not in readings_of(simplified[p]):
                return False
            if same and original[p] != simplified[p] and is_han(original[p]):
                return syllable in original_readings(original[p])
            return True

        changes = {
            p: (syllable, simplified[p])
            for p, (syllable, sure) in model.items()
            if readable(p, syllable) and (p not in careful or sure >= SURE)
        }
        return _respelled(tokens, changes) if changes else tokens

    def _term(self, word: str) -> tuple[str, tuple | None] | None:
        return self.glossary.match(word) if self.glossary is not None else None

    def _names(
        self, words: list[tuple[str, str | None, tuple | None]]
    ) -> tuple[list[tuple[str, str | None, tuple | None]], dict[str, str]]:
        """The names no dictionary has joined into one word each (苗|伟 -> 苗伟), and
        their kinds."""
        found = find_names(
            [(word, term is not None) for word, term, _ in words],
            self.is_word,
            self.segmenter.frequency,
        )
        if not found:
            return words, {}
        out: list[tuple[str, str | None, tuple | None]] = []
        kinds: dict[str, str] = {}
        at = 0
        for start, end, kind in found:
            out += words[at:start]
            name = "".join(word for word, _, _ in words[start:end])
            out.append((name, None, None))
            kinds[name] = kind
            at = end
        return out + words[at:], kinds

    def _words(
        self, simplified: str, corrections: Corrections
    ) -> tuple[list[tuple[str, str | None, tuple | None]], dict[str, str]]:
        """(word, glossary id, its pinyin) for each word, and the names among them."""
        cut = joined_numbers(simplified, self.segmenter.cut(simplified))
        if self.fix_boundaries:
            cut = self._recut(self._whole_latin(cut))
            if self.glossary is not None:
                cut = self._unsteal(cut)
        if self.glossary is not None:
            cut = self._unswallow(cut)
        cut = joined_nodes(simplified, cut)  # after 2nm was cut for its nm
        words, names = self._names(self._nodes(self._codes(self._merge_terms(cut))))
        if corrections.splits or corrections.joins:
            words = corrections.boundaries(words, self._term)
        return words, names

    def words(self, text: str, corrections: Corrections = NO_CORRECTIONS) -> list[str]:
        """The words `annotate` cuts `text` into, as simplified, without their readings
        (several times faster: counting a long text's words), but for the names found
        in it: a name is not a word to learn."""
        words, names = self._words(simplified_form(text), corrections)
        return [word for word, _, _ in words if word not in names]  # a name is not learnt

    def annotate(
        self, text: str, corrections: Corrections = NO_CORRECTIONS, model: bool = True
    ) -> tuple[Token, ...]:
        """The paragraph's tokens; `corrections` (the learner's and the text's) split and
        join words and fix readings over everything else. Without the `model` (a first
        paint before it has loaded), the characters it would decide keep the readings
        the tables and rules give."""
        simplified = simplified_form(text)
        tokens = []
        start = 0
        open_positions: list[int] = []  # characters the context model may decide
        cautious: list[int] = []  # those it decides only when it is sure
        words, names = self._words(simplified, corrections)
        for index, (word, term, term_pinyin) in enumerate(words):
            end = start + len(word)
            original = text[start:end]
            if term_pinyin is not None:
                pinyin = term_pinyin
            elif word in CONTEXT_WORDS:  # the neighbours decide, never the context model
                before = words[index - 1][0] if index else ""
                after = words[index + 1][0] if index + 1 < len(words) else ""
                rest = simplified[end : end + 12]
                pinyin = in_context(word, before, after, rest) or word_pinyin(word, original)
            elif is_unknown(word):
                # a name or a word jieba made up: its pieces, and its characters as they
                # read in most dictionary words; in a word jieba knows (能力差, 塞特),
                # the model decides a character the dictionaries leave open only when
                # it is sure (see unknown_word_pieces)
                known = self.segmenter.knows(word)
                common = (
                    frozenset(
                        i
                        for i, ch in enumerate(word)
                        if self.segmenter.frequency(ch) >= COMMON_ALONE
                    )
                    if known
                    else frozenset()
                )
                pieces = unknown_word_pieces(word, known, common)
                pinyin = pieces.syllables
                open_positions += [start + i for i in pieces.open if word[i] not in _OWN_READINGS]
                cautious += [start + i for i in pieces.cautious if word[i] not in _OWN_READINGS]
            else:
                pinyin = word_pinyin(word, original if len(word) == 1 else None)
                if len(word) == 1 and term is None and self._open_alone(word):
                    open_positions.append(start)
            name = names.get(word, "") if term is None else ""
            tokens.append(Token(start, end, original, word, pinyin, term, name))
            start = end
        if model and (open_positions or cautious):
            tokens = self._in_context(simplified, tokens, open_positions, cautious, text)
        tokens = self._by_rules(simplified, tokens)
        # after the context model, which knows no surnames: a name found in the text, or
        # a surname after 姓 "is surnamed" or before 氏, reads as a surname (曾 zēng, 单 shàn)
        clans = "氏" in simplified
        tokens = [
            t._replace(pinyin=surname_read(t.simplified, t.pinyin))
            if t.name == PERSON
            or (i and tokens[i - 1].simplified.endswith("姓") and t.simplified[:1] in SURNAMES)
            or (clans and _clan(tokens, i))
            else t
            for i, t in enumerate(tokens)
        ]
        if corrections.readings:
            tokens = [
                t._replace(pinyin=fixed)
                if (fixed := corrections.readings.get(simplified[t.start : t.end])) is not None
                and len(fixed) == han_count(t.text)
                else t
                for t in tokens
            ]
        return tuple(tokens)

    @staticmethod
    def _by_rules(simplified: str, tokens: list[Token]) -> list[Token]:
        """`word_rules` and `paragraph_rules` over the whole paragraph (glossary terms
        keep theirs)."""
        syllables = [""] * len(simplified)
        for token in tokens:
            if len(token.pinyin) == token.end - token.start:
                syllables[token.start : token.end] = token.pinyin
        ruled = word_rules(simplified, {t.start: t.simplified for t in tokens})
        ruled.update(paragraph_rules(simplified, syllables))
        return _respelled(tokens, ruled) if ruled else tokens


def _clan(tokens: list[Token], i: int) -> bool:
    """A surname before 氏, "the family of" (海宁查|氏 zhā, 曾氏 zēng)."""
    word = tokens[i].simplified
    if len(word) == 2 and word[1] == "氏":
        return word[0] in SURNAMES
    return (
        len(word) == 1
        and word in SURNAMES
        and i + 1 < len(tokens)
        and tokens[i + 1].simplified.startswith("氏")
    )


# how often jieba counts a word that a glossary term gives a character back to (创新
# 4,681, 期间 14,656; 云和 34)
GIVEN_BACK = 500

_LETTERS = frozenset(string.ascii_letters)
_LATIN = frozenset(string.ascii_letters + string.digits)


def _inside_latin_name(text: str, start: int, end: int) -> bool:
    """text[start:end], a glossary form in Latin letters or digits at an edge, is part of
    a longer name written in them: DX-V3 is not DeepSeek-V3's V3, nor X-AI's AI (but
    300ETF's ETF, after a figure, is ETF)."""
    before = text[start - 1] if start else ""
    earlier = text[start - 2] if start > 1 else ""
    after = text[end] if end < len(text) else ""
    later = text[end + 1] if end + 1 < len(text) else ""
    joined_before = (before in _LATIN and not (before.isdigit() and text[start] in _LETTERS)) or (
        before in ("-", "_", ".", "&") and earlier in _LATIN
    )
    joined_after = after in _LATIN or (after in ("-", "_", "&") and later in _LATIN)
    return (text[start] in _LATIN and joined_before) or (text[end - 1] in _LATIN and joined_after)


_UNSEEN: list[str] = []  # a word _unswallow has not met (None: it has no pieces)
_REMEMBERED = 200_000  # words per cache: a long book's distinct words, and then some


def _remember(cache: dict, key: str, value: object) -> None:
    if len(cache) >= _REMEMBERED:
        cache.clear()
    cache[key] = value


def _respelled(tokens: list[Token], changes: dict[int, tuple[str, str]]) -> list[Token]:
    """`tokens` with the syllable and the simplified character at each changed position
    (paragraph offsets); glossary terms keep their own."""
    out = []
    for token in tokens:
        hits = [p for p in range(token.start, token.end) if p in changes]
        if hits and token.term is None and len(token.pinyin) == token.end - token.start:
            syllables = list(token.pinyin)
            chars = list(token.simplified)
            for p in hits:
                syllables[p - token.start], chars[p - token.start] = changes[p]
            token = token._replace(pinyin=tuple(syllables), simplified="".join(chars))
        out.append(token)
    return out


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
        if script == "simplified" and len(token.simplified) == len(word):
            word = token.simplified  # the reading decided the character: 看著 -> 看着
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
                pinyin = word_pinyin(simplified_form(phrase))
        if han_count(word) != len(pinyin):
            pinyin = word_pinyin(simplified_form(word))
        shown.append(ShownToken(word, pinyin, token.term, token.simplified, token.name))
    return shown
