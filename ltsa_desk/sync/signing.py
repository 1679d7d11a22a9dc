"""Which office really wrote a bundle: its Ed25519 signature of the manifest, checked against
the keys a supervisor registered here (``services.office_keys``).

The manifest holds the SHA-256 of every part, so the signature covers every row and audit
event. A bundle without a signature, signed by a key not registered here for its office, or
whose signature does not hold is refused whole: recomputing the hashes of an edited part no
longer helps a forger.
"""

from __future__ import annotations

from sqlmodel import Session

from ltsa_desk.db.models import Office
from ltsa_desk.services.office_keys import own_key, sign, signature_holds, trusted_key
from ltsa_desk.sync.bundle import RawBundle, Signature
from ltsa_desk.sync.errors import BundleRejected, SyncError


def signed(session: Session, office: Office, manifest_bytes: bytes) -> Signature:
    key = own_key(session, office.id)
    if key is None:
        raise SyncError("sync.no_office_key")
    return Signature(
        office_id=office.id, fingerprint=key.fingerprint, signature=sign(key, manifest_bytes)
    )


def check_signature(session: Session, raw: RawBundle) -> None:
    source = raw.manifest.office
    signature = raw.signature
    if signature is None:
        raise BundleRejected("unsigned", code=source.code)
    if signature.office_id != source.id:
        raise BundleRejected("bad_signature", code=source.code)
    key = trusted_key(session, source.id, signature.fingerprint)
    if key is None:
        raise BundleRejected("untrusted_key", code=source.code, fingerprint=signature.fingerprint)
    if not signature_holds(key.public_key, signature.signature, raw.manifest_bytes):
        raise BundleRejected("bad_signature", code=source.code)
