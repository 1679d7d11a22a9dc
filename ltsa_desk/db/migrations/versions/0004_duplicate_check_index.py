"""The duplicate check reads everyone born on a date from one covering index.

Registering an applicant compares the new name with every applicant born the same day; at
national scale that is hundreds of rows, each a random read of the applicant table. An index
on (birth_date, nik, name_key) answers from the index alone (bench/analysis.md §6) and replaces
the index on birth_date, its prefix.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 17:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("applicant") as batch_op:
        batch_op.create_index(
            "ix_applicant_birth_date_names", ["birth_date", "nik", "name_key"], unique=False
        )
        batch_op.drop_index("ix_applicant_birth_date")


def downgrade() -> None:
    with op.batch_alter_table("applicant") as batch_op:
        batch_op.create_index("ix_applicant_birth_date", ["birth_date"], unique=False)
        batch_op.drop_index("ix_applicant_birth_date_names")
