"""The ``tech-support`` scenario: its offline cases, its rules, its text (the rest: catalogue)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from data_generator import DataGenerator, Settings
from data_generator.providers import Completion, CompletionRequest
from data_generator.providers.offline import OfflineProvider
from data_generator.tool import InvariantError
from data_generator.tools.tech_support import TechSupportTicket, TechSupportTool

PRODUCT = "SaaS CRM"
TOOL = TechSupportTool({"system_description": PRODUCT})


@functools.cache
def tickets() -> tuple[TechSupportTicket, ...]:
    """200 offline cases, seed 11 (made once per session)."""
    settings = Settings(provider="offline", seed=11)
    return tuple(DataGenerator(TOOL, count=200, settings=settings).generate_data())


def sample_ticket(status: str = "resolved") -> TechSupportTicket:
    return next(t for t in tickets() if t.status == status and len(t.conversation_history) >= 3)


def test_offline_cases_alternate_turns_and_derive_priority_and_resolution() -> None:
    priority_of = {"critical": "P1", "high": "P2", "medium": "P3", "low": "P4"}
    for ticket in tickets():
        roles = [turn.role for turn in ticket.conversation_history]
        assert roles == ["customer", "agent"] * (len(roles) // 2) + ["customer"] * (
            len(roles) % 2
        ), ticket.case_id
        assert ticket.priority == priority_of[ticket.severity]
        assert ticket.system_description == PRODUCT
        assert bool(ticket.resolution) is (ticket.status in ("resolved", "closed"))


def test_post_process_drops_the_resolution_of_an_open_case() -> None:
    ticket = sample_ticket("resolved").model_copy(update={"status": "open"})
    assert ticket.resolved_at is not None

    repaired = TOOL.post_process(ticket)

    assert (repaired.status, repaired.resolved_at, repaired.resolution) == ("open", None, None)


def test_post_process_puts_turns_in_time_order() -> None:
    ticket = sample_ticket()
    shuffled = list(reversed(ticket.conversation_history))

    repaired = TOOL.post_process(ticket.model_copy(update={"conversation_history": shuffled}))

    assert repaired.conversation_history == ticket.conversation_history


def test_post_process_resets_the_product_to_the_option() -> None:
    ticket = sample_ticket().model_copy(update={"system_description": "Another product"})
    assert TOOL.post_process(ticket).system_description == PRODUCT


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: {"resolved_at": None}, "a closed case needs resolved_at"),
        (lambda t: {"resolved_at": t.created_at - timedelta(minutes=1)}, "before created_at"),
        (
            lambda t: {
                "conversation_history": [
                    t.conversation_history[0].model_copy(
                        update={"timestamp": t.created_at - timedelta(hours=1)}
                    ),
                    *t.conversation_history[1:],
                ]
            },
            "conversation starts before",
        ),
    ],
    ids=["resolved-without-time", "resolved-before-created", "talk-before-case"],
)
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[TechSupportTicket], dict[str, Any]], message: str
) -> None:
    ticket = sample_ticket("closed")
    with pytest.raises(InvariantError, match=message):
        TOOL.post_process(ticket.model_copy(update=change(ticket)))


class NaiveTimestampProvider:
    """Offline answers, except that record 2 first comes back closed with a naive time."""

    def __init__(self, tool: TechSupportTool) -> None:
        self.inner = OfflineProvider(tool)
        self.name, self.model = self.inner.name, self.inner.model

    async def complete(self, request: CompletionRequest) -> Completion:
        answer = await self.inner.complete(request)
        if (request.context.index, request.attempt) != (2, 1):
            return answer
        data = json.loads(answer.text)
        data.update(status="closed", resolved_at="2025-12-31T23:00:00", resolution="Fixed.")
        return Completion(json.dumps(data), answer.usage, answer.finish_reason)

    async def aclose(self) -> None:
        pass


def test_answer_with_a_naive_timestamp_does_not_crash_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generator = DataGenerator(
        TOOL,
        count=3,
        out_dir=out,
        settings=Settings(provider="offline", seed=2),
        provider=NaiveTimestampProvider(TOOL),
    )

    result = generator.run()

    assert result.exit_code == 0
    assert sorted(p.name for p in out.glob("*.json")) == [
        f"tech-support-{i:06d}.json" for i in (1, 2, 3)
    ]


def test_text_holds_the_whole_case() -> None:
    for ticket in tickets()[:30]:
        text = TOOL.render_text(ticket)
        assert text.splitlines()[0] == f"{ticket.case_id}: {ticket.issue_summary}"
        for value in (ticket.contact_email, ticket.customer_name, PRODUCT):
            assert value in text
        for turn in ticket.conversation_history:
            assert f"{turn.role}: {turn.message}" in text
            assert turn.timestamp.isoformat() in text
        if ticket.resolved_at is not None:
            assert f"Resolution: {ticket.resolution}" in text
