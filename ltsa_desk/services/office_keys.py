"""Office keys: what lets another office tell a bundle really came from here, and what keys
this office's audit chain.

Each office has one active Ed25519 key pair (``cryptography``), made by ``init`` (or by
``ltsa-desk office key create`` for an office set up before keys existed) and replaced by
``office key rotate``. Its bundles are signed with it. Another office's supervisor registers the
public half (``office trust FILE``, after comparing the fingerprint by phone); an importer takes
only bundles signed by a key registered for their office.

The private half also derives the secret of the office's audit MAC (``chain_mac``): a
chain rewritten with recomputed SHA-256 hashes no longer verifies without it. The key lives in
the database, because every counter of a PostgreSQL office appends audit events; what a forger
with the database in hand could still redo is caught by the chain heads kept outside it
(``audit_anchor``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import AuditEvent, Office, OfficeKey
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.errors import NotFound, ServiceError
from ltsa_desk.services.tx import write

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# ``cryptography`` is imported where a key is made or used, not here: every audited action
# imports this module (for the MAC, plain hashlib), and the desk's first screen must stay quick.

KEY_CARD_FORMAT = "ltsa-desk-office-key"
_MAC_CONTEXT = b"ltsa-desk audit mac v1\x00"


class OfficeKeyError(ServiceError):
    """A key action refused; ``key`` is a ``services.office_key_*`` message."""

    key = "services.office_key_error"


@dataclass(frozen=True)
class KeyCard:
    """The public half of an office's key, as one office hands it to another."""

    office_id: uuid.UUID
    office_code: str
    office_name: str
    public_key: str
    fingerprint: str

    def as_json(self) -> dict[str, Any]:
        return {
            "format": KEY_CARD_FORMAT,
            "office_id": str(self.office_id),
            "office_code": self.office_code,
            "office_name": self.office_name,
            "public_key": self.public_key,
            "fingerprint": self.fingerprint,
        }


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def fingerprint_of(public_raw: bytes) -> str:
    """16 hex digits of the key's SHA-256: short enough to read out over the phone."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def shown_fingerprint(fingerprint: str) -> str:
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def public_bytes(encoded: str) -> bytes:
    """A base64 Ed25519 public key, or ``OfficeKeyError`` naming it invalid."""
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise OfficeKeyError("services.office_key_invalid")
    return raw


def _private(row: OfficeKey) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    assert row.private_key is not None
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(row.private_key))


def new_key(session: Session, office: Office, actor: Actor | None = None) -> OfficeKey:
    """A fresh key pair for this office, active from the next audit event on."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    private = Ed25519PrivateKey.generate()
    public_raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    top = session.exec(
        select(col(AuditEvent.seq))
        .where(col(AuditEvent.office_id) == office.id)
        .order_by(col(AuditEvent.seq).desc())
        .limit(1)
    ).first()
    row = OfficeKey(
        office_id=office.id,
        office_code=office.code,
        fingerprint=fingerprint_of(public_raw),
        public_key=_b64(public_raw),
        private_key=_b64(private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())),
        registered_by=actor.operator_id if actor else None,
        keyed_from=(top or 0) + 1,
    )
    session.add(row)
    session.flush()
    from ltsa_desk.services.audit import forget_mac_key

    forget_mac_key(session, office.id)
    return row


def own_key(session: Session, office_id: uuid.UUID) -> OfficeKey | None:
    """This office's active key pair, if it has one."""
    return session.exec(
        select(OfficeKey).where(
            col(OfficeKey.office_id) == office_id,
            col(OfficeKey.private_key).is_not(None),
            col(OfficeKey.retired_at).is_(None),
        )
    ).first()


def own_keys(session: Session) -> dict[str, OfficeKey]:
    """Every key pair (active or retired) held here, by fingerprint: to check audit MACs."""
    rows = session.exec(select(OfficeKey).where(col(OfficeKey.private_key).is_not(None)))
    return {row.fingerprint: row for row in rows}


def mac_secret(row: OfficeKey) -> bytes:
    assert row.private_key is not None
    return hashlib.sha256(_MAC_CONTEXT + base64.b64decode(row.private_key)).digest()


def chain_mac(row: OfficeKey, chain_hash: str) -> str:
    digest = hmac.new(mac_secret(row), chain_hash.encode("ascii"), hashlib.sha256).hexdigest()
    return f"{row.fingerprint}:{digest}"


def mac_holds(keys: dict[str, OfficeKey], chain_hash: str, mac: str) -> bool:
    fingerprint, _, _digest = mac.partition(":")
    row = keys.get(fingerprint)
    return row is not None and hmac.compare_digest(chain_mac(row, chain_hash), mac)


def sign(row: OfficeKey, data: bytes) -> str:
    return _b64(_private(row).sign(data))


def signature_holds(public_key: str, signature: str, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw_signature = base64.b64decode(signature, validate=True)
        Ed25519PublicKey.from_public_bytes(public_bytes(public_key)).verify(raw_signature, data)
    except (InvalidSignature, binascii.Error, ValueError, OfficeKeyError):
        return False
    return True


def trusted_key(session: Session, office_id: uuid.UUID, fingerprint: str) -> OfficeKey | None:
    """A key registered here for that office and not withdrawn."""
    return session.exec(
        select(OfficeKey).where(
            col(OfficeKey.office_id) == office_id,
            col(OfficeKey.fingerprint) == fingerprint,
            col(OfficeKey.retired_at).is_(None),
        )
    ).first()


def _office(session: Session, actor: Actor) -> Office:
    office = session.get(Office, actor.office_id)
    if office is None:
        raise NotFound(entity="office", key_value=str(actor.office_id))
    return office


def create_office_key(db: Database, actor: Actor) -> OfficeKey:
    """The first key of an office set up before keys existed; refused once it has one."""
    from ltsa_desk.services.audit import append_event

    require(actor, "manage_offices")
    with write(db) as session:
        office = _office(session, actor)
        if own_key(session, office.id) is not None:
            raise OfficeKeyError("services.office_key_exists")
        row = new_key(session, office, actor)
        append_event(
            session,
            actor=actor,
            action="office.key_create",
            entity="office_key",
            entity_id=row.id,
            changes={"fingerprint": [None, row.fingerprint]},
        )
        return row


def rotate_office_key(db: Database, actor: Actor) -> tuple[OfficeKey, OfficeKey]:
    """A new key pair for this office; the old one stops signing (other offices must register
    the new public key). Returns (old, new)."""
    from ltsa_desk.services.audit import append_event

    require(actor, "manage_offices")
    with write(db) as session:
        office = _office(session, actor)
        old = own_key(session, office.id)
        if old is None:
            raise OfficeKeyError("services.office_key_none")
        old.retired_at = clock.now()
        session.add(old)
        session.flush()
        row = new_key(session, office, actor)
        append_event(
            session,
            actor=actor,
            action="office.key_rotate",
            entity="office_key",
            entity_id=row.id,
            changes={"fingerprint": [old.fingerprint, row.fingerprint]},
        )
        return old, row


def key_card(db: Database, office_id: uuid.UUID) -> KeyCard:
    """The public half of this office's active key, to hand to the offices it sends to."""
    with db.read() as session:
        office = session.get(Office, office_id)
        row = own_key(session, office_id)
        if office is None or row is None:
            raise OfficeKeyError("services.office_key_none")
        return KeyCard(office.id, office.code, office.name, row.public_key, row.fingerprint)


def parse_key_card(text: str) -> KeyCard:
    try:
        raw = json.loads(text)
        if not isinstance(raw, dict) or raw.get("format") != KEY_CARD_FORMAT:
            raise ValueError("format")
        public_raw = public_bytes(str(raw["public_key"]))
        card = KeyCard(
            uuid.UUID(str(raw["office_id"])),
            str(raw["office_code"])[:12],
            str(raw["office_name"])[:200],
            str(raw["public_key"]),
            fingerprint_of(public_raw),
        )
    except (ValueError, KeyError, TypeError, OfficeKeyError) as exc:
        raise OfficeKeyError("services.office_key_card_invalid") from exc
    if raw.get("fingerprint") != card.fingerprint:
        raise OfficeKeyError("services.office_key_card_invalid")
    return card


def trust_office_key(
    db: Database, actor: Actor, card: KeyCard, *, fingerprint: str | None = None
) -> OfficeKey:
    """Register another office's public key, so that its bundles are accepted here.

    ``fingerprint``, when given, must match the card's: the supervisor read it from the other
    office by phone, so a card swapped on the way is refused.
    """
    from ltsa_desk.services.audit import append_event

    require(actor, "trust_office_key")
    if fingerprint is not None and fingerprint.replace(" ", "").lower() != card.fingerprint:
        raise OfficeKeyError("services.office_key_fingerprint", fingerprint=card.fingerprint)
    if card.office_id == actor.office_id:
        raise OfficeKeyError("services.office_key_own")
    with write(db) as session:
        existing = session.exec(
            select(OfficeKey).where(
                col(OfficeKey.office_id) == card.office_id,
                col(OfficeKey.fingerprint) == card.fingerprint,
            )
        ).first()
        if existing is not None:
            existing.retired_at = None
            row = existing
        else:
            row = OfficeKey(
                office_id=card.office_id,
                office_code=card.office_code,
                fingerprint=card.fingerprint,
                public_key=card.public_key,
                registered_by=actor.operator_id,
            )
        session.add(row)
        session.flush()
        append_event(
            session,
            actor=actor,
            action="office.key_trust",
            entity="office_key",
            entity_id=row.id,
            changes={"office": [None, card.office_code], "fingerprint": [None, card.fingerprint]},
        )
        return row


def withdraw_trust(db: Database, actor: Actor, office_code: str, fingerprint: str) -> OfficeKey:
    """Stop accepting bundles signed by that key of another office (lost, stolen, rotated)."""
    from ltsa_desk.services.audit import append_event

    require(actor, "trust_office_key")
    wanted = fingerprint.replace(" ", "").lower()
    with write(db) as session:
        row = session.exec(
            select(OfficeKey).where(
                col(OfficeKey.office_code) == office_code.strip().upper(),
                col(OfficeKey.fingerprint) == wanted,
                col(OfficeKey.private_key).is_(None),
            )
        ).first()
        if row is None:
            raise NotFound(entity="office_key", key_value=f"{office_code} {fingerprint}")
        row.retired_at = clock.now()
        session.add(row)
        session.flush()
        append_event(
            session,
            actor=actor,
            action="office.key_untrust",
            entity="office_key",
            entity_id=row.id,
            changes={"office": [None, row.office_code], "fingerprint": [row.fingerprint, None]},
        )
        return row


def list_office_keys(db: Database, actor: Actor) -> list[OfficeKey]:
    require(actor, "read_audit")
    with db.read() as session:
        return list(
            session.exec(
                select(OfficeKey).order_by(col(OfficeKey.office_code), col(OfficeKey.created_at))
            )
        )
