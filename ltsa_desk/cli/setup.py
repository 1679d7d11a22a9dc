"""``init``, ``demo`` and ``db``: creating, filling and maintaining a database."""

from __future__ import annotations

import argparse
import getpass
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from ltsa_desk.cli.common import CliError, global_options, lang_of, print_json
from ltsa_desk.cli.context import database, db_argument
from ltsa_desk.cli.progress import shown
from ltsa_desk.db.engine import DatabaseError, resolve_db_url, sqlite_path
from ltsa_desk.db.migrate import current_revision, head_revision
from ltsa_desk.i18n import t
from ltsa_desk.services.office_keys import key_card, shown_fingerprint
from ltsa_desk.services.offices import initialise


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = sub.add_parser(
        "init", parents=[global_options()], help="create a database with its office and first admin"
    )
    init.add_argument("--office-code", required=True, help="short code, e.g. KEBUMEN")
    init.add_argument("--office-name", required=True)
    init.add_argument("--office-address", default="")
    init.add_argument("--regency", default=None, help="Kemendagri regency code served, e.g. 33.05")
    init.add_argument("--admin-user", required=True)
    init.add_argument("--admin-name", required=True)
    init.add_argument(
        "--admin-password",
        default=None,
        help="first admin's password (else LTSA_DESK_ADMIN_PASSWORD, else a prompt)",
    )
    init.set_defaults(handler=run_init)

    demo = sub.add_parser(
        "demo",
        parents=[global_options()],
        help="create or refresh a demo database with synthetic applicants, then exit",
    )
    demo.add_argument("--applicants", type=int, default=60, help="how many (default 60)")
    demo.add_argument("--seed", type=int, default=2026)
    demo.set_defaults(handler=run_demo)

    db = sub.add_parser("db", parents=[global_options()], help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_sub.add_parser("upgrade", parents=[global_options()], help="upgrade the schema")
    upgrade.set_defaults(handler=run_upgrade)
    check = db_sub.add_parser(
        "check", parents=[global_options()], help="integrity, schema version and counts"
    )
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=run_check)
    load = db_sub.add_parser(
        "load",
        parents=[global_options()],
        help="load a whole LTSA Desk SQLite database (an extract) into a new PostgreSQL database",
    )
    load.add_argument("extract", type=Path, metavar="EXTRACT.sqlite")
    load.set_defaults(handler=run_load)


def _admin_password(args: argparse.Namespace) -> str:
    password: str | None = args.admin_password or os.environ.get("LTSA_DESK_ADMIN_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise CliError(t("cli.password_required", lang_of(args)), 2)
    first = getpass.getpass(t("cli.password_prompt", lang_of(args), username=args.admin_user))
    again = getpass.getpass(t("cli.password_again", lang_of(args)))
    if first != again:
        raise CliError(t("cli.password_mismatch", lang_of(args)), 1)
    return first


def run_init(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    password = _admin_password(args)
    with database(args, create=True) as db:
        office, admin = initialise(
            db,
            office_code=args.office_code,
            office_name=args.office_name,
            office_address=args.office_address,
            regency_code=args.regency,
            admin_username=args.admin_user,
            admin_full_name=args.admin_name,
            admin_password=password,
        )
        print(t("cli.init_done", lang, office=office.name, code=office.code, user=admin.username))
        card = key_card(db, office.id)
        print(t("cli.init_key", lang, fingerprint=shown_fingerprint(card.fingerprint)))
        print(t("cli.db_location", lang, url=_shown(db.url)))
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from ltsa_desk.demo import DemoRefused, build_demo

    lang = lang_of(args)
    target = db_argument(args) or str(default_demo_path())
    try:
        with shown(t("cli.progress_demo", lang)) as progress:
            result = build_demo(
                target, applicants=max(1, args.applicants), seed=args.seed, progress=progress
            )
    except DemoRefused as exc:
        raise CliError(t("cli.demo_refused", lang, path=str(exc)), 1) from exc
    print(t("cli.demo_done", lang, count=result.applicants, url=_shown(result.url)))
    print(t("cli.demo_accounts", lang))
    for username, password, role in result.accounts:
        print(f"  {username:<12} {password:<16} {role}")
    return 0


def default_demo_path() -> Any:
    from ltsa_desk.config import default_data_dir

    return default_data_dir() / "demo.sqlite"


def run_upgrade(args: argparse.Namespace) -> int:
    with database(args, migrate=True) as db:
        print(t("cli.db_upgraded", lang_of(args), revision=current_revision(db) or "-"))
    return 0


def run_check(args: argparse.Namespace) -> int:
    from sqlalchemy import func
    from sqlmodel import select

    from ltsa_desk.db.models import Applicant, Application, AuditEvent, RequirementItem

    lang = lang_of(args)
    with database(args, migrate=False) as db:
        report: dict[str, Any] = {
            "database": _shown(db.url),
            "revision": current_revision(db),
            "head": head_revision(),
        }
        path = sqlite_path(db.url)
        if path is not None:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                report["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                conn.close()
        with db.read() as session:
            for name, model in (
                ("applicants", Applicant),
                ("applications", Application),
                ("requirement_items", RequirementItem),
                ("audit_events", AuditEvent),
            ):
                report[name] = session.exec(select(func.count()).select_from(model)).one()
    ok = report.get("integrity", "ok") == "ok"
    if getattr(args, "json", False):
        print_json(report)
    else:
        for key, value in report.items():
            print(f"{t('cli.check_' + key, lang)}: {value}")
    return 0 if ok else 1


def run_load(args: argparse.Namespace) -> int:
    from ltsa_desk.db.load import load_extract

    lang = lang_of(args)
    shown = sys.stderr.isatty()

    def progress(table: str, done: int, total: int) -> None:
        line = t("cli.load_progress", lang, table=table, done=f"{done:,}", total=f"{total:,}")
        if shown:
            filled = round(30 * done / total) if total else 30
            print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {line}\033[K", end="", file=sys.stderr)
            if done == total:
                print(file=sys.stderr)
        elif done == total:
            print(line, file=sys.stderr)

    target = resolve_db_url(db_argument(args))
    if sqlite_path(target) is not None:  # never create an SQLite file only to refuse it
        raise CliError(t("db.load_target", lang, url=_shown(target)), 2)
    with database(args, create=True) as db:
        try:
            report = load_extract(args.extract, db, head_revision(), progress)
        except DatabaseError as exc:
            raise CliError(t(exc.message_key, lang, **exc.params), 1) from exc
    rows = sum(report.counts.values())
    print(t("cli.load_done", lang, rows=f"{rows:,}", tables=len(report.counts), url=_shown(db.url)))
    return 0


def _shown(url: str) -> str:
    path = sqlite_path(resolve_db_url(url))
    return str(path) if path else url
