"""Printers per system: CUPS lp and lpstat, the Windows print verb, the test page."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ltsa_desk.cli import main
from ltsa_desk.config import Settings
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Application
from ltsa_desk.printing import print_checklist, printers
from ltsa_desk.printing.errors import NoPdfPrinterApp, PrinterFailed, PrinterMissing
from ltsa_desk.printing.service import print_test_page
from ltsa_desk.services.access import Actor
from tests.unit.printing.builders import NOW
from tests.unit.printing.conftest import pages_text


@pytest.fixture
def on_windows(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """This computer as Windows: ``os.startfile`` records each call."""
    calls: list[tuple[str, ...]] = []

    def startfile(path: str, operation: str = "open", arguments: str = "") -> None:
        calls.append((path, operation, arguments))

    monkeypatch.setattr(printers, "on_windows", lambda: True)
    monkeypatch.setattr(os, "startfile", startfile, raising=False)
    return calls


def test_windows_prints_the_saved_pdf_with_the_print_verb(
    db: Database,
    operator: Actor,
    case: Application,
    settings: Settings,
    on_windows: list[tuple[str, ...]],
) -> None:
    configured = settings.model_copy(update={"printer": "HP LaserJet Loket 1"})
    outcome = print_checklist(db, operator, case.id, settings=configured, now=NOW)
    assert on_windows == [(str(outcome.path), "printto", '"HP LaserJet Loket 1"')]
    assert outcome.printer == "HP LaserJet Loket 1" and outcome.job is None
    assert outcome.path.is_file()


def test_windows_without_a_pdf_program_keeps_the_pdf_and_says_what_to_install(
    db: Database,
    operator: Actor,
    case: Application,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_association(path: str, operation: str = "open", arguments: str = "") -> None:
        error = OSError(22, "No application is associated with the specified file")
        error.winerror = 1155  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(printers, "on_windows", lambda: True)
    monkeypatch.setattr(os, "startfile", no_association, raising=False)
    configured = settings.model_copy(update={"printer": "HP"})
    with pytest.raises(NoPdfPrinterApp) as caught:
        print_checklist(db, operator, case.id, settings=configured, now=NOW)
    assert caught.value.path.is_file()
    message = caught.value.message("en")
    assert "PDF reader" in message and str(caught.value.path) in message
    assert "pembaca PDF" in caught.value.message("id")


def _tool(folder: Path, name: str, body: str) -> None:
    script = folder / name
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def test_printer_list_names_the_configured_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    _tool(folder, "lpstat", 'echo "desk1"; echo "Kantor_HP"')
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    (tmp_path / "no-config.toml").write_text('printer = "Kantor_HP"\n')
    assert main(["printer", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == ["  desk1", "* Kantor_HP"]
    _tool(folder, "lpstat", "exit 0")
    assert main(["printer", "list", "--lang", "en"]) == 1
    assert "No printers are set up" in capsys.readouterr().err


def test_printer_list_without_cups_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterMissing):
        printers.list_printers()


def test_test_page_is_saved_and_sent(tmp_path: Path, settings: Settings, fake_lp: Path) -> None:
    outcome = print_test_page("desk1", lang="en", settings=settings)
    assert outcome.printer == "desk1" and outcome.job == "desk1-42"
    assert fake_lp.read_text().splitlines()[-1] == str(outcome.path)
    (text,) = pages_text(outcome.path)
    assert "printer test page" in text and "Printer: desk1" in text


def test_test_page_without_a_printer_says_none_is_configured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "page.pdf"
    assert main(["printer", "test", "--output", str(target), "--lang", "en"]) == 1
    shown = capsys.readouterr().out
    assert "No printer is set for this desk" in shown and str(target) in shown
    assert target.is_file()


def test_a_printer_that_refuses_the_test_page(
    settings: Settings, fake_lp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_LP_FAIL", "lp: The printer or class does not exist.")
    with pytest.raises(PrinterFailed) as caught:
        print_test_page("nope", settings=settings)
    assert "does not exist" in caught.value.message("en")
