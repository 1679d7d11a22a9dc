"""The days a recap covers, as the desk's local days turned into UTC instants.

Timestamps are stored in UTC while a day at the counter is a local day (WIB, WITA or WIT); the
desk computer's time zone decides, as for the home screen's figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ltsa_desk.services.summary import local_day_in_utc

#: A recap longer than this is refused: figures over years belong in a statistics tool.
MAX_DAYS = 366
#: Days a desk can hold records of: outside them a date is a typing error (and 0001-01-01 has
#: no day before it, which the local-day bounds need).
FIRST_YEAR, LAST_YEAR = 1900, 2200
TREND_DAYS = 14


class PeriodError(ValueError):
    """A period that cannot be used; ``key`` names the ``reports.*`` catalog message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class Period:
    """From ``first`` to ``last``, both included."""

    first: date
    last: date

    @classmethod
    def day(cls, day: date) -> Period:
        return cls(day, day)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def single_day(self) -> bool:
        return self.first == self.last

    def bounds(self) -> tuple[datetime, datetime]:
        """Start of the first day and end of the last, as UTC instants (end excluded)."""
        return local_day_in_utc(self.first)[0], local_day_in_utc(self.last)[1]

    def trend_days(self) -> list[date]:
        """The fourteen days ending on the last day of the period, oldest first."""
        return [self.last - timedelta(days=n) for n in range(TREND_DAYS - 1, -1, -1)]

    def label(self) -> str:
        if self.single_day:
            return self.first.strftime("%d-%m-%Y")
        return f"{self.first.strftime('%d-%m-%Y')} – {self.last.strftime('%d-%m-%Y')}"


def _date(value: str, field: str) -> date:
    text = value.strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if FIRST_YEAR <= day.year <= LAST_YEAR:
            return day
    raise PeriodError("reports.period_date", field=field, value=value)


def parse_period(first: str, last: str | None = None) -> Period:
    """A period from dates typed as ``YYYY-MM-DD`` or ``DD-MM-YYYY``; ``last`` defaults to
    ``first`` (one day)."""
    start = _date(first, "date")
    end = _date(last, "to") if last else start
    if end < start:
        raise PeriodError("reports.period_order")
    period = Period(start, end)
    if period.days > MAX_DAYS:
        raise PeriodError("reports.period_too_long", maximum=MAX_DAYS)
    return period
