"""Subtitles, SRT (the `srt` package) and WebVTT (webvtt-py): each cue a paragraph.

- Tags are removed: `<i>`, `<font ...>`, VTT's `<v Name>`, `<c.yellow>` and inline
  times, and ASS overrides such as `{\\an8}`.
- A cue that ends in a comma (or a dash, a colon, an ellipsis) is joined with the next
  one when it follows within two seconds: one sentence split over two cues reads as one.
- Bilingual subtitles (a Chinese line and a line in Latin letters in most cues) keep the
  Latin lines as the paragraph's translation, so that `e` shows them.
- Paragraphs are grouped into sections at a pause of ten seconds or more once a section
  has ten paragraphs, and at fifty paragraphs in any case.
- The times of each paragraph (start of its first cue, end of its last) are kept.
- A timestamp that is not one, or a cue that ends before it starts, is refused with the
  line or cue it is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reader.errors import ReaderError
from reader.text.chars import HAN_RE
from reader.text.formats.markup import tidy
from reader.text.parse import ParsedText, join_lines

_TAG = re.compile(r"</?[a-zA-Z][^<>\n]{0,200}>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>")
_ASS_OVERRIDE = re.compile(r"\{\\[^{}\n]*\}")
_CONTINUES = tuple("，,、；;：:…—-")
JOIN_WITHIN = 2.0
SECTION_PAUSE = 10.0
SECTION_MIN = 10
SECTION_MAX = 50
_LATIN = re.compile(r"[A-Za-z]")
_VTT_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{3}"
_VTT_TIMING = re.compile(rf"^\s*({_VTT_TIME})\s+-->\s+({_VTT_TIME})(?:[ \t].*)?$")


@dataclass(frozen=True, slots=True)
class Cue:
    start: float
    end: float
    chinese: str
    other: str  # the lines with no Han character (a translation in bilingual subtitles)


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    return sum(float(part) * 60**power for power, part in enumerate(reversed(parts)))


def _cue(start: float, end: float, raw: str) -> Cue:
    text = _ASS_OVERRIDE.sub("", _TAG.sub("", raw))
    lines = [line.strip() for line in _tidy_lines(text) if line.strip()]
    han = [line for line in lines if HAN_RE.search(line)]
    other = [line for line in lines if not HAN_RE.search(line)]
    if not han:
        han, other = other, []

    def joined(part: list[str]) -> str:
        if any(line.startswith(("-", "—", "–")) for line in part):
            return " ".join(part)  # a dialogue: one speaker per line
        return join_lines(part)

    return Cue(start, end, joined(han), joined(other))


def _tidy_lines(text: str) -> list[str]:
    return [tidy(line) for line in text.split("\n")]


def _srt_cues(text: str, path: Path) -> list[Cue]:
    import srt  # deferred: only subtitles need it

    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line = text.count("\n", 0, exc.expected_start) + 1
        raise ReaderError(
            f"line {line} is not a subtitle (a broken timestamp? each cue is a number, a "
            "line HH:MM:SS,mmm --> HH:MM:SS,mmm and its text)",
            path,
        ) from None
    except (ValueError, OverflowError):
        raise ReaderError("is not a valid SRT file (a timestamp is out of range)", path) from None
    return [
        _cue(sub.start.total_seconds(), sub.end.total_seconds(), sub.content) for sub in subtitles
    ]


def _vtt_cues(text: str, path: Path) -> list[Cue]:
    import webvtt  # deferred: only subtitles need it

    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise ReaderError("is not a WebVTT file (its first line must be WEBVTT)", path)
    for number, line in enumerate(text.split("\n"), start=1):
        if "-->" in line and not _VTT_TIMING.match(line):
            shown = line.strip()[:60]
            raise ReaderError(
                f"line {number}: '{shown}' is not a cue time (HH:MM:SS.mmm --> HH:MM:SS.mmm)",
                path,
            )
    try:
        captions = webvtt.from_string(text).captions
    except Exception as exc:  # webvtt-py's errors share no base class beyond Exception
        raise ReaderError(f"is not a valid WebVTT file ({exc})", path) from None
    return [_cue(_seconds(c.start), _seconds(c.end), c.raw_text) for c in captions]


def _check_times(cues: list[Cue], path: Path) -> None:
    for number, cue in enumerate(cues, start=1):
        if cue.end < cue.start:
            raise ReaderError(
                f"cue {number} ends ({cue.end:.3f} s) before it starts ({cue.start:.3f} s)", path
            )


def _paragraphs(cues: list[Cue]) -> list[Cue]:
    """Cues joined where one sentence runs over into the next."""
    out: list[Cue] = []
    for cue in cues:
        if not cue.chinese:
            continue
        last = out[-1] if out else None
        if (
            last is not None
            and last.chinese.endswith(_CONTINUES)
            and cue.start - last.end <= JOIN_WITHIN
            and len(last.chinese) < 300
        ):
            out[-1] = Cue(
                last.start,
                cue.end,
                join_lines([last.chinese, cue.chinese]),
                " ".join(part for part in (last.other, cue.other) if part),
            )
        else:
            out.append(cue)
    return out


def parse_subtitles(text: str, path: Path, kind: str) -> ParsedText:
    """`kind` is "srt" or "vtt"."""
    cues = _srt_cues(text, path) if kind == "srt" else _vtt_cues(text, path)
    _check_times(cues, path)
    paragraphs = _paragraphs(cues)
    if not paragraphs:
        raise ReaderError("has no subtitles in it", path)
    bilingual = sum(bool(p.other) for p in paragraphs) >= 0.8 * len(paragraphs)
    groups: list[list[Cue]] = [[]]
    for paragraph in paragraphs:
        current = groups[-1]
        pause = paragraph.start - current[-1].end if current else 0.0
        if len(current) >= SECTION_MAX or (pause >= SECTION_PAUSE and len(current) >= SECTION_MIN):
            groups.append([])
        groups[-1].append(paragraph)
    return ParsedText(
        None,
        [(None, [p.chinese for p in group]) for group in groups],
        times=[[(p.start, p.end) for p in group] for group in groups],
        translations=[[p.other or None for p in group] for group in groups] if bilingual else None,
    )
