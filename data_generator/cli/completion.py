"""Shell completion that answers within a keystroke, through Typer's own machinery.

A completion request (the shell runs ``datagen`` with ``_DATAGEN_COMPLETE=complete_bash``
and the words typed so far) goes through the same Typer command as any other
invocation; nothing here parses argv. This module keeps that request lean and complete:

* :func:`defer_coercion`: Typer 0.29 builds a pydantic ``TypeAdapter`` for every parameter
  it processes, even one without a value, and a completion request processes every
  parameter without a value. Importing pydantic alone costs about as much as the rest of
  the request; the adapter is now built when a parameter first gets a value, and not at
  all in a completion request, which keeps values as typed (it only needs them to find
  the command being completed, and ``--scenarios-file``).
* :func:`prepare_completion`: Typer's zsh, fish and PowerShell answers pass each help text
  through Rich to strip markup, which imports Rich, Markdown and Pygments on every TAB
  and drops ``[default: ...]`` as if it were a tag. datagen's help has no markup
  (``rich_markup_mode=None``), so it is shown as written. And a completion request does
  not load pydantic plugins (which scan every installed distribution), as Typer itself
  does not when it builds its coercions.
* :func:`complete_scenario`: scenario names for ``show``, ``wizard`` and
  ``inspect --scenario``, read from the registry without importing any scenario.
* :func:`complete_provider`: the registered provider names for ``--provider``, each with
  its summary (read from its light spec; no provider or SDK is imported).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import typer
from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._coercion import RuntimeParam, build_runtime_param
from typer._completion_classes import FishComplete, PowerShellComplete, ZshComplete
from typer.core import _TyperParameter

from data_generator.cli.quick_completion import fish_item, one_line, powershell_item, zsh_item

__all__ = ["complete_provider", "complete_scenario", "defer_coercion", "prepare_completion"]

#: The variable the shell sets when it asks ``datagen`` for completions.
_COMPLETE_VAR = "_DATAGEN_COMPLETE"


class _DeferredCoercion(RuntimeParam):
    """Typer's coercion of one parameter, built on its first value (``None`` needs none)."""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Any) -> Any:
        if ctx.resilient_parsing:  # a completion request: the value as typed will do
            return value
        coercion = build_runtime_param(param.type_descriptor)
        param._runtime_param = coercion
        return coercion._coerce_value(value, param=param, ctx=ctx)


def defer_coercion(params: Iterable[Any]) -> None:
    """Build each Typer parameter's pydantic coercion only when it gets a value.

    Missing values are handled by Typer before coercion (``None``, or ``()`` for a
    multiple option), so the result of every parse is the same; only the cost moves.
    Resilient parsing (click's mode for completion) leaves given values uncoerced.

    Args:
        params: A command's parameters (``command.get_params(ctx)``); others are skipped.
    """
    for param in params:
        if isinstance(param, _TyperParameter) and param._runtime_param is None:
            descriptor = param.type_descriptor
            param._runtime_param = _DeferredCoercion(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )


class _ZshComplete(ZshComplete):
    def format_completion(self, item: CompletionItem) -> str:
        return zsh_item(item.value, item.help)


class _FishComplete(FishComplete):
    def format_completion(self, item: CompletionItem) -> str:
        return fish_item(item.value, item.help)


class _PowerShellComplete(PowerShellComplete):
    def format_completion(self, item: CompletionItem) -> str:
        return powershell_item(item.value, item.help)


def prepare_completion() -> None:
    """Answer zsh, fish and PowerShell with help texts as written (no Rich), and lean.

    Call it after the root command is built: building it registers Typer's own formats.
    In a completion request (the shell set ``_DATAGEN_COMPLETE``), pydantic plugins are
    not loaded, unless ``PYDANTIC_DISABLE_PLUGINS`` says otherwise.
    """
    add_completion_class(_ZshComplete, "zsh")
    add_completion_class(_FishComplete, "fish")
    add_completion_class(_PowerShellComplete, "powershell")
    add_completion_class(_PowerShellComplete, "pwsh")
    if os.environ.get(_COMPLETE_VAR):
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def complete_scenario(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Scenario names starting with ``incomplete``, each with its one-line description.

    Args:
        ctx: The context of the command being completed (any command under ``datagen``).
        incomplete: What has been typed of the name so far.
    """
    from data_generator.cli.app import ScenarioGroup

    group = ctx.find_root().command
    if not isinstance(group, ScenarioGroup):
        return []
    registry = group.registry(ctx)
    return [
        (entry.name, one_line(entry.description))
        for entry in registry
        if entry.name.startswith(incomplete)
    ]


def complete_provider(_ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Provider names starting with ``incomplete``, each with its summary.

    A plug-in whose spec cannot be loaded is offered without one: completion prints
    nothing but candidates.
    """
    from data_generator.errors import ConfigError
    from data_generator.providers.registry import ProviderRegistry

    found = []
    for entry in ProviderRegistry.discover():
        if entry.name.startswith(incomplete):
            try:
                summary = one_line(entry.spec.summary)
            except ConfigError:
                summary = ""
            found.append((entry.name, summary))
    return found
