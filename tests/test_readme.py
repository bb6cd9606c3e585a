"""Every ``datagen`` command in the README runs, and the quick start does what it says."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import orjson
import pytest

from data_generator.tools.tech_support import TechSupportTicket

README = Path(__file__).parent.parent / "README.md"


def _readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    commands = []
    for block in blocks:
        for line in block.replace("\\\n", " ").splitlines():
            for piece in line.split("&&"):
                command = piece.split("#")[0].strip()
                if command.startswith("datagen "):
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


@pytest.mark.parametrize("command", COMMANDS[1:])
def test_every_readme_command_runs(run_cli, command: str) -> None:
    args = shlex.split(command)[1:]
    if args[0] == "inspect":  # looks at what the command before it wrote
        before = shlex.split(COMMANDS[COMMANDS.index(command) - 1])[1:]
        assert run_cli(*before).code == 0
        result = run_cli(*args)
        assert result.code == 0, result.stderr
        return
    if "offline" not in args:  # a model provider: plan the run, call nothing
        result = run_cli(*args, "--dry-run")
        assert result.code == 0, result.stderr
        assert result.stdout.startswith("Dry run of ")
        return
    result = run_cli(*args)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("Wrote ")


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
