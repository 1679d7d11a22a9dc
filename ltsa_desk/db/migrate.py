"""Schema versions: create, upgrade after a backup, or refuse a database from a newer release."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect
from sqlalchemy import exc as sa_exc

from ltsa_desk.db.backup import backup_database
from ltsa_desk.db.engine import (
    ANALYSIS_LIMIT,
    Database,
    DatabaseError,
    check_sqlite_file,
    create_private_file,
    make_engine,
    resolve_db_url,
    sqlite_path,
)

MIGRATIONS = Path(__file__).parent / "migrations"


log = logging.getLogger(__name__)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def _scripts() -> ScriptDirectory:
    # Reading the revision files costs ~20 ms; they do not change while the program runs.
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    return {rev.revision for rev in _scripts().walk_revisions()}


def upgrade(db: Database, revision: str = "head") -> None:
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def open_database(db: str | None = None, *, create: bool = True, migrate: bool = True) -> Database:
    """Open (and if allowed create or upgrade) the database at a path or URL.

    An older schema is backed up first, then upgraded; a schema this release does not know
    (written by a newer LTSA Desk) is refused untouched, since downgrading it would lose data.
    """
    url = resolve_db_url(db)
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_file(path)
        if not path.exists():
            if not create:
                raise DatabaseError("db.missing", path=str(path))
            create_private_file(path)
    database = Database(url, make_engine(url))
    try:
        _ensure_schema(database, migrate=migrate)
        _refresh_statistics(database)
    except sa_exc.DatabaseError as exc:
        database.dispose()
        # A damaged SQLite file, or a server that refuses us: say so; never "repair" the file.
        if path is not None and "malformed" in str(exc.orig).lower():
            raise DatabaseError("db.corrupt", path=str(path)) from exc
        raise DatabaseError(
            "db.unreachable", url=_display(database), reason=str(exc.orig)[:200]
        ) from exc
    except Exception:
        database.dispose()
        raise
    return database


def _ensure_schema(database: Database, *, migrate: bool) -> None:
    current = current_revision(database)
    head = head_revision()
    if current == head:
        return
    if current is None:
        tables = set(inspect(database.engine).get_table_names())
        if tables:
            raise DatabaseError("db.foreign_schema", url=_display(database))
        upgrade(database)
        return
    if current not in known_revisions():
        raise DatabaseError("db.too_new", url=_display(database), revision=current)
    if not migrate:
        raise DatabaseError("db.needs_upgrade", url=_display(database), revision=current)
    backup_database(database, reason=f"before-upgrade-{current}")
    upgrade(database)


def _refresh_statistics(database: Database) -> None:
    """Give SQLite's planner statistics (``sqlite_stat1``) once the tables hold data.

    Without statistics SQLite assumes every index is selective; with one office in the
    database, "this office's plans" then walks all of them (a one-operator recap took 2.2 s
    instead of 0.12 s over a million applicants, bench/analysis.md §7). A database whose
    applicants have never been analysed gets a sampled ``ANALYZE`` here (``analysis_limit``:
    tens of milliseconds over millions of rows); afterwards ``PRAGMA optimize``, here and when
    each connection closes (engine.py), re-analyses the tables that grew much since.
    PostgreSQL's autovacuum keeps its own statistics.

    Another desk may be writing while this one opens. The refresh writes, so it queues for the
    write lock up front (``BEGIN IMMEDIATE``, waiting up to the busy timeout) instead of reading
    first and failing at once when it would have to upgrade to a write; and since statistics
    only make plans faster, a database still busy after the wait opens without them.
    """
    if not database.is_sqlite:
        return
    writer = database.engine.execution_options(sqlite_immediate=True)
    try:
        with writer.connect() as conn, conn.begin():
            analysed = (
                conn.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
                ).first()
                and conn.exec_driver_sql(
                    "SELECT 1 FROM sqlite_stat1 WHERE tbl = 'applicant'"
                ).first()
            )
            conn.exec_driver_sql("PRAGMA optimize=0x10002" if analysed else "ANALYZE")
            _untruncate_leading_columns(conn)
    except sa_exc.OperationalError as exc:
        if not _is_busy(exc):
            raise
        log.info("statistics not refreshed at open: the database is busy (%s)", exc.orig)


def _is_busy(exc: sa_exc.OperationalError) -> bool:
    message = str(exc.orig).lower()
    return "locked" in message or "busy" in message


#: Distinct leading values counted, one index seek each, before a column is taken as selective.
_FEW_VALUES = 10_000


def _untruncate_leading_columns(conn: Connection) -> None:
    """Correct the rows-per-value that a sampled ANALYZE gives an index led by a column of few
    values (``office_id``, ``entity``, ``status``).

    The sample reads the index's first ``analysis_limit`` entries, all of one value, so
    ``sqlite_stat1`` says ~1,000 rows per office where there are 139,000 (bench/analysis.md
    §7), and the planner prefers that index to one that really narrows the query. For such an
    index the distinct leading values are counted by skipping through the index (one seek
    per value, at most ``_FEW_VALUES``) and the figure is written back; the planner reloads
    it. Costs milliseconds; an index with many leading values keeps its sampled figure.
    """
    if not conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        return
    rows = conn.exec_driver_sql("SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx IS NOT NULL")
    fixed = False
    for table, index, stat in rows.all():
        figures = str(stat).split()
        if len(figures) < 2 or not all(f.isdigit() for f in figures[:2]):
            continue
        if int(figures[1]) < ANALYSIS_LIMIT // 2:
            continue  # the sample saw several values: its figure holds
        columns = conn.exec_driver_sql(f'PRAGMA index_info("{index}")').all()
        if not columns or columns[0][2] is None:
            continue
        column = columns[0][2]
        distinct = _distinct_values(conn, str(table), str(column))
        # The sample's row count is an estimate too; the largest rowid is a close one for
        # tables that are appended to (one seek).
        total = conn.exec_driver_sql(f'SELECT max(rowid) FROM "{table}"').scalar()
        if not distinct or not total:
            continue
        corrected = [str(total), str(max(1, round(int(total) / distinct)))]
        if corrected != figures[:2]:
            figures[:2] = corrected
            conn.exec_driver_sql(
                "UPDATE sqlite_stat1 SET stat = ? WHERE tbl = ? AND idx = ?",
                (" ".join(figures), table, index),
            )
            fixed = True
    if fixed:
        conn.exec_driver_sql("ANALYZE sqlite_schema")  # the planner reads the new figures


def _distinct_values(conn: Connection, table: str, column: str) -> int | None:
    """How many values ``column`` holds (NULL aside), by a loose index scan; None if many."""
    counted = conn.exec_driver_sql(
        f'WITH RECURSIVE v(x) AS (SELECT min("{column}") FROM "{table}" '
        f'UNION ALL SELECT (SELECT min("{column}") FROM "{table}" WHERE "{column}" > v.x) '
        f"FROM v WHERE v.x IS NOT NULL LIMIT {_FEW_VALUES}) SELECT count(x) FROM v"
    ).scalar_one()
    values = int(counted)
    return None if values >= _FEW_VALUES else values


def _display(database: Database) -> str:
    path = database.path
    return str(path) if path else database.engine.url.render_as_string(hide_password=True)
