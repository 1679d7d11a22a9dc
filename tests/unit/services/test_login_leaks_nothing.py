"""Login tells an attacker nothing about which usernames exist, and every attempt is audited.

Issue 20: a real user's wrong password took 22.6 ms and an unknown user's 1.3 ms; only real
accounts ever answered "locked"; attempts while an account was locked left no audit event.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator

import pytest
from sqlmodel import col, select

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import AuditEvent
from ltsa_desk.services.auth import (
    DESK_HASHER,
    AccountLocked,
    LockoutPolicy,
    LoginFailed,
    authenticate,
    use_hasher,
)
from ltsa_desk.services.errors import ServiceError
from tests.conftest import CHEAP_HASHER, PASSWORDS

POLICY = LockoutPolicy(max_failures=3, lock_minutes=15)


@pytest.fixture
def desk_hasher(db: Database) -> Iterator[None]:
    """The production argon2 cost, with the operator's hash made at that cost."""
    from ltsa_desk.db.models import Operator

    use_hasher(DESK_HASHER)
    with db.transaction() as session:
        operator = session.exec(select(Operator).where(col(Operator.username) == "operator")).one()
        operator.password_hash = DESK_HASHER.hash(PASSWORDS["operator"])
        session.add(operator)
    try:
        yield
    finally:
        use_hasher(CHEAP_HASHER)


def _answer(db: Database, username: str) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        authenticate(db, username, "wrong-password", LockoutPolicy(max_failures=1000))
    except ServiceError as exc:
        return time.perf_counter() - started, exc.message("en")
    raise AssertionError("a wrong password logged in")


def test_an_unknown_user_takes_as_long_as_a_real_one(db: Database, desk_hasher: None) -> None:
    real: list[float] = []
    unknown: list[float] = []
    for _ in range(7):  # interleaved, so that a busy moment of the machine hits both
        elapsed, real_message = _answer(db, "operator")
        real.append(elapsed)
        elapsed, unknown_message = _answer(db, "ghost")
        unknown.append(elapsed)
    assert real_message == unknown_message
    ratio = statistics.median(unknown) / statistics.median(real)
    assert 0.5 < ratio < 2.0, (statistics.median(real), statistics.median(unknown))


def test_an_unknown_username_locks_like_a_real_account(db: Database) -> None:
    answers: dict[str, list[str]] = {}
    for username in ("operator", "ghost"):
        answers[username] = []
        for _ in range(POLICY.max_failures + 2):
            with pytest.raises((LoginFailed, AccountLocked)) as caught:
                authenticate(db, username, "wrong-password", POLICY)
            answers[username].append(caught.value.message("en"))
    assert answers["operator"] == answers["ghost"]
    assert "locked" in answers["ghost"][-1]


def test_attempts_while_locked_are_audited(db: Database) -> None:
    for _ in range(POLICY.max_failures):
        with pytest.raises(LoginFailed):
            authenticate(db, "operator", "wrong-password", POLICY)
    for password in ("wrong-password", PASSWORDS["operator"]):
        with pytest.raises(AccountLocked):
            authenticate(db, "operator", password, POLICY)
    with db.read() as session:
        locked = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "login.locked")
        ).all()
    assert len(locked) == 2
    assert all(event.changes["username"] == [None, "operator"] for event in locked)
