"""The word popup: the glossary entry, or every CC-CEDICT reading, and the HSK level."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.lang.annotate import ShownToken
from reader.lang.hsk import STANDARD_NAME, label
from reader.lang.lookup import WordInfo, look_up
from reader.lang.script import to_script
from reader.text.chars import convert
from reader.tui.context import context, markup, plain, say


def _zh(text: str, script: str) -> str:
    """A simplified glossary text in the reader's script."""
    if script in ("simplified",):
        return text
    return to_script(text, "traditional", "simplified")


def popup_content(info: WordInfo, script: str) -> Content:
    """The popup's text; untrusted strings only ever enter as template variables."""
    parts: list[Content] = []
    entry = info.glossary
    if entry:
        head = (
            entry.traditional
            if entry.traditional == entry.simplified
            else (f"{entry.traditional} · {entry.simplified}")
        )
        parts.append(
            markup("[b]$head[/b]  [i]$pinyin[/i]", head=head, pinyin=entry.pinyin_text or "")
        )
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
            for variant in entry.variants:
                parts.append(
                    markup(
                        "  $term $py  ($where)",
                        term=variant.term,
                        py=" ".join(variant.pinyin),
                        where=variant.where,
                    )
                )
        if entry.related:
            parts.append(markup("[b]Related:[/b] $ids", ids=", ".join(entry.related)))
        parts.append(plain(""))
    lookup = info.dictionary
    if lookup.entries:
        parts.append(markup("[b]CC-CEDICT[/b]"))
        for item in lookup.entries:
            head = (
                item.traditional
                if item.traditional == item.simplified
                else (f"{item.traditional} · {item.simplified}")
            )
            parts.append(markup("[b]$head[/b]  [i]$py[/i]", head=head, py=item.pinyin))
            parts.append(plain("  " + "; ".join(d for d in item.definitions if d)))
    elif lookup.parts:
        parts.append(markup("[b]CC-CEDICT[/b] has no entry for $w; its parts:", w=info.word))
        for part, found in lookup.parts:
            if not found:
                parts.append(markup("[b]$p[/b]  (not in CC-CEDICT)", p=part))
            for item in found:
                parts.append(
                    markup(
                        "[b]$p[/b]  [i]$py[/i]  $d",
                        p=part,
                        py=item.pinyin,
                        d="; ".join(d for d in item.definitions if d),
                    )
                )
    elif not entry:
        parts.append(markup("No dictionary entry for $w.", w=info.word))
    parts.append(plain(""))
    parts.append(markup("[dim]HSK $level · $std[/dim]", level=label(info.hsk), std=STANDARD_NAME))
    return plain("\n").join(parts)


class WordPopup(ModalScreen):
    BINDINGS = [
        Binding("escape,q", "dismiss_popup", "Close", id="popup.close"),
        Binding("a", "add_word", "Add to vocabulary", id="popup.add"),
    ]

    def __init__(self, token: ShownToken, script: str, doc_id: str, sentence: str) -> None:
        super().__init__()
        self.token = token
        self.script = script
        self.doc_id = doc_id
        self.sentence = sentence
        self.info = look_up(token.simplified if not token.term else token.text)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="popup-body"):
            yield Static(popup_content(self.info, self.script), id="popup-text")

    def on_mount(self) -> None:
        body = self.query_one("#popup-body")
        body.border_title = plain(self.token.text)
        body.border_subtitle = "a add to vocabulary · esc close"

    def action_dismiss_popup(self) -> None:
        self.dismiss()

    def action_add_word(self) -> None:
        entry = self.info.glossary
        english = (
            "; ".join(entry.english)
            if entry
            else "; ".join(
                d for e in self.info.dictionary.entries[:2] for d in e.definitions[:3] if d
            )
        )
        pinyin = entry.pinyin_text if entry else " ".join(self.token.pinyin)
        store = context(self).store
        saved = store.add_word(
            self.token.text,
            self.info.simplified,
            convert(self.info.simplified, "s2tw"),
            pinyin,
            english,
            self.sentence,
            self.doc_id,
        )
        if saved:
            say(self, f"Added {self.token.text} to your vocabulary", timeout=2)
        else:
            say(self, store.problem or "Could not save", severity="error")
