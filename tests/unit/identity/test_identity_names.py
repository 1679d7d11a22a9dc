"""Names: any script and single words allowed; digits, symbols and invisible characters not."""

from __future__ import annotations

import pytest

from ltsa_desk.findings import Severity
from ltsa_desk.identity import check_name, compare_names, normalize_for_compare


@pytest.mark.parametrize(
    "name",
    [
        "Sukarno",
        "Siti Aminah",
        "Ma'ruf Amin",
        "Ma’ruf Amin",
        "H. Ahmad Dahlan",
        "Siti-Aminah",
        "Budi Santoso, S.Pd.",
        "Nurul binti Ahmad",
        "José Ramos-Horta",
        "张伟",
        "Nguyễn Văn An",
        "محمد",
    ],
)
def test_accepted_names(name: str) -> None:
    assert check_name(name) == (name, ())


def test_whitespace_is_collapsed_and_text_nfc_normalised() -> None:
    decomposed = "Jose\u0301  \u00a0 Ramos "
    cleaned, findings = check_name(decomposed)
    assert cleaned == "José Ramos" and findings == ()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "name.empty"),
        ("   ", "name.empty"),
        ("Budi2", "name.digits"),
        ("Budi٣", "name.digits"),
        ("Budi@home", "name.symbols"),
        ("Budi_Santoso", "name.symbols"),
        ("[bold]Budi[/bold]", "name.symbols"),
        ("Ⅱ Budi", "name.symbols"),
        ("Bu\u200bdi", "name.control_characters"),
        ("Budi\u202eosotnaS", "name.control_characters"),
        ("Budi\x00", "name.control_characters"),
        ("Budi\x85", "name.control_characters"),
        ("Budi\tSantoso", "name.control_characters"),
        ("Budi\ud800", "name.control_characters"),
        ("...", "name.no_letters"),
        ("x" * 101, "name.too_long"),
    ],
)
def test_rejected_names(name: str, code: str) -> None:
    _, findings = check_name(name)
    assert [f.code for f in findings] == [code]
    assert findings[0].severity is Severity.ERROR
    assert findings[0].field == "full_name"


def test_markup_is_kept_literally() -> None:
    cleaned, findings = check_name("[bold red]Siti[/]")
    assert cleaned == "[bold red]Siti[/]"
    assert "“[”" in findings[0].message_id and "“]”" in findings[0].message_en


def test_each_kind_of_problem_is_reported_once_naming_the_characters() -> None:
    _, findings = check_name("B1u2d3i\u200b#")
    assert [f.code for f in findings] == [
        "name.control_characters",
        "name.digits",
        "name.symbols",
    ]
    assert "U+200B" in findings[0].message_id
    assert "“1”, “2”, “3”" in findings[1].message_id


def test_length_limit_is_100() -> None:
    assert check_name("a" * 100).findings == ()
    (too_long,) = check_name("a" * 101, field="mother_name").findings
    assert too_long.field == "mother_name"
    assert "101" in too_long.message_id and "100" in too_long.message_en


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("SITI AMINAH", "Siti Aminah"),
        ("Siti  Aminah ", "Siti Aminah"),
        ("José", "JOSE"),
        ("Ma’ruf", "MARUF"),
        ("Siti-Aminah", "Siti Aminah"),
        ("Hj. Siti Aminah", "SITI AMINAH"),
        ("Prof. Dr. Ir. Budi", "Budi"),
        ("Budi Santoso, S.Pd., M.Kes.", "BUDI SANTOSO"),
    ],
)
def test_normalize_for_compare_equal(left: str, right: str) -> None:
    assert normalize_for_compare(left) == normalize_for_compare(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Siti Aminah binti Ahmad", "Siti Aminah"),
        ("Siti Aminah bin Ahmad", "Siti Aminah binti Ahmad"),
        ("SANTOSO, BUDI", "SANTOSO"),
        ("H Ahmad", "Ahmad"),
        ("Sukarno", "Soekarno"),
    ],
)
def test_normalize_for_compare_keeps_words(left: str, right: str) -> None:
    assert normalize_for_compare(left) != normalize_for_compare(right)


def test_normalize_for_compare_example() -> None:
    assert normalize_for_compare("Hj. Siti Nur’aini  binti Ahmad, S.Pd.") == (
        "siti nuraini binti ahmad"
    )


def test_compare_names_same_after_normalisation() -> None:
    assert compare_names({"ktp": "Siti Aminah", "passport": "SITI AMINAH"}) == []


def test_compare_names_warns_per_differing_document() -> None:
    findings = compare_names(
        {"ktp": "Siti Aminah", "passport": "SITI AMINAH", "contract": "Siti Aminnah"}
    )
    (finding,) = findings
    assert finding.code == "name.mismatch"
    assert finding.severity is Severity.WARNING
    assert finding.field == "contract"
    assert "“Siti Aminnah”" in finding.message_id and "“Siti Aminah”" in finding.message_id
    assert "perjanjian kerja" in finding.message_id and "KTP" in finding.message_id
    assert "employment contract" in finding.message_en
    assert finding.params["reference"] == "ktp"
    assert 90 <= finding.params["similarity"] < 100


def test_compare_names_reference_and_blank_entries() -> None:
    names = {"ktp": "Siti Aminah", "passport": "Siti Aminnah", "visa": " "}
    findings = compare_names(names, reference="passport")
    assert [(f.field, f.params["reference"]) for f in findings] == [("ktp", "passport")]
    assert compare_names({"ktp": "", "passport": ""}) == []
    assert compare_names({}) == []


def test_compare_names_unknown_document_uses_its_key() -> None:
    (finding,) = compare_names({"ktp": "Siti", "surat_desa": "Sity"})
    assert "surat_desa" in finding.message_id


def test_compare_names_labels_the_services_form_fields() -> None:
    (finding,) = compare_names({"full_name": "Siti Aminah", "passport_name": "Siti Aminnah"})
    assert finding.field == "passport_name"
    assert "paspor" in finding.message_id and "data pemohon (KTP)" in finding.message_id
    assert "passport_name" not in finding.message_en
