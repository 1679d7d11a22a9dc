"""Where the recap spends its time:
``.venv/bin/python bench/profile_recap.py [operator] [--db COPY.sqlite]``.

Captures the SQL ``compute_recap`` sends for the cached database's last day (the office, or
with ``operator`` one operator's scope), replays each statement through bare sqlite3 and prints
its median and SQLite's query plan, slowest first. Reads only.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

from bench_core import SqlCapture, actor_of, raw_connection
from generate import ensure_database

from ltsa_desk.db.migrate import open_database
from ltsa_desk.reports import Period, compute_recap


def main() -> None:
    database = ensure_database()
    scope = {"operator_username": "operator"} if "operator" in sys.argv[1:] else {}
    path = Path(sys.argv[sys.argv.index("--db") + 1]) if "--db" in sys.argv else database.path
    db = open_database(str(path), create=False, migrate=False)
    conn = raw_connection(path)
    capture = SqlCapture(db)
    actor = actor_of(db, "supervisor")
    period = Period.day(date.fromisoformat(database.meta["last_day"]))
    compute_recap(db, actor, period, **scope)
    with capture.capturing() as statements:
        compute_recap(db, actor, period, **scope)
    timed = []
    for statement, params in statements:
        if statement.strip().upper().startswith("BEGIN"):
            continue
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            conn.execute(statement, params or ()).fetchall()
            runs.append((time.perf_counter() - start) * 1000)
        plan = conn.execute("EXPLAIN QUERY PLAN " + statement, params or ()).fetchall()
        timed.append((statistics.median(runs), statement, plan))
    total = sum(t[0] for t in timed)
    print(f"{len(timed)} statements, {total:.0f} ms in SQLite")
    for ms, statement, plan in sorted(timed, key=lambda t: t[0], reverse=True)[:6]:
        print(f"\n{ms:8.1f} ms  {' '.join(statement.split())[:400]}")
        for row in plan:
            print(f"            {row[-1]}")
    conn.close()
    db.dispose()


if __name__ == "__main__":
    main()
