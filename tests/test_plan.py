"""``RunPlan``: one rule for every setting, the same for the CLI and the library.

Precedence: flag (or library keyword) > environment > ``.env`` > ``[scenarios.<name>]`` in
``scenarios.toml`` > the scenario's default > datagen's default.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from fake_openai_server import FakeOpenAIServer
from model_server import PRODUCT, chat_requests, record_responder
from test_wizard import drive

from data_generator import DataGenerator, Settings
from data_generator.engine.manifest import Manifest
from data_generator.engine.plan import DEFAULT_COUNT, RunPlan, scenario_max_tokens
from data_generator.errors import ConfigError, UsageError
from data_generator.registry import ToolRegistry
from data_generator.tool import DataGeneratorTool
from data_generator.tools.tech_support import TechSupportTool

SCENARIOS = """
[scenarios.tech-support]
count = 4
format = "jsonl"
max_tokens = 900
temperature = 0.3
price = { prompt_per_1k = 0.5, completion_per_1k = 1.5 }
"""
#: Model settings that only a run's own file or environment say (the server is loopback).
MODEL = {"provider": "openai", "openai_base_url": "http://127.0.0.1:9/v1", "openai_model": "m"}
#: Keys of a manifest that differ between any two runs.
PER_RUN = {"run_id", "timings", "out_dir"}


def tech_support() -> DataGeneratorTool[Any, Any]:
    return ToolRegistry.discover().create("tech-support", {"system_description": PRODUCT})


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def manifest_of(out_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads((out_dir / ".datagen" / "manifest.json").read_bytes())
    return data


def records_of(out_dir: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in out_dir.iterdir() if path.is_file()}


@pytest.mark.parametrize("provider", ["offline", "openai"])
def test_the_cli_and_a_library_user_make_the_same_run_from_the_same_files(
    run_cli: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    provider: str,
) -> None:
    write(tmp_path / "scenarios.toml", SCENARIOS)
    with FakeOpenAIServer(record_responder(seed=7)) as server:
        write(
            tmp_path / ".env",
            f"DATAGEN_PROVIDER={provider}\nOPENAI_BASE_URL={server.openai_base_url}\n",
        )
        monkeypatch.setenv("DATAGEN_SEED", "7")
        monkeypatch.setenv("OPENAI_MODEL", "llama-test")

        cli = run_cli("tech-support", "-d", PRODUCT, "-o", "cli")
        assert cli.code == 0, cli.stderr
        result = DataGenerator(tech_support(), out_dir="library").run()
        bodies = [request.body for request in chat_requests(server)]

    assert result.exit_code == 0
    by_cli, by_library = manifest_of(tmp_path / "cli"), manifest_of(tmp_path / "library")
    assert by_cli["fingerprint"] == by_library["fingerprint"]
    assert {k: v for k, v in by_cli.items() if k not in PER_RUN} == {
        k: v for k, v in by_library.items() if k not in PER_RUN
    }
    assert (by_cli["counts"]["requested"], by_cli["output_format"]) == (4, "jsonl")
    assert records_of(tmp_path / "cli") == records_of(tmp_path / "library")
    assert list(records_of(tmp_path / "cli")) == ["tech-support.jsonl"]
    if provider == "openai":  # what scenarios.toml says reaches the model, from both
        assert len(bodies) == 8
        assert {(body["max_tokens"], body["temperature"]) for body in bodies} == {(900, 0.3)}
        assert by_cli["tokens"]["estimated_cost"] is not None  # priced from the file


# --- one test per layer -----------------------------------------------------------------
def test_a_flag_beats_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAGEN_MAX_TOKENS", "555")
    plan = RunPlan.build(tech_support(), settings={**MODEL, "max_tokens": 99})
    assert plan.settings.max_tokens == 99
    assert plan.sources["max_tokens"] == "given"


def test_the_environment_beats_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".env", "DATAGEN_MAX_TOKENS=777\nDATAGEN_TEMPERATURE=0.9\n")
    monkeypatch.setenv("DATAGEN_MAX_TOKENS", "555")
    plan = RunPlan.build(tech_support(), settings=MODEL)
    assert (plan.settings.max_tokens, plan.settings.temperature) == (555, 0.9)


def test_dotenv_beats_scenarios_toml(tmp_path: Path) -> None:
    write(tmp_path / "scenarios.toml", SCENARIOS)
    write(tmp_path / ".env", "DATAGEN_MAX_TOKENS=777\nDATAGEN_PRICE_PROMPT_PER_1K=2\n")
    plan = RunPlan.build(tech_support(), settings=MODEL)
    assert plan.settings.max_tokens == 777
    assert (plan.settings.price_prompt_per_1k, plan.settings.price_completion_per_1k) == (2, 1.5)
    assert plan.settings.temperature == 0.3


def test_scenarios_toml_beats_the_scenario_default(tmp_path: Path) -> None:
    write(tmp_path / "scenarios.toml", SCENARIOS)
    plan = RunPlan.build(tech_support(), settings=MODEL)
    assert (plan.count, plan.output_format, plan.settings.max_tokens) == (4, "jsonl", 900)
    assert plan.sources == {
        "count": "scenarios.toml",
        "output_format": "scenarios.toml",
        "max_tokens": "scenarios.toml",
        "temperature": "scenarios.toml",
        "price_prompt_per_1k": "scenarios.toml",
        "price_completion_per_1k": "scenarios.toml",
    }
    other = RunPlan.build(ToolRegistry.discover().create("healthcare"), settings=MODEL)
    assert (other.count, other.output_format) == (DEFAULT_COUNT, "json")  # only the one named


def test_the_scenario_default_beats_the_built_in_one() -> None:
    class Terse(TechSupportTool):
        token_budget = 300
        output_formats = ("csv", "jsonl")

    tool = Terse({"system_description": PRODUCT})
    plan = RunPlan.build(tool, settings=MODEL)
    assert (plan.settings.max_tokens, plan.output_format) == (300, "csv")
    assert plan.sources["output_format"] == plan.sources["max_tokens"] == "scenario default"


def test_the_built_in_defaults_fill_the_rest() -> None:
    tool = tech_support()
    plan = RunPlan.build(tool, settings=MODEL)
    assert (plan.count, plan.output_format, plan.out_dir) == (10, "json", Path("data/tech-support"))
    assert plan.settings.max_tokens == scenario_max_tokens(tool)
    assert plan.settings.temperature is None
    offline = RunPlan.build(tool, settings={"provider": "offline"})
    assert offline.settings.max_tokens is None  # the offline provider ignores it
    assert offline.tokens_per_request == offline.prompt_tokens


def test_count_and_format_take_every_layer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "scenarios.toml", SCENARIOS)  # count 4, jsonl
    toml = RunPlan.build(tech_support(), settings=MODEL)
    assert (toml.count, toml.output_format, toml.sources["count"]) == (4, "jsonl", "scenarios.toml")
    write(tmp_path / ".env", "DATAGEN_COUNT=6\nDATAGEN_OUTPUT_FORMAT=csv\n")
    from_dotenv = RunPlan.build(tech_support(), settings=MODEL)
    assert (from_dotenv.count, from_dotenv.output_format) == (6, "csv")
    monkeypatch.setenv("DATAGEN_COUNT", "7")
    from_env = RunPlan.build(tech_support(), settings=MODEL)
    assert (from_env.count, from_env.output_format) == (7, "csv")
    flagged = RunPlan.build(tech_support(), settings={**MODEL, "count": 8, "output_format": "yaml"})
    assert (flagged.count, flagged.output_format, flagged.sources["count"]) == (8, "yaml", "given")
    keyword = RunPlan.build(tech_support(), count=9, settings={**MODEL, "count": 8})
    assert keyword.count == 9


def test_a_count_in_the_environment_reaches_the_cli_and_the_library(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATAGEN_COUNT", "3")
    write(tmp_path / ".env", "DATAGEN_OUTPUT_FORMAT=jsonl\nDATAGEN_PROVIDER=offline\n")
    cli = run_cli("tech-support", "-d", PRODUCT, "-o", "cli", "--seed", "5")
    assert cli.code == 0, cli.stderr
    plan = DataGenerator(tech_support(), out_dir="library").plan
    assert (plan.count, plan.output_format) == (3, "jsonl")
    assert "3 of 3 now in cli/tech-support.jsonl" in cli.stdout


def test_keywords_beat_scenarios_toml(tmp_path: Path) -> None:
    write(tmp_path / "scenarios.toml", SCENARIOS)
    plan = RunPlan.build(tech_support(), count=2, output_format="csv", settings=MODEL)
    assert (plan.count, plan.output_format) == (2, "csv")
    ready = Settings(**MODEL, temperature=1.1)  # type: ignore[arg-type]
    built = RunPlan.build(tech_support(), settings=ready)
    assert (built.settings.temperature, built.settings.max_tokens) == (1.1, 900)


# --- where scenarios.toml is found, and what is refused ---------------------------------
def test_a_library_user_reads_the_file_the_cli_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = write(tmp_path / "elsewhere.toml", "[scenarios.tech-support]\ncount = 3\n")
    monkeypatch.setenv("DATAGEN_SCENARIOS_FILE", str(elsewhere))
    assert RunPlan.build(tech_support(), settings=MODEL).count == 3
    named = write(tmp_path / "named.toml", "[scenarios.tech-support]\ncount = 5\n")
    assert RunPlan.build(tech_support(), settings=MODEL, scenarios_file=named).count == 5
    generator = DataGenerator(tech_support(), settings=Settings(provider="offline"))
    assert generator.count == 3


def test_a_broken_section_is_refused_for_the_library_too(tmp_path: Path) -> None:
    write(tmp_path / "scenarios.toml", "[scenarios.tech-support]\ncount = -3\n")
    with pytest.raises(ConfigError, match=r"scenarios\.toml:2: scenario 'tech-support'"):
        RunPlan.build(tech_support(), settings=MODEL)


def test_a_format_the_scenario_cannot_write_is_refused(tmp_path: Path) -> None:
    class JsonOnly(TechSupportTool):
        output_formats = ("json",)

    tool = JsonOnly({"system_description": PRODUCT})
    write(tmp_path / "scenarios.toml", SCENARIOS)
    with pytest.raises(UsageError, match="cannot write 'jsonl'") as refused:
        RunPlan.build(tool, settings=MODEL)
    assert refused.value.hint == "Choose --output-format from: json"
    with pytest.raises(UsageError, match=r"--count must be at least 1 \(got 0\)"):
        RunPlan.build(tool, count=0, settings=MODEL)


def test_a_plan_is_given_whole() -> None:
    plan = RunPlan.build(tech_support(), settings={"provider": "offline"})
    with pytest.raises(TypeError, match="build the plan with them"):
        DataGenerator(plan, count=3)
    generator = DataGenerator(plan)
    assert generator.plan.model == "offline-synthesizer"
    assert generator.fingerprint_inputs(1)["model"] == "offline-synthesizer"
    assert plan.fingerprint(1) == generator.plan.fingerprint(1)


def test_a_provider_no_one_registered_is_refused_when_it_is_built() -> None:
    plan = RunPlan.build(tech_support(), settings={"provider": "nope", "max_tokens": 10})
    assert (plan.provider, plan.model) == ("nope", None)
    with pytest.raises(UsageError, match="nope"):
        DataGenerator(plan)


def test_the_wizard_offers_what_a_run_without_flags_would_do(tmp_path: Path) -> None:
    path = write(
        tmp_path / "scenarios.toml",
        '[scenarios.notes]\ntool = "sample_tools:NotesTool"\ncount = 6\nformat = "csv"\n',
    )
    answers = ["cats", "", "", "", "", "", "", "", ""]
    session = drive(["notes", *answers, "offline", "", "", "", "", "n"], scenarios_file=path)
    assert session.code == 0, session.screen
    assert "Count of records (at least 1) [6]" in session.screen
    assert "json  (default)" in session.screen  # notes cannot write the file's csv


def test_the_wizard_offers_the_count_and_format_of_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(
        tmp_path / "scenarios.toml", '[scenarios.notes]\ntool = "sample_tools:NotesTool"\n'
    )
    monkeypatch.setenv("DATAGEN_COUNT", "12")
    write(tmp_path / ".env", "DATAGEN_OUTPUT_FORMAT=txt\n")
    answers = ["cats", "", "", "", "", "", "", "", ""]
    session = drive(["notes", *answers, "offline", "", "", "", "", "n"], scenarios_file=path)
    assert session.code == 0, session.screen
    assert "Count of records (at least 1) [12]" in session.screen
    assert "txt  (default)" in session.screen


# --- the manifest ---------------------------------------------------------------------
def test_the_manifest_reads_back_to_the_same_bytes(tmp_path: Path) -> None:
    DataGenerator(
        tech_support(), count=3, out_dir="out", settings=Settings(provider="offline")
    ).run()
    raw = (tmp_path / "out" / ".datagen" / "manifest.json").read_bytes()
    again = Manifest.from_json(orjson.loads(raw)).to_json()
    assert orjson.dumps(again, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n" == raw


def test_an_older_or_odd_manifest_is_read_leniently() -> None:
    manifest = Manifest.from_json(
        {
            "status": "complete",
            "seed": True,
            "counts": {"present": "many", "written": 4, "runs": 2},
            "tokens": {"prompt": 5, "all_runs_prompt": 50, "all_runs_completion": 20},
            "files": "not a list",
        }
    )
    assert manifest.seed is None
    assert (manifest.present, manifest.totals.written, manifest.runs) == (0, 4, 2)
    assert (manifest.totals.prompt_tokens, manifest.totals.completion_tokens) == (50, 20)
    assert manifest.files == ()


def test_the_readme_plan_example_runs(tmp_path: Path) -> None:
    text = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Use as a library\n", 1)[1].split("\n## ", 1)[0]
    first, second = re.findall(r"```python\n(.*?)```", section, re.S)[:2]
    namespace: dict[str, Any] = {}
    exec(compile(first, "README.md", "exec"), namespace)
    exec(compile(second, "README.md", "exec"), namespace)
    plan = namespace["plan"]
    assert (plan.count, plan.output_format, plan.sources["count"]) == (20, "json", "given")
    assert namespace["result"].exit_code == 0
    assert len(list((tmp_path / "data" / "tech-support").glob("*.json"))) == 20
