"""Structured findings shared by identity checks, the rule engine and the services.

A finding is data, not an exception, so that the desk can show every problem of a form at once,
the CLI can print them as JSON, and a warning can be overridden with a recorded reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from typing import Any

from ltsa_desk.i18n import Lang, both


class Severity(StrEnum):
    """ERROR blocks the action; WARNING needs the operator's reason to proceed."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the input, in both UI languages."""

    code: str
    severity: Severity
    field: str
    message_id: str
    message_en: str
    basis: str | None = None
    params: dict[str, Any] = dataclass_field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_catalog(
        cls,
        code: str,
        severity: Severity,
        field_name: str,
        key: str,
        /,
        basis: str | None = None,
        **params: Any,
    ) -> Finding:
        """Build a finding whose messages come from the i18n catalog entry ``key``."""
        message_id, message_en = both(key, **params)
        return cls(code, severity, field_name, message_id, message_en, basis, dict(params))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def message(self, lang: Lang = "id") -> str:
        return self.message_en if lang == "en" else self.message_id

    def as_dict(self, lang: Lang = "id") -> dict[str, Any]:
        """JSON-ready form used by the CLI and exports."""
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "field": self.field,
            "message": self.message(lang),
        }
        if self.basis:
            data["basis"] = self.basis
        return data


class HasFindings:
    """``ok``, ``errors`` and ``warnings`` of a result that holds its ``findings``."""

    __slots__ = ()
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """No error; warnings may remain and need the operator's reason."""
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(errors(self.findings))

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(warnings(self.findings))


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.WARNING]
