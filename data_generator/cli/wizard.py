"""``datagen wizard``: questions instead of flags, then the equivalent command.

The questions come from the same declarations the sub-commands use: the registry lists
the scenarios, :func:`~data_generator.scenario_options.cli_arguments` gives the
options and :func:`~data_generator.scenario_options.parse_options` has the last
word on them, and :func:`~data_generator.settings.load_settings` says which connection
settings are already resolved. A declarative or third-party scenario therefore gets a
wizard without writing one.

The order is: scenario, its options, provider and connection, count, output format,
out-dir and seed. Before the last question the wizard checks what would fail the run
(a provider's settings, a format whose extra is missing, an out-dir holding another run)
and offers a way out; ``<`` or ``back`` returns to the previous question (see
:mod:`data_generator.cli.wizard_flow`). It then prints the one-line ``datagen`` command
and, if asked to, runs it through :func:`data_generator.cli.main`, the path a typed
command takes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.text import Text

from data_generator.cli.prompts import (
    Default,
    InvalidAnswerError,
    Prompter,
    parse_choice,
    parse_int,
    parse_text,
)
from data_generator.cli.wizard_command import WizardAnswers, command_line, option_flags
from data_generator.cli.wizard_flow import Step, walk
from data_generator.cli.wizard_out_dir import PlannedRun, check_format
from data_generator.cli.wizard_provider import (
    connection_question,
    default_provider,
    key_note,
    parse_url,
    provider_specs,
    provider_table,
    setting_sources,
)
from data_generator.cli.wizard_where import Where
from data_generator.engine.plan import resolve_count, resolve_format
from data_generator.errors import EXIT_INTERRUPTED, EXIT_OK, DatagenError, UsageError
from data_generator.formats import OutputFormat
from data_generator.providers.spec import ProviderSpec
from data_generator.registry import ToolEntry, ToolRegistry
from data_generator.scenario_options import cli_arguments, parse_options
from data_generator.settings import Settings, load_settings
from data_generator.tool import CliArgument, DataGeneratorTool

__all__ = ["CANCELLED", "WizardAnswers", "command_line", "option_flags", "run_wizard"]

#: The line printed when the user leaves the wizard with Ctrl-C or end of input.
CANCELLED = "wizard cancelled; nothing was run"


def run_wizard(
    registry: ToolRegistry,
    *,
    scenario: str | None = None,
    scenarios_file: Path | None = None,
    console: Console | None = None,
    read_line: Callable[[], str] = input,
) -> int:
    """Ask, print the equivalent command, and run it if the user says so.

    Args:
        registry: The scenarios to choose from.
        scenario: Skip the scenario menu and use this one.
        scenarios_file: The ``--scenarios-file`` in effect, repeated in the command.
        console: Where to print; a Rich console on stdout by default.
        read_line: Reads one answer; :func:`input` by default.

    Returns:
        The exit code: the run's, 0 when the user did not run it, 130 when cancelled.
    """
    console = console or Console(highlight=False)
    prompter = Prompter(console, read_line, back=True)
    interview = _Interview(prompter, registry, scenario, scenarios_file)
    try:
        walk(prompter, interview.steps)
    except (KeyboardInterrupt, EOFError):
        console.print()
        sys.stderr.write(f"datagen: {CANCELLED}\n")
        return EXIT_INTERRUPTED
    if not interview.run or interview.chosen is None:
        prompter.note("Nothing was run. Copy the command above to run it later.", style="")
        return EXIT_OK
    from data_generator.cli import main

    return main(interview.answers(interview.chosen).argv())


@dataclass
class _Chosen:
    """The scenario picked, and the answers that depend on it."""

    entry: ToolEntry
    tool: type[DataGeneratorTool[Any, Any]]
    count: int
    output_format: OutputFormat
    arguments: Sequence[CliArgument] = ()
    values: dict[str, Any] = field(default_factory=dict)
    redo: set[str] = field(default_factory=set)  # options a validation error sent back
    options: BaseModel | None = None

    @classmethod
    def of(
        cls, entry: ToolEntry, tool: type[DataGeneratorTool[Any, Any]], registry: ToolRegistry
    ) -> _Chosen:
        """The scenario with the count and format a run without flags would have."""
        file_settings = registry.settings_of(entry.name)
        try:  # DATAGEN_COUNT / DATAGEN_OUTPUT_FORMAT from the environment or .env
            settings: Settings | None = load_settings(scenario=entry.name)
        except DatagenError:  # said when the wizard reads the connection settings
            settings = None
        given = settings.model_dump(include=settings.model_fields_set) if settings else {}
        try:
            output_format, _ = resolve_format(tool, given.get("output_format"), file_settings)
        except UsageError:  # a format the scenario cannot write: ask
            output_format = tool.output_formats[0]
        count, _ = resolve_count(given.get("count"), file_settings)
        return cls(entry, tool, count, output_format, cli_arguments(tool))


class _Interview:
    """The wizard's questions as steps, and the answers given so far."""

    def __init__(
        self,
        prompter: Prompter,
        registry: ToolRegistry,
        scenario: str | None,
        scenarios_file: Path | None,
    ) -> None:
        self.prompter = prompter
        self.registry = registry
        self.preset = scenario
        self.scenarios_file = scenarios_file
        self.chosen: _Chosen | None = None
        self.specs: dict[str, ProviderSpec] = {}
        self.settings = Settings()
        self.sources: dict[str, str] = {}
        self.provider = ""
        self.connection: dict[str, str] = {}
        self.planned_settings = self.settings
        self.where = Where()
        self.run = False

    # --- the plan ---------------------------------------------------------------------
    def steps(self) -> list[Step]:
        """The interview's steps as the answers so far make them."""
        steps = [Step("intro", self._intro, question=False), Step("scenario", self._scenario)]
        if (chosen := self.chosen) is None:
            return steps
        steps.append(Step("options", partial(self._options_header, chosen), question=False))
        steps += [
            Step(
                f"option {argument.name}",
                partial(self._option, chosen, argument),
                applies=partial(_due, chosen, argument),
            )
            for argument in chosen.arguments
        ]
        steps += [
            Step("check options", partial(self._check_options, chosen), question=False),
            Step("connection", partial(self._connection_table, chosen), question=False),
            Step("provider", self._provider),
        ]
        steps += [
            Step(
                f"{spec.name} {name}",
                partial(self._connection, name),
                applies=partial(self._lacks, spec.name, name),
            )
            for spec in self.specs.values()
            for name in spec.required
        ]
        where = self.where
        configured = self.settings.seed if "seed" in self.settings.model_fields_set else None
        steps += [
            Step("check provider", partial(self._check_provider, chosen), question=False),
            Step("run", partial(_section, self.prompter, "Run"), question=False),
            Step("count", partial(self._count, chosen)),
            Step("format", partial(self._format, chosen)),
            Step("out-dir", lambda: where.ask_folder(self.prompter, self._plan(chosen))),
            Step("seed", lambda: where.ask_seed(self.prompter, self._plan(chosen), configured)),
            Step(
                "occupied",
                lambda: where.ask_instead(self.prompter, self._plan(chosen)),
                applies=lambda: where.occupant.kind == "other",
            ),
            Step("confirm", partial(self._confirm, chosen)),
        ]
        return steps

    def answers(self, chosen: _Chosen) -> WizardAnswers:
        """What was answered, as the command line needs it."""
        required = self.specs[self.provider].required
        return WizardAnswers(
            chosen.tool.name,
            chosen.arguments,
            dict(chosen.values),
            self.provider,
            {name: value for name, value in self.connection.items() if name in required},
            chosen.count,
            chosen.output_format,
            self.where.out_dir,
            self.where.seed or 0,
            self.scenarios_file,
            self.where.overwrite,
        )

    # --- scenario and options ---------------------------------------------------------
    def _intro(self) -> None:
        self.prompter.note(
            "datagen wizard: answer a few questions (Enter keeps the [default]; < or back "
            "returns to the previous question; Ctrl-C leaves). You get the equivalent "
            "command at the end.",
            style="",
        )
        for problem in self.registry.problems:
            self.prompter.note(f"warning: {problem}", style="yellow")

    def _scenario(self) -> None:
        """Ask for a scenario until one loads; a name given up front is tried first."""
        names = self.registry.names()
        descriptions = {entry.name: entry.description for entry in self.registry}
        name, self.preset = self.preset, None
        while True:
            if name is None:
                _section(self.prompter, "Scenario")
                current = self.chosen.tool.name if self.chosen is not None else None
                name = self.prompter.choose(
                    "Scenario", names, current, descriptions, parse=self._parse_scenario
                )
            try:
                entry = self.registry.get(name)
                tool = entry.load()
            except DatagenError as exc:
                self.prompter.refuse(exc.one_line())
                name = None
                continue
            if self.chosen is None or tool.name != self.chosen.tool.name:
                # A new scenario: the answers that depended on the previous one go.
                self.chosen = _Chosen.of(entry, tool, self.registry)
                self.where.typed = ""
            return

    def _parse_scenario(self, text: str) -> str:
        names = self.registry.names()
        try:
            return parse_choice(text, names)
        except InvalidAnswerError:
            if self.registry.resolve(text.strip()) in names:  # an alias
                return self.registry.resolve(text.strip())
            raise

    def _options_header(self, chosen: _Chosen) -> None:
        _section(self.prompter, f"Options of {chosen.tool.name}")
        if not chosen.arguments:
            self.prompter.note("This scenario has no options.")

    def _option(self, chosen: _Chosen, argument: CliArgument) -> None:
        current = chosen.values.get(argument.name)
        chosen.values[argument.name] = self.prompter.argument(argument, current)

    def _check_options(self, chosen: _Chosen) -> str | None:
        """Let the options model judge; send the options it refuses back to be asked."""
        try:
            chosen.options = parse_options(chosen.tool, chosen.values)
        except UsageError as exc:
            self.prompter.refuse(exc.message)
            todo = _offending(exc, chosen.arguments)
            self.prompter.note(f"Please answer {'it' if len(todo) == 1 else 'these'} again.")
            chosen.redo = {argument.name for argument in todo}
            return f"option {todo[0].name}"
        chosen.redo = set()
        return None

    # --- provider and connection ------------------------------------------------------
    def _connection_table(self, chosen: _Chosen) -> None:
        self.settings = load_settings(scenario=chosen.tool.name)
        self.sources = setting_sources(self.settings)
        self.specs = self.specs or provider_specs(self.prompter)
        _section(self.prompter, "Provider and connection")
        provider_table(self.prompter, self.settings, self.sources, self.specs)

    def _provider(self) -> None:
        notes = {name: spec.summary for name, spec in self.specs.items()}
        default = self.provider or default_provider(self.settings, self.sources, self.specs)
        self.provider = self.prompter.choose("Provider", list(self.specs), default, notes)

    def _lacks(self, provider: str, name: str) -> bool:
        return self.provider == provider and not getattr(self.settings, name)

    def _connection(self, name: str) -> None:
        parse = parse_url if name.endswith(("endpoint", "url")) else parse_text
        earlier = self.connection.get(name)
        default = _default(earlier) if earlier is not None else None
        self.connection[name] = self.prompter.ask(connection_question(name), parse, default)

    def _check_provider(self, chosen: _Chosen) -> str | None:
        """Check the provider's settings as the run will; on a refusal ask it again."""
        spec = self.specs[self.provider]
        typed = {name: self.connection[name] for name in spec.required if name in self.connection}
        try:
            self.planned_settings = load_settings(
                {"provider": self.provider, **typed}, scenario=chosen.tool.name
            )
            spec.validate_settings(self.planned_settings)
        except DatagenError as exc:
            self.prompter.refuse(exc.one_line())
            return "provider"
        key_note(self.prompter, self.provider, self.settings)
        return None

    # --- count, format, out-dir, seed -------------------------------------------------
    def _count(self, chosen: _Chosen) -> None:
        chosen.count = self.prompter.ask(
            "Count of records (at least 1)",
            lambda text: parse_int(text, minimum=1),
            _default(chosen.count),
        )

    def _format(self, chosen: _Chosen) -> None:
        formats = chosen.tool.output_formats

        def parse(text: str) -> str:
            answer = parse_choice(text, formats)
            check_format(answer, chosen.tool.record_model)
            return answer

        answer = self.prompter.choose("Output format", formats, chosen.output_format, parse=parse)
        chosen.output_format = cast("OutputFormat", answer)

    def _plan(self, chosen: _Chosen) -> PlannedRun:
        model_name = self.specs[self.provider].model_name
        return PlannedRun(
            chosen.tool.name,
            chosen.options or parse_options(chosen.tool, chosen.values),
            chosen.tool.record_model,
            self.provider,
            model_name(self.planned_settings) if model_name is not None else None,
            chosen.output_format,
            state_root=self.planned_settings.state_dir,
            csv_formulas=self.planned_settings.csv_formulas,
        )

    def _confirm(self, chosen: _Chosen) -> None:
        console = self.prompter.console
        console.print()
        console.print(Text("The equivalent command:", style="bold"))
        line = command_line(self.answers(chosen).argv())
        console.print(line, markup=False, highlight=False, soft_wrap=True)
        console.print()
        self.run = self.prompter.confirm("Run it now?", True)


def _due(chosen: _Chosen, argument: CliArgument) -> bool:
    return not chosen.redo or argument.name in chosen.redo


def _default(value: Any) -> Default[Any]:
    return Default(value, str(value))


def _section(prompter: Prompter, title: str) -> None:
    prompter.console.print()
    prompter.console.print(Text(f"-- {title} --", style="bold magenta"))


def _offending(exc: UsageError, arguments: Sequence[CliArgument]) -> list[CliArgument]:
    """The options a validation error names; all of them for a rule across fields."""
    cause = exc.__cause__
    named: set[str] = set()
    if isinstance(cause, ValidationError):
        named = {str(error["loc"][0]) for error in cause.errors() if error["loc"]}
    chosen = [argument for argument in arguments if argument.name in named]
    return chosen or list(arguments)
