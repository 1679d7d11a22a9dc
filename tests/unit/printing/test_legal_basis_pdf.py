"""The printed sheets name the regulations they rest on and the date each age was measured at."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ltsa_desk.config import Settings
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Application
from ltsa_desk.printing import print_requirements
from ltsa_desk.rules import Profile
from ltsa_desk.services.access import Actor
from tests.unit.printing.builders import NOW
from tests.unit.printing.conftest import flat, pages_text
from tests.unit.printing.test_checklist_pdf import _print


def _sheet(
    db: Database, operator: Actor, settings: Settings, path: Path, lang: str = "id", **kw: object
) -> str:
    profile = Profile(
        **{
            "scheme": "p2p",
            "destination": "SG",
            "sector": "domestic",
            "marital_status": "single",
            "sex": "P",
            "job": "housekeeper",
            "birth_date": date(2001, 5, 6),
            "planned_departure": date(2027, 3, 1),
            **kw,
        }  # type: ignore[arg-type]
    )
    outcome = print_requirements(
        db,
        operator,
        profile,
        settings=settings,
        now=NOW,
        output=path,
        lang=lang,  # type: ignore[arg-type]
    )
    return flat("\n".join(pages_text(outcome.path)))


def test_pre_counselling_sheet_names_regulations_not_tags(
    db: Database, operator: Actor, settings: Settings, tmp_path: Path
) -> None:
    text = _sheet(db, operator, settings, tmp_path / "s.pdf")
    assert "[S1" not in text and "[MOM" not in text
    assert "Dasar: UU 18/2017 Pasal 13 huruf e" in text
    assert "Dasar hukum dan sumber" in text
    assert "Undang-Undang Nomor 18 Tahun 2017 tentang Pelindungan Pekerja Migran" in text
    assert "Peraturan Badan Pelindungan Pekerja Migran Indonesia Nomor 9 Tahun 2020" in text
    assert "sippn.menpan.go.id" in text


def test_pre_counselling_sheet_lists_the_waived_costs_with_their_basis(
    db: Database, operator: Actor, settings: Settings, tmp_path: Path
) -> None:
    text = _sheet(db, operator, settings, tmp_path / "s.pdf")
    for waived in ("Tiket keberangkatan dan tiket pulang", "Legalisasi perjanjian kerja", "SKCK"):
        assert f"{waived}" in text and "(Perban BP2MI 9/2020)" in text


def test_pre_counselling_sheet_says_which_date_an_age_was_measured_at(
    db: Database, operator: Actor, settings: Settings, tmp_path: Path
) -> None:
    text = _sheet(db, operator, settings, tmp_path / "s.pdf", application_date=date(2026, 3, 1))
    assert "dihitung pada tanggal rencana keberangkatan" in text  # UU 18/2017, at departure
    assert "Usia 24 tahun pada 01-03-2026, dihitung pada tanggal pendaftaran" in text  # Singapore
    english = _sheet(db, operator, settings, tmp_path / "e.pdf", lang="en")
    assert "Legal basis and sources" in english
    assert "measured at the planned departure" in english
    assert "Basis: UU 18/2017 Pasal 13 huruf e" in english


def test_checklist_names_the_basis_and_the_age_dates(
    db: Database, operator: Actor, case: Application, settings: Settings, tmp_path: Path
) -> None:
    text = flat("\n".join(pages_text(_print(db, operator, case, settings, tmp_path))))
    assert "Dasar: Daftar periksa pendaftaran CPMI" in text
    assert "[S1" not in text
    assert "Dasar hukum dan sumber" in text and "Permenkes 29/2013" in text
    assert "dihitung" in text  # the minimum age of UU 18/2017, with the date it used
