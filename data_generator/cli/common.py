"""The options every scenario sub-command takes after the scenario name.

The settings' options are derived from the ``Settings`` fields (see
:mod:`data_generator.setting_flags`); this module declares only the options that are not
settings (``--count``, ``--out-dir``, ``--dry-run``...) and joins the two.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Optional

import typer

from data_generator.cli.completion import complete_provider
from data_generator.cli.help import LOGGING_PANEL, MODEL_PANEL, OUTPUT_PANEL
from data_generator.errors import UsageError
from data_generator.setting_flags import SettingFlag, setting_flags

__all__ = [
    "COMMON_OPTIONS",
    "STDOUT",
    "CommonOption",
    "common_names",
    "common_parameters",
    "is_stdout",
    "parse_out_dir",
    "provider_help",
    "setting_names",
    "setting_parameter",
]


# The help panels (see data_generator.cli.help); a setting names its own, on its field.
_RUN = OUTPUT_PANEL
_MODEL = MODEL_PANEL
_LOGGING = LOGGING_PANEL
_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "path": Path, "bool": bool}
#: Completions of a setting's values, beyond its choices.
_COMPLETERS: dict[str, Any] = {"provider": complete_provider}


@dataclass(frozen=True)
class CommonOption:
    """A command-line option shared by all scenarios that is not a setting.

    Attributes:
        name: The parameter's name.
        annotation: Its type, as Typer reads it.
        info: Its ``typer.Option``.
        after: The setting it is listed after in ``--help``; ``None``: before the settings.
    """

    name: str
    annotation: Any
    info: Any
    after: str | None = None

    def parameter(self) -> inspect.Parameter:
        """The option as a keyword-only parameter Typer can read."""
        return inspect.Parameter(
            self.name, inspect.Parameter.KEYWORD_ONLY, default=self.info, annotation=self.annotation
        )


def provider_help(names: Sequence[str]) -> str:
    """The sentence of ``--provider``'s help, listing the registered provider names."""
    return f"Who writes the records: {', '.join(names)} (see 'datagen providers')."


def setting_parameter(flag: SettingFlag, help_text: str | None = None) -> inspect.Parameter:
    """A setting's option as a keyword-only parameter Typer can read.

    Its value is ``None`` unless given, so a flag left out cannot hide the environment.

    Args:
        flag: The setting's flag.
        help_text: A sentence made at run time, instead of the declared one.
    """
    annotation: Any = Literal[flag.choices] if flag.choices else _TYPES[flag.kind]
    flags = flag.flags
    if flag.negatable:
        flags = (f"{flags[0]}/--no-{flags[0].removeprefix('--')}", *flags[1:])
    info = typer.Option(
        None,
        *flags,
        help=flag.help_text(help_text),
        min=flag.minimum,
        max=flag.maximum,
        metavar=flag.metavar,
        case_sensitive=not flag.choices,
        file_okay=flag.path != "dir",
        dir_okay=flag.path != "file",
        autocompletion=_COMPLETERS.get(flag.name),
        rich_help_panel=flag.panel,
    )
    return inspect.Parameter(
        flag.name,
        inspect.Parameter.KEYWORD_ONLY,
        default=info,
        annotation=Optional[annotation],  # noqa: UP045 - Typer evaluates it on 3.10 too
    )


def common_parameters(provider_names: Sequence[str] = ()) -> list[inspect.Parameter]:
    """Every common option: the others, with the settings' options among them.

    Args:
        provider_names: The registered providers, listed in ``--provider``'s help.
    """
    parameters = [option.parameter() for option in COMMON_OPTIONS if option.after is None]
    for flag in setting_flags():
        listed = flag.name == "provider" and provider_names
        sentence = provider_help(provider_names) if listed else None
        parameters.append(setting_parameter(flag, sentence))
        parameters += [option.parameter() for option in COMMON_OPTIONS if option.after == flag.name]
    return parameters


def setting_names() -> tuple[str, ...]:
    """The settings with a flag: their values go to ``load_settings``."""
    return tuple(flag.name for flag in setting_flags())


def common_names() -> tuple[str, ...]:
    """The parameter names of every common option."""
    return (*(option.name for option in COMMON_OPTIONS), *setting_names())


#: What ``--out-dir -`` parses to: the records go to standard output (a ``str``, so that
#: ``-o ./-``, a folder named ``-``, stays a :class:`~pathlib.Path`).
STDOUT = "-"


def parse_out_dir(value: str) -> Path | str:
    """``--out-dir`` as a path, or :data:`STDOUT` for ``-``; ``""`` is refused, not read as ``.``.

    Raises:
        UsageError: The value names no folder.
    """
    if not value.strip():
        raise UsageError(
            "--out-dir '' names no folder (it would write into the current one)",
            hint="Give a folder, e.g. -o data/run1, or -o . for the current folder",
        )
    if value == STDOUT:
        return STDOUT
    return Path(value)


def is_stdout(out_dir: object) -> bool:
    """Whether the parsed ``--out-dir`` is ``-`` (standard output), not a folder."""
    return isinstance(out_dir, str) and out_dir == STDOUT


# Optional[...] rather than X | None: Typer evaluates these at run time on Python 3.10 too.
COMMON_OPTIONS: tuple[CommonOption, ...] = (
    CommonOption(
        "out_dir",
        Optional[Path],  # noqa: UP045
        typer.Option(
            None,
            "--out-dir",
            "-o",
            help="Output folder [default: ./data/<scenario>]; - streams jsonl or csv to "
            "stdout (./- for a folder named '-').",
            metavar="<dir>",
            parser=parse_out_dir,
            rich_help_panel=_RUN,
        ),
    ),
    CommonOption(
        "dry_run",
        bool,
        typer.Option(
            False,
            "--dry-run",
            help="Show the prompt, schema and plan; call and write nothing.",
            rich_help_panel=_RUN,
        ),
        after="state_dir",
    ),
    CommonOption(
        "preview",
        Optional[int],  # noqa: UP045
        typer.Option(
            None,
            "--preview",
            help="Make N records and print them as a table (or JSON with --json); write nothing.",
            metavar="N",
            min=1,
            rich_help_panel=_RUN,
        ),
        after="state_dir",
    ),
    CommonOption(
        "json",
        bool,
        typer.Option(
            False,
            "--json",
            help="With --preview: print the records as a JSON array.",
            rich_help_panel=_RUN,
        ),
        after="state_dir",
    ),
    CommonOption(
        "overwrite",
        bool,
        typer.Option(
            False,
            "--overwrite",
            help="Replace records made with other settings in the out-dir.",
            rich_help_panel=_RUN,
        ),
        after="state_dir",
    ),
    CommonOption(
        "prune",
        bool,
        typer.Option(
            False,
            "--prune",
            help="Delete records beyond --count that an earlier, larger run left.",
            rich_help_panel=_RUN,
        ),
        after="state_dir",
    ),
    CommonOption(
        "yes",
        bool,
        typer.Option(
            False,
            "--yes",
            "-y",
            help="Run even when the missing records look larger than the out-dir's free space.",
            rich_help_panel=_RUN,
        ),
        after="state_dir",
    ),
    CommonOption(
        "quiet",
        bool,
        typer.Option(
            False,
            "--quiet",
            "-q",
            help="Print only warnings and errors: no progress, no summary.",
            rich_help_panel=_LOGGING,
        ),
        after="log_format",
    ),
    CommonOption(
        "no_progress",
        bool,
        typer.Option(
            False,
            "--no-progress",
            help="No live dashboard: plain progress lines on stderr (as when it is not a "
            "terminal).",
            rich_help_panel=_LOGGING,
        ),
        after="log_format",
    ),
    CommonOption(
        "env_file",
        Optional[Path],  # noqa: UP045
        typer.Option(
            None,
            "--env-file",
            help="Read this .env file instead of ./.env and ./.env.<scenario>.",
            dir_okay=False,
            rich_help_panel=_MODEL,
        ),
        after="provider",
    ),
    CommonOption(
        "deployment",
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            None,
            "--deployment",
            help="A deployment of the model, NAME@ENDPOINT, used instead of the endpoint and "
            "deployment settings; repeat it to spread the run over several, each with its "
            "own quota. [env DATAGEN_DEPLOYMENTS, comma-separated]",
            metavar="<name@endpoint>",
            rich_help_panel=_MODEL,
        ),
        after="provider",
    ),
    CommonOption(
        "debug",
        bool,
        typer.Option(False, "--debug", help="Show tracebacks of errors.", rich_help_panel=_LOGGING),
        after="log_format",
    ),
    CommonOption(
        "no_structured_output",
        bool,
        typer.Option(
            False,
            "--no-structured-output",
            help="Same as --structured-output json.",
            rich_help_panel=_MODEL,
        ),
        after="structured_output",
    ),
)
