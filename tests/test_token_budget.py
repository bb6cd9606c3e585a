"""Budgets that fit real models: the default ``--max-tokens``, the estimate, the timeout.

The default ``--max-tokens`` is twice the scenario's typical answer (the median size of
200 offline records with the run's options, characters over four), rounded up to a
multiple of 64. Precedence: flag > environment > ``.env`` > ``max_tokens`` in
``scenarios.toml`` > that default. The dry-run estimate counts the typical answer, not the
cap; the request timeout, unless given, leaves room for the cap at 10 tokens/s.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fake_openai_server import FakeOpenAIServer
from model_server import PRODUCT, chat_requests, record_responder, scenario_args

from data_generator import DataGenerator, Settings
from data_generator.engine.record_maker import RecordMaker
from data_generator.providers.offline import OfflineProvider
from data_generator.registry import ToolRegistry
from data_generator.tool import DataGeneratorTool
from data_generator.tools.tech_support import TechSupportTool

TECH = ("tech-support", "-d", PRODUCT, "--provider", "offline", "--dry-run")
OPENAI = ("--provider", "openai", "--openai-model", "llama-test", "--seed", "0")


def typical_and_default(name: str, **options: Any) -> tuple[int, int]:
    """The median answer of 200 offline records of a scenario, and twice it rounded up."""
    tool: DataGeneratorTool[Any, Any] = ToolRegistry.discover().create(name, options)
    offline = OfflineProvider(tool)
    maker = RecordMaker(tool, offline, 1, lambda _event: None)
    sizes = [
        len(offline.synthesize(maker.request(maker.context(index, 0)))) // 4 + 1
        for index in range(1, 201)
    ]
    typical = math.floor(statistics.median(sizes) + 0.5)
    return typical, max(256, math.ceil(2 * typical / 64) * 64)


def plan_figures(run: Any) -> tuple[int, int, float]:
    """A dry run's output tokens per record, its per-request cap and its timeout."""
    assert run.code == 0, run.stderr
    output = re.search(r"~([\d,]+) output tokens per record", run.stdout)
    cap = re.search(
        r"Each request may take ([\d,]+) output tokens \(--max-tokens\) and ([\d.]+) s "
        r"\(--request-timeout\)\.",
        run.stdout,
    )
    assert output, run.stdout
    assert cap, run.stdout
    number = lambda text: int(text.replace(",", ""))  # noqa: E731
    return number(output.group(1)), number(cap.group(1)), float(cap.group(2))


def budget_file(folder: Path, text: str) -> None:
    (folder / "scenarios.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "name", "options"),
    [
        (TECH, "tech-support", {"system_description": PRODUCT}),
        (("healthcare", "--provider", "offline", "--dry-run"), "healthcare", {}),
    ],
)
def test_the_default_is_twice_the_typical_answer_and_the_estimate_the_typical_answer(
    run_cli: Callable[..., Any], args: tuple[str, ...], name: str, options: dict[str, Any]
) -> None:
    typical, default = typical_and_default(name, **options)

    output, cap, timeout = plan_figures(run_cli(*args))

    assert output == typical
    assert cap == default
    assert cap < 1000  # the old worst-case budgets were 3,000 and 4,000
    assert timeout == 120  # max(120 s, cap / 10 tokens/s + 30 s)


def test_the_default_reaches_the_model(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    _typical, default = typical_and_default("tech-support", system_description=PRODUCT)
    with FakeOpenAIServer(record_responder()) as server:
        run = run_cli(
            *scenario_args(tmp_path / "out", 2), *OPENAI, "--openai-base-url",
            server.openai_base_url,
        )  # fmt: skip
        assert run.code == 0, run.stderr
        bodies = [request.body for request in chat_requests(server)]
    assert [body.get("max_tokens") for body in bodies] == [default, default]


def test_scenarios_toml_overrides_the_default(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    budget_file(tmp_path, "[scenarios.tech-support]\nmax_tokens = 1234\n")
    typical, _default = typical_and_default("tech-support", system_description=PRODUCT)
    assert plan_figures(run_cli(*TECH))[:2] == (typical, 1234)  # the estimate stays typical
    _typical, healthcare = typical_and_default("healthcare")
    assert plan_figures(run_cli("healthcare", "--provider", "offline", "--dry-run"))[1] == (
        healthcare  # only the one named
    )


def test_flag_environment_and_dotenv_beat_scenarios_toml(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    budget_file(tmp_path, "[scenarios.tech-support]\nmax_tokens = 1234\n")
    (tmp_path / ".env").write_text("DATAGEN_MAX_TOKENS=777\n", encoding="utf-8")
    assert plan_figures(run_cli(*TECH))[1] == 777
    monkeypatch.setenv("DATAGEN_MAX_TOKENS", "555")
    assert plan_figures(run_cli(*TECH))[1] == 555
    assert plan_figures(run_cli(*TECH, "--max-tokens", "99"))[1] == 99


@pytest.mark.parametrize("value", ['"lots"', "0", "true"])
def test_a_bad_budget_is_reported_and_refused_where_it_is_used(
    run_cli: Callable[..., Any], tmp_path: Path, value: str
) -> None:
    budget_file(tmp_path, f"[scenarios.tech-support]\nmax_tokens = {value}\n")
    listed = run_cli("list")
    assert listed.code == 0
    warnings = [line for line in listed.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert "max_tokens" in warnings[0]
    assert "scenarios.toml:2:" in warnings[0]
    refused = run_cli(*TECH)
    assert refused.code == 2
    assert refused.stderr.startswith("datagen: error: scenarios.toml:2: scenario 'tech-support'")
    other = run_cli("healthcare", "--provider", "offline", "--dry-run")
    assert other.code == 0, other.stderr


def test_library_users_get_the_default_unless_settings_say_otherwise() -> None:
    tool = ToolRegistry.discover().create("tech-support", {"system_description": PRODUCT})
    _typical, default = typical_and_default("tech-support", system_description=PRODUCT)
    model = Settings(provider="openai", openai_base_url="http://127.0.0.1:9/v1", openai_model="m")

    derived = DataGenerator(tool, settings=model)
    chosen = DataGenerator(tool, settings=model.model_copy(update={"max_tokens": 50}))
    offline = DataGenerator(tool, settings=Settings(provider="offline"))

    assert derived.settings.max_tokens == default
    assert derived.settings.effective_request_timeout == 120
    assert chosen.settings.max_tokens == 50
    assert offline.settings.max_tokens is None  # the offline provider ignores it
    assert offline.default_max_tokens() == default


def test_a_scenario_may_fix_its_own_default() -> None:
    class Terse(TechSupportTool):
        token_budget = 300

    tool = Terse({"system_description": PRODUCT})
    model = Settings(provider="openai", openai_base_url="http://127.0.0.1:9/v1", openai_model="m")

    assert DataGenerator(tool, settings=model).settings.max_tokens == 300


def test_the_budget_from_scenarios_toml_reaches_the_model(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    budget_file(tmp_path, "[scenarios.tech-support]\nmax_tokens = 2345\n")
    with FakeOpenAIServer(record_responder()) as server:
        run = run_cli(
            *scenario_args(tmp_path / "out", 2), *OPENAI, "--openai-base-url",
            server.openai_base_url,
        )  # fmt: skip
        assert run.code == 0, run.stderr
        bodies = [request.body for request in chat_requests(server)]
    assert len(bodies) == 2
    assert all(body.get("max_tokens") == 2345 for body in bodies)


@pytest.mark.parametrize(
    ("args", "name", "options"),
    [
        (("financial",), "financial", {}),
        (
            ("financial", "--transaction-count-max", "200"),
            "financial",
            {"transaction_count_max": 200},
        ),
        (("ecommerce-order-history",), "ecommerce-order-history", {}),
        (
            ("ecommerce-order-history", "--orders-min", "20"),
            "ecommerce-order-history",
            {"orders_min": 20},
        ),
    ],
)
def test_the_default_follows_options_that_make_records_longer(
    run_cli: Callable[..., Any], args: tuple[str, ...], name: str, options: dict[str, Any]
) -> None:
    typical, default = typical_and_default(name, **options)

    assert plan_figures(run_cli(*args, "--provider", "offline", "--dry-run"))[:2] == (
        typical,
        default,
    )


def test_longer_records_get_a_larger_default_and_a_longer_timeout(
    run_cli: Callable[..., Any],
) -> None:
    _typical, short = typical_and_default("financial", transaction_count_max=5)
    _typical, long = typical_and_default("financial", transaction_count_max=200)

    _output, cap, timeout = plan_figures(
        run_cli("financial", "--transaction-count-max", "200", "--provider", "offline", "--dry-run")
    )

    assert long > 4 * short
    assert cap == long
    assert timeout == max(120, long / 10 + 30)


def test_the_timeout_leaves_room_for_max_tokens_unless_it_is_given(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert plan_figures(run_cli(*TECH, "--max-tokens", "4000"))[2] == 430  # 4000 / 10 + 30
    assert plan_figures(run_cli(*TECH, "--max-tokens", "500"))[2] == 120
    assert plan_figures(run_cli(*TECH, "--max-tokens", "4000", "--request-timeout", "33"))[2] == 33
    monkeypatch.setenv("DATAGEN_REQUEST_TIMEOUT", "45.5")
    assert plan_figures(run_cli(*TECH, "--max-tokens", "4000"))[2] == 45.5
