"""What must stand behind an imported row, and what is worked out here instead of copied.

A checklist item that arrives received, verified, rejected or waived must have the audit event
that set it so (``document.record`` / ``waive_item`` with that status after the change), in the
bundle or already here: a row edited to ``verified`` with no verification behind it is refused
with the whole bundle. An application's status is derived from its items (complete once every
required item is verified or waived), so it is recomputed after the merge rather than taken
from the other office's row; a withdrawn or blocked file keeps its status.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from ltsa_desk import clock
from ltsa_desk.db.models import ApplicationStatus, ItemStatus
from ltsa_desk.sync.content import Content
from ltsa_desk.sync.entities import AUDIT_TABLE, BY_NAME
from ltsa_desk.sync.errors import BundleRejected
from ltsa_desk.sync.state import chunks

ITEM = "requirement_item"
#: Item statuses that only an audited action sets.
AUDITED_STATUSES = frozenset(
    {ItemStatus.RECEIVED, ItemStatus.VERIFIED, ItemStatus.REJECTED, ItemStatus.WAIVED}
)
DONE = (ItemStatus.VERIFIED.value, ItemStatus.WAIVED.value)
KEPT = (ApplicationStatus.WITHDRAWN.value, ApplicationStatus.BLOCKED.value)


def _status_after(changes: Any) -> str | None:
    status = changes.get("status") if isinstance(changes, dict) else None
    if isinstance(status, list) and len(status) == 2 and isinstance(status[1], str):
        return status[1]
    return None


def check_item_evidence(
    session: Session,
    content: Content,
    written: set[uuid.UUID],
    aliases: dict[uuid.UUID, uuid.UUID],
) -> None:
    """Each item written with an audited status has the event that set it, or the bundle is
    refused. ``written``: the local ids of the items the merge inserts or updates."""
    wanted: list[tuple[str, set[str], str]] = []
    for row in content.rows[ITEM]:
        target = aliases.get(row.id, row.id)
        status = str(row.values["status"])
        if target in written and status in AUDITED_STATUSES:
            wanted.append((str(row.values["document_code"]), {str(row.id), str(target)}, status))
    if not wanted:
        return
    ids = set().union(*(names for _code, names, _status in wanted))
    seen: dict[str, set[str | None]] = defaultdict(set)
    for events in content.chains.values():
        for event in events:
            if event["entity"] == ITEM and event["entity_id"] in ids:
                seen[event["entity_id"]].add(_status_after(event["changes"]))
    table = AUDIT_TABLE
    for part in chunks(sorted(ids)):
        for entity_id, changes in session.execute(
            sa.select(table.c.entity_id, table.c.changes).where(
                table.c.entity == ITEM, table.c.entity_id.in_(part)
            )
        ):
            seen[entity_id].add(_status_after(changes))
    unbacked = [(c, s) for c, names, s in wanted if not any(s in seen[n] for n in names)]
    if unbacked:
        code, status = unbacked[0]
        raise BundleRejected("unbacked_status", count=len(unbacked), document=code, status=status)


def touched_applications(
    inserts: dict[str, list[dict[str, Any]]], updates: dict[str, list[dict[str, Any]]]
) -> set[uuid.UUID]:
    touched = {r["id"] for r in inserts["application"]}
    touched |= {r["b_id"] for r in updates["application"]}
    for row in [*inserts[ITEM], *updates[ITEM]]:
        if row.get("application_id") is not None:
            touched.add(row["application_id"])
    return touched


def recompute_statuses(session: Session, application_ids: Iterable[uuid.UUID]) -> int:
    """Set each application's status from its items as written now; how many changed."""
    applications = BY_NAME["application"].table
    items = BY_NAME[ITEM].table
    changed = 0
    for part in chunks(sorted(application_ids, key=str)):
        done: dict[uuid.UUID, bool] = {}
        for application_id, status in session.execute(
            sa.select(items.c.application_id, items.c.status).where(
                items.c.application_id.in_(part), items.c.required.is_(True)
            )
        ):
            done[application_id] = done.get(application_id, True) and status in DONE
        for application_id, status in session.execute(
            sa.select(applications.c.id, applications.c.status).where(applications.c.id.in_(part))
        ):
            if status in KEPT:
                continue
            complete = done.get(application_id, False)
            expected = (
                ApplicationStatus.COMPLETE if complete else ApplicationStatus.IN_PROGRESS
            ).value
            if status != expected:
                session.execute(
                    sa.update(applications)
                    .where(applications.c.id == application_id)
                    .values(
                        status=expected,
                        version=applications.c.version + 1,
                        updated_at=clock.now(),
                    )
                )
                changed += 1
    return changed
