"""The fixes recommended in ``analysis.md``, tried on the cached million-applicant database
without touching the desk's code: ``.venv/bin/python bench/prototypes.py [search|form|startup]``.

Each prototype answers the same question as the service it would replace, and is timed against
it and against the raw SQL floor, on the same queries as ``bench/run``.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_core import SEED, SqlCapture, _typo, raw_connection, replay, search_queries
from generate import ensure_database
from harness import interleaved, median_p95
from sqlalchemy import text

from ltsa_desk.db.engine import Database
from ltsa_desk.db.migrate import open_database
from ltsa_desk.services.search import (
    FUZZY_MIN_SCORE,
    SearchHit,
    name_key,
    search_applicants,
    word_match_score,
)

HIT_COLUMNS = (
    "a.id, a.full_name, a.nik, a.birth_date, a.sex, "
    "(SELECT p.registration_number FROM application p WHERE p.applicant_id = a.id "
    " ORDER BY p.created_at DESC LIMIT 1), "
    "(SELECT p.id FROM application p WHERE p.applicant_id = a.id "
    " ORDER BY p.created_at DESC LIMIT 1)"
)


def _hit(row: Any, matched_on: str) -> SearchHit:
    from datetime import date

    return SearchHit(
        applicant_id=uuid.UUID(row[0]),
        full_name=row[1],
        nik=row[2],
        birth_date=date.fromisoformat(row[3]),
        sex=row[4],
        registration_number=row[5],
        application_id=uuid.UUID(row[6]) if row[6] else None,
        matched_on=matched_on,
    )


def nik_core(db: Database, nik: str) -> list[SearchHit]:
    """NIK lookup as one Core statement (no ORM objects, no second round trip)."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT {HIT_COLUMNS} FROM applicant a WHERE a.nik = :nik"), {"nik": nik}
        ).all()
    return [_hit(r, "nik") for r in rows]


def _fts(words: list[str]) -> str:
    return " ".join(f'"{w}"*' for w in words)


def name_recent_first(db: Database, query: str, limit: int = 20) -> list[SearchHit]:
    """Name search without bm25: matches newest first (FTS5 walks its doclist backwards and
    stops at the limit), nothing searched under two letters; one Core statement."""
    words = name_key(query).split()
    if not words or sum(len(w) for w in words) < 2:
        return []
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT {HIT_COLUMNS} FROM applicant a WHERE a.rowid IN ("
                "SELECT rowid FROM applicant_fts WHERE applicant_fts MATCH :q "
                "ORDER BY rowid DESC LIMIT :n) ORDER BY a.rowid DESC"
            ),
            {"q": _fts(words), "n": limit},
        ).all()
    return [_hit(r, "name") for r in rows]


def fuzzy_narrowing(db: Database, query: str, limit: int = 20, pool: int = 2000) -> list[SearchHit]:
    """The typo fallback on a narrow candidate set: each typed word is cut back to its longest
    prefix that still matches a name (the typo is usually after it), all words' prefixes are
    required together, and at most ``pool`` candidates (newest first) are re-ranked."""
    words = name_key(query).split()
    prefixes = []
    with db.engine.connect() as conn:
        probe = text("SELECT 1 FROM applicant_fts WHERE applicant_fts MATCH :q LIMIT 1")
        for word in words:
            for cut in range(len(word), 1, -1):
                if conn.execute(probe, {"q": _fts([word[:cut]])}).first():
                    prefixes.append(word[:cut])
                    break
        if not prefixes:
            return []
        rows = conn.execute(
            text(
                f"SELECT {HIT_COLUMNS}, a.name_key FROM applicant a WHERE a.rowid IN ("
                "SELECT rowid FROM applicant_fts WHERE applicant_fts MATCH :q "
                "ORDER BY rowid DESC LIMIT :n)"
            ),
            {"q": _fts(prefixes), "n": pool},
        ).all()
    scored = [(word_match_score(words, r[7]), r) for r in rows]
    scored = [s for s in scored if s[0] >= FUZZY_MIN_SCORE]
    scored.sort(key=lambda s: (-s[0], s[1][7]))
    return [_hit(r, "name_fuzzy") for _, r in scored[:limit]]


def typo_recall(db: Database, names: list[str]) -> None:
    """How often the name before the typo is among the results, service against prototype."""
    rng = random.Random(SEED)
    found = {"service": 0, "proposed": 0}
    tried = 0
    for name in names:
        typo = _typo(name, rng)
        if typo == name:
            continue
        tried += 1
        wanted = name_key(name)
        for label, search in (("service", search_applicants), ("proposed", fuzzy_narrowing)):
            found[label] += any(name_key(h.full_name) == wanted for h in search(db, typo))
    print(
        f"  the intended name among the results: service {found['service']}/{tried}, "
        f"proposed {found['proposed']}/{tried}"
    )


def _compare(
    title: str,
    queries: list[str],
    db: Database,
    conn: sqlite3.Connection,
    capture: SqlCapture,
    prototype: Callable[[Database, str], list[SearchHit]],
) -> None:
    service: list[float] = []
    floor: list[float] = []
    proposed: list[float] = []
    agree = complete = 0
    for query in queries:
        with capture.capturing() as statements:
            now = search_applicants(db, query)
        sql = list(statements)
        mine, raw = interleaved(
            lambda q=query: search_applicants(db, q), lambda s=sql: replay(conn, s), 2, 1
        )
        new, _ = interleaved(lambda q=query: prototype(db, q), lambda: None, 2, 1)
        service += mine
        floor += raw
        proposed += new
        then = prototype(db, query)
        if 0 < len(now) < 20:  # the whole match set: the prototype must find the same people
            complete += 1
            agree += {h.applicant_id for h in now} == {h.applicant_id for h in then}
    for label, values in (("service", service), ("raw SQL floor", floor), ("proposed", proposed)):
        median, p95 = median_p95(values)
        print(f"  {title:<34} {label:<14} median {median:8.2f} ms   p95 {p95:8.2f} ms")
    print(
        f"  {'':<34} same people found in {agree} of the {complete} queries whose whole match "
        "set fits one page"
    )


def field_input_patch() -> None:
    """What the recommended ``FieldInput`` (forms/widgets.py) does: a form field has a fixed
    width, so a key updates the field's virtual size without asking for a screen re-layout."""
    from textual.geometry import Size
    from textual.widget import Widget
    from textual.widgets import Input

    def _watch_value(self: Input, value: str) -> None:
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        self.refresh()
        self._suggestion = ""
        if self.suggester and value:
            self.run_worker(self.suggester._get_suggestion(self, value))
        if self.styles.auto_dimensions:
            self.refresh(layout=True)
        result = self.validate(value) if "changed" in self.validate_on else None
        self.post_message(self.Changed(self, value, result))
        if self._initial_value:
            self.cursor_position = len(self.value)
            self._initial_value = False

    Input._watch_value = _watch_value  # type: ignore[method-assign]


async def form_typing(path: str, password: str) -> dict[str, list[float]]:
    """Key latency typing into five text fields of the intake form (no picker)."""
    from bench_ui import FrameClock, KeyLog, desk_app, log_in, type_text, wait_for

    from screens.applicant import ApplicantScreen

    app = desk_app(path)
    out: dict[str, list[float]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "operator", password)
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, ApplicantScreen))
        await wait_for(pilot, lambda: app.screen.ready)
        await pilot.pause(1.0)
        await app.workers.wait_for_complete()
        form = app.screen.form
        clock = FrameClock(app)
        for field in ("full_name", "birth_place", "religion", "address_line", "mother_name"):
            form.focus_field(field)
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            log = KeyLog()
            await type_text(pilot, clock, form.control(field), "Siti Aminah", log, field)
            out[field] = log.latencies
            await asyncio.sleep(0.2)
    app.desk.db.dispose()
    return out


def form_main(mode: str) -> None:
    from bench_ui import bench_config

    database = ensure_database()
    os.environ["LTSA_DESK_CONFIG"] = str(bench_config())
    if mode == "patched":
        field_input_patch()
    work = database.path.with_name(f"proto-{mode}.sqlite")
    shutil.copyfile(database.path, work)
    try:
        password = next(p for u, p, _r in database.meta["accounts"] if u == "operator")
        result = asyncio.run(form_typing(str(work), password))
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        for folder in ("drafts", "backups"):
            shutil.rmtree(work.parent / folder, ignore_errors=True)
    print(json.dumps(result))


def form_compare() -> None:
    print("intake form, key → frame in text fields (five fields, 55 keys each way):")
    for mode in ("as-is", "patched", "as-is", "patched"):
        out = subprocess.run(
            [sys.executable, __file__, "form-child", mode],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        values = [v for vs in json.loads(out.strip().splitlines()[-1]).values() for v in vs]
        median, p95 = median_p95(values)
        print(f"  {mode:<8} median {median:6.1f} ms   p95 {p95:6.1f} ms")


def startup_compare() -> None:
    from bench_ui import BENCH, LOGIN_TITLE, ROOT, _tmux, time_to_text

    database = ensure_database()
    commands = {
        "ltsa-desk (as is)": f"{ROOT / '.venv/bin/ltsa-desk'} --db {database.path}",
        "without the CLI parser": f"{sys.executable} {BENCH / 'start_direct.py'} {database.path}",
        "bare Textual": f"{sys.executable} {BENCH / 'bare_app.py'}",
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    _tmux("new-session", "-d", "-s", "keep", "-x", "80", "-y", "24", "sleep 3600")
    try:
        for _ in range(5):
            for name, command in commands.items():
                times[name].append(time_to_text(command, LOGIN_TITLE) * 1000)
    finally:
        _tmux("kill-server", check=False)
    print("start to the login screen (tmux):")
    for name, values in times.items():
        median, p95 = median_p95(values)
        print(f"  {name:<24} median {median:7.0f} ms   p95 {p95:7.0f} ms")


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "search"
    if what == "form-child":
        form_main(sys.argv[2])
    elif what == "form":
        form_compare()
    elif what == "startup":
        startup_compare()
    else:
        search_main()


def search_main() -> None:
    database = ensure_database()
    queries = search_queries(database.path, quick=False)
    db = open_database(str(database.path), create=False, migrate=False)
    capture = SqlCapture(db)
    conn = raw_connection(database.path)
    try:
        print("NIK lookup, one Core statement:")
        _compare("NIK", queries["nik"], db, conn, capture, nik_core)
        print("name search, newest first, nothing under 2 letters:")
        _compare(
            "as you type (every prefix)", queries["prefix"], db, conn, capture, name_recent_first
        )
        _compare("whole names", queries["name"], db, conn, capture, name_recent_first)
        print("typo fallback, narrowing prefixes:")
        _compare("one letter wrong", queries["typo"], db, conn, capture, fuzzy_narrowing)
        typo_recall(db, queries["name"][:30])
    finally:
        conn.close()
        db.dispose()


if __name__ == "__main__":
    main()
