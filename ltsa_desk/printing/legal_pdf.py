"""Layout of the sources a printed sheet rests on (shared by the checklist and pre-counselling)."""

from __future__ import annotations

from collections.abc import Sequence

from ltsa_desk.i18n import Lang, t
from ltsa_desk.printing._pdf import Story, numbered, section, styles


def source_section(sources: Sequence[str], lang: Lang) -> Story:
    """The sources, numbered, in small print at the end of the sheet."""
    if not sources:
        return []
    return [section(t("printing.sources.title", lang)), *numbered(sources, styles().small)]
