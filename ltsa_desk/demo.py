"""A demo database of realistic synthetic applicants in every state, built through the services.

Everything is invented: names are drawn from common Indonesian given names, NIKs are built over
real Kemendagri district codes so that they pass the same checks as real ones, and the P3MI
companies are marked "(contoh)". It refuses to overwrite a database that is not a demo.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from ltsa_desk import clock
from ltsa_desk.db.engine import Database, resolve_db_url, sqlite_path
from ltsa_desk.db.migrate import open_database
from ltsa_desk.db.models import Applicant, ItemStatus, P3miStatus, Role
from ltsa_desk.identity import children
from ltsa_desk.progress import Progress, silent
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicant_checks import ApplicantInput
from ltsa_desk.services.applicants import as_input, register_applicant, update_applicant
from ltsa_desk.services.applications import PlanInput, open_application
from ltsa_desk.services.auth import authenticate, create_operator
from ltsa_desk.services.checklist import load_items
from ltsa_desk.services.documents import DocumentDetails, record_document
from ltsa_desk.services.errors import ValidationFailed
from ltsa_desk.services.offices import add_p3mi, get_office, initialise
from ltsa_desk.services.queue import issue_ticket

DEMO_OFFICE_CODE = "DEMO"
DEMO_REGENCY = "33.05"  # Kabupaten Kebumen, Jawa Tengah: a large sending district
OTHER_REGENCIES = ("33.01", "33.02", "35.02", "52.03")

ACCOUNTS: tuple[tuple[str, str, str, Role], ...] = (
    ("admin", "admin-demo-1", "Admin Demo", Role.ADMIN),
    ("supervisor", "supervisor-demo-1", "Sri Wahyuni", Role.SUPERVISOR),
    ("operator", "operator-demo-1", "Budi Santoso", Role.OPERATOR),
)

WOMEN = (
    "Siti",
    "Sri",
    "Dewi",
    "Nur",
    "Wati",
    "Rina",
    "Yuli",
    "Tri",
    "Eka",
    "Ani",
    "Lestari",
    "Puji",
    "Umi",
    "Rohmah",
    "Suminah",
    "Kartini",
    "Ratna",
    "Fitri",
    "Indah",
    "Nining",
)
MEN = (
    "Budi",
    "Agus",
    "Slamet",
    "Joko",
    "Eko",
    "Teguh",
    "Wahyu",
    "Rudi",
    "Imam",
    "Bambang",
    "Ahmad",
    "Hendra",
    "Dwi",
    "Sugeng",
    "Yusuf",
    "Arif",
)
FAMILY = (
    "Santoso",
    "Wahyuni",
    "Rahayu",
    "Susanti",
    "Hidayat",
    "Prasetyo",
    "Lestari",
    "Kurniawan",
    "Setiawan",
    "Handayani",
    "Saputra",
    "Wulandari",
    "Nurhaliza",
    "Maryati",
    "Suryani",
    "",
)
P3MI = (
    ("PT Bina Karya Sejahtera (contoh)", "SIP3MI-001/2024", P3miStatus.ACTIVE),
    ("PT Cahaya Mandiri Abadi (contoh)", "SIP3MI-014/2023", P3miStatus.ACTIVE),
    ("PT Duta Jasa Utama (contoh)", "SIP3MI-027/2022", P3miStatus.ACTIVE),
    ("PT Eka Tenaga Prima (contoh)", "SIP3MI-033/2024", P3miStatus.ACTIVE),
    ("PT Fajar Insani (contoh)", "SIP3MI-041/2021", P3miStatus.SUSPENDED),
    ("PT Gema Lintas Samudra (contoh)", "SIP3MI-052/2020", P3miStatus.REVOKED),
)
#: (scheme, destination, sector, programme, job, sexes)
PLANS = (
    ("p2p", "HK", "domestic", "", "Penata laksana rumah tangga", "P"),
    ("p2p", "TW", "domestic", "", "Caregiver", "P"),
    ("p2p", "TW", "formal", "", "Operator pabrik", "LP"),
    ("p2p", "MY", "formal", "", "Pekerja perkebunan", "L"),
    ("p2p", "SG", "domestic", "", "Penata laksana rumah tangga", "P"),
    ("g2g", "KR", "formal", "eps", "Manufaktur", "L"),
    ("g2g", "DE", "formal", "triple-win", "Perawat", "LP"),
    ("g2g", "JP", "formal", "epa", "Careworker", "P"),
    ("perseorangan", "JP", "formal", "", "Teknisi", "L"),
    ("p2p", "KR", "fishing-crew", "", "Awak kapal perikanan", "L"),
)

T = TypeVar("T")


class DemoRefused(Exception):
    """The target exists and is not a demo database."""


@dataclass(frozen=True)
class DemoResult:
    url: str
    applicants: int
    accounts: tuple[tuple[str, str, str], ...]


def _is_demo(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            codes = [r[0] for r in conn.execute("SELECT code FROM office")]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    # The demo's own office, and the neighbouring office its sync conflicts came from.
    return DEMO_OFFICE_CODE in codes and set(codes) <= {DEMO_OFFICE_CODE, OTHER_OFFICE[0]}


def _clear(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    if not _is_demo(path):
        raise DemoRefused(str(path))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _with_overrides(action: Callable[[dict[str, str]], T]) -> T:
    """Run a service; acknowledge its warnings as demo data, as an operator would with a reason."""
    try:
        return action({})
    except ValidationFailed as exc:
        if exc.errors:
            raise
        return action({f.code: "Data demo" for f in exc.findings})


def _nik(rng: random.Random, district: str, birth: date, sex: str, serial: int) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return (
        f"{district.replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
    )


def build_demo(
    target: str,
    *,
    applicants: int = 60,
    seed: int = 2026,
    progress: Progress = silent,
    conflicts: bool = True,
) -> DemoResult:
    """A fresh demo database at ``target``; ``progress`` hears of each applicant added;
    ``conflicts`` adds a neighbouring office's records in conflict (see ``_add_conflicts``)."""
    url = resolve_db_url(target)
    path = sqlite_path(url)
    if path is None:
        raise DemoRefused(url)
    _clear(path)
    db = open_database(url, create=True)
    try:
        count = _fill(db, applicants, random.Random(seed), progress)
        if conflicts:
            _add_conflicts(db)
    finally:
        db.dispose()
    return DemoResult(url, count, tuple((u, p, r.value) for u, p, _, r in ACCOUNTS))


def _fill(db: Database, applicants: int, rng: random.Random, progress: Progress) -> int:
    admin_user, admin_password, admin_name, _ = ACCOUNTS[0]
    initialise(
        db,
        office_code=DEMO_OFFICE_CODE,
        office_name="LTSA P2MI Kabupaten Kebumen (demo)",
        office_address="Mal Pelayanan Publik Kebumen, Jl. Demo No. 1",
        regency_code=DEMO_REGENCY,
        admin_username=admin_user,
        admin_full_name=admin_name,
        admin_password=admin_password,
    )
    admin = authenticate(db, admin_user, admin_password)
    for username, password, full_name, role in ACCOUNTS[1:]:
        create_operator(
            db, admin, username=username, full_name=full_name, role=role, password=password
        )
    p3mi_ids = [
        add_p3mi(db, admin, name=name, licence_number=licence, status=status).id
        for name, licence, status in P3MI
    ]
    active_p3mi = p3mi_ids[:4]
    supervisor = authenticate(db, ACCOUNTS[1][0], ACCOUNTS[1][1])
    operator = authenticate(db, ACCOUNTS[2][0], ACCOUNTS[2][1])
    districts = {
        code: [r.code for r in children(code)] for code in (DEMO_REGENCY, *OTHER_REGENCIES)
    }
    today = clock.today()
    progress(0, applicants)
    for index in range(applicants):
        _one_applicant(db, operator, supervisor, rng, index, districts, active_p3mi, today)
        progress(index + 1, applicants)
    for desk in ("ketenagakerjaan", "kesehatan", "imigrasi"):
        for _ in range(rng.randint(2, 5)):
            issue_ticket(db, operator, desk, today=today)
    return applicants


def _one_applicant(
    db: Database,
    operator: Actor,
    supervisor: Actor,
    rng: random.Random,
    index: int,
    districts: dict[str, list[str]],
    p3mi_ids: list[uuid.UUID],
    today: date,
) -> None:
    scheme, destination, sector, programme, job, sexes = PLANS[index % len(PLANS)]
    sex = rng.choice(sexes)
    given = rng.choice(WOMEN if sex == "P" else MEN)
    family = rng.choice(FAMILY)
    full_name = f"{given} {family}".strip()
    age = rng.randint(21, 34)
    birth = today - timedelta(days=age * 365 + rng.randint(0, 300))
    regency = DEMO_REGENCY if rng.random() < 0.85 else rng.choice(OTHER_REGENCIES)
    district = rng.choice(districts[regency])
    marital = rng.choice(("single", "married", "married", "divorced"))
    data = ApplicantInput(
        nik=_nik(rng, district, birth, sex, 1 + index),
        full_name=full_name,
        birth_place="Kebumen",
        birth_date=birth.isoformat(),
        sex=sex,
        marital_status=marital,
        education=rng.choice(("smp", "sma", "sma", "d3")),
        phone=f"0812{rng.randint(10_000_000, 99_999_999)}",
        address_line=(
            f"Dusun {rng.choice(('Krajan', 'Kidul', 'Lor', 'Wetan'))} "
            f"RT 0{rng.randint(1, 9)}/RW 0{rng.randint(1, 5)}"
        ),
        father_name=f"{rng.choice(MEN)} {rng.choice(FAMILY)}".strip(),
        mother_name=f"{rng.choice(WOMEN)} {rng.choice(FAMILY)}".strip(),
        spouse_name=f"{rng.choice(MEN if sex == 'P' else WOMEN)}" if marital == "married" else "",
        emergency_name=f"{rng.choice(MEN)} {rng.choice(FAMILY)}".strip(),
        emergency_relation="Saudara",
        emergency_phone=f"0857{rng.randint(10_000_000, 99_999_999)}",
    )
    applicant = _with_overrides(
        lambda o: register_applicant(db, operator, data, overrides=o, today=today)
    )
    if index % 9 == 8:
        return  # registered, plan not yet chosen
    plan = PlanInput(
        scheme=scheme,
        destination=destination,
        sector=sector,
        programme=programme,
        job=job,
        p3mi_id=str(rng.choice(p3mi_ids)) if scheme == "p2p" else "",
        job_order_number=f"JO/{destination}/{rng.randint(100, 999)}/2026"
        if scheme == "p2p"
        else "",
        employer_name="",
        planned_departure=(today + timedelta(days=rng.randint(30, 150))).isoformat(),
    )
    try:
        application = _with_overrides(
            lambda o: open_application(db, operator, applicant.id, plan, overrides=o, today=today)
        )
    except ValidationFailed:
        return  # a blocked profile (age window): stays a registered applicant without a plan
    # Every seventh file is complete, so the desk shows finished files next to waiting ones.
    complete = index % 7 == 3
    progress = 1.0 if complete else rng.random()
    for item in load_items(db, application.id):
        roll = rng.random()
        if roll > progress:
            continue
        status = (
            ItemStatus.VERIFIED
            if complete
            else rng.choices(
                (ItemStatus.RECEIVED, ItemStatus.VERIFIED, ItemStatus.REJECTED, ItemStatus.WAIVED),
                weights=(3, 8, 1, 0.3),
            )[0]
        )
        actor = supervisor if status is ItemStatus.WAIVED else operator
        details = DocumentDetails(
            number=f"{item.document_code.upper()[:3]}-{rng.randint(10000, 99999)}",
            issue_date=(today - timedelta(days=rng.randint(5, 60))).isoformat(),
        )
        reason = {
            ItemStatus.REJECTED: "Fotokopi tidak terbaca",
            ItemStatus.WAIVED: "Dibebaskan sesuai surat Kepala Dinas (demo)",
        }.get(status, "")
        record_document(db, actor, item.id, status, details=details, reason=reason, today=today)


#: Applicants of a neighbouring office, edited in both offices: the sync conflicts a supervisor
#: resolves with F7 (a demo without them leaves that screen empty). Women from Kec. Kedungreja,
#: Kabupaten Cilacap (33.01.01).
CONFLICTS = (
    ("3301014203960001", "Ani Lestari", "02-03-1996"),
    ("3301015507950002", "Dewi Anggraini", "15-07-1995"),
    ("3301016112970003", "Rina Marlina", "21-12-1997"),
)
OTHER_OFFICE = ("CILACAP", "LTSA Kabupaten Cilacap (demo)", "33.01")


def _add_conflicts(db: Database) -> None:
    """A second office registers a few applicants and sends them over; both offices then change
    their phone numbers before the next bundle: each becomes a conflict for a supervisor."""
    from ltsa_desk.services.office_keys import key_card, trust_office_key
    from ltsa_desk.sync import export_bundle, import_bundle

    admin_user, admin_password, _, _ = ACCOUNTS[0]
    supervisor_user, supervisor_password, _, _ = ACCOUNTS[1]
    today = clock.today()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        other = open_database(str(work / "other.sqlite"), create=True)
        try:
            code, name, regency = OTHER_OFFICE
            initialise(
                other,
                office_code=code,
                office_name=name,
                office_address="",
                regency_code=regency,
                admin_username=admin_user,
                admin_full_name="Admin Cilacap",
                admin_password=admin_password,
            )
            create_operator(
                other,
                authenticate(other, admin_user, admin_password),
                username=supervisor_user,
                full_name="Supervisor Cilacap",
                role=Role.SUPERVISOR,
                password=supervisor_password,
            )
            theirs = authenticate(other, supervisor_user, supervisor_password)
            ours = authenticate(db, supervisor_user, supervisor_password)
            # As two real offices would: our supervisor registers the neighbour's key card.
            office = get_office(other)
            assert office is not None
            trust_office_key(db, ours, key_card(other, office.id))
            people = [
                _register_elsewhere(other, theirs, _conflict_person(*person), today)
                for person in CONFLICTS
            ]
            for sequence in (1, 2):
                if sequence == 2:
                    for person in people:
                        _new_phone(db, ours, person.id, "0811-2000-0001", today)
                        _new_phone(other, theirs, person.id, "0822-3000-0002", today)
                bundle = export_bundle(other, theirs, output=work / f"bundle-{sequence}.ltsa")
                import_bundle(db, ours, bundle.path)
        finally:
            other.dispose()


def _register_elsewhere(
    other: Database, actor: Actor, data: ApplicantInput, day: date
) -> Applicant:
    return _with_overrides(
        lambda reasons: register_applicant(other, actor, data, overrides=reasons, today=day)
    )


def _conflict_person(nik: str, full_name: str, born: str) -> ApplicantInput:
    return ApplicantInput(
        nik=nik,
        full_name=full_name,
        birth_date=born,
        sex="P",
        marital_status="single",
        phone="0813-1000-0000",
    )


def _new_phone(db: Database, actor: Actor, applicant_id: uuid.UUID, phone: str, day: date) -> None:
    with db.read() as session:
        applicant = session.get(Applicant, applicant_id)
    assert applicant is not None
    data = as_input(applicant).model_copy(update={"phone": phone})
    _with_overrides(
        lambda reasons: update_applicant(
            db,
            actor,
            applicant_id,
            data,
            expected_version=applicant.version,
            overrides=reasons,
            today=day,
        )
    )
