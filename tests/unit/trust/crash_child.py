"""Child process for the crash tests: registers applicants until killed, reporting each commit.

Run as ``python -m tests.unit.trust.crash_child DB_PATH FIRST_SERIAL``. Each line on stdout is the
NIK of an applicant whose transaction has committed.
"""

from __future__ import annotations

import sys

from argon2 import PasswordHasher

from ltsa_desk.db.migrate import open_database
from ltsa_desk.services.applicant_checks import ApplicantInput
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.auth import authenticate, use_hasher


def letters(number: int) -> str:
    """Names may not hold digits: spell the serial in letters (1 → "b", 27 → "bb")."""
    out = ""
    while True:
        number, rest = divmod(number, 26)
        out = chr(ord("a") + rest) + out
        if number == 0:
            return out


def main() -> None:
    path, first = sys.argv[1], int(sys.argv[2])
    use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    db = open_database(path, create=False)
    actor = authenticate(db, "operator", sys.argv[3])
    serial = first
    while True:
        nik = f"330501170895{serial % 10000:04d}"
        data = ApplicantInput(
            nik=nik,
            full_name=f"Pemohon {letters(serial)}",
            birth_date="1995-08-17",
            sex="L",
            marital_status="single",
            notes="n" * (serial % 500),
        )
        register_applicant(db, actor, data, overrides={"applicant.possible_duplicate": "uji"})
        sys.stdout.write(nik + "\n")
        sys.stdout.flush()
        serial += 1


if __name__ == "__main__":
    main()
