"""The scenario contract: what a :class:`DataGeneratorTool` declares.

A tool declares two pydantic models, once each, as its generic parameters:

* the options model: the scenario's typed options. It becomes the sub-command's flags
  (:func:`~data_generator.scenario_options.cli_arguments`), is validated when the tool is
  built and is recorded in the run manifest.
* the record model: the record, with its field markers (:mod:`data_generator.markers`). It
  is the output schema, the validator of every answer, the blueprint of the offline
  provider and the column list of CSV and Parquet files.

Rules are methods decorated with :func:`rule`. Everything the engine derives from these
declarations lives in :class:`~data_generator.runtime.ScenarioRuntime`. Tools do no I/O
and import no model SDK; the engine calls them.
"""

from __future__ import annotations

import random
import re
from abc import ABC
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar, cast, get_args, get_origin

from pydantic import BaseModel

from data_generator.attributes import Attribute, NotSettableError
from data_generator.context import RecordContext
from data_generator.formats import OUTPUT_FORMATS, OutputFormat
from data_generator.rules import InvariantError, rule
from data_generator.runtime import ANSWER_LINE, Hint, runtime_of
from data_generator.scenario_options import CliArgument, Flag, parse_options

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


DEFAULT_SYSTEM = (
    "You write realistic, internally consistent synthetic records for tests and demos. "
    "People, companies and contact details are fictional; e-mail addresses use "
    "example.com, example.org or example.net and phone numbers 555-0100 to 555-0199."
)
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

    def __init__(self, options: OptionsT | Mapping[str, Any] | None = None) -> None:
        for required in ("name", "description", "options_model", "record_model"):
            if not hasattr(type(self), required):
                raise TypeError(f"{type(self).__name__} does not declare {required!r}")
        if isinstance(options, self.options_model):
            validated = options
        else:
            validated = parse_options(type(self), cast("Mapping[str, Any]", options or {}))
        #: The validated options of this scenario (read-only: a tool is a value).
        self.options: OptionsT = validated
        runtime_of(self)  # a misplaced marker or a wrong attribute_order fails here

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
        return runtime_of(self).sampler.draw(seed, index)

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

    # --- checking a record ----------------------------------------------------------------
    def problems(self, record: RecordT) -> list[str]:
        """The rules ``record`` breaks, markers included, one short phrase each (empty: none)."""
        return runtime_of(self).problems(record)

    def post_process(self, raw: RecordT) -> RecordT:
        """Set the option copies, mend what the rules can, reject what is still wrong.

        Runs on every validated answer, from any provider.

        Raises:
            InvariantError: The record breaks a rule that cannot be mended.
        """
        return cast("RecordT", runtime_of(self).post_process(raw))


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
