"""The ``manufacturing-maintenance-log`` scenario: offline logs, rules, repairs, text, CLI."""

from __future__ import annotations

import csv
import functools
import shlex
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, get_args

import pytest
from helpers import one_error_line
from hypothesis import event, given, settings
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.records import cents
from data_generator.schema import strict_json_schema
from data_generator.tool import InvariantError
from data_generator.tools.maintenance_log import (
    FAILURE_WEIGHTS,
    LABOR_RATE,
    MAINTENANCE_WEIGHTS,
    Action,
    EquipmentType,
    FailureMode,
    MaintenanceLog,
    MaintenanceLogTool,
    PartUsed,
)
from data_generator.tools.maintenance_log_vocabulary import EQUIPMENT

EQUIPMENT_TYPES: tuple[str, ...] = get_args(EquipmentType)
STATUSES = ("scheduled", "in-progress", "completed", "deferred")
MINUTE = timedelta(minutes=1)


def maintenance(
    plant: str = "Plant 1", line: str = "Line A", equipment_type: str = "conveyor"
) -> MaintenanceLogTool:
    tool = MaintenanceLogTool({"plant": plant, "line": line, "equipment_type": equipment_type})
    return tool


@functools.cache
def logs(equipment_type: str = "conveyor", count: int = 1000) -> tuple[MaintenanceLog, ...]:
    """Offline logs (made once per session)."""
    generator = DataGenerator(
        maintenance(equipment_type=equipment_type),
        count=count,
        settings=Settings(provider="offline", seed=1),
    )
    return tuple(generator.generate_data())


def sample_log(status: str = "completed", **changes: Any) -> MaintenanceLog:
    """An offline log of ``status`` with at least two actions and a part, with ``changes``."""
    base = next(
        log
        for log in logs()
        if log.status == status
        and (status != "completed" or (len(log.actions) >= 2 and log.parts_used))
    )
    return base.model_copy(update=changes)


def total_of(parts: list[PartUsed], labor_hours: float) -> float:
    return cents(sum(p.quantity * p.unit_cost for p in parts) + labor_hours * LABOR_RATE)


# --- offline logs ----------------------------------------------------------------------------


def test_offline_logs_validate_keep_the_rules_and_differ() -> None:
    made = logs()
    tool = maintenance()
    assert len(made) == 1000  # none was dropped after failing every attempt
    assert [log.log_id for log in made] == [f"MNT-{i:06d}" for i in range(1, 1001)]
    without_ids = set()
    for log in made:
        MaintenanceLog.model_validate_json(log.model_dump_json())
        assert tool.invariant_problems(log) == [], log.log_id
        assert (log.plant, log.line, log.equipment.equipment_type) == (
            "Plant 1",
            "Line A",
            "conveyor",
        )
        assert log.reported_at <= log.started_at
        if log.status == "completed":
            assert log.completed_at is not None
            assert log.downtime_minutes == (log.completed_at - log.started_at) // MINUTE
        else:
            assert log.completed_at is None
        stamps = [a.timestamp for a in log.actions]
        assert stamps == sorted(stamps)
        assert all(log.started_at <= s <= (log.completed_at or s) for s in stamps)
        assert abs(log.total_cost - total_of(log.parts_used, log.labor_hours)) < 0.005
        if log.maintenance_type in ("corrective", "emergency"):
            assert log.failure_mode is not None
        without_ids.add(log.model_copy(update={"log_id": "MNT-000000"}).model_dump_json())
    assert len(without_ids) == 1000


@pytest.mark.parametrize("equipment_type", EQUIPMENT_TYPES)
def test_every_equipment_type_gets_its_own_parts_and_sensors(equipment_type: str) -> None:
    tool = maintenance(equipment_type=equipment_type)
    kit = EQUIPMENT[equipment_type]
    for log in logs(equipment_type, 60):
        assert tool.invariant_problems(log) == []
        assert log.equipment.equipment_type == equipment_type
        assert log.equipment.model.startswith(kit["prefix"] + "-")
        assert {p.description for p in log.parts_used} <= {part[0] for part in kit["parts"]}
        assert {r.sensor for r in log.sensor_readings} <= {s[0] for s in kit["sensors"]}


def assert_frequencies(values: list[Any], weights: dict[Any, float]) -> None:
    counts = Counter(values)
    assert set(counts) <= set(weights)
    for value, weight in weights.items():
        share = counts[value] / len(values)
        assert abs(share - weight) <= 0.03, f"{value}: {share:.3f} vs {weight:.3f}"


def test_attributes_follow_the_declared_weights() -> None:
    declared = maintenance().attributes()
    assert [a.name for a in declared] == ["maintenance_type", "status", "shift", "failure_category"]
    dumps = [log.model_dump(mode="json") for log in logs()]
    for attribute in declared:
        assert_frequencies([attribute.observed(d) for d in dumps], attribute.probabilities())
    assert declared[0].probabilities() == pytest.approx(MAINTENANCE_WEIGHTS)
    assert declared[3].probabilities() == pytest.approx(FAILURE_WEIGHTS)
    assert sum(FAILURE_WEIGHTS.values()) == pytest.approx(1.0)


def test_shift_matches_the_hour_the_work_was_reported() -> None:
    starts = {"day": range(6, 14), "swing": range(14, 22), "night": (*range(22, 24), *range(6))}
    for log in logs():
        assert log.reported_at.hour in starts[log.shift], log.log_id


def test_record_schema_is_strict() -> None:
    schema = strict_json_schema(MaintenanceLog)
    assert "completed_at" in schema["required"]
    assert "failure_mode" in schema["required"]


# --- post_process: repairs -------------------------------------------------------------------


def test_post_process_keeps_a_valid_log() -> None:
    log = sample_log()
    assert maintenance().post_process(log) == log


def test_post_process_resets_plant_line_and_equipment_type() -> None:
    log = sample_log()
    broken = log.model_copy(
        update={
            "plant": "Elsewhere",
            "line": "Line Z",
            "equipment": log.equipment.model_copy(update={"equipment_type": "boiler"}),
        }
    )
    assert maintenance().post_process(broken) == log


def test_post_process_drops_completed_at_of_unfinished_work() -> None:
    log = sample_log("in-progress")
    broken = log.model_copy(update={"completed_at": log.started_at + timedelta(hours=1)})
    repaired = maintenance().post_process(broken)
    assert repaired.completed_at is None
    assert repaired == log


def test_post_process_recomputes_downtime_from_the_work_window() -> None:
    log = sample_log()
    repaired = maintenance().post_process(log.model_copy(update={"downtime_minutes": 1}))
    assert log.completed_at is not None
    assert repaired.downtime_minutes == (log.completed_at - log.started_at) // MINUTE
    assert repaired == log


def test_post_process_sorts_and_renumbers_the_actions() -> None:
    log = sample_log()
    shuffled = [a.model_copy(update={"step": 9}) for a in reversed(log.actions)]
    repaired = maintenance().post_process(log.model_copy(update={"actions": shuffled}))
    assert repaired.actions == log.actions
    assert [a.step for a in repaired.actions] == list(range(1, len(log.actions) + 1))


def test_post_process_recomputes_line_costs_and_the_total() -> None:
    log = sample_log()
    parts = [p.model_copy(update={"line_cost": 0.01}) for p in log.parts_used]
    broken = log.model_copy(update={"parts_used": parts, "total_cost": 1.0})
    repaired = maintenance().post_process(broken)
    assert repaired == log
    assert repaired.total_cost == total_of(log.parts_used, log.labor_hours)


# --- post_process: rejections ----------------------------------------------------------------


REJECTIONS: list[tuple[str, Callable[[MaintenanceLog], dict[str, Any]], str]] = [
    ("completed", lambda g: {"started_at": g.reported_at - MINUTE}, "before reported_at"),
    ("completed", lambda g: {"completed_at": None}, "needs completed_at"),
    ("completed", lambda g: {"completed_at": g.started_at - MINUTE}, "before started_at"),
    (
        "completed",
        lambda g: {
            "actions": [
                *g.actions,
                Action(step=9, description="Signed off", timestamp=g.completed_at + MINUTE),
            ]
        },
        "outside the work window",
    ),
    (
        "in-progress",
        lambda g: {
            "actions": [Action(step=1, description="Early", timestamp=g.started_at - MINUTE)]
        },
        "outside the work window",
    ),
    (
        "completed",
        lambda g: {"maintenance_type": "emergency", "failure_mode": None},
        "emergency work needs a failure_mode",
    ),
    (
        "completed",
        lambda g: {"equipment": g.equipment.model_copy(update={"install_date": date(2027, 1, 1)})},
        "installed after",
    ),
]


@pytest.mark.parametrize(
    ("status", "change", "message"),
    REJECTIONS,
    ids=[
        "started-before-reported",
        "completed-without-time",
        "completed-before-started",
        "action-after-completion",
        "action-before-start",
        "emergency-without-failure",
        "installed-later",
    ],
)
def test_post_process_rejects_what_it_cannot_mend(
    status: str, change: Callable[[MaintenanceLog], dict[str, Any]], message: str
) -> None:
    log = sample_log(status)
    with pytest.raises(InvariantError, match=message):
        maintenance().post_process(log.model_copy(update=change(log)))


# --- property tests --------------------------------------------------------------------------

T0 = datetime(2025, 6, 1, 8, 0, tzinfo=timezone.utc)
OFFSETS = st.integers(min_value=-600, max_value=6000)  # minutes from T0
PARTS = st.lists(
    st.builds(
        PartUsed,
        part_number=st.just("PRT-000001"),
        description=st.just("Idler roller"),
        quantity=st.integers(1, 20),
        unit_cost=st.floats(0, 5000, allow_nan=False).map(cents),
        line_cost=st.floats(0, 100_000, allow_nan=False).map(cents),
    ),
    max_size=4,
)
CASES = st.fixed_dictionaries(
    {
        "status": st.sampled_from(STATUSES),
        "kind": st.sampled_from(list(MAINTENANCE_WEIGHTS)),
        "failure": st.booleans(),
        "started": st.integers(-60, 600),
        "completed": st.none() | OFFSETS,
        "actions": st.lists(OFFSETS, max_size=5),
        "parts": PARTS,
        "labor_hours": st.floats(0, 200, allow_nan=False),
        "total_cost": st.floats(0, 1_000_000, allow_nan=False).map(cents),
        "downtime": st.integers(0, 10_000),
        "plant": st.sampled_from(["Plant 1", "Plant 9"]),
    }
)


@settings(max_examples=250, deadline=None)
@given(case=CASES)
def test_post_process_either_rejects_or_returns_a_consistent_log(case: dict[str, Any]) -> None:
    started = T0 + MINUTE * case["started"]
    completed = None if case["completed"] is None else T0 + MINUTE * case["completed"]
    actions = [
        Action(step=n, description=f"Step {n}", timestamp=T0 + MINUTE * offset)
        for n, offset in enumerate(case["actions"], start=1)
    ]
    failure = FailureMode(category="mechanical", description="Seized bearing")
    log = sample_log().model_copy(
        update={
            "status": case["status"],
            "maintenance_type": case["kind"],
            "failure_mode": failure if case["failure"] else None,
            "reported_at": T0,
            "started_at": started,
            "completed_at": completed,
            "actions": actions,
            "parts_used": case["parts"],
            "labor_hours": case["labor_hours"],
            "total_cost": case["total_cost"],
            "downtime_minutes": case["downtime"],
            "plant": case["plant"],
        }
    )
    # The rules, stated independently of the module.
    done = case["status"] == "completed"
    end = completed if done else None
    stamps = [a.timestamp for a in actions]
    must_reject = (
        started < T0
        or (done and (completed is None or completed < started))
        or (case["kind"] in ("corrective", "emergency") and not case["failure"])
        or any(s < started for s in stamps)
        or (end is not None and any(s > end for s in stamps))
    )
    tool = maintenance()

    try:
        repaired = tool.post_process(log)
    except InvariantError:
        event("rejected")
        assert must_reject
        return

    event("repaired or kept")
    assert not must_reject
    assert tool.invariant_problems(repaired) == []
    assert tool.repair(repaired) == repaired  # repair is idempotent
    assert repaired.plant == "Plant 1"
    assert sorted(a.description for a in repaired.actions) == sorted(a.description for a in actions)
    assert abs(repaired.total_cost - total_of(repaired.parts_used, repaired.labor_hours)) < 0.01
    if done:
        assert end is not None
        assert repaired.downtime_minutes == (end - started) // MINUTE
    else:
        assert repaired.completed_at is None
        assert repaired.downtime_minutes == case["downtime"]


# --- text ------------------------------------------------------------------------------------


def test_text_holds_the_whole_log() -> None:
    tool = maintenance()
    for log in logs()[:60]:
        text = tool.render_text(log)
        assert text.splitlines()[0] == f"{log.log_id}: {log.summary}"
        for value in (
            log.plant,
            log.line,
            log.equipment.asset_id,
            log.equipment.manufacturer,
            log.equipment.model,
            log.equipment.install_date.isoformat(),
            log.maintenance_type,
            log.status,
            log.shift,
            log.reported_at.isoformat(),
            log.started_at.isoformat(),
            f"Downtime: {log.downtime_minutes} min",
            f"{log.total_cost:,.2f} USD",
            log.safety_notes,
            *log.technicians,
            *log.symptoms,
        ):
            assert value in text, value
        if log.completed_at is not None:
            assert f"Completed: {log.completed_at.isoformat()}" in text
        if log.failure_mode is not None:
            assert f"{log.failure_mode.category}: {log.failure_mode.description}" in text
        for action in log.actions:
            assert f"{action.step}. [{action.timestamp.isoformat()}] {action.description}" in text
        for part in log.parts_used:
            assert f"{part.part_number} {part.description}: {part.quantity} x" in text
            assert f"= {part.line_cost:,.2f} USD" in text
        for reading in log.sensor_readings:
            assert f"{reading.sensor} = {reading.value} {reading.unit}" in text


# --- command line ----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1])
def test_every_example_command_runs(run_cli: Callable[..., Any], tmp_path: Path, n: int) -> None:
    words = shlex.split(MaintenanceLogTool().examples[n])
    assert words[:2] == ["datagen", "manufacturing-maintenance-log"]
    assert words[-2:] == ["--provider", "offline"]
    done = run_cli(*words[1:], "-o", str(tmp_path / "out"), "--seed", "3")
    assert done.code == 0, done.stderr
    assert "Wrote" in done.stdout
    assert list((tmp_path / "out").iterdir())


def test_cli_writes_csv_with_the_chosen_plant_and_line(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    done = run_cli("manufacturing-maintenance-log", "--plant", "Riverside Works", "--line",
                   "Press Line 2", "--equipment-type", "hydraulic-press", "-f", "csv", "-n", "4",
                   "--seed", "8", "-o", "out", "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    path = tmp_path / "out" / "manufacturing-maintenance-log.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4
    assert {(r["plant"], r["line"]) for r in rows} == {("Riverside Works", "Press Line 2")}
    assert all('"equipment_type":"hydraulic-press"' in r["equipment"] for r in rows)


def test_cli_writes_readable_text_files(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("manufacturing-maintenance-log", "--equipment-type", "boiler", "-f", "txt",
                   "-n", "2", "--seed", "8", "-o", "out", "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    files = sorted((tmp_path / "out").glob("*.txt"))
    assert [f.name for f in files] == [
        f"manufacturing-maintenance-log-00000{i}.txt" for i in (1, 2)
    ]
    text = files[0].read_text(encoding="utf-8")
    assert text.startswith("MNT-000001: ")
    assert "Equipment: boiler AST-" in text
    assert "Sensor readings\n---------------\n" in text


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--equipment-type", "lathe"), "--equipment-type"),
        (("--plant", "X"), "--plant"),
        (("--plant", "P" * 61), "--plant"),
        (("--line", ""), "--line"),
    ],
    ids=["bad-choice", "plant-too-short", "plant-too-long", "empty-line"],
)
def test_cli_rejects_bad_options_naming_the_flag(
    run_cli: Callable[..., Any], args: tuple[str, ...], flag: str
) -> None:
    done = run_cli("manufacturing-maintenance-log", *args, "-n", "1", "--provider", "offline")
    assert done.code == 2
    assert flag in one_error_line(done)


def test_cli_help_shows_the_flags_with_choices_and_defaults(run_cli: Callable[..., Any]) -> None:
    done = run_cli("manufacturing-maintenance-log", "--help")
    assert done.code == 0
    text = " ".join(done.stdout.split())
    assert "--equipment-type <" + "|".join(EQUIPMENT_TYPES) + ">" in text
    assert "--plant <str>" in text
    assert "[default: Plant 1]" in text
    assert "--line <str>" in text
    assert "[default: Line A]" in text
    assert "[default: conveyor]" in text
