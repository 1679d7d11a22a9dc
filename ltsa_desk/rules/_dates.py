"""Calendar arithmetic for age windows and validity thresholds.

Kept private to the rules package so the engine does not depend on the identity helpers, which
are built separately.
"""

from __future__ import annotations

import calendar
from datetime import date


def age_on(birth_date: date, day: date) -> int:
    """Completed years on ``day``; someone born on 29 February turns a year older on 1 March."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day (31 Aug + 6 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
