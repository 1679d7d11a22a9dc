"""End of day and hand-off: day closes, hand-off batches and state, and the recap's indexes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:28:52.639008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _record_columns() -> list[sa.Column[object]]:
    """The columns every ``Record`` table shares (see ``ltsa_desk.db.models.Record``)."""
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "day_close",
        *_record_columns(),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.Uuid(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["closed_by"], ["operator.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("office_id", "service_date"),
    )
    with op.batch_alter_table("day_close", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_day_close_office_id"), ["office_id"], unique=False)
        batch_op.create_index(
            "ix_day_close_office_starts", ["office_id", "starts_at"], unique=False
        )

    op.create_table(
        "handoff_batch",
        *_record_columns(),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("file_format", sa.String(length=10), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("reexport_of", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["operator.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.ForeignKeyConstraint(["reexport_of"], ["handoff_batch.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("handoff_batch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handoff_batch_code"), ["code"], unique=True)
        batch_op.create_index(batch_op.f("ix_handoff_batch_office_id"), ["office_id"], unique=False)

    op.create_table(
        "handoff",
        *_record_columns(),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("first_exported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("export_count", sa.Integer(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_by", sa.Uuid(), nullable=True),
        sa.Column("central_reference", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["accepted_by"], ["operator.id"]),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"]),
        sa.ForeignKeyConstraint(["batch_id"], ["handoff_batch.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("handoff", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handoff_application_id"), ["application_id"], unique=True
        )
        batch_op.create_index(batch_op.f("ix_handoff_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handoff_status"), ["status"], unique=False)

    op.create_table(
        "handoff_line",
        *_record_columns(),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"]),
        sa.ForeignKeyConstraint(["batch_id"], ["handoff_batch.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("batch_id", "application_id"),
    )
    with op.batch_alter_table("handoff_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handoff_line_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_handoff_line_batch_id"), ["batch_id"], unique=False)

    # Indexes only: no table is rebuilt, so upgrading a large desk database stays quick.
    op.create_index("ix_applicant_office_created", "applicant", ["office_id", "created_at"])
    op.create_index("ix_application_office_created", "application", ["office_id", "created_at"])
    op.create_index(
        "ix_audit_event_operator_action",
        "audit_event",
        ["operator_id", "action", "at", "entity_id"],
    )
    op.create_index(
        "ix_requirement_item_app_status",
        "requirement_item",
        ["application_id", "status", "required", "document_code"],
    )
    for name, columns in (
        ("ix_requirement_item_received_at", ["received_at"]),
        ("ix_requirement_item_verified_at", ["verified_at"]),
        ("ix_requirement_item_status_updated", ["status", "updated_at"]),
    ):
        # Covering: a period's document counts read the index only.
        op.create_index(name, "requirement_item", [*columns, "application_id", "required"])


def downgrade() -> None:
    op.drop_index("ix_requirement_item_app_status", table_name="requirement_item")
    op.drop_index("ix_audit_event_operator_action", table_name="audit_event")
    op.drop_index("ix_requirement_item_status_updated", table_name="requirement_item")
    op.drop_index("ix_requirement_item_verified_at", table_name="requirement_item")
    op.drop_index("ix_requirement_item_received_at", table_name="requirement_item")
    op.drop_index("ix_application_office_created", table_name="application")
    op.drop_index("ix_applicant_office_created", table_name="applicant")
    op.drop_table("handoff_line")
    op.drop_table("handoff")
    op.drop_table("handoff_batch")
    op.drop_table("day_close")
