"""Build the annotations shipped with a bundled text (`texts/NAME.annotations.json`):

    python -m reader.annotated.seed_build texts/deepseek.txt

A test fails while the shipped file is out of date (the text, the pipeline or the
glossary changed); `reader.annotated.seed` reads the file at run time.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from reader.annotated.cache import block_key, document_key, encode_tokens
from reader.annotated.document import AnnotatedDocument, default_annotator
from reader.annotated.seed import seed_path
from reader.lang.glossary import bundled_digest
from reader.text.loader import load_document
from reader.text.model import Document


def build_seed(doc: Document) -> dict[str, Any]:
    adoc = AnnotatedDocument(doc, default_annotator())
    return {
        "key": document_key(doc.checksum, bundled_digest()),
        "blocks": {
            block_key(block, adoc.text(block)): encode_tokens(adoc.tokens(block))
            for block in adoc.block_ids()
        },
    }


def main(argv: list[str]) -> int:
    for name in argv:
        doc = load_document(name)
        target = seed_path(doc)
        if target is None:
            print(f"{name}: not a file", file=sys.stderr)
            return 2
        target.write_text(
            json.dumps(build_seed(doc), ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
        )
        print(f"{target}: {len(doc.paragraph_ids())} paragraphs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
