"""How long the recap takes on a desk database of a million applicants.

Run: ``.venv/bin/python bench/bench_recap.py [--applicants 1000000] [--runs 20] [--rebuild]``.

The database is built once (and reused) with the real schema and migrations, then filled with
bulk ``INSERT … SELECT`` over recursive CTEs, not through the services, so that a million
applicants take minutes rather than hours:

- one office serving every applicant over the last 1,000 days (about 1,000 a day: the worst
  case for a day's recap, since a real desk database holds one office);
- nine in ten applicants with one placement plan of ``--items`` required documents in a
  realistic mix (older files mostly complete, recent ones mostly waiting);
- the audit trail of the last 30 days (registrations, plans, documents) with 1 % of the
  applicants corrected on the next day, and each of the last 14 days closed at 17:00, so
  that the closed-day check does its full work;
- the full-text index triggers stay on, as on a real desk.

Each scenario runs once to warm the cache, then ``--runs`` times; printed: median and p95.
Target: a day's recap under 300 ms.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from ltsa_desk.db.migrate import open_database
from ltsa_desk.db.models import Role
from ltsa_desk.reports import Period, compute_recap
from ltsa_desk.services.access import Actor
from ltsa_desk.services.auth import authenticate, create_operator, use_hasher
from ltsa_desk.services.offices import initialise
from ltsa_desk.services.rulesets import current_ruleset
from ltsa_desk.services.summary import local_day_in_utc

DAYS = 1000
PASSWORD = "bench-pass-1"
DEFAULT_PATH = Path("/tmp/ltsa-bench/recap.sqlite")
REGENCIES = ("3305", "3301", "3302", "3303", "3501", "3502", "3507", "5203", "1801", "3209")
DESTINATIONS = ("HK", "TW", "MY", "JP", "KR", "SG", "SA", "DE")
SCHEMES = ("p2p", "p2p", "p2p", "p2p", "g2g", "perseorangan", "ukps")
SECTORS = ("domestic", "formal", "formal", "ship-crew", "fishing-crew")


def _uuid_text(column: str) -> str:
    """The canonical text form of a UUID stored as 32 hex digits (as audit events hold it)."""
    return (
        f"substr({column},1,8)||'-'||substr({column},9,4)||'-'||substr({column},13,4)||'-'||"
        f"substr({column},17,4)||'-'||substr({column},21)"
    )


def _values(rows: list[tuple[object, ...]]) -> str:
    def literal(value: object) -> str:
        return str(value) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"

    return ",".join("(" + ",".join(literal(v) for v in row) + ")" for row in rows)


def build(path: Path, applicants: int, items: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    db = open_database(str(path))
    initialise(
        db,
        office_code="BENCH",
        office_name="LTSA Bench",
        office_address="",
        regency_code="33.05",
        admin_username="admin",
        admin_full_name="Admin",
        admin_password=PASSWORD,
    )
    admin = authenticate(db, "admin", PASSWORD)
    for username, role in (("supervisor", Role.SUPERVISOR), ("operator", Role.OPERATOR)):
        create_operator(
            db, admin, username=username, full_name=username.title(), role=role, password=PASSWORD
        )
    db.dispose()

    today = date.today()
    first_day = today - timedelta(days=DAYS - 1)
    base = local_day_in_utc(first_day)[0].strftime("%Y-%m-%d %H:%M:%S")
    now = local_day_in_utc(today)[0].strftime("%Y-%m-%d %H:%M:%S")
    documents = [
        (k, d.code, d.desk, d.title_id, d.title_en)
        for k, d in enumerate(current_ruleset().documents[:items])
    ]

    conn = sqlite3.connect(path)
    conn.executescript(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-2000000;"
        "PRAGMA temp_store=MEMORY;"
    )
    office = conn.execute("SELECT id FROM office").fetchone()[0]
    operator, supervisor = (
        conn.execute("SELECT id FROM operator WHERE username = ?", (name,)).fetchone()[0]
        for name in ("operator", "supervisor")
    )
    rules = current_ruleset()
    ruleset = (rules.id, str(rules.version))
    started = time.perf_counter()

    def step(label: str, sql: str, *params: object) -> None:
        t0 = time.perf_counter()
        conn.execute(sql, params)
        conn.commit()
        print(f"  {label}: {time.perf_counter() - t0:.1f} s", flush=True)

    # Applicant i registers on day i·DAYS/N between 08:00 and 16:00 local time.
    step(
        "applicants",
        f"""
        WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ?1 - 1),
        p AS (
            SELECT i, i * {DAYS} / ?1 AS day, i % 5 < 3 AS woman,
                   strftime('%Y-%m-%d %H:%M:%f', ?2, '+' || (i * {DAYS} / ?1) || ' days',
                            '+' || (28800 + (i % 480) * 60 + i % 60) || ' seconds') || '000' AS at
            FROM s
        )
        INSERT INTO applicant (id, created_at, updated_at, updated_by, version, office_id, nik,
            full_name, name_key, birth_place, birth_date, sex, marital_status, religion,
            education, kk_number, passport_number, passport_name, phone, email, address_line,
            village_code, father_name, mother_name, spouse_name, emergency_name,
            emergency_relation, emergency_phone, notes, acknowledged)
        SELECT lower(hex(randomblob(16))), at, at, ?3, 1, ?4,
            CASE i % 10 {" ".join(f"WHEN {n} THEN '{r}'" for n, r in enumerate(REGENCIES))} END
                || '01'
                || printf('%02d%02d%02d', 1 + (i / 10000) % 28 + CASE WHEN woman THEN 40 ELSE 0 END,
                          1 + (i / 10000) % 12, 80 + (i / 10000) % 20)
                || printf('%04d', i % 10000),
            'Pelamar ' || i, 'pelamar ' || i, 'Kebumen',
            printf('%04d-%02d-%02d', 1980 + (i / 10000) % 20, 1 + (i / 10000) % 12,
                   1 + (i / 10000) % 28),
            CASE WHEN woman THEN 'P' ELSE 'L' END, 'single', '', 'sma', '', '', '',
            '+628123' || printf('%07d', i), '', '', '', '', '', '', '', '', '', '', '{{}}'
        FROM p
        """,
        applicants,
        base,
        operator,
        office,
    )
    step(
        "applications",
        f"""
        INSERT INTO application (id, created_at, updated_at, updated_by, version, applicant_id,
            office_id, registration_number, scheme, destination, programme, sector, job,
            p3mi_id, job_order_number, employer_name, contract_name, planned_departure,
            ruleset_id, ruleset_version, status, acknowledged)
        SELECT lower(hex(randomblob(16))), a.created_at, a.created_at, ?1, 1, a.id, a.office_id,
            'BENCH-' || substr(a.created_at, 1, 4) || '-' || printf('%07d', a.rowid),
            CASE a.rowid % {len(SCHEMES)}
                {" ".join(f"WHEN {n} THEN '{v}'" for n, v in enumerate(SCHEMES))} END,
            CASE a.rowid % {len(DESTINATIONS)}
                {" ".join(f"WHEN {n} THEN '{v}'" for n, v in enumerate(DESTINATIONS))} END,
            '',
            CASE a.rowid % {len(SECTORS)}
                {" ".join(f"WHEN {n} THEN '{v}'" for n, v in enumerate(SECTORS))} END,
            '', NULL, '', '', '', NULL, ?2, ?3,
            CASE
                WHEN julianday(?4) - julianday(a.created_at) > 60 THEN
                    CASE WHEN a.rowid % 100 < 70 THEN 'complete'
                         WHEN a.rowid % 100 < 90 THEN 'in_progress'
                         WHEN a.rowid % 100 < 97 THEN 'withdrawn' ELSE 'blocked' END
                ELSE CASE WHEN a.rowid % 100 < 20 THEN 'complete' ELSE 'in_progress' END
            END,
            '{{}}'
        FROM applicant a WHERE a.rowid % 10 != 0
        """,
        operator,
        *ruleset,
        now,
    )
    # Document k of a file: in a complete file verified; otherwise missing, received,
    # verified or rejected; recorded ten minutes apart from the file's opening.
    step(
        f"requirement items ({len(documents)} per file)",
        f"""
        WITH docs(k, code, desk, title_id, title_en) AS (VALUES {_values(documents)}),
        x AS (
            SELECT app.id AS application_id, app.created_at, app.status AS file_status, d.*,
                   (app.rowid * 7 + d.k * 13) % 10 AS h,
                   strftime('%Y-%m-%d %H:%M:%f', app.created_at,
                            '+' || (d.k * 10) || ' minutes') || '000' AS at
            FROM application app CROSS JOIN docs d
        ),
        y AS (
            SELECT *, CASE WHEN file_status = 'complete' THEN 'verified'
                           WHEN h < 3 THEN 'missing' WHEN h < 5 THEN 'received'
                           WHEN h < 9 THEN 'verified' ELSE 'rejected' END AS status
            FROM x
        )
        INSERT INTO requirement_item (id, created_at, updated_at, updated_by, version,
            application_id, document_code, desk, sort_order, title_id, title_en, basis, required,
            status, number, issue_date, expiry_date, issuer, note, reason, is_original,
            received_at, verified_at, verified_by)
        SELECT lower(hex(randomblob(16))), created_at, CASE WHEN status = 'missing'
            THEN created_at ELSE at END, ?1, 1, application_id, code, desk, k, title_id,
            title_en, '', 1, status, '', NULL, NULL, '', '',
            CASE WHEN status = 'rejected' THEN 'tidak terbaca' ELSE '' END, NULL,
            CASE WHEN status IN ('received', 'verified') THEN at END,
            CASE WHEN status = 'verified' THEN at END,
            CASE WHEN status = 'verified' THEN ?1 END
        FROM y
        """,
        operator,
    )
    recent = local_day_in_utc(today - timedelta(days=30))[0].strftime("%Y-%m-%d %H:%M:%S")
    audit_columns = (
        "INSERT INTO audit_event (id, office_id, seq, at, operator_id, action, entity, "
        "entity_id, changes, prev_hash, chain_hash) "
    )
    event_id = "lower(hex(randomblob(16)))"
    seq = "(SELECT coalesce(max(seq), 0) FROM audit_event) + row_number() OVER ()"
    step(
        "audit: registrations (30 days)",
        audit_columns + f"SELECT {event_id}, ?1, {seq}, created_at, ?2, 'applicant.register', "
        f"'applicant', {_uuid_text('id')}, '{{}}', '', '' "
        "FROM applicant WHERE created_at >= ?3",
        office,
        operator,
        recent,
    )
    step(
        "audit: plans (30 days)",
        audit_columns + f"SELECT {event_id}, ?1, {seq}, created_at, ?2, 'application.open', "
        f"'application', {_uuid_text('id')}, '{{}}', '', '' "
        "FROM application WHERE created_at >= ?3",
        office,
        operator,
        recent,
    )
    step(
        "audit: documents (30 days)",
        audit_columns + f"SELECT {event_id}, ?1, {seq}, updated_at, ?2, 'document.record', "
        f"'requirement_item', {_uuid_text('id')}, "
        "json_object('status', json_array('missing', status)), '', '' "
        "FROM requirement_item WHERE status != 'missing' AND updated_at >= ?3",
        office,
        operator,
        recent,
    )
    for back in range(1, 15):
        day = today - timedelta(days=back)
        starts, ends = (moment.strftime("%Y-%m-%d %H:%M:%S.%f") for moment in local_day_in_utc(day))
        closed = local_day_in_utc(day)[0] + timedelta(hours=17)
        conn.execute(
            "INSERT INTO day_close (id, created_at, updated_at, updated_by, version, office_id, "
            "service_date, starts_at, ends_at, closed_at, closed_by, note, figures) "
            "VALUES (lower(hex(randomblob(16))), ?1, ?1, ?2, 1, ?3, ?4, ?5, ?6, ?1, ?2, '', '{}')",
            (
                closed.strftime("%Y-%m-%d %H:%M:%S.%f"),
                supervisor,
                office,
                day.isoformat(),
                starts,
                ends,
            ),
        )
    step(
        "audit: next-day corrections of 1 %",
        audit_columns + f"SELECT {event_id}, ?1, {seq}, "
        "strftime('%Y-%m-%d %H:%M:%f', created_at, '+1 days') || '000', ?2, 'applicant.update', "
        f"'applicant', {_uuid_text('id')}, '{{}}', '', '' "
        "FROM applicant WHERE created_at >= ?3 AND rowid % 100 = 0",
        office,
        operator,
        recent,
    )
    step("analyze", "ANALYZE")
    conn.close()
    size = path.stat().st_size / 2**30
    print(f"built in {time.perf_counter() - started:.0f} s, {size:.1f} GiB", flush=True)


def measure(label: str, action: Callable[[], object], runs: int) -> None:
    action()  # warm the page cache and the statement cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        action()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{label:<44} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=12, help="required documents per file")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if args.rebuild or not args.db.exists():
        print(f"building {args.db} with {args.applicants:,} applicants …", flush=True)
        build(args.db, args.applicants, args.items)
    db = open_database(str(args.db))
    with db.engine.connect() as conn:
        counts = {
            table: conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for table in ("applicant", "application", "requirement_item", "audit_event")
        }
    print(", ".join(f"{table}: {n:,}" for table, n in counts.items()))
    use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    actor: Actor = authenticate(db, "supervisor", PASSWORD)
    today = date.today()
    scenarios: list[tuple[str, Period, dict[str, Any]]] = [
        ("day (today; edits to 14 closed days)", Period.day(today), {}),
        ("day (a year ago)", Period.day(today - timedelta(days=365)), {}),
        ("7 days", Period(today - timedelta(days=6), today), {}),
        ("30 days", Period(today - timedelta(days=29), today), {}),
        (
            "7 days, without closed-day checks",
            Period(today - timedelta(days=6), today),
            {"check_closes": False},
        ),
        (
            "30 days, without closed-day checks",
            Period(today - timedelta(days=29), today),
            {"check_closes": False},
        ),
        ("day, one operator (audit trail)", Period.day(today), {"operator_username": "operator"}),
        ("day, one counter (queue tickets)", Period.day(today), {"counter": "1"}),
    ]
    for label, period, scope in scenarios:
        recap = compute_recap(db, actor, period, **scope)
        measure(
            f"{label} [{recap.registered:,} reg.]",
            lambda period=period, scope=scope: compute_recap(db, actor, period, **scope),
            args.runs,
        )
    db.dispose()


if __name__ == "__main__":
    main()
