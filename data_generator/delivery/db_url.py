"""``--to`` URLs: which database, which table, and how to name it without its password."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from data_generator.errors import UsageError
from data_generator.redaction import redact_url

__all__ = ["SCHEMES", "DatabaseUrl", "parse_database_url", "table_name"]

#: The URL schemes ``--to`` accepts.
SCHEMES = ("sqlite", "postgresql", "postgres")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


@dataclass(frozen=True)
class DatabaseUrl:
    """A parsed ``--to`` URL.

    Attributes:
        kind: ``sqlite`` or ``postgresql``.
        shown: The URL for messages: no password, no query.
        table: The table named by ``?table=NAME``, else ``None`` (named after the scenario).
        path: The SQLite database file (``sqlite`` only).
        conninfo: The URL libpq connects with, without the ``table`` parameter
            (``postgresql`` only; it may hold a password: never show it).
    """

    kind: str
    shown: str
    table: str | None = None
    path: Path | None = None
    conninfo: str = ""


def parse_database_url(url: str) -> DatabaseUrl:
    """Read a ``--to`` URL: ``sqlite:///PATH.db`` or ``postgresql://USER@HOST[:PORT]/DB``.

    Raises:
        UsageError: The scheme is not one datagen knows, the URL names no database,
            or ``?table=`` is not a plain identifier.
    """
    scheme, _, rest = url.partition("://")
    scheme = scheme.lower()
    if not rest or scheme not in SCHEMES:
        raise UsageError(
            f"--to {redact_url(url)!r} is not a database URL datagen knows",
            hint="Give sqlite:///PATH.db or postgresql://HOST[:PORT]/DB "
            "(schemes: sqlite, postgresql, postgres)",
        )
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    table = query.pop("table", [None])[-1]
    if table is not None and not _IDENTIFIER.match(table):
        raise UsageError(
            f"?table={table!r} is not a table name datagen can use",
            hint="Use letters, digits and underscores, starting with a letter",
        )
    if scheme == "sqlite":
        return _sqlite(url, rest, table)
    host = parts.hostname or ""
    user = f"{unquote(parts.username)}@" if parts.username else ""
    try:
        port = f":{parts.port}" if _port(parts.netloc) else ""
    except ValueError as exc:
        raise UsageError(
            f"--to {redact_url(url)!r} has no valid port", hint="Give a port from 1 to 65535"
        ) from exc
    database = parts.path.lstrip("/")
    shown = f"postgresql://{user}{host}{port}/{database}"
    others = "&".join(f"{key}={value}" for key, values in query.items() for value in values)
    conninfo = f"postgresql://{parts.netloc}{parts.path}" + (f"?{others}" if others else "")
    return DatabaseUrl("postgresql", shown, table, conninfo=conninfo)


def _sqlite(url: str, rest: str, table: str | None) -> DatabaseUrl:
    location = rest.split("?", 1)[0]
    if not location.startswith("/") or location == "/":
        raise UsageError(
            f"--to {url!r} names no SQLite file",
            hint="Give sqlite:///relative/path.db or sqlite:////absolute/path.db",
        )
    path = Path(unquote(location[1:]))
    return DatabaseUrl("sqlite", f"sqlite:///{path}", table, path=path)


def _port(netloc: str) -> bool:
    host = netloc.rpartition("@")[2]
    return ":" in host.rpartition("]")[2]


def table_name(scenario: str) -> str:
    """The table of ``scenario``'s records: ``tech-support`` -> ``tech_support``."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", scenario).lower()
    return name if re.match(r"[a-z_]", name) else f"t_{name}"
