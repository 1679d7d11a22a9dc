"""Operators, passwords and login.

Passwords are hashed with argon2 (argon2-cffi). Failed logins count towards a temporary lockout,
and both outcomes are audited, because a guessed password here can forge a waiver.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import AuditEvent, Office, Operator, Role
from ltsa_desk.findings import Finding, Severity
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.audit import append_event
from ltsa_desk.services.errors import NotFound, ServiceError, ValidationFailed
from ltsa_desk.services.tx import StorageFull, write

#: argon2id at OWASP's first recommended setting (19 MiB, two passes, one lane) rather than
#: argon2-cffi's default RFC 9106 profile (64 MiB, three passes, four lanes): the same cost to a
#: guesser by OWASP's reckoning, and a login no longer adds 64 MB to the desk's peak memory on
#: an old office PC (bench/analysis.md §8). Hashes made with other settings still verify and
#: are re-hashed at the next successful login.
DESK_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

_hasher = DESK_HASHER


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the hasher (tests use cheap parameters; existing hashes still verify)."""
    global _hasher
    _hasher = hasher


MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_minutes: int = 15


class LoginFailed(ServiceError):
    key = "services.login_failed"


class AccountLocked(ServiceError):
    key = "services.account_locked"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(password: str) -> list[Finding]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return [
            Finding.from_catalog(
                "operator.password_short",
                Severity.ERROR,
                "password",
                "services.password_short",
                minimum=MIN_PASSWORD_LENGTH,
            )
        ]
    return []


def actor_for(session: Session, operator: Operator) -> Actor:
    office = session.get(Office, operator.office_id)
    if office is None:
        raise NotFound(entity="office", key_value=str(operator.office_id))
    return Actor(
        operator_id=operator.id,
        office_id=office.id,
        office_code=office.code,
        username=operator.username,
        full_name=operator.full_name,
        role=Role(operator.role),
    )


def create_operator_unchecked(
    session: Session,
    *,
    office: Office,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    actor: Actor | None = None,
) -> Operator:
    """Create an operator inside an open transaction; ``init`` uses it for the first admin."""
    findings = check_password(password)
    clean_username = username.strip().lower()
    if not clean_username or not clean_username.replace(".", "").replace("_", "").isalnum():
        findings.append(
            Finding.from_catalog(
                "operator.username", Severity.ERROR, "username", "services.username_invalid"
            )
        )
    elif session.exec(select(Operator).where(col(Operator.username) == clean_username)).first():
        findings.append(
            Finding.from_catalog(
                "operator.username_taken",
                Severity.ERROR,
                "username",
                "services.username_taken",
                username=clean_username,
            )
        )
    if findings:
        raise ValidationFailed(findings)
    operator = Operator(
        office_id=office.id,
        username=clean_username,
        full_name=full_name.strip(),
        role=role,
        password_hash=hash_password(password),
    )
    session.add(operator)
    session.flush()
    append_event(
        session,
        actor=actor,
        office_id=office.id,
        action="operator.create",
        entity="operator",
        entity_id=operator.id,
        changes={"username": [None, clean_username], "role": [None, role.value]},
    )
    return operator


def create_operator(
    db: Database, actor: Actor, *, username: str, full_name: str, role: Role, password: str
) -> Operator:
    require(actor, "manage_operators")
    with write(db) as session:
        office = session.get(Office, actor.office_id)
        if office is None:
            raise NotFound(entity="office", key_value=str(actor.office_id))
        return create_operator_unchecked(
            session,
            office=office,
            username=username,
            full_name=full_name,
            role=role,
            password=password,
            actor=actor,
        )


#: Failed logins of unknown usernames looked at to answer "locked" for them too (bounded, so
#: that a spray of made-up names cannot make each attempt slower).
_UNKNOWN_FAILURES_SCANNED = 500


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("no such account: the same work as a real one")


def _burn(password: str) -> None:
    """Verify against a hash no password matches: an unknown user costs what a real one does."""
    verify_password(_dummy_hash(_hasher), password)


def _unknown_locked_until(
    session: Session, username: str, policy: LockoutPolicy, now: datetime
) -> datetime | None:
    """When an unknown username's pretend lockout ends, or None.

    Unknown usernames lock after the same number of failures as real accounts, so that
    "locked" never tells an attacker that an account exists.
    """
    since = now - timedelta(minutes=policy.lock_minutes)
    recent = session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.action) == "login.failed")
        .where(col(AuditEvent.entity_id) == "")
        .where(col(AuditEvent.at) >= since)
        .order_by(col(AuditEvent.at).desc())
        .limit(_UNKNOWN_FAILURES_SCANNED)
    ).all()
    mine = [e.at for e in recent if (e.changes.get("username") or [None, None])[1] == username]
    if len(mine) < policy.max_failures:
        return None
    newest = max(moment for moment in mine)
    return newest + timedelta(minutes=policy.lock_minutes)


def _minutes_left(until: datetime, now: datetime) -> int:
    return max(1, int((until - now).total_seconds() // 60) + 1)


def authenticate(
    db: Database,
    username: str,
    password: str,
    policy: LockoutPolicy | None = None,
    *,
    time_zone: str | None = None,
) -> Actor:
    """Log in; a wrong password or unknown user gives the same answer, to leak nothing.

    The same answer in the same time: an unknown user's password is checked against a dummy
    hash, and an unknown username "locks" after as many failures as a real account. Attempts
    while an account is locked are audited. On a full disk, where the login's audit event
    cannot be written, a supervisor or an admin still gets in (to free space or take a backup
    elsewhere); an operator is told the disk is full.

    From then on the clock keeps the logged-in office's calendar: ``time_zone`` (the office's
    setting) when given, else the zone of the office's served regency.
    """
    policy = policy or LockoutPolicy()
    try:
        actor = _authenticate(db, username, password, policy)
    except StorageFull:
        actor = _login_on_full_storage(db, username, password)
    with db.read() as session:
        office = session.get(Office, actor.office_id)
        clock.use_office_zone(
            setting=time_zone, region_code=office.regency_code if office else None
        )
    return actor


def _authenticate(db: Database, username: str, password: str, policy: LockoutPolicy) -> Actor:
    now = clock.now()
    name = username.strip().lower()
    with write(db) as session:
        operator = session.exec(select(Operator).where(col(Operator.username) == name)).first()
        if operator is None or not operator.active:
            _burn(password)
            locked_until = _unknown_locked_until(session, username.strip()[:64], policy, now)
            append_event(
                session,
                action="login.locked" if locked_until else "login.failed",
                entity="operator",
                entity_id=None,
                changes={"username": [None, username.strip()[:64]]},
                office_id=operator.office_id if operator else None,
            )
            failure: ServiceError = (
                AccountLocked(minutes=_minutes_left(locked_until, now))
                if locked_until
                else LoginFailed()
            )
        elif operator.locked_until is not None and operator.locked_until > now:
            _burn(password)
            append_event(
                session,
                action="login.locked",
                entity="operator",
                entity_id=operator.id,
                changes={"username": [None, operator.username]},
                office_id=operator.office_id,
            )
            failure = AccountLocked(minutes=_minutes_left(operator.locked_until, now))
        elif not verify_password(operator.password_hash, password):
            operator.failed_logins += 1
            changes: dict[str, object] = {"failed_logins": [None, operator.failed_logins]}
            if operator.failed_logins >= policy.max_failures:
                operator.locked_until = now + timedelta(minutes=policy.lock_minutes)
                operator.failed_logins = 0
                changes["locked_until"] = [None, operator.locked_until]
            session.add(operator)
            append_event(
                session,
                action="login.failed",
                entity="operator",
                entity_id=operator.id,
                changes=changes,
                office_id=operator.office_id,
            )
            failure = LoginFailed()
        else:
            if _hasher.check_needs_rehash(operator.password_hash):
                operator.password_hash = _hasher.hash(password)
            operator.failed_logins = 0
            operator.locked_until = None
            operator.last_login_at = now
            session.add(operator)
            actor = actor_for(session, operator)
            append_event(
                session, actor=actor, action="login", entity="operator", entity_id=operator.id
            )
            return actor
    # Raised after the commit so that the failed attempt and its audit event are kept.
    raise failure


def _login_on_full_storage(db: Database, username: str, password: str) -> Actor:
    """Check the password without writing; only a supervisor or an admin gets in this way."""
    actor = verify_credentials(db, username, password)
    if not actor.can("work_on_full_storage"):
        raise StorageFull()
    return actor


def verify_credentials(db: Database, username: str, password: str) -> Actor:
    """The account if the password is right, writing nothing (no audit event, no lockout count).

    For the two cases where nothing can be written: a full disk, and a restore whose current
    database cannot be opened (the account is checked against the backup). A locked or
    disabled account is refused here too.
    """
    with db.read() as session:
        operator = session.exec(
            select(Operator).where(col(Operator.username) == username.strip().lower())
        ).first()
        if operator is None:
            _burn(password)
            raise LoginFailed()
        locked = operator.locked_until is not None and operator.locked_until > clock.now()
        if not verify_password(operator.password_hash, password) or not operator.active:
            raise LoginFailed()
        if locked:
            assert operator.locked_until is not None
            raise AccountLocked(minutes=_minutes_left(operator.locked_until, clock.now()))
        return actor_for(session, operator)


def _operator_by_username(session: Session, username: str) -> Operator:
    operator = session.exec(
        select(Operator).where(col(Operator.username) == username.strip().lower())
    ).first()
    if operator is None:
        raise NotFound(entity="operator", key_value=username)
    return operator


def set_operator_active(db: Database, actor: Actor, username: str, *, active: bool) -> Operator:
    """Disable (or enable again) an account; the record and its history stay."""
    require(actor, "manage_operators")
    with write(db) as session:
        operator = _operator_by_username(session, username)
        if operator.id == actor.operator_id and not active:
            raise ValidationFailed(
                [
                    Finding.from_catalog(
                        "operator.self_disable",
                        Severity.ERROR,
                        "username",
                        "services.cannot_disable_self",
                    )
                ]
            )
        before = operator.active
        operator.active = active
        operator.updated_by = actor.operator_id
        session.add(operator)
        append_event(
            session,
            actor=actor,
            action="operator.enable" if active else "operator.disable",
            entity="operator",
            entity_id=operator.id,
            changes={"active": [before, active]},
        )
        return operator


def reset_password(db: Database, actor: Actor, username: str, new_password: str) -> Operator:
    """Set a new password and lift any lockout; the password itself is never audited."""
    require(actor, "manage_operators")
    findings = check_password(new_password)
    if findings:
        raise ValidationFailed(findings)
    with write(db) as session:
        operator = _operator_by_username(session, username)
        operator.password_hash = hash_password(new_password)
        operator.failed_logins = 0
        operator.locked_until = None
        operator.updated_by = actor.operator_id
        session.add(operator)
        append_event(
            session,
            actor=actor,
            action="operator.reset_password",
            entity="operator",
            entity_id=operator.id,
        )
        return operator


def list_operators(db: Database, actor: Actor) -> list[Operator]:
    require(actor, "manage_operators")
    with db.read() as session:
        return list(session.exec(select(Operator).order_by(col(Operator.username))))
