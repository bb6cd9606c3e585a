"""The ``legal-contract`` scenario: its rules, contract types, term arithmetic and text.

What every scenario must do (valid offline records, help, examples, distributions, repair
or rejection of any answer) is checked by tests/test_catalogue.py.
"""

from __future__ import annotations

import calendar
import functools
import itertools
from collections import Counter
from datetime import date, timedelta
from typing import cast, get_args

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.runtime import runtime_of
from data_generator.tools.legal_contract import (
    PAYMENT_WEIGHTS,
    SIGNING_GRACE_DAYS,
    TERM_WEIGHTS,
    Contract,
    ContractType,
    LegalContractTool,
    Signature,
    add_months,
    months_between,
    term_band,
)

CONTRACT_TYPES: tuple[str, ...] = get_args(ContractType)


def tool(
    contract_type: str = "service-agreement", num_clauses: int = 8, complexity: str = "intermediate"
) -> LegalContractTool:
    return LegalContractTool(
        {"contract_type": contract_type, "num_clauses": num_clauses, "complexity": complexity}
    )


def offline(made: LegalContractTool, count: int, seed: int) -> list[Contract]:
    settings_ = Settings(provider="offline", seed=seed)
    return cast(
        "list[Contract]", DataGenerator(made, count=count, settings=settings_).generate_data()
    )


@functools.cache
def contracts() -> tuple[Contract, ...]:
    """Offline contracts with the default options (made once)."""
    return tuple(offline(tool(), 100, 23))


def months_later(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's end (independent of the module)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months(start: date, end: date) -> int:
    return next(n for n in itertools.count() if months_later(start, n + 1) > end)


def sample() -> Contract:
    """A paid, fixed-term contract."""
    return next(c for c in contracts() if c.end_date is not None and c.value)


# --- what the options change -----------------------------------------------------------------


def test_employment_contracts_follow_their_own_weights() -> None:
    records = offline(tool("employment", 5, "basic"), 1000, 31)
    payments: Counter[str] = Counter(r.payment_structure for r in records)
    terms = Counter(term_band(r.term_months) for r in records)
    for counts, weights in (
        (payments, PAYMENT_WEIGHTS["employment"]),
        (terms, TERM_WEIGHTS["employment"]),
    ):
        assert set(counts) <= set(weights)
        for value, weight in weights.items():
            assert abs(counts[value] / len(records) - weight) <= 0.03, (value, counts)
    assert {r.parties[1].kind for r in records} == {"individual"}
    assert all(r.value is not None for r in records)  # an employee is always paid


def test_ndas_carry_no_value() -> None:
    records = offline(tool("nda", 4), 50, 3)
    assert {(r.payment_structure, r.value, r.currency) for r in records} == {("none", None, None)}


@pytest.mark.parametrize("contract_type", CONTRACT_TYPES)
@pytest.mark.parametrize("num_clauses", [1, 17, 40])
def test_every_type_makes_exactly_the_clauses_asked_for(
    contract_type: str, num_clauses: int
) -> None:
    made = tool(contract_type, num_clauses, "advanced" if num_clauses == 1 else "basic")
    for record in offline(made, 3, num_clauses):
        assert made.problems(record) == []
        assert record.contract_type == contract_type
        assert [c.number for c in record.clauses] == list(range(1, num_clauses + 1))
        assert len({c.heading for c in record.clauses}) == num_clauses


@pytest.mark.parametrize(
    ("answered", "band", "months"),
    [
        (6, "13-36-months", 13),  # the nearest term in the band
        (None, "up-to-12-months", 12),  # the band's usual term
        (24, "open-ended", None),
    ],
)
def test_a_term_outside_the_drawn_band_is_moved_into_it(
    answered: int | None, band: str, months: int | None
) -> None:
    start = sample().effective_date
    end = None if answered is None else months_later(start, answered)
    answer = sample().model_copy(update={"term_months": answered, "end_date": end})
    dump = answer.model_dump(mode="json")
    next(a for a in runtime_of(tool()).attributes if a.name == "term_band").set_in(dump, band)
    fixed = Contract.model_validate(dump)
    assert fixed.term_months == months
    assert fixed.end_date == (None if months is None else months_later(start, months))


# --- rules -------------------------------------------------------------------------------------


def outsider(c: Contract) -> list[Signature]:
    return [*c.signatures, c.signatures[0].model_copy(update={"party_name": "Nobody Ltd"})]


def late(c: Contract) -> list[Signature]:
    when = c.effective_date + timedelta(days=SIGNING_GRACE_DAYS + 1)
    return [c.signatures[0].model_copy(update={"signed_date": when}), *c.signatures[1:]]


RULES = {
    "contract type from the option": Case(
        lambda c: {"contract_type": "lease"}, mends=lambda c: c.contract_type == "service-agreement"
    ),
    "too few clauses": Case(lambda c: {"clauses": c.clauses[:7]}, rejects="has 7 clauses, not 8"),
    "too many clauses": Case(
        lambda c: {"clauses": [*c.clauses, c.clauses[0]]}, rejects="has 9 clauses, not 8"
    ),
    "clauses out of order": Case(
        lambda c: {"clauses": [clause.model_copy(update={"number": 3}) for clause in c.clauses]},
        mends=lambda c: c.clauses == sample().clauses,
    ),
    "term without an end date": Case(
        lambda c: {"end_date": None}, mends=lambda c: c.end_date == sample().end_date
    ),
    "ends on its start": Case(
        lambda c: {"end_date": c.effective_date}, rejects="end_date is not after effective_date"
    ),
    "ends before its start": Case(
        lambda c: {"end_date": c.effective_date - timedelta(days=5)},
        rejects="end_date is not after effective_date",
    ),
    "term that does not match the dates": Case(
        lambda c: {"term_months": 999}, mends=lambda c: c.term_months == sample().term_months
    ),
    "same party twice": Case(
        lambda c: {"parties": [c.parties[0], c.parties[0]]}, rejects="two parties share a name"
    ),
    "an outsider signs": Case(
        lambda c: {"signatures": outsider(c)},
        rejects="signature for 'Nobody Ltd', who is not a party",
    ),
    "signed too late": Case(
        lambda c: {"signatures": late(c)}, rejects="signed more than 30 days after effective_date"
    ),
    "value without payment": Case(
        lambda c: {"payment_structure": "none"},
        rejects="value must be null exactly when payment_structure is none",
    ),
    "payment without value": Case(lambda c: {"value": None}, rejects="value must be null exactly"),
    "value without currency": Case(lambda c: {"currency": None}, rejects="needs a currency"),
    "currency without value": Case(
        lambda c: {"payment_structure": "none", "value": None}, mends=lambda c: c.currency is None
    ),
}


@cases(RULES)
def test_an_answer_that_breaks_a_rule_is_mended_or_rejected(case: Case) -> None:
    check_case(tool(), sample(), case)


def test_signing_before_or_up_to_30_days_after_the_effective_date_is_fine() -> None:
    record = sample()
    for days in (-365, 0, SIGNING_GRACE_DAYS):
        when = record.effective_date + timedelta(days=days)
        signed = [s.model_copy(update={"signed_date": when}) for s in record.signatures]
        assert tool().post_process(record.model_copy(update={"signatures": signed}))


# --- term arithmetic -------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(effective=DAYS, end_offset=st.integers(min_value=1, max_value=4000))
def test_months_between_counts_the_whole_months(effective: date, end_offset: int) -> None:
    end = effective + timedelta(days=end_offset)
    assert months_between(effective, end) == whole_months(effective, end)


@settings(max_examples=200, deadline=None)
@given(effective=DAYS, term_months=st.integers(min_value=1, max_value=150))
@example(effective=date(2024, 1, 31), term_months=1)  # to the last day of February
def test_add_months_clamps_to_the_month_end(effective: date, term_months: int) -> None:
    assert add_months(effective, term_months) == months_later(effective, term_months)


# --- text ------------------------------------------------------------------------------------


def test_text_holds_the_whole_contract() -> None:
    made = tool()
    for record in contracts()[:40]:
        text = made.render_text(record)
        assert text.startswith(f"{record.title}\n{'=' * len(record.title)}\n")
        for value in (record.contract_id, record.governing_law, record.risk_level,
                      record.payment_structure, record.effective_date.isoformat()):  # fmt: skip
            assert value in text
        if record.end_date is not None:
            assert f"{record.term_months} months, ending {record.end_date.isoformat()}" in text
        if record.value is not None:
            assert f"{record.currency} {record.value:,.2f}" in text
        for party in record.parties:
            assert f"{party.role}: {party.name} ({party.kind}), {party.address}" in text
        for c in record.clauses:
            heading = f"{c.number}. {c.heading}"
            assert f"{heading}\n{'-' * len(heading)}\n{c.text}" in text
        for s in record.signatures:
            assert f"For {s.party_name}: {s.signatory}, {s.title}, signed {s.signed_date}" in text
