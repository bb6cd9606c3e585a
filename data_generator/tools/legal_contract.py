"""``legal-contract``: fictional contracts with parties, numbered clauses and signatures."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from data_generator import synth
from data_generator.markers import Drawn, FromOption, Later, RecordId
from data_generator.messages import count_of
from data_generator.records import Money
from data_generator.tool import (
    Attribute,
    DataGeneratorTool,
    Hint,
    RecordContext,
    render_document,
    rule,
)
from data_generator.tools.legal_contract_clauses import clause_facts, write_clauses
from data_generator.tools.legal_contract_vocabulary import (
    CORE,
    ENTITY_SUFFIXES,
    GENERAL,
    ROLES,
    SIGNATORY_TITLES,
    SPECIFIC,
    STREET_KINDS,
    STREETS,
    TITLES,
    TOWNS,
)

__all__ = ["Contract", "LegalContractOptions", "LegalContractTool"]

ContractType = Literal[
    "nda",
    "employment",
    "service-agreement",
    "lease",
    "sales",
    "licensing",
    "partnership",
    "consulting",
]
Complexity = Literal["basic", "intermediate", "advanced"]
Jurisdiction = Literal[
    "State of Delaware, USA",
    "State of New York, USA",
    "State of California, USA",
    "England and Wales",
    "Scotland",
    "Ontario, Canada",
    "New South Wales, Australia",
    "Republic of Ireland",
    "Singapore",
    "The Netherlands",
]
Currency = Literal["USD", "GBP", "EUR", "CAD", "AUD", "SGD"]
PaymentStructure = Literal[
    "none", "fixed-fee", "monthly", "milestone", "hourly", "royalty", "salary"
]
RiskLevel = Literal["low", "medium", "high"]
TermBand = Literal["open-ended", "up-to-12-months", "13-36-months", "over-36-months"]
PartyKind = Literal["organisation", "individual"]

#: Signatures may come at most this many days after the effective date (late counter-signing).
SIGNING_GRACE_DAYS = 30
#: Jurisdiction: (weight, currency, country shown in addresses).
JURISDICTIONS: dict[str, tuple[float, Currency, str]] = {
    "State of Delaware, USA": (0.2, "USD", "USA"),
    "State of New York, USA": (0.15, "USD", "USA"),
    "State of California, USA": (0.1, "USD", "USA"),
    "England and Wales": (0.2, "GBP", "United Kingdom"),
    "Scotland": (0.05, "GBP", "United Kingdom"),
    "Ontario, Canada": (0.08, "CAD", "Canada"),
    "New South Wales, Australia": (0.07, "AUD", "Australia"),
    "Republic of Ireland": (0.05, "EUR", "Ireland"),
    "Singapore": (0.05, "SGD", "Singapore"),
    "The Netherlands": (0.05, "EUR", "Netherlands"),
}
JURISDICTION_WEIGHTS = {name: weight for name, (weight, _, _) in JURISDICTIONS.items()}
RISK_WEIGHTS = {"low": 0.45, "medium": 0.4, "high": 0.15}
#: Per contract type: payment-structure weights.
PAYMENT_WEIGHTS: dict[str, dict[str, float]] = {
    "nda": {"none": 1.0},
    "employment": {"salary": 0.85, "hourly": 0.15},
    "service-agreement": {"fixed-fee": 0.3, "monthly": 0.4, "milestone": 0.2, "hourly": 0.1},
    "lease": {"monthly": 0.9, "fixed-fee": 0.1},
    "sales": {"fixed-fee": 0.6, "milestone": 0.4},
    "licensing": {"royalty": 0.5, "fixed-fee": 0.3, "monthly": 0.2},
    "partnership": {"none": 0.7, "fixed-fee": 0.3},
    "consulting": {"hourly": 0.4, "fixed-fee": 0.3, "milestone": 0.2, "monthly": 0.1},
}
#: Per contract type: term-band weights.
TERM_WEIGHTS: dict[str, dict[str, float]] = {
    "nda": {"up-to-12-months": 0.2, "13-36-months": 0.6, "over-36-months": 0.2},
    "employment": {"open-ended": 0.7, "up-to-12-months": 0.15, "13-36-months": 0.15},
    "service-agreement": {"up-to-12-months": 0.35, "13-36-months": 0.5, "over-36-months": 0.15},
    "lease": {"up-to-12-months": 0.3, "13-36-months": 0.4, "over-36-months": 0.3},
    "sales": {"up-to-12-months": 0.7, "13-36-months": 0.3},
    "licensing": {"open-ended": 0.1, "13-36-months": 0.4, "over-36-months": 0.5},
    "partnership": {"open-ended": 0.6, "over-36-months": 0.4},
    "consulting": {"open-ended": 0.1, "up-to-12-months": 0.6, "13-36-months": 0.3},
}
TERM_MONTHS: dict[str, tuple[int, ...]] = {
    "up-to-12-months": (3, 6, 9, 12),
    "13-36-months": (18, 24, 30, 36),
    "over-36-months": (48, 60, 84, 120),
}
#: Per contract type: (low, high) total value.
VALUES: dict[str, tuple[int, int]] = {
    "nda": (0, 0),
    "employment": (32_000, 240_000),
    "service-agreement": (10_000, 900_000),
    "lease": (12_000, 600_000),
    "sales": (2_000, 1_500_000),
    "licensing": (5_000, 400_000),
    "partnership": (25_000, 2_000_000),
    "consulting": (4_000, 250_000),
}


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by whole months (clamped to the last day of a short month)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (next_month - timedelta(days=1)).day))


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (``end`` not before ``start``)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if add_months(start, months) > end else months


def term_band(term_months: int | None) -> str:
    """Name the band of a contract term (``open-ended`` without one)."""
    if term_months is None:
        return "open-ended"
    if term_months <= 12:
        return "up-to-12-months"
    return "13-36-months" if term_months <= 36 else "over-36-months"


#: Months of each term band: (fewest, most, the term of a contract that had none).
TERM_LIMITS: dict[str, tuple[int, int, int]] = {
    "up-to-12-months": (1, 12, 12), "13-36-months": (13, 36, 24),
    "over-36-months": (37, 1200, 60),
}  # fmt: skip


def set_term_band(record: dict[str, Any], band: str) -> None:
    """Give a contract's JSON dump a term in ``band``: the nearest, and its end_date."""
    if band == "open-ended":
        record["term_months"] = record["end_date"] = None
        return
    low, high, default = TERM_LIMITS[band]
    months = record["term_months"]
    months = default if months is None else min(max(months, low), high)
    effective = date.fromisoformat(record["effective_date"])
    record["term_months"] = months
    record["end_date"] = add_months(effective, months).isoformat()


class LegalContractOptions(BaseModel):
    """Options of the ``legal-contract`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    contract_type: ContractType = Field(
        default="service-agreement", description="Kind of contract."
    )
    num_clauses: int = Field(default=8, ge=1, le=40, description="Numbered clauses per contract.")
    complexity: Complexity = Field(
        default="intermediate", description="Drafting depth: how long and detailed clauses are."
    )


class Party(BaseModel):
    """One party to the contract."""

    role: str = Field(min_length=1, description="Role in the contract, e.g. Client, Tenant.")
    name: str = Field(min_length=1, description="Fictional organisation or person name.")
    kind: PartyKind = Field(description="Whether the party is an organisation or a person.")
    address: str = Field(min_length=5, description="Fictional postal address.")


class Clause(BaseModel):
    """One numbered clause."""

    number: int = Field(ge=1, description="Clause number, 1 for the first, in order.")
    heading: str = Field(min_length=1, description="Clause heading.")
    text: str = Field(min_length=1, description="Clause wording.")


class Signature(BaseModel):
    """One party's signature block."""

    party_name: str = Field(min_length=1, description="Name of the party signing (a party).")
    signatory: str = Field(min_length=1, description="Fictional person who signs.")
    title: str = Field(min_length=1, description="The signatory's title or capacity.")
    signed_date: date = Field(description="Date signed; at most 30 days after effective_date.")


class Contract(BaseModel):
    """A fictional legal contract."""

    contract_id: Annotated[str, RecordId("CTR")] = Field(description="Contract id, CTR-000123.")
    contract_type: Annotated[ContractType, FromOption("contract_type")] = Field(
        description="Kind of contract (the --contract-type)."
    )
    title: str = Field(min_length=5, description="Contract title.")
    parties: list[Party] = Field(min_length=2, description="The parties, two or more.")
    effective_date: date = Field(description="Date the contract takes effect.")
    term_months: int | None = Field(
        ge=0, description="Whole months from effective_date to end_date; null if open-ended."
    )
    end_date: Annotated[date | None, Later] = Field(
        description="Date the contract ends; null if open-ended."
    )
    governing_law: Annotated[Jurisdiction, Drawn(JURISDICTION_WEIGHTS)] = Field(
        description="Law that governs the contract."
    )
    payment_structure: Annotated[
        PaymentStructure, Drawn.by_option("contract_type", PAYMENT_WEIGHTS)
    ] = Field(description="How consideration is paid.")
    value: Money | None = Field(description="Total contract value; null when nothing is paid.")
    currency: Currency | None = Field(description="Currency of value; null when value is null.")
    risk_level: Annotated[RiskLevel, Drawn(RISK_WEIGHTS)] = Field(
        description="Legal risk to the first party."
    )
    clauses: Annotated[list[Clause], Later] = Field(
        min_length=1, description="Numbered clauses, 1..n in order."
    )
    signatures: Annotated[list[Signature], Later] = Field(
        min_length=1, description="Signature blocks."
    )


def _renumber_clauses(record: Contract) -> Contract:
    clauses = [
        clause.model_copy(update={"number": n}) for n, clause in enumerate(record.clauses, 1)
    ]
    return record.model_copy(update={"clauses": clauses})


class LegalContractTool(DataGeneratorTool[LegalContractOptions, Contract]):
    """Fictional contracts: parties, term, value, numbered clauses and signatures."""

    name = "legal-contract"
    description = "Fictional legal contracts: parties, term, value, clauses and signatures."

    system = (
        "You draft realistic but entirely fictional legal contracts for software testing. "
        "Parties, people and addresses are invented; no real company or person is named. "
        "The text is sample data, not legal advice."
    )

    def build_prompt(self) -> str:
        """User prompt; per-record attributes arrive in ``{{$attributes}}``."""
        options = self.options
        return (
            f"Draft {options.contract_type} contract number {{{{$index}}}} at "
            f"{options.complexity} depth.\n"
            f"Set contract_type to {options.contract_type}. Write exactly "
            f"{count_of(options.num_clauses, 'clause')}, numbered 1 to {options.num_clauses} "
            "in order. "
            "Name at least two parties with distinct names. end_date is after effective_date "
            "and term_months counts the whole months between them; both are null for an "
            "open-ended contract. When payment_structure is none, value and currency are "
            "null; otherwise give both. Every signature names one of the parties and is dated "
            f"no later than {SIGNING_GRACE_DAYS} days after effective_date."
        )

    examples = (
        "datagen legal-contract --contract-type nda --num-clauses 6 --count 5 -o data/ndas "
        "--provider offline",
        "datagen legal-contract --contract-type lease --num-clauses 20 --complexity advanced "
        "-f txt -n 2 -o data/leases --provider offline",
    )

    attribute_order = ("governing_law", "term_band", "payment_structure", "risk_level")

    def attributes(self) -> list[Attribute]:
        """The term band (by contract type), drawn per record."""
        return [
            Attribute(
                "term_band",
                TERM_WEIGHTS[self.options.contract_type],
                observe=lambda record: term_band(record["term_months"]),
                apply=set_term_band,
            )
        ]

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        kind = self.options.contract_type
        first = (synth.ANCHOR - timedelta(days=3 * 365)).date()
        return {
            "title": lambda _rng, _ctx: TITLES[kind],  # offline_finalize adds the parties
            "parties": self._parties,
            "effective_date": lambda rng, _ctx: synth.date_between(rng, first, synth.ANCHOR.date()),
            "term_months": self._term_months,
            "value": self._value,
            "currency": lambda _rng, ctx: (
                None
                if ctx.attributes["payment_structure"] == "none"
                else JURISDICTIONS[ctx.attributes["governing_law"]][1]
            ),
        }

    def _parties(self, rng: random.Random, ctx: RecordContext) -> list[dict[str, Any]]:
        roles = list(ROLES[self.options.contract_type])
        if self.options.contract_type == "partnership" and rng.random() < 0.3:
            roles.append(("Partner", "either"))
        country = JURISDICTIONS[ctx.attributes["governing_law"]][2]
        parties: list[dict[str, Any]] = []
        names: set[str] = set()
        for role, wanted in roles:
            kind = wanted
            if wanted == "either":
                kind = "organisation" if rng.random() < 0.6 else "individual"
            name = ""
            while not name or name in names:
                name = (
                    f"{synth.company_name(rng)} {synth.choose(rng, ENTITY_SUFFIXES)}"
                    if kind == "organisation"
                    else synth.person_name(rng)
                )
            names.add(name)
            street = f"{synth.choose(rng, STREETS)} {synth.choose(rng, STREET_KINDS)}"
            town = synth.choose(rng, TOWNS)
            address = f"{1 + int(rng.random() * 400)} {street}, {town}, {country}"
            parties.append({"role": role, "name": name, "kind": kind, "address": address})
        return parties

    def _value(self, rng: random.Random, ctx: RecordContext) -> float | None:
        if ctx.attributes["payment_structure"] == "none":
            return None
        low, high = VALUES[self.options.contract_type]
        return float(round(low + rng.random() * (high - low), -2))

    @staticmethod
    def _term_months(rng: random.Random, ctx: RecordContext) -> int | None:
        band = ctx.attributes["term_band"]
        if band == "open-ended":
            return None
        choices = TERM_MONTHS[band]
        return choices[int(rng.random() * len(choices))]

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Derive the end date, then write the title, clauses and signatures."""
        effective: date = record["effective_date"]
        if record["term_months"] is not None:
            record["end_date"] = add_months(effective, record["term_months"])
        parties = record["parties"]
        names = [party["name"] for party in parties]
        record["title"] += " between " + ", ".join(names[:-1]) + " and " + names[-1]
        record["clauses"] = self._clauses(record, rng)
        record["signatures"] = [
            {
                "party_name": party["name"],
                "signatory": party["name"]
                if party["kind"] == "individual"
                else synth.person_name(rng),
                "title": "In a personal capacity"
                if party["kind"] == "individual"
                else synth.choose(rng, SIGNATORY_TITLES),
                "signed_date": effective + timedelta(days=int(rng.random() * 71) - 60),
            }
            for party in parties
        ]
        return record

    def _clauses(self, record: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
        count = self.options.num_clauses
        specific = SPECIFIC[self.options.contract_type]
        canonical = (GENERAL[0], *specific, *GENERAL[1:])
        rest = [heading for heading in GENERAL if heading not in CORE]
        rng.shuffle(rest)
        chosen = set((*specific, *CORE, *rest)[:count])
        _, currency, country = JURISDICTIONS[record["governing_law"]]
        facts = clause_facts(record, rng, record["currency"] or currency, country)
        headings = [heading for heading in canonical if heading in chosen]
        return write_clauses(rng, record, headings, self.options.complexity, facts)

    @rule("the contract does not have the clauses asked for")
    def has_the_clauses_asked_for(self, record: Contract) -> bool | str:
        asked = self.options.num_clauses
        return len(record.clauses) == asked or (
            f"the contract has {count_of(len(record.clauses), 'clause')}, not {asked}"
        )

    @rule("clauses are not numbered 1..n in order", fix=_renumber_clauses)
    def clauses_numbered_in_order(self, record: Contract) -> bool:
        return [c.number for c in record.clauses] == list(range(1, len(record.clauses) + 1))

    @rule(
        "term_months is set but end_date is null",
        fix=lambda record: record.model_copy(
            update={"end_date": add_months(record.effective_date, record.term_months)}
        ),
    )
    def term_has_an_end_date(self, record: Contract) -> bool:
        return record.end_date is not None or record.term_months is None

    @rule("end_date is not after effective_date")
    def ends_after_it_starts(self, record: Contract) -> bool:
        return record.end_date is None or record.end_date > record.effective_date

    @rule(
        "term_months does not match the dates",
        fix=lambda record: record.model_copy(
            update={"term_months": months_between(record.effective_date, record.end_date)}
        ),
    )
    def term_matches_the_dates(self, record: Contract) -> bool:
        effective, end = record.effective_date, record.end_date
        return (
            end is None or end <= effective or record.term_months == months_between(effective, end)
        )

    @rule("two parties share a name")
    def parties_are_distinct(self, record: Contract) -> bool:
        names = [party.name for party in record.parties]
        return len(set(names)) == len(names)

    @rule("a signature is for someone who is not a party")
    def signed_by_parties(self, record: Contract) -> list[str]:
        names = {party.name for party in record.parties}
        return [
            f"signature for {signature.party_name!r}, who is not a party"
            for signature in record.signatures
            if signature.party_name not in names
        ]

    @rule(f"a party signed more than {SIGNING_GRACE_DAYS} days after effective_date")
    def signed_in_time(self, record: Contract) -> list[str]:
        latest = record.effective_date + timedelta(days=SIGNING_GRACE_DAYS)
        return [
            f"{signature.party_name!r} signed more than {SIGNING_GRACE_DAYS} days "
            "after effective_date"
            for signature in record.signatures
            if signature.signed_date > latest
        ]

    @rule("value must be null exactly when payment_structure is none")
    def value_exactly_when_paid(self, record: Contract) -> bool:
        return (record.payment_structure == "none") == (record.value is None)

    @rule("a value needs a currency")
    def value_has_a_currency(self, record: Contract) -> bool:
        return record.value is None or record.currency is not None

    @rule(
        "a currency without a value",
        fix=lambda record: record.model_copy(update={"currency": None}),
    )
    def currency_only_with_a_value(self, record: Contract) -> bool:
        return record.value is not None or record.currency is None

    def render_text(self, record: Contract) -> str:
        """A readable contract: title, facts, parties, clauses, signature blocks."""
        value = (
            "none" if record.value is None else f"{record.currency or ''} {record.value:,.2f}"
        ).strip()
        term = (
            "open-ended (until terminated)"
            if record.end_date is None
            else f"{record.term_months} months, ending {record.end_date}"
        )
        facts = [
            ("Contract", record.contract_id),
            ("Type", record.contract_type),
            ("Effective", record.effective_date),
            ("Term", term),
            ("Governing law", record.governing_law),
            ("Value", value),
            ("Payment", record.payment_structure),
            ("Risk level", record.risk_level),
        ]
        parties = "\n".join(f"{p.role}: {p.name} ({p.kind}), {p.address}" for p in record.parties)
        sections = [
            ("Parties", parties),
            *((f"{c.number}. {c.heading}", c.text) for c in record.clauses),
        ]
        footer = ["Signatures", "----------"] + [
            f"For {s.party_name}: {s.signatory}, {s.title}, signed {s.signed_date}"
            for s in record.signatures
        ]
        return render_document(record.title, facts, sections, footer)
