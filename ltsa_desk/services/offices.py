"""Offices and the P3MI registry: reference records an admin keeps."""

from __future__ import annotations

import re

from sqlmodel import col, select

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Office, Operator, P3mi, P3miStatus, Role
from ltsa_desk.findings import Finding, Severity
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.audit import append_event
from ltsa_desk.services.auth import create_operator_unchecked
from ltsa_desk.services.errors import ServiceError, ValidationFailed
from ltsa_desk.services.office_keys import new_key
from ltsa_desk.services.tx import write

_OFFICE_CODE = re.compile(r"^[A-Z0-9]{2,12}$")


class AlreadyInitialised(ServiceError):
    key = "services.already_initialised"


def _office_findings(code: str, name: str, regency_code: str | None = None) -> list[Finding]:
    findings = []
    if regency_code is not None and _regency(regency_code) is None:
        findings.append(
            Finding.from_catalog(
                "office.regency",
                Severity.ERROR,
                "regency",
                "services.office_regency",
                code=regency_code,
            )
        )
    if not _OFFICE_CODE.match(code):
        findings.append(
            Finding.from_catalog(
                "office.code", Severity.ERROR, "office_code", "services.office_code"
            )
        )
    if not name.strip():
        findings.append(
            Finding.from_catalog(
                "office.name", Severity.ERROR, "office_name", "services.office_name"
            )
        )
    return findings


def _regency(code: str) -> str | None:
    """The dotted code of a Kemendagri kabupaten/kota (``3305`` → ``33.05``), the level an office
    serves; None for anything else."""
    from ltsa_desk.identity import get_region

    region = get_region(code)
    return region.code if region is not None and region.code.count(".") == 1 else None


def initialise(
    db: Database,
    *,
    office_code: str,
    office_name: str,
    office_address: str,
    regency_code: str | None,
    admin_username: str,
    admin_full_name: str,
    admin_password: str,
) -> tuple[Office, Operator]:
    """First run on a new database: its office and first admin. Refused once done."""
    code = office_code.strip().upper()
    regency_code = regency_code.strip() if regency_code and regency_code.strip() else None
    findings = _office_findings(code, office_name, regency_code)
    if findings:
        raise ValidationFailed(findings)
    regency_code = _regency(regency_code) if regency_code else None
    with write(db) as session:
        if session.exec(select(Operator).limit(1)).first() is not None:
            raise AlreadyInitialised()
        office = Office(
            code=code,
            name=office_name.strip(),
            address=office_address.strip(),
            regency_code=regency_code,
        )
        session.add(office)
        session.flush()
        # The office's key from its first event on: its bundles are signed, its chain keyed.
        key = new_key(session, office)
        append_event(
            session,
            office_id=office.id,
            action="office.create",
            entity="office",
            entity_id=office.id,
            changes={
                "code": [None, code],
                "name": [None, office.name],
                "key_fingerprint": [None, key.fingerprint],
            },
        )
        admin = create_operator_unchecked(
            session,
            office=office,
            username=admin_username,
            full_name=admin_full_name,
            role=Role.ADMIN,
            password=admin_password,
        )
        return office, admin


def get_office(db: Database, code: str | None = None) -> Office | None:
    """The office with ``code``, or the only/first office when no code is configured."""
    with db.read() as session:
        query = select(Office)
        if code:
            query = query.where(col(Office.code) == code.strip().upper())
        return session.exec(query.order_by(col(Office.created_at)).limit(1)).first()


def add_p3mi(
    db: Database,
    actor: Actor,
    *,
    name: str,
    licence_number: str,
    status: P3miStatus = P3miStatus.ACTIVE,
    address: str = "",
) -> P3mi:
    require(actor, "manage_p3mi")
    findings = []
    if not name.strip():
        findings.append(
            Finding.from_catalog("p3mi.name", Severity.ERROR, "name", "services.p3mi_name")
        )
    if not licence_number.strip():
        findings.append(
            Finding.from_catalog(
                "p3mi.licence", Severity.ERROR, "licence_number", "services.p3mi_licence"
            )
        )
    if findings:
        raise ValidationFailed(findings)
    with write(db) as session:
        p3mi = P3mi(
            name=name.strip(),
            licence_number=licence_number.strip().upper(),
            status=status,
            address=address.strip(),
            updated_by=actor.operator_id,
        )
        session.add(p3mi)
        session.flush()
        append_event(
            session,
            actor=actor,
            action="p3mi.create",
            entity="p3mi",
            entity_id=p3mi.id,
            changes={"name": [None, p3mi.name], "licence_number": [None, p3mi.licence_number]},
        )
        return p3mi


def list_p3mi(db: Database, *, query: str = "", limit: int = 50) -> list[P3mi]:
    with db.read() as session:
        stmt = select(P3mi)
        if query.strip():
            stmt = stmt.where(col(P3mi.name).icontains(query.strip()))
        return list(session.exec(stmt.order_by(col(P3mi.name)).limit(limit)))
