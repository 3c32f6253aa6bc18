"""The search box of the reading screen: hidden until `/`, it finds the paragraphs that
contain the query and posts them.

Messages go up: `SearchBar.Found` with the query and every occurrence (`Hit`s, in
reading order, empty when nothing matched). The first search for a query runs in a worker (a
pinyin query reads every paragraph's annotation); its hits are kept, so `n` answers at
once and presses in a row are handled in order.
"""

from __future__ import annotations

from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from reader.annotated.document import AnnotatedDocument
from reader.study.search import Hit, find

PLACEHOLDER = "Search: Chinese or pinyin (guzhi, gū zhí, gu1 zhi2)"


class SearchBar(Input):
    BINDINGS = [Binding("escape", "close", "Close search", show=False)]

    class Found(Message):
        def __init__(self, query: str, hits: list[Hit], fresh: bool = False) -> None:
            self.query = query
            self.hits = hits
            self.fresh = fresh  # a new query (from the current paragraph's start), not n
            super().__init__()

    def __init__(self, adoc: AnnotatedDocument, **kwargs: object) -> None:
        super().__init__(placeholder=PLACEHOLDER, **kwargs)  # type: ignore[arg-type]
        self.adoc = adoc
        self.query_text = ""
        self._hits: dict[str, list[Hit]] = {}

    def on_mount(self) -> None:
        self.display = False

    def open(self) -> None:
        self.display = True
        self.focus()

    def action_close(self) -> None:
        self.display = False

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.display = False
        self.query_text = event.value.strip()
        self.search_again(fresh=True)

    def search_again(self, fresh: bool = False) -> None:
        """Look for the last query again (`n`): the screen moves to the next match."""
        query = self.query_text
        if query in self._hits:
            self.post_message(self.Found(query, self._hits[query], fresh))
        elif query:
            self._find(query, fresh)

    @work(thread=True, group="search", exclusive=True)
    def _find(self, query: str, fresh: bool) -> None:
        hits = find(self.adoc, query)
        self.app.call_from_thread(self._found, query, hits, fresh)

    def _found(self, query: str, hits: list[Hit], fresh: bool) -> None:
        self._hits[query] = hits
        if query == self.query_text and self.is_attached:  # not replaced by a newer one
            self.post_message(self.Found(query, hits, fresh))
