"""Validity checks of one recorded document against the ruleset's date rules.

Most thresholds (passport months after departure, age of the health certificate or SKCK) are
unconfirmed, so they are data and produce warnings the operator can override with a reason,
unless the data says a rule is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ltsa_desk.findings import Finding
from ltsa_desk.i18n import LANGS, Lang, t
from ltsa_desk.rules._dates import add_months
from ltsa_desk.rules.models import CheckRule, Ruleset, ThresholdRule


@dataclass(frozen=True, slots=True)
class _Dates:
    code: str
    title_id: str
    title_en: str
    issue_date: date | None
    expiry_date: date | None
    planned_departure: date | None
    destination: str | None
    today: date

    def title(self, lang: Lang) -> str:
        return self.title_en if lang == "en" else self.title_id


#: What a rule produced: the catalog key, the form field, and parameters. A parameter that is a
#: callable is rendered per language (titles and thresholds read differently in each).
_Hit = tuple[str, str, dict[str, Any]]


def _shift(day: date, rule: ThresholdRule, amount: int) -> date:
    return add_months(day, amount) if rule.unit == "months" else day + timedelta(days=amount)


def _threshold_text(rule: ThresholdRule, amount: int) -> Callable[[Lang], str]:
    return lambda lang: t(f"rules.unit.{rule.unit}", lang, n=amount)


def _not_expired(_: CheckRule, d: _Dates) -> _Hit | None:
    if d.expiry_date is None or d.expiry_date >= d.today:
        return None
    return "rules.validity.expired", "expiry_date", {"expiry_date": d.expiry_date.isoformat()}


def _issue_not_in_future(_: CheckRule, d: _Dates) -> _Hit | None:
    if d.issue_date is None or d.issue_date <= d.today:
        return None
    return "rules.validity.issue_in_future", "issue_date", {"issue_date": d.issue_date.isoformat()}


def _expiry_after_issue(_: CheckRule, d: _Dates) -> _Hit | None:
    if d.issue_date is None or d.expiry_date is None or d.expiry_date > d.issue_date:
        return None
    params = {"issue_date": d.issue_date.isoformat(), "expiry_date": d.expiry_date.isoformat()}
    return "rules.validity.expiry_before_issue", "expiry_date", params


def _expires_after_departure(rule: ThresholdRule, d: _Dates) -> _Hit | None:
    """Only meaningful once a departure date is planned."""
    if d.expiry_date is None or d.planned_departure is None:
        return None
    amount = rule.threshold(d.destination)
    required = _shift(d.planned_departure, rule, amount)
    if d.expiry_date >= required:
        return None
    params = {
        "expiry_date": d.expiry_date.isoformat(),
        "required_date": required.isoformat(),
        "departure": d.planned_departure.isoformat(),
        "threshold": _threshold_text(rule, amount),
    }
    return "rules.validity.expires_too_soon", "expiry_date", params


def _issued_within(rule: ThresholdRule, d: _Dates) -> _Hit | None:
    """Measured to departure; without one, to today (a document too old now stays too old)."""
    if d.issue_date is None:
        return None
    amount = rule.threshold(d.destination)
    reference = d.planned_departure or d.today
    earliest = _shift(reference, rule, -amount)
    if d.issue_date >= earliest:
        return None
    reference_key = "departure" if d.planned_departure else "today"
    params = {
        "issue_date": d.issue_date.isoformat(),
        "earliest_date": earliest.isoformat(),
        "threshold": _threshold_text(rule, amount),
        "reference": lambda lang: t(
            f"rules.reference.{reference_key}", lang, date=reference.isoformat()
        ),
    }
    return "rules.validity.issued_too_early", "issue_date", params


_CHECKS: dict[str, Callable[[CheckRule, _Dates], _Hit | None]] = {
    "not_expired": _not_expired,
    "issue_not_in_future": _issue_not_in_future,
    "expiry_after_issue": _expiry_after_issue,
}
_THRESHOLDS: dict[str, Callable[[ThresholdRule, _Dates], _Hit | None]] = {
    "expires_after_departure": _expires_after_departure,
    "issued_within": _issued_within,
}


def _run(rule: CheckRule | ThresholdRule, d: _Dates) -> _Hit | None:
    if isinstance(rule, ThresholdRule):
        return _THRESHOLDS[rule.kind](rule, d)
    return _CHECKS[rule.kind](rule, d)


def _render(params: dict[str, Any], lang: Lang) -> dict[str, Any]:
    return {name: value(lang) if callable(value) else value for name, value in params.items()}


def check_document(
    ruleset: Ruleset,
    code: str,
    *,
    issue_date: date | None = None,
    expiry_date: date | None = None,
    planned_departure: date | None = None,
    destination: str | None = None,
    today: date,
) -> list[Finding]:
    """Validity findings for one document; an unknown code still gets the default checks."""
    document = ruleset.document(code)
    d = _Dates(
        code=code,
        title_id=document.title_id if document else code,
        title_en=document.title_en if document else code,
        issue_date=issue_date,
        expiry_date=expiry_date,
        planned_departure=planned_departure,
        destination=destination,
        today=today,
    )
    findings = []
    for rule in ruleset.validity_for(code):
        hit = _run(rule, d)
        if hit is None:
            continue
        key, field_name, params = hit
        messages = {
            lang: t(key, lang, document=d.title(lang), **_render(params, lang)) for lang in LANGS
        }
        findings.append(
            Finding(
                code=rule.code,
                severity=rule.severity,
                field=field_name,
                message_id=messages["id"],
                message_en=messages["en"],
                basis=rule.basis,
                params={"document": code, **_render(params, "en")},
            )
        )
    return findings
