"""Loading the packaged ruleset, office overlays, and errors that name file, item and problem."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from ltsa_desk.findings import Severity
from ltsa_desk.rules import (
    Profile,
    RulesetError,
    available_rulesets,
    check_document,
    evaluate,
    load_file,
    load_packaged,
    load_ruleset,
)
from ltsa_desk.rules.loader import DATA_PACKAGE
from tests.unit.rules.helpers import COLUMNS, TODAY, items, run

NATIONAL_TOML = (
    Path(__file__).resolve().parents[3] / "ltsa_desk" / "rules" / "data" / "national.toml"
)

OVERLAY_HEADER = """
office = "kebumen"
name = "LTSA Kebumen"
version = 2
base = "national"
"""


def _write(tmp_path: Path, text: str, name: str = "rules.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _overlay(tmp_path: Path, body: str) -> Path:
    return _write(tmp_path, OVERLAY_HEADER + body, "office.toml")


def _problems(path: Path, *, overlay: bool = True) -> str:
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path) if overlay else load_file(path)
    message = str(caught.value)
    assert str(path) in message
    return message


def _national_with(tmp_path: Path, old: str, new: str) -> Path:
    text = NATIONAL_TOML.read_text(encoding="utf-8")
    assert old in text
    return _write(tmp_path, text.replace(old, new, 1))


# --- packaged ruleset --------------------------------------------------------------------


def test_packaged_ruleset_is_loaded_once() -> None:
    assert available_rulesets() == ["national"]
    assert load_packaged() is load_packaged()
    assert load_ruleset() is load_packaged()
    assert load_packaged().ref == "national@2"
    assert DATA_PACKAGE == "ltsa_desk.rules.data"


def test_national_has_the_nine_desks_in_a_stable_order() -> None:
    desks = load_packaged().desks
    assert {d.code for d in desks} == {
        "ketenagakerjaan", "pengaduan", "dukcapil", "kesehatan", "imigrasi",
        "kepolisian", "perbankan", "bpjs", "bp3mi",
    }  # fmt: skip
    assert len({d.order for d in desks}) == len(desks)


def test_the_packaged_file_loads_from_disk_too() -> None:
    assert load_file(NATIONAL_TOML) == load_packaged()


# --- bad files ---------------------------------------------------------------------------


def test_unknown_desk_names_file_and_document(tmp_path: Path) -> None:
    path = _national_with(tmp_path, 'desk = "imigrasi"', 'desk = "imigrasii"')
    message = _problems(path, overlay=False)
    assert "document 'paspor'" in message and "imigrasii" in message


def test_bad_country_code_names_document_and_location(tmp_path: Path) -> None:
    path = _national_with(
        tmp_path, 'programme = ["spsk"]', 'programme = ["spsk"]\ndestination = ["sa"]'
    )
    message = _problems(path, overlay=False)
    assert "document 'rekening_bank' at documents[" in message
    assert "conditions[0].destination[0]" in message
    assert "ISO 3166-1 alpha-2" in message and "'sa'" in message


def test_unknown_key_is_refused(tmp_path: Path) -> None:
    path = _national_with(tmp_path, 'code = "skck"', 'code = "skck"\nrequired = false')
    message = _problems(path, overlay=False)
    assert "document 'skck'" in message and "required" in message
    assert "Extra inputs are not permitted" in message


def test_bad_placeholder_in_a_rule_message(tmp_path: Path) -> None:
    path = _national_with(
        tmp_path,
        "Taiwan SP2T requires at least {min_age}",
        "{country} SP2T requires at least {min_age}",
    )
    message = _problems(path, overlay=False)
    assert "eligibility rule 'usia_sp2t_taiwan'" in message and "{country}" in message


def test_unknown_programme_in_conditions(tmp_path: Path) -> None:
    path = _national_with(tmp_path, 'programme = ["eps"]', 'programme = ["epz"]')
    message = _problems(path, overlay=False)
    assert "unknown programme 'epz'" in message


def test_duplicate_code(tmp_path: Path) -> None:
    path = _national_with(tmp_path, 'code = "ak1"', 'code = "ktp_el"')
    assert "document 'ktp_el' is defined twice" in _problems(path, overlay=False)


def test_invalid_toml(tmp_path: Path) -> None:
    path = _write(tmp_path, 'office = "x"\nname = ')
    assert "not valid TOML" in _problems(path)


def test_missing_overlay_file(tmp_path: Path) -> None:
    assert "cannot be read" in _problems(tmp_path / "absent.toml")


# --- overlays ----------------------------------------------------------------------------


def test_overlay_id_records_both_layers(tmp_path: Path) -> None:
    ruleset = load_ruleset(_overlay(tmp_path, ""))
    assert ruleset.ref == "national@2+office:kebumen@2"
    evaluation = run(COLUMNS["p2p_formal"])
    assert evaluation.ruleset_ref == "national@2"


def test_overlay_adds_a_condition_free_document(tmp_path: Path) -> None:
    path = _overlay(
        tmp_path,
        """
[[documents]]
code = "surat_pengantar_desa"
order = 5
desk = "ketenagakerjaan"
title_id = "Surat pengantar desa"
title_en = "Village cover letter"
basis = "Kebijakan LTSA Kebumen"
where_id = "Kantor desa"
where_en = "Village office"
bring_id = "Surat asli"
bring_en = "The original letter"
""",
    )
    ruleset = load_ruleset(path)
    for profile in COLUMNS.values():
        assert "surat_pengantar_desa" in evaluate(ruleset, profile, today=TODAY).codes


def test_overlay_requires_skck_for_a_destination_and_tightens_thresholds(tmp_path: Path) -> None:
    path = _overlay(
        tmp_path,
        """
[[amend_documents]]
code = "skck"
unconfirmed = false
where_id = "Polres Kebumen, Jl. Arungbinang"

[[amend_documents.add_conditions]]
scheme = ["p2p"]
destination = ["MY"]

[[amend_documents.validity]]
kind = "issued_within"
code = "skck_kebumen"
months = 3

[[amend_documents]]
code = "paspor"

[[amend_documents.validity]]
kind = "expires_after_departure"
code = "paspor_kebumen"
months = 7
by_destination = { JP = 12 }
severity = "error"
""",
    )
    ruleset = load_ruleset(path)
    malaysia = evaluate(ruleset, Profile("p2p", "MY", "formal", "single"), today=TODAY)
    skck = items(malaysia)["skck"]
    assert not skck.unconfirmed and skck.where_id.startswith("Polres Kebumen")
    assert "skck" not in evaluate(ruleset, COLUMNS["p2p_formal"], today=TODAY).codes
    eps = items(evaluate(ruleset, COLUMNS["eps"], today=TODAY))["skck"]
    assert not eps.unconfirmed  # the office confirmed the national assumption too
    old = check_document(ruleset, "skck", issue_date=date(2025, 10, 1), today=TODAY)
    assert [f.code for f in old] == ["skck_kebumen"]
    passport = check_document(
        ruleset,
        "paspor",
        expiry_date=date(2026, 10, 1),
        planned_departure=date(2026, 4, 1),
        destination="HK",
        today=TODAY,
    )
    assert [(f.code, f.severity) for f in passport] == [("paspor_kebumen", Severity.ERROR)]


def test_overlay_cannot_loosen_or_redefine(tmp_path: Path) -> None:
    path = _overlay(
        tmp_path,
        """
[[documents]]
code = "paspor"
order = 1
desk = "imigrasi"
title_id = "x"
title_en = "x"
basis = "x"
where_id = "x"
where_en = "x"
bring_id = "x"
bring_en = "x"

[[amend_documents]]
code = "surat_sehat_psikologi"

[[amend_documents.validity]]
kind = "issued_within"
code = "longer"
days = 120

[[amend_documents]]
code = "tidak_ada"

[[amend_eligibility]]
code = "usia_eps_korea"
max_age = 45
""",
    )
    message = _problems(path)
    assert "document 'paspor' is already defined by national" in message
    assert "amendment of document 'surat_sehat_psikologi'" in message
    assert "120 days would loosen the national 90 days" in message
    assert "'tidak_ada': no such national document" in message
    assert "max_age 45 is above national 39" in message


def test_overlay_flags_only_tighten(tmp_path: Path) -> None:
    path = _overlay(
        tmp_path,
        """
[[amend_documents]]
code = "izin_suami_istri"
kades_ack = false
""",
    )
    message = _problems(path)
    assert "amendment of document 'izin_suami_istri' at amend_documents[0].kades_ack" in message
    assert "never loosens" in message


def test_overlay_thresholds_keep_their_unit(tmp_path: Path) -> None:
    path = _overlay(
        tmp_path,
        """
[[amend_documents]]
code = "paspor"

[[amend_documents.validity]]
kind = "expires_after_departure"
code = "paspor_days"
days = 200
""",
    )
    assert "must use months like national" in _problems(path)


def test_overlay_makes_the_domestic_age_rule_blocking(tmp_path: Path) -> None:
    path = _overlay(
        tmp_path,
        """
[[amend_eligibility]]
code = "usia_pdrt_malaysia"
severity = "error"
""",
    )
    ruleset = load_ruleset(path)
    profile = Profile("p2p", "MY", "domestic", "single", birth_date=date(2005, 6, 1))
    blocking = evaluate(ruleset, profile, today=TODAY).blocking
    assert [f.code for f in blocking] == ["usia_pdrt_malaysia"]


def test_overlay_cannot_lower_severity(tmp_path: Path) -> None:
    path = _overlay(
        tmp_path,
        """
[[amend_eligibility]]
code = "moratorium_timur_tengah"
severity = "warning"
""",
    )
    assert 'can only set this to "error"' in _problems(path)


def test_adding_conditions_to_an_unconditional_item_keeps_it_for_everyone(tmp_path: Path) -> None:
    path = _overlay(
        tmp_path,
        """
[[amend_documents]]
code = "paspor"

[[amend_documents.add_conditions]]
destination = ["MY"]
""",
    )
    assert "paspor" in evaluate(load_ruleset(path), COLUMNS["eps"], today=TODAY).codes


def test_overlay_for_another_base_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, OVERLAY_HEADER.replace('"national"', '"provinsi"'))
    assert "base is 'provinsi'" in _problems(path)


def test_national_toml_is_plain_toml() -> None:
    data = tomllib.loads(NATIONAL_TOML.read_text(encoding="utf-8"))
    assert data["id"] == "national"
