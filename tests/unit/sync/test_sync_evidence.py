"""Imported rows are checked against the audit events that must stand behind them, and derived
statuses are worked out here rather than copied.

An outside tester set 17 checklist items to ``verified`` in a bundle, with no verification
event behind them, and the file's status was taken as sent. Here the forger even holds the
sending office's key (its desk misbehaving): the bundle is still refused, nothing changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from ltsa_desk.db.models import Application, ApplicationStatus, ItemStatus, RequirementItem
from ltsa_desk.services.documents import record_document
from ltsa_desk.sync import import_bundle
from tests.conftest import TODAY
from tests.unit.sync.conftest import Desk
from tests.unit.sync.helpers import export, forge, open_plan, refused, register_cilacap


@pytest.fixture
def plan(other: Desk) -> Application:
    return open_plan(other, register_cilacap(other))


def _items(desk: Desk, application: Application) -> list[RequirementItem]:
    with desk.db.read() as session:
        return list(
            session.exec(
                select(RequirementItem).where(col(RequirementItem.application_id) == application.id)
            )
        )


def test_items_set_to_verified_without_their_events_are_refused(
    home: Desk, other: Desk, plan: Application, tmp_path: Path
) -> None:
    path = export(other, tmp_path).path

    def verify_all(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            row["record"]["status"] = "verified"

    forge(path, "requirement_item", verify_all, signer=other)
    rejected = refused(home, path, "unbacked_status")
    count = len(_items(other, plan))
    assert f"{count} checklist item" in rejected.message("en")
    assert "peristiwa audit" in rejected.message("id")


def test_items_verified_at_the_desk_arrive_with_their_events(
    home: Desk, other: Desk, plan: Application, tmp_path: Path
) -> None:
    for item in _items(other, plan):
        record_document(other.db, other.operator, item.id, ItemStatus.VERIFIED, today=TODAY)
    report = import_bundle(home.db, home.supervisor, export(other, tmp_path).path)
    assert report.recomputed == 0
    with home.db.read() as session:
        copy = session.get(Application, plan.id)
        assert copy is not None and copy.status == ApplicationStatus.COMPLETE


def test_a_status_sent_as_complete_is_worked_out_again(
    home: Desk, other: Desk, plan: Application, tmp_path: Path
) -> None:
    path = export(other, tmp_path).path

    def complete(rows: list[dict[str, Any]]) -> None:
        rows[0]["record"]["status"] = "complete"

    forge(path, "application", complete, signer=other)
    report = import_bundle(home.db, home.supervisor, path)
    assert report.recomputed == 1
    with home.db.read() as session:
        copy = session.get(Application, plan.id)
        assert copy is not None and copy.status == ApplicationStatus.IN_PROGRESS
