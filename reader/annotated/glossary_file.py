"""Which glossary a document is read with: our domains the learner keeps on, under the
glossary files of one's own.

Layers, the first that has an entry (by id, or by a form) wins: the learner's own files
(a path in the settings), then the text's (`NAME.glossary.toml` beside it, or the table
an assignment bundle carries), then ours, only the chosen domains. A file that cannot be
used is one line in `problems` and no entries from it; the rest still apply.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reader import paths
from reader.errors import ReaderError
from reader.lang.annotate import Annotator
from reader.lang.glossary import (
    Entry,
    Glossary,
    bundled_digest,
    bundled_domains,
    bundled_glossary,
    chosen_glossary,
    read_own,
)
from reader.schema import parse_toml
from reader.text.model import Document


@dataclass(frozen=True, slots=True)
class GlossaryChoice:
    """What the learner chose: our domains that are on (None: every one) and their own
    glossary files."""

    domains: tuple[str, ...] | None = None
    files: tuple[Path, ...] = ()


ALL_DOMAINS = GlossaryChoice()


def settings_choice(domains: Iterable[str] | None, files: Iterable[str]) -> GlossaryChoice:
    """The choice the settings say (`glossary_domains`, `glossary_files`): a relative
    path is from the settings file's folder, `~` is the home folder."""
    folder = paths.settings_file().parent
    return GlossaryChoice(
        None if domains is None else tuple(domains),
        tuple(folder / Path(f).expanduser() for f in files),
    )


def choice_in_settings() -> tuple[GlossaryChoice, list[str]]:
    """The learner's choice as the settings file says it, for the commands that do not
    open the reader; a bad value is left out, and said."""
    path = paths.settings_file()
    try:
        data = parse_toml(path.read_text(encoding="utf-8-sig"), path)
    except FileNotFoundError:
        return ALL_DOMAINS, []
    except (OSError, UnicodeDecodeError, ReaderError):
        return ALL_DOMAINS, []  # the reader says what is wrong with the whole file
    problems = []
    domains, files = data.get("glossary_domains"), data.get("glossary_files", [])
    if domains is not None and not (
        isinstance(domains, list) and all(isinstance(d, str) for d in domains)
    ):
        problems.append(f"{path}: setting 'glossary_domains' must be a list of domains")
        domains = None
    if not (isinstance(files, list) and all(isinstance(f, str) for f in files)):
        problems.append(f"{path}: setting 'glossary_files' must be a list of paths")
        files = []
    if domains is not None:
        wrong = unknown_domains(domains)
        if wrong:
            problems.append(f"{path}: setting 'glossary_domains': unknown domain '{wrong[0]}'")
        domains = [d for d in domains if d not in wrong]
    return settings_choice(domains, files), problems


def unknown_domains(domains: Iterable[str]) -> list[str]:
    known = bundled_domains()
    return [d for d in domains if d not in known]


def parse_domains(value: str) -> tuple[str, ...]:
    """`--domain ai,chips` (names separated by commas); ReaderError for a domain we do
    not have, naming the ones we do."""
    domains = tuple(dict.fromkeys(d.strip() for d in value.split(",") if d.strip()))
    wrong = unknown_domains(domains)
    if wrong or not domains:
        what = f"unknown glossary domain '{wrong[0]}'" if wrong else "no glossary domain given"
        raise ReaderError(f"{what} (the domains: {', '.join(bundled_domains())})")
    return domains


def sidecar_path(text_path: str | Path) -> Path:
    """`NAME.glossary.toml` beside a text."""
    path = Path(text_path)
    return path.with_name(path.stem + ".glossary.toml")


@dataclass(frozen=True)
class ChosenGlossary:
    """The glossary a document is read with, known by its checksum before it is built
    (the annotation cache's key), built on first use."""

    domains: tuple[str, ...] | None
    own: tuple[Entry, ...] = field(default=(), compare=False)  # in the checksum
    checksum: str = ""
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_bundled(self) -> bool:
        return self.domains is None and not self.own

    def glossary(self) -> Glossary:
        with _BUILDING:
            return bundled_glossary() if self.is_bundled else _built(self)

    def annotator(self) -> Annotator:
        """Built once, whichever threads ask at the same time (the screen's worker, the
        app's warm-up, the word count): two builds would be two jieba dictionaries."""
        with _BUILDING:
            return bundled_annotator() if self.is_bundled else _annotator(self)


_BUILDING = threading.RLock()


@lru_cache(maxsize=1)
def bundled_annotator() -> Annotator:
    return Annotator(bundled_glossary())


@lru_cache(maxsize=4)
def _built(chosen: ChosenGlossary) -> Glossary:
    return chosen_glossary(chosen.domains, chosen.own, chosen.checksum)


@lru_cache(maxsize=2)
def _annotator(chosen: ChosenGlossary) -> Annotator:
    return Annotator(_built(chosen))


def _own_file(path: Path, problems: list[str]) -> tuple[Entry, ...]:
    try:
        entries = read_own(path)
    except ReaderError as exc:
        problems.append(f"{exc} (this glossary is not used)")
        return ()
    return entries


def choose_glossary(
    doc: Document | None,
    choice: GlossaryChoice = ALL_DOMAINS,
    shipped: tuple[Entry, ...] | None = None,
) -> ChosenGlossary:
    """The learner's files over the text's (`shipped`: an assignment's instead) over our
    chosen domains."""
    problems: list[str] = []
    own: list[Entry] = []
    for path in choice.files:
        own += _own_file(path.expanduser(), problems)
    if shipped is not None:
        own += shipped
    elif doc is not None and doc.path:
        beside = sidecar_path(doc.path)
        if beside.exists() or beside.is_symlink():
            own += _own_file(beside, problems)
    domains = choice.domains
    if domains is not None:
        domains = tuple(sorted(set(domains) & set(bundled_domains())))
        if set(domains) == set(bundled_domains()):
            domains = None
    if domains is None and not own:
        return ChosenGlossary(None, (), bundled_digest(), tuple(problems))
    digest = hashlib.sha256(bundled_digest().encode())
    digest.update(repr(domains).encode())
    digest.update(repr(own).encode())
    return ChosenGlossary(domains, tuple(own), digest.hexdigest(), tuple(problems))
