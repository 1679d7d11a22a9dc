"""Writing many rows at once through each engine's bulk path.

PostgreSQL loads rows with ``COPY … FROM STDIN`` (psycopg's ``Cursor.copy``), inside the
caller's transaction: for ten thousand rows it costs a tenth of as many ``INSERT``s, even
batched (bench/analysis.md §9). SQLite has no faster path than one prepared ``INSERT`` run
for every row (``executemany``), which is what it gets. The rows are plain dicts keyed by
column name, as SQLAlchemy's ``insert()`` takes them; what the caller checked stays checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def _copyable(table: Table, rows: Sequence[dict[str, Any]]) -> list[str] | None:
    """The columns to COPY, or None where COPY would not write what ``INSERT`` writes: rows
    of different shapes, or a column left out that has a default computed in Python."""
    names = list(rows[0])
    shape = set(names)
    if any(set(row) != shape for row in rows):
        return None
    if any(column.default is not None for column in table.columns if column.name not in shape):
        return None
    return names


def _copy(conn: Connection, table: str, names: list[str], rows: Any, json: set[str]) -> None:
    from psycopg import sql
    from psycopg.types.json import Json

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([Json(row[n]) if n in json else row[n] for n in names])


def _json_columns(table: Table, names: list[str]) -> set[str]:
    return {name for name in names if isinstance(table.c[name].type, sa.JSON)}


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert every row: COPY on PostgreSQL, one ``executemany`` elsewhere."""
    if not rows:
        return
    names = _copyable(table, rows) if conn.dialect.name == "postgresql" else None
    if names is None:
        conn.execute(sa.insert(table), list(rows))
        return
    _copy(conn, table.name, names, rows, _json_columns(table, names))


def upsert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str],
    updated: Sequence[str],
) -> None:
    """Insert every row, or update ``updated`` of the row already holding its ``keys``.

    On PostgreSQL the rows are copied into a temporary table dropped at commit, then merged
    with one ``INSERT … SELECT … ON CONFLICT``.
    """
    if not rows:
        return
    dialect = conn.dialect.name
    names = _copyable(table, rows) if dialect == "postgresql" else None
    if names is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=list(keys), set_={name: stmt.excluded[name] for name in updated}
        )
        conn.execute(stmt, list(rows))
        return
    staging = f"bulk_{table.name}"
    conn.exec_driver_sql(
        f'CREATE TEMPORARY TABLE IF NOT EXISTS "{staging}" '
        f'(LIKE "{table.name}" INCLUDING DEFAULTS) ON COMMIT DROP'
    )
    conn.exec_driver_sql(f'TRUNCATE "{staging}"')
    _copy(conn, staging, names, rows, _json_columns(table, names))
    columns = ", ".join(f'"{n}"' for n in names)
    sets = ", ".join(f'"{n}" = excluded."{n}"' for n in updated)
    conflict = ", ".join(f'"{k}"' for k in keys)
    conn.exec_driver_sql(
        f'INSERT INTO "{table.name}" ({columns}) SELECT {columns} FROM "{staging}" '
        f"ON CONFLICT ({conflict}) DO UPDATE SET {sets}"
    )
