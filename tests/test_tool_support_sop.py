"""tech-support-sop: offline SOPs keep their rules, repairs, rejections, text and CLI."""

from __future__ import annotations

import csv
import functools
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
from data_generator.tool import InvariantError
from data_generator.tools.support_sop import (
    DEFAULT_CONTEXT,
    STEP_RANGE,
    Category,
    StandardOperatingProcedure,
    Step,
    SupportSopTool,
)
from data_generator.tools.support_sop_vocabulary import TOPICS

CATEGORIES: tuple[str, ...] = get_args(Category)
SEED = 30  # any seed keeps the rules; the frequency test needs a typical sample


def sop_tool(
    category: str = "connectivity", complexity: str = "intermediate", context: str | None = None
) -> SupportSopTool:
    tool = SupportSopTool()
    values = {"problem_category": category, "complexity": complexity}
    if context is not None:
        values["system_context"] = context
    tool.validate_args(values)
    return tool


def offline(tool: SupportSopTool, count: int, seed: int) -> list[StandardOperatingProcedure]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


@functools.cache
def sops() -> tuple[StandardOperatingProcedure, ...]:
    """1000 offline SOPs with the default options (made once per session)."""
    tool = SupportSopTool({})
    return tuple(offline(tool, 1000, SEED))


def sample(complexity: str = "intermediate") -> StandardOperatingProcedure:
    if complexity == "intermediate":
        return sops()[0]
    return offline(sop_tool(complexity=complexity), 1, 2)[0]


# --- offline records ------------------------------------------------------------------


def test_offline_sops_validate_keep_the_rules_and_differ() -> None:
    records = sops()
    tool = sop_tool()
    assert len(records) == 1000
    assert [r.sop_id for r in records] == [f"SOP-{i:06d}" for i in range(1, 1001)]
    without_ids = set()
    for record in records:
        StandardOperatingProcedure.model_validate_json(record.model_dump_json())
        assert tool.invariant_problems(record) == [], record.sop_id
        assert [s.number for s in record.steps] == list(range(1, len(record.steps) + 1))
        assert 6 <= len(record.steps) <= 9
        assert record.estimated_minutes >= 2 * len(record.steps)
        assert (record.problem_category, record.complexity, record.system_context) == (
            "connectivity",
            "intermediate",
            DEFAULT_CONTEXT,
        )
        without_ids.add(record.model_dump_json(exclude={"sop_id"}))
    assert len(without_ids) == 1000


def test_attributes_follow_the_declared_weights() -> None:
    tool = sop_tool()
    dumps = [r.model_dump(mode="json") for r in sops()]
    for attribute in tool.attributes():
        counts = Counter(attribute.observed(d) for d in dumps)
        expected = attribute.probabilities()
        assert set(counts) <= set(expected), attribute.name
        for value, share in expected.items():
            assert abs(counts[value] / 1000 - share) <= 0.03, (attribute.name, value)


@pytest.mark.parametrize("complexity", list(STEP_RANGE))
@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_and_complexity_keeps_the_rules(category: str, complexity: str) -> None:
    tool = sop_tool(category, complexity, "Linux workstations with Google Workspace")
    records = offline(tool, 25, 7)
    assert len(records) == 25
    low, high = STEP_RANGE[complexity]
    for record in records:
        assert tool.invariant_problems(record) == []
        assert low <= len(record.steps) <= high
        assert record.sub_topic in TOPICS[category].subtopics
        assert record.system_context == "Linux workstations with Google Workspace"
        assert "Linux workstations with Google Workspace" in record.steps[0].action
        if complexity == "advanced":
            assert record.audience in ("tier-2", "tier-3")


def test_no_contact_data_or_identifier_shapes() -> None:
    for record in sops()[:300]:
        text = record.model_dump_json()
        assert "@" not in text
        assert not re.search(r"\b\d{3}-\d{2}-\d{4}\b", text)
        assert not re.search(r"\d{13,19}", text)


# --- repairs --------------------------------------------------------------------------


def test_post_process_keeps_a_valid_sop_as_it_is() -> None:
    record = sample()
    assert sop_tool().post_process(record) == record


def test_post_process_resets_the_echoed_options() -> None:
    record = sample()
    wrong = record.model_copy(
        update={"problem_category": "email", "complexity": "basic", "system_context": "Macs"}
    )
    assert sop_tool().post_process(wrong) == record


def test_post_process_orders_steps_by_number_and_renumbers_them() -> None:
    record = sample()
    steps = [s.model_copy(update={"number": 10 * s.number}) for s in reversed(record.steps)]

    repaired = sop_tool().post_process(record.model_copy(update={"steps": steps}))

    assert repaired.steps == record.steps


def test_post_process_renumbers_steps_listed_in_order() -> None:
    record = sample()
    steps = [s.model_copy(update={"number": 1}) for s in record.steps]
    repaired = sop_tool().post_process(record.model_copy(update={"steps": steps}))
    assert repaired.steps == record.steps


def test_post_process_raises_a_low_estimate_to_two_minutes_a_step() -> None:
    record = sample()
    repaired = sop_tool().post_process(record.model_copy(update={"estimated_minutes": 3}))
    assert repaired.estimated_minutes == 2 * len(record.steps)


@pytest.mark.parametrize(
    ("complexity", "change", "message"),
    [
        ("intermediate", lambda r: {"steps": r.steps[:5]}, "needs 6-9 steps, not 5"),
        (
            "intermediate",
            lambda r: {"steps": [*r.steps, *r.steps]},
            r"needs 6-9 steps, not 1[2-8]",
        ),
        ("basic", lambda r: {"steps": r.steps[:2]}, "needs 3-5 steps, not 2"),
        ("advanced", lambda r: {"steps": r.steps[:9]}, "needs 10-15 steps, not 9"),
        ("advanced", lambda r: {"audience": "tier-1"}, "advanced SOP cannot target tier-1"),
    ],
    ids=["too-few", "too-many", "basic-too-few", "advanced-too-few", "advanced-tier-1"],
)
def test_post_process_rejects_what_it_cannot_mend(
    complexity: str,
    change: Callable[[StandardOperatingProcedure], dict[str, Any]],
    message: str,
) -> None:
    record = sample(complexity)
    with pytest.raises(InvariantError, match=message):
        sop_tool(complexity=complexity).post_process(record.model_copy(update=change(record)))


# --- property tests -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    complexity=st.sampled_from(list(STEP_RANGE)),
    data=st.data(),
    minutes=st.integers(1, 120),
    audience=st.sampled_from(["tier-1", "tier-2", "tier-3"]),
)
def test_post_process_either_rejects_or_returns_a_consistent_sop(
    complexity: str, data: Any, minutes: int, audience: str
) -> None:
    low, high = STEP_RANGE[complexity]
    # Step counts around the allowed range, with any numbers (gaps, repeats, zero).
    count = data.draw(st.integers(max(1, low - 2), high + 2))
    numbers = data.draw(st.lists(st.integers(0, 40), min_size=count, max_size=count))
    steps = [
        Step.model_construct(number=n, action=f"Action {i}", expected_result="ok", if_fails=None)
        for i, n in enumerate(numbers)
    ]
    record = sops()[0].model_copy(
        update={
            "complexity": complexity,
            "steps": steps,
            "estimated_minutes": minutes,
            "audience": audience,
        }
    )
    tool = sop_tool(complexity=complexity)
    reject = not low <= len(steps) <= high or (complexity == "advanced" and audience == "tier-1")

    try:
        repaired = tool.post_process(record)
    except InvariantError:
        assert reject
        return

    assert not reject
    assert tool.invariant_problems(repaired) == []
    assert tool.repair(repaired) == repaired  # idempotent
    assert [s.number for s in repaired.steps] == list(range(1, len(steps) + 1))
    # Steps follow the numbers the answer gave them; equal numbers keep their listed order.
    by_number = sorted(range(len(numbers)), key=lambda i: numbers[i])
    assert [s.action for s in repaired.steps] == [f"Action {i}" for i in by_number]
    assert repaired.estimated_minutes == max(minutes, 2 * len(steps))


@settings(max_examples=100, deadline=None)
@given(
    complexity=st.sampled_from(list(STEP_RANGE)),
    data=st.data(),
)
def test_an_sop_built_to_keep_the_rules_has_no_problems(complexity: str, data: Any) -> None:
    low, high = STEP_RANGE[complexity]
    count = data.draw(st.integers(low, high))
    minutes = data.draw(st.integers(2 * count, 480))
    audience = data.draw(
        st.sampled_from(["tier-2", "tier-3"] if complexity == "advanced" else ["tier-1", "tier-3"])
    )
    steps = [
        Step(number=n, action=f"Do thing {n}", expected_result="Done", if_fails=None)
        for n in range(1, count + 1)
    ]
    record = sops()[0].model_copy(
        update={
            "complexity": complexity,
            "steps": steps,
            "estimated_minutes": minutes,
            "audience": audience,
        }
    )
    tool = sop_tool(complexity=complexity)
    assert tool.invariant_problems(record) == []
    assert tool.post_process(record) == record


# --- text -----------------------------------------------------------------------------


def test_text_holds_the_whole_sop() -> None:
    tool = sop_tool()
    for record in sops()[:60]:
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


# --- command line ---------------------------------------------------------------------


def test_cli_writes_a_csv_of_sops(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("tech-support-sop", "--problem-category", "hardware", "--complexity",
                   "advanced", "--context", "Chromebooks in schools", "-n", "3", "-f", "csv",
                   "--seed", "3", "-o", "out", "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    with (tmp_path / "out" / "tech-support-sop.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["sop_id"] for row in rows] == ["SOP-000001", "SOP-000002", "SOP-000003"]
    assert {row["system_context"] for row in rows} == {"Chromebooks in schools"}
    assert {row["complexity"] for row in rows} == {"advanced"}
    assert {row["audience"] for row in rows} <= {"tier-2", "tier-3"}


def test_cli_writes_readable_text(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("tech-support-sop", "-n", "2", "-f", "txt", "-o", "out", "--provider", "offline")
    assert done.code == 0, done.stderr
    text = (tmp_path / "out" / "tech-support-sop-000002.txt").read_text(encoding="utf-8")
    assert text.startswith("SOP-000002: ")
    assert f"Systems: {DEFAULT_CONTEXT}" in text
    assert "Procedure\n---------\n1. " in text


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--problem-category", "plumbing"),
        ("--complexity", "expert"),
        ("--system-context", "x" * 121),
        ("--system-context", " "),
    ],
    ids=["category", "complexity", "context-too-long", "context-blank"],
)
def test_cli_refuses_a_bad_value_naming_the_flag(
    run_cli: Callable[..., Any], flag: str, value: str
) -> None:
    done = run_cli("tech-support-sop", flag, value, "-n", "1", "--provider", "offline")
    assert done.code == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert flag in lines[0]


def test_cli_help_shows_the_flags_with_choices_and_defaults(run_cli: Callable[..., Any]) -> None:
    done = run_cli("tech-support-sop", "--help")
    assert done.code == 0
    text = " ".join(done.stdout.split())
    assert "--problem-category <" + "|".join(CATEGORIES) + ">" in text
    assert "[default: connectivity]" in text
    assert "--complexity <basic|intermediate|advanced>" in text
    assert "[default: intermediate]" in text
    assert "--system-context, --context <str>" in text
    assert f"[default: {DEFAULT_CONTEXT}]" in text


@pytest.mark.parametrize("example", SupportSopTool().examples)
def test_every_example_command_runs(
    run_cli: Callable[..., Any], tmp_path: Path, example: str
) -> None:
    words = shlex.split(example)
    assert words[:2] == ["datagen", "tech-support-sop"]
    done = run_cli(*words[1:], "-o", "out", "--seed", "1")
    assert done.code == 0, done.stderr
    assert "Wrote" in done.stdout
    assert any((tmp_path / "out").iterdir())
