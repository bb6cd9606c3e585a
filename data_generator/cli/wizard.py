"""``datagen wizard``: questions instead of flags, then the equivalent command.

The questions come from the same declarations the sub-commands use: the registry lists
the scenarios, :meth:`~data_generator.tool.DataGeneratorTool.cli_arguments` gives the
options and :meth:`~data_generator.tool.DataGeneratorTool.validate_args` has the last
word on them, and :func:`~data_generator.settings.load_settings` says which connection
settings are already resolved. A declarative or third-party scenario therefore gets a
wizard without writing one.

The order is: scenario, its options, provider and connection, count, output format,
out-dir and seed. The wizard then prints the one-line ``datagen`` command and, if asked
to, runs it through :func:`data_generator.cli.main`, the path a typed command takes.
"""

from __future__ import annotations

import secrets
import shlex
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from rich.text import Text

from data_generator.cli.common import DEFAULT_COUNT
from data_generator.cli.prompts import (
    Default,
    InvalidAnswerError,
    Prompter,
    parse_choice,
    parse_int,
    parse_text,
)
from data_generator.errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    ConfigError,
    DatagenError,
    UsageError,
)
from data_generator.providers.registry import ProviderRegistry
from data_generator.providers.spec import ProviderSpec
from data_generator.registry import ToolEntry, ToolRegistry
from data_generator.settings import Settings, flag_and_variable, load_settings
from data_generator.tool import CliArgument, DataGeneratorTool

__all__ = ["CANCELLED", "WizardAnswers", "command_line", "option_flags", "run_wizard"]

#: The line printed when the user leaves the wizard with Ctrl-C or end of input.
CANCELLED = "wizard cancelled; nothing was run"

#: The built-in providers in the order the menu offers them; plug-ins follow, by name.
_MENU_FIRST = ("azure", "openai", "offline", "local")
#: Questions for the settings a built-in provider requires (others ask the setting's
#: description).
_QUESTIONS = {
    "azure_openai_endpoint": "Azure OpenAI endpoint (https://<resource>.openai.azure.com)",
    "azure_openai_deployment": "Deployment name",
    "openai_base_url": "Base URL (e.g. http://localhost:11434/v1)",
    "openai_model": "Model name",
}
_KEYS = {"azure": "azure_openai_api_key", "openai": "openai_api_key"}


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
    """

    scenario: str
    arguments: Sequence[CliArgument] = ()
    values: Mapping[str, Any] = field(default_factory=dict)
    provider: str = "offline"
    connection: Mapping[str, str] = field(default_factory=dict)
    count: int = DEFAULT_COUNT
    output_format: str = "json"
    out_dir: str = ""
    seed: int = 0
    scenarios_file: Path | None = None

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
    prompter = Prompter(console, read_line)
    try:
        answers = _interview(prompter, registry, scenario)
        answers.scenarios_file = scenarios_file
        argv = answers.argv()
        console.print()
        console.print(Text("The equivalent command:", style="bold"))
        console.print(command_line(argv), markup=False, highlight=False, soft_wrap=True)
        console.print()
        run = prompter.confirm("Run it now?", True)
    except (KeyboardInterrupt, EOFError):
        console.print()
        sys.stderr.write(f"datagen: {CANCELLED}\n")
        return EXIT_INTERRUPTED
    if not run:
        prompter.note("Nothing was run. Copy the command above to run it later.", style="")
        return EXIT_OK
    from data_generator.cli import main

    return main(argv)


def _interview(prompter: Prompter, registry: ToolRegistry, name: str | None) -> WizardAnswers:
    prompter.note(
        "datagen wizard: answer a few questions (Enter keeps the [default]; Ctrl-C leaves). "
        "You get the equivalent command at the end.",
        style="",
    )
    for problem in registry.problems:
        prompter.note(f"warning: {problem}", style="yellow")
    entry, tool = _choose_scenario(prompter, registry, name)
    answers = WizardAnswers(tool.name, tool.cli_arguments())
    answers.values = _ask_options(prompter, tool, answers.arguments)
    answers.provider, answers.connection, seed = _ask_provider(prompter, tool.name)
    file_settings = registry.settings_of(entry.name)
    _section(prompter, "Run")
    answers.count = prompter.ask(
        "Count of records (at least 1)",
        lambda text: parse_int(text, minimum=1),
        _default(file_settings.count or DEFAULT_COUNT),
    )
    formats = tool.supported_output_formats()
    preferred = file_settings.output_format or "json"
    answers.output_format = prompter.choose(
        "Output format", formats, preferred if preferred in formats else formats[0]
    )
    answers.out_dir = prompter.ask("Output folder", _parse_folder, _default(f"data/{tool.name}"))
    if seed is None:
        seed = secrets.randbelow(1_000_000)
        prompter.note(
            f"A fresh random seed was drawn: {seed}. The command keeps it, so running it "
            "again makes the same records."
        )
    answers.seed = prompter.ask(
        "Seed (a whole number, at least 0)", lambda text: parse_int(text, minimum=0), _default(seed)
    )
    return answers


def _default(value: Any) -> Default[Any]:
    return Default(value, str(value))


def _section(prompter: Prompter, title: str) -> None:
    prompter.console.print()
    prompter.console.print(Text(f"-- {title} --", style="bold magenta"))


def _choose_scenario(
    prompter: Prompter, registry: ToolRegistry, name: str | None
) -> tuple[ToolEntry, DataGeneratorTool[Any, Any]]:
    """Ask for a scenario until one loads; a ``name`` given up front is tried first."""
    names = registry.names()
    descriptions = {entry.name: entry.description for entry in registry}

    def parse(text: str) -> str:
        try:
            return parse_choice(text, names)
        except InvalidAnswerError:
            if registry.resolve(text.strip()) in names:  # an alias
                return registry.resolve(text.strip())
            raise

    while True:
        if name is None:
            _section(prompter, "Scenario")
            prompter.menu(names, None, descriptions)
            name = prompter.ask(f"Scenario (1-{len(names)} or a name)", parse)
        try:
            entry = registry.get(name)
            return entry, entry.create()
        except DatagenError as exc:
            prompter.refuse(exc.one_line())
            name = None


def _ask_options(
    prompter: Prompter, tool: DataGeneratorTool[Any, Any], arguments: Sequence[CliArgument]
) -> dict[str, Any]:
    """Ask every option, then re-ask those the options model refuses until it accepts."""
    _section(prompter, f"Options of {tool.name}")
    if not arguments:
        prompter.note("This scenario has no options.")
    values: dict[str, Any] = {}
    todo = list(arguments)
    while True:
        for argument in todo:
            values[argument.name] = prompter.argument(argument, values.get(argument.name))
        try:
            tool.validate_args(values)
        except UsageError as exc:
            prompter.refuse(exc.message)
            todo = _offending(exc, arguments)
            prompter.note(f"Please answer {'it' if len(todo) == 1 else 'these'} again.")
        else:
            return values


def _offending(exc: UsageError, arguments: Sequence[CliArgument]) -> list[CliArgument]:
    """The options a validation error names; all of them for a rule across fields."""
    cause = exc.__cause__
    named: set[str] = set()
    if isinstance(cause, ValidationError):
        named = {str(error["loc"][0]) for error in cause.errors() if error["loc"]}
    chosen = [argument for argument in arguments if argument.name in named]
    return chosen or list(arguments)


def _ask_provider(prompter: Prompter, scenario: str) -> tuple[str, dict[str, str], int | None]:
    """Show what resolves already, ask the provider and what it still lacks.

    Returns:
        The provider, the connection settings typed, and the seed the environment or
        ``.env`` sets (``None`` when neither does).
    """
    settings = load_settings(scenario=scenario)
    sources = setting_sources(settings)
    specs = _provider_specs(prompter)
    _section(prompter, "Provider and connection")
    prompter.note("Resolved from the environment and .env (flags you type below win):")
    table = Table("setting", "value", box=None, pad_edge=False)
    table.add_row("DATAGEN_PROVIDER", f"{settings.provider} ({_from(sources['provider'])})")
    shown = dict.fromkeys(name for spec in specs.values() for name in spec.setting_fields())
    for name in shown:
        table.add_row(flag_and_variable(name)[1], _shown_setting(settings, sources, name))
    prompter.console.print(table)
    notes = {name: spec.summary for name, spec in specs.items()}
    default = settings.provider if settings.provider in specs else "offline"
    provider = prompter.choose("Provider", list(specs), default, notes)
    connection: dict[str, str] = {}
    for name in specs[provider].required:
        if not getattr(settings, name):
            parse = _parse_url if name.endswith(("endpoint", "url")) else parse_text
            question = _QUESTIONS.get(name) or str(Settings.model_fields[name].description)
            connection[name] = prompter.ask(question.rstrip("."), parse)
    if provider in _KEYS and getattr(settings, _KEYS[provider]) is None:
        variable = flag_and_variable(_KEYS[provider])[1]
        without = (
            "Microsoft Entra ID (az login) is used without one"
            if provider == "azure"
            else "a server that needs one will refuse the requests"
        )
        prompter.note(
            f"{variable} is not set: {without}. To use a key, put {variable}=... into the "
            "environment or .env; the wizard never puts a key on the command line, which "
            "the screen and the shell history keep.",
            style="yellow",
        )
    seed = settings.seed if "seed" in settings.model_fields_set else None
    return provider, connection, seed


def _provider_specs(prompter: Prompter) -> dict[str, ProviderSpec]:
    """The providers that load, in menu order; each one that does not is a warning."""
    specs: dict[str, ProviderSpec] = {}
    registry = ProviderRegistry.discover()
    for problem in registry.problems:
        prompter.note(f"warning: {problem}", style="yellow")
    for entry in registry:
        try:
            specs[entry.name] = entry.spec
        except ConfigError as exc:
            prompter.note(f"warning: {exc.one_line()}", style="yellow")
    first = [name for name in _MENU_FIRST if name in specs]
    return {name: specs[name] for name in [*first, *(n for n in specs if n not in first)]}


def setting_sources(settings: Settings) -> dict[str, str]:
    """Where each setting of ``settings`` came from: ``environment``, ``.env`` or ``default``.

    ``settings`` must come from :func:`load_settings` without flags. The environment alone
    is read through :class:`Settings` too (it stays the only reader of variables).
    """
    from_environment = Settings().model_fields_set
    return {
        name: "environment"
        if name in from_environment
        else ".env"
        if name in settings.model_fields_set
        else "default"
        for name in Settings.model_fields
    }


def _from(source: str) -> str:
    return "default" if source == "default" else f"from {source}"


def _shown_setting(settings: Settings, sources: Mapping[str, str], name: str) -> str:
    """A setting's value for the screen (never a key's) and where it came from."""
    value = getattr(settings, name)
    if value is None:
        return "not set"
    shown = "set" if name.endswith("api_key") else _without_password(str(value))
    return f"{shown} ({_from(sources[name])})"


def _without_password(url: str) -> str:
    """``url`` with any user information hidden (``https://***@host``)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]).geturl()


def _parse_url(text: str) -> str:
    answer = parse_text(text)
    if not answer.startswith(("https://", "http://")):
        raise InvalidAnswerError("must start with https:// or http://")
    return answer


def _parse_folder(text: str) -> str:
    answer = parse_text(text)
    if Path(answer).exists() and not Path(answer).is_dir():
        raise InvalidAnswerError(f"{answer!r} is a file; name a folder")
    return answer
