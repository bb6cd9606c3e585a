"""The ``healthcare-clinical-policy`` scenario: option effects, rules, text (rest: catalogue)."""

from __future__ import annotations

import calendar
import csv
import functools
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest

from data_generator import DataGenerator, Settings
from data_generator.providers import Completion, CompletionRequest
from data_generator.providers.offline import OfflineProvider
from data_generator.tool import InvariantError
from data_generator.tools.clinical_policy import (
    CYCLE_YEARS,
    SECTION_COUNTS,
    ClinicalPolicy,
    ClinicalPolicyTool,
    Specialty,
    review_cycle,
)

NAME = "healthcare-clinical-policy"
SPECIALTIES: tuple[str, ...] = get_args(Specialty)


def tool(
    specialty: str = "general-medicine",
    policy_type: str = "clinical-guideline",
    complexity: str = "intermediate",
) -> ClinicalPolicyTool:
    return ClinicalPolicyTool(
        {"specialty": specialty, "policy_type": policy_type, "complexity": complexity}
    )


def offline(made: ClinicalPolicyTool, count: int, seed: int) -> list[ClinicalPolicy]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(made, count=count, settings=settings).generate_data()


@functools.cache
def policies() -> tuple[ClinicalPolicy, ...]:
    """100 offline policies with the default options, seed 17 (made once)."""
    return tuple(offline(tool(), 100, 17))


def years_later(day: date, years: int) -> date:
    """``day`` plus whole years, written independently of the module's helper."""
    year = day.year + years
    if (day.month, day.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def sample(status: str = "approved") -> ClinicalPolicy:
    return next(p for p in policies() if p.status == status)


# --- offline records ------------------------------------------------------------------


@pytest.mark.parametrize("complexity", list(SECTION_COUNTS))
def test_section_count_follows_the_complexity(complexity: str) -> None:
    low, high = SECTION_COUNTS[complexity]
    made = tool("surgery", "protocol", complexity)
    records = offline(made, 60, 5)
    assert f"between {low} and {high} sections" in made.user_prompt()
    assert {len(r.sections) for r in records} == set(range(low, high + 1))
    assert {(r.specialty, r.policy_type) for r in records} == {("surgery", "protocol")}


@pytest.mark.parametrize("specialty", SPECIALTIES)
def test_every_specialty_makes_policies_about_their_drawn_topic(specialty: str) -> None:
    made = tool(specialty, "care-pathway", "advanced")
    for record in offline(made, 10, 9):
        assert made.problems(record) == []
        assert record.title.lower().startswith(record.focus_topic.lower())
        assert record.review_date in {years_later(record.effective_date, n) for n in (1, 2, 3)}
        if specialty == "pediatrics":
            assert "children" in record.scope


# --- repairs and rejections -----------------------------------------------------------


def test_post_process_renumbers_sections_in_reading_order() -> None:
    record = sample()
    broken = [s.model_copy(update={"number": 10 - i}) for i, s in enumerate(record.sections)]

    repaired = tool().post_process(record.model_copy(update={"sections": broken}))

    assert [s.number for s in repaired.sections] == list(range(1, len(broken) + 1))
    assert [s.heading for s in repaired.sections] == [s.heading for s in record.sections]


def test_post_process_resets_specialty_and_policy_type_to_the_options() -> None:
    record = sample().model_copy(update={"specialty": "oncology", "policy_type": "protocol"})
    repaired = tool().post_process(record)
    assert (repaired.specialty, repaired.policy_type) == ("general-medicine", "clinical-guideline")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: {"review_date": p.effective_date}, "not after effective_date"),
        (
            lambda p: {"review_date": p.effective_date - timedelta(days=30)},
            "not after effective_date",
        ),
        (
            lambda p: {"review_date": p.effective_date + timedelta(days=200)},
            "less than 1 year",
        ),
        (
            lambda p: {"review_date": years_later(p.effective_date, 3) + timedelta(days=1)},
            "more than 3 years",
        ),
        (lambda p: {"sections": p.sections[:4]}, "intermediate policy has 5-7 sections, not 4"),
        (
            lambda p: {"sections": [*p.sections, *p.sections][:8]},
            "intermediate policy has 5-7 sections, not 8",
        ),
        (lambda p: {"status": "approved", "approvers": []}, "at least one approver"),
    ],
    ids=["review-same-day", "review-before", "review-too-soon", "review-too-late",
         "too-few-sections", "too-many-sections", "approved-without-approver"],
)  # fmt: skip
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[ClinicalPolicy], dict[str, Any]], message: str
) -> None:
    record = sample()
    with pytest.raises(InvariantError, match=message):
        tool().post_process(record.model_copy(update=change(record)))


def test_drafts_and_retired_policies_may_have_no_approvers() -> None:
    for status in ("draft", "retired"):
        record = sample().model_copy(update={"status": status, "approvers": []})
        assert tool().post_process(record).approvers == []


def test_review_cycles_count_whole_years() -> None:
    leap = date(2024, 2, 29)
    assert review_cycle(leap, date(2025, 2, 28)) == "annual"
    assert review_cycle(leap, date(2026, 2, 27)) == "annual"
    assert review_cycle(leap, date(2027, 3, 1)) == "triennial"
    assert review_cycle(leap, date(2025, 2, 27)) == "under-1-year"


class TriennialProvider:
    """Offline answers as a model's text, every review three years after the effective date."""

    name, model = "fake", "fake-model"

    def __init__(self, made: ClinicalPolicyTool) -> None:
        self.inner = OfflineProvider(made)

    async def complete(self, request: CompletionRequest) -> Completion:
        data: dict[str, Any] = json.loads((await self.inner.complete(request)).text)
        data["review_date"] = years_later(date.fromisoformat(data["effective_date"]), 3).isoformat()
        return Completion(json.dumps(data))

    async def aclose(self) -> None:
        pass


def test_a_model_answer_with_another_review_cycle_gets_the_drawn_one(tmp_path: Path) -> None:
    made = tool()
    cycles = [made.record_context(3, index)[0].attributes["review_cycle"] for index in range(1, 9)]
    settings = Settings(provider="offline", seed=3)

    result = DataGenerator(
        made, count=8, out_dir=tmp_path, settings=settings, provider=TriennialProvider(made)
    ).run()

    assert result.exit_code == 0
    assert result.attributes_corrected == sum(cycle != "triennial" for cycle in cycles) > 0
    for index, cycle in enumerate(cycles, start=1):
        data = json.loads((tmp_path / f"{NAME}-{index:06d}.json").read_text())
        effective = date.fromisoformat(data["effective_date"])
        assert data["review_date"] == years_later(effective, CYCLE_YEARS[cycle]).isoformat()


# --- text -----------------------------------------------------------------------------


def test_text_holds_the_whole_policy() -> None:
    made = tool()
    for record in policies()[:40]:
        text = made.render_text(record)
        lines = text.splitlines()
        assert lines[0] == record.title
        assert lines[1] == "=" * len(record.title)
        for value in (
            record.policy_id,
            record.version,
            record.status,
            record.audience,
            record.effective_date.isoformat(),
            record.review_date.isoformat(),
            record.owner.name,
            record.owner.department,
            record.purpose,
            record.scope,
        ):
            assert value in text
        for person in record.approvers:
            assert f"{person.name} ({person.role})" in text
        for definition in record.definitions:
            assert f"{definition.term}: {definition.definition}" in text
        for s in record.sections:
            heading = f"{s.number}. {s.heading}"
            assert f"{heading}\n{'-' * len(heading)}\n{s.content}" in text
        for line in (*record.references, *record.related_policies):
            assert f"- {line}" in text


# --- command line ---------------------------------------------------------------------


def test_cli_takes_the_speciality_spelling(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli(NAME, "--speciality", "nursing", "-n", "4", "-f", "csv", "-o", "out",
                   "--seed", "2", "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    with (tmp_path / "out" / f"{NAME}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["policy_id"] for row in rows] == [f"POL-{i:06d}" for i in range(1, 5)]
    assert {row["specialty"] for row in rows} == {"nursing"}
