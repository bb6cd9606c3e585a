"""The ``healthcare-clinical-policy`` scenario: option effects, rules, text (rest: catalogue)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.runtime import runtime_of, user_prompt
from data_generator.tools.clinical_policy import (
    SECTION_COUNTS,
    ClinicalPolicy,
    ClinicalPolicyTool,
    Specialty,
    add_years,
    review_cycle,
)

NAME = "healthcare-clinical-policy"


def tool(**options: str) -> ClinicalPolicyTool:
    return ClinicalPolicyTool(options)


def offline(made: ClinicalPolicyTool, count: int, seed: int) -> list[ClinicalPolicy]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(made, count=count, settings=settings).generate_data()


@functools.cache
def policies() -> tuple[ClinicalPolicy, ...]:
    """100 offline policies with the default options, seed 17 (made once)."""
    return tuple(offline(tool(), 100, 17))


def sample() -> ClinicalPolicy:
    return next(p for p in policies() if p.status == "approved")


@pytest.mark.parametrize("complexity", list(SECTION_COUNTS))
def test_section_count_follows_the_complexity(complexity: str) -> None:
    low, high = SECTION_COUNTS[complexity]
    made = tool(specialty="surgery", policy_type="protocol", complexity=complexity)
    assert f"between {low} and {high} sections" in user_prompt(made)
    assert {len(r.sections) for r in offline(made, 60, 5)} == set(range(low, high + 1))


@pytest.mark.parametrize("specialty", get_args(Specialty))
def test_every_specialty_makes_policies_about_their_drawn_topic(specialty: str) -> None:
    made = tool(specialty=specialty, policy_type="care-pathway", complexity="advanced")
    for record in offline(made, 10, 9):
        assert made.problems(record) == []
        assert record.title.lower().startswith(record.focus_topic.lower())
        assert record.review_date in {add_years(record.effective_date, n) for n in (1, 2, 3)}
        if specialty == "pediatrics":
            assert "children" in record.scope


def renumbered(record: ClinicalPolicy) -> bool:
    headings = [s.heading for s in sample().sections]
    return [(s.number, s.heading) for s in record.sections] == list(enumerate(headings, 1))


RULES = {
    "review-same-day": Case(
        lambda p: {"review_date": p.effective_date},
        rejects="review_date is not after effective_date",
    ),
    "review-before": Case(
        lambda p: {"review_date": p.effective_date - timedelta(days=30)},
        rejects="review_date is not after effective_date",
    ),
    "review-too-soon": Case(
        lambda p: {"review_date": p.effective_date + timedelta(days=200)},
        rejects="review_date is less than 1 year after effective_date",
    ),
    "review-too-late": Case(
        lambda p: {"review_date": p.effective_date + timedelta(days=3 * 366 + 1)},
        rejects="review_date is more than 3 years after effective_date",
    ),
    "too-few-sections": Case(
        lambda p: {"sections": p.sections[:4]},
        rejects="intermediate policy has 5-7 sections, not 4",
    ),
    "too-many-sections": Case(
        lambda p: {"sections": [*p.sections, *p.sections][:8]},
        rejects="intermediate policy has 5-7 sections, not 8",
    ),
    "sections-misnumbered": Case(
        lambda p: {
            "sections": [s.model_copy(update={"number": 10 - i}) for i, s in enumerate(p.sections)]
        },
        mends=renumbered,
    ),
    "approved-without-approver": Case(
        lambda p: {"status": "approved", "approvers": []},
        rejects="an approved policy needs at least one approver",
    ),
    "options-not-copied": Case(
        lambda p: {"specialty": "oncology", "policy_type": "protocol"},
        mends=lambda p: (p.specialty, p.policy_type) == ("general-medicine", "clinical-guideline"),
    ),
}


@cases(RULES)
def test_rules_mend_or_reject_a_broken_policy(case: Case) -> None:
    check_case(tool(), sample(), case)


@pytest.mark.parametrize("status", ["draft", "retired"])
def test_only_approved_policies_need_approvers(status: str) -> None:
    assert tool().problems(sample().model_copy(update={"status": status, "approvers": []})) == []


def test_review_cycles_count_whole_years() -> None:
    leap = date(2024, 2, 29)
    assert review_cycle(leap, date(2025, 2, 28)) == "annual"
    assert review_cycle(leap, date(2026, 2, 27)) == "annual"
    assert review_cycle(leap, date(2027, 3, 1)) == "triennial"
    assert review_cycle(leap, date(2025, 2, 27)) == "under-1-year"


@pytest.mark.parametrize(
    ("cycle", "review"),
    [("annual", "2025-02-28"), ("biennial", "2026-02-28"), ("triennial", "2027-02-28")],
)
def test_setting_the_review_cycle_moves_the_review_date(cycle: str, review: str) -> None:
    (setter,) = [a for a in runtime_of(tool()).attributes if a.name == "review_cycle"]
    answer = {"effective_date": "2024-02-29", "review_date": "2030-01-01"}
    setter.set_in(answer, cycle)
    assert (answer["review_date"], setter.observed(answer)) == (review, cycle)


def test_text_holds_the_whole_policy() -> None:
    made = tool()
    for record in policies()[:40]:
        text, owner = made.render_text(record), record.owner
        assert text.startswith(f"{record.title}\n{'=' * len(record.title)}\n")
        for part in (
            f"Policy: {record.policy_id} version {record.version} ({record.status})",
            f"Audience: {record.audience}",
            f"Effective: {record.effective_date}\nNext review: {record.review_date}",
            f"Owner: {owner.name}, {owner.role}, {owner.department}",
            f"Purpose\n-------\n{record.purpose}\n\nScope\n-----\n{record.scope}",
            *(f"{person.name} ({person.role})" for person in record.approvers),
            *(f"{item.term}: {item.definition}" for item in record.definitions),
            *(f"- {line}" for line in (*record.references, *record.related_policies)),
        ):
            assert part in text
        for s in record.sections:
            heading = f"{s.number}. {s.heading}"
            assert f"{heading}\n{'-' * len(heading)}\n{s.content}" in text


def test_cli_takes_the_speciality_spelling(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli(NAME, "--speciality", "nursing", "-n", "2", "-o", "out", "--provider", "offline")
    assert done.code == 0, done.stderr
    written = [json.loads(path.read_text()) for path in (tmp_path / "out").glob("*.json")]
    assert [policy["specialty"] for policy in written] == ["nursing", "nursing"]
