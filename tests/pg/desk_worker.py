"""One desk of the two-desk test, run in its own process on the shared database.

Each round it issues a queue ticket, registers an applicant, opens a placement plan (a
registration number) and appends a token to one shared applicant's notes, re-reading and trying
again whenever its save is refused as stale. It writes what it got as JSON into ``folder``.
The process is forked from the test worker (modules already imported), and opens its own engine
and connections: it never touches the parent's.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

from ltsa_desk.db.migrate import open_database
from ltsa_desk.services.applicants import (
    as_input,
    get_applicant,
    register_applicant,
    update_applicant,
)
from ltsa_desk.services.applications import open_application
from ltsa_desk.services.auth import authenticate
from ltsa_desk.services.errors import StaleRecord
from ltsa_desk.services.queue import issue_ticket
from tests.unit.services.helpers import hk_domestic, siti

NAMES = ("Sri", "Dewi", "Wati", "Rina", "Yuli", "Tri", "Eka", "Ani", "Umi", "Ratna", "Fitri")
FAMILY = ("Handayani", "Wulandari")


def applicant_data(desk: int, round_: int) -> dict[str, str]:
    """A woman born in 1996, month by desk and day by round: no two look alike."""
    day, month = round_ + 1, desk + 1
    return {
        "nik": f"330501{day + 40:02d}{month:02d}96{desk * 100 + round_ + 1:04d}",
        "full_name": f"{NAMES[round_ % len(NAMES)]} {FAMILY[desk]}",
        "birth_date": f"1996-{month:02d}-{day:02d}",
        "marital_status": "single",
        "spouse_name": "",
    }


def run_desk(
    url: str,
    username: str,
    password: str,
    desk: int,
    rounds: int,
    folder: Path,
    shared: uuid.UUID,
    p3mi: str,
) -> None:
    db = open_database(url)
    actor = authenticate(db, username, password)
    (folder / f"ready-{desk}").touch()
    deadline = time.monotonic() + 60
    while not (folder / "go").exists():  # both desks start together
        if time.monotonic() > deadline:
            raise TimeoutError("the other desk never came")
        time.sleep(0.005)
    tickets, numbers, stale = [], [], 0
    started = time.monotonic()
    for round_ in range(rounds):
        tickets.append(issue_ticket(db, actor, "ketenagakerjaan").number)
        applicant = register_applicant(db, actor, siti(**applicant_data(desk, round_)))
        plan = open_application(db, actor, applicant.id, hk_domestic(p3mi_id=p3mi))
        numbers.append(plan.registration_number)
        while True:
            current = get_applicant(db, shared)
            note = f"{current.notes}{desk}.{round_};"
            time.sleep(0.002)  # the other desk may save in between: that save must not be lost
            try:
                update_applicant(
                    db,
                    actor,
                    shared,
                    as_input(current).model_copy(update={"notes": note}),
                    expected_version=current.version,
                )
                break
            except StaleRecord:
                stale += 1
    db.dispose()
    result = {
        "tickets": tickets,
        "registration_numbers": numbers,
        "stale": stale,
        "seconds": round(time.monotonic() - started, 2),
    }
    (folder / f"result-{desk}.json").write_text(json.dumps(result))
