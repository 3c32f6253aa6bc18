"""User settings: TOML in the config folder, validated, saved atomically.

A broken settings file never stops the reader: it is reported (file and problem) and
the defaults are used; the file is not overwritten until the user changes a setting.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from reader import paths
from reader.errors import ReaderError
from reader.fsutil import write_text_atomic
from reader.lang.script import SCRIPTS

PINYIN_MODES = ("marks", "numbers", "zhuyin", "level", "off")
PINYIN_MODE_LABELS = {
    "marks": "pinyin",
    "numbers": "tone numbers",
    "zhuyin": "zhuyin",
    "level": "pinyin above my level",
    "off": "no pinyin",
}
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
        "popup.add",
        "popup.close",
        "quiz.close",
        "quiz.enter_next",
        "quiz.evidence",
        "quiz.next",
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

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)


_CHOICES = {"script": SCRIPTS, "pinyin": PINYIN_MODES, "context": CONTEXT_MODES}


def _validate(data: dict, path: Path) -> Settings:
    known = {f.name: f for f in fields(Settings)}
    defaults = Settings()
    values = {}
    for key, value in data.items():
        if key not in known:
            raise ReaderError(f"unknown setting '{key}' (known: {', '.join(known)})", path)
        expected = type(getattr(defaults, key))
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ReaderError(f"setting '{key}' must be a {expected.__name__}", path)
        if key in _CHOICES and value not in _CHOICES[key]:
            raise ReaderError(f"setting '{key}' must be one of {', '.join(_CHOICES[key])}", path)
        values[key] = value
    if not 1 <= values.get("hsk_level", 1) <= 7:
        raise ReaderError("setting 'hsk_level' must be between 1 and 7 (7 = HSK 7-9)", path)
    colours = values.get("tone_colours", {})
    for tone, colour in colours.items():
        if tone not in DEFAULT_TONE_COLOURS or not isinstance(colour, str):
            raise ReaderError(
                f"tone_colours: '{tone}' must be one of 1-5 with a colour string", path
            )
        from rich.color import Color, ColorParseError

        try:
            Color.parse(colour)
        except ColorParseError:
            raise ReaderError(f"tone_colours: '{colour}' is not a colour", path) from None
    if colours:
        values["tone_colours"] = {**DEFAULT_TONE_COLOURS, **colours}
    for action, keys in values.get("keymap", {}).items():
        if action not in BINDING_IDS:
            raise ReaderError(
                f"keymap: unknown binding '{action}' (see the README for the ids)", path
            )
        parts = keys.split(",") if isinstance(keys, str) else []
        if not parts or not all(part.strip() for part in parts):
            raise ReaderError(
                f"keymap: '{action}' must be keys separated by commas, like \"j,down\"", path
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
        return _validate(tomllib.loads(raw), path), None
    except tomllib.TOMLDecodeError as exc:
        return Settings(), f"{path}: not valid TOML ({exc}); using the default settings"
    except ReaderError as exc:
        return Settings(), f"{exc}; using the default settings"


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    import json

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
