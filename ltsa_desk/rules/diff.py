"""What a rules change would do to a stored checklist.

A checklist is stored with the ruleset id and version it was made under. After a rules change
the desk must show the difference and let the operator apply it, never change it silently; the
removed side comes from storage because the new ruleset may no longer know those items.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ltsa_desk.rules.engine import Evaluation, RequiredItem


class StoredItem(NamedTuple):
    """An item as kept with an application: its code and titles in both languages."""

    code: str
    title_id: str
    title_en: str


@dataclass(frozen=True, slots=True)
class ItemsDiff:
    added: tuple[RequiredItem, ...]
    removed: tuple[StoredItem, ...]
    unchanged: tuple[RequiredItem, ...]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def stored_items(evaluation: Evaluation) -> dict[str, tuple[str, str]]:
    """The form ``diff_items`` expects back: code → (title_id, title_en), in checklist order."""
    return {item.code: (item.title_id, item.title_en) for item in evaluation.items}


def diff_items(old: Mapping[str, tuple[str, str]], new: Evaluation) -> ItemsDiff:
    """Items the new evaluation adds, the stored ones it drops, and those it keeps."""
    added = tuple(item for item in new.items if item.code not in old)
    unchanged = tuple(item for item in new.items if item.code in old)
    kept = set(new.codes)
    removed = tuple(
        StoredItem(code, title_id, title_en)
        for code, (title_id, title_en) in old.items()
        if code not in kept
    )
    return ItemsDiff(added=added, removed=removed, unchanged=unchanged)
