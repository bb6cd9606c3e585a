"""``--to sqlite:///PATH.db``: a table per scenario, upserted by record index.

What a user notices: the table's rows and columns after a run, a rerun, a kill and a
rerun, and one line with exit code 2 for a URL or a table datagen cannot use. The
PostgreSQL twin of these tests is in test_postgres_delivery.py.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import orjson
import pytest
from helpers import (
    child_env,
    offline_record,
    offline_tech_support,
    one_error_line,
    start_datagen,
    wait_until,
)
from pydantic import BaseModel

from data_generator.delivery import DeliveryContext
from data_generator.delivery.database import DatabaseDelivery, load_out_dir
from data_generator.delivery.db_table import table_columns
from data_generator.delivery.db_url import parse_database_url, table_name
from data_generator.errors import OutputError, UsageError
from data_generator.registry import ToolRegistry
from data_generator.tools.tech_support import TechSupportTool
from data_generator.writers import IndexSet, OutputLayout

N = 30


def rows(database: Path, table: str = "tech_support") -> list[dict[str, Any]]:
    """Every row of ``table``, by record index."""
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        found = connection.execute(f'SELECT * FROM "{table}" ORDER BY record_index')
        return [dict(row) for row in found]


def columns(database: Path, table: str = "tech_support") -> list[tuple[str, str]]:
    with sqlite3.connect(database) as connection:
        info = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
    return [(row[1], row[2]) for row in info]


def as_record(row: dict[str, Any]) -> dict[str, Any]:
    """A row read back as the record it holds: JSON columns parsed, booleans as bool."""
    kinds = {column.name: column.kind for column in table_columns(TechSupportTool.record_model)}
    record = {}
    for name, cell in row.items():
        if name == "record_index":
            continue
        value = cell
        if kinds[name] == "json" and cell is not None:
            value = json.loads(cell)
        elif kinds[name] == "boolean" and cell is not None:
            value = bool(cell)
        record[name] = value
    return record


def json_records(out: Path) -> dict[int, dict[str, Any]]:
    """The records of a json out-dir, by index."""
    return {
        int(path.stem.rsplit("-", 1)[1]): orjson.loads(path.read_bytes())
        for path in out.glob("tech-support-*.json")
    }


# --- a run --------------------------------------------------------------------------------
def test_columns_match_the_schema_datagen_shows(run_cli: Callable[..., Any]) -> None:
    result = run_cli(*offline_tech_support(N, "-o", "out", "--to", "sqlite:///demo.db"))
    assert result.code == 0, result.stderr
    schema = run_cli("show", "tech-support", "--schema")
    assert schema.code == 0
    properties = list(json.loads(schema.stdout)["properties"])
    found = columns(Path("demo.db"))
    assert [name for name, _ in found] == ["record_index", *properties]
    types = dict(found)
    assert types["record_index"] == "INTEGER"
    assert types["case_id"] == "TEXT"
    assert types["is_bug"] == "BOOLEAN"
    assert types["created_at"] == "TEXT"  # ISO 8601, as the files hold it
    assert types["conversation_history"] == "TEXT"  # JSON


def test_rows_hold_the_records_of_the_out_dir(run_cli: Callable[..., Any]) -> None:
    result = run_cli(*offline_tech_support(N, "-o", "out", "--to", "sqlite:///demo.db"))
    assert result.code == 0, result.stderr
    found = rows(Path("demo.db"))
    assert [row["record_index"] for row in found] == list(range(1, N + 1))
    records = json_records(Path("out"))
    for row in found:
        assert as_record(row) == records[row["record_index"]]
    assert any(isinstance(as_record(row)["conversation_history"], list) for row in found)


def test_a_rerun_or_overwrite_changes_no_row_count(run_cli: Callable[..., Any]) -> None:
    args = offline_tech_support(N, "-o", "out", "-f", "jsonl", "--to", "sqlite:///demo.db")
    first = run_cli(*args)
    assert first.code == 0
    assert f"Upserted {N} rows into tech_support at sqlite:///demo.db." in first.stdout
    before = rows(Path("demo.db"))
    assert len(before) == N
    again = run_cli(*args)
    assert again.code == 0
    assert "Upserted 0 rows into tech_support at sqlite:///demo.db." in again.stdout
    assert rows(Path("demo.db")) == before
    overwrite = run_cli(*offline_tech_support(N, "-o", "out", "-f", "jsonl", "--overwrite",
                                              "--to", "sqlite:///demo.db", seed=8))  # fmt: skip
    assert overwrite.code == 0, overwrite.stderr
    after = rows(Path("demo.db"))
    assert len(after) == N
    assert after != before  # the new seed's records replaced the old ones
    lines = Path("out/tech-support.jsonl").read_bytes().splitlines()
    assert [as_record(row) for row in after] == [orjson.loads(line) for line in lines]


@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv", "yaml"])
def test_a_rerun_puts_back_rows_the_table_lacks(
    run_cli: Callable[..., Any], output_format: str
) -> None:
    args = offline_tech_support(N, "-o", "out", "-f", output_format, "--to", "sqlite:///d.db")
    assert run_cli(*args).code == 0
    complete = rows(Path("d.db"))
    with sqlite3.connect("d.db") as connection:
        connection.execute("DELETE FROM tech_support WHERE record_index % 3 = 0")
    assert len(rows(Path("d.db"))) == N - N // 3

    result = run_cli(*args)
    assert result.code == 0, result.stderr
    assert "were already there" in result.stdout
    assert rows(Path("d.db")) == complete


def test_table_parameter_names_the_table(run_cli: Callable[..., Any]) -> None:
    url = "sqlite:///demo.db?table=tickets"
    assert run_cli(*offline_tech_support(5, "-o", "out", "--to", url)).code == 0
    assert len(rows(Path("demo.db"), "tickets")) == 5


def kill_when(process: subprocess.Popen[str], ready: Callable[[], bool]) -> None:
    """SIGKILL the datagen process once ``ready()`` (fail if it ends first)."""
    wait_until(process, ready)
    process.kill()
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL


def lines_of(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


#: When a killed run has written enough: 8 records, or (Parquet) two sealed row groups.
KILL_WHEN: dict[str, Callable[[Path], bool]] = {
    "jsonl": lambda out: lines_of(out / ".datagen" / "tech-support.jsonl.journal") >= 8,
    "json": lambda out: len(list(out.glob("tech-support-*.json"))) >= 8,
    "parquet": lambda out: lines_of(out / ".datagen" / "tech-support.parquet.groups.journal") >= 2,
}


def journal_lines(out: Path) -> int:
    return lines_of(out / ".datagen" / "tech-support.jsonl.journal")


@pytest.mark.parametrize("output_format", ["jsonl", "json", "parquet"])
def test_sigkill_then_rerun_leaves_exactly_n_rows(
    run_cli: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    output_format: str,
) -> None:
    if output_format == "parquet":
        pytest.importorskip("pyarrow")
    assert run_cli(*offline_tech_support(N, "-o", "ref")).code == 0
    expected = [record for _, record in sorted(json_records(tmp_path / "ref").items())]
    args = offline_tech_support(N, "-o", "out", "-f", output_format, "--to", "sqlite:///demo.db")
    process = subprocess.Popen(
        [sys.executable, "-m", "data_generator", *args, "--rpm", "1200"],
        cwd=tmp_path,
        env=child_env(DATAGEN_PARQUET_ROW_GROUP_SIZE="4"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    kill_when(process, lambda: KILL_WHEN[output_format](tmp_path / "out"))
    with sqlite3.connect(tmp_path / "demo.db") as connection:
        # what a kill before the queue was flushed leaves, made wider: rows the files hold
        connection.execute("DELETE FROM tech_support WHERE record_index % 2 = 0")
    assert 0 < len(rows(tmp_path / "demo.db")) < N

    monkeypatch.setenv("DATAGEN_PARQUET_ROW_GROUP_SIZE", "4")
    result = run_cli(*args)
    assert result.code == 0, result.stderr
    found = rows(tmp_path / "demo.db")
    assert [row["record_index"] for row in found] == list(range(1, N + 1))
    assert [as_record(row) for row in found] == expected


# --- load_out_dir (datagen upload OUT_DIR --to ...) ------------------------------------------
@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv", "yaml", "parquet"])
def test_load_out_dir_of_each_format(run_cli: Callable[..., Any], output_format: str) -> None:
    if output_format == "parquet":
        pytest.importorskip("pyarrow")
    assert run_cli(*offline_tech_support(N, "-o", "ref")).code == 0
    args = offline_tech_support(N, "-o", "out", "-f", output_format)
    assert run_cli(*args).code == 0

    log = logging.getLogger("test.load")
    assert load_out_dir(Path("out"), "sqlite:///loaded.db", state_root=None, log=log) == N
    found = rows(Path("loaded.db"))
    assert [as_record(row) for row in found] == [
        record for _, record in sorted(json_records(Path("ref")).items())
    ]
    # loading again upserts the same rows: the table does not grow
    assert load_out_dir(Path("out"), "sqlite:///loaded.db", state_root=None, log=log) == N
    assert rows(Path("loaded.db")) == found


@pytest.mark.parametrize("output_format", ["jsonl", "csv", "parquet"])
def test_load_out_dir_without_run_state_numbers_in_file_order(
    run_cli: Callable[..., Any], output_format: str
) -> None:
    if output_format == "parquet":
        pytest.importorskip("pyarrow")
    assert run_cli(*offline_tech_support(6, "-o", "out", "-f", output_format)).code == 0
    name = f"tech-support.{output_format}"
    copy = Path("copy")
    copy.mkdir()
    (copy / name).write_bytes((Path("out") / name).read_bytes())
    log = logging.getLogger("test.load")
    assert load_out_dir(copy / name, "sqlite:///c.db", state_root=None, log=log) == 6
    found = rows(Path("c.db"))
    assert [row["case_id"] for row in found] == [f"CASE-{i:06d}" for i in range(1, 7)]
    (copy / name).write_bytes(b"a,b\n1\n")  # not JSON, a short CSV row, not Parquet
    with pytest.raises(UsageError, match="cannot read the records"):
        load_out_dir(copy, "sqlite:///c.db", state_root=None, log=log)


def test_load_out_dir_with_a_state_dir(run_cli: Callable[..., Any]) -> None:
    args = offline_tech_support(7, "-o", "out", "-f", "csv", "--state-dir", "state")
    assert run_cli(*args).code == 0
    log = logging.getLogger("test.load")
    assert load_out_dir(Path("out"), "sqlite:///s.db", state_root=Path("state"), log=log) == 7
    loaded = [as_record(row) for row in rows(Path("s.db"))]
    assert [record["case_id"] for record in loaded] == [f"CASE-{i:06d}" for i in range(1, 8)]


def test_load_out_dir_of_txt_output_is_refused(run_cli: Callable[..., Any]) -> None:
    assert run_cli(*offline_tech_support(3, "-o", "out", "-f", "txt")).code == 0
    with pytest.raises(UsageError, match="txt output"):
        load_out_dir(Path("out"), "sqlite:///t.db", state_root=None, log=logging.getLogger())


# --- refusals -------------------------------------------------------------------------------
def test_a_table_with_other_columns_is_refused(run_cli: Callable[..., Any]) -> None:
    with sqlite3.connect("demo.db") as connection:
        connection.execute("CREATE TABLE tech_support (record_index INTEGER, colour TEXT)")
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", "sqlite:///demo.db"))
    assert result.code == 2
    line = one_error_line(result)
    assert "table 'tech_support' in sqlite:///demo.db does not fit" in line
    assert "lacks case_id" in line
    assert "has colour" in line
    assert "?table=NAME" in line
    assert columns(Path("demo.db")) == [("record_index", "INTEGER"), ("colour", "TEXT")]


def test_an_unknown_scheme_lists_the_accepted_ones(run_cli: Callable[..., Any]) -> None:
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", "mysql://me:pw@db/x"))
    assert result.code == 2
    line = one_error_line(result)
    assert "sqlite, postgresql, postgres" in line
    assert "pw" not in line
    assert not Path("out").exists()


def test_a_sqlite_file_in_a_missing_folder(run_cli: Callable[..., Any]) -> None:
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", "sqlite:///no/such/d.db"))
    assert result.code == 2
    assert "folder 'no/such' does not exist" in one_error_line(result)


def test_a_sqlite_path_that_cannot_be_opened(run_cli: Callable[..., Any]) -> None:
    Path("folder.db").mkdir()
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", "sqlite:///folder.db"))
    assert result.code == 2
    assert "cannot use sqlite:///folder.db" in one_error_line(result)


def test_a_file_that_is_not_sqlite(run_cli: Callable[..., Any]) -> None:
    Path("notes.db").write_text("not a database, just words " * 100)
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", "sqlite:///notes.db"))
    assert result.code == 2
    assert "not a database" in one_error_line(result)


def test_txt_output_with_to_is_refused(run_cli: Callable[..., Any]) -> None:
    result = run_cli(*offline_tech_support(3, "-o", "out", "-f", "txt", "--to", "sqlite:///t.db"))
    assert result.code == 2
    assert "txt output holds rendered documents" in one_error_line(result)


def test_postgresql_without_psycopg_says_what_to_install(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # what an install without it imports
    result = run_cli(*offline_tech_support(3, "-o", "out", "--to", "postgresql://me@db/x"))
    assert result.code == 2
    line = one_error_line(result)
    assert "needs psycopg" in line
    assert "pip install 'datagen[postgresql]'" in line


# --- URLs -----------------------------------------------------------------------------------
def test_urls_are_shown_without_their_password() -> None:
    url = parse_database_url("postgresql://ann:s3cret@db.example.com:5433/demo?sslmode=require")
    assert url.shown == "postgresql://ann@db.example.com:5433/demo"
    assert url.conninfo == "postgresql://ann:s3cret@db.example.com:5433/demo?sslmode=require"
    assert parse_database_url("postgres://db/demo?table=t1").table == "t1"
    assert parse_database_url("sqlite:////tmp/a.db").path == Path("/tmp/a.db")
    assert parse_database_url("sqlite:///a.db?table=x").shown == "sqlite:///a.db"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite:///a.db?table=drop;table", "?table='drop;table' is not a table name"),
        ("sqlite://", "is not a database URL"),
        ("sqlite:///", "names no SQLite file"),
        ("postgresql://me@h:99999/db", "'postgresql://***@h:99999/db' has no valid port"),
        ("ftp://u:pw@h/x", "'ftp://***@h/x' is not a database URL"),
    ],
)
def test_bad_urls(url: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_database_url(url)
    assert message in caught.value.one_line()


def test_table_names() -> None:
    assert table_name("tech-support") == "tech_support"
    assert table_name("3d-models") == "t_3d_models"


def test_every_scenario_gets_a_column_per_field(run_cli: Callable[..., Any]) -> None:
    registry = ToolRegistry.discover(None)
    for name in registry.names():
        model = registry.get(name).load().record_model
        kinds = {column.name: column.kind for column in table_columns(model)}
        assert list(kinds) == list(model.model_json_schema()["properties"]), name
        assert set(kinds.values()) <= {"text", "integer", "real", "boolean", "date",
                                       "datetime", "json"}  # fmt: skip


def test_sigint_delivers_what_was_written(tmp_path: Path) -> None:
    args = offline_tech_support(200, "-o", "out", "-f", "jsonl", "--to", "sqlite:///demo.db")
    process = start_datagen([*args, "--rpm", "1200"], tmp_path)
    deadline = time.monotonic() + 120
    while journal_lines(tmp_path / "out") < 8:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "datagen did not get far enough within 120 s"
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    lines = (tmp_path / "out" / "tech-support.jsonl").read_bytes().splitlines()
    found = rows(tmp_path / "demo.db")
    assert 8 <= len(found) < 200
    assert [row["case_id"] for row in found] == [orjson.loads(line)["case_id"] for line in lines]


# --- the delivery as the engine drives it ------------------------------------------------------
def open_delivery(tmp_path: Path, url: str) -> tuple[DatabaseDelivery, DeliveryContext]:
    tool = ToolRegistry.discover(None).get("tech-support").create({"system_description": "CRM"})
    layout = OutputLayout(tmp_path / "out", "tech-support", "jsonl")
    layout.prepare()
    context = DeliveryContext(layout, tool, IndexSet(), lambda _event: None, logging.getLogger())
    return DatabaseDelivery(parse_database_url(url)), context


def a_record() -> BaseModel:
    return TechSupportTool.record_model.model_validate(
        offline_record(
            ToolRegistry.discover(None).get("tech-support").create({"system_description": "CRM"}),
            7,
            1,
        )
    )


def test_a_full_queue_makes_the_engine_wait(tmp_path: Path) -> None:
    delivery, context = open_delivery(tmp_path, "sqlite:///queue.db")
    record = a_record()

    async def drive() -> list[bool]:
        await delivery.open(context)
        seen = []
        for index in range(1, 2201):
            delivery.add(index, record, None)
            seen.append(delivery.busy)
            if delivery.busy:
                await delivery.room()
                seen.append(delivery.busy)
        await delivery.close([], None)
        return seen

    seen = asyncio.run(drive())
    assert True in seen  # the queue filled up once: the engine waited for room
    assert seen[-1] is False
    assert len(rows(Path("queue.db"))) == 2200


def test_a_write_that_fails_ends_the_run_with_one_error(tmp_path: Path) -> None:
    delivery, context = open_delivery(tmp_path, "sqlite:///gone.db")
    record = a_record()

    async def drive() -> None:
        await delivery.open(context)
        with sqlite3.connect("gone.db") as connection:
            connection.execute("DROP TABLE tech_support")
        delivery.add(1, record, None)
        await asyncio.sleep(0.1)  # the flush fails meanwhile
        delivery.add(2, record, None)  # dropped: nothing more is queued after a failure
        assert not delivery.busy
        await delivery.room()
        await delivery.close([], None)

    with pytest.raises(OutputError) as caught:
        asyncio.run(drive())
    assert "cannot write to table 'tech_support' of sqlite:///gone.db: no such table" in (
        caught.value.one_line()
    )


def test_closing_after_an_interrupt_flushes_the_queue_only(tmp_path: Path) -> None:
    delivery, context = open_delivery(tmp_path, "sqlite:///stop.db")
    record = a_record()

    async def drive() -> None:
        await delivery.open(context)
        for index in (1, 2, 3):
            delivery.add(index, record, None)
        await delivery.close([], KeyboardInterrupt())
        await delivery.close([], None)  # a second close has nothing to do

    asyncio.run(drive())
    assert [row["record_index"] for row in rows(Path("stop.db"))] == [1, 2, 3]

    async def again() -> None:  # one delivery, a second run (DataGenerator.run() twice)
        await delivery.open(context)
        await asyncio.sleep(0.05)  # the flusher waits for records, as between two records
        delivery.add(4, record, None)
        await delivery.close([], KeyboardInterrupt())

    asyncio.run(again())
    assert [row["record_index"] for row in rows(Path("stop.db"))] == [1, 2, 3, 4]


def test_a_large_load_goes_in_batches(run_cli: Callable[..., Any]) -> None:
    assert run_cli(*offline_tech_support(1100, "-o", "out", "-f", "jsonl")).code == 0
    log = logging.getLogger("test.load")
    assert load_out_dir(Path("out"), "sqlite:///big.db", state_root=None, log=log) == 1100
    assert len(rows(Path("big.db"))) == 1100


def test_load_out_dir_of_an_unknown_scenario(run_cli: Callable[..., Any]) -> None:
    Path("out").mkdir()
    Path("out/mystery.jsonl").write_text('{"a": 1}\n')
    with pytest.raises(UsageError, match="no scenario datagen knows"):
        load_out_dir(Path("out"), "sqlite:///m.db", state_root=None, log=logging.getLogger())


def test_an_unreadable_record_file_is_one_error(run_cli: Callable[..., Any]) -> None:
    assert run_cli(*offline_tech_support(3, "-o", "out")).code == 0
    Path("out/tech-support-000002.json").write_text("{not json")
    with pytest.raises(UsageError, match="cannot read the records of 'out'"):
        load_out_dir(Path("out"), "sqlite:///u.db", state_root=None, log=logging.getLogger())


def test_a_record_edited_by_hand_is_loaded_as_it_is(run_cli: Callable[..., Any]) -> None:
    assert run_cli(*offline_tech_support(2, "-o", "out")).code == 0
    Path("out/tech-support-000002.json").write_text('{"case_id": 42, "colour": "red"}')
    log = logging.getLogger("test.load")
    assert load_out_dir(Path("out"), "sqlite:///h.db", state_root=None, log=log) == 2
    edited = rows(Path("h.db"))[1]
    assert edited["case_id"] == "42"  # a TEXT column
    assert edited["status"] is None


class Mixed(BaseModel):
    """Fields of each shape a column is made from."""

    class Size(Enum):
        SMALL = 1
        LARGE = 2

    either: int | str
    size: Size
    maybe_size: Size | None = None
    ratio: float | None = None
    day: date
    tags: list[str]
    mixed: Literal[1, "one"]


def test_column_kinds() -> None:
    assert {column.name: column.kind for column in table_columns(Mixed)} == {
        "either": "json",
        "size": "integer",
        "maybe_size": "integer",
        "ratio": "real",
        "day": "date",
        "tags": "json",
        "mixed": "json",
    }


def test_datagen_upload_loads_an_out_dir_into_a_database(run_cli: Callable[..., Any]) -> None:
    assert run_cli(*offline_tech_support(N, "-o", "out", "-f", "csv")).code == 0
    first = run_cli("upload", "out", "--to", "sqlite:///up.db")
    assert first.code == 0, first.stderr
    assert first.stdout.strip() == f"Upserted {N} rows into sqlite:///up.db."
    found = rows(Path("up.db"))
    assert [row["record_index"] for row in found] == list(range(1, N + 1))
    again = run_cli("upload", "out", "--to", "sqlite:///up.db")
    assert again.code == 0
    assert rows(Path("up.db")) == found


@pytest.mark.parametrize(
    ("flag", "named"),
    [
        (("--include-manifest",), "--include-manifest"),
        (("--no-create-container",), "--no-create-container"),
        (("--concurrency", "2"), "--concurrency"),
    ],
)
def test_datagen_upload_to_a_database_refuses_blob_flags(
    run_cli: Callable[..., Any], flag: tuple[str, ...], named: str
) -> None:
    assert run_cli(*offline_tech_support(3, "-o", "out")).code == 0
    refused = run_cli("upload", "out", "--to", "sqlite:///up.db", *flag)
    assert refused.code == 2
    assert named in one_error_line(refused)
    assert not Path("up.db").exists()
