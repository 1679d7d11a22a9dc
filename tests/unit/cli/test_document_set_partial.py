"""``document set`` changes only what it is given and refuses a stale write (issue 20: a
status-only call wiped the number, dates, issuer and note, and never saw a concurrent change)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ltsa_desk.cli import main
from ltsa_desk.db.engine import Database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.applications import open_application
from ltsa_desk.services.checklist import get_checklist
from ltsa_desk.services.offices import add_p3mi
from tests.conftest import PASSWORDS, TODAY
from tests.unit.services.helpers import hk_domestic, siti

CODE = "paspor"


@pytest.fixture
def regno(db: Database, operator: Actor, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> str:
    p3mi = add_p3mi(db, admin, name="PT Contoh", licence_number="SIP3MI-1/2024")
    applicant = register_applicant(db, operator, siti(), today=TODAY)
    plan = hk_domestic(p3mi_id=str(p3mi.id))
    application = open_application(db, operator, applicant.id, plan, today=TODAY)
    assert any(r.item.document_code == CODE for r in get_checklist(db, application.id).rows)
    db.dispose()
    monkeypatch.setenv("LTSA_DESK_USER", "supervisor")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["supervisor"])
    return application.registration_number


def _item(db_path: Path, regno: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["applicant", "show", regno, "--db", str(db_path), "--json"]) == 0
    [plan] = json.loads(capsys.readouterr().out)["applications"]
    return next(item for item in plan["items"] if item["code"] == CODE)


def test_a_status_only_update_keeps_the_recorded_details(
    db_path: Path, regno: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["document", "set", regno, CODE, "--db", str(db_path)]
    full = ["--number", "C1234567", "--issue-date", "2026-01-05", "--expiry-date", "2036-01-05"]
    assert main([*base, "--status", "received", *full, "--issuer", "Kanim Cilacap"]) == 0
    assert main([*base, "--status", "verified"]) == 0
    capsys.readouterr()
    item = _item(db_path, regno, capsys)
    assert item["status"] == "verified"
    assert (item["number"], item["issue_date"], item["expiry_date"]) == (
        "C1234567",
        "2026-01-05",
        "2036-01-05",
    )
    assert main([*base, "--status", "verified", "--number", ""]) == 0  # "" clears what it names
    capsys.readouterr()
    item = _item(db_path, regno, capsys)
    assert item["number"] == "" and item["expiry_date"] == "2036-01-05"


def test_a_stale_write_is_refused(
    db_path: Path, regno: str, capsys: pytest.CaptureFixture[str]
) -> None:
    read = _item(db_path, regno, capsys)["version"]
    base = ["document", "set", regno, CODE, "--db", str(db_path), "--lang", "en"]
    assert main([*base, "--status", "received", "--expected-version", str(read)]) == 0
    assert main([*base, "--status", "verified", "--expected-version", str(read)]) == 1
    assert "was changed by Sri Supervisor" in capsys.readouterr().err
    assert _item(db_path, regno, capsys)["status"] == "received"
