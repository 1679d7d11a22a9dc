"""``ltsa-desk print``: the same services from the command line, as a logged-in operator."""

from __future__ import annotations

from pathlib import Path

import pytest

from ltsa_desk.cli import main
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Application
from tests.conftest import PASSWORDS
from tests.unit.printing.conftest import flat, pages_text


@pytest.fixture
def as_operator(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["operator"])
    config = tmp_path / "config.toml"
    config.write_text(f'output_dir = "{tmp_path / "out"}"\n')
    monkeypatch.setenv("LTSA_DESK_CONFIG", str(config))
    from ltsa_desk.config import load_settings

    load_settings.cache_clear()


def test_print_checklist_and_receipt(
    db: Database,
    db_url: str,
    case: Application,
    as_operator: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "checklist.pdf"
    argv = ["--db", db_url, "print", "checklist", case.registration_number]
    assert main([*argv, "--as", "operator", "--output", str(target)]) == 0
    shown = capsys.readouterr().out.strip()
    assert f"PDF disimpan di {target}:" in shown and "belum diatur printernya" in shown
    assert case.registration_number in pages_text(target)[0]
    argv = ["--db", db_url, "--lang", "en", "print", "receipt", case.registration_number]
    assert main([*argv, "--as", "operator", "--save-only"]) == 0
    saved = Path(capsys.readouterr().out.strip().removeprefix("PDF saved at ").rstrip("."))
    assert saved.parent == tmp_path / "out"
    assert "Family card (Kartu Keluarga, KK)" in flat(pages_text(saved)[0])


def test_print_requirements_sheet(
    db_url: str, case: Application, as_operator: None, tmp_path: Path
) -> None:
    target = tmp_path / "sheet.pdf"
    argv = ["--db", db_url, "print", "requirements", "--scheme", "g2g"]
    argv += ["--destination", "kr", "--sector", "formal", "--programme", "eps"]
    argv += ["--marital-status", "single", "--sex", "L", "--as", "operator"]
    assert main([*argv, "--output", str(target)]) == 0
    assert "Korea Selatan (KR)" in flat("\n".join(pages_text(target)))


def test_unknown_registration_number(
    db_url: str, case: Application, as_operator: None, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--db", db_url, "print", "checklist", "NOPE-2026-000001", "--as", "operator"]
    assert main(argv) == 1
    assert "NOPE-2026-000001 tidak ditemukan" in capsys.readouterr().err
