"""Where corrections come from: the learner's file and the text's, and saving a change.

The learner's corrections (`paths.corrections_file()`) lie over the text's
(`NAME.corrections.toml` beside it, or the table an assignment bundle carries). A bad
file is one line of warning and no corrections from it; the learner's bad file is
never written over (a change is refused until it is fixed), and a change keeps the
learner's comments and spelling (tomlkit).
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
    key_of,
    load_corrections,
    parse_corrections,
    parse_reading,
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
        text = path.read_text(encoding="utf-8-sig") if current else ""
    except OSError:
        text = ""
    try:
        write_text_atomic(path, edited(text, changed))
    except OSError as exc:
        raise ReaderError(f"cannot be written ({exc.strerror or exc})", path) from None
    return changed


def edited(text: str, corrections: Corrections) -> str:
    """`text` (a corrections file) saying `corrections`, with the learner's comments,
    order and spelling (either script) kept; a fresh file for an empty `text`."""
    if not text.strip():
        return corrections.to_toml()
    import tomlkit  # only when a change is saved

    doc = tomlkit.parse(text)
    wanted = corrections.to_data()
    joins = [w for w in doc.get("join", []) if key_of(w) in corrections.joins]
    joins += sorted(corrections.joins - {key_of(w) for w in joins})
    if joins:
        if [str(w) for w in doc.get("join", [])] != joins:
            doc["join"] = joins
    elif "join" in doc:
        del doc["join"]
    for name in ("split", "reading"):
        table = doc.get(name)
        if not wanted[name]:
            if table is not None:
                del doc[name]
            continue
        if table is None:
            table = doc[name] = tomlkit.table()
        present = {}
        for written in list(table.keys()):
            word = key_of(written)
            if word not in wanted[name]:
                del table[written]
            else:
                present[word] = written
                if _same_value(name, table[written], wanted[name][word], word):
                    continue
                table[written] = wanted[name][word]
        for word, value in wanted[name].items():
            if word not in present:
                table[word] = value
    out = tomlkit.dumps(doc)
    try:
        if parse_corrections(out, "edited") == corrections:
            return out
    except ReaderError:
        pass
    return corrections.to_toml()  # never a file that does not say what was asked


def _same_value(table: str, written: object, wanted: str, word: str) -> bool:
    """A value the learner wrote (tone numbers, say) that says what is wanted."""
    try:
        if table == "reading":
            return parse_reading(str(written), word) == parse_reading(wanted, word)
        return str(written).split() == wanted.split()
    except ValueError:
        return False
