"""Errors a service raises instead of writing anything; each carries a catalog message."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ltsa_desk.findings import Finding, Severity
from ltsa_desk.i18n import Lang, t


class ServiceError(Exception):
    """Base of every refusal. ``key`` is an ``services.*`` catalog entry."""

    key = "services.error"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(f"{self.key} {params}")

    def message(self, lang: Lang = "id") -> str:
        return t(self.key, lang, **self.params)


class PermissionDenied(ServiceError):
    key = "services.permission_denied"


class NotFound(ServiceError):
    key = "services.not_found"


class StaleRecord(ServiceError):
    """Someone else saved the record after it was read: reload instead of overwriting."""

    key = "services.stale_record"

    def __init__(self, *, entity: str, changed_by: str, changed_at: datetime) -> None:
        super().__init__(
            entity=entity, changed_by=changed_by, changed_at=changed_at.strftime("%d-%m-%Y %H:%M")
        )


class ValidationFailed(ServiceError):
    """Input refused: errors, or warnings that were not acknowledged with a reason."""

    key = "services.validation_failed"

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)
        super().__init__(count=len(self.findings))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def unacknowledged(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def message(self, lang: Lang = "id") -> str:
        lines = [f"{f.field}: {f.message(lang)}" for f in self.findings]
        return "\n".join(lines)
