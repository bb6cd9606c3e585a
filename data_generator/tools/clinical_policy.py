"""``healthcare-clinical-policy``: fictional clinical policies, guidelines and protocols."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from data_generator import synth
from data_generator.markers import Drawn, FromOption, Later, RecordId
from data_generator.messages import indefinite
from data_generator.tool import (
    Attribute,
    DataGeneratorTool,
    Flag,
    Hint,
    RecordContext,
    render_document,
    rule,
)
from data_generator.tools import clinical_policy_vocabulary as words
from data_generator.tools.clinical_policy_prose import AUDIENCES, GRAMMARS, section_text

__all__ = ["ClinicalPolicy", "ClinicalPolicyOptions", "ClinicalPolicyTool"]

Specialty = Literal[
    "cardiology",
    "emergency-medicine",
    "general-medicine",
    "infection-control",
    "nursing",
    "oncology",
    "pediatrics",
    "pharmacy",
    "radiology",
    "surgery",
]
PolicyType = Literal[
    "clinical-guideline",
    "protocol",
    "standard-operating-procedure",
    "care-pathway",
    "formulary-policy",
]
Complexity = Literal["basic", "intermediate", "advanced"]
Status = Literal["draft", "approved", "retired"]
Audience = Literal[
    "all-clinical-staff",
    "medical-staff",
    "nursing-staff",
    "pharmacy-staff",
    "allied-health-professionals",
    "multidisciplinary-team",
]

#: How many numbered sections a policy of each complexity has (inclusive bounds).
SECTION_COUNTS = {"basic": (3, 4), "intermediate": (5, 7), "advanced": (8, 10)}
#: How many sentences each section has, by complexity.
PARAGRAPH_SENTENCES = {"basic": (1, 2), "intermediate": (2, 3), "advanced": (3, 4)}
STATUS_WEIGHTS = {"draft": 0.2, "approved": 0.65, "retired": 0.15}
AUDIENCE_WEIGHTS = {
    "all-clinical-staff": 0.25,
    "medical-staff": 0.2,
    "nursing-staff": 0.2,
    "pharmacy-staff": 0.1,
    "allied-health-professionals": 0.1,
    "multidisciplinary-team": 0.15,
}
REVIEW_CYCLE_WEIGHTS = {"annual": 0.3, "biennial": 0.4, "triennial": 0.3}
#: The focus topics of each specialty, equally likely.
TOPIC_WEIGHTS = {name: dict.fromkeys(topics, 1.0) for name, topics in words.TOPICS.items()}
CYCLE_YEARS: dict[str, int] = {"annual": 1, "biennial": 2, "triennial": 3}
MIN_REVIEW_YEARS, MAX_REVIEW_YEARS = 1, 3


def add_years(day: date, years: int) -> date:
    """Return ``day`` moved by whole years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def review_cycle(effective: date, review: date) -> str:
    """Name the review cycle between two dates: whole years, ``under-1-year`` if less."""
    for name, years in sorted(CYCLE_YEARS.items(), key=lambda item: -item[1]):
        if review >= add_years(effective, years):
            return name
    return "under-1-year"


def set_review_cycle(record: dict[str, Any], cycle: str) -> None:
    """Put a policy's review_date one review ``cycle`` after its effective_date."""
    effective = date.fromisoformat(record["effective_date"])
    record["review_date"] = add_years(effective, CYCLE_YEARS[cycle]).isoformat()


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def observed_cycle(record: Mapping[str, Any]) -> str:
    """The review cycle of a record's JSON dump."""
    return review_cycle(
        date.fromisoformat(record["effective_date"]), date.fromisoformat(record["review_date"])
    )


class ClinicalPolicyOptions(BaseModel):
    """Options of the ``healthcare-clinical-policy`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    specialty: Annotated[Specialty, Flag("--speciality")] = Field(
        default="general-medicine", description="Clinical specialty the policies belong to."
    )
    policy_type: PolicyType = Field(
        default="clinical-guideline", description="Kind of policy document."
    )
    complexity: Complexity = Field(
        default="intermediate",
        description="Depth of the policy: basic 3-4, intermediate 5-7, advanced 8-10 sections.",
    )


class Person(BaseModel):
    """A fictional member of staff."""

    name: str = Field(min_length=1, description="Fictional full name.")
    role: str = Field(min_length=1, description="Job title.")


class Owner(Person):
    """The fictional policy owner."""

    department: str = Field(min_length=1, description="Department that owns the policy.")


class Definition(BaseModel):
    """A term used in the policy."""

    term: str = Field(min_length=1, description="The term or abbreviation.")
    definition: str = Field(min_length=1, description="What it means in this policy.")


class PolicySection(BaseModel):
    """One numbered section of the policy body."""

    number: int = Field(ge=1, description="Section number, 1 for the first, in order.")
    heading: str = Field(min_length=1, description="Section heading.")
    content: str = Field(min_length=1, description="Section text.")


class ClinicalPolicy(BaseModel):
    """A fictional clinical policy document of a healthcare organisation."""

    policy_id: Annotated[str, RecordId("POL")] = Field(description="Policy id, POL-000123.")
    title: str = Field(min_length=5, description="Policy title.")
    specialty: Annotated[Specialty, FromOption("specialty")] = Field(
        description="Clinical specialty (the --specialty option)."
    )
    policy_type: Annotated[PolicyType, FromOption("policy_type")] = Field(
        description="Kind of document (the --policy-type option)."
    )
    focus_topic: Annotated[str, Drawn.by_option("specialty", TOPIC_WEIGHTS)] = Field(
        min_length=3, description="The clinical topic the policy governs."
    )
    version: str = Field(pattern=r"^\d+\.\d+$", description="Version number, e.g. 2.1.")
    status: Annotated[Status, Drawn(STATUS_WEIGHTS)] = Field(
        description="Lifecycle status of this version."
    )
    audience: Annotated[Audience, Drawn(AUDIENCE_WEIGHTS)] = Field(
        description="Staff group the policy is written for."
    )
    effective_date: date = Field(description="Date the policy takes effect.")
    review_date: Annotated[date, Later] = Field(
        description="Date of the next review: 1 to 3 years later."
    )
    owner: Owner = Field(description="Who is accountable for the policy.")
    approvers: list[Person] = Field(description="Who approved it; at least one if approved.")
    purpose: str = Field(min_length=10, description="Why the policy exists.")
    scope: str = Field(min_length=10, description="Who and what it applies to.")
    definitions: list[Definition] = Field(min_length=1, description="Terms used in the policy.")
    sections: list[PolicySection] = Field(
        min_length=1, description="Numbered body sections, 1..n in reading order."
    )
    references: list[str] = Field(description="General or fictional sources the policy cites.")
    related_policies: list[str] = Field(description="Titles of related local policies.")


class ClinicalPolicyTool(DataGeneratorTool[ClinicalPolicyOptions, ClinicalPolicy]):
    """Fictional clinical policies with owners, approvals, review dates and sections."""

    name = "healthcare-clinical-policy"
    description = "Fictional clinical policies: guidelines, protocols, SOPs, care pathways."

    system = (
        "You write realistic but entirely fictional clinical policy documents of a "
        "healthcare organisation, for software testing. Staff names are invented, no real "
        "hospital is named, and references are general or fictional, never real citations."
    )

    prompt = (
        "Write {{$policy_type}} number {{$index}} for the {{$specialty}} specialty, at "
        "{{$complexity}} depth.\n"
    )

    def build_prompt(self) -> str:
        """The prompt, with the section count of the complexity."""
        low, high = SECTION_COUNTS[self.options.complexity]
        return (
            f"{super().build_prompt()}Write between {low} and {high} sections, numbered 1, 2, "
            "3... in reading order. review_date is after effective_date by the review cycle "
            "(1 to 3 years). An approved policy lists at least one approver; a draft usually "
            "lists none."
        )

    examples = (
        "datagen healthcare-clinical-policy --specialty cardiology --count 5 -o "
        "data/cardiology-policies --provider offline",
        "datagen healthcare-clinical-policy --specialty pharmacy --policy-type "
        "formulary-policy --complexity advanced -f txt -n 3 -o data/formulary-policies "
        "--provider offline",
    )

    attribute_order = ("status", "audience", "focus_topic", "review_cycle")

    def attributes(self) -> list[Attribute]:
        """The review cycle, drawn per record."""
        return [
            Attribute(
                "review_cycle", REVIEW_CYCLE_WEIGHTS, observe=observed_cycle, apply=set_review_cycle
            )
        ]

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider (prose: :meth:`offline_finalize`)."""
        options = self.options
        first = (synth.ANCHOR - timedelta(days=4 * 365)).date()
        return {
            "title": lambda _rng, _ctx: "",
            "version": lambda rng, _ctx: f"{1 + int(rng.random() * 5)}.{int(rng.random() * 10)}",
            "effective_date": lambda rng, _ctx: synth.date_between(rng, first, synth.ANCHOR.date()),
            "owner.role": lambda rng, _ctx: synth.choose(rng, words.OWNER_ROLES),
            "owner.department": lambda _rng, _ctx: words.DEPARTMENTS[options.specialty],
            "approvers": self._approvers,
            "purpose": lambda _rng, _ctx: "",
            "scope": lambda _rng, _ctx: "",
            "definitions": lambda _rng, _ctx: [],
            "sections": lambda _rng, _ctx: [],
            "references": lambda _rng, _ctx: [],
            "related_policies": lambda rng, _ctx: sorted(
                rng.sample(words.RELATED, 1 + int(rng.random() * 3))
            ),
        }

    def _facts(self, rng: random.Random, ctx: RecordContext) -> dict[str, str]:
        """What the policy's prose is about: its topic, kind, audience, patients, setting."""
        specialty = self.options.specialty
        audience, member = AUDIENCES[ctx.attributes["audience"]]
        patients = (
            synth.choose(rng, words.CHILD_PATIENTS)
            if specialty == "pediatrics"
            else synth.choose(rng, words.PATIENTS)
        )
        return {
            "topic": ctx.attributes["focus_topic"],
            "kind": words.KIND[self.options.policy_type].lower(),
            "audience": audience,
            "audience_one": member,
            "patients": patients,
            "setting": synth.choose(rng, words.SETTINGS),
            "department": words.DEPARTMENTS[specialty],
            "specialty": words.SERVICES[specialty],
        }

    def _approvers(self, rng: random.Random, ctx: RecordContext) -> list[dict[str, str]]:
        if ctx.attributes["status"] == "draft":
            return []
        roles = rng.sample(words.APPROVER_ROLES, 1 + int(rng.random() * 3))
        return [{"name": synth.person_name(rng), "role": role} for role in roles]

    def _definitions(self, rng: random.Random, facts: dict[str, str]) -> list[dict[str, str]]:
        pool = words.DEFINITIONS[self.options.specialty] + words.GENERIC_DEFINITIONS
        picked = rng.sample(pool, 2 + int(rng.random() * 4))
        return [{"term": term, "definition": text.format(**facts)} for term, text in picked]

    def _sections(self, rng: random.Random, facts: dict[str, str]) -> list[dict[str, Any]]:
        low, high = SECTION_COUNTS[self.options.complexity]
        headings = words.HEADINGS[self.options.policy_type]
        count = low + int(rng.random() * (high - low + 1))
        chosen = sorted(rng.sample(range(len(headings)), count))
        length = PARAGRAPH_SENTENCES[self.options.complexity]
        grammar = GRAMMARS[self.options.specialty]
        return [
            {
                "number": number,
                "heading": headings[at],
                "content": section_text(rng, grammar, headings[at], facts, length),
            }
            for number, at in enumerate(chosen, start=1)
        ]

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Write the prose from the policy's facts; review one cycle after it takes effect."""
        years = CYCLE_YEARS[ctx.attributes["review_cycle"]]
        record["review_date"] = add_years(record["effective_date"], years)
        facts = self._facts(rng, ctx)
        grammar = GRAMMARS[self.options.specialty]
        named = {**facts, "kind": words.KIND[self.options.policy_type]}
        record["title"] = _capitalised(synth.choose(rng, words.TITLES).format_map(named))
        record["purpose"] = grammar.sentence(rng, "purpose", facts)
        scope = grammar.sentence(rng, "scope", facts)
        record["scope"] = f"{scope} {grammar.sentence(rng, 'scope_out', facts)}"
        record["definitions"] = self._definitions(rng, facts)
        record["sections"] = self._sections(rng, facts)
        count = 1 + int(rng.random() * 3)
        record["references"] = [grammar.sentence(rng, "reference", facts) for _ in range(count)]
        return record

    @rule("review_date is not 1 to 3 years after effective_date")
    def review_one_to_three_years_later(self, record: ClinicalPolicy) -> bool | str:
        effective, review = record.effective_date, record.review_date
        if review <= effective:
            return "review_date is not after effective_date"
        if review < add_years(effective, MIN_REVIEW_YEARS):
            return "review_date is less than 1 year after effective_date"
        return (
            review <= add_years(effective, MAX_REVIEW_YEARS)
            or "review_date is more than 3 years after effective_date"
        )

    @rule("the policy has too few or too many sections for its complexity")
    def sections_follow_the_complexity(self, record: ClinicalPolicy) -> bool | str:
        level, count = self.options.complexity, len(record.sections)
        low, high = SECTION_COUNTS[level]
        return (
            low <= count <= high
            or f"{indefinite(level)} policy has {low}-{high} sections, not {count}"
        )

    def _renumber(self, record: ClinicalPolicy) -> ClinicalPolicy:
        sections = [s.model_copy(update={"number": n}) for n, s in enumerate(record.sections, 1)]
        return record.model_copy(update={"sections": sections})

    @rule("sections are not numbered 1..n in order", fix=_renumber)
    def sections_numbered_in_order(self, record: ClinicalPolicy) -> bool:
        return [s.number for s in record.sections] == list(range(1, len(record.sections) + 1))

    @rule("an approved policy needs at least one approver")
    def approved_policies_have_approvers(self, record: ClinicalPolicy) -> bool:
        return record.status != "approved" or bool(record.approvers)

    def render_text(self, record: ClinicalPolicy) -> str:
        """A readable policy: title, control facts, purpose, scope, sections, references."""
        owner = record.owner
        approvers = "; ".join(f"{p.name} ({p.role})" for p in record.approvers) or "none"
        facts = [
            ("Policy", f"{record.policy_id} version {record.version} ({record.status})"),
            ("Specialty", record.specialty),
            ("Type", record.policy_type),
            ("Focus", record.focus_topic),
            ("Audience", record.audience),
            ("Effective", record.effective_date.isoformat()),
            ("Next review", record.review_date.isoformat()),
            ("Owner", f"{owner.name}, {owner.role}, {owner.department}"),
            ("Approved by", approvers),
        ]
        definitions = "\n".join(f"{d.term}: {d.definition}" for d in record.definitions)
        sections = [
            ("Purpose", record.purpose),
            ("Scope", record.scope),
            ("Definitions", definitions),
            *((f"{s.number}. {s.heading}", s.content) for s in record.sections),
            ("References", "\n".join(f"- {r}" for r in record.references) or "None."),
            ("Related policies", "\n".join(f"- {p}" for p in record.related_policies) or "None."),
        ]
        return render_document(record.title, facts, sections)
