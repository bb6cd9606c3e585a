"""``it-service-desk-ticket``: its rules, types, SLA, priority matrix and text.

What every scenario keeps (help, schema, formats, examples, distinct records, declared
weights, repair-or-reject of any answer) is checked in ``test_catalogue.py``.
"""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Any

import pytest
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.context import RecordContext
from data_generator.engine.validation import AttributeCheck
from data_generator.errors import UsageError
from data_generator.runtime import user_prompt
from data_generator.tools.service_desk import (
    AS_OF,
    PREFIX,
    PRIORITY_MATRIX,
    RESOLUTION_CODES,
    ServiceDeskTicket,
    ServiceDeskTool,
)

RESOLVED = ("resolved", "closed")
LEVELS = ("high", "medium", "low")
HOUR = timedelta(hours=1)


def desk(**options: Any) -> ServiceDeskTool:
    return ServiceDeskTool(options)


def offline_tickets(tool: ServiceDeskTool, count: int, seed: int) -> list[ServiceDeskTicket]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


@functools.cache
def tickets() -> tuple[ServiceDeskTicket, ...]:
    """200 offline incident tickets about e-mail with a 24-hour SLA, seed 31."""
    return tuple(offline_tickets(desk(), 200, 31))


def sample(status: str = "closed") -> ServiceDeskTicket:
    return next(t for t in tickets() if t.status == status and len(t.work_notes) >= 2)


# --- options and offline records -------------------------------------------------------


@pytest.mark.parametrize("ticket_type", list(PREFIX))
@pytest.mark.parametrize("sla_hours", [1, 720])
def test_every_type_and_sla_makes_its_own_tickets(ticket_type: str, sla_hours: int) -> None:
    tool = desk(ticket_type=ticket_type, service="network", sla_hours=sla_hours)
    records = offline_tickets(tool, 60, 7)
    ids = [f"{PREFIX[ticket_type]}-{i:06d}" for i in range(1, 61)]
    assert [record.ticket_id for record in records] == ids
    for record in records:
        assert (record.ticket_type, record.service) == (ticket_type, "network")
        assert tool.problems(record) == []
        assert record.sla_due_at - record.opened_at == timedelta(hours=sla_hours)
        assert (record.assignee is None) == (record.status == "new")
        if record.status in RESOLVED:
            assert record.resolution_code in RESOLUTION_CODES[ticket_type]
            assert record.resolution_notes
    assert {r.sla_breached for r in records} == {True, False}


@pytest.mark.parametrize(("value", "accepted"), [(0, False), (1, True), (720, True), (721, False)])
def test_sla_hours_bounds(value: int, accepted: bool) -> None:
    if accepted:
        assert desk(sla_hours=value).options.sla_hours == value
    else:
        with pytest.raises(UsageError, match="--sla-hours"):
            desk(sla_hours=value)


def test_priority_matrix_covers_every_pair_and_all_four_levels() -> None:
    assert set(PRIORITY_MATRIX) == {(i, u) for i in LEVELS for u in LEVELS}
    assert set(PRIORITY_MATRIX.values()) == {"P1", "P2", "P3", "P4"}
    assert PRIORITY_MATRIX[("high", "high")] == "P1"
    assert PRIORITY_MATRIX[("low", "low")] == "P4"


def test_prompt_states_the_prefix_the_sla_and_the_snapshot() -> None:
    prompt = user_prompt(desk(ticket_type="change", service="vpn", sla_hours=1))
    assert prompt.startswith(
        "Write change ticket number {{$index}} about the vpn service; its id starts with CHG-."
    )
    assert "sla_due_at is exactly opened_at plus 1 hour." in prompt
    assert f"The snapshot is taken at {AS_OF.isoformat()}" in prompt


# --- rules: each broken once, then mended or refused ------------------------------------------


def in_time() -> ServiceDeskTicket:
    """A resolved ticket that kept its SLA."""
    return next(t for t in tickets() if t.status in RESOLVED and not t.sla_breached)


def restored(ticket: ServiceDeskTicket) -> bool:
    return ticket == sample()


RULES = {
    "type and service come from the options": Case(
        lambda t: {"ticket_type": "problem", "service": "vpn"},
        mends=restored,
        reports="ticket_type differs from --ticket-type",
    ),
    "an id with another type's prefix": Case(
        lambda t: {"ticket_id": "PRB-000042"},
        mends=lambda t: t.ticket_id == "INC-000042",
        reports="an incident id must start with INC-",
    ),
    "sla_due_at not opened_at plus the SLA": Case(
        lambda t: {"sla_due_at": t.opened_at + 5 * HOUR},
        mends=restored,
        reports="sla_due_at is not opened_at + 24 hours",
    ),
    "priority off the matrix": Case(
        lambda t: {"priority": "P1" if t.priority != "P1" else "P4"}, mends=restored
    ),
    "sla_breached flipped": Case(lambda t: {"sla_breached": not t.sla_breached}, mends=restored),
    "breached only by a wrong due time": Case(
        lambda t: {"sla_due_at": t.resolved_at - HOUR, "sla_breached": True},
        mends=lambda t: t == in_time(),
        record=in_time,
    ),
    "a resolution on an open ticket": Case(
        lambda t: {"status": "in-progress"},
        mends=lambda t: (
            (t.resolved_at, t.resolution_code, t.resolution_notes) == (None,) * 3
            and t.sla_breached == (t.sla_due_at < AS_OF)
        ),
        reports="an in-progress ticket cannot have a resolution",
    ),
    "work notes out of time order": Case(
        lambda t: {"work_notes": t.work_notes[::-1]}, mends=restored
    ),
    "closed without resolved_at": Case(
        lambda t: {"resolved_at": None}, rejects="a closed ticket needs resolved_at"
    ),
    "closed without a code": Case(
        lambda t: {"resolution_code": None}, rejects="a closed ticket needs a resolution_code"
    ),
    "resolved before opened": Case(
        lambda t: {"resolved_at": t.opened_at - timedelta(minutes=1)},
        rejects="resolved_at is before opened_at",
    ),
    "a work note before the opening": Case(
        lambda t: {
            "work_notes": [
                t.work_notes[0].model_copy(update={"timestamp": t.opened_at - 24 * HOUR}),
                *t.work_notes[1:],
            ]
        },
        rejects="a work note is before opened_at",
    ),
    "resolved after the snapshot": Case(
        lambda t: {"resolved_at": AS_OF + HOUR},
        rejects="a time lies after the snapshot time 2026-01-01T00:00:00+00:00",
    ),
}


@cases(RULES)
def test_a_ticket_breaking_a_rule_is_mended_or_refused(case: Case) -> None:
    check_case(desk(), sample(), case)


# --- a model's answer with another priority than drawn -----------------------------------


@pytest.mark.parametrize(
    ("answered", "priority", "pair"),
    [
        (("high", "medium"), "P3", ("high", "low")),  # the answer's impact kept
        (("low", "low"), "P3", ("low", "high")),  # its impact kept, urgency raised
        (("medium", "low"), "P1", ("high", "high")),  # only one pair makes P1
    ],
)
def test_a_ticket_answered_with_another_priority_gets_an_impact_and_urgency_that_make_it(
    answered: tuple[str, str], priority: str, pair: tuple[str, str]
) -> None:
    tool = desk()
    check = AttributeCheck.of(tool)
    assert check is not None
    impact, urgency = answered
    answer = sample().model_copy(
        update={"impact": impact, "urgency": urgency, "priority": PRIORITY_MATRIX[answered]}
    )
    shown = {a.name: a.observed(answer.model_dump(mode="json")) for a in check.attributes}
    context = RecordContext(1, 1, tool.options, {**shown, "priority": priority})

    record, reason = check.honour(answer, context)

    assert reason == ""
    honoured = ServiceDeskTicket.model_validate(record)
    assert ((honoured.impact, honoured.urgency), honoured.priority) == (pair, priority)


# --- text --------------------------------------------------------------------------------


def test_text_holds_the_whole_ticket() -> None:
    tool = desk()
    for record in tickets()[:100]:
        text = tool.render_text(record)
        assert text.splitlines()[0] == f"{record.ticket_id}: {record.title}"
        requester, resolved = record.requester, record.resolved_at
        for value in (
            record.description,
            f"Requester: {requester.name} <{requester.email}>, {requester.department}",
            f"Configuration item: {record.configuration_item}",
            f"Assignment group: {record.assignment_group}",
            f"Assignee: {record.assignee or 'unassigned'}",
            f"Impact / urgency: {record.impact} / {record.urgency}",
            f"Priority: {record.priority}",
            f"Status: {record.status}",
            f"Opened: {record.opened_at.isoformat()}",
            f"SLA due: {record.sla_due_at.isoformat()}",
            f"SLA breached: {'yes' if record.sla_breached else 'no'}",
            *(f"[{n.timestamp.isoformat()}] {n.author}: {n.note}" for n in record.work_notes),
            f"Resolved: {resolved.isoformat()}" if resolved else "",
            f"Code: {record.resolution_code}\n{record.resolution_notes}" if resolved else "",
        ):
            assert value in text, value
        assert ("Resolution\n" in text) == (resolved is not None)
