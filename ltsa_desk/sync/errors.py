"""Refusals of the sync services, each with a catalog message in both languages."""

from __future__ import annotations

from typing import Any

from ltsa_desk.i18n import Lang, t
from ltsa_desk.services.errors import ServiceError


class SyncError(ServiceError):
    """A sync action refused before anything was written; ``key`` is a ``sync.*`` message."""

    key = "sync.error"


class BundleRejected(SyncError):
    """The whole bundle is refused, and nothing of it was applied.

    ``reason`` names the check that failed (``damaged``, ``part_hash``, ``out_of_sequence``,
    ``own_office``, …); the message says it in the operator's language.
    """

    def __init__(self, reason: str, **params: Any) -> None:
        self.reason = reason
        super().__init__(f"sync.reject_{reason}", **params)

    def message(self, lang: Lang = "id") -> str:
        return t("sync.rejected", lang, reason=t(self.key, lang, **self.params))
