"""Scenario tools in general: examples run, options become typed flags, generic text."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sample_tools import NotesTool

from data_generator.scenario_options import cli_arguments
from data_generator.tool import CliArgument, DataGeneratorTool, render_generic_text

# --- examples run ---------------------------------------------------------------------

EXAMPLES = [
    pytest.param(tool, n, example, id=f"{tool().name}-{n}")
    for tool in (NotesTool,)  # the catalogue's examples run in test_catalogue.py
    for n, example in enumerate(tool().examples)
]
VALUE_OPTIONS = {"--count", "-n", "--seed", "--out-dir", "-o"}


@pytest.mark.parametrize(("tool_class", "n", "example"), EXAMPLES)
def test_every_example_command_runs(
    run_cli: Callable[..., Any],
    tmp_path: Path,
    tool_class: type[DataGeneratorTool[Any, Any]],
    n: int,
    example: str,
) -> None:
    if tool_class is NotesTool:  # a test scenario: registered through scenarios.toml
        (tmp_path / "scenarios.toml").write_text(
            '[scenarios.notes]\ntool = "sample_tools:NotesTool"\n'
        )
    words = shlex.split(example)
    assert words[0] == "datagen"
    args: list[str] = []
    rest = iter(words[1:])
    for word in rest:
        if word in VALUE_OPTIONS:
            next(rest)  # replaced below
        else:
            args.append(word)
    out = tmp_path / f"ex{n}"

    done = run_cli(*args, "-o", str(out), "--seed", "1", "--count", "1")

    assert done.code == 0, done.stderr
    name = tool_class().name
    fmt = next((args[i + 1] for i, a in enumerate(args) if a in ("-f", "--output-format")), "json")
    expected = out / (f"{name}.{fmt}" if fmt in ("jsonl", "csv") else f"{name}-000001.{fmt}")
    assert expected.is_file(), sorted(p.name for p in out.iterdir())
    assert expected.stat().st_size > 0
    assert "Wrote 1" in done.stdout


# --- command-line options -------------------------------------------------------------


def argument(tool: DataGeneratorTool[Any, Any], name: str) -> CliArgument:
    return next(a for a in cli_arguments(tool) if a.name == name)


def test_notes_options_map_to_typed_flags() -> None:
    tool = NotesTool()
    length = argument(tool, "length")
    assert (length.kind, length.minimum, length.maximum, length.default) == ("int", 1, 10, 3)
    assert argument(tool, "topic").flags == ("--topic", "-t")
    assert argument(tool, "shout").kind == "bool"
    assert argument(tool, "tone").choices == ("dry", "warm")
    assert argument(tool, "mood").choices == ("calm", "busy")
    assert argument(tool, "mood").default == "calm"
    ratio = argument(tool, "ratio")
    assert (ratio.kind, ratio.minimum, ratio.maximum) == ("float", 0.0, 1.0)


def test_generic_text_rendering_of_a_tool_without_its_own(run_cli, tmp_path: Path) -> None:
    (tmp_path / "scenarios.toml").write_text('[scenarios.notes]\ntool = "sample_tools:NotesTool"\n')
    result = run_cli("notes", "-t", "cats", "-n", "2", "-f", "txt", "--seed", "5", "-o", "out",
                     "--provider", "offline")  # fmt: skip
    assert result.code == 0, result.stderr
    lines = (tmp_path / "out" / "notes-000001.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == NotesTool.description
    assert lines[1] == "=" * len(NotesTool.description)
    assert any(line.startswith("Note id: NOTE-") for line in lines)
    tags = lines.index("Tags:")
    assert lines[tags + 1] == "  -"
    assert lines[tags + 2].startswith("    Label: ")
    assert lines[tags + 3].startswith("    Weight: ")


def test_render_generic_text_layout() -> None:
    text = render_generic_text(
        "Title", {"a_b": None, "items": ["x", "y"], "inner": {"deep_key": 1}, "rows": [{"k": 2}]}
    )
    assert text == (
        "Title\n=====\n\nA b: \nItems:\n  - x\n  - y\nInner:\n  Deep key: 1\nRows:\n  -\n    K: 2\n"
    )
