"""The desk's colours, defined once as Textual themes; the stylesheet only uses $variables."""

from __future__ import annotations

from textual.theme import Theme

DESK_DARK = Theme(
    name="ltsa-desk",
    primary="#3A8FB7",
    secondary="#5FA8A0",
    accent="#E0A526",
    foreground="#E6E9EE",
    background="#131A22",
    surface="#1B2430",
    panel="#243242",
    success="#4CAF7A",
    warning="#E0A526",
    error="#E05A4E",
    dark=True,
)

DESK_LIGHT = Theme(
    name="ltsa-desk-light",
    primary="#1F6F99",
    secondary="#2F7F77",
    accent="#A86B00",
    foreground="#1B2430",
    background="#F4F6F8",
    surface="#FFFFFF",
    panel="#E3E8EE",
    success="#2E7D4F",
    warning="#A86B00",
    error="#B3261E",
    dark=False,
)

THEMES = (DESK_DARK, DESK_LIGHT)
