"""The applicant's checklist, read back from the PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import col, select

from ltsa_desk.config import Settings
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Application
from ltsa_desk.printing import print_checklist
from ltsa_desk.services.access import Actor
from tests.unit.printing.builders import NOW, PASSPORT_EXPIRY, add_items
from tests.unit.printing.conftest import flat, pages_text
from tests.unit.services.helpers import NIK_SITI


def _print(
    db: Database, actor: Actor, case: Application, settings: Settings, tmp_path: Path, **kw: str
) -> Path:
    outcome = print_checklist(
        db, actor, case.id, settings=settings, now=NOW, output=tmp_path / "c.pdf", **kw
    )
    return outcome.path


def test_checklist_says_what_the_applicant_needs(
    db: Database, operator: Actor, case: Application, settings: Settings, tmp_path: Path
) -> None:
    pages = pages_text(_print(db, operator, case, settings, tmp_path))
    text = flat("\n".join(pages))
    first = flat(pages[0])
    assert "LTSA Kabupaten Kebumen" in first and "MPP Kebumen" in first
    assert "DAFTAR PERIKSA DOKUMEN CPMI" in first
    assert case.registration_number in first
    assert "Ñoño Sîtï Ärûm" in first
    assert NIK_SITI in first  # in full, on the applicant's own checklist only
    assert "Hong Kong (HK)" in first and "PT Bina Karya Sejahtera" in first
    # documents grouped by desk, with status, number and validity
    assert first.index("Kependudukan dan Pencatatan Sipil") < first.index("Ketenagakerjaan")
    assert "Terverifikasi" in text and "Diterima" in text and "Belum ada" in text
    assert "C1234567" in text and f"berlaku s.d. {PASSPORT_EXPIRY:%d-%m-%Y}" in text
    assert "Ditolak: Foto lama (lebih dari 6" in text
    assert "Dikecualikan: Sudah terdaftar di SIAPkerja" in text
    # where to get each missing item and what to bring; kades/materai marks and their legend
    assert "Di mana: Akta kelahiran: Dinas Dukcapil" in text
    assert "Bawa: Akta kelahiran atau ijazah terakhir" in text
    assert re.search(r"Surat izin suami/istri.*\[K\] \[M\]", text, re.S)
    assert "[K] harus diketahui (ditandatangani) kepala desa atau lurah" in text
    # next desk, warnings (name mismatch, passport validity), ruleset, who printed, signatures
    assert "Datang ke meja Kependudukan dan Pencatatan Sipil (Dukcapil)" in text
    assert "Nguyễn Siti Arum" in text and "kemiripan" in text
    assert f"berlaku sampai {PASSPORT_EXPIRY.isoformat()}" in text
    assert "Dasar aturan: Aturan nasional CPMI" in text and "national@2" in text
    assert f"Dicetak oleh Budi Operator (operator), {NOW:%d-%m-%Y} 10:15" in text
    assert "Petugas" in text and "Pemohon" in text
    assert "( Budi Operator )" in text
    assert f"Halaman 1 dari {len(pages)}" in first
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]


def test_english_checklist(
    db: Database, operator: Actor, case: Application, settings: Settings, tmp_path: Path
) -> None:
    text = flat("\n".join(pages_text(_print(db, operator, case, settings, tmp_path, lang="en"))))
    assert "CPMI DOCUMENT CHECKLIST" in text
    assert "Registration no.: " + case.registration_number in text
    assert "Missing" in text and "Verified" in text and "Where:" in text and "Bring:" in text
    assert "Go to the Population and Civil Registration (Dukcapil) desk" in text
    assert "Page 1 of" in text and "Printed by Budi Operator" in text


def test_forty_items_flow_onto_more_pages_with_the_header_repeated(
    db: Database, operator: Actor, case: Application, settings: Settings, tmp_path: Path
) -> None:
    add_items(db, case.id, 40)
    path = _print(db, operator, case, settings, tmp_path)
    pages = pages_text(path)
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert f"Halaman {number} dari {len(pages)}" in page
    for page in pages[1:]:
        if "Dokumen tambahan" in page:  # a continued table page starts with the column header
            header = page.index("Dokumen\nStatus\nNomor\nMasa berlaku\nKeterangan")
            assert header < page.index("Dokumen tambahan")
        assert f"Daftar periksa {case.registration_number}" in page  # running header
    table = "\n".join(pages).split("Dokumen yang Diperlukan", 1)[1]
    for index in range(18, 40):  # every padded item printed once, none lost at a page break
        assert flat(table).count(f"Dokumen tambahan nomor {index:02d} ") == 1


def test_text_from_the_database_prints_literally(
    db: Database, operator: Actor, case: Application, settings: Settings, tmp_path: Path
) -> None:
    """Markup in stored text (a hand-edited or imported record) is not interpreted."""
    with db.transaction() as session:
        applicant = session.exec(
            select(Applicant).where(col(Applicant.id) == case.applicant_id)
        ).one()
        applicant.full_name = "<b>Siti</b> & [bold]Rahayu[/bold] <font size=40>X</font>"
        applicant.address_line = 'Jl. "Mawar" <br/> No. 5 &amp; 6'
        session.add(applicant)
    text = "\n".join(pages_text(_print(db, operator, case, settings, tmp_path)))
    assert "<b>Siti</b> & [bold]Rahayu[/bold] <font size=40>X</font>" in text
    assert 'Jl. "Mawar" <br/> No. 5 &amp; 6' in text


def test_fonts_are_embedded_and_output_is_deterministic(
    db: Database, operator: Actor, case: Application, settings: Settings, tmp_path: Path
) -> None:
    first = print_checklist(
        db, operator, case.id, settings=settings, now=NOW, output=tmp_path / "a.pdf"
    )
    second = print_checklist(
        db, operator, case.id, settings=settings, now=NOW, output=tmp_path / "b.pdf"
    )
    assert first.path.read_bytes() == second.path.read_bytes()
    fonts = PdfReader(first.path).pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        descriptor = font.get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # TrueType program embedded (subset)
        assert "DejaVu" in descriptor["/FontName"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_qr_code_on_the_page_holds_only_the_registration_number(
    db: Database, operator: Actor, case: Application, settings: Settings, tmp_path: Path
) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    path = _print(db, operator, case, settings, tmp_path)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    (image,) = tmp_path.glob("page*.png")
    found = zxingcpp.read_barcodes(Image.open(image))
    assert [code.text for code in found] == [case.registration_number]
