"""Offline sync between offices with bundle files.

An office exports what changed since its last bundle (records, and the audit events of every
office chain it holds) into one file with a manifest; another office imports it after checking
all of it, in one transaction. See the README section "Several counters and offices".
"""

from ltsa_desk.sync.conflicts import (
    ConflictView,
    get_conflict,
    list_conflicts,
    resolve_conflict,
)
from ltsa_desk.sync.errors import BundleRejected, SyncError
from ltsa_desk.sync.export import ExportReport, export_bundle
from ltsa_desk.sync.importing import import_bundle
from ltsa_desk.sync.merge import ImportReport
from ltsa_desk.sync.status import SyncStatus, sync_status

__all__ = [
    "BundleRejected",
    "ConflictView",
    "ExportReport",
    "ImportReport",
    "SyncError",
    "SyncStatus",
    "export_bundle",
    "get_conflict",
    "import_bundle",
    "list_conflicts",
    "resolve_conflict",
    "sync_status",
]
