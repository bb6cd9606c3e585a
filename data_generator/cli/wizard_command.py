"""The command a wizard session makes: its answers as ``datagen`` arguments."""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data_generator.engine.plan import DEFAULT_COUNT
from data_generator.formats import DEFAULT_FORMAT
from data_generator.settings import flag_and_variable
from data_generator.tool import CliArgument

__all__ = ["WizardAnswers", "command_line", "option_flags"]


@dataclass
class WizardAnswers:
    """Everything the wizard asked, ready to become a command line.

    Attributes:
        scenario: The scenario's name.
        arguments: The scenario's options, as the command line sees them.
        values: The chosen option values, by field name.
        provider: A registered provider's name (``azure``, ``openai``, ``offline``...).
        connection: Connection settings the user typed, by settings field name.
        count: Records in the data set.
        output_format: The file format.
        out_dir: The output folder, as typed.
        seed: The run seed.
        scenarios_file: The ``--scenarios-file`` the wizard ran with, if any.
        overwrite: Replace what the out-dir holds (``--overwrite``).
    """

    scenario: str
    arguments: Sequence[CliArgument] = ()
    values: Mapping[str, Any] = field(default_factory=dict)
    provider: str = "offline"
    connection: Mapping[str, str] = field(default_factory=dict)
    count: int = DEFAULT_COUNT
    output_format: str = DEFAULT_FORMAT
    out_dir: str = ""
    seed: int = 0
    scenarios_file: Path | None = None
    overwrite: bool = False

    def argv(self) -> list[str]:
        """The command's arguments after ``datagen``."""
        argv = ["--scenarios-file", str(self.scenarios_file)] if self.scenarios_file else []
        argv.append(self.scenario)
        argv += option_flags(self.arguments, self.values)
        argv += _flag("--count", str(self.count))
        argv += _flag("--output-format", self.output_format)
        argv += _flag("--out-dir", self.out_dir or f"data/{self.scenario}")
        argv += _flag("--seed", str(self.seed))
        argv += _flag("--provider", self.provider)
        for name, value in self.connection.items():
            argv += _flag(flag_and_variable(name)[0], value)
        if self.overwrite:
            argv.append("--overwrite")
        return argv


def option_flags(arguments: Sequence[CliArgument], values: Mapping[str, Any]) -> list[str]:
    """Flags for the options whose value is not their default (required ones always).

    Booleans become ``--name`` or ``--no-name``; options left unset are left out.
    """
    flags: list[str] = []
    for argument in arguments:
        value = values.get(argument.name)
        if value is None or (not argument.required and value == argument.default):
            continue
        flag = argument.flags[0]
        if argument.kind == "bool":
            flags.append(flag if value else "--no-" + flag.removeprefix("--"))
        else:
            flags += _flag(flag, str(value))
    return flags


def _flag(flag: str, value: str) -> list[str]:
    # A value that starts with '-' would be read as a flag: keep it joined to its flag.
    return [f"{flag}={value}"] if value.startswith("-") else [flag, value]


def command_line(argv: Sequence[str]) -> str:
    """The shell-quoted ``datagen`` command of ``argv``."""
    return shlex.join(["datagen", *argv])
