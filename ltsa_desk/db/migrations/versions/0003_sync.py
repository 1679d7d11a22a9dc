"""Sync between offices (records' sync history, bundles, aliases, conflicts), and the
PostgreSQL trigram index on applicant names.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 14:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# On PostgreSQL, name search matches words anywhere in the name and ranks near misses by
# trigram similarity; a GIN trigram index serves both LIKE and the similarity operators.
# SQLite has its FTS5 index instead (revision 0001). pg_trgm is a trusted extension: the
# database owner may create it without being a superuser.
PG_TRIGRAM = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_applicant_name_trgm ON applicant "
    "USING gin (name_key gin_trgm_ops)",
)


def upgrade() -> None:
    op.create_table(
        "sync_record",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("history", sa.JSON(), nullable=True),
        sa.Column("exported_version", sa.Integer(), nullable=True),
        sa.Column("exported_seq", sa.Integer(), nullable=True),
        sa.Column("imported_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("entity", "record_id"),
    )
    with op.batch_alter_table("sync_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sync_record_exported_seq"), ["exported_seq"], unique=False
        )

    op.create_table(
        "sync_bundle",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("since", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.Column("audit_through", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("direction", "office_id", "sequence"),
    )
    with op.batch_alter_table("sync_bundle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_bundle_office_id"), ["office_id"], unique=False)

    op.create_table(
        "sync_alias",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("remote_id", sa.Uuid(), nullable=False),
        sa.Column("local_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "remote_id"),
    )

    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("remote_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_office_id", sa.Uuid(), nullable=False),
        sa.Column("bundle_sequence", sa.Integer(), nullable=False),
        sa.Column("local_data", sa.JSON(), nullable=True),
        sa.Column("remote_data", sa.JSON(), nullable=True),
        sa.Column("remote_history", sa.JSON(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolution", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["resolved_by"], ["operator.id"]),
        sa.ForeignKeyConstraint(["source_office_id"], ["office.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_conflict_record_id"), ["record_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_TRIGRAM:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_applicant_name_trgm")
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_conflict_record_id"))
    op.drop_table("sync_conflict")
    op.drop_table("sync_alias")
    with op.batch_alter_table("sync_bundle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_bundle_office_id"))
    op.drop_table("sync_bundle")
    with op.batch_alter_table("sync_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_record_exported_seq"))
    op.drop_table("sync_record")
