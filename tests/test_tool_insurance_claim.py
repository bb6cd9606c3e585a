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

from data_generator import DataGenerator, Settings
from data_generator.tool import InvariantError
from data_generator.tools.insurance_claim import (
    SIZE_WEIGHTS,
    InsuranceClaim,
    InsuranceClaimTool,
    PolicyType,
    size_band,
)

POLICY_TYPES: tuple[str, ...] = get_args(PolicyType)


def insurance(policy_type: str = "auto", fraud: float = 5) -> InsuranceClaimTool:
    return InsuranceClaimTool({"policy_type": policy_type, "fraud_percent": fraud})


def offline(tool: InsuranceClaimTool, count: int, seed: int) -> list[InsuranceClaim]:
    settings = Settings(provider="offline", seed=seed)
    records = DataGenerator(tool, count=count, settings=settings).generate_data()
    assert all(isinstance(r, InsuranceClaim) for r in records)
    return records  # type: ignore[return-value]


@functools.cache
def claims() -> tuple[InsuranceClaim, ...]:
    """200 offline home claims, 20 % suspected of fraud (made once)."""
    return tuple(offline(insurance("home", fraud=20), 200, 8))


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


@pytest.mark.parametrize("policy_type", POLICY_TYPES)
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


# --- rules: what post_process mends ---------------------------------------------------


def test_post_process_recomputes_the_claimed_amount() -> None:
    claim = sample("approved")
    broken = claim.model_copy(update={"claimed_amount": claim.claimed_amount + 50})
    tool = insurance("home")

    assert tool.problems(broken) == ["claimed_amount is not the sum of the line items"]
    assert tool.post_process(broken) == claim


def test_post_process_drops_an_approved_amount_and_decision_of_an_open_claim() -> None:
    claim = sample("approved").model_copy(update={"status": "under-review"})
    tool = insurance("home")

    assert tool.problems(claim) == [
        "an under-review claim cannot have approved_amount",
        "an under-review claim cannot have decision_date",
    ]
    repaired = tool.post_process(claim)
    assert (repaired.status, repaired.approved_amount, repaired.decision_date) == (
        "under-review",
        None,
        None,
    )


def test_post_process_keeps_the_decision_but_drops_the_amount_of_a_denied_claim() -> None:
    claim = sample("paid").model_copy(update={"status": "denied"})
    repaired = insurance("home").post_process(claim)
    assert repaired.approved_amount is None
    assert repaired.decision_date == claim.decision_date


def test_post_process_resets_the_policy_type() -> None:
    claim = sample("submitted").model_copy(update={"policy_type": "pet"})
    assert insurance("home").post_process(claim).policy_type == "home"


# --- rules: what post_process rejects -------------------------------------------------


@pytest.mark.parametrize(
    ("status", "change", "message"),
    [
        (
            "submitted",
            lambda c: {"reported_date": c.incident_date - dt.timedelta(days=1)},
            "reported_date is before incident_date",
        ),
        (
            "approved",
            lambda c: {"approved_amount": c.claimed_amount + 1},
            "approved_amount is above claimed_amount",
        ),
        ("paid", lambda c: {"approved_amount": None}, "a paid claim needs approved_amount"),
        ("denied", lambda c: {"decision_date": None}, "a denied claim needs decision_date"),
        (
            "approved",
            lambda c: {"decision_date": c.reported_date - dt.timedelta(days=1)},
            "decision_date is before reported_date",
        ),
        (
            "under-review",
            lambda c: {"is_fraud_suspected": True, "fraud_indicators": []},
            "a claim suspected of fraud needs fraud_indicators",
        ),
        (
            "under-review",
            lambda c: {"is_fraud_suspected": False, "fraud_indicators": ["late-reporting"]},
            "fraud_indicators are set but fraud is not suspected",
        ),
        (
            "submitted",
            lambda c: {"incident_description": "Card 4111-1111-1111-1111 was used."},
            "incident_description holds a full card number",
        ),
        (
            "submitted",
            lambda c: {"adjuster_notes": ["Claimant id 123-45-6789."]},
            "adjuster note holds .*SSN",
        ),
    ],
    ids=[
        "reported-before-incident",
        "approved-above-claimed",
        "paid-without-amount",
        "denied-without-date",
        "decided-before-reported",
        "fraud-without-indicators",
        "indicators-without-fraud",
        "card-number",
        "ssn",
    ],
)
def test_post_process_rejects_what_it_cannot_mend(
    status: str, change: Callable[[InsuranceClaim], dict[str, Any]], message: str
) -> None:
    claim = sample(status)
    with pytest.raises(InvariantError, match=message):
        insurance("home").post_process(claim.model_copy(update=change(claim)))


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
    ("args", "flag"),
    [
        (("--policy-type", "boat"), "--policy-type"),
        (("--fraud-percent", "101"), "--fraud-percent"),
        (("--fraud-percent", "-0.5"), "--fraud-percent"),
    ],
)
def test_cli_rejects_bad_options(
    run_cli: Callable[..., Any], args: tuple[str, ...], flag: str
) -> None:
    done = run_cli("insurance-claim", *args, "-n", "1", "--provider", "offline")
    assert done.code == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert flag in lines[0]
