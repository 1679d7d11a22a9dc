"""The same application on PostgreSQL: URLs, migrations up and down, trigram name search."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from ltsa_desk.db.engine import Database, DatabaseError, make_engine, resolve_db_url
from ltsa_desk.db.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    open_database,
    upgrade,
)
from tests.conftest import PgServer

pytestmark = pytest.mark.postgres


@pytest.fixture
def fresh(pg_server: PgServer) -> Iterator[str]:
    """An empty database of its own, for tests that build or break a schema."""
    name = pg_server.create()
    yield pg_server.url_for(name)
    pg_server.drop(name)


def test_postgresql_urls_run_on_psycopg_3() -> None:
    assert resolve_db_url("postgresql://desk@10.0.0.5/ltsa") == (
        "postgresql+psycopg://desk@10.0.0.5/ltsa"
    )
    assert resolve_db_url("postgres://desk@db/ltsa").startswith("postgresql+psycopg://")
    assert (
        resolve_db_url("postgresql+psycopg://desk@db/ltsa") == "postgresql+psycopg://desk@db/ltsa"
    )


def test_a_new_database_is_created_at_head_with_the_name_indexes(fresh: str) -> None:
    db = open_database(fresh)
    try:
        assert current_revision(db) == head_revision()
        with db.engine.connect() as conn:
            indexes = dict(
                conn.exec_driver_sql(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'applicant'"
                ).all()
            )
            assert "gin (to_tsvector('simple'" in indexes["ix_applicant_name_words"]
            assert "INCLUDE (name_key)" in indexes["ix_applicant_newest"]
            assert "ix_applicant_name_trgm" not in indexes  # replaced by the two (0006)
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        # The name search's indexes are PostgreSQL-only and deliberately not models.
        pg_only = {"ix_applicant_name_words", "ix_applicant_newest"}
        relevant = [d for d in diff if not (d[0] == "remove_index" and d[1].name in pg_only)]
        assert relevant == []
    finally:
        db.dispose()


def test_migrations_go_down_to_nothing_and_up_again(fresh: str) -> None:
    db = open_database(fresh)
    try:
        cfg = alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        with db.engine.connect() as conn:
            tables = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            ).scalar()
        assert tables == 0
        upgrade(db)
        assert current_revision(db) == head_revision()
    finally:
        db.dispose()


def test_a_database_from_a_newer_release_is_refused(fresh: str) -> None:
    open_database(fresh).dispose()
    url = resolve_db_url(fresh)
    db = Database(url, make_engine(url))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    db.dispose()
    with pytest.raises(DatabaseError) as caught:
        open_database(fresh)
    assert caught.value.message_key == "db.too_new"


def test_an_unreachable_server_is_reported_not_crashed() -> None:
    with pytest.raises(DatabaseError) as caught:
        open_database("postgresql://nobody@127.0.0.1:9/none?connect_timeout=1")
    assert caught.value.message_key == "db.unreachable"
