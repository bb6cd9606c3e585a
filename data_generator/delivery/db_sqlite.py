"""The SQLite table of ``--to sqlite:///PATH.db``: the standard library's ``sqlite3``.

Its calls block, so each runs in a worker thread (``asyncio.to_thread``), one at a time.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from data_generator.delivery.db_store import check_columns, upsert_sql
from data_generator.delivery.db_table import KEY_COLUMN, Column, ColumnKind
from data_generator.errors import OutputError

__all__ = ["SqliteStore"]

#: SQLite types: ISO dates and JSON stay text, which SQLite's date and JSON functions read.
_TYPES: dict[ColumnKind, str] = {
    "text": "TEXT",
    "integer": "INTEGER",
    "real": "REAL",
    "boolean": "BOOLEAN",
    "date": "TEXT",
    "datetime": "TEXT",
    "json": "TEXT",
}
_BUSY_TIMEOUT = 30.0  # seconds a writer waits for another one (shards share a file)


class SqliteStore:
    """One table in a SQLite file.

    Args:
        path: The database file (created if missing; its folder must exist).
        shown: The URL, for messages.
        scenario: The scenario, for messages.
    """

    def __init__(self, path: Path, shown: str, scenario: str) -> None:
        self.path = path
        self.shown = shown
        self.scenario = scenario
        self._connection: sqlite3.Connection | None = None
        self._table = ""
        self._columns: list[Column] = []

    async def prepare(self, table: str, columns: Sequence[Column]) -> None:
        """Open the file, then create ``table`` or check its columns.

        Raises:
            OutputError: The file cannot be opened or written.
            UsageError: The table exists with other columns.
        """
        self._table, self._columns = table, list(columns)
        await asyncio.to_thread(self._prepare)

    def _prepare(self) -> None:
        if not self.path.parent.is_dir():
            raise OutputError(
                f"cannot create {self.shown}: folder {str(self.path.parent)!r} does not exist",
                hint="Create the folder, or give another path after sqlite:///",
            )
        try:
            connection = sqlite3.connect(
                self.path, timeout=_BUSY_TIMEOUT, check_same_thread=False, isolation_level=None
            )
            self._connection = connection
            found = [row[1] for row in connection.execute(f'PRAGMA table_info("{self._table}")')]
            if found:
                check_columns(self.shown, self._table, found, self._columns, self.scenario)
                return
            definitions = ", ".join(
                [f'"{KEY_COLUMN}" INTEGER PRIMARY KEY']
                + [f'"{column.name}" {_TYPES[column.kind]}' for column in self._columns]
            )
            connection.execute(f'CREATE TABLE IF NOT EXISTS "{self._table}" ({definitions})')
        except sqlite3.Error as exc:
            raise _error(f"cannot use {self.shown}", exc) from exc

    async def indices(self) -> set[int]:
        """The record indices the table holds."""
        return await asyncio.to_thread(self._indices)

    def _indices(self) -> set[int]:
        assert self._connection is not None
        try:
            rows = self._connection.execute(f'SELECT "{KEY_COLUMN}" FROM "{self._table}"')
            return {row[0] for row in rows}
        except sqlite3.Error as exc:
            raise _error(f"cannot read table {self._table!r} of {self.shown}", exc) from exc

    async def upsert(self, rows: Sequence[tuple[int, dict[str, Any]]]) -> None:
        """Insert or replace ``rows`` in one transaction.

        Raises:
            OutputError: The database refused the write.
        """
        encoded = [self._encode(index, values) for index, values in rows]
        await asyncio.to_thread(self._upsert, encoded)

    def _encode(self, index: int, values: dict[str, Any]) -> tuple[Any, ...]:
        cells: list[Any] = [index]
        for column in self._columns:
            value = values.get(column.name)
            if column.kind == "json" and value is not None:
                value = orjson.dumps(value).decode("utf-8")
            cells.append(value)
        return tuple(cells)

    def _upsert(self, rows: list[tuple[Any, ...]]) -> None:
        assert self._connection is not None
        sql = upsert_sql(self._table, self._columns, "?")
        try:
            with self._connection:
                self._connection.execute("BEGIN IMMEDIATE")
                self._connection.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise _error(f"cannot write to table {self._table!r} of {self.shown}", exc) from exc

    async def close(self) -> None:
        """Close the file."""
        connection, self._connection = self._connection, None
        if connection is not None:
            await asyncio.to_thread(connection.close)


def _error(message: str, exc: sqlite3.Error) -> OutputError:
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return OutputError(
        f"{message}: {reason}",
        hint="Check the path and its permissions (and that it is a SQLite file), "
        "then rerun the same command",
    )
