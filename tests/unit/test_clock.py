"""The one clock: UTC instants, and the office's day in WIB, WITA or WIT (Keppres 41/1987)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from pydantic import ValidationError

from ltsa_desk import clock
from ltsa_desk.config import Settings
from ltsa_desk.db.migrate import open_database
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.auth import authenticate
from ltsa_desk.services.offices import initialise
from ltsa_desk.services.queue import issue_ticket
from ltsa_desk.services.summary import desk_summary
from tests.conftest import PASSWORDS
from tests.unit.services.helpers import acknowledging, siti

WIB = clock.Clock(clock.resolve_zone("WIB"))
WITA = clock.Clock(clock.resolve_zone("WITA"))
WIT = clock.Clock(clock.resolve_zone("WIT"))


@pytest.mark.parametrize(
    ("region", "zone"),
    [
        ("33.05", "WIB"),  # Kebumen, Central Java
        ("1101", "WIB"),  # Aceh
        ("61.71", "WIB"),  # Pontianak, West Kalimantan
        ("62", "WIB"),  # Central Kalimantan
        ("63.71", "WITA"),  # Banjarmasin, South Kalimantan
        ("65.01", "WITA"),  # North Kalimantan, formed from East Kalimantan
        ("51.71", "WITA"),  # Denpasar
        ("53.71", "WITA"),  # Kupang
        ("73.71", "WITA"),  # Makassar
        ("76.01", "WITA"),  # West Sulawesi
        ("81.71", "WIT"),  # Ambon
        ("91.71", "WIT"),  # Jayapura
        ("93.01", "WIT"),  # Merauke, Papua Selatan since 2022
        ("96.71", "WIT"),  # Sorong, Papua Barat Daya
        ("", None),
        ("99.01", None),
        ("0", None),
        (None, None),
    ],
)
def test_the_province_gives_the_zone(region: str | None, zone: str | None) -> None:
    assert clock.zone_for_region(region) == zone


def test_a_desk_in_jayapura_at_half_past_eleven_is_still_on_its_own_day() -> None:
    # 23:30 WIT on 25 November is 14:30 UTC, 21:30 WIB and 22:30 WITA: all on the 25th.
    with time_machine.travel(datetime(2026, 11, 25, 14, 30, tzinfo=UTC), tick=False):
        assert WIT.today() == WIB.today() == WITA.today() == date(2026, 11, 25)
        assert WIT.local_now().strftime("%H:%M") == "23:30"
    # Half an hour later Jayapura is on the 26th; Kebumen (22:00 WIB) is not.
    with time_machine.travel(datetime(2026, 11, 25, 15, 0, tzinfo=UTC), tick=False):
        assert WIT.today() == date(2026, 11, 26)
        assert WIB.today() == date(2026, 11, 25)
        assert clock.now() == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def test_an_office_day_in_utc_instants() -> None:
    start, end = WIT.day_bounds(date(2028, 2, 29))
    assert (start, end) == (
        datetime(2028, 2, 28, 15, 0, tzinfo=UTC),
        datetime(2028, 2, 29, 15, 0, tzinfo=UTC),
    )
    assert WIB.day_bounds(date(2031, 12, 31))[1] == datetime(2031, 12, 31, 17, 0, tzinfo=UTC)
    naive = datetime(2028, 2, 29, 16, 30)  # SQLite hands back naive UTC values
    assert WIB.local_date(naive) == date(2028, 2, 29)
    assert WIT.local_date(naive) == date(2028, 3, 1)


def test_zone_names_are_checked() -> None:
    assert clock.resolve_zone("wita") == clock.resolve_zone("Asia/Makassar")
    assert WIT.zone_label == "WIT"
    with pytest.raises(ValueError, match="unknown time zone"):
        clock.resolve_zone("Mars/Olympus")
    with pytest.raises(ValidationError):
        Settings(time_zone="WITB")
    assert Settings(time_zone=" WIT ").time_zone == "WIT"


def _jayapura(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(str(tmp_path / "jayapura.sqlite"))
    initialise(
        database,
        office_code="JAYAPURA",
        office_name="LTSA Kota Jayapura",
        office_address="",
        regency_code="91.71",
        admin_username="admin",
        admin_full_name="Admin Jayapura",
        admin_password=PASSWORDS["admin"],
    )
    return database


def test_logging_in_puts_the_clock_on_the_offices_zone(tmp_path: Path) -> None:
    database = _jayapura(tmp_path)
    try:
        with clock.using(WIB):
            authenticate(database, "admin", PASSWORDS["admin"])
            assert clock.current().zone_label == "WIT"
            # An office that sets its zone keeps it whatever its regency says.
            authenticate(database, "admin", PASSWORDS["admin"], time_zone="WITA")
            assert clock.current().zone_label == "WITA"
    finally:
        database.dispose()


def test_late_evening_work_in_jayapura_counts_for_that_day(tmp_path: Path) -> None:
    database = _jayapura(tmp_path)
    try:
        with clock.using(WIB), time_machine.travel(datetime(2026, 11, 25, 14, 30, tzinfo=UTC)):
            admin = authenticate(database, "admin", PASSWORDS["admin"])  # 23:30 WIT
            acknowledging(register_applicant, database, admin, siti())
            ticket = issue_ticket(database, admin, "disnaker")
            assert ticket.service_date == date(2026, 11, 25)
            assert desk_summary(database, admin).registered_today == 1
        with clock.using(WIT), time_machine.travel(datetime(2026, 11, 25, 15, 10, tzinfo=UTC)):
            # 00:10 WIT on the 26th: a new day at the Jayapura desk, nothing registered yet.
            assert desk_summary(database, admin).registered_today == 0
            assert issue_ticket(database, admin, "disnaker").service_date == date(2026, 11, 26)
    finally:
        database.dispose()
