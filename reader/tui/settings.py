"""User settings: TOML in the config folder, validated, saved atomically.

A broken settings file never stops the reader: it is reported (file and problem) and
the defaults are used; the file is not overwritten until the user changes a setting.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.color import Color, ColorParseError

from reader import paths
from reader.errors import ReaderError
from reader.fsutil import write_text_atomic
from reader.lang.pinyin import PINYIN_MODE_LABELS, PINYIN_MODES
from reader.lang.script import SCRIPT_LABELS, SCRIPTS
from reader.schema import Field, Schema, located, parse_toml

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
        "choose.cancel",
        "choose.down",
        "choose.up",
        *(f"choose.pick_{n}" for n in range(1, 10)),
        "popup.add",
        "popup.close",
        "popup.reading",
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
        "vocab.close",
        "vocab.known",
        "vocab.remove",
    }
)
DEFAULT_TONE_COLOURS = {
    "1": "#e03131",
    "2": "#e8590c",
    "3": "#2f9e44",
    "4": "#1c7ed6",
    "5": "#868e96",
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

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)


def cycled(settings: Settings, name: str) -> tuple[object, str]:
    """The next value of `name` ("script", "pinyin" or "translation") and how to say it."""
    if name == "script":
        script = SCRIPTS[(SCRIPTS.index(settings.script) + 1) % len(SCRIPTS)]
        return script, SCRIPT_LABELS[script]
    if name == "pinyin":
        mode = PINYIN_MODES[(PINYIN_MODES.index(settings.pinyin) + 1) % len(PINYIN_MODES)]
        label = PINYIN_MODE_LABELS[mode]
        return mode, label + (f" (HSK {settings.hsk_level})" if mode == "level" else "")
    if name == "translation":
        return not settings.translation, "English " + ("off" if settings.translation else "on")
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
    },
    noun="setting",
)


def _validate(data: dict[str, Any], path: Path) -> Settings:
    SCHEMA.check(data, path)
    values = dict(data)
    colours = values.get("tone_colours", {})
    for tone, colour in colours.items():
        if tone not in DEFAULT_TONE_COLOURS or not isinstance(colour, str):
            raise ReaderError(
                located(
                    "",
                    "setting 'tone_colours'",
                    f"'{tone}' must be one of 1-5 with a colour string",
                ),
                path,
            )
        try:
            Color.parse(colour)
        except ColorParseError:
            raise ReaderError(
                located("", "setting 'tone_colours'", f"'{colour}' is not a colour"), path
            ) from None
    if colours:
        values["tone_colours"] = {**DEFAULT_TONE_COLOURS, **colours}
    for action, keys in values.get("keymap", {}).items():
        where = "setting 'keymap'"
        if action not in BINDING_IDS:
            raise ReaderError(
                located("", where, f"unknown binding '{action}' (see the README for the ids)"),
                path,
            )
        parts = keys.split(",") if isinstance(keys, str) else []
        if not parts or not all(part.strip() for part in parts):
            raise ReaderError(
                located("", where, f"'{action}' must be keys separated by commas, like \"j,down\""),
                path,
            )
    return Settings(**values)


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """(settings, problem): a problem means the defaults are in use."""
    path = path or paths.settings_file()
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), f"{path}: cannot be read ({exc}); using the default settings"
    try:
        return _validate(parse_toml(raw, path), path), None
    except ReaderError as exc:
        return Settings(), f"{exc}; using the default settings"


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def dump_settings(settings: Settings) -> str:
    data = asdict(settings)
    lines = ["# reader settings (written by reader; edit freely)"]
    tables = {}
    for key, value in data.items():
        if isinstance(value, dict):
            tables[key] = value
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    for key, table in tables.items():
        lines.append(f"\n[{key}]")
        lines += [f"{_toml_value(k)} = {_toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def save_settings(settings: Settings, path: Path | None = None) -> str | None:
    """Write atomically; return a problem message instead of raising."""
    path = path or paths.settings_file()
    try:
        write_text_atomic(path, dump_settings(settings))
    except OSError as exc:
        return f"{path}: settings not saved ({exc.strerror or exc})"
    return None
