"""The same person (NIK) or P3MI (licence) registered apart in two offices: their UUID maps to
ours (``sync_alias``), and their references to it are rewritten to point at our record."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Table
from sqlmodel import Session

from ltsa_desk.db.models import SyncAlias
from ltsa_desk.sync.entities import BY_NAME, Entity

ALIAS_TABLE: Table = SyncAlias.__table__  # type: ignore[attr-defined]


def load_aliases(session: Session, entity: str) -> dict[uuid.UUID, uuid.UUID]:
    """Their ids for records we hold under our own id: {their id: our id}."""
    rows = session.execute(
        sa.select(ALIAS_TABLE.c.remote_id, ALIAS_TABLE.c.local_id).where(
            ALIAS_TABLE.c.entity == entity
        )
    ).all()
    return {row[0]: row[1] for row in rows}


@cache
def alias_columns(entity: Entity) -> dict[str, str]:
    """Reference columns to tables whose rows may be aliases: {column: entity name}."""
    result = {}
    for fk in entity.table.foreign_keys:
        target = fk.column.table.name
        if target in BY_NAME and BY_NAME[target].natural_key:
            result[fk.parent.name] = target
    return result


def rewrite_references(
    entity: Entity,
    values: dict[str, Any],
    aliases: Callable[[str], dict[uuid.UUID, uuid.UUID]],
) -> dict[str, Any]:
    """Their references to an aliased record point at our record instead."""
    out = values
    for column, target in alias_columns(entity).items():
        value = values[column]
        ours = aliases(target).get(value, value) if value is not None else None
        if ours != value:
            out = out if out is not values else dict(values)
            out[column] = ours
    return out
