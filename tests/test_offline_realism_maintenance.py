"""``manufacturing-maintenance-log`` offline: varied prose that follows the plant, line and failure.

Issue 15: every free-text field varies over 10,000 records; the equipment belongs to the
kind of plant ``--plant``/``--line`` name (an unmatched one gets generic equipment and is
still named); safety notes fit the failure's category; the summary agrees with the
failure, the parts and the downtime.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from offline_variety import measure, offline_json_records

from data_generator import DataGenerator, Settings
from data_generator.cli.show import example_options
from data_generator.tools.maintenance_log import MaintenanceLog, MaintenanceLogTool
from data_generator.tools.maintenance_log_plants import GENERIC, PLANT_KINDS, plant_kind

KINDS = {kind.name: kind for kind in (*PLANT_KINDS, GENERIC)}


@functools.cache
def logs(
    plant: str, line: str, equipment_type: str, count: int = 400
) -> tuple[MaintenanceLog, ...]:
    """Offline logs of one plant, line and equipment type (made once per session)."""
    options = {"plant": plant, "line": line, "equipment_type": equipment_type}
    generator = DataGenerator(
        MaintenanceLogTool(options), count=count, settings=Settings(provider="offline", seed=3)
    )
    return tuple(generator.generate_data())


@pytest.mark.parametrize(
    "options",
    [
        example_options(MaintenanceLogTool),
        {"plant": "Riverside Bottling", "line": "Filler 3", "equipment_type": "packaging-machine"},
        {"plant": "Hillsboro Wafer Fab", "line": "Etch Bay 2", "equipment_type": "robot-arm"},
    ],
    ids=["defaults", "bottling-packaging-machine", "fab-robot-arm"],
)
def test_every_free_text_field_varies_over_10000_records(options: dict[str, Any]) -> None:
    records = offline_json_records(MaintenanceLogTool(options), 10_000)
    found = {field.path: field for field in measure(MaintenanceLog, records)}
    assert set(found) == {
        "summary",
        "failure_mode.description",
        "symptoms[]",
        "actions[].description",
        "safety_notes",
    }
    for field in found.values():
        assert field.distinct_share >= 0.5, field
        assert field.top_sentence_share <= 0.01, field


@pytest.mark.parametrize(
    ("plant", "line", "kind"),
    [
        ("Riverside Bottling", "Filler 3", "food and beverage"),
        ("Dearborn Assembly", "Body Shop 2", "automotive"),
        ("Kalamazoo Site", "Tablet Compression 4", "pharmaceuticals"),
        ("Ludwigshafen North", "Resin Reactor 5", "chemicals"),
        ("Hillsboro Wafer Fab", "Etch Bay 2", "semiconductors"),
        ("Eastgate Corrugated", "Corrugator 1", "packaging"),
        ("Gary Works", "Hot Strip Mill", "steel and metals"),
        ("Westfield Paper Mill", "PM2", "paper and pulp"),
        ("Penang EMS", "SMT Line 4", "electronics"),
        ("Tecumseh Plastics", "Cell 12", "plastics"),
    ],
)
@pytest.mark.parametrize("equipment_type", ["conveyor", "packaging-machine", "boiler"])
def test_the_equipment_belongs_to_the_kind_of_plant_named(
    plant: str, line: str, kind: str, equipment_type: str
) -> None:
    assets = KINDS[kind].assets[equipment_type]
    others = {
        asset
        for other in KINDS.values()
        if other.name != kind
        for asset in other.assets[equipment_type]
        if asset not in assets
    }
    named = set()
    for log in logs(plant, line, equipment_type, 60):
        asset = log.summary.split(f" the {line} ", 1)[1].split(":", 1)[0]
        assert asset in assets, log.summary
        named.add(asset)
        steps = " ".join(action.description for action in log.actions)
        assert not [other for other in others if f"the {other}" in steps], steps
    assert len(named) > 1  # more than one asset of the kind appears


@pytest.mark.parametrize(
    ("plant", "line"), [("Plant 1", "Line A"), ("Zephyr Works", "Line 7"), ("Site Nord", "Cell B")]
)
def test_an_unmatched_plant_gets_generic_equipment_and_is_still_named(
    plant: str, line: str
) -> None:
    assert plant_kind(plant, line) is GENERIC
    generic = GENERIC.assets["compressor"]
    for log in logs(plant, line, "compressor", 60):
        assert any(f"the {line} {asset}:" in log.summary for asset in generic), log.summary
        assert plant in log.safety_notes


#: A phrase the safety notes of each failure category always hold.
SAFETY_BY_CATEGORY = {
    "electrical": "lockout/tagout",
    "mechanical": "lockout/tagout",
    "control-system": "lockout/tagout",
    "lubrication": "spill kit",
    "hydraulic": "hydraulic pressure bled to 0 bar",
    "pneumatic": "residual air vented",
    "thermal": "cool",
}


@pytest.mark.parametrize("equipment_type", ["hydraulic-press", "boiler"])
def test_safety_notes_fit_the_failure_and_the_equipment(equipment_type: str) -> None:
    seen = set()
    for log in logs("Gary Works", "Hot Strip Mill", equipment_type):
        notes = log.safety_notes.lower()
        category = log.failure_mode.category if log.failure_mode else None
        if category is not None:
            seen.add(category)
            assert SAFETY_BY_CATEGORY[category] in notes, (category, notes)
            assert "arc-flash" not in notes or category == "electrical"
        elif log.maintenance_type == "preventive":
            assert "lockout/tagout" in notes, notes
        inside = (
            category in (None, "mechanical", "thermal") and log.maintenance_type != "predictive"
        )
        assert ("confined-space entry" in notes) == (equipment_type == "boiler" and inside), notes
    assert seen == set(SAFETY_BY_CATEGORY)


def test_the_summary_and_steps_agree_with_the_failure_parts_and_downtime() -> None:
    for log in logs("Riverside Bottling", "Filler 3", "conveyor"):
        failure = log.failure_mode
        if failure is None:
            assert log.symptoms == []
            continue
        assert f": {failure.description.lower()};" in log.summary.lower()
        if log.status == "completed":
            hours, minutes = divmod(log.downtime_minutes, 60)
            assert f"{hours} h" in log.summary if hours else f"{minutes} min down" in log.summary
        if log.parts_used and log.status in ("completed", "in-progress"):
            name = log.parts_used[0].description
            part = name[:1].lower() + name[1:]
            done = "applied" if failure.category == "lubrication" else "fitted"
            state = done if log.status == "completed" else f"being {done}"
            assert f"{part} {state}" in log.summary, log.summary
            assert any(part in action.description for action in log.actions)
        if log.maintenance_type == "emergency" and log.actions and log.status != "deferred":
            assert log.actions[0].description.startswith(("Stopped Filler 3", "Made the"))


def test_the_cli_writes_logs_of_the_plant_it_is_given(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "logs"
    done = run_cli(
        "manufacturing-maintenance-log", "--plant", "Riverside Bottling", "--line", "Filler 3",
        "--equipment-type", "packaging-machine", "-n", "20", "-f", "jsonl", "-o", str(out),
        "--provider", "offline", "-q",
    )  # fmt: skip
    assert done.code == 0, done.err
    lines = (out / "manufacturing-maintenance-log.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 20
    assets = KINDS["food and beverage"].assets["packaging-machine"]
    for line in lines:
        record = json.loads(line)
        assert any(f"Filler 3 {asset}" in record["summary"] for asset in assets)
        assert "Riverside Bottling" in record["safety_notes"]
