"""Each office signs what it exports; the importer takes only bundles signed by a key a
supervisor registered for their office. A careful forger who edits rows and recomputes every
hash (the attack an outside tester made work on plain bundles) is refused, and nothing changes.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from ltsa_desk.db.models import Applicant
from ltsa_desk.services.office_keys import (
    OfficeKeyError,
    key_card,
    parse_key_card,
    rotate_office_key,
    trust_office_key,
    withdraw_trust,
)
from ltsa_desk.sync import crypto, import_bundle
from ltsa_desk.sync.bundle import SIGNATURE_NAME
from tests.unit.sync.conftest import Desk, trust
from tests.unit.sync.helpers import export, forge, open_plan, refused, register_cilacap

PASSPHRASE = "kunci rahasia kantor"


@pytest.fixture
def bundle(other: Desk, tmp_path: Path) -> Path:
    open_plan(other, register_cilacap(other))
    return export(other, tmp_path / "out").path


def _rename(rows: list[dict[str, Any]]) -> None:
    rows[0]["record"]["full_name"] = "Nama Palsu"


def _verify_everything(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        row["record"]["status"] = "verified"


def test_rows_edited_with_every_hash_recomputed_are_refused(home: Desk, bundle: Path) -> None:
    forge(bundle, "applicant", _rename)
    forge(bundle, "requirement_item", _verify_everything)
    rejected = refused(home, bundle, "bad_signature")
    assert "CILACAP" in rejected.message("en") and "altered" in rejected.message("en")
    with home.db.read() as session:
        assert session.exec(select(Applicant)).first() is None


def test_a_bundle_without_its_signature_is_refused(home: Desk, bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as source:
        members = {i.filename: source.read(i.filename) for i in source.infolist()}
    del members[SIGNATURE_NAME]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    bundle.write_bytes(buffer.getvalue())
    rejected = refused(home, bundle, "unsigned")
    assert "tidak bertanda tangan" in rejected.message("id")


def test_a_bundle_signed_by_a_key_not_registered_here_is_refused(
    home: Desk, other: Desk, bundle: Path, tmp_path: Path
) -> None:
    """CILACAP's desk gets a new key (or a forger makes one): not until a supervisor says so."""
    rotate_office_key(other.db, other.admin)
    fresh = export(other, tmp_path / "second").path
    import_bundle(home.db, home.supervisor, bundle)  # signed with the key home registered
    rejected = refused(home, fresh, "untrusted_key")
    assert "ltsa-desk office trust" in rejected.message("en")
    trust(home, other)
    assert import_bundle(home.db, home.supervisor, fresh).sequence == 2


def test_a_key_whose_trust_was_withdrawn_no_longer_signs_for_its_office(
    home: Desk, other: Desk, bundle: Path
) -> None:
    card = key_card(other.db, other.admin.office_id)
    withdraw_trust(home.db, home.supervisor, "CILACAP", card.fingerprint)
    refused(home, bundle, "untrusted_key")


def test_a_sealed_bundle_forged_by_someone_who_knows_the_passphrase_is_refused(
    home: Desk, other: Desk, tmp_path: Path
) -> None:
    """The passphrase is shared by both offices: it hides data, the signature says who wrote it."""
    register_cilacap(other)
    sealed = export(other, tmp_path, passphrase=PASSPHRASE).path
    plain = tmp_path / "opened.zip"
    plain.write_bytes(crypto.decrypt(sealed.read_bytes(), PASSPHRASE))
    forge(plain, "applicant", _rename)
    sealed.write_bytes(crypto.encrypt(plain.read_bytes(), PASSPHRASE))
    refused(home, sealed, "bad_signature", passphrase=PASSPHRASE)


def test_a_key_card_travels_and_its_fingerprint_is_checked(home: Desk, other: Desk) -> None:
    card = key_card(other.db, other.admin.office_id)
    text = json.dumps(card.as_json())
    assert parse_key_card(text) == card
    with pytest.raises(OfficeKeyError) as wrong:
        trust_office_key(home.db, home.supervisor, card, fingerprint="0000 0000 0000 0000")
    assert card.fingerprint in wrong.value.message("en")
    swapped = json.loads(text) | {"public_key": "A" * 43 + "="}
    with pytest.raises(OfficeKeyError):
        parse_key_card(json.dumps(swapped))
    spaced = " ".join(card.fingerprint[i : i + 4] for i in range(0, 16, 4))
    assert trust_office_key(home.db, home.supervisor, card, fingerprint=spaced).public_key


def test_an_operator_may_not_register_a_key(home: Desk, other: Desk) -> None:
    from ltsa_desk.services.errors import PermissionDenied

    card = key_card(other.db, other.admin.office_id)
    with pytest.raises(PermissionDenied):
        trust_office_key(home.db, home.operator, card)
