"""Settings declared once: every settings flag is derived from its ``Settings`` field.

The command line must accept exactly what ``Settings`` accepts, show the field's default,
and the generated table the fast paths read must say what the fields say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest
from conftest import CliRun
from pydantic import BaseModel, Field, ValidationError

from data_generator.cli.common import COMMON_OPTIONS, common_parameters
from data_generator.cli.help import PANEL_ORDER
from data_generator.declarative.spec import reserved_option_names
from data_generator.setting_flags import (
    TABLE_PATH,
    _bounds,
    _kind,
    derive_setting_flags,
    main,
    setting_flags,
)
from data_generator.settings import FlagPanel, Settings, flag_and_variable, setting_flag

RunCli = Callable[..., CliRun]
DRY_RUN = ("tech-support", "-d", "CRM", "--provider", "offline", "--dry-run", "-o", "out")
FLAGGED = [name for name in Settings.model_fields if setting_flag(name) is not None]


def _limits(name: str) -> dict[str, Any]:
    """The field's own bounds, read from pydantic's metadata (not from the derived table)."""
    found: dict[str, Any] = {}
    for item in Settings.model_fields[name].metadata:
        for key in ("ge", "gt", "le", "lt"):
            if getattr(item, key, None) is not None:
                found[key] = getattr(item, key)
    return found


def _is_float(name: str) -> bool:
    annotation = Settings.model_fields[name].annotation
    return float in (annotation, *get_args(annotation))


def _edge_values(name: str) -> list[Any]:
    """Each bound of ``name``, and the values just inside and just outside it."""
    step = 0.01 if _is_float(name) else 1
    values: list[Any] = []
    for bound in _limits(name).values():
        values += [bound - step, bound, bound + step]
    return values


BOUND_CASES = [
    pytest.param(name, value, id=f"{name}={value}")
    for name in FLAGGED
    for value in _edge_values(name)
]
CHOICE_CASES = [
    pytest.param(name, value, id=f"{name}={value}")
    for name in FLAGGED
    if get_origin(Settings.model_fields[name].annotation) is Literal
    for value in (*get_args(Settings.model_fields[name].annotation), "bogus")
]


def _settings_accept(name: str, value: Any) -> bool:
    try:
        Settings(**{name: value})
    except ValidationError:
        return False
    return True


def test_the_generated_table_says_what_the_settings_fields_say() -> None:
    assert setting_flags() == derive_setting_flags()
    assert [flag.name for flag in setting_flags()] == FLAGGED


def test_the_generator_writes_the_committed_table(tmp_path: Path) -> None:
    out = tmp_path / "table.py"

    main(["--out", str(out)])

    assert out.read_text(encoding="utf-8") == TABLE_PATH.read_text(encoding="utf-8")


def test_every_settings_bound_and_choice_is_tested() -> None:
    bounded = {name for name in FLAGGED if _limits(name)}
    assert {"request_timeout", "concurrency", "seed", "context_size", "threads"} <= bounded
    assert {case.values[0] for case in BOUND_CASES} == bounded
    choices = {case.values[0] for case in CHOICE_CASES}
    assert choices == {
        "structured_output",
        "csv_formulas",
        "log_level",
        "log_format",
        "batch_repairs",
    }


@pytest.mark.parametrize(("name", "value"), BOUND_CASES)
def test_the_flag_accepts_what_settings_accept_at_each_bound(
    run_cli: RunCli, name: str, value: Any
) -> None:
    flag = flag_and_variable(name)[0]

    run = run_cli(*DRY_RUN, flag, str(value))

    expected = 0 if _settings_accept(name, value) else 2
    assert run.code == expected, run.stderr
    if expected:
        assert flag in run.stderr
        assert "Traceback" not in run.stderr
    assert not Path("out").exists()


@pytest.mark.parametrize(("name", "value"), CHOICE_CASES)
def test_the_flag_accepts_the_choices_settings_accept(
    run_cli: RunCli, name: str, value: str
) -> None:
    run = run_cli(*DRY_RUN, flag_and_variable(name)[0], value)

    assert run.code == (0 if _settings_accept(name, value) else 2), run.stderr


def test_a_request_timeout_below_the_old_command_line_floor_is_accepted(run_cli: RunCli) -> None:
    run = run_cli(*DRY_RUN, "--request-timeout", "0.05")

    assert run.code == 0, run.stderr


def _help_entries(help_text: str) -> list[str]:
    """Each option of ``--help`` as one string, its wrapped lines joined, blanks removed."""
    entries: list[str] = []
    for line in help_text.splitlines():
        if re.match(r"^  -", line):
            entries.append("")
        if entries and line.strip():
            entries[-1] += "".join(line.split())
    return entries


def test_help_shows_every_settings_flag_with_its_variable_and_default(run_cli: RunCli) -> None:
    run = run_cli("tech-support", "--help")

    assert run.code == 0
    entries = _help_entries(run.stdout)
    for name in FLAGGED:
        flag, variable = flag_and_variable(name)
        # a value's metavar or another spelling follows the flag; a switch's help sentence
        (entry,) = [entry for entry in entries if re.match(rf"(-\w,)?{flag}[<,A-Z/]", entry)]
        default = Settings.model_fields[name].default
        note = f"[env{variable}" if default is None else f"[env{variable};default{default}]"
        assert note.replace(" ", "") in entry, entry


def test_help_shows_no_default_the_field_does_not_have(run_cli: RunCli) -> None:
    run = run_cli("tech-support", "--help")

    text = " ".join(run.stdout.split())
    assert "x>=0.1" not in text  # --request-timeout's old floor
    assert "[x>=256]" not in text  # --context-size has a ceiling too
    assert "256<=x<=1048576" in text
    assert "[env DATAGEN_PROVIDER; default azure]" in text


def test_every_panel_of_a_settings_flag_is_a_help_panel() -> None:
    assert set(get_args(FlagPanel)) <= set(PANEL_ORDER)
    assert {flag.panel for flag in setting_flags()} <= set(PANEL_ORDER)


def test_every_common_flag_is_a_reserved_scenario_option_name() -> None:
    flags = [
        flag
        for parameter in common_parameters()
        for decl in parameter.default.param_decls
        for flag in decl.split("/")  # --switch/--no-switch
        if flag.startswith("--")
    ]
    assert len(flags) >= len(FLAGGED) + len(COMMON_OPTIONS)
    for flag in flags:
        assert flag[2:].replace("-", "_") in reserved_option_names(), flag


def test_a_bad_variable_without_a_flag_names_only_the_variable(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATAGEN_RETRY_BACKOFF", "0")

    run = run_cli(*DRY_RUN)

    assert run.code == 2
    assert "DATAGEN_RETRY_BACKOFF" in run.stderr
    assert "--retry-backoff" not in run.stderr


class _Bounded(BaseModel):
    both_open: float = Field(gt=0, lt=1)
    low_open: float = Field(gt=0, le=60)
    high_open: float = Field(lt=5)
    closed: int = Field(ge=1, le=9)


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("both_open", (None, None, "0<x<1")),
        ("low_open", (None, None, "0<x<=60")),
        ("high_open", (None, None, "x<5")),
        ("closed", (1, 9, "")),
    ],
)
def test_exclusive_bounds_are_shown_and_left_to_the_settings(
    field: str, expected: tuple[Any, ...]
) -> None:
    assert _bounds(_Bounded.model_fields[field]) == expected


def test_a_flag_on_a_type_the_command_line_cannot_parse_is_refused() -> None:
    with pytest.raises(TypeError, match="dict cannot have a Flag"):
        _kind(dict | None)


def test_the_inspect_hint_lists_every_format(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()

    run = run_cli("inspect", str(tmp_path / "empty"))

    assert run.code == 2
    assert ".json/.jsonl/.csv/.yaml/.parquet/.txt" in run.stderr
