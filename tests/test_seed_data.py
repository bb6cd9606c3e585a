"""``--seed-data``: each record made for a row of the user's own file.

Runs the CLI as a user would, offline and against the loopback fake OpenAI server, and
reads the records it wrote.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CliRun
from fake_openai_server import FakeOpenAIServer
from model_server import chat_requests, record_responder

RunCli = Callable[..., CliRun]
StartServer = Callable[..., FakeOpenAIServer]

PRIORITY = {"critical": "P1", "high": "P2", "medium": "P3", "low": "P4"}
SEVERITIES = tuple(PRIORITY)


def product_rows(count: int = 50) -> list[dict[str, Any]]:
    """Rows of a product catalogue: two fields of tech-support's record, two other columns."""
    return [
        {
            "system_description": f"Product {n} payroll suite",
            "customer_name": f"Customer Number{n}",
            "severity": SEVERITIES[n % 4],
            "plan": f"plan-tier-{n}",
            "region": f"region-{n % 7}-zone",
        }
        for n in range(count)
    ]


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def one_error_line(run: CliRun) -> str:
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    return lines[0]


def offline(*args: str) -> tuple[str, ...]:
    return ("tech-support", "-d", "Catalogue", "--provider", "offline", "-f", "jsonl", *args)


def assert_rows_used(records: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    """Record i holds row (i-1) mod rows: its fields, and its other values in the text."""
    for number, record in enumerate(records, start=1):
        row = rows[(number - 1) % len(rows)]
        assert record["case_id"] == f"CASE-{number:06d}"
        assert record["system_description"] == row["system_description"]
        assert record["customer_name"] == row["customer_name"]
        assert record["severity"] == row["severity"]
        assert record["priority"] == PRIORITY[row["severity"]]  # the record follows its row
        text = json.dumps(record)
        assert row["plan"] in text
        assert row["region"] in text
        # the values no field took close the longest text as a sentence of their own
        noted = text.find(" Noted for this record: ")
        assert noted == -1 or text[noted - 1] in ".!?", text


def test_a_csv_of_50_rows_makes_100_records_each_from_its_row(
    run_cli: RunCli, tmp_path: Path
) -> None:
    rows = product_rows()
    seed_file = write_csv(tmp_path / "products.csv", rows)

    run = run_cli(*offline("--seed-data", str(seed_file), "-n", "100", "-o", "out", "--seed", "3"))

    assert run.code == 0, run.stderr
    records = read_jsonl(tmp_path / "out" / "tech-support.jsonl")
    assert len(records) == 100
    assert_rows_used(records, rows)
    manifest = json.loads((tmp_path / "out" / ".datagen" / "manifest.json").read_text())
    assert manifest["fingerprint_inputs"]["seed_data"]["sample"] is False


def test_a_parquet_file_makes_records_from_its_rows(run_cli: RunCli, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = product_rows()
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "products.parquet")

    run = run_cli(*offline("--seed-data", "products.parquet", "-n", "100", "-o", "out"))

    assert run.code == 0, run.stderr
    records = read_jsonl(tmp_path / "out" / "tech-support.jsonl")
    assert len(records) == 100
    assert_rows_used(records, rows)


def test_numbers_in_a_csv_fill_number_fields(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "scenarios.toml").write_text(
        '[scenarios.stock]\nprompt = "Stock line {{$index}}"\n'
        '[scenarios.stock.fields.item]\ntype = "string"\n'
        '[scenarios.stock.fields.quantity]\ntype = "integer"\n'
        '[scenarios.stock.fields.note]\ntype = "text"\n',
        encoding="utf-8",
    )
    (tmp_path / "stock.csv").write_text("item,quantity,aisle\nbolt,42,A7\nnut,7,B2\n")

    run = run_cli(
        "stock", "--provider", "offline", "--seed-data", "stock.csv", "-n", "2", "-f", "jsonl"
    )

    assert run.code == 0, run.stderr
    records = read_jsonl(tmp_path / "data" / "stock" / "stock.jsonl")
    assert [(r["item"], r["quantity"]) for r in records] == [("bolt", 42), ("nut", 7)]
    assert "aisle A7" in records[0]["note"]
    assert "aisle B2" in records[1]["note"]


def test_seed_sample_draws_rows_by_the_seed_reproducibly(run_cli: RunCli, tmp_path: Path) -> None:
    rows = product_rows()
    write_csv(tmp_path / "products.csv", rows)
    by_name = {row["customer_name"]: n for n, row in enumerate(rows)}

    def drawn(seed: str, out: str) -> list[int]:
        run = run_cli(
            *offline("--seed-data", "products.csv", "--seed-sample", "-n", "40"),
            *("-o", out, "--seed", seed),
        )
        assert run.code == 0, run.stderr
        records = read_jsonl(tmp_path / out / "tech-support.jsonl")
        for record in records:
            row = rows[by_name[record["customer_name"]]]
            assert record["system_description"] == row["system_description"]
        return [by_name[record["customer_name"]] for record in records]

    first, again, other = drawn("5", "a"), drawn("5", "b"), drawn("6", "c")

    assert first == again
    assert first != other
    assert first != [n % 50 for n in range(40)]  # drawn, not taken in turn
    assert len(set(first)) > 20


def test_an_edited_seed_file_is_refused_as_a_fingerprint_change(
    run_cli: RunCli, tmp_path: Path
) -> None:
    rows = product_rows(10)
    write_csv(tmp_path / "products.csv", rows)
    args = offline("--seed-data", "products.csv", "-n", "10", "-o", "out", "--seed", "1")
    assert run_cli(*args).code == 0
    before = (tmp_path / "out" / "tech-support.jsonl").read_bytes()
    assert run_cli(*args).code == 0  # the same file resumes (nothing to do)

    rows[3]["plan"] = "edited"
    write_csv(tmp_path / "products.csv", rows)
    run = run_cli(*args[:-4], "-n", "20", "-o", "out", "--seed", "1")

    assert run.code == 2
    line = one_error_line(run)
    assert "holds records made with other settings" in line
    assert "seed_data.sha256" in line
    assert (tmp_path / "out" / "tech-support.jsonl").read_bytes() == before


def test_a_folder_of_files_is_read_in_name_order(run_cli: RunCli, tmp_path: Path) -> None:
    rows = product_rows(5)
    folder = tmp_path / "seeds"
    folder.mkdir()
    write_csv(folder / "a.csv", rows[:3])
    (folder / "b.jsonl").write_text(
        "".join(json.dumps(row) + "\n\n" for row in rows[3:]), encoding="utf-8"
    )
    (folder / "c.json").write_text(json.dumps(rows[:1]), encoding="utf-8")
    (folder / "notes.txt").write_text("not seed data")

    run = run_cli(*offline("--seed-data", "seeds", "-n", "12", "-o", "out"))

    assert run.code == 0, run.stderr
    assert_rows_used(read_jsonl(tmp_path / "out" / "tech-support.jsonl"), [*rows, rows[0]])


def test_the_environment_names_the_seed_data(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = product_rows(3)
    write_csv(tmp_path / "products.csv", rows)
    monkeypatch.setenv("DATAGEN_SEED_DATA", "products.csv")

    run = run_cli(*offline("-n", "3", "-o", "out"))

    assert run.code == 0, run.stderr
    assert_rows_used(read_jsonl(tmp_path / "out" / "tech-support.jsonl"), rows)


DECLARED = """
[scenarios.case-note]
description = "Notes about products."
prompt = "Write note {{$index}} about {{$seed.product}} for {{$seed.buyer}}."
{seed_line}
[scenarios.case-note.fields.note_id]
type = "id"
prefix = "NOTE"

[scenarios.case-note.fields.text]
type = "text"
"""


def write_declared(tmp_path: Path, seed_line: str = "") -> None:
    (tmp_path / "scenarios.toml").write_text(
        DECLARED.replace("{seed_line}", seed_line), encoding="utf-8"
    )


def test_prompts_to_a_model_carry_the_row_as_facts_and_seed_holes(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    write_declared(tmp_path)
    (tmp_path / "notes.csv").write_text(
        "product,buyer,colour\nPayroll {{$index}},Ada,teal\nRouter,Alan,plum\n", encoding="utf-8"
    )
    server = start_server(lambda _body: json.dumps({"note_id": "NOTE-000001", "text": "A note."}))

    run = run_cli(
        "case-note", "--seed-data", "notes.csv", "-n", "2", "-o", "out", "-f", "jsonl",
        "--provider", "openai", "--openai-base-url", server.openai_base_url,
        "--openai-model", "m", "--openai-api-key", "k", "--seed", "1",
    )  # fmt: skip

    assert run.code == 0, run.stderr
    prompts = [request.body["messages"][-1]["content"] for request in chat_requests(server)]
    prompts.sort(key=lambda prompt: "Router" in prompt)
    first, second = prompts
    assert first.startswith("Write note 1 about Payroll {{$index}} for Ada.\n")
    facts = "Facts for this record (use each one; they override anything above): "
    assert facts + "product: Payroll {{$index}}; buyer: Ada; colour: teal." in first
    assert second.startswith("Write note 2 about Router for Alan.\n")
    assert "product: Router; buyer: Alan; colour: plum." in second


def test_a_model_answer_takes_the_row_values_of_its_fields(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    rows = product_rows(4)
    write_csv(tmp_path / "products.csv", rows)
    server = start_server(record_responder(product="Something else", seed=1))

    run = run_cli(
        "tech-support", "-d", "Catalogue", "--seed-data", "products.csv", "-n", "4",
        "-o", "out", "-f", "jsonl", "--provider", "openai",
        "--openai-base-url", server.openai_base_url, "--openai-model", "m",
        "--openai-api-key", "k", "--seed", "1",
    )  # fmt: skip

    assert run.code == 0, run.stderr
    records = read_jsonl(tmp_path / "out" / "tech-support.jsonl")
    for record, row in zip(records, rows, strict=True):
        assert record["system_description"] == row["system_description"]
        assert record["customer_name"] == row["customer_name"]
        assert record["severity"] == row["severity"]
    prompt = chat_requests(server)[0].body["messages"][-1]["content"]
    assert (
        "Facts for this record (use each one; they override anything above): system_description: "
        in prompt
    )
    assert f"plan: {rows[0]['plan']}" in prompt


def test_a_row_missing_a_column_the_prompt_needs_is_one_line(
    run_cli: RunCli, tmp_path: Path
) -> None:
    write_declared(tmp_path)
    (tmp_path / "notes.csv").write_text("product,buyer\nA,Ada\nB,Bo\nC,\n", encoding="utf-8")

    run = run_cli("case-note", "--seed-data", "notes.csv", "--provider", "offline", "-o", "out")

    assert run.code == 2
    line = one_error_line(run)
    assert "notes.csv" in line
    assert "row 3" in line
    assert "'buyer'" in line
    assert not (tmp_path / "out").exists()


def test_a_prompt_that_uses_a_column_needs_seed_data(run_cli: RunCli, tmp_path: Path) -> None:
    write_declared(tmp_path)

    run = run_cli("case-note", "--provider", "offline", "-o", "out")

    assert run.code == 2
    line = one_error_line(run)
    assert "the case-note prompt uses {{$seed.buyer}}, but no --seed-data gives its rows" in line
    assert not (tmp_path / "out").exists()


def test_a_declared_scenario_reads_its_seed_data_beside_the_file(
    run_cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "data-in").mkdir()
    (tmp_path / "data-in" / "notes.jsonl").write_text(
        '{"product": "Kiosk", "buyer": "Ada", "site": "Harbour"}\n', encoding="utf-8"
    )
    write_declared(tmp_path, 'seed_data = "data-in/notes.jsonl"')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.chdir(elsewhere)

    run = run_cli(
        "--scenarios-file", str(tmp_path / "scenarios.toml"), "case-note",
        "--provider", "offline", "-n", "2", "-f", "jsonl", "-o", "out",
    )  # fmt: skip

    assert run.code == 0, run.stderr
    records = read_jsonl(elsewhere / "out" / "case-note.jsonl")
    assert len(records) == 2
    for record in records:
        for value in ("Kiosk", "Ada", "Harbour"):
            assert value in record["text"]


@pytest.mark.parametrize(
    ("seed_line", "problem"),
    [
        ("seed_data = 3", "seed_data = 3; write seed_data = 'file.csv'"),
        ('seed_data = "notes.xlsx"', "seed_data = 'notes.xlsx' is not a .csv"),
    ],
)
def test_a_bad_seed_data_key_names_its_line(
    run_cli: RunCli, tmp_path: Path, seed_line: str, problem: str
) -> None:
    write_declared(tmp_path, seed_line)

    run = run_cli("case-note", "--provider", "offline")

    assert run.code == 2
    line = one_error_line(run)
    assert "scenarios.toml:5: scenario 'case-note': " in line
    assert problem in line


BAD_FILES: dict[str, tuple[str, bytes, str]] = {
    "missing": ("none.csv", b"", "does not exist"),
    "header only": ("empty.csv", b"a,b\n", "holds no rows"),
    "empty": ("empty.csv", b"", "no header line"),
    "object json": ("rows.json", b'{"a": 1}', "must hold an array of objects"),
    "list line": ("rows.jsonl", b'{"a": 1}\n[1, 2]\n', "not an object"),
    "broken json": ("rows.jsonl", b'{"a": \n', "is not tabular"),
    "not parquet": ("rows.parquet", b"plain text", "is not tabular"),
    "other suffix": ("rows.txt", b"a\n1\n", "is not .csv, .jsonl, .json or .parquet"),
    "empty folder": ("folder", b"", "holds no .csv"),
    "long row": ("rows.csv", b"severity,b\nlow,2,3\n", "more cells than the header"),
    "not utf-8": ("rows.csv", b"a,b\n\xff\xfe,1\n", "is not tabular"),
    "bad value": (
        "rows.csv",
        b"system_description,severity\nCRM,urgent\n",
        "column 'severity' = 'urgent' does not fit",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_seed_file_is_one_line(run_cli: RunCli, tmp_path: Path, kind: str) -> None:
    name, content, problem = BAD_FILES[kind]
    if kind == "empty folder":
        (tmp_path / name).mkdir()
    elif kind != "missing":
        (tmp_path / name).write_bytes(content)

    run = run_cli(*offline("--seed-data", name, "-o", "out"))

    assert run.code == 2
    line = one_error_line(run)
    assert name in line
    assert problem in line
    assert not (tmp_path / "out").exists()


def test_seed_sample_without_seed_data_is_one_line(run_cli: RunCli) -> None:
    run = run_cli(*offline("--seed-sample", "-o", "out"))

    assert run.code == 2
    assert "--seed-sample draws seed rows, but no --seed-data names them" in one_error_line(run)


def test_a_seed_file_that_cannot_be_opened_is_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "seeds" / "a.csv").mkdir(parents=True)  # a folder where a file should be

    run = run_cli(*offline("--seed-data", "seeds", "-o", "out"))

    assert run.code == 2
    line = one_error_line(run)
    assert "a.csv" in line
    assert "cannot be read" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_seed_file_is_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    seed_file = write_csv(tmp_path / "products.csv", product_rows(2))
    seed_file.chmod(0)

    run = run_cli(*offline("--seed-data", "products.csv", "-o", "out"))

    assert run.code == 2
    assert "cannot be read" in one_error_line(run)


def test_quoted_cells_may_hold_commas_quotes_and_line_breaks(
    run_cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "products.csv").write_bytes(
        b"\xef\xbb\xbfsystem_description,plan\r\n"
        b'"Payroll, EU",basic\r\n'
        b'"Router ""X"" firmware",pro\r\n'
        b"\r\n"
        b'"Fleet\r\ntracker",fleet-plan\r\n'
    )

    run = run_cli(*offline("--seed-data", "products.csv", "-n", "4", "-o", "out"))

    assert run.code == 0, run.stderr
    records = read_jsonl(tmp_path / "out" / "tech-support.jsonl")
    assert [record["system_description"] for record in records] == [
        "Payroll, EU", 'Router "X" firmware', "Fleet\r\ntracker", "Payroll, EU",
    ]  # fmt: skip
    assert "fleet-plan" in json.dumps(records[2])


def test_a_column_naming_an_option_sets_it_in_the_record_context(tmp_path: Path) -> None:
    from data_generator.engine.plan import RunPlan
    from data_generator.runtime import runtime_of
    from data_generator.settings import Settings
    from data_generator.tools.tech_support import TechSupportTool

    (tmp_path / "rows.csv").write_text(
        "system_description,plan\n  Payroll service  ,a\n" + "x" * 300 + ",b\n", encoding="utf-8"
    )
    tool = TechSupportTool({"system_description": "Catalogue"})
    plan = RunPlan.build(
        tool, settings=Settings(provider="offline", seed_data=tmp_path / "rows.csv")
    )

    first = runtime_of(tool).context(1, 1)[0]
    assert plan.seed_rows is not None
    plan.seed_rows.close()  # a later row opens the file again
    second = runtime_of(tool).context(1, 2)[0]

    assert first.options.system_description == "Payroll service"  # the option's own rules
    assert second.options.system_description == "Catalogue"  # too long for the option
    assert first.seed_row == {"system_description": "  Payroll service  ", "plan": "a"}


# VmHWM is this process's own peak (ru_maxrss keeps the parent's across fork and exec).
PEAK_RSS = """
import re, sys
from pathlib import Path
from data_generator.cli import main
code = main(sys.argv[1:])
peak = re.search(r"VmHWM:\\s*(\\d+)", Path("/proc/self/status").read_text())[1]
print("peak-kb", peak, "code", code)
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_a_big_seed_file_is_indexed_not_held(tmp_path: Path) -> None:
    """400,000 rows as dicts would take hundreds of MB; their index takes 3 MB."""
    import subprocess
    import sys

    with (tmp_path / "big.csv").open("w", encoding="utf-8") as handle:
        handle.write("system_description,customer_name,plan,region,notes\n")
        handle.writelines(
            f"Product {n} suite,Customer N{n},tier {n % 5},zone {n % 9},"
            f'"a note, with a comma about item {n}"\n'
            for n in range(400_000)
        )
    args = offline("--seed-data", "big.csv", "--seed-sample", "-n", "50", "-o", "out")

    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )

    assert done.returncode == 0, done.stderr
    words = done.stdout.split()
    assert words[-1] == "0", done.stderr
    peak_mb = int(words[words.index("peak-kb") + 1]) / 1024
    assert peak_mb < 150, f"peak RSS {peak_mb:.0f} MB"
    assert len(read_jsonl(tmp_path / "out" / "tech-support.jsonl")) == 50
