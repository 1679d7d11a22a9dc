"""Whose work a recap covers: an office, and within it one counter or one operator.

Records do not carry the counter or the operator that created them, so the finer scopes are
taken from where the desk does record them:

- **operator**: what a supervisor means by "what Budi did on Tuesday": Budi's own actions on
  that office day, as the audit trail records who did what and when. The applicants he
  registered (or imported), the placement plans he opened, and the documents he took in,
  verified or rejected, whoever opened their file. Each audit event is written in the same
  transaction as the record it is about, at the same instant, and both travel unchanged through
  sync bundles and backups (an import or a restore re-stamps neither), so the record's own
  times and the audit times tell the same day;
- **counter** (*loket*): the applicants and plans linked to queue tickets called at that counter
  during the period.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Date, String, Uuid, bindparam, cast, func, or_, select
from sqlmodel import Session, col
from sqlmodel import select as select_model

from ltsa_desk.db.models import Applicant, Application, AuditEvent, Office, Operator, QueueTicket
from ltsa_desk.services.access import Actor
from ltsa_desk.services.errors import NotFound

REGISTER_ACTIONS = ("applicant.register", "applicant.import")
OPEN_ACTIONS = ("application.open",)
DOCUMENT_ACTIONS = ("document.record",)


@dataclass(frozen=True, slots=True)
class Scope:
    office_id: uuid.UUID
    office_code: str
    office_name: str
    office_address: str = ""
    counter: str | None = None
    operator_id: uuid.UUID | None = None
    operator_username: str | None = None
    operator_name: str | None = None


def resolve_scope(
    session: Session,
    actor: Actor,
    *,
    office_code: str | None = None,
    counter: str | None = None,
    operator_username: str | None = None,
) -> Scope:
    """The scope named on the command line or the screen; the actor's office by default."""
    code = (office_code or actor.office_code).strip().upper()
    office = session.exec(select_model(Office).where(col(Office.code) == code)).first()
    if office is None:
        raise NotFound(entity="office", key_value=code)
    operator = None
    if operator_username:
        operator = session.exec(
            select_model(Operator).where(col(Operator.username) == operator_username.strip())
        ).first()
        if operator is None:
            raise NotFound(entity="operator", key_value=operator_username)
    return Scope(
        office_id=office.id,
        office_code=office.code,
        office_name=office.name,
        office_address=office.address,
        counter=(counter or "").strip() or None,
        operator_id=operator.id if operator else None,
        operator_username=operator.username if operator else None,
        operator_name=operator.full_name if operator else None,
    )


def scope_params(scope: Scope) -> dict[str, Any]:
    """The bound values of the filters below."""
    params: dict[str, Any] = {"office_id": scope.office_id}
    if scope.operator_id is not None:
        params["operator_id"] = scope.operator_id
    if scope.counter is not None:
        params["counter"] = scope.counter
    return params


def audit_entity_key(dialect: str) -> ColumnElement[Any]:
    """``audit_event.entity_id`` in the form of the UUID columns it names.

    ``entity_id`` holds the canonical text form of the UUID; SQLite stores UUID columns as 32
    hex digits, PostgreSQL as a native uuid.
    """
    if dialect == "sqlite":
        return func.replace(col(AuditEvent.entity_id), "-", "")
    return cast(col(AuditEvent.entity_id), Uuid())


def _audit_keys(dialect: str, actions: tuple[str, ...], window: str) -> Any:
    """The ids of the records these audit events are about, comparable with a UUID column.

    Only events inside the window: a record is created in the same transaction as its audit
    event, so this keeps the work to the period instead of the operator's whole history.
    """
    return select(audit_entity_key(dialect)).where(
        col(AuditEvent.at) >= bindparam(f"{window}start"),
        col(AuditEvent.at) < bindparam(f"{window}end"),
        col(AuditEvent.action).in_(actions),
        col(AuditEvent.operator_id) == bindparam("operator_id", type_=Uuid()),
    )


def operator_events(actions: tuple[str, ...]) -> list[Any]:
    """Conditions on ``audit_event`` for the scoped operator's ``actions`` in their office."""
    return [
        col(AuditEvent.operator_id) == bindparam("operator_id", type_=Uuid()),
        col(AuditEvent.action).in_(actions),
        col(AuditEvent.office_id) == bindparam("office_id", type_=Uuid()),
    ]


def _tickets(column: Any, window: str) -> Any:
    """Tickets called at the counter on the window's days (``service_date`` is a local day)."""
    return select(column).where(
        col(QueueTicket.office_id) == bindparam("office_id", type_=Uuid()),
        col(QueueTicket.service_date) >= bindparam(f"{window}first", type_=Date()),
        col(QueueTicket.service_date) <= bindparam(f"{window}last", type_=Date()),
        col(QueueTicket.counter) == bindparam("counter", type_=String()),
    )


def applicant_filters(
    dialect: str, by_operator: bool, by_counter: bool, window: str = ""
) -> list[Any]:
    """Conditions on ``applicant`` for a scope, with the values left as bound parameters so
    that each statement is built (and compiled) once. ``window`` prefixes the names of the
    period's parameters (``start``/``end`` instants, ``first``/``last`` days)."""
    filters: list[Any] = [col(Applicant.office_id) == bindparam("office_id", type_=Uuid())]
    if by_operator:
        filters.append(col(Applicant.id).in_(_audit_keys(dialect, REGISTER_ACTIONS, window)))
    if by_counter:
        filters.append(col(Applicant.id).in_(_tickets(col(QueueTicket.applicant_id), window)))
    return filters


def application_filters(
    dialect: str, by_operator: bool, by_counter: bool, window: str = ""
) -> list[Any]:
    filters: list[Any] = [col(Application.office_id) == bindparam("office_id", type_=Uuid())]
    if by_operator:
        filters.append(col(Application.id).in_(_audit_keys(dialect, OPEN_ACTIONS, window)))
    if by_counter:
        filters.append(
            or_(
                col(Application.id).in_(_tickets(col(QueueTicket.application_id), window)),
                col(Application.applicant_id).in_(_tickets(col(QueueTicket.applicant_id), window)),
            )
        )
    return filters
