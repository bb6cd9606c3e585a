"""Finding scenarios: entry points (built-in and third-party) and ``scenarios.toml``.

Built-in scenarios are declared as entry points of the ``data_generator.tools`` group in
datagen's own ``pyproject.toml``, so they are found through the same door as a plug-in.
Listing names and one-line descriptions imports no scenario module: the description is
read from the tool class's ``description = "..."`` line in its source. A scenario module is
imported only when that scenario is used.

``--help`` and shell completion list scenarios on every keystroke, so the entry points are
read straight from the ``entry_points.txt`` of each ``*.dist-info`` folder on ``sys.path``
(a few milliseconds); :mod:`importlib.metadata`, which costs ten times that to import and
scan, is asked only when a distribution could live elsewhere (a zip on ``sys.path``, a
custom finder).
"""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import importlib.util
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from data_generator.errors import ConfigError, UsageError

if TYPE_CHECKING:
    from data_generator.declarative.spec import ScenarioSettings, ScenarioSpec
    from data_generator.tool import DataGeneratorTool

__all__ = [
    "ENTRY_POINT_GROUP",
    "SCENARIOS_FILE",
    "SCENARIOS_FILE_VARIABLE",
    "ToolEntry",
    "ToolRegistry",
    "find_scenarios_file",
    "installed_entry_points",
    "read_entry_points",
    "scenario_settings",
]

ENTRY_POINT_GROUP = "data_generator.tools"
_METADATA_DIRS = (".dist-info", ".egg-info")
#: The scenarios file read from the working directory unless another is named.
SCENARIOS_FILE = "scenarios.toml"
#: The variable naming another scenarios file (``--scenarios-file`` wins over it).
SCENARIOS_FILE_VARIABLE = "DATAGEN_SCENARIOS_FILE"


def find_scenarios_file(given: Path | str | None = None, *, cwd: Path | None = None) -> Path:
    """The ``scenarios.toml`` a run reads (it need not exist).

    ``given`` (``--scenarios-file``), else the file ``DATAGEN_SCENARIOS_FILE`` names, else
    ``scenarios.toml`` in ``cwd`` (the working directory by default).
    """
    value = given or os.environ.get(SCENARIOS_FILE_VARIABLE) or SCENARIOS_FILE
    path = Path(value)
    return cwd / path if cwd is not None and not path.is_absolute() else path


def scenario_settings(
    name: str, scenarios_file: Path | str | None = None, *, cwd: Path | None = None
) -> ScenarioSettings:
    """The ``[scenarios.<name>]`` settings of the scenarios file the CLI would read.

    Found by :func:`find_scenarios_file`; empty when there is no file or no such table.

    Raises:
        ConfigError: The file cannot be read, or the scenario's table is invalid.
    """
    from data_generator.declarative.spec import ScenarioSettings, read_scenarios_file

    path = find_scenarios_file(scenarios_file, cwd=cwd)
    if not path.is_file():
        return ScenarioSettings()
    found = read_scenarios_file(path)
    if name in found.problems:
        raise ConfigError(found.problems[name], hint="Fix that scenario in the file")
    return found.settings.get(name, found.defaults)


@dataclass(frozen=True)
class ToolEntry:
    """A registered scenario, not yet imported.

    Attributes:
        name: The sub-command name.
        target: ``"package.module:ClassName"`` of the tool class.
        source: Where it was registered (an entry point's distribution, or a file).
        summary: A one-line description given at registration, if any.
        spec: The declaration of a scenario declared in ``scenarios.toml``.
        problem: What is wrong with its ``[scenarios.NAME]`` settings in ``scenarios.toml``
            (one line); using the scenario then raises it.
    """

    name: str
    target: str
    source: str
    summary: str | None = field(default=None, compare=False)
    spec: ScenarioSpec | None = field(default=None, compare=False)
    problem: str | None = field(default=None, compare=False)

    @cached_property
    def _facts(self) -> dict[str, Any]:
        return _class_facts(self.target)

    @cached_property
    def description(self) -> str:
        """The tool's one-line description, read from source without importing it."""
        if self.summary is not None:
            return self.summary
        if self.spec is not None:
            return self.spec.description
        return str(self._facts.get("description", ""))

    @cached_property
    def aliases(self) -> tuple[str, ...]:
        """Other names of the scenario, read from source without importing it."""
        return tuple(self._facts.get("aliases", ()))

    def load(self) -> type[DataGeneratorTool[Any, Any]]:
        """Import and return the tool class.

        Raises:
            ConfigError: Its section of ``scenarios.toml`` is broken, or the target cannot
                be imported or is not a DataGeneratorTool.
        """
        from data_generator.tool import DataGeneratorTool

        if self.problem is not None:
            raise ConfigError(self.problem, hint="Fix that scenario in the file")
        if self.spec is not None:
            return _declarative_class(self.spec)
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
        declared = getattr(tool_class, "name", None)
        if declared != self.name:
            raise ConfigError(
                f"scenario registered as {self.name!r} calls itself {declared!r}",
                hint=f"Register it under the name {declared!r}",
            )
        return tool_class

    def create(self, options: Mapping[str, Any] | None = None) -> DataGeneratorTool[Any, Any]:
        """Load the tool class and build the scenario with ``options`` (defaults if none).

        Raises:
            UsageError: An option value is invalid (or a required one is missing).
        """
        return self.load()(options)


class ToolRegistry:
    """The scenarios one process knows, by name. Build one with :meth:`discover`."""

    def __init__(self, entries: Iterable[ToolEntry] = (), problems: Iterable[str] = ()) -> None:
        self._entries: dict[str, ToolEntry] = {}
        self.problems: list[str] = list(problems)
        #: Per-scenario settings from ``scenarios.toml``, by scenario name.
        self.scenario_settings: dict[str, ScenarioSettings] = {}
        #: The problem of each scenario of ``scenarios.toml`` that could not be read.
        self.broken: dict[str, str] = {}
        #: The settings of a scenario without a table (the file's ``[[deployments]]``).
        self.default_settings: ScenarioSettings | None = None
        for entry in entries:
            self.add(entry)

    @classmethod
    def discover(cls, scenarios_file: Path | None = None) -> ToolRegistry:
        """Find scenarios from entry points, then from ``scenarios_file`` if it exists.

        A broken ``scenarios.toml`` (or one broken scenario in it) does not stop the
        others: each problem is kept in :attr:`problems` for the CLI to report. A scenario
        whose own section is broken, built-in or not, raises that problem when it is used.
        """
        registry = cls(_entry_point_entries())
        if scenarios_file is not None and scenarios_file.is_file():
            # Imported only with a file to read: --help without one stays lean.
            from data_generator.declarative.spec import read_scenarios_file

            try:
                found = read_scenarios_file(scenarios_file)
            except ConfigError as exc:
                registry.problems.append(exc.one_line())
                return registry
            source = str(scenarios_file)
            for name, (target, summary) in found.tools.items():
                registry.add(ToolEntry(name, target, source, summary=summary))
            for name, spec in found.specs.items():
                registry.add(ToolEntry(name, f"{source}#{name}", source, spec=spec))
            registry.scenario_settings = found.settings
            registry.default_settings = found.defaults
            registry.broken = found.problems
            registry.problems += found.problems.values()
            for name, problem in found.problems.items():
                entry = registry._entries.get(name)
                if entry is not None:  # a built-in or plug-in: its settings are broken
                    registry._entries[name] = replace(entry, problem=problem)
        return registry

    def settings_of(self, name: str) -> ScenarioSettings:
        """The ``scenarios.toml`` settings of scenario ``name`` (empty when none)."""
        from data_generator.declarative.spec import ScenarioSettings

        return self.scenario_settings.get(name, self.default_settings or ScenarioSettings())

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
        return name in self._entries or (isinstance(name, str) and self.resolve(name) != name)

    def resolve(self, name: str) -> str:
        """Return the canonical name of ``name`` (itself, unless it is an alias)."""
        if name in self._entries:
            return name
        # Aliases are read from source only on a miss, so listing stays cheap.
        for entry in self._entries.values():
            if name in entry.aliases:
                return entry.name
        return name

    def get(self, name: str) -> ToolEntry:
        """Return the entry called ``name`` (or aliased so).

        Raises:
            ConfigError: ``name`` is declared in ``scenarios.toml`` but broken.
            UsageError: No scenario has that name.
        """
        entry = self._entries.get(self.resolve(name))
        if entry is not None:
            return entry
        if name in self.broken:
            raise ConfigError(self.broken[name], hint="Fix that scenario in the file")
        from data_generator.messages import suggest

        aliases = [alias for entry in self for alias in entry.aliases]
        meant = suggest(name, [*self.names(), *aliases])
        known = ", ".join(self.names()) or "none"
        hint = (
            f"Did you mean {meant!r}? Or choose one of: {known}"
            if meant
            else f"Choose one of: {known}"
        )
        raise UsageError(f"no scenario called {name!r}", hint=hint)

    def create(
        self, name: str, options: Mapping[str, Any] | None = None
    ) -> DataGeneratorTool[Any, Any]:
        """Build the scenario called ``name`` with ``options`` (its defaults if none)."""
        return self.get(name).create(options)


def _entry_point_entries() -> list[ToolEntry]:
    found = installed_entry_points(ENTRY_POINT_GROUP)
    # datagen's own scenarios first, so a plug-in cannot shadow a built-in by accident.
    found.sort(key=lambda item: (item[0] != "datagen", item[0]))
    return [ToolEntry(name, value, f"entry point of {dist!r}") for dist, name, value in found]


def installed_entry_points(group: str) -> list[tuple[str, str, str]]:
    """The entry points of ``group`` as (distribution, name, value), however installed.

    Read from the files by :func:`read_entry_points` when that gives the whole answer,
    else asked of :mod:`importlib.metadata`.
    """
    found = read_entry_points(group)
    if found is None:
        from importlib.metadata import entry_points

        found = [(_dist_name(ep), ep.name, ep.value) for ep in entry_points(group=group)]
    return found


def read_entry_points(group: str) -> list[tuple[str, str, str]] | None:
    """The entry points of ``group`` as (distribution, name, value), read from the files.

    Reads what :func:`importlib.metadata.entry_points` reads for distributions installed in
    folders on ``sys.path`` (``*.dist-info`` and ``*.egg-info``, the first of each name
    wins), without importing it.

    Returns:
        The entry points in ``sys.path`` order, or ``None`` when some distribution may be
        found another way (a zip file or an ``.egg`` on ``sys.path``, a meta-path finder of
        its own): then only :mod:`importlib.metadata` gives the whole answer.
    """
    if any(
        hasattr(finder, "find_distributions") and finder is not importlib.machinery.PathFinder
        for finder in sys.meta_path
    ):
        return None
    header = f"[{group}]"
    seen: set[str] = set()
    found: list[tuple[str, str, str]] = []
    for folder in sys.path:
        if not isinstance(folder, str) or folder.lower().endswith(".egg"):
            return None  # an odd entry, or an egg (its metadata is in EGG-INFO/)
        try:
            with os.scandir(folder or ".") as children:
                names = [c.name for c in children if c.name.lower().endswith(_METADATA_DIRS)]
        except NotADirectoryError:  # a zip of packages
            return None
        except OSError:
            continue
        for name in names:
            dist = _normalize(name.lower().rpartition(".")[0].partition("-")[0])
            if dist in seen:
                continue
            seen.add(dist)
            try:
                path = os.path.join(folder or ".", name, "entry_points.txt")
                with open(path, encoding="utf-8") as file:
                    text = file.read()
            except (OSError, UnicodeDecodeError):  # most distributions have none
                continue
            if header in text:
                found += [(dist, *pair) for pair in _section_pairs(text, group)]
    return found


def _normalize(name: str) -> str:
    """PEP 503 normalization with dashes as underscores, as importlib.metadata does."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _section_pairs(text: str, section: str) -> Iterator[tuple[str, str]]:
    """The ``name = value`` lines of one ``[section]`` of an ``entry_points.txt``."""
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
        elif current == section and "=" in line:
            name, _, value = line.partition("=")
            yield name.strip(), value.strip()


def _dist_name(ep: Any) -> str:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return "?"
    # The name from the .dist-info folder: ``dist.name`` parses the whole METADATA file
    # (long descriptions included) on every call, which --help and completion would pay.
    folder_name = getattr(dist, "_normalized_name", None)
    return str(folder_name or dist.name)


def _declarative_class(spec: ScenarioSpec) -> type[DataGeneratorTool[Any, Any]]:
    from data_generator.declarative.tool import build_tool_class

    try:
        return build_tool_class(spec)
    except (TypeError, ValueError) as exc:  # pydantic refused a model built from the file
        raise ConfigError(
            f"{spec.source}: scenario {spec.name!r}: {exc}".splitlines()[0],
            hint="Fix that scenario in the file",
        ) from exc


def _class_facts(target: str) -> dict[str, Any]:
    """Read a tool class's ``description`` and ``aliases`` from source, without importing.

    The docstring's first line stands in for a missing ``description``.
    """
    module_name, _, class_name = target.partition(":")
    source = _module_source(module_name)
    if source is None:
        return {}
    scanned = _scan_class_facts(source, class_name)
    if scanned is not None:
        return scanned
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            facts: dict[str, Any] = {}
            for statement in node.body:
                facts.update(_assigned_literals(statement, ("description", "aliases")))
            if "description" not in facts:
                doc = (ast.get_docstring(node) or "").strip()
                facts["description"] = doc.splitlines()[0] if doc else ""
            return facts
    return {}


def _module_source(module_name: str) -> str | None:
    """The source text of a module, found without importing it (``None``: not found)."""
    try:
        spec = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    try:
        return Path(spec.origin).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


_FACT_LINE = re.compile(r"^    (description|aliases)(?:\s*:[^=\n]*)?\s*=\s*(.+?)\s*$", re.MULTILINE)
_TOP_LEVEL = re.compile(r"^\S", re.MULTILINE)


def _scan_class_facts(source: str, class_name: str) -> dict[str, Any] | None:
    """The facts of one-line ``description = "..."`` assignments, found without parsing.

    Parsing a whole scenario module costs ~8 ms, and ``--help`` and completion list every
    scenario; this scan costs a fraction of that. ``None`` sends the caller to the parser
    (no one-line description, or a value that is not a plain literal).
    """
    start = re.search(rf"^class {re.escape(class_name)}\b", source, re.MULTILINE)
    if start is None:
        return None
    end = _TOP_LEVEL.search(source, start.end())
    body = source[start.end() : end.start() if end else len(source)]
    facts: dict[str, Any] = {}
    for match in _FACT_LINE.finditer(body):
        try:
            facts.setdefault(match[1], ast.literal_eval(match[2]))
        except (ValueError, TypeError, SyntaxError):
            return None
    return facts if isinstance(facts.get("description"), str) else None


def _assigned_literals(statement: ast.stmt, names: tuple[str, ...]) -> dict[str, Any]:
    if isinstance(statement, ast.Assign):
        targets = statement.targets
        value = statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        targets = [statement.target]
        value = statement.value
    else:
        return {}
    found = {}
    for target in targets:
        if isinstance(target, ast.Name) and target.id in names:
            try:
                found[target.id] = ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError):
                continue
    return found
