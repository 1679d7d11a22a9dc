"""Where a search spends its time: ``.venv/bin/python bench/profile_search.py [QUERY ...]``.

For each query (defaults: a NIK, one and two letters, a common name, a whole name, a typo) it
prints the service's median, then each SQL statement the service sent with its own median when
replayed through bare sqlite3 (so SQLite's share and Python's share can be told apart), then the
top functions under cProfile. Runs on the cached million-applicant database (reads only).
"""

from __future__ import annotations

import cProfile
import pstats
import sqlite3
import statistics
import sys
import time

from bench_core import SqlCapture, raw_connection
from generate import ensure_database

from ltsa_desk.db.migrate import open_database
from ltsa_desk.services.search import search_applicants

RUNS = 7


def median_ms(action: object, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    database = ensure_database()
    path = database.path
    conn = raw_connection(path)
    nik = conn.execute("SELECT nik FROM applicant WHERE rowid = 123457").fetchone()[0]
    name = conn.execute("SELECT full_name FROM applicant WHERE rowid = 654321").fetchone()[0]
    queries = sys.argv[1:] or [nik, "s", "su", "siti", name, "nurhalisa"]
    db = open_database(str(path), create=False, migrate=False)
    capture = SqlCapture(db)
    for query in queries:
        with capture.capturing() as statements:
            hits = search_applicants(db, query)
        sql = list(statements)
        total = median_ms(lambda q=query: search_applicants(db, q))
        print(f"\n=== {query!r}: {len(hits)} hits, service median {total:.1f} ms")
        raw_total = 0.0
        for statement, params in sql:
            ms = median_ms(lambda s=statement, p=params: _run(conn, s, p))
            raw_total += ms
            shown = " ".join(statement.split())[:110]
            print(f"  {ms:8.2f} ms  {shown}")
        print(
            f"  {raw_total:8.2f} ms  in SQLite (raw replay); {total - raw_total:.2f} ms in Python"
        )
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(3):
            search_applicants(db, query)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(8)
    conn.close()
    db.dispose()


def _run(conn: sqlite3.Connection, statement: str, params: object) -> None:
    if statement.strip().upper().startswith("BEGIN"):
        return
    conn.execute(statement, params or ()).fetchall()  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
