"""tech-support-sop: what category and complexity do, its rules and its text.

What every scenario must do (help, schema, formats, examples, 1,000 distinct records,
declared frequencies, repair-or-reject) is checked by test_catalogue.py.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import pytest
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.runtime import runtime_of
from data_generator.tools.support_sop import (
    STEP_RANGE,
    Category,
    StandardOperatingProcedure,
    SupportSopTool,
)
from data_generator.tools.support_sop_vocabulary import TOPICS

CATEGORIES: tuple[str, ...] = get_args(Category)


def sop_tool(complexity: str = "intermediate", **options: str) -> SupportSopTool:
    return SupportSopTool({"complexity": complexity, **options})


def offline(tool: SupportSopTool, count: int, seed: int) -> list[StandardOperatingProcedure]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


@functools.cache
def sample(complexity: str = "intermediate") -> StandardOperatingProcedure:
    return offline(sop_tool(complexity), 1, 2)[0]


# --- options -------------------------------------------------------------------------


@pytest.mark.parametrize("complexity", list(STEP_RANGE))
@pytest.mark.parametrize("category", CATEGORIES)
def test_category_and_complexity_shape_every_sop(category: str, complexity: str) -> None:
    context = "Linux workstations with Google Workspace"
    tool = sop_tool(complexity, problem_category=category, system_context=context)
    low, high = STEP_RANGE[complexity]

    records = offline(tool, 10, 7)

    for record in records:
        assert tool.problems(record) == []
        assert low <= len(record.steps) <= high
        assert record.sub_topic in TOPICS[category].subtopics
        assert context in record.steps[0].action
        if complexity == "advanced":
            assert record.audience in ("tier-2", "tier-3")


def test_cli_takes_the_context_under_its_short_name(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    done = run_cli("tech-support-sop", "--context", "Chromebooks in schools", "-n", "2",
                   "-f", "csv", "-o", "out", "--provider", "offline")  # fmt: skip

    assert done.code == 0, done.stderr
    with (tmp_path / "out" / "tech-support-sop.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["system_context"] for row in rows] == ["Chromebooks in schools"] * 2


@pytest.mark.parametrize(
    ("minutes", "band", "moved_to"),
    [(100, "16-30 min", 30), (5, "31-60 min", 31), (20, "16-30 min", 20)],
)
def test_a_drawn_duration_band_is_set_by_moving_the_estimate_into_it(
    minutes: int, band: str, moved_to: int
) -> None:
    duration = next(a for a in runtime_of(sop_tool()).attributes if a.name == "duration")
    answer = sample().model_dump(mode="json") | {"estimated_minutes": minutes}

    duration.set_in(answer, band)

    assert answer["estimated_minutes"] == moved_to
    assert duration.observed(answer) == band


# --- rules ---------------------------------------------------------------------------


RULES = {
    "steps listed in reverse by tens": Case(
        lambda r: {
            "steps": [s.model_copy(update={"number": 10 * s.number}) for s in r.steps[::-1]]
        },
        mends=lambda r: r.steps == sample().steps,
    ),
    "steps all numbered one": Case(
        lambda r: {"steps": [s.model_copy(update={"number": 1}) for s in r.steps]},
        mends=lambda r: r.steps == sample().steps,
    ),
    "under two minutes a step": Case(
        lambda r: {"estimated_minutes": 3},
        mends=lambda r: r.estimated_minutes == 2 * len(sample().steps),
    ),
    "too few steps": Case(
        lambda r: {"steps": r.steps[:5]}, rejects="an intermediate SOP needs 6-9 steps, not 5"
    ),
    "too many steps": Case(
        lambda r: {"steps": [*r.steps, *r.steps]},
        rejects=f"needs 6-9 steps, not {2 * len(sample().steps)}",
    ),
    "basic, too few steps": Case(
        lambda r: {"steps": r.steps[:2]},
        rejects="a basic SOP needs 3-5 steps, not 2",
        record=lambda: sample("basic"),
    ),
    "advanced, too few steps": Case(
        lambda r: {"steps": r.steps[:9]},
        rejects="an advanced SOP needs 10-15 steps, not 9",
        record=lambda: sample("advanced"),
    ),
    "advanced for tier-1": Case(
        lambda r: {"audience": "tier-1"},
        rejects="an advanced SOP cannot target tier-1",
        record=lambda: sample("advanced"),
    ),
}


@cases(RULES)
def test_rules(case: Case) -> None:
    start = case.record() if case.record is not None else sample()
    check_case(sop_tool(start.complexity), start, case)


# --- text ----------------------------------------------------------------------------


def test_text_holds_the_whole_sop() -> None:
    tool = sop_tool()
    for record in offline(tool, 20, 30):
        text = tool.render_text(record)
        assert text.splitlines()[0] == f"{record.sop_id}: {record.title}"
        for value in (record.version, record.owner_team, record.audience, record.system_context):
            assert value in text
        assert f"Estimated time: {record.estimated_minutes} minutes" in text
        for item in [*record.symptoms, *record.prerequisites]:
            assert f"- {item}" in text
        for step in record.steps:
            assert f"{step.number}. {step.action}\n   Expected: {step.expected_result}" in text
            if step.if_fails:
                assert f"If it fails: {step.if_fails}" in text
        assert f"When: {record.escalation.when}" in text
        assert f"To: {record.escalation.to_team}" in text
        assert f"{record.escalation.sla_minutes} minutes" in text
        for article in record.related_articles:
            assert f"{article.article_id} {article.title}" in text
        assert f"Tags: {', '.join(record.tags)}" in text
