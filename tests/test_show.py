"""``datagen show SCENARIO``: options, schema, an offline example record, examples."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliRun
from helpers import one_error_line

from data_generator.tools.financial import FinancialStatement
from data_generator.tools.tech_support import TechSupportTicket, TechSupportTool

RunCli = Callable[..., CliRun]


def test_schema_alone_is_the_record_models_json_schema(run_cli: RunCli) -> None:
    run = run_cli("show", "tech-support", "--schema")

    assert run.code == 0, run.stderr
    assert json.loads(run.stdout) == TechSupportTicket.model_json_schema()
    assert run.stderr == ""


def test_show_prints_options_schema_an_example_record_and_examples(run_cli: RunCli) -> None:
    run = run_cli("show", "financial-transaction")  # an alias works too

    assert run.code == 0, run.stderr
    out = run.stdout
    assert out.startswith("financial (also: financial-transaction): ")
    assert "--transaction-type" in out
    assert "credit-card" in out
    assert "--fraud-percent" in out
    assert "Record schema" in out
    example = out.split("Example record")[1].split("Examples")[0]
    record = json.loads(example[example.index("{") : example.rindex("}") + 1])
    FinancialStatement.model_validate(record)
    assert "datagen financial" in out.split("Examples")[-1]


def test_a_required_option_gets_a_stand_in_for_the_example(run_cli: RunCli) -> None:
    run = run_cli("show", "tech-support")

    assert run.code == 0, run.stderr
    assert "(required)" in run.stdout
    assert '"system_description": "Example product"' in run.stdout
    for example in TechSupportTool.examples:
        assert example in " ".join(run.stdout.split())


def test_a_declared_scenario_can_be_shown(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "scenarios.toml").write_text(
        '[scenarios.pets]\nprompt = "Write pet {{$index}}"\n'
        '[scenarios.pets.fields.pet_id]\ntype = "id"\nprefix = "PET"\n',
        encoding="utf-8",
    )

    run = run_cli("show", "pets", "--schema")

    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["properties"]["pet_id"]["pattern"] == r"^PET-\d{6,}$"


@pytest.mark.parametrize("name", ["nope", "tech_support"])
def test_an_unknown_scenario_is_one_line(run_cli: RunCli, name: str) -> None:
    run = run_cli("show", name)

    assert run.code == 2
    line = one_error_line(run)
    assert f"no scenario called {name!r}" in line
    assert "tech-support" in line
