"""`reader export TEXT --html FILE`: a printable reading handout.

One self-contained HTML5 page (no external resources, no JavaScript): the title and the
chosen sections with pinyin as ruby over every Han character, paragraph ids in the
margin, the glossary terms that occur (in order of first occurrence), the comprehension
questions of those sections and, on a page of its own, the answer key. The English
translation is deliberately left out: this is a page to read, not to compare.

Every piece of text that comes from a file (article, glossary, questions) goes through
`safe.for_html`; nothing from a file is ever markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from reader.annotated.document import AnnotatedDocument, open_annotated
from reader.errors import ReaderError
from reader.fsutil import write_text_atomic
from reader.lang.glossary import Entry, Glossary
from reader.lang.script import to_script
from reader.safe import for_html
from reader.study.questions import Question, load_questions
from reader.study.quiz import shuffled
from reader.study.ruby_html import words_html
from reader.study.sources import OpenedAssignment, open_any
from reader.text.chars import convert
from reader.text.model import Document, Section
from reader.text.sections import describe as _describe
from reader.text.sections import parse_sections

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(“‘])")


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
        seed: str = "",
        english: bool = True,
        heading: str | None = None,
        whole_text: bool | None = None,
    ) -> None:
        self.adoc = adoc
        self.doc: Document = adoc.doc
        self.sections = sections
        self.script = script
        self.pinyin = pinyin
        self.answer_key = answer_key
        self.questions = questions
        self.seed = seed or self.doc.id  # the order of each question's choices
        self.english = english  # prompts' and explanations' English
        self.heading = heading  # an assignment's title (and due date), above the text's
        self.whole_text = whole_text  # None: when every section of the document is in
        self.hans = script == "simplified" or (
            script == "original" and self.doc.script == "simplified"
        )

    # --- text in the chosen script

    def zh(self, label: str) -> str:
        """A fixed label (written in traditional characters) in the page's script."""
        return convert(label, "t2s") if self.hans else label

    def shown(self, text: str) -> str:
        """Chinese from a file (questions) in the chosen script, Taiwan phrases too."""
        return self.adoc.shown_text(text, self.script) if text else text

    def choices(self, question: Question) -> tuple[str, ...]:
        """A choice question's options in the handout's order: shuffled (the same
        for every copy of one handout), so the key is not A, A, A."""
        return shuffled(question.choices, self.seed, question.id)

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
        whole = numbers == all_numbers if self.whole_text is None else self.whole_text
        scope = (
            self.zh("全文") + ' <span lang="en">(whole text)</span>'
            if whole
            else self.zh("第")
            + for_html(_describe(numbers, "、"))
            + self.zh("節")
            + f' <span lang="en">(section{"s" if len(numbers) > 1 else ""} '
            + for_html(_describe(numbers))
            + ")</span>"
        )
        body = ['<header class="head">']
        if self.heading:
            body.append(f'<p class="assignment" lang="en">{for_html(self.heading)}</p>')
        body.append(f'<h1 class="title">{self.block("title")}</h1>')
        if doc.source:
            body.append(f'<p class="source" lang="en">{for_html(doc.source)}</p>')
        body.append(
            f'<p class="meta"><span class="scope">{scope}</span>'
            f'<span class="fill">{self.zh("姓名")}<span class="blank"></span></span>'
            f'<span class="fill">{self.zh("日期")}<span class="blank"></span></span></p>'
        )
        body.append("</header>")
        body.append('<main class="text">')
        for section in self.sections:
            body.append(f'<section class="section" id="{for_html(section.id)}">')
            if section.title:
                body.append(
                    f'<h2 class="heading"><span class="pid">{for_html(section.id)}</span>'
                    f"{self.block(section.id)}</h2>"
                )
            for paragraph in section.paragraphs:
                body.append(
                    f'<p class="para" id="{for_html(paragraph.id)}">'
                    f'<span class="pid">{for_html(paragraph.id)}</span>'
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
                f"<title>{for_html(title)}</title>",
                f"<style>{stylesheet()}</style>",
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
                f'<span class="seen">{self.zh("文中")}：{for_html(row.seen)}</span>'
                if row.seen != row.form
                else ""
            )
            pinyin = f'<span class="g-pinyin">{for_html(row.pinyin)}</span>' if row.pinyin else ""
            out.append(
                f'<div class="g" data-term="{for_html(row.entry.id)}">'
                f'<dt><span class="g-first">{for_html(row.first)}</span>'
                f'<span class="g-form">{for_html(row.form)}</span>{pinyin}{seen}</dt>'
                f'<dd class="g-en" lang="en">{for_html("; ".join(row.entry.english))}</dd>'
                f'<dd class="g-expl" lang="en">{for_html(short_explanation(row.entry.explanation))}'
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
            out.append(f'<li class="q q-{for_html(question.kind)}" id="q-{for_html(question.id)}">')
            out.append(f'<p class="prompt">{for_html(self.shown(question.prompt))}</p>')
            if question.prompt_en and self.english:
                out.append(f'<p class="en" lang="en">{for_html(question.prompt_en)}</p>')
            if question.kind == "choice":
                out.append('<ol class="choices" type="A">')
                out += [f"<li>{for_html(self.shown(c))}</li>" for c in self.choices(question)]
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
            out.append(f'<li class="k" id="a-{for_html(question.id)}">')
            out.append(
                f'<p class="answer">{self.answer(question)}'
                f'<span class="evidence">{for_html(question.evidence)}</span></p>'
            )
            out.append(f'<p class="explanation">{for_html(self.shown(question.explanation))}</p>')
            if question.explanation_en and self.english:
                out.append(f'<p class="en" lang="en">{for_html(question.explanation_en)}</p>')
            out.append("</li>")
        out += ["</ol>", "</section>"]
        return out

    def answer(self, question: Question) -> str:
        if question.kind == "choice":
            index = self.choices(question).index(str(question.answer))
            letter = chr(ord("A") + index) if index < 26 else str(index + 1)
            return (
                f'<span class="letter">{letter}</span>{for_html(self.shown(str(question.answer)))}'
            )
        if question.kind == "truefalse":
            word, english = ("對", "true") if question.answer else ("錯", "false")
            return f'{self.zh(word)} <span lang="en">({english})</span>'
        return " / ".join(for_html(self.shown(a)) for a in question.accepted)


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
    seed: str = "",
    english: bool = True,
    heading: str | None = None,
    whole_text: bool | None = None,
) -> str:
    """The page as a string (sections are section numbers of `adoc.doc`)."""
    chosen = [s for s in adoc.doc.sections if s.number in sections]
    wanted = {s.number for s in chosen}
    blocks = ["title"] + [
        b for s in chosen for b in ([s.id] if s.title else []) + [p.id for p in s.paragraphs]
    ]
    adoc.annotate_many(blocks)
    page = _Page(
        adoc,
        chosen,
        script,
        pinyin,
        answer_key,
        [q for q in questions if q.section in wanted],
        seed,
        english,
        heading,
        whole_text,
    )
    return page.render()


def _write(html_path: Path, page: str) -> None:
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


def teacher_copy(html_path: Path) -> Path:
    """Where an assignment's teacher copy goes: beside the students' one."""
    return html_path.with_name(html_path.stem + ".teacher" + (html_path.suffix or ".html"))


def write_handout(
    text: str,
    html_path: Path | str,
    *,
    sections: str | None = None,
    script: str = "original",
    pinyin: bool = True,
    answer_key: bool = True,
) -> list[Path]:
    """Write the handout of TEXT (a bundled id, a file or an assignment) to `html_path`;
    return the pages written.

    For an assignment: its sections and questions, in its script when it fixes one,
    English only when it allows translation, and two pages: the students' copy without
    answers at `html_path`, the teacher's with the key beside it (`teacher_copy`)."""
    html_path = Path(html_path)
    opened = open_any(text)
    if isinstance(opened, OpenedAssignment):
        assignment = opened.assignment
        if sections:
            raise ReaderError("--sections: an assignment's handout has its own sections", text)
        rules = assignment.rules
        adoc = open_annotated(
            assignment.document, assignment.corrections, shipped_glossary=assignment.glossary
        )
        numbers = list(assignment.sections)
        questions = list(assignment.questions)
        if answer_key and questions and not assignment.has_answers:
            raise ReaderError(
                "is the students' copy (it has no answers): make the teacher's handout "
                "from the teacher's copy of the assignment, or leave the key out with "
                "--answers omit",
                assignment.path,
            )
        due = f" · due {assignment.due}" if assignment.due else ""

        def page(key: bool) -> str:
            copy = " · teacher's copy, with the answer key" if key else ""
            return render_handout(
                adoc,
                numbers,
                questions,
                script=rules.script or script,
                pinyin=pinyin,
                answer_key=key,
                seed=assignment.id,
                english=rules.translation,
                heading=f"{assignment.heading}{due}{copy}",
                whole_text=False,
            )

        _write(html_path, page(False))
        written = [html_path]
        if answer_key and questions:
            key = teacher_copy(html_path)
            _write(key, page(True))
            written.append(key)
        return written
    doc = opened.document
    numbers = parse_sections(sections, [s.number for s in doc.sections], text)
    html = render_handout(
        open_annotated(doc),
        numbers,
        load_questions(doc),
        script=script,
        pinyin=pinyin,
        answer_key=answer_key,
    )
    _write(html_path, html)
    return [html_path]


@cache
def stylesheet() -> str:
    """The handout's CSS, kept in `handout.css` beside this module."""
    return resources.files("reader.study").joinpath("handout.css").read_text("utf-8")
