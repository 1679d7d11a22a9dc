"""The core's figures on the million-applicant database: search, saves, the checklist PDF, the
recap, sync and memory. Each returns ``Figure`` rows; ``run_all.py`` prints and records them.

Floors are measured in the same process and minute:

- search and recap: the very SQL statements the service sent (captured from SQLAlchemy's
  ``before_cursor_execute``) replayed through a bare ``sqlite3`` connection, fetching every row;
  the ratio is what the service adds in Python (ORM, result objects, fuzzy re-ranking);
- save: the smallest durable save at the desk's settings (WAL, ``synchronous=FULL``, the FTS
  trigger): BEGIN IMMEDIATE, one applicant row, read the chain's last event, one audit row,
  COMMIT, through bare ``sqlite3``;
- PDF: a one-page reportlab document (``bench_pdf.minimal_document``);
- memory: a bare Python process running the same full-text query through ``sqlite3``.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from harness import BENCH, PYTHON, Figure, interleaved, median_p95, scale, timed_ms
from sqlalchemy import event

from ltsa_desk.db.engine import Database
from ltsa_desk.db.migrate import open_database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.search import MIN_NAME_LETTERS, search_applicants

SEED = 8
YEAR = timedelta(days=365)


class SqlCapture:
    """The statements SQLite ran for a service, to replay them through bare sqlite3.

    Taken from SQLite's trace callback on the pooled connection, set at checkout while
    capturing: it sees what SQLAlchemy executes and what goes straight to the DBAPI cursor
    (``Database.rows``), BEGIN and ROLLBACK included, with the values expanded into the text.
    """

    def __init__(self, db: Database) -> None:
        self.statements: list[tuple[str, Any]] = []
        self.on = False
        event.listen(db.engine, "checkout", self._attach)
        event.listen(db.engine, "checkin", self._detach)

    def _attach(self, dbapi_connection: Any, *_rest: Any) -> None:
        if self.on:
            dbapi_connection.set_trace_callback(self._record)

    def _detach(self, dbapi_connection: Any, *_rest: Any) -> None:
        if dbapi_connection is not None:
            dbapi_connection.set_trace_callback(None)

    def _record(self, statement: str) -> None:
        if self.on:
            self.statements.append((statement, None))

    @contextmanager
    def capturing(self) -> Iterator[list[tuple[str, Any]]]:
        self.statements = []
        self.on = True
        try:
            yield self.statements
        finally:
            self.on = False


def replay(conn: sqlite3.Connection, statements: list[tuple[str, Any]]) -> None:
    for statement, params in statements:
        conn.execute(statement, params if params is not None else ()).fetchall()
    if conn.in_transaction:
        conn.rollback()


def raw_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


@dataclass
class Target:
    """The database a figure runs on, and its floor: the same SQL replayed raw."""

    db: Database
    #: Records the statements the service sends while the block runs.
    capturing: Callable[[], Any]
    replay: Callable[[list[tuple[str, Any]]], None]
    close: Callable[[], None]
    #: "" on SQLite; " (PostgreSQL)" appended to the figures' names elsewhere.
    label: str = ""
    suffix: str = ""
    floor_name: str = "same SQL, raw sqlite3"


def sqlite_target(path: Path) -> Target:
    db = open_database(str(path))
    capture = SqlCapture(db)
    conn = raw_connection(path)

    def close() -> None:
        conn.close()
        db.dispose()

    return Target(db, capture.capturing, lambda sql: replay(conn, sql), close)


def actor_of(db: Database, username: str) -> Actor:
    """The operator as an Actor without logging in: a login writes (audit event, last login),
    and the profiling scripts only read the cached database."""
    from sqlmodel import col, select

    from ltsa_desk.db.models import Operator
    from ltsa_desk.services.auth import actor_for

    with db.read() as session:
        operator = session.exec(select(Operator).where(col(Operator.username) == username)).one()
        return actor_for(session, operator)


def login(db: Database, meta: dict[str, Any], username: str) -> Actor:
    from ltsa_desk.services.auth import authenticate

    password = next(p for u, p, _role in meta["accounts"] if u == username)
    return authenticate(db, username, password)


# --- search ---------------------------------------------------------------------------------


def _sample(conn: sqlite3.Connection, column: str, count: int, rng: random.Random) -> list[str]:
    top = conn.execute("SELECT max(rowid) FROM applicant").fetchone()[0]
    rowids = rng.sample(range(1, top + 1), count)
    marks = ",".join("?" * len(rowids))
    rows = conn.execute(f"SELECT {column} FROM applicant WHERE rowid IN ({marks})", rowids)
    found = [r[0] for r in rows]
    rng.shuffle(found)
    return found


def _typo(name: str, rng: random.Random) -> str:
    """One letter of the longest word changed: "Nurhaliza" typed as "Nurhalisa"."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 5:
        return name
    at = rng.randrange(2, len(word) - 1)
    swap = {"a": "e", "e": "a", "i": "y", "y": "i", "o": "u", "u": "o", "s": "z", "z": "s"}
    letter = swap.get(word[at].lower(), "a" if word[at].lower() != "a" else "e")
    words[longest] = word[:at] + letter + word[at + 1 :]
    return " ".join(words)


def search_queries(path: Path, quick: bool) -> dict[str, list[str]]:
    """What operators type: NIKs read off the KTP, whole names, each prefix of a name as it is
    typed (the home screen searches on every key), and names with one letter wrong."""
    rng = random.Random(SEED)
    conn = raw_connection(path)
    try:
        niks = _sample(conn, "nik", 60 if quick else 200, rng)
        names = _sample(conn, "full_name", 40 if quick else 100, rng)
    finally:
        conn.close()
    typed = names[: 8 if quick else 20]
    # From two letters: the desk does not search one letter (MIN_NAME_LETTERS).
    prefixes = [
        name[:n]
        for name in typed
        for n in range(MIN_NAME_LETTERS, len(name) + 1)
        if name[n - 1] != " "
    ]
    typos = [_typo(name, rng) for name in names[: 10 if quick else 30]]
    return {
        "nik": niks,
        "name": names,
        "prefix": prefixes,
        "typo": [t for t, n in zip(typos, names, strict=False) if t != n],
    }


def bench_search(
    path: Path, meta: dict[str, Any], quick: bool, target: Target | None = None
) -> list[Figure]:
    """Search on ``target`` (the SQLite file at ``path`` by default); the queries always come
    from that file, so that both engines are asked the same."""
    queries = search_queries(path, quick)
    on = target or sqlite_target(path)
    db = on.db
    rounds = 2
    figures = []
    try:
        specs = (
            ("nik", f"NIK lookup (16 digits, {scale(meta)} applicants)", "ratio", 3.0, "≤ 3× raw"),
            ("name", "name search: whole name", "p95", 30.0, "p95 < 30 ms"),
            ("prefix", "name search: as you type (every prefix)", "p95", 30.0, "p95 < 30 ms"),
            ("typo", "name search: one letter wrong (fuzzy)", "p95", 30.0, "p95 < 30 ms"),
        )
        by_length: dict[str, list[float]] = {}
        for kind, title, target_on, target_value, text in specs:
            mine: list[float] = []
            floor: list[float] = []
            misses = 0
            for query in queries[kind]:
                with on.capturing() as statements:
                    hits = search_applicants(db, query)
                misses += not hits
                sql = list(statements)
                service_ms, raw_ms = interleaved(
                    lambda q=query: search_applicants(db, q),
                    lambda s=sql: on.replay(s),
                    rounds,
                    warmup=1,
                )
                mine += service_ms
                floor += raw_ms
                if kind == "prefix":
                    bucket = str(len(query)) if len(query) < 4 else "4+"
                    by_length.setdefault(bucket, []).extend(service_ms)
            figure = Figure(
                f"search_{kind}{on.suffix}",
                title + on.label,
                "ms",
                floor_name=on.floor_name,
                target_on=target_on,
                target=target_value,
                target_text=text,
            )
            figure.set_times(mine, floor)
            figure.notes.append(
                f"{len(queries[kind])} queries × {rounds} runs; {misses} found nothing"
            )
            if kind == "prefix":
                parts = []
                for bucket in ("1", "2", "3", "4+"):
                    if bucket in by_length:
                        median, p95 = median_p95(by_length[bucket])
                        parts.append(f"{bucket} chars: median {median:.1f} / p95 {p95:.1f} ms")
                figure.notes.append("by length typed — " + "; ".join(parts))
            figures.append(figure)
    finally:
        on.close()
    return figures


# --- saves ----------------------------------------------------------------------------------


def _kebumen_nik(district: str, birth: date, sex: str, serial: int) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


SYLLABLES = ("ba", "di", "ka", "lu", "ma", "ni", "ra", "su", "ti", "wa")


def _made_up(index: int) -> str:
    """A surname no one in the database has, one per index ("Kamaru"): names take no digits."""
    return "".join(SYLLABLES[int(d)] for d in f"{index:04d}").capitalize()


def _new_people(count: int, rng: random.Random) -> Iterator[dict[str, str]]:
    from ltsa_desk.identity import children

    districts = [r.digits for r in children("33.05")]
    today = date.today()
    for index in range(count):
        sex = rng.choice("LPP")
        birth = today - timedelta(days=rng.randint(21 * 365, 34 * 365))
        yield {
            "nik": _kebumen_nik(rng.choice(districts), birth, sex, 9000 + index % 999),
            "full_name": f"{rng.choice(('Siti', 'Sri', 'Dewi', 'Budi', 'Agus'))} {_made_up(index)}",
            "birth_place": "Kebumen",
            "birth_date": birth.isoformat(),
            "sex": sex,
            "marital_status": rng.choice(("single", "married")),
            "education": "sma",
            "phone": f"0812{rng.randint(10_000_000, 99_999_999)}",
            "address_line": "Dusun Krajan RT 01/RW 02",
            "mother_name": "Suminah",
        }


def bench_saves(path: Path, meta: dict[str, Any], quick: bool) -> list[Figure]:
    """register_applicant (with its duplicate checks and audit event) against the smallest
    durable save; then opening a plan and recording one document, for the record."""
    from ltsa_desk.services.applicant_checks import ApplicantInput
    from ltsa_desk.services.applicants import register_applicant
    from ltsa_desk.services.applications import PlanInput, open_application
    from ltsa_desk.services.checklist import load_items
    from ltsa_desk.services.documents import DocumentDetails, record_document
    from ltsa_desk.services.errors import ValidationFailed

    runs = 40 if quick else 150
    rng = random.Random(SEED + 1)
    db = open_database(str(path))
    operator = login(db, meta, "operator")
    conn = raw_connection(path)
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA journal_mode=WAL")
    columns = [r[1] for r in conn.execute("PRAGMA table_info(applicant)")]
    office_id = operator.office_id.hex
    saves: list[float] = []
    floors: list[float] = []
    applicants: list[uuid.UUID] = []
    people = _new_people(runs * 3, rng)
    try:
        for person in people:
            if len(saves) >= runs:
                break
            data = ApplicantInput(**person)
            start = time.perf_counter()
            try:
                applicant = register_applicant(db, operator, data)
            except ValidationFailed:
                continue  # a generated NIK already taken, or a namesake warning: next person
            saves.append((time.perf_counter() - start) * 1000)
            applicants.append(applicant.id)
            floors.append(timed_ms(lambda p=person: _raw_save(conn, columns, office_id, p)))
        save = Figure(
            "save",
            "save one intake step (register_applicant)",
            "ms",
            floor_name="raw durable insert + audit row",
            target_on="p95",
            target=10.0,
            target_text="p95 < 10 ms",
        )
        save.set_times(saves, floors)
        save.notes.append(
            f"WAL, synchronous=FULL (an fsync per commit) on the {scale(meta)} database; the "
            "service also runs its duplicate checks (NIK, passport, same birth date + similar name)"
        )
        plan_times: list[float] = []
        document_times: list[float] = []
        plan = PlanInput(
            scheme="p2p",
            destination="HK",
            sector="domestic",
            p3mi_id=_active_p3mi(conn),
            job="Penata laksana rumah tangga",
            planned_departure=(date.today() + timedelta(days=90)).isoformat(),
        )
        for applicant_id in applicants[: max(10, runs // 3)]:
            start = time.perf_counter()
            try:
                application = open_application(db, operator, applicant_id, plan)
            except ValidationFailed:
                continue  # e.g. a man for a domestic-work plan: not what is measured here
            plan_times.append((time.perf_counter() - start) * 1000)
            item = load_items(db, application.id)[0]
            start = time.perf_counter()
            record_document(
                db, operator, item.id, "received", details=DocumentDetails(number="KTP-1")
            )
            document_times.append((time.perf_counter() - start) * 1000)
        opened = Figure("save_plan", "save: open a placement plan (~18 items)", "ms")
        opened.set_times(plan_times or [0.0])
        recorded = Figure("save_document", "save: record one document", "ms")
        recorded.set_times(document_times or [0.0])
    finally:
        conn.close()
        db.dispose()
    return [save, opened, recorded]


def _active_p3mi(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT id FROM p3mi WHERE status = 'active' LIMIT 1").fetchone()
    return str(uuid.UUID(row[0]))


def _raw_save(
    conn: sqlite3.Connection, columns: list[str], office_id: str, person: dict[str, str]
) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    values: dict[str, Any] = dict.fromkeys(columns, "")
    values.update(
        id=uuid.uuid4().hex,
        created_at=now,
        updated_at=now,
        updated_by=None,
        version=1,
        office_id=office_id,
        name_key=person["full_name"].lower(),
        acknowledged="{}",
        **{k: v for k, v in person.items() if k in values},
    )
    values["nik"] = f"99{uuid.uuid4().int % 10**14:014d}"
    marks = ", ".join("?" * len(values))
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        f"INSERT INTO applicant ({', '.join(values)}) VALUES ({marks})", list(values.values())
    )
    last = conn.execute(
        "SELECT seq, chain_hash FROM audit_event WHERE office_id = ? ORDER BY seq DESC LIMIT 1",
        (office_id,),
    ).fetchone()
    conn.execute(
        "INSERT INTO audit_event (id, office_id, seq, at, operator_id, action, entity, entity_id,"
        " changes, prev_hash, chain_hash) VALUES (?, ?, ?, ?, NULL, 'bench.raw', 'applicant', ?,"
        " '{}', ?, ?)",
        (uuid.uuid4().hex, office_id, last[0] + 1, now, values["id"], last[1], "0" * 64),
    )
    conn.execute("COMMIT")


# --- PDF ------------------------------------------------------------------------------------


def bench_pdf(path: Path, meta: dict[str, Any], quick: bool) -> list[Figure]:
    import bench_pdf as pdf

    from ltsa_desk.printing import content
    from ltsa_desk.printing.checklist_pdf import render_checklist
    from ltsa_desk.services.checklist import get_checklist
    from ltsa_desk.services.offices import get_office
    from ltsa_desk.services.rulesets import current_ruleset

    runs = 20 if quick else 60
    sheet = pdf.checklist_sheet(18)
    mine, floor = interleaved(lambda: render_checklist(sheet), pdf.minimal_document, runs)
    sheet_figure = Figure(
        "pdf",
        "checklist PDF (18 items, bench_pdf sheet)",
        "ms",
        floor_name="one-page reportlab document",
        target_on="median",
        target=50.0,
        target_text="< 50 ms",
    )
    sheet_figure.set_times(mine, floor)

    db = open_database(str(path))
    try:
        actor = login(db, meta, "operator")
        ruleset = current_ruleset()
        office = get_office(db)
        conn = raw_connection(path)
        row = conn.execute(
            "SELECT id FROM application WHERE status = 'in_progress' ORDER BY created_at DESC "
            "LIMIT 1"
        ).fetchone()
        conn.close()
        application_id = uuid.UUID(row[0])

        def from_database() -> object:
            checklist = get_checklist(db, application_id, ruleset=ruleset)
            sheet = content.checklist_sheet(
                checklist,
                office=office,
                actor=actor,
                ruleset=ruleset,
                moment=datetime.now(UTC),
                lang="id",
            )
            return render_checklist(sheet)

        mine, floor = interleaved(from_database, pdf.minimal_document, runs)
        full = Figure(
            "pdf_db",
            f"checklist PDF from the {scale(meta)} database (load + render)",
            "ms",
            floor_name="one-page reportlab document",
            target_on="median",
            target=50.0,
            target_text="< 50 ms",
        )
        full.set_times(mine, floor)
    finally:
        db.dispose()
    return [sheet_figure, full]


# --- recap ----------------------------------------------------------------------------------


def bench_recap(
    path: Path, meta: dict[str, Any], quick: bool, target: Target | None = None
) -> list[Figure]:
    """The recap service over the million, for the database's last day and the scenarios of
    ``bench_recap.py`` (which builds its own database); floor: the same SQL, raw."""
    from ltsa_desk.reports import Period, compute_recap

    runs = 5 if quick else 9
    last = date.fromisoformat(meta["last_day"])
    on = target or sqlite_target(path)
    db = on.db
    figures = []
    try:
        actor = login(db, meta, "supervisor")
        scenarios: list[tuple[str, str, Period, dict[str, str], float | None]] = [
            ("recap_day", "end-of-day recap (one day)", Period.day(last), {}, 300.0),
            ("recap_year_ago", "recap: a day a year ago", Period.day(last - YEAR), {}, None),
            ("recap_30", "recap: 30 days", Period(last - timedelta(days=29), last), {}, None),
            (
                "recap_operator",
                "recap: one day, one operator",
                Period.day(last),
                {"operator_username": "operator"},
                None,
            ),
        ]  # fmt: skip
        for key, title, period, scope, target in scenarios:
            with on.capturing() as statements:
                recap = compute_recap(db, actor, period, **scope)
            sql = list(statements)
            mine, floor = interleaved(
                lambda p=period, s=scope: compute_recap(db, actor, p, **s),
                lambda s=sql: on.replay(s),
                runs,
                warmup=1,
            )
            figure = Figure(
                key + on.suffix,
                title + on.label,
                "ms",
                floor_name=on.floor_name,
                target_on="median" if target else "p95",
                target=target,
                target_text="< 300 ms" if target else "",
            )
            figure.set_times(mine, floor)
            figure.notes.append(
                f"{recap.registered:,} registered, {recap.opened:,} files opened, "
                f"{recap.received:,} documents received in the period"
            )
            figures.append(figure)
    finally:
        on.close()
    return figures


# --- sync -----------------------------------------------------------------------------------


def bench_sync(quick: bool) -> list[Figure]:
    """Export and import of 10,000 records with ``bench_sync.py``'s own district office, as a
    fresh copy per run. Floors: the same rows read and written as JSON into a zip (export) and
    copied with one INSERT … SELECT per table (import)."""
    import bench_sync as sync_bench
    from argon2 import PasswordHasher

    from ltsa_desk.services.auth import authenticate, use_hasher
    from ltsa_desk.sync import export_bundle, import_bundle

    runs = 2 if quick else 4
    records = 10_000
    use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    folder = BENCH / "out" / "sync"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    times: dict[str, list[float]] = {}
    floors: dict[str, list[float]] = {}
    try:
        district_template = folder / "district.sqlite"
        province_template = folder / "province.sqlite"
        sync_bench.build_office(district_template, "CILACAP", "33.01")
        sync_bench.build_office(province_template, "PROVINSI", "33.74")
        sync_bench.trust_district(province_template, district_template)
        sync_bench.seed(district_template, records)
        for run in range(runs):
            district_path = folder / f"district-{run}.sqlite"
            shutil.copyfile(district_template, district_path)
            district = open_database(str(district_path))
            supervisor = authenticate(district, "admin", sync_bench.PASSWORD)
            bundle = folder / f"bundle-{run}.zip"
            times.setdefault("export", []).append(
                timed_ms(lambda d=district, s=supervisor, b=bundle: export_bundle(d, s, output=b))
                / 1000
            )
            district.dispose()
            floors.setdefault("export", []).append(
                timed_ms(lambda p=district_path, r=run: _raw_export(p, folder / f"raw-{r}.zip"))
                / 1000
            )
            province = sync_bench._province_copy(province_template, folder, run)
            admin = authenticate(province, "admin", sync_bench.PASSWORD)
            times.setdefault("import", []).append(
                timed_ms(lambda p=province, a=admin, b=bundle: import_bundle(p, a, b)) / 1000
            )
            times.setdefault("re-import", []).append(
                timed_ms(lambda p=province, a=admin, b=bundle: import_bundle(p, a, b)) / 1000
            )
            province.dispose()
            target = folder / f"raw-province-{run}.sqlite"
            shutil.copyfile(province_template, target)
            floors.setdefault("import", []).append(
                timed_ms(lambda t=target, d=district_path: _raw_import(t, d)) / 1000
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    figures = []
    for step, target in (("export", None), ("import", 5.0), ("re-import", None)):
        figure = Figure(
            f"sync_{step.replace('-', '_')}",
            f"sync {step} of 10,000 records",
            "s",
            floor_name="raw rows → JSON zip" if step == "export" else "raw INSERT … SELECT",
            target_on="median",
            target=target,
            target_text="< 5 s" if target else "",
        )
        figure.set_times(times[step], floors.get(step, floors["import"]))
        figures.append(figure)
    figures[0].notes.append(
        f"bench_sync.py's district office: {records:,} records (applicants, plans, items 2:2:6)"
    )
    return figures


SYNC_TABLES = ("applicant", "application", "requirement_item")


def _raw_export(path: Path, target: Path) -> None:
    import zipfile

    conn = sqlite3.connect(path)
    try:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
            for table in SYNC_TABLES:
                cursor = conn.execute(f"SELECT * FROM {table}")
                names = [d[0] for d in cursor.description]
                lines = (json.dumps(dict(zip(names, row, strict=True))) for row in cursor)
                bundle.writestr(f"{table}.jsonl", "\n".join(lines))
    finally:
        conn.close()


def _raw_import(target: Path, source: Path) -> None:
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("ATTACH DATABASE ? AS source", (str(source),))
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO p3mi SELECT * FROM source.p3mi")
        for table in SYNC_TABLES:
            conn.execute(f"INSERT INTO {table} SELECT * FROM source.{table}")
        conn.execute("COMMIT")
    finally:
        conn.close()


# --- memory ---------------------------------------------------------------------------------


def bench_rss(path: Path, meta: dict[str, Any]) -> list[Figure]:
    """Peak RSS of a fresh process that opens the 1M database and searches it, against a bare
    Python process running the same full-text query through sqlite3."""
    child = BENCH / "rss_child.py"

    def peak(mode: str) -> float:
        out = subprocess.run(
            [PYTHON, str(child), mode, str(path), meta["accounts"][2][1]],
            capture_output=True,
            text=True,
            check=True,
            cwd=BENCH.parent,
        ).stdout
        return float(out.strip().splitlines()[-1]) / 1024  # KiB → MiB

    service = [peak("service") for _ in range(3)]
    raw = [peak("raw") for _ in range(3)]
    figure = Figure(
        "rss",
        f"peak RSS, {scale(meta)} database open + searches",
        "MB",
        floor_name="bare python + sqlite3, same query",
        target_on="value",
        target=150.0,
        target_text="< 150 MB",
    )
    figure.set_times(service, raw)
    figure.notes.append("peak resident set (VmHWM) of a child process; 3 runs each")
    desk = [peak("desk") for _ in range(2)]
    desk_figure = Figure(
        "rss_desk",
        "peak RSS, the desk after login + a search",
        "MB",
        floor_name="bare python + sqlite3, same query",
        target_on="value",
        target=150.0,
        target_text="< 150 MB",
    )
    desk_figure.set_times(desk, raw)
    desk_figure.notes.append("headless DeskApp in a child process, logged in, name searched")
    return [figure, desk_figure]


def run_core(
    path: Path, meta: dict[str, Any], quick: bool, only: set[str] | None = None
) -> Iterator[Figure | list[Figure]]:
    """Each group of figures as it is measured (a failure is reported, never fatal)."""
    groups: list[tuple[str, Callable[[], list[Figure]]]] = [
        ("search", lambda: bench_search(path, meta, quick)),
        ("save", lambda: bench_saves(path, meta, quick)),
        ("pdf", lambda: bench_pdf(path, meta, quick)),
        ("recap", lambda: bench_recap(path, meta, quick)),
        ("sync", lambda: bench_sync(quick)),
        ("rss", lambda: bench_rss(path, meta)),
    ]
    for name, action in groups:
        if only and name not in only:
            continue
        try:
            yield action()
        except Exception as exc:  # a half-finished feature must not stop the other figures
            yield Figure(name, name, "ms", error=f"{type(exc).__name__}: {exc}"[:200])
