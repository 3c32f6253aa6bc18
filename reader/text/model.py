"""Document > Section > Paragraph, with stable ids (`s2p3` = section 2, paragraph 3)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str
    text: str
    translation: str | None = None
    # subtitles: when the paragraph is said, (start, end) in seconds from the start
    times: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Section:
    number: int
    title: str | None
    paragraphs: tuple[Paragraph, ...]
    title_translation: str | None = None

    @property
    def id(self) -> str:
        return f"s{self.number}"


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    sections: tuple[Section, ...]
    checksum: str
    script: str = "traditional"
    source: str | None = None
    path: str | None = None
    encoding: str = "utf-8"
    format: str = "text"  # one of text.formats.FORMATS
    title_translation: str | None = None
    has_translation: bool = False
    notices: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict, compare=False)
    _index: dict = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        # paragraph id -> (paragraph, section): lookups stay O(1) in a novel-sized text.
        for section in self.sections:
            for paragraph in section.paragraphs:
                self._index[paragraph.id] = (paragraph, section)

    def paragraphs(self) -> Iterator[Paragraph]:
        for section in self.sections:
            yield from section.paragraphs

    def paragraph_ids(self) -> list[str]:
        return list(self._index)

    def paragraph(self, paragraph_id: str) -> Paragraph:
        return self._index[paragraph_id][0]

    def section_of(self, paragraph_id: str) -> Section:
        return self._index[paragraph_id][1]

    @property
    def char_count(self) -> int:
        return sum(len(p.text) for p in self.paragraphs())


def paragraph_id(section: int, paragraph: int) -> str:
    return f"s{section}p{paragraph}"
