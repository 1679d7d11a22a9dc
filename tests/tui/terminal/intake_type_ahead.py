"""A whole intake typed at a real terminal with no pause between keys, through
``/work/shared/tools/tui-run`` (tmux): prints the script for it, or checks what was saved.

    python tests/tui/terminal/intake_type_ahead.py script > intake.tui
    tui-run --size 80x24 -- .venv/bin/ltsa-desk --db demo.sqlite < intake.tui
    python tests/tui/terminal/intake_type_ahead.py check demo.sqlite

The whole intake goes in one tmux ``send-keys``: every key at once. The login and the home
screen are waited for with ``expect`` (the desk has to start first), never with ``wait``; so is
the checklist at the end (a busy machine takes a while to catch up with 300 keys: an ``EXPECT
FAILED`` before the checklist shows is only impatience, the database check is what counts).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

NIK = "3305014203960001"
DEPARTURE = "01-06-2027"
PASSWORD = "operator-demo-1"

#: (field, value typed, key that leaves the field); an empty value is a field skipped.
FIELDS = [
    ("nik", NIK, "Tab"),
    ("full_name", "Siti Rahayu", "Tab"),
    ("birth_place", "Kebumen", "Tab"),
    ("birth_date", "", "Tab"),
    ("sex", "", "Tab"),
    ("marital_status", "kawin", "Enter"),
    ("religion", "Islam", "Tab"),
    ("kk_number", "3305010101960003", "Tab"),
    ("passport_number", "C1234567", "Tab"),
    ("passport_name", "SITI RAHAYU", "Tab"),
    ("phone", "081234567890", "Tab"),
    ("email", "", "Tab"),
    ("address_line", "Dusun Krajan RT 01 RW 02", "Tab"),
    ("province", "", "Tab"),
    ("regency", "", "Tab"),
    ("district", "", "Tab"),
    ("village_code", "Argopeni", "Enter"),
    ("father_name", "Karto", "Tab"),
    ("mother_name", "Sumiyati", "Tab"),
    ("spouse_name", "Slamet", "Tab"),
    ("emergency_name", "Slamet", "Tab"),
    ("emergency_relation", "suami", "Tab"),
    ("emergency_phone", "081298765432", "Tab"),
    ("education", "", "Down Down Enter"),
    ("notes", "", "Tab"),
    ("scheme", "", "Down Enter"),
    ("destination", "HK", "Tab"),
    ("programme", "", "Enter"),
    ("sector", "", "Down Down Enter"),
    ("job", "Penata laksana rumah tangga", "Tab"),
    ("p3mi_id", "Bina Karya", "Enter"),
    ("job_order_number", "JO-2026-001", "Tab"),
    ("employer_name", "Chan Tai Man", "Tab"),
    ("contract_name", "SITI RAHAYU", "Tab"),
    ("planned_departure", DEPARTURE, ""),
]

# The values this intake saves are those of the Pilot test's intake (the same keys), but for
# the departure: this one runs on the real clock.
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tests.tui.test_type_ahead import APPLICANT, PLAN  # noqa: E402

EXPECTED = {
    "applicant": {name: str(value) for name, value in APPLICANT.items()},
    "application": {
        **{name: str(value) for name, value in PLAN.items()},
        "planned_departure": "2027-06-01",
    },
}


def tmux_words(value: str) -> list[str]:
    """A value as tmux key arguments: words sent literally, each space as the Space key."""
    words: list[str] = []
    for index, word in enumerate(value.split(" ")):
        if index:
            words.append("Space")
        if word:
            words.append(word)
    return words


def script() -> str:
    strokes = ["F2"]
    for _name, value, leave in FIELDS:
        strokes += tmux_words(value) + leave.split()
    strokes.append("F10")
    return "\n".join(
        [
            "expect Masuk petugas",
            "type operator",
            "key Tab",
            f"type {PASSWORD}",
            "key Enter",
            "expect F2",
            "# the whole intake, every key in one send-keys: no pause at all",
            "key " + " ".join(strokes),
            # A loaded counter PC may take longer than one expect's 10 s to catch up.
            *["expect Kelengkapan"] * 4,
            "shot checklist",
        ]
    )


def check(path: str) -> int:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    applicant = db.execute("SELECT * FROM applicant WHERE nik = ?", (NIK,)).fetchone()
    if applicant is None:
        print("no applicant saved")
        return 1
    application = db.execute(
        "SELECT a.*, p.name AS p3mi_name FROM application a LEFT JOIN p3mi p ON p.id = a.p3mi_id"
        " WHERE a.applicant_id = ?",
        (applicant["id"],),
    ).fetchone()
    wrong = [
        f"{table}.{name}: saved {row[name]!r}, typed {want!r}"
        for table, row in (("applicant", applicant), ("application", application))
        if row is not None
        for name, want in EXPECTED[table].items()
        if str(row[name] or "") != want
    ]
    if application is None:
        wrong.append("no plan saved")
    elif not str(application["p3mi_name"] or "").startswith("PT Bina Karya"):
        wrong.append(f"application.p3mi: {application['p3mi_name']!r}")
    print("\n".join(wrong) or f"all {sum(map(len, EXPECTED.values())) + 1} fields as typed")
    return 1 if wrong else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["script"]:
        print(script())
    else:
        sys.exit(check(sys.argv[2]))
