"""Dates as operators type them, and age.

Indonesian documents print dates day first (17-08-1995); ISO dates come from files and the
CLI. A two-digit year is refused rather than guessed: a wrong century silently changes an age.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from ltsa_desk.findings import Finding, Severity
from ltsa_desk.identity._common import Checked, error, finding, format_date

#: The legal minimum age for a migrant worker.
MINIMUM_AGE = 18
MINIMUM_AGE_BASIS = "UU 18/2017 Pasal 5"
EARLIEST_DATE = date(1900, 1, 1)

_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", re.ASCII)
_DAY_FIRST = re.compile(r"([0-9]{1,2})([-/])([0-9]{1,2})\2([0-9]{4})", re.ASCII)
#: Eight digits, day first, as typed from a KTP without separators (05071995).
_COMPACT = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})", re.ASCII)


def _parse(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a string in an accepted layout, not yet checked against a calendar."""
    if match := _ISO.fullmatch(text):
        return int(match[1]), int(match[2]), int(match[3])
    if match := _DAY_FIRST.fullmatch(text):
        return int(match[4]), int(match[3]), int(match[1])
    if match := _COMPACT.fullmatch(text):
        return int(match[3]), int(match[2]), int(match[1])
    return None


def check_date(
    value: date | str | None,
    field: str,
    *,
    today: date,
    allow_future: bool = False,
    earliest: date = EARLIEST_DATE,
    required: bool = True,
) -> Checked[date | None]:
    """The date meant by ``value``, or None with the reason; never raises on any text.

    Accepted: a ``date``, "YYYY-MM-DD", "DD-MM-YYYY" and "DD/MM/YYYY" (day and month may have one
    digit), and "DDMMYYYY" (eight digits); never a two-digit year. ``today`` is a parameter so
    that a check does not depend on the clock.
    """
    if isinstance(value, datetime):
        value = value.date()
    if value is None or (isinstance(value, str) and not value.strip()):
        return Checked(None, (error("date.empty", field),) if required else ())
    if isinstance(value, str):
        text = value.strip()
        parts = _parse(text)
        if parts is None:
            return Checked(None, (error("date.format", field),))
        year, month, day = parts
        try:
            value = date(year, month, day)
        except ValueError:
            return Checked(None, (error("date.impossible", field, value=text),))
    if not allow_future and value > today:
        return Checked(
            None,
            (error("date.future", field, value=format_date(value), today=format_date(today)),),
        )
    if value < earliest:
        return Checked(
            None,
            (
                error(
                    "date.too_early",
                    field,
                    value=format_date(value),
                    earliest=format_date(earliest),
                ),
            ),
        )
    return Checked(value, ())


def age_on(birth_date: date, on_date: date) -> int:
    """Completed years on ``on_date``; someone born on 29 February has a birthday on 1 March.

    Negative when ``on_date`` is before the birth, so that callers can tell the two apart.
    """
    years = on_date.year - birth_date.year
    if (on_date.month, on_date.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def check_minimum_age(
    birth_date: date,
    on_date: date,
    minimum: int = MINIMUM_AGE,
    *,
    field: str = "birth_date",
    basis: str = MINIMUM_AGE_BASIS,
) -> list[Finding]:
    """An error when the applicant is younger than ``minimum`` on ``on_date``.

    The default is the legal floor; a destination or job with a higher floor (21 for some
    domestic work) passes its own ``minimum`` and ``basis`` from the rule data.
    """
    if birth_date > on_date:
        return [
            error(
                "age.birth_after",
                field,
                birth_date=format_date(birth_date),
                on_date=format_date(on_date),
            )
        ]
    age = age_on(birth_date, on_date)
    if age >= minimum:
        return []
    return [
        finding(
            "age.minimum",
            Severity.ERROR,
            field,
            basis=basis,
            age=age,
            minimum=minimum,
            on_date=format_date(on_date),
            basis_text=basis,
        )
    ]
