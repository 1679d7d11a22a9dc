"""Builders and probes for the sync tests."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Application
from ltsa_desk.services.applicants import as_input, register_applicant, update_applicant
from ltsa_desk.services.applications import open_application
from ltsa_desk.services.errors import ValidationFailed
from ltsa_desk.services.office_keys import own_key, sign
from ltsa_desk.services.offices import add_p3mi, get_office
from ltsa_desk.sync import BundleRejected, ExportReport, export_bundle, import_bundle
from ltsa_desk.sync.entities import encode_row
from tests.conftest import TODAY
from tests.unit.services.helpers import hk_domestic, siti
from tests.unit.sync.conftest import Desk

#: A woman from Kec. Kedungreja, Kabupaten Cilacap (33.01.01), born 2 March 1996.
NIK_CILACAP = "3301014203960001"


def acknowledging(save: Callable[[dict[str, str]], Applicant]) -> Applicant:
    """Save; warnings (an applicant from outside the office's area) acknowledged, as at a desk."""
    try:
        return save({})
    except ValidationFailed as refused:
        assert not refused.errors
        return save({f.code: "pindah domisili" for f in refused.findings})


def register(desk: Desk, **changes: str) -> Applicant:
    return acknowledging(
        lambda overrides: register_applicant(
            desk.db, desk.operator, siti(**changes), overrides=overrides, today=TODAY
        )
    )


def register_cilacap(desk: Desk, **changes: str) -> Applicant:
    return register(desk, **{"nik": NIK_CILACAP, "full_name": "Ani Lestari", **changes})


def open_plan(desk: Desk, applicant: Applicant, licence: str = "SIP3MI-7/2025") -> Application:
    p3mi = add_p3mi(desk.db, desk.admin, name="PT Contoh Jaya", licence_number=licence)
    return open_application(
        desk.db, desk.operator, applicant.id, hk_domestic(p3mi_id=str(p3mi.id)), today=TODAY
    )


def edit(desk: Desk, applicant_id: Any, **changes: str) -> Applicant:
    with desk.db.read() as session:
        applicant = session.get(Applicant, applicant_id)
        assert applicant is not None
    data = as_input(applicant).model_copy(update=changes)
    return acknowledging(
        lambda overrides: update_applicant(
            desk.db,
            desk.operator,
            applicant.id,
            data,
            expected_version=applicant.version,
            overrides=overrides,
            today=TODAY,
        )
    )


def export(desk: Desk, folder: Path, **options: Any) -> ExportReport:
    folder.mkdir(parents=True, exist_ok=True)
    return export_bundle(desk.db, desk.supervisor, output=folder, **options)


def fingerprint(db: Database) -> dict[str, str]:
    """A digest of every row of every table: equal digests, unchanged database."""
    result = {}
    with db.read() as session:
        for table in SQLModel.metadata.sorted_tables:
            rows = session.execute(select(table)).mappings().all()
            columns = tuple(c.name for c in table.columns)
            encoded = sorted(
                json.dumps(encode_row(columns, r), sort_keys=True, default=str) for r in rows
            )
            result[table.name] = hashlib.sha256("\n".join(encoded).encode()).hexdigest()
    return result


def _write_members(path: Path, members: dict[str, bytes], signer: Desk | None) -> None:
    """Write the zip back; ``signer`` (the sending office itself) signs the manifest again."""
    if signer is not None:
        with signer.db.read() as session:
            office = get_office(signer.db)
            assert office is not None
            key = own_key(session, office.id)
            assert key is not None
            signature = {
                "office_id": str(office.id),
                "fingerprint": key.fingerprint,
                "signature": sign(key, members["manifest.json"]),
            }
        members["signature.json"] = json.dumps(signature).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member, content in members.items():
            target.writestr(member, content)
    path.write_bytes(buffer.getvalue())


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as source:
        return {info.filename: source.read(info.filename) for info in source.infolist()}


def rewrite_member(
    path: Path, name: str, change: Callable[[bytes], bytes], *, signer: Desk | None = None
) -> None:
    """Replace one member of a bundle zip, leaving the others (and the manifest) as they are."""
    members = _members(path)
    members[name] = change(members[name])
    _write_members(path, members, signer)


def forge(
    path: Path,
    part: str,
    change: Callable[[list[dict[str, Any]]], None],
    *,
    signer: Desk | None = None,
) -> None:
    """Edit a part's rows and fix its hash, count and size in the manifest: a careful forger.

    With ``signer``, the sending office itself signs the result (its own desk misbehaving, or
    its key stolen): what the importer's other checks must still catch.
    """
    members = _members(path)
    rows = [json.loads(line) for line in members[f"{part}.jsonl"].decode().splitlines()]
    change(rows)
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    members[f"{part}.jsonl"] = data
    manifest = json.loads(members["manifest.json"])
    manifest["parts"][part].update(
        sha256=hashlib.sha256(data).hexdigest(), rows=len(rows), bytes=len(data)
    )
    members["manifest.json"] = json.dumps(manifest).encode()
    _write_members(path, members, signer)


def refused(home: Desk, path: Path, reason: str, **options: Any) -> BundleRejected:
    """Import ``path`` at ``home``: refused for ``reason``, in both languages, nothing changed."""
    supervisor = home.supervisor  # logged in first: a login is itself written down
    before = fingerprint(home.db)
    with pytest.raises(BundleRejected) as caught:
        import_bundle(home.db, supervisor, path, **options)
    assert caught.value.reason == reason
    assert fingerprint(home.db) == before
    for lang in ("id", "en"):
        assert caught.value.message(lang)  # the catalog has it in both languages
    return caught.value
