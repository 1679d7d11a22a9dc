"""Saving, sending to CUPS, failures, and the audit trail of every print."""

from __future__ import annotations

import errno
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from ltsa_desk.config import Settings
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Application, AuditEvent
from ltsa_desk.printing import (
    DiskFull,
    NothingHandedOver,
    OutputNotWritable,
    PrinterFailed,
    PrinterMissing,
    print_checklist,
    print_receipt,
    print_requirements,
)
from ltsa_desk.printing import service as printing_service
from ltsa_desk.rules import Profile
from ltsa_desk.services.access import Actor
from tests.conftest import TODAY, travel
from tests.unit.printing.builders import NOW
from tests.unit.printing.conftest import flat, pages_text
from tests.unit.services.helpers import NIK_SITI


def _events(db: Database, action: str) -> list[AuditEvent]:
    with db.read() as session:
        return list(
            session.exec(
                select(AuditEvent)
                .where(col(AuditEvent.action) == action)
                .order_by(col(AuditEvent.seq))
            )
        )


def test_no_printer_saves_in_the_output_folder_and_audits_each_reprint(
    db: Database, operator: Actor, case: Application, settings: Settings
) -> None:
    first = print_checklist(db, operator, case.id, settings=settings, now=NOW)
    second = print_checklist(db, operator, case.id, settings=settings, now=NOW.replace(minute=16))
    assert first.printer is None
    assert first.path.parent == settings.output_dir
    assert first.path.name == f"checklist-{case.registration_number}-{NOW:%Y%m%d}-101500.pdf"
    assert second.path != first.path and second.path.is_file()  # a reprint keeps the first
    # Printing was asked for: the message says that no printer is set, and where the PDF is.
    assert first.no_printer
    assert "belum diatur printernya" in first.message("id") and str(first.path) in first.message(
        "id"
    )
    assert first.message("en").startswith("No printer is set for this desk")
    assert str(first.path) in first.message("en") and "ltsa-desk printer list" in first.message(
        "en"
    )
    saved_only = print_checklist(db, operator, case.id, settings=settings, now=NOW, send=False)
    assert saved_only.message("en") == f"PDF saved at {saved_only.path}."
    events = _events(db, "print.checklist")[:2]
    assert [e.changes["copy"] for e in events] == [1, 2]
    assert [e.changes["reprint"] for e in events] == [False, True]
    assert events[0].entity_id == str(case.id)
    assert events[0].operator_id == operator.operator_id
    assert events[0].changes["file"] == str(first.path)
    assert events[0].changes["printer"] is None


def test_sent_to_the_configured_printer_with_lp(
    db: Database, operator: Actor, case: Application, settings: Settings, fake_lp: Path
) -> None:
    configured = settings.model_copy(update={"printer": "desk1"})
    outcome = print_checklist(db, operator, case.id, settings=configured, now=NOW)
    assert outcome.printer == "desk1"
    assert outcome.job == "desk1-42"
    args = fake_lp.read_text().splitlines()
    assert args[:2] == ["-d", "desk1"]
    assert args[-1] == str(outcome.path) and args[-2] == "--"
    assert "desk1" in outcome.message("id") and str(outcome.path) in outcome.message("id")
    (event,) = _events(db, "print.checklist")
    assert event.changes["printer"] == "desk1" and event.changes["job"] == "desk1-42"


def test_save_only_does_not_call_lp(
    db: Database, operator: Actor, case: Application, settings: Settings, fake_lp: Path
) -> None:
    configured = settings.model_copy(update={"printer": "desk1"})
    outcome = print_checklist(db, operator, case.id, settings=configured, now=NOW, send=False)
    assert outcome.printer is None
    assert not fake_lp.exists()


def test_cups_refusing_keeps_the_pdf_and_says_where(
    db: Database,
    operator: Actor,
    case: Application,
    settings: Settings,
    fake_lp: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FAKE_LP_FAIL", "lp: Error - Scheduler not responding.")
    configured = settings.model_copy(update={"printer": "desk1"})
    with pytest.raises(PrinterFailed) as caught:
        print_checklist(db, operator, case.id, settings=configured, now=NOW)
    assert caught.value.path.is_file()
    message = caught.value.message("id")
    assert "Scheduler not responding" in message and str(caught.value.path) in message
    assert "could not be reached" in caught.value.message("en")
    (event,) = _events(db, "print.checklist")
    assert event.changes["error"] == "printing.error.printer_failed"


def test_lp_missing_keeps_the_pdf(
    db: Database,
    operator: Actor,
    case: Application,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    configured = settings.model_copy(update={"printer": "desk1"})
    with pytest.raises(PrinterMissing) as caught:
        print_checklist(db, operator, case.id, settings=configured, now=NOW)
    assert caught.value.path.is_file()
    assert "lp" in caught.value.message("id") and str(caught.value.path) in caught.value.message()
    assert len(_events(db, "print.checklist")) == 1


def test_unwritable_output_folder_is_a_clear_error_and_nothing_is_audited(
    db: Database, operator: Actor, case: Application, settings: Settings, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(OutputNotWritable) as caught:
        print_checklist(db, operator, case.id, settings=settings, now=NOW, output=blocker / "c.pdf")
    assert str(blocker) in caught.value.message("id")
    assert "cannot be written" in caught.value.message("en")
    assert _events(db, "print.checklist") == []


def test_full_disk_leaves_no_partial_file(
    db: Database,
    operator: Actor,
    case: Application,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def disk_full(path: Path, data: bytes) -> None:
        path.write_bytes(data[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(printing_service, "_write_bytes", disk_full)
    target = tmp_path / "full" / "c.pdf"
    with pytest.raises(DiskFull) as caught:
        print_checklist(db, operator, case.id, settings=settings, now=NOW, output=target)
    assert "Disk penuh" in caught.value.message("id")
    assert list(target.parent.iterdir()) == []


def test_receipt_lists_todays_handover_in_two_copies(
    db: Database, operator: Actor, case: Application, settings: Settings, tmp_path: Path
) -> None:
    outcome = print_receipt(
        db, operator, case.id, settings=settings, now=NOW, output=tmp_path / "r.pdf"
    )
    pages = [flat(page) for page in pages_text(outcome.path)]
    assert len(pages) == 2 == outcome.pages
    for page, copy in zip(pages, ("Lembar untuk pemohon", "Lembar untuk kantor"), strict=True):
        assert "TANDA TERIMA BERKAS" in page and copy in page
        assert case.registration_number in page and "Ñoño Sîtï Ärûm" in page
        assert "3305••••••••0001" in page and NIK_SITI not in page
        assert "Kartu Keluarga (KK) 3305010101090001 salinan Diterima" in page
        assert "Paspor (48 halaman untuk CPMI) C1234567 asli Diterima" in page
        assert "KTP elektronik" not in page  # handed in yesterday
        assert "Pas foto" not in page  # rejected, handed back
        assert "Jumlah: 2 dokumen (1 asli, 1 salinan, 0 tidak dicatat)." in page
        assert "Yang menyerahkan, Pemohon" in page and "Yang menerima, Petugas" in page
        assert "Halaman 1 dari 1" in page  # each copy is numbered on its own
    (event,) = _events(db, "print.receipt")
    assert event.changes["documents"] == ["kartu_keluarga", "paspor"]


def test_receipt_with_nothing_handed_over_today(
    db: Database, operator: Actor, case: Application, settings: Settings
) -> None:
    tomorrow = NOW + timedelta(days=1)  # everything was handed over the day before
    with travel(tomorrow), pytest.raises(NothingHandedOver) as caught:
        print_receipt(db, operator, case.id, settings=settings, now=tomorrow)
    assert case.registration_number in caught.value.message("id")
    assert "handed over today" in caught.value.message("en")
    assert _events(db, "print.receipt") == []


def test_pre_counselling_sheet(
    db: Database, operator: Actor, settings: Settings, tmp_path: Path
) -> None:
    office_text = "Pengaduan: meja 2 LTSA Kebumen, WA 0812-0000-0000 <jangan bayar calo> & lapor"
    configured = settings.model_copy(update={"complaint_channel": office_text})
    profile = Profile(
        scheme="p2p",
        destination="SA",
        sector="domestic",
        marital_status="single",
        sex="P",
        birth_date=date(2001, 5, 6),
        planned_departure=TODAY + timedelta(days=96),
    )
    outcome = print_requirements(
        db, operator, profile, settings=configured, now=NOW, output=tmp_path / "s.pdf"
    )
    text = flat("\n".join(pages_text(outcome.path)))
    assert "LEMBAR PRA-KONSELING: PERSIAPAN DOKUMEN" in text
    assert "Arab Saudi (SA)" in text
    assert "Di mana mendapatkannya" in text and "Yang perlu dibawa" in text
    assert "Surat izin orang tua" in text and "Dinas Kependudukan" in text
    assert "Rencana ini tidak dapat diproses" in text  # the Middle-East moratorium blocks it
    assert "Waspada perekrutan ilegal" in text and office_text in text
    assert "Halaman 1 dari" in text
    (event,) = _events(db, "print.requirements")
    assert event.entity == "requirements"
    assert event.changes["profile"]["destination"] == "SA"
    assert "birth_date" not in event.changes["profile"]
