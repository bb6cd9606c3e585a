"""Build one scenario's sub-command from its options model and run it.

The sub-command's signature is derived from the scenario's options
(:func:`~data_generator.scenario_options.cli_arguments`) plus the common options, so a
scenario declares its flags once, in its options model.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, Literal, Optional

import typer
import typer.main
from typer.core import TyperCommand

from data_generator.cli.common import common_names, common_parameters, setting_names
from data_generator.cli.help import SCENARIO_PANEL, write_examples, write_option_panels
from data_generator.cli.state import CliState
from data_generator.declarative.spec import ScenarioSettings
from data_generator.errors import ConfigError, UsageError
from data_generator.providers.registry import ProviderRegistry
from data_generator.registry import ToolEntry
from data_generator.scenario_options import cli_arguments
from data_generator.tool import CliArgument, DataGeneratorTool

__all__ = ["ScenarioCommand", "build_scenario_command"]

_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}
#: Keys given as flags show in the process list; each has a variable to use instead.
_KEY_SETTINGS = ("azure_openai_api_key", "openai_api_key")


class ScenarioCommand(TyperCommand):
    """A scenario's sub-command: options in panels, its examples one per line."""

    #: The scenario's example command lines, shown at the end of ``--help``.
    examples: tuple[str, ...] = ()

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Usage, description, the option panels, then the examples."""
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        write_option_panels(self, ctx, formatter)
        write_examples(formatter, self.examples)


def build_scenario_command(entry: ToolEntry, file_settings: ScenarioSettings | None = None) -> Any:
    """Return the Typer command of the scenario ``entry`` (imports its module).

    Args:
        entry: The registered scenario.
        file_settings: Its settings from ``scenarios.toml``, if any.
    """
    file_settings = file_settings or ScenarioSettings()
    tool = entry.load()
    arguments = cli_arguments(tool)
    reserved = set(common_names()) | {"help", "ctx"}
    clashes = {argument.name for argument in arguments} & reserved
    if clashes:
        raise ConfigError(
            f"scenario {tool.name!r} declares options that clash with common ones: "
            f"{', '.join(sorted(clashes))}",
            hint="Rename those fields in its options model",
        )
    parameters = [_scenario_parameter(argument) for argument in arguments]
    provider_names = tuple(ProviderRegistry.discover().names())
    parameters += common_parameters(provider_names)
    parameters.insert(0, _context_parameter())

    def command(ctx: typer.Context, **values: Any) -> None:
        _run(ctx.ensure_object(CliState), tool, values, file_settings, provider_names)

    _set_signature(command, parameters)
    app = typer.Typer(add_completion=False, rich_markup_mode=None)
    app.command(name=tool.name, help=tool.description, cls=ScenarioCommand)(command)
    built = typer.main.get_command(app)
    assert isinstance(built, ScenarioCommand)
    built.examples = tuple(tool.examples)
    return built


def _context_parameter() -> inspect.Parameter:
    return inspect.Parameter(
        "ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
    )


def _scenario_parameter(argument: CliArgument) -> inspect.Parameter:
    annotation: Any = (
        Literal[argument.choices] if argument.kind == "choice" else _TYPES[argument.kind]
    )
    default: Any = ... if argument.required else argument.default
    if default is None and not argument.required:
        annotation = Optional[annotation]  # noqa: UP045 - evaluated at run time on 3.10
    flags = argument.flags
    if argument.kind == "bool":
        flags = (f"{flags[0]}/--no-{flags[0].removeprefix('--')}", *flags[1:])
    info = typer.Option(
        default,
        *flags,
        help=argument.help + _length_limit(argument),
        min=argument.minimum,
        max=argument.maximum,
        show_default=not argument.required,
        case_sensitive=False,
        rich_help_panel=SCENARIO_PANEL,
    )
    return inspect.Parameter(
        argument.name, inspect.Parameter.KEYWORD_ONLY, default=info, annotation=annotation
    )


def _length_limit(argument: CliArgument) -> str:
    """`` [2 to 200 characters]`` for a ``str`` option of bounded length, else ``""``."""
    low, high = argument.min_length, argument.max_length
    if low is None and high is None:
        return ""
    if high is None:
        return f" [at least {low} characters]"
    return f" [{low or 0} to {high} characters]"


def _set_signature(function: Callable[..., Any], parameters: list[inspect.Parameter]) -> None:
    function.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    function.__annotations__ = {p.name: p.annotation for p in parameters}


def _run(
    state: CliState,
    tool_class: type[DataGeneratorTool[Any, Any]],
    values: dict[str, Any],
    file_settings: ScenarioSettings,
    provider_names: tuple[str, ...] = (),
) -> None:
    """Turn parsed flags into settings and a run; report the outcome."""
    from data_generator.cli import report
    from data_generator.cli.logs import configure_logging
    from data_generator.cli.run_display import RunDisplay
    from data_generator.engine import DataGenerator
    from data_generator.engine.plan import RunPlan

    common = {name: values.pop(name) for name in common_names()}
    state.debug = bool(common["debug"])
    _alias_no_structured_output(common)
    if common["log_level"]:
        common["log_level"] = str(common["log_level"]).upper()
    if common["provider"]:
        common["provider"] = _canonical(common["provider"], provider_names)
    tool = tool_class(values)
    given = {field: common[field] for field in setting_names()}
    if common["deployment"]:
        given["deployments"] = _deployments_flag(common["deployment"])
    keep_nothing = _keep_nothing(common, given)
    plan = RunPlan.build(
        tool,
        out_dir=common["out_dir"],
        settings=given,
        env_file=common["env_file"],
        scenario_settings=file_settings,
    )
    settings = plan.settings
    state.json_logs = settings.log_format == "json"
    configure_logging(settings.log_level, settings.log_format, scenario=tool.name)
    _warn_about_key_flags(common)
    if keep_nothing:
        from data_generator.cli.pipe_run import run_keeping_nothing

        raise typer.Exit(run_keeping_nothing(plan, common))
    generator = DataGenerator(plan, overwrite=common["overwrite"], prune=common["prune"])
    if common["dry_run"]:
        report.print_plan(generator.dry_run())
        return
    if not common["yes"]:
        from data_generator.cli.disk_space import check_free_space

        check_free_space(generator)
    display = RunDisplay(
        generator, settings, quiet=common["quiet"], no_progress=common["no_progress"]
    )
    try:
        result = generator.run()
    except KeyboardInterrupt:
        result = None
    finally:
        display.close()  # before any error line, which would land inside a live display
    if result is None:
        report.print_interrupted(generator.layout.out_dir)
        raise typer.Exit(130)
    display.finish(result)
    raise typer.Exit(result.exit_code)


def _keep_nothing(common: dict[str, Any], given: dict[str, Any]) -> bool:
    """Whether the run keeps nothing (``-o -``, ``--preview``); check its flags if so."""
    from data_generator.cli.common import is_stdout

    if common["preview"] is None and not common["json"] and not is_stdout(common["out_dir"]):
        return False
    from data_generator.cli.pipe_run import check_keep_nothing

    check_keep_nothing(common)
    if common["preview"] is not None:
        given["count"] = common["preview"]
    common["out_dir"] = None  # the plan's default, never created
    return True


def _deployments_flag(values: list[str]) -> str:
    """The ``--deployment`` flags, checked, as the comma-separated setting."""
    from data_generator.deployments import parse_deployments

    parse_deployments(values)  # one line naming the bad flag, before anything else is read
    if any("," in value for value in values):
        raise UsageError(
            "--deployment takes one NAME@ENDPOINT; a comma cannot be part of it",
            hint="Repeat --deployment for each deployment",
        )
    return ",".join(value.strip() for value in values)


def _canonical(name: str, known: tuple[str, ...]) -> str:
    """``name`` spelt as the one known name it matches regardless of case (else as given)."""
    matches = [candidate for candidate in known if candidate.casefold() == name.casefold()]
    return matches[0] if len(matches) == 1 else name


def _warn_about_key_flags(common: dict[str, Any]) -> None:
    """One warning line per API key given as a flag: the process list shows it."""
    import sys

    from data_generator.cli.logs import stderr_line
    from data_generator.settings import flag_and_variable

    for field in _KEY_SETTINGS:
        if common.get(field):
            flag, variable = flag_and_variable(field)
            sys.stderr.write(
                stderr_line(
                    f"{flag} shows in the process list (ps) of everyone on this machine; "
                    f"set {variable} in the environment or .env instead",
                    "warning",
                )
            )


def _alias_no_structured_output(common: dict[str, Any]) -> None:
    """Read the older ``--no-structured-output`` as ``--structured-output json``."""
    if not common.pop("no_structured_output"):
        return
    if common["structured_output"] not in (None, "json"):
        raise UsageError(
            f"--no-structured-output contradicts --structured-output {common['structured_output']}",
            hint="Give one of them",
        )
    common["structured_output"] = "json"
