"""The tables of LTSA Desk.

Every record has a UUID key, because records from many offices are merged later and must never
collide; created/updated timestamps; and a ``version`` that SQLAlchemy checks on every UPDATE
(``version_id_col``) so that a stale write from another desk is refused instead of lost.
Timestamps are timezone-aware UTC. Enumerations are stored as their plain string values so
that a new status needs no database-specific type change.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint, event
from sqlalchemy.orm import Session, declared_attr
from sqlmodel import Field, SQLModel

from ltsa_desk import clock


class Role(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class P3miStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class ApplicationStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    BLOCKED = "blocked"
    WITHDRAWN = "withdrawn"


class ItemStatus(StrEnum):
    """The lifecycle of one required document at the counter."""

    MISSING = "missing"
    RECEIVED = "received"
    VERIFIED = "verified"
    REJECTED = "rejected"
    WAIVED = "waived"


class HandoffStatus(StrEnum):
    """Where a complete file stands in the hand-off to SIAPkerja/SISKOP2MI.

    ``captured`` is implicit (no ``handoff`` row yet): the file is complete on the desk only.
    """

    CAPTURED = "captured"
    EXPORTED = "exported"
    ACCEPTED = "accepted"


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVED = "served"
    SKIPPED = "skipped"


class Record(SQLModel):
    """Columns shared by every table: identity, timestamps and the optimistic-lock version."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(default_factory=clock.now, nullable=False)
    updated_at: datetime = Field(default_factory=clock.now, nullable=False)
    updated_by: uuid.UUID | None = Field(default=None)
    version: int = Field(default=1, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy declared_attr
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Office(Record, table=True):
    code: str = Field(index=True, unique=True, max_length=12)
    name: str = Field(max_length=200)
    address: str = Field(default="", max_length=300)
    regency_code: str | None = Field(default=None, max_length=5)


class Operator(Record, table=True):
    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    username: str = Field(index=True, unique=True, max_length=64)
    full_name: str = Field(max_length=120)
    role: Role = Field(default=Role.OPERATOR, sa_type=String(20))
    password_hash: str
    active: bool = Field(default=True)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = None
    last_login_at: datetime | None = None


class P3mi(Record, table=True):
    name: str = Field(max_length=200)
    licence_number: str = Field(index=True, unique=True, max_length=80)
    status: P3miStatus = Field(default=P3miStatus.ACTIVE, sa_type=String(20))
    address: str = Field(default="", max_length=300)


class Applicant(Record, table=True):
    __table_args__ = (
        #: The recap counts an office's registrations per day from this index alone.
        Index("ix_applicant_office_created", "office_id", "created_at"),
        #: The duplicate check compares everyone born the same day from this index alone.
        Index("ix_applicant_birth_date_names", "birth_date", "nik", "name_key"),
    )

    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    nik: str = Field(max_length=16, unique=True, index=True)
    full_name: str = Field(max_length=100)
    #: Lower-case, accent-free form of the name, for duplicate checks and portable search.
    name_key: str = Field(max_length=100, index=True)
    birth_place: str = Field(default="", max_length=100)
    birth_date: date
    sex: str = Field(max_length=1)
    marital_status: str = Field(max_length=10)
    religion: str = Field(default="", max_length=20)
    education: str = Field(default="", max_length=20)
    kk_number: str = Field(default="", max_length=16)
    passport_number: str = Field(default="", max_length=12, index=True)
    passport_name: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=20)
    email: str = Field(default="", max_length=120)
    address_line: str = Field(default="", max_length=300)
    village_code: str = Field(default="", max_length=13)
    father_name: str = Field(default="", max_length=100)
    mother_name: str = Field(default="", max_length=100)
    spouse_name: str = Field(default="", max_length=100)
    emergency_name: str = Field(default="", max_length=100)
    emergency_relation: str = Field(default="", max_length=40)
    emergency_phone: str = Field(default="", max_length=20)
    notes: str = Field(default="", max_length=2000)
    #: Warning codes the operator overrode, with the reason given: {code: reason}.
    acknowledged: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON))


class Application(Record, table=True):
    """One placement plan of an applicant, with its own checklist."""

    __table_args__ = (Index("ix_application_office_created", "office_id", "created_at"),)

    applicant_id: uuid.UUID = Field(foreign_key="applicant.id", index=True)
    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    registration_number: str = Field(unique=True, index=True, max_length=32)
    scheme: str = Field(max_length=20)
    destination: str = Field(max_length=2)
    programme: str = Field(default="", max_length=20)
    sector: str = Field(max_length=20)
    job: str = Field(default="", max_length=100)
    p3mi_id: uuid.UUID | None = Field(default=None, foreign_key="p3mi.id")
    job_order_number: str = Field(default="", max_length=60)
    employer_name: str = Field(default="", max_length=200)
    contract_name: str = Field(default="", max_length=100)
    planned_departure: date | None = None
    ruleset_id: str = Field(max_length=120)
    ruleset_version: str = Field(max_length=40)
    status: ApplicationStatus = Field(
        default=ApplicationStatus.IN_PROGRESS, index=True, sa_type=String(20)
    )
    acknowledged: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON))


class RequirementItem(Record, table=True):
    """One required document of an application and where it stands."""

    __tablename__: ClassVar[str] = "requirement_item"
    __table_args__ = (
        UniqueConstraint("application_id", "document_code"),
        # For the recap: what a waiting file still lacks, read from the index alone.
        Index(
            "ix_requirement_item_app_status",
            "application_id",
            "status",
            "required",
            "document_code",
        ),
        # With the file and the required flag: a period's count never reads the table.
        Index("ix_requirement_item_received_at", "received_at", "application_id", "required"),
        Index("ix_requirement_item_verified_at", "verified_at", "application_id", "required"),
        Index(
            "ix_requirement_item_status_updated",
            "status",
            "updated_at",
            "application_id",
            "required",
        ),
    )

    application_id: uuid.UUID = Field(foreign_key="application.id", index=True)
    document_code: str = Field(max_length=40)
    desk: str = Field(max_length=30)
    sort_order: int = Field(default=0)
    #: Title and basis as the ruleset said when the item was required, so an old file reads true.
    title_id: str = Field(max_length=200)
    title_en: str = Field(max_length=200)
    basis: str = Field(default="", max_length=300)
    #: False once a re-evaluation under newer rules dropped the item; kept for history.
    required: bool = Field(default=True)
    status: ItemStatus = Field(default=ItemStatus.MISSING, index=True, sa_type=String(20))
    number: str = Field(default="", max_length=80)
    issue_date: date | None = None
    expiry_date: date | None = None
    issuer: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=1000)
    reason: str = Field(default="", max_length=500)
    is_original: bool | None = None
    received_at: datetime | None = None
    verified_at: datetime | None = None
    verified_by: uuid.UUID | None = None


class QueueTicket(Record, table=True):
    __tablename__: ClassVar[str] = "queue_ticket"
    __table_args__ = (UniqueConstraint("office_id", "service_date", "desk", "number"),)

    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    service_date: date = Field(index=True)
    desk: str = Field(max_length=30)
    number: int
    code: str = Field(max_length=16)
    status: TicketStatus = Field(default=TicketStatus.WAITING, sa_type=String(20))
    counter: str = Field(default="", max_length=20)
    applicant_id: uuid.UUID | None = Field(default=None, foreign_key="applicant.id")
    application_id: uuid.UUID | None = Field(default=None, foreign_key="application.id")
    called_at: datetime | None = None
    served_at: datetime | None = None


class Counter(SQLModel, table=True):
    """Per-office sequences (registration numbers, queue numbers) that never need a network."""

    office_id: uuid.UUID = Field(foreign_key="office.id", primary_key=True)
    name: str = Field(primary_key=True, max_length=40)
    value: int = Field(default=0)


class AuditEvent(SQLModel, table=True):
    """Append-only record of who changed what; each event carries the hash of the previous one."""

    __tablename__: ClassVar[str] = "audit_event"
    __table_args__ = (
        Index("ix_audit_entity", "entity", "entity_id"),
        # The recap of one operator: what they registered or opened in a period, index only.
        Index("ix_audit_event_operator_action", "operator_id", "action", "at", "entity_id"),
        # One office's events of a period (the recap's closed-day checks), in time order.
        Index("ix_audit_event_office_at", "office_id", "at"),
        UniqueConstraint("office_id", "seq"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    office_id: uuid.UUID | None = Field(default=None, foreign_key="office.id")
    seq: int
    at: datetime = Field(default_factory=clock.now, index=True)
    operator_id: uuid.UUID | None = Field(default=None, foreign_key="operator.id", index=True)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=40)
    entity_id: str = Field(default="", max_length=40)
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    prev_hash: str = Field(default="", max_length=64)
    chain_hash: str = Field(max_length=64)
    #: ``FINGERPRINT:HMAC`` of ``chain_hash`` under the office's secret (``office_keys``), so a
    #: chain rewritten with recomputed SHA-256 hashes no longer verifies; empty before keying.
    mac: str = Field(default="", max_length=90)


class OfficeKey(SQLModel, table=True):
    """An office's Ed25519 key: this office's own (with its private half), or another office's
    public key that a supervisor registered as trusted. Bundles are signed with the own active
    key; the importer takes only bundles signed by a key registered here for their office.

    ``office_id`` has no foreign key: a trusted office is registered before its first bundle
    brings its office row.
    """

    __tablename__: ClassVar[str] = "office_key"
    __table_args__ = (UniqueConstraint("office_id", "fingerprint"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    office_id: uuid.UUID = Field(index=True)
    office_code: str = Field(max_length=12)
    fingerprint: str = Field(max_length=16)
    public_key: str = Field(max_length=64)
    #: Only for this office's own keys; a retired own key keeps it to check its old audit MACs.
    private_key: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=clock.now)
    registered_by: uuid.UUID | None = Field(default=None)
    #: The first audit ``seq`` of the office chain keyed with this key (own keys only).
    keyed_from: int | None = None
    retired_at: datetime | None = None


class DayClose(Record, table=True):
    """A supervisor's end-of-day close of one office's local day, with the figures signed.

    ``starts_at``/``ends_at`` are the local day as UTC instants, fixed at closing time so that
    later checks for edits to the closed day do not depend on the desk's clock settings.
    """

    __tablename__: ClassVar[str] = "day_close"
    __table_args__ = (
        UniqueConstraint("office_id", "service_date"),
        # Finds the closed day containing an instant, for edits made to it later.
        Index("ix_day_close_office_starts", "office_id", "starts_at"),
    )

    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    service_date: date
    starts_at: datetime
    ends_at: datetime
    closed_at: datetime = Field(default_factory=clock.now)
    closed_by: uuid.UUID = Field(foreign_key="operator.id")
    note: str = Field(default="", max_length=500)
    #: The recap's totals at closing time: {"registered": 12, "received": 40, …}.
    figures: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class HandoffBatch(Record, table=True):
    """One export file for SIAPkerja/SISKOP2MI entry; a re-export is a new batch naming the old."""

    __tablename__: ClassVar[str] = "handoff_batch"

    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    code: str = Field(index=True, unique=True, max_length=40)
    file_format: str = Field(max_length=10)
    row_count: int = Field(default=0)
    reexport_of: uuid.UUID | None = Field(default=None, foreign_key="handoff_batch.id")
    created_by: uuid.UUID = Field(foreign_key="operator.id")


class HandoffLine(Record, table=True):
    """An application as written in one batch: a batch can be re-exported or accepted whole."""

    __tablename__: ClassVar[str] = "handoff_line"
    __table_args__ = (UniqueConstraint("batch_id", "application_id"),)

    batch_id: uuid.UUID = Field(foreign_key="handoff_batch.id", index=True)
    application_id: uuid.UUID = Field(foreign_key="application.id", index=True)
    row_number: int


class Handoff(Record, table=True):
    """The hand-off state of one complete application: exported (batch, when), then accepted.

    A separate table rather than columns of ``application``, so that exporting never bumps the
    application's version under an operator who has its form open.
    """

    application_id: uuid.UUID = Field(foreign_key="application.id", unique=True, index=True)
    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    status: HandoffStatus = Field(default=HandoffStatus.EXPORTED, index=True, sa_type=String(20))
    batch_id: uuid.UUID = Field(foreign_key="handoff_batch.id")
    first_exported_at: datetime = Field(default_factory=clock.now)
    exported_at: datetime = Field(default_factory=clock.now)
    export_count: int = Field(default=1)
    accepted_at: datetime | None = None
    accepted_by: uuid.UUID | None = Field(default=None, foreign_key="operator.id")
    #: What the central office gave back on acceptance (e.g. the ID CPMI), if anything.
    central_reference: str = Field(default="", max_length=60)


class SyncRecord(SQLModel, table=True):
    """What this database knows of one record's travels between offices (``ltsa_desk.sync``).

    ``history`` lists the content hashes the record had at each sync point, oldest first. A
    version from another office whose history holds our current hash descends from ours and may
    replace it; when neither holds the other's hash the two offices edited it apart, and a
    supervisor decides. No clock is trusted for this.
    """

    __tablename__: ClassVar[str] = "sync_record"

    entity: str = Field(primary_key=True, max_length=40)
    record_id: uuid.UUID = Field(primary_key=True)
    history: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    #: The record's version when it last went into a bundle, and that bundle's sequence number.
    exported_version: int | None = None
    exported_seq: int | None = Field(default=None, index=True)
    #: The version written by the last import; equal to ``version`` while unchanged here since.
    imported_version: int | None = None


class SyncBundle(SQLModel, table=True):
    """One bundle written here (``export``) or applied here (``import``), per source office."""

    __tablename__: ClassVar[str] = "sync_bundle"
    __table_args__ = (UniqueConstraint("direction", "office_id", "sequence"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    bundle_id: uuid.UUID
    direction: str = Field(max_length=10)
    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    office_code: str = Field(max_length=12)
    sequence: int
    #: The first sequence whose changes the bundle carries (lower than ``sequence`` for a resend).
    since: int
    #: SHA-256 of the manifest, which itself holds the SHA-256 of every part.
    digest: str = Field(max_length=64)
    file_name: str = Field(default="", max_length=300)
    at: datetime = Field(default_factory=clock.now)
    operator_id: uuid.UUID | None = Field(default=None, foreign_key="operator.id")
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    #: After an export: the last audit ``seq`` shipped for each office id.
    audit_through: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON))


class SyncAlias(SQLModel, table=True):
    """The same person (NIK) or P3MI (licence) registered apart in two offices: their id for
    it maps to ours, so their later records attach to our record."""

    __tablename__: ClassVar[str] = "sync_alias"

    entity: str = Field(primary_key=True, max_length=40)
    remote_id: uuid.UUID = Field(primary_key=True)
    local_id: uuid.UUID


class SyncConflict(Record, table=True):
    """A record changed in two offices, both versions kept until a supervisor chooses one."""

    __tablename__: ClassVar[str] = "sync_conflict"

    entity: str = Field(max_length=40)
    record_id: uuid.UUID = Field(index=True)
    #: The other office's id for the record: differs from ``record_id`` for an alias.
    remote_id: uuid.UUID
    kind: str = Field(max_length=20)
    source_office_id: uuid.UUID = Field(foreign_key="office.id")
    bundle_sequence: int
    local_data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    remote_data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    remote_history: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    resolved_at: datetime | None = None
    resolved_by: uuid.UUID | None = Field(default=None, foreign_key="operator.id")
    resolution: str = Field(default="", max_length=10)


@event.listens_for(Session, "before_flush")
def _touch_updated_at(session: Session, _context: Any, _instances: Any) -> None:
    """Every modified record gets a fresh ``updated_at``; services need not remember to."""
    now = clock.now()
    for obj in session.dirty:
        if isinstance(obj, Record) and session.is_modified(obj, include_collections=False):
            obj.updated_at = now
