"""How long a sync bundle of 10,000 records takes to export, import and import again.

Run: ``.venv/bin/python bench/bench_sync.py [--records 10000] [--runs 5] [--pg URL]``.

A district office (CILACAP, SQLite) holds applicants, their placement plans and three checklist
items per plan (2 + 2 + 6 per 10), with one audit event per applicant and per plan, in a valid
hash chain. Each run copies it fresh, exports everything into one bundle, imports the bundle into
a fresh province database, then imports the same bundle again (which must change nothing).
With ``--pg`` the province database is also a fresh PostgreSQL database per run.
Target: importing 10,000 records under 5 s (median).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
from argon2 import PasswordHasher
from sqlalchemy.engine import make_url

from ltsa_desk.db.engine import Database, resolve_db_url
from ltsa_desk.db.migrate import open_database
from ltsa_desk.db.models import Applicant, Application, RequirementItem
from ltsa_desk.services.access import Actor
from ltsa_desk.services.audit import append_event
from ltsa_desk.services.auth import authenticate, use_hasher
from ltsa_desk.services.offices import add_p3mi, initialise
from ltsa_desk.sync import export_bundle, import_bundle

PASSWORD = "bench-pass-1"
ITEMS = ("paspor", "ktp", "kartu_keluarga")


def build_office(path: Path, code: str, regency: str) -> None:
    database = open_database(str(path))
    initialise(
        database,
        office_code=code,
        office_name=f"LTSA {code.title()}",
        office_address="",
        regency_code=regency,
        admin_username="admin",
        admin_full_name=f"Admin {code.title()}",
        admin_password=PASSWORD,
    )
    database.dispose()


def seed(path: Path, records: int) -> None:
    """Applicants, plans and items in the proportion 2:2:6, with their audit events."""
    database = open_database(str(path))
    admin = authenticate(database, "admin", PASSWORD)
    p3mi = add_p3mi(database, admin, name="PT Contoh Jaya", licence_number="SIP3MI-7/2025")
    people = records // 5
    with database.transaction() as session:
        for index in range(people):
            applicant = Applicant(
                office_id=admin.office_id,
                nik=f"3301{index:012d}",
                full_name=f"Pelamar Nomor {index}",
                name_key=f"pelamar nomor {index}",
                birth_date=date(1990, 1, 1) + timedelta(days=index % 3000),
                sex="P",
                marital_status="single",
                updated_by=admin.operator_id,
            )
            plan = Application(
                applicant_id=applicant.id,
                office_id=admin.office_id,
                registration_number=f"CILACAP-2026-{index + 1:06d}",
                scheme="p2p",
                destination="HK",
                sector="domestic",
                p3mi_id=p3mi.id,
                ruleset_id="national",
                ruleset_version="1",
                updated_by=admin.operator_id,
            )
            session.add(applicant)
            session.add(plan)
            session.add_all(
                RequirementItem(
                    application_id=plan.id,
                    document_code=code,
                    desk="ketenagakerjaan",
                    sort_order=order,
                    title_id=code,
                    title_en=code,
                )
                for order, code in enumerate(ITEMS)
            )
            if index % 500 == 0:
                session.flush()
        session.flush()
        _audit(session, admin, people)
    database.dispose()


def _audit(session: Any, admin: Actor, people: int) -> None:
    for index in range(people):
        for action in ("applicant.register", "application.open"):
            append_event(
                session,
                actor=admin,
                action=action,
                entity=action.split(".")[0],
                entity_id=uuid.uuid4(),
                changes={"n": [None, index]},
            )


def trust_district(province: Database | Path, district_template: Path) -> None:
    """The province's admin registers the district's key, as offices that exchange bundles do."""
    from ltsa_desk.services.office_keys import key_card, trust_office_key
    from ltsa_desk.services.offices import get_office

    district = open_database(str(district_template))
    target = open_database(str(province)) if isinstance(province, Path) else province
    try:
        office = get_office(district)
        assert office is not None
        admin = authenticate(target, "admin", PASSWORD)
        trust_office_key(target, admin, key_card(district, office.id))
    finally:
        district.dispose()
        if isinstance(province, Path):
            target.dispose()


def timed(step: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered) + 0.5) - 1)]


class PgDatabases:
    """Fresh PostgreSQL databases for the province, one per run."""

    def __init__(self, url: str) -> None:
        self.url = resolve_db_url(url)
        plain = make_url(self.url).set(drivername="postgresql")
        self.conn = psycopg.connect(plain.render_as_string(hide_password=False), autocommit=True)

    def fresh(self, name: str) -> str:
        self.conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.conn.execute(f"CREATE DATABASE {name}")
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def drop(self, name: str) -> None:
        self.conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def province_on_pg(pg: PgDatabases, name: str, district_template: Path) -> Database:
    database = open_database(pg.fresh(name))
    initialise(
        database,
        office_code="PROVINSI",
        office_name="LTSA Provinsi",
        office_address="",
        regency_code="33.74",
        admin_username="admin",
        admin_full_name="Admin Provinsi",
        admin_password=PASSWORD,
    )
    trust_district(database, district_template)
    return database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg", metavar="URL", help="also import into PostgreSQL at this URL")
    args = parser.parse_args()
    use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        district_template = folder / "district.sqlite"
        province_template = folder / "province.sqlite"
        build_office(district_template, "CILACAP", "33.01")
        build_office(province_template, "PROVINSI", "33.74")
        trust_district(province_template, district_template)
        started = time.perf_counter()
        seed(district_template, args.records)
        print(f"seeded {args.records} records in {time.perf_counter() - started:.1f} s")
        pg = PgDatabases(args.pg) if args.pg else None
        timings: dict[str, list[float]] = {}
        size = 0
        for run in range(args.runs):
            district_path = folder / f"district-{run}.sqlite"
            shutil.copyfile(district_template, district_path)
            district = open_database(str(district_path))
            supervisor = authenticate(district, "admin", PASSWORD)
            seconds, report = timed(
                lambda d=district, s=supervisor, r=run: export_bundle(
                    d, s, output=folder / f"bundle-{r}.zip"
                )
            )
            timings.setdefault("export", []).append(seconds)
            size = report.path.stat().st_size
            records = sum(report.counts.values())
            district.dispose()
            targets: list[tuple[str, Callable[[], Database]]] = [
                ("sqlite", lambda r=run: _province_copy(province_template, folder, r))
            ]
            if pg is not None:
                targets.append(
                    (
                        "postgresql",
                        lambda r=run: province_on_pg(pg, f"bench_sync_{r}", district_template),
                    )
                )
            for engine, make in targets:
                province = make()
                admin = authenticate(province, "admin", PASSWORD)
                seconds, imported = timed(
                    lambda p=province, a=admin, path=report.path: import_bundle(p, a, path)
                )
                assert sum(imported.inserted.values()) >= records - 5, imported
                timings.setdefault(f"{engine} import", []).append(seconds)
                seconds, again = timed(
                    lambda p=province, a=admin, path=report.path: import_bundle(p, a, path)
                )
                assert again.already_imported
                timings.setdefault(f"{engine} re-import", []).append(seconds)
                province.dispose()
                if engine == "postgresql" and pg is not None:
                    pg.drop(f"bench_sync_{run}")
        print(
            f"{records} records and {report.audit_events} audit events per bundle, "
            f"{size / 1e6:.1f} MB, {args.runs} runs"
        )
        print(f"{'step':<24}{'median':>10}{'p95':>10}")
        for step, values in timings.items():
            print(f"{step:<24}{statistics.median(values):>9.2f}s{p95(values):>9.2f}s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _province_copy(template: Path, folder: Path, run: int) -> Database:
    path = folder / f"province-{run}.sqlite"
    shutil.copyfile(template, path)
    return open_database(str(path))


if __name__ == "__main__":
    main()
