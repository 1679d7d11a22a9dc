"""``sync export|import|status|conflicts|resolve``: bundles between offices.

The sync package (and its cryptography) is imported by the handlers, not here, so that building
the parser for any other command stays quick.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from dataclasses import asdict
from pathlib import Path

from ltsa_desk import clock
from ltsa_desk.cli.common import CliError, global_options, lang_of, print_json
from ltsa_desk.cli.context import add_operator_option, database, login
from ltsa_desk.cli.progress import shown
from ltsa_desk.config import load_settings
from ltsa_desk.i18n import Lang, t

EXIT_DATA = 1
EXIT_USAGE = 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = sub.add_parser("sync", parents=[global_options()], help="sync bundles between offices")
    actions = sync.add_subparsers(dest="sync_command", metavar="ACTION", required=True)

    export = actions.add_parser(
        "export", parents=[global_options()], help="write this office's next bundle"
    )
    add_operator_option(export)
    export.add_argument(
        "--since",
        type=int,
        metavar="N",
        help="send again everything from bundle N on (1: everything)",
    )
    export.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="bundle file or folder (default: the output folder of the settings)",
    )
    _passphrase_option(export, "encrypt with the passphrase held in this environment variable")
    export.add_argument("--json", action="store_true")
    export.set_defaults(handler=run_export)

    imp = actions.add_parser(
        "import", parents=[global_options()], help="check and apply another office's bundle"
    )
    add_operator_option(imp)
    imp.add_argument("file", type=Path, metavar="FILE")
    _passphrase_option(imp, "the passphrase of an encrypted bundle is in this variable")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=run_import)

    status = actions.add_parser(
        "status", parents=[global_options()], help="what is not exported yet, last bundles"
    )
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=run_status)

    conflicts = actions.add_parser(
        "conflicts", parents=[global_options()], help="records edited in two offices"
    )
    add_operator_option(conflicts)
    conflicts.add_argument("--all", action="store_true", help="resolved conflicts too")
    conflicts.add_argument("--json", action="store_true")
    conflicts.set_defaults(handler=run_conflicts)

    resolve = actions.add_parser(
        "resolve", parents=[global_options()], help="keep one version of a conflict"
    )
    add_operator_option(resolve)
    resolve.add_argument("conflict_id", type=uuid.UUID, metavar="CONFLICT_ID")
    resolve.add_argument("--keep", required=True, choices=["local", "remote"])
    resolve.set_defaults(handler=run_resolve)


def _passphrase_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--passphrase-env", metavar="VAR", default=None, help=help_text)


def _passphrase(args: argparse.Namespace, lang: Lang) -> str | None:
    var: str | None = args.passphrase_env
    if not var:
        return None
    value = os.environ.get(var, "")
    if not value:
        raise CliError(t("sync.cli_passphrase_missing", lang, var=var), EXIT_USAGE)
    return value


def run_export(args: argparse.Namespace) -> int:
    from ltsa_desk.sync import export_bundle

    lang = lang_of(args)
    passphrase = _passphrase(args, lang)
    with database(args) as db:
        actor = login(db, args)
        with shown(t("cli.progress_sync_export", lang_of(args))) as progress:
            report = export_bundle(
                db,
                actor,
                output=args.output,
                output_dir=load_settings().output_dir,
                since=args.since,
                passphrase=passphrase,
                progress=progress,
            )
    if args.json:
        print_json({**asdict(report), "path": str(report.path)})
        return 0
    print(
        t(
            "sync.cli_exported",
            lang,
            path=report.path,
            sequence=report.sequence,
            since=report.since,
            records=sum(report.counts.values()),
            events=report.audit_events,
        )
    )
    if not report.encrypted:
        print(t("sync.cli_not_encrypted", lang), file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from ltsa_desk.sync import import_bundle

    lang = lang_of(args)
    passphrase = _passphrase(args, lang)
    with database(args) as db:
        actor = login(db, args)
        with shown(t("cli.progress_sync_import", lang)) as progress:
            report = import_bundle(db, actor, args.file, passphrase=passphrase, progress=progress)
    if args.json:
        print_json(asdict(report))
        return 0
    if report.already_imported:
        print(
            t("sync.cli_already_imported", lang, code=report.source_code, sequence=report.sequence)
        )
        return 0
    print(
        t(
            "sync.cli_imported",
            lang,
            code=report.source_code,
            sequence=report.sequence,
            inserted=sum(report.inserted.values()),
            updated=sum(report.updated.values()),
            unchanged=sum(report.unchanged.values()),
            conflicts=report.conflicts,
            events=report.audit_events,
        )
    )
    if report.conflicts:
        print(t("sync.cli_conflicts_hint", lang, count=report.conflicts), file=sys.stderr)
    return 0


def run_status(args: argparse.Namespace) -> int:
    from ltsa_desk.sync import sync_status
    from ltsa_desk.sync.status import home_office

    lang = lang_of(args)
    with database(args) as db:
        office = home_office(db, load_settings().office_code)
        if office is None:
            raise CliError(t("services.not_found", lang, entity="office", key_value="-"), 1)
        status = sync_status(db, office.id)
    if args.json:
        print_json({**asdict(status), "pending_records": status.pending_records})
        return 0
    print(t("sync.cli_status_office", lang, code=status.office_code))
    print(
        t(
            "sync.cli_status_pending",
            lang,
            count=status.pending_records,
            received=status.pending_received,
            events=status.pending_audit_events,
        )
    )
    for entity, count in status.pending.items():
        print(t("sync.cli_status_pending_entity", lang, entity=entity, count=count))
    if status.last_export:
        last = status.last_export
        at = clock.local(last.at).strftime("%d-%m-%Y %H:%M")
        print(
            t(
                "sync.cli_status_last_export",
                lang,
                sequence=last.sequence,
                at=at,
                file=last.file_name,
            )
        )
    else:
        print(t("sync.cli_status_never_exported", lang))
    for imported in status.last_imports:
        at = clock.local(imported.at).strftime("%d-%m-%Y %H:%M")
        print(
            t(
                "sync.cli_status_last_import",
                lang,
                code=imported.office_code,
                sequence=imported.sequence,
                at=at,
            )
        )
    if not status.last_imports:
        print(t("sync.cli_status_never_imported", lang))
    print(t("sync.cli_status_conflicts", lang, count=status.open_conflicts))
    return 0


def run_conflicts(args: argparse.Namespace) -> int:
    from ltsa_desk.sync import list_conflicts

    lang = lang_of(args)
    with database(args) as db:
        actor = login(db, args)
        conflicts = list_conflicts(db, actor, include_resolved=args.all)
    if args.json:
        print_json([asdict(c) for c in conflicts])
        return 0
    if not conflicts:
        print(t("sync.cli_no_conflicts", lang))
    for conflict in conflicts:
        print(
            t(
                "sync.cli_conflict_line",
                lang,
                id=conflict.id,
                entity=conflict.entity,
                record_id=conflict.record_id,
                code=conflict.source_office_code,
                sequence=conflict.bundle_sequence,
                kind=conflict.kind,
            )
        )
        for difference in conflict.differences:
            print(
                t(
                    "sync.cli_conflict_field",
                    lang,
                    name=difference.name,
                    local=difference.local,
                    remote=difference.remote,
                )
            )
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from ltsa_desk.sync import resolve_conflict

    lang = lang_of(args)
    with database(args) as db:
        actor = login(db, args)
        resolved = resolve_conflict(db, actor, args.conflict_id, args.keep)
    print(t("sync.cli_resolved", lang, id=resolved.id, keep=resolved.resolution))
    return 0
