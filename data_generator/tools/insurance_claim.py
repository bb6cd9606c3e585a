"""``insurance-claim``: insurance claims with line items, decisions and fraud flags."""

from __future__ import annotations

import datetime as dt
import random
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from data_generator import synth
from data_generator.markers import Drawn, FromOption, Later, RecordId, ReservedEmail, ReservedPhone
from data_generator.messages import indefinite
from data_generator.pii import sensitive_numbers
from data_generator.records import Money, cents, same_amount, total
from data_generator.tool import (
    Attribute,
    DataGeneratorTool,
    Hint,
    RecordContext,
    render_document,
    rule,
)
from data_generator.tools import insurance_claim_vocabulary as words
from data_generator.tools.insurance_claim_story import adjuster_notes, pick_peril, tell_incident
from data_generator.tools.insurance_claim_wording import PERILS

__all__ = ["Claimant", "InsuranceClaim", "InsuranceClaimOptions", "InsuranceClaimTool", "LineItem"]

PolicyType = Literal["auto", "home", "health", "travel", "life", "pet"]
Status = Literal["submitted", "under-review", "approved", "partially-approved", "denied", "paid"]
Channel = Literal["online", "phone", "mobile-app", "agent", "email"]
FraudIndicator = Literal[
    "late-reporting", "inconsistent-statements", "recent-policy-change", "inflated-estimate",
    "prior-similar-claims", "no-independent-witness", "missing-documentation",
    "pressure-for-quick-settlement",
]  # fmt: skip

#: Statuses with an approved amount, and statuses with a decision (and its date).
APPROVED_STATUSES = ("approved", "partially-approved", "paid")
DECIDED_STATUSES = ("approved", "partially-approved", "denied", "paid")
STATUS_WEIGHTS = {
    "submitted": 0.15, "under-review": 0.2, "approved": 0.2, "partially-approved": 0.15,
    "denied": 0.1, "paid": 0.2,
}  # fmt: skip
CHANNEL_WEIGHTS = {"online": 0.35, "phone": 0.25, "mobile-app": 0.2, "agent": 0.15, "email": 0.05}
#: Claimed amount of each size band: [low, high).
SIZE_BANDS: dict[str, tuple[float, float]] = {
    "small": (100, 2500), "medium": (2500, 25000), "large": (25000, 250000),
    "major": (250000, 2000000),
}  # fmt: skip
SIZE_WEIGHTS: dict[str, dict[str, float]] = {
    "auto": {"small": 0.35, "medium": 0.45, "large": 0.17, "major": 0.03},
    "home": {"small": 0.25, "medium": 0.45, "large": 0.25, "major": 0.05},
    "health": {"small": 0.4, "medium": 0.4, "large": 0.17, "major": 0.03},
    "travel": {"small": 0.6, "medium": 0.35, "large": 0.05, "major": 0.0},
    "life": {"small": 0.0, "medium": 0.1, "large": 0.6, "major": 0.3},
    "pet": {"small": 0.75, "medium": 0.23, "large": 0.02, "major": 0.0},
}
DEDUCTIBLES: dict[str, tuple[float, ...]] = {
    "auto": (250, 500, 1000), "home": (500, 1000, 2500), "health": (0, 250, 500, 1000),
    "travel": (0, 50, 100, 250), "life": (0,), "pet": (100, 200, 250),
}  # fmt: skip
FRAUD_INDICATORS: tuple[str, ...] = get_args(FraudIndicator)


def size_band(amount: float) -> str:
    """Name the size band of a claimed amount."""
    return next((band for band, (_low, high) in SIZE_BANDS.items() if amount < high), "major")


class InsuranceClaimOptions(BaseModel):
    """Options of the ``insurance-claim`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    policy_type: PolicyType = Field(default="auto", description="Kind of policy claimed on.")
    fraud_percent: float = Field(
        default=5.0, ge=0, le=100, description="Share of claims suspected of fraud, in percent."
    )


class Claimant(BaseModel):
    """The fictional person making the claim."""

    name: str = Field(min_length=1, description="Fictional full name.")
    email: ReservedEmail = Field(description="Reserved example.com/.org/.net address.")
    phone: ReservedPhone = Field(description="Fictional number, +1-NXX-555-01XX.")


class LineItem(BaseModel):
    """One claimed cost."""

    description: str = Field(min_length=1, description="What the cost is for.")
    amount: Money = Field(gt=0, description="Claimed amount of this item.")


class InsuranceClaim(BaseModel):
    """A fictional insurance claim and where it stands."""

    claim_id: Annotated[str, RecordId("CLM")] = Field(description="Claim number, CLM-000123.")
    policy_number: str = Field(pattern=r"^POL-\d{8}$", description="Policy, POL-00001234.")
    policy_type: Annotated[PolicyType, FromOption("policy_type")] = Field(
        description="Kind of policy (the --policy-type)."
    )
    insurer: str = Field(min_length=1, description="Fictional insurance company.")
    claimant: Claimant
    channel: Annotated[Channel, Drawn(CHANNEL_WEIGHTS)] = Field(
        description="How the claim was reported."
    )
    incident_date: dt.date = Field(description="When the loss happened.")
    reported_date: Annotated[dt.date, Later] = Field(
        description="When it was reported; not before the incident."
    )
    incident_description: str = Field(min_length=10, description="What happened.")
    location: str = Field(min_length=1, description="Where it happened.")
    line_items: Annotated[list[LineItem], Later] = Field(
        min_length=1, description="The claimed costs."
    )
    claimed_amount: Annotated[Money, Later] = Field(description="Sum of the line items.")
    deductible: Money = Field(ge=0, description="Policy deductible for this claim.")
    status: Annotated[Status, Drawn(STATUS_WEIGHTS)] = Field(description="Where the claim stands.")
    approved_amount: Annotated[Money | None, Later] = Field(
        description="Amount accepted before the deductible; only when approved, partially "
        "approved or paid, and never above claimed_amount."
    )
    decision_date: Annotated[dt.date | None, Later] = Field(
        description="When it was decided; only when approved, partially approved, denied or "
        "paid, and not before reported_date."
    )
    adjuster_notes: Annotated[list[str], Later] = Field(
        description="The adjuster's notes, oldest first."
    )
    is_fraud_suspected: Annotated[bool, Drawn.percent("fraud_percent")] = Field(
        description="Whether the claim is flagged for fraud."
    )
    fraud_indicators: Annotated[list[FraudIndicator], Later] = Field(
        description="Why fraud is suspected; empty unless is_fraud_suspected."
    )


class InsuranceClaimTool(DataGeneratorTool[InsuranceClaimOptions, InsuranceClaim]):
    """Insurance claims with line items, an adjuster's decision and fraud flags."""

    name = "insurance-claim"
    description = "Insurance claims: incident, line items, decision, adjuster notes, fraud flags."
    attribute_order = ("is_fraud_suspected", "status", "claim_size", "channel")

    system = (
        "You write realistic, internally consistent insurance claims for test data. "
        "Claimants, insurers and adjusters are fictional; e-mail addresses use "
        "example.com, example.org or example.net and phone numbers the 555-01xx range. "
        "Never write a national id, a card number or a real policy number."
    )

    prompt = (
        "Write {{$policy_type}} insurance claim number {{$index}}.\n"
        "Use these attributes for this claim: {{$attributes}}. If is_fraud_suspected is True, "
        "list at least one fraud indicator; otherwise leave fraud_indicators empty. "
        "claimed_amount falls in the claim_size band: small under 2,500, medium 2,500 to "
        "25,000, large 25,000 to 250,000, major above.\n"
        "reported_date is on or after incident_date. claimed_amount is the sum of the line "
        "items. approved_amount is set only for approved, partially-approved or paid claims "
        "and is not above claimed_amount. decision_date is set only for approved, "
        "partially-approved, denied or paid claims and is not before reported_date."
    )

    examples = (
        "datagen insurance-claim --policy-type home --count 10 -o data/home-claims --provider "
        "offline",
        "datagen insurance-claim --policy-type pet --fraud-percent 25 -f txt -n 5 -o "
        "data/pet-claims --provider offline",
    )

    def attributes(self) -> list[Attribute]:
        """The claim size band (the claimed amount is the sum of the items: not set alone)."""
        return [
            Attribute(
                "claim_size",
                SIZE_WEIGHTS[self.options.policy_type],
                observe=lambda r: size_band(r["claimed_amount"]),
            )
        ]

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        kind = self.options.policy_type
        start = synth.ANCHOR.date() - dt.timedelta(days=730)
        end = synth.ANCHOR.date() - dt.timedelta(days=90)
        return {
            "policy_number": lambda rng, _ctx: synth.identifier(rng, "POL", 8),
            "insurer": lambda rng, _ctx: (
                f"{synth.choose(rng, synth.COMPANY_WORDS)} {synth.choose(rng, words.INSURER_KINDS)}"
            ),
            # The e-mail address comes from the name, in offline_finalize.
            "claimant": lambda rng, _ctx: {
                "name": synth.person_name(rng),
                "phone": synth.phone_number(rng),
            },
            "incident_date": lambda rng, _ctx: synth.date_between(rng, start, end),
            # Told in offline_finalize, from the peril and the incident date.
            "incident_description": lambda _rng, _ctx: "",
            "location": lambda _rng, _ctx: "",
            "deductible": lambda rng, _ctx: rng.choice(DEDUCTIBLES[kind]),
        }

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Tell the incident; split the amount into its peril's items; make the rest agree."""
        kind, status = self.options.policy_type, record["status"]
        claimant = record["claimant"]
        claimant["email"] = synth.email_address(rng, claimant["name"])
        peril = pick_peril(rng, kind)
        story = tell_incident(rng, kind, peril, record["incident_date"])
        record["incident_description"] = story["incident_description"]
        record["location"] = story["location"]
        low, high = SIZE_BANDS[ctx.attributes["claim_size"]]
        claimed = cents(low * ((high - 1) / low) ** rng.random())
        names = PERILS[kind][peril][1]
        count = 1 + int(rng.random() * min(len(names), 2 if kind == "life" else 5))
        shares = [0.2 + rng.random() for _ in range(count)]
        amounts = [cents(claimed * share / sum(shares)) for share in shares[1:]]
        amounts.insert(0, cents(claimed - sum(amounts)))
        # The main cost first (one of the first two), then extras.
        main = int(rng.random() * 2)
        descriptions = [names[main], *rng.sample(names[:main] + names[main + 1 :], count - 1)]
        record["line_items"] = [
            {"description": text, "amount": amount}
            for text, amount in zip(descriptions, amounts, strict=True)
        ]
        record["claimed_amount"] = total(amounts)
        indicators: list[str] = []
        if record["is_fraud_suspected"]:
            indicators = rng.sample(list(FRAUD_INDICATORS), 1 + int(rng.random() * 3))
        delay = int(rng.random() * (90 if "late-reporting" in indicators else 14))
        reported: dt.date = record["incident_date"] + dt.timedelta(days=delay)
        record["reported_date"] = reported
        approved = None
        if status in APPROVED_STATUSES:
            approved = record["claimed_amount"]
            if status == "partially-approved":
                approved = cents(approved * (0.4 + 0.55 * rng.random()))
        record["approved_amount"] = approved
        if status in DECIDED_STATUSES:
            record["decision_date"] = reported + dt.timedelta(days=2 + int(rng.random() * 58))
        record["fraud_indicators"] = indicators
        record["adjuster_notes"] = adjuster_notes(rng, record, kind, story, indicators)
        return record

    @rule("reported_date is before incident_date")
    def reported_after_the_incident(self, record: InsuranceClaim) -> bool:
        return record.reported_date >= record.incident_date

    @rule(
        "claimed_amount is not the sum of the line items",
        fix=lambda record: record.model_copy(update={"claimed_amount": _claimed(record)}),
    )
    def claimed_amount_adds_up(self, record: InsuranceClaim) -> bool:
        return same_amount(record.claimed_amount, _claimed(record))

    @rule(
        "a claim that is not approved cannot have approved_amount",
        fix=lambda record: record.model_copy(update={"approved_amount": None}),
    )
    def approved_amount_only_when_approved(self, record: InsuranceClaim) -> bool | str:
        return (
            record.status in APPROVED_STATUSES
            or record.approved_amount is None
            or f"{indefinite(record.status)} claim cannot have approved_amount"
        )

    @rule("an approved claim needs approved_amount")
    def approved_claims_have_an_amount(self, record: InsuranceClaim) -> bool | str:
        if record.status not in APPROVED_STATUSES:
            return True
        if record.approved_amount is None:
            return f"{indefinite(record.status)} claim needs approved_amount"
        return (
            record.approved_amount <= record.claimed_amount + 0.005
            or "approved_amount is above claimed_amount"
        )

    @rule(
        "an undecided claim cannot have decision_date",
        fix=lambda record: record.model_copy(update={"decision_date": None}),
    )
    def decision_only_when_decided(self, record: InsuranceClaim) -> bool | str:
        return (
            record.status in DECIDED_STATUSES
            or record.decision_date is None
            or f"{indefinite(record.status)} claim cannot have decision_date"
        )

    @rule("a decided claim needs decision_date")
    def decided_claims_have_a_date(self, record: InsuranceClaim) -> bool | str:
        if record.status not in DECIDED_STATUSES:
            return True
        if record.decision_date is None:
            return f"{indefinite(record.status)} claim needs decision_date"
        return (
            record.decision_date >= record.reported_date or "decision_date is before reported_date"
        )

    @rule("a claim suspected of fraud needs fraud_indicators")
    def suspicion_has_indicators(self, record: InsuranceClaim) -> bool:
        return not record.is_fraud_suspected or bool(record.fraud_indicators)

    @rule("fraud_indicators are set but fraud is not suspected")
    def indicators_only_when_suspected(self, record: InsuranceClaim) -> bool:
        return record.is_fraud_suspected or not record.fraud_indicators

    @rule("a text holds a sensitive number")
    def no_sensitive_numbers(self, record: InsuranceClaim) -> list[str]:
        return sensitive_numbers(
            [
                ("incident_description", record.incident_description),
                ("location", record.location),
                ("claimant name", record.claimant.name),
                *(
                    (f"line item {item.description!r}", item.description)
                    for item in record.line_items
                ),
                *(("adjuster note", note) for note in record.adjuster_notes),
            ]
        )

    def render_text(self, record: InsuranceClaim) -> str:
        """A readable claim file: facts, incident, line items, notes, fraud review."""
        claimant = record.claimant
        items = [f"- {item.description}: {item.amount:,.2f}" for item in record.line_items]
        items.append(f"Total claimed: {record.claimed_amount:,.2f}")
        sections = [
            ("Incident", f"{record.incident_description}\nLocation: {record.location}"),
            ("Line items", "\n".join(items)),
            ("Adjuster notes", "\n".join(f"- {note}" for note in record.adjuster_notes)),
        ]
        if record.is_fraud_suspected:
            sections.append(("Fraud review", "\n".join(f"- {i}" for i in record.fraud_indicators)))
        approved = record.approved_amount
        return render_document(
            f"Insurance claim {record.claim_id} ({record.policy_type})",
            facts=[
                ("Policy", f"{record.policy_number} with {record.insurer}"),
                ("Claimant", f"{claimant.name} <{claimant.email}>, {claimant.phone}"),
                ("Channel", record.channel),
                ("Incident date", record.incident_date.isoformat()),
                ("Reported", record.reported_date.isoformat()),
                ("Status", record.status),
                ("Deductible", f"{record.deductible:,.2f}"),
                ("Approved", None if approved is None else f"{approved:,.2f}"),
                ("Decided", record.decision_date.isoformat() if record.decision_date else None),
                ("Fraud suspected", "yes" if record.is_fraud_suspected else "no"),
            ],
            sections=sections,
        )


def _claimed(record: InsuranceClaim) -> float:
    """The sum of a claim's line items."""
    return total(item.amount for item in record.line_items)
