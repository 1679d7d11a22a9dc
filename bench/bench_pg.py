"""The figures on PostgreSQL: ``bench/run --db postgresql://…``.

The server database (created if missing) is loaded once from the cached SQLite database with
the product's own ``ltsa-desk db load`` path (``ltsa_desk.db.load``, COPY), timed, and reused
while it holds the applicants; ``--drop`` drops it at the end. The search and recap figures then
run on it exactly as on SQLite, each beside its floor: the very statements the service sent
(captured from SQLAlchemy's ``before_cursor_execute`` with their parameters) replayed through
a bare psycopg connection, every row fetched.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from bench_core import Target
from harness import Figure
from sqlalchemy import event
from sqlalchemy.engine import make_url

from ltsa_desk.db.engine import resolve_db_url
from ltsa_desk.db.load import load_extract
from ltsa_desk.db.migrate import head_revision, open_database


def _plain(url: str) -> str:
    return make_url(resolve_db_url(url)).set(drivername="postgresql").render_as_string(False)


def pg_target(url: str) -> Target:
    db = open_database(url)
    statements: list[tuple[str, Any]] = []
    state = {"on": False}

    @event.listens_for(db.engine, "before_cursor_execute")
    def _record(_conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, many: bool) -> None:
        if state["on"] and not many:
            statements.append((sql, params))

    @contextmanager
    def capturing() -> Iterator[list[tuple[str, Any]]]:
        statements.clear()
        state["on"] = True
        try:
            yield statements
        finally:
            state["on"] = False

    raw = psycopg.connect(_plain(url))

    def replay(sql: list[tuple[str, Any]]) -> None:
        with raw.cursor() as cursor:
            for statement, params in sql:
                cursor.execute(statement, params)
                if cursor.description is not None:
                    cursor.fetchall()
        raw.rollback()

    def close() -> None:
        raw.close()
        db.dispose()

    return Target(
        db,
        capturing,
        replay,
        close,
        label=" (PostgreSQL)",
        suffix="_pg",
        floor_name="same SQL, raw psycopg",
    )


def ensure_loaded(url: str, source: Path) -> list[Figure]:
    """Load the SQLite database into the server database unless it already holds it."""
    target = make_url(resolve_db_url(url))
    with psycopg.connect(_maintenance(url), autocommit=True) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)
        ).fetchone():
            conn.execute(f'CREATE DATABASE "{target.database}"')
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            held = conn.exec_driver_sql("SELECT count(*) FROM applicant").scalar_one()
        if held:
            print(f"postgresql: reusing {held:,} applicants at {url}", flush=True)
            return []
        began = time.perf_counter()
        report = load_extract(source, db, head_revision(), _progress)
        seconds = time.perf_counter() - began
    finally:
        db.dispose()
    rows = sum(report.counts.values())
    figure = Figure(
        "pg_load",
        "load the database into PostgreSQL (ltsa-desk db load)",
        "s",
        target_on="value",
        target_text="",
    )
    figure.set_times([seconds])
    figure.notes.append(f"{rows:,} rows in {len(report.counts)} tables, COPY, indexes in place")
    return [figure]


def _progress(table: str, done: int, total: int) -> None:
    if done == total:
        print(f"  loaded {table}: {total:,} rows", flush=True)


def drop_database(url: str) -> None:
    """The benchmark's server database, dropped at the end (``--drop``)."""
    target = make_url(resolve_db_url(url))
    with psycopg.connect(_maintenance(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')


def _maintenance(url: str) -> str:
    return _plain(make_url(resolve_db_url(url)).set(database="postgres").render_as_string(False))
