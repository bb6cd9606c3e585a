"""``manufacturing-maintenance-log``: its rules, equipment kits, drawn failures, text and CLI.

What every scenario keeps (help, schema, formats, examples, distinct records, declared
weights, repair-or-reject of any answer) is checked in ``test_catalogue.py``.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
from helpers import one_error_line

from data_generator import DataGenerator, Settings
from data_generator.context import RecordContext
from data_generator.engine.validation import AttributeCheck
from data_generator.records import cents
from data_generator.tool import InvariantError
from data_generator.tools.maintenance_log import (
    LABOR_RATE,
    Action,
    EquipmentType,
    FailureMode,
    MaintenanceLog,
    MaintenanceLogTool,
    PartUsed,
)
from data_generator.tools.maintenance_log_vocabulary import EQUIPMENT

EQUIPMENT_TYPES: tuple[str, ...] = get_args(EquipmentType)
MINUTE = timedelta(minutes=1)


def maintenance(equipment_type: str = "conveyor") -> MaintenanceLogTool:
    return MaintenanceLogTool({"equipment_type": equipment_type})


@functools.cache
def logs(equipment_type: str = "conveyor", count: int = 300) -> tuple[MaintenanceLog, ...]:
    """Offline logs (made once per session)."""
    settings = Settings(provider="offline", seed=1)
    return tuple(
        DataGenerator(maintenance(equipment_type), count=count, settings=settings).generate_data()
    )


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


@pytest.mark.parametrize("equipment_type", EQUIPMENT_TYPES)
def test_every_equipment_type_gets_its_own_parts_and_sensors(equipment_type: str) -> None:
    tool = maintenance(equipment_type)
    kit = EQUIPMENT[equipment_type]
    for log in logs(equipment_type, 40):
        assert tool.problems(log) == []
        assert log.equipment.equipment_type == equipment_type
        assert log.equipment.model.startswith(kit["prefix"] + "-")
        assert {p.description for p in log.parts_used} <= {part[0] for part in kit["parts"]}
        assert {r.sensor for r in log.sensor_readings} <= {s[0] for s in kit["sensors"]}


def test_offline_logs_follow_the_shift_and_the_kind_of_work() -> None:
    starts = {"day": range(6, 14), "swing": range(14, 22), "night": (*range(22, 24), *range(6))}
    failures: dict[str, set[bool]] = {}
    for log in logs():
        assert log.reported_at.hour in starts[log.shift], log.log_id
        failures.setdefault(log.maintenance_type, set()).add(log.failure_mode is not None)
    # Repairs always name a failure; inspections sometimes do.
    assert failures == {
        "corrective": {True},
        "emergency": {True},
        "preventive": {True, False},
        "predictive": {True, False},
    }


# --- rules: what post_process mends ------------------------------------------------------------


def test_post_process_resets_plant_line_and_equipment_type() -> None:
    log = sample_log()
    broken = log.model_copy(
        update={
            "plant": "Elsewhere",
            "line": "Line Z",
            "equipment": log.equipment.model_copy(update={"equipment_type": "boiler"}),
        }
    )
    assert maintenance().problems(broken) == [
        "plant differs from --plant",
        "line differs from --line",
        "equipment_type differs from --equipment-type",
    ]
    assert maintenance().post_process(broken) == log


def test_post_process_drops_completed_at_of_unfinished_work() -> None:
    log = sample_log("in-progress")
    broken = log.model_copy(update={"completed_at": log.started_at + timedelta(hours=1)})
    assert maintenance().problems(broken) == ["in-progress work cannot have completed_at"]
    assert maintenance().post_process(broken) == log


def test_post_process_recomputes_downtime_from_the_work_window() -> None:
    log = sample_log()
    repaired = maintenance().post_process(log.model_copy(update={"downtime_minutes": 1}))
    assert log.completed_at is not None
    assert repaired.downtime_minutes == (log.completed_at - log.started_at) // MINUTE
    assert repaired == log


def test_post_process_sorts_and_renumbers_the_actions() -> None:
    log = sample_log()
    shuffled = [a.model_copy(update={"step": 9}) for a in reversed(log.actions)]
    broken = log.model_copy(update={"actions": shuffled})
    assert maintenance().problems(broken) == [
        "the actions are not in time order",
        "the actions are not numbered 1, 2, 3...",
    ]
    repaired = maintenance().post_process(broken)
    assert repaired.actions == log.actions
    assert [a.step for a in repaired.actions] == list(range(1, len(log.actions) + 1))


def test_post_process_recomputes_line_costs_and_the_total() -> None:
    log = sample_log()
    parts = [p.model_copy(update={"line_cost": 0.01}) for p in log.parts_used]
    broken = log.model_copy(update={"parts_used": parts, "total_cost": 1.0})
    listed = cents(sum(p.line_cost for p in parts) + log.labor_hours * LABOR_RATE)
    assert maintenance().problems(broken) == [
        *(f"line_cost of {p.part_number} is not quantity x unit_cost" for p in parts),
        f"total_cost is not parts plus labour ({listed:.2f})",
    ]
    repaired = maintenance().post_process(broken)
    assert repaired == log
    assert repaired.total_cost == total_of(log.parts_used, log.labor_hours)


# --- rules: what post_process rejects --------------------------------------------------------


REJECTIONS: list[tuple[str, Callable[[MaintenanceLog], dict[str, Any]], str]] = [
    ("completed", lambda g: {"started_at": g.reported_at - MINUTE}, "before reported_at"),
    ("completed", lambda g: {"completed_at": None}, "completed work needs completed_at"),
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


# --- a model's answer with another failure category than drawn --------------------------------


def honour(log: MaintenanceLog, failure_category: str) -> tuple[MaintenanceLog | None, str]:
    """What the engine makes of ``log`` answered for a log drawn with ``failure_category``."""
    tool = maintenance()
    check = AttributeCheck.of(tool)
    assert check is not None
    drawn = {a.name: a.observed(log.model_dump(mode="json")) for a in check.attributes}
    context = RecordContext(1, 1, tool.options, {**drawn, "failure_category": failure_category})
    record, reason = check.honour(log, context)
    return record if record is None else MaintenanceLog.model_validate(record), reason


def test_an_answer_with_another_failure_category_gets_the_drawn_one() -> None:
    log = sample_log(failure_mode=FailureMode(category="mechanical", description="Worn belt"))

    record, reason = honour(log, "electrical")

    assert reason == ""
    assert record is not None
    assert record.failure_mode == FailureMode(category="electrical", description="Worn belt")


def test_a_failure_category_cannot_be_given_to_work_without_a_failure() -> None:
    log = sample_log(maintenance_type="preventive", failure_mode=None)

    assert honour(log, "thermal") == (
        None,
        "this record must have failure_category = thermal (drawn attribute); the answer had none",
    )


def test_a_repair_drawn_without_a_failure_is_asked_again() -> None:
    log = sample_log(maintenance_type="corrective")

    record, reason = honour(log, "none")

    assert record is None
    assert reason.endswith("setting it breaks: corrective work needs a failure_mode")


# --- text and command line -------------------------------------------------------------------


def test_text_holds_the_whole_log() -> None:
    tool = maintenance()
    for log in logs()[:60]:
        text = tool.render_text(log)
        assert text.splitlines()[0] == f"{log.log_id}: {log.summary}"
        for value in (
            f"Plant: {log.plant} / {log.line}",
            f"{log.equipment.manufacturer} {log.equipment.model}, installed "
            f"{log.equipment.install_date.isoformat()}",
            f"{log.maintenance_type}   Status: {log.status}   Shift: {log.shift}",
            f"Reported: {log.reported_at.isoformat()}",
            f"Started: {log.started_at.isoformat()}",
            f"Downtime: {log.downtime_minutes} min",
            f"Labour: {log.labor_hours} h at 85.00 USD",
            f"Total cost: {log.total_cost:,.2f} USD",
            log.safety_notes,
            ", ".join(log.technicians),
            *(f"- {symptom}" for symptom in log.symptoms),
        ):
            assert value in text, value
        if log.completed_at is not None:
            assert f"Completed: {log.completed_at.isoformat()}" in text
        if log.failure_mode is not None:
            assert f"Failure: {log.failure_mode.category}: {log.failure_mode.description}" in text
        for action in log.actions:
            assert f"{action.step}. [{action.timestamp.isoformat()}] {action.description}" in text
        for part in log.parts_used:
            assert f"{part.part_number} {part.description}: {part.quantity} x" in text
            assert f"= {part.line_cost:,.2f} USD" in text
        for reading in log.sensor_readings:
            assert f"{reading.sensor} = {reading.value} {reading.unit}" in text


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


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--plant", "X"), "--plant"),
        (("--plant", "P" * 61), "--plant"),
        (("--line", ""), "--line"),
    ],
    ids=["plant-too-short", "plant-too-long", "empty-line"],
)
def test_cli_rejects_a_plant_or_line_of_the_wrong_length(
    run_cli: Callable[..., Any], args: tuple[str, ...], flag: str
) -> None:
    done = run_cli("manufacturing-maintenance-log", *args, "-n", "1", "--provider", "offline")
    assert done.code == 2
    assert flag in one_error_line(done)
