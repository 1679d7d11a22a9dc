"""Peak memory of one process: ``rss_child.py MODE DB_PATH OPERATOR_PASSWORD``; prints KiB.

- ``service``: import the core, open the database as the desk does, run a few searches (a NIK,
  a common name, a prefix, a typo) through ``search_applicants``;
- ``raw``: bare Python and sqlite3 running the common-name full-text query (the floor);
- ``desk``: the Textual desk, headless at 80x24, logged in, a name typed in the search box.
"""

from __future__ import annotations

import asyncio
import resource
import sqlite3
import sys
from pathlib import Path

QUERIES = ("siti", "sri rahayu", "nurhalisa", "su")
FTS = (
    "SELECT a.* FROM applicant_fts f JOIN applicant a ON a.rowid = f.rowid "
    "WHERE applicant_fts MATCH ? ORDER BY bm25(applicant_fts) LIMIT 20"
)


def service(path: str) -> None:
    from ltsa_desk.db.migrate import open_database
    from ltsa_desk.services.search import search_applicants

    db = open_database(path)
    nik = sqlite3.connect(path).execute("SELECT nik FROM applicant LIMIT 1").fetchone()[0]
    for query in (nik, *QUERIES):
        search_applicants(db, query)
    db.dispose()


def raw(path: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(FTS, ('"siti"*',)).fetchall()
    conn.close()


def desk(path: str, password: str) -> None:
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    from bench_ui import desk_app, log_in

    async def scenario() -> None:
        app = desk_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await log_in(pilot, "operator", password)
            home = app.screen
            await pilot.press(*"siti")
            await pilot.pause(0.5)
            await app.workers.wait_for_complete()
            assert home is app.screen

    asyncio.run(scenario())


def main() -> None:
    mode, path, password = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "service":
        service(path)
    elif mode == "raw":
        raw(path)
    else:
        desk(path, password)
    print(peak_kib())


def peak_kib() -> int:
    """The process's peak resident set. ``VmHWM`` belongs to the address space made at exec;
    ``ru_maxrss`` is kept across exec on Linux and would report the parent's peak."""
    try:
        with Path("/proc/self/status").open() as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
