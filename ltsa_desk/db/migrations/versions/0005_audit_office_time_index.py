"""An office's audit trail in time order: one index on (office_id, at).

The recap's closed-day checks read one office's events of a period. With only the index on
``at`` (all offices) and the unique (office_id, seq), the planner either walked the whole
office trail or every office's events of the period; at a million applicants a one-day recap
cost as much for a quiet day in 2016 as for today (bench/analysis.md §7). With this index its
cost follows the day's events. Both engines.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 23:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_event_office_at", "audit_event", ["office_id", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_event_office_at", table_name="audit_event")
