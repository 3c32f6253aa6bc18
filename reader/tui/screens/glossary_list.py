"""`g`: the glossary terms that occur in this text; Enter jumps to the first occurrence."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.lang.document import AnnotatedDocument
from reader.tui.messages import JumpTo


class GlossaryList(ModalScreen):
    BINDINGS = [Binding("escape,q,g", "close", "Close", id="glossary.close")]

    def __init__(self, adoc: AnnotatedDocument, script: str) -> None:
        super().__init__()
        self.adoc = adoc
        self.script = script
        self.first: dict[str, tuple[str, int]] = {}
        for paragraph in adoc.doc.paragraphs():
            for index, token in enumerate(adoc.tokens(paragraph.id)):
                if token.term and token.term not in self.first:
                    self.first[token.term] = (paragraph.id, index)

    def compose(self) -> ComposeResult:
        glossary = self.adoc.annotator.glossary
        options = []
        for term_id, (paragraph_id, _) in self.first.items():
            entry = glossary.get(term_id) if glossary else None
            if entry is None:
                continue
            word = entry.simplified if self.script == "simplified" else entry.traditional
            options.append(
                Option(
                    Content.from_markup(
                        "[b]$w[/b]  $py  [dim]$en · $p[/dim]",
                        w=word,
                        py=entry.pinyin_text,
                        en=entry.english[0],
                        p=paragraph_id,
                    ),
                    id=term_id,
                )
            )
        yield OptionList(*options, id="glossary-list")

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.border_title = f"Glossary terms in this text ({len(self.first)})"
        listing.border_subtitle = "enter go to · esc close"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        paragraph_id, index = self.first[event.option.id]
        self.dismiss()
        self.app.screen.post_message(JumpTo(paragraph_id, index))

    def action_close(self) -> None:
        self.dismiss()
