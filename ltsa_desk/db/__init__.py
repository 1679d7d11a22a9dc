"""Storage: SQLModel tables, the engine with its SQLite settings, and Alembic migrations."""
