"""The recap of a day or a range for an office, a counter or an operator.

Definitions (the same on the screen, in the PDF, CSV and XLSX):

- **registered**: applicants registered in the period;
- **opened**: placement plans (files) opened in the period; of these, **complete** (every required
  document verified or waived), **waiting** (still in progress), blocked and withdrawn, as they
  stand now;
- **missing per document**: for the waiting files, how many still lack each document (missing,
  or rejected and to be brought again);
- **received / verified**: documents whose receipt / verification falls in the period;
  **rejected**: documents rejected in the period and still rejected;
- breakdowns of the files opened by scheme, destination and sector, and of the applicants
  registered by sex and by regency of origin (the NIK's first four digits: where the NIK was
  first issued, not where the person lives now);
- the 14-day trend ends on the period's last day.

Each figure is one aggregate query; only the list of waiting files reads rows, and it is capped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, case, distinct, func, or_, select
from sqlmodel import Session, col

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import (
    Applicant,
    Application,
    ApplicationStatus,
    AuditEvent,
    ItemStatus,
    Office,
    RequirementItem,
)
from ltsa_desk.identity import mask_nik
from ltsa_desk.reports.closes import ClosedDay, closed_days, edits_to_earlier_days
from ltsa_desk.reports.labels import document_titles
from ltsa_desk.reports.period import TREND_DAYS, Period
from ltsa_desk.reports.scope import (
    DOCUMENT_ACTIONS,
    OPEN_ACTIONS,
    REGISTER_ACTIONS,
    Scope,
    applicant_filters,
    application_filters,
    audit_entity_key,
    operator_events,
    resolve_scope,
    scope_params,
)
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.summary import local_day_in_utc

#: The list of waiting files is for reading at the counter, not a data dump.
WAITING_FILES_CAP = 200
TO_BRING = (ItemStatus.MISSING.value, ItemStatus.REJECTED.value)


@dataclass(frozen=True, slots=True)
class Count:
    code: str
    value: int


@dataclass(frozen=True, slots=True)
class MissingDocument:
    code: str
    title_id: str
    title_en: str
    files: int


@dataclass(frozen=True, slots=True)
class TrendDay:
    day: date
    registered: int
    opened: int


@dataclass(frozen=True, slots=True)
class WaitingFile:
    registration_number: str
    full_name: str
    nik_masked: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Recap:
    period: Period
    scope: Scope
    generated_at: datetime
    registered: int = 0
    opened: int = 0
    complete: int = 0
    waiting: int = 0
    blocked: int = 0
    withdrawn: int = 0
    received: int = 0
    verified: int = 0
    rejected: int = 0
    missing_by_document: tuple[MissingDocument, ...] = ()
    by_scheme: tuple[Count, ...] = ()
    by_destination: tuple[Count, ...] = ()
    by_sector: tuple[Count, ...] = ()
    by_sex: tuple[Count, ...] = ()
    by_regency: tuple[Count, ...] = ()
    trend: tuple[TrendDay, ...] = ()
    waiting_files: tuple[WaitingFile, ...] = ()
    closes: tuple[ClosedDay, ...] = field(default_factory=tuple)
    #: The office's audit chain head when the recap was made (seq, hash): printed on the signed
    #: PDF, it anchors the chain outside the database (``audit verify --anchor``).
    audit_head: tuple[int, str] | None = None

    TOTALS = (
        "registered",
        "opened",
        "complete",
        "waiting",
        "blocked",
        "withdrawn",
        "received",
        "verified",
        "rejected",
    )

    def totals(self) -> dict[str, int]:
        return {name: int(getattr(self, name)) for name in self.TOTALS}

    @property
    def flagged_closes(self) -> tuple[ClosedDay, ...]:
        return tuple(c for c in self.closes if c.flagged)

    def closed(self, day: date) -> ClosedDay | None:
        return next((c for c in self.closes if c.day == day), None)


def _counts(rows: Sequence[Any]) -> tuple[Count, ...]:
    """``(code, n)`` rows, largest first, then by code so the order is stable."""
    pairs = [(str(code or ""), int(n)) for code, n in rows]
    return tuple(Count(c, n) for c, n in sorted(pairs, key=lambda p: (-p[1], p[0])))


def _sum_by(rows: Sequence[Any], index: int) -> tuple[Count, ...]:
    totals: Counter[str] = Counter()
    for row in rows:
        totals[str(row[index] or "")] += int(row[-1])
    return _counts(list(totals.items()))


def _period(column: Any) -> Any:
    return and_(column >= bindparam("start"), column < bindparam("end"))


def _moved(side: int) -> Any:
    """The status a ``document.record`` event moved its item from (0) or to (1).

    A document is taken in when it is marked received, or verified without having been
    received first; verifying what was received is a verification only.
    """
    return col(AuditEvent.changes)[("status", side)].as_string()


def _handled_by_operator(dialect: str, files: list[Any] | None) -> Any:
    """Documents the scoped operator recorded in the period, each counted once, from their own
    audit events; ``files`` narrows them to the files of a counter."""
    handled = select(func.count(distinct(col(AuditEvent.entity_id)))).where(
        *operator_events(DOCUMENT_ACTIONS), _period(col(AuditEvent.at))
    )
    if files is not None:
        in_files = (
            select(col(RequirementItem.id))
            .join(Application, col(Application.id) == col(RequirementItem.application_id))
            .where(*files)
        )
        handled = handled.where(audit_entity_key(dialect).in_(in_files))
    return handled


class _Statements:
    """Every statement of a recap, built once per dialect and scope shape with its values as
    bound parameters: building SQLAlchemy expressions costs more than running the queries."""

    def __init__(
        self, dialect: str, by_operator: bool, by_counter: bool, single_office: bool
    ) -> None:
        people = applicant_filters(dialect, by_operator, by_counter)
        files = application_filters(dialect, by_operator, by_counter)
        regency = func.substr(col(Applicant.nik), 1, 4)
        self.applicant_groups = (
            select(col(Applicant.sex), regency, func.count())
            .where(*people, _period(col(Applicant.created_at)))
            .group_by(col(Applicant.sex), regency)
        )
        keys = (
            col(Application.status),
            col(Application.scheme),
            col(Application.destination),
            col(Application.sector),
        )
        self.application_groups = (
            select(*keys, func.count())
            .where(*files, _period(col(Application.created_at)))
            .group_by(*keys)
        )
        waiting = [
            *files,
            _period(col(Application.created_at)),
            col(Application.status) == ApplicationStatus.IN_PROGRESS.value,
        ]
        to_bring = [
            col(RequirementItem.required).is_(True),
            col(RequirementItem.status).in_(TO_BRING),
        ]
        self.missing = (
            select(col(RequirementItem.document_code), func.count())
            .join(Application, col(Application.id) == col(RequirementItem.application_id))
            .where(*waiting, *to_bring)
            .group_by(col(RequirementItem.document_code))
        )
        documents = select(func.count()).select_from(RequirementItem)
        if single_office and not (by_operator or by_counter):
            # Every item is this office's: no need to look up each item's file.
            documents = documents.where(col(RequirementItem.required).is_(True))
        else:
            documents = documents.join(
                Application, col(Application.id) == col(RequirementItem.application_id)
            ).where(*files, col(RequirementItem.required).is_(True))
        self.received = documents.where(_period(col(RequirementItem.received_at)))
        self.verified = documents.where(_period(col(RequirementItem.verified_at)))
        self.rejected = documents.where(
            col(RequirementItem.status) == ItemStatus.REJECTED.value,
            _period(col(RequirementItem.updated_at)),
        )
        if by_operator:
            handled = _handled_by_operator(dialect, files if by_counter else None)
            self.received = handled.where(
                or_(
                    _moved(1) == ItemStatus.RECEIVED.value,
                    and_(
                        _moved(1) == ItemStatus.VERIFIED.value,
                        _moved(0) != ItemStatus.RECEIVED.value,
                    ),
                )
            )
            self.verified = handled.where(_moved(1) == ItemStatus.VERIFIED.value)
            self.rejected = handled.where(_moved(1) == ItemStatus.REJECTED.value)
        if by_operator and not by_counter:
            # One operator's records per day, straight from their audit events (index only).
            self.trend = [
                self._trend(col(AuditEvent.at), operator_events(actions))
                for actions in (REGISTER_ACTIONS, OPEN_ACTIONS)
            ]
        else:
            self.trend = [
                self._trend(
                    col(Applicant.created_at),
                    applicant_filters(dialect, by_operator, by_counter, "trend_"),
                ),
                self._trend(
                    col(Application.created_at),
                    application_filters(dialect, by_operator, by_counter, "trend_"),
                ),
            ]
        self.waiting_files = (
            select(
                col(Application.id),
                col(Application.registration_number),
                col(Applicant.full_name),
                col(Applicant.nik),
            )
            .join(Applicant, col(Applicant.id) == col(Application.applicant_id))
            .where(*waiting)
            .order_by(col(Application.created_at), col(Application.registration_number))
            .limit(WAITING_FILES_CAP)
        )
        self.waiting_items = (
            select(col(RequirementItem.application_id), col(RequirementItem.document_code))
            .where(
                col(RequirementItem.application_id).in_(bindparam("ids", expanding=True)),
                *to_bring,
            )
            .order_by(col(RequirementItem.sort_order))
        )

    @staticmethod
    def _trend(created: Any, filters: list[Any]) -> Any:
        """Counts per day of the trend: a CASE numbering the days by their end instants
        (portable, no date functions of the database, right for the desk's time zone)."""
        bucket = case(*[(created < bindparam(f"b{n}"), n) for n in range(TREND_DAYS)])
        return (
            select(bucket, func.count())
            .where(*filters, created >= bindparam("trend_start"), created < bindparam("trend_end"))
            .group_by(bucket)
        )


@cache
def _statements(
    dialect: str, by_operator: bool, by_counter: bool, single_office: bool
) -> _Statements:
    return _Statements(dialect, by_operator, by_counter, single_office)


def recap_in_session(
    session: Session, scope: Scope, period: Period, *, check_closes: bool = True
) -> Recap:
    conn = session.connection()
    offices = conn.execute(select(func.count()).select_from(Office)).scalar_one()
    sql = _statements(
        conn.dialect.name,
        scope.operator_id is not None,
        scope.counter is not None,
        offices == 1,
    )
    start, end = period.bounds()
    trend_days = period.trend_days()
    trend_bounds = [local_day_in_utc(day) for day in trend_days]
    params: dict[str, Any] = {
        **scope_params(scope),
        "start": start,
        "end": end,
        "first": period.first,
        "last": period.last,
        "trend_start": trend_bounds[0][0],
        "trend_end": trend_bounds[-1][1],
        "trend_first": trend_days[0],
        "trend_last": trend_days[-1],
        **{f"b{n}": bounds[1] for n, bounds in enumerate(trend_bounds)},
    }

    def rows(statement: Any, **extra: Any) -> Sequence[Any]:
        return conn.execute(statement, {**params, **extra}).all()

    def count(statement: Any) -> int:
        return int(conn.execute(statement, params).scalar_one())

    people = rows(sql.applicant_groups)
    files = rows(sql.application_groups)
    status = {code.code: code.value for code in _sum_by(files, 0)}
    missing = sorted(
        (
            MissingDocument(str(code), *document_titles(str(code)), int(n))
            for code, n in rows(sql.missing)
        ),
        key=lambda m: (-m.files, m.code),
    )
    per_day = [{int(i): int(n) for i, n in rows(statement)} for statement in sql.trend]
    waiting = rows(sql.waiting_files)
    to_bring: dict[Any, list[str]] = {}
    if waiting:
        for application_id, code in rows(sql.waiting_items, ids=[row[0] for row in waiting]):
            to_bring.setdefault(application_id, []).append(str(code))
    return Recap(
        period=period,
        scope=scope,
        audit_head=_audit_head(session, scope.office_id),
        generated_at=clock.now(),
        registered=sum(int(row[-1]) for row in people),
        opened=sum(int(row[-1]) for row in files),
        complete=status.get(ApplicationStatus.COMPLETE.value, 0),
        waiting=status.get(ApplicationStatus.IN_PROGRESS.value, 0),
        blocked=status.get(ApplicationStatus.BLOCKED.value, 0),
        withdrawn=status.get(ApplicationStatus.WITHDRAWN.value, 0),
        received=count(sql.received),
        verified=count(sql.verified),
        rejected=count(sql.rejected),
        missing_by_document=tuple(missing),
        by_scheme=_sum_by(files, 1),
        by_destination=_sum_by(files, 2),
        by_sector=_sum_by(files, 3),
        by_sex=_sum_by(people, 0),
        by_regency=_sum_by(people, 1),
        trend=tuple(
            TrendDay(day, per_day[0].get(i, 0), per_day[1].get(i, 0))
            for i, day in enumerate(trend_days)
        ),
        waiting_files=tuple(
            WaitingFile(regno, name, mask_nik(nik), tuple(to_bring.get(app_id, [])))
            for app_id, regno, name, nik in waiting
        ),
        # The closed-day checks read the period's audit events: most of a long range's cost.
        closes=tuple(
            edits_to_earlier_days(conn, scope.office_id, period.first, start, end)
            + closed_days(conn, scope.office_id, period.first, period.last)
        )
        if check_closes
        else (),
    )


def compute_recap(
    db: Database,
    actor: Actor,
    period: Period,
    *,
    office_code: str | None = None,
    counter: str | None = None,
    operator_username: str | None = None,
    check_closes: bool = True,
) -> Recap:
    """The recap of ``period`` for the office (the actor's by default), counter or operator."""
    require(actor, "read_recap")
    with db.read() as session:
        scope = resolve_scope(
            session,
            actor,
            office_code=office_code,
            counter=counter,
            operator_username=operator_username,
        )
        return recap_in_session(session, scope, period, check_closes=check_closes)


def _audit_head(session: Session, office_id: Any) -> tuple[int, str] | None:
    head = session.execute(
        select(col(AuditEvent.seq), col(AuditEvent.chain_hash))
        .where(col(AuditEvent.office_id) == office_id)
        .order_by(col(AuditEvent.seq).desc())
        .limit(1)
    ).first()
    return (int(head[0]), str(head[1])) if head else None
