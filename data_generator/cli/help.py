"""``--help`` people can use: options grouped in panels, examples that paste.

Each option names its panel (``rich_help_panel``); the help prints the panels in the
order of :data:`PANEL_ORDER`, each under a titled rule, with click's aligned two-column
layout inside. There are no side borders, so a copied line carries no box characters,
and examples are printed one per line and never wrapped, so each pastes as one command.
A leaf module: ``--help`` of the root group imports neither Rich nor pydantic for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "DELIVERY_PANEL",
    "LIMITS_PANEL",
    "LOGGING_PANEL",
    "MODEL_PANEL",
    "OTHER_PANEL",
    "OUTPUT_PANEL",
    "PANEL_ORDER",
    "SCENARIO_PANEL",
    "write_command_panels",
    "write_examples",
    "write_option_panels",
]

SCENARIO_PANEL = "Scenario options"
OUTPUT_PANEL = "Output"
MODEL_PANEL = "Model"
DELIVERY_PANEL = "Delivery"
LIMITS_PANEL = "Limits"
LOGGING_PANEL = "Logging"
#: Options that name no panel (``--help``, the root group's own).
OTHER_PANEL = "Options"
#: The order of the panels; a panel not listed here comes just before :data:`OTHER_PANEL`.
PANEL_ORDER = (
    SCENARIO_PANEL,
    OUTPUT_PANEL,
    DELIVERY_PANEL,
    MODEL_PANEL,
    LIMITS_PANEL,
    LOGGING_PANEL,
    OTHER_PANEL,
)
_RULE = "─"


def _rule(title: str, width: int) -> str:
    head = f"{_RULE * 2} {title} "
    return head + _RULE * max(width - len(head), 2)


def _write_panel(formatter: Any, title: str, rows: Sequence[tuple[str, str]]) -> None:
    formatter.write_paragraph()
    formatter.write(_rule(title, formatter.width) + "\n")
    with formatter.indentation():
        formatter.write_dl(list(rows))


def _position(title: str) -> float:
    if title in PANEL_ORDER:
        return PANEL_ORDER.index(title)
    return PANEL_ORDER.index(OTHER_PANEL) - 0.5


def write_option_panels(command: Any, ctx: Any, formatter: Any) -> None:
    """Write ``command``'s options into ``formatter``, one titled panel per group.

    Args:
        command: A click command (its parameters carry ``rich_help_panel``).
        ctx: Its context.
        formatter: The click help formatter being written.
    """
    panels: dict[str, list[tuple[str, str]]] = {}
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        title = getattr(param, "rich_help_panel", None) or OTHER_PANEL
        panels.setdefault(title, []).append(record)
    for title in sorted(panels, key=_position):
        _write_panel(formatter, title, panels[title])


def write_command_panels(
    commands: Iterable[tuple[str, Any]], formatter: Any, default: str = "Commands"
) -> None:
    """Write sub-commands as panels: those naming a ``rich_help_panel`` under it.

    Args:
        commands: ``(name, command)`` pairs in listing order.
        formatter: The click help formatter being written.
        default: The panel of commands that name none.
    """
    listed = list(commands)
    panels: dict[str, list[tuple[str, str]]] = {}
    for name, command in listed:
        title = getattr(command, "rich_help_panel", None) or default
        # The whole first sentence, wrapped by the formatter rather than cut off.
        panels.setdefault(title, []).append((name, command.get_short_help_str(limit=10_000)))
    for title, rows in panels.items():
        _write_panel(formatter, title, rows)


def write_examples(formatter: Any, examples: Iterable[str]) -> None:
    """Write ``examples`` under an ``Examples`` rule, one per line and never wrapped."""
    shown = list(examples)
    if not shown:
        return
    formatter.write_paragraph()
    formatter.write(_rule("Examples", formatter.width) + "\n")
    for example in shown:
        formatter.write(f"  {example}\n")
