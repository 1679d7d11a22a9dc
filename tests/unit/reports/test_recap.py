"""The recap's figures against a database built for the test."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ltsa_desk.db.engine import Database
from ltsa_desk.reports import Period, compute_recap, parse_period
from ltsa_desk.reports.period import PeriodError
from ltsa_desk.reports.tables import recap_tables
from ltsa_desk.services.access import Actor
from ltsa_desk.services.checklist import load_items
from ltsa_desk.services.errors import NotFound
from tests.conftest import TODAY
from tests.unit.reports.builders import Office
from tests.unit.reports.conftest import YESTERDAY


def test_one_day(office_db: Database, operator: Actor, office: Office) -> None:
    recap = compute_recap(office_db, operator, Period.day(TODAY))
    waiting_items = len(load_items(office_db, office.waiting.id))
    assert recap.totals() == {
        "registered": 3,
        "opened": 2,
        "complete": 1,
        "waiting": 1,
        "blocked": 0,
        "withdrawn": 0,
        # Every item of the complete file, plus the passport of the waiting one.
        "received": office.complete_items + 1,
        "verified": office.complete_items,
        "rejected": 1,
    }
    missing = {m.code: m.files for m in recap.missing_by_document}
    # The waiting file lacks everything but the passport; the rejected KTP is to bring again.
    assert len(missing) == waiting_items - 1
    assert "paspor" not in missing
    assert missing["ktp_el"] == 1
    assert set(missing.values()) == {1}
    assert [(c.code, c.value) for c in recap.by_scheme] == [("p2p", 2)]
    assert {(c.code, c.value) for c in recap.by_destination} == {("HK", 1), ("TW", 1)}
    assert {(c.code, c.value) for c in recap.by_sector} == {("domestic", 1), ("formal", 1)}
    assert [(c.code, c.value) for c in recap.by_sex] == [("P", 2), ("L", 1)]
    assert [(c.code, c.value) for c in recap.by_regency] == [("3305", 2), ("3302", 1)]


def test_trend_and_range(office_db: Database, operator: Actor, office: Office) -> None:
    recap = compute_recap(office_db, operator, Period.day(TODAY))
    assert len(recap.trend) == 14
    assert recap.trend[-1].day == TODAY
    assert (recap.trend[-1].registered, recap.trend[-1].opened) == (3, 2)
    assert (recap.trend[-2].registered, recap.trend[-2].opened) == (1, 1)
    assert sum(d.registered for d in recap.trend[:-2]) == 0
    both = compute_recap(office_db, operator, Period(YESTERDAY, TODAY))
    assert (both.registered, both.opened, both.waiting, both.complete) == (4, 3, 2, 1)
    yesterday = compute_recap(office_db, operator, Period.day(YESTERDAY))
    assert (yesterday.registered, yesterday.opened, yesterday.received) == (1, 1, 0)
    assert compute_recap(office_db, operator, Period.day(TODAY + timedelta(days=1))).registered == 0


def test_scopes(office_db: Database, operator: Actor, office: Office) -> None:
    by_operator = compute_recap(
        office_db, operator, Period.day(TODAY), operator_username="operator"
    )
    assert (by_operator.registered, by_operator.opened) == (2, 2)
    by_supervisor = compute_recap(
        office_db, operator, Period.day(TODAY), operator_username="supervisor"
    )
    assert (by_supervisor.registered, by_supervisor.opened) == (1, 0)
    counter = compute_recap(office_db, operator, Period.day(TODAY), counter="2")
    assert (counter.registered, counter.opened, counter.complete) == (1, 1, 1)
    assert counter.received == counter.verified == office.complete_items
    assert compute_recap(office_db, operator, Period.day(TODAY), counter="9").registered == 0
    with pytest.raises(NotFound):
        compute_recap(office_db, operator, Period.day(TODAY), office_code="NOWHERE")


def test_waiting_files_mask_the_nik(office_db: Database, operator: Actor, office: Office) -> None:
    recap = compute_recap(office_db, operator, Period.day(TODAY))
    [waiting] = recap.waiting_files
    budi = office.applicants["budi"]
    assert waiting.registration_number == office.waiting.registration_number
    assert waiting.nik_masked == budi.nik[:4] + "•" * 8 + budi.nik[-4:]
    assert "ktp_el" in waiting.missing and "paspor" not in waiting.missing
    labels = {t.key: t for t in recap_tables(recap, "en")}
    assert labels["by_regency"].rows[1][1] == "Kabupaten Banyumas"
    assert labels["by_sex"].rows[0][1] == "Female"


def test_periods_are_checked() -> None:
    assert parse_period(TODAY.strftime("%d-%m-%Y")) == Period.day(TODAY)
    assert parse_period("2026-11-01", "2026-11-25").days == 25
    for args in (("2026-13-01",), ("2026-11-25", "2026-11-01"), ("2025-01-01", "2026-12-31")):
        with pytest.raises(PeriodError):
            parse_period(*args)
