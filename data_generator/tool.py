"""The scenario contract: what a :class:`DataGeneratorTool` declares and how it is used.

A tool declares two pydantic models, once each:

* ``options_model``: the scenario's typed options. It becomes the sub-command's flags
  (:meth:`DataGeneratorTool.cli_arguments`), is validated by
  :meth:`DataGeneratorTool.parse_options` and is recorded in the run manifest.
* ``record_model``: the record. It is the output schema, the validator of every answer, the
  blueprint of the offline provider and the column list of CSV and Parquet files.

Tools do no I/O and import no model SDK; the engine calls them.
"""

from __future__ import annotations

import random
import re
import types
import typing
from abc import ABC
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, Generic, Literal, TypeVar, cast, get_args, get_origin

import annotated_types
from pydantic import BaseModel, ValidationError

from data_generator.attributes import Attribute, AttributeSampler, NotSettableError
from data_generator.context import RecordContext, record_rng
from data_generator.errors import UsageError
from data_generator.formats import OUTPUT_FORMATS, OutputFormat
from data_generator.markers import Drawn, FromOption, Marker, RecordId, field_markers
from data_generator.messages import plain_reason, show_value
from data_generator.rules import Rule, check, rule, rules_of

__all__ = [
    "ANSWER_LINE",
    "DEFAULT_SYSTEM",
    "OUTPUT_FORMATS",
    "Attribute",
    "CliArgument",
    "DataGeneratorTool",
    "Flag",
    "Hint",
    "InvariantError",
    "NotSettableError",
    "OutputFormat",
    "RecordContext",
    "render_document",
    "rule",
]


RecordT = TypeVar("RecordT", bound=BaseModel)
OptionsT = TypeVar("OptionsT", bound=BaseModel)


class InvariantError(ValueError):
    """A record breaks a rule of its scenario that no mechanical fix can restore."""


@dataclass(frozen=True)
class Flag:
    """Extra command-line spellings of an option, used as ``Annotated`` metadata.

    Example:
        ``speciality: Annotated[Specialty, Flag("--specialty")] = "cardiology"`` adds
        ``--specialty`` beside the derived ``--speciality``; ``Flag("-d")`` adds a short flag.
    """

    names: tuple[str, ...]

    def __init__(self, *names: str) -> None:
        object.__setattr__(self, "names", names)


@dataclass(frozen=True)
class CliArgument:
    """One scenario option as the command line (and the wizard) sees it.

    Attributes:
        name: The options-model field name.
        flags: Every spelling, the canonical ``--kebab-name`` first.
        kind: ``str``, ``int``, ``float``, ``bool`` or ``choice``.
        help: The field's description.
        default: The default value, or ``None`` when required or unset.
        required: Whether the option must be given.
        choices: The allowed values for ``choice`` options.
        minimum: Inclusive lower bound of a number, if any.
        maximum: Inclusive upper bound of a number, if any.
        min_length: The fewest characters of a ``str`` option, if bounded.
        max_length: The most characters of a ``str`` option, if bounded.
    """

    name: str
    flags: tuple[str, ...]
    kind: Literal["str", "int", "float", "bool", "choice"]
    help: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | float | None = None
    maximum: int | float | None = None
    min_length: int | None = None
    max_length: int | None = None


#: An offline hint: makes one field's value from the record's random generator and context.
Hint = Callable[[random.Random, RecordContext], Any]


DEFAULT_SYSTEM = (
    "You write realistic, internally consistent synthetic records for tests and demos. "
    "People, companies and contact details are fictional; e-mail addresses use "
    "example.com, example.org or example.net and phone numbers 555-0100 to 555-0199."
)
#: Ends every user prompt: the schema itself travels beside it.
ANSWER_LINE = "Answer with one JSON object that matches the given schema."
_OPTION_HOLE = re.compile(r"\{\{\$([A-Za-z_][A-Za-z0-9_]*)\}\}")


class DataGeneratorTool(ABC, Generic[OptionsT, RecordT]):
    """A scenario: its options, its record, its prompt, its rules and offline hints.

    A subclass names its two models as generic parameters
    (``DataGeneratorTool[MyOptions, MyRecord]``) and sets :attr:`name`,
    :attr:`description`, :attr:`prompt` and :attr:`examples`. Facts about single fields
    (an id from the record index, a copy of an option, a drawn attribute) are markers in
    the record model (:mod:`data_generator.markers`); rules that span fields are methods
    decorated with :func:`~data_generator.rules.rule`. A tool is an immutable value: its
    options are given at construction.

    Args:
        options: The scenario's options: a validated options model, or values by field
            name (missing ones take their defaults).

    Raises:
        UsageError: An option value is invalid, naming the flag and what is expected.
    """

    #: Sub-command name, kebab-case; also the stem of record file names. A literal: the
    #: registry reads it from source without importing the module.
    name: ClassVar[str]
    #: One line for ``datagen list`` and ``--help`` (a literal, read from source).
    description: ClassVar[str]
    #: Other sub-command names of this scenario (kept for older command lines).
    aliases: ClassVar[tuple[str, ...]] = ()
    #: The pydantic model of the scenario's options (the first generic parameter).
    options_model: ClassVar[type[BaseModel]]
    #: The pydantic model of one record (the second generic parameter).
    record_model: ClassVar[type[BaseModel]]
    #: The system message sent with every request.
    system: ClassVar[str] = DEFAULT_SYSTEM
    #: The user-prompt template. ``{{$option_name}}`` takes an option's value,
    #: ``{{$index}}`` the record's number; the drawn attributes and the closing
    #: "Answer with one JSON object…" line are added by the framework.
    prompt: ClassVar[str] = ""
    #: Example command lines (each runs in the test suite).
    examples: ClassVar[tuple[str, ...]] = ()
    #: The output formats this scenario can write.
    output_formats: ClassVar[tuple[OutputFormat, ...]] = OUTPUT_FORMATS
    #: A fixed default of ``--max-tokens`` (output tokens per request), or ``None`` (the
    #: built-ins) to derive it from the scenario's typical answer with the run's options:
    #: twice the median size of 200 offline records (characters over four), rounded up to
    #: a multiple of 64 and at least 256 (:mod:`data_generator.engine.budget`). A declared
    #: scenario's ``max_tokens`` sets it.
    token_budget: ClassVar[int | None] = None
    #: The order the attributes are drawn in (each draw has its own random stream), when
    #: not the drawn fields in field order and then :meth:`attributes`. It may name an
    #: attribute that only some options declare.
    attribute_order: ClassVar[tuple[str, ...]] = ()
    #: The rules every record keeps, gathered from the ``@rule`` methods.
    rules: ClassVar[tuple[Rule, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in getattr(cls, "__orig_bases__", ()):
            origin = get_origin(base)
            if isinstance(origin, type) and issubclass(origin, DataGeneratorTool):
                options_model, record_model = get_args(base)
                if isinstance(options_model, type) and "options_model" not in vars(cls):
                    cls.options_model = options_model
                if isinstance(record_model, type) and "record_model" not in vars(cls):
                    cls.record_model = record_model
        cls.rules = rules_of(cls)

    def __init__(self, options: OptionsT | Mapping[str, Any] | None = None) -> None:
        for required in ("name", "description", "options_model", "record_model"):
            if not hasattr(type(self), required):
                raise TypeError(f"{type(self).__name__} does not declare {required!r}")
        if isinstance(options, self.options_model):
            validated = options
        else:
            validated = self.parse_options(cast("Mapping[str, Any]", options or {}))
        #: The validated options of this scenario (read-only: a tool is a value).
        self.options: OptionsT = validated
        self._markers = field_markers(self.record_model)
        nested_drawn = [p for p, m in self._markers.items() if "." in p and isinstance(m, Drawn)]
        if nested_drawn:
            raise TypeError(
                f"{type(self).__name__}: Drawn marks top-level fields, not {nested_drawn}"
            )
        self._sampler = AttributeSampler(self.name, self.declared_attributes())
        self._recipe: tuple[Mapping[str, Hint], Any] | None = None

    # --- what a scenario may override ---------------------------------------------------
    def build_prompt(self) -> str:
        """The user-prompt template of a run: :attr:`prompt` with the options filled in.

        Override when the prompt is not one template (a sentence that only some options
        add). The result may use ``{{$index}}``; option values in it are literal text.
        """
        values = self.options.model_dump(mode="json")
        return _OPTION_HOLE.sub(
            lambda match: str(values[match[1]]) if match[1] in values else match[0], self.prompt
        )

    def attributes(self) -> list[Attribute]:
        """Per-record attributes that are not one field's value (none by default).

        A field whose value is drawn is marked :class:`~data_generator.markers.Drawn`
        instead. These come after the drawn fields, in the order given.
        """
        return []

    def draw_attributes(self, rng: random.Random, seed: int, index: int) -> dict[str, Any]:
        """Draw record ``index``'s attributes under ``seed``.

        The declared ones come by stratified sampling: each block of 100 records takes one
        point from each hundredth of ``[0, 1)``, in an order shuffled from the seed, the
        block and the attribute. So every 100 records follow the declared weights almost
        exactly (5 % fraud is 5 of each 100 records, not "about 5"), attributes stay
        independent of each other, and record *i* gets the same values whatever the order
        of work or the resume point.

        Override to add derived values (an age inside the drawn band), calling ``super()``
        first so the declared ones keep their distributions; draw those from ``rng``.
        """
        return self._sampler.draw(seed, index)

    def offline_hints(self) -> Mapping[str, Hint]:
        """Return offline generators by dotted field path, for fields no marker fills.

        ``patient.name`` is a field of a nested object (or of each object in a list),
        ``tags[]`` each item of a list of plain values.
        """
        return {}

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Fill the :data:`~data_generator.markers.Later` fields of an offline draft."""
        return record

    def render_text(self, record: RecordT) -> str:
        """Render a record as a readable document for ``txt`` output."""
        return render_generic_text(self.description, record.model_dump(mode="json"))

    # --- what the framework derives -----------------------------------------------------
    @classmethod
    def parse_options(cls, values: Mapping[str, Any]) -> OptionsT:
        """Validate option values by field name (unknown keys are ignored).

        Raises:
            UsageError: A value is invalid, naming the flag and what is expected.
        """
        known = cls.options_model.model_fields
        given = {key: value for key, value in values.items() if key in known}
        try:
            return cast("OptionsT", cls.options_model.model_validate(given))
        except ValidationError as exc:
            error = exc.errors()[0]
            where = str(error["loc"][0]) if error["loc"] else ""
            flag = "--" + where.replace("_", "-") if where else cls.name
            shown = f" (got {show_value(error['input'])})" if where in given else ""
            raise UsageError(
                f"{flag}: {plain_reason(error['msg'])}{shown}",
                hint=f"See 'datagen {cls.name} --help'",
            ) from exc

    @classmethod
    def cli_arguments(cls) -> list[CliArgument]:
        """Derive the command-line options from ``options_model``."""
        return [_cli_argument(name, info) for name, info in cls.options_model.model_fields.items()]

    def declared_attributes(self) -> list[Attribute]:
        """Every per-record attribute, in the order they are drawn.

        The drawn fields in field order, then :meth:`attributes`; or as
        :attr:`attribute_order` names them.

        Raises:
            TypeError: :attr:`attribute_order` leaves out an attribute, or names one twice
                (it may name one that only some options declare).
        """
        drawn = [
            Attribute(marker.name or name, marker.weights_for(self.options), observe=name)
            for name, marker in self._markers.items()
            if isinstance(marker, Drawn)
        ]
        found = drawn + self.attributes()
        if not self.attribute_order:
            return found
        by_name = {attribute.name: attribute for attribute in found}
        order = self.attribute_order
        if not set(by_name) <= set(order) or len(set(order)) != len(order):
            raise TypeError(
                f"{type(self).__name__}.attribute_order {order} does not name each of its "
                f"attributes once: {sorted(by_name)}"
            )
        return [by_name[name] for name in order if name in by_name]

    def record_context(self, seed: int, index: int) -> tuple[RecordContext, random.Random]:
        """Record ``index``'s context under ``seed``, and its random generator.

        The generator is positioned after the attributes were drawn; both are a pure
        function of seed and index.
        """
        rng = record_rng(seed, index)
        return RecordContext(index, seed, self.options, self.draw_attributes(rng, seed, index)), rng

    def user_prompt(self) -> str:
        """The full user-prompt template: :meth:`build_prompt`, the attributes, the answer line."""
        lines = [self.build_prompt().rstrip()]
        if self._sampler.attributes and "{{$attributes}}" not in lines[0]:
            lines.append("Use these attributes for this record: {{$attributes}}.")
        lines.append(ANSWER_LINE)
        return "\n".join(lines)

    def offline_recipe(self) -> tuple[Mapping[str, Hint], Any]:
        """The offline provider's hints and finishing step.

        The markers' hints first; the scenario's own :meth:`offline_hints` over them.
        """
        if self._recipe is None:
            hints: dict[str, Hint] = {}
            for name, marker in self._markers.items():
                hints[name] = _marker_hint(name, marker, self.options)
            hints.update(self.offline_hints())
            self._recipe = (hints, self.offline_finalize)
        return self._recipe

    def _copied_options(self) -> list[tuple[str, str]]:
        """``(field path, option)`` of every :class:`~data_generator.markers.FromOption` field."""
        return [
            (path, marker.option)
            for path, marker in self._markers.items()
            if isinstance(marker, FromOption)
        ]

    def problems(self, record: RecordT) -> list[str]:
        """The rules ``record`` breaks, markers included, one short phrase each (empty: none)."""
        found = [
            f"{path.rsplit('.', 1)[-1]} differs from --{option.replace('_', '-')}"
            for path, option in self._copied_options()
            if any(value != getattr(self.options, option) for value in _values_at(record, path))
        ]
        found += [problem for declared in self.rules for problem in declared.problems(self, record)]
        return found

    def post_process(self, raw: RecordT) -> RecordT:
        """Set what the markers fix, mend what the rules can, reject what is still wrong.

        Runs on every validated answer, from any provider.

        Raises:
            InvariantError: The record breaks a rule that cannot be mended.
        """
        record: BaseModel = raw
        for path, option in self._copied_options():
            wanted = getattr(self.options, option)
            if any(value != wanted for value in _values_at(record, path)):
                record = _with_value(record, path.split("."), wanted)
        record, problems = check(self, self.rules, record)
        if problems:
            raise InvariantError("; ".join(problems))
        return cast("RecordT", record)


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


def render_document(
    title: str,
    facts: Sequence[tuple[str, Any]] = (),
    sections: Sequence[tuple[str, str]] = (),
    footer: Sequence[str] = (),
) -> str:
    """Render a readable text document: an underlined title, facts, sections, a footer.

    Args:
        title: The document's title.
        facts: ``(label, value)`` lines under the title; ``None`` values are left out.
        sections: ``(heading, body)`` pairs; each heading is underlined.
        footer: Closing lines (a signature, a status).
    """
    lines = [title, "=" * len(title), ""]
    shown = [f"{label}: {value}" for label, value in facts if value is not None]
    if shown:
        lines += [*shown, ""]
    for heading, body in sections:
        lines += [heading, "-" * len(heading), body.rstrip(), ""]
    lines += footer
    return "\n".join(lines).rstrip() + "\n"


def render_generic_text(title: str, data: Mapping[str, Any]) -> str:
    """Render any record as indented ``key: value`` text under a title."""
    lines = [title, "=" * len(title), ""]
    _render_value(lines, data, 0)
    return "\n".join(lines).rstrip() + "\n"


def _render_value(lines: list[str], value: Any, depth: int) -> None:
    pad = "  " * depth
    if isinstance(value, Mapping):
        for key, item in value.items():
            label = str(key).replace("_", " ").capitalize()
            if isinstance(item, Mapping | list):
                lines.append(f"{pad}{label}:")
                _render_value(lines, item, depth + 1)
            else:
                lines.append(f"{pad}{label}: {'' if item is None else item}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, Mapping):
                lines.append(f"{pad}-")
                _render_value(lines, item, depth + 1)
            else:
                lines.append(f"{pad}- {item}")


def _cli_argument(name: str, info: Any) -> CliArgument:
    annotation = info.annotation
    flags = ["--" + name.replace("_", "-")]
    minimum: int | float | None = None
    maximum: int | float | None = None
    lengths: dict[str, int | None] = {"min_length": None, "max_length": None}
    for meta in info.metadata:
        if isinstance(meta, Flag):
            flags.extend(meta.names)
        elif isinstance(meta, annotated_types.Ge) and isinstance(meta.ge, int | float):
            minimum = meta.ge
        elif isinstance(meta, annotated_types.Le) and isinstance(meta.le, int | float):
            maximum = meta.le
        for bound in lengths:  # StringConstraints, MinLen and MaxLen all name them so
            if isinstance(getattr(meta, bound, None), int):
                lengths[bound] = getattr(meta, bound)
    annotation = _strip_optional(annotation)
    choices = choice_values(annotation)
    kind: Literal["str", "int", "float", "bool", "choice"]
    if choices:
        kind = "choice"
    elif annotation is bool:
        kind = "bool"
    elif annotation is int:
        kind = "int"
    elif annotation is float:
        kind = "float"
    else:
        kind = "str"
    required = info.is_required()
    default = None if required else info.get_default(call_default_factory=True)
    if isinstance(default, Enum):
        default = default.value
    return CliArgument(
        name=name,
        flags=tuple(flags),
        kind=kind,
        help=info.description or "",
        default=default,
        required=required,
        choices=choices,
        minimum=minimum,
        maximum=maximum,
        min_length=lengths["min_length"] if kind == "str" else None,
        max_length=lengths["max_length"] if kind == "str" else None,
    )


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


def choice_values(annotation: Any) -> tuple[str, ...]:
    """Return the allowed values of a ``Literal`` or ``Enum`` annotation, else ``()``."""
    if get_origin(annotation) is Literal:
        return tuple(str(value) for value in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return tuple(str(member.value) for member in annotation)
    return ()
