"""The prose of an offline maintenance log, composed from the log's own facts.

One :class:`~data_generator.phrases.Grammar` holds the tables (written in
:mod:`.maintenance_log_vocabulary`): the failure (defect and finding) and symptoms keyed
by failure category, the steps of the work keyed by maintenance type and category, and
the safety notes keyed by category
(lockout/tagout for electrical work, bled pressure for hydraulics, confined-space entry
for a boiler's inside...). Numbers (readings, torques, permit numbers) are tables too,
so sentences vary with the data set while saying the same things as the record's fields.
The equipment's own components, the plant's assets and products, the technicians and
the line are facts of the record.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from data_generator.phrases import Grammar
from data_generator.tools.maintenance_log_plants import GENERIC, PLANT_KINDS, PlantKind
from data_generator.tools.maintenance_log_vocabulary import EQUIPMENT, NUMBERS, ROUTINE, TABLES

__all__ = ["GRAMMAR", "Work"]


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


def _lowered(part: str) -> str:
    """A part's name inside a sentence: "Gear oil (20 L)" as "gear oil (20 L)"."""
    return part[:1].lower() + part[1:]


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
        openings: set[str] = set()
        for _ in range(count * 3):
            symptom = self.expand(f"symptom_{self.category}")
            opening = symptom[:12]  # one symptom of a kind, not the same one twice
            if opening not in openings:
                openings.add(opening)
                seen.append(symptom[:1].upper() + symptom[1:])
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
            self.words["part"] = _lowered(part)
        if status == "deferred":
            if failed:
                spare = part or "replacement part"
                return [self.expand("deferred_failure", part=_lowered(spare))]
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
                if status == "completed":
                    table = f"repair_{self.category}"
                else:
                    table = "started_lubrication" if self.category == "lubrication" else "started"
                steps.append(self.expand(table))
        if status == "completed" and (failed or self.rng.random() < 0.5):
            steps.append(self.expand("test"))
        return steps

    def summary(self, status: str, part: str | None, tasks: Sequence[str], minutes: int) -> str:
        """One line that agrees with the failure, the steps and the status."""
        where = f"{self.words['line']} {self.words['asset']}"
        if self.category != "none":
            done = "applied" if self.category == "lubrication" else "fitted"
            outcome = {
                "completed": f"{_lowered(part or 'repair')} {done}, {_duration(minutes)} down",
                "in-progress": f"{_lowered(part or 'repair')} being {done}",
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
