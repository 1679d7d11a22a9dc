"""Queue tickets and the desk's search box."""

from __future__ import annotations

import pytest

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import TicketStatus
from ltsa_desk.services import search
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.applications import open_application
from ltsa_desk.services.offices import add_p3mi
from ltsa_desk.services.queue import QueueEmpty, call_next, finish_ticket, issue_ticket, list_queue
from ltsa_desk.services.search import name_key, search_applicants
from tests.conftest import TODAY
from tests.unit.services.helpers import NIK_SITI, acknowledging, budi, hk_domestic, siti


def test_tickets_number_per_desk_and_day(db: Database, operator: Actor) -> None:
    a = issue_ticket(db, operator, "ketenagakerjaan", today=TODAY)
    b = issue_ticket(db, operator, "ketenagakerjaan", today=TODAY)
    c = issue_ticket(db, operator, "kesehatan", today=TODAY)
    assert (a.code, b.code, c.code) == ("KET-001", "KET-002", "KES-001")
    called = call_next(db, operator, "ketenagakerjaan", counter="Loket 2", today=TODAY)
    assert called.id == a.id and called.status == TicketStatus.CALLED
    finish_ticket(db, operator, called.id)
    statuses = {t.code: t.status for t in list_queue(db, operator.office_id, today=TODAY)}
    assert statuses == {"KET-001": "served", "KET-002": "waiting", "KES-001": "waiting"}


def test_calling_an_empty_queue_says_so(db: Database, operator: Actor) -> None:
    with pytest.raises(QueueEmpty) as caught:
        call_next(db, operator, "imigrasi", today=TODAY)
    assert "imigrasi" in caught.value.message("id")


def _register_some(db: Database, operator: Actor) -> None:
    register_applicant(db, operator, siti(), today=TODAY)
    register_applicant(
        db,
        operator,
        budi(passport_number="C1234567"),
        today=TODAY,
    )
    register_applicant(
        db,
        operator,
        siti(
            nik="3305015508990002",
            full_name="Dewi Nurhaliza",
            birth_date="1999-08-15",
            spouse_name="",
        ),
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("query", "expected", "matched_on"),
    [
        (NIK_SITI, "Siti Rahayu", "nik"),
        ("3305 0142 0396 0001", "Siti Rahayu", "nik"),
        ("c1234567", "Budi Santoso", "passport"),
        ("budi", "Budi Santoso", "name"),
        ("san bud", "Budi Santoso", "name"),
        ("Nurhalisa", "Dewi Nurhaliza", "name_fuzzy"),
        ("SITI", "Siti Rahayu", "name"),
    ],
)
def test_search_finds_by_each_key(
    db: Database, operator: Actor, query: str, expected: str, matched_on: str
) -> None:
    _register_some(db, operator)
    hits = search_applicants(db, query)
    assert hits and hits[0].full_name == expected
    assert hits[0].matched_on == matched_on


@pytest.mark.parametrize("query", ['"', "budi OR", "NEAR(", "*", "') DROP TABLE applicant;--", ""])
def test_search_syntax_in_user_text_is_inert(db: Database, operator: Actor, query: str) -> None:
    _register_some(db, operator)
    search_applicants(db, query)  # must not raise
    assert len(search_applicants(db, "budi")) == 1


def test_name_key_folds_case_and_accents() -> None:
    assert name_key("  Sîtï  RAHAYU-Putri ") == "siti rahayu putri"


def test_search_by_nik_prefix_and_registration_number(
    db: Database, operator: Actor, admin: Actor
) -> None:
    _register_some(db, operator)
    p3mi_id = str(add_p3mi(db, admin, name="PT Contoh", licence_number="SIP3MI-1/2024").id)
    siti_hit = search_applicants(db, NIK_SITI)[0]
    plan = open_application(
        db, operator, siti_hit.applicant_id, hk_domestic(p3mi_id=p3mi_id), today=TODAY
    )
    by_prefix = search_applicants(db, NIK_SITI[:8])
    assert [h.full_name for h in by_prefix] == ["Siti Rahayu"]
    assert by_prefix[0].registration_number == plan.registration_number
    assert by_prefix[0].application_id == plan.id
    assert search_applicants(db, NIK_SITI[:15] + "9") == []
    prefix = plan.registration_number[:-2]
    by_number = search_applicants(db, prefix.lower())
    assert [(h.full_name, h.matched_on) for h in by_number] == [
        ("Siti Rahayu", "registration_number")
    ]


def test_one_letter_is_not_searched_and_names_come_newest_first(
    db: Database, operator: Actor
) -> None:
    register_applicant(db, operator, siti(), today=TODAY)
    register_applicant(
        db,
        operator,
        siti(nik="3305015508990002", full_name="Siti Aminah", birth_date="1999-08-15"),
        today=TODAY,
    )
    assert search_applicants(db, "s") == []
    assert [h.full_name for h in search_applicants(db, "si")] == ["Siti Aminah", "Siti Rahayu"]
    assert [h.full_name for h in search_applicants(db, "siti rah")] == ["Siti Rahayu"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Dewi Nurhalisa", "Dewi Nurhaliza"), ("dewo nurhaliza", "Dewi Nurhaliza")],
)
def test_a_typo_in_any_word_of_a_longer_name_is_forgiven(
    db: Database, operator: Actor, query: str, expected: str
) -> None:
    _register_some(db, operator)
    hits = search_applicants(db, query)
    assert hits and hits[0].full_name == expected
    assert hits[0].matched_on == "name_fuzzy"


@pytest.mark.parametrize("walk", [2, 20_000])
def test_names_come_newest_first_whichever_index_answers(
    db: Database, operator: Actor, monkeypatch: pytest.MonkeyPatch, walk: int
) -> None:
    """On PostgreSQL a short walk of the newest names answers common prefixes, the words
    index the rest (``PG_WALK``); both give SQLite's answer: every word a word's prefix,
    newest first."""
    monkeypatch.setattr(search, "PG_WALK", walk)
    names = ("Siti Aminah", "Sri Wahyuni", "Budi Siswanto", "Sitiani Putri", "Rina Sari")
    for serial, full_name in enumerate(names, start=3):
        acknowledging(
            register_applicant,
            db,
            operator,
            siti(nik=f"33050155089900{serial:02d}", full_name=full_name, birth_date="1999-08-15"),
            today=TODAY,
        )
    newest = [h.full_name for h in search_applicants(db, "si", limit=3)]
    assert newest == ["Sitiani Putri", "Budi Siswanto", "Siti Aminah"]
    assert [h.full_name for h in search_applicants(db, "sa")] == ["Rina Sari"]
    assert [h.full_name for h in search_applicants(db, "siti")] == ["Sitiani Putri", "Siti Aminah"]
    assert [h.full_name for h in search_applicants(db, "put siti")] == ["Sitiani Putri"]
    assert search_applicants(db, "iti") == []  # inside a word is no prefix
    assert [h.full_name for h in search_applicants(db, "sitiani putro")] == ["Sitiani Putri"]
