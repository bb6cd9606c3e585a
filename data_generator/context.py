"""One record's context: its index, the run seed, the options and its drawn attributes.

What crosses the provider seam about a record, kept apart from the scenario contract so
that providers need not import it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from data_generator.prompt_template import PromptTemplate

__all__ = ["RecordContext", "format_attributes", "record_rng", "render_prompt"]


@dataclass(slots=True)
class RecordContext:
    """What makes one record different from the next.

    Attributes:
        index: 1-based record index; file names and resume are keyed by it.
        seed: The run seed.
        options: The validated scenario options (with ``--seed-data``, those the record's
            row names take its values: a ``system_description`` column, for one).
        attributes: Per-record attributes (severity, area…) fed to prompt and offline hints.
        seed_row: The row of ``--seed-data`` the record is made for (column → value;
            empty without seed data): the prompt's facts, and offline hints may use it.
    """

    index: int
    seed: int
    options: BaseModel
    attributes: Mapping[str, Any] = field(default_factory=dict)
    seed_row: Mapping[str, Any] = field(default_factory=dict)


def format_attributes(attributes: Mapping[str, Any]) -> str:
    """Show a record's attributes as the prompt's ``{{$attributes}}`` value."""
    return ", ".join(f"{key}: {value}" for key, value in attributes.items()) or "none"


def render_prompt(template: str, context: RecordContext) -> str:
    """Fill a prompt template's holes for one record.

    ``{{$index}}``, ``{{$attributes}}``, and with seed data ``{{$facts}}`` and
    ``{{$seed.column}}``.

    In one pass: what fills a hole is not read again. A
    :class:`~data_generator.prompt_template.PromptTemplate` keeps the ``{{$...}}`` of
    option values as text (see :func:`~data_generator.prompt_template.build_template`).
    """
    if not isinstance(template, PromptTemplate):
        template = PromptTemplate(template)
    return template.fill(context.index, format_attributes(context.attributes), context.seed_row)


def record_rng(seed: int, index: int, stream: int = 0) -> random.Random:
    """Return the random generator of one record: a pure function of seed and index.

    Record *i* is therefore the same whatever the concurrency, order or resume point.
    """
    return random.Random((seed << 40) ^ (stream << 32) ^ index)
