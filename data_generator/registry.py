"""Finding scenarios: entry points (built-in and third-party) and ``scenarios.toml``.

Built-in scenarios are declared as entry points of the ``data_generator.tools`` group in
datagen's own ``pyproject.toml``, so they are found through the same door as a plug-in.
Listing names and one-line descriptions imports no scenario module: the description is
read from the tool class's ``description = "..."`` line in its source. A scenario module is
imported only when that scenario is used.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

from data_generator.errors import ConfigError, UsageError

if TYPE_CHECKING:
    from data_generator.tool import DataGeneratorTool

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["ENTRY_POINT_GROUP", "ToolEntry", "ToolRegistry"]

ENTRY_POINT_GROUP = "data_generator.tools"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ToolEntry:
    """A registered scenario, not yet imported.

    Attributes:
        name: The sub-command name.
        target: ``"package.module:ClassName"`` of the tool class.
        source: Where it was registered (an entry point's distribution, or a file).
        summary: A one-line description given at registration, if any.
    """

    name: str
    target: str
    source: str
    summary: str | None = field(default=None, compare=False)

    @cached_property
    def description(self) -> str:
        """The tool's one-line description, read from source without importing it."""
        if self.summary is not None:
            return self.summary
        return _description_from_source(self.target)

    def load(self) -> type[DataGeneratorTool[Any, Any]]:
        """Import and return the tool class.

        Raises:
            ConfigError: The target cannot be imported or is not a DataGeneratorTool.
        """
        from data_generator.tool import DataGeneratorTool

        module_name, _, attribute = self.target.partition(":")
        try:
            module = importlib.import_module(module_name)
            tool_class = getattr(module, attribute)
        except (ImportError, AttributeError) as exc:
            raise ConfigError(
                f"scenario {self.name!r} from {self.source} points at {self.target!r}, "
                f"which cannot be loaded: {exc}",
                hint="Fix or remove that registration",
            ) from exc
        if not (isinstance(tool_class, type) and issubclass(tool_class, DataGeneratorTool)):
            raise ConfigError(
                f"scenario {self.name!r} from {self.source}: {self.target!r} is not a "
                "DataGeneratorTool subclass",
                hint="Point the registration at a DataGeneratorTool subclass",
            )
        return tool_class

    def create(self) -> DataGeneratorTool[Any, Any]:
        """Load the tool class and instantiate it."""
        tool = self.load()()
        if tool.name != self.name:
            raise ConfigError(
                f"scenario registered as {self.name!r} calls itself {tool.name!r}",
                hint=f"Register it under the name {tool.name!r}",
            )
        return tool


class ToolRegistry:
    """The scenarios one process knows, by name. Build one with :meth:`discover`."""

    def __init__(self, entries: Iterable[ToolEntry] = (), problems: Iterable[str] = ()) -> None:
        self._entries: dict[str, ToolEntry] = {}
        self.problems: list[str] = list(problems)
        #: ``max_tokens`` per scenario name from ``scenarios.toml``.
        self.token_budgets: dict[str, int] = {}
        for entry in entries:
            self.add(entry)

    @classmethod
    def discover(cls, scenarios_file: Path | None = None) -> ToolRegistry:
        """Find scenarios from entry points, then from ``scenarios_file`` if it exists.

        A broken ``scenarios.toml`` does not stop the built-ins: its problem is kept in
        :attr:`problems` for the CLI to report.
        """
        registry = cls(_entry_point_entries())
        if scenarios_file is not None and scenarios_file.is_file():
            try:
                entries, registry.token_budgets = _scenario_file_entries(scenarios_file)
                for entry in entries:
                    registry.add(entry)
            except ConfigError as exc:
                registry.problems.append(exc.one_line())
        return registry

    def add(self, entry: ToolEntry) -> None:
        """Register ``entry``; the first registration of a name wins."""
        existing = self._entries.get(entry.name)
        if existing is not None:
            if existing != entry:
                self.problems.append(
                    f"scenario {entry.name!r} from {entry.source} is ignored: "
                    f"{existing.source} registers that name first"
                )
            return
        self._entries[entry.name] = entry

    def register(self, tool_class: type[DataGeneratorTool[Any, Any]]) -> None:
        """Register a tool class directly (library users, tests)."""
        tool = tool_class()
        target = f"{tool_class.__module__}:{tool_class.__qualname__}"
        self.add(ToolEntry(tool.name, target, "register()", summary=tool.description))

    def names(self) -> list[str]:
        """Return the registered scenario names, sorted."""
        return sorted(self._entries)

    def __iter__(self) -> Iterator[ToolEntry]:
        return iter(self._entries[name] for name in self.names())

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def get(self, name: str) -> ToolEntry:
        """Return the entry called ``name``.

        Raises:
            UsageError: No scenario has that name.
        """
        try:
            return self._entries[name]
        except KeyError:
            known = ", ".join(self.names()) or "none"
            raise UsageError(
                f"no scenario called {name!r}", hint=f"Choose one of: {known}"
            ) from None

    def create(self, name: str) -> DataGeneratorTool[Any, Any]:
        """Instantiate the scenario called ``name``."""
        return self.get(name).create()


def _entry_point_entries() -> list[ToolEntry]:
    found = entry_points(group=ENTRY_POINT_GROUP)
    # datagen's own scenarios first, so a plug-in cannot shadow a built-in by accident.
    ordered = sorted(found, key=lambda ep: (_dist_name(ep) != "datagen", _dist_name(ep)))
    return [ToolEntry(ep.name, ep.value, f"entry point of {_dist_name(ep)!r}") for ep in ordered]


def _dist_name(ep: Any) -> str:
    dist = getattr(ep, "dist", None)
    return str(dist.name) if dist is not None else "?"


def _scenario_file_entries(path: Path) -> tuple[list[ToolEntry], dict[str, int]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read scenarios: {exc}", hint="Fix the file or remove it"
        ) from exc
    scenarios = data.get("scenarios", {})
    if not isinstance(scenarios, dict):
        raise ConfigError(f"{path}: 'scenarios' must be a table", hint="Write [scenarios.NAME]")
    entries = []
    budgets: dict[str, int] = {}
    for name, table in scenarios.items():
        if not isinstance(table, dict):
            raise ConfigError(
                f"{path}: scenario {name!r} must be a table", hint=f"Write [scenarios.{name}]"
            )
        budget = table.get("max_tokens")
        if budget is not None:
            if not isinstance(budget, int) or isinstance(budget, bool) or budget < 1:
                raise ConfigError(
                    f"{path}: scenario {name!r} has max_tokens = {budget!r}",
                    hint="Write a whole number of tokens, 1 or more",
                )
            budgets[name] = budget
        target = table.get("tool")
        if target is None:
            # Declarative scenarios (fields, prompt, options) are read by the catalogue;
            # this hook registers Python tools by import path.
            continue
        if not isinstance(target, str) or ":" not in target:
            raise ConfigError(
                f"{path}: scenario {name!r} has tool = {target!r}",
                hint="Write tool = 'package.module:ClassName'",
            )
        summary = table.get("description")
        entries.append(
            ToolEntry(
                name, target, str(path), summary=summary if isinstance(summary, str) else None
            )
        )
    return entries, budgets


def _description_from_source(target: str) -> str:
    module_name, _, class_name = target.partition(":")
    try:
        spec = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        return ""
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return ""
    try:
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return ""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for statement in node.body:
                value = _assigned_string(statement, "description")
                if value is not None:
                    return value
            doc = (ast.get_docstring(node) or "").strip()
            return doc.splitlines()[0] if doc else ""
    return ""


def _assigned_string(statement: ast.stmt, name: str) -> str | None:
    if isinstance(statement, ast.Assign):
        targets = statement.targets
        value = statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        targets = [statement.target]
        value = statement.value
    else:
        return None
    for target in targets:
        if (
            isinstance(target, ast.Name)
            and target.id == name
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            return value.value
    return None
