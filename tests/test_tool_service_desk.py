"""it-service-desk-ticket: offline tickets keep their rules, repairs, text and CLI."""

from __future__ import annotations

import csv
import functools
import shlex
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, get_args

import pytest
from helpers import one_error_line
from hypothesis import given, settings
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.errors import UsageError
from data_generator.schema import strict_json_schema
from data_generator.tool import InvariantError
from data_generator.tools.service_desk import (
    AS_OF,
    PREFIX,
    PRIORITY_MATRIX,
    RESOLUTION_CODES,
    ServiceDeskTicket,
    ServiceDeskTool,
    WorkNote,
)

NAME = "it-service-desk-ticket"
OFFLINE = ("--provider", "offline")
RESOLVED = ("resolved", "closed")
LEVELS = ("high", "medium", "low")
STATUSES = ("new", "assigned", "in-progress", "pending", "resolved", "closed")


def desk(**options: Any) -> ServiceDeskTool:
    tool = ServiceDeskTool(options)
    return tool


def offline_tickets(tool: ServiceDeskTool, count: int, seed: int) -> list[ServiceDeskTicket]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


@functools.cache
def tickets() -> tuple[ServiceDeskTicket, ...]:
    """1000 offline incident tickets about e-mail with a 24-hour SLA, seed 31."""
    return tuple(offline_tickets(desk(), 1000, 31))


def expected_problems(ticket: ServiceDeskTicket, sla_hours: int = 24) -> list[str]:
    """The rules of the scenario, written independently of the tool."""
    problems = []
    if ticket.sla_due_at != ticket.opened_at + timedelta(hours=sla_hours):
        problems.append("sla due")
    if ticket.priority != PRIORITY_MATRIX[(ticket.impact, ticket.urgency)]:
        problems.append("priority")
    if ticket.status in RESOLVED:
        if ticket.resolved_at is None or ticket.resolution_code is None:
            problems.append("resolution missing")
    elif ticket.resolved_at or ticket.resolution_code or ticket.resolution_notes:
        problems.append("resolution on an open ticket")
    if ticket.resolved_at is not None and ticket.resolved_at < ticket.opened_at:
        problems.append("resolved before opened")
    reference = ticket.resolved_at or AS_OF
    if ticket.sla_breached != (reference > ticket.sla_due_at):
        problems.append("breach flag")
    stamps = [note.timestamp for note in ticket.work_notes]
    if stamps != sorted(stamps) or any(s < ticket.opened_at for s in stamps):
        problems.append("notes")
    if max([ticket.opened_at, *stamps, *filter(None, [ticket.resolved_at])]) > AS_OF:
        problems.append("after the snapshot")
    if not ticket.ticket_id.startswith(PREFIX[ticket.ticket_type] + "-"):
        problems.append("prefix")
    return problems


# --- offline records -----------------------------------------------------------------


def test_offline_tickets_validate_differ_and_keep_the_rules() -> None:
    records = tickets()
    tool = desk()
    assert len(records) == 1000
    assert [r.ticket_id for r in records] == [f"INC-{i:06d}" for i in range(1, 1001)]
    for record in records:
        ServiceDeskTicket.model_validate_json(record.model_dump_json())
        assert tool.invariant_problems(record) == [], record.ticket_id
        assert expected_problems(record) == [], record.ticket_id
        assert (record.ticket_type, record.service) == ("incident", "email")
        assert (record.assignee is None) == (record.status == "new")
        assert record.requester.email.rsplit("@", 1)[1] in {
            "example.com",
            "example.org",
            "example.net",
        }
        if record.status in RESOLVED:
            assert record.resolution_code in RESOLUTION_CODES["incident"]
            assert record.resolution_notes
    without_ids = {
        r.model_copy(update={"ticket_id": "INC-000000"}).model_dump_json() for r in records
    }
    assert len(without_ids) == 1000


def test_attributes_follow_their_declared_weights() -> None:
    records = [r.model_dump(mode="json") for r in tickets()]
    declared = desk().attributes()
    assert [a.name for a in declared] == ["priority", "status", "sla_breached", "channel"]
    for attribute in declared:
        counts = Counter(attribute.observed(r) for r in records)
        expected = attribute.probabilities()
        assert set(counts) <= set(expected), attribute.name
        for value, share in expected.items():
            assert abs(counts[value] / 1000 - share) <= 0.03, (attribute.name, value)


@pytest.mark.parametrize("ticket_type", list(PREFIX))
@pytest.mark.parametrize("sla_hours", [1, 720])
def test_every_type_and_sla_keeps_the_rules(ticket_type: str, sla_hours: int) -> None:
    tool = desk(ticket_type=ticket_type, service="network", sla_hours=sla_hours)
    records = offline_tickets(tool, 80, 7)
    assert len(records) == 80
    for record in records:
        assert tool.invariant_problems(record) == []
        assert expected_problems(record, sla_hours) == []
        assert record.ticket_id.startswith(PREFIX[ticket_type] + "-")
        assert record.service == "network"
        if record.resolution_code is not None:
            assert record.resolution_code in RESOLUTION_CODES[ticket_type]
    assert {r.sla_breached for r in records} == {True, False}


@pytest.mark.parametrize(("value", "accepted"), [(0, False), (1, True), (720, True), (721, False)])
def test_sla_hours_bounds(value: int, accepted: bool) -> None:
    if accepted:
        assert desk(sla_hours=value).options.sla_hours == value
    else:
        with pytest.raises(UsageError, match="--sla-hours"):
            desk(sla_hours=value)


# --- post_process --------------------------------------------------------------------


def sample(status: str = "resolved") -> ServiceDeskTicket:
    return next(t for t in tickets() if t.status == status and len(t.work_notes) >= 2)


def test_post_process_keeps_a_valid_ticket() -> None:
    for status in STATUSES[1:]:
        ticket = sample(status)
        assert desk().post_process(ticket) == ticket


def test_post_process_resets_type_service_and_id_prefix() -> None:
    ticket = sample().model_copy(update={"ticket_type": "problem", "service": "vpn"})
    repaired = desk().post_process(ticket)
    assert (repaired.ticket_type, repaired.service) == ("incident", "email")
    change_tool = desk(ticket_type="change")
    as_change = change_tool.post_process(sample().model_copy(update={"ticket_type": "change"}))
    assert as_change.ticket_id == "CHG-" + sample().ticket_id.split("-")[1]


def test_post_process_recomputes_sla_due_priority_and_breach() -> None:
    ticket = sample()
    broken = ticket.model_copy(
        update={
            "sla_due_at": ticket.opened_at + timedelta(hours=5),
            "priority": "P1" if ticket.priority != "P1" else "P4",
            "sla_breached": not ticket.sla_breached,
        }
    )
    problems = " / ".join(desk().invariant_problems(broken))
    assert "sla_due_at" in problems
    assert "priority" in problems
    assert desk().post_process(broken) == ticket


def test_post_process_drops_the_resolution_of_an_open_ticket() -> None:
    ticket = sample("resolved").model_copy(update={"status": "in-progress"})
    repaired = desk().post_process(ticket)
    assert (repaired.resolved_at, repaired.resolution_code, repaired.resolution_notes) == (
        None,
        None,
        None,
    )
    assert repaired.sla_breached == (repaired.sla_due_at < AS_OF)
    assert expected_problems(repaired) == []


def test_post_process_puts_work_notes_in_time_order() -> None:
    ticket = sample()
    shuffled = ticket.model_copy(update={"work_notes": list(reversed(ticket.work_notes))})
    assert desk().post_process(shuffled).work_notes == ticket.work_notes


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: {"resolved_at": None}, "needs resolved_at"),
        (lambda t: {"resolution_code": None}, "needs a resolution_code"),
        (lambda t: {"resolved_at": t.opened_at - timedelta(minutes=1)}, "before opened_at"),
        (
            lambda t: {
                "work_notes": [
                    t.work_notes[0].model_copy(update={"timestamp": t.opened_at - timedelta(1)}),
                    *t.work_notes[1:],
                ]
            },
            "work note is before opened_at",
        ),
        (lambda t: {"resolved_at": AS_OF + timedelta(hours=1)}, "after the snapshot time"),
    ],
    ids=["no-resolved-at", "no-code", "resolved-before-opened", "note-too-early", "future"],
)
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[ServiceDeskTicket], dict[str, Any]], message: str
) -> None:
    ticket = sample("closed")
    with pytest.raises(InvariantError, match=message):
        desk().post_process(ticket.model_copy(update=change(ticket)))


MOMENTS = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2026, 1, 2), timezones=st.just(timezone.utc)
)


@settings(max_examples=200, deadline=None)
@given(
    status=st.sampled_from(STATUSES),
    opened_at=MOMENTS,
    resolved_at=st.none() | MOMENTS,
    code=st.none() | st.sampled_from(["fixed", "workaround"]),
    stamps=st.lists(MOMENTS, max_size=5),
    impact=st.sampled_from(LEVELS),
    urgency=st.sampled_from(LEVELS),
    priority=st.sampled_from(["P1", "P2", "P3", "P4"]),
    breached=st.booleans(),
    prefix=st.sampled_from(list(PREFIX.values())),
)
def test_post_process_either_rejects_or_returns_a_consistent_ticket(
    *,
    status: str,
    opened_at: datetime,
    resolved_at: datetime | None,
    code: str | None,
    stamps: list[datetime],
    impact: str,
    urgency: str,
    priority: str,
    breached: bool,
    prefix: str,
) -> None:
    tool = desk()
    ticket = tickets()[0].model_copy(
        update={
            "ticket_id": f"{prefix}-000042",
            "status": status,
            "opened_at": opened_at,
            "sla_due_at": opened_at,
            "resolved_at": resolved_at,
            "resolution_code": code,
            "resolution_notes": "Done." if code else None,
            "work_notes": [
                WorkNote(author="A", note=f"n{i}", timestamp=s) for i, s in enumerate(stamps)
            ],
            "impact": impact,
            "urgency": urgency,
            "priority": priority,
            "sla_breached": breached,
        }
    )
    kept_resolution = resolved_at if status in RESOLVED else None
    must_reject = (
        (status in RESOLVED and (resolved_at is None or code is None))
        or (kept_resolution is not None and kept_resolution < opened_at)
        or any(s < opened_at for s in stamps)
        or max([opened_at, *stamps, *filter(None, [kept_resolution])]) > AS_OF
    )

    try:
        repaired = tool.post_process(ticket)
    except InvariantError:
        assert must_reject
        return

    assert not must_reject
    assert expected_problems(repaired) == []
    assert tool.repair(repaired) == repaired
    assert repaired.ticket_id == "INC-000042"
    assert repaired.priority == PRIORITY_MATRIX[(impact, urgency)]
    assert repaired.sla_due_at == opened_at + timedelta(hours=24)
    assert repaired.resolved_at == kept_resolution
    assert [n.timestamp for n in repaired.work_notes] == sorted(stamps)


def test_priority_matrix_covers_every_pair_and_all_four_levels() -> None:
    assert set(PRIORITY_MATRIX) == {(i, u) for i in LEVELS for u in LEVELS}
    assert set(PRIORITY_MATRIX.values()) == {"P1", "P2", "P3", "P4"}
    assert PRIORITY_MATRIX[("high", "high")] == "P1"
    assert PRIORITY_MATRIX[("low", "low")] == "P4"


# --- text, schema, CLI ---------------------------------------------------------------


def test_text_holds_the_whole_ticket() -> None:
    tool = desk()
    for record in tickets()[:100]:
        text = tool.render_text(record)
        assert text.splitlines()[0] == f"{record.ticket_id}: {record.title}"
        for value in (
            record.description,
            record.requester.name,
            record.requester.email,
            record.requester.department,
            record.assignment_group,
            record.configuration_item,
            record.priority,
            record.status,
            record.opened_at.isoformat(),
            record.sla_due_at.isoformat(),
        ):
            assert value in text
        assert (record.assignee or "unassigned") in text
        for note in record.work_notes:
            assert f"[{note.timestamp.isoformat()}] {note.author}: {note.note}" in text
        if record.resolved_at is not None:
            assert record.resolved_at.isoformat() in text
            assert f"Code: {record.resolution_code}\n{record.resolution_notes}" in text
        assert f"SLA breached: {'yes' if record.sla_breached else 'no'}" in text


def test_the_record_schema_is_strict() -> None:
    schema = strict_json_schema(ServiceDeskTicket)
    for field in ("resolved_at", "resolution_code", "resolution_notes", "assignee"):
        assert field in schema["required"]
    assert schema["properties"]["ticket_id"]["pattern"] == r"^(INC|REQ|PRB|CHG)-\d{6,}$"


@pytest.mark.parametrize("example", ServiceDeskTool().examples)
def test_every_example_runs(run_cli: Callable[..., Any], tmp_path: Path, example: str) -> None:
    words = shlex.split(example)
    assert words[:2] == ["datagen", NAME]
    args = words[1:]
    for flag in ("--count", "-n"):
        if flag in args:
            args[args.index(flag) + 1] = "2"
    run = run_cli(*args, "-o", str(tmp_path / "out"), "--seed", "3")
    assert run.code == 0, run.stderr
    assert "Wrote 2" in run.stdout


def test_cli_writes_csv_and_text(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    run = run_cli(NAME, "--ticket-type", "change", "--service", "erp", "--sla-hours", "48",
                  "-n", "5", "-f", "csv", *OFFLINE, "-o", "csv")  # fmt: skip
    assert run.code == 0, run.stderr
    with (tmp_path / "csv" / f"{NAME}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["ticket_id"] for row in rows] == [f"CHG-{i:06d}" for i in range(1, 6)]
    assert {row["service"] for row in rows} == {"erp"}
    for row in rows:
        opened = datetime.fromisoformat(row["opened_at"].replace("Z", "+00:00"))
        due = datetime.fromisoformat(row["sla_due_at"].replace("Z", "+00:00"))
        assert due - opened == timedelta(hours=48)

    run = run_cli(NAME, "-n", "2", "-f", "txt", *OFFLINE, "-o", "txt")
    assert run.code == 0, run.stderr
    text = (tmp_path / "txt" / f"{NAME}-000001.txt").read_text(encoding="utf-8")
    assert text.startswith("INC-000001: ")
    assert "Service: email" in text


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--ticket-type", "outage"), "--ticket-type"),
        (("--service", "fax"), "--service"),
        (("--sla-hours", "0"), "--sla-hours"),
        (("--sla-hours", "721"), "--sla-hours"),
    ],
)
def test_cli_refuses_bad_options(
    run_cli: Callable[..., Any], tmp_path: Path, args: tuple[str, ...], flag: str
) -> None:
    run = run_cli(NAME, *args, *OFFLINE, "-o", "out")
    assert run.code == 2
    assert flag in one_error_line(run)
    assert not (tmp_path / "out").exists()


def test_help_shows_the_flags_with_choices_and_defaults(run_cli: Callable[..., Any]) -> None:
    run = run_cli(NAME, "--help")
    assert run.code == 0
    text = " ".join(run.stdout.split())
    assert "--ticket-type <incident|service-request|problem|change>" in text
    assert "[default: incident]" in text
    assert (
        "--service <"
        + "|".join(get_args(ServiceDeskTicket.model_fields["service"].annotation))
        + ">"
        in text
    )
    assert "[default: email]" in text
    assert "--sla-hours <int range>" in text
    assert "[default: 24; 1<=x<=720]" in text
