"""Every row of the document × scheme matrix (domain.md §7), for every column.

Each expectation string has one letter per column, in the order of ``COLUMNS``:
P2P formal, P2P domestic, Korea EPS, Japan EPA nurse, Germany Triple Win, perseorangan, crew.
``R`` required (confirmed), ``U`` listed as unconfirmed, ``-`` absent. ✔ cells are R, ✖ cells
are ``-``; the data's choice for each ? and ◐ cell is documented in national.toml.
"""

from __future__ import annotations

import pytest

from ltsa_desk.rules import load_packaged
from tests.unit.rules.helpers import COLUMNS, items, run

MATRIX: dict[str, list[tuple[str, str]]] = {
    "ktp_el": [("ktp_el", "RRRRRRR")],
    "kartu_keluarga": [("kartu_keluarga", "RRUURRU")],
    "akta_kelahiran_ijazah": [
        ("akta_lahir_ijazah", "RR---RU"),
        ("ijazah_sltp", "--R----"),
        ("ijazah_keperawatan", "---RR--"),
    ],
    "ak1": [("ak1", "RRURRUU")],
    "status_perkawinan": [
        ("surat_status_perkawinan", "RRRRRRR"),
        ("buku_nikah_fotokopi", "RRRRRRR"),
    ],
    "izin_keluarga": [("izin_suami_istri", "RRRRRRR")],
    "sertifikat_kompetensi": [
        ("sertifikat_kompetensi", "RRRRRR-"),
        ("sertifikat_pelaut", "------R"),
    ],
    "str": [("str_nakes", "---RR--")],
    "sertifikat_bahasa": [
        ("sertifikat_eps_topik", "--R----"),
        ("sertifikat_bahasa_jepang", "---R---"),
        ("sertifikat_bahasa_jerman", "----R--"),
    ],
    "surat_sehat_psikologi": [("surat_sehat_psikologi", "RRRRRRR")],
    "skck": [("skck", "--UR---")],
    "rekomendasi_paspor": [("rekomendasi_paspor", "RRRRRRU")],
    "paspor": [("paspor", "RRRRRRR")],
    "buku_pelaut": [("buku_pelaut", "------R")],
    "visa_kerja": [("visa_kerja", "RRRRRRR")],
    "perjanjian_penempatan": [("perjanjian_penempatan", "RRRRR-R")],
    "perjanjian_kerja": [("perjanjian_kerja", "RRRRRRR")],
    "bpjs": [("bpjs_ketenagakerjaan", "RRRRRRR"), ("bpjs_kesehatan", "----R--")],
    "opp_e_pmi": [("opp", "RRRRRUU"), ("e_pmi", "RRRRRUU")],
}


def _status(column: str, code: str) -> str:
    item = items(run(COLUMNS[column])).get(code)
    if item is None:
        return "-"
    return "U" if item.unconfirmed else "R"


@pytest.mark.parametrize("row", list(MATRIX))
def test_matrix_row(row: str) -> None:
    for code, expected in MATRIX[row]:
        actual = "".join(_status(column, code) for column in COLUMNS)
        assert actual == expected, f"{code}: columns {list(COLUMNS)}"


def test_akta_cerai_row_is_listed_unconfirmed_for_divorced_applicants_in_every_column() -> None:
    for column, profile in COLUMNS.items():
        item = items(run(profile, marital_status="divorced")).get("akta_cerai")
        assert item is not None and item.unconfirmed, column


def test_zero_placement_cost_row_is_a_notice() -> None:
    def noticed(column: str, **changes: str) -> bool:
        evaluation = run(COLUMNS[column], **changes)
        return "biaya_penempatan_dibebaskan" in [n.code for n in evaluation.notices]

    assert noticed("p2p_domestic")
    assert noticed("crew", sector="fishing-crew")
    assert not noticed("p2p_formal")
    assert not noticed("crew")
    assert not noticed("eps")
    assert noticed("p2p_formal", job="plantation-worker", destination="MY")


def test_crew_going_individually_have_no_placement_agreement() -> None:
    evaluation = run(COLUMNS["crew"], scheme="perseorangan", sector="fishing-crew")
    codes = items(evaluation)
    assert "perjanjian_penempatan" not in codes
    assert {"buku_pelaut", "paspor", "sertifikat_pelaut"} <= set(codes)
    assert "lapor_awak_kapal_perseorangan" in [n.code for n in evaluation.notices]


def test_epa_careworker_needs_no_str() -> None:
    assert "str_nakes" not in items(run(COLUMNS["epa"], job="careworker"))


def test_no_column_profile_is_blocked() -> None:
    for column, profile in COLUMNS.items():
        assert run(profile).blocking == [], column


def test_every_item_carries_titles_basis_and_directions_in_both_languages() -> None:
    for profile in COLUMNS.values():
        for item in run(profile).items:
            texts = (item.title_id, item.title_en, item.basis, item.where_id, item.where_en)
            assert all(texts) and item.bring_id and item.bring_en, item.code


def test_programmes_offered_narrow_as_the_plan_is_filled_in() -> None:
    """A programme belongs to given schemes, destinations and sectors (national.toml
    [programmes], e.g. EPS Korea: G to G, KR [S53][S54][S55]); a fact not chosen yet
    excludes nothing, so the form can offer only the programmes that still fit."""
    programmes = load_packaged().programmes

    def fitting(**facts: str) -> set[str]:
        return {code for code, p in programmes.items() if p.admits(**facts)}

    assert fitting() == set(programmes)
    assert fitting(scheme="p2p", destination="HK", sector="domestic") == set()
    assert fitting(scheme="p2p", destination="sa", sector="domestic") == {"spsk"}
    assert fitting(scheme="g2g") == {"eps", "epa", "triple-win", "ssw"}
    assert fitting(destination="JP") == {"epa", "ssw"}
