"""Indonesian passport number and dates, checked loosely.

The sources on the number format contradict each other (domain.md §4.3: "1–2 letters + 7
digits", "9 characters", "12 digits for e-passports") and a new passport design started in August
2025, so an unusual number is only a warning: blocking a real passport at the counter costs more
than a typo that the operator has confirmed. Remaining validity before travel is a per-destination
rule and lives in the rules engine.
"""

from __future__ import annotations

import re
from datetime import date

from ltsa_desk.findings import Finding
from ltsa_desk.identity._common import Checked, describe_chars, error, format_date, warning

PASSPORT_MIN_LENGTH = 7
PASSPORT_MAX_LENGTH = 9

_WHITESPACE = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]", re.ASCII)


def check_passport_number(
    raw: str, *, required: bool = False, field: str = "passport_number"
) -> Checked[str]:
    """The number upper-cased without spaces, with warnings when it looks unusual.

    An empty value is only an error when ``required``; the desk records a passport late in the
    process, so most forms accept it blank.
    """
    cleaned = _WHITESPACE.sub("", raw).upper()
    if not cleaned:
        return Checked(cleaned, (error("passport.required", field),) if required else ())
    findings: list[Finding] = []
    others = _NOT_ALNUM.findall(cleaned)
    if others:
        findings.append(warning("passport.characters", field, chars=describe_chars(others)))
    if not PASSPORT_MIN_LENGTH <= len(cleaned) <= PASSPORT_MAX_LENGTH:
        findings.append(warning("passport.length", field, count=len(cleaned)))
    return Checked(cleaned, tuple(findings))


def check_passport_dates(
    issue_date: date | None, expiry_date: date | None, *, field: str = "passport_expiry"
) -> list[Finding]:
    """A passport cannot expire on or before the day it was issued; missing dates are skipped."""
    if issue_date is None or expiry_date is None or expiry_date > issue_date:
        return []
    return [
        error(
            "passport.expiry_before_issue",
            field,
            issued=format_date(issue_date),
            expires=format_date(expiry_date),
        )
    ]
