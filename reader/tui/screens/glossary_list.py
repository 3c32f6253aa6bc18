"""`g`: the glossary terms that occur in this text; Enter jumps to the first occurrence.

Finding them reads the annotation of every paragraph, which may run the pipeline: it
happens in a worker, and the list fills in when it is done.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.annotated.document import AnnotatedDocument
from reader.tui.context import markup
from reader.tui.messages import JumpTo


def first_occurrences(adoc: AnnotatedDocument) -> dict[str, tuple[str, int]]:
    """Glossary id -> (paragraph id, token index) of its first occurrence."""
    first: dict[str, tuple[str, int]] = {}
    for paragraph in adoc.doc.paragraphs():
        for index, token in enumerate(adoc.tokens(paragraph.id)):
            if token.term and token.term not in first:
                first[token.term] = (paragraph.id, index)
    return first


class GlossaryList(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,g", "close", "Close", id="glossary.close")]

    def __init__(self, adoc: AnnotatedDocument, script: str) -> None:
        super().__init__()
        self.adoc = adoc
        self.script = script
        self.first: dict[str, tuple[str, int]] = {}

    def compose(self) -> ComposeResult:
        yield OptionList(id="glossary-list")

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.border_title = "Glossary terms in this text (…)"
        listing.border_subtitle = "enter go to · esc close"
        self._find()

    @work(thread=True, group="glossary-list", exclusive=True)
    def _find(self) -> None:
        found = first_occurrences(self.adoc)
        # each term as the text writes it where it first occurs, in the reader's script
        # (集羣 in a text that writes 集羣, not the glossary's 集群)
        # with the reading it has there (a variant's own: 降准降息 is not the headword's
        # shuāng jiàng)
        written: dict[str, tuple[str, str]] = {}
        glossary = self.adoc.annotator.glossary
        for term_id, (paragraph_id, index) in found.items():
            shown = self.adoc.shown(paragraph_id, self.script)
            entry = glossary.get(term_id) if glossary else None
            if index < len(shown) and entry is not None:
                token = shown[index]
                own = token.simplified == entry.simplified  # the headword: its own pinyin
                reading = entry.pinyin_text if own else " ".join(s for s in token.pinyin if s)
                written[term_id] = (token.text, reading)
        self.app.call_from_thread(self._fill, found, written)

    def _fill(self, found: dict[str, tuple[str, int]], written: dict[str, tuple[str, str]]) -> None:
        if not self.is_attached:  # closed before the terms were found
            return
        self.first = found
        glossary = self.adoc.annotator.glossary
        options = []
        for term_id, (paragraph_id, _) in found.items():
            entry = glossary.get(term_id) if glossary else None
            if entry is None:
                continue
            word, reading = written.get(term_id) or (
                entry.simplified if self.script == "simplified" else entry.traditional,
                entry.pinyin_text,
            )
            options.append(
                Option(
                    markup(
                        "[b]$w[/b]  $py  [dim]$en · $p[/dim]",
                        w=word,
                        py=reading or entry.pinyin_text,
                        en=entry.english[0],
                        p=paragraph_id,
                    ),
                    id=term_id,
                )
            )
        listing = self.query_one(OptionList)
        listing.add_options(options)
        if options:
            listing.highlighted = 0
        listing.border_title = f"Glossary terms in this text ({len(found)})"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None or event.option.id not in self.first:
            return
        paragraph_id, index = self.first[event.option.id]
        self.dismiss()
        self.app.screen.post_message(JumpTo(paragraph_id, index))

    def action_close(self) -> None:
        self.dismiss()
