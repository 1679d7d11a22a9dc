"""Every figure of the benchmark, written to ``bench/RESULTS.md``. Run it as ``bench/run``.

Options: ``--quick`` (fewer runs, for trying the harness), ``--only search,save,…`` (groups:
startup, ui, search, save, pdf, recap, sync, rss), ``--applicants N`` (default 1,000,000),
``--rebuild`` (regenerate the cached database), ``--keep`` (keep the working copy),
``--render`` (rewrite RESULTS.md from the last run's figures, e.g. after editing analysis.md),
``--db postgresql://…`` (the search and recap figures on that PostgreSQL database, loaded from
the cached SQLite one, into ``RESULTS-postgresql.md``; ``--drop`` drops it afterwards).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from harness import BENCH, OUT, Figure, console_line, machine, table

GROUPS = ("startup", "ui", "search", "save", "pdf", "recap", "sync", "rss")
LAST_RUN = OUT / "last-run.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated groups: " + ",".join(GROUPS))
    parser.add_argument("--applicants", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep bench/out/run.sqlite")
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--db", default="", help="postgresql://…: the figures on PostgreSQL")
    parser.add_argument("--drop", action="store_true", help="drop the --db database at the end")
    parser.add_argument(
        "--render", action="store_true", help="rewrite RESULTS.md from the last run's figures"
    )
    args = parser.parse_args()
    pg = args.db if args.db.startswith(("postgresql://", "postgres://")) else ""
    if args.db and not pg:
        parser.error("--db takes a postgresql:// URL (SQLite is the default engine)")
    args.output = args.output or BENCH / ("RESULTS-postgresql.md" if pg else "RESULTS.md")
    if args.render:
        saved = json.loads(LAST_RUN.read_text())
        figures = [Figure(**f) for f in saved["figures"]]
        write_results(args.output, saved["about"], saved["meta"], figures, **saved["run"])
        print(f"rewritten → {args.output}")
        return
    only = {g.strip() for g in args.only.split(",") if g.strip()} or set(GROUPS)
    began = time.perf_counter()
    OUT.mkdir(exist_ok=True)

    from bench_ui import bench_config

    os.environ["LTSA_DESK_CONFIG"] = str(bench_config())
    about = machine()
    print(f"LTSA Desk bench — {about['date']} — {about['cpu']}, {about['nproc']} CPUs", flush=True)

    from generate import ensure_database

    built_now = time.perf_counter()
    database = ensure_database(args.applicants, force=args.rebuild)
    built_now = time.perf_counter() - built_now
    meta = database.meta
    print(
        f"database: {database.path.name}, {meta['size_bytes'] / 1e9:.2f} GB, "
        f"built in {meta['seconds']['total_s']:.0f} s",
        flush=True,
    )
    work = OUT / "run.sqlite"
    copying = time.perf_counter()
    if not pg:  # PostgreSQL works on its own server database
        _fresh_copy(database.path, work)
    copying = time.perf_counter() - copying

    figures: list[Figure] = []

    def record(found: Figure | list[Figure]) -> None:
        for figure in found if isinstance(found, list) else [found]:
            figures.append(figure)
            print(console_line(figure), flush=True)

    try:
        if pg:
            _run_pg(pg, database.path, meta, args.quick, only, record)
            return _finish(args, about, meta, figures, began, built_now, copying)
        if "startup" in only:
            from bench_ui import bench_startup

            record(_guard("startup", lambda: bench_startup(work, 3 if args.quick else 7)))
        if "ui" in only:
            from bench_ui import bench_ui

            record(_guard("ui", lambda: bench_ui(work, meta, args.quick)))
        from bench_core import run_core

        for found in run_core(work, meta, args.quick, only):
            record(found)
    finally:
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{work}{suffix}").unlink(missing_ok=True)
        for folder in ("drafts", "prints", "backups"):
            shutil.rmtree(OUT / folder, ignore_errors=True)
        if pg and args.drop:
            from bench_pg import drop_database

            drop_database(pg)
    return _finish(args, about, meta, figures, began, built_now, copying)


def _run_pg(
    url: str, source: Path, meta: dict[str, Any], quick: bool, only: set[str], record: Any
) -> None:
    """The figures that run on PostgreSQL, beside their raw psycopg floors."""
    from bench_core import bench_recap, bench_search
    from bench_pg import ensure_loaded, pg_target

    record(_guard("pg_load", lambda: ensure_loaded(url, source)))
    if "search" in only:
        record(_guard("search", lambda: bench_search(source, meta, quick, pg_target(url))))
    if "recap" in only:
        record(_guard("recap", lambda: bench_recap(source, meta, quick, pg_target(url))))


def _finish(
    args: argparse.Namespace,
    about: dict[str, str],
    meta: dict[str, Any],
    figures: list[Figure],
    began: float,
    built_now: float,
    copying: float,
) -> None:
    elapsed = time.perf_counter() - began
    run = {"elapsed": elapsed, "built_now": built_now, "copying": copying, "quick": args.quick}
    LAST_RUN.write_text(
        json.dumps(
            {"about": about, "meta": meta, "figures": [f.__dict__ for f in figures], "run": run},
            indent=1,
        )
    )
    write_results(args.output, about, meta, figures, **run)
    print(f"done in {elapsed:.0f} s → {args.output}", flush=True)


def _guard(name: str, action: Any) -> Figure | list[Figure]:
    try:
        result: Figure | list[Figure] = action()
    except Exception as exc:  # the screens are still being finished: report, go on
        return Figure(name, name, "ms", error=f"{type(exc).__name__}: {exc}"[:200])
    return result


def _fresh_copy(source: Path, target: Path) -> None:
    """The benchmarks write (saves, logins): they work on a copy, the cache stays as built."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    target.chmod(0o600)
    with target.open("rb+") as handle:  # on disk before any fsync is timed
        os.fsync(handle.fileno())


def write_results(
    path: Path,
    about: dict[str, str],
    meta: dict[str, Any],
    figures: list[Figure],
    elapsed: float,
    built_now: float,
    copying: float,
    quick: bool,
) -> None:
    counts = meta["counts"]
    seconds = meta["seconds"]
    lines = [
        "# LTSA Desk — benchmark results",
        "",
        f"Written by `bench/run{' --quick' if quick else ''}` on {about['date']} "
        f"in {elapsed / 60:.1f} min. How each figure is measured: `bench/README.md`.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in about.items() if key != "date"),
        "",
        "## Database",
        "",
        f"- `{Path(meta['path']).name}`: {meta['size_bytes'] / 1e9:.2f} GB, "
        f"{counts['applicant']:,} applicants, {counts['application']:,} placement plans, "
        f"{counts['requirement_item']:,} requirement items "
        f"({counts['requirement_item'] / counts['applicant']:.1f} per applicant), "
        f"{counts['audit_event']:,} audit events; registrations {meta['first_day']} → "
        f"{meta['last_day']}",
        f"- generated in {seconds['total_s']:.0f} s with {meta.get('workers', 1)} worker "
        f"processes (services and schema {seconds.get('schema_and_services_s', 0):.0f} s, "
        f"rows {seconds.get('rows_s', 0):.0f} s, indexes {seconds.get('indexes_s', 0):.0f} s, "
        f"full-text rebuild {seconds.get('fts_rebuild_s', 0):.0f} s) on {meta['built_at']}"
        + (" (this run)" if built_now > 5 else "; reused from the cache in this run"),
        f"- the run works on a fresh copy of it (copied and flushed to disk in {copying:.0f} s)",
        "",
        "## Figures",
        "",
        *table(figures),
        "",
        "Ratio: median ÷ the floor's median, both measured in this run. Targets on a ratio are "
        "checked on it, the others on the column they name (p95, or the median).",
        "",
        "### Notes per figure",
        "",
    ]
    for figure in figures:
        details = [*figure.notes]
        if figure.error:
            details.insert(0, f"not measured: {figure.error}")
        if figure.runs:
            details.append(f"{figure.runs} samples")
        if figure.floor_name and figure.floor_p95 is not None:
            details.append(f"floor p95 {figure.floor_p95:.2f} {figure.unit}")
        lines.append(f"- **{figure.name}**: " + "; ".join(details))
    missed = [f for f in figures if f.met is False]
    lines += [
        "",
        "## Targets missed",
        "",
        *([f"- {f.name}: {f.target_text}, measured {_checked(f)}" for f in missed] or ["- none"]),
        "",
    ]
    analysis = BENCH / "analysis.md"
    if analysis.exists():
        lines += [analysis.read_text().rstrip(), ""]
    lines += [
        "## Raw figures",
        "",
        "```json",
        json.dumps([_raw(f) for f in figures], indent=1),
        "```",
        "",
    ]
    path.write_text("\n".join(lines))


def _checked(figure: Figure) -> str:
    value = figure.checked
    if figure.target_on == "ratio" and value is not None:
        return f"{value:.2f}×"
    return f"{value:.1f} {figure.unit}" if value is not None else "—"


def _raw(figure: Figure) -> dict[str, Any]:
    return {
        "key": figure.key,
        "median": figure.median,
        "p95": figure.p95,
        "floor_median": figure.floor_median,
        "floor_p95": figure.floor_p95,
        "ratio": figure.ratio,
        "unit": figure.unit,
        "runs": figure.runs,
        "met": figure.met,
    }


if __name__ == "__main__":
    sys.exit(main())
