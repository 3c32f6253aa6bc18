"""Annotated documents: a Document with its tokens per block, cached on disk, seeded
from the annotations shipped with bundled texts, and written out by `reader annotate`.
Pure: no UI."""
