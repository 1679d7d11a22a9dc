"""Office keys (Ed25519: this office's own, and the trusted keys of other offices) and the
keyed audit chain (``audit_event.mac``).

Existing events keep an empty ``mac``: an older, unkeyed chain still verifies up to where
keying starts (``ltsa-desk office key create`` on an existing office).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 23:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "office_key",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("fingerprint", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("private_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_by", sa.Uuid(), nullable=True),
        sa.Column("keyed_from", sa.Integer(), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("office_id", "fingerprint"),
    )
    with op.batch_alter_table("office_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_office_key_office_id"), ["office_id"], unique=False)
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mac", sa.String(length=90), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_column("mac")
    with op.batch_alter_table("office_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_office_key_office_id"))
    op.drop_table("office_key")
