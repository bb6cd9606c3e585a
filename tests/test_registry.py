"""Finding scenarios: entry points, ``scenarios.toml``, registration, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from helpers import one_error_line
from pydantic import BaseModel
from sample_tools import NotesTool

from data_generator.errors import UsageError
from data_generator.registry import ENTRY_POINT_GROUP, ToolRegistry, read_entry_points
from data_generator.tool import DataGeneratorTool
from data_generator.tools.healthcare import HealthcareTool
from data_generator.tools.tech_support import TechSupportTool

RunCli = Callable[..., Any]
NOTES = '[scenarios.notes]\ntool = "sample_tools:NotesTool"\n'
NOTES_RUN = ("notes", "-n", "2", "--provider", "offline", "-o", "out")
TECH_RUN = ("tech-support", "-d", "SaaS CRM", "-n", "1", "--provider", "offline", "-o", "tech")
HEAVY = ("semantic_kernel", "openai", "pyarrow", "pandas", "pydantic_settings")
TECH_MODULE = "data_generator.tools.tech_support"
HEALTH_MODULE = "data_generator.tools.healthcare"


def listed(run: Any) -> dict[str, str]:
    """``datagen list`` rows as {scenario: description}."""
    rows: dict[str, str] = {}
    last = ""
    for line in run.stdout.splitlines()[1:]:
        if line.startswith(" "):  # a wrapped description goes on
            rows[last] += " " + line.strip()
            continue
        last, _, description = line.strip().partition(" ")
        if last:
            rows[last] = description.strip()
    return rows


# --- entry points ----------------------------------------------------------------------------
def test_builtins_are_entry_points() -> None:
    found = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}

    assert found["tech-support"] == "data_generator.tools.tech_support:TechSupportTool"
    assert found["healthcare"] == "data_generator.tools.healthcare:HealthcareTool"


def test_entry_points_are_read_as_importlib_metadata_reads_them() -> None:
    found = read_entry_points(ENTRY_POINT_GROUP)

    assert found is not None  # a plain installation: no finder beyond the file system
    expected = {(ep.name, ep.value) for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert {(name, value) for _, name, value in found} == expected
    assert "datagen" in {dist for dist, _, _ in found}


class DistributionFinder:
    """A meta-path finder that also knows distributions (as a zipapp's loader may)."""

    @staticmethod
    def find_spec(*_args: Any) -> None:
        return None

    @staticmethod
    def find_distributions(*_args: Any) -> list[Any]:
        return []


def test_a_finder_of_distributions_sends_discovery_to_importlib_metadata(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, DistributionFinder])

    registry = ToolRegistry.discover(tmp_path / "none.toml")

    assert read_entry_points(ENTRY_POINT_GROUP) is None
    assert registry.get("healthcare").source == "entry point of 'datagen'"


def test_a_zip_on_sys_path_sends_discovery_to_importlib_metadata(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    packages = tmp_path / "packages.zip"
    packages.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip archive
    monkeypatch.syspath_prepend(str(packages))

    assert read_entry_points(ENTRY_POINT_GROUP) is None
    assert "tech-support" in ToolRegistry.discover(tmp_path / "none.toml")


def test_discover_lists_builtins_with_descriptions(tmp_path: Path) -> None:
    registry = ToolRegistry.discover(tmp_path / "no-such.toml")

    assert {"healthcare", "tech-support"} <= set(registry.names())
    descriptions = {entry.name: entry.description for entry in registry}
    assert descriptions["tech-support"] == TechSupportTool.description
    assert descriptions["healthcare"] == HealthcareTool.description
    assert registry.problems == []
    assert registry.get("tech-support").load() is TechSupportTool
    assert isinstance(
        registry.create("tech-support", {"system_description": "CRM"}), TechSupportTool
    )


# --- scenarios.toml --------------------------------------------------------------------------
def test_scenarios_toml_adds_a_scenario(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "scenarios.toml").write_text(NOTES)

    run = run_cli(*NOTES_RUN)
    help_run = run_cli("--help")
    list_run = run_cli("list")

    assert run.code == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == [
        "notes-000001.json",
        "notes-000002.json",
    ]
    assert help_run.code == 0
    assert any(
        line.split()[:1] == ["notes"] and NotesTool.description in line
        for line in help_run.stdout.splitlines()
    )
    assert list_run.code == 0
    assert listed(list_run)["notes"] == NotesTool.description
    assert list_run.stderr == ""


def test_scenarios_toml_description_is_used(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "scenarios.toml").write_text(NOTES + 'description = "Short notes."\n')

    run = run_cli("list")

    assert run.code == 0
    assert listed(run)["notes"] == "Short notes."


def test_without_scenarios_toml_notes_is_unknown(run_cli: RunCli) -> None:
    run = run_cli(*NOTES_RUN)

    assert run.code == 2
    assert "No such command 'notes'" in one_error_line(run)


def test_scenarios_file_from_environment(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "extra.toml").write_text(NOTES)
    monkeypatch.setenv("DATAGEN_SCENARIOS_FILE", "conf/extra.toml")

    run = run_cli(*NOTES_RUN)
    list_run = run_cli("list")
    help_run = run_cli("--help")

    assert run.code == 0, run.stderr
    assert len(list((tmp_path / "out").glob("*.json"))) == 2
    assert list_run.code == 0
    assert "notes" in listed(list_run)
    assert help_run.code == 0
    assert NotesTool.description in help_run.stdout


def test_scenarios_file_flag(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "extra.toml").write_text(NOTES)

    run = run_cli("--scenarios-file", "extra.toml", *NOTES_RUN)
    list_run = run_cli("--scenarios-file", "extra.toml", "list")
    plain = run_cli("list")

    assert run.code == 0, run.stderr
    assert len(list((tmp_path / "out").glob("*.json"))) == 2
    assert list_run.code == 0
    assert "notes" in listed(list_run)
    assert plain.code == 0
    assert "notes" not in listed(plain)


def test_scenarios_file_flag_shows_in_help(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "extra.toml").write_text(NOTES)

    run = run_cli("--scenarios-file", "extra.toml", "--help")

    assert run.code == 0
    assert NotesTool.description in run.stdout


BROKEN = {
    "invalid-toml": "[scenarios.notes\ntool = 1\n",
    "no-colon": '[scenarios.notes]\ntool = "sample_tools.NotesTool"\n',
    "no-import": '[scenarios.notes]\ntool = "no_such_module_xyz:NotesTool"\n',
    "not-a-tool": '[scenarios.notes]\ntool = "sample_tools:Note"\n',
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_broken_scenarios_toml_keeps_builtins(run_cli: RunCli, tmp_path: Path, kind: str) -> None:
    (tmp_path / "scenarios.toml").write_text(BROKEN[kind])

    tech = run_cli(*TECH_RUN)
    notes = run_cli(*NOTES_RUN)
    help_run = run_cli("--help")

    assert tech.code == 0, tech.stderr
    assert (tmp_path / "tech" / "tech-support-000001.json").is_file()
    assert notes.code == 2
    one_error_line(notes)
    assert not (tmp_path / "out").exists()
    assert help_run.code == 0
    assert "tech-support" in help_run.stdout


@pytest.mark.parametrize(
    "kind",
    ["invalid-toml", "no-colon", "no-import", "not-a-tool"],
)
def test_broken_scenarios_toml_list_warns(run_cli: RunCli, tmp_path: Path, kind: str) -> None:
    (tmp_path / "scenarios.toml").write_text(BROKEN[kind])

    run = run_cli("list")

    assert run.code == 0
    rows = listed(run)
    assert rows["tech-support"] == TechSupportTool.description
    assert rows["healthcare"] == f"{HealthcareTool.description} (also: healthcare-record)"
    warnings = run.stderr.splitlines()
    assert len(warnings) == 1, run.stderr
    assert warnings[0].startswith("datagen: warning: ")
    assert "scenarios.toml" in warnings[0]


def test_scenarios_toml_cannot_shadow_a_builtin(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "scenarios.toml").write_text(
        '[scenarios.tech-support]\ntool = "sample_tools:NotesTool"\n'
    )

    listing = run_cli("list")
    run = run_cli(*TECH_RUN)

    assert listing.code == 0
    assert listed(listing)["tech-support"] == TechSupportTool.description
    assert "datagen: warning: " in listing.stderr
    assert "'tech-support'" in listing.stderr
    assert run.code == 0, run.stderr
    assert (tmp_path / "tech" / "tech-support-000001.json").is_file()


# --- the tool contract and direct registration -----------------------------------------------
def test_tool_missing_a_declaration_cannot_be_instantiated() -> None:
    class Options(BaseModel):
        pass

    class Incomplete(DataGeneratorTool[Options, Options]):
        name = "incomplete"

    with pytest.raises(TypeError, match="Incomplete does not declare 'description'"):
        Incomplete()


def test_register_then_create() -> None:
    registry = ToolRegistry()
    registry.register(NotesTool)

    tool = registry.create("notes")

    assert isinstance(tool, NotesTool)
    assert registry.names() == ["notes"]
    assert registry.get("notes").description == NotesTool.description
    assert "notes" in registry


def test_unknown_name_lists_known_names(tmp_path: Path) -> None:
    registry = ToolRegistry.discover(tmp_path / "none.toml")
    registry.register(NotesTool)

    with pytest.raises(UsageError) as caught:
        registry.create("nope")

    line = caught.value.one_line()
    assert "'nope'" in line
    assert "healthcare, " in line
    assert "notes, " in line


# --- fast help: what a listing imports -------------------------------------------------------
PROBE = """
import json, sys
from data_generator.cli import main
code = None
try:
    code = main(json.loads(sys.argv[2]))
except SystemExit as exc:
    code = exc.code
finally:
    with open(sys.argv[1], "w") as fh:
        json.dump({"code": code, "modules": sorted(sys.modules)}, fh)
"""


def probe(tmp_path: Path, args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``main(args)`` in a fresh interpreter; return exit code, stdout and modules."""
    report = tmp_path / "probe.json"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(report), json.dumps(args)],
        cwd=tmp_path,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(report.read_text())
    result["stdout"] = done.stdout
    return result


def imported(modules: list[str], name: str) -> bool:
    return any(module == name or module.startswith(name + ".") for module in modules)


def test_root_help_imports_no_scenario_or_sdk(tmp_path: Path) -> None:
    result = probe(tmp_path, ["--help"])

    assert result["code"] == 0
    assert "tech-support" in result["stdout"]
    for name in (*HEAVY, TECH_MODULE, HEALTH_MODULE):
        assert not imported(result["modules"], name), name


def test_list_imports_no_scenario_or_sdk(tmp_path: Path) -> None:
    result = probe(tmp_path, ["list"])

    assert result["code"] == 0
    assert "healthcare" in result["stdout"]
    for name in (*HEAVY, TECH_MODULE, HEALTH_MODULE):
        assert not imported(result["modules"], name), name


def test_scenario_help_imports_only_that_scenario(tmp_path: Path) -> None:
    result = probe(tmp_path, ["tech-support", "--help"])

    assert result["code"] == 0
    assert "--system-description" in result["stdout"]
    assert imported(result["modules"], TECH_MODULE)
    assert not imported(result["modules"], HEALTH_MODULE)
    for name in HEAVY:
        assert not imported(result["modules"], name), name
