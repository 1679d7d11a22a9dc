"""Login, lockout and the role matrix enforced inside the services."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from argon2 import PasswordHasher, extract_parameters
from sqlmodel import col, select

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import AuditEvent, Operator, Role
from ltsa_desk.services.access import MINIMUM_ROLE, RANK, Actor, require
from ltsa_desk.services.auth import (
    DESK_HASHER,
    AccountLocked,
    LockoutPolicy,
    LoginFailed,
    authenticate,
    create_operator,
    use_hasher,
)
from ltsa_desk.services.errors import PermissionDenied, ValidationFailed
from tests.conftest import CHEAP_HASHER, PASSWORDS


def test_passwords_are_argon2_hashes(db: Database) -> None:
    with db.read() as session:
        operator = session.exec(select(Operator).where(col(Operator.username) == "operator")).one()
    assert operator.password_hash.startswith("$argon2")
    assert PASSWORDS["operator"] not in operator.password_hash


def test_wrong_password_and_unknown_user_answer_the_same(db: Database) -> None:
    with pytest.raises(LoginFailed) as wrong:
        authenticate(db, "operator", "nope-nope")
    with pytest.raises(LoginFailed) as unknown:
        authenticate(db, "ghost", "nope-nope")
    assert wrong.value.message("id") == unknown.value.message("id")


def test_lockout_after_repeated_failures_is_audited(db: Database) -> None:
    policy = LockoutPolicy(max_failures=3, lock_minutes=15)
    for _ in range(3):
        with pytest.raises(LoginFailed):
            authenticate(db, "operator", "wrong-pass", policy)
    with pytest.raises(AccountLocked):
        authenticate(db, "operator", PASSWORDS["operator"], policy)
    with db.transaction() as session:
        operator = session.exec(select(Operator).where(col(Operator.username) == "operator")).one()
        assert operator.locked_until is not None
        operator.locked_until = operator.locked_until - timedelta(minutes=16)
        session.add(operator)
    assert authenticate(db, "operator", PASSWORDS["operator"], policy).username == "operator"
    with db.read() as session:
        failed = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "login.failed")
        ).all()
    assert len(failed) == 3


@pytest.mark.parametrize("action", sorted(MINIMUM_ROLE))
@pytest.mark.parametrize("role", list(Role))
def test_role_matrix(action: str, role: Role) -> None:
    actor = Actor(uuid.uuid4(), uuid.uuid4(), "KEBUMEN", "x", "X", role)
    allowed = RANK[role] >= RANK[MINIMUM_ROLE[action]]
    if allowed:
        require(actor, action)
    else:
        with pytest.raises(PermissionDenied):
            require(actor, action)


def test_operator_cannot_create_operators(db: Database, operator: Actor) -> None:
    with pytest.raises(PermissionDenied):
        create_operator(
            db, operator, username="x", full_name="X", role=Role.ADMIN, password="long-enough"
        )


def test_short_password_refused(db: Database, admin: Actor) -> None:
    with pytest.raises(ValidationFailed):
        create_operator(
            db, admin, username="baru", full_name="Baru", role=Role.OPERATOR, password="123"
        )


def test_a_hash_with_other_settings_is_upgraded_at_login(db: Database) -> None:
    """argon2-cffi's default profile (64 MiB) verifies and is re-hashed to the desk's own."""
    with db.transaction() as session:
        operator = session.exec(select(Operator).where(col(Operator.username) == "operator")).one()
        operator.password_hash = PasswordHasher().hash(PASSWORDS["operator"])
    use_hasher(DESK_HASHER)
    try:
        authenticate(db, "operator", PASSWORDS["operator"])
    finally:
        use_hasher(CHEAP_HASHER)
    with db.read() as session:
        stored = session.exec(select(Operator).where(col(Operator.username) == "operator")).one()
    parameters = extract_parameters(stored.password_hash)
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (
        19 * 1024,
        2,
        1,
    )
    assert not DESK_HASHER.check_needs_rehash(stored.password_hash)
