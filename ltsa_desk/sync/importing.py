"""Importing a bundle: every check first, then one transaction, or nothing at all."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import DataError, IntegrityError

from ltsa_desk.db.engine import Database
from ltsa_desk.progress import Progress, silent
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.audit_anchor import record_heads
from ltsa_desk.services.tx import write
from ltsa_desk.sync import bundle
from ltsa_desk.sync.content import decode
from ltsa_desk.sync.errors import BundleRejected
from ltsa_desk.sync.merge import ImportReport, Merge
from ltsa_desk.sync.signing import check_signature
from ltsa_desk.sync.state import IMPORT, bundle_at

IMPORT_STEPS = 4


def import_bundle(
    db: Database,
    actor: Actor,
    path: Path,
    *,
    passphrase: str | None = None,
    progress: Progress = silent,
) -> ImportReport:
    """Check the whole bundle, then apply it in one transaction.

    ``progress`` counts its four steps: the file read and its signature checked, the rows
    decoded, the merge planned (every check), the merge written.

    The file, its manifest, the hash of every part, the sending office's signature (by a key
    registered here), each row's values and each office's audit chain are checked before the
    database is opened for writing; the source office, the sequence, references and unique
    numbers inside the transaction, before its first write. A bundle imported before is
    recognised and changes nothing.
    """
    require(actor, "sync_import")
    progress(0, IMPORT_STEPS)
    raw = bundle.read(path, passphrase)
    manifest = raw.manifest
    with db.read() as session:
        check_signature(session, raw)
        seen = bundle_at(session, IMPORT, manifest.office.id, manifest.sequence)
    progress(1, IMPORT_STEPS)
    if seen is not None and seen.digest == raw.digest:
        progress(IMPORT_STEPS, IMPORT_STEPS)
        return ImportReport(
            manifest.office.code,
            manifest.office.name,
            manifest.sequence,
            manifest.since,
            already_imported=True,
        )
    content = decode(raw)
    progress(2, IMPORT_STEPS)
    try:
        with write(db) as session:
            merge = Merge(session, actor, content)
            report = merge.check()
            progress(3, IMPORT_STEPS)
            if not report.already_imported:
                merge.apply(path.name)
    except (IntegrityError, DataError) as exc:  # the checks above should have caught it
        raise BundleRejected("integrity", detail=str(exc.orig).splitlines()[0][:200]) from exc
    # The heads of the chains received (and of this office's, which the import extended), kept
    # outside the database: deleting received events afterwards shows too.
    record_heads(db, "import", [*content.chains, actor.office_id])
    progress(IMPORT_STEPS, IMPORT_STEPS)
    return report
