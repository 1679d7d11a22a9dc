"""The tables of LTSA Desk.

Every record has a UUID key, because records from many offices are merged later and must never
collide; created/updated timestamps; and a ``version`` that SQLAlchemy checks on every UPDATE
(``version_id_col``) so that a stale write from another desk is refused instead of lost.
Timestamps are timezone-aware UTC. Enumerations are stored as their plain string values so
that a new status needs no database-specific type change.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint, event
from sqlalchemy.orm import Session, declared_attr
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Timezone-aware UTC, the one clock of the database (desks in WIB, WITA and WIT merge)."""
    return datetime.now(UTC)


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


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVED = "served"
    SKIPPED = "skipped"


class Record(SQLModel):
    """Columns shared by every table: identity, timestamps and the optimistic-lock version."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
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
    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    nik: str = Field(max_length=16, unique=True, index=True)
    full_name: str = Field(max_length=100)
    #: Lower-case, accent-free form of the name, for duplicate checks and portable search.
    name_key: str = Field(max_length=100, index=True)
    birth_place: str = Field(default="", max_length=100)
    birth_date: date = Field(index=True)
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
    __table_args__ = (UniqueConstraint("application_id", "document_code"),)

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
        UniqueConstraint("office_id", "seq"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    office_id: uuid.UUID | None = Field(default=None, foreign_key="office.id")
    seq: int
    at: datetime = Field(default_factory=utcnow, index=True)
    operator_id: uuid.UUID | None = Field(default=None, foreign_key="operator.id", index=True)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=40)
    entity_id: str = Field(default="", max_length=40)
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    prev_hash: str = Field(default="", max_length=64)
    chain_hash: str = Field(max_length=64)


@event.listens_for(Session, "before_flush")
def _touch_updated_at(session: Session, _context: Any, _instances: Any) -> None:
    """Every modified record gets a fresh ``updated_at``; services need not remember to."""
    now = utcnow()
    for obj in session.dirty:
        if isinstance(obj, Record) and session.is_modified(obj, include_collections=False):
            obj.updated_at = now
