"""Every ``datagen`` command in the README runs, and the quick start does what it says."""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import CliRun
from helpers import build_wheel, manifest, pip_install

from data_generator.registry import ToolRegistry
from data_generator.tools.tech_support import TechSupportTicket

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

README = Path(__file__).parent.parent / "README.md"
PLUGIN_SECTION = "## Writing a provider plug-in"
SCENARIO_SECTION = "## Adding a scenario"


def _plugin_section() -> str:
    """The README's provider plug-in section (its commands need the plug-in installed)."""
    text = README.read_text(encoding="utf-8")
    return text.split(PLUGIN_SECTION, 1)[1].split("\n## ", 1)[0]


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    return text.split(title, 1)[1].split("\n## ", 1)[0]


def _readme_commands(text: str | None = None) -> list[str]:
    if text is None:
        text = README.read_text(encoding="utf-8").replace(_plugin_section(), "")
    blocks = re.findall(r"```bash\n(.*?)```", text, re.S)
    commands = []
    for block in blocks:
        for line in block.replace("\\\n", " ").splitlines():
            for piece in line.split("&&"):
                command = piece.split("#")[0].strip()
                if re.match(r"([A-Z_]+=\S+ )*datagen ", command):
                    commands.append(command)
    return commands


def test_readme_has_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert (
        'pip install . && datagen tech-support -d "SaaS CRM" --count 20 --provider offline' in text
    )
    assert 'python -m pip install -e ".[dev]" && python -m nox -s lint typecheck tests' in text
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert 'python -m pip install -e ".[dev]" && python -m nox -s lint typecheck tests' in ci


def test_quick_start_prints_where_the_records_went_and_they_validate(run_cli, tmp_path) -> None:
    command = _readme_commands()[0]
    assert command.startswith("datagen tech-support")
    result = run_cli(*shlex.split(command)[1:])
    assert result.code == 0, result.stderr
    assert "data/tech-support" in result.stdout
    files = sorted((tmp_path / "data" / "tech-support").glob("tech-support-*.json"))
    assert len(files) == 20
    for path in files:
        TechSupportTicket.model_validate(orjson.loads(path.read_bytes()))


COMMANDS = _readme_commands()
#: Providers that need a model: their commands are planned with --dry-run, nothing called.
MODEL_PROVIDERS = ("azure", "openai", "local")


def _declared_scenarios() -> str:
    """The README's declared ``book-review`` scenario, as its ``scenarios.toml`` shows it."""
    text = README.read_text(encoding="utf-8")
    block = text.split("[scenarios.book-review]", 1)[1].split("```", 1)[0]
    return "[scenarios.book-review]" + block


def _example_commands(scenarios_file: Path) -> list[tuple[str, list[str]]]:
    """Every scenario's ``examples()``: the built-ins, then the README's declared one."""
    commands = [
        (example, shlex.split(example)[1:])
        for entry in ToolRegistry.discover()
        for example in entry.load().examples
    ]
    declared = ToolRegistry.discover(scenarios_file).get("book-review").load().examples
    # The declared scenario is found through its file: the flag goes before its name.
    commands += [
        (example, ["--scenarios-file", str(scenarios_file), *shlex.split(example)[1:]])
        for example in declared
    ]
    return commands


def _planned(args: list[str]) -> bool:
    provider = args[args.index("--provider") + 1] if "--provider" in args else "azure"
    return provider in MODEL_PROVIDERS


def test_readme_commands_and_every_example_run_one_after_another(
    run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    scenarios_file = tmp_path / "declared" / "book-review.toml"
    scenarios_file.parent.mkdir()
    scenarios_file.write_text(_declared_scenarios(), encoding="utf-8")
    text = README.read_text(encoding="utf-8")
    for name, content in re.findall(r"`(\S+\.csv)`:\n\n```csv\n(.*?)```", text, re.S):
        (tmp_path / name).write_text(content, encoding="utf-8")  # seed data the commands read
    sequence = [(command, shlex.split(command)[1:]) for command in COMMANDS]
    sequence += _example_commands(scenarios_file)
    assert len(sequence) > 40

    for command, args in sequence:
        if args[0] not in ("inspect", "providers", "--scenarios-file") and command != COMMANDS[0]:
            assert "-o" in args, f"{command!r} names no out-dir of its own"
        planned = _planned(args) if args[0] not in ("inspect", "providers", "merge") else False
        result = run_cli(*args, "--dry-run") if planned else run_cli(*args)

        assert result.code == 0, f"{command}\n{result.stderr}"
        if args[0] == "providers":
            assert "offline (built-in)" in result.stdout
        elif args[0] == "merge":
            assert result.stdout.startswith("Merged "), command
        elif args[0] != "inspect":
            assert result.stdout.startswith("Dry run of " if planned else "Wrote "), command
    names = {path.name for path in (tmp_path / "data").iterdir()}
    assert {"tech-support", "crm-cases", "payroll-cases", "sci-fi-reviews"} <= names


def test_library_example_runs(tmp_path) -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## Use as a library\n\n```python\n(.*?)```", text, re.S)
    assert block is not None
    namespace: dict[str, object] = {}
    exec(compile(block.group(1), "README.md", "exec"), namespace)
    result = namespace["result"]
    assert result.exit_code == 0
    lines = (tmp_path / "out" / "tech-support.jsonl").read_bytes().splitlines()
    assert len(lines) == 20
    assert len(namespace["records"]) == 5
    assert not (tmp_path / "data").exists()  # generate_data writes nothing


def _plugin_files() -> tuple[dict[str, str], str, dict[str, str]]:
    """The README plug-in's package files, entry points and project table, from its blocks."""
    section = _plugin_section()
    files = {}
    for block in re.findall(r"```python\n# (\S+)\n(.*?)```", section, re.S):
        files[block[0]] = block[1]
    toml = re.search(r"```toml\n# pyproject.toml\n(.*?)```", section, re.S)
    assert toml is not None
    project = tomllib.loads(toml.group(1))["project"]
    lines = [f"{k} = {v}" for k, v in project["entry-points"]["data_generator.providers"].items()]
    files["datagen_echo/__init__.py"] = ""
    return files, "[data_generator.providers]\n" + "\n".join(lines) + "\n", project


def _split_command(command: str) -> tuple[dict[str, str], list[str]]:
    """The leading ``NAME=value`` assignments of a README command, and its datagen args."""
    words = shlex.split(command)
    count = next(i for i, word in enumerate(words) if word == "datagen")
    return dict(word.split("=", 1) for word in words[:count]), words[count + 1 :]


@pytest.mark.slow
def test_the_provider_plugin_example_installs_and_runs(run_subprocess, tmp_path) -> None:
    files, entry_points, project = _plugin_files()
    wheel = build_wheel(tmp_path, project["name"], project["version"], files, entry_points)
    pip_install(tmp_path / "site", wheel)
    commands = [_split_command(command) for command in _readme_commands(_plugin_section())]
    site = {"PYTHONPATH": str(tmp_path / "site"), "COLUMNS": "120"}

    (listing, run) = [
        run_subprocess(*args, cwd=tmp_path, env={**site, **env}) for env, args in commands
    ]

    assert listing.code == 0, listing.stderr
    assert listing.stderr == ""
    assert "echo (datagen-provider-echo 0.1.0)" in listing.stdout
    assert "DATAGEN_ECHO_MODEL" in listing.stdout
    assert "[default: echo-1]" in listing.stdout
    assert run.code == 0, run.stderr
    files_written = sorted((tmp_path / "data" / "crm-echo").glob("tech-support-*.json"))
    assert len(files_written) == 5
    for path in files_written:
        TechSupportTicket.model_validate(orjson.loads(path.read_bytes()))
    state = manifest(tmp_path / "data" / "crm-echo")
    assert (state["provider"], state["model"]) == ("echo", "echo-2")
    assert state["tokens"]["completion"] > 0


def _scenario_files(folder: Path) -> None:
    """The README's new scenario as a module, and the scenarios.toml that registers it."""
    section = _section(SCENARIO_SECTION)
    module = re.search(r"```python\n# parcels.py\n(.*?)```", section, re.S)
    toml = re.search(r"```toml\n(.*?)```", section, re.S)
    assert module is not None
    assert toml is not None
    (folder / "parcels.py").write_text(module.group(1), encoding="utf-8")
    (folder / "scenarios.toml").write_text(toml.group(1), encoding="utf-8")


def _scenario_class(folder: Path) -> Any:
    """Write the README's scenario into ``folder`` and load its tool class from there."""
    _scenario_files(folder)
    sys.path.insert(0, str(folder))
    try:
        return ToolRegistry.discover(folder / "scenarios.toml").get("parcel-delivery").load()
    finally:
        sys.path.remove(str(folder))


def test_the_scenario_example_registers_and_its_example_runs(run_subprocess, tmp_path) -> None:
    tool_class = _scenario_class(tmp_path)
    (example,) = tool_class.examples
    env = {"PYTHONPATH": str(tmp_path)}

    helped = run_subprocess("parcel-delivery", "--help", cwd=tmp_path, env=env)
    run = run_subprocess(*shlex.split(example)[1:], cwd=tmp_path, env=env)

    assert helped.code == 0, helped.stderr
    assert "--depot" in helped.stdout
    assert "--express-percent" in helped.stdout
    assert run.code == 0, run.stderr
    written = sorted((tmp_path / "data" / "parcels").glob("parcel-delivery-*.json"))
    assert len(written) == 5
    tool = tool_class({"depot": "North Hub"})
    for index, path in enumerate(written, start=1):
        record = tool.record_model.model_validate(orjson.loads(path.read_bytes()))
        assert (record.parcel_id, record.depot) == (f"PCL-{index:06d}", "North Hub")
        assert tool.problems(record) == []


def test_the_scenario_examples_rules_mend_or_reject(tmp_path) -> None:
    tool_class = _scenario_class(tmp_path)
    tool = tool_class({"depot": "North Hub"})
    base = {
        "parcel_id": "PCL-000001",
        "depot": "Elsewhere",
        "status": "lost",
        "express": False,
        "recipient_email": "ada@example.org",
        "picked_up_at": "2025-03-04T10:00:00Z",
        "delivered_at": "2025-03-04T12:00:00Z",
    }

    mended = tool.post_process(tool.record_model.model_validate(base))
    assert (mended.depot, mended.delivered_at) == ("North Hub", None)
    undated = tool.record_model.model_validate(
        {**base, "status": "delivered", "delivered_at": None}
    )
    assert tool.problems(undated) == [
        "depot differs from --depot",
        "a delivered parcel has no delivered_at",
    ]
    early = {**base, "status": "delivered", "delivered_at": "2025-03-04T09:00:00Z"}
    with pytest.raises(ValueError, match=r"^delivered_at is before picked_up_at$"):
        tool.post_process(tool.record_model.model_validate(early))
