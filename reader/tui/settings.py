"""User settings: TOML in the config folder, validated, saved atomically.

A broken settings file never stops the reader: a bad value costs only its own key (said
once, with the file and the key), and a file that is not TOML at all gives the defaults.
A change rewrites only the keys it changes, in the file as it is on disk then (tomlkit
keeps comments, order and unknown keys), so two readers and a hand edit all survive; a
file that could not be read is kept as a backup before a new one is started.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.color import Color, ColorParseError

from reader import paths
from reader.annotated.glossary_file import GlossaryChoice, settings_choice, unknown_domains
from reader.errors import ReaderError
from reader.fsutil import write_bytes_atomic, write_text_atomic
from reader.lang.pinyin import PINYIN_MODE_LABELS, PINYIN_MODES
from reader.lang.script import SCRIPTS
from reader.schema import Field, Schema, parse_toml
from reader.study.review import NEW_PER_DAY
from reader.study.words import MARK_STYLES

__all__ = ["PINYIN_MODES", "PINYIN_MODE_LABELS", "Settings", "load_settings", "save_settings"]

CONTEXT_MODES = ("dim", "hidden")
# The ids of every remappable key binding (the app's screens declare them; a test keeps
# this list and the screens in step).
BINDING_IDS = frozenset(
    {
        "app.quit",
        "glossary.close",
        "help.close",
        "library.help",
        "library.open",
        "library.quit",
        "library.vocabulary",
        "library.review",
        "review.close",
        "review.show",
        *(f"review.rate_{n}" for n in range(1, 5)),
        "new_words.close",
        "new_words.known",
        "new_words.ignore",
        *(f"new_words.learning_{n}" for n in range(1, 5)),
        "new_words.add",
        "choose.cancel",
        "choose.down",
        "choose.up",
        *(f"choose.pick_{n}" for n in range(1, 10)),
        "popup.add",
        "popup.close",
        "popup.reading",
        "popup.learning_1",
        "popup.learning_2",
        "popup.learning_3",
        "popup.learning_4",
        "popup.known",
        "popup.ignore",
        "quiz.back",
        "quiz.close",
        "quiz.enter_next",
        "quiz.evidence",
        "quiz.look_up",
        "quiz.next",
        "quiz.next_word",
        "quiz.previous_word",
        *(f"quiz.pick_{n}" for n in range(1, 10)),
        "quiz.retry",
        "reader.back",
        "reader.escape",
        "reader.glossary",
        "reader.help",
        "reader.next",
        "reader.next_section",
        "reader.next_word",
        "reader.pinyin",
        "reader.popup",
        "reader.previous",
        "reader.previous_section",
        "reader.previous_word",
        "reader.questions",
        "reader.quit",
        "reader.script",
        "reader.search",
        "reader.search_next",
        "reader.split",
        "reader.join",
        "reader.translation",
        "reader.vocabulary",
        "reader.paragraph_known",
        "reader.new_words",
        "reader.review",
        "vocab.close",
        "vocab.known",
        "vocab.remove",
        "vocab.undo",
        "reader.settings",
        "reader.contents",
        "library.settings",
        "settings.close",
        "settings.down",
        "settings.up",
        "settings.next",
        "settings.previous",
        "contents.close",
        "contents.down",
        "contents.up",
    }
)
DEFAULT_TONE_COLOURS = {
    "1": "#e03131",
    "2": "#e8590c",
    "3": "#2f9e44",
    "4": "#1c7ed6",
    "5": "#868e96",
}

# The tone colours the settings screen offers (the file takes any colours).
TONE_PALETTES = {
    "red orange green blue": DEFAULT_TONE_COLOURS,
    "red green blue purple": {
        "1": "#e03131",
        "2": "#2f9e44",
        "3": "#1c7ed6",
        "4": "#9c36b5",
        "5": "#868e96",
    },
    # Okabe and Ito's palette, told apart with any colour vision
    "colour-blind safe": {
        "1": "#d55e00",
        "2": "#e69f00",
        "3": "#009e73",
        "4": "#0072b2",
        "5": "#999999",
    },
}


@dataclass(frozen=True)
class Settings:
    script: str = "original"
    pinyin: str = "marks"
    tone_colours: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TONE_COLOURS))
    colour_tones: bool = True
    theme: str = "textual-dark"
    hsk_level: int = 3
    context: str = "dim"
    translation: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    student_name: str = ""
    number_readings: bool = False  # how each number is read, over its digits
    cache_limit_mb: int = 200  # the annotation cache's size limit (0: no cache)
    glossary_domains: tuple[str, ...] | None = None  # our glossary's domains on (None: all)
    glossary_files: tuple[str, ...] = ()  # glossary files of the learner's own
    word_marks: str = "colour"  # how new and learning words are marked (study.words)
    new_cards_per_day: int = NEW_PER_DAY  # review: new cards introduced a day

    def glossary_choice(self) -> GlossaryChoice:
        """Our domains on and the learner's own files."""
        return settings_choice(self.glossary_domains, self.glossary_files)

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)


def cycled(settings: Settings, name: str) -> object:
    """The next value of `name` ("script", "pinyin" or "translation"); the status bar
    says it."""
    if name == "script":
        return SCRIPTS[(SCRIPTS.index(settings.script) + 1) % len(SCRIPTS)]
    if name == "pinyin":
        return PINYIN_MODES[(PINYIN_MODES.index(settings.pinyin) + 1) % len(PINYIN_MODES)]
    if name == "translation":
        return not settings.translation
    raise ValueError(f"not a cycled setting: {name}")


SCHEMA = Schema(
    {
        "script": Field(str, choices=SCRIPTS),
        "pinyin": Field(str, choices=PINYIN_MODES),
        "tone_colours": Field(dict),
        "colour_tones": Field(bool),
        "theme": Field(str),
        "hsk_level": Field(int, low=1, high=7),
        "context": Field(str, choices=CONTEXT_MODES),
        "translation": Field(bool),
        "keymap": Field(dict),
        "student_name": Field(str),
        "number_readings": Field(bool),
        "cache_limit_mb": Field(int, low=0, high=1_000_000),
        "glossary_domains": Field(list, items=str),
        "glossary_files": Field(list, items=str),
        "word_marks": Field(str, choices=MARK_STYLES),
        "new_cards_per_day": Field(int, low=0, high=1000),
    },
    noun="setting",
)

# The domains the settings screen turns on together (the file takes any list of them).
FINANCE_DOMAINS = ("banking", "business", "finance", "markets", "monetary", "policy")
TECHNOLOGY_DOMAINS = ("ai", "chips", "ml")
NAME_DOMAINS = ("companies", "entities", "institutions", "people", "sectors")
GLOSSARY_SETS: dict[str, tuple[str, ...] | None] = {
    "every domain": None,
    "finance, with names": FINANCE_DOMAINS + NAME_DOMAINS,
    "AI and technology, with names": TECHNOLOGY_DOMAINS + NAME_DOMAINS,
    "terms only, no names": FINANCE_DOMAINS + TECHNOLOGY_DOMAINS,
}


def _valid(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The values of `data` that are right, and a problem for each one that is not: a
    bad value costs only its own setting (or its own key binding or tone colour)."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in data.items():
        field_ = SCHEMA.fields.get(key)
        if field_ is None:
            problems.append(f"unknown setting '{key}' is ignored")
            continue
        problem = SCHEMA.value_problem(field_, value)
        if problem:
            default = getattr(Settings(), key)
            shown = "" if isinstance(default, dict) else f" ({_toml_value(default)})"
            problems.append(f"setting '{key}' {problem}; it uses its default{shown}")
            continue
        values[key] = value
    colours = {}
    for tone, colour in values.get("tone_colours", {}).items():
        if tone not in DEFAULT_TONE_COLOURS or not isinstance(colour, str):
            problems.append(f"setting 'tone_colours': '{tone}' must be one of 1-5 with a colour")
            continue
        try:
            Color.parse(colour)
        except ColorParseError:
            problems.append(f"setting 'tone_colours': '{colour}' is not a colour")
            continue
        colours[tone] = colour
    if "tone_colours" in values:
        values["tone_colours"] = {**DEFAULT_TONE_COLOURS, **colours}
    keymap = {}
    for action, keys in values.get("keymap", {}).items():
        parts = keys.split(",") if isinstance(keys, str) else []
        if action not in BINDING_IDS:
            problems.append(
                f"setting 'keymap': unknown binding '{action}' (see the README for the ids)"
            )
        elif not parts or not all(part.strip() for part in parts):
            problems.append(
                f"setting 'keymap': '{action}' must be keys separated by commas, like \"j,down\""
            )
        else:
            keymap[action] = keys
    if "keymap" in values:
        values["keymap"] = keymap
    if "glossary_domains" in values:
        domains = tuple(dict.fromkeys(values["glossary_domains"]))
        wrong = unknown_domains(domains)
        if wrong:
            problems.append(
                f"setting 'glossary_domains': unknown domain '{wrong[0]}' is left out "
                "(see reader glossary --help for the domains)"
            )
        values["glossary_domains"] = tuple(d for d in domains if d not in wrong)
    if "glossary_files" in values:
        values["glossary_files"] = tuple(values["glossary_files"])
    return values, problems


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """(settings, problem): the problem says which settings use their default (a bad
    value costs only its own key), or that the whole file could not be read."""
    path = path or paths.settings_file()
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), f"{path}: cannot be read ({exc}); using the default settings"
    try:
        data = parse_toml(raw, path)
    except ReaderError as exc:
        return Settings(), f"{exc}; using the default settings"
    values, problems = _valid(data)
    settings = Settings(**values)
    if not problems:
        return settings, None
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return settings, f"{path}: {problems[0]}{more}"


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


HEADER = "# reader settings (written by reader; edit freely)\n"


def edited_settings(text: str, changes: Mapping[str, object]) -> tuple[str, bool]:
    """(`text` with only the `changes` made, whether `text` was unreadable and is not
    kept): comments, order, unknown keys and every other setting stay as written."""
    import tomlkit  # only when a setting is saved
    from tomlkit.exceptions import TOMLKitError

    lost = False
    try:
        parse_toml(text, "settings")
        doc = tomlkit.parse(text)
    except (ReaderError, TOMLKitError, RecursionError, ValueError):
        doc, lost = tomlkit.parse(HEADER), bool(text.strip())
    if not text.strip():
        doc = tomlkit.parse(HEADER)
    # a tuple is written as a list; None (a default with no value to write) removes the key
    changes = {k: list(v) if isinstance(v, tuple) else v for k, v in changes.items()}
    for key, value in changes.items():
        if value is None:
            if key in doc:
                del doc[key]
        elif isinstance(value, dict):
            table = doc.get(key)
            if not isinstance(table, dict):
                doc[key] = table = tomlkit.table()
            for name in [name for name in table if name not in value]:
                del table[name]
            for name, item in value.items():
                if not _same(table.get(name), item):
                    table[name] = item
        elif not _same(doc.get(key), value):
            doc[key] = value
    out = tomlkit.dumps(doc)
    check = parse_toml(out, "settings")
    if not all(
        key not in check if value is None else _same(check.get(key), value)
        for key, value in changes.items()
    ):
        raise ValueError("the edited settings do not say what was asked")
    return out, lost


def _same(written: object, wanted: object) -> bool:
    """Equal and of the same kind (true is not 1)."""
    unwrap = getattr(written, "unwrap", None)
    value = unwrap() if callable(unwrap) else written
    return type(value) is type(wanted) and value == wanted


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One writer at a time (two readers saving together each keep the other's key)."""
    try:
        import fcntl
    except ImportError:  # Windows: the atomic rename still keeps the file whole
        yield
        return
    try:
        handle = open(path.with_name(f".{path.name}.lock"), "a")  # noqa: SIM115
    except OSError:
        yield
        return
    with handle:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def save_settings(changes: Mapping[str, object], path: Path | None = None) -> str | None:
    """Change only `changes` in the file as it is now (re-read, so another reader's
    change or a hand edit made meanwhile stays), atomically; a file that cannot be read
    is kept as a backup first. A problem message is returned instead of raised."""
    path = path or paths.settings_file()
    note = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path):
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                raw = b""
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = "\x00"  # not TOML: kept as a backup below
            out, lost = edited_settings(text, changes)
            if lost:
                backup = path.with_name(f"{path.name}.bak-{time.strftime('%Y%m%d-%H%M%S')}")
                write_bytes_atomic(backup, raw)
                note = (
                    f"{path}: could not be read, so it was kept as {backup.name} "
                    "and a new one started"
                )
            write_text_atomic(path, out)
    except OSError as exc:
        return f"{path}: settings not saved ({exc.strerror or exc})"
    except ValueError as exc:
        return f"{path}: settings not saved ({exc})"
    return note or None
