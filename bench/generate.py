"""A synthetic LTSA Desk database of a million applicants, built in minutes and cached.

Run: ``.venv/bin/python bench/generate.py [--applicants 1000000] [--force]``. The file goes to
``bench/out/`` (gitignored) under a name holding the applicant count, the schema revision with a
digest of the migration files, and this generator's version, and is reused while they match.

How it stays real:

- the schema is made by ``ltsa_desk.db.migrate.open_database``, the office and its accounts by
  ``offices.initialise`` and ``auth.create_operator`` (so logging in works), the P3MI registry
  by ``offices.add_p3mi``;
- NIKs are built over real Kemendagri kecamatan codes (``identity.children``): PPKKCC, the birth
  date (day + 40 for women), a serial from 0001; 30 % of applicants come from the office's own
  regency (Kebumen), the rest from the big sending provinces and then the whole country;
- names come from ``bench/names.py`` (weighted, many sharing prefixes); ``name_key`` is computed
  by the service's own function;
- ten years of registrations, weekdays heavier than Saturdays, none on Sundays, growing over
  time; ~90 % of applicants have a placement plan, ~6 % of those a second one later;
- plans, statuses and item statuses in every state, consistent with the file's age; checklists
  are the ruleset's own evaluation for the profile.

Where it is bounded (said again in ``bench/README.md``):

- files opened in the last ``FULL_CHECKLIST_DAYS`` days carry their whole checklist (17-22
  items); older files keep their first ``OLD_FILE_ITEMS`` items only. That keeps requirement
  items near 3 per applicant instead of ~17 and the database near 4 GB;
- audit events are written (with a valid hash chain) for registrations and plan openings of the
  same recent window only, not for every document step of ten years.

Speed: worker processes (one per CPU) make the rows of 50,000-applicant chunks and write each
chunk into a plain SQLite file; the main process copies it in with one ``INSERT ... SELECT`` per
table (in C, no Python per row), the journal off. Ids are random version-4 UUIDs handed out in
ascending order, so the primary-key indexes are appended to; the indexes on keys that grow with
time stay in place, the others (NIK, names, birth dates, passports) and the full-text triggers
are dropped during the load and recreated afterwards from their own SQL (so the schema is exactly
the migrated one), then the FTS index is rebuilt once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import sqlite3
import sys
import time
import uuid
from bisect import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from names import NameMaker

from ltsa_desk.db.migrate import head_revision, open_database
from ltsa_desk.db.models import P3miStatus, Role
from ltsa_desk.identity import children, mask_nik
from ltsa_desk.rules import Profile, evaluate, load_ruleset
from ltsa_desk.services.audit import event_hash
from ltsa_desk.services.auth import authenticate, create_operator
from ltsa_desk.services.offices import add_p3mi, initialise
from ltsa_desk.services.search import name_key

#: 5: accounts hashed with the desk's own argon2 settings (services.auth.DESK_HASHER).
GENERATOR_VERSION = 5
DEFAULT_APPLICANTS = 1_000_000
OUT = Path(__file__).resolve().parent / "out"
SEED = 20261125
YEARS = 10
CHUNK = 50_000
FULL_CHECKLIST_DAYS = 180
OLD_FILE_ITEMS = 2

OFFICE_CODE = "KEBUMEN"
OFFICE_NAME = "LTSA P2MI Kabupaten Kebumen (bench)"
OFFICE_REGENCY = "33.05"
#: (username, password, full name, role). Synthetic database only.
ACCOUNTS: tuple[tuple[str, str, str, Role], ...] = (
    ("admin", "admin-bench-1", "Admin Bench", Role.ADMIN),
    ("supervisor", "supervisor-bench-1", "Sri Wahyuni (Supervisor)", Role.SUPERVISOR),
    ("operator", "operator-bench-1", "Budi Santoso", Role.OPERATOR),
    ("operator2", "operator-bench-2", "Dewi Lestari", Role.OPERATOR),
    ("operator3", "operator-bench-3", "Agus Salim", Role.OPERATOR),
)
P3MI = (
    ("PT Bina Karya Sejahtera (contoh)", "SIP3MI-001/2024", P3miStatus.ACTIVE),
    ("PT Cahaya Mandiri Abadi (contoh)", "SIP3MI-014/2023", P3miStatus.ACTIVE),
    ("PT Duta Jasa Utama (contoh)", "SIP3MI-027/2022", P3miStatus.ACTIVE),
    ("PT Eka Tenaga Prima (contoh)", "SIP3MI-033/2024", P3miStatus.ACTIVE),
    ("PT Fajar Insani (contoh)", "SIP3MI-041/2021", P3miStatus.SUSPENDED),
    ("PT Gema Lintas Samudra (contoh)", "SIP3MI-052/2020", P3miStatus.REVOKED),
)
#: (scheme, destination, sector, programme, job, weight for women, weight for men)
PLANS = (
    ("p2p", "HK", "domestic", "", "Penata laksana rumah tangga", 30, 0),
    ("p2p", "TW", "domestic", "", "Caregiver", 20, 1),
    ("p2p", "SG", "domestic", "", "Penata laksana rumah tangga", 8, 0),
    ("p2p", "TW", "formal", "", "Operator pabrik", 14, 20),
    ("p2p", "MY", "formal", "", "Pekerja perkebunan", 12, 30),
    ("g2g", "KR", "formal", "eps", "Manufaktur", 2, 18),
    ("g2g", "DE", "formal", "triple-win", "Perawat", 3, 2),
    ("g2g", "JP", "formal", "epa", "Careworker", 6, 2),
    ("perseorangan", "JP", "formal", "", "Teknisi", 5, 15),
    ("p2p", "KR", "fishing-crew", "", "Awak kapal perikanan", 0, 12),
)
#: Provinces that send most CPMI, and their share after the office's own regency.
SENDING_PROVINCES = {"33": 0.28, "35": 0.27, "32": 0.18, "52": 0.10, "18": 0.05}
OTHER_PROVINCES_SHARE = 0.12
OWN_REGENCY_SHARE = 0.30
MARITAL = (("single", 35), ("married", 45), ("divorced", 15), ("widowed", 5))
RELIGION = (("Islam", 87), ("Kristen", 7), ("Katolik", 3), ("Hindu", 2), ("Buddha", 1))
EDUCATION = (("sd", 14), ("smp", 34), ("sma", 40), ("d3", 7), ("s1", 5))
HAMLETS = ("Krajan", "Kidul", "Lor", "Wetan", "Kulon", "Tengah", "Sidomulyo", "Karangrejo")
ITEM_STATES = ("received", "verified", "rejected", "waived")
ITEM_STATE_EDGES = (0.244, 0.894, 0.976)  # weights 3 : 8 : 1 : 0.3, as in the demo
REASONS = {
    "rejected": "Fotokopi tidak terbaca",
    "waived": "Dibebaskan sesuai surat Kepala Dinas (bench)",
}
#: Indexes whose keys grow with time (or have a handful of values): rows arrive in time order,
#: so these are appended to cheaply during the load and kept. The others (NIK, names, birth
#: dates, passports: random keys) are dropped and rebuilt once, sorted; as is anything a later
#: migration adds.
GROWING_INDEXES = frozenset(
    (
        "ix_applicant_office_id",
        "ix_applicant_office_created",
        "ix_application_applicant_id",
        "ix_application_office_id",
        "ix_application_registration_number",
        "ix_application_status",
        "ix_application_office_created",
        "ix_requirement_item_application_id",
        "ix_requirement_item_status",
        "ix_requirement_item_received_at",
        "ix_requirement_item_verified_at",
        "ix_requirement_item_status_updated",
        "ix_audit_event_at",
        "ix_audit_event_operator_id",
    )
)
OPEN_DELAYS = (0, 0, 0, 600, 3600, 86400, 172800)
RECENT_STATES = ("in_progress", "complete", "blocked", "withdrawn")
OLD_STATES = ("complete", "withdrawn", "blocked", "in_progress")


@dataclass(frozen=True)
class BenchDatabase:
    path: Path
    meta: dict[str, Any]

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"


def schema_key() -> str:
    """The schema revision and a digest of the migration files: a migration edited in place
    (same revision, new index) must not reuse a database built before the edit."""
    from ltsa_desk.db.migrate import MIGRATIONS

    digest = hashlib.sha256()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"r{head_revision()}-{digest.hexdigest()[:8]}"


def cache_path(applicants: int) -> Path:
    return OUT / f"bench-{applicants}-{schema_key()}-g{GENERATOR_VERSION}.sqlite"


def ensure_database(applicants: int = DEFAULT_APPLICANTS, *, force: bool = False) -> BenchDatabase:
    """The cached database for this size, schema and generator; built when missing."""
    path = cache_path(applicants)
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists() and not force:
        return BenchDatabase(path, json.loads(meta_path.read_text()))
    OUT.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f".building-{path.name}")
    for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        stale.unlink(missing_ok=True)
    meta = Builder(building, applicants).build()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    building.replace(path)
    meta["path"] = str(path)
    meta_path.write_text(json.dumps(meta, indent=2))
    return BenchDatabase(path, meta)


class Ids:
    """Random version-4 UUIDs (32 hex digits, as SQLAlchemy stores them in SQLite) handed out
    in ascending order: chunk k of K draws from the k-th K-th of the space, each id a random
    step above the last. Rows are written in time order, so the primary-key indexes are
    appended to instead of split at random pages, which makes the load about twice as fast;
    the ids themselves stay random-looking and unique, only denser in their index."""

    PAYLOAD_BITS = 122  # 128 less the version (4) and variant (2) bits

    def __init__(self, rng: random.Random, chunk: int, chunks: int, capacity: int) -> None:
        span = (1 << self.PAYLOAD_BITS) // chunks
        self.cursor = chunk * span
        self.step_bits = max(1, (span // (capacity + 1)).bit_length() - 1)
        self.bits = rng.getrandbits

    def next(self) -> str:
        self.cursor += 1 + self.bits(self.step_bits)
        payload = self.cursor
        # Insert the fixed bits at their places; the order of payloads is kept.
        value = (
            (payload >> 74) << 80 | 0x4 << 76 | ((payload >> 62) & 0xFFF) << 64
            | 0x2 << 62 | (payload & ((1 << 62) - 1))
        )  # fmt: skip
        return f"{value:032x}"


_DAYS: dict[int, str] = {}


def _day(day: int) -> str:
    """Days since 1970-01-01 as an ISO date, cached (the database spans a few thousand days)."""
    text = _DAYS.get(day)
    if text is None:
        text = _DAYS[day] = (date(1970, 1, 1) + timedelta(days=day)).isoformat()
    return text


def _stamp(ts: float) -> str:
    """UTC epoch seconds as SQLAlchemy's SQLite DATETIME text (strftime is ten times slower)."""
    day, rest = divmod(ts, 86400.0)
    prefix = _day(int(day))
    micros = int(rest * 1_000_000)
    seconds, micro = divmod(micros, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return f"{prefix} {hour:02d}:{minute:02d}:{second:02d}.{micro:06d}"


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]], k: int) -> list[str]:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs], k=k)


class Regions:
    """Kecamatan codes to build NIKs from, with the regency names used as birth places."""

    def __init__(self) -> None:
        self.by_province: dict[str, list[tuple[str, str]]] = {}
        self.own: list[tuple[str, str]] = []
        for province in children(None):
            districts: list[tuple[str, str]] = []
            for regency in children(province.code):
                place = regency.name.removeprefix("Kabupaten ").removeprefix("Kota ")
                found = [(d.digits, place) for d in children(regency.code)]
                districts.extend(found)
                if regency.code == OFFICE_REGENCY:
                    self.own = found
            self.by_province[province.code] = districts
        others = [code for code in self.by_province if code not in SENDING_PROVINCES]
        share = OTHER_PROVINCES_SHARE / len(others)
        self.provinces = [*SENDING_PROVINCES, *others]
        self.weights = [*SENDING_PROVINCES.values(), *(share for _ in others)]

    def pick(self, rng: random.Random, count: int) -> list[tuple[str, str]]:
        own = rng.random
        provinces = rng.choices(self.provinces, self.weights, k=count)
        return [
            rng.choice(self.own) if own() < OWN_REGENCY_SHARE else rng.choice(self.by_province[p])
            for p in provinces
        ]


@dataclass(frozen=True)
class Task:
    """One chunk of applicants: their registration times and their files' opening times, with
    the registration-number sequence per year where the chunk starts (decided in order, in the
    main process, so numbers stay consecutive whatever worker makes the rows)."""

    index: int
    stamps: list[float]
    files: list[tuple[float, ...]]
    regno_next: dict[int, int]


@dataclass
class ChunkRows:
    applicants: list[tuple[Any, ...]]
    applications: list[tuple[Any, ...]]
    items: list[tuple[Any, ...]]
    #: Audit events without ``seq`` and hash: (id, ts, operator, action, entity id, changes).
    events: list[tuple[Any, ...]]
    #: Where the worker wrote the rows (the lists above are then emptied before returning).
    shard: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def write_shard(self, path: Path) -> None:
        """The rows into a plain SQLite file (no keys, no indexes: appends only), so that the
        main process copies them in C with INSERT ... SELECT instead of unpickling them."""
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("BEGIN")
            for table, rows in (
                ("applicant", self.applicants),
                ("application", self.applications),
                ("requirement_item", self.items),
            ):
                columns = COLUMNS[table]
                conn.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
                marks = ", ".join("?" * len(columns))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
                self.counts[table] = len(rows)
            conn.execute("COMMIT")
        finally:
            conn.close()
        self.shard = path
        self.applicants, self.applications, self.items = [], [], []


class ChunkMaker:
    """Makes the rows of one chunk. Built once in the main process; worker processes are
    forked from it and share its reference data (names, regions, checklists) for free."""

    def __init__(self, conn: sqlite3.Connection, chunks: int, end: date) -> None:
        self.chunks = chunks
        self.end = end
        self.office_id = conn.execute("SELECT id FROM office").fetchone()[0]
        operators = dict(conn.execute("SELECT username, id FROM operator").fetchall())
        self.staff = [operators[u] for u, *_ in ACCOUNTS if u.startswith("operator")]
        self.supervisor = operators["supervisor"]
        self.p3mi = [
            row[0]
            for row in conn.execute("SELECT id FROM p3mi WHERE status = 'active' ORDER BY name")
        ]
        self._templates()
        self.regions = Regions()
        rng = random.Random(SEED + 1)
        self.names = NameMaker(rng)
        # Ages at registration: 18-45, most in their twenties.
        self.age_days = [int((18 + rng.betavariate(2.2, 4.0) * 27) * 365.25) for _ in range(20000)]
        # Relatives' names are never searched: drawn from a pool made once.
        self.relatives = {sex: self.names.names([sex] * 50_000) for sex in "LP"}
        self.plan_cum = {
            sex: list(accumulate(plan[column] for plan in PLANS))
            for sex, column in (("P", 5), ("L", 6))
        }
        closing = datetime(end.year, end.month, end.day, 8, 30, tzinfo=UTC)  # 15:30 WIB
        self.last_ts = closing.timestamp()
        self.name_keys: dict[str, str] = {}
        self.shard_folder = OUT

    def _templates(self) -> None:
        """The checklist each plan gives each sex and marital status, from the real rules."""
        ruleset = load_ruleset()
        self.ruleset_ref = (ruleset.id, str(ruleset.version))
        self.templates: list[list[tuple[Any, ...]]] = []
        self.template_ids: dict[tuple[int, str, str], int] = {}
        known: dict[tuple[Any, ...], int] = {}
        for index, (scheme, destination, sector, programme, *_rest) in enumerate(PLANS):
            for sex in ("L", "P"):
                for marital, _weight in MARITAL:
                    profile = Profile(
                        scheme=scheme,
                        destination=destination,
                        sector=sector,
                        programme=programme or None,
                        marital_status=marital,
                        sex=sex,  # type: ignore[arg-type]
                    )
                    rows = [
                        (i.code, i.desk, order, i.title_id, i.title_en, i.basis)
                        for order, i in enumerate(evaluate(ruleset, profile, today=self.end).items)
                    ]
                    found = known.setdefault(tuple(rows), len(self.templates))
                    if found == len(self.templates):
                        self.templates.append(rows)
                    self.template_ids[(index, sex, marital)] = found

    def make(self, task: Task) -> ChunkRows:
        self.rng = rng = random.Random(SEED * 1009 + task.index)
        self.task = task
        self.serials: dict[str, int] = {}
        self.regno_next = dict(task.regno_next)
        count = len(task.stamps)
        # Capacities: two files per applicant at most, each with at most 24 items.
        self.ids = {
            table: Ids(rng, task.index, self.chunks, count * per_applicant)
            for table, per_applicant in (
                ("applicant", 1),
                ("application", 2),
                ("item", 48),
                ("event", 3),
            )
        }
        sexes = rng.choices(("P", "L"), (68, 32), k=count)
        names = self.names.names(sexes)
        fathers = rng.choices(self.relatives["L"], k=count)
        mothers = rng.choices(self.relatives["P"], k=count)
        partners = [rng.choice(self.relatives["L" if s == "P" else "P"]) for s in sexes]
        emergency = rng.choices(self.relatives["L"], k=count)
        marital = _weighted(rng, MARITAL, count)
        religion = _weighted(rng, RELIGION, count)
        education = _weighted(rng, EDUCATION, count)
        places = self.regions.pick(rng, count)
        ages = rng.choices(self.age_days, k=count)
        staff = rng.choices(self.staff, k=count)
        hamlets = rng.choices(HAMLETS, k=count)
        relations = rng.choices(("Orang tua", "Suami", "Istri", "Saudara", "Saudara"), k=count)
        letters = rng.choices("ABCEX", k=count)
        randoms = [rng.random() for _ in range(3 * count)]
        bits = rng.getrandbits
        out = ChunkRows([], [], [], [])
        recent = self.last_ts - FULL_CHECKLIST_DAYS * 86400
        for i, ts in enumerate(task.stamps):
            sex, name, status = sexes[i], names[i], marital[i]
            district, place = places[i]
            birth = (date.fromtimestamp(ts) - timedelta(days=ages[i])).isoformat()
            nik = self._nik(district, birth, sex)
            key = self.name_keys.get(name)
            if key is None:
                key = self.name_keys[name] = name_key(name)
            applicant_id = self.ids["applicant"].next()
            operator = staff[i]
            stamp = _stamp(ts)
            passport = randoms[3 * i] < 0.55
            out.applicants.append(
                (
                    applicant_id,
                    stamp,
                    stamp,
                    operator,
                    1,
                    self.office_id,
                    nik,
                    name,
                    key,
                    place,
                    birth,
                    sex,
                    status,
                    religion[i],
                    education[i],
                    self._kk(district) if randoms[3 * i + 1] < 0.75 else "",
                    f"{letters[i]}{bits(23) % 10**7:07d}" if passport else "",
                    name.upper() if passport else "",
                    f"+628{'1235'[bits(2)]}{100_000_000 + bits(30) % 900_000_000}",
                    f"{key.split()[0]}{100 + bits(10) % 900}@gmail.com"
                    if randoms[3 * i + 2] < 0.2
                    else "",
                    f"Dusun {hamlets[i]} RT {1 + bits(4) % 12:02d}/RW {1 + bits(3) % 6:02d}",
                    "",
                    fathers[i],
                    mothers[i],
                    partners[i] if status == "married" else "",
                    emergency[i],
                    relations[i],
                    f"+6285{100_000_000 + bits(30) % 900_000_000}",
                    "",
                    "{}",
                )
            )
            if ts >= recent:
                changes = {
                    "nik": [None, mask_nik(nik)],
                    "full_name": [None, name],
                    "birth_date": [None, birth],
                    "sex": [None, sex],
                }
                out.events.append(
                    (
                        self.ids["event"].next(),
                        ts,
                        operator,
                        "applicant.register",
                        applicant_id,
                        changes,
                    )
                )
            for opened in task.files[i]:
                self._file(applicant_id, sex, status, opened, out)
        return out

    def _nik(self, district: str, birth: str, sex: str) -> str:
        day = int(birth[8:10]) + (40 if sex == "P" else 0)
        prefix = f"{district}{day:02d}{birth[5:7]}{birth[2:4]}"
        # Serials are kept apart between chunks (chunk k uses k+1, k+1+chunks, ...), so chunks
        # made in parallel never give two people one NIK.
        local = self.serials.get(prefix, 0)
        self.serials[prefix] = local + 1
        return f"{prefix}{local * self.chunks + self.task.index + 1:04d}"

    def _kk(self, district: str) -> str:
        bits = self.rng.getrandbits
        issued = self.end - timedelta(days=200 + bits(13) % 4800)
        serial = 1 + bits(14) % 9998
        return f"{district}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}{serial:04d}"

    def _file(self, applicant_id: str, sex: str, marital: str, ts: float, out: ChunkRows) -> None:
        """One placement plan, in a state that fits its age, with its checklist."""
        rng = self.rng
        cumulative = self.plan_cum[sex]
        plan_index = bisect(cumulative, rng.random() * cumulative[-1])
        scheme, destination, sector, programme, job, *_weights = PLANS[plan_index]
        room = self.last_ts - ts
        age = room / 86400
        draw = rng.random() * 100
        if age <= 14:
            status = RECENT_STATES[bisect((93, 96, 98), draw)]
        elif age <= FULL_CHECKLIST_DAYS:
            status = RECENT_STATES[bisect((45, 90, 94), draw)]
        else:
            status = OLD_STATES[bisect((78, 95, 97), draw)]
        application_id = self.ids["application"].next()
        operator = rng.choice(self.staff)
        year = date.fromtimestamp(ts).year
        seq = self.regno_next.get(year, 1)
        self.regno_next[year] = seq + 1
        regno = f"{OFFICE_CODE}-{year}-{seq:06d}"
        rows = self.templates[self.template_ids[(plan_index, sex, marital)]]
        if age > FULL_CHECKLIST_DAYS:
            rows = rows[:OLD_FILE_ITEMS]
        progress = 1.0 if status == "complete" else rng.random()
        if status in ("blocked", "withdrawn"):
            progress *= 0.5
        stamp = _stamp(ts)
        touched = self._items(application_id, rows, status, progress, ts, room, stamp, out.items)
        p2p = scheme == "p2p"
        out.applications.append(
            (
                application_id,
                stamp,
                _stamp(touched),
                operator,
                1 + (status != "in_progress"),
                applicant_id,
                self.office_id,
                regno,
                scheme,
                destination,
                programme,
                sector,
                job,
                rng.choice(self.p3mi) if p2p else None,
                f"JO/{destination}/{rng.randint(100, 999)}/{year}" if p2p else "",
                "",
                "",
                _day(int(ts // 86400) + rng.randint(60, 150)),
                self.ruleset_ref[0],
                self.ruleset_ref[1],
                status,
                "{}",
            )
        )
        if room < FULL_CHECKLIST_DAYS * 86400:
            changes = {
                "scheme": [None, scheme],
                "destination": [None, destination],
                "sector": [None, sector],
                "registration_number": [None, regno],
                "items": [None, [row[0] for row in rows]],
            }
            out.events.append(
                (
                    self.ids["event"].next(),
                    ts,
                    operator,
                    "application.open",
                    application_id,
                    changes,
                )
            )

    def _items(
        self,
        application_id: str,
        rows: list[tuple[Any, ...]],
        status: str,
        progress: float,
        ts: float,
        room: float,
        stamp: str,
        items: list[tuple[Any, ...]],
    ) -> float:
        """The file's requirement items, each in a state that fits the file's; returns when
        the file was last touched."""
        draw = self.rng.random
        next_id = self.ids["item"].next
        operator = self.staff[int(draw() * len(self.staff))]
        touched = ts
        for code, desk, order, title_id, title_en, basis in rows:
            if status == "complete":
                state = "waived" if draw() < 0.04 else "verified"
            elif draw() < progress:
                state = ITEM_STATES[bisect(ITEM_STATE_EDGES, draw())]
            else:
                items.append(
                    (next_id(), stamp, stamp, operator, 1, application_id, code, desk,
                     order, title_id, title_en, basis, 1, "missing", "", None, None, "", "", "",
                     None, None, None, None)
                )  # fmt: skip
                continue
            received_ts = ts + draw() * min(room, 20 * 86400)
            touched = max(touched, received_ts)
            if state in ("rejected", "waived"):
                by = self.supervisor if state == "waived" else operator
                items.append(
                    (next_id(), stamp, _stamp(received_ts), by, 2, application_id, code,
                     desk, order, title_id, title_en, basis, 1, state, "", None, None, "", "",
                     REASONS[state], None, None, None, None)
                )  # fmt: skip
                continue
            number = f"{code[:3].upper()}-{10000 + int(draw() * 89999)}"
            issued = _day(int(received_ts // 86400) - 5 - int(draw() * 55))
            received = _stamp(received_ts)
            if state == "received":
                items.append(
                    (next_id(), stamp, received, operator, 2, application_id, code,
                     desk, order, title_id, title_en, basis, 1, state, number, issued, None, "",
                     "", "", None, received, None, None)
                )  # fmt: skip
                continue
            verified_ts = received_ts + draw() * min(room - (received_ts - ts), 5 * 86400)
            touched = max(touched, verified_ts)
            verified = _stamp(verified_ts)
            items.append(
                (next_id(), stamp, verified, operator, 3, application_id, code, desk,
                 order, title_id, title_en, basis, 1, state, number, issued, None, "", "", "",
                 None, received, verified, operator)
            )  # fmt: skip
        return touched


_MAKER: ChunkMaker | None = None


def _make_chunk(task: Task) -> ChunkRows:
    """Worker entry point: the maker was inherited from the main process at fork."""
    assert _MAKER is not None
    rows = _MAKER.make(task)
    rows.write_shard(_MAKER.shard_folder / f".shard-{task.index}.sqlite")
    return rows


class Builder:
    def __init__(self, path: Path, applicants: int) -> None:
        self.path = path
        self.n = applicants
        self.rng = random.Random(SEED)
        self.end = date.today()
        self.start = self.end - timedelta(days=365 * YEARS)
        self.counts = {"applicant": 0, "application": 0, "requirement_item": 0, "audit_event": 0}
        self.timings: dict[str, float] = {}

    def build(self) -> dict[str, Any]:
        began = time.perf_counter()
        self._services_part()
        self.timings["schema_and_services_s"] = time.perf_counter() - began
        conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            self._load(conn)
        finally:
            conn.close()
        self.timings["total_s"] = time.perf_counter() - began
        return {
            "applicants": self.n,
            "counts": self.counts,
            "schema_revision": head_revision(),
            "generator_version": GENERATOR_VERSION,
            "first_day": self.start.isoformat(),
            "last_day": self.end.isoformat(),
            "office_code": OFFICE_CODE,
            "accounts": [[u, p, r.value] for u, p, _, r in ACCOUNTS],
            "full_checklist_days": FULL_CHECKLIST_DAYS,
            "old_file_items": OLD_FILE_ITEMS,
            "workers": self.workers,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": {k: round(v, 1) for k, v in self.timings.items()},
            "size_bytes": self.path.stat().st_size,
        }

    def _services_part(self) -> None:
        """The office, its accounts and the P3MI registry, through the services."""
        db = open_database(f"sqlite:///{self.path}", create=True)
        try:
            initialise(
                db,
                office_code=OFFICE_CODE,
                office_name=OFFICE_NAME,
                office_address="Mal Pelayanan Publik Kebumen, Jl. Pahlawan No. 1",
                regency_code=OFFICE_REGENCY,
                admin_username=ACCOUNTS[0][0],
                admin_full_name=ACCOUNTS[0][2],
                admin_password=ACCOUNTS[0][1],
            )
            admin = authenticate(db, ACCOUNTS[0][0], ACCOUNTS[0][1])
            for username, password, full_name, role in ACCOUNTS[1:]:
                create_operator(
                    db, admin, username=username, full_name=full_name, role=role, password=password
                )
            for name, licence, status in P3MI:
                add_p3mi(db, admin, name=name, licence_number=licence, status=status)
        finally:
            db.dispose()

    def _load(self, conn: sqlite3.Connection) -> None:
        global _MAKER
        for pragma in (
            "journal_mode=OFF",
            "synchronous=OFF",
            f"cache_size=-{_cache_kib()}",
            "temp_store=MEMORY",
            "locking_mode=EXCLUSIVE",
            "foreign_keys=OFF",
            f"threads={os.cpu_count() or 1}",  # helper threads for CREATE INDEX's sorts
        ):
            conn.execute(f"PRAGMA {pragma}")
        tables = ("applicant", "application", "requirement_item", "audit_event")
        marks = ",".join("?" * len(tables))
        deferred = [
            (kind, name, sql)
            for kind, name, sql in conn.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                f"AND type IN ('index', 'trigger') AND tbl_name IN ({marks})",
                tables,
            )
            if name not in GROWING_INDEXES
        ]
        for kind, name, _sql in deferred:
            conn.execute(f"DROP {kind.upper()} {name}")
        began = time.perf_counter()
        tasks = self._tasks()
        _MAKER = maker = ChunkMaker(conn, len(tasks), self.end)
        self.office_id = maker.office_id
        last = conn.execute(
            "SELECT seq, chain_hash FROM audit_event WHERE office_id = ? ORDER BY seq DESC LIMIT 1",
            (self.office_id,),
        ).fetchone()
        self.audit_seq, self.audit_hash = last if last else (0, "")
        events_sql = _insert_sql(conn, "audit_event", COLUMNS["audit_event"])
        copies = {}
        for table in ("applicant", "application", "requirement_item"):
            names, extra = _columns(conn, table, COLUMNS[table])
            copies[table] = (
                f"INSERT INTO {table} ({names}) SELECT {', '.join(COLUMNS[table])}{extra} "
                f"FROM shard.{table} ORDER BY rowid"
            )
        maker.shard_folder = self.path.parent
        self.timings["reference_data_s"] = time.perf_counter() - began

        began = time.perf_counter()
        self.workers = max(1, min(os.cpu_count() or 1, len(tasks)))
        with multiprocessing.get_context("fork").Pool(self.workers) as pool:
            for done, rows in enumerate(pool.imap(_make_chunk, tasks), start=1):
                assert rows.shard is not None
                events = [self._chained(event) for event in rows.events]
                conn.execute("ATTACH DATABASE ? AS shard", (str(rows.shard),))
                conn.execute("BEGIN")
                for statement in copies.values():
                    conn.execute(statement)
                conn.executemany(events_sql, events)
                conn.execute("COMMIT")
                conn.execute("DETACH DATABASE shard")
                rows.shard.unlink()
                for table, count in rows.counts.items():
                    self.counts[table] += count
                self.counts["audit_event"] += len(events)
                _progress(f"rows: chunk {done}/{len(tasks)}")
        _MAKER = None
        conn.executemany(
            "INSERT OR REPLACE INTO counter (office_id, name, value) VALUES (?, ?, ?)",
            [(self.office_id, f"registration:{y}", v - 1) for y, v in self.regno_next.items()],
        )
        self.timings["rows_s"] = time.perf_counter() - began

        began = time.perf_counter()
        for kind, name, statement in sorted(deferred, key=lambda d: d[0]):  # indexes first
            _progress(f"{kind} {name}")
            conn.execute(statement)
        self.timings["indexes_s"] = time.perf_counter() - began
        began = time.perf_counter()
        _progress("full-text index")
        conn.execute("INSERT INTO applicant_fts(applicant_fts) VALUES('rebuild')")
        self.timings["fts_rebuild_s"] = time.perf_counter() - began
        conn.execute("PRAGMA locking_mode=NORMAL")
        conn.execute("PRAGMA journal_mode=WAL")
        _progress("")

    def _tasks(self) -> list[Task]:
        """Registration times (weekdays busier, none on Sundays, growing over the years) and
        when each applicant's files were opened; registration numbers counted in order."""
        rng = self.rng
        total = (self.end - self.start).days + 1
        days, weights = [], []
        for offset in range(total):
            weekday = (self.start + timedelta(days=offset)).weekday()
            if weekday != 6:
                days.append(offset)
                weights.append((0.3 if weekday == 5 else 1.0) * (0.6 + 0.8 * offset / total))
        start = datetime(self.start.year, self.start.month, self.start.day, tzinfo=UTC)
        base = start.timestamp()
        closing = datetime(self.end.year, self.end.month, self.end.day, 8, 30, tzinfo=UTC)
        last_ts = closing.timestamp()
        # Office hours 08:00-15:30 WIB are 01:00-08:30 UTC.
        stamps = sorted(
            base + d * 86400 + 3600 + rng.random() * 27000
            for d in rng.choices(days, weights, k=self.n)
        )
        self.regno_next: dict[int, int] = {}
        tasks = []
        for index, first in enumerate(range(0, self.n, CHUNK)):
            chunk = stamps[first : first + CHUNK]
            regno_start = dict(self.regno_next)
            files: list[tuple[float, ...]] = []
            for ts in chunk:
                opened: tuple[float, ...] = ()
                if rng.random() < 0.9:  # else registered, no plan chosen yet
                    opened = (min(ts + rng.choice(OPEN_DELAYS), last_ts),)
                    if last_ts - opened[0] > 400 * 86400 and rng.random() < 0.06:
                        opened += (opened[0] + rng.uniform(300 * 86400, last_ts - opened[0]),)
                for moment in opened:
                    year = date.fromtimestamp(moment).year
                    self.regno_next[year] = self.regno_next.get(year, 1) + 1
                files.append(opened)
            tasks.append(Task(index, chunk, files, regno_start))
        return tasks

    def _chained(self, event: tuple[Any, ...]) -> tuple[Any, ...]:
        """An audit event at the end of the office's chain, hashed as ``append_event`` does."""
        event_id, ts, operator, action, entity_hex, changes = event
        self.audit_seq += 1
        entity = action.split(".")[0]
        # ``event_hash`` reads attributes only; a namespace is 50 times cheaper than the model.
        fields = SimpleNamespace(
            id=uuid.UUID(event_id),
            office_id=uuid.UUID(self.office_id),
            seq=self.audit_seq,
            at=(moment := datetime.fromtimestamp(ts, UTC)),
            operator_id=uuid.UUID(operator),
            action=action,
            entity=entity,
            entity_id=str(uuid.UUID(entity_hex)),
            changes=changes,
            prev_hash=self.audit_hash,
        )
        prev_hash, self.audit_hash = self.audit_hash, event_hash(fields)  # type: ignore[arg-type]
        return (
            event_id,
            self.office_id,
            self.audit_seq,
            # The stored text must be the hashed moment to the microsecond (``_stamp``
            # truncates where ``fromtimestamp`` rounds).
            moment.strftime("%Y-%m-%d %H:%M:%S.%f"),
            operator,
            action,
            entity,
            fields.entity_id,
            json.dumps(changes),
            prev_hash,
            self.audit_hash,
        )


COLUMNS: dict[str, tuple[str, ...]] = {
    "applicant": (
        "id", "created_at", "updated_at", "updated_by", "version", "office_id", "nik",
        "full_name", "name_key", "birth_place", "birth_date", "sex", "marital_status", "religion",
        "education", "kk_number", "passport_number", "passport_name", "phone", "email",
        "address_line", "village_code", "father_name", "mother_name", "spouse_name",
        "emergency_name", "emergency_relation", "emergency_phone", "notes", "acknowledged",
    ),
    "application": (
        "id", "created_at", "updated_at", "updated_by", "version", "applicant_id", "office_id",
        "registration_number", "scheme", "destination", "programme", "sector", "job", "p3mi_id",
        "job_order_number", "employer_name", "contract_name", "planned_departure", "ruleset_id",
        "ruleset_version", "status", "acknowledged",
    ),
    "requirement_item": (
        "id", "created_at", "updated_at", "updated_by", "version", "application_id",
        "document_code", "desk", "sort_order", "title_id", "title_en", "basis", "required",
        "status", "number", "issue_date", "expiry_date", "issuer", "note", "reason",
        "is_original", "received_at", "verified_at", "verified_by",
    ),
    "audit_event": (
        "id", "office_id", "seq", "at", "operator_id", "action", "entity", "entity_id",
        "changes", "prev_hash", "chain_hash",
    ),
}  # fmt: skip


def _columns(conn: sqlite3.Connection, table: str, columns: Iterable[str]) -> tuple[str, str]:
    """The column list to insert, and the SQL values of NOT NULL columns a later migration may
    add (a neutral value each), so the generator keeps working while the schema grows."""
    info = {row[1]: row for row in conn.execute(f"PRAGMA table_info({table})")}
    names = list(columns)
    missing = [name for name in names if name not in info]
    if missing:
        raise SystemExit(f"generate.py: {table} has no column {', '.join(missing)}")
    extra_names, extra_values = [], []
    for name, (_cid, _name, kind, notnull, default, _pk) in info.items():
        if name in names or not notnull or default is not None:
            continue
        numeric = any(word in kind.upper() for word in ("INT", "BOOL", "NUM", "REAL"))
        extra_names.append(name)
        extra_values.append("0" if numeric else "''")
    return ", ".join(names + extra_names), "".join(f", {v}" for v in extra_values)


def _insert_sql(conn: sqlite3.Connection, table: str, columns: Sequence[str]) -> str:
    names, extra = _columns(conn, table, columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))}{extra})"


def _cache_kib() -> int:
    """SQLite's page cache for the build: the whole database if the machine has room (random
    inserts into the UUID keys' indexes then stay in memory), at most a quarter of the RAM."""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        pages = 8 * 2**30
    return int(min(4 * 2**30, pages // 4) // 1024)


def _progress(text: str) -> None:
    if sys.stderr.isatty():
        print(f"\r\033[K{text}", end="" if text else "\r", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--applicants", "-n", type=int, default=DEFAULT_APPLICANTS)
    parser.add_argument("--force", action="store_true", help="rebuild even when cached")
    args = parser.parse_args()
    began = time.perf_counter()
    built = ensure_database(args.applicants, force=args.force)
    meta = built.meta
    size = built.path.stat().st_size / 1e6
    print(
        f"{built.path}  {size:,.0f} MB  applicants {meta['counts']['applicant']:,}  "
        f"files {meta['counts']['application']:,}  items {meta['counts']['requirement_item']:,}  "
        f"audit {meta['counts']['audit_event']:,}  built in {meta['seconds']['total_s']} s "
        f"({time.perf_counter() - began:.1f} s now)"
    )


if __name__ == "__main__":
    main()
