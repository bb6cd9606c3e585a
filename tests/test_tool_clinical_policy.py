"""The ``healthcare-clinical-policy`` scenario: offline records, rules, repairs, text, CLI."""

from __future__ import annotations

import calendar
import csv
import functools
import re
import shlex
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
from helpers import one_error_line
from hypothesis import given, settings
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.schema import strict_json_schema
from data_generator.tool import InvariantError
from data_generator.tools.clinical_policy import (
    SECTION_COUNTS,
    ClinicalPolicy,
    ClinicalPolicyTool,
    Person,
    PolicySection,
    Specialty,
)

NAME = "healthcare-clinical-policy"
SPECIALTIES: tuple[str, ...] = get_args(Specialty)


def tool(
    specialty: str = "general-medicine",
    policy_type: str = "clinical-guideline",
    complexity: str = "intermediate",
) -> ClinicalPolicyTool:
    made = ClinicalPolicyTool(
        {"specialty": specialty, "policy_type": policy_type, "complexity": complexity}
    )
    return made


def offline(made: ClinicalPolicyTool, count: int, seed: int) -> list[ClinicalPolicy]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(made, count=count, settings=settings).generate_data()


@functools.cache
def policies() -> tuple[ClinicalPolicy, ...]:
    """1000 offline policies with the default options, seed 17 (made once)."""
    return tuple(offline(tool(), 1000, 17))


def years_later(day: date, years: int) -> date:
    """``day`` plus whole years, written independently of the module's helper."""
    year = day.year + years
    if (day.month, day.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def sample(status: str = "approved") -> ClinicalPolicy:
    return next(p for p in policies() if p.status == status)


# --- offline records ------------------------------------------------------------------


def test_offline_records_all_validate_and_differ() -> None:
    records = policies()
    assert len(records) == 1000
    assert [r.policy_id for r in records] == [f"POL-{i:06d}" for i in range(1, 1001)]
    dumped = {r.model_dump_json(exclude={"policy_id"}) for r in records}
    assert len(dumped) == 1000
    for record in records[:50]:
        ClinicalPolicy.model_validate_json(record.model_dump_json())


def test_offline_records_keep_every_rule() -> None:
    checker = tool()
    for record in policies():
        assert checker.invariant_problems(record) == [], record.policy_id
        assert 5 <= len(record.sections) <= 7
        assert [s.number for s in record.sections] == list(range(1, len(record.sections) + 1))
        assert years_later(record.effective_date, 1) <= record.review_date
        assert record.review_date <= years_later(record.effective_date, 3)
        assert (record.specialty, record.policy_type) == ("general-medicine", "clinical-guideline")
        if record.status == "approved":
            assert record.approvers
        assert record.title.lower().startswith(record.focus_topic.lower())


def test_attributes_follow_their_declared_weights() -> None:
    made = tool()
    dumps = [r.model_dump(mode="json") for r in policies()]
    declared = made.attributes()
    assert [a.name for a in declared] == ["status", "audience", "focus_topic", "review_cycle"]
    for attribute in declared:
        counts = Counter(attribute.observed(dump) for dump in dumps)
        probabilities = attribute.probabilities()
        assert set(counts) <= set(probabilities), attribute.name
        for value, probability in probabilities.items():
            share = counts[value] / len(dumps)
            assert abs(share - probability) <= 0.03, (attribute.name, value, share)


@pytest.mark.parametrize("complexity", list(SECTION_COUNTS))
def test_section_count_follows_the_complexity(complexity: str) -> None:
    low, high = SECTION_COUNTS[complexity]
    records = offline(tool("surgery", "protocol", complexity), 60, 5)
    assert len(records) == 60
    counts = {len(r.sections) for r in records}
    assert counts == set(range(low, high + 1))
    assert {r.specialty for r in records} == {"surgery"}
    assert {r.policy_type for r in records} == {"protocol"}


@pytest.mark.parametrize("specialty", SPECIALTIES)
def test_every_specialty_makes_valid_records(specialty: str) -> None:
    made = tool(specialty, "care-pathway", "advanced")
    records = offline(made, 20, 9)
    assert len(records) == 20
    assert all(made.invariant_problems(r) == [] for r in records)
    if specialty == "pediatrics":
        assert all("children" in r.scope for r in records)


def test_the_record_schema_is_strict() -> None:
    schema = strict_json_schema(ClinicalPolicy)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(ClinicalPolicy.model_fields)


def test_no_record_carries_identifier_shaped_numbers() -> None:
    for record in policies()[:200]:
        text = record.model_dump_json()
        assert not re.search(r"\b\d{3}-\d{2}-\d{4}\b", text)  # SSN-shaped
        assert not re.search(r"\d{13,19}", text)  # card-shaped
        assert "@" not in text


# --- repairs and rejections -----------------------------------------------------------


def test_post_process_keeps_a_valid_record_as_it_is() -> None:
    record = sample()
    assert tool().post_process(record) == record


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


DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(
    effective=DAYS,
    offset=st.integers(min_value=-400, max_value=1500),
    numbers=st.lists(st.integers(min_value=1, max_value=30), min_size=5, max_size=7)
    | st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=12),
    status=st.sampled_from(["draft", "approved", "retired"]),
    approvers=st.integers(min_value=0, max_value=2),
    specialty=st.sampled_from(SPECIALTIES),
)
def test_post_process_either_rejects_or_returns_a_consistent_record(
    *,
    effective: date,
    offset: int,
    numbers: list[int],
    status: str,
    approvers: int,
    specialty: str,
) -> None:
    made = tool()
    review = effective + timedelta(days=offset)
    sections = [PolicySection(number=n, heading=f"H{i}", content=f"C{i}") for i, n in
                enumerate(numbers)]  # fmt: skip
    record = sample().model_copy(
        update={
            "effective_date": effective,
            "review_date": review,
            "sections": sections,
            "status": status,
            "approvers": [Person(name=f"A {i}", role="Director") for i in range(approvers)],
            "specialty": specialty,
        }
    )
    must_reject = (
        not years_later(effective, 1) <= review <= years_later(effective, 3)
        or not 5 <= len(numbers) <= 7
        or (status == "approved" and approvers == 0)
    )

    repaired = made.repair(record)
    assert made.repair(repaired) == repaired  # idempotent
    try:
        result = made.post_process(record)
    except InvariantError:
        assert must_reject
        return

    assert not must_reject
    assert result == repaired
    assert made.invariant_problems(result) == []
    assert [s.number for s in result.sections] == list(range(1, len(numbers) + 1))
    assert [s.heading for s in result.sections] == [s.heading for s in sections]
    assert result.specialty == "general-medicine"


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


def test_cli_writes_text_documents(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli(NAME, "--specialty", "radiology", "--policy-type", "protocol",
                   "--complexity", "basic", "-n", "3", "-f", "txt", "-o", "out",
                   "--seed", "4", "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    files = sorted((tmp_path / "out").glob("*.txt"))
    assert [f.name for f in files] == [f"{NAME}-{i:06d}.txt" for i in (1, 2, 3)]
    text = files[0].read_text(encoding="utf-8")
    assert "Specialty: radiology" in text
    assert "Type: protocol" in text


def test_cli_writes_csv(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli(NAME, "--speciality", "nursing", "-n", "4", "-f", "csv", "-o", "out",
                   "--seed", "2", "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    with (tmp_path / "out" / f"{NAME}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["policy_id"] for row in rows] == [f"POL-{i:06d}" for i in range(1, 5)]
    assert {row["specialty"] for row in rows} == {"nursing"}


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--specialty", "dentistry"), "--specialty"),
        (("--policy-type", "memo"), "--policy-type"),
        (("--complexity", "extreme"), "--complexity"),
    ],
)
def test_cli_rejects_a_bad_choice(
    run_cli: Callable[..., Any], args: tuple[str, ...], flag: str
) -> None:
    done = run_cli(NAME, *args, "-n", "1", "--provider", "offline")
    assert done.code == 2
    assert flag in one_error_line(done)


def test_help_lists_flags_choices_and_defaults(run_cli: Callable[..., Any]) -> None:
    done = run_cli(NAME, "--help")
    assert done.code == 0
    squeezed = re.sub(r"\s+", "", done.stdout)
    for text in ("--specialty,--speciality", "emergency-medicine", "infection-control",
                 "standard-operating-procedure", "formulary-policy", "basic|intermediate|advanced",
                 "[default:general-medicine]", "[default:clinical-guideline]",
                 "[default:intermediate]"):  # fmt: skip
        assert text in squeezed, text


@pytest.mark.parametrize("example", ClinicalPolicyTool().examples)
def test_every_example_command_runs(
    run_cli: Callable[..., Any], tmp_path: Path, example: str
) -> None:
    words = shlex.split(example)
    assert words[:2] == ["datagen", NAME]
    assert "--provider" in words

    done = run_cli(*words[1:], "-o", "out", "--seed", "1")

    assert done.code == 0, done.stderr
    assert "Wrote" in done.stdout
    assert any((tmp_path / "out").iterdir())
