"""The desk's figures as the operator feels them: start-up, key press → screen updated, and the
keys a complete intake takes.

Start-up is measured in a real terminal: each app is spawned in a detached tmux session at
80x24 and ``tmux capture-pane`` is polled (every ~5 ms) until the login title is on the screen;
the floor is ``bare_app.py`` (one Label with the same words, one Input) spawned the same way.

Key latency is measured in process with Textual's Pilot (headless, 80x24): the app's
``_display`` is wrapped so that every frame the compositor produces is time-stamped (and turned
into the escape sequence a terminal would get, which headless mode skips). A key's latency is
the time from ``pilot.press`` to the first frame in which the field shows the new character:
key dispatch, the handlers (validation, drafts, search workers started), layout, render. Keys
are paced like a fast typist (120 ms apart), so background work started by one key (a search
in a thread, a draft save) competes with the next, as it does at the counter. The floor is the
same text typed into ``bare_app.py``'s one Input the same way.
"""

from __future__ import annotations

import asyncio
import compileall
import shutil
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import BENCH, PYTHON, ROOT, Figure, median_p95, scale

PACE = 0.12
TMUX_SOCKET = "ltsa-bench"
LOGIN_TITLE = "Masuk petugas"


# --- start-up -------------------------------------------------------------------------------


def _tmux(*args: str, check: bool = True) -> str:
    return subprocess.run(
        ["tmux", "-L", TMUX_SOCKET, *args], capture_output=True, text=True, check=check
    ).stdout


def time_to_text(command: str, text: str, timeout: float = 30.0) -> float:
    """Seconds from spawning ``command`` in a fresh 80x24 tmux window until ``text`` shows."""
    session = f"s{time.monotonic_ns()}"
    start = time.perf_counter()
    _tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
    try:
        while time.perf_counter() - start < timeout:
            if text in _tmux("capture-pane", "-p", "-t", session, check=False):
                return time.perf_counter() - start
            time.sleep(0.004)
        raise TimeoutError(f"{text!r} never appeared for {command!r}")
    finally:
        _tmux("kill-session", "-t", session, check=False)


def bench_startup(db_path: Path, runs: int) -> Figure:
    if shutil.which("tmux") is None:
        return Figure("startup", "cold start to the login screen", "ms", error="no tmux")
    from ltsa_desk.config import load_settings

    skip_daily_backup(db_path, load_settings().backup_dir)  # the login is never reached anyway
    # A desk PC has the project's bytecode cached after its first start; a shell with
    # PYTHONDONTWRITEBYTECODE set would otherwise compile the desk's modules on every start.
    for package in ("ltsa_desk", "screens", "forms"):
        compileall.compile_dir(ROOT / package, quiet=1)
    desk = f"{ROOT / '.venv/bin/ltsa-desk'} --db {db_path}"
    bare = f"{PYTHON} {BENCH / 'bare_app.py'}"
    _tmux("new-session", "-d", "-s", "keep", "-x", "80", "-y", "24", "sleep 3600")
    try:
        time_to_text(bare, LOGIN_TITLE)  # warm the OS file cache for both
        time_to_text(desk, LOGIN_TITLE)
        mine: list[float] = []
        runs = max(3, runs)
        floor: list[float] = []
        for run in range(runs):
            first, second = (desk, bare) if run % 2 else (bare, desk)
            for command in (first, second):
                seconds = time_to_text(command, LOGIN_TITLE)
                (mine if command == desk else floor).append(seconds * 1000)
    finally:
        _tmux("kill-server", check=False)
    figure = Figure(
        "startup",
        "start to the login screen (tmux 80x24)",
        "ms",
        floor_name="bare Textual app, one Input",
        target_on="ratio",
        target=1.3,
        target_text="≤ 1.3× bare Textual",
    )
    figure.set_times(mine, floor)
    figure.notes.append(
        f"{runs} runs each, alternating; the process is new each time, Python's bytecode cache "
        "and the OS file cache are warm (as on a desk PC after the first start of the day)"
    )
    return figure


# --- frames and keys ------------------------------------------------------------------------


class FrameClock:
    """Time-stamps every frame the app's compositor produces, with the watched field's value."""

    def __init__(self, app: Any) -> None:
        self.frames: list[tuple[float, str]] = []
        self.watch: Callable[[], str] = lambda: ""
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            render = getattr(renderable, "render_segments", None)
            if render is not None and app.is_headless:
                render(app.console)  # what a real terminal would be sent
            original(screen, renderable)
            self.frames.append((time.perf_counter(), self.watch()))

        app._display = display

    async def shown(self, since: float, expected: str, timeout: float = 5.0) -> float:
        """The time of the first frame after ``since`` showing ``expected``."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            first = None
            for moment, value in reversed(self.frames):
                if moment < since:
                    break
                if value == expected:
                    first = moment
            if first is not None:
                return first
            await asyncio.sleep(0.001)
        raise TimeoutError(f"no frame showed {expected!r}")


def key_of(char: str) -> str:
    return char  # Pilot maps single characters (" " → space, "-" → minus) itself


@dataclass
class KeyLog:
    """Every key of a scripted session, by kind, and the echo latency of each typed character."""

    data: int = 0
    choice: int = 0
    navigation: int = 0
    latencies: list[float] = field(default_factory=list)
    #: The field each latency was measured in.
    fields: list[str] = field(default_factory=list)
    navigation_keys: list[str] = field(default_factory=list)

    def slowest_fields(self, count: int = 4) -> str:
        by_field: dict[str, list[float]] = {}
        for name, ms in zip(self.fields, self.latencies, strict=True):
            by_field.setdefault(name, []).append(ms)
        medians = sorted(((median_p95(v)[0], name) for name, v in by_field.items()), reverse=True)[
            :count
        ]
        return ", ".join(f"{name} {ms:.0f} ms" for ms, name in medians)


async def type_text(
    pilot: Any, clock: FrameClock, widget: Any, text: str, log: KeyLog, label: str = ""
) -> float:
    """Type ``text`` into the focused ``widget`` key by key, timing each echo; returns when the
    last key was pressed."""
    clock.watch = lambda: str(widget.value)
    since = time.perf_counter()
    for char in text:
        expected = str(widget.value) + char
        since = time.perf_counter()
        await pilot.press(key_of(char))
        shown = await clock.shown(since, expected)
        log.latencies.append((shown - since) * 1000)
        log.fields.append(label)
        await asyncio.sleep(PACE)
    return since


async def press_navigation(pilot: Any, key: str, log: KeyLog) -> None:
    log.navigation += 1
    log.navigation_keys.append(key)
    await pilot.press(key)
    await asyncio.sleep(PACE)


async def wait_for(pilot: Any, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen never got there")
        await pilot.pause(0.02)


def bench_config() -> Path:
    """A config of its own (no user settings), prints and backups under bench/out."""
    out = BENCH / "out"
    path = out / "config.toml"
    path.write_text(
        f'output_dir = "{out / "prints"}"\nbackup_dir = "{out / "backups"}"\nlang = "id"\n'
    )
    return path


def desk_app(path: str) -> Any:
    from ltsa_desk.config import load_settings
    from ltsa_desk.db.migrate import open_database
    from ltsa_desk.drafts import DraftStore
    from screens.app import DeskApp
    from screens.context import DeskContext

    settings = load_settings()
    skip_daily_backup(Path(path), settings.backup_dir)
    db = open_database(path)
    desk = DeskContext.ready(db=db, settings=settings, lang="id", drafts=DraftStore.beside(db))
    return DeskApp(desk, cursor_blink=False)


def skip_daily_backup(path: Path, folder: Path | None) -> None:
    """The day's first login backs the database up in a worker: 4 GB copied and checked while
    the keys are being timed. A marker file named like today's backup says it is done."""
    from datetime import date

    folder = folder or path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = date.today().strftime("%Y%m%d")
    (folder / f"{path.stem}-{stamp}-000000-000000-daily.sqlite").touch()


async def log_in(pilot: Any, username: str, password: str) -> None:
    from textual.widgets import Input

    from screens.home import HomeScreen
    from screens.login import LoginScreen

    app = pilot.app
    await wait_for(
        pilot, lambda: isinstance(app.screen, LoginScreen) and bool(app.screen.query("#username"))
    )
    app.screen.query_one("#username", Input).value = username
    app.screen.query_one("#password", Input).value = password
    await pilot.press("f10")
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    await app.workers.wait_for_complete()


# --- the search box -------------------------------------------------------------------------


async def search_session(
    pilot: Any, clock: FrameClock, names: list[str], log: KeyLog
) -> list[float]:
    """Type each name into the home screen's search box; returns, per name, the time from the
    last key to the frame showing that name's results."""
    from textual.widgets import Input

    app = pilot.app
    home = app.screen
    box = home.query_one("#search", Input)
    shown_at: dict[str, float] = {}
    original = home.show_hits

    def show_hits(query: str, hits: Any) -> None:
        original(query, hits)
        shown_at[query] = time.perf_counter()

    home.show_hits = show_hits
    results: list[float] = []
    for name in names:
        box.value = ""
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)
        last_key = await type_text(pilot, clock, box, name, log, "search")
        deadline = time.perf_counter() + 20
        while name not in shown_at and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        if name in shown_at:
            frame = await clock.shown(shown_at[name], name)
            results.append((frame - last_key) * 1000)
    return results


# --- the intake form ------------------------------------------------------------------------


@dataclass
class Intake:
    """One applicant as typed at the counter, with a placement plan (HK domestic work)."""

    nik: str
    full_name: str
    birth_place: str = "Kebumen"
    religion: str = "Islam"
    kk_number: str = ""
    phone: str = "081234567890"
    address_line: str = "Dusun Krajan RT 02/RW 03"
    father_name: str = "Slamet Riyadi"
    mother_name: str = "Suminah"
    spouse_name: str = "Agus Salim"
    emergency_name: str = "Slamet Riyadi"
    emergency_relation: str = "Ayah"
    emergency_phone: str = "085712345678"
    job: str = "Penata laksana rumah tangga"
    planned_departure: str = ""

    def data_characters(self) -> int:
        return sum(len(str(v)) for v in self.__dict__.values())


async def pick(
    pilot: Any, clock: FrameClock, form: Any, name: str, wanted: str, log: KeyLog
) -> None:
    """Choose ``wanted`` (a value, or a label's start) in a picker with the fewest keys: the
    shortest start of its label that puts it first in the list, then Enter."""
    from forms.widgets import Picker

    app = pilot.app
    picker = form.control(name)
    assert isinstance(picker, Picker)
    await app.workers.wait_for_complete()
    if picker.value and (picker.value == wanted or picker.label.casefold().startswith(wanted)):
        await press_navigation(pilot, "enter", log)  # already filled (from the NIK)
        return
    assert picker.source is not None
    everything = picker.source("")
    target = next(
        c
        for c in everything
        if c.value == wanted or c.label.casefold().startswith(wanted.casefold())
    )
    prefix = ""
    for char in target.label:
        prefix += char
        first = picker.source(prefix)
        if first and first[0].value == target.value:
            break
    await type_text(pilot, clock, picker.input, prefix, log, name)
    log.choice += len(prefix)
    await app.workers.wait_for_complete()
    await pilot.pause(0.05)
    await press_navigation(pilot, "enter", log)


async def intake_session(pilot: Any, clock: FrameClock, person: Intake, log: KeyLog) -> Any:
    """The whole intake from the home screen: F2, every field in order, F10; returns the
    screen shown after the save."""
    from textual.widgets import Input

    from forms.applicant import ApplicantForm
    from screens.applicant import ApplicantScreen

    app = pilot.app
    await press_navigation(pilot, "f2", log)
    await wait_for(pilot, lambda: isinstance(app.screen, ApplicantScreen))
    screen = app.screen
    await wait_for(pilot, lambda: screen.ready)
    form = screen.query_one(ApplicantForm)

    async def text(name: str, value: str) -> None:
        widget = form.control(name)
        assert isinstance(widget, Input)
        await wait_for(pilot, lambda: app.focused is widget, 5)
        before = log.data
        await type_text(pilot, clock, widget, value, log, name)
        log.data = before + len(value)
        await press_navigation(pilot, "enter", log)

    async def skip() -> None:
        await press_navigation(pilot, "tab", log)

    steps: list[Callable[[], Awaitable[None]]] = [
        lambda: text("nik", person.nik),
        lambda: text("full_name", person.full_name),
        lambda: text("birth_place", person.birth_place),
        lambda: text("birth_date", ""),  # filled from the NIK: Enter only
        lambda: pick(pilot, clock, form, "sex", "P", log),
        lambda: pick(pilot, clock, form, "marital_status", "married", log),
        lambda: text("religion", person.religion),
        lambda: text("kk_number", person.kk_number),
        skip,  # passport number: not yet
        skip,  # name in passport
        lambda: text("phone", person.phone),
        skip,  # email
        lambda: text("address_line", person.address_line),
        lambda: pick(pilot, clock, form, "province", "33", log),
        lambda: pick(pilot, clock, form, "regency", "33.05", log),
        lambda: pick(
            pilot,
            clock,
            form,
            "district",
            person.nik[:2] + "." + person.nik[2:4] + "." + person.nik[4:6],
            log,
        ),
        lambda: pick(pilot, clock, form, "village_code", "", log),
        lambda: text("father_name", person.father_name),
        lambda: text("mother_name", person.mother_name),
        lambda: text("spouse_name", person.spouse_name),
        lambda: text("emergency_name", person.emergency_name),
        lambda: text("emergency_relation", person.emergency_relation),
        lambda: text("emergency_phone", person.emergency_phone),
        lambda: pick(pilot, clock, form, "education", "sma", log),
        skip,  # notes
        lambda: pick(pilot, clock, form, "scheme", "p2p", log),
        lambda: text("destination", "HK"),
        skip,  # programme: none for P to P
        lambda: pick(pilot, clock, form, "sector", "domestic", log),
        lambda: text("job", person.job),
        lambda: pick(pilot, clock, form, "p3mi_id", "pt bina", log),
        lambda: text("job_order_number", "JO/HK/123/2026"),
        skip,  # employer
        skip,  # name in the contract
        lambda: text("planned_departure", person.planned_departure),
    ]
    for step in steps:
        await step()
    await press_navigation(pilot, "f10", log)
    await wait_for(pilot, lambda: app.screen is not screen, 30)
    await app.workers.wait_for_complete()
    return app.screen


# --- the runs -------------------------------------------------------------------------------


def _kebumen_person(path: Path, meta: dict[str, Any]) -> Intake:
    """A new applicant from Kebumen (no out-of-area warning), a NIK no one holds yet."""
    import sqlite3
    from datetime import date, timedelta

    from ltsa_desk.identity import children

    district = children("33.05")[4].digits
    birth = date.today() - timedelta(days=26 * 365 + 40)
    conn = sqlite3.connect(path)
    try:
        serial = 7001
        while True:
            nik = (
                f"{district}{birth.day + 40:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
            )
            if conn.execute("SELECT 1 FROM applicant WHERE nik = ?", (nik,)).fetchone() is None:
                break
            serial += 1
    finally:
        conn.close()
    departure = date.today() + timedelta(days=120)
    return Intake(
        nik=nik,
        full_name="Siti Nurhaliza Rahmawati",
        kk_number=f"{district}0101150{serial:03d}"[:16],
        planned_departure=departure.strftime("%d-%m-%Y"),
    )


async def desk_session(path: Path, meta: dict[str, Any], names: list[str]) -> dict[str, Any]:
    app = desk_app(str(path))
    password = next(p for u, p, _r in meta["accounts"] if u == "operator")
    person = _kebumen_person(path, meta)
    out: dict[str, Any] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "operator", password)
        clock = FrameClock(app)
        search_log = KeyLog()
        out["search_results"] = await search_session(pilot, clock, names, search_log)
        out["search_echo"] = search_log.latencies
        app.screen.query_one("#search").value = ""
        await app.workers.wait_for_complete()
        intake_log = KeyLog()
        try:
            after = await intake_session(pilot, clock, person, intake_log)
            out["saved_to"] = type(after).__name__
        except Exception as exc:  # the form is still being finished: keep what was measured
            out["intake_error"] = f"{type(exc).__name__}: {exc}"[:200]
        out["intake"] = intake_log
        out["person"] = person
    app.desk.db.dispose()
    return out


async def bare_session(texts: list[str]) -> list[float]:
    from bare_app import BareApp
    from textual.widgets import Input

    app = BareApp()
    log = KeyLog()
    async with app.run_test(size=(80, 24)) as pilot:
        clock = FrameClock(app)
        box = app.query_one(Input)
        box.focus()
        for value in texts:
            box.value = ""
            await pilot.pause(0.05)
            await type_text(pilot, clock, box, value, log)
    return log.latencies


def bench_ui(path: Path, meta: dict[str, Any], quick: bool) -> list[Figure]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT full_name FROM applicant WHERE rowid % 99991 = 7 LIMIT ?",
                (3 if quick else 8,),
            )
        ]
    finally:
        conn.close()
    desk = asyncio.run(desk_session(path, meta, names))
    intake: KeyLog = desk["intake"]
    person: Intake = desk["person"]
    typed = [*names, *(v for v in person.__dict__.values() if v)]
    floor = asyncio.run(bare_session(typed))
    figures = []
    search = Figure(
        "key_search",
        "key → screen updated: home search box",
        "ms",
        floor_name="bare Textual Input",
        target_on="p95",
        target=16.0,
        target_text="p95 < 16 ms",
    )
    search.set_times(desk["search_echo"], floor)
    search.notes.append(
        f"{len(desk['search_echo'])} keys typing {len(names)} names; each key starts a search "
        f"of the {scale(meta)} database in a thread"
    )
    figures.append(search)
    results = Figure(
        "search_results_shown",
        f"last key → results shown (search box, {scale(meta)})",
        "ms",
        target_on="p95",
        target_text="",
    )
    if desk["search_results"]:
        results.set_times(desk["search_results"])
    figures.append(results)
    form = Figure(
        "key_intake",
        "key → screen updated: intake form",
        "ms",
        floor_name="bare Textual Input",
        target_on="p95",
        target=16.0,
        target_text="p95 < 16 ms",
    )
    if intake.latencies:
        form.set_times(intake.latencies, floor)
        form.notes.append(
            f"{len(intake.latencies)} keys typed into the form's fields and pickers; slowest "
            f"fields (median): {intake.slowest_fields()}"
        )
    else:
        form.error = desk.get("intake_error", "no keys measured")
    figures.append(form)
    keys = Figure(
        "intake_keys",
        "navigation keys per data key, complete intake",
        "%",
        floor_name="",
        target_on="value",
        target=20.0,
        target_text="≤ 20 % of data keys",
    )
    data_keys = intake.data + intake.choice
    if data_keys and "intake_error" not in desk:
        keys.set_times([100 * intake.navigation / data_keys])
        keys.notes.append(
            f"{intake.data} data characters typed into text fields, {intake.choice} typed into "
            f"pickers to choose, {intake.navigation} navigation keys "
            f"({', '.join(_counts(intake.navigation_keys))}); saved, then on "
            f"{desk.get('saved_to')}"
        )
    else:
        keys.error = desk.get("intake_error", "intake not finished")
    figures.append(keys)
    return figures


def _counts(keys: list[str]) -> list[str]:
    found: dict[str, int] = {}
    for key in keys:
        found[key] = found.get(key, 0) + 1
    return [f"{n}× {key}" for key, n in sorted(found.items(), key=lambda kv: -kv[1])]
