"""``it-service-desk-ticket``: IT service-management tickets with SLA, priority and work notes."""

from __future__ import annotations

import functools
import random
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from data_generator import synth
from data_generator.domains import match_domain, mention
from data_generator.markers import Drawn, FromOption, Later, ReservedEmail
from data_generator.messages import count_of, indefinite
from data_generator.phrases import Grammar
from data_generator.records import UtcDatetime, in_order
from data_generator.tool import (
    Attribute,
    DataGeneratorTool,
    Hint,
    RecordContext,
    render_document,
    rule,
)
from data_generator.tools import service_desk_vocabulary as words

__all__ = ["ServiceDeskOptions", "ServiceDeskTicket", "ServiceDeskTool", "WorkNote"]

TicketType = Literal["incident", "service-request", "problem", "change"]
Service = Literal[
    "email", "vpn", "laptop", "erp", "crm", "network", "printing", "identity", "storage",
    "collaboration",
]  # fmt: skip
Level = Literal["high", "medium", "low"]
Priority = Literal["P1", "P2", "P3", "P4"]
Status = Literal["new", "assigned", "in-progress", "pending", "resolved", "closed"]
Channel = Literal["portal", "email", "phone", "chat", "walk-up", "monitoring"]
ResolutionCode = Literal[
    "fixed", "workaround", "no-fault-found", "user-error", "duplicate", "fulfilled", "cancelled",
    "root-cause-removed", "known-error", "implemented", "rolled-back",
]  # fmt: skip

#: The snapshot's "now": open tickets are judged against it, and no time may lie after it.
AS_OF = synth.ANCHOR
PREFIX = {"incident": "INC", "service-request": "REQ", "problem": "PRB", "change": "CHG"}
#: Priority from impact x urgency (the ITIL matrix squeezed into four levels).
PRIORITY_MATRIX: dict[tuple[str, str], Priority] = {
    ("high", "high"): "P1",
    ("high", "medium"): "P2", ("medium", "high"): "P2",
    ("high", "low"): "P3", ("medium", "medium"): "P3", ("low", "high"): "P3",
    ("medium", "low"): "P4", ("low", "medium"): "P4", ("low", "low"): "P4",
}  # fmt: skip
PRIORITY_WEIGHTS = {"P1": 0.1, "P2": 0.25, "P3": 0.4, "P4": 0.25}
STATUS_WEIGHTS = {
    "new": 0.1, "assigned": 0.15, "in-progress": 0.2, "pending": 0.1, "resolved": 0.25,
    "closed": 0.2,
}  # fmt: skip
CHANNEL_WEIGHTS = {
    "portal": 0.35, "email": 0.2, "phone": 0.2, "chat": 0.1, "walk-up": 0.05, "monitoring": 0.1,
}  # fmt: skip
RESOLVED_STATUSES = ("resolved", "closed")
RESOLUTION_CODES: dict[str, tuple[str, ...]] = {
    "incident": ("fixed", "workaround", "no-fault-found", "user-error", "duplicate"),
    "service-request": ("fulfilled", "cancelled"),
    "problem": ("root-cause-removed", "known-error"),
    "change": ("implemented", "rolled-back", "cancelled"),
}
_MINUTE = timedelta(minutes=1)
_YEAR = timedelta(days=365)


def set_priority(record: dict[str, Any], priority: str) -> None:
    """Give a ticket's JSON dump ``priority`` through an impact and urgency that make it.

    The pair nearest the answer's: its impact kept if it can be, else its urgency.
    """
    pairs = [pair for pair, level in PRIORITY_MATRIX.items() if level == priority]
    impact, urgency = min(
        pairs,
        key=lambda pair: (pair[0] != record["impact"], pair[1] != record["urgency"]),
    )
    record.update(impact=impact, urgency=urgency, priority=priority)


class ServiceDeskOptions(BaseModel):
    """Options of the ``it-service-desk-ticket`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ticket_type: TicketType = Field(default="incident", description="Kind of ticket.")
    service: Service = Field(default="email", description="The IT service the tickets are about.")
    sla_hours: int = Field(
        default=24, ge=1, le=720, description="Hours from opening until the SLA is due."
    )


class Requester(BaseModel):
    """The fictional employee who raised the ticket."""

    name: str = Field(description="Fictional full name.")
    email: Annotated[ReservedEmail, Later] = Field(
        description="Reserved example.com/.org/.net address."
    )
    department: str = Field(description="The requester's department.")


class WorkNote(BaseModel):
    """One entry of the ticket's work log."""

    author: str = Field(description="Who wrote it (fictional name or 'System').")
    note: str = Field(min_length=1, description="What was done or learnt.")
    timestamp: UtcDatetime = Field(description="When it was written (UTC).")


class ServiceDeskTicket(BaseModel):
    """An IT service-desk ticket about the service chosen with ``--service``."""

    ticket_id: str = Field(
        pattern=r"^(INC|REQ|PRB|CHG)-\d{6,}$",
        description="Ticket number; prefix by type: INC, REQ, PRB or CHG, e.g. INC-000123.",
    )
    ticket_type: Annotated[TicketType, FromOption("ticket_type")] = Field(
        description="Kind of ticket (the --ticket-type option)."
    )
    service: Annotated[Service, FromOption("service")] = Field(
        description="The IT service (the --service option)."
    )
    title: Annotated[str, Later] = Field(min_length=5, description="Short title.")
    description: Annotated[str, Later] = Field(
        min_length=10, description="What the requester reported or asked."
    )
    requester: Requester = Field(description="Who raised it.")
    channel: Annotated[Channel, Drawn(CHANNEL_WEIGHTS)] = Field(
        description="How the ticket came in."
    )
    assignment_group: str = Field(description="The support group that owns the ticket.")
    assignee: Annotated[str | None, Later] = Field(
        description="Fictional engineer working on it; null when new."
    )
    impact: Level = Field(description="How widely the business is affected.")
    urgency: Level = Field(description="How soon it must be handled.")
    priority: Priority = Field(description="Priority from the impact x urgency matrix.")
    status: Annotated[Status, Drawn(STATUS_WEIGHTS)] = Field(description="Where the ticket stands.")
    opened_at: Annotated[UtcDatetime, Later] = Field(description="When it was opened (UTC).")
    sla_due_at: Annotated[UtcDatetime, Later] = Field(
        description="opened_at plus the SLA hours (UTC)."
    )
    resolved_at: Annotated[UtcDatetime | None, Later] = Field(
        description="When it was resolved; only for resolved or closed tickets."
    )
    # Follows the timeline (the rules undo a value set alone): a miss is asked again.
    sla_breached: Annotated[bool, Drawn.percent(25)] = Field(
        description="Whether resolved_at (or the snapshot time if unresolved) is after sla_due_at."
    )
    work_notes: Annotated[list[WorkNote], Later] = Field(
        description="Work log, oldest first, after opened_at."
    )
    resolution_code: Annotated[ResolutionCode | None, Later] = Field(
        description="How it ended; only for resolved or closed tickets."
    )
    resolution_notes: Annotated[str | None, Later] = Field(
        description="What was done to resolve it; only for resolved or closed tickets."
    )
    configuration_item: Annotated[str, Later] = Field(
        description="The affected configuration item (CMDB name)."
    )


def _matrix_priority(record: ServiceDeskTicket) -> Priority:
    return PRIORITY_MATRIX[(record.impact, record.urgency)]


def _duration(rng: random.Random, low: timedelta, high: timedelta) -> timedelta:
    """Return a whole number of minutes in ``[low, high]``."""
    span = int((high - low) / _MINUTE)
    return low + _MINUTE * int(rng.random() * (span + 1))


def is_breached(ticket: ServiceDeskTicket) -> bool:
    """Whether ``resolved_at``, or :data:`AS_OF` while open, lies after ``sla_due_at``."""
    return (ticket.resolved_at or AS_OF) > ticket.sla_due_at


def _domain_tables(service: str) -> dict[str, tuple[str, ...]]:
    """The product-domain vocabulary of a service that names one (ERP, CRM), else none."""
    domain = match_domain(service)
    if domain.name == "generic":
        return {}
    names = ("entity", "entities", "feature", "action", "error", "workaround")
    return {name: domain.tables[name] for name in names}


@functools.cache
def _causes(service: str) -> tuple[tuple[str, str], ...]:
    """A service's root causes, each with the fix that removes it (lower-case phrases)."""
    domain = match_domain(service)
    if domain.name == "generic":
        return words.CAUSES[service]
    return tuple(
        (mention(cause), mention(fix))
        for area in domain.causes
        for cause, fix in zip(domain.causes[area], domain.fixes[area], strict=True)
    )


@functools.cache
def desk_grammar(service: str) -> Grammar:
    """A service's grammar: the shared tables, the service's and its product domain's."""
    return Grammar({**words.SHARED, **words.SERVICES[service].tables, **_domain_tables(service)})


#: The work note that ends an open ticket's log, by status (a resolved ticket's last note
#: records its resolution); earlier notes triage and investigate.
LAST_NOTE = {"assigned": "note_investigate", "in-progress": "note_progress",
             "pending": "note_pending"}  # fmt: skip
#: The suffix of the note tables of each ticket type (requests and changes have their own).
NOTE_KIND = {"incident": "", "problem": "", "service-request": "_request", "change": "_change"}


def _work_notes(
    rng: random.Random, record: dict[str, Any], grammar: Grammar, facts: dict[str, str]
) -> list[dict[str, Any]]:
    """The work log of a ticket whose status, assignee and timeline are set, oldest first.

    The notes follow the ticket's work: triage first, then investigation, and last a note
    that fits the status (waiting, in progress, or the fix and its confirmation).
    """
    opened: datetime = record["opened_at"]
    end: datetime = record["resolved_at"] or AS_OF
    status, kind = record["status"], NOTE_KIND[record["ticket_type"]]
    if status == "new":
        tables = ["note_new"] * int(rng.random() * 2)
    else:
        middle = [f"note_investigate{kind}"] * int(rng.random() * 3)
        last = (
            f"resolution_{record['resolution_code']}"
            if status in RESOLVED_STATUSES
            else LAST_NOTE[status] + kind
        )
        tables = ["note_triage", *middle, last]
    stamps = sorted(synth.datetime_between(rng, opened, end) for _ in tables)
    colleague = synth.person_name(rng)
    engineer = record["assignee"] or "Service Desk"
    notes = []
    for position, (table, stamp) in enumerate(zip(tables, stamps, strict=True)):
        if table == "note_new":
            author = "System"
        elif position == 0:
            author = synth.choose(rng, ("Service Desk", engineer))
        else:
            author = synth.choose(rng, (engineer, engineer, colleague))
        note = grammar.sentence(rng, table, **{**facts, "clock": f"{stamp:%H:%M}"})
        notes.append({"author": author, "note": note, "timestamp": stamp})
    return notes


class ServiceDeskTool(DataGeneratorTool[ServiceDeskOptions, ServiceDeskTicket]):
    """IT service-desk tickets: priority matrix, SLA, status and work log."""

    name = "it-service-desk-ticket"
    description = "IT service-desk tickets: priority matrix, SLA timers, status, work notes."

    system = (
        "You write realistic, internally consistent IT service-management tickets for "
        "test and demo data. All people and companies are fictional; e-mail addresses use "
        "example.com, example.org or example.net."
    )

    def build_prompt(self) -> str:
        """User prompt; per-record attributes arrive in ``{{$attributes}}``."""
        options = self.options
        prefix = PREFIX[options.ticket_type]
        return (
            f"Write {options.ticket_type} ticket number {{{{$index}}}} about the "
            f"{options.service} service; its id starts with {prefix}-.\n"
            f"sla_due_at is exactly opened_at plus {count_of(options.sla_hours, 'hour')}. "
            f"The snapshot is taken at {AS_OF.isoformat()}: no time lies after it. "
            "Priority follows impact and urgency: high/high is P1; high/medium or "
            "medium/high is P2; high/low, "
            "medium/medium or low/high is P3; the rest is P4. Only resolved or closed tickets "
            "have resolved_at (not before opened_at), a resolution_code and resolution_notes. "
            "sla_breached is true when resolved_at, or the snapshot time for an unresolved "
            "ticket, is after sla_due_at. Work notes are in time order, after opened_at."
        )

    examples = (
        "datagen it-service-desk-ticket --ticket-type incident --service vpn --count 20 -o "
        "data/vpn-incidents --provider offline",
        "datagen it-service-desk-ticket --ticket-type service-request --service laptop "
        "--sla-hours 72 -n 50 -f csv -o data/laptop-requests --provider offline",
    )

    attribute_order = ("priority", "status", "sla_breached", "channel")

    def attributes(self) -> list[Attribute]:
        """The priority, set through an impact and urgency that make it."""
        return [Attribute("priority", PRIORITY_WEIGHTS, observe="priority", apply=set_priority)]

    def draw_attributes(self, rng: random.Random, seed: int, index: int) -> dict[str, Any]:
        """The declared attributes, plus an impact and urgency that give the priority."""
        drawn = super().draw_attributes(rng, seed, index)
        pairs = [pair for pair, level in PRIORITY_MATRIX.items() if level == drawn["priority"]]
        impact, urgency = pairs[int(rng.random() * len(pairs))]
        return {**drawn, "impact": impact, "urgency": urgency}

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        options = self.options
        return {
            "ticket_id": lambda _rng, ctx: f"{PREFIX[options.ticket_type]}-{ctx.index:06d}",
            "requester.department": lambda rng, _ctx: synth.choose(rng, words.VOCABULARY["dept"]),
            "assignment_group": lambda _rng, _ctx: words.SERVICES[options.service].group,
            "impact": lambda _rng, ctx: ctx.attributes["impact"],
            "urgency": lambda _rng, ctx: ctx.attributes["urgency"],
            "priority": lambda _rng, ctx: ctx.attributes["priority"],
        }

    def _timeline(
        self, rng: random.Random, status: str, breached: bool
    ) -> tuple[datetime, datetime | None]:
        """An opening time (and a resolution time) that breach the SLA or not, as drawn."""
        sla = timedelta(hours=self.options.sla_hours)
        if status in RESOLVED_STATUSES:
            low, high = (
                (sla + _MINUTE, sla * 3 + timedelta(hours=4)) if breached else (5 * _MINUTE, sla)
            )
            took = _duration(rng, low, high)
            opened = synth.datetime_between(rng, AS_OF - _YEAR, AS_OF - took)
            return opened, opened + took
        if breached:
            return synth.datetime_between(rng, AS_OF - _YEAR, AS_OF - sla - _MINUTE), None
        return synth.datetime_between(rng, AS_OF - sla, AS_OF), None

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Make the timeline, SLA, work log and resolution agree with the drawn status."""
        status, requester, kind = record["status"], record["requester"], self.options.ticket_type
        requester["email"] = synth.email_address(rng, requester["name"])
        if status != "new":
            record["assignee"] = synth.person_name(rng)
        opened, resolved = self._timeline(rng, status, ctx.attributes["sla_breached"])
        record["opened_at"] = opened
        record["sla_due_at"] = opened + timedelta(hours=self.options.sla_hours)
        record["resolved_at"] = resolved
        record["sla_breached"] = (resolved or AS_OF) > record["sla_due_at"]
        grammar = desk_grammar(self.options.service)
        facts = self._ticket_facts(rng, record)
        core = {"service-request": "request", "change": "change"}.get(kind, "incident")
        subject = grammar.expand(rng, core, **facts)
        title = grammar.expand(rng, "title", **facts, core=subject)
        # Not "Extra monitor for Sales for Sales": the title's qualifier adds a new fact.
        while title.count(facts["dept"]) > 1 or title.count(facts["site"]) > 1:
            title = grammar.expand(rng, "title", **facts, core=subject)
        record["title"] = f"Recurring: {title}" if kind == "problem" else title
        facts["subject"] = record["title"]
        lead = grammar.expand(rng, f"lead_{kind.split('-')[-1]}", **facts)
        details = [grammar.sentence(rng, f"detail_{kind.split('-')[-1]}", **facts)]
        for _ in range(int(rng.random() * 3)):
            details.append(grammar.sentence(rng, f"detail_{kind.split('-')[-1]}", **facts))
        record["description"] = " ".join([lead, *dict.fromkeys(details)])
        if resolved is not None:
            code = synth.choose(rng, RESOLUTION_CODES[kind])
            record["resolution_code"] = code
        record["work_notes"] = _work_notes(rng, record, grammar, facts)
        if resolved is not None:
            record["resolution_notes"] = grammar.sentence(
                rng, f"resolution_{code}", **{**facts, "clock": f"{resolved:%H:%M}"}
            )
        return record

    def _ticket_facts(self, rng: random.Random, record: dict[str, Any]) -> dict[str, str]:
        """The facts of this ticket (one site, department, item, cause), so its texts agree."""
        site = synth.choose(rng, words.VOCABULARY["site"])
        slots = {**words.VOCABULARY, "site": (site,), "site3": (site[:3].upper(),)}
        ci = synth.sentence(rng, words.SERVICES[self.options.service].ci, slots)
        record["configuration_item"] = ci
        causes = _causes(self.options.service)
        cause, fix = causes[int(rng.random() * len(causes))]
        started = record["opened_at"] - timedelta(minutes=int(rng.random() * 90))
        return {
            "site": site,
            "site3": site[:3].upper(),
            "dept": record["requester"]["department"],
            "ci": ci,
            "group": record["assignment_group"],
            "requester": record["requester"]["name"],
            "service": self.options.service,
            "priority": record["priority"],
            "channel": record["channel"],
            "users": str(2 + int(rng.random() * 118)),
            "nn": f"{1 + int(rng.random() * 39):02d}",
            "cause": cause,
            "fix": fix,
            "clock": f"{started:%H:%M}",
            "vendor_ref": f"VC-{int(rng.random() * 10**6):06d}",
            "parent": f"{PREFIX[self.options.ticket_type]}-{int(rng.random() * 10**6):06d}",
        }

    def _with_id_prefix(self, record: ServiceDeskTicket) -> ServiceDeskTicket:
        number = record.ticket_id.split("-", 1)[1]
        return record.model_copy(update={"ticket_id": f"{PREFIX[record.ticket_type]}-{number}"})

    @rule("the id prefix does not match the ticket type", fix=_with_id_prefix)
    def id_prefix_follows_the_type(self, record: ServiceDeskTicket) -> bool | str:
        prefix = PREFIX[record.ticket_type]
        return (
            record.ticket_id.startswith(f"{prefix}-")
            or f"{indefinite(record.ticket_type)} id must start with {prefix}-"
        )

    def _with_sla_due(self, record: ServiceDeskTicket) -> ServiceDeskTicket:
        due = record.opened_at + timedelta(hours=self.options.sla_hours)
        return record.model_copy(update={"sla_due_at": due})

    @rule("sla_due_at is not opened_at plus the SLA", fix=_with_sla_due)
    def sla_due_follows_the_opening(self, record: ServiceDeskTicket) -> bool | str:
        hours = self.options.sla_hours
        return (
            record.sla_due_at - record.opened_at == timedelta(hours=hours)
            or f"sla_due_at is not opened_at + {count_of(hours, 'hour')}"
        )

    @rule(
        "priority does not follow the impact x urgency matrix",
        fix=lambda record: record.model_copy(update={"priority": _matrix_priority(record)}),
    )
    def priority_follows_the_matrix(self, record: ServiceDeskTicket) -> bool:
        return record.priority == _matrix_priority(record)

    @rule("a resolved ticket needs resolved_at")
    def resolved_tickets_have_a_time(self, record: ServiceDeskTicket) -> bool | str:
        if record.status in RESOLVED_STATUSES and record.resolved_at is None:
            return f"{indefinite(record.status)} ticket needs resolved_at"
        return True

    @rule("a resolved ticket needs a resolution_code")
    def resolved_tickets_have_a_code(self, record: ServiceDeskTicket) -> bool | str:
        if record.status in RESOLVED_STATUSES and record.resolution_code is None:
            return f"{indefinite(record.status)} ticket needs a resolution_code"
        return True

    @rule(
        "an unresolved ticket cannot have a resolution",
        fix=lambda record: record.model_copy(
            update={"resolved_at": None, "resolution_code": None, "resolution_notes": None}
        ),
    )
    def resolution_only_when_resolved(self, record: ServiceDeskTicket) -> bool | str:
        resolution = (record.resolved_at, record.resolution_code, record.resolution_notes)
        if record.status in RESOLVED_STATUSES or resolution == (None, None, None):
            return True
        return f"{indefinite(record.status)} ticket cannot have a resolution"

    @rule("resolved_at is before opened_at")
    def resolved_after_opened(self, record: ServiceDeskTicket) -> bool:
        return record.resolved_at is None or record.resolved_at >= record.opened_at

    @rule(
        "sla_breached does not match the SLA due time",
        fix=lambda record: record.model_copy(update={"sla_breached": is_breached(record)}),
    )
    def breach_follows_the_timeline(self, record: ServiceDeskTicket) -> bool:
        return record.sla_breached == is_breached(record)

    @rule(
        "the work notes are not in time order",
        fix=lambda record: record.model_copy(
            update={"work_notes": sorted(record.work_notes, key=lambda note: note.timestamp)}
        ),
    )
    def notes_in_time_order(self, record: ServiceDeskTicket) -> bool:
        return in_order([note.timestamp for note in record.work_notes])

    @rule("a work note is before opened_at")
    def notes_after_opening(self, record: ServiceDeskTicket) -> bool:
        return all(note.timestamp >= record.opened_at for note in record.work_notes)

    @rule(f"a time lies after the snapshot time {AS_OF.isoformat()}")
    def nothing_after_the_snapshot(self, record: ServiceDeskTicket) -> bool:
        moments = [record.opened_at, record.resolved_at, *(n.timestamp for n in record.work_notes)]
        return all(moment <= AS_OF for moment in moments if moment is not None)

    def render_text(self, record: ServiceDeskTicket) -> str:
        """A readable ticket: facts, description, work notes, resolution."""
        notes = "\n".join(
            f"[{note.timestamp.isoformat()}] {note.author}: {note.note}"
            for note in record.work_notes
        )
        sections = [("Description", record.description), ("Work notes", notes or "(none)")]
        if record.resolved_at is not None:
            resolution = f"Code: {record.resolution_code}\n{record.resolution_notes or ''}"
            sections.append(("Resolution", resolution))
        requester = record.requester
        return render_document(
            f"{record.ticket_id}: {record.title}",
            facts=[
                ("Type", record.ticket_type),
                ("Service", record.service),
                ("Configuration item", record.configuration_item),
                ("Requester", f"{requester.name} <{requester.email}>, {requester.department}"),
                ("Channel", record.channel),
                ("Assignment group", record.assignment_group),
                ("Assignee", record.assignee or "unassigned"),
                ("Impact / urgency", f"{record.impact} / {record.urgency}"),
                ("Priority", record.priority),
                ("Status", record.status),
                ("Opened", record.opened_at.isoformat()),
                ("SLA due", record.sla_due_at.isoformat()),
                ("Resolved", record.resolved_at.isoformat() if record.resolved_at else None),
                ("SLA breached", "yes" if record.sla_breached else "no"),
            ],
            sections=sections,
        )
