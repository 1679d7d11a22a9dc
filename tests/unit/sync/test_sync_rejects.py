"""Bundles that are damaged, altered, out of turn or from the wrong office are refused whole,
with the reason in both languages, and the database is left exactly as it was."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ltsa_desk.sync import import_bundle
from ltsa_desk.sync.bundle import MANIFEST_NAME
from tests.unit.sync.conftest import Desk, trust
from tests.unit.sync.helpers import (
    export,
    forge,
    open_plan,
    refused,
    register_cilacap,
    rewrite_member,
)


@pytest.fixture
def bundle(other: Desk, tmp_path: Path) -> Path:
    """CILACAP's first bundle: an applicant with an application and its checklist."""
    open_plan(other, register_cilacap(other))
    return export(other, tmp_path / "out").path


def test_a_cut_short_file_is_refused(home: Desk, bundle: Path) -> None:
    bundle.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])
    rejected = refused(home, bundle, "damaged")
    assert "nothing in the database was changed" in rejected.message("en")
    assert "tidak ada yang diubah" in rejected.message("id")


def test_a_hand_edited_part_is_refused(home: Desk, bundle: Path) -> None:
    rewrite_member(bundle, "applicant.jsonl", lambda data: data.replace(b"Ani", b"Ana"))
    rejected = refused(home, bundle, "part_hash")
    assert "applicant" in rejected.message("en")


def test_a_part_with_rows_removed_is_refused(home: Desk, bundle: Path) -> None:
    rewrite_member(
        bundle, "requirement_item.jsonl", lambda data: b"".join(data.splitlines(True)[:-1])
    )
    refused(home, bundle, "part_hash")


def test_a_forged_audit_trail_is_refused_even_with_hashes_fixed(
    home: Desk, other: Desk, bundle: Path
) -> None:
    def reword(rows: list[dict[str, Any]]) -> None:
        rows[1]["action"] = "nothing.happened"

    forge(bundle, "audit_event", reword)
    refused(home, bundle, "bad_signature")
    forge(bundle, "audit_event", reword, signer=other)  # even signed by CILACAP's own key
    refused(home, bundle, "audit_chain")


def test_a_forged_bundle_referring_to_a_missing_record_is_refused(
    home: Desk, other: Desk, bundle: Path
) -> None:
    forge(bundle, "applicant", lambda rows: rows.clear(), signer=other)
    refused(home, bundle, "missing_reference")


def test_a_bundle_from_this_office_itself_is_refused(home: Desk, tmp_path: Path) -> None:
    own = export(home, tmp_path).path
    rejected = refused(home, own, "own_office")
    assert "KEBUMEN" in rejected.message("id")


def test_an_office_claiming_a_code_taken_here_is_refused(
    home: Desk, open_office: Callable[[str], Desk], tmp_path: Path
) -> None:
    impostor = open_office("KEBUMEN")  # another database that calls itself KEBUMEN
    forged = export(impostor, tmp_path).path
    refused(home, forged, "untrusted_key")
    trust(home, impostor)  # even when a supervisor was talked into registering its key
    refused(home, forged, "office_code_clash")


def test_bundles_out_of_turn_are_refused_then_accepted_in_order(
    home: Desk, other: Desk, bundle: Path, tmp_path: Path
) -> None:
    applicant = register_cilacap(
        other, nik="3301015508990002", full_name="Dewi Sartika", birth_date="1999-08-15"
    )
    second = export(other, tmp_path / "out").path
    rejected = refused(home, second, "out_of_sequence")
    assert "--since 1" in rejected.message("en")
    import_bundle(home.db, home.supervisor, bundle)
    report = import_bundle(home.db, home.supervisor, second)
    assert report.inserted["applicant"] == 1 and applicant.id


def test_a_different_bundle_under_a_number_already_imported_is_refused(
    home: Desk, other: Desk, bundle: Path, tmp_path: Path
) -> None:
    """CILACAP restored an old backup and exported bundle 1 again, with other content."""
    import_bundle(home.db, home.supervisor, bundle)
    restored = tmp_path / "restored.sqlite"
    backup = Path(str(other.db.path))
    shutil.copyfile(backup, restored)
    from ltsa_desk.db.migrate import open_database
    from tests.unit.sync.conftest import desk

    database = open_database(str(restored))
    try:
        copy = desk(database)
        # Forget the export, as a backup taken before it would.
        with database.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM sync_bundle")
        again = export(copy, tmp_path / "again").path
        refused(home, again, "sequence_reused")
    finally:
        database.dispose()


def test_an_encrypted_bundle_needs_the_right_passphrase(
    home: Desk, other: Desk, tmp_path: Path
) -> None:
    register_cilacap(other)
    sealed = export(other, tmp_path, passphrase="kunci rahasia kantor").path
    assert sealed.name.endswith(".zip.enc")
    assert b"Ani Lestari" not in sealed.read_bytes()
    refused(home, sealed, "needs_passphrase")
    refused(home, sealed, "passphrase", passphrase="kunci salah")
    tampered = tmp_path / "tampered.zip.enc"
    data = bytearray(sealed.read_bytes())
    data[-10] = ord("A") if data[-10] != ord("A") else ord("B")
    tampered.write_bytes(bytes(data))
    refused(home, tampered, "passphrase", passphrase="kunci rahasia kantor")
    report = import_bundle(home.db, home.supervisor, sealed, passphrase="kunci rahasia kantor")
    assert report.inserted["applicant"] == 1


def test_a_bundle_from_a_newer_release_is_refused(home: Desk, other: Desk, bundle: Path) -> None:
    def newer(data: bytes) -> bytes:
        manifest = json.loads(data)
        manifest["schema_revision"] = "9999_future"
        return json.dumps(manifest).encode()

    rewrite_member(bundle, MANIFEST_NAME, newer, signer=other)
    refused(home, bundle, "schema_newer")


def test_a_bundle_with_other_columns_is_refused(home: Desk, other: Desk, bundle: Path) -> None:
    def extra_column(rows: list[dict[str, Any]]) -> None:
        rows[0]["record"]["favourite_colour"] = "hijau"

    forge(bundle, "applicant", extra_column, signer=other)
    refused(home, bundle, "schema_mismatch")


def test_a_file_that_is_not_a_bundle_is_refused(home: Desk, tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text("nik,full_name\n")
    refused(home, path, "damaged")
