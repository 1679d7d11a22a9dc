"""``user``, ``backup``, ``restore`` and ``audit verify``: keeping an office's desk trustworthy."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from ltsa_desk.cli.common import CliError, global_options, lang_of
from ltsa_desk.cli.context import add_operator_option, database, db_argument, login
from ltsa_desk.cli.progress import shown
from ltsa_desk.config import load_settings
from ltsa_desk.db.backup import BackupError
from ltsa_desk.db.engine import resolve_db_url, sqlite_path
from ltsa_desk.db.models import Role
from ltsa_desk.i18n import Lang, t
from ltsa_desk.services.auth import (
    create_operator,
    list_operators,
    reset_password,
    set_operator_active,
)
from ltsa_desk.services.backups import backup_now, restore


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", parents=[global_options()], help="operator accounts (admin)")
    actions = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[global_options()], help="create an operator")
    add_operator_option(add)
    add.add_argument("username")
    add.add_argument("--full-name", required=True)
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.OPERATOR.value)
    add.set_defaults(handler=run_user_add)
    for name, active, help_text in (
        ("disable", False, "disable an account (kept for history)"),
        ("enable", True, "enable an account again"),
    ):
        toggle = actions.add_parser(name, parents=[global_options()], help=help_text)
        add_operator_option(toggle)
        toggle.add_argument("username")
        toggle.set_defaults(handler=run_user_active, active=active)
    reset = actions.add_parser(
        "reset-password", parents=[global_options()], help="set a new password, lift a lockout"
    )
    add_operator_option(reset)
    reset.add_argument("username")
    reset.set_defaults(handler=run_user_reset)
    listing = actions.add_parser("list", parents=[global_options()], help="list operators")
    add_operator_option(listing)
    listing.set_defaults(handler=run_user_list)

    backup = sub.add_parser("backup", parents=[global_options()], help="back up the database now")
    backup.set_defaults(handler=run_backup)

    restore_parser = sub.add_parser(
        "restore",
        parents=[global_options()],
        help="restore a backup (a safety copy of the current database is kept)",
    )
    restore_parser.add_argument("file", type=Path, metavar="BACKUP_FILE")
    restore_parser.set_defaults(handler=run_restore)

    audit = sub.add_parser("audit", parents=[global_options()], help="audit trail")
    audit_actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_actions.add_parser(
        "verify", parents=[global_options()], help="check the hash chain; exit 1 if broken"
    )
    verify.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="[CODE:]SEQ:HASH",
        help="a chain head written down earlier (day-close sheet, the other office): must stand",
    )
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=run_audit_verify)


def _new_password(lang: Lang, username: str) -> str:
    password = os.environ.get("LTSA_DESK_NEW_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise CliError(t("cli.new_password_required", lang), 2)
    first = getpass.getpass(t("cli.password_prompt", lang, username=username))
    if getpass.getpass(t("cli.password_again", lang)) != first:
        raise CliError(t("cli.password_mismatch", lang), 1)
    return first


def run_user_add(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    password = _new_password(lang, args.username)
    with database(args) as db:
        actor = login(db, args)
        operator = create_operator(
            db,
            actor,
            username=args.username,
            full_name=args.full_name,
            role=Role(args.role),
            password=password,
        )
    print(t("cli.user_added", lang, username=operator.username, role=operator.role))
    return 0


def run_user_active(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    with database(args) as db:
        actor = login(db, args)
        operator = set_operator_active(db, actor, args.username, active=args.active)
    key = "cli.user_enabled" if operator.active else "cli.user_disabled"
    print(t(key, lang, username=operator.username))
    return 0


def run_user_reset(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    password = _new_password(lang, args.username)
    with database(args) as db:
        actor = login(db, args)
        operator = reset_password(db, actor, args.username, password)
    print(t("cli.user_password_reset", lang, username=operator.username))
    return 0


def run_user_list(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    with database(args) as db:
        actor = login(db, args)
        operators = list_operators(db, actor)
    for operator in operators:
        state = t("cli.user_active" if operator.active else "cli.user_inactive", lang)
        print(f"{operator.username:<16} {operator.role:<11} {state:<10} {operator.full_name}")
    return 0


def run_backup(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    settings = load_settings()
    with database(args) as db:
        try:
            with shown(t("cli.progress_backup", lang)) as progress:
                target = backup_now(
                    db,
                    None,
                    reason="manual",
                    dest_dir=settings.backup_dir,
                    keep=settings.backup_keep,
                    progress=progress,
                )
        except (BackupError, OSError) as exc:
            raise CliError(t("cli.backup_failed", lang, reason=str(exc)), 1) from exc
    print(t("cli.backup_done", lang, path=str(target)))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    target = sqlite_path(resolve_db_url(db_argument(args)))
    if target is None:
        raise CliError(t("cli.restore_sqlite_only", lang), 2)
    try:
        result = restore(target, args.file, dest_dir=load_settings().backup_dir)
    except (BackupError, OSError) as exc:
        raise CliError(t("cli.backup_failed", lang, reason=str(exc)), 1) from exc
    print(t("cli.restored", lang, source=str(result.restored_from), safety=str(result.safety_copy)))
    return 0


def run_audit_verify(args: argparse.Namespace) -> int:
    from ltsa_desk.cli.audit_verify import verify_audit

    return verify_audit(args)
