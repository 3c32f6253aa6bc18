"""The word popup: the glossary entry, or every CC-CEDICT reading, and the HSK level."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from reader.lang.annotate import ShownToken
from reader.lang.glossary import Entry, Glossary, Variant
from reader.lang.hsk import STANDARD_NAME, describe_level
from reader.lang.lookup import (
    WordInfo,
    characters,
    in_reading_order,
    look_up,
    part_readings,
    reads_as,
)
from reader.lang.names import name_note, written
from reader.lang.numbers import Spoken
from reader.lang.pinyin import join_syllables
from reader.lang.script import to_script
from reader.study.words import LABELS as STATUS_LABELS
from reader.study.words import LEARNING, NEW, is_countable
from reader.text.chars import convert
from reader.tui.context import context, markup, plain, say
from reader.tui.screens.choose import ChoiceScreen


def _zh(text: str, script: str) -> str:
    """A simplified glossary text in the reader's script."""
    if script in ("simplified",):
        return text
    return to_script(text, "traditional", "simplified")


def _form(entry: Entry, script: str) -> str:
    return entry.simplified if script == "simplified" else entry.traditional


def _variant_line(template: str, variant: Variant) -> Content:
    return markup(template, term=variant.term, py=variant.pinyin_text, where=variant.where)


def _variant_shown(entry: Entry, shown: str | None) -> Variant | None:
    """The entry's variant the text shows, when it shows one rather than a main form."""
    if not shown:
        return None
    here = convert(shown, "t2s")
    if here in (entry.simplified, convert(entry.traditional, "t2s")):
        return None
    return next((v for v in entry.variants if convert(v.term, "t2s") == here), None)


def popup_content(
    info: WordInfo, script: str, shown: str | None = None, syllables: tuple[str, ...] = ()
) -> Content:
    """The popup's text; untrusted strings only ever enter as template variables.
    `shown` and `syllables`: the word as the text shows it and how it reads here (for
    the breakdown by character and the mark on the reading used)."""
    parts: list[Content] = []
    entry = info.glossary
    if info.name:
        note = name_note(shown or info.word, info.simplified, info.name)
        parts += [markup("[b]Name[/b]  $note", note=note), plain("")]
    if entry:
        head = (
            entry.traditional
            if entry.traditional == entry.simplified
            else (f"{entry.traditional} · {entry.simplified}")
        )
        pinyin = info.as_name(entry.pinyin) or entry.pinyin_text
        variant = _variant_shown(entry, shown)
        if variant is not None:  # the text has a variant (系統單晶片): it heads the popup
            parts.append(_variant_line("[b]$term[/b]  [i]$py[/i]  [dim]($where)[/dim]", variant))
            parts.append(
                markup(
                    "[dim]main form:[/dim] $head  [i]$pinyin[/i]", head=head, pinyin=pinyin or ""
                )
            )
        else:
            parts.append(markup("[b]$head[/b]  [i]$pinyin[/i]", head=head, pinyin=pinyin or ""))
        parts.append(markup("[b]$en[/b]", en="; ".join(entry.english)))
        parts.append(
            markup("[dim]glossary · $domain · $kind[/dim]", domain=entry.domain, kind=entry.kind)
        )
        parts.append(plain(""))
        parts.append(plain(entry.explanation))
        parts.append(plain(_zh(entry.explanation_zh, script)))
        if entry.note:
            parts.append(markup("[i]Note:[/i] $note", note=entry.note))
        if entry.variants:
            parts.append(markup("[b]Variants[/b]"))
            parts += [_variant_line("  $term $py  ($where)", v) for v in entry.variants]
        related = info.related
        if related:
            parts.append(
                markup(
                    "[b]Related:[/b] $words",
                    words=" · ".join(f"{_form(e, script)} {e.pinyin_text}" for e in related),
                )
            )
        parts.append(plain(""))
    lookup = info.dictionary
    if lookup.entries:
        parts.append(markup("[b]CC-CEDICT[/b]"))
        several = len(lookup.entries) > 1
        used = " ".join(syllables) if syllables else None
        for item in in_reading_order(lookup.entries, used):
            head = (
                item.traditional
                if item.traditional == item.simplified
                else (f"{item.traditional} · {item.simplified}")
            )
            parts.append(
                markup(
                    "[b]$head[/b]  [i]$py[/i]$mark",
                    head=head,
                    py=written(item.pinyin),
                    mark=" ◂ here" if several and reads_as(item, used) else "",
                )
            )
            parts.append(plain("  " + "; ".join(d for d in item.definitions if d)))
    elif lookup.parts and (not entry or any(found for _, found in lookup.parts)):
        # (a glossary word none of whose parts CC-CEDICT has, 2nm, GPU: nothing to add)
        parts.append(markup("[b]CC-CEDICT[/b] has no entry for $w; its parts:", w=info.word))
        here = part_readings(lookup.parts, syllables)
        for (part, found), reading in zip(lookup.parts, here, strict=True):
            if not found:
                parts.append(markup("[b]$p[/b]  (not in CC-CEDICT)", p=part))
            # the reading used here first, marked; the others after it
            for item in in_reading_order(found, reading):
                parts.append(
                    markup(
                        "[b]$p[/b]  [i]$py[/i]$mark  $d",
                        p=part,
                        py=written(item.pinyin),
                        mark=" ◂ here" if reads_as(item, reading) else "",
                        d="; ".join(d for d in item.definitions if d),
                    )
                )
    elif not entry:
        parts.append(markup("No dictionary entry for $w.", w=info.word))
    breakdown = characters(shown or info.word, syllables) if lookup.entries or entry else ()
    if breakdown:
        parts.append(plain(""))
        parts.append(markup("[b]Character by character[/b]"))
        for char in breakdown:
            parts.append(
                markup(
                    "[b]$c[/b]  [i]$py[/i]  $d",
                    c=char.char,
                    py=f"{char.own} ({char.syllable} here)" if char.own else char.syllable,
                    d=char.meaning or "(no meaning of its own for this reading)",
                )
            )
    parts.append(plain(""))
    parts.append(
        markup("[dim]$level · $std[/dim]", level=describe_level(info.simplified), std=STANDARD_NAME)
    )
    return plain("\n").join(parts)


# What the reading screen does when the learner picks another reading of a word: the
# word (its simplified form as the text has it) and the syllables, None to forget.
CorrectReading = Callable[[str, tuple[str, ...] | None], None]


def reading_line(token: ShownToken, info: WordInfo, corrected: str | None) -> Content:
    """How the word reads here (a name written as one), and whether that is the
    learner's correction."""
    if not token.pinyin:
        return plain("")
    return markup(
        "[dim]Read here:[/dim] [b]$py[/b]$mark",
        py=info.as_name(token.pinyin) or join_syllables(token.pinyin),
        mark={"yours": "  (your correction)", "the text's": "  (the text's correction)"}.get(
            corrected or "", ""
        ),
    )


def number_content(spoken: Spoken, script: str) -> Content:
    """A number's popup: how it is read aloud, in characters and pinyin."""
    return markup(
        "[dim]Read aloud:[/dim] [b]$zh[/b]\n[i]$py[/i]",
        zh=_zh(spoken.chinese, script),
        py=spoken.pinyin,
    )


POPUP_MIN_ROWS = 6  # below this much room beside the word, the popup is centred
POPUP_MARGIN_BELOW = 2  # the status bar and the footer


class WordPopup(ModalScreen):
    BINDINGS = [
        Binding("escape,q", "dismiss_popup", "Close", id="popup.close"),
        Binding("a", "add_word", "Add to vocabulary", id="popup.add"),
        Binding("r", "reading", "Other reading", id="popup.reading"),
        *(
            Binding(
                level,
                f"status('{level}')",
                f"Learning {level}",
                show=False,
                id=f"popup.learning_{level}",
            )
            for level in LEARNING
        ),
        Binding("k", "status('known')", "Known", show=False, id="popup.known"),
        Binding("i", "status('ignored')", "Ignore", show=False, id="popup.ignore"),
    ]

    def __init__(
        self,
        token: ShownToken,
        script: str,
        doc_id: str,
        sentence: str,
        *,
        word: str | None = None,
        corrected: str | None = None,  # whose correction the reading is: "yours", "the text's"
        correct: CorrectReading | None = None,
        spoken: Spoken | None = None,
        word_rows: tuple[int, int] | None = None,  # the word's rows on screen (first, end)
        glossary: Glossary | None = None,  # the text's (the learner's domains, own files)
        status_changed: Callable[[], None] | None = None,  # the text re-marks its words
    ) -> None:
        super().__init__()
        self.word_rows = word_rows
        self.token = token
        self.script = script
        self.doc_id = doc_id
        self.sentence = sentence
        self.word = word  # the word as the text has it, simplified: what a correction keys
        self.corrected = corrected
        self.correct = correct
        self.spoken = spoken  # a number: how it is read aloud
        self.info = look_up(
            token.simplified if not token.term else token.text,
            glossary,
            name=token.name,
            written=token.text,
            term=token.term,
        )
        self.status_changed = status_changed

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="popup-body"):
            if self.spoken is not None:
                yield Static(number_content(self.spoken, self.script), id="popup-reading")
                if self.info.glossary is not None:  # a stock code: what one is
                    yield Static(
                        popup_content(self.info, self.script, self.token.text, ()),
                        id="popup-text",
                    )
            else:
                line = Static(
                    reading_line(self.token, self.info, self.corrected), id="popup-reading"
                )
                line.display = bool(self.token.pinyin)  # a Latin term (LPR, QCOM-US): no line
                yield line
                if is_countable(self.info.simplified):
                    yield Static(self._status_line(), id="popup-status")
                yield Static(
                    popup_content(self.info, self.script, self.token.text, self.token.pinyin),
                    id="popup-text",
                )

    def on_mount(self) -> None:
        body = self.query_one("#popup-body")
        self._place(body)
        body.border_title = plain(self.token.text)
        hints = ["a add to vocabulary"]
        if self.spoken is not None:
            hints = []
        elif self.correct is not None and self.token.pinyin:
            hints.append("r other reading")
        body.border_subtitle = " · ".join([*hints, "esc close"])

    def _place(self, body: Widget) -> None:
        """Beside the word, never over it: below its line when there is more room
        there, else above it, and no taller than that room (it scrolls)."""
        if self.word_rows is None:
            return
        first, end = self.word_rows
        height = self.app.size.height
        above, below = first, height - end - POPUP_MARGIN_BELOW
        if max(above, below) < POPUP_MIN_ROWS:
            return  # a tiny screen: centred, as before
        if below >= above:
            self.styles.align = ("center", "top")
            body.styles.margin = (end, 0, 0, 0)
            body.styles.max_height = below
        else:
            self.styles.align = ("center", "bottom")
            body.styles.margin = (0, 0, height - first, 0)
            body.styles.max_height = above

    def action_reading(self) -> None:
        if self.spoken is not None:
            return
        if self.correct is None or self.word is None or not self.token.pinyin:
            say(
                self,
                "This word's reading cannot be changed here (in the Taiwan script, switch "
                "the script with s first).",
                timeout=3,
            )
            return
        from reader.lang.corrections import reading_choices

        choices = reading_choices(
            self.word,
            self.token.pinyin,
            [e.pinyin for e in self.info.dictionary.entries],
        )
        labels = [" ".join(c) + ("  (now)" if n == 0 else "") for n, c in enumerate(choices)]
        if self.corrected == "yours":
            labels.append("as the reader decides (forget my correction)")
        word, correct = self.word, self.correct

        def chosen(index: int | None) -> None:
            if index is None or (index == 0 and self.corrected != "yours"):
                return
            self.dismiss()
            correct(word, choices[index] if index < len(choices) else None)

        self.app.push_screen(
            ChoiceScreen(
                f"Reading of {self.token.text}",
                f"How {self.token.text} reads, in every text (saved in your corrections):",
                labels,
            ),
            callback=chosen,
        )

    def _status_line(self) -> Content:
        ctx = context(self)
        status = ctx.statuses.get(self.info.simplified, NEW)
        times = ctx.store.lookup_count(self.info.simplified)
        looked = f" · looked up {times} time{'s' if times != 1 else ''}" if times else ""
        return markup(
            "[b]$status[/b]$looked  [dim](1-4 learning · k known · i ignore)[/dim]",
            status=STATUS_LABELS[status].capitalize(),
            looked=looked,
        )

    def action_status(self, status: str) -> None:
        """The word's status, for every text and script (1-4 learning, k known, i ignore)."""
        if self.spoken is not None or not is_countable(self.info.simplified):
            say(self, "Only a Chinese word has a status.", timeout=2)
            return
        ctx = context(self)
        if not ctx.set_status([self.info.simplified], status, self.sentence):
            say(self, ctx.store.problem or "Could not save (kept to try again)", severity="warning")
        self.query_one("#popup-status", Static).update(self._status_line())
        if self.status_changed is not None:
            self.status_changed()

    def action_dismiss_popup(self) -> None:
        self.dismiss()

    def action_add_word(self) -> None:
        if self.spoken is not None:
            say(self, "A number is not added to the vocabulary.", timeout=2)
            return
        entry = self.info.glossary
        english = (
            "; ".join(entry.english)
            if entry
            else "; ".join(
                d for e in self.info.dictionary.entries[:2] for d in e.definitions[:3] if d
            )
        )
        if not english:  # no entry of its own (长时间): what its parts mean
            english = "; ".join(
                f"{part} {found[0].definitions[0]}"
                for part, found in self.info.dictionary.parts
                if found and found[0].definitions
            )
        syllables = entry.pinyin if entry and not self.corrected else self.token.pinyin
        pinyin = self.info.written_pinyin(syllables)
        store = context(self).store
        already = any(r.simplified == self.info.simplified for r in store.vocabulary())
        saved = store.add_word(
            self.token.text,
            self.info.simplified,
            convert(self.info.simplified, "s2tw"),
            pinyin,
            english,
            self.sentence,
            self.doc_id,
        )
        if saved and context(self).statuses.get(self.info.simplified, NEW) == NEW:
            context(self).set_status([self.info.simplified], LEARNING[0], self.sentence)
        if saved and already:
            say(self, f"{self.token.text} is already in your vocabulary", timeout=2)
        elif saved:
            say(self, f"Added {self.token.text} to your vocabulary", timeout=2)
        else:
            say(self, store.problem or "Could not save", severity="error")
