"""Stored text shown literally: never parsed as markup, never sending control characters.

Names, notes and addresses come from people and imported files. A name such as
``[@click=app.quit]Siti`` must appear exactly as typed, and an escape character must not reach
the terminal, where it could move the cursor or rewrite the screen. Every widget that shows
stored text gets it through :func:`literal` (a Rich ``Text``, which Textual does not parse).
"""

from __future__ import annotations

import unicodedata

from rich.text import Text

#: U+2400.. are the printable "control pictures" of C0 codes: ESC shows as ␛.
_C0_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_KEPT = {"\n", "\u200c", "\u200d"}
REPLACEMENT = "\ufffd"


def visible(value: str, *, multiline: bool = False) -> str:
    """``value`` with every control or format character replaced by a visible stand-in."""
    out = []
    for char in value:
        if char in _KEPT and (multiline or char != "\n"):
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            code = ord(char)
            out.append(_C0_PICTURES.get(code, "\u2421" if code == 0x7F else REPLACEMENT))
        elif category in ("Cf", "Zl", "Zp"):
            # Bidi overrides and other invisible format characters can disguise text.
            out.append(REPLACEMENT)
        else:
            out.append(char)
    return "".join(out)


def literal(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """A Rich ``Text`` of ``value`` exactly as stored (markup inert, controls made visible)."""
    return Text(visible("" if value is None else str(value), multiline=multiline), style=style)
