"""``tech-support-sop``: standard operating procedures for IT support problems."""

from __future__ import annotations

import functools
import random
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from data_generator import synth
from data_generator.domains import match_domain, mention
from data_generator.markers import Drawn, FromOption, Later, RecordId
from data_generator.messages import indefinite
from data_generator.phrases import Grammar
from data_generator.tool import (
    Attribute,
    DataGeneratorTool,
    Flag,
    Hint,
    RecordContext,
    render_document,
    rule,
)
from data_generator.tools import support_sop_vocabulary as words
from data_generator.tools.phrase_tables import fold

__all__ = ["StandardOperatingProcedure", "SupportSopOptions", "SupportSopTool"]

Category = Literal[
    "connectivity", "authentication", "performance", "data-loss", "hardware", "software-install",
    "email", "printing", "security-incident",
]  # fmt: skip
Complexity = Literal["basic", "intermediate", "advanced"]
Audience = Literal["tier-1", "tier-2", "tier-3"]

DEFAULT_CONTEXT = "Corporate Windows laptops with Microsoft 365"
#: How many steps an SOP of each complexity has (inclusive).
STEP_RANGE = {"basic": (3, 5), "intermediate": (6, 9), "advanced": (10, 15)}
MINUTES_PER_STEP = 2
AUDIENCE_WEIGHTS = {
    "basic": {"tier-1": 0.75, "tier-2": 0.2, "tier-3": 0.05},
    "intermediate": {"tier-1": 0.4, "tier-2": 0.45, "tier-3": 0.15},
    "advanced": {"tier-1": 0.0, "tier-2": 0.6, "tier-3": 0.4},
}
DURATION_BANDS = {"up to 15 min": (1, 15), "16-30 min": (16, 30), "31-60 min": (31, 60),
                  "over 60 min": (61, 240)}  # fmt: skip
DURATION_WEIGHTS = {"basic": (0.5, 0.4, 0.1, 0.0), "intermediate": (0.0, 0.5, 0.4, 0.1),
                    "advanced": (0.0, 0.1, 0.5, 0.4)}  # fmt: skip
ESCALATION_SHARE = {"basic": 0.2, "intermediate": 0.35, "advanced": 0.55}
SUBTOPICS = {
    category: dict.fromkeys(topic.subtopics, 1.0) for category, topic in words.TOPICS.items()
}
#: The tables of each category's grammar: the shared tables with the category's own.
#: The steps a category's SOPs choose from, in procedure order (the first and last are fixed).
STEP_POOLS = {
    category: (words.OPENING, *words.EARLY_STEPS, *topic.steps, *words.LATE_STEPS, words.CLOSING)
    for category, topic in words.TOPICS.items()
}


def _step_tables(pool: tuple[tuple[str, str, str | None], ...]) -> dict[str, tuple[str, ...]]:
    """Each step's action, result and fallback as tables ``action3``, ``result3``, ``fails3``."""
    tables: dict[str, tuple[str, ...]] = {}
    for number, (action, result, fails) in enumerate(pool):
        core = action if "{where}" in action else f"{action} {{where}}"
        tables[f"core{number}"] = (core[:1].lower() + core[1:],)
        lead = f"{{lead}} {{core{number}}} {{aim}}"
        tables[f"action{number}"] = (f"{{Core{number}}} {{aim}}", lead, lead)
        tables[f"result{number}"] = (
            result if "{evidence}" in result else f"{result} {{evidence}}",
        )
        if fails is not None:
            fallback = fails if "{note_what}" in fails else f"{fails}; {{note_what}}"
            tables[f"fcore{number}"] = (fallback[:1].lower() + fallback[1:],)
            tables[f"fails{number}"] = (f"{{Fcore{number}}}", f"{{fail_lead}} {{fcore{number}}}")
    return tables


TABLES = {
    category: {**words.SHARED, **topic.tables, **_step_tables(STEP_POOLS[category])}
    for category, topic in words.TOPICS.items()
}


def product_name(context: str) -> str:
    """The product an SOP's texts name for ``--system-context``.

    A context that names a known product domain gives that domain's product (``payroll
    service``); any other gives its own words, what follows "with" if it has it
    (``Corporate Windows laptops with Microsoft 365`` names ``Microsoft 365``).
    """
    domain = match_domain(context)
    if domain.name != "generic":
        return domain.product
    head, _, tail = context.partition(" with ")
    # The name becomes a grammar table: braces in it would read as slots.
    return (tail.strip() or mention(head)).replace("{", "(").replace("}", ")")


def say(grammar: Grammar, rng: random.Random, table: str, **facts: str) -> str:
    """A sentence of ``table``; a clause left empty leaves no space before a comma."""
    return grammar.sentence(rng, table, **facts).replace(" ,", ",").replace(" ;", ";")


@functools.lru_cache(maxsize=64)
def sop_grammar(category: str, context: str, subtopic: str) -> Grammar:
    """The grammar of one sub-topic's SOPs, with the vocabulary of the product ``context`` names.

    The product and the sub-topic are tables of one value, so the tables that name them
    fold too (an SOP run has a handful of sub-topics, each grammar is built once).
    """
    domain = match_domain(context)
    vocabulary = {name: domain.tables[name] for name in ("entity", "feature", "action", "error")}
    fixed = {"product": (product_name(context),), "subtopic": (subtopic,)}
    return Grammar(fold({**TABLES[category], **vocabulary, **fixed}, limit=4000))


def duration_band(minutes: int) -> str:
    """Name the estimated-duration band that holds ``minutes``."""
    return next((b for b, (_, high) in DURATION_BANDS.items() if minutes <= high), "over 60 min")


def set_duration(record: dict[str, Any], band: str) -> None:
    """Move a procedure's estimated_minutes into ``band``: to the band's nearest end."""
    low, high = DURATION_BANDS[band]
    record["estimated_minutes"] = min(max(record["estimated_minutes"], low), high)


class SupportSopOptions(BaseModel):
    """Options of the ``tech-support-sop`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    problem_category: Category = Field(
        default="connectivity", description="The kind of problem the procedures solve."
    )
    complexity: Complexity = Field(
        default="intermediate",
        description="basic: 3-5 steps, intermediate: 6-9, advanced: 10-15 (tier-2/3 only).",
    )
    system_context: Annotated[
        str,
        Flag("--context"),
        StringConstraints(strip_whitespace=True, min_length=3, max_length=120),
    ] = Field(default=DEFAULT_CONTEXT, description="The estate the procedures are written for.")


class Step(BaseModel):
    """One numbered step of the procedure."""

    number: int = Field(ge=1, description="Position in the procedure, from 1.")
    action: str = Field(min_length=5, description="What the technician does.")
    expected_result: str = Field(min_length=3, description="What they should see.")
    if_fails: str | None = Field(description="What to do if not (or escalate); null if nothing.")


class Escalation(BaseModel):
    """When and where the case goes if the procedure does not solve it."""

    when: str = Field(min_length=5, description="The condition for escalating.")
    to_team: str = Field(min_length=2, description="The team that takes the case.")
    sla_minutes: int = Field(ge=5, le=10080, description="Minutes that team has to respond.")
    likely: bool = Field(description="Whether many cases that follow this SOP get escalated.")


class RelatedArticle(BaseModel):
    """A knowledge-base article."""

    article_id: str = Field(pattern=r"^KB-\d{6}$", description="Article id, KB-001234.")
    title: str = Field(min_length=3, description="Article title.")


class StandardOperatingProcedure(BaseModel):
    """A support SOP: who it is for, the numbered steps and when to escalate."""

    sop_id: Annotated[str, RecordId("SOP")] = Field(description="SOP id, SOP-000123.")
    title: str = Field(min_length=5, description="What the procedure achieves.")
    problem_category: Annotated[Category, FromOption("problem_category")] = Field(
        description="Kind of problem."
    )
    sub_topic: Annotated[str, Drawn.by_option("problem_category", SUBTOPICS)] = Field(
        min_length=2, description="The narrower topic within the category."
    )
    complexity: Annotated[Complexity, FromOption("complexity")] = Field(
        description="How involved the procedure is."
    )
    system_context: Annotated[str, FromOption("system_context")] = Field(
        description="The estate it is written for."
    )
    version: str = Field(pattern=r"^\d+\.\d+$", description="Document version, e.g. 2.3.")
    owner_team: str = Field(min_length=2, description="Team that maintains the SOP.")
    audience: Annotated[Audience, Drawn.by_option("complexity", AUDIENCE_WEIGHTS)] = Field(
        description="Support tier that follows it."
    )
    last_reviewed: date = Field(description="Date of the last review.")
    estimated_minutes: Annotated[int, Later] = Field(
        ge=1, le=480, description="Time to follow it, >= 2 per step."
    )
    prerequisites: list[str] = Field(description="What the technician needs before starting.")
    symptoms: list[str] = Field(min_length=1, description="What the user reports or sees.")
    steps: Annotated[list[Step], Later] = Field(
        min_length=1, description="The procedure, numbered 1..n in order."
    )
    escalation: Escalation = Field(description="When and to whom to escalate.")
    related_articles: Annotated[list[RelatedArticle], Later] = Field(
        description="Related knowledge articles."
    )
    tags: Annotated[list[str], Later] = Field(description="Lower-case search tags.")


def _floor(record: StandardOperatingProcedure) -> int:
    """The least time an SOP can take: ``MINUTES_PER_STEP`` for each step."""
    return MINUTES_PER_STEP * len(record.steps)


def _renumber(record: StandardOperatingProcedure) -> StandardOperatingProcedure:
    """The steps in the order of their numbers, numbered 1..n."""
    ordered = sorted(record.steps, key=lambda step: step.number)
    steps = [step.model_copy(update={"number": n}) for n, step in enumerate(ordered, 1)]
    return record.model_copy(update={"steps": steps})


class SupportSopTool(DataGeneratorTool[SupportSopOptions, StandardOperatingProcedure]):
    """Standard operating procedures for IT support, by problem category and complexity."""

    name = "tech-support-sop"
    description = "IT support SOPs: numbered steps, expected results, fallbacks, escalation."

    system = (
        "You write clear, realistic standard operating procedures for IT support teams, "
        "for test and demo data. Teams, people and products are generic or fictional; "
        "never include real contact details, passwords or internal addresses."
    )

    def build_prompt(self) -> str:
        """User prompt: the step range it asks for follows ``--complexity``."""
        options = self.options
        low, high = STEP_RANGE[options.complexity]
        return (
            f"Write {options.complexity} standard operating procedure number {{{{$index}}}} "
            f"for {options.problem_category} problems on: {options.system_context}.\n"
            f"It has {low} to {high} steps numbered 1, 2, 3... in order, each with an "
            "expected result and what to do if it fails (or null). estimated_minutes is at "
            f"least {MINUTES_PER_STEP} per step. Advanced SOPs are for tier-2 or tier-3 "
            "staff only."
        )

    examples = (
        "datagen tech-support-sop --problem-category printing --complexity basic --count 5 -o "
        "data/printing-sops --provider offline",
        "datagen tech-support-sop --problem-category security-incident --complexity advanced "
        '--system-context "MacBooks with Google Workspace" -n 3 -f txt -o data/security-sops '
        "--provider offline",
    )

    attribute_order = ("audience", "duration", "sub_topic", "escalation_likely")

    def attributes(self) -> list[Attribute]:
        """The duration band and whether escalation is likely, following the complexity."""
        complexity = self.options.complexity
        escalate = ESCALATION_SHARE[complexity]
        return [
            Attribute(
                "duration",
                dict(zip(DURATION_BANDS, DURATION_WEIGHTS[complexity], strict=True)),
                observe=lambda record: duration_band(record["estimated_minutes"]),
                apply=set_duration,
            ),
            Attribute(
                "escalation_likely",
                {True: escalate, False: 1 - escalate},
                observe="escalation.likely",
            ),
        ]

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        options = self.options
        topic = words.TOPICS[options.problem_category]
        first = synth.ANCHOR.date() - timedelta(days=730)
        sla_slots = 4 if options.problem_category == "security-incident" else 32
        category, context = options.problem_category, options.system_context

        def text(table: str) -> Hint:
            return lambda rng, ctx: say(
                sop_grammar(category, context, ctx.attributes["sub_topic"]), rng, table
            ).rstrip(".")

        prerequisite = text("prerequisite_full")

        def texts(table: str, most: int) -> Hint:
            one = text(table)
            return lambda rng, ctx: list(
                dict.fromkeys(one(rng, ctx) for _ in range(1 + int(rng.random() * most)))
            )

        return {
            "title": text("title"),
            "version": lambda rng, _ctx: f"{1 + int(rng.random() * 5)}.{int(rng.random() * 10)}",
            "owner_team": lambda _rng, _ctx: topic.team,
            "last_reviewed": lambda rng, _ctx: synth.date_between(rng, first, synth.ANCHOR.date()),
            "prerequisites": lambda rng, ctx: list(
                dict.fromkeys(prerequisite(rng, ctx) for _ in range(1 + int(rng.random() * 4)))
            ),
            "symptoms": texts("symptom_full", 3),
            "escalation.to_team": lambda rng, _ctx: synth.choose(rng, topic.escalate_to),
            # Security incidents are answered within the hour, the rest within a working day.
            "escalation.sla_minutes": lambda rng, _ctx: 15 * (1 + int(rng.random() * sla_slots)),
            "escalation.likely": lambda _rng, ctx: ctx.attributes["escalation_likely"],
        }

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Pick the steps, then an estimate inside the drawn band that covers them."""
        options = self.options
        subtopic = ctx.attributes["sub_topic"]
        grammar = sop_grammar(options.problem_category, options.system_context, subtopic)
        pool = STEP_POOLS[options.problem_category]
        low, high = STEP_RANGE[options.complexity]
        count = low + int(rng.random() * (high - low + 1))
        chosen = [0, *sorted(rng.sample(range(1, len(pool) - 1), count - 2)), len(pool) - 1]
        facts = {
            "system": options.system_context,
            "team": record["escalation"]["to_team"],
            "last": str(count - 1),
            "middle": str(2 + int(rng.random() * (count - 2))),
        }
        likely = ctx.attributes["escalation_likely"]
        steps = []
        for number, item in enumerate(chosen, 1):
            facts["next"] = str(number + 1)
            # When escalation is likely, fallbacks of the middle steps hand the case on.
            handed_on = likely and 1 < number < count and rng.random() < 0.4
            fails = "escalation_step" if handed_on else f"fails{item}"
            steps.append({
                "number": number,
                "action": say(grammar, rng, f"action{item}", **facts),
                "expected_result": say(grammar, rng, f"result{item}", **facts),
                "if_fails": say(grammar, rng, fails, **facts) if fails in grammar else None,
            })  # fmt: skip
        record["steps"] = steps
        record["escalation"]["when"] = say(grammar, rng, "when_escalate", **facts).rstrip(".")
        low, high = DURATION_BANDS[ctx.attributes["duration"]]
        low = max(low, MINUTES_PER_STEP * count)
        record["estimated_minutes"] = low + int(rng.random() * (high - low + 1))
        record["related_articles"] = [
            {
                "article_id": synth.identifier(rng, "KB"),
                "title": say(grammar, rng, "article", **facts).rstrip("."),
            }
            for _ in range(1 + int(rng.random() * 3))
        ]
        slug = subtopic.replace(" ", "-").replace("/", "-").lower()
        record["tags"] = [options.problem_category, slug, options.complexity, record["audience"]]
        return record

    @rule("steps are not numbered 1..n in order", fix=_renumber)
    def steps_numbered(self, record: StandardOperatingProcedure) -> bool:
        return [step.number for step in record.steps] == list(range(1, len(record.steps) + 1))

    @rule("the step count does not fit the complexity")
    def step_count_fits(self, record: StandardOperatingProcedure) -> bool | str:
        low, high = STEP_RANGE[record.complexity]
        count = len(record.steps)
        return (
            low <= count <= high
            or f"{indefinite(record.complexity)} SOP needs {low}-{high} steps, not {count}"
        )

    @rule(
        f"estimated_minutes is under {MINUTES_PER_STEP} per step",
        fix=lambda record: record.model_copy(update={"estimated_minutes": _floor(record)}),
    )
    def time_for_every_step(self, record: StandardOperatingProcedure) -> bool:
        return record.estimated_minutes >= _floor(record)

    @rule("an advanced SOP cannot target tier-1")
    def advanced_is_not_tier_1(self, record: StandardOperatingProcedure) -> bool:
        return record.complexity != "advanced" or record.audience != "tier-1"

    def render_text(self, record: StandardOperatingProcedure) -> str:
        """A readable SOP: header facts, symptoms, prerequisites, steps, escalation."""
        steps = []
        for step in record.steps:
            steps.append(f"{step.number}. {step.action}\n   Expected: {step.expected_result}")
            if step.if_fails:
                steps.append(f"   If it fails: {step.if_fails}")
        escalation = record.escalation
        return render_document(
            f"{record.sop_id}: {record.title}",
            facts=[
                ("Version", record.version),
                ("Category", f"{record.problem_category} / {record.sub_topic}"),
                ("Complexity", record.complexity),
                ("Systems", record.system_context),
                ("Audience", record.audience),
                ("Owner", record.owner_team),
                ("Last reviewed", record.last_reviewed),
                ("Estimated time", f"{record.estimated_minutes} minutes"),
            ],
            sections=[
                ("Symptoms", "\n".join(f"- {s}" for s in record.symptoms)),
                ("Prerequisites", "\n".join(f"- {p}" for p in record.prerequisites) or "None."),
                ("Procedure", "\n".join(steps)),
                (
                    "Escalation",
                    f"When: {escalation.when}\nTo: {escalation.to_team}\n"
                    f"Response within: {escalation.sla_minutes} minutes\n"
                    f"Escalation likely: {'yes' if escalation.likely else 'no'}",
                ),
                (
                    "Related articles",
                    "\n".join(f"- {a.article_id} {a.title}" for a in record.related_articles)
                    or "None.",
                ),
            ],
            footer=[f"Tags: {', '.join(record.tags)}"] if record.tags else [],
        )
