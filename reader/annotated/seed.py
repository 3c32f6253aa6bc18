"""Annotations shipped with the bundled texts (`texts/NAME.annotations.json`): the
run-time side.

The first start after installing opens the bundled article without jieba or pypinyin
(about a second and a half of initialisation). The file carries the same key as the
disk cache (text checksum, pipeline version, glossary checksum): when any of them
changes the file is simply not used, and a test fails until it is rebuilt with
`python -m reader.annotated.seed_build texts/deepseek.txt`.
"""

from __future__ import annotations

import json
from pathlib import Path

from reader import resources
from reader.annotated.cache import decode_tokens
from reader.lang.annotate import Token
from reader.text.model import Document


def seed_path(doc: Document) -> Path | None:
    """Only a bundled text has shipped annotations: a text someone shares could carry a
    file of that name, and its tokens are not ours."""
    if not doc.path:
        return None
    path = Path(doc.path)
    try:
        bundled = path.resolve().parent == resources.texts_dir().resolve()
    except OSError:
        return None
    return path.with_name(path.stem + ".annotations.json") if bundled else None


def load_seed(doc: Document, key: str) -> dict[str, str] | None:
    """Encoded tokens per block when a seed file with this key sits next to the text."""
    path = seed_path(doc)
    if path is None or not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    blocks = data.get("blocks")
    return blocks if isinstance(blocks, dict) else None


def decode_seed(blocks: dict[str, str], block_id: str, text: str) -> tuple[Token, ...] | None:
    encoded = blocks.get(block_id)
    return decode_tokens(text, encoded) if isinstance(encoded, str) else None
