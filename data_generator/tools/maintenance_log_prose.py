"""The prose of an offline maintenance log, composed from the log's own facts.

One :class:`~data_generator.phrases.Grammar` per equipment type holds the tables: the
failure (defect and finding) and symptoms keyed by failure category, the steps of the
work keyed by maintenance type and category, and the safety notes keyed by category
(lockout/tagout for electrical work, bled pressure for hydraulics, confined-space entry
for a boiler's inside...). Numbers (readings, torques, permit numbers) are tables too,
so sentences vary with the data set while saying the same things as the record's fields.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from data_generator.phrases import Grammar
from data_generator.tools.maintenance_log_plants import GENERIC, PLANT_KINDS, PlantKind
from data_generator.tools.maintenance_log_vocabulary import EQUIPMENT

__all__ = ["GRAMMAR", "Work"]


def _numbers(low: float, high: float, step: float = 1, digits: int = 0) -> tuple[str, ...]:
    count = round((high - low) / step) + 1
    return tuple(f"{low + i * step:.{digits}f}" for i in range(count))


NUMBERS: dict[str, Sequence[str]] = {
    "mm": _numbers(0.2, 3.0, 0.1, 1),
    "vib": _numbers(4.5, 14.9, 0.1, 1),
    "vib_ok": _numbers(0.8, 4.4, 0.1, 1),
    "megohm": _numbers(0.2, 1.9, 0.1, 1),
    "megohm_ok": _numbers(50, 500, 10),
    "bar_low": _numbers(40, 140, 5),
    "bar_air": _numbers(3.1, 5.4, 0.1, 1),
    "bar_ok": _numbers(6.0, 7.5, 0.1, 1),
    "litres": _numbers(1, 12),
    "temp_hot": _numbers(78, 140),
    "temp_limit": _numbers(70, 90, 5),
    "temp_ok": _numbers(28, 45),
    "faults": _numbers(3, 40),
    "code": _numbers(100, 999),
    "hours_over": _numbers(50, 900, 10),
    "ppm": _numbers(40, 400, 5),
    "count": _numbers(3, 30),
    "pct": _numbers(5, 40),
    "nm": _numbers(20, 220, 5),
    "nm_small": _numbers(1.2, 4.0, 0.2, 1),
    "grams": _numbers(10, 60, 5),
    "weeks": _numbers(2, 12),
    "minutes": _numbers(10, 90, 5),
    "db": _numbers(8, 30),
    "lel": ("0", "0", "1", "2"),
    "o2": _numbers(20.4, 20.9, 0.1, 1),
    "ohms": _numbers(0.8, 9.9, 0.1, 1),
    "cal": ("8", "12", "25", "40"),
    "ref": _numbers(1000, 9999),
    "lock": _numbers(100, 999),
    "gauge": _numbers(1, 60),
    "clock": tuple(f"{h:02d}:{m:02d}" for h in range(24) for m in range(0, 60, 5)),
    "n2": _numbers(1, 48),
    "d": _numbers(1, 9),
    "rate": _numbers(60, 98),
}

TABLES: dict[str, Sequence[str]] = {
    "point": ("disconnect DS-{n2}", "MCC-{d} bucket {n2}", "panel LP-{d} breaker {n2}",
              "isolator IS-{n2}"),
    "tester": ("a two-pole tester", "a proving unit and multimeter", "a CAT III meter"),
    "interval": ("Weekly", "Monthly", "Quarterly", "Six-monthly", "Annual", "500-hour",
                 "2,000-hour"),
    # The failure: defect and finding, by category.
    "defect_mechanical": ("seized bearing on the {component}", "misaligned {component}",
                          "cracked mount under the {component}", "excessive play in the "
                          "{component}", "loose fasteners on the {component}", "sheared key on "
                          "the {component} shaft", "worn {component}"),
    "finding_mechanical": ("{vib} mm/s vibration at the drive end", "{mm} mm of axial play",
                           "{vib} mm/s vibration at the non-drive end", "{mm} mm out of line"),
    "defect_electrical": ("tripped overload on the {component}", "burnt terminal at the "
                          "{component}", "phase imbalance on the {component} supply",
                          "intermittent power loss to the {component}", "chafed cable to the "
                          "{component}", "failed contactor for the {component}", "earth fault "
                          "on the {component}"),
    "finding_electrical": ("drawing {pct} % over its rated current", "insulation down to "
                           "{megohm} megohm", "{faults} trips logged since the last shift change",
                           "{pct} % imbalance between phases"),
    "defect_hydraulic": ("internal leak at the {component}", "low pressure at the {component}",
                         "worn seal on the {component}", "external leak from the {component} "
                         "fittings", "sticking spool in the {component}", "aerated oil at the "
                         "{component}"),
    "finding_hydraulic": ("pressure falling to {bar_low} bar under load", "losing about {litres} "
                          "L of oil per shift", "stroke {pct} % slower than normal", "oil at "
                          "{temp_hot} C in the tank"),
    "defect_pneumatic": ("air leak at the {component}", "sticking solenoid on the {component}",
                         "low air supply to the {component}", "split hose to the {component}",
                         "worn seals in the {component}"),
    "finding_pneumatic": ("supply down to {bar_air} bar", "audible leak at {bar_air} bar",
                          "cycle {pct} % slower than normal", "{faults} missed cycles in the "
                          "last hour"),
    "defect_thermal": ("overheating {component}", "blocked cooling around the {component}",
                       "failed temperature control of the {component}", "fouled heat transfer "
                       "at the {component}", "repeated temperature alarms on the {component}"),
    "finding_thermal": ("running at {temp_hot} C", "{temp_hot} C at the housing against a "
                        "{temp_limit} C limit", "{pct} % above its usual temperature",
                        "{faults} high-temperature alarms this week"),
    "defect_control-system": ("PLC fault stopping the {component}", "lost signal from the "
                              "{component}", "drift on the {component}", "communication loss "
                              "with the {component}", "intermittent fault on the {component}"),
    "finding_control-system": ("fault code E{code}", "{faults} faults logged in the last shift",
                               "position drifting by {mm} mm", "{faults} timeouts since {clock}"),
    "defect_lubrication": ("dry bearings in the {component}", "contaminated oil in the "
                           "{component}", "blocked grease line to the {component}", "low oil "
                           "level in the {component}", "wrong grease found in the {component}"),
    "finding_lubrication": ("{hours_over} h past its lubrication interval", "oil sample showing "
                            "{ppm} ppm iron", "oil level {pct} % below the mark", "{temp_hot} C "
                            "at the bearing housing"),
    # What was seen before the work, by category.
    "symptom_mechanical": ("knocking from the {component} at full speed {since}", "{product} "
                           "misfeeding after the {component} {since}", "vibration at the "
                           "{component} felt by the operator {since}", "grinding from the "
                           "{component} for {count} minutes after start-up", "output down {pct} "
                           "% since the {component} started rattling"),
    "symptom_electrical": ("drive tripped {count} times during the {shift} shift", "burning "
                           "smell from the {component} panel {since}", "the {component} stopping "
                           "without an alarm {count} times", "breaker for the {component} warm "
                           "to the touch {since}", "sparks seen at the {component} {since}"),
    "symptom_hydraulic": ("oil puddle of about {litres} L under the {component} {since}", "the "
                          "{component} slowing over {count} cycles {since}", "pump whining at the "
                          "{component} {since}", "pressure gauge at the {component} swinging by "
                          "{pct} % {since}"),
    "symptom_pneumatic": ("hissing at the {component} {since}", "{product} rejected for missed "
                          "pushes {count} times", "air pressure at the {component} dropping to "
                          "{bar_air} bar {since}", "slow stroke at the {component}, {pct} % longer "
                          "cycle"),
    "symptom_thermal": ("high-temperature alarm on the {component} {since}", "hot smell near "
                        "the {component} {since}", "{component} too hot to touch, {temp_hot} C "
                        "on the IR gun", "{product} quality dropping once the {component} warmed "
                        "up, {count} rejects an hour"),
    "symptom_control-system": ("{faults} unexplained stops on the {shift} shift",
                               "HMI showing fault E{code} at the {component} {since}",
                               "{product} miscounted by {count} an hour",
                               "the {component} signal flickering on the diagnostics screen "
                               "{since}"),
    "symptom_lubrication": ("squealing from the {component} for {count} minutes",
                            "low-level alarm on the {component} {since}", "dark, thick oil at "
                            "the {component} sight glass {since}", "{component} running {pct} % "
                            "hotter than its baseline {since}"),
    # The steps of a repair.
    "isolate_emergency": ("Stopped {line} and isolated the {asset} at {isolation}",
                          "Made the {asset} safe: {line} stopped, isolated at {isolation}"),
    "isolate_routine": ("Isolated the {asset} at {isolation} and verified zero energy",
                        "Locked out the {asset} at {isolation}"),
    "diagnose": ("Confirmed {defect} ({finding})", "Inspected the {component} and found "
                 "{defect}: {finding}", "Traced the fault to the {component}: {finding}"),
    "repair_mechanical": ("Replaced the {part} on the {component} and realigned it to {mm} mm",
                          "Fitted a new {part} to the {component}, fasteners torqued to {nm} Nm",
                          "Removed the {component}, fitted the {part} and refitted it"),
    "repair_electrical": ("Replaced the {part} for the {component} and re-terminated at "
                          "{nm_small} Nm", "Fitted a new {part}; insulation on the {component} "
                          "now {megohm_ok} megohm"),
    "repair_hydraulic": ("Fitted the {part} to the {component} and topped up {litres} L of "
                         "ISO VG 46 oil", "Replaced the {part} at the {component} and bled air "
                         "from the circuit over {minutes} min"),
    "repair_pneumatic": ("Replaced the {part} at the {component} and leak-tested at {bar_ok} "
                         "bar", "Fitted a new {part} to the {component}; no leaks at {bar_ok} "
                         "bar"),
    "repair_thermal": ("Cleaned the cooling passages of the {component} and fitted a new "
                       "{part}", "Replaced the {part} on the {component}; temperature settled "
                       "at {temp_ok} C"),
    "repair_control-system": ("Replaced the {part} at the {component} and re-taught its "
                              "position", "Fitted a new {part} to the {component} and cleared "
                              "fault E{code}"),
    "repair_lubrication": ("Flushed the {component} and refilled it ({part})", "Cleared the line "
                           "to the {component} and fitted a {part}", "Regreased the {component} "
                           "with {grams} g ({part})"),
    "started": ("Started fitting the {part} to the {component}", "Removing the {component} to "
                "fit the {part}"),
    "test": ("Test-ran the {asset} for {minutes} min under load: {check_ok}",
             "Ran {count} test cycles on the {asset}: {check_ok}",
             "Handed the {asset} back to the {shift} shift after {minutes} min of test "
             "running ({check_ok})"),
    "check_ok": ("vibration {vib_ok} mm/s", "temperatures steady at {temp_ok} C",
                 "no faults in {count} cycles", "current {pct} % below its rating",
                 "output back to {rate} % of rate"),
    "since": ("since {clock}", "over the last {count} hours", "on the {shift} shift",
              "after the {clock} start-up", "for {count} minutes before the stop",
              "{count} times since the last PM"),
    "deferred_failure": ("Assessed the {component} ({finding}); deferred until the {part} "
                         "arrives", "Assessed the {component}: {defect}; repair deferred to the "
                         "shutdown in week {weeks}"),
    "deferred_routine": ("Assessed the {component}; work deferred to the shutdown in week "
                         "{weeks}", "Deferred the work on the {component}: {line} has no window "
                         "for {count} days"),
    # Safety notes: permit, isolation by category, equipment and plant kind.
    "permit": ("Permit to work PTW-{ref} issued by the {plant} shift supervisor",
               "Work done under {plant} permit PTW-{ref}, signed off by {tech}"),
    "safety_mechanical": ("Lockout/tagout at {isolation}, lock L-{lock}; moving parts blocked "
                          "before guards came off", "Lockout/tagout at {isolation} with lock "
                          "L-{lock}; gravity loads on the {component} blocked"),
    "safety_electrical": ("Lockout/tagout at {isolation} with lock L-{lock}; absence of voltage "
                          "verified with {tester}", "Arc-flash PPE ({cal} cal/cm2) worn for "
                          "testing; lockout/tagout at {isolation}, lock L-{lock}"),
    "safety_hydraulic": ("Lockout/tagout at {isolation}; stored hydraulic pressure bled to 0 bar "
                         "at gauge PG-{gauge}", "Hydraulic pressure bled to 0 bar at gauge "
                         "PG-{gauge} and the {component} blocked; lock L-{lock}"),
    "safety_pneumatic": ("Air supply locked off at valve AV-{gauge} and residual air vented to "
                         "0 bar; lock L-{lock}", "Residual air vented at the {component} and "
                         "supply valve AV-{gauge} locked with L-{lock}"),
    "safety_thermal": ("The {component} left to cool to {temp_ok} C before work; lock L-{lock} "
                       "at {isolation}", "Hot surfaces tagged; work began once the {component} "
                       "had cooled to {temp_ok} C"),
    "safety_control-system": ("Lockout/tagout at {isolation} before touching field wiring; "
                              "safety circuit bypass SB-{ref} authorised by {tech}",
                              "Safety functions tested {count} times after the change; "
                              "lockout/tagout at {isolation} during the work"),
    "safety_lubrication": ("Lockout/tagout at {isolation} while greasing; spill kit at hand",
                           "Spill kit at hand and {litres} L of used oil to the waste drum; lock "
                           "L-{lock} at {isolation}"),
    "safety_preventive": ("Lockout/tagout at {isolation}, lock L-{lock}, for the inspection",
                          "Guards opened only after lockout/tagout at {isolation} (lock "
                          "L-{lock})"),
    "safety_predictive": ("Readings taken from outside the guards with the {asset} running at "
                          "{pct} % speed", "Non-intrusive checks only; guards stayed on and "
                          "{tech} kept {count} m from moving parts"),
    "confined": ("Confined-space entry permit CSE-{ref}: oxygen {o2} %, attendant posted at the "
                 "manhole", "Confined-space entry under permit CSE-{ref}; gas tested at {o2} % "
                 "oxygen by {tech}"),
}  # fmt: skip

#: Routine tasks (summary noun, step templates), by maintenance type.
ROUTINE: dict[str, dict[str, tuple[str, ...]]] = {
    "preventive": {
        "inspection": ("Inspected the {any} for wear: {pct} %, within limits",
                       "Inspected the {any}: {count} checklist points passed, {rate} % life "
                       "left"),
        "lubrication": ("Greased the {moving} with {grams} g at {d} points",
                        "Lubricated the {moving} and wiped off {grams} g of old grease"),
        "alignment check": ("Checked the {moving} alignment: {mm} mm, within tolerance",),
        "cleaning": ("Cleaned the {any} and cleared debris left by {product}", "Cleaned the "
                     "{any}; the build-up took {count} minutes to remove"),
        "torque check": ("Torqued {count} fasteners on the {moving} to {nm} Nm",),
        "guard check": ("Checked the {any} guard and interlock: {count} tests passed",),
    },
    "predictive": {
        "vibration survey": ("Took vibration readings at the {moving}: {vib_ok} mm/s overall",),
        "thermography": ("Ran a thermal scan of the {any}: hottest point {temp_ok} C",),
        "oil analysis": ("Sampled oil from the {oiled} (sample OS-{ref}) for lab analysis",),
        "trend review": ("Compared the {any} trend with its baseline: {pct} % rise over "
                         "{weeks} weeks",),
        "ultrasound check": ("Ran an ultrasound check on the {moving}: {db} dB over baseline",),
    },
}  # fmt: skip


def _grammar() -> Grammar:
    tables: dict[str, Sequence[str]] = {**NUMBERS, **TABLES}
    for kind, tasks in ROUTINE.items():
        for task, templates in tasks.items():
            tables[f"{kind}_{task}"] = templates
    for plant in (*PLANT_KINDS, GENERIC):
        tables[f"plant_{plant.name}"] = plant.safety
    return Grammar(tables)


def _pools(components: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """An equipment type's components a routine step may name: any, moving, oiled."""
    return {
        "any": tuple(sorted({c for names in components.values() for c in names})),
        "moving": tuple(sorted({*components["mechanical"], *components["lubrication"]})),
        "oiled": tuple(sorted({*components["lubrication"], *components["hydraulic"]})),
    }


#: One grammar for every log; the equipment's own components are facts drawn per step.
GRAMMAR = _grammar()
_POOLS = {kind: _pools(kit["components"]) for kind, kit in EQUIPMENT.items()}


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass
class Work:
    """The facts one log's prose is made of, and the sentences made from them.

    Args:
        rng: The record's random source.
        equipment_type: The kind of equipment.
        kind: The plant kind matched from the plant and line.
        facts: plant, line, shift, tech (a technician of the log).
        maintenance_type: preventive, corrective, predictive or emergency.
        category: The failure category, or ``none``.
    """

    rng: random.Random
    equipment_type: str
    kind: PlantKind
    facts: Mapping[str, str]
    maintenance_type: str
    category: str

    def __post_init__(self) -> None:
        rng = self.rng
        self.grammar = grammar = GRAMMAR
        self.pools = _POOLS[self.equipment_type]
        kit = EQUIPMENT[self.equipment_type]
        pool = kit["components"][self.category] if self.category != "none" else self.pools["any"]
        self.component = pool[int(rng.random() * len(pool))]
        assets = self.kind.assets[self.equipment_type]
        products = self.kind.products
        self.words: dict[str, str] = {
            **self.facts,
            "component": self.component,
            "asset": assets[int(rng.random() * len(assets))],
            "product": products[int(rng.random() * len(products))],
            "isolation": grammar.expand(rng, "point"),
        }
        if self.category != "none":
            self.words["defect"] = grammar.fill(rng, f"defect_{self.category}", self.words)
            self.words["finding"] = grammar.fill(rng, f"finding_{self.category}", self.words)

    def expand(self, table: str, **more: str) -> str:
        """One expansion of ``table`` with the log's words (and ``more``)."""
        return self.grammar.fill(self.rng, table, {**self.words, **more} if more else self.words)

    def _routine_step(self, table: str) -> str:
        # Each routine step names a component of its own.
        rng, words = self.rng, self.words
        for name, pool in self.pools.items():
            words[name] = pool[int(rng.random() * len(pool))]
        return self.grammar.fill(rng, table, words)

    def failure(self) -> str:
        """The failure in a few words: defect and finding."""
        return (
            f"{self.words['defect'][:1].upper()}{self.words['defect'][1:]}, {self.words['finding']}"
        )

    def symptoms(self, count: int) -> list[str]:
        """``count`` different things seen before the work."""
        seen: list[str] = []
        for _ in range(count * 3):
            symptom = self.expand(f"symptom_{self.category}")
            symptom = symptom[:1].upper() + symptom[1:]
            if symptom not in seen:
                seen.append(symptom)
            if len(seen) == count:
                break
        return seen

    def tasks(self) -> list[str]:
        """Two or three routine tasks of the maintenance type, in working order.

        None for a repair (corrective or emergency work), which has steps of its own.
        """
        if self.maintenance_type in ("corrective", "emergency"):
            return []
        names = list(
            ROUTINE["predictive" if self.maintenance_type == "predictive" else "preventive"]
        )
        picked = sorted(self.rng.sample(range(len(names)), 2 + int(self.rng.random() * 2)))
        return [names[i] for i in picked]

    def steps(self, status: str, part: str | None, tasks: Sequence[str]) -> list[str]:
        """The steps of the work done so far, for its ``status``."""
        if status == "scheduled":
            return []
        failed = self.category != "none"
        if part:
            self.words["part"] = part.lower()
        if status == "deferred":
            if failed:
                spare = part or "replacement part"
                return [self.expand("deferred_failure", part=spare.lower())]
            return [self.expand("deferred_routine")]
        routine = "predictive" if self.maintenance_type == "predictive" else "preventive"
        if not failed:
            steps = [self._routine_step(f"{routine}_{task}") for task in tasks]
        elif self.maintenance_type in ("corrective", "emergency"):
            isolate = "emergency" if self.maintenance_type == "emergency" else "routine"
            steps = [self.expand(f"isolate_{isolate}")]
        else:  # an inspection that found the failure
            steps = [self._routine_step(f"{routine}_{tasks[0]}")]
        if failed:
            steps.append(self.expand("diagnose"))
            if part is not None:
                table = f"repair_{self.category}" if status == "completed" else "started"
                steps.append(self.expand(table))
        if status == "completed" and (failed or self.rng.random() < 0.5):
            steps.append(self.expand("test"))
        return steps

    def summary(self, status: str, part: str | None, tasks: Sequence[str], minutes: int) -> str:
        """One line that agrees with the failure, the steps and the status."""
        where = f"{self.words['line']} {self.words['asset']}"
        if self.category != "none":
            outcome = {
                "completed": f"{(part or 'repair').lower()} fitted, {_duration(minutes)} down",
                "in-progress": f"{(part or 'repair').lower()} being fitted",
                "scheduled": f"repair planned for the {self.words['shift']} shift",
                "deferred": "repair deferred",
            }[status]
            failure = f"{self.words['defect']}, {self.words['finding']}"
            return f"{self.maintenance_type.capitalize()} work on the {where}: {failure}; {outcome}"
        work = "PM" if self.maintenance_type == "preventive" else "condition check"
        outcome = {
            "completed": f"done in {_duration(minutes)}",
            "in-progress": "under way",
            "scheduled": "planned",
            "deferred": "deferred",
        }[status]
        interval = self.grammar.expand(self.rng, "interval")
        return f"{interval} {work} on the {where}: {_listed(list(tasks))} {outcome}"

    def safety_notes(self) -> str:
        """Permit, isolation fitting the work, and the plant kind's own steps."""
        if self.category != "none":
            isolation = f"safety_{self.category}"
        else:
            isolation = (
                f"safety_{'predictive' if self.maintenance_type == 'predictive' else 'preventive'}"
            )
        sentences = [self.expand("permit"), self.expand(isolation)]
        inside = self.category in ("none", "mechanical", "thermal")
        if self.equipment_type == "boiler" and inside and self.maintenance_type != "predictive":
            sentences.append(self.expand("confined"))
        sentences.append(self.expand(f"plant_{self.kind.name}"))
        return ". ".join(sentences) + "."  # every safety template starts with a capital
