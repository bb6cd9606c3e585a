"""Every output format, read back with the tools a user would use, and stream recovery."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from data_generator import DataGenerator, Settings
from data_generator.tools.healthcare import HealthcareRecord, HealthcareTool
from data_generator.tools.tech_support import TechSupportTicket, TechSupportTool
from data_generator.writers import IndexSet, OutputLayout
from data_generator.writers.stream import CsvEncoder, StreamWriter, encode_jsonl

COUNT = 12
TECH = (
    "tech-support",
    "-d",
    "SaaS CRM",
    "--provider",
    "offline",
    "--seed",
    "7",
    "-n",
    str(COUNT),
)
HEALTH_COUNT = 6
HEALTH = ("healthcare", "--provider", "offline", "--seed", "7", "-n", str(HEALTH_COUNT))
TECH_COLUMNS = list(TechSupportTicket.model_fields)
HEALTH_COLUMNS = list(HealthcareRecord.model_fields)
TECH_NESTED = {"conversation_history"}  # cells holding JSON text
HEALTH_NESTED = {"patient", "document", "author"}


# --- helpers ---------------------------------------------------------------------------------
def generate(run_cli: Callable[..., Any], base: tuple[str, ...], fmt: str) -> Path:
    """Run the CLI into ./out and check that it says what it wrote."""
    result = run_cli(*base, "-f", fmt, "-o", "out")
    assert result.code == 0, result.stderr
    count = base[base.index("-n") + 1]
    assert f"Wrote {count} {base[0]} records" in result.stdout
    assert result.stderr == ""
    return Path("out")


def assert_only_records(out: Path, names: set[str]) -> None:
    """The out-dir holds the record files and .datagen, and no leftovers anywhere."""
    assert {entry.name for entry in out.iterdir()} == names | {".datagen"}
    assert list((out / ".datagen" / "tmp").iterdir()) == []
    assert list(out.rglob("*.part")) == []
    assert list(out.rglob("*.tmp")) == []


def per_record_names(scenario: str, count: int, extension: str) -> set[str]:
    return {f"{scenario}-{index:06d}.{extension}" for index in range(1, count + 1)}


def reference_tickets(count: int = COUNT) -> list[BaseModel]:
    """The records of the same scenario and seed from the library, in index order."""
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    generator = DataGenerator(tool, count=count, settings=Settings(provider="offline", seed=7))
    return generator.generate_data()


def reference_health(count: int = HEALTH_COUNT) -> list[BaseModel]:
    tool = HealthcareTool({})
    generator = DataGenerator(tool, count=count, settings=Settings(provider="offline", seed=7))
    return generator.generate_data()


def read_csv_records(
    path: Path, model: type[BaseModel], nested: set[str]
) -> tuple[pd.DataFrame, list[BaseModel]]:
    """Read a datagen CSV with pandas and rebuild the records from its cells."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    records = []
    for row in frame.to_dict(orient="records"):
        data: dict[str, Any] = {}
        for column, cell in row.items():
            if cell == "":
                data[column] = None
            elif column in nested:
                data[column] = orjson.loads(cell)
            elif cell in ("true", "false"):
                data[column] = cell == "true"
            else:
                data[column] = cell
        records.append(model.model_validate(data))
    return frame, records


# --- per-record formats ----------------------------------------------------------------------
def test_json_round_trip(run_cli: Callable[..., Any]) -> None:
    out = generate(run_cli, TECH, "json")
    assert_only_records(out, per_record_names("tech-support", COUNT, "json"))
    expected = reference_tickets()
    for index in range(1, COUNT + 1):
        raw = (out / f"tech-support-{index:06d}.json").read_bytes()
        assert raw.endswith(b"\n")
        record = TechSupportTicket.model_validate(orjson.loads(raw))
        assert record.case_id == f"CASE-{index:06d}"
        assert record == expected[index - 1]


def test_yaml_round_trip(run_cli: Callable[..., Any]) -> None:
    out = generate(run_cli, TECH, "yaml")
    assert_only_records(out, per_record_names("tech-support", COUNT, "yaml"))
    expected = reference_tickets()
    for index in range(1, COUNT + 1):
        data = yaml.safe_load((out / f"tech-support-{index:06d}.yaml").read_text("utf-8"))
        assert list(data) == TECH_COLUMNS  # block style, in field order
        record = TechSupportTicket.model_validate(data)
        assert record == expected[index - 1]


def test_txt_one_readable_file_per_record(run_cli: Callable[..., Any]) -> None:
    out = generate(run_cli, TECH, "txt")
    assert_only_records(out, per_record_names("tech-support", COUNT, "txt"))
    for index, ticket in enumerate(reference_tickets(), 1):
        assert isinstance(ticket, TechSupportTicket)
        text = (out / f"tech-support-{index:06d}.txt").read_text("utf-8")
        assert text.startswith(f"CASE-{index:06d}: {ticket.issue_summary}\n")
        assert not text.lstrip().startswith("{")  # prose, not JSON
        assert "Conversation" in text
        for turn in ticket.conversation_history:
            assert f"{turn.role}: {turn.message}" in text
        assert ticket.customer_name in text


# --- streamed formats ------------------------------------------------------------------------
def test_jsonl_round_trip(run_cli: Callable[..., Any]) -> None:
    out = generate(run_cli, TECH, "jsonl")
    assert_only_records(out, {"tech-support.jsonl"})
    raw = (out / "tech-support.jsonl").read_bytes()
    assert raw.endswith(b"\n")
    lines = raw.split(b"\n")[:-1]
    assert len(lines) == COUNT
    records = [TechSupportTicket.model_validate(orjson.loads(line)) for line in lines]
    assert sorted(r.case_id for r in records) == [f"CASE-{i:06d}" for i in range(1, COUNT + 1)]
    assert sorted(records, key=lambda r: r.case_id) == reference_tickets()


def test_csv_round_trip(run_cli: Callable[..., Any]) -> None:
    out = generate(run_cli, TECH, "csv")
    assert_only_records(out, {"tech-support.csv"})
    path = out / "tech-support.csv"
    assert path.read_bytes().startswith(",".join(TECH_COLUMNS).encode() + b"\n")
    frame, records = read_csv_records(path, TechSupportTicket, TECH_NESTED)
    assert list(frame.columns) == TECH_COLUMNS
    assert len(frame) == COUNT
    for cell in frame["conversation_history"]:
        turns = orjson.loads(cell)
        assert isinstance(turns, list)
        assert len(turns) >= 2
    assert set(frame["is_bug"]) <= {"true", "false"}
    assert sorted(records, key=lambda r: r.case_id) == reference_tickets()
    # a None is an empty cell: open cases have neither resolution nor resolution time
    for _, row in frame.iterrows():
        if row["status"] not in ("resolved", "closed"):
            assert row["resolved_at"] == ""
            assert row["resolution"] == ""
    assert (frame["resolved_at"] == "").any(), "seed 7 has unresolved cases"


def test_parquet_round_trip(run_cli: Callable[..., Any]) -> None:
    out = generate(run_cli, TECH, "parquet")
    assert_only_records(out, {"tech-support.parquet"})
    table = pq.read_table(out / "tech-support.parquet")
    assert table.num_rows == COUNT
    assert table.column_names == TECH_COLUMNS
    assert pa.types.is_timestamp(table.schema.field("created_at").type)
    assert pa.types.is_boolean(table.schema.field("is_bug").type)
    assert pa.types.is_list(table.schema.field("conversation_history").type)
    records = [TechSupportTicket.model_validate(row) for row in table.to_pylist()]
    assert sorted(records, key=lambda r: r.case_id) == reference_tickets()


def test_healthcare_json_round_trip(run_cli: Callable[..., Any]) -> None:
    out = generate(run_cli, HEALTH, "json")
    assert_only_records(out, per_record_names("healthcare", HEALTH_COUNT, "json"))
    expected = reference_health()
    for index in range(1, HEALTH_COUNT + 1):
        data = orjson.loads((out / f"healthcare-{index:06d}.json").read_bytes())
        record = HealthcareRecord.model_validate(data)
        assert record.record_id == f"DOC-{index:06d}"
        assert record == expected[index - 1]


def test_healthcare_csv_round_trip(run_cli: Callable[..., Any]) -> None:
    out = generate(run_cli, HEALTH, "csv")
    assert_only_records(out, {"healthcare.csv"})
    frame, records = read_csv_records(out / "healthcare.csv", HealthcareRecord, HEALTH_NESTED)
    assert list(frame.columns) == HEALTH_COLUMNS
    assert len(frame) == HEALTH_COUNT
    for column in sorted(HEALTH_NESTED):
        assert all(isinstance(orjson.loads(cell), dict) for cell in frame[column])
    assert sorted(records, key=lambda r: r.record_id) == reference_health()


# --- StreamWriter recovery, at the library level ---------------------------------------------
def _stream(fmt: str, out: Path) -> tuple[StreamWriter, CsvEncoder | None]:
    layout = OutputLayout(out, "tech-support", "jsonl" if fmt == "jsonl" else "csv")
    layout.prepare()
    if fmt == "jsonl":
        return StreamWriter(layout, encode_jsonl), None
    encoder = CsvEncoder(TechSupportTicket)
    return StreamWriter(layout, encoder, header=encoder.header()), encoder


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_stream_writer_recovers_after_a_crash(tmp_path: Path, fmt: str) -> None:
    records = reference_tickets(8)
    out = tmp_path / "out"
    writer, encoder = _stream(fmt, out)
    encode = encoder or encode_jsonl
    header = encoder.header() if encoder else b""
    assert len(writer.open()) == 0
    order = [3, 1, 5, 2, 4]  # completion order need not be index order
    for index in order:
        writer.write(index, records[index - 1])
    writer.detach()  # the process dies: handles closed, nothing renamed
    assert not writer.final_path.exists()

    kept = header + b"".join(encode(records[index - 1]) for index in order)
    assert writer.part_path.read_bytes() == kept
    with open(writer.part_path, "ab") as part:  # a record cut off mid-write
        part.write(encode(records[5])[:40])
    with open(writer.journal_path, "ab") as journal:  # and its half journal line
        journal.write(b"6 99")

    again, _ = _stream(fmt, out)
    done = again.open()
    assert list(done) == [1, 2, 3, 4, 5]
    assert len(done) == 5
    assert writer.part_path.read_bytes() == kept  # cut back to the journaled offset
    for index in (6, 7):
        again.write(index, records[index - 1])
    assert again.close() == [writer.final_path]
    assert not writer.part_path.exists()
    assert writer.final_path.read_bytes() == kept + encode(records[5]) + encode(records[6])


@pytest.mark.parametrize("written", [0, 20], ids=["empty", "half-header"])
def test_csv_stream_recovers_from_a_crash_inside_the_header(tmp_path: Path, written: int) -> None:
    records = reference_tickets(2)
    out = tmp_path / "out"
    writer, encoder = _stream("csv", out)
    assert encoder is not None
    header = encoder.header()
    writer.open()
    writer.detach()
    with open(writer.part_path, "r+b") as part:  # killed while the header was written
        part.truncate(written)
    assert writer.part_path.stat().st_size < len(header)

    again, _ = _stream("csv", out)
    assert list(again.open()) == []
    assert writer.part_path.read_bytes() == header
    again.write(1, records[0])
    again.write(2, records[1])
    again.close()
    final = writer.final_path.read_bytes()
    assert final == header + encoder(records[0]) + encoder(records[1])
    frame, rows = read_csv_records(writer.final_path, TechSupportTicket, TECH_NESTED)
    assert list(frame.columns) == TECH_COLUMNS
    assert rows == records


def test_stream_writer_reopen_after_close_extends_the_file(tmp_path: Path) -> None:
    records = reference_tickets(4)
    writer, _ = _stream("jsonl", tmp_path / "out")
    writer.open()
    writer.write(1, records[0])
    writer.write(2, records[1])
    writer.close()
    again, _ = _stream("jsonl", tmp_path / "out")
    assert list(again.open()) == [1, 2]
    again.write(3, records[2])
    again.close()
    lines = writer.final_path.read_bytes().splitlines(keepends=True)
    assert lines == [encode_jsonl(record) for record in records[:3]]


# --- IndexSet --------------------------------------------------------------------------------
def test_index_set_basics() -> None:
    empty = IndexSet()
    assert len(empty) == 0
    assert list(empty) == []
    assert 1 not in empty
    assert empty.count_upto(100) == 0

    indices = IndexSet([9, 1, 8])
    indices.add(1)  # already there
    indices.add(1_000_003)
    assert len(indices) == 4
    assert list(indices) == [1, 8, 9, 1_000_003]  # ascending, whatever the insertion order
    assert 8 in indices
    assert 1_000_003 in indices
    assert 2 not in indices
    assert 7 not in indices
    assert 10**9 not in indices
    assert -1 not in indices
    assert "1" not in indices
    assert indices.count_upto(0) == 0
    assert indices.count_upto(8) == 2
    assert indices.count_upto(9) == 3
    assert indices.count_upto(10**7) == 4


@settings(
    max_examples=200,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    xs=st.lists(st.integers(min_value=1, max_value=5_000), max_size=300),
    probes=st.lists(st.integers(min_value=-5, max_value=5_100), max_size=50),
    last=st.integers(min_value=0, max_value=5_100),
)
def test_index_set_behaves_like_a_set(xs: list[int], probes: list[int], last: int) -> None:
    indices = IndexSet(xs)
    expected = set(xs)
    assert len(indices) == len(expected)
    assert list(indices) == sorted(expected)
    for value in [*xs, *probes]:
        assert (value in indices) == (value in expected)
    assert indices.count_upto(last) == sum(1 for value in expected if value <= last)


@settings(
    max_examples=100, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(min_value=1, max_value=2_000), max_size=200))
def test_index_set_grows_one_add_at_a_time(xs: list[int]) -> None:
    indices = IndexSet()
    expected: set[int] = set()
    for value in xs:
        indices.add(value)
        expected.add(value)
        assert len(indices) == len(expected)
        assert value in indices
    assert list(indices) == sorted(expected)
