"""What changed between two versions of a ruleset, entry by entry, for ``requirements --compare``.

The desk never changes a stored checklist silently: each application keeps the ruleset version
it was evaluated with and re-evaluation reports the added and dropped items. This module says
why, at the level of the rules: which documents, eligibility rules, notices, programmes, jobs
and sources a new version added, removed or changed, and which fields of an entry changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from ltsa_desk.rules.diff import ItemsDiff, diff_items, stored_items
from ltsa_desk.rules.engine import Evaluation, Profile, evaluate
from ltsa_desk.rules.loader import DATA_PACKAGE
from ltsa_desk.rules.models import Ruleset
from ltsa_desk.rules.source import RulesetError, parse_toml, validate

HISTORY_PACKAGE = f"{DATA_PACKAGE}.history"
#: The kinds of entry compared, in the order they are reported.
KINDS = ("documents", "eligibility", "notices", "programmes", "jobs", "sources")


@dataclass(frozen=True, slots=True)
class EntryChange:
    kind: str
    code: str
    change: str  # "added", "removed" or "changed"
    fields: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "code": self.code, "change": self.change, "fields": self.fields}


@dataclass(frozen=True, slots=True)
class RulesetChanges:
    old: str
    new: str
    entries: tuple[EntryChange, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "entries": [e.as_dict() for e in self.entries]}


def _by_code(ruleset: Ruleset, kind: str) -> dict[str, dict[str, Any]]:
    value = getattr(ruleset, kind)
    if isinstance(value, dict):
        return {code: entry.model_dump(mode="json") for code, entry in value.items()}
    return {entry.code: entry.model_dump(mode="json") for entry in value}


def compare(old: Ruleset, new: Ruleset) -> RulesetChanges:
    """Every entry added, removed or changed from ``old`` to ``new``, kind by kind."""
    entries: list[EntryChange] = []
    for kind in KINDS:
        before, after = _by_code(old, kind), _by_code(new, kind)
        for code in after.keys() - before.keys():
            entries.append(EntryChange(kind, code, "added"))
        for code in before.keys() - after.keys():
            entries.append(EntryChange(kind, code, "removed"))
        for code in before.keys() & after.keys():
            fields = tuple(
                sorted(
                    name
                    for name in before[code].keys() | after[code].keys()
                    if before[code].get(name) != after[code].get(name)
                )
            )
            if fields:
                entries.append(EntryChange(kind, code, "changed", fields))
    order = {kind: index for index, kind in enumerate(KINDS)}
    changes = {"added": 0, "removed": 1, "changed": 2}
    entries.sort(key=lambda e: (order[e.kind], changes[e.change], e.code))
    return RulesetChanges(old.ref, new.ref, tuple(entries))


def archived_versions(ruleset_id: str = "national") -> list[str]:
    """Versions of a packaged ruleset kept in the history folder, oldest first."""
    folder = resources.files(HISTORY_PACKAGE)
    prefix = f"{ruleset_id}-"
    found = [
        entry.name.removeprefix(prefix).removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.startswith(prefix) and entry.name.endswith(".toml")
    ]
    return sorted(found, key=lambda v: [int(p) if p.isdigit() else p for p in v.split(".")])


def load_archived(version: str, ruleset_id: str = "national") -> Ruleset:
    """An earlier packaged version, read for comparison (it may predate the sources list)."""
    name = f"{ruleset_id}-{version}.toml"
    resource = resources.files(HISTORY_PACKAGE).joinpath(name)
    source = f"{HISTORY_PACKAGE.replace('.', '/')}/{name}"
    if not resource.is_file():
        known = ", ".join(archived_versions(ruleset_id)) or "none"
        raise RulesetError(source, [f"no archived version {version!r} (archived: {known})"])
    raw = parse_toml(resource.read_text(encoding="utf-8"), source)
    return validate(Ruleset, raw, source, context={"archived": True})


@dataclass(frozen=True)
class Comparison:
    """What changed between two rulesets, and what that does to one profile."""

    rules: RulesetChanges
    items: ItemsDiff
    findings_added: tuple[str, ...]
    findings_removed: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.rules.as_dict(),
            "items_added": [item.code for item in self.items.added],
            "items_removed": [item.code for item in self.items.removed],
            "findings_added": list(self.findings_added),
            "findings_removed": list(self.findings_removed),
        }


def compare_profile(
    old: Ruleset, new: Ruleset, profile: Profile, current: Evaluation, *, today: date | None = None
) -> Comparison:
    """The rules changes from ``old`` to ``new`` and their effect on ``profile``.

    ``current`` is the profile already evaluated under ``new``; the old evaluation is made on the
    same day, so only the rules differ.
    """
    earlier = evaluate(old, profile, today=today or current.age_at)
    old_codes = {f.code for f in earlier.findings}
    new_codes = {f.code for f in current.findings}
    return Comparison(
        rules=compare(old, new),
        items=diff_items(stored_items(earlier), current),
        findings_added=tuple(sorted(new_codes - old_codes)),
        findings_removed=tuple(sorted(old_codes - new_codes)),
    )
