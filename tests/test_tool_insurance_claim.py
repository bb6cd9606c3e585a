"""The insurance-claim scenario: its rules, its options, its size bands and its claim text.

What every scenario shares (help, formats, examples, distinct records, attribute weights,
repair-or-reject) is checked by tests/test_catalogue.py.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, get_args

import pytest
from helpers import one_error_line
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.tools.insurance_claim import (
    SIZE_WEIGHTS,
    InsuranceClaim,
    InsuranceClaimTool,
    PolicyType,
    size_band,
)


def insurance(policy_type: str = "auto", fraud: float = 5) -> InsuranceClaimTool:
    return InsuranceClaimTool({"policy_type": policy_type, "fraud_percent": fraud})


def offline(tool: InsuranceClaimTool, count: int, seed: int) -> list[InsuranceClaim]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()  # type: ignore[return-value]


@functools.cache
def claims() -> tuple[InsuranceClaim, ...]:
    """200 offline home claims, 20 % suspected of fraud (made once)."""
    return tuple(offline(insurance("home", fraud=20), 200, 8))


@functools.cache
def sample(status: str) -> InsuranceClaim:
    """A claim with ``status``, two or more line items and no fraud flag."""
    return next(
        c
        for c in claims()
        if c.status == status and len(c.line_items) >= 2 and not c.is_fraud_suspected
    )


# --- options and domain ---------------------------------------------------------------


@pytest.mark.parametrize(("percent", "expected"), [(0, False), (100, True)])
def test_fraud_percent_at_the_bounds_gives_none_or_all(percent: int, expected: bool) -> None:
    records = offline(insurance("travel", fraud=percent), 200, 5)
    assert {r.is_fraud_suspected for r in records} == {expected}
    assert {bool(r.fraud_indicators) for r in records} == {expected}


@pytest.mark.parametrize("policy_type", get_args(PolicyType))
def test_claim_sizes_follow_the_policy_type(policy_type: str) -> None:
    possible = {band for band, weight in SIZE_WEIGHTS[policy_type].items() if weight > 0}
    for claim in offline(insurance(policy_type, fraud=30), 30, 6):
        assert claim.policy_type == policy_type
        assert size_band(claim.claimed_amount) in possible
        if claim.status == "partially-approved":
            assert claim.approved_amount is not None
            assert claim.approved_amount < claim.claimed_amount


def test_size_bands_follow_the_claimed_amount() -> None:
    assert [size_band(a) for a in (100, 2499.99, 2500, 24999, 25000, 250000, 3e6)] == [
        "small", "small", "medium", "medium", "large", "major", "major",
    ]  # fmt: skip


# --- rules ----------------------------------------------------------------------------


RULES = {
    "claimed amount not the sum": Case(
        lambda c: {"claimed_amount": c.claimed_amount + 50},
        mends=lambda c: c == sample("approved"),
    ),
    "open claim with an amount and a decision": Case(
        lambda c: {"status": "under-review"},
        mends=lambda c: (
            (c.status, c.approved_amount, c.decision_date) == ("under-review", None, None)
        ),
    ),
    "denied claim with an amount": Case(
        lambda c: {"status": "denied"},
        mends=lambda c: (
            (c.approved_amount, c.decision_date) == (None, sample("paid").decision_date)
        ),
        record=functools.partial(sample, "paid"),
    ),
    "policy type not the option": Case(
        lambda c: {"policy_type": "pet"}, mends=lambda c: c == sample("approved")
    ),
    "reported before the incident": Case(
        lambda c: {"reported_date": c.incident_date - dt.timedelta(days=1)},
        rejects="reported_date is before incident_date",
        record=functools.partial(sample, "submitted"),
    ),
    "approved above claimed": Case(
        lambda c: {"approved_amount": c.claimed_amount + 1},
        rejects="approved_amount is above claimed_amount",
    ),
    "paid without an amount": Case(
        lambda c: {"approved_amount": None},
        rejects="a paid claim needs approved_amount",
        record=functools.partial(sample, "paid"),
    ),
    "denied without a date": Case(
        lambda c: {"decision_date": None},
        rejects="a denied claim needs decision_date",
        record=functools.partial(sample, "denied"),
    ),
    "decided before reported": Case(
        lambda c: {"decision_date": c.reported_date - dt.timedelta(days=1)},
        rejects="decision_date is before reported_date",
    ),
    "fraud without indicators": Case(
        lambda c: {"is_fraud_suspected": True},
        rejects="a claim suspected of fraud needs fraud_indicators",
    ),
    "indicators without fraud": Case(
        lambda c: {"fraud_indicators": ["late-reporting"]},
        rejects="fraud_indicators are set but fraud is not suspected",
    ),
    "card number in the description": Case(
        lambda c: {"incident_description": "Card 4111-1111-1111-1111 was used."},
        rejects="incident_description holds a full card number",
    ),
    "SSN in a note": Case(
        lambda c: {"adjuster_notes": ["Claimant id 123-45-6789."]},
        rejects="adjuster note holds an SSN-shaped number",
    ),
}


@cases(RULES)
def test_a_broken_rule_is_mended_or_refused(case: Case) -> None:
    check_case(insurance("home"), sample("approved"), case)


# --- render_text ----------------------------------------------------------------------


def test_text_holds_the_whole_claim() -> None:
    tool = insurance("home")
    for claim in claims()[:60]:
        text = tool.render_text(claim)
        lines = text.splitlines()
        assert lines[0] == f"Insurance claim {claim.claim_id} (home)"
        for fact in (
            claim.policy_number, claim.insurer, claim.claimant.name, claim.claimant.email,
            claim.claimant.phone, claim.incident_description, claim.location,
            claim.incident_date.isoformat(), claim.reported_date.isoformat(),
        ):  # fmt: skip
            assert fact in text
        assert f"Status: {claim.status}" in text
        for item in claim.line_items:
            assert f"- {item.description}: {item.amount:,.2f}" in lines
        assert f"Total claimed: {claim.claimed_amount:,.2f}" in lines
        for note in claim.adjuster_notes:
            assert f"- {note}" in lines
        for indicator in claim.fraud_indicators:
            assert f"- {indicator}" in lines
        if claim.approved_amount is not None:
            assert f"Approved: {claim.approved_amount:,.2f}" in lines
        if claim.decision_date is not None:
            assert f"Decided: {claim.decision_date.isoformat()}" in lines
        assert ("Fraud review" in lines) == claim.is_fraud_suspected
        assert f"Fraud suspected: {'yes' if claim.is_fraud_suspected else 'no'}" in lines


# --- command line ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [("--policy-type", "boat"), ("--fraud-percent", "101"), ("--fraud-percent", "-0.5")]
)
def test_cli_rejects_bad_options(run_cli: Callable[..., Any], args: tuple[str, str]) -> None:
    done = run_cli("insurance-claim", *args, "-n", "1", "--provider", "offline")
    assert done.code == 2
    assert args[0] in one_error_line(done)
