"""Loading a whole LTSA Desk database (an extract: a district's, a province's, the nation's)
into a new PostgreSQL server database, with COPY.

The source is an SQLite file written by this release (same schema revision), checked first
(``PRAGMA quick_check``) and only read. The target is a PostgreSQL database this release has
just created: it must hold no records, so nothing of an office already working there is ever
mixed with or overwritten. Every table is copied in the order of its references, in one
transaction: a load that fails leaves the target as empty as it was. SQLite's stored values
(UUIDs as 32 hex digits, UTC timestamps without an offset, JSON as text, booleans as 0/1) are
what PostgreSQL's COPY reads for those types, so no value passes through Python objects.
Afterwards the row counts of both sides are compared and PostgreSQL analyses the tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Table, func, select
from sqlmodel import SQLModel

from ltsa_desk.db import models  # noqa: F401  (the tables of the metadata)
from ltsa_desk.db.engine import Database, DatabaseError, check_sqlite_file

#: Rows between two calls of the progress callback.
PROGRESS_EVERY = 50_000
#: progress(table, rows copied so far, rows of the table)
Progress = Callable[[str, int, int], None]


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)


def _source(path: Path, head: str) -> sqlite3.Connection:
    if not path.is_file():
        raise DatabaseError("db.missing", path=str(path))
    check_sqlite_file(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] != head:
            found = revision[0] if revision else "-"
            raise DatabaseError("db.load_revision", path=str(path), revision=found, head=head)
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise DatabaseError("db.corrupt", path=str(path))
    except sqlite3.DatabaseError as exc:
        conn.close()
        if isinstance(exc, sqlite3.OperationalError) and "alembic_version" in str(exc):
            raise DatabaseError("db.foreign_schema", url=str(path)) from exc
        raise DatabaseError("db.corrupt", path=str(path)) from exc
    except DatabaseError:
        conn.close()
        raise
    return conn


def _tables() -> list[Table]:
    return list(SQLModel.metadata.sorted_tables)


def load_extract(
    source_path: Path, target: Database, head: str, progress: Progress | None = None
) -> LoadReport:
    """Copy every table of the SQLite database at ``source_path`` into ``target``."""
    if target.engine.dialect.name != "postgresql":
        raise DatabaseError("db.load_target", url=target.url)
    source = _source(source_path, head)
    report = LoadReport()
    try:
        with target.engine.begin() as conn:
            for table in _tables():
                if conn.execute(select(func.count()).select_from(table)).scalar_one():
                    raise DatabaseError("db.load_not_empty", table=table.name)
            conn.exec_driver_sql("SET LOCAL TimeZone = 'UTC'")  # SQLite's stamps are UTC
            driver = conn.connection.driver_connection
            assert driver is not None
            for table in _tables():
                names = [column.name for column in table.columns]
                listed = ", ".join(f'"{name}"' for name in names)
                total = source.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
                rows = source.execute(f'SELECT {listed} FROM "{table.name}"')
                done = 0
                with (
                    driver.cursor() as cursor,
                    cursor.copy(f'COPY "{table.name}" ({listed}) FROM STDIN') as copy,
                ):
                    while batch := rows.fetchmany(PROGRESS_EVERY):
                        for row in batch:
                            copy.write_row(row)
                        done += len(batch)
                        if progress:
                            progress(table.name, done, total)
                copied = conn.execute(select(func.count()).select_from(table)).scalar_one()
                if copied != total:
                    raise DatabaseError("db.load_count", table=table.name, expected=total)
                report.counts[table.name] = copied
                if progress and not total:
                    progress(table.name, 0, 0)
    finally:
        source.close()
    with target.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return report
