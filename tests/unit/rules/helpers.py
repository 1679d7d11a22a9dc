"""Shared profiles and shortcuts for the rules tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ltsa_desk.rules import Evaluation, Profile, RequiredItem, evaluate, load_packaged

TODAY = date(2026, 1, 15)

#: One profile per column of the document × scheme matrix (domain.md §7), in column order.
COLUMNS: dict[str, Profile] = {
    "p2p_formal": Profile("p2p", "TW", "formal", "married", sex="L"),
    "p2p_domestic": Profile("p2p", "HK", "domestic", "married", sex="P"),
    "eps": Profile("g2g", "KR", "formal", "married", programme="eps", sex="L"),
    "epa": Profile("g2g", "JP", "formal", "married", programme="epa", sex="P", job="nurse"),
    "triple_win": Profile("g2g", "DE", "formal", "married", programme="triple-win", sex="P"),
    "perseorangan": Profile("perseorangan", "JP", "formal", "married", sex="L"),
    "crew": Profile("p2p", "KR", "ship-crew", "married", sex="L"),
}
BIRTH_DATE = date(1995, 5, 5)


def run(profile: Profile, **changes: Any) -> Evaluation:
    """Evaluate the national ruleset; the birth date defaults to one inside every age window."""
    changes.setdefault("birth_date", profile.birth_date or BIRTH_DATE)
    return evaluate(load_packaged(), replace(profile, **changes), today=TODAY)


def items(evaluation: Evaluation) -> dict[str, RequiredItem]:
    return {item.code: item for item in evaluation.items}


def born_for_age(age: int, on: date) -> date:
    """A birth date giving exactly ``age`` completed years on ``on`` (birthday that very day)."""
    return on.replace(year=on.year - age)
