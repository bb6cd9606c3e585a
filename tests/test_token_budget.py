"""The scenario's token budget: the default of ``--max-tokens``.

Precedence: flag > environment > ``.env`` > ``max_tokens`` in ``scenarios.toml`` > the
scenario's own ``token_budget``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fake_openai_server import FakeOpenAIServer
from model_server import chat_requests, record_responder, scenario_args

from data_generator import DataGenerator, Settings
from data_generator.tools.healthcare import HealthcareTool
from data_generator.tools.tech_support import TechSupportTool

TECH = ("tech-support", "-d", "SaaS CRM", "--provider", "offline", "--dry-run")


def output_tokens(run: Any) -> int:
    """The per-record output tokens of a dry run's estimate line."""
    assert run.code == 0, run.stderr
    found = re.search(r"~([\d,]+) output tokens per record", run.stdout)
    assert found, run.stdout
    return int(found.group(1).replace(",", ""))


def budget_file(folder: Path, text: str) -> None:
    (folder / "scenarios.toml").write_text(text, encoding="utf-8")


def test_the_scenarios_own_budget_is_the_default(run_cli: Callable[..., Any]) -> None:
    assert output_tokens(run_cli(*TECH)) == TechSupportTool.token_budget
    healthcare = run_cli("healthcare", "--provider", "offline", "--dry-run")
    assert output_tokens(healthcare) == HealthcareTool.token_budget


def test_scenarios_toml_overrides_the_scenarios_budget(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    budget_file(tmp_path, "[scenarios.tech-support]\nmax_tokens = 1234\n")
    assert output_tokens(run_cli(*TECH)) == 1234
    healthcare = run_cli("healthcare", "--provider", "offline", "--dry-run")
    assert output_tokens(healthcare) == HealthcareTool.token_budget  # only the one named


def test_flag_environment_and_dotenv_beat_scenarios_toml(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    budget_file(tmp_path, "[scenarios.tech-support]\nmax_tokens = 1234\n")
    (tmp_path / ".env").write_text("DATAGEN_MAX_TOKENS=777\n", encoding="utf-8")
    assert output_tokens(run_cli(*TECH)) == 777
    monkeypatch.setenv("DATAGEN_MAX_TOKENS", "555")
    assert output_tokens(run_cli(*TECH)) == 555
    assert output_tokens(run_cli(*TECH, "--max-tokens", "99")) == 99


@pytest.mark.parametrize("value", ['"lots"', "0", "true"])
def test_a_bad_budget_is_reported_and_the_built_ins_still_run(
    run_cli: Callable[..., Any], tmp_path: Path, value: str
) -> None:
    budget_file(tmp_path, f"[scenarios.tech-support]\nmax_tokens = {value}\n")
    listed = run_cli("list")
    assert listed.code == 0
    warnings = [line for line in listed.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert "max_tokens" in warnings[0]
    assert "scenarios.toml" in warnings[0]
    assert output_tokens(run_cli(*TECH)) == TechSupportTool.token_budget


def test_library_users_get_the_scenarios_budget_unless_settings_say_otherwise() -> None:
    tool = TechSupportTool()
    tool.validate_args({"system_description": "SaaS CRM"})
    default = DataGenerator(tool, settings=Settings(provider="offline"))
    assert default.settings.max_tokens == TechSupportTool.token_budget
    chosen = DataGenerator(tool, settings=Settings(provider="offline", max_tokens=50))
    assert chosen.settings.max_tokens == 50


def test_the_budget_reaches_the_model(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    budget_file(tmp_path, "[scenarios.tech-support]\nmax_tokens = 2345\n")
    with FakeOpenAIServer(record_responder()) as server:
        run = run_cli(
            *scenario_args(tmp_path / "out", 2),
            "--provider", "openai", "--openai-base-url", server.openai_base_url,
            "--openai-model", "llama-test",
        )  # fmt: skip
        assert run.code == 0, run.stderr
        bodies = [request.body for request in chat_requests(server)]
    assert len(bodies) == 2
    assert all(body.get("max_tokens") == 2345 for body in bodies)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("financial",), 6000),
        (("financial", "--transaction-count-max", "200"), 1000 + 70 * 200),
        (("ecommerce-order-history", "--orders-min", "50"), 1000 + 300 * 50),
    ],
)
def test_the_budget_grows_with_options_that_make_records_longer(
    run_cli: Callable[..., Any], args: tuple[str, ...], expected: int
) -> None:
    assert output_tokens(run_cli(*args, "--provider", "offline", "--dry-run")) == expected
