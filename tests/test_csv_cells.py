"""CSV cells a spreadsheet would run are neutralised, and every cell that needs quotes has them.

Records come from the loopback fake OpenAI server (a model can answer anything), are written
by the CLI and read back with pandas and Python's ``csv`` module, as a user would.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import CliRun
from fake_openai_server import FakeOpenAIServer
from helpers import one_error_line
from hypothesis import given
from hypothesis import strategies as st
from model_server import record_index

from data_generator.writers.csv_cells import (
    FORMULA_STARTS,
    encode_row,
    escape_formula,
    unescape_formula,
)

RunCli = Callable[..., CliRun]
StartServer = Callable[..., FakeOpenAIServer]

SCENARIO = """
[scenarios.ledger-note]
description = "Notes of a ledger."
prompt = "Write ledger note number {{$index}}."

[scenarios.ledger-note.fields.note_id]
type = "id"
prefix = "LED"

[scenarios.ledger-note.fields.cell]
type = "string"

[scenarios.ledger-note.fields.amount]
type = "integer"
minimum = -1000
maximum = 1000

[scenarios.ledger-note.fields.tags]
type = "list"
items = { type = "string" }
min_items = 1
max_items = 2
"""

#: What the model answers in ``cell`` for records 1..7; ``amount`` is ``-index``.
CELLS = ["=1+1", "@SUM(A1)", "-2+3", "a\rb", "+1-555-0100", "\tTab", "'=already quoted"]
COUNT = len(CELLS)


def respond(body: dict[str, Any]) -> str:
    index = record_index(body)
    return json.dumps(
        {
            "note_id": f"LED-{index:06d}",
            "cell": CELLS[index - 1],
            "amount": -index,
            "tags": ["=cmd|' /C calc'!A0", 'say "hi", then\nleave'],
        }
    )


def run_ledger(run_cli: RunCli, server: FakeOpenAIServer, out: str, *extra: str) -> CliRun:
    """Write the ledger notes as CSV, one request at a time (rows in index order)."""
    return run_cli(
        "ledger-note", "-f", "csv", "-n", str(COUNT), "-o", out, "--provider", "openai",
        "--openai-base-url", server.openai_base_url, "--openai-model", "m",
        "--seed", "3", "-c", "1", *extra,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key comes from the environment, as the README says (a flag key warns)."""
    monkeypatch.setenv("OPENAI_API_KEY", "k")


def write_scenario(folder: Path) -> None:
    (folder / "scenarios.toml").write_text(SCENARIO, encoding="utf-8")


def test_formula_cells_are_escaped_and_rows_stay_whole(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    write_scenario(tmp_path)
    server = start_server(respond)

    run = run_ledger(run_cli, server, "out")

    assert run.code == 0, run.stderr
    path = tmp_path / "out" / "ledger-note.csv"
    frame = pd.read_csv(path, keep_default_na=False)
    assert len(frame) == COUNT
    assert list(frame.columns) == ["note_id", "cell", "amount", "tags"]
    assert frame["amount"].tolist() == [-index for index in range(1, COUNT + 1)]  # still numbers
    assert str(frame["amount"].dtype) == "int64"
    for column in ("note_id", "cell"):
        assert not any(str(cell)[:1] in FORMULA_STARTS for cell in frame[column]), column
    assert frame["cell"].tolist() == [
        "'=1+1", "'@SUM(A1)", "'-2+3", "a\rb", "'+1-555-0100", "'\tTab", "''=already quoted",
    ]  # fmt: skip
    assert [unescape_formula(cell) for cell in frame["cell"]] == CELLS
    assert json.loads(frame["tags"][0]) == ["=cmd|' /C calc'!A0", 'say "hi", then\nleave']

    inspect = run_cli("inspect", str(tmp_path / "out"))
    assert inspect.code == 0, inspect.stderr
    assert inspect.stdout.splitlines()[0] == (
        f"{COUNT} ledger-note records in 1 csv file: {COUNT} valid, 0 duplicates"
    )


def test_keep_writes_formula_cells_raw_and_still_quotes_them(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    write_scenario(tmp_path)
    server = start_server(respond)

    run = run_ledger(run_cli, server, "out", "--csv-formulas", "KEEP")

    assert run.code == 0, run.stderr
    data = (tmp_path / "out" / "ledger-note.csv").read_bytes()
    assert b'\n"LED-000004","a\rb",-4,' not in data  # a cell with CR only: quoted, nothing else
    assert b'\nLED-000004,"a\rb",-4,' in data
    frame = pd.read_csv(io.BytesIO(data), keep_default_na=False)
    assert len(frame) == COUNT
    assert frame["cell"].tolist() == CELLS
    manifest = json.loads((tmp_path / "out" / ".datagen" / "manifest.json").read_bytes())
    assert manifest["fingerprint_inputs"]["csv_formulas"] == "keep"


def test_switching_the_escaping_of_an_unfinished_csv_is_refused(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    write_scenario(tmp_path)
    server = start_server(respond)
    assert run_ledger(run_cli, server, "out", "-n", "3").code == 0
    before = (tmp_path / "out" / "ledger-note.csv").read_bytes()

    switched = run_ledger(run_cli, server, "out", "--csv-formulas", "keep")

    assert switched.code == 2
    assert "csv_formulas escape -> keep" in one_error_line(switched)
    assert (tmp_path / "out" / "ledger-note.csv").read_bytes() == before


def test_a_resumed_csv_equals_one_written_in_one_go(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    write_scenario(tmp_path)
    server = start_server(respond)

    assert run_ledger(run_cli, server, "whole").code == 0
    assert run_ledger(run_cli, server, "parts", "-n", "4").code == 0
    assert run_ledger(run_cli, server, "parts").code == 0

    whole = (tmp_path / "whole" / "ledger-note.csv").read_bytes()
    assert (tmp_path / "parts" / "ledger-note.csv").read_bytes() == whole


def test_env_variable_sets_the_mode(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path, monkeypatch: Any
) -> None:
    write_scenario(tmp_path)
    server = start_server(respond)
    monkeypatch.setenv("DATAGEN_CSV_FORMULAS", "keep")

    assert run_ledger(run_cli, server, "out", "-n", "1").code == 0

    assert b"\nLED-000001,=1+1,-1," in (tmp_path / "out" / "ledger-note.csv").read_bytes()


def test_a_one_column_row_of_nothing_is_not_an_empty_line() -> None:
    assert encode_row([""]) == b'""\n'
    assert list(csv.reader(io.StringIO(encode_row([""]).decode()))) == [[""]]


@given(st.text())
def test_escaping_round_trips_and_leaves_no_formula_start(text: str) -> None:
    escaped = escape_formula(text)
    assert escaped[:1] not in FORMULA_STARTS
    assert unescape_formula(escaped) == text
    if text[:1] not in FORMULA_STARTS | {"'"}:
        assert escaped == text


@given(st.lists(st.text(), min_size=2, max_size=4))
def test_a_row_reads_back_as_its_cells(cells: list[str]) -> None:
    [row] = list(csv.reader(io.StringIO(encode_row(cells).decode(), newline="")))
    assert row == cells
