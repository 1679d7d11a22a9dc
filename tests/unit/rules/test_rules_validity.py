"""Document validity checks and their threshold boundaries."""

from __future__ import annotations

from datetime import date, timedelta

from ltsa_desk.findings import Finding, Severity
from ltsa_desk.rules import Ruleset, check_document, load_packaged
from ltsa_desk.rules.models import ThresholdRule
from tests.unit.rules.helpers import TODAY

DEPARTURE = date(2026, 3, 31)


def _check(
    code: str,
    ruleset: Ruleset | None = None,
    *,
    issue_date: date | None = None,
    expiry_date: date | None = None,
    planned_departure: date | None = DEPARTURE,
    destination: str | None = None,
) -> dict[str, Finding]:
    findings = check_document(
        ruleset or load_packaged(),
        code,
        issue_date=issue_date,
        expiry_date=expiry_date,
        planned_departure=planned_departure,
        destination=destination,
        today=TODAY,
    )
    return {f.code: f for f in findings}


def test_passport_must_be_valid_six_months_after_departure() -> None:
    # 31 March + 6 months is 30 September (clamped to the month's last day).
    assert _check("paspor", expiry_date=date(2026, 9, 30)) == {}
    found = _check("paspor", expiry_date=date(2026, 9, 29))
    assert list(found) == ["paspor_sisa_masa_berlaku"]
    finding = found["paspor_sisa_masa_berlaku"]
    assert finding.severity is Severity.WARNING
    assert finding.field == "expiry_date"
    assert "2026-09-30" in finding.message_id and "6 bulan" in finding.message_id
    assert "6 months" in finding.message_en


def test_passport_threshold_can_differ_per_destination() -> None:
    national = load_packaged()
    passport = national.document("paspor")
    assert passport is not None
    rule = passport.validity[0]
    assert isinstance(rule, ThresholdRule)
    stricter = rule.model_copy(update={"by_destination": {"JP": 12}})
    documents = tuple(
        d.model_copy(update={"validity": (stricter,)}) if d.code == "paspor" else d
        for d in national.documents
    )
    ruleset = national.model_copy(update={"documents": documents})
    expiry = date(2026, 12, 31)
    assert _check("paspor", ruleset, expiry_date=expiry, destination="HK") == {}
    found = _check("paspor", ruleset, expiry_date=expiry, destination="JP")
    assert "12 months" in found["paspor_sisa_masa_berlaku"].message_en


def test_departure_rules_wait_for_a_planned_departure() -> None:
    assert _check("paspor", expiry_date=TODAY + timedelta(days=10), planned_departure=None) == {}


def test_health_certificate_at_most_90_days_old_at_departure() -> None:
    assert _check("surat_sehat_psikologi", issue_date=DEPARTURE - timedelta(days=90)) == {}
    found = _check("surat_sehat_psikologi", issue_date=DEPARTURE - timedelta(days=91))
    finding = found["surat_sehat_kedaluwarsa"]
    assert finding.field == "issue_date" and finding.severity is Severity.WARNING
    assert "90 hari" in finding.message_id and "keberangkatan" in finding.message_id


def test_health_certificate_age_is_measured_to_today_without_departure() -> None:
    issued = TODAY - timedelta(days=91)
    found = _check("surat_sehat_psikologi", issue_date=issued, planned_departure=None)
    assert "today" in found["surat_sehat_kedaluwarsa"].message_en
    assert (
        _check(
            "surat_sehat_psikologi", issue_date=issued + timedelta(days=1), planned_departure=None
        )
        == {}
    )


def test_skck_at_most_six_months_old() -> None:
    assert _check("skck", issue_date=date(2025, 9, 30)) == {}
    assert "skck_kedaluwarsa" in _check("skck", issue_date=date(2025, 9, 29))


def test_expired_document_is_a_warning() -> None:
    assert _check("visa_kerja", expiry_date=TODAY, planned_departure=None) == {}
    found = _check("visa_kerja", expiry_date=TODAY - timedelta(days=1), planned_departure=None)
    assert found["masa_berlaku_habis"].severity is Severity.WARNING


def test_document_expiring_before_departure_is_flagged() -> None:
    found = _check("visa_kerja", expiry_date=DEPARTURE - timedelta(days=1))
    assert list(found) == ["berlaku_sampai_berangkat"]
    assert _check("visa_kerja", expiry_date=DEPARTURE) == {}


def test_impossible_dates_are_errors_because_the_data_says_so() -> None:
    found = _check("paspor", issue_date=TODAY + timedelta(days=1), planned_departure=None)
    assert found["tanggal_terbit_di_masa_depan"].severity is Severity.ERROR
    found = _check("paspor", issue_date=date(2025, 1, 1), expiry_date=date(2025, 1, 1))
    assert found["habis_sebelum_terbit"].severity is Severity.ERROR


def test_unknown_code_still_gets_the_default_checks() -> None:
    found = _check("dokumen_lama", expiry_date=TODAY - timedelta(days=1), planned_departure=None)
    assert "masa_berlaku_habis" in found
    assert "dokumen_lama" in found["masa_berlaku_habis"].message_en


def test_no_dates_no_findings() -> None:
    assert _check("paspor") == {}
