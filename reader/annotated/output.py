"""`reader annotate` output: the machine contract (JSON) and a text form for pipes."""

from __future__ import annotations

from reader.annotated.document import AnnotatedDocument
from reader.lang.numbers import NODE_RE, reading_at
from reader.lang.pinyin import join_syllables, styled, tone_of
from reader.lang.script import to_script


def _tokens_json(adoc: AnnotatedDocument, block_id: str, script: str, style: str) -> list[dict]:
    shown = adoc.shown(block_id, script)
    texts = [t.text for t in shown]
    out = []
    for index, t in enumerate(shown):
        token: dict[str, object] = {
            "text": t.text,
            "pinyin": [styled(s, style) for s in t.pinyin],
            "term": t.term,
            "name": t.name or None,  # a name found in the text: "person", "organisation"
            "simplified": t.simplified,
            "tones": [tone_of(s) for s in t.pinyin],
        }
        spoken = reading_at(texts, index) if not t.pinyin or NODE_RE.fullmatch(t.text) else None
        if spoken is not None:
            # a number: how it is read aloud (1570億: 一千五百七十億, yīqiān wǔbǎi qīshí yì)
            token["reading"] = {
                "text": to_script(
                    spoken.chinese,
                    adoc.doc.script if script == "original" else script,
                    "simplified",
                ),
                "pinyin": list(spoken.styled_words(style)),
            }
        out.append(token)
    return out


def _shown_text(adoc: AnnotatedDocument, block_id: str, script: str) -> str:
    if script == "taiwan":
        return "".join(t.text for t in adoc.shown(block_id, script))
    return to_script(adoc.text(block_id), script, adoc.doc.script)


def annotate_json(adoc: AnnotatedDocument, script: str, style: str = "marks") -> dict:
    """The machine contract of `reader annotate --format json` (docs/architecture.md)."""
    doc = adoc.doc
    sections = []
    for section in doc.sections:
        sections.append(
            {
                "title": _shown_text(adoc, section.id, script) if section.title else None,
                "id": section.id,
                "title_tokens": _tokens_json(adoc, section.id, script, style)
                if section.title
                else [],
                "paragraphs": [
                    {"id": p.id, "tokens": _tokens_json(adoc, p.id, script, style)}
                    for p in section.paragraphs
                ],
            }
        )
    return {
        "title": _shown_text(adoc, "title", script),
        "id": doc.id,
        "script": script,
        "pinyin_style": style,
        "title_tokens": _tokens_json(adoc, "title", script, style),
        "sections": sections,
    }


def _line(adoc: AnnotatedDocument, block_id: str, script: str, style: str) -> str:
    parts = []
    for token in adoc.shown(block_id, script):
        parts.append(token.text)
        if token.pinyin:
            shown = [styled(s, style) for s in token.pinyin]
            parts.append(
                "(" + (join_syllables(shown) if style == "marks" else " ".join(shown)) + ")"
            )
    return "".join(parts)


def annotate_text(adoc: AnnotatedDocument, script: str, style: str = "marks") -> str:
    """Each block on its own line, every word followed by its pinyin in parentheses."""
    lines = ["# " + _line(adoc, "title", script, style), ""]
    for section in adoc.doc.sections:
        if section.title:
            lines += ["## " + _line(adoc, section.id, script, style), ""]
        for paragraph in section.paragraphs:
            lines += [f"[{paragraph.id}] " + _line(adoc, paragraph.id, script, style), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
