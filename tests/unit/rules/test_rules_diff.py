"""Re-evaluation after a rules or profile change reports differences instead of applying them."""

from __future__ import annotations

from pathlib import Path

from ltsa_desk.rules import ItemsDiff, StoredItem, diff_items, evaluate, load_ruleset, stored_items
from tests.unit.rules.helpers import COLUMNS, TODAY, run


def test_marriage_changes_the_family_documents() -> None:
    before = stored_items(run(COLUMNS["p2p_formal"], marital_status="single"))
    diff = diff_items(before, run(COLUMNS["p2p_formal"], marital_status="married"))
    assert {item.code for item in diff.added} == {"buku_nikah_fotokopi", "izin_suami_istri"}
    assert diff.removed == (
        StoredItem(
            "izin_orang_tua_wali",
            "Surat izin orang tua atau wali, diketahui kepala desa/lurah",
            "Permission letter from parents or guardian, acknowledged by the village head "
            "(kepala desa/lurah)",
        ),
    )
    assert "paspor" in {item.code for item in diff.unchanged}
    assert diff.changed


def test_same_rules_same_profile_is_no_change() -> None:
    evaluation = run(COLUMNS["eps"])
    diff = diff_items(stored_items(evaluation), evaluation)
    assert diff == ItemsDiff(added=(), removed=(), unchanged=tuple(evaluation.items))
    assert not diff.changed


def test_removed_items_keep_their_stored_titles_even_if_the_rules_forgot_them() -> None:
    old = {
        "kartu_kuning_lama": ("Kartu kuning lama", "Old yellow card"),
        **stored_items(run(COLUMNS["eps"])),
    }
    diff = diff_items(old, run(COLUMNS["eps"]))
    assert diff.removed == (
        StoredItem("kartu_kuning_lama", "Kartu kuning lama", "Old yellow card"),
    )


def test_an_office_overlay_shows_up_as_an_addition(tmp_path: Path) -> None:
    overlay = tmp_path / "office.toml"
    overlay.write_text(
        """
office = "kebumen"
name = "LTSA Kebumen"
version = 1

[[amend_documents]]
code = "skck"

[[amend_documents.add_conditions]]
scheme = ["p2p"]
""",
        encoding="utf-8",
    )
    national = run(COLUMNS["p2p_formal"])
    office = evaluate(load_ruleset(overlay), national.profile, today=TODAY)
    diff = diff_items(stored_items(national), office)
    assert [item.code for item in diff.added] == ["skck"]
    assert diff.removed == ()
    assert (national.ruleset_ref, office.ruleset_ref) == (
        "national@2",
        "national@2+office:kebumen@1",
    )
