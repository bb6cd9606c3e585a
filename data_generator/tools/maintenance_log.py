"""``manufacturing-maintenance-log``: maintenance work on one production line's equipment."""

from __future__ import annotations

import functools
import random
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from data_generator import synth
from data_generator.markers import Drawn, FromOption, Later, RecordId
from data_generator.messages import indefinite
from data_generator.records import Money, UtcDatetime, cents, in_order, same_amount, total
from data_generator.tool import (
    Attribute,
    DataGeneratorTool,
    Hint,
    NotSettableError,
    RecordContext,
    render_document,
    rule,
)
from data_generator.tools.maintenance_log_plants import PlantKind, plant_kind
from data_generator.tools.maintenance_log_prose import Work
from data_generator.tools.maintenance_log_vocabulary import CATEGORY_PARTS, EQUIPMENT, ROUTINE_PARTS

__all__ = ["MaintenanceLog", "MaintenanceLogOptions", "MaintenanceLogTool", "downtime_of"]

EquipmentType = Literal[
    "cnc-machine",
    "conveyor",
    "robot-arm",
    "hydraulic-press",
    "injection-molder",
    "packaging-machine",
    "compressor",
    "boiler",
]
MaintenanceType = Literal["preventive", "corrective", "predictive", "emergency"]
Status = Literal["scheduled", "in-progress", "completed", "deferred"]
Shift = Literal["day", "swing", "night"]
FailureCategory = Literal[
    "mechanical",
    "electrical",
    "hydraulic",
    "pneumatic",
    "thermal",
    "control-system",
    "lubrication",
]

#: Labour is charged at this rate (USD per technician hour) in total_cost.
LABOR_RATE = 85.0
NEEDS_FAILURE_MODE = ("corrective", "emergency")
MAINTENANCE_WEIGHTS = {"preventive": 0.4, "corrective": 0.3, "predictive": 0.15, "emergency": 0.15}
STATUS_WEIGHTS = {"scheduled": 0.15, "in-progress": 0.15, "completed": 0.6, "deferred": 0.1}
SHIFT_WEIGHTS = {"day": 0.5, "swing": 0.3, "night": 0.2}
SHIFT_START_HOUR = {"day": 6, "swing": 14, "night": 22}
CATEGORY_WEIGHTS = {
    "mechanical": 0.25, "electrical": 0.2, "hydraulic": 0.12, "pneumatic": 0.08,
    "thermal": 0.1, "control-system": 0.12, "lubrication": 0.13,
}  # fmt: skip
#: Share of logs without a failure mode, by maintenance type (repairs always have one).
NO_FAILURE_SHARE = {"preventive": 0.8, "predictive": 0.4, "corrective": 0.0, "emergency": 0.0}


#: The failure category is drawn given the maintenance type; FAILURE_WEIGHTS is the
#: resulting share of each category over all logs (what the declared attribute states).
FAILURE_GIVEN_TYPE = {
    kind: synth.Distribution(
        {"none": none, **{c: w * (1 - none) for c, w in CATEGORY_WEIGHTS.items()}}
    )
    for kind, none in NO_FAILURE_SHARE.items()
}
_NONE_SHARE = sum(MAINTENANCE_WEIGHTS[k] * NO_FAILURE_SHARE[k] for k in MAINTENANCE_WEIGHTS)
FAILURE_WEIGHTS = {
    "none": _NONE_SHARE,
    **{c: w * (1 - _NONE_SHARE) for c, w in CATEGORY_WEIGHTS.items()},
}

_MINUTE = timedelta(minutes=1)


def set_failure_category(log: dict[str, Any], category: str) -> None:
    """Show ``category`` in a log's JSON dump: ``none`` drops the failure mode.

    Raises:
        NotSettableError: A failure category is drawn but the log describes no failure.
    """
    if category == "none":
        log["failure_mode"] = None
    elif log["failure_mode"] is None:
        raise NotSettableError("the log has no failure_mode to set the category of")
    else:
        log["failure_mode"]["category"] = category


def downtime_of(started_at: datetime, completed_at: datetime) -> int:
    """Whole minutes (rounded down) from ``started_at`` to ``completed_at``."""
    return int((completed_at - started_at).total_seconds() // 60)


class MaintenanceLogOptions(BaseModel):
    """Options of the ``manufacturing-maintenance-log`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    plant: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=60)] = (
        Field(default="Plant 1", description="Name of the plant the logs come from.")
    )
    line: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] = (
        Field(default="Line A", description="Production line inside the plant.")
    )
    equipment_type: EquipmentType = Field(
        default="conveyor", description="Kind of equipment maintained."
    )


class Equipment(BaseModel):
    """The maintained asset."""

    asset_id: str = Field(pattern=r"^AST-\d{6,}$", description="Asset number, AST-000123.")
    equipment_type: Annotated[EquipmentType, FromOption("equipment_type")] = Field(
        description="Kind of equipment."
    )
    manufacturer: str = Field(min_length=2, description="Fictional manufacturer.")
    model: str = Field(min_length=1, description="Model designation.")
    install_date: Annotated[date, Later] = Field(description="When the asset was installed.")


class FailureMode(BaseModel):
    """What failed."""

    category: FailureCategory = Field(description="Kind of failure.")
    description: str = Field(min_length=3, description="The failure in a few words.")


class Action(BaseModel):
    """One step of the work."""

    step: int = Field(ge=1, description="Step number, 1 for the first step.")
    description: str = Field(min_length=3, description="What was done.")
    timestamp: UtcDatetime = Field(description="When it was done (UTC).")


class PartUsed(BaseModel):
    """A spare part used."""

    part_number: str = Field(pattern=r"^PRT-\d{6,}$", description="Part number, PRT-000123.")
    description: str = Field(min_length=2, description="What the part is.")
    quantity: int = Field(ge=1, description="How many were used.")
    unit_cost: Money = Field(ge=0, description="Cost of one part, USD.")
    line_cost: Money = Field(ge=0, description="quantity x unit_cost, USD.")


class SensorReading(BaseModel):
    """A condition-monitoring reading taken around the report."""

    sensor: str = Field(min_length=2, description="Sensor name, snake_case.")
    value: float = Field(description="Measured value.")
    unit: str = Field(min_length=1, description="Unit of the value.")
    timestamp: UtcDatetime = Field(description="When it was read (UTC).")


class MaintenanceLog(BaseModel):
    """A maintenance log entry for one asset on a production line."""

    log_id: Annotated[str, RecordId("MNT")] = Field(description="Log number, MNT-000123.")
    plant: Annotated[str, FromOption("plant")] = Field(description="The plant.")
    line: Annotated[str, FromOption("line")] = Field(description="The production line.")
    equipment: Equipment
    summary: Annotated[str, Later] = Field(
        min_length=5, description="One-line summary of the work."
    )
    maintenance_type: Annotated[MaintenanceType, Drawn(MAINTENANCE_WEIGHTS)] = Field(
        description="Why the work was done."
    )
    shift: Annotated[Shift, Drawn(SHIFT_WEIGHTS)] = Field(
        description="Shift the work was reported in (day, swing, night)."
    )
    status: Annotated[Status, Drawn(STATUS_WEIGHTS)] = Field(description="Where the work stands.")
    reported_at: Annotated[UtcDatetime, Later] = Field(
        description="When the need was reported (UTC)."
    )
    started_at: Annotated[UtcDatetime, Later] = Field(
        description="When work began, or is planned to begin if not started (UTC)."
    )
    completed_at: Annotated[UtcDatetime | None, Later] = Field(
        description="When work ended; only if completed."
    )
    technicians: list[str] = Field(min_length=1, description="Fictional technician names.")
    failure_mode: Annotated[FailureMode | None, Later] = Field(
        description="What failed; required for corrective and emergency work."
    )
    symptoms: Annotated[list[str], Later] = Field(description="What was observed before the work.")
    actions: Annotated[list[Action], Later] = Field(description="Steps taken, in time order.")
    parts_used: Annotated[list[PartUsed], Later] = Field(description="Spare parts used.")
    downtime_minutes: Annotated[int, Later] = Field(
        ge=0, description="Minutes down; for completed work, started_at to completed_at."
    )
    labor_hours: Annotated[float, Later] = Field(ge=0, description="Technician hours booked.")
    total_cost: Annotated[Money, Later] = Field(ge=0, description="Parts plus labour, USD.")
    sensor_readings: Annotated[list[SensorReading], Later] = Field(
        description="Readings taken around the report."
    )
    safety_notes: str = Field(description="Safety measures taken.")


def expected_total(parts: list[PartUsed], labor_hours: float) -> float:
    """The total cost of ``parts`` and ``labor_hours`` at :data:`LABOR_RATE`."""
    return total([part.line_cost for part in parts] + [labor_hours * LABOR_RATE])


def _line_cost(part: PartUsed) -> float:
    return cents(part.quantity * part.unit_cost)


def _with_actions_in_order(record: MaintenanceLog) -> MaintenanceLog:
    ordered = sorted(record.actions, key=lambda action: action.timestamp)
    numbered = [action.model_copy(update={"step": n}) for n, action in enumerate(ordered, 1)]
    return record.model_copy(update={"actions": numbered})


def _with_line_costs(record: MaintenanceLog) -> MaintenanceLog:
    parts = [part.model_copy(update={"line_cost": _line_cost(part)}) for part in record.parts_used]
    return record.model_copy(update={"parts_used": parts})


@functools.cache
def _plant_kind(plant: str, line: str) -> PlantKind:
    return plant_kind(plant, line)


def _part_pool(kit: dict[str, Any], category: str) -> tuple[tuple[str, float, float], ...]:
    # A failure uses the parts of its category (a mechanical one the equipment's own wear
    # parts); routine work uses consumables.
    if category == "none":
        return ROUTINE_PARTS
    parts: tuple[tuple[str, float, float], ...] = CATEGORY_PARTS.get(category, kit["parts"])
    return parts


def _parts(rng: random.Random, kit: dict[str, Any], category: str) -> list[dict[str, Any]]:
    """One or two parts for a failure, none to two consumables for routine work."""
    count = int(rng.random() * 3) if category == "none" else 1 + int(rng.random() * 2)
    parts = []
    for description, low, high in rng.sample(_part_pool(kit, category), count):
        quantity = 1 + int(rng.random() * 3)
        unit_cost = cents(low + rng.random() * (high - low))
        parts.append(
            {
                "part_number": synth.identifier(rng, "PRT"),
                "description": description,
                "quantity": quantity,
                "unit_cost": unit_cost,
                "line_cost": cents(quantity * unit_cost),
            }
        )
    return parts


def _timed(
    steps: list[str], started: datetime, rng: random.Random, worked: int
) -> list[dict[str, Any]]:
    """``steps`` at sorted moments inside the first ``worked`` minutes after ``started``."""
    moments = sorted(started + _MINUTE * int(rng.random() * (worked + 1)) for _ in steps)
    return [
        {"step": n, "description": text, "timestamp": moment}
        for n, (text, moment) in enumerate(zip(steps, moments, strict=True), start=1)
    ]


class MaintenanceLogTool(DataGeneratorTool[MaintenanceLogOptions, MaintenanceLog]):
    """Maintenance logs for one kind of equipment on a plant's production line."""

    name = "manufacturing-maintenance-log"
    description = "Maintenance logs for plant equipment: work, parts, downtime, sensor readings."

    system = (
        "You write realistic, internally consistent maintenance logs from manufacturing "
        "plants for test and demo data. Technicians, manufacturers and models are "
        "fictional; amounts are in USD."
    )

    def build_prompt(self) -> str:
        """User prompt stating the rules; per-record attributes arrive in ``{{$attributes}}``."""
        options = self.options
        return (
            "Write maintenance log number {{$index}} for "
            f"{indefinite(options.equipment_type)} on {options.line} in {options.plant}.\n"
            "Use these attributes for this log: {{$attributes}} (failure_category none means "
            "no failure_mode).\n"
            "Rules: reported_at <= started_at <= completed_at. Only completed work has "
            "completed_at, and its downtime_minutes is the whole minutes from started_at to "
            "completed_at. Actions are numbered from 1 in time order and happen at or after "
            "started_at (and not after completed_at). Each part's line_cost is quantity x "
            f"unit_cost; total_cost is the parts plus labor_hours x {LABOR_RATE:.2f} USD. "
            "Corrective and emergency work has a failure_mode. The equipment was installed "
            "before the work was reported."
        )

    examples = (
        "datagen manufacturing-maintenance-log --equipment-type robot-arm --count 20 -o "
        "data/robot-arm-logs --provider offline",
        'datagen manufacturing-maintenance-log --plant "Riverside Works" --line "Press Line '
        '2" --equipment-type hydraulic-press -f csv -n 50 -o data/press-line-logs --provider '
        "offline",
    )

    attribute_order = ("maintenance_type", "status", "shift", "failure_category")

    def attributes(self) -> list[Attribute]:
        """The failure category: ``none`` shows as no failure mode."""
        return [
            Attribute(
                "failure_category",
                FAILURE_WEIGHTS,
                observe=lambda log: (log["failure_mode"] or {"category": "none"})["category"],
                apply=set_failure_category,
            ),
        ]

    def draw_attributes(self, rng: random.Random, seed: int, index: int) -> dict[str, Any]:
        """The declared attributes, with the failure category drawn given the type.

        Repairs always have a failure and most inspections none; drawn this way, each
        category's share over all logs is still exactly ``FAILURE_WEIGHTS``.
        """
        drawn = super().draw_attributes(rng, seed, index)
        drawn["failure_category"] = FAILURE_GIVEN_TYPE[drawn["maintenance_type"]].draw(rng)
        return drawn

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        options = self.options
        kit = EQUIPMENT[options.equipment_type]
        makers = kit["manufacturers"]
        return {
            "equipment.asset_id": lambda rng, _ctx: synth.identifier(rng, "AST"),
            "equipment.manufacturer": lambda rng, _ctx: synth.choose(rng, makers),
            "equipment.model": lambda rng, _ctx: f"{kit['prefix']}-{rng.randrange(100, 9999)}",
            "technicians": lambda rng, _ctx: [
                synth.person_name(rng) for _ in range(1 + int(rng.random() * 3))
            ],
            # Written by offline_finalize, which knows the failure the notes must fit.
            "safety_notes": lambda _rng, _ctx: "",
        }

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Timeline, failure, steps, parts, readings, costs and prose that keep the rules."""
        options = self.options
        kit = EQUIPMENT[options.equipment_type]
        category = ctx.attributes["failure_category"]
        facts = {
            "plant": options.plant,
            "line": options.line,
            "shift": record["shift"],
            "tech": synth.choose(rng, record["technicians"]),
        }
        work = Work(
            rng, options.equipment_type, _plant_kind(options.plant, options.line), facts,
            record["maintenance_type"], category,
        )  # fmt: skip
        self._timeline(record, rng)
        if category != "none":
            record["failure_mode"] = {"category": category, "description": work.failure()}
        record["symptoms"] = [] if category == "none" else work.symptoms(1 + int(rng.random() * 2))
        status = record["status"]
        worked = self._minutes_worked(rng, status)
        in_hand = status in ("completed", "in-progress")
        record["parts_used"] = _parts(rng, kit, category) if in_hand else []
        part = record["parts_used"][0]["description"] if record["parts_used"] else None
        if status == "deferred" and category != "none":
            pool = _part_pool(kit, category)
            part = pool[int(rng.random() * len(pool))][0]
        tasks = work.tasks()
        record["actions"] = _timed(
            work.steps(status, part, tasks), record["started_at"], rng, worked
        )
        if status == "completed":
            record["completed_at"] = record["started_at"] + _MINUTE * worked
        record["downtime_minutes"] = worked
        crew = len(record["technicians"])
        record["labor_hours"] = round(worked / 60 * crew * (0.6 + 0.4 * rng.random()) * 4) / 4
        labour = record["labor_hours"] * LABOR_RATE
        record["total_cost"] = total([p["line_cost"] for p in record["parts_used"]] + [labour])
        record["sensor_readings"] = self._readings(rng, kit, record["reported_at"])
        record["summary"] = work.summary(status, part, tasks, worked)
        record["safety_notes"] = work.safety_notes()
        return record

    @staticmethod
    def _readings(
        rng: random.Random, kit: dict[str, Any], reported: datetime
    ) -> list[dict[str, Any]]:
        # Two or three of the kit's sensors, read in the hour before the report.
        readings = [
            {
                "sensor": sensor,
                "value": round(low + rng.random() * (high - low), 2),
                "unit": unit,
                "timestamp": reported - _MINUTE * int(rng.random() * 60),
            }
            for sensor, unit, low, high in rng.sample(kit["sensors"], 2 + int(rng.random() * 2))
        ]
        return sorted(readings, key=lambda reading: reading["timestamp"])

    @staticmethod
    def _timeline(record: dict[str, Any], rng: random.Random) -> None:
        # Reported inside its shift (day 06-14, swing 14-22, night 22-06); urgent work
        # starts within two hours, planned work within a few days.
        day = synth.datetime_between(rng, synth.ANCHOR - timedelta(days=365), synth.ANCHOR)
        shift_start = day.replace(hour=SHIFT_START_HOUR[record["shift"]], minute=0)
        reported = shift_start + _MINUTE * int(rng.random() * 480)
        record["reported_at"] = reported
        installed = reported - timedelta(days=365 + int(rng.random() * 5000))
        record["equipment"]["install_date"] = installed.date()
        urgent = record["maintenance_type"] in NEEDS_FAILURE_MODE
        record["started_at"] = reported + _MINUTE * (
            5 + int(rng.random() * (120 if urgent else 5000))
        )

    @staticmethod
    def _minutes_worked(rng: random.Random, status: str) -> int:
        if status == "completed":
            return 20 + int(rng.random() * 460)
        if status == "in-progress":
            return 10 + int(rng.random() * 120)
        return 15 if status == "deferred" else 0

    @rule("the equipment was installed after the work was reported")
    def installed_before_reported(self, record: MaintenanceLog) -> bool:
        return record.equipment.install_date <= record.reported_at.date()

    @rule("the work needs a failure_mode")
    def repairs_name_the_failure(self, record: MaintenanceLog) -> bool | str:
        if record.maintenance_type in NEEDS_FAILURE_MODE and record.failure_mode is None:
            return f"{record.maintenance_type} work needs a failure_mode"
        return True

    @rule("started_at is before reported_at")
    def started_after_reported(self, record: MaintenanceLog) -> bool:
        return record.started_at >= record.reported_at

    @rule(
        "only completed work has completed_at",
        fix=lambda record: record.model_copy(update={"completed_at": None}),
    )
    def completed_at_only_when_completed(self, record: MaintenanceLog) -> bool | str:
        if record.status == "completed" or record.completed_at is None:
            return True
        return f"{record.status} work cannot have completed_at"

    @rule("completed work needs completed_at")
    def completed_work_has_an_end(self, record: MaintenanceLog) -> bool | str:
        if record.status != "completed":
            return True
        if record.completed_at is None:
            return False
        return record.completed_at >= record.started_at or "completed_at is before started_at"

    @rule(
        "downtime_minutes differs from the work window",
        # The check fails only for completed work, which has a completed_at.
        fix=lambda record: record.model_copy(
            update={"downtime_minutes": downtime_of(record.started_at, record.completed_at)}
        ),
    )
    def downtime_is_the_work_window(self, record: MaintenanceLog) -> bool:
        completed = record.completed_at
        if record.status != "completed" or completed is None or completed < record.started_at:
            return True
        return record.downtime_minutes == downtime_of(record.started_at, completed)

    @rule("the actions are not in time order", fix=_with_actions_in_order)
    def actions_in_time_order(self, record: MaintenanceLog) -> bool:
        return in_order([action.timestamp for action in record.actions])

    @rule("the actions are not numbered 1, 2, 3...", fix=_with_actions_in_order)
    def actions_numbered_from_one(self, record: MaintenanceLog) -> bool:
        return [action.step for action in record.actions] == list(range(1, len(record.actions) + 1))

    @rule("an action falls outside the work window")
    def actions_inside_the_work_window(self, record: MaintenanceLog) -> bool:
        end = record.completed_at
        return all(
            record.started_at <= action.timestamp and (end is None or action.timestamp <= end)
            for action in record.actions
        )

    @rule("a line_cost is not quantity x unit_cost", fix=_with_line_costs)
    def line_costs_add_up(self, record: MaintenanceLog) -> list[str]:
        return [
            f"line_cost of {part.part_number} is not quantity x unit_cost"
            for part in record.parts_used
            if not same_amount(part.line_cost, _line_cost(part))
        ]

    @rule(
        "total_cost is not parts plus labour",
        fix=lambda record: record.model_copy(
            update={"total_cost": expected_total(record.parts_used, record.labor_hours)}
        ),
    )
    def total_is_parts_plus_labour(self, record: MaintenanceLog) -> bool | str:
        expected = expected_total(record.parts_used, record.labor_hours)
        return (
            same_amount(record.total_cost, expected)
            or f"total_cost is not parts plus labour ({expected:.2f})"
        )

    def render_text(self, record: MaintenanceLog) -> str:
        """A readable log: facts, failure, actions, parts, readings, safety."""
        equipment = record.equipment
        failure = record.failure_mode
        stamp = record.completed_at.isoformat() if record.completed_at else None
        facts = [
            ("Plant", f"{record.plant} / {record.line}"),
            ("Equipment", f"{equipment.equipment_type} {equipment.asset_id}: "
             f"{equipment.manufacturer} {equipment.model}, installed "
             f"{equipment.install_date.isoformat()}"),
            ("Type", f"{record.maintenance_type}   Status: {record.status}   "
             f"Shift: {record.shift}"),
            ("Reported", record.reported_at.isoformat()),
            ("Started", record.started_at.isoformat()),
            ("Completed", stamp),
            ("Technicians", ", ".join(record.technicians)),
            ("Failure", failure and f"{failure.category}: {failure.description}"),
            ("Downtime", f"{record.downtime_minutes} min"),
            ("Labour", f"{record.labor_hours} h at {LABOR_RATE:.2f} USD"),
            ("Total cost", f"{record.total_cost:,.2f} USD"),
        ]  # fmt: skip
        actions = [f"{a.step}. [{a.timestamp.isoformat()}] {a.description}" for a in record.actions]
        parts = [
            f"{p.part_number} {p.description}: {p.quantity} x {p.unit_cost:,.2f} = "
            f"{p.line_cost:,.2f} USD"
            for p in record.parts_used
        ]
        readings = [
            f"[{r.timestamp.isoformat()}] {r.sensor} = {r.value} {r.unit}"
            for r in record.sensor_readings
        ]
        sections = [
            ("Symptoms", "\n".join(f"- {s}" for s in record.symptoms) or "None recorded."),
            ("Actions", "\n".join(actions) or "None yet."),
            ("Parts used", "\n".join(parts) or "None."),
            ("Sensor readings", "\n".join(readings) or "None."),
            ("Safety", record.safety_notes),
        ]
        return render_document(f"{record.log_id}: {record.summary}", facts, sections)
