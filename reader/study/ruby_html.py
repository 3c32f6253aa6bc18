"""Chinese text as HTML with pinyin ruby: every word in an unbreakable span, with the
punctuation that clings to it. All text goes through `safe.for_html`: nothing from a
file becomes markup."""

from __future__ import annotations

from reader.lang.annotate import ShownToken
from reader.safe import for_html
from reader.text.chars import is_han

# Punctuation that must not begin a line travels with the word before it; punctuation
# that must not end a line travels with the word after it.
CLOSING = frozenset("，。、：；！？”’）」』》〉】,.:;!?)]}…—%")
OPENING = frozenset("“‘（「『《〈【([{")


def _closing(text: str) -> bool:
    return bool(text) and all(ch in CLOSING or ch.isspace() for ch in text) and not text.isspace()


def _opening(text: str) -> bool:
    return bool(text) and all(ch in OPENING for ch in text)


def _token_html(token: ShownToken, pinyin: bool) -> str:
    if not pinyin:
        out = for_html(token.text)
    else:
        parts, syllables = [], iter(token.pinyin)
        for ch in token.text:
            syllable = next(syllables, None) if is_han(ch) else None
            if syllable is None:
                parts.append(for_html(ch))
            else:
                parts.append(f"<ruby>{for_html(ch)}<rt>{for_html(syllable)}</rt></ruby>")
        out = "".join(parts)
    if token.term:
        out = f'<span class="term" data-term="{for_html(token.term)}">{out}</span>'
    return out


def words_html(tokens: list[ShownToken], pinyin: bool) -> str:
    """Each word (with the punctuation that clings to it) in a `<span class="w">`,
    so that a word and its pinyin never break across lines; spaces stay breakable."""
    groups: list[list[ShownToken]] = []
    opening: list[ShownToken] = []
    out: list[str] = []

    def flush() -> None:
        for group in groups:
            out.append(
                '<span class="w">' + "".join(_token_html(t, pinyin) for t in group) + "</span>"
            )
        groups.clear()

    for token in tokens:
        if token.text.isspace():
            groups.extend([t] for t in opening)
            opening.clear()
            flush()
            out.append(for_html(token.text))
        elif _closing(token.text) and groups and not opening:
            groups[-1].append(token)
        elif _opening(token.text):
            opening.append(token)
        else:
            groups.append([*opening, token])
            opening.clear()
    groups.extend([t] for t in opening)
    flush()
    return "".join(out)
