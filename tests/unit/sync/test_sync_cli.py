"""``ltsa-desk sync …`` end to end, with the home database on either engine (``--db URL``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ltsa_desk.cli import main
from tests.conftest import PASSWORDS
from tests.unit.sync.conftest import Desk
from tests.unit.sync.helpers import edit, register_cilacap


@pytest.fixture
def as_supervisor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LTSA_DESK_USER", "supervisor")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["supervisor"])


def sync(*args: str) -> int:
    return main(["sync", *args])


def test_export_import_status_conflicts_and_resolve(
    home: Desk,
    other: Desk,
    tmp_path: Path,
    as_supervisor: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SYNC_PASSPHRASE", "kunci rahasia kantor")
    applicant = register_cilacap(other)
    district, province = ("--db", str(other.db.path)), ("--db", home.db.url)
    sealed = ("--passphrase-env", "SYNC_PASSPHRASE")
    assert sync("export", *district, "--output", str(tmp_path), *sealed, "--lang", "en") == 0
    first = tmp_path / "ltsa-sync-CILACAP-000001.zip.enc"
    shown = capsys.readouterr()
    assert first.exists() and "Bundle 1 written" in shown.out
    progress = [line for line in shown.err.splitlines() if line.startswith("Writing the bundle")]
    assert progress[0].split()[-1].startswith("0/")
    done, total = progress[-1].split()[-1].split("/")
    assert done == total

    assert sync("import", str(first), *province, "--lang", "en") == 1
    assert "passphrase" in capsys.readouterr().err
    assert sync("import", str(first), *province, *sealed) == 0
    shown = capsys.readouterr()
    assert "diimpor" in shown.out
    steps = [line.split()[-1] for line in shown.err.splitlines() if "Mengimpor paket" in line]
    assert steps == ["0/4", "1/4", "2/4", "3/4", "4/4"]

    assert sync("status", *province, "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert status["office_code"] == "KEBUMEN"
    assert status["last_imports"][0]["office_code"] == "CILACAP"
    assert status["pending"]["applicant"] == 1 and status["pending_received"] == 1

    edit(home, applicant.id, phone="0811-0000-1111")
    edit(other, applicant.id, phone="0822-0000-2222")
    assert sync("export", *district, "--output", str(tmp_path)) == 0
    assert "tidak terenkripsi" in capsys.readouterr().err
    second = tmp_path / "ltsa-sync-CILACAP-000002.zip"
    assert sync("import", str(second), *province, "--lang", "en") == 0
    assert "1 conflicts" in capsys.readouterr().out

    assert sync("conflicts", *province, "--json") == 0
    [conflict] = json.loads(capsys.readouterr().out)
    assert conflict["entity"] == "applicant"
    assert sync("resolve", conflict["id"], "--keep", "remote", *province) == 0
    assert "remote" in capsys.readouterr().out
    assert sync("status", *province, "--lang", "en") == 0
    shown = capsys.readouterr().out
    assert "Office KEBUMEN" in shown and "Open conflicts: 0" in shown


def test_a_refused_bundle_says_why_and_exits_1(
    home: Desk, tmp_path: Path, as_supervisor: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sync("export", "--db", home.db.url, "--output", str(tmp_path)) == 0
    own = next(tmp_path.glob("ltsa-sync-KEBUMEN-*.zip"))
    capsys.readouterr()
    assert sync("import", str(own), "--db", home.db.url, "--lang", "en") == 1
    assert "comes from this office (KEBUMEN)" in capsys.readouterr().err


def test_an_operator_may_not_export(
    home: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LTSA_DESK_USER", "operator")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["operator"])
    assert sync("export", "--db", home.db.url, "--output", str(tmp_path)) == 1
    assert "sync_export" in capsys.readouterr().err
    assert list(tmp_path.glob("*.zip")) == []


def test_offices_exchange_key_cards_by_command(
    home: Desk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    open_office: Any,
) -> None:
    """A new district: its admin writes the key card; the province's supervisor registers it
    with the fingerprint read out by phone; then its bundles are accepted."""
    district = open_office("KEBUMEN")  # an office home has never heard of
    on_district, on_home = ("--db", str(district.db.path)), ("--db", home.db.url)
    monkeypatch.setenv("LTSA_DESK_USER", "admin")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["admin"])
    card = tmp_path / "kunci.json"
    assert main(["office", "key", "export", *on_district, "--output", str(card)]) == 0
    said = capsys.readouterr().out
    fingerprint = said.rsplit(":", 1)[1].strip()
    assert len(fingerprint.replace(" ", "")) == 16
    assert main(["office", "key", "export", *on_district, "--output", str(card)]) == 1
    assert "tidak pernah ditimpa" in capsys.readouterr().err
    monkeypatch.setenv("LTSA_DESK_USER", "supervisor")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["supervisor"])
    wrong = ["office", "trust", str(card), *on_home, "--fingerprint", "0000000000000000"]
    assert main([*wrong, "--lang", "en"]) == 1
    assert "swapped" in capsys.readouterr().err
    assert main(["office", "trust", str(card), *on_home, "--fingerprint", fingerprint]) == 0
    assert main(["office", "keys", *on_home, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert {(k["office"], k["own"]) for k in listed} >= {("KEBUMEN", True), ("KEBUMEN", False)}


def test_an_office_from_before_keys_creates_one_then_exports(
    home: Desk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An office set up before office keys: export says what to do; the admin makes the key."""
    with home.db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM office_key WHERE private_key IS NOT NULL")
    on_home = ("--db", home.db.url, "--lang", "en")
    monkeypatch.setenv("LTSA_DESK_USER", "supervisor")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["supervisor"])
    assert sync("export", *on_home, "--output", str(tmp_path)) == 1
    assert "ltsa-desk office key create" in capsys.readouterr().err
    assert not list(tmp_path.glob("ltsa-sync-*"))
    assert main(["office", "key", "create", *on_home]) == 1  # an admin's task
    capsys.readouterr()
    monkeypatch.setenv("LTSA_DESK_USER", "admin")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["admin"])
    assert main(["office", "key", "create", *on_home]) == 0
    assert "key was created" in capsys.readouterr().out
    assert main(["office", "key", "create", *on_home]) == 1
    assert "office key rotate" in capsys.readouterr().err
    assert main(["office", "key", "rotate", *on_home]) == 0
    assert "new key" in capsys.readouterr().out
    assert sync("export", *on_home, "--output", str(tmp_path)) == 0
    assert main(["audit", "verify", *on_home]) == 0
