"""``datagen providers``: every registered provider, where it comes from and its settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic_core import PydanticUndefined
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from data_generator.errors import ConfigError
from data_generator.settings import Settings, flag_and_variable

if TYPE_CHECKING:
    from data_generator.providers.registry import ProviderRegistry
    from data_generator.providers.spec import ProviderSpec

__all__ = ["list_providers"]


def list_providers(registry: ProviderRegistry, console: Console | None = None) -> list[str]:
    """Print each loadable provider: name, origin, summary, settings with flag and variable.

    Args:
        registry: The providers to list.
        console: Where to print; stdout by default.

    Returns:
        One line per provider that could not be loaded, or registration ignored.
    """
    console = console or Console()
    problems = list(registry.problems)
    for entry in registry:
        try:
            spec = entry.spec
        except ConfigError as exc:
            problems.append(exc.one_line())
            continue
        console.print(Text(f"{entry.name} ({entry.origin()})", style="bold"))
        console.print(Text("  " + spec.summary))
        rows = setting_rows(spec)
        if rows:
            table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
            for column in ("flag", "variable", "required"):
                table.add_column(column, no_wrap=True)
            table.add_column("meaning")
            for row in rows:
                table.add_row(*(Text(cell) for cell in row))  # no markup: "[default: ...]"
            console.print(Padding(table, (0, 0, 0, 2), expand=False))
        console.print()
    return problems


def setting_rows(spec: ProviderSpec) -> list[tuple[str, str, str, str]]:
    """(flag, variable, ``required`` or blank, meaning) for each setting the spec reads.

    datagen settings come first, with their flag; the provider's own settings (its
    ``options`` model) have a variable only.
    """
    rows = []
    for name in spec.setting_fields():
        flag, variable = flag_and_variable(name)
        info = Settings.model_fields[name]
        needed = "required" if name in spec.required else ""
        rows.append((flag, variable, needed, _meaning(info.description, info.get_default())))
    if spec.options is not None:
        fields = spec.options.model_fields
        for name, variable in spec.option_variables().items():
            info = fields[name]
            needed = "required" if info.is_required() else ""
            rows.append(("", variable, needed, _meaning(info.description, info.get_default())))
    return rows


def _meaning(description: str | None, default: Any) -> str:
    """The description, then the default (none for a required field or a factory's)."""
    text = description or ""
    if default is not None and default is not PydanticUndefined:
        text = f"{text} [default: {getattr(default, 'value', default)}]".strip()
    return text
