"""The settings screen: every setting a learner changes, each on one row, changed with
the arrow keys and saved at once, as the s, p and e keys save theirs.

Opened from the reader it also has the script of the text being read (which s changes);
the "script" row is the default for texts that have none of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.lang.glossary import bundled_domains
from reader.lang.hsk import label as hsk_label
from reader.lang.script import SCRIPT_LABELS, SCRIPTS
from reader.study.session import ReadingSession
from reader.study.words import MARK_STYLES
from reader.tui.context import change_settings, context, plain
from reader.tui.settings import (
    CONTEXT_MODES,
    GLOSSARY_SETS,
    PINYIN_MODE_LABELS,
    PINYIN_MODES,
    TONE_PALETTES,
)

LABEL_WIDTH = 24
OWN_COLOURS = "your own (from settings.toml)"
OWN_DOMAINS = "your own list"
CONTEXT_LABELS = {"dim": "shown dimmed", "hidden": "hidden"}


@dataclass(frozen=True)
class Row:
    key: str  # the setting, or "text_script" for the open text's own script
    label: str
    values: tuple[object, ...]
    help: str


def _on_off(value: object) -> str:
    return "on" if value else "off"


def _tone_sample(value: object, own: dict[str, str]) -> Content:
    """The tones in their colours, before the palette's name."""
    if value == "off":
        return plain("off (no colours)")
    colours = own if value == OWN_COLOURS else TONE_PALETTES[str(value)]
    sample = [Content.styled(s, colours[str(n)]) for n, s in enumerate("āáǎàa", start=1)]
    return Content.assemble(Content(" ").join(sample), f"  {value}")


def _domain_set(domains: tuple[str, ...] | None) -> str | None:
    """The name of the settings screen's set of glossary domains that `domains` is."""
    if domains is not None and set(domains) >= set(bundled_domains()):
        domains = None
    for name, chosen in GLOSSARY_SETS.items():
        if (chosen is None) == (domains is None) and set(chosen or ()) == set(domains or ()):
            return name
    return None


class SettingsScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,o", "close", "Close", id="settings.close"),
        Binding("j", "move(1)", "Down", show=False, id="settings.down"),
        Binding("k", "move(-1)", "Up", show=False, id="settings.up"),
        Binding("l,right,space", "change(1)", "Next value", id="settings.next"),
        Binding("h,left", "change(-1)", "Previous value", id="settings.previous"),
    ]

    def __init__(
        self,
        *,
        session: ReadingSession | None = None,  # opened from the reader: this text
        fixed: frozenset[str] = frozenset(),  # settings the assignment fixes
        applied: Callable[[], None] | None = None,  # after each change
    ) -> None:
        super().__init__()
        self.session = session
        self.fixed = fixed | ({"text_script"} if "script" in fixed else set())
        self.applied = applied
        self.own_colours: dict[str, str] = {}  # colours set in the file, kept to go back to
        self.own_domains: tuple[str, ...] = ()  # domains chosen in the file, likewise
        self.rows: list[Row] = []

    def _rows(self) -> list[Row]:
        settings = context(self).settings
        palettes = ["off", *TONE_PALETTES]
        if settings.colour_tones and settings.tone_colours not in TONE_PALETTES.values():
            self.own_colours = dict(settings.tone_colours)
            palettes.insert(1, OWN_COLOURS)
        domain_sets: list[object] = list(GLOSSARY_SETS)
        if _domain_set(settings.glossary_domains) is None:
            self.own_domains = settings.glossary_domains or ()
            domain_sets.append(OWN_DOMAINS)
        rows = []
        if self.session is not None:
            rows.append(
                Row(
                    "text_script",
                    "Script of this text",
                    (None, *SCRIPTS),
                    "What s changes: kept for this text, whenever it is opened.",
                )
            )
        rows += [
            Row(
                "script",
                "Script for other texts",
                SCRIPTS,
                "The script of a text you have not chosen one for (original: as written).",
            ),
            Row("pinyin", "Pinyin", PINYIN_MODES, "What p changes: how words are read out."),
            Row(
                "hsk_level",
                "My HSK level",
                tuple(range(1, 8)),
                "With pinyin above my level, pinyin shows only over words above this level.",
            ),
            Row(
                "tone_colours",
                "Tone colours",
                tuple(palettes),
                "Pinyin coloured by tone, in one of these palettes.",
            ),
            Row(
                "context",
                "Other paragraphs",
                CONTEXT_MODES,
                "The paragraphs around the one you read: dimmed, or not shown.",
            ),
            Row(
                "translation",
                "English",
                (False, True),
                "What e changes: the translation under each paragraph, when the text has one.",
            ),
            Row(
                "number_readings",
                "Numbers read aloud",
                (False, True),
                "How each number is read, over its digits (2025: èr líng èr wǔ).",
            ),
            Row(
                "word_marks",
                "New words marked",
                MARK_STYLES,
                "New words blue and words you are learning amber, underlined, or not marked.",
            ),
            Row(
                "new_cards_per_day",
                "New cards a day",
                tuple(sorted({0, 5, 10, 20, 30, 50, 100, settings.new_cards_per_day})),
                "How many new words review brings in a day (R; due ones always come).",
            ),
            Row(
                "glossary_domains",
                "Glossary",
                tuple(domain_sets),
                "Which of our glossary's domains explain words (your own glossary files, "
                "glossary_files in settings.toml, always do).",
            ),
            Row(
                "theme",
                "Theme",
                tuple(sorted(self.app.available_themes)),
                "The colours of the whole screen.",
            ),
        ]
        return rows

    def value(self, row: Row) -> object:
        settings = context(self).settings
        if row.key == "text_script":
            return self.session.script if self.session is not None else None
        if row.key == "tone_colours":
            if not settings.colour_tones:
                return "off"
            found = [name for name, c in TONE_PALETTES.items() if c == settings.tone_colours]
            return found[0] if found else OWN_COLOURS
        if row.key == "theme":
            return self.app.theme
        if row.key == "glossary_domains":
            return _domain_set(settings.glossary_domains) or OWN_DOMAINS
        return getattr(settings, row.key)

    def shown(self, row: Row, value: object) -> Content:
        settings = context(self).settings
        if row.key == "tone_colours":
            return _tone_sample(value, self.own_colours)
        if row.key == "text_script":
            if value is None:
                default = SCRIPT_LABELS[settings.script]
                return plain(f"as for other texts ({default})")
            return plain(SCRIPT_LABELS[str(value)])
        if row.key == "script":
            return plain(SCRIPT_LABELS[str(value)])
        if row.key == "pinyin":
            return plain(PINYIN_MODE_LABELS[str(value)])
        if row.key == "hsk_level":
            return plain(f"HSK {hsk_label(int(str(value)))}")
        if row.key == "context":
            return plain(CONTEXT_LABELS[str(value)])
        if row.key == "glossary_domains" and value == OWN_DOMAINS:
            return plain(f"{', '.join(self.own_domains) or 'no domain'} (your own list)")
        if row.key == "word_marks":
            return plain(
                {"colour": "in colour", "underline": "underlined", "off": "not marked"}[str(value)]
            )
        if isinstance(value, bool):
            return plain(_on_off(value))
        return plain(str(value))

    def prompt(self, row: Row) -> Content:
        value = self.shown(row, self.value(row))
        fixed = " (fixed by the assignment)" if row.key in self.fixed else ""
        return Content.assemble(plain(f"{row.label:<{LABEL_WIDTH}}"), value, plain(fixed))

    def compose(self) -> ComposeResult:
        self.rows = self._rows()
        with Vertical(id="settings-box"):
            yield OptionList(
                *(Option(self.prompt(row), id=row.key) for row in self.rows),
                id="settings-list",
            )
            yield Static("", id="settings-help")

    def on_mount(self) -> None:
        box = self.query_one("#settings-box")
        box.border_title = "Settings"
        box.border_subtitle = "←→ change · esc close"
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()
        self._show_help()

    @on(OptionList.OptionHighlighted)
    def _show_help(self) -> None:
        row = self.current_row()
        if row is None:
            return
        fixed = " Your assignment fixes it." if row.key in self.fixed else ""
        self.query_one("#settings-help", Static).update(plain(row.help + fixed))

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_change(1)

    def current_row(self) -> Row | None:
        index = self.query_one(OptionList).highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_change(self, step: int) -> None:
        row = self.current_row()
        if row is None or row.key in self.fixed:
            return
        values = list(row.values)
        now = self.value(row)
        at = values.index(now) if now in values else -1
        self.set(row, values[(at + step) % len(values)])

    def set(self, row: Row, value: object) -> None:
        """Apply and save one setting's new value."""
        if row.key == "text_script" and self.session is not None:
            self.session.choose_script(None if value is None else str(value))
        elif row.key == "theme":
            self.app.theme = str(value)  # the app saves the theme it is given
        elif row.key == "tone_colours":
            if value == "off":
                change_settings(self, colour_tones=False)
            elif value != OWN_COLOURS:
                change_settings(self, colour_tones=True, tone_colours=TONE_PALETTES[str(value)])
            else:
                change_settings(self, colour_tones=True, tone_colours=self.own_colours)
        elif row.key == "glossary_domains":
            domains = self.own_domains if value == OWN_DOMAINS else GLOSSARY_SETS[str(value)]
            change_settings(self, glossary_domains=domains)
        else:
            change_settings(self, **{row.key: value})
        options = self.query_one(OptionList)
        for index, each in enumerate(self.rows):  # the text's script shows the default
            options.replace_option_prompt_at_index(index, self.prompt(each))
        if self.applied is not None:
            self.applied()

    def action_close(self) -> None:
        self.dismiss()
