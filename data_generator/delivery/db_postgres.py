"""The PostgreSQL table of ``--to postgresql://...``: psycopg's async connection.

psycopg is an optional extra (``pip install 'datagen[postgresql]'``), imported only here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from data_generator.delivery.db_store import check_columns, upsert_sql
from data_generator.delivery.db_table import KEY_COLUMN, Column, ColumnKind
from data_generator.errors import ConfigError, OutputError, UsageError

if TYPE_CHECKING:
    import psycopg

__all__ = ["PostgresStore", "require_psycopg"]

_TYPES: dict[ColumnKind, str] = {
    "text": "TEXT",
    "integer": "BIGINT",
    "real": "DOUBLE PRECISION",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMPTZ",
    "json": "JSONB",
}
_CONNECT_TIMEOUT = 10  # seconds


def require_psycopg() -> None:
    """Check that psycopg can be imported.

    Raises:
        UsageError: It is not installed (one line saying what to install).
    """
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise UsageError(
            "--to postgresql:// needs psycopg, which is not installed",
            hint="pip install 'datagen[postgresql]' (or pip install '.[postgresql]' in a checkout)",
        ) from exc


class PostgresStore:
    """One table in a PostgreSQL database (the connection's current schema).

    Args:
        conninfo: The URL to connect with (it may hold a password: never shown).
        shown: The URL without its password, for messages.
        scenario: The scenario, for messages.
    """

    def __init__(self, conninfo: str, shown: str, scenario: str) -> None:
        self._conninfo = conninfo
        self.shown = shown
        self.scenario = scenario
        self._connection: psycopg.AsyncConnection[Any] | None = None
        self._table = ""
        self._columns: list[Column] = []

    async def prepare(self, table: str, columns: Sequence[Column]) -> None:
        """Connect, then create ``table`` or check its columns.

        Raises:
            ConfigError: The server cannot be reached, refuses the login, or has no
                such database.
            UsageError: The table exists with other columns.
        """
        import psycopg

        self._table, self._columns = table, list(columns)
        try:
            self._connection = await psycopg.AsyncConnection.connect(
                self._conninfo, connect_timeout=_CONNECT_TIMEOUT, autocommit=True
            )
        except psycopg.Error as exc:
            raise self._connect_error(exc) from exc
        try:
            await self._connection.execute("SET TIME ZONE 'UTC'")
            cursor = await self._connection.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s "
                "ORDER BY ordinal_position",
                (table,),
            )
            found = [str(row[0]) for row in await cursor.fetchall()]
            if found:
                check_columns(self.shown, table, found, self._columns, self.scenario)
                return
            definitions = ", ".join(
                [f'"{KEY_COLUMN}" BIGINT PRIMARY KEY']
                + [f'"{column.name}" {_TYPES[column.kind]}' for column in self._columns]
            )
            await self._connection.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({definitions})')
        except psycopg.Error as exc:
            raise _error(f"cannot create table {table!r} in {self.shown}", exc) from exc

    def _connect_error(self, exc: Exception) -> ConfigError:
        state = getattr(exc, "sqlstate", None)
        text = str(exc)
        if state in ("28P01", "28000") or "authentication failed" in text:
            return ConfigError(
                f"{self.shown} refused the login",
                hint="Check the user and password (in the URL, PGPASSWORD or ~/.pgpass)",
            )
        if state == "3D000" or ("database" in text and "does not exist" in text):
            return ConfigError(
                f"{self.shown}: that database does not exist",
                hint="Create it (createdb NAME), or name an existing one in the URL",
            )
        if "refused" in text.lower():
            return ConfigError(
                f"cannot connect to {self.shown}: connection refused",
                hint="Check the host and port, and that the server is running",
            )
        reason = " ".join(text.split()) or type(exc).__name__
        return ConfigError(
            f"cannot connect to {self.shown}: {reason}",
            hint="Check the host, port and database in the URL",
        )

    async def indices(self) -> set[int]:
        """The record indices the table holds."""
        import psycopg

        assert self._connection is not None
        try:
            cursor = await self._connection.execute(f'SELECT "{KEY_COLUMN}" FROM "{self._table}"')
            return {int(row[0]) for row in await cursor.fetchall()}
        except psycopg.Error as exc:
            raise _error(f"cannot read table {self._table!r} of {self.shown}", exc) from exc

    async def upsert(self, rows: Sequence[tuple[int, dict[str, Any]]]) -> None:
        """Insert or replace ``rows`` in one transaction.

        Raises:
            OutputError: The server refused the write.
        """
        import psycopg

        assert self._connection is not None
        sql = upsert_sql(self._table, self._columns, "%s")
        encoded = [self._encode(index, values) for index, values in rows]
        try:
            async with self._connection.transaction(), self._connection.cursor() as cursor:
                await cursor.executemany(sql, encoded)
        except psycopg.Error as exc:
            raise _error(f"cannot write to table {self._table!r} of {self.shown}", exc) from exc

    def _encode(self, index: int, values: dict[str, Any]) -> tuple[Any, ...]:
        from psycopg.types.json import Jsonb

        cells: list[Any] = [index]
        for column in self._columns:
            value = values.get(column.name)
            if value is not None:
                if column.kind == "json":
                    value = Jsonb(value)
                elif column.kind == "date" and isinstance(value, str):
                    value = date.fromisoformat(value)
                elif column.kind == "datetime" and isinstance(value, str):
                    value = _timestamp(value)
            cells.append(value)
        return tuple(cells)

    async def close(self) -> None:
        """Close the connection."""
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()


def _timestamp(text: str) -> datetime:
    """An ISO 8601 timestamp; Python 3.10's ``fromisoformat`` does not read a final ``Z``."""
    return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)


def _error(message: str, exc: Exception) -> OutputError:
    diagnostic = getattr(exc, "diag", None)
    primary = getattr(diagnostic, "message_primary", None)
    reason = primary or (str(exc).splitlines() or [type(exc).__name__])[0]
    return OutputError(
        f"{message}: {reason}",
        hint="Check the database and the user's rights, then rerun the same command",
    )
