"""What the engine derives from a scenario, once: its attributes, contexts, prompt, checks.

A :class:`~data_generator.tool.DataGeneratorTool` says what a scenario *is* (its models
with their markers, its rules, its prompt and hooks). :class:`ScenarioRuntime` is what the
engine and the providers use of it, derived once per tool (:func:`runtime_of`): the
per-record attributes in draw order and their sampler, each record's context, the full
user prompt, the offline provider's recipe, and the checks and mends every answer goes
through.
"""

from __future__ import annotations

import random
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from data_generator.attributes import Attribute, AttributeSampler
from data_generator.context import RecordContext, record_rng
from data_generator.markers import Drawn, FromOption, Marker, RecordId, field_markers
from data_generator.rules import InvariantError, check, rules_of

if TYPE_CHECKING:
    from data_generator.seeding import Seeding
    from data_generator.tool import DataGeneratorTool

__all__ = ["ANSWER_LINE", "Hint", "ScenarioRuntime", "runtime_of", "user_prompt"]

#: An offline hint: makes one field's value from the record's random generator and context.
Hint = Callable[[random.Random, RecordContext], Any]
#: Ends every user prompt: the schema itself travels beside it.
ANSWER_LINE = "Answer with one JSON object that matches the given schema."
_ATTRIBUTES_LINE = "Use these attributes for this record: {{$attributes}}."
_FACTS_LINE = "Facts for this record (use each one; they override anything above): {{$facts}}."

_RUNTIMES: weakref.WeakKeyDictionary[Any, ScenarioRuntime] = weakref.WeakKeyDictionary()


def runtime_of(tool: DataGeneratorTool[Any, Any]) -> ScenarioRuntime:
    """The runtime of ``tool``, derived on first use and kept while the tool lives."""
    found = _RUNTIMES.get(tool)
    if found is None:
        found = _RUNTIMES[tool] = ScenarioRuntime(tool)
    return found


class ScenarioRuntime:
    """The engine's view of one scenario with its options.

    Args:
        tool: The scenario.

    Raises:
        TypeError: A ``Drawn`` marker is on a nested field, or ``attribute_order`` leaves
            out an attribute or names one twice.
    """

    def __init__(self, tool: DataGeneratorTool[Any, Any]) -> None:
        self.tool = tool
        self.markers = field_markers(tool.record_model)
        nested = [path for path, m in self.markers.items() if "." in path and isinstance(m, Drawn)]
        if nested:
            raise TypeError(f"{type(tool).__name__}: Drawn marks top-level fields, not {nested}")
        self.rules = rules_of(type(tool))
        #: Every per-record attribute, in the order they are drawn.
        self.attributes = self._attributes()
        self.sampler = AttributeSampler(tool.name, self.attributes)
        self._copies = [
            (path, marker.option)
            for path, marker in self.markers.items()
            if isinstance(marker, FromOption)
        ]
        self._recipe: tuple[Mapping[str, Hint], Any] | None = None
        #: The run's seed data and what its columns do, if it has any (``--seed-data``).
        self.seeding: Seeding | None = None

    def use_seeding(self, seeding: Seeding | None) -> None:
        """Make each record for a row of ``seeding`` (``None``: for none)."""
        self.seeding = seeding

    def _attributes(self) -> list[Attribute]:
        """The drawn fields in field order, then ``attributes()``; or in ``attribute_order``."""
        tool = self.tool
        drawn = [
            Attribute(marker.name or name, marker.weights_for(tool.options), observe=name)
            for name, marker in self.markers.items()
            if isinstance(marker, Drawn)
        ]
        found = drawn + tool.attributes()
        order = tool.attribute_order
        if not order:
            return found
        by_name = {attribute.name: attribute for attribute in found}
        if not set(by_name) <= set(order) or len(set(order)) != len(order):
            raise TypeError(
                f"{type(tool).__name__}.attribute_order {order} does not name each of its "
                f"attributes once: {sorted(by_name)}"
            )
        return [by_name[name] for name in order if name in by_name]

    def context(self, seed: int, index: int) -> tuple[RecordContext, random.Random]:
        """Record ``index``'s context under ``seed``, and its random generator.

        The generator is positioned after the attributes were drawn; both are a pure
        function of seed and index.
        """
        rng = record_rng(seed, index)
        attributes = self.tool.draw_attributes(rng, seed, index)
        seeding = self.seeding
        if seeding is None or seeding.rows is None:
            return RecordContext(index, seed, self.tool.options, attributes), rng
        row = seeding.rows.row(index, seed)
        attributes = seeding.attributes(dict(attributes), row)
        options = seeding.options(self.tool.options, row)
        return RecordContext(index, seed, options, attributes, row), rng

    def offline_recipe(self) -> tuple[Mapping[str, Hint], Any]:
        """The offline provider's hints and finishing step.

        The markers' hints first; the scenario's own ``offline_hints()`` over them.
        """
        if self._recipe is None:
            hints: dict[str, Hint] = {}
            for name, marker in self.markers.items():
                hints[name] = _marker_hint(name, marker, self.tool.options)
            hints.update(self.tool.offline_hints())
            self._recipe = (hints, self.tool.offline_finalize)
        return self._recipe

    def problems(self, record: BaseModel) -> list[str]:
        """The rules ``record`` breaks, markers included, one short phrase each."""
        options = self.tool.options
        found = [
            f"{path.rsplit('.', 1)[-1]} differs from --{option.replace('_', '-')}"
            for path, option in self._live_copies()
            if any(value != getattr(options, option) for value in _values_at(record, path))
        ]
        found += [
            problem for declared in self.rules for problem in declared.problems(self.tool, record)
        ]
        return found

    def post_process(self, raw: BaseModel) -> BaseModel:
        """Set the option copies, mend what the rules can, reject what is still wrong.

        Raises:
            InvariantError: The record breaks a rule that cannot be mended.
        """
        record = raw
        for path, option in self._live_copies():
            wanted = getattr(self.tool.options, option)
            if any(value != wanted for value in _values_at(record, path)):
                record = _with_value(record, path.split("."), wanted)
        record, problems = check(self.tool, self.rules, record)
        if problems:
            raise InvariantError("; ".join(problems))
        return record

    def _live_copies(self) -> list[tuple[str, str]]:
        """The option copies the engine sets: not those of fields the seed data fills."""
        seeding = self.seeding
        if seeding is None or seeding.rows is None:
            return self._copies
        filled = set(seeding.rows.columns)
        return [(path, option) for path, option in self._copies if path not in filled]


def user_prompt(tool: DataGeneratorTool[Any, Any]) -> str:
    """The full user-prompt template of ``tool``.

    Its ``build_prompt()``, then the attributes line (when it draws attributes and its
    prompt does not place them itself), the facts line (with seed data, unless the prompt
    places ``{{$facts}}`` itself) and the answer line.
    """
    text = tool.build_prompt().rstrip()
    lines = [text]
    runtime = runtime_of(tool)
    if runtime.attributes and "{{$attributes}}" not in text:
        lines.append(_ATTRIBUTES_LINE)
    if runtime.seeding is not None and "{{$facts}}" not in text:
        lines.append(_FACTS_LINE)
    lines.append(ANSWER_LINE)
    return "\n".join(lines)


def _values_at(record: Any, path: str) -> list[Any]:
    """The values at a dotted ``path`` of a record: one per object, through lists and nulls."""
    found = [record]
    for part in path.split("."):
        found = [
            item
            for value in found
            for item in (value if isinstance(value, list) else [value])
            if item is not None
        ]
        found = [getattr(value, part) for value in found]
    return found


def _with_value(record: Any, parts: list[str], value: Any) -> Any:
    """A copy of ``record`` with ``value`` at the dotted path ``parts`` (in every list item)."""
    if isinstance(record, list):
        return [_with_value(item, parts, value) for item in record]
    if record is None:
        return None
    head, *rest = parts
    new = _with_value(getattr(record, head), rest, value) if rest else value
    return record.model_copy(update={head: new})


def _marker_hint(name: str, marker: Marker, options: BaseModel) -> Hint:
    """The offline generator a marker stands for (none of them draws from the rng)."""
    if isinstance(marker, FromOption):
        value = getattr(options, marker.option)
        return lambda _rng, _ctx: value
    if isinstance(marker, Drawn):
        attribute = marker.name or name
        return lambda _rng, ctx: ctx.attributes[attribute]
    if isinstance(marker, RecordId):
        prefix = marker.prefix
        return lambda _rng, ctx: f"{prefix}-{ctx.index:06d}"
    return lambda _rng, _ctx: None  # Later: offline_finalize fills it
