"""``audit verify``: the hash chain, its MACs and the chain heads recorded outside the database.

On success the heads are printed (to write on the day-close sheet) and appended to the anchor
file, so that deleting events from now on shows at the next check.
"""

from __future__ import annotations

import argparse
import sys

from sqlmodel import col, select

from ltsa_desk.cli.common import CliError, lang_of, print_json
from ltsa_desk.cli.context import database
from ltsa_desk.config import load_settings
from ltsa_desk.db.models import Office
from ltsa_desk.i18n import t
from ltsa_desk.services.audit import count_events, verify_chain
from ltsa_desk.services.audit_anchor import (
    chain_heads,
    check_anchors,
    parse_given,
    read_anchors,
    record_heads,
)
from ltsa_desk.services.office_keys import own_keys
from ltsa_desk.sync.status import home_office

EXIT_DATA = 1
EXIT_USAGE = 2


def verify_audit(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    with database(args, migrate=False) as db:
        office = home_office(db, load_settings().office_code)
        home = office.id if office else None
        with db.read() as session:
            given = []
            for text in args.anchor:
                anchor = parse_given(session, text, home)
                if anchor is None:
                    raise CliError(t("cli.audit_anchor_invalid", lang, anchor=text), EXIT_USAGE)
                given.append(anchor)
            breaks = verify_chain(session)
            broken = {b.office_id for b in breaks}
            breaks += [
                b
                for b in check_anchors(session, [*read_anchors(db), *given])
                if b.office_id not in broken
            ]
            total = count_events(session)
            keyed = {key.office_id for key in own_keys(session).values()}
            codes = dict(session.execute(select(col(Office.id), col(Office.code))).all())
            heads = chain_heads(session)
        if not breaks:
            record_heads(db, "verify", [h.office_id for h in heads if h.office_id in keyed])
    if args.json:
        print_json(
            {
                "events": total,
                "ok": not breaks,
                "keyed": bool(keyed),
                "heads": [
                    {"office": codes.get(h.office_id), "seq": h.seq, "chain_hash": h.chain_hash}
                    for h in heads
                ],
                "breaks": [
                    {
                        "office_id": b.office_id,
                        "seq": b.seq,
                        "event_id": b.event_id,
                        "reason": b.reason,
                    }
                    for b in breaks
                ],
            }
        )
    elif breaks:
        for b in breaks:
            code = codes.get(b.office_id, "-") if b.office_id else "-"
            message = t(
                f"cli.audit_break_{b.reason}", lang, seq=b.seq, event=str(b.event_id), code=code
            )
            print(message, file=sys.stderr)
    else:
        print(t("cli.audit_ok", lang, count=total))
        for head in heads:
            code = codes.get(head.office_id, "-")
            print(t("cli.audit_head", lang, code=code, seq=head.seq, hash=head.chain_hash[:16]))
        if not keyed:
            print(t("cli.audit_not_keyed", lang), file=sys.stderr)
    return EXIT_DATA if breaks else 0
