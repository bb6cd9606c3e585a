"""Batch prices: half the online price unless DATAGEN_PRICE_BATCH_* says otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from data_generator import DataGenerator, Settings
from data_generator.cli import report
from data_generator.engine.plan import RunPlan
from data_generator.engine.result import TokenEstimate, prices_of, run_cost
from data_generator.registry import ToolRegistry
from data_generator.settings import load_settings

PRODUCT = "SaaS CRM"


def test_a_batch_costs_half_the_online_price_by_default() -> None:
    settings = Settings(price_prompt_per_1k=2.0, price_completion_per_1k=4.0)
    assert run_cost(1_000, 2_000, settings, batch=False) == 10.0
    assert run_cost(1_000, 2_000, settings, batch=True) == 5.0
    assert prices_of(settings, batch=True) == (1.0, 2.0)
    assert run_cost(1_000, 2_000, Settings(), batch=True) is None
    only_batch = Settings(price_batch_completion_per_1k=3.0)
    assert prices_of(only_batch, batch=True) == (None, 3.0)
    assert run_cost(0, 1_000, only_batch, batch=False) is None


def test_batch_prices_from_the_environment_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAGEN_PRICE_PROMPT_PER_1K", "2")
    monkeypatch.setenv("DATAGEN_PRICE_COMPLETION_PER_1K", "4")
    monkeypatch.setenv("DATAGEN_PRICE_BATCH_PROMPT_PER_1K", "0.5")
    settings = load_settings()
    assert prices_of(settings, batch=True) == (0.5, 2.0)  # completion: half the online one
    assert run_cost(1_000, 1_000, settings, batch=True) == 2.5
    assert run_cost(1_000, 1_000, settings, batch=False) == 6.0


def test_a_wrong_batch_price_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from data_generator.errors import ConfigError

    monkeypatch.setenv("DATAGEN_PRICE_BATCH_COMPLETION_PER_1K", "-1")
    with pytest.raises(ConfigError, match="DATAGEN_PRICE_BATCH_COMPLETION_PER_1K"):
        load_settings()


def test_scenarios_toml_sets_batch_prices(tmp_path: Path) -> None:
    (tmp_path / "scenarios.toml").write_text(
        "[scenarios.tech-support]\n"
        "price = { prompt_per_1k = 1.0, batch_prompt_per_1k = 0.25, "
        "batch_completion_per_1k = 0.75 }\n",
        encoding="utf-8",
    )
    tool = ToolRegistry.discover().create("tech-support", {"system_description": PRODUCT})
    plan = RunPlan.build(tool, settings={"provider": "offline"})
    assert (
        plan.settings.price_batch_prompt_per_1k,
        plan.settings.price_batch_completion_per_1k,
    ) == (
        0.25,
        0.75,
    )
    assert plan.sources["price_batch_prompt_per_1k"] == "scenarios.toml"
    assert prices_of(plan.settings, batch=True) == (0.25, 0.75)


def test_the_dry_run_estimate_is_at_the_batch_price(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tool = ToolRegistry.discover().create("tech-support", {"system_description": PRODUCT})
    given: dict[str, Any] = {
        "price_prompt_per_1k": 1.0,
        "price_completion_per_1k": 3.0,
        "provider": "azure",  # --batch needs a provider with a Batch API; a dry run calls none
        "azure_openai_endpoint": "https://example.openai.azure.com",
        "azure_openai_deployment": "gpt-4o-batch",
        "azure_openai_api_key": "key",
    }
    online = DataGenerator(
        tool, count=100, out_dir=tmp_path / "a", settings=Settings(**given)
    ).dry_run()
    batch = DataGenerator(
        tool, count=100, out_dir=tmp_path / "b", settings=Settings(batch=True, **given)
    ).dry_run()
    assert online.estimate.cost is not None
    assert batch.estimate.cost == pytest.approx(online.estimate.cost / 2)
    assert (online.estimate.batch, batch.estimate.batch) == (False, True)
    report.print_plan(batch)
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Estimate:"))
    assert line.endswith(f"estimated cost {batch.estimate.cost:.4f} at the batch price.")
    report.print_plan(online)
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Estimate:"))
    assert line.endswith(f"estimated cost {online.estimate.cost:.4f}.")


def test_token_estimate_keeps_the_online_price_without_batch() -> None:
    settings = Settings(price_prompt_per_1k=1.0, price_completion_per_1k=1.0)
    estimate = TokenEstimate.of(500, 500, 10, settings)
    assert (estimate.cost, estimate.batch) == (10.0, False)
    assert TokenEstimate.of(500, 500, 10, settings.model_copy(update={"batch": True})).cost == 5.0
