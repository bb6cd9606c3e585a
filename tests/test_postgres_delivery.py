"""``--to postgresql://...`` against a real PostgreSQL server the tests start.

The server is a throwaway cluster (tests/postgres_server.py), shared by the module; each
test gets a database of its own. Skipped, with the reason, where PostgreSQL's binaries or
psycopg are missing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import signal
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers import (
    offline_record,
    offline_tech_support,
    one_error_line,
    start_datagen,
    wait_until,
)
from postgres_server import PostgresServer, postgres_server

from data_generator.delivery.database import load_out_dir

__all__ = ["postgres_server"]  # the fixture, imported for the tests below

N = 30


@pytest.fixture
def database(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a new, empty database on the server."""
    import psycopg

    name = f"t_{secrets.token_hex(4)}"
    with psycopg.connect(postgres_server.url(), autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    yield postgres_server.url(name)
    with psycopg.connect(postgres_server.url(), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE {name} WITH (FORCE)")


def query(url: str, sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchall()  # type: ignore[arg-type]


def indices(url: str) -> list[int]:
    return [row[0] for row in query(url, "SELECT record_index FROM tech_support ORDER BY 1")]


def test_columns_match_the_schema_datagen_shows(run_cli: Callable[..., Any], database: str) -> None:
    result = run_cli(*offline_tech_support(N, "-o", "out", "--to", database))
    assert result.code == 0, result.stderr
    schema = run_cli("show", "tech-support", "--schema")
    properties = list(json.loads(schema.stdout)["properties"])
    found = query(
        database,
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = 'tech_support' ORDER BY ordinal_position",
    )
    assert [name for name, _ in found] == ["record_index", *properties]
    types = dict(found)
    assert types["record_index"] == "bigint"
    assert types["case_id"] == "text"
    assert types["is_bug"] == "boolean"
    assert types["created_at"] == "timestamp with time zone"
    assert types["conversation_history"] == "jsonb"
    assert query(database, "SELECT count(*) FROM tech_support") == [(N,)]


def test_values_round_trip(run_cli: Callable[..., Any], database: str) -> None:
    assert run_cli(*offline_tech_support(N, "-o", "out", "--to", database)).code == 0
    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(database, row_factory=dict_row) as connection:
        found = connection.execute("SELECT * FROM tech_support ORDER BY record_index").fetchall()
    assert [row["record_index"] for row in found] == list(range(1, N + 1))
    for row in found:
        record = orjson.loads(Path(f"out/tech-support-{row['record_index']:06d}.json").read_bytes())
        assert row["conversation_history"] == record["conversation_history"]  # JSONB as JSON
        assert row["created_at"] == datetime.fromisoformat(record["created_at"])
        assert row["is_bug"] is record["is_bug"]
        assert row["case_id"] == record["case_id"]
        assert row["resolved_at"] == (
            datetime.fromisoformat(record["resolved_at"]) if record["resolved_at"] else None
        )


def test_a_rerun_or_overwrite_changes_no_row_count(
    run_cli: Callable[..., Any], database: str
) -> None:
    args = offline_tech_support(N, "-o", "out", "-f", "csv", "--to", database)
    assert run_cli(*args).code == 0
    before = query(database, "SELECT * FROM tech_support ORDER BY 1")
    assert run_cli(*args).code == 0
    assert query(database, "SELECT * FROM tech_support ORDER BY 1") == before
    assert run_cli(*args, "--overwrite").code == 0
    assert query(database, "SELECT * FROM tech_support ORDER BY 1") == before


def journal_lines(out: Path) -> int:
    journal = out / ".datagen" / "tech-support.jsonl.journal"
    return journal.read_bytes().count(b"\n") if journal.exists() else 0


def test_sigkill_then_rerun_leaves_exactly_n_rows(
    run_cli: Callable[..., Any], tmp_path: Path, database: str
) -> None:
    args = offline_tech_support(N, "-o", "out", "-f", "jsonl", "--to", database)
    process = start_datagen([*args, "--rpm", "1200"], tmp_path)
    wait_until(process, lambda: journal_lines(tmp_path / "out") >= 8)
    process.kill()
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert len(indices(database)) < N

    result = run_cli(*args)
    assert result.code == 0, result.stderr
    assert indices(database) == list(range(1, N + 1))
    lines = (tmp_path / "out" / "tech-support.jsonl").read_bytes().splitlines()
    case_ids = [row[0] for row in query(database, "SELECT case_id FROM tech_support")]
    assert sorted(case_ids) == sorted(orjson.loads(line)["case_id"] for line in lines)


def test_load_out_dir(run_cli: Callable[..., Any], database: str) -> None:
    assert run_cli(*offline_tech_support(N, "-o", "out", "-f", "jsonl")).code == 0
    url = f"{database}?table=loaded"
    assert load_out_dir(Path("out"), url, state_root=None, log=logging.getLogger()) == N
    found = query(database, "SELECT record_index, conversation_history FROM loaded ORDER BY 1")
    lines = Path("out/tech-support.jsonl").read_bytes().splitlines()
    assert found == [
        (index, orjson.loads(line)["conversation_history"])
        for index, line in enumerate(lines, start=1)
    ]


def test_a_table_with_other_columns_is_refused(run_cli: Callable[..., Any], database: str) -> None:
    import psycopg

    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute("CREATE TABLE tech_support (record_index BIGINT, case_id TEXT)")
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", database))
    assert result.code == 2
    line = one_error_line(result)
    assert "table 'tech_support' in postgresql://" in line
    assert "lacks created_at" in line


def test_connection_refused(run_cli: Callable[..., Any]) -> None:
    from postgres_server import free_port

    where = f"127.0.0.1:{free_port()}/demo"
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", f"postgresql://me@{where}"))
    assert result.code == 2
    line = one_error_line(result)
    assert "cannot connect to postgresql://" in line
    assert f"@{where}: connection refused" in line


def test_a_wrong_password_is_one_line_without_the_password(
    run_cli: Callable[..., Any], postgres_server: PostgresServer
) -> None:
    user, password = PostgresServer.PASSWORD_USER, "not-the-Right-one"
    url = f"postgresql://{user}:{password}@127.0.0.1:{postgres_server.port}/postgres"
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", url))
    assert result.code == 2
    line = one_error_line(result)
    assert f"@127.0.0.1:{postgres_server.port}/postgres refused the login" in line
    assert password not in result.stderr + result.stdout
    assert password not in Path("out/.datagen/manifest.json").read_text()


def test_the_right_password_connects(
    run_cli: Callable[..., Any], postgres_server: PostgresServer
) -> None:
    user, password = PostgresServer.PASSWORD_USER, PostgresServer.PASSWORD
    url = f"postgresql://{user}:{password}@127.0.0.1:{postgres_server.port}/postgres?table=mine"
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", url))
    assert result.code == 0, result.stderr
    assert PostgresServer.PASSWORD not in result.stderr + result.stdout
    rows = query(postgres_server.url(), "SELECT count(*) FROM mine")
    assert rows == [(3,)]


def test_an_unknown_database(run_cli: Callable[..., Any], postgres_server: PostgresServer) -> None:
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", postgres_server.url("nope")))
    assert result.code == 2
    assert "that database does not exist" in one_error_line(result)


def test_a_user_without_rights_gets_one_line(
    run_cli: Callable[..., Any], postgres_server: PostgresServer
) -> None:
    import psycopg

    with psycopg.connect(postgres_server.url(), autocommit=True) as connection:
        connection.execute("CREATE ROLE onlooker LOGIN")
    url = f"postgresql://onlooker@127.0.0.1:{postgres_server.port}/postgres?table=t"
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", url))
    assert result.code == 2
    line = one_error_line(result)
    assert "cannot create table 't' in postgresql://" in line
    assert "permission denied for schema public" in line
    assert "CREATE TABLE" not in line


def same_value(cell: Any, value: Any) -> bool:
    """Whether a PostgreSQL cell holds ``value`` as the record's JSON has it."""
    if isinstance(cell, datetime):
        return cell == datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(cell, date):
        return cell.isoformat() == value
    return bool(cell == value)


def test_every_scenario_round_trips(run_cli: Callable[..., Any], database: str) -> None:
    import psycopg
    from psycopg.rows import dict_row

    from data_generator.registry import ToolRegistry

    registry = ToolRegistry.discover(None)
    for name in registry.names():
        out = Path(name)
        args = [name, "--provider", "offline", "--seed", "3", "-n", "4", "-f", "jsonl"]
        args += ["-d", "SaaS CRM"] if name == "tech-support" else []  # its one required option
        result = run_cli(*args, "-o", str(out), "--to", database)
        assert result.code == 0, result.stderr
        table = name.replace("-", "_")
        with psycopg.connect(database, row_factory=dict_row) as connection:
            found = connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        records = [orjson.loads(line) for line in (out / f"{name}.jsonl").read_bytes().splitlines()]
        schema = registry.get(name).load().record_model.model_json_schema()
        assert [list(row) for row in found] == [["record_index", *schema["properties"]]] * 4
        for row, record in zip(found, records, strict=True):
            for column, value in record.items():
                assert same_value(row[column], value), (name, column, row[column], value)


def test_other_connection_problems_are_one_line(
    run_cli: Callable[..., Any], postgres_server: PostgresServer
) -> None:
    url = postgres_server.url() + "?sslmode=bogus"
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", url))
    assert result.code == 2
    line = one_error_line(result)
    assert "cannot connect to postgresql://" in line
    assert 'invalid sslmode value: "bogus"' in line


def test_a_write_that_fails_is_one_error(tmp_path: Path, database: str) -> None:
    import psycopg

    from data_generator.delivery import DeliveryContext
    from data_generator.delivery.database import DatabaseDelivery
    from data_generator.delivery.db_url import parse_database_url
    from data_generator.errors import OutputError
    from data_generator.registry import ToolRegistry
    from data_generator.writers import IndexSet, OutputLayout

    tool = ToolRegistry.discover(None).get("tech-support").create({"system_description": "CRM"})
    layout = OutputLayout(tmp_path / "out", "tech-support", "jsonl")
    layout.prepare()
    context = DeliveryContext(layout, tool, IndexSet(), lambda _event: None, logging.getLogger())
    delivery = DatabaseDelivery(parse_database_url(database))
    record = tool.record_model.model_validate(offline_record(tool, 7, 1))

    async def drive() -> None:
        await delivery.open(context)
        with psycopg.connect(database, autocommit=True) as connection:
            connection.execute("DROP TABLE tech_support")
        delivery.add(1, record, None)
        await delivery.close([], None)

    with pytest.raises(OutputError) as caught:
        asyncio.run(drive())
    line = caught.value.one_line()
    assert "cannot write to table 'tech_support' of postgresql://" in line
    assert 'relation "tech_support" does not exist' in line
