"""What the database delivery needs of a database: one table, upserted by record index."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from data_generator.delivery.db_table import KEY_COLUMN, Column
from data_generator.errors import UsageError

__all__ = ["TableStore", "check_columns", "upsert_sql"]


class TableStore(Protocol):
    """One scenario's table in one database; every method runs one thing at a time."""

    async def prepare(self, table: str, columns: Sequence[Column]) -> None:
        """Create ``table`` with ``columns`` (after the key column), or check it has them.

        Raises:
            UsageError: The table exists with other columns.
        """
        ...

    async def indices(self) -> set[int]:
        """The record indices the table holds."""
        ...

    async def upsert(self, rows: Sequence[tuple[int, dict[str, Any]]]) -> None:
        """Insert or replace ``(index, values)`` rows, in one transaction."""
        ...

    async def close(self) -> None:
        """Release the connection."""
        ...


def check_columns(
    shown: str, table: str, found: Sequence[str], columns: Sequence[Column], scenario_label: str
) -> None:
    """Refuse an existing table whose columns are not the ones the records need.

    Raises:
        UsageError: Columns are missing or extra (named, up to a few of each).
    """
    wanted = [KEY_COLUMN, *(column.name for column in columns)]
    missing = [name for name in wanted if name not in found]
    extra = [name for name in found if name not in wanted]
    if not missing and not extra:
        return
    differences = []
    if missing:
        differences.append(
            "lacks " + ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
        )
    if extra:
        differences.append("has " + ", ".join(extra[:5]) + (", ..." if len(extra) > 5 else ""))
    raise UsageError(
        f"table {table!r} in {shown} does not fit {scenario_label} records: "
        + " and ".join(differences),
        hint="Drop that table, or name another with ?table=NAME in the --to URL",
    )


def upsert_sql(table: str, columns: Sequence[Column], placeholder: str) -> str:
    """``INSERT ... ON CONFLICT (record_index) DO UPDATE`` for one row of ``columns``."""
    names = [KEY_COLUMN, *(column.name for column in columns)]
    quoted = ", ".join(f'"{name}"' for name in names)
    values = ", ".join(placeholder for _ in names)
    updates = ", ".join(f'"{column.name}" = excluded."{column.name}"' for column in columns)
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    return (
        f'INSERT INTO "{table}" ({quoted}) VALUES ({values}) ON CONFLICT ("{KEY_COLUMN}") {action}'
    )
