"""``scenarios.toml`` is strict where it is used, and bounded: sizes, depth, reserved names."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import one_error_line

from data_generator.cli.common import COMMON_OPTIONS
from data_generator.declarative.fields import MAX_DEPTH, MAX_ITEMS
from data_generator.declarative.lines import key_line
from data_generator.declarative.spec import read_scenarios_file, reserved_option_names
from data_generator.registry import ToolRegistry

RunCli = Callable[..., Any]
TECH = ("tech-support", "-d", "SaaS CRM", "--provider", "offline", "-o", "out")
HEAD = '[scenarios.x]\nprompt = "Write record {{$index}}"\n'


def write(folder: Path, text: str) -> Path:
    path = folder / "scenarios.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(run: Any, folder: Path) -> str:
    """The one error line of a run that exited 2 and wrote nothing."""
    assert run.code == 2, run.stderr
    assert run.stdout == ""
    assert not (folder / "out").exists()
    return one_error_line(run)


# --- a built-in scenario's broken section ---------------------------------------------------
@pytest.mark.parametrize(
    ("section", "line", "problem"),
    [
        ('count = 3\nformat = "xlsx"\n', 3, "format = 'xlsx'; use one of json, jsonl"),
        ("count = -3\n", 2, "count = -3; write a whole number, 1 or more"),
        ('max_tokens = "lots"\n', 2, "max_tokens = 'lots'; write a whole number"),
        ("temperature = nan\n", 2, "temperature = nan; write a number between 0.0 and 2.0"),
        ("price = { prompt_per_1k = -1 }\n", 2, "price.prompt_per_1k = -1"),
        (f"count = {2**63}\n", 2, f"count = {2**63}; write a whole number"),
    ],
)
def test_a_builtin_with_a_broken_section_exits_2_naming_file_line_key_and_reason(
    run_cli: RunCli, tmp_path: Path, section: str, line: int, problem: str
) -> None:
    write(tmp_path, f"[scenarios.tech-support]\n{section}")

    run = run_cli(*TECH)
    listing = run_cli("list")

    message = refused(run, tmp_path)
    assert message.startswith(f"datagen: error: scenarios.toml:{line}: scenario 'tech-support': ")
    assert problem in message
    assert listing.code == 0
    assert f"datagen: warning: scenarios.toml:{line}: scenario 'tech-support': " in listing.stderr
    assert "tech-support" in listing.stdout


def test_a_broken_section_is_refused_by_show_and_the_library_too(
    run_cli: RunCli, tmp_path: Path
) -> None:
    path = write(tmp_path, '[scenarios."tech-support"]\ncount = 3\nformat = "xlsx"\n')

    show = run_cli("show", "tech-support")

    assert "scenarios.toml:3: scenario 'tech-support': format" in refused(show, tmp_path)
    registry = ToolRegistry.discover(path)
    assert "tech-support" in registry.names()
    with pytest.raises(OSError, match="format = 'xlsx'"):
        registry.create("tech-support")


def test_a_sound_section_of_a_builtin_still_applies(run_cli: RunCli, tmp_path: Path) -> None:
    write(tmp_path, '[scenarios.tech-support]\ncount = 3\nformat = "jsonl"\n')

    run = run_cli(*TECH)

    assert run.code == 0, run.stderr
    assert len((tmp_path / "out" / "tech-support.jsonl").read_text().splitlines()) == 3


# --- bounds ---------------------------------------------------------------------------------
def nested_lists(depth: int) -> str:
    """A field ``deep`` of ``depth`` lists, one inside the other, around a string."""
    inner = '{ type = "string" }'
    for _ in range(depth - 1):
        inner = f'{{ type = "list", items = {inner}, max_items = 1 }}'
    return f"[scenarios.x.fields.deep]\ntype = 'list'\nmax_items = 1\nitems = {inner}\n"


def nested_objects(depth: int) -> str:
    """A field ``tree`` of ``depth`` objects, one inside the other, one table each."""
    lines, path = [], "scenarios.x.fields.tree"
    for level in range(depth):
        lines += [f"[{path}]", 'type = "object"']
        path += f".fields.level{level}"
    return "\n".join([*lines, f"[{path}]", 'type = "string"']) + "\n"


@pytest.mark.parametrize(
    ("fields", "line", "problem"),
    [
        (
            "[scenarios.x.fields.tags]\ntype = 'list'\nitems = { type = 'text' }\n"
            "min_items = 100000000\n",
            6,
            f"field 'tags': min_items = 100000000; write a whole number, from 0 to {MAX_ITEMS}",
        ),
        (
            "[scenarios.x.fields.tags]\ntype = 'list'\nitems = { type = 'text' }\n"
            "max_items = 1e8\n",
            6,
            "field 'tags': max_items = 100000000.0; write a whole number",
        ),
        (
            "[scenarios.x.fields.grid]\ntype = 'list'\nmax_items = 1000\n"
            "items = { type = 'list', max_items = 1000, items = { type = 'integer' } }\n",
            3,
            "field 'grid' can hold 1,000,000 values",
        ),
        (nested_lists(40), 6, f"is nested {MAX_DEPTH + 1} levels deep"),
        (nested_objects(40), 3 + 2 * MAX_DEPTH, f"is nested {MAX_DEPTH + 1} levels deep"),
        (
            "[scenarios.x.fields.n]\ntype = 'integer'\nmaximum = 1e300\n",
            5,
            "field 'n': maximum = 1e+300; write a number between",
        ),
    ],
)
def test_a_declaration_too_large_or_too_deep_exits_2_in_one_line(
    run_cli: RunCli, tmp_path: Path, fields: str, line: int, problem: str
) -> None:
    write(tmp_path, HEAD + fields)

    run = run_cli("x", "--provider", "offline", "-n", "1", "-o", "out")

    message = refused(run, tmp_path)
    assert f"scenarios.toml:{line}: scenario 'x': " in message
    assert problem in message


def test_the_deepest_nesting_and_longest_lists_allowed_run_offline(
    run_cli: RunCli, tmp_path: Path
) -> None:
    tags = (
        "[scenarios.x.fields.tags]\ntype = 'list'\n"
        "items = { type = 'integer', minimum = 3, maximum = 4 }\n"
        f"min_items = {MAX_ITEMS}\nmax_items = {MAX_ITEMS}\n"
    )
    write(tmp_path, HEAD + nested_lists(MAX_DEPTH) + nested_objects(MAX_DEPTH) + tags)

    run = run_cli("x", "--provider", "offline", "-n", "2", "-o", "out", "-f", "jsonl")

    assert run.code == 0, run.stderr
    lines = (tmp_path / "out" / "x.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 2
    for record in records:
        assert len(record["tags"]) == MAX_ITEMS
        assert set(record["tags"]) <= {3, 4}
        value = record["deep"]
        for _ in range(MAX_DEPTH - 1):
            assert len(value) == 1
            value = value[0]
        assert isinstance(value[0], str)
        tree = record["tree"]
        for level in range(MAX_DEPTH - 1):
            tree = tree[f"level{level}"]
        assert isinstance(tree[f"level{MAX_DEPTH - 1}"], str)


def test_toml_nested_beyond_the_parser_is_one_warning(run_cli: RunCli, tmp_path: Path) -> None:
    write(tmp_path, HEAD + "x = " + "{ a = " * 600 + "1" + " }" * 600 + "\n")

    run = run_cli("tech-support", "-d", "CRM", "--provider", "offline", "-o", "out")
    listing = run_cli("list")

    assert run.code == 0, run.stderr  # the file is broken, not the built-in
    assert listing.code == 0
    (warning,) = listing.stderr.splitlines()
    assert warning == (
        "datagen: warning: scenarios.toml: cannot read scenarios: values are nested too "
        "deeply. Nest tables a few levels deep at most"
    )


# --- reserved option names ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("option", "kind", "problem"),
    [
        ("help", "str", "option 'help' would hide datagen's own --help"),
        ("count", "int", "option 'count' would hide datagen's own --count"),
        ("out_dir", "str", "option 'out_dir' would hide datagen's own --out-dir"),
        ("seed", "int", "option 'seed' would hide datagen's own --seed"),
        ("provider", "str", "option 'provider' would hide datagen's own --provider"),
        (
            "openai_endpoint",
            "str",
            "option 'openai_endpoint' would hide datagen's own --openai-endpoint",
        ),
        ("progress", "bool", "option 'progress': its --no-progress would hide datagen's own"),
        (
            "structured_output",
            "bool",
            "option 'structured_output' would hide datagen's own --structured-output",
        ),
    ],
)
def test_an_option_named_like_a_common_flag_is_refused(
    run_cli: RunCli, tmp_path: Path, option: str, kind: str, problem: str
) -> None:
    default = {"str": '"a"', "int": "1", "bool": "false"}[kind]
    write(
        tmp_path,
        HEAD + f"[scenarios.x.options.{option}]\ntype = '{kind}'\ndefault = {default}\n"
        "[scenarios.x.fields.a]\ntype = 'string'\n",
    )

    help_run = run_cli("x", "--help")
    run = run_cli("x", "--provider", "offline", "-o", "out")

    assert f"scenarios.toml:3: scenario 'x': {problem}" in refused(run, tmp_path)
    assert refused(help_run, tmp_path) == one_error_line(run)


def test_names_near_common_flags_are_free(tmp_path: Path) -> None:
    options = "".join(
        f"[scenarios.x.options.{name}]\ntype = '{kind}'\ndefault = {default}\n"
        for name, kind, default in [
            ("progress", "str", "'a'"),
            ("counts", "int", "1"),
            ("helpful", "bool", "false"),
            ("output", "str", "'b'"),
        ]
    )
    path = write(tmp_path, HEAD + options + "[scenarios.x.fields.a]\ntype = 'string'\n")

    found = read_scenarios_file(path)

    assert found.problems == {}
    assert [option.name for option in found.specs["x"].options] == [
        "progress",
        "counts",
        "helpful",
        "output",
    ]


def test_every_common_flag_is_a_reserved_option_name() -> None:
    for option in COMMON_OPTIONS:
        assert option.name in reserved_option_names(), option.name
        for flag in option.info.param_decls:
            if flag.startswith("--"):
                assert flag[2:].replace("-", "_") in reserved_option_names(), flag


# --- finding the line of a key --------------------------------------------------------------
KEY_LINES_TEXT = """\
# settings
[scenarios."a"]
prompt = \"\"\"Write
count = 9
\"\"\"
count = 3
price = { prompt_per_1k = 1 }
fields.c.type = "text"
[scenarios.a.fields.b]
type = 'integer'
examples = [
  'minimum = 5',
]
minimum = 'x'
[[scenarios.a.fields.d]]
x = 1
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("scenarios", "a"), 2),
        (("scenarios", "a", "count"), 6),
        (("scenarios", "a", "price", "prompt_per_1k"), 7),
        (("scenarios", "a", "fields", "c", "type"), 8),
        (("scenarios", "a", "fields", "b", "minimum"), 14),
        (("scenarios", "a", "fields", "b", "maximum"), 9),
        (("scenarios", "a", "missing"), 2),
        (("scenarios", "a", "fields", "d", "x"), 16),
        (("scenarios", "other"), None),
    ],
)
def test_key_line_finds_tables_dotted_keys_and_inline_tables(
    path: tuple[str, ...], line: int | None
) -> None:
    assert key_line(KEY_LINES_TEXT, path) == line


def test_a_python_scenario_with_an_option_named_help_is_refused(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "helpful_tool.py").write_text(
        "from pydantic import BaseModel, ConfigDict\n"
        "from sample_tools import NotesTool\n\n"
        "class HelpOptions(BaseModel):\n"
        "    model_config = ConfigDict(extra='forbid', frozen=True)\n"
        "    help: str = 'none'\n\n"
        "class HelpfulTool(NotesTool):\n"
        "    name = 'helpful'\n"
        "    options_model = HelpOptions\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    write(tmp_path, "[scenarios.helpful]\ntool = 'helpful_tool:HelpfulTool'\n")

    run = run_cli("helpful", "--help")

    line = refused(run, tmp_path)
    assert "scenario 'helpful' declares options that clash with common ones: help" in line
