"""``it-service-desk-ticket``: its rules, types, SLA, priority matrix, text and CLI.

What every scenario keeps (help, schema, formats, examples, distinct records, declared
weights, repair-or-reject of any answer) is checked in ``test_catalogue.py``.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from data_generator import DataGenerator, Settings
from data_generator.context import RecordContext
from data_generator.engine.validation import AttributeCheck
from data_generator.errors import UsageError
from data_generator.tool import InvariantError
from data_generator.tools.service_desk import (
    AS_OF,
    PREFIX,
    PRIORITY_MATRIX,
    RESOLUTION_CODES,
    ServiceDeskTicket,
    ServiceDeskTool,
)

NAME = "it-service-desk-ticket"
RESOLVED = ("resolved", "closed")
LEVELS = ("high", "medium", "low")


def desk(**options: Any) -> ServiceDeskTool:
    return ServiceDeskTool(options)


def offline_tickets(tool: ServiceDeskTool, count: int, seed: int) -> list[ServiceDeskTicket]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


@functools.cache
def tickets() -> tuple[ServiceDeskTicket, ...]:
    """200 offline incident tickets about e-mail with a 24-hour SLA, seed 31."""
    return tuple(offline_tickets(desk(), 200, 31))


def sample(status: str = "resolved") -> ServiceDeskTicket:
    return next(t for t in tickets() if t.status == status and len(t.work_notes) >= 2)


# --- options and offline records -------------------------------------------------------


@pytest.mark.parametrize("ticket_type", list(PREFIX))
@pytest.mark.parametrize("sla_hours", [1, 720])
def test_every_type_and_sla_makes_its_own_tickets(ticket_type: str, sla_hours: int) -> None:
    tool = desk(ticket_type=ticket_type, service="network", sla_hours=sla_hours)
    records = offline_tickets(tool, 60, 7)
    assert len(records) == 60
    for record in records:
        assert tool.problems(record) == []
        assert record.ticket_id.startswith(PREFIX[ticket_type] + "-")
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
    prompt = desk(ticket_type="change", service="vpn", sla_hours=1).user_prompt()
    assert prompt.startswith(
        "Write change ticket number {{$index}} about the vpn service; its id starts with CHG-."
    )
    assert "sla_due_at is exactly opened_at plus 1 hour." in prompt
    assert f"The snapshot is taken at {AS_OF.isoformat()}" in prompt


# --- rules: what post_process mends ------------------------------------------------------


def test_post_process_resets_type_service_and_id_prefix() -> None:
    ticket = sample()
    broken = ticket.model_copy(
        update={"ticket_type": "problem", "service": "vpn", "ticket_id": "PRB-000042"}
    )
    assert desk().problems(broken) == [
        "ticket_type differs from --ticket-type",
        "service differs from --service",
    ]
    as_incident = broken.model_copy(update={"ticket_type": "incident", "service": "email"})
    assert desk().problems(as_incident) == ["an incident id must start with INC-"]
    repaired = desk().post_process(broken)
    assert (repaired.ticket_type, repaired.service, repaired.ticket_id) == (
        "incident",
        "email",
        "INC-000042",
    )


def test_post_process_recomputes_sla_due_priority_and_breach() -> None:
    ticket = sample()
    broken = ticket.model_copy(
        update={
            "sla_due_at": ticket.opened_at + timedelta(hours=5),
            "priority": "P1" if ticket.priority != "P1" else "P4",
            "sla_breached": not ticket.sla_breached,
        }
    )
    assert desk().problems(broken)[:2] == [
        "sla_due_at is not opened_at + 24 hours",
        "priority does not follow the impact x urgency matrix",
    ]
    assert desk().post_process(broken) == ticket


def test_post_process_recomputes_the_breach_after_mending_the_due_time() -> None:
    ticket = next(t for t in tickets() if t.status in RESOLVED and not t.sla_breached)
    assert ticket.resolved_at is not None
    due = ticket.resolved_at - timedelta(hours=1)  # breached if this due time were right
    broken = ticket.model_copy(update={"sla_due_at": due, "sla_breached": True})
    assert desk().post_process(broken) == ticket


def test_post_process_drops_the_resolution_of_an_open_ticket() -> None:
    ticket = sample("resolved").model_copy(update={"status": "in-progress"})
    assert desk().problems(ticket)[0] == "an in-progress ticket cannot have a resolution"
    repaired = desk().post_process(ticket)
    assert (repaired.resolved_at, repaired.resolution_code, repaired.resolution_notes) == (
        None,
        None,
        None,
    )
    assert repaired.sla_breached == (repaired.sla_due_at < AS_OF)


def test_post_process_puts_work_notes_in_time_order() -> None:
    ticket = sample()
    shuffled = ticket.model_copy(update={"work_notes": list(reversed(ticket.work_notes))})
    assert desk().problems(shuffled) == ["the work notes are not in time order"]
    assert desk().post_process(shuffled).work_notes == ticket.work_notes


# --- rules: what post_process rejects ----------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: {"resolved_at": None}, "a closed ticket needs resolved_at"),
        (lambda t: {"resolution_code": None}, "a closed ticket needs a resolution_code"),
        (
            lambda t: {"resolved_at": t.opened_at - timedelta(minutes=1)},
            "resolved_at is before opened_at",
        ),
        (
            lambda t: {
                "work_notes": [
                    t.work_notes[0].model_copy(update={"timestamp": t.opened_at - timedelta(1)}),
                    *t.work_notes[1:],
                ]
            },
            "a work note is before opened_at",
        ),
        (
            lambda t: {"resolved_at": AS_OF + timedelta(hours=1)},
            "a time lies after the snapshot time 2026-01-01T00:00:00+00:00",
        ),
    ],
    ids=["no-resolved-at", "no-code", "resolved-before-opened", "note-too-early", "future"],
)
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[ServiceDeskTicket], dict[str, Any]], message: str
) -> None:
    ticket = sample("closed")
    with pytest.raises(InvariantError) as raised:
        desk().post_process(ticket.model_copy(update=change(ticket)))
    assert message in str(raised.value).split("; ")


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


# --- text and command line ---------------------------------------------------------------


def test_text_holds_the_whole_ticket() -> None:
    tool = desk()
    for record in tickets()[:100]:
        text = tool.render_text(record)
        assert text.splitlines()[0] == f"{record.ticket_id}: {record.title}"
        requester = record.requester
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
        ):
            assert value in text, value
        for note in record.work_notes:
            assert f"[{note.timestamp.isoformat()}] {note.author}: {note.note}" in text
        if record.resolved_at is not None:
            assert f"Resolved: {record.resolved_at.isoformat()}" in text
            assert f"Code: {record.resolution_code}\n{record.resolution_notes}" in text
        else:
            assert "Resolution\n" not in text


def test_cli_writes_tickets_of_the_chosen_type_service_and_sla(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    run = run_cli(NAME, "--ticket-type", "change", "--service", "erp", "--sla-hours", "48",
                  "-n", "5", "-f", "csv", "--provider", "offline", "-o", "csv")  # fmt: skip
    assert run.code == 0, run.stderr
    with (tmp_path / "csv" / f"{NAME}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["ticket_id"] for row in rows] == [f"CHG-{i:06d}" for i in range(1, 6)]
    assert {(row["ticket_type"], row["service"]) for row in rows} == {("change", "erp")}
    for row in rows:
        opened = datetime.fromisoformat(row["opened_at"].replace("Z", "+00:00"))
        due = datetime.fromisoformat(row["sla_due_at"].replace("Z", "+00:00"))
        assert due - opened == timedelta(hours=48)
