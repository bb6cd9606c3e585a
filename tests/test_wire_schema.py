"""The wire schema for grammar engines: patterns without escapes, every repeat bounded.

Checked over every registered scenario's record model (no backslash left, every pattern
compiles and is bounded, every offline record still fits), and as properties of the pattern
rewriter: what the rewritten pattern admits, the original admits too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from fake_openai_server import grammar_problem
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field

from data_generator import DataGenerator, Settings
from data_generator.cli.show import example_options
from data_generator.grammar_pattern import (
    DIGIT_SLACK,
    REPEAT_SLACK,
    grammar_pattern,
    unbounded_repeats,
)
from data_generator.registry import ToolRegistry
from data_generator.schema import (
    ARRAY_MAX_ITEMS,
    STRING_MAX_LENGTH,
    strict_json_schema,
    wire_schema,
)

REGISTRY = ToolRegistry.discover()
#: Every character Python's \s matches, raw, as a class body.
ALL_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
SCENARIOS = REGISTRY.names()


def nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every schema object in ``node``, however deep."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value)


def patterns(schema: dict[str, Any]) -> list[str]:
    return [node["pattern"] for node in nodes(schema) if isinstance(node.get("pattern"), str)]


@functools.cache
def offline_records(name: str) -> tuple[dict[str, Any], ...]:
    tool_class = REGISTRY.get(name).load()
    tool = tool_class(example_options(tool_class))
    settings_ = Settings(provider="offline", seed=11)
    records = DataGenerator(tool, count=200, settings=settings_).generate_data()
    return tuple(record.model_dump(mode="json") for record in records)


# --- every scenario -----------------------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
def test_wire_patterns_have_no_escape_compile_and_are_bounded(name: str) -> None:
    model = REGISTRY.get(name).load().record_model
    wire = wire_schema(model)

    found = patterns(wire)

    assert len(found) == len(patterns(strict_json_schema(model)))  # none had to be dropped
    for pattern in found:
        assert "\\" not in pattern, pattern
        re.compile(pattern)
        assert pattern.startswith("^")
        assert pattern.endswith("$")
        assert unbounded_repeats(pattern) == [], pattern
    assert grammar_problem(wire) is None


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_string_and_array_is_bounded(name: str) -> None:
    wire = wire_schema(REGISTRY.get(name).load().record_model)

    for node in nodes(wire):
        if node.get("type") == "string":
            bounded = any(key in node for key in ("maxLength", "pattern", "format", "enum"))
            assert bounded, node
        if node.get("type") == "array":
            assert node["maxItems"] >= node.get("minItems", 0)


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_offline_record_fits_the_wire_schema(name: str) -> None:
    wire = wire_schema(REGISTRY.get(name).load().record_model)
    validator = jsonschema.Draft202012Validator(wire)

    for record in offline_records(name):
        problems = [error.message for error in validator.iter_errors(record)]
        assert problems == [], (name, problems[:3])


def test_strict_schemas_hold_the_escapes_grammar_engines_refuse() -> None:
    # The shape that broke llama.cpp's converter: the wire schema exists for this.
    problems = [
        grammar_problem(strict_json_schema(REGISTRY.get(name).load().record_model))
        for name in SCENARIOS
    ]

    assert all(problem is not None and "unknown escape" in problem for problem in problems)


# --- the rewriter -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "rewritten"),
    [
        (r"^CASE-\d{6,}$", f"^CASE-[0-9]{{6,{6 + DIGIT_SLACK}}}$"),
        (r"^\*{4} \d{4}$", "^[*]{4} [0-9]{4}$"),
        (r"^\d+\.\d+$", f"^[0-9]{{1,{1 + DIGIT_SLACK}}}[.][0-9]{{1,{1 + DIGIT_SLACK}}}$"),
        (r"^\+1-\d{3}$", "^[+]1-[0-9]{3}$"),
        (r"^(FY\d{4}|\d{4}-(H[12]|Q[1-4]))$", "^(FY[0-9]{4}|[0-9]{4}-(H[12]|Q[1-4]))$"),
        (r"^(?:ab|c)*?x$", f"^(ab|c){{0,{REPEAT_SLACK}}}x$"),
        (r"^(?P<year>\d{4})$", "^([0-9]{4})$"),
        (r"^[\w.-]{2,5}$", "^[A-Za-z0-9_.-]{2,5}$"),
        (r"^\s\S$", f"^[ ][^{ALL_WHITESPACE}]$"),
        (r"^\D\W$", "^[^0-9][^A-Za-z0-9_]$"),
        (r"^[^\d]{,3}b{2}?$", "^[^0-9]{0,3}b{2}$"),
        (r"^[-^a]$", "^[a^-]$"),
        (r"^[-^]$", "^[-^]$"),
        (r"^[^^]$", "^[^^]$"),
        (r"^\x41\u00e9\t\{\}\/$", "^Aé\t[{][}]/$"),
        (r"^a{}$", "^a[{][}]$"),
        (r"^a.b$", "^a.b$"),
    ],
)
def test_patterns_are_rewritten_without_escapes(pattern: str, rewritten: str) -> None:
    assert grammar_pattern(pattern) == rewritten


@pytest.mark.parametrize(
    "pattern",
    [
        r"abc",  # not anchored: JSON schema would search, the converter asserts
        r"^a|b$",  # top-level alternation means (^a)|(b$)
        r"^(?=a)a$",
        r"^(?i)a$",
        r"^(a)\1$",
        r"^\bword$",
        r"^a\\b$",
        r"^[\]]$",
        r"^[]a]$",
        r"^[a\\]$",
        r"^[\^]$",
        r"^[\D]$",
        r"^[[:alpha:]]$",
        r"^[a-\d]$",
        r"^\[$",
        r"^a^b$",
        r"^(a$",
        r"^a)$",
        r"^[ab$",
        r"^*a$",
        r"^\xZZ$",
    ],
)
def test_what_cannot_be_said_without_a_backslash_is_none(pattern: str) -> None:
    assert grammar_pattern(pattern) is None


class Unsayable(BaseModel):
    """A record whose pattern the grammar dialect cannot say."""

    path: str = Field(pattern=r"^[a-z]+\\[a-z]+$", min_length=3)
    tags: list[str] = Field(min_length=1)


def test_a_pattern_that_cannot_be_said_is_dropped_and_the_string_bounded() -> None:
    wire = wire_schema(Unsayable)

    path = wire["properties"]["path"]
    assert "pattern" not in path
    assert path["maxLength"] == STRING_MAX_LENGTH
    assert wire["properties"]["tags"]["maxItems"] == ARRAY_MAX_ITEMS
    assert wire["properties"]["tags"]["items"]["maxLength"] == STRING_MAX_LENGTH
    assert Unsayable.model_json_schema()["properties"]["path"]["pattern"]  # model untouched


def test_the_whitespace_class_is_exactly_what_backslash_s_matches() -> None:
    every = "".join(chr(code) for code in range(0x110000) if re.match(r"\s", chr(code)))

    assert re.fullmatch(f"[{ALL_WHITESPACE}]+", every)
    assert re.fullmatch(f"[^{ALL_WHITESPACE}]+", "".join(map(chr, range(0x21, 0x85))))


def test_unbounded_repeats_are_found_outside_classes_only() -> None:
    assert unbounded_repeats(r"^a+[*+]b*c{2,}d{2,3}\+[]+]+$") == ["+", "*", "{2,}", "+"]


# --- properties -----------------------------------------------------------------------------

CATALOGUE_PATTERNS = sorted(
    {
        pattern
        for name in SCENARIOS
        for pattern in patterns(strict_json_schema(REGISTRY.get(name).load().record_model))
    }
)
MORE_PATTERNS = [
    r"^(?:[A-Z]{2}|\d{3})-[a-z0-9_.]+$",
    r"^[\w.+-]+@[a-z]+\.(?:com|net)$",
    r"^\S+ \S*$",
    r"^v\d+(\.\d+){0,2}(-rc\d+)?$",
]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), pattern=st.sampled_from(CATALOGUE_PATTERNS + MORE_PATTERNS))
def test_what_the_rewritten_pattern_admits_the_original_admits(
    data: st.DataObject, pattern: str
) -> None:
    rewritten = grammar_pattern(pattern)
    assert rewritten is not None

    text = data.draw(st.from_regex(rewritten, fullmatch=True))

    assert re.fullmatch(pattern, text), (pattern, rewritten, text)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), pattern=st.sampled_from(CATALOGUE_PATTERNS + MORE_PATTERNS))
def test_what_the_original_admits_within_the_bounds_the_rewritten_admits(
    data: st.DataObject, pattern: str
) -> None:
    rewritten = grammar_pattern(pattern)
    assert rewritten is not None
    ascii_text = st.characters(codec="ascii", exclude_categories=["Cc"])

    text = data.draw(st.from_regex(pattern, fullmatch=True, alphabet=ascii_text))

    digit_runs = re.findall("[0-9]+", text)
    # then no repeat can run past its bound (a repeated digit has the smaller slack)
    if len(text) <= REPEAT_SLACK and all(len(run) <= 1 + DIGIT_SLACK for run in digit_runs):
        assert re.fullmatch(rewritten, text), (pattern, rewritten, text)
