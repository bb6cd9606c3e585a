"""The insurance-claim scenario: amounts, dates, decisions and fraud flags agree."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shlex
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.records import total
from data_generator.tool import InvariantError
from data_generator.tools.insurance_claim import (
    APPROVED_STATUSES,
    DECIDED_STATUSES,
    SIZE_WEIGHTS,
    InsuranceClaim,
    InsuranceClaimTool,
    LineItem,
    PolicyType,
    Status,
    size_band,
)

POLICY_TYPES: tuple[str, ...] = get_args(PolicyType)
STATUSES: tuple[str, ...] = get_args(Status)
CARD_RUN = re.compile(r"\d(?:[ -]?\d){12,18}")
SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")


def insurance(policy_type: str = "auto", fraud: float = 5) -> InsuranceClaimTool:
    tool = InsuranceClaimTool({"policy_type": policy_type, "fraud_percent": fraud})
    return tool


def offline(tool: InsuranceClaimTool, count: int, seed: int) -> list[InsuranceClaim]:
    settings = Settings(provider="offline", seed=seed)
    records = DataGenerator(tool, count=count, settings=settings).generate_data()
    assert all(isinstance(r, InsuranceClaim) for r in records)
    return records  # type: ignore[return-value]


@functools.cache
def claims() -> tuple[InsuranceClaim, ...]:
    """1000 offline home claims, 20 % suspected of fraud (made once)."""
    return tuple(offline(insurance("home", fraud=20), 1000, 8))


def broken_rules(claim: InsuranceClaim, policy_type: str) -> list[str]:
    """The claim rules, checked independently of the tool."""
    problems = []
    if claim.reported_date < claim.incident_date:
        problems.append("reported before incident")
    if abs(claim.claimed_amount - sum(i.amount for i in claim.line_items)) >= 0.005:
        problems.append("claimed is not the sum")
    if (claim.approved_amount is not None) != (claim.status in APPROVED_STATUSES):
        problems.append("approved amount vs status")
    if claim.approved_amount is not None and claim.approved_amount > claim.claimed_amount:
        problems.append("approved above claimed")
    if (claim.decision_date is not None) != (claim.status in DECIDED_STATUSES):
        problems.append("decision date vs status")
    if claim.decision_date is not None and claim.decision_date < claim.reported_date:
        problems.append("decided before reported")
    if bool(claim.fraud_indicators) != claim.is_fraud_suspected:
        problems.append("fraud indicators vs flag")
    if claim.policy_type != policy_type:
        problems.append("policy type")
    return problems


# --- offline records ------------------------------------------------------------------


def test_offline_claims_all_validate_and_differ_without_their_ids() -> None:
    records = claims()
    assert len(records) == 1000
    assert [r.claim_id for r in records] == [f"CLM-{i:06d}" for i in range(1, 1001)]
    stripped = set()
    for record in records:
        InsuranceClaim.model_validate_json(record.model_dump_json())
        data = record.model_dump(mode="json", exclude={"claim_id", "policy_number"})
        stripped.add(json.dumps(data, sort_keys=True))
    assert len(stripped) == 1000


def test_offline_claims_keep_every_rule() -> None:
    tool = insurance("home", fraud=20)
    for claim in claims():
        assert tool.invariant_problems(claim) == [], claim.claim_id
        assert broken_rules(claim, "home") == [], claim.claim_id
        assert tool.post_process(claim) == claim
        assert claim.claimant.email.rsplit("@", 1)[1] in {
            "example.com",
            "example.org",
            "example.net",
        }
        assert re.fullmatch(r"\+1-\d{3}-555-01\d{2}", claim.claimant.phone)
        if claim.status == "partially-approved":
            assert claim.approved_amount is not None
            assert claim.approved_amount < claim.claimed_amount


def test_attributes_follow_their_declared_weights() -> None:
    tool = insurance("home", fraud=20)
    dumps = [c.model_dump(mode="json") for c in claims()]
    declared = tool.attributes()
    assert [a.name for a in declared] == ["fraud", "status", "claim_size", "channel"]
    for attribute in declared:
        counts = Counter(attribute.observed(d) for d in dumps)
        expected = attribute.probabilities()
        assert set(counts) <= set(expected), attribute.name
        for value, probability in expected.items():
            share = counts[value] / len(dumps)
            assert abs(share - probability) <= 0.03, (attribute.name, value, share)


@pytest.mark.parametrize(("percent", "expected"), [(0, False), (100, True)])
def test_fraud_percent_at_the_bounds_gives_none_or_all(percent: int, expected: bool) -> None:
    records = offline(insurance("travel", fraud=percent), 200, 5)
    assert {r.is_fraud_suspected for r in records} == {expected}
    assert {bool(r.fraud_indicators) for r in records} == {expected}


@pytest.mark.parametrize("policy_type", POLICY_TYPES)
def test_every_policy_type_makes_consistent_claims(policy_type: str) -> None:
    records = offline(insurance(policy_type, fraud=30), 60, 6)
    assert len(records) == 60
    possible = {band for band, weight in SIZE_WEIGHTS[policy_type].items() if weight > 0}
    for claim in records:
        assert broken_rules(claim, policy_type) == [], claim.claim_id
        assert size_band(claim.claimed_amount) in possible


def test_offline_claims_hold_no_real_looking_identifiers() -> None:
    for claim in claims()[:300]:
        text = claim.model_dump_json()
        assert not CARD_RUN.search(text.replace("-", "x")), claim.claim_id
        assert not SSN.search(text), claim.claim_id


def test_size_bands_follow_the_claimed_amount() -> None:
    assert [size_band(a) for a in (100, 2499.99, 2500, 24999, 25000, 250000, 3e6)] == [
        "small", "small", "medium", "medium", "large", "major", "major",
    ]  # fmt: skip


# --- post_process: repairs ------------------------------------------------------------


def sample(status: str) -> InsuranceClaim:
    return next(c for c in claims() if c.status == status and len(c.line_items) >= 2)


def test_post_process_recomputes_the_claimed_amount() -> None:
    claim = sample("approved")
    repaired = insurance("home").post_process(
        claim.model_copy(update={"claimed_amount": claim.claimed_amount - 50})
    )
    assert repaired == claim


def test_post_process_drops_an_approved_amount_and_decision_of_an_open_claim() -> None:
    claim = sample("approved").model_copy(update={"status": "under-review"})
    repaired = insurance("home").post_process(claim)
    assert repaired.status == "under-review"
    assert repaired.approved_amount is None
    assert repaired.decision_date is None
    assert broken_rules(repaired, "home") == []


def test_post_process_keeps_the_decision_but_drops_the_amount_of_a_denied_claim() -> None:
    claim = sample("paid").model_copy(update={"status": "denied"})
    repaired = insurance("home").post_process(claim)
    assert repaired.approved_amount is None
    assert repaired.decision_date == claim.decision_date


def test_post_process_resets_the_policy_type() -> None:
    claim = sample("submitted").model_copy(update={"policy_type": "pet"})
    assert insurance("home").post_process(claim).policy_type == "home"


# --- post_process: rejections ---------------------------------------------------------


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
        ("paid", lambda c: {"approved_amount": None}, "needs approved_amount"),
        ("denied", lambda c: {"decision_date": None}, "needs decision_date"),
        (
            "approved",
            lambda c: {"decision_date": c.reported_date - dt.timedelta(days=1)},
            "decision_date is before reported_date",
        ),
        (
            "under-review",
            lambda c: {"is_fraud_suspected": True, "fraud_indicators": []},
            "needs fraud_indicators",
        ),
        (
            "under-review",
            lambda c: {"is_fraud_suspected": False, "fraud_indicators": ["late-reporting"]},
            "fraud is not suspected",
        ),
        (
            "submitted",
            lambda c: {"incident_description": "Card 4111-1111-1111-1111 was used."},
            "full card number",
        ),
        ("submitted", lambda c: {"adjuster_notes": ["Claimant id 123-45-6789."]}, "SSN-shaped"),
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
    claim = next(c for c in claims() if c.status == status and not c.is_fraud_suspected)
    with pytest.raises(InvariantError, match=message):
        insurance("home").post_process(claim.model_copy(update=change(claim)))


# --- properties -----------------------------------------------------------------------

DAYS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 3, 1))
AMOUNTS = st.integers(min_value=1, max_value=10_000_000).map(lambda c: c / 100)
INDICATORS = st.lists(st.sampled_from(["late-reporting", "missing-documentation"]), max_size=2)


@settings(max_examples=200, deadline=None)
@given(
    status=st.sampled_from(STATUSES),
    incident=DAYS,
    reported=DAYS,
    decided=st.none() | DAYS,
    items=st.lists(AMOUNTS, min_size=1, max_size=5),
    claimed=AMOUNTS,
    approved=st.none() | AMOUNTS,
    suspected=st.booleans(),
    indicators=INDICATORS,
    policy_type=st.sampled_from(POLICY_TYPES),
)
def test_post_process_either_rejects_or_returns_a_consistent_claim(
    *,
    status: str,
    incident: dt.date,
    reported: dt.date,
    decided: dt.date | None,
    items: list[float],
    claimed: float,
    approved: float | None,
    suspected: bool,
    indicators: list[str],
    policy_type: str,
) -> None:
    line_items = [LineItem(description=f"Item {n}", amount=a) for n, a in enumerate(items)]
    claim = claims()[0].model_copy(
        update={
            "status": status,
            "policy_type": policy_type,
            "incident_date": incident,
            "reported_date": reported,
            "decision_date": decided,
            "line_items": line_items,
            "claimed_amount": claimed,
            "approved_amount": approved,
            "is_fraud_suspected": suspected,
            "fraud_indicators": indicators,
        }
    )
    approves, decides = status in APPROVED_STATUSES, status in DECIDED_STATUSES
    must_reject = (
        reported < incident
        or (approves and (approved is None or approved > total(items)))
        or (decides and (decided is None or decided < reported))
        or suspected != bool(indicators)
    )
    tool = insurance("home")

    try:
        repaired = tool.post_process(claim)
    except InvariantError:
        assert must_reject
        return

    assert not must_reject
    assert broken_rules(repaired, "home") == []
    assert tool.repair(repaired) == repaired
    assert repaired.claimed_amount == total(items)


@settings(max_examples=100, deadline=None)
@given(
    status=st.sampled_from(STATUSES),
    decided=st.none() | DAYS,
    items=st.lists(AMOUNTS, min_size=1, max_size=5),
    claimed=AMOUNTS,
    approved=st.none() | AMOUNTS,
    policy_type=st.sampled_from(POLICY_TYPES),
)
def test_repair_is_idempotent(
    *,
    status: str,
    decided: dt.date | None,
    items: list[float],
    claimed: float,
    approved: float | None,
    policy_type: str,
) -> None:
    tool = insurance("life")
    claim = claims()[0].model_copy(
        update={
            "status": status,
            "policy_type": policy_type,
            "decision_date": decided,
            "line_items": [LineItem(description="Item", amount=a) for a in items],
            "claimed_amount": claimed,
            "approved_amount": approved,
        }
    )
    once = tool.repair(claim)
    assert tool.repair(once) == once
    assert once.policy_type == "life"


@settings(max_examples=100, deadline=None)
@given(
    status=st.sampled_from(STATUSES),
    incident=DAYS,
    delays=st.tuples(st.integers(0, 120), st.integers(0, 120)),
    items=st.lists(AMOUNTS, min_size=1, max_size=5),
    share=st.floats(min_value=0, max_value=1),
    indicators=INDICATORS,
)
def test_a_claim_built_to_keep_the_rules_has_no_problems(
    *,
    status: str,
    incident: dt.date,
    delays: tuple[int, int],
    items: list[float],
    share: float,
    indicators: list[str],
) -> None:
    reported = incident + dt.timedelta(days=delays[0])
    claimed = total(items)
    claim = claims()[0].model_copy(
        update={
            "status": status,
            "policy_type": "home",
            "incident_date": incident,
            "reported_date": reported,
            "decision_date": (
                reported + dt.timedelta(days=delays[1]) if status in DECIDED_STATUSES else None
            ),
            "line_items": [LineItem(description="Item", amount=a) for a in items],
            "claimed_amount": claimed,
            "approved_amount": (round(claimed * share, 2) if status in APPROVED_STATUSES else None),
            "is_fraud_suspected": bool(indicators),
            "fraud_indicators": indicators,
        }
    )
    tool = insurance("home")
    assert tool.invariant_problems(claim) == []
    assert tool.repair(claim) == claim


# --- render_text ----------------------------------------------------------------------


def test_text_holds_the_whole_claim() -> None:
    tool = insurance("home")
    for claim in claims()[:60]:
        text = tool.render_text(claim)
        lines = text.splitlines()
        assert lines[0] == f"Insurance claim {claim.claim_id} (home)"
        assert lines[1] == "=" * len(lines[0])
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


# --- command line ---------------------------------------------------------------------


def test_cli_writes_text_claims(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli(
        "insurance-claim", "--policy-type", "travel", "--fraud-percent", "100",
        "-n", "2", "-f", "txt", "-o", "out", "--seed", "3", "--provider", "offline",
    )  # fmt: skip
    assert done.code == 0, done.stderr
    for index in (1, 2):
        text = (tmp_path / "out" / f"insurance-claim-00000{index}.txt").read_text("utf-8")
        assert text.startswith(f"Insurance claim CLM-00000{index} (travel)")
        assert "Fraud suspected: yes" in text


def test_cli_writes_jsonl_claims(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("insurance-claim", "--policy-type", "life", "-n", "4", "-f", "jsonl",
                   "-o", "out", "--seed", "4", "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    lines = (tmp_path / "out" / "insurance-claim.jsonl").read_text("utf-8").splitlines()
    records = [InsuranceClaim.model_validate_json(line) for line in lines]
    assert [r.policy_type for r in records] == ["life"] * 4


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


def test_cli_help_lists_flags_choices_and_defaults(run_cli: Callable[..., Any]) -> None:
    done = run_cli("insurance-claim", "--help")
    assert done.code == 0
    text = " ".join(done.stdout.split())
    assert "--policy-type <auto|home|health|travel|life|pet>" in text
    assert "default: auto" in text
    assert "--fraud-percent" in text
    assert "default: 5.0" in text


@pytest.mark.parametrize("example", InsuranceClaimTool().examples)
def test_every_example_command_runs(
    run_cli: Callable[..., Any], tmp_path: Path, example: str
) -> None:
    words = shlex.split(example)
    assert words[:2] == ["datagen", "insurance-claim"]
    assert "--provider" in words
    done = run_cli(*words[1:], "-o", "out", "--seed", "1")
    assert done.code == 0, done.stderr
    assert any((tmp_path / "out").iterdir())
