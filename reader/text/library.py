"""Where texts come from: the bundled ones (by id) and any file the user names."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reader.errors import ReaderError
from reader.resources import texts_dir
from reader.text.loader import load_document
from reader.text.model import Document


@dataclass(frozen=True, slots=True)
class BundledText:
    id: str
    path: Path


def bundled_texts() -> list[BundledText]:
    folder = texts_dir()
    return [
        BundledText(p.stem, p)
        for p in sorted(folder.glob("*.txt"))
        if not p.name.endswith(".en.txt")
    ]


def resolve(name: str) -> tuple[str, Path]:
    """A bundled id or a path -> (document id, file path)."""
    for text in bundled_texts():
        if text.id == name:
            return text.id, text.path
    path = Path(name).expanduser()
    if path.exists() or path.is_symlink() or "/" in name or "." in Path(name).name:
        return file_id(path), path
    known = ", ".join(t.id for t in bundled_texts())
    raise ReaderError(f"no such file, and not a bundled text (bundled: {known})", name)


def file_id(path: Path) -> str:
    """A user's file is known by its name and where it is: two notes.txt in two folders
    keep their own place and answers."""
    try:
        full = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the error comes when it is read
        full = path.absolute()
    where = hashlib.sha1(str(full).encode(errors="surrogateescape")).hexdigest()
    return f"{path.stem}-{where[:8]}"


def open_text(name: str) -> Document:
    """A bundled text by id or a text file by path (`reader.study.sources.open_any`
    tells assignments apart first)."""
    doc_id, path = resolve(name)
    return load_document(path, doc_id=doc_id)
