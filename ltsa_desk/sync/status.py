"""The honest sync status a desk shows: what has not left yet, and what came in when."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import and_, func, or_
from sqlmodel import col, select

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import AuditEvent, Office, Operator, SyncBundle, SyncConflict
from ltsa_desk.sync.entities import ENTITIES, RECORD
from ltsa_desk.sync.state import EXPORT, IMPORT, SYNC_RECORD, last_bundle


@dataclass(frozen=True)
class BundleInfo:
    office_code: str
    sequence: int
    since: int
    at: datetime
    file_name: str
    counts: dict[str, int]


@dataclass(frozen=True)
class SyncStatus:
    office_code: str
    #: Records not yet in any bundle of this office, per table.
    pending: dict[str, int]
    #: Of those, records received from other offices and not passed on.
    pending_received: int
    pending_audit_events: int
    last_export: BundleInfo | None
    #: The last bundle imported from each other office, most recent first.
    last_imports: list[BundleInfo]
    open_conflicts: int

    @property
    def pending_records(self) -> int:
        return sum(self.pending.values())


def _info(bundle: SyncBundle) -> BundleInfo:
    return BundleInfo(
        bundle.office_code,
        bundle.sequence,
        bundle.since,
        bundle.at,
        bundle.file_name,
        dict(bundle.counts or {}),
    )


def home_office(db: Database, code: str | None = None) -> Office | None:
    """This database's own office: by code, else the office of its first active operator.

    Offices received in bundles are present too, but their operators are inactive stubs.
    """
    with db.read() as session:
        if code:
            return session.exec(select(Office).where(col(Office.code) == code.upper())).first()
        first = session.exec(
            select(Operator)
            .where(col(Operator.active).is_(True))
            .order_by(col(Operator.created_at))
            .limit(1)
        ).first()
        return session.get(Office, first.office_id) if first else None


def sync_status(db: Database, office_id: uuid.UUID) -> SyncStatus:
    with db.read() as session:
        office = session.get(Office, office_id)
        state = SYNC_RECORD
        pending: dict[str, int] = {}
        received = 0
        for entity in ENTITIES:
            if entity.kind != RECORD:
                continue
            table = entity.table
            joined = table.outerjoin(
                state, and_(state.c.entity == entity.name, state.c.record_id == table.c.id)
            )
            waiting = or_(
                state.c.exported_version.is_(None), table.c.version != state.c.exported_version
            )
            untouched = state.c.imported_version == table.c.version
            row = session.execute(
                sa.select(
                    func.count(),
                    func.coalesce(func.sum(untouched.cast(type_=table.c.version.type)), 0),
                )
                .select_from(joined)
                .where(waiting)
            ).one()
            pending[entity.name] = int(row[0])
            received += int(row[1])
        export = last_bundle(session, EXPORT, office_id)
        through = dict(export.audit_through or {}) if export else {}
        tops = session.execute(
            select(col(AuditEvent.office_id), func.max(col(AuditEvent.seq)))
            .where(col(AuditEvent.office_id).is_not(None))
            .group_by(col(AuditEvent.office_id))
        ).all()
        events = sum(max(0, int(top) - through.get(str(office), 0)) for office, top in tops)
        imports = session.exec(
            select(SyncBundle)
            .where(col(SyncBundle.direction) == IMPORT)
            .order_by(col(SyncBundle.at).desc())
        ).all()
        latest: dict[uuid.UUID, SyncBundle] = {}
        for bundle in imports:
            latest.setdefault(bundle.office_id, bundle)
        conflicts = session.execute(
            select(func.count()).where(col(SyncConflict.resolved_at).is_(None))
        ).scalar_one()
        return SyncStatus(
            office_code=office.code if office else "?",
            pending=pending,
            pending_received=received,
            pending_audit_events=events,
            last_export=_info(export) if export else None,
            last_imports=[_info(b) for b in latest.values()],
            open_conflicts=int(conflicts),
        )
