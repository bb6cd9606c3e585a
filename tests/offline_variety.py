"""How varied offline prose is: the measure issue 15's variety tests apply to every scenario.

A *free-text field* is a string leaf of the record (top level, or inside nested objects
and lists, named by its dotted path with ``[]`` for list items) whose schema has no enum,
const, pattern or format, whose field carries no marker that fixes it (``FromOption``,
``RecordId``, reserved contacts), and whose values are prose: their median is four words
or more. Names and short labels are not free text.

For each such field over N records: the *distinct share* is distinct values / values, and
the *top sentence share* is the count of the most frequent sentence / all sentences of
that field (values split after ``.``, ``?`` or ``!``).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from data_generator.markers import FromOption, RecordId, field_markers

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
MIN_WORDS = 4


@dataclass(frozen=True)
class FieldVariety:
    """One free-text field's variety over a set of records."""

    path: str
    values: int
    distinct_share: float
    top_sentence: str
    top_sentence_share: float


def _string_paths(schema: Mapping[str, Any], defs: Mapping[str, Any], prefix: str) -> Iterator[str]:
    node = dict(schema)
    if "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[1]]
    options = node.get("anyOf") or [node]
    for alternative in options:
        option = (
            defs[alternative["$ref"].rsplit("/", 1)[1]] if "$ref" in alternative else alternative
        )
        kind = option.get("type")
        if kind == "string":
            if not any(key in option for key in ("enum", "const", "pattern", "format")):
                yield prefix
        elif kind == "object":
            for name, child in option.get("properties", {}).items():
                yield from _string_paths(child, defs, f"{prefix}.{name}" if prefix else name)
        elif kind == "array":
            yield from _string_paths(option.get("items", {}), defs, f"{prefix}[]")


def candidate_paths(model: type[BaseModel]) -> list[str]:
    """The string leaves of ``model`` that no marker fixes (before the prose test)."""
    schema = model.model_json_schema()
    fixed = {
        path
        for path, marker in field_markers(model).items()
        if isinstance(marker, FromOption | RecordId)
    }
    paths = dict.fromkeys(_string_paths(schema, schema.get("$defs", {}), ""))
    return [path for path in paths if path.replace("[]", "") not in fixed]


def values_at(record: Any, path: str) -> Iterator[str]:
    """The string values at ``path`` (``a.b[].c``) in one record's JSON."""
    parts = re.findall(r"[^.\[\]]+|\[\]", path)

    def walk(node: Any, rest: list[str]) -> Iterator[str]:
        if not rest:
            if isinstance(node, str):
                yield node
            return
        head, *tail = rest
        if head == "[]":
            for item in node or ():
                yield from walk(item, tail)
        elif isinstance(node, dict) and node.get(head) is not None:
            yield from walk(node[head], tail)

    return walk(record, parts)


def sentences(text: str) -> list[str]:
    """``text`` split into its sentences."""
    return [piece.strip() for piece in _SENTENCE_END.split(text) if piece.strip()]


def measure(model: type[BaseModel], records: Iterable[Mapping[str, Any]]) -> list[FieldVariety]:
    """The variety of every free-text field of ``model`` over ``records`` (their JSON)."""
    records = list(records)
    found = []
    for path in candidate_paths(model):
        values = [value for record in records for value in values_at(record, path)]
        if not values or statistics.median(len(v.split()) for v in values) < MIN_WORDS:
            continue
        counts = Counter(sentence for value in values for sentence in sentences(value))
        top, top_count = counts.most_common(1)[0]
        found.append(
            FieldVariety(
                path,
                len(values),
                len(set(values)) / len(values),
                top,
                top_count / sum(counts.values()),
            )
        )
    return found


def offline_json_records(tool: Any, count: int, seed: int = 1) -> list[dict[str, Any]]:
    """``count`` offline records of ``tool`` (options bound) as JSON-ready dicts."""
    from data_generator import DataGenerator, Settings

    generator = DataGenerator(tool, count=count, settings=Settings(provider="offline", seed=seed))
    return [record.model_dump(mode="json") for record in generator.generate_data(count)]
