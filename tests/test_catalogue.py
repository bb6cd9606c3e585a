"""The whole scenario catalogue, scenario by scenario and format by format.

Every registered scenario (built-in or not) is held to the same rules: its help shows
typed flags and a bad option value is one line, the offline provider writes valid records
that keep its rules in every format, its examples run, 1,000 records are all different
and follow the declared attribute distributions, each shows its drawn attributes, its
record id and its option copies, repairs are idempotent and leave a valid record alone,
and no output holds a real-looking contact or identifier (nor can a model's answer, in a
reserved field). A per-scenario test file keeps only what is specific to its scenario.
"""

from __future__ import annotations

import functools
import json
import random
import re
import shlex
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, get_args, get_origin

import orjson
import pytest
from conftest import CliRun
from fake_openai_server import schema_problem
from helpers import one_error_line
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from data_generator import DataGenerator, Settings
from data_generator.cli.show import example_options
from data_generator.inspection.reader import Output, text_columns
from data_generator.markers import (
    RESERVED_EMAIL_PATTERN,
    RESERVED_PHONE_PATTERN,
    FromOption,
    Marker,
    RecordId,
    Reserved,
    field_markers,
)
from data_generator.pii import find_identifiers
from data_generator.registry import ToolRegistry
from data_generator.runtime import runtime_of
from data_generator.scenario_options import choice_values, cli_arguments
from data_generator.schema import strict_json_schema
from data_generator.tool import (
    OUTPUT_FORMATS,
    DataGeneratorTool,
    InvariantError,
)

RunCli = Callable[..., CliRun]

CATALOGUE = (
    "tech-support",
    "financial",
    "healthcare",
    "retail-product",
    "healthcare-clinical-policy",
    "insurance-claim",
    "legal-contract",
    "customer-support-chat-log",
    "ecommerce-order-history",
    "it-service-desk-ticket",
    "hr-employee-record",
    "manufacturing-maintenance-log",
    "travel-booking",
    "tech-support-sop",
)
ALIASES = {"financial-transaction": "financial", "healthcare-record": "healthcare"}
REGISTRY = ToolRegistry.discover()
SCENARIOS = REGISTRY.names()
SEED = 2026


def make_tool(name: str) -> DataGeneratorTool[Any, Any]:
    """The scenario with its default options (and stand-ins for required ones)."""
    tool_class = REGISTRY.get(name).load()
    tool = tool_class(example_options(tool_class))
    return tool


def required_flags(tool: DataGeneratorTool[Any, Any]) -> list[str]:
    values = example_options(tool)
    flags: list[str] = []
    for argument in cli_arguments(tool):
        if argument.name in values:
            flags += [argument.flags[0], str(values[argument.name])]
    return flags


@functools.cache
def thousand(name: str) -> tuple[BaseModel, ...]:
    """1,000 offline records of ``name`` (made once per session)."""
    settings_ = Settings(provider="offline", seed=SEED)
    return tuple(DataGenerator(make_tool(name), count=1000, settings=settings_).generate_data())


# --- the catalogue and its help ---------------------------------------------------------------


def test_help_lists_the_fourteen_scenarios(run_cli: RunCli) -> None:
    run = run_cli("--help")

    assert run.code == 0
    listed = {line.split()[0] for line in run.stdout.splitlines() if line.startswith("  ")}
    assert set(CATALOGUE) <= listed
    assert not set(ALIASES) & listed  # aliases work but do not crowd the list


@pytest.mark.parametrize(("alias", "name"), sorted(ALIASES.items()))
def test_aliases_run_their_scenario(run_cli: RunCli, tmp_path: Path, alias: str, name: str) -> None:
    run = run_cli(alias, "--provider", "offline", "-n", "2", "-o", "out")

    assert run.code == 0, run.stderr
    assert sorted(path.name for path in (tmp_path / "out").glob("*.json")) == [
        f"{name}-000001.json",
        f"{name}-000002.json",
    ]


@pytest.mark.parametrize("name", CATALOGUE)
def test_scenario_help_shows_typed_flags_choices_and_defaults(run_cli: RunCli, name: str) -> None:
    tool = REGISTRY.get(name).load()

    run = run_cli(name, "--help")

    assert run.code == 0, run.stderr
    text = " ".join(run.stdout.split()).replace("- ", "-")  # undo wrapping at hyphens
    assert tool.description.replace("- ", "-") in text
    arguments = cli_arguments(tool)
    assert arguments, f"{name} has no options"
    for argument in arguments:
        assert argument.help, f"{name} {argument.flags[0]} has no description"
        shown = re.search(rf"{re.escape(argument.flags[0])}(?:/--no-\S+)? (<[^>]+>)?", text)
        assert shown, f"{argument.flags[0]} missing from {name} --help"
        if argument.choices:
            assert f"<{'|'.join(argument.choices)}>" in text
        if argument.required:
            assert "[required]" in text
        elif argument.default is not None and argument.kind != "bool":
            assert f"default: {argument.default}" in text, argument.flags[0]


@pytest.mark.parametrize("name", CATALOGUE)
def test_record_schema_is_accepted_by_structured_outputs(name: str) -> None:
    schema = strict_json_schema(REGISTRY.get(name).load().record_model)

    assert schema_problem(schema) is None


# --- every scenario, every format ------------------------------------------------------------


def read_back(model: type[BaseModel], path: Path, output_format: str) -> list[BaseModel]:
    """Parse one output file back into records (as ``datagen inspect`` reads it)."""
    raws = list(Output((path,), output_format, None).records(text_columns(model)))
    assert all(raw.data is not None for raw in raws), [raw.error for raw in raws]
    return [model.model_validate(raw.data) for raw in raws]


@functools.cache
def reference_records(name: str) -> tuple[BaseModel, ...]:
    settings_ = Settings(provider="offline", seed=SEED)
    return tuple(DataGenerator(make_tool(name), count=4, settings=settings_).generate_data())


@pytest.mark.parametrize("output_format", OUTPUT_FORMATS)
@pytest.mark.parametrize("name", CATALOGUE)
def test_offline_records_validate_and_keep_the_rules_in_every_format(
    run_cli: RunCli, tmp_path: Path, name: str, output_format: str
) -> None:
    tool = make_tool(name)
    args = [name, *required_flags(tool), "--provider", "offline", "--seed", str(SEED)]

    run = run_cli(*args, "-n", "4", "-f", output_format, "-o", "out")

    assert run.code == 0, run.stderr
    files = sorted(path for path in (tmp_path / "out").iterdir() if path.is_file())
    expected = list(reference_records(name))
    if output_format == "txt":
        assert [path.read_text(encoding="utf-8") for path in files] == [
            tool.render_text(record) for record in expected
        ]
    else:
        records = [r for path in files for r in read_back(tool.record_model, path, output_format)]
        assert [r.model_dump(mode="json") for r in records] == [
            r.model_dump(mode="json") for r in expected
        ]
        for record in records:
            assert tool.problems(record) == []
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        if output_format == "parquet":
            import pyarrow.parquet as pq

            text = json.dumps(pq.read_table(path).to_pylist(), default=str)
        assert find_identifiers(text) == [], path.name


@pytest.mark.parametrize("name", CATALOGUE)
def test_text_output_is_a_readable_document(name: str) -> None:
    tool = make_tool(name)
    record = reference_records(name)[0]

    text = tool.render_text(record)

    lines = text.splitlines()
    assert len(lines) >= 5
    assert set(lines[1]) == {"="}, "the title is underlined"
    assert not set(lines[0]) & set('{["'), "the title is prose, not JSON"
    assert text.endswith("\n")


# --- examples ----------------------------------------------------------------------------------

EXAMPLES = [
    pytest.param(name, n, example, id=f"{name}-{n}")
    for name in CATALOGUE
    for n, example in enumerate(REGISTRY.get(name).load().examples)
]
_COUNT_FLAGS = {"--count", "-n", "--out-dir", "-o"}


@pytest.mark.parametrize(("name", "n", "example"), EXAMPLES)
def test_every_example_runs(
    run_cli: RunCli, tmp_path: Path, name: str, n: int, example: str
) -> None:
    words = shlex.split(example)
    assert words[0] == "datagen"
    assert REGISTRY.resolve(words[1]) == name
    assert "--provider" in words, "examples run offline in the test suite"
    args: list[str] = []
    rest = iter(words[1:])
    for word in rest:
        if word in _COUNT_FLAGS:
            next(rest)
        else:
            args.append(word)

    run = run_cli(*args, "--count", "1", "-o", "out")

    assert run.code == 0, run.stderr
    assert "Wrote 1" in run.stdout
    assert any((tmp_path / "out").iterdir())


# --- 1,000 records: distinct and following the declared distributions --------------------------


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _without_ids(item)
            for key, item in value.items()
            if key != "id" and not key.endswith(("_id", "_number", "_reference", "_sku"))
        }
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value


@pytest.mark.parametrize("name", CATALOGUE)
def test_a_thousand_offline_records_are_all_different(name: str) -> None:
    records = thousand(name)
    tool = make_tool(name)

    assert len(records) == 1000
    dumps = [record.model_dump(mode="json") for record in records]
    assert len({orjson.dumps(d) for d in dumps}) == 1000
    assert len({orjson.dumps(_without_ids(d)) for d in dumps}) == 1000
    for record in records:
        assert tool.problems(record) == []


@pytest.mark.parametrize("name", CATALOGUE)
def test_attribute_frequencies_follow_the_declared_distribution(name: str) -> None:
    tool = make_tool(name)
    dumps = [record.model_dump(mode="json") for record in thousand(name)]
    observed = [
        attribute for attribute in runtime_of(tool).attributes if attribute.observe is not None
    ]

    assert len(observed) >= 2, f"{name} declares too few observable attributes"
    for attribute in observed:
        counts = Counter(attribute.observed(dump) for dump in dumps)
        expected = attribute.probabilities()
        assert set(counts) <= set(expected), (attribute.name, counts)
        for value, share in expected.items():
            got = counts[value] / len(dumps)
            assert abs(got - share) <= 0.03, f"{name}.{attribute.name}={value}: {got} vs {share}"


# --- repairs and rules, whatever the answer ------------------------------------------------------


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _leaves(item, (*path, key))]
    if isinstance(value, list):
        found = [path] if value else []
        return found + [p for i, item in enumerate(value) for p in _leaves(item, (*path, i))]
    return [path]


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def _mutate(value: Any, rng: random.Random) -> Any:
    """Another plausible value of the same shape: what a careless model might answer."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return type(value)(value + rng.choice([-1, 1]) * rng.choice([1, 5, 100]))
    if isinstance(value, list):
        changed = list(value)
        rng.shuffle(changed)
        return changed[: rng.randint(max(0, len(changed) - 1), len(changed))]
    if isinstance(value, str) and re.fullmatch(
        r"\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-][\d:]+)?)?", value
    ):
        from datetime import date, datetime

        days = timedelta(days=rng.choice([-400, -30, -1, 1, 30, 400]))
        if "T" in value:
            return (datetime.fromisoformat(value.replace("Z", "+00:00")) + days).isoformat()
        return (date.fromisoformat(value[:10]) + days).isoformat()
    return value


@pytest.mark.parametrize("name", CATALOGUE)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, 999), seed=st.integers(0, 2**32), changes=st.integers(1, 4))
def test_post_process_repairs_or_rejects_any_answer(
    name: str, index: int, seed: int, changes: int
) -> None:
    tool = make_tool(name)
    data = thousand(name)[index].model_dump(mode="json")
    rng = random.Random(seed)
    for _ in range(changes):
        path = rng.choice(_leaves(data))
        if not path:
            continue
        parent = _get(data, path[:-1])
        parent[path[-1]] = _mutate(parent[path[-1]], rng)
    try:
        answer = tool.record_model.model_validate(data)
    except ValidationError:
        assume(False)
        return

    try:
        fixed = tool.post_process(answer)
    except InvariantError:
        return  # rejected: asked again

    assert tool.problems(fixed) == []
    assert tool.post_process(fixed) == fixed, "a repaired record needs no more repair"


@pytest.mark.parametrize("name", CATALOGUE)
def test_post_process_keeps_a_valid_record_as_it_is(name: str) -> None:
    tool = make_tool(name)
    for record in thousand(name)[:100]:
        assert tool.post_process(record) == record


# --- what the markers promise, on every record ----------------------------------------------------


def _markers(kind: type[Marker]) -> list[Any]:
    """``(scenario, field path, marker)`` of every field marked ``kind``."""
    return [
        pytest.param(name, path, marker, id=f"{name}-{path}")
        for name in CATALOGUE
        for path, marker in field_markers(REGISTRY.get(name).load().record_model).items()
        if isinstance(marker, kind)
    ]


def _at(dump: Any, path: str) -> list[Any]:
    """The values at a dotted ``path`` of a JSON dump, through lists (nulls left out)."""
    found = [dump]
    for part in path.split("."):
        items = [i for v in found for i in (v if isinstance(v, list) else [v]) if i is not None]
        found = [item[part] for item in items]
    return found


def _set_at(dump: Any, parts: list[str], value: Any) -> None:
    """Put ``value`` at the dotted path ``parts`` of a JSON dump, in every list item."""
    for item in dump if isinstance(dump, list) else [dump]:
        if item is None:
            continue
        if len(parts) == 1:
            item[parts[0]] = value
        else:
            _set_at(item[parts[0]], parts[1:], value)


@pytest.mark.parametrize(("name", "path", "marker"), _markers(RecordId))
def test_record_id_fields_are_the_index_id(name: str, path: str, marker: RecordId) -> None:
    ids = [_at(record.model_dump(mode="json"), path) for record in thousand(name)]

    assert ids == [[f"{marker.prefix}-{index:06d}"] for index in range(1, 1001)]


@pytest.mark.parametrize(("name", "path", "marker"), _markers(FromOption))
def test_option_copies_hold_the_option_and_are_set_on_an_answer(
    name: str, path: str, marker: FromOption
) -> None:
    tool = make_tool(name)
    option = tool.options.model_dump(mode="json")[marker.option]
    dumps = [record.model_dump(mode="json") for record in thousand(name)]
    assert {orjson.dumps(value) for dump in dumps for value in _at(dump, path)} == {
        orjson.dumps(option)
    }

    answer = next(dump for dump in dumps if _at(dump, path))
    _set_at(answer, path.split("."), _another(tool, marker.option, option))
    record = tool.record_model.model_validate(answer)
    flag = "--" + marker.option.replace("_", "-")
    assert f"{path.rsplit('.', 1)[-1]} differs from {flag}" in tool.problems(record)
    assert set(map(orjson.dumps, _at(tool.post_process(record).model_dump(mode="json"), path))) == {
        orjson.dumps(option)
    }


def _another(tool: DataGeneratorTool[Any, Any], option: str, value: Any) -> Any:
    """Another value of ``option``'s type: what a careless model answers for its copy."""
    choices = choice_values(tool.options_model.model_fields[option].annotation)
    if choices:
        return next(choice for choice in choices if choice != str(value))
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, list):
        return value[:-1]
    return f"{value} (another)"


@pytest.mark.parametrize("name", CATALOGUE)
def test_every_observed_attribute_shows_its_drawn_value(name: str) -> None:
    tool = make_tool(name)
    observed = [a for a in runtime_of(tool).attributes if a.observe is not None]

    for index, record in enumerate(thousand(name)[:300], start=1):
        context, _rng = runtime_of(tool).context(SEED, index)
        dump = record.model_dump(mode="json")
        for attribute in observed:
            assert attribute.observed(dump) == context.attributes[attribute.name], (
                index,
                attribute.name,
            )


# --- no real-looking personal data ---------------------------------------------------------


_CONTACT_KEY = re.compile(r"e-?mail|phone", re.IGNORECASE)


def _contacts(value: Any) -> list[tuple[str, Any]]:
    """Every ``(key, value)`` of a dump whose key names an e-mail address or phone number."""
    if isinstance(value, dict):
        found = [(k, v) for k, v in value.items() if _CONTACT_KEY.search(k) and v is not None]
        return found + [pair for item in value.values() for pair in _contacts(item)]
    if isinstance(value, list):
        return [pair for item in value for pair in _contacts(item)]
    return []


@pytest.mark.parametrize("name", CATALOGUE)
def test_offline_records_hold_only_reserved_contacts_and_no_identifiers(name: str) -> None:
    dumps = [record.model_dump(mode="json") for record in thousand(name)]

    assert find_identifiers("\n".join(orjson.dumps(dump).decode() for dump in dumps)) == []
    for key, value in (pair for dump in dumps for pair in _contacts(dump)):
        pattern = RESERVED_EMAIL_PATTERN if "mail" in key.lower() else RESERVED_PHONE_PATTERN
        assert all(re.match(pattern, item) for item in _texts(value)), (key, value)


def _texts(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]


def _reserved_paths(model: type[BaseModel], prefix: tuple[Any, ...] = ()) -> list[Any]:
    """``(path, kind)`` of every ``ReservedEmail``/``ReservedPhone`` field, nested ones too."""
    found: list[Any] = []
    for field, info in model.model_fields.items():
        path = (*prefix, field)
        found += [(path, meta.kind) for meta in info.metadata if isinstance(meta, Reserved)]
        for inner in _models_in(info.annotation):
            is_list = any(
                get_origin(kind) is list for kind in (info.annotation, *get_args(info.annotation))
            )
            found += _reserved_paths(inner, (*path, 0) if is_list else path)
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


RESERVED_FIELDS = [
    pytest.param(name, path, kind, id=f"{name}-{'.'.join(map(str, path))}")
    for name in CATALOGUE
    for path, kind in _reserved_paths(REGISTRY.get(name).load().record_model)
]
REAL_LOOKING = {"email": "ada.lovelace@gmail.com", "phone": "+1-212-555-1234"}


@pytest.mark.parametrize(("name", "path", "kind"), RESERVED_FIELDS)
def test_a_reserved_contact_field_refuses_a_real_looking_value(
    name: str, path: tuple[Any, ...], kind: str
) -> None:
    tool = make_tool(name)
    dump = next(
        dump for record in thousand(name) if _has(dump := record.model_dump(mode="json"), path)
    )
    tool.record_model.model_validate(dump)
    _get(dump, path[:-1])[path[-1]] = REAL_LOOKING[kind]

    with pytest.raises(ValidationError, match=re.escape(".".join(map(str, path)))):
        tool.record_model.model_validate(dump)


def _has(value: Any, path: tuple[Any, ...]) -> bool:
    try:
        return _get(value, path) is not None
    except (KeyError, IndexError, TypeError):
        return False


# --- bad options: one line, exit 2, nothing written -----------------------------------------


def _bad_values(name: str) -> list[Any]:
    """``(scenario, flag, value)``: one value out of bounds or choices for each bounded option."""
    cases: list[Any] = []
    for argument in cli_arguments(REGISTRY.get(name).load()):
        flag = argument.flags[0]
        if argument.choices:
            cases.append((name, flag, "not-a-choice"))
        if argument.maximum is not None:
            cases.append((name, flag, str(argument.maximum + 1)))
        elif argument.minimum is not None:
            cases.append((name, flag, str(argument.minimum - 1)))
        if argument.kind in ("int", "float"):
            cases.append((name, flag, "many"))
        if argument.max_length is not None:
            cases.append((name, flag, "x" * (argument.max_length + 1)))
        if argument.min_length:
            cases.append((name, flag, ""))
    return [pytest.param(*case, id=f"{case[0]}{case[1]}={case[2][:12]}") for case in cases]


@pytest.mark.parametrize(
    ("name", "flag", "value"), [case for name in CATALOGUE for case in _bad_values(name)]
)
def test_cli_refuses_a_bad_option_value_with_one_line(
    run_cli: RunCli, tmp_path: Path, name: str, flag: str, value: str
) -> None:
    given = required_flags(make_tool(name))
    others = [
        word
        for pair in zip(given[::2], given[1::2], strict=True)
        if pair[0] != flag
        for word in pair
    ]

    run = run_cli(name, *others, flag, value, "--provider", "offline", "-n", "1", "-o", "out")

    assert run.code == 2, run.stdout
    line = one_error_line(run)
    assert flag in line, line
    assert not (tmp_path / "out").exists()
