"""`reader export TEXT --html FILE`: a printable reading handout.

One self-contained HTML5 page (no external resources, no JavaScript): the title and the
chosen sections with pinyin as ruby over every Han character, paragraph ids in the
margin, the glossary terms that occur (in order of first occurrence), the comprehension
questions of those sections and, on a page of its own, the answer key. The English
translation is deliberately left out: this is a page to read, not to compare.

Every piece of text that comes from a file (article, glossary, questions) goes through
`html.escape`; nothing from a file is ever markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from reader.errors import ReaderError
from reader.fsutil import write_text_atomic
from reader.lang.annotate import ShownToken
from reader.lang.document import AnnotatedDocument
from reader.lang.glossary import Entry, Glossary
from reader.lang.hanzi import is_han
from reader.lang.script import convert, to_script
from reader.study.questions import Question
from reader.text.model import Document, Section
from reader.text.sections import describe as _describe
from reader.text.sections import parse_sections

# Punctuation that must not begin a line travels with the word before it; punctuation
# that must not end a line travels with the word after it.
CLOSING = frozenset("，。、：；！？”’）」』》〉】,.:;!?)]}…—%")
OPENING = frozenset("“‘（「『《〈【([{")

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(“‘])")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


# ------------------------------------------------------------------ sections


# ------------------------------------------------------------------ the text


def _closing(text: str) -> bool:
    return bool(text) and all(ch in CLOSING or ch.isspace() for ch in text) and not text.isspace()


def _opening(text: str) -> bool:
    return bool(text) and all(ch in OPENING for ch in text)


def _token_html(token: ShownToken, pinyin: bool) -> str:
    if not pinyin:
        out = _e(token.text)
    else:
        parts, syllables = [], iter(token.pinyin)
        for ch in token.text:
            syllable = next(syllables, None) if is_han(ch) else None
            if syllable is None:
                parts.append(_e(ch))
            else:
                parts.append(f"<ruby>{_e(ch)}<rt>{_e(syllable)}</rt></ruby>")
        out = "".join(parts)
    if token.term:
        out = f'<span class="term" data-term="{_e(token.term)}">{out}</span>'
    return out


def words_html(tokens: list[ShownToken], pinyin: bool) -> str:
    """Each word (with the punctuation that clings to it) in a `<span class="w">`,
    so that a word and its pinyin never break across lines; spaces stay breakable."""
    groups: list[list[ShownToken]] = []
    opening: list[ShownToken] = []
    out: list[str] = []

    def flush() -> None:
        for group in groups:
            out.append(
                '<span class="w">' + "".join(_token_html(t, pinyin) for t in group) + "</span>"
            )
        groups.clear()

    for token in tokens:
        if token.text.isspace():
            groups.extend([t] for t in opening)
            opening.clear()
            flush()
            out.append(_e(token.text))
        elif _closing(token.text) and groups and not opening:
            groups[-1].append(token)
        elif _opening(token.text):
            opening.append(token)
        else:
            groups.append([*opening, token])
            opening.clear()
    groups.extend([t] for t in opening)
    flush()
    return "".join(out)


# ------------------------------------------------------------------ the page


@dataclass(frozen=True, slots=True)
class GlossaryRow:
    entry: Entry
    form: str
    pinyin: str
    seen: str
    first: str


class _Page:
    def __init__(
        self,
        adoc: AnnotatedDocument,
        sections: list[Section],
        script: str,
        pinyin: bool,
        answer_key: bool,
        questions: list[Question],
    ) -> None:
        self.adoc = adoc
        self.doc: Document = adoc.doc
        self.sections = sections
        self.script = script
        self.pinyin = pinyin
        self.answer_key = answer_key
        self.questions = questions
        self.hans = script == "simplified" or (
            script == "original" and self.doc.script == "simplified"
        )

    # --- text in the chosen script

    def zh(self, label: str) -> str:
        """A fixed label (written in traditional characters) in the page's script."""
        return convert(label, "t2s") if self.hans else label

    def shown(self, text: str) -> str:
        """Chinese from a file (questions) in the chosen script."""
        return to_script(text, self.script, self.doc.script) if text else text

    def block(self, block_id: str) -> str:
        return words_html(self.adoc.shown(block_id, self.script), self.pinyin)

    # --- parts

    def glossary_rows(self) -> list[GlossaryRow]:
        glossary: Glossary | None = self.adoc.annotator.glossary
        if glossary is None:
            return []
        rows: dict[str, GlossaryRow] = {}
        for section in self.sections:
            blocks = ([section.id] if section.title else []) + [p.id for p in section.paragraphs]
            for block_id in blocks:
                for token in self.adoc.shown(block_id, self.script):
                    if not token.term or token.term in rows:
                        continue
                    entry = glossary.get(token.term)
                    if entry is None:
                        continue
                    form, syllables = self.entry_form(glossary, entry)
                    rows[token.term] = GlossaryRow(
                        entry, form, " ".join(syllables), token.text, block_id
                    )
        return list(rows.values())

    def entry_form(self, glossary: Glossary, entry: Entry) -> tuple[str, tuple[str, ...]]:
        if self.script == "taiwan":
            variant = glossary.taiwan_variant(entry.id)
            if variant is not None:
                return variant
        if self.hans:
            return entry.simplified, entry.pinyin
        if self.script in ("taiwan", "hongkong"):
            return to_script(entry.traditional, self.script, "traditional"), entry.pinyin
        return entry.traditional, entry.pinyin

    def render(self) -> str:
        doc = self.doc
        lang = "zh-Hans" if self.hans else "zh-Hant"
        numbers = [s.number for s in self.sections]
        all_numbers = [s.number for s in doc.sections]
        scope = (
            self.zh("全文") + ' <span lang="en">(whole text)</span>'
            if numbers == all_numbers
            else self.zh("第")
            + _e(_describe(numbers, "、"))
            + self.zh("節")
            + f' <span lang="en">(section{"s" if len(numbers) > 1 else ""} '
            + _e(_describe(numbers))
            + ")</span>"
        )
        body = [
            '<header class="head">',
            f'<h1 class="title">{self.block("title")}</h1>',
        ]
        if doc.source:
            body.append(f'<p class="source" lang="en">{_e(doc.source)}</p>')
        body.append(
            f'<p class="meta"><span class="scope">{scope}</span>'
            f'<span class="fill">{self.zh("姓名")}<span class="blank"></span></span>'
            f'<span class="fill">{self.zh("日期")}<span class="blank"></span></span></p>'
        )
        body.append("</header>")
        body.append('<main class="text">')
        for section in self.sections:
            body.append(f'<section class="section" id="{_e(section.id)}">')
            if section.title:
                body.append(
                    f'<h2 class="heading"><span class="pid">{_e(section.id)}</span>'
                    f"{self.block(section.id)}</h2>"
                )
            for paragraph in section.paragraphs:
                body.append(
                    f'<p class="para" id="{_e(paragraph.id)}">'
                    f'<span class="pid">{_e(paragraph.id)}</span>'
                    f"{self.block(paragraph.id)}</p>"
                )
            body.append("</section>")
        body.append("</main>")
        body += self.glossary_html()
        body += self.questions_html()
        if self.answer_key:
            body += self.answers_html()
        title = (
            to_script(doc.title, self.script, doc.script)
            if self.script != "taiwan"
            else "".join(t.text for t in self.adoc.shown("title", self.script))
        )
        return "\n".join(
            [
                "<!DOCTYPE html>",
                f'<html lang="{lang}">',
                "<head>",
                '<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                '<meta name="generator" content="reader export">',
                f"<title>{_e(title)}</title>",
                f"<style>{CSS}</style>",
                "</head>",
                f'<body class="{"pinyin" if self.pinyin else "plain"}">',
                '<div class="page">',
                *body,
                "</div>",
                "</body>",
                "</html>",
                "",
            ]
        )

    def glossary_html(self) -> list[str]:
        rows = self.glossary_rows()
        if not rows:
            return []
        out = [
            '<section class="glossary" id="glossary">',
            f'<h2>{self.zh("詞彙")} <span lang="en">Glossary</span>'
            f'<span class="count">{len(rows)}</span></h2>',
            '<dl class="gloss">',
        ]
        for row in rows:
            seen = (
                f'<span class="seen">{self.zh("文中")}：{_e(row.seen)}</span>'
                if row.seen != row.form
                else ""
            )
            pinyin = f'<span class="g-pinyin">{_e(row.pinyin)}</span>' if row.pinyin else ""
            out.append(
                f'<div class="g" data-term="{_e(row.entry.id)}">'
                f'<dt><span class="g-first">{_e(row.first)}</span>'
                f'<span class="g-form">{_e(row.form)}</span>{pinyin}{seen}</dt>'
                f'<dd class="g-en" lang="en">{_e("; ".join(row.entry.english))}</dd>'
                f'<dd class="g-expl" lang="en">{_e(short_explanation(row.entry.explanation))}'
                "</dd></div>"
            )
        out += ["</dl>", "</section>"]
        return out

    def questions_html(self) -> list[str]:
        if not self.questions:
            return []
        out = [
            '<section class="questions" id="questions">',
            f'<h2>{self.zh("閱讀理解")} <span lang="en">Questions</span></h2>',
            '<ol class="qs">',
        ]
        for question in self.questions:
            out.append(f'<li class="q q-{_e(question.kind)}" id="q-{_e(question.id)}">')
            out.append(f'<p class="prompt">{_e(self.shown(question.prompt))}</p>')
            if question.prompt_en:
                out.append(f'<p class="en" lang="en">{_e(question.prompt_en)}</p>')
            if question.kind == "choice":
                out.append('<ol class="choices" type="A">')
                out += [f"<li>{_e(self.shown(c))}</li>" for c in question.choices]
                out.append("</ol>")
            elif question.kind == "truefalse":
                out.append(
                    f'<p class="tf"><span class="box"></span>{self.zh("對")}'
                    f'<span class="box"></span>{self.zh("錯")}</p>'
                )
            else:
                out.append('<div class="write-line"></div>')
            out.append("</li>")
        out += ["</ol>", "</section>"]
        return out

    def answers_html(self) -> list[str]:
        if not self.questions:
            return []
        out = [
            '<section class="answer-key" id="answer-key">',
            f'<h2>{self.zh("答案")} <span lang="en">Answer key</span></h2>',
            '<ol class="key">',
        ]
        for question in self.questions:
            out.append(f'<li class="k" id="a-{_e(question.id)}">')
            out.append(
                f'<p class="answer">{self.answer(question)}'
                f'<span class="evidence">{_e(question.evidence)}</span></p>'
            )
            out.append(f'<p class="explanation">{_e(self.shown(question.explanation))}</p>')
            if question.explanation_en:
                out.append(f'<p class="en" lang="en">{_e(question.explanation_en)}</p>')
            out.append("</li>")
        out += ["</ol>", "</section>"]
        return out

    def answer(self, question: Question) -> str:
        if question.kind == "choice":
            index = question.choices.index(question.answer)
            letter = chr(ord("A") + index) if index < 26 else str(index + 1)
            return f'<span class="letter">{letter}</span>{_e(self.shown(str(question.answer)))}'
        if question.kind == "truefalse":
            word, english = ("對", "true") if question.answer else ("錯", "false")
            return f'{self.zh(word)} <span lang="en">({english})</span>'
        return " / ".join(_e(self.shown(a)) for a in question.answer)


def short_explanation(text: str) -> str:
    """The first sentence of a glossary explanation."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def render_handout(
    adoc: AnnotatedDocument,
    sections: list[int],
    questions: list[Question],
    *,
    script: str = "original",
    pinyin: bool = True,
    answer_key: bool = True,
) -> str:
    """The page as a string (sections are section numbers of `adoc.doc`)."""
    chosen = [s for s in adoc.doc.sections if s.number in sections]
    wanted = {s.number for s in chosen}
    blocks = ["title"] + [
        b for s in chosen for b in ([s.id] if s.title else []) + [p.id for p in s.paragraphs]
    ]
    adoc.annotate_many(blocks)
    page = _Page(
        adoc, chosen, script, pinyin, answer_key, [q for q in questions if q.section in wanted]
    )
    return page.render()


def write_handout(
    text: str,
    html_path: Path | str,
    *,
    sections: str | None = None,
    script: str = "original",
    pinyin: bool = True,
    answer_key: bool = True,
) -> Path:
    """Write the handout of TEXT (a bundled id or a file) to `html_path`; return the path."""
    from reader.lang.document import open_annotated
    from reader.study.questions import load_questions
    from reader.text.library import open_text

    html_path = Path(html_path)
    doc = open_text(text)
    numbers = parse_sections(sections, [s.number for s in doc.sections], text)
    questions = load_questions(doc)
    page = render_handout(
        open_annotated(doc), numbers, questions, script=script, pinyin=pinyin, answer_key=answer_key
    )
    try:
        write_text_atomic(html_path, page)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if (
            exc.filename
            and Path(exc.filename) != html_path
            and not Path(exc.filename).name.startswith(f".{html_path.name}.")
        ):
            reason += f": {exc.filename}"
        raise ReaderError(f"cannot write the handout ({reason})", html_path) from None
    return html_path


CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
@page { @bottom-center { content: counter(page); font-size: 9pt; color: #888; } }
:root {
  --ink: #1b1b1b; --muted: #6b6b6b; --rule: #cfc8bb;
  --term: #2f6f73;
}
* { box-sizing: border-box; }
html {
  font-family: "Noto Serif CJK TC", "Noto Sans CJK TC", "PingFang TC",
    "Microsoft JhengHei", serif;
  color: var(--ink);
  font-size: 18px;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
html:lang(zh-Hans) {
  font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "PingFang SC",
    "Microsoft YaHei", "Noto Serif CJK TC", serif;
}
body { margin: 0; background: #eeebe4; }
.page {
  max-width: 48em; margin: 1.5em auto; padding: 2.5em 3em 3em 4.5em;
  background: #fff; box-shadow: 0 1px 6px rgba(0, 0, 0, .15);
}
[lang="en"] { font-family: "Noto Serif", "DejaVu Serif", Georgia, serif; }
h1, h2 { font-weight: 700; }

/* the text, with ruby */
body.pinyin .text, body.pinyin .title { line-height: 2.5; }
body.plain .text { line-height: 1.9; }
ruby { ruby-position: over; ruby-align: center; }
rt {
  font-size: 0.55em; line-height: 1.1; color: #555;
  font-family: "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC",
    "Microsoft JhengHei", "Noto Sans CJK SC", sans-serif;
  font-weight: 400; letter-spacing: 0; text-decoration: none; padding: 0 .2em;
}
/* a word and its punctuation never break apart; between words the line may break */
.w { display: inline-block; text-indent: 0; }
.term {
  text-decoration: underline; text-decoration-color: var(--term);
  text-decoration-thickness: 1.5px; text-underline-offset: 0.28em;
  text-decoration-skip-ink: none;
}
.term rt { color: var(--term); }

.head { border-bottom: 2px solid var(--ink); margin-bottom: 1.2em; padding-bottom: .6em; }
.title { font-size: 1.55em; margin: 0 0 .3em; }
.source { font-size: .72em; color: var(--muted); margin: 0 0 .6em; line-height: 1.5; }
.meta {
  display: flex; flex-wrap: wrap; gap: .4em 2em; align-items: baseline;
  font-size: .8em; margin: .4em 0 0;
}
.scope { margin-right: auto; color: var(--muted); }
.blank {
  display: inline-block; width: 9em; border-bottom: 1px solid var(--ink);
  margin-left: .4em; vertical-align: -0.2em; height: 1.2em;
}

.section { margin: 0 0 1em; }
.heading { font-size: 1.2em; margin: 1.2em 0 .5em; position: relative; }
.para { margin: 0 0 .9em; position: relative; text-indent: 2em; }
.pid {
  position: absolute; left: -4.6em; width: 3.6em; text-align: right; text-indent: 0;
  font-family: "DejaVu Sans Mono", "Noto Sans Mono", monospace; font-size: 10px;
  font-weight: 400; color: #9a9a9a; line-height: 1.4;
}
body.pinyin .para .pid { top: 1.55em; }
body.plain .para .pid { top: .55em; }
.heading .pid { top: 1.2em; }
body.plain .heading .pid { top: .4em; }

/* glossary */
.glossary, .questions { margin-top: 2em; }
.glossary h2, .questions h2, .answer-key h2 {
  font-size: 1.15em; border-bottom: 1px solid var(--rule); padding-bottom: .2em;
  margin: 0 0 .6em; break-after: avoid; page-break-after: avoid;
}
.count {
  font-family: "DejaVu Sans Mono", monospace; font-size: .55em; font-weight: 400;
  color: var(--muted); margin-left: .8em;
}
.gloss { columns: 2; column-gap: 2.2em; margin: 0; font-size: .8em; line-height: 1.4; }
.g { break-inside: avoid; page-break-inside: avoid; margin: 0 0 .75em; }
.gloss dt { margin: 0; }
.gloss dd { margin: 0; }
.g-form { font-size: 1.25em; font-weight: 700; margin-right: .45em; }
.g-pinyin { color: var(--term); margin-right: .45em; }
.seen { font-size: .8em; color: var(--muted); white-space: nowrap; }
.g-first {
  float: right; font-family: "DejaVu Sans Mono", monospace; font-size: .72em;
  color: #9a9a9a; margin: .45em 0 0 .5em;
}
.g-en { font-style: italic; }
.g-expl { font-size: .9em; color: #444; }

/* questions */
.qs, .key { padding-left: 2em; margin: 0; }
.qs > li, .key > li { margin: 0 0 1em; break-inside: avoid; page-break-inside: avoid; }
.qs > li::marker, .key > li::marker { font-weight: 700; }
.prompt { margin: 0; line-height: 1.7; }
.en { margin: .1em 0 0; font-size: .7em; color: var(--muted); line-height: 1.4; }
.choices {
  list-style-type: upper-alpha; margin: .35em 0 0; padding-left: 2em;
  line-height: 1.6; font-size: .95em;
}
.choices > li { padding-left: .2em; }
.tf { margin: .4em 0 0; }
.box {
  display: inline-block; width: .95em; height: .95em; border: 1.5px solid var(--ink);
  vertical-align: -0.12em; margin: 0 .35em 0 0;
}
.box + .box { margin-left: 2em; }
.write-line { border-bottom: 1px solid var(--ink); height: 2em; margin: 0 0 .2em; }

/* answer key: a page of its own */
.answer-key {
  break-before: page; page-break-before: always;
  margin-top: 3em; padding-top: 1.5em; border-top: 3px double var(--rule);
}
.key { font-size: .88em; }
.answer { margin: 0; font-weight: 700; line-height: 1.6; }
.letter {
  display: inline-block; min-width: 1.5em; margin-right: .3em; padding: 0 .25em;
  border: 1px solid var(--ink); border-radius: 3px; text-align: center; font-size: .85em;
}
.evidence {
  font-family: "DejaVu Sans Mono", monospace; font-weight: 400; font-size: .72em;
  color: var(--muted); margin-left: .8em;
}
.explanation { margin: .15em 0 0; line-height: 1.6; }

@media print {
  html { font-size: 12pt; }
  body { background: none; }
  .page { max-width: none; margin: 0; padding: 0 0 0 3.2em; box-shadow: none; }
  .pid { left: -4.2em; font-size: 7pt; }
  .gloss { font-size: 9pt; }
  .key { font-size: 10.5pt; }
  .answer-key { margin-top: 0; padding-top: 0; border-top: none; }
  a { color: inherit; text-decoration: none; }
}
@media screen {
  /* on screen a grid reads across, instead of one very tall column and then another */
  .gloss { columns: auto; display: grid; grid-template-columns: 1fr 1fr; column-gap: 2.2em; }
}
@media screen and (max-width: 40em) {
  .gloss { grid-template-columns: 1fr; }
  .page { padding: 1.2em 1em 2em 3.6em; margin: 0; }
}
"""
