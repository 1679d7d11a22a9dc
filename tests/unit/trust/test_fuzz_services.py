"""Arbitrary text into every service and CLI parser: a refusal or a save, never a crash,
never a partial write, and text stored exactly as typed."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from ltsa_desk.cli import build_parser, main
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, AuditEvent
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicant_checks import ApplicantInput
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.applications import PlanInput, open_application
from ltsa_desk.services.errors import ServiceError
from ltsa_desk.services.imports import import_applicants
from ltsa_desk.services.search import search_applicants
from tests.conftest import TODAY
from tests.unit.services.helpers import budi, siti

NASTY = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "[bold]x[/bold]",
            "[@click=app.quit]klik[/]",
            "\x1b[31mmerah\x1b[0m",
            "a\x00b",
            "'; DROP TABLE applicant; --",
            '" OR 1=1 --',
            "x" * 10_000,
            "\u202eevil",
            "Ñoño Sîtï",
        ]
    ),
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _counts(db: Database) -> tuple[int, int]:
    with db.read() as session:
        applicants = session.exec(select(func.count()).select_from(Applicant)).one()
        events = session.exec(select(func.count()).select_from(AuditEvent)).one()
    return applicants, events


@FUZZ
@given(field=st.sampled_from(sorted(ApplicantInput.model_fields)), value=NASTY)
def test_register_with_arbitrary_text(
    db: Database, operator: Actor, field: str, value: str
) -> None:
    before = _counts(db)
    data = siti(**{field: value})
    try:
        applicant = register_applicant(db, operator, data, overrides={}, today=TODAY)
    except ServiceError:
        assert _counts(db) == before  # refused: nothing written, not even an audit event
        return
    stored = {k: v for k, v in applicant.model_dump().items() if k in ApplicantInput.model_fields}
    if field in {"notes", "address_line", "birth_place"}:
        assert stored[field] == value.strip()  # free text kept literally, markup included
    with db.transaction() as session:  # reset for the next example
        session.delete(session.get(Applicant, applicant.id))


@FUZZ
@given(field=st.sampled_from(sorted(PlanInput.model_fields)), value=NASTY)
def test_open_application_with_arbitrary_text(
    db: Database, operator: Actor, field: str, value: str
) -> None:
    applicant = _the_applicant(db, operator)
    base = {"scheme": "g2g", "destination": "KR", "sector": "formal", "programme": "eps"}
    plan = PlanInput(**{**base, field: value})
    with contextlib.suppress(ServiceError):
        open_application(db, operator, applicant, plan, today=TODAY)


def _the_applicant(db: Database, operator: Actor):  # type: ignore[no-untyped-def]
    with db.read() as session:
        found = session.exec(select(Applicant)).first()
    if found is not None:
        return found.id
    return register_applicant(
        db,
        operator,
        budi(),
        today=TODAY,
    ).id


@FUZZ
@given(query=NASTY)
def test_search_with_arbitrary_text(db: Database, query: str) -> None:
    assert isinstance(search_applicants(db, query), list)


@FUZZ
@given(text=NASTY)
def test_csv_import_with_arbitrary_text(db: Database, operator: Actor, text: str) -> None:
    before = _counts(db)
    report = import_applicants(db, operator, "nik,full_name\n" + text, today=TODAY)
    if not report.ok:
        assert _counts(db) == before


@settings(max_examples=60, deadline=None)
@given(argv=st.lists(NASTY, max_size=6))
def test_cli_parser_with_arbitrary_arguments(argv: list[str]) -> None:
    parser = build_parser()
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            parser.parse_args(argv)
        except SystemExit as exc:
            assert exc.code in (0, 2)


@pytest.mark.parametrize(
    "argv",
    [
        ["nik", "[bold]3305"],
        ["nik", "\x1b[31m"],
        [
            "requirements",
            "--scheme",
            "p2p",
            "--destination",
            "[b]",
            "--sector",
            "formal",
            "--marital-status",
            "single",
        ],
        [
            "requirements",
            "--scheme",
            "p2p",
            "--destination",
            "HK",
            "--sector",
            "formal",
            "--marital-status",
            "single",
            "--birth-date",
            "'; DROP",
        ],
    ],
)
def test_cli_commands_with_bad_values_exit_cleanly(argv: list[str]) -> None:
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code  # type: ignore[assignment]
    assert code in (1, 2)
