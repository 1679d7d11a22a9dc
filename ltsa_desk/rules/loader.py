"""Load the packaged national ruleset and, optionally, an office's overlay on top of it."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from ltsa_desk.rules.models import Ruleset
from ltsa_desk.rules.overlay import apply_overlay, load_overlay
from ltsa_desk.rules.source import RulesetError, parse_toml, read_file, validate

DATA_PACKAGE = "ltsa_desk.rules.data"
DEFAULT_RULESET = "national"


def load_file(path: Path | str) -> Ruleset:
    """A complete ruleset file from disk (tests, or a replacement national file)."""
    path = Path(path)
    return validate(Ruleset, read_file(path), str(path))


def available_rulesets() -> list[str]:
    """Ids of the rulesets shipped with the package."""
    folder = resources.files(DATA_PACKAGE)
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def load_packaged(ruleset_id: str = DEFAULT_RULESET) -> Ruleset:
    """A shipped ruleset, parsed and validated once per process."""
    return _load_packaged(ruleset_id)


@cache
def _load_packaged(ruleset_id: str) -> Ruleset:
    source = f"{DATA_PACKAGE.replace('.', '/')}/{ruleset_id}.toml"
    resource = resources.files(DATA_PACKAGE).joinpath(f"{ruleset_id}.toml")
    if not resource.is_file():
        raise RulesetError(source, [f"no packaged ruleset {ruleset_id!r}: {available_rulesets()}"])
    raw = parse_toml(resource.read_text(encoding="utf-8"), source)
    ruleset = validate(Ruleset, raw, source)
    if ruleset.id != ruleset_id:
        raise RulesetError(source, [f"id is {ruleset.id!r}, expected {ruleset_id!r}"])
    return ruleset


def load_ruleset(overlay: Path | str | None = None, *, base: str = DEFAULT_RULESET) -> Ruleset:
    """The effective ruleset: the packaged ``base``, tightened by the office overlay if given."""
    national = load_packaged(base)
    if overlay is None:
        return national
    path = Path(overlay)
    return apply_overlay(national, load_overlay(path), str(path))
