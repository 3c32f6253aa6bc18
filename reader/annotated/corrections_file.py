"""Where corrections come from: the learner's file and the text's, and saving a change.

The learner's corrections (`paths.corrections_file()`) lie over the text's
(`NAME.corrections.toml` beside it, or the table an assignment bundle carries). A bad
file is one line of warning and no corrections from it; the learner's bad file is
never written over (a change is refused until it is fixed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reader import paths
from reader.errors import ReaderError
from reader.fsutil import write_text_atomic
from reader.lang.corrections import (
    NO_CORRECTIONS,
    Corrections,
    load_corrections,
    sidecar_path,
)
from reader.text.model import Document


@dataclass(frozen=True, slots=True)
class Loaded:
    corrections: Corrections
    problems: tuple[str, ...] = ()


def learner_corrections() -> Loaded:
    try:
        return Loaded(load_corrections(paths.corrections_file()))
    except ReaderError as exc:
        return Loaded(NO_CORRECTIONS, (f"{exc} (your corrections are not used)",))


def text_corrections(doc: Document) -> Loaded:
    if not doc.path:
        return Loaded(NO_CORRECTIONS)
    try:
        return Loaded(load_corrections(sidecar_path(doc.path)))
    except ReaderError as exc:
        return Loaded(NO_CORRECTIONS, (f"{exc} (the text's corrections are not used)",))


def corrections_for(doc: Document, shipped: Corrections | None = None) -> Loaded:
    """The learner's corrections over the text's (or over `shipped`, an assignment's)."""
    own = learner_corrections()
    base = Loaded(shipped) if shipped is not None else text_corrections(doc)
    return Loaded(own.corrections.over(base.corrections), base.problems + own.problems)


def change_learner_corrections(change: Callable[[Corrections], Corrections]) -> Corrections:
    """Read the learner's file afresh, apply `change` and write it back atomically (a
    hand edit or another reader's change made meanwhile is kept). ReaderError when the
    file is bad (it is left as it is) or cannot be written."""
    path = paths.corrections_file()
    current = load_corrections(path)
    changed = change(current)
    try:
        write_text_atomic(path, changed.to_toml())
    except OSError as exc:
        raise ReaderError(f"cannot be written ({exc.strerror or exc})", path) from None
    return changed
