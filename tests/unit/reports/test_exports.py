"""The recap's CSV, XLSX and PDF carry the same figures, and NIKs only masked."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ltsa_desk.db.engine import Database
from ltsa_desk.reports import Period, compute_recap
from ltsa_desk.reports.export import render_recap, save_recap
from ltsa_desk.reports.files import csv_text
from ltsa_desk.reports.recap import Recap
from ltsa_desk.services.access import Actor
from tests.conftest import TODAY
from tests.unit.reports.builders import Office


@pytest.fixture
def recap(office_db: Database, operator: Actor, office: Office) -> Recap:
    return compute_recap(office_db, operator, Period.day(TODAY))


def _full_niks(office: Office) -> list[str]:
    return [a.nik for a in office.applicants.values()]


def test_csv_is_one_long_table(recap: Recap, office: Office) -> None:
    data = render_recap(recap, "csv", "id").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert list(rows[0]) == ["section", "code", "label", "measure", "value"]
    value = {(r["section"], r["code"], r["measure"]): r["value"] for r in rows}
    assert value[("meta", "office", "value")] == "KEBUMEN"
    assert value[("summary", "registered", "count")] == "3"
    assert value[("summary", "complete", "count")] == "1"
    assert value[("summary", "verified", "count")] == str(office.complete_items)
    assert value[("missing", "ktp_el", "files")] == "1"
    assert value[("by_destination", "TW", "count")] == "1"
    assert value[("by_destination", "TW", "share")] == "50%"
    assert value[("by_regency", "3302", "count")] == "1"
    assert value[("trend", TODAY.isoformat(), "registered")] == "3"
    regno = office.waiting.registration_number
    budi = office.applicants["budi"].nik
    assert value[("waiting_files", regno, "nik")] == budi[:4] + "••••••••" + budi[-4:]
    assert not any(nik in data for nik in _full_niks(office))


def test_xlsx_has_one_sheet_per_breakdown(recap: Recap, office: Office, tmp_path: Path) -> None:
    path = save_recap(recap, "xlsx", tmp_path / "rekap.xlsx", "en")
    book = load_workbook(path)
    assert book.sheetnames == [
        "About",
        "Summary",
        "Waiting files, per missing docu",
        "By scheme",
        "By destination",
        "By sector",
        "By sex",
        "By regency of origin (NIK)",
        "14-day trend",
        "Waiting files",
        "Day closes",
    ]
    summary = {row[0]: row[2] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["registered"] == 3
    assert summary["received"] == office.complete_items + 1
    sex = list(book["By sex"].iter_rows(min_row=2, values_only=True))
    assert sex == [("P", "Female", 2, "67%"), ("L", "Male", 1, "33%")]
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert not any(nik in cell for nik in _full_niks(office) for cell in cells)


def test_pdf_for_signature(recap: Recap, office: Office) -> None:
    pdf = render_recap(recap, "pdf", "id", printed_by="Sri Supervisor")
    assert pdf == render_recap(recap, "pdf", "id", printed_by="Sri Supervisor")  # invariant
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "REKAP HARIAN LAYANAN CPMI" in text
    assert "Pendaftar baru" in text and "Sri Supervisor" in text
    assert "Kabupaten Banyumas" in text
    assert office.waiting.registration_number in text
    assert "Hari ini belum ditutup" in text
    assert recap.audit_head is not None  # the chain head on paper: an anchor outside the database
    seq, chain_hash = recap.audit_head
    assert f"--anchor {recap.scope.office_code}:{seq}:{chain_hash[:16]}" in text.replace("\n", "")
    assert not any(nik in text for nik in _full_niks(office))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert all("DejaVu" in font for font in fonts)


def test_spreadsheet_cells_cannot_become_formulas() -> None:
    assert csv_text("=1+1") == "'=1+1"
    assert csv_text("@SUM(A1)") == "'@SUM(A1)"
    assert csv_text("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0"
    assert csv_text("+6281234567890") == "+6281234567890"
    assert csv_text("Siti") == "Siti"
    assert csv_text(12) == "12"
