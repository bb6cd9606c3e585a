"""Clauses of a ``legal-contract`` record, written from the record's own facts.

The parties, dates, term, governing law, currency and value of the record fill each
clause's wording (``legal_contract_wording``): a liability cap is an amount or a multiple
of the fees, a termination notice fits inside the term, the payment clause states the
record's amount in its currency, instalments add up to the value.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

from data_generator import synth
from data_generator.schema import STRING_MAX_LENGTH
from data_generator.tools.legal_contract_vocabulary import (
    PAYMENT_HEADINGS,
    STREET_KINDS,
    STREETS,
    TAXES,
    TOWNS,
)
from data_generator.tools.legal_contract_wording import (
    CLAUSES,
    FIXED_FEE_TAILS,
    GRAMMAR,
    NO_LEAD_IN,
    PAYMENT_LINES,
    PERIODIC_WHAT,
    SUPPORT_SENTENCES,
)
from data_generator.tools.prose_dates import long_date

__all__ = [
    "NOTICE_DAYS", "clause_facts", "law_phrase", "money", "notice_days",
    "payment_line", "write_clauses",
]  # fmt: skip

#: Notice periods (days) a contract may use; a fixed term allows those of a quarter of it or less.
NOTICE_DAYS = (7, 14, 30, 60, 90)
OPEN_ENDED_NOTICE = (30, 60, 90)
_SPACE_BEFORE_STOP = re.compile(r" ([,;])")


def _wordings(table: str) -> tuple[str, ...]:
    """Every wording of ``table``, without the space an optional part leaves before a comma."""
    return tuple(_SPACE_BEFORE_STOP.sub(r"\1", text) for text in GRAMMAR.variants(table))


#: Every wording of each clause's core sentence, of each supporting sentence and of the
#: lead-ins, enumerated once: a clause costs a few random numbers and ``format_map`` calls.
CORE_WORDINGS = {heading: _wordings(f"clause {heading}") for heading in CLAUSES}
SUPPORT_WORDINGS = tuple(_wordings(f"support {n}") for n in range(len(SUPPORT_SENTENCES)))
LEAD_IN_WORDINGS = _wordings("lead in")
NO_PAYMENT_WORDINGS = {kind: _wordings(f"payment {kind}") for kind in ("none", "partnership")}
#: First words a lead-in puts in lower case even before a capitalised word (a role).
FUNCTION_WORDS = frozenset(
    ("The", "Each", "Either", "Neither", "A", "An", "All", "No", "This", "Any", "If", "On")
)
#: Share of core sentences that start with a lead-in.
LEAD_IN_SHARE = 0.45
#: Supporting sentences after a clause's core sentence, per complexity: (fewest, most).
SUPPORT_COUNT = {"basic": (0, 1), "intermediate": (1, 2), "advanced": (2, 3)}
#: Liability caps without a contract value, by risk level (in the governing law's currency).
FIXED_CAPS = {"low": (25_000, 50_000), "medium": (100_000, 250_000), "high": (500_000, 1_000_000)}
#: Liability caps as multiples of the fees, by risk level: (multiple, words).
FEE_CAPS = {"low": (1.0, "the"), "medium": (2.0, "twice the"), "high": (3.0, "three times the")}
HOURLY_RATES = {"employment": (18, 60), "consulting": (90, 250), "service-agreement": (60, 150)}
#: Contract types where the second party (buyer, tenant, licensee) pays.
PAID_BY_SECOND = ("sales", "lease", "licensing")


def money(currency: str, amount: float) -> str:
    """An amount with its currency code: ``GBP 782,000.00``."""
    return f"{currency} {amount:,.2f}"


def notice_days(rng: random.Random, term_months: int | None) -> int:
    """A notice period that fits the term: at most a quarter of it, or 30-90 days if open-ended."""
    if term_months is None:
        return OPEN_ENDED_NOTICE[int(rng.random() * len(OPEN_ENDED_NOTICE))]
    fitting = [days for days in NOTICE_DAYS if days * 4 <= term_months * 30] or [NOTICE_DAYS[0]]
    choices = fitting[-2:]
    return choices[int(rng.random() * len(choices))]


def _cap(rng: random.Random, record: dict[str, Any], currency: str) -> str:
    risk, value = record["risk_level"], record["value"]
    if value is None:
        amounts = FIXED_CAPS[risk]
        return money(currency, amounts[int(rng.random() * len(amounts))])
    multiple, words = FEE_CAPS[risk]
    if rng.random() < 0.5:
        return (
            f"{words} fees paid or payable under this Agreement in the 12 months before the claim"
        )
    return f"{money(currency, value * multiple)} ({words} total contract value)"


def _address(rng: random.Random, country: str) -> str:
    street = f"{synth.choose(rng, STREETS)} {synth.choose(rng, STREET_KINDS)}"
    unit, number = 1 + int(rng.random() * 40), 1 + int(rng.random() * 400)
    return f"Unit {unit}, {number} {street}, {synth.choose(rng, TOWNS)}, {country}"


def clause_facts(
    record: dict[str, Any], rng: random.Random, currency: str, country: str
) -> dict[str, str]:
    """The record's facts as the clause wording names them."""
    parties = record["parties"]
    first, second = parties[0]["role"], parties[1]["role"]
    if first == second:  # partnerships: every party has the same role
        first, second = f"first {first}", f"second {second}"
    effective: date = record["effective_date"]
    end: date | None = record["end_date"]
    months = record["term_months"]
    notice = notice_days(rng, months)
    if end is None:
        term_end = (
            f"continues for an indefinite term until either party ends it on {notice} days' "
            "written notice"
        )
        term_notice = "at any time"
    else:
        term_end = (
            f"ends on {long_date(end)}, after a term of {months} months"
            if rng.random() < 0.5
            else f"continues for a term of {months} months, until {long_date(end)}"
        )
        term_notice = f"before {long_date(end)}"
    value = record["value"] or 0.0
    monthly = value / (months or 12)
    return {
        "first": first,
        "second": second,
        "first_name": parties[0]["name"],
        "second_name": parties[1]["name"],
        "first_address": parties[0]["address"],
        "second_address": parties[1]["address"],
        "law": law_phrase(record["governing_law"]),
        "start": long_date(effective),
        "term_end": term_end,
        "term_notice": term_notice,
        "notice": str(notice),
        "cur": currency,
        "cap": _cap(rng, record, currency),
        "deposit": money(currency, round(monthly * (2 + int(rng.random() * 2)), -1)),
        "premises": _address(rng, country),
        "software": f"the {synth.choose(rng, synth.COMPANY_WORDS)} {synth.choose(rng, SOFTWARE)}",
        "firm": f"{synth.choose(rng, synth.LAST_NAMES)} & {synth.choose(rng, FIRM_ENDINGS)}",
        "tax": TAXES[country],
        "insured": money(currency, (1, 2, 5, 10)[int(rng.random() * 4)] * 1_000_000),
        "delivery": long_date(effective + timedelta(days=14 + int(rng.random() * 77))),
    }


SOFTWARE = (
    "Analytics software", "Ledger software", "Inventory software", "Scheduler app",
    "Payroll software", "Field Service platform", "CRM platform",
)  # fmt: skip
FIRM_ENDINGS = ("Partners", "Associates", "Co.")


def law_phrase(jurisdiction: str) -> str:
    """Put a jurisdiction after "the laws of": ``the State of Delaware, USA``."""
    if jurisdiction.startswith(("The ", "State of", "Republic")):
        return "the " + jurisdiction.removeprefix("The ")
    return jurisdiction


def payment_line(
    rng: random.Random, record: dict[str, Any], facts: dict[str, str], heading: str = ""
) -> str:
    """The sentence that states what is paid, by whom, how: the record's value and currency."""
    kind, structure = record["contract_type"], record["payment_structure"]
    if record["value"] is None:
        capital = heading == "Capital Contributions"
        wordings = NO_PAYMENT_WORDINGS["partnership" if capital else "none"]
        return _sentence(_pick(rng, wordings).format_map(facts))
    currency, value, months = record["currency"], record["value"], record["term_months"]
    key, count = structure, 1
    if kind == "partnership":
        key = "partnership"
    elif structure in ("monthly", "salary"):
        key, count = ("periodic-open", 12) if months is None else ("periodic", months)
    elif structure == "fixed-fee" and kind == "lease":
        key = "fixed-rent"
    elif structure == "milestone":
        count = 2 + int(rng.random() * 4)
    low, high = HOURLY_RATES.get(kind, HOURLY_RATES["consulting"])
    return PAYMENT_LINES[key].format(
        payer=facts["second"] if kind in PAID_BY_SECOND else facts["first"],
        amount=money(currency, value),
        share=money(currency, value / count),
        months=months,
        count=count,
        what=PERIODIC_WHAT.get("salary" if structure == "salary" else kind, "fees of"),
        tail=FIXED_FEE_TAILS[int(rng.random() * len(FIXED_FEE_TAILS))],
        rate=money(currency, low + int(rng.random() * (high - low))),
        percent=3 + int(rng.random() * 10),
    )


#: A payment heading's own wording fits only these payment structures (others: payment line only).
CORE_FITS = {"Rent": ("monthly",), "Royalties": ("royalty",), "Remuneration": ("salary", "hourly")}


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return options[int(rng.random() * len(options))]


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}" + ("" if text.endswith(".") else ".")


def _core(rng: random.Random, heading: str, facts: dict[str, str]) -> str:
    text = _pick(rng, CORE_WORDINGS[heading]).format_map(facts)
    if heading not in NO_LEAD_IN and rng.random() < LEAD_IN_SHARE:
        first, second = text.split(" ", 2)[:2]
        if first in FUNCTION_WORDS or not second[:1].isupper():
            first = first.lower()  # not "Confidential Information" or a party's name
        text = f"{_pick(rng, LEAD_IN_WORDINGS).format_map(facts)} {first} {text[len(first) + 1 :]}"
    return _sentence(text)


def _payment_text(
    rng: random.Random,
    heading: str,
    record: dict[str, Any],
    facts: dict[str, str],
    first_payment: bool,
) -> str:
    structure = record["payment_structure"]
    parts = []
    if heading == "Royalties" and structure != "royalty":
        parts.append("No royalties are payable under this Agreement.")
    if first_payment or record["value"] is None:
        parts.append(payment_line(rng, record, facts, heading))
    fits = CORE_FITS.get(heading)
    if record["value"] is not None and (fits is None or structure in fits):
        parts.append(_sentence(_pick(rng, CORE_WORDINGS[heading]).format_map(facts)))
    return " ".join(parts)


def write_clauses(
    rng: random.Random,
    record: dict[str, Any],
    headings: list[str],
    complexity: str,
    facts: dict[str, str],
) -> list[dict[str, Any]]:
    """The numbered clauses of ``headings``, each a core sentence and a few supporting ones."""
    low, high = SUPPORT_COUNT[complexity]
    families = len(SUPPORT_WORDINGS)
    clauses = []
    paid = False
    for number, heading in enumerate(headings, start=1):
        if heading in PAYMENT_HEADINGS:
            parts = [_payment_text(rng, heading, record, facts, first_payment=not paid)]
            paid = True
        else:
            parts = [_core(rng, heading, facts)]
        count = low + int(rng.random() * (high - low + 1))
        picked: list[int] = []
        length = len(parts[0])
        while len(picked) < count:
            family = int(rng.random() * families)
            if family not in picked:
                picked.append(family)
                sentence = _sentence(_pick(rng, SUPPORT_WORDINGS[family]).format_map(facts))
                # A clause stays within what a model may answer (the wire schema's bound).
                if length + 1 + len(sentence) <= STRING_MAX_LENGTH:
                    parts.append(sentence)
                    length += 1 + len(sentence)
        clauses.append({"number": number, "heading": heading, "text": " ".join(parts)})
    return clauses
