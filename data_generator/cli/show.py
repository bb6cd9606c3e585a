"""``datagen show SCENARIO``: a scenario's options, record schema, an example record, examples.

``--schema`` prints only the schema and ``--search-index`` only the Azure AI Search
definitions (:mod:`data_generator.search`), each as plain JSON on stdout for pipes.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

from data_generator.errors import UsageError
from data_generator.registry import ToolEntry
from data_generator.scenario_options import cli_arguments
from data_generator.tool import CliArgument, DataGeneratorTool

__all__ = ["SearchIndexRequest", "example_options", "show_scenario"]


def example_options(tool: type[DataGeneratorTool[Any, Any]]) -> dict[str, Any]:
    """Option values that make a valid run: the defaults, and a stand-in for required ones."""
    values: dict[str, Any] = {}
    for argument in cli_arguments(tool):
        if not argument.required:
            continue
        if argument.choices:
            values[argument.name] = argument.choices[0]
        elif argument.kind in ("int", "float"):
            values[argument.name] = argument.minimum if argument.minimum is not None else 1
        elif argument.kind == "bool":
            values[argument.name] = False
        else:
            values[argument.name] = "Example product"
    return values


def record_schema(tool: type[DataGeneratorTool[Any, Any]]) -> str:
    """The record model's JSON schema, as indented JSON."""
    return json.dumps(tool.record_model.model_json_schema(), indent=2, ensure_ascii=False)


@dataclass(frozen=True)
class SearchIndexRequest:
    """``datagen show --search-index`` and the options that go with it."""

    wanted: bool = False
    output_format: str | None = None
    index_name: str | None = None
    container: str | None = None
    storage_resource_id: str | None = None

    def check(self, *, schema_only: bool) -> None:
        """Refuse options that do not go together.

        Raises:
            UsageError: ``--schema`` with ``--search-index``, or a search option without it.
        """
        if self.wanted and schema_only:
            raise UsageError(
                "--schema and --search-index print different documents",
                hint="Give one of them",
            )
        given = {
            "--format": self.output_format,
            "--index-name": self.index_name,
            "--container": self.container,
            "--storage-resource-id": self.storage_resource_id,
        }
        stray = [flag for flag, value in given.items() if value is not None]
        if stray and not self.wanted:
            raise UsageError(
                f"{', '.join(stray)} only go{'es' if len(stray) == 1 else ''} with --search-index",
                hint="Add --search-index, or leave them out",
            )


def show_scenario(
    entry: ToolEntry, *, schema_only: bool, search: SearchIndexRequest | None = None
) -> None:
    """Print what ``datagen show`` prints for ``entry``.

    Raises:
        UsageError: Options that do not go together, or a bad search option.
    """
    search = search or SearchIndexRequest()
    search.check(schema_only=schema_only)
    tool_class = entry.load()
    if search.wanted:
        print_search_index(entry.name, tool_class, search)
        return
    if schema_only:
        print(record_schema(tool_class))  # plain stdout: meant for pipes and files
        return
    from rich.console import Console
    from rich.table import Table

    from data_generator.engine import DataGenerator
    from data_generator.settings import Settings

    tool = tool_class(example_options(tool_class))
    console = Console(highlight=False)
    also = f" (also: {', '.join(entry.aliases)})" if entry.aliases else ""
    console.print(f"[bold]{tool.name}[/bold]{also}: {tool.description}", soft_wrap=True)
    console.print()
    table = Table(title="Options", title_justify="left", box=None)
    for column in ("option", "type", "default", "description"):
        table.add_column(column, overflow="fold")
    for argument in cli_arguments(tool_class):
        table.add_row(", ".join(argument.flags), _kind(argument), _default(argument), argument.help)
    console.print(table)
    console.print()
    console.print("[bold]Record schema[/bold] (datagen show --schema prints it alone)")
    console.print(record_schema(tool_class), markup=False, soft_wrap=True)
    console.print()
    generator = DataGenerator(tool, count=1, settings=Settings(provider="offline", seed=0))
    record = generator.generate_data(1)[0]
    console.print("[bold]Example record[/bold] (offline provider, seed 0, default options)")
    console.print(record.model_dump_json(indent=2), markup=False, soft_wrap=True)
    console.print()
    console.print("[bold]Examples[/bold]")
    for example in tool.examples:
        console.print(f"  {example}", markup=False, soft_wrap=True)


def print_search_index(
    scenario: str, tool: type[DataGeneratorTool[Any, Any]], search: SearchIndexRequest
) -> None:
    """Print the Azure AI Search definitions as one JSON document (plain stdout, for jq).

    A note on stderr names the placeholders left for the user to replace.
    """
    from data_generator.search import PLACEHOLDERS, search_definitions

    document = search_definitions(
        tool.record_model,
        scenario=scenario,
        output_format=search.output_format or "json",
        index_name=search.index_name,
        container=search.container,
        storage_resource_id=search.storage_resource_id,
    )
    text = json.dumps(document, indent=2, ensure_ascii=False)
    print(text)
    left = [placeholder for placeholder in PLACEHOLDERS if placeholder in text]
    flags = [
        flag
        for flag, value in (
            ("--container", search.container),
            ("--storage-resource-id", search.storage_resource_id),
        )
        if value is None
    ]
    if left:
        where = f"in dataSource (or pass {' and '.join(flags)})"
        print(f"datagen: note: replace {', '.join(left)} {where}", file=sys.stderr)


def _kind(argument: CliArgument) -> str:
    if argument.choices:
        return " | ".join(argument.choices)
    if argument.minimum is not None or argument.maximum is not None:
        low = "" if argument.minimum is None else argument.minimum
        high = "" if argument.maximum is None else argument.maximum
        return f"{argument.kind} {low}..{high}"
    return argument.kind


def _default(argument: CliArgument) -> str:
    if argument.required:
        return "(required)"
    return "" if argument.default is None else str(argument.default)
