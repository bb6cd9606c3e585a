"""``tech-support``: support cases for a product, with the conversation that resolved them."""

from __future__ import annotations

import functools
import random
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from data_generator import synth
from data_generator.domains import Domain, match_domain, mention
from data_generator.markers import Drawn, FromOption, Later, RecordId, ReservedEmail
from data_generator.messages import indefinite
from data_generator.records import UtcDatetime, in_order
from data_generator.tool import DataGeneratorTool, Flag, Hint, RecordContext, rule
from data_generator.tools.tech_support_vocabulary import PHRASES

__all__ = ["TechSupportOptions", "TechSupportTicket", "TechSupportTool"]

Severity = Literal["critical", "high", "medium", "low"]
Priority = Literal["P1", "P2", "P3", "P4"]
Status = Literal["open", "investigating", "resolved", "closed"]
Area = Literal["frontend", "backend", "database", "network", "other"]

SEVERITY_WEIGHTS = {"critical": 0.1, "high": 0.25, "medium": 0.4, "low": 0.25}
STATUS_WEIGHTS = {"open": 0.2, "investigating": 0.2, "resolved": 0.35, "closed": 0.25}
AREA_WEIGHTS = {"frontend": 0.25, "backend": 0.3, "database": 0.15, "network": 0.15, "other": 0.15}
BUG_PERCENT = 45
PRIORITY_OF: dict[str, Priority] = {"critical": "P1", "high": "P2", "medium": "P3", "low": "P4"}
CLOSED_STATUSES = ("resolved", "closed")
_MINUTE = timedelta(minutes=1)


class TechSupportOptions(BaseModel):
    """Options of the ``tech-support`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    system_description: Annotated[
        str, Flag("-d"), StringConstraints(strip_whitespace=True, min_length=2, max_length=200)
    ] = Field(description="The product the cases are about, e.g. 'SaaS CRM'.")


class ConversationTurn(BaseModel):
    """One message in a support conversation."""

    role: Literal["customer", "agent"] = Field(description="Who wrote the message.")
    message: str = Field(min_length=1, description="The message text.")
    timestamp: UtcDatetime = Field(description="When it was sent (UTC).")


class TechSupportTicket(BaseModel):
    """A support case about the product named by ``--system-description``."""

    case_id: Annotated[str, RecordId("CASE")] = Field(description="Case number, CASE-000123.")
    created_at: UtcDatetime = Field(description="When the case was opened (UTC).")
    system_description: Annotated[str, FromOption("system_description")] = Field(
        description="The product the case is about."
    )
    issue_summary: str = Field(min_length=5, description="One-sentence summary of the issue.")
    severity: Annotated[Severity, Drawn(SEVERITY_WEIGHTS)] = Field(description="Business impact.")
    priority: Priority = Field(description="Handling priority, P1 highest.")
    status: Annotated[Status, Drawn(STATUS_WEIGHTS)] = Field(description="Where the case stands.")
    customer_name: str = Field(description="Fictional name of the customer.")
    contact_email: Annotated[ReservedEmail, Later] = Field(
        description="Reserved example.com/.org/.net address."
    )
    conversation_history: Annotated[list[ConversationTurn], Later] = Field(
        min_length=2, description="The exchange between customer and agent, oldest first."
    )
    resolved_at: Annotated[UtcDatetime | None, Later] = Field(
        description="When it was resolved; only if resolved."
    )
    resolution: Annotated[str | None, Later] = Field(description="What fixed it; only if resolved.")
    area: Annotated[Area, Drawn(AREA_WEIGHTS)] = Field(
        description="The part of the system at fault."
    )
    is_bug: Annotated[bool, Drawn.percent(BUG_PERCENT)] = Field(
        description="Whether the cause is a defect in the product."
    )
    root_cause: str | None = Field(description="Why it happened, once known.")


#: The turns of a conversation, by status: each a sequence of grammar tables, customer first.
ARCS: dict[str, tuple[tuple[str, ...], ...]] = {
    "open": (
        ("report", "status_ack"),
        ("report", "question", "answer"),
        ("report", "question", "answer", "status_ack"),
    ),
    "investigating": (
        ("report", "progress"),
        ("report", "question", "answer", "progress"),
        ("report", "question", "answer", "workaround_turn"),
        ("report", "workaround_turn", "workaround_ack", "progress"),
    ),
    "resolved": (
        ("report", "fix_turn", "confirmation"),
        ("report", "question", "answer", "fix_turn", "confirmation"),
        ("report", "fix_turn", "confirmation", "closing"),
    ),
}
ARCS["closed"] = (
    *ARCS["resolved"],
    ("report", "workaround_turn", "workaround_ack", "fix_turn", "confirmation"),
)


_mention = functools.lru_cache(maxsize=2048)(mention)


def _empty(_rng: random.Random, _ctx: RecordContext) -> None:
    """Left for ``offline_finalize``, which writes it with the rest of the case."""


class TechSupportTool(DataGeneratorTool[TechSupportOptions, TechSupportTicket]):
    """Support cases with conversation, severity, status and root cause."""

    name = "tech-support"
    description = "Support cases for a product: conversation, severity, status, root cause."

    system = (
        "You write realistic, internally consistent technical-support cases for test and "
        "demo data. All people, companies and contact details are fictional; e-mail "
        "addresses use example.com, example.org or example.net."
    )

    prompt = (
        "Write support case number {{$index}} for the product: {{$system_description}}.\n"
        "The conversation alternates between customer and agent, oldest first, and starts "
        "after created_at. Only resolved or closed cases have resolved_at and a resolution, "
        "and resolved_at is not before created_at."
    )

    examples = (
        'datagen tech-support -d "SaaS CRM" --count 20 -o data/crm-cases --provider offline',
        'datagen tech-support -d "Payroll service" -n 100 -f jsonl --seed 7 -o '
        "data/payroll-cases --provider offline",
    )

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        start = synth.ANCHOR - timedelta(days=365)
        return {
            "created_at": lambda rng, _ctx: synth.datetime_between(rng, start, synth.ANCHOR),
            "issue_summary": _empty,
            "priority": lambda _rng, ctx: PRIORITY_OF[ctx.attributes["severity"]],
            "root_cause": _empty,
        }

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Write the case's prose from its facts: product domain, area, status, customer.

        The summary names the product's own entities and features; the conversation
        follows the case's arc (report, questions, workaround, fix, confirmation) as far as
        its status allows; the root cause comes from the area's table and the resolution
        is that cause's fix.
        """
        record["contact_email"] = synth.email_address(rng, record["customer_name"])
        description: str = getattr(ctx.options, "system_description", "")
        facts = _facts(rng, match_domain(description), ctx.attributes["area"], record)
        expand = PHRASES.draw
        status = record["status"]
        impact = f"impact_{record['severity']}"
        summary = expand(rng, f"summary_{ctx.attributes['area']}", facts)
        record["issue_summary"] = summary
        facts["summary"] = mention(summary)
        draw = rng.random
        moment: datetime = record["created_at"]
        history = []
        arcs = ARCS[status]
        for turn, table in enumerate(arcs[int(draw() * len(arcs))]):
            moment += _MINUTE * (5 + int(draw() * 240))
            message = expand(rng, table, facts)
            if not turn and draw() < 0.5:  # what the issue does to the customer's team
                message = f"{message} {expand(rng, impact, facts)}"
            role = "agent" if turn % 2 else "customer"
            history.append({"role": role, "message": message, "timestamp": moment})
        record["conversation_history"] = history
        if status == "open":
            record["root_cause"] = None
        else:
            record["root_cause"] = expand(rng, "root_cause", facts)
        if status in CLOSED_STATUSES:
            record["resolved_at"] = moment + _MINUTE * (10 + int(draw() * 600))
            record["resolution"] = expand(rng, "resolution", facts)
        return record

    def _drop_resolution(self, record: TechSupportTicket) -> TechSupportTicket:
        return record.model_copy(update={"resolved_at": None, "resolution": None})

    @rule("a case that is not resolved cannot have resolved_at", fix=_drop_resolution)
    def resolution_only_when_resolved(self, record: TechSupportTicket) -> bool:
        return record.status in CLOSED_STATUSES or (
            record.resolved_at is None and record.resolution is None
        )

    @rule("a resolved case needs resolved_at")
    def resolved_cases_have_a_time(self, record: TechSupportTicket) -> bool | str:
        if record.status not in CLOSED_STATUSES:
            return True
        if record.resolved_at is None:
            return f"{indefinite(record.status)} case needs resolved_at"
        return record.resolved_at >= record.created_at or "resolved_at is before created_at"

    def _sort_turns(self, record: TechSupportTicket) -> TechSupportTicket:
        turns = sorted(record.conversation_history, key=lambda turn: turn.timestamp)
        return record.model_copy(update={"conversation_history": turns})

    @rule("the conversation is not in time order", fix=_sort_turns)
    def turns_in_order(self, record: TechSupportTicket) -> bool:
        return in_order([turn.timestamp for turn in record.conversation_history])

    @rule("the conversation starts before the case was created")
    def conversation_after_creation(self, record: TechSupportTicket) -> bool:
        turns = record.conversation_history
        return not turns or turns[0].timestamp >= record.created_at

    def render_text(self, record: TechSupportTicket) -> str:
        """A readable case file: header, facts, conversation, resolution."""
        title = f"{record.case_id}: {record.issue_summary}"
        lines = [
            title,
            "=" * len(title),
            "",
            f"Product: {record.system_description}",
            f"Opened: {record.created_at.isoformat()}",
            f"Customer: {record.customer_name} <{record.contact_email}>",
            f"Severity: {record.severity}   Priority: {record.priority}   Status: {record.status}",
            f"Area: {record.area}   Bug: {'yes' if record.is_bug else 'no'}",
            "",
            "Conversation",
            "------------",
        ]
        for turn in record.conversation_history:
            lines.append(f"[{turn.timestamp.isoformat()}] {turn.role}: {turn.message}")
        if record.root_cause:
            lines += ["", f"Root cause: {record.root_cause}"]
        if record.resolved_at is not None:
            lines += [f"Resolved: {record.resolved_at.isoformat()}"]
            lines += [f"Resolution: {record.resolution or ''}"]
        return "\n".join(lines) + "\n"


def _facts(rng: random.Random, domain: Domain, area: str, record: dict[str, Any]) -> dict[str, str]:
    """The facts one case's prose is made of: the product's words, drawn once per case."""
    draw = rng.random
    entity, entities = domain.entities[int(draw() * len(domain.entities))]
    causes = domain.causes[area]
    pick = int(draw() * len(causes))
    major, minor, patch = 1 + int(draw() * 9), int(draw() * 20), int(draw() * 10)
    return PHRASES.facts(
        product=_mention(record["system_description"]),
        entity=entity,
        entities=entities,
        feature=domain.features[int(draw() * len(domain.features))],
        action=domain.actions[int(draw() * len(domain.actions))],
        error=domain.errors[int(draw() * len(domain.errors))],
        workaround=domain.workarounds[int(draw() * len(domain.workarounds))],
        cause=_mention(causes[pick]),
        fix=_mention(domain.fixes[area][pick]),
        customer=record["customer_name"].split(" ", 1)[0],
        case=record["case_id"],
        version=f"{major}.{minor}.{patch}",
        fix_version=f"{major}.{minor}.{patch + 1}",
    )
