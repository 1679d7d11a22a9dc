"""Opening the database and logging in for a command, with errors turned into one clear line."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from ltsa_desk.cli.common import CliError, lang_of
from ltsa_desk.config import load_settings
from ltsa_desk.db.engine import Database, DatabaseError
from ltsa_desk.db.migrate import open_database
from ltsa_desk.i18n import t
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.auth import LockoutPolicy, authenticate
from ltsa_desk.services.text import is_text

EXIT_DATA = 1


def db_argument(args: argparse.Namespace) -> str | None:
    """``--db``, else ``LTSA_DESK_DB`` (through the settings), else the default path."""
    value: str | None = getattr(args, "db", None)
    return value or load_settings().db


@contextmanager
def database(
    args: argparse.Namespace, *, create: bool = False, migrate: bool = True
) -> Iterator[Database]:
    """The database of ``--db``; ``create`` (``init`` only) also sets up a new or empty file."""
    lang = lang_of(args)
    try:
        db = open_database(db_argument(args), create=create, migrate=migrate, empty_ok=create)
    except DatabaseError as exc:
        raise CliError(t(exc.message_key, lang, **exc.params), EXIT_DATA) from exc
    try:
        yield db
    finally:
        db.dispose()


def credentials(args: argparse.Namespace) -> tuple[str, str]:
    """``--as USER`` (or ``LTSA_DESK_USER``); the password: ``LTSA_DESK_PASSWORD`` or a prompt."""
    lang = lang_of(args)
    username = getattr(args, "as_user", None) or os.environ.get("LTSA_DESK_USER")
    if not username:
        raise CliError(t("cli.operator_required", lang), 2)
    password = os.environ.get("LTSA_DESK_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise CliError(t("cli.password_required", lang), 2)
        password = getpass.getpass(t("cli.password_prompt", lang, username=username))
    if not is_text(username) or not is_text(password):
        raise CliError(t("cli.invalid_credentials_text", lang), 2)
    return username, password


def login(db: Database, args: argparse.Namespace, action: str | None = None) -> Actor:
    """The acting operator, logged in; with ``action``, refused unless their role may do it."""
    username, password = credentials(args)
    settings = load_settings()
    policy = LockoutPolicy(settings.lockout_failures, settings.lockout_minutes)
    actor = authenticate(db, username, password, policy, time_zone=settings.time_zone)
    if action is not None:
        require(actor, action)
    return actor


def add_operator_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        help="acting operator (or LTSA_DESK_USER); password from LTSA_DESK_PASSWORD or a prompt",
    )
