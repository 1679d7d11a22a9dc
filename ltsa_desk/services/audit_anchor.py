"""Chain heads kept outside the database, so that deleting the newest audit events shows.

A hash chain cannot tell a deleted tail from a chain that ends there. So the head of each
office chain held here (its last ``seq`` and ``chain_hash``) is written down where a forger
holding the database cannot reach it all at once: an append-only anchor file beside the
database (written at every sync export and import, day close and successful ``audit verify``),
the sync bundles the other offices hold, and the head printed on every recap PDF and by
``audit verify`` for the day-close sheet.
``check_anchors`` then finds a chain that ends before a recorded head ("tail") or holds another
event there ("anchor"), and ``audit verify --anchor SEQ:HASH`` checks a head written on paper.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from ltsa_desk import clock
from ltsa_desk.config import default_data_dir
from ltsa_desk.db.engine import Database, sqlite_path
from ltsa_desk.db.models import AuditEvent, Office
from ltsa_desk.services.audit import ChainBreak

_GIVEN = re.compile(r"^(?:(?P<code>[A-Z0-9]{2,12}):)?(?P<seq>\d{1,12}):(?P<hash>[0-9a-f]{8,64})$")
#: The source of the heads a restore records: earlier heads of those chains no longer count.
RESTORE = "restore"
#: An anchor file grows by a line a day or so; reading stops well beyond any real one.
MAX_ANCHOR_BYTES = 16 << 20


@dataclass(frozen=True)
class Anchor:
    office_id: uuid.UUID | None
    seq: int
    chain_hash: str  # the full hash, or (given by hand) a prefix of at least 8 digits
    source: str


def anchor_file(db: Database) -> Path:
    """Beside an SQLite database; for PostgreSQL in the desk's data folder, per database."""
    path = sqlite_path(db.url)
    if path is not None:
        return path.with_name(f"{path.name}.anchors")
    digest = hashlib.sha256(db.url.encode("utf-8")).hexdigest()[:12]
    return default_data_dir() / f"audit-anchors-{digest}.jsonl"


def chain_heads(session: Session, office_ids: list[uuid.UUID] | None = None) -> list[Anchor]:
    """The last event of each office chain (of these offices, or all), as anchors."""
    tops = select(col(AuditEvent.office_id), func.max(col(AuditEvent.seq)).label("top"))
    tops = tops.where(col(AuditEvent.office_id).is_not(None)).group_by(col(AuditEvent.office_id))
    heads = []
    for office_id, top in session.execute(tops).all():
        if office_ids is not None and office_id not in office_ids:
            continue
        event = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.office_id) == office_id, col(AuditEvent.seq) == top
            )
        ).one()
        heads.append(Anchor(office_id, int(top), event.chain_hash, ""))
    return sorted(heads, key=lambda a: str(a.office_id))


def record_heads(db: Database, source: str, office_ids: list[uuid.UUID] | None = None) -> None:
    """Append the current chain heads to the anchor file (created 0600), flushed to disk.

    Best effort: a desk that cannot write the file (read-only folder, full disk) has still done
    what it was asked; the heads in the bundles and on paper remain.
    """
    with db.read() as session:
        heads = chain_heads(session, office_ids)
    if not heads:
        return
    at = clock.now().isoformat()
    lines = "".join(
        json.dumps(
            {
                "office_id": str(h.office_id),
                "seq": h.seq,
                "chain_hash": h.chain_hash,
                "source": source,
                "at": at,
            },
            sort_keys=True,
        )
        + "\n"
        for h in heads
    )
    target = anchor_file(db)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, lines.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        return


def read_anchors(db: Database) -> list[Anchor]:
    """Every head recorded in the anchor file; lines that are not anchors are skipped."""
    target = anchor_file(db)
    try:
        with target.open("rb") as handle:
            data = handle.read(MAX_ANCHOR_BYTES)
    except OSError:
        return []
    anchors = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            raw = json.loads(line)
            anchors.append(
                Anchor(
                    uuid.UUID(str(raw["office_id"])),
                    int(raw["seq"]),
                    str(raw["chain_hash"]),
                    str(raw.get("source", "")),
                )
            )
        except (ValueError, KeyError, TypeError):
            continue
    return anchors


def parse_given(session: Session, text: str, home_office: uuid.UUID | None) -> Anchor | None:
    """``SEQ:HASH`` (this office) or ``CODE:SEQ:HASH``, as ``audit verify`` printed it."""
    parts = text.strip().replace(" ", "").split(":")
    if len(parts) == 2:
        parts.insert(0, "")
    if len(parts) != 3:
        return None
    code, seq, chain_hash = parts[0].upper(), parts[1], parts[2].lower()
    if _GIVEN.match(f"{code + ':' if code else ''}{seq}:{chain_hash}") is None:
        return None
    office_id = home_office
    if code:
        office = session.exec(select(Office).where(col(Office.code) == code)).first()
        if office is None:
            return None
        office_id = office.id
    return Anchor(office_id, int(seq), chain_hash, "given")


def check_anchors(session: Session, anchors: list[Anchor]) -> list[ChainBreak]:
    """The highest recorded head of each office still stands: its event exists with the same
    hash. Below it, ``verify_chain`` checks the chain hash by hash. Heads of offices this
    database does not hold (an anchor file of another database) are skipped, and a
    ``restore`` head (recorded by a restore, which rolls the chain back on purpose and says so
    in the restored database) replaces the heads recorded before it."""
    known = set(session.exec(select(col(Office.id))))
    highest: dict[uuid.UUID | None, Anchor] = {}
    for anchor in anchors:
        if anchor.office_id not in known:  # another database's office: nothing to say here
            continue
        before = highest.get(anchor.office_id)
        if anchor.source == RESTORE or before is None or anchor.seq > before.seq:
            highest[anchor.office_id] = anchor
    breaks = []
    for office_id, anchor in highest.items():
        event = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.office_id) == office_id, col(AuditEvent.seq) == anchor.seq
            )
        ).first()
        if event is None:
            breaks.append(ChainBreak(office_id, anchor.seq, None, "tail"))
        elif not event.chain_hash.startswith(anchor.chain_hash):
            breaks.append(ChainBreak(office_id, anchor.seq, event.id, "anchor"))
    return breaks
