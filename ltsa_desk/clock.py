"""The one clock of the desk: the current instant in UTC, and the office's local day.

Every part of LTSA Desk that needs the time asks this module; nothing else in ``ltsa_desk/``,
``screens/`` or ``forms/`` reads the system clock (``tests/unit/test_architecture.py`` checks
it). Records and audit events are stamped in UTC, because desks in three time zones merge
their records; "today" (for the recap, the day close, the queue, the home figures, ages and
validity) is the office's own calendar day, in its zone:

- **WIB** (UTC+7, Asia/Jakarta): Sumatra, Java, West and Central Kalimantan;
- **WITA** (UTC+8, Asia/Makassar): Bali, Nusa Tenggara, South, East and North Kalimantan,
  Sulawesi;
- **WIT** (UTC+9, Asia/Jayapura): Maluku and Papua.

(Keputusan Presiden 41/1987 on the division of Indonesia into three time zones.) The zone is
taken from the setting ``time_zone`` when an office sets one, else from the province of the
office's served regency when an operator logs in, else from the computer.

A caller replaces the clock with :func:`using` (a clock of another zone); tests move time with
time-machine, which this module does not need to know about: it reads ``datetime.now(UTC)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Indonesia's three zones by their usual names.
ZONES: dict[str, str] = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

#: Provinces (the first two digits of a region code) outside WIB (Keppres 41/1987, with the
#: provinces formed since then: North Kalimantan 65, West Sulawesi 76, the Papua provinces 92-96).
_PROVINCE_ZONES: dict[str, str] = {
    **dict.fromkeys(("51", "52", "53", "63", "64", "65"), "WITA"),
    **dict.fromkeys(("71", "72", "73", "74", "75", "76"), "WITA"),
    **dict.fromkeys(("81", "82", "91", "92", "93", "94", "95", "96"), "WIT"),
}


def zone_for_region(region_code: str | None) -> str | None:
    """``WIB``, ``WITA`` or ``WIT`` for a region code (``33.05``, ``3305``, ``91``), or None."""
    digits = "".join(ch for ch in (region_code or "") if ch.isdigit())
    if len(digits) < 2 or not "11" <= digits[:2] <= "96":
        return None
    return _PROVINCE_ZONES.get(digits[:2], "WIB")


def resolve_zone(name: str) -> tzinfo:
    """A zone from ``WIB``/``WITA``/``WIT`` or an IANA name; ``ValueError`` when unknown."""
    key = name.strip()
    try:
        return ZoneInfo(ZONES.get(key.upper(), key))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone: {name!r}") from exc


def _computer_zone() -> tzinfo:
    zone = datetime.now(UTC).astimezone().tzinfo
    return zone if zone is not None else UTC


@dataclass(frozen=True, slots=True)
class Clock:
    """The time, and the calendar of one zone."""

    zone: tzinfo

    def now(self) -> datetime:
        """The current instant, timezone-aware UTC: what records and audit events store."""
        return datetime.now(UTC)

    def local_now(self) -> datetime:
        """The current instant in the office's zone: what the operator's wall clock shows."""
        return self.now().astimezone(self.zone)

    def today(self) -> date:
        """The office's calendar day: a desk in Jayapura at 23:30 WIT is still on its own day."""
        return self.local_now().date()

    def local(self, moment: datetime) -> datetime:
        """A stored instant in the office's zone (naive values from SQLite are UTC)."""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return aware.astimezone(self.zone)

    def local_date(self, moment: datetime) -> date:
        """The office's calendar day on which a stored instant fell."""
        return self.local(moment).date()

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        """Start (inclusive) and end (exclusive) of the office's ``day`` as UTC instants.

        ``OverflowError`` for a day at the very edge of the calendar (year 1 or 9999), which no
        office works on; callers that take a date from the operator check it first.
        """
        start = datetime.combine(day, time.min, tzinfo=self.zone)
        end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=self.zone)
        return start.astimezone(UTC), end.astimezone(UTC)

    @property
    def zone_label(self) -> str:
        """``WIB``, ``WITA`` or ``WIT`` where the zone is one of Indonesia's, else its name."""
        key = getattr(self.zone, "key", None)
        for label, name in ZONES.items():
            if key == name:
                return label
        return str(key or self.local_now().tzname() or "UTC")


_current = Clock(_computer_zone())


def current() -> Clock:
    """The clock in force."""
    return _current


def now() -> datetime:
    return _current.now()


def local_now() -> datetime:
    return _current.local_now()


def today() -> date:
    return _current.today()


def local(moment: datetime) -> datetime:
    return _current.local(moment)


def local_date(moment: datetime) -> date:
    return _current.local_date(moment)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    return _current.day_bounds(day)


def set_clock(clock: Clock) -> None:
    """Replace the clock for the rest of the process (a desk opening on its office)."""
    global _current
    _current = clock


def use_office_zone(*, setting: str | None, region_code: str | None) -> None:
    """Put the clock on the office's zone: the setting if any, else the regency's province.

    An unknown setting or region leaves the zone as it is (the computer's by default); the
    setting's value is checked when the settings are read.
    """
    name = setting or zone_for_region(region_code)
    if name:
        set_clock(Clock(resolve_zone(name)))


@contextmanager
def using(clock: Clock) -> Iterator[Clock]:
    """Run a block on another clock, then put the previous one back."""
    previous = _current
    set_clock(clock)
    try:
        yield clock
    finally:
        set_clock(previous)
