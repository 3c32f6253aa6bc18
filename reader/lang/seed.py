"""Annotations shipped with the bundled texts (`texts/NAME.annotations.json`).

The first start after installing opens the bundled article without jieba or pypinyin
(about a second and a half of initialisation). The file carries the same key as the
disk cache (text checksum, pipeline version, glossary checksum): when any of them
changes the file is simply not used, and a test fails until it is rebuilt with

    python -m reader.lang.seed texts/deepseek.txt
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reader.lang.annotate import Token
from reader.lang.annotation_cache import block_key, decode_tokens, document_key, encode_tokens
from reader.text.model import Document


def seed_path(doc: Document) -> Path | None:
    if not doc.path:
        return None
    path = Path(doc.path)
    return path.with_name(path.stem + ".annotations.json")


def load_seed(doc: Document, key: str) -> dict[str, str] | None:
    """Encoded tokens per block when a seed file with this key sits next to the text."""
    path = seed_path(doc)
    if path is None or not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    blocks = data.get("blocks")
    return blocks if isinstance(blocks, dict) else None


def decode_seed(blocks: dict[str, str], block_id: str, text: str) -> tuple[Token, ...] | None:
    encoded = blocks.get(block_id)
    return decode_tokens(text, encoded) if isinstance(encoded, str) else None


def build_seed(doc: Document) -> dict:
    from reader.lang.document import AnnotatedDocument, default_annotator
    from reader.lang.glossary import bundled_digest

    adoc = AnnotatedDocument(doc, default_annotator())
    return {
        "key": document_key(doc.checksum, bundled_digest()),
        "blocks": {
            block_key(block, adoc.text(block)): encode_tokens(adoc.tokens(block))
            for block in adoc.block_ids()
        },
    }


def main(argv: list[str]) -> int:
    from reader.text.loader import load_document

    for name in argv:
        doc = load_document(name)
        target = seed_path(doc)
        target.write_text(
            json.dumps(build_seed(doc), ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
        )
        print(f"{target}: {len(doc.paragraph_ids())} paragraphs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
