"""The ruleset in force at this desk: the packaged national rules plus the office's overlay."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ltsa_desk.config import load_settings
from ltsa_desk.rules import Ruleset, load_ruleset


@cache
def _load(overlay: Path | None) -> Ruleset:
    return load_ruleset(overlay)


def current_ruleset(overlay: Path | None = None) -> Ruleset:
    """Loaded once per overlay path; a bad overlay raises ``RulesetError`` naming the item."""
    return _load(overlay if overlay is not None else load_settings().rules_file)
