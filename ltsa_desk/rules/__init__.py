"""Requirement rules: which documents a CPMI needs, who may be placed, and document validity.

The rules are data (``data/*.toml``, plus an optional office overlay) validated by pydantic
models; this package evaluates them for a profile. Typical use::

    ruleset = load_ruleset(settings.rules_file)
    evaluation = evaluate(ruleset, Profile(...), today=clock.today())
    check_document(ruleset, "paspor", expiry_date=..., planned_departure=..., today=...)
"""

from ltsa_desk.rules.diff import ItemsDiff, StoredItem, diff_items, stored_items
from ltsa_desk.rules.engine import (
    Evaluation,
    NoticeItem,
    Profile,
    ProfileError,
    RequiredItem,
    evaluate,
    matches,
    validate_profile,
)
from ltsa_desk.rules.loader import available_rulesets, load_file, load_packaged, load_ruleset
from ltsa_desk.rules.models import (
    MARITAL_STATUSES,
    SCHEMES,
    SECTORS,
    SEXES,
    Desk,
    Document,
    MaritalStatus,
    Ruleset,
    Scheme,
    Sector,
    Sex,
)
from ltsa_desk.rules.overlay import Overlay, apply_overlay, load_overlay
from ltsa_desk.rules.source import RulesetError
from ltsa_desk.rules.validity import check_document

__all__ = [
    "MARITAL_STATUSES",
    "SCHEMES",
    "SECTORS",
    "SEXES",
    "Desk",
    "Document",
    "Evaluation",
    "ItemsDiff",
    "MaritalStatus",
    "NoticeItem",
    "Overlay",
    "Profile",
    "ProfileError",
    "RequiredItem",
    "Ruleset",
    "RulesetError",
    "Scheme",
    "Sector",
    "Sex",
    "StoredItem",
    "apply_overlay",
    "available_rulesets",
    "check_document",
    "diff_items",
    "evaluate",
    "load_file",
    "load_overlay",
    "load_packaged",
    "load_ruleset",
    "matches",
    "stored_items",
    "validate_profile",
]
