"""The ``datagen`` command line as a user types it: help, runs, options and bad input."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
import typer.main
from helpers import manifest, one_error_line

from data_generator import __version__
from data_generator.cli.help import LOGGING_PANEL, write_examples, write_option_panels
from data_generator.cli.scenario_command import _length_limit
from data_generator.registry import ToolRegistry
from data_generator.scenario_options import cli_arguments
from data_generator.schema import strict_json_schema
from data_generator.tool import CliArgument
from data_generator.tools.healthcare import HealthcareTool
from data_generator.tools.tech_support import TechSupportTicket, TechSupportTool

RunCli = Callable[..., Any]
TECH = ("tech-support", "-d", "SaaS CRM")
OFFLINE = ("--provider", "offline")
SPECIALTIES = (
    "cardiology",
    "dermatology",
    "endocrinology",
    "gastroenterology",
    "general-medicine",
    "neurology",
    "oncology",
    "orthopedics",
    "pediatrics",
    "psychiatry",
    "pulmonology",
)
COMMON_FLAGS = (
    "--count",
    "-n",
    "--out-dir",
    "-o",
    "--output-format",
    "-f",
    "--concurrency",
    "-c",
    "--seed",
    "--provider",
    "--dry-run",
    "--overwrite",
    "--log-level",
    "--env-file",
    "--debug",
    "--azure-openai-endpoint",
    "--openai-endpoint",
    "--azure-openai-deployment",
    "--openai-deployment",
    "--azure-openai-api-key",
    "--azure-openai-api-version",
)


def flat(text: str) -> str:
    """Help text with line wrapping undone."""
    return " ".join(text.split())


def panels(text: str) -> dict[str, str]:
    """The panels of a ``--help`` page, by title, in order: the lines under each rule."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("── "):
            current = found.setdefault(line.strip("─ "), [])
        elif current is not None:
            current.append(line)
    return {title: "\n".join(lines).strip("\n") for title, lines in found.items()}


@pytest.fixture
def notes_scenario(tmp_path: Path) -> Path:
    """Register the sample ``notes`` tool through ./scenarios.toml."""
    path = tmp_path / "scenarios.toml"
    path.write_text('[scenarios.notes]\ntool = "sample_tools:NotesTool"\n', encoding="utf-8")
    return path


# --- help, version, list ---------------------------------------------------------------------
def test_root_help_lists_scenarios_and_list(run_cli: RunCli) -> None:
    run = run_cli("--help")

    assert run.code == 0
    lines = run.stdout.splitlines()
    assert lines[0].startswith("Usage: datagen")
    rows = {line.split()[0]: line for line in lines if line.startswith("  ") and line.split()}
    assert "Support cases for a product" in rows["tech-support"]
    assert "Fictional clinical documents" in rows["healthcare"]
    assert "List the scenarios" in rows["list"]
    assert run.stderr == ""


def test_bare_datagen_prints_the_help_and_succeeds(run_cli: RunCli) -> None:
    run = run_cli()
    help_run = run_cli("--help")

    assert run.code == 0
    assert run.stderr == ""
    assert run.stdout == help_run.stdout
    lines = run.stdout.splitlines()
    assert lines[0].startswith("Usage: datagen")
    assert any(line.split()[:1] == ["tech-support"] for line in lines)


def test_root_help_groups_commands_and_scenarios_and_ends_with_examples(
    run_cli: RunCli,
) -> None:
    run = run_cli("--help")

    sections = panels(run.stdout)
    assert list(sections) == ["Options", "Commands", "Scenarios", "Examples"]
    assert "--scenarios-file" in sections["Options"]
    assert "wizard" in sections["Commands"]
    assert "tech-support" not in sections["Commands"]
    assert "tech-support" in sections["Scenarios"]
    assert "wizard" not in sections["Scenarios"]
    examples = sections["Examples"].splitlines()
    assert '  datagen tech-support -d "SaaS CRM" --count 20 --provider offline' in examples


def test_version(run_cli: RunCli) -> None:
    run = run_cli("--version")

    assert run.code == 0
    assert run.stdout == "datagen 0.1.0\n"
    assert __version__ == version("datagen") == "0.1.0"


def test_python_dash_m_version(run_subprocess: Callable[..., Any], tmp_path: Path) -> None:
    run = run_subprocess("--version", cwd=tmp_path)

    assert run.code == 0, run.stderr
    assert run.stdout.strip() == "datagen 0.1.0"


def test_list_shows_scenarios_with_descriptions(run_cli: RunCli) -> None:
    run = run_cli("list")

    assert run.code == 0
    text = flat(run.stdout)
    assert f"tech-support {TechSupportTool.description}" in text
    assert f"healthcare {HealthcareTool.description}" in text
    assert run.stderr == ""


def test_tech_support_help(run_cli: RunCli) -> None:
    run = run_cli("tech-support", "--help")

    assert run.code == 0
    text = flat(run.stdout)
    options = text.split("── Examples", 1)[0]
    assert "Usage: datagen tech-support [OPTIONS]" in text
    assert "-d, --system-description <str>" in options
    for flag in COMMON_FLAGS:
        assert re.search(rf"(^|[\s,]){re.escape(flag)}[\s,]", options), flag
    assert "<json|jsonl|csv|yaml|parquet|txt>" in text
    assert re.search(
        r"--count <int range> Records in the data set \[env DATAGEN_COUNT; default: 10, or the",
        text,
    )
    assert "e.g. 'SaaS CRM'. [2 to 200 characters] [required]" in text
    examples = TechSupportTool.examples
    assert examples
    for example in examples:
        assert f"  {example}" in run.stdout.splitlines()


def test_healthcare_help(run_cli: RunCli) -> None:
    run = run_cli("healthcare", "--help")

    assert run.code == 0
    text = flat(run.stdout)
    assert "--speciality, --specialty <" + "|".join(SPECIALTIES) + ">" in text
    assert "[default: general-medicine]" in text
    assert "--document-type <" in text
    for example in HealthcareTool.examples:
        assert flat(example) in text


SCENARIOS = ToolRegistry.discover().names()
COMMON_PANELS = {
    "Output": ("--count", "--out-dir", "--output-format", "--seed", "--overwrite", "--yes"),
    "Delivery": ("--upload-to", "--to"),
    "Model": ("--provider", "--azure-openai-endpoint", "--openai-base-url", "--model-path"),
    "Limits": ("--concurrency", "--max-attempts", "--rpm", "--max-tokens", "--token-budget"),
    "Logging": ("--log-level", "--log-format", "--quiet", "--debug"),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_scenario_help_has_panels_limits_and_examples_that_paste(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    tool = ToolRegistry.discover().get(name).load()

    run = run_cli(name, "--help")

    assert run.code == 0
    assert run.stderr == ""
    sections = panels(run.stdout)
    assert list(sections) == ["Scenario options", *COMMON_PANELS, "Options", "Examples"]
    scenario = flat(sections["Scenario options"])
    for argument in cli_arguments(tool):
        assert re.search(rf"(^|[\s,]){re.escape(argument.flags[0])}[\s,/]", scenario), argument
        if argument.max_length is not None:
            limit = f"[{argument.min_length or 0} to {argument.max_length} characters]"
            assert limit in scenario
    for title, flags in COMMON_PANELS.items():
        for flag in flags:
            assert re.search(rf"(^|[\s,]){re.escape(flag)}[\s,]", sections[title]), flag
    # One example a line, never wrapped, each naming its own out-dir.
    assert sections["Examples"].splitlines() == [f"  {example}" for example in tool.examples]
    assert all(" -o data/" in example for example in tool.examples)
    assert not re.search(r"\b1 [a-z]+s\b|\ba [aeiou]", run.stdout)


# --- scenario options reach the records ------------------------------------------------------
@pytest.mark.parametrize(
    ("flag", "value"), [("--specialty", "pediatrics"), ("--speciality", "cardiology")]
)
def test_specialty_spellings_reach_records(
    run_cli: RunCli, tmp_path: Path, flag: str, value: str
) -> None:
    run = run_cli(
        "healthcare", flag, value, "--document-type", "lab-report", "-n", "2", *OFFLINE, "-o", "out"
    )

    assert run.code == 0, run.stderr
    records = [json.loads(p.read_text()) for p in sorted((tmp_path / "out").glob("*.json"))]
    assert len(records) == 2
    assert {r["specialty"] for r in records} == {value}
    assert {r["document_type"] for r in records} == {"lab-report"}


def test_openai_endpoint_spelling_is_taken(run_cli: RunCli) -> None:
    run = run_cli(*TECH, "--provider", "azure", "--openai-endpoint", "https://x.openai.azure.com")

    assert run.code == 2
    line = one_error_line(run)
    assert "--azure-openai-deployment" in line
    assert "endpoint" not in line


def test_openai_deployment_spelling_is_taken(run_cli: RunCli) -> None:
    run = run_cli(*TECH, "--provider", "azure", "--openai-deployment", "gpt-4o")

    assert run.code == 2
    line = one_error_line(run)
    assert "--azure-openai-endpoint" in line
    assert "deployment" not in line


def test_notes_options_of_every_kind(run_cli: RunCli, tmp_path: Path, notes_scenario: Path) -> None:
    run = run_cli(
        "notes",
        "-t",
        "cats",
        "--tone",
        "warm",
        "--mood",
        "busy",
        "--shout",
        "--ratio",
        "0.25",
        "--length",
        "10",
        "-n",
        "1",
        *OFFLINE,
        "-o",
        "out",
    )

    assert run.code == 0, run.stderr
    assert manifest(tmp_path / "out")["options"] == {
        "topic": "cats",
        "length": 10,
        "ratio": 0.25,
        "shout": True,
        "tone": "warm",
        "mood": "busy",
    }


def test_notes_defaults_and_no_shout(run_cli: RunCli, tmp_path: Path, notes_scenario: Path) -> None:
    run = run_cli("notes", "--topic", "dogs", "--no-shout", "-n", "1", *OFFLINE, "-o", "out")

    assert run.code == 0, run.stderr
    assert manifest(tmp_path / "out")["options"] == {
        "topic": "dogs",
        "length": 3,
        "ratio": 0.5,
        "shout": False,
        "tone": "dry",
        "mood": "calm",
    }


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--length", "11"), "--length"),
        (("--length", "0"), "--length"),
        (("--ratio", "1.5"), "--ratio"),
        (("--tone", "loud"), "--tone"),
        (("--mood", "angry"), "--mood"),
    ],
)
def test_notes_bad_option_values(
    run_cli: RunCli, tmp_path: Path, notes_scenario: Path, args: tuple[str, ...], named: str
) -> None:
    run = run_cli("notes", *args, *OFFLINE, "-o", "out")

    assert run.code == 2
    assert named in one_error_line(run)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("level", ["DEBUG", "debug", "Info", "error"])
def test_log_level_accepted_in_any_case(run_cli: RunCli, tmp_path: Path, level: str) -> None:
    run = run_cli(*TECH, "-n", "1", *OFFLINE, "-o", "out", "--log-level", level)

    assert run.code == 0, run.stderr
    assert (tmp_path / "out" / "tech-support-000001.json").is_file()


# --- bad input: one line, exit 2 -------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("nope",), "No such command 'nope'"),
        ((*TECH, "--bogus"), "--bogus"),
        ((*TECH, "--count", "0"), "--count"),
        ((*TECH, "--count", "-3"), "--count"),
        ((*TECH, "-n", "many"), "--count"),
        ((*TECH, "-f", "xml"), "'xml'"),
        ((*TECH, "--provider", "bogus"), "unknown provider 'bogus' (known: azure, local, offline"),
        ((*TECH, "--log-level", "verbose"), "--log-level"),
        ((*TECH, "--concurrency", "0"), "--concurrency"),
        ((*TECH, "--seed", "-1"), "--seed"),
        (("tech-support", *OFFLINE), "--system-description"),
        (("tech-support", "-d", "x", *OFFLINE), "--system-description"),
        (("healthcare", "--speciality", "astrology", *OFFLINE), "astrology"),
        (("healthcare", "--document-type", "poem", *OFFLINE), "poem"),
        ((*TECH, *OFFLINE, "-o", "/proc/datagen-test-dir"), "/proc/datagen-test-dir"),
        ((*TECH, *OFFLINE, "--env-file", "missing.env"), "missing.env"),
    ],
)
def test_bad_input_is_one_line(
    run_cli: RunCli, tmp_path: Path, args: tuple[str, ...], named: str
) -> None:
    run = run_cli(*args)

    assert run.code == 2
    line = one_error_line(run)
    assert named in line
    assert run.stdout == ""
    assert not (tmp_path / "data").exists()


def test_unsupported_format_for_tool(run_cli: RunCli, tmp_path: Path, notes_scenario: Path) -> None:
    run = run_cli("notes", "-f", "csv", *OFFLINE, "-o", "out")

    assert run.code == 2
    line = one_error_line(run)
    assert "'csv'" in line
    assert "json, txt" in line
    assert not (tmp_path / "out").exists()


def test_out_dir_that_is_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("not a folder")

    run = run_cli(*TECH, *OFFLINE, "-o", "taken")

    assert run.code == 2
    assert "taken" in one_error_line(run)
    assert (tmp_path / "taken").read_text() == "not a folder"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes through chmod"
)
def test_out_dir_not_writable_by_permissions(run_cli: RunCli, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        run = run_cli(*TECH, *OFFLINE, "-o", str(locked / "out"))
    finally:
        locked.chmod(0o700)

    assert run.code == 2
    assert "cannot write to out-dir" in one_error_line(run)


def test_fingerprint_mismatch(run_cli: RunCli, tmp_path: Path) -> None:
    first = run_cli(*TECH, "-n", "2", *OFFLINE, "-o", "out", "--seed", "1")
    assert first.code == 0, first.stderr
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.json")}

    second = run_cli(*TECH, "-n", "2", *OFFLINE, "-o", "out", "--seed", "2")

    assert second.code == 2
    line = one_error_line(second)
    assert "seed 1 -> 2" in line
    assert "--overwrite" in line
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.json")} == before

    third = run_cli(*TECH, "-n", "2", *OFFLINE, "-o", "out", "--seed", "2", "--overwrite")
    assert third.code == 0, third.stderr
    assert manifest(tmp_path / "out")["seed"] == 2


# --- runs ------------------------------------------------------------------------------------
def test_successful_run_says_what_and_where(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "results"

    run = run_cli(*TECH, "-n", "3", *OFFLINE, "-o", str(out), "--seed", "9")

    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Wrote 3 tech-support records")
    assert "(seed 9)" in lines[0]
    assert "3 of 3" in lines[0]
    assert str(out) in lines[0]
    assert run.stderr == ""
    names = sorted(p.name for p in out.glob("*.json"))
    assert names == [f"tech-support-00000{i}.json" for i in (1, 2, 3)]
    record = json.loads((out / names[0]).read_text())
    assert record["system_description"] == "SaaS CRM"


def test_rerun_completes_the_set(run_cli: RunCli, tmp_path: Path) -> None:
    first = run_cli(*TECH, "-n", "2", *OFFLINE, "-o", "out", "--seed", "4")
    second = run_cli(*TECH, "-n", "3", *OFFLINE, "-o", "out", "--seed", "4")

    assert first.code == 0, first.stderr
    assert second.code == 0, second.stderr
    assert second.stdout.startswith("Wrote 1 tech-support record in ")
    assert "2 were already there" in second.stdout
    assert len(list((tmp_path / "out").glob("*.json"))) == 3


def test_dry_run_prints_plan_and_writes_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    run = run_cli(*TECH, "-n", "5", *OFFLINE, "-o", "out", "--seed", "3", "--dry-run")

    assert run.code == 0, run.stderr
    out = run.stdout
    assert out.startswith("Dry run of tech-support: 5 of 5 records to make")
    system = out.split("--- system message ---\n", 1)[1].split("\n--- prompt", 1)[0]
    assert system.strip() == TechSupportTool.system
    prompt = out.split("--- prompt for record 1 ---\n", 1)[1].split("\n--- output schema", 1)[0]
    assert "case number 1 for the product: SaaS CRM" in prompt
    schema_text = out.split("--- output schema ---\n", 1)[1].split("\nNothing was called", 1)[0]
    assert json.loads(schema_text) == strict_json_schema(TechSupportTicket)
    assert "Nothing was called or written." in out
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "data").exists()


# --- help building blocks ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("low", "high", "shown"),
    [(3, None, " [at least 3 characters]"), (None, 40, " [0 to 40 characters]"), (None, None, "")],
)
def test_string_length_limits_as_help_shows_them(
    low: int | None, high: int | None, shown: str
) -> None:
    argument = CliArgument("topic", ("--topic",), "str", "Topic.", min_length=low, max_length=high)

    assert _length_limit(argument) == shown


def test_a_panel_of_its_own_comes_before_the_plain_options_and_hidden_ones_stay_hidden() -> None:
    app = typer.Typer(add_completion=False, rich_markup_mode=None)

    @app.command()
    def run(
        size: Annotated[int, typer.Option(help="Size.", rich_help_panel="Plug-in")] = 1,
        secret: Annotated[int, typer.Option(hidden=True)] = 2,
        verbose: Annotated[
            bool, typer.Option(help="Chatty.", rich_help_panel=LOGGING_PANEL)
        ] = False,
    ) -> None:
        """Run."""

    command = typer.main.get_command(app)
    ctx = command.make_context("run", [])
    formatter = ctx.make_formatter()
    write_option_panels(command, ctx, formatter)
    write_examples(formatter, [])

    sections = panels(formatter.getvalue())
    assert list(sections) == ["Logging", "Plug-in", "Options"]
    assert "--size" in sections["Plug-in"]
    assert "--secret" not in formatter.getvalue()
    assert "Examples" not in sections
