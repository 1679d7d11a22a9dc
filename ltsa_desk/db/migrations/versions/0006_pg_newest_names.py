"""PostgreSQL name search as SQLite's: an index of the names' words, and the names newest first.

SQLite finds names through FTS5 (each word a token, prefixes looked up in its dictionary) and
walks it from the newest row. The trigram index of revision 0003 answered a word prefix by
intersecting trigram lists of a third of a million rows ("siti", "su"). Instead:

- ``ix_applicant_name_words``: a GIN index of each name's words (``to_tsvector('simple')`` of
  ``name_key``), which answers a word prefix from the words themselves;
- ``ix_applicant_newest``: the names newest first, with ``name_key`` in the index, so that a
  common prefix is answered by walking from the newest name until twenty match, index only.

bench/analysis.md §8 has the plans. SQLite needs nothing new.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 23:45:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_UPGRADE = (
    "CREATE INDEX IF NOT EXISTS ix_applicant_name_words ON applicant "
    "USING gin (to_tsvector('simple', name_key))",
    "CREATE INDEX IF NOT EXISTS ix_applicant_newest ON applicant "
    "(created_at DESC, id DESC) INCLUDE (name_key)",
    "DROP INDEX IF EXISTS ix_applicant_name_trgm",
)
PG_DOWNGRADE = (
    "CREATE INDEX IF NOT EXISTS ix_applicant_name_trgm ON applicant "
    "USING gin (name_key gin_trgm_ops)",
    "DROP INDEX IF EXISTS ix_applicant_newest",
    "DROP INDEX IF EXISTS ix_applicant_name_words",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_DOWNGRADE:
            op.execute(statement)
