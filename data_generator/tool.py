"""The scenario contract: what a :class:`DataGeneratorTool` declares and how it is used.

A tool declares two pydantic models, once each:

* ``options_model``: the scenario's typed options. It becomes the sub-command's flags
  (:meth:`DataGeneratorTool.cli_arguments`), is validated by
  :meth:`DataGeneratorTool.validate_args` and is recorded in the run manifest.
* ``record_model``: the record. It is the output schema, the validator of every answer, the
  blueprint of the offline provider and the column list of CSV and Parquet files.

Tools do no I/O and import no model SDK; the engine calls them.
"""

from __future__ import annotations

import random
import types
import typing
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar, Generic, Literal, TypeVar, get_args, get_origin

import annotated_types
from pydantic import BaseModel, ValidationError

from data_generator.attributes import Attribute, AttributeSampler, NotSettableError
from data_generator.errors import UsageError
from data_generator.formats import OUTPUT_FORMATS, OutputFormat
from data_generator.messages import plain_reason, show_value
from data_generator.prompt_template import PromptTemplate

__all__ = [
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


@dataclass(slots=True)
class RecordContext:
    """What makes one record different from the next.

    Its index, the run seed, and the per-record attributes sampled for diversity.

    Attributes:
        index: 1-based record index; file names and resume are keyed by it.
        seed: The run seed.
        options: The validated scenario options.
        attributes: Per-record attributes (severity, area…) fed to prompt and offline hints.
    """

    index: int
    seed: int
    options: BaseModel
    attributes: Mapping[str, Any] = field(default_factory=dict)


#: An offline hint: makes one field's value from the record's random generator and context.
Hint = Callable[[random.Random, RecordContext], Any]


def format_attributes(attributes: Mapping[str, Any]) -> str:
    """Show a record's attributes as the prompt's ``{{$attributes}}`` value."""
    return ", ".join(f"{key}: {value}" for key, value in attributes.items()) or "none"


def render_prompt(template: str, context: RecordContext) -> str:
    """Fill a prompt template's ``{{$index}}`` and ``{{$attributes}}`` for one record.

    In one pass: what fills a hole is not read again. A
    :class:`~data_generator.prompt_template.PromptTemplate` keeps the ``{{$...}}`` of
    option values as text (see :func:`~data_generator.prompt_template.build_template`).
    """
    if not isinstance(template, PromptTemplate):
        template = PromptTemplate(template)
    return template.fill(context.index, format_attributes(context.attributes))


def record_rng(seed: int, index: int, stream: int = 0) -> random.Random:
    """Return the random generator of one record: a pure function of seed and index.

    Record *i* is therefore the same whatever the concurrency, order or resume point.
    """
    return random.Random((seed << 40) ^ (stream << 32) ^ index)


class DataGeneratorTool(ABC, Generic[OptionsT, RecordT]):
    """A scenario: its options, its record, its prompts, its rules and offline hints.

    Subclasses set the class attributes ``name``, ``description``, ``options_model`` and
    ``record_model`` and implement :meth:`build_prompt`, :meth:`get_system_description` and
    :meth:`examples`. A subclass that misses one cannot be instantiated (``TypeError``).
    """

    #: A fixed default of ``--max-tokens`` (output tokens per request), or ``None`` (the
    #: built-ins) to derive it from the scenario's typical answer; see
    #: :meth:`output_token_budget`. A declared scenario's ``max_tokens`` sets it.
    token_budget: ClassVar[int | None] = None
    #: Other sub-command names of this scenario (kept for older command lines). Written as
    #: a literal tuple: the registry reads it from source without importing the module.
    aliases: ClassVar[tuple[str, ...]] = ()
    #: The seed the declared attributes are drawn under; the engine sets it for each run.
    attribute_seed: int = 0

    def __init__(self) -> None:
        self._options: OptionsT | None = None

    # --- declarations -------------------------------------------------------------------
    @property
    @abstractmethod
    def name(self) -> str:
        """Sub-command name, kebab-case; also the stem of record file names."""

    @property
    @abstractmethod
    def description(self) -> str:
        """One line for ``datagen list`` and ``--help``."""

    @property
    @abstractmethod
    def options_model(self) -> type[OptionsT]:
        """The pydantic model of the scenario's options."""

    @property
    @abstractmethod
    def record_model(self) -> type[RecordT]:
        """The pydantic model of one record."""

    @abstractmethod
    def build_prompt(self, output_format: OutputFormat) -> str:
        """Return the user-prompt template of a run.

        The template may use ``{{$index}}`` and ``{{$attributes}}``, filled in per record.
        """

    @abstractmethod
    def get_system_description(self) -> str:
        """Return the system message sent with every request."""

    @abstractmethod
    def examples(self) -> list[str]:
        """Return example command lines (each runs in the test suite)."""

    # --- options ------------------------------------------------------------------------
    @property
    def options(self) -> OptionsT:
        """The options bound by :meth:`validate_args`.

        Raises:
            UsageError: :meth:`validate_args` has not been called.
        """
        if self._options is None:
            raise UsageError(f"{self.name}: options are not set", hint="Call validate_args first")
        return self._options

    def output_token_budget(self) -> int | None:
        """Output tokens one record may take: the default of ``--max-tokens``, if fixed.

        :attr:`token_budget` by default. ``None`` (the default) lets the engine derive it
        from the scenario's typical answer with the run's options: twice the median size
        of 200 offline records (characters over four), rounded up to a multiple of 64 and
        at least 256 (:mod:`data_generator.engine.budget`). That follows options that make
        records longer (more transactions, more orders) by itself; override this only when
        a model's answers are much longer than the offline records (long free text).
        ``--max-tokens``, ``DATAGEN_MAX_TOKENS`` and ``max_tokens`` under
        ``[scenarios.<name>]`` in ``scenarios.toml`` take precedence. The request timeout
        follows it unless ``--request-timeout`` is given.
        """
        return self.token_budget

    def supported_output_formats(self) -> tuple[OutputFormat, ...]:
        """Return the output formats this scenario can write (all, by default)."""
        return OUTPUT_FORMATS

    def cli_arguments(self) -> list[CliArgument]:
        """Derive the command-line options from ``options_model``."""
        return [_cli_argument(name, info) for name, info in self.options_model.model_fields.items()]

    def validate_args(self, ns: Mapping[str, Any] | Any) -> OptionsT:
        """Validate option values, bind them to this tool and return them.

        Args:
            ns: A mapping or an object with attributes (an ``argparse.Namespace``), keyed by
                option field name. Missing keys take the model's defaults.

        Raises:
            UsageError: A value is invalid, naming the flag and what is expected.
        """
        values = dict(ns) if isinstance(ns, Mapping) else dict(vars(ns))
        known = self.options_model.model_fields
        values = {key: value for key, value in values.items() if key in known}
        try:
            self._options = self.options_model.model_validate(values)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = str(error["loc"][0]) if error["loc"] else ""
            flag = "--" + where.replace("_", "-") if where else self.name
            shown = f" (got {show_value(error['input'])})" if where in values else ""
            raise UsageError(
                f"{flag}: {plain_reason(error['msg'])}{shown}",
                hint=f"See 'datagen {self.name} --help'",
            ) from exc
        return self._options

    # --- per record ---------------------------------------------------------------------
    def attributes(self) -> list[Attribute]:
        """Declare the per-record attributes that steer diversity (none by default).

        Called after :meth:`validate_args`, so weights may follow the options (a
        ``--fraud-percent`` becomes the weights of a ``fraud`` attribute).
        """
        return []

    def sample_attributes(self, rng: random.Random, index: int) -> dict[str, Any]:
        """Draw record ``index``'s attributes, in declaration order.

        Declared attributes are drawn by stratified sampling: each block of 100 records
        takes one point from each hundredth of ``[0, 1)``, in an order shuffled from
        :attr:`attribute_seed`, the block and the attribute. So every 100 records follow
        the declared weights almost exactly (5 % fraud is 5 of each 100 records, not
        "about 5"), attributes stay independent of each other, and record *i* gets the
        same values whatever the order of work or the resume point.

        Override to add derived values (an age inside the drawn band), calling ``super()``
        first so the declared ones keep their distributions; draw those from ``rng``.
        """
        return self._attribute_sampler().draw(self.attribute_seed, index)

    def _attribute_sampler(self) -> AttributeSampler:
        # Cached per bound options: attributes() may build weights from them.
        cached = self.__dict__.get("_sampler_cache")
        if cached is None or cached[0] is not self._options:
            cached = (self._options, AttributeSampler(self.name, self.attributes()))
            self.__dict__["_sampler_cache"] = cached
        sampler: AttributeSampler = cached[1]
        return sampler

    def offline_hints(self) -> Mapping[str, Hint]:
        """Return offline generators by dotted field path.

        ``patient.name`` is a field of a nested object (or of each object in a list),
        ``tags[]`` each item of a list of plain values.
        """
        return {}

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Adjust an offline draft so it keeps the scenario's invariants."""
        return record

    def repair(self, record: RecordT) -> RecordT:
        """Return ``record`` with its mechanical faults fixed; nothing to fix by default.

        Mechanical means no judgement is needed: a total recomputed from its items, turns
        put in time order, a field reset to the option it must echo.
        """
        return record

    def invariant_problems(self, record: RecordT) -> list[str]:
        """Return the scenario rules ``record`` breaks, one short phrase each (empty: none)."""
        return []

    def post_process(self, raw: RecordT) -> RecordT:
        """Repair what is mechanical, reject what is not.

        Runs on every validated answer, from any provider: :meth:`repair`, then
        :meth:`invariant_problems`.

        Raises:
            InvariantError: The record breaks a rule that cannot be mended.
        """
        record = self.repair(raw)
        problems = self.invariant_problems(record)
        if problems:
            raise InvariantError("; ".join(problems))
        return record

    def render_text(self, record: RecordT) -> str:
        """Render a record as a readable document for ``txt`` output."""
        return render_generic_text(self.description, record.model_dump(mode="json"))


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
