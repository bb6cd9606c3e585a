"""``manufacturing-maintenance-log``: its rules, equipment kits, drawn failures, text and options.

What every scenario keeps (help, schema, formats, examples, distinct records, declared
weights, repair-or-reject of any answer) is checked in ``test_catalogue.py``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, get_args

import pytest
from helpers import one_error_line
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.context import RecordContext
from data_generator.engine.validation import AttributeCheck
from data_generator.tools.maintenance_log import (
    Action,
    EquipmentType,
    FailureMode,
    MaintenanceLog,
    MaintenanceLogTool,
)
from data_generator.tools.maintenance_log_vocabulary import (
    CATEGORY_PARTS,
    EQUIPMENT,
    ROUTINE_PARTS,
)

MINUTE = timedelta(minutes=1)


def maintenance(equipment_type: str = "conveyor") -> MaintenanceLogTool:
    """The scenario for ``equipment_type`` on Press Line 2 in Riverside Works."""
    options = {"equipment_type": equipment_type, "plant": "Riverside Works", "line": "Press Line 2"}
    return MaintenanceLogTool(options)


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


# --- offline logs ----------------------------------------------------------------------------


@pytest.mark.parametrize("equipment_type", get_args(EquipmentType))
def test_every_equipment_type_gets_its_own_makers_parts_and_sensors(equipment_type: str) -> None:
    tool, kit = maintenance(equipment_type), EQUIPMENT[equipment_type]
    for log in logs(equipment_type, 40):
        assert tool.problems(log) == []
        assert (log.plant, log.line) == ("Riverside Works", "Press Line 2")
        assert log.equipment.equipment_type == equipment_type
        assert log.equipment.model.startswith(kit["prefix"] + "-")
        assert log.equipment.manufacturer in kit["manufacturers"]
        category = log.failure_mode.category if log.failure_mode else "none"
        fitting = {
            "none": ROUTINE_PARTS,
            "mechanical": kit["parts"],
        }.get(category) or CATEGORY_PARTS[category]
        assert {p.description for p in log.parts_used} <= {part[0] for part in fitting}
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


# --- rules: each broken once, then mended or refused ------------------------------------------


def restored(log: MaintenanceLog) -> bool:
    return log == sample_log()


def renumbered(actions: list[Action]) -> list[Action]:
    return [action.model_copy(update={"step": n}) for n, action in enumerate(actions, 1)]


def with_action(log: MaintenanceLog, at: datetime) -> dict[str, Any]:
    """The log's actions and one more, taken ``at``."""
    added = Action(step=len(log.actions) + 1, description="Checked the guard", timestamp=at)
    return {"actions": sorted([*log.actions, added], key=lambda action: action.timestamp)}


RULES = {
    "plant, line and equipment type come from the options": Case(
        lambda g: {
            "plant": "Elsewhere",
            "line": "Line Z",
            "equipment": g.equipment.model_copy(update={"equipment_type": "boiler"}),
        },
        mends=restored,
        reports="equipment_type differs from --equipment-type",
    ),
    "completed_at of unfinished work": Case(
        lambda g: {"completed_at": g.started_at + MINUTE},
        mends=lambda g: g == sample_log("in-progress"),
        record=lambda: sample_log("in-progress"),
        reports="in-progress work cannot have completed_at",
    ),
    "downtime is not the work window": Case(lambda g: {"downtime_minutes": 1}, mends=restored),
    "actions out of time order": Case(
        lambda g: {"actions": renumbered(g.actions[::-1])}, mends=restored
    ),
    "actions misnumbered": Case(
        lambda g: {"actions": [a.model_copy(update={"step": 9}) for a in g.actions]},
        mends=restored,
    ),
    "a line_cost is wrong": Case(
        lambda g: {"parts_used": [p.model_copy(update={"line_cost": 0.01}) for p in g.parts_used]},
        mends=restored,
        reports="line_cost of PRT-",
    ),
    "total_cost is wrong": Case(
        lambda g: {"total_cost": 1.0}, mends=restored, reports="is not parts plus labour ("
    ),
    "started before reported": Case(
        lambda g: {"started_at": g.reported_at - MINUTE}, rejects="started_at is before reported_at"
    ),
    "completed without completed_at": Case(
        lambda g: {"completed_at": None}, rejects="completed work needs completed_at"
    ),
    "completed before started": Case(
        lambda g: {"completed_at": g.started_at - MINUTE},
        rejects="completed_at is before started_at",
    ),
    "an action after completion": Case(
        lambda g: with_action(g, g.completed_at + MINUTE),
        rejects="an action falls outside the work window",
    ),
    "an action before the start": Case(
        lambda g: with_action(g, g.started_at - MINUTE),
        rejects="an action falls outside the work window",
    ),
    "an emergency without a failure": Case(
        lambda g: {"maintenance_type": "emergency", "failure_mode": None},
        rejects="emergency work needs a failure_mode",
    ),
    "installed after the report": Case(
        lambda g: {"equipment": g.equipment.model_copy(update={"install_date": date(2027, 1, 1)})},
        rejects="the equipment was installed after the work was reported",
    ),
}


@cases(RULES)
def test_a_log_breaking_a_rule_is_mended_or_refused(case: Case) -> None:
    check_case(maintenance(), sample_log(), case)


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


@pytest.mark.parametrize(
    ("changes", "drawn", "reason"),
    [
        (
            {"maintenance_type": "preventive", "failure_mode": None},
            "thermal",
            "must have failure_category = thermal (drawn attribute); the answer had none",
        ),
        (
            {"maintenance_type": "corrective"},
            "none",
            "setting it breaks: corrective work needs a failure_mode",
        ),
    ],
    ids=["no-failure-to-categorise", "a-repair-without-failure"],
)
def test_an_answer_the_drawn_failure_category_cannot_be_set_on_is_asked_again(
    changes: dict[str, Any], drawn: str, reason: str
) -> None:
    record, why = honour(sample_log(**changes), drawn)

    assert record is None
    assert why.endswith(reason)


# --- text and options ------------------------------------------------------------------------


def test_text_holds_the_whole_log() -> None:
    tool = maintenance()
    for log in logs()[:60]:
        text = tool.render_text(log)
        assert text.splitlines()[0] == f"{log.log_id}: {log.summary}"
        failure = log.failure_mode
        for value in (
            f"Plant: {log.plant} / {log.line}",
            f"{log.equipment.manufacturer} {log.equipment.model}, installed "
            f"{log.equipment.install_date.isoformat()}",
            f"{log.maintenance_type}   Status: {log.status}   Shift: {log.shift}",
            f"Reported: {log.reported_at.isoformat()}",
            f"Started: {log.started_at.isoformat()}",
            f"Completed: {log.completed_at.isoformat()}" if log.completed_at else "",
            f"Failure: {failure.category}: {failure.description}" if failure else "",
            f"Downtime: {log.downtime_minutes} min",
            f"Labour: {log.labor_hours} h at 85.00 USD",
            f"Total cost: {log.total_cost:,.2f} USD",
            log.safety_notes,
            ", ".join(log.technicians),
            *(f"- {symptom}" for symptom in log.symptoms),
            *(f"{a.step}. [{a.timestamp.isoformat()}] {a.description}" for a in log.actions),
            *(f"{p.part_number} {p.description}: {p.quantity} x" for p in log.parts_used),
            *(f"= {p.line_cost:,.2f} USD" for p in log.parts_used),
            *(f"{r.sensor} = {r.value} {r.unit}" for r in log.sensor_readings),
        ):
            assert value in text, value


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
