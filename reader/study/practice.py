"""Exercises for any text, generated from its own content.

- Cloze: a glossary term or an HSK 5+ word blanked from its sentence; the other
  choices are words of the same kind from the same text (glossary terms of the same
  domain, or words of a similar HSK level and the same length), never the answer
  itself nor a word that shares characters with it.
- Pinyin: a polyphonic character in a word; the choices are that character's other
  readings, which by construction are not its reading in this word.

Deterministic: the same text gives the same exercises.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from reader.annotated.document import AnnotatedDocument
from reader.lang.hsk import word_level
from reader.lang.polyphones import word_readings
from reader.study.questions import Question
from reader.text.chars import convert, has_han, is_han
from reader.text.parse import sentences as split_sentences

BLANK = "＿＿"


@dataclass(frozen=True, slots=True)
class Candidate:
    paragraph: str
    word: str
    simplified: str
    kind: str  # glossary domain, or "hsk-N"
    sentence: str


def _candidates(adoc: AnnotatedDocument, paragraph_ids: list[str]) -> list[Candidate]:
    glossary = adoc.annotator.glossary
    found = []
    for pid in paragraph_ids:
        text = adoc.text(pid)
        sentences = split_sentences(text)
        for token in adoc.tokens(pid):
            if not has_han(token.text) or len(token.text) < 2:
                continue
            entry = glossary.get(token.term) if token.term and glossary else None
            if entry is not None:
                if entry.kind == "entity":
                    continue
                kind = entry.domain
            else:
                level = word_level(token.simplified)
                if level is None or level < 5:
                    continue
                kind = f"hsk-{min(level, 7)}"
            for offset, sentence in sentences:
                if offset <= token.start < offset + len(sentence):
                    found.append(Candidate(pid, token.text, token.simplified, kind, sentence))
                    break
    return found


POOL_CHARS = 20_000  # the distractors come from the section's words and at most this much more


def _pool_paragraphs(adoc: AnnotatedDocument, paragraph_ids: list[str]) -> list[str]:
    """Where a cloze's wrong choices come from: the practised paragraphs, then the
    document's from its start, up to POOL_CHARS characters (a long book is not read
    whole for four distractors)."""
    chosen = list(paragraph_ids)
    total = sum(len(adoc.text(pid)) for pid in chosen)
    for pid in adoc.doc.paragraph_ids():
        if total >= POOL_CHARS:
            break
        if pid not in paragraph_ids:
            chosen.append(pid)
            total += len(adoc.text(pid))
    return chosen


def _unrelated(a: str, b: str) -> bool:
    return a != b and not set(a) & set(b)


def cloze(
    adoc: AnnotatedDocument, paragraph_ids: list[str], section: int, limit: int = 4, seed: str = ""
) -> list[Question]:
    rng = random.Random(f"{adoc.doc.checksum}-{section}-{seed}")
    pool = _candidates(adoc, _pool_paragraphs(adoc, paragraph_ids))
    local = [c for c in _candidates(adoc, paragraph_ids)]
    rng.shuffle(local)
    out, used = [], set()
    for candidate in local:
        if candidate.simplified in used:
            continue
        same_kind = {
            c.word: c
            for c in pool
            if c.kind == candidate.kind
            and len(c.word) == len(candidate.word)
            and _unrelated(c.simplified, candidate.simplified)
            and c.word not in candidate.sentence
        }
        if len(same_kind) < 2:
            same_kind.update(
                {
                    c.word: c
                    for c in pool
                    if len(c.word) == len(candidate.word)
                    and _unrelated(c.simplified, candidate.simplified)
                    and c.word not in candidate.sentence
                }
            )
        distractors = sorted(same_kind)
        if len(distractors) < 2:
            continue
        choices = [candidate.word, *rng.sample(distractors, min(3, len(distractors)))]
        rng.shuffle(choices)
        # every time the word is in the sentence: a second 製程 would give it away
        blanked = candidate.sentence.replace(candidate.word, BLANK)
        out.append(
            Question(
                id=f"cloze-{candidate.paragraph}-{candidate.simplified}",
                section=section,
                evidence=candidate.paragraph,
                kind="choice",
                prompt=f"{_fill_in(candidate.sentence)}：{blanked.strip()}",
                answer=candidate.word,
                explanation=f"原文：{candidate.sentence.strip()}",
                prompt_en="Fill in the blank with the word from the text.",
                choices=tuple(choices),
                explanation_en=f"The text says {candidate.word} here ({candidate.paragraph}).",
            )
        )
        used.add(candidate.simplified)
        if len(out) >= limit:
            break
    return out


# Characters whose readings are free variants or tone sandhi: another reading is not wrong.
_NOT_ASKED = frozenset("一不谁那哪这熟血剥给薄嚼")


def _readings(ch: str) -> list[str]:
    """The readings everyday words give `ch` (not pypinyin's every historical one:
    取 qū, 遇 yóng): only a real polyphone is asked about. pypinyin's list (a dict
    look-up) first rules out the characters with one reading, without a dictionary
    query."""
    # pypinyin, like in reader.lang.pinyin, only when practice is made (in a worker).
    from pypinyin import Style, pinyin

    if len(set(pinyin(ch, style=Style.TONE, heteronym=True)[0])) < 2:
        return []
    return list(word_readings(ch))


def pinyin_choice(
    adoc: AnnotatedDocument, paragraph_ids: list[str], section: int, limit: int = 3, seed: str = ""
) -> list[Question]:
    rng = random.Random(f"{adoc.doc.checksum}-{section}-py-{seed}")
    items = []
    for pid in paragraph_ids:
        for token in adoc.tokens(pid):
            han = [ch for ch in token.simplified if is_han(ch)]
            if len(han) != len(token.pinyin) or len(token.text) < 2:
                continue
            for index, ch in enumerate(han):
                if ch in _NOT_ASKED:
                    continue
                readings = _readings(ch)
                reading = token.pinyin[index]
                if len(readings) >= 2 and reading in readings:
                    shown = [c for c in token.text if is_han(c)][index]
                    items.append((pid, token.text, shown, reading, readings))
    rng.shuffle(items)
    out, seen = [], set()
    for pid, word, ch, reading, readings in items:
        if (word, ch) in seen:
            continue
        seen.add((word, ch))
        choices = [reading, *[r for r in readings if r != reading][:3]]
        rng.shuffle(choices)
        out.append(
            Question(
                id=f"pinyin-{pid}-{word}-{ch}",
                section=section,
                evidence=pid,
                kind="choice",
                prompt=f"「{word}」裡的「{ch}」怎麼讀？",
                answer=reading,
                explanation=f"{word}：{ch} 讀 {reading}。",
                prompt_en=f"How is {ch} read in {word}?",
                choices=tuple(choices),
                explanation_en=f"In {word}, {ch} is read {reading}; its other readings are "
                f"{', '.join(r for r in readings if r != reading)}.",
            )
        )
        if len(out) >= limit:
            break
    return out


PRACTICE_CHARS = 6000  # practice is made from the section's last paragraphs up to this


def practice_paragraphs(adoc: AnnotatedDocument, section: int) -> list[str]:
    """The paragraphs practice is made from: the section's, or in a very long section
    the last ones (what was just read) up to PRACTICE_CHARS characters."""
    chosen: list[str] = []
    total = 0
    for paragraph in reversed(adoc.doc.sections[section - 1].paragraphs):
        if chosen and total + len(paragraph.text) > PRACTICE_CHARS:
            break
        chosen.append(paragraph.id)
        total += len(paragraph.text)
    return chosen[::-1]


def practice_for_section(adoc: AnnotatedDocument, section: int) -> list[Question]:
    ids = practice_paragraphs(adoc, section)
    return cloze(adoc, ids, section) + pinyin_choice(adoc, ids, section)


def _fill_in(sentence: str) -> str:
    """ "Fill in the word" in the script the sentence is written in."""
    return "选词填空" if convert(sentence, "t2s") == sentence else "選詞填空"
