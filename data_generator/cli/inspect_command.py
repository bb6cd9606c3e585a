"""``datagen inspect PATH``: what a run wrote, in the terminal or as an HTML page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from data_generator.errors import OutputError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from data_generator.inspection.profile import FieldProfile, Profile
    from data_generator.registry import ToolRegistry

__all__ = ["inspect_output"]

_BAR_WIDTH = 30


def inspect_output(
    path: Path, scenario: str | None, html: Path | None, registry: ToolRegistry
) -> None:
    """Read the output at ``path``, print its profile, and write ``html`` if asked.

    Raises:
        UsageError: ``path`` holds no output, or ``scenario`` is unknown.
        OutputError: The HTML report cannot be written.
    """
    from data_generator.inspection.profile import profile_output
    from data_generator.inspection.reader import find_output

    output = find_output(path)
    name = scenario or output.scenario
    model = _record_model(registry, name, required=scenario is not None)
    profile = profile_output(output, model)
    if scenario is not None:
        profile.scenario = scenario
    _print(profile, model is not None)
    if html is not None:
        _write_html(profile, html, f"datagen inspect: {path}")


def _record_model(
    registry: ToolRegistry, name: str | None, *, required: bool
) -> type[BaseModel] | None:
    if name is None:
        return None
    if name not in registry:
        if required:
            registry.get(name)  # raises: no scenario called ...
        return None
    model: type[BaseModel] = registry.create(name).record_model
    return model


def _print(profile: Profile, checked: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from data_generator.inspection.profile import SHOWN_PROBLEMS, format_number

    console = Console(highlight=False)
    valid = (
        f"{profile.valid} valid" if profile.valid is not None
        else "validity not checked (unknown scenario; try --scenario)" if not checked
        else "validity not checked (rendered text)"
    )  # fmt: skip
    console.print(
        f"[bold]{profile.records}[/bold] {profile.scenario or 'unknown'} records in "
        f"{profile.files} {profile.output_format} file(s): {valid}, "
        f"{profile.duplicates} duplicate(s)",
        soft_wrap=True,
    )
    if profile.words is not None:
        console.print(f"{profile.words:.0f} words per document on average")
    if profile.problems:
        console.print(f"[bold red]{len(profile.problems)} problem(s)[/bold red]:")
        for source, reason in profile.problems[:SHOWN_PROBLEMS]:
            console.print(f"  {source}: {reason}", markup=False, soft_wrap=True)
    if not profile.fields:
        return
    table = Table("field", "kind", "distinct", "nulls", "min", "max", "mean", box=None)
    for field in profile.fields:
        table.add_row(
            field.path,
            field.kind,
            f"{field.distinct_ratio:.2f}",
            f"{field.null_share:.0%}",
            *(format_number(value) for value in (field.minimum, field.maximum, field.mean)),
        )
    console.print(table)
    for field in profile.fields:
        if field.kind == "categorical":
            _print_chart(console, field)


def _print_chart(console: object, field: FieldProfile) -> None:
    from rich.console import Console

    assert isinstance(console, Console)
    console.print(f"\n[bold]{field.path}[/bold]")
    largest = max((count for _, count in field.top), default=1)
    label_width = max(len(value) for value, _ in field.top)
    for value, count in field.top:
        bar = "█" * max(1, round(_BAR_WIDTH * count / largest))
        console.print(f"  {value:<{label_width}} {bar} {count}", markup=False)


def _write_html(profile: Profile, target: Path, title: str) -> None:
    from data_generator.inspection.html import render_html

    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_text(render_html(profile, title), encoding="utf-8")
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(
            f"cannot write {str(target)!r}: {exc.strerror or exc}",
            hint="Choose a folder you can write to",
        ) from exc
    print(f"Wrote {target}")
