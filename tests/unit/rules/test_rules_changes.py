"""``requirements --compare``: what changed between ruleset versions and what it does to a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ltsa_desk.rules import Profile, RulesetError, evaluate, load_packaged
from ltsa_desk.rules.changes import archived_versions, compare, compare_profile, load_archived
from tests.unit.rules.helpers import TODAY
from tests.unit.rules.test_rules_cli import _run


def _entries(old: str = "1") -> dict[tuple[str, str], tuple[str, tuple[str, ...]]]:
    changes = compare(load_archived(old), load_packaged())
    return {(e.kind, e.code): (e.change, e.fields) for e in changes.entries}


def test_version_2_is_the_packaged_one_and_version_1_is_archived() -> None:
    assert load_packaged().version == 2
    assert archived_versions() == ["1"]
    assert load_archived("1").version == 1


def test_compare_lists_what_the_legal_review_changed() -> None:
    entries = _entries()
    assert entries[("eligibility", "usia_rumah_tangga_21")][0] == "removed"
    assert entries[("eligibility", "spsk_jabatan_di_luar_enam")][0] == "added"
    assert entries[("documents", "perjanjian_kerja_laut")][0] == "added"
    change, fields = entries[("eligibility", "moratorium_timur_tengah")]
    assert change == "changed" and "conditions" in fields
    assert "measured_at" in entries[("eligibility", "usia_eps_korea")][1]
    assert entries[("sources", "KEPMENAKER-291-2018")][0] == "added"
    assert ("documents", "ktp_el") not in entries  # unchanged entries are not listed


def test_the_effect_on_one_open_file() -> None:
    profile = Profile("p2p", "SA", "formal", "single", job="housekeeper")
    current = evaluate(load_packaged(), profile, today=TODAY)
    effect = compare_profile(load_archived("1"), load_packaged(), profile, current, today=TODAY)
    assert effect.findings_added == ("jabatan_tidak_sesuai_sektor", "moratorium_timur_tengah")
    crew = Profile("p2p", "KR", "fishing-crew", "single", job="fishing-crew")
    current = evaluate(load_packaged(), crew, today=TODAY)
    effect = compare_profile(load_archived("1"), load_packaged(), crew, current, today=TODAY)
    assert [item.code for item in effect.items.added] == ["perjanjian_kerja_laut"]


def test_an_unknown_archived_version_names_the_known_ones() -> None:
    with pytest.raises(RulesetError, match="archived: 1"):
        load_archived("7")


def test_cli_compare(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = [
        "--scheme", "p2p", "--destination", "SA", "--sector", "formal",
        "--marital-status", "single", "--job", "housekeeper", "--compare", "1",
    ]  # fmt: skip
    code, out, _ = _run([*argv, "--json"], capsys)
    assert code == 1
    changes = json.loads(out)["changes"]
    assert (changes["old"], changes["new"]) == ("national@1", "national@2")
    assert changes["findings_added"] == ["jabatan_tidak_sesuai_sektor", "moratorium_timur_tengah"]
    code, out, _ = _run([*argv, "--lang", "en"], capsys)
    assert "Rules changes national@1 → national@2" in out
    assert "- removed eligibility usia_rumah_tangga_21" in out
    assert "Effect on this profile" in out and "+ moratorium_timur_tengah" in out
    code, _, err = _run([*argv[:-1], "9"], capsys)
    assert code == 2 and "archived: 1" in err
