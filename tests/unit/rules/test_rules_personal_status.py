"""The personal-status table (domain.md §3.4): one test per row."""

from __future__ import annotations

from tests.unit.rules.helpers import COLUMNS, items, run

BASE = COLUMNS["p2p_formal"]


def test_married_needs_status_letter_marriage_book_copy_and_spouse_permission() -> None:
    found = items(run(BASE, marital_status="married"))
    assert found["surat_status_perkawinan"].basis.startswith("UU 18/2017 Pasal 13 huruf a")
    assert found["buku_nikah_fotokopi"].copy_accepted
    spouse = found["izin_suami_istri"]
    assert spouse.kades_ack and spouse.materai and not spouse.unconfirmed
    assert "izin_orang_tua_wali" not in found


def test_unmarried_needs_parents_permission_acknowledged_by_the_village_head() -> None:
    found = items(run(BASE, marital_status="single"))
    assert "surat_status_perkawinan" in found
    parents = found["izin_orang_tua_wali"]
    assert parents.kades_ack and not parents.unconfirmed
    assert not {"izin_suami_istri", "buku_nikah_fotokopi", "akta_cerai"} & set(found)


def test_no_parents_guardian_permission_is_the_same_item() -> None:
    parents = items(run(BASE, marital_status="single"))["izin_orang_tua_wali"]
    assert "wali" in parents.title_id and "guardian" in parents.title_en
    assert parents.kades_ack


def test_divorced_needs_court_divorce_certificate() -> None:
    found = items(run(BASE, marital_status="divorced"))
    divorce = found["akta_cerai"]
    assert divorce.unconfirmed  # ◐ in the matrix
    assert "pengadilan" in divorce.title_id and "court" in divorce.title_en
    assert "di bawah tangan" in divorce.bring_id
    assert "izin_orang_tua_wali" in found and "izin_suami_istri" not in found


def test_widowed_documents_are_flagged_unconfirmed() -> None:
    found = items(run(BASE, marital_status="widowed"))
    assert found["akta_kematian_pasangan"].unconfirmed
    assert found["izin_orang_tua_wali"].unconfirmed
    assert found["izin_orang_tua_wali"].note
    assert not {"izin_suami_istri", "akta_cerai"} & set(found)
