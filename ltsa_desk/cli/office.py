"""``office key create|rotate|export``, ``office trust|untrust|keys``: the keys that let offices
tell each other's bundles from forgeries (``services.office_keys``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ltsa_desk.cli.common import CliError, global_options, lang_of, print_json
from ltsa_desk.cli.context import add_operator_option, database, login
from ltsa_desk.i18n import t
from ltsa_desk.services.office_keys import (
    create_office_key,
    key_card,
    list_office_keys,
    parse_key_card,
    rotate_office_key,
    shown_fingerprint,
    trust_office_key,
    withdraw_trust,
)

EXIT_DATA = 1
MAX_CARD_BYTES = 10_000


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    office = sub.add_parser("office", parents=[global_options()], help="office keys and trust")
    actions = office.add_subparsers(dest="office_command", metavar="ACTION", required=True)

    key = actions.add_parser("key", parents=[global_options()], help="this office's signing key")
    key_actions = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    create = key_actions.add_parser(
        "create", parents=[global_options()], help="the first key of an existing office (admin)"
    )
    add_operator_option(create)
    create.set_defaults(handler=run_key_create)
    rotate = key_actions.add_parser(
        "rotate", parents=[global_options()], help="replace this office's key (admin)"
    )
    add_operator_option(rotate)
    rotate.set_defaults(handler=run_key_rotate)
    export = key_actions.add_parser(
        "export", parents=[global_options()], help="write the key card for the other offices"
    )
    add_operator_option(export)
    export.add_argument("--output", type=Path, metavar="FILE", required=True)
    export.set_defaults(handler=run_key_export)

    trust = actions.add_parser(
        "trust", parents=[global_options()], help="accept bundles signed by this key card"
    )
    add_operator_option(trust)
    trust.add_argument("card", type=Path, metavar="FILE")
    trust.add_argument(
        "--fingerprint", required=True, help="the fingerprint the other office read out to you"
    )
    trust.set_defaults(handler=run_trust)

    untrust = actions.add_parser(
        "untrust", parents=[global_options()], help="stop accepting an office's key"
    )
    add_operator_option(untrust)
    untrust.add_argument("office_code", metavar="CODE")
    untrust.add_argument("fingerprint", metavar="FINGERPRINT")
    untrust.set_defaults(handler=run_untrust)

    keys = actions.add_parser("keys", parents=[global_options()], help="list the keys held here")
    add_operator_option(keys)
    keys.add_argument("--json", action="store_true")
    keys.set_defaults(handler=run_keys)


def run_key_create(args: argparse.Namespace) -> int:
    with database(args) as db:
        row = create_office_key(db, login(db, args))
    print(
        t("cli.office_key_created", lang_of(args), fingerprint=shown_fingerprint(row.fingerprint))
    )
    return 0


def run_key_rotate(args: argparse.Namespace) -> int:
    with database(args) as db:
        old, new = rotate_office_key(db, login(db, args))
    print(
        t(
            "cli.office_key_rotated",
            lang_of(args),
            old=shown_fingerprint(old.fingerprint),
            new=shown_fingerprint(new.fingerprint),
        )
    )
    return 0


def run_key_export(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    with database(args) as db:
        actor = login(db, args)
        card = key_card(db, actor.office_id)
    target: Path = args.output
    try:
        with target.open("x", encoding="utf-8") as handle:
            json.dump(card.as_json(), handle, indent=2)
            handle.write("\n")
    except OSError as exc:
        raise CliError(
            t("cli.office_key_unwritable", lang, path=str(target), reason=exc.strerror or str(exc)),
            EXIT_DATA,
        ) from exc
    print(
        t(
            "cli.office_key_exported",
            lang,
            path=str(target),
            fingerprint=shown_fingerprint(card.fingerprint),
        )
    )
    return 0


def run_trust(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    try:
        with Path(args.card).open("rb") as handle:  # a key card is a few hundred bytes
            text = handle.read(MAX_CARD_BYTES).decode("utf-8", errors="replace")
    except OSError as exc:
        raise CliError(
            t("sync.unreadable", lang, path=str(args.card), reason=exc.strerror or str(exc)),
            EXIT_DATA,
        ) from exc
    card = parse_key_card(text)
    with database(args) as db:
        trust_office_key(db, login(db, args), card, fingerprint=args.fingerprint)
    print(
        t(
            "cli.office_key_trusted",
            lang,
            code=card.office_code,
            fingerprint=shown_fingerprint(card.fingerprint),
        )
    )
    return 0


def run_untrust(args: argparse.Namespace) -> int:
    with database(args) as db:
        row = withdraw_trust(db, login(db, args), args.office_code, args.fingerprint)
    print(
        t(
            "cli.office_key_untrusted",
            lang_of(args),
            code=row.office_code,
            fingerprint=shown_fingerprint(row.fingerprint),
        )
    )
    return 0


def run_keys(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    with database(args) as db:
        rows = list_office_keys(db, login(db, args))
    listed = [
        {
            "office": row.office_code,
            "fingerprint": row.fingerprint,
            "own": row.private_key is not None,
            "active": row.retired_at is None,
            "created_at": row.created_at,
        }
        for row in rows
    ]
    if args.json:
        print_json(listed)
        return 0
    for item in listed:
        kind = "own" if item["own"] else "trusted"
        state = "active" if item["active"] else "retired"
        print(
            t(
                "cli.office_key_line",
                lang,
                code=item["office"],
                fingerprint=shown_fingerprint(str(item["fingerprint"])),
                kind=t(f"cli.office_key_kind_{kind}", lang),
                state=t(f"cli.office_key_state_{state}", lang),
            )
        )
    return 0
