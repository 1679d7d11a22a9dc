"""On a full disk a supervisor can still log in (to free space or back up elsewhere).

Issue 20: the login writes an audit event, so on a full disk nobody could log in at all.
"""

from __future__ import annotations

import pytest

from ltsa_desk.db.engine import Database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.auth import LoginFailed, authenticate
from ltsa_desk.services.tx import StorageFull
from tests.conftest import PASSWORDS
from tests.unit.services.helpers import siti
from tests.unit.trust.storage import cap_pages


def _fill_to_the_brim(db: Database, operator: Actor) -> None:
    cap_pages(db)
    with pytest.raises(StorageFull):
        for i in range(200):
            data = siti(nik=f"330501420396{i + 10:04d}", notes="x" * 1900, address_line="y" * 290)
            register_applicant(db, operator, data, overrides={"applicant.duplicate": "-"})
    # The last free bytes of the audit table's pages go to logins, as at a busy desk.
    with pytest.raises(StorageFull):
        for _ in range(2000):
            authenticate(db, "operator", PASSWORDS["operator"])


def test_a_supervisor_logs_in_on_a_full_disk_an_operator_is_told_why(
    db: Database, operator: Actor
) -> None:
    _fill_to_the_brim(db, operator)
    supervisor = authenticate(db, "supervisor", PASSWORDS["supervisor"])
    assert supervisor.username == "supervisor"
    assert authenticate(db, "admin", PASSWORDS["admin"]).username == "admin"
    with pytest.raises(LoginFailed):
        authenticate(db, "supervisor", "wrong-password")
    with pytest.raises(LoginFailed):
        authenticate(db, "ghost", "wrong-password")
