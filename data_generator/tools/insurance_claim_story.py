"""The story of one ``insurance-claim`` record: its peril, incident, place, items and notes.

Everything is written from the record's own facts: the incident names its date and the
place in ``location``; line items are the costs its peril causes; the adjuster's diary
runs from first notice (on ``reported_date``) through assignment, evidence and estimate,
and states a decision (on ``decision_date``) only for a decided claim.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from data_generator import synth
from data_generator.tools import insurance_claim_vocabulary as words
from data_generator.tools.insurance_claim_wording import DENIALS, GRAMMAR, INSPECTIONS, PERILS
from data_generator.tools.prose_dates import long_date

__all__ = ["Story", "adjuster_notes", "pick_peril", "tell_incident"]

_SPACE_BEFORE_STOP = re.compile(r" ([,;])")


def _wordings(table: str) -> tuple[str, ...]:
    return tuple(_SPACE_BEFORE_STOP.sub(r"\1", text) for text in GRAMMAR.variants(table))


#: Every wording of each table, enumerated once: a claim costs a few random numbers.
INCIDENT_WORDINGS = {
    (kind, peril): _wordings(f"incident {kind} {peril}")
    for kind, perils in PERILS.items()
    for peril in perils
}
NOTE_WORDINGS = {
    name: _wordings(f"note {name}")
    for name in (
        "received", "intake", "waiting", "evidence", "estimate", "pending",
        "reviewing", "late", "siu",
        "approved", "partial", "denied", "paid",
    )
}  # fmt: skip
INSPECTION_WORDINGS = {kind: _wordings(f"inspection {kind}") for kind in INSPECTIONS}
DENIAL_WORDINGS = {kind: _wordings(f"denial {kind}") for kind in DENIALS}
Story = dict[str, str]
#: The diary's last steps for each status past "submitted".
CLOSING_STEPS = {
    "under-review": ["pending"], "approved": ["approved"], "paid": ["approved", "paid"],
    "partially-approved": ["partial"], "denied": ["denied"],
}  # fmt: skip
#: An open claim's diary spans at most this long after the report.
OPEN_CLAIM_DAYS = dt.timedelta(days=45)


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return options[int(rng.random() * len(options))]


def _pick_pair(rng: random.Random, options: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    return options[int(rng.random() * len(options))]


def pick_peril(rng: random.Random, kind: str) -> str:
    """One of the perils of policy type ``kind``."""
    return _pick(rng, tuple(PERILS[kind]))


def _place(rng: random.Random, kind: str, peril: str, story: Story) -> str:
    town = story["town"]
    street = f"{1 + int(rng.random() * 250)} {_pick(rng, words.STREETS)}"
    on_road = story.get("fatal_place") == "road"
    if on_road or (kind == "auto" and peril not in ("theft from vehicle", "hail damage")):
        distance = 1 + int(rng.random() * 30)
        return f"{story['road']}, {distance} km {_pick(rng, words.BEARINGS)} of {town}"
    if kind == "travel":
        return story["city"]
    if kind in ("health", "pet") or story.get("died_kind") == "hospital":
        return f"{story['facility']}, {street}, {town}"
    if story.get("died_kind") == "hospice":
        return f"{_pick(rng, synth.COMPANY_WORDS)} Hospice, {street}, {town}"
    return f"{street}, {town}"


def tell_incident(rng: random.Random, kind: str, peril: str, incident: dt.date) -> Story:
    """The incident's facts, ``incident_description`` and ``location`` of a claim."""
    day = long_date(incident)
    story: Story = {
        "town": _pick(rng, words.TOWNS),
        "when": _pick(rng, words.WHEN).format(day=day),
        "peril": peril,
        "incident": day,
    }
    if kind in ("auto", "life"):
        story["road"] = _pick(rng, words.ROADS)
        story["vehicle"] = _pick(rng, words.VEHICLES)
    if kind == "travel":
        story["city"] = _pick(rng, words.CITIES)
    if kind == "pet":
        story["facility"] = f"{_pick(rng, synth.COMPANY_WORDS)} Veterinary Clinic"
    elif kind in ("health", "life"):
        story["facility"] = f"{story['town']} {_pick(rng, words.FACILITY_KINDS)}"
    if kind == "life" and peril == "death after illness":
        story["died_where"], story["died_kind"] = _pick_pair(rng, words.DIED_WHERE)
    if kind == "life" and peril == "accidental death":
        story["fatal_accident"], story["fatal_place"] = _pick_pair(rng, words.FATAL_ACCIDENTS)
    text = _pick(rng, INCIDENT_WORDINGS[kind, peril]).format_map(story)
    story["incident_description"] = f"{text}."
    place = _place(rng, kind, peril, story)
    story["location"] = place[:1].upper() + place[1:]
    return story


def _days_after(rng: random.Random, start: dt.date, end: dt.date, count: int) -> list[dt.date]:
    """``count`` sorted dates in ``[start, end]``."""
    span = max(0, (end - start).days)
    return sorted(start + dt.timedelta(days=int(rng.random() * (span + 1))) for _ in range(count))


def _money(amount: float) -> str:
    return f"{amount:,.2f}"


def _items(descriptions: list[str]) -> str:
    named = [text[:1].lower() + text[1:] for text in descriptions]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def _steps(rng: random.Random, status: str, indicators: list[str]) -> list[str]:
    """The diary's notes for a claim at ``status``: a decision only for a decided claim."""
    if status == "submitted":
        return ["received", "waiting"]
    steps = ["intake", "evidence"]
    if status != "under-review" or rng.random() < 0.5:
        steps.append("estimate")
    if "late-reporting" in indicators:
        steps.append("late")
    if indicators:
        steps.append("siu")
    steps += CLOSING_STEPS[status]
    if status == "under-review" and "estimate" in steps:
        steps[-1] = "reviewing"
    return steps


def adjuster_notes(
    rng: random.Random, record: dict[str, Any], kind: str, story: Story, indicators: list[str]
) -> list[str]:
    """The adjuster's diary, oldest first, as far as the claim's status has gone."""
    status, reported = record["status"], record["reported_date"]
    descriptions = [item["description"] for item in record["line_items"]]
    approved = record["approved_amount"] or 0.0
    facts = story  # the story's facts, and the diary's
    steps = _steps(rng, status, indicators)
    facts.update(
        channel=words.CHANNEL_PHRASES[record["channel"]],
        claimant=record["claimant"]["name"],
        document=words.DOCUMENTS[kind],
        awaited=words.AWAITED[kind],
    )
    if status != "submitted":
        facts["adjuster"] = synth.person_name(rng)
    if "estimate" in steps:
        facts["claimed"], facts["items"] = _money(record["claimed_amount"]), _items(descriptions)
    if "late" in steps:
        facts["delay"] = str((reported - record["incident_date"]).days)
    if status in ("approved", "partially-approved", "paid"):
        facts["approved"] = _money(approved)
        facts["claimed"] = _money(record["claimed_amount"])
        facts["deductible"] = _money(record["deductible"])
        facts["payable"] = _money(max(0.0, approved - record["deductible"]))
    decided = record.get("decision_date")
    last = decided or min(reported + OPEN_CLAIM_DAYS, max(reported, synth.ANCHOR.date()))
    dates = [reported, *_days_after(rng, reported, last, len(steps) - 1)]
    if decided is not None:
        dates[-1 if status != "paid" else -2] = decided
        if status == "paid":
            dates[-1] = decided + dt.timedelta(days=1 + int(rng.random() * 7))
    if kind == "auto":
        facts["evidence_place"] = f"{_pick(rng, synth.COMPANY_WORDS)} Body Works, {story['town']}"
    if indicators:
        facts["indicators"] = ", ".join(indicator.replace("-", " ") for indicator in indicators)
    if status == "partially-approved":
        excluded = descriptions[-1:] if len(descriptions) > 1 else descriptions
        facts["excluded"] = (
            _items(excluded) if len(descriptions) > 1 else f"part of the {_items(excluded)}"
        )
    if status == "denied":
        facts["denial"] = _pick(rng, DENIAL_WORDINGS[kind]).format_map(facts)
    notes = []
    for step, day in zip(steps, dates, strict=True):
        facts["date"] = day.isoformat()
        if step == "evidence":
            facts["inspected"] = _pick(rng, INSPECTION_WORDINGS[kind]).format_map(facts)
        wording = _pick(rng, NOTE_WORDINGS[step])
        notes.append(_sentence(wording.format_map(facts)))
    return notes


def _sentence(text: str) -> str:
    return text if text.endswith(".") else f"{text}."
