"""The ``tech-support`` scenario: its offline cases, its rules, its text (the rest: catalogue)."""

from __future__ import annotations

import functools
import json
from datetime import datetime, timedelta, timezone

from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.tools.tech_support import TechSupportTicket, TechSupportTool

PRODUCT = "SaaS CRM"
TOOL = TechSupportTool({"system_description": PRODUCT})
HOUR = timedelta(hours=1)


@functools.cache
def tickets() -> tuple[TechSupportTicket, ...]:
    """200 offline cases, seed 11 (made once per session)."""
    settings = Settings(provider="offline", seed=11)
    return tuple(DataGenerator(TOOL, count=200, settings=settings).generate_data())


def sample_ticket() -> TechSupportTicket:
    return next(t for t in tickets() if t.status == "closed" and len(t.conversation_history) >= 3)


def test_offline_cases_alternate_turns_and_derive_priority_and_resolution() -> None:
    priority_of = {"critical": "P1", "high": "P2", "medium": "P3", "low": "P4"}
    for ticket in tickets():
        roles = [turn.role for turn in ticket.conversation_history]
        assert roles == [("customer", "agent")[i % 2] for i in range(len(roles))], ticket.case_id
        assert ticket.priority == priority_of[ticket.severity]
        assert bool(ticket.resolution) is (ticket.status in ("resolved", "closed"))


RULES = {
    "open-case-resolved": Case(
        lambda t: {"status": "open"},
        mends=lambda t: (t.status, t.resolved_at, t.resolution) == ("open", None, None),
    ),
    "turns-out-of-order": Case(
        lambda t: {"conversation_history": t.conversation_history[::-1]},
        mends=lambda t: t.conversation_history == sample_ticket().conversation_history,
    ),
    "another-product": Case(
        lambda t: {"system_description": "Another product"},
        mends=lambda t: t.system_description == PRODUCT,
    ),
    "resolved-without-time": Case(
        lambda t: {"resolved_at": None}, rejects="a closed case needs resolved_at"
    ),
    "resolved-before-created": Case(
        lambda t: {"resolved_at": t.created_at - HOUR}, rejects="resolved_at is before created_at"
    ),
    "talk-before-case": Case(
        lambda t: {"created_at": t.conversation_history[0].timestamp + timedelta(seconds=1)},
        rejects="the conversation starts before the case was created",
    ),
}


@cases(RULES)
def test_rules_mend_or_reject_a_broken_case(case: Case) -> None:
    check_case(TOOL, sample_ticket(), case)


def test_a_naive_timestamp_in_an_answer_is_read_as_utc() -> None:
    answer = sample_ticket().model_dump(mode="json") | {"resolved_at": "2025-12-31T23:00:00"}
    ticket = TOOL.post_process(TechSupportTicket.model_validate_json(json.dumps(answer)))
    assert ticket.resolved_at == datetime(2025, 12, 31, 23, tzinfo=timezone.utc)


def test_text_holds_the_whole_case() -> None:
    for ticket in tickets()[:30]:
        text = TOOL.render_text(ticket)
        assert text.splitlines()[0] == f"{ticket.case_id}: {ticket.issue_summary}"
        for value in (ticket.contact_email, ticket.customer_name, PRODUCT):
            assert value in text
        for turn in ticket.conversation_history:
            assert f"[{turn.timestamp.isoformat()}] {turn.role}: {turn.message}" in text
        if ticket.resolved_at is not None:
            assert f"Resolution: {ticket.resolution}" in text
