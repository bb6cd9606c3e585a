"""The ``hr-employee-record`` scenario: its rules, record types, pay bands and text.

What every scenario must do (valid offline records, help, examples, distributions, repair
or rejection of any answer) is checked by tests/test_catalogue.py.
"""

from __future__ import annotations

import functools
from collections import Counter
from datetime import date, timedelta
from typing import Any, cast, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.engine.validation import AttributeCheck
from data_generator.schema import strict_json_schema
from data_generator.synth import ANCHOR
from data_generator.tool import InvariantError
from data_generator.tools.hr_employee import (
    RATING_BAND,
    RATING_BAND_WEIGHTS,
    SALARY_BANDS_USD,
    STATUS_WEIGHTS,
    EmployeeRecord,
    HrEmployeeTool,
    Leave,
    RecordType,
    Salary,
    business_days,
)
from data_generator.tools.hr_employee_vocabulary import ROLES

RECORD_TYPES: tuple[str, ...] = get_args(RecordType)
RATES = {"USD": 1.0, "CAD": 0.73, "GBP": 1.27, "EUR": 1.08, "SGD": 0.74}
PERIODS = {"annual": 1, "monthly": 12, "hourly": 2080}


def hr_tool(record_type: str = "profile", department: str = "engineering") -> HrEmployeeTool:
    return HrEmployeeTool({"record_type": record_type, "department": department})


@functools.cache
def records(
    record_type: str = "profile", department: str = "engineering", count: int = 300
) -> tuple[EmployeeRecord, ...]:
    """Offline records of one kind (made once per session)."""
    generator = DataGenerator(
        hr_tool(record_type, department), count=count, settings=Settings(provider="offline", seed=3)
    )
    return tuple(cast("list[EmployeeRecord]", generator.generate_data()))


def working_days(start: date, end: date) -> int:
    """Monday-Friday days from start to end, counted one by one."""
    days, moment = 0, start
    while moment <= end:
        days += moment.weekday() < 5
        moment += timedelta(days=1)
    return days


def in_band(salary: Salary, level: str) -> bool:
    annual = salary.amount * PERIODS[salary.pay_frequency] * RATES[salary.currency]
    low, high = SALARY_BANDS_USD[level]
    return low <= annual <= high


def record_of(kind: str, **changes: Any) -> EmployeeRecord:
    """The first full-time offline record of record type ``kind``, with ``changes``."""
    base = next(r for r in records(kind) if r.employment_type == "full-time")
    return base.model_copy(update=changes)


# --- what the options change -----------------------------------------------------------------


def test_each_record_type_has_its_own_section_and_status() -> None:
    assert all(r.performance is not None for r in records("performance-review"))
    assert all(r.leave is not None for r in records("leave-request"))
    for record_type in ("profile", "onboarding", "offboarding", "compensation-change"):
        assert all(r.performance is None and r.leave is None for r in records(record_type))
    leaving = records("offboarding")
    assert all(r.status == "terminated" for r in leaving)
    assert all(r.termination_date and r.termination_date > r.hire_date for r in leaving)
    assert {r.status for r in records("onboarding")} == {"active"}
    newest = ANCHOR.date() - timedelta(days=61)
    assert all(r.hire_date >= newest for r in records("onboarding"))
    for record_type in ("performance-review", "compensation-change", "leave-request"):
        assert "terminated" not in {r.status for r in records(record_type)}


def test_reviews_follow_their_status_and_rating_band_weights() -> None:
    made = records("performance-review", count=1000)
    statuses: Counter[str] = Counter(r.status for r in made)
    bands = Counter(RATING_BAND[r.performance.rating] for r in made if r.performance)
    for counts, weights in (
        (statuses, STATUS_WEIGHTS["performance-review"]),
        (bands, RATING_BAND_WEIGHTS),
    ):
        for value, weight in weights.items():
            assert abs(counts[value] / len(made) - weight) <= 0.03, (value, counts)


def test_a_review_whose_rating_ignores_the_drawn_band_is_moved_into_it() -> None:
    tool = hr_tool("performance-review")
    index, record = next(
        (i, r)
        for i, r in enumerate(records("performance-review"), 1)
        if r.performance and r.performance.rating == 5
    )
    ctx, _ = tool.record_context(3, index)
    assert record.performance is not None
    review = record.performance.model_copy(update={"rating": 1})
    check = AttributeCheck.of(tool)
    assert check is not None

    fixed, why = check.honour(record.model_copy(update={"performance": review}), ctx)

    assert why == ""
    assert isinstance(fixed, EmployeeRecord)
    assert fixed.performance is not None
    assert fixed.performance.rating == 4  # the nearest rating of exceeds-expectations


def test_interns_are_juniors_and_titles_follow_the_department() -> None:
    made = records("profile", count=1000)
    interns = [r for r in made if r.employment_type == "intern"]
    assert interns
    assert {r.level for r in interns} == {"L1"}
    assert all(r.job_title.endswith("Intern") for r in interns)
    assert all(r.salary.pay_frequency == "hourly" for r in interns)
    for record in records("profile", "legal"):
        assert record.department == "legal"
        assert any(role in record.job_title for role in ROLES["legal"]) or "Legal" in (
            record.job_title
        )


def test_record_type_and_department_always_follow_the_options() -> None:
    record = record_of("profile", record_type="onboarding", department="legal")
    repaired = hr_tool("profile").post_process(record)
    assert (repaired.record_type, repaired.department) == ("profile", "engineering")


def test_record_schema_has_no_identity_fields() -> None:
    fields = set(strict_json_schema(EmployeeRecord)["properties"])
    assert {"performance", "leave", "termination_date", "age_band"} <= fields
    assert not fields & {"ssn", "national_id", "date_of_birth", "birth_date"}


# --- rules: what is mended -------------------------------------------------------------------


def test_a_termination_date_of_an_employee_still_there_is_dropped() -> None:
    record = record_of("compensation-change")
    assert record.status != "terminated"
    broken = record.model_copy(update={"termination_date": record.hire_date + timedelta(days=90)})
    assert hr_tool("compensation-change").problems(broken) == [
        f"an {record.status} employee cannot have termination_date"
    ]
    repaired = hr_tool("compensation-change").post_process(broken)
    assert repaired.termination_date is None
    assert repaired.status == record.status


def test_sections_of_another_record_type_are_dropped() -> None:
    review = record_of("performance-review").performance
    leave = record_of("leave-request").leave
    record = record_of("profile", performance=review, leave=leave)
    assert hr_tool().problems(record) == [
        "a profile record cannot have performance",
        "a profile record cannot have leave",
    ]
    repaired = hr_tool().post_process(record)
    assert repaired.performance is None
    assert repaired.leave is None


def test_leave_days_are_recounted_as_working_days() -> None:
    leave = Leave(type="vacation", start=date(2025, 3, 7), end=date(2025, 3, 17), days=11)
    record = record_of("leave-request", leave=leave)
    assert hr_tool("leave-request").problems(record) == [
        "leave days is 11, not the 7 working days from start to end"
    ]
    repaired = hr_tool("leave-request").post_process(record)
    assert repaired.leave is not None
    assert repaired.leave.days == 7  # Fri 7th, Mon 10th to Fri 14th, Mon 17th


# --- rules: what is rejected -----------------------------------------------------------------

REJECTIONS = [
    ("profile", {"status": "terminated", "termination_date": None}, "needs termination_date"),
    ("offboarding", {"termination_date": date(1999, 1, 1)}, "not after hire_date"),
    ("offboarding", {"status": "active", "termination_date": None}, "offboarding record must"),
    (
        "performance-review",
        {"status": "terminated", "termination_date": date(2025, 12, 1)},
        "a performance-review record cannot be about a terminated employee",
    ),
    ("performance-review", {"performance": None}, "needs performance"),
    ("leave-request", {"leave": None}, "needs leave"),
    (
        "leave-request",
        {"leave": Leave(type="sick", start=date(2025, 5, 9), end=date(2025, 5, 8), days=1)},
        "ends before it starts",
    ),
    (
        "leave-request",
        {"leave": Leave(type="sick", start=date(2025, 5, 10), end=date(2025, 5, 11), days=2)},
        "no working day",
    ),
    (
        "profile",
        {"level": "L1", "salary": Salary(amount=250_000, currency="USD", pay_frequency="annual")},
        "salary of 250,000 USD a year is outside the L1 band 45,000-70,000",
    ),
    (
        "profile",
        {"level": "L7", "salary": Salary(amount=40, currency="EUR", pay_frequency="hourly")},
        "outside the L7 band",
    ),
    (
        "profile",
        {
            "employment_type": "intern",
            "level": "L3",
            "salary": Salary(amount=100_000, currency="USD", pay_frequency="annual"),
        },
        "intern cannot be at level L3",
    ),
]


@pytest.mark.parametrize(
    ("record_type", "changes", "message"),
    REJECTIONS,
    ids=[
        "terminated-without-date",
        "terminated-before-hired",
        "offboarding-active",
        "review-of-a-leaver",
        "review-without-review",
        "leave-without-leave",
        "leave-backwards",
        "weekend-only-leave",
        "salary-over-band",
        "salary-under-band",
        "senior-intern",
    ],
)
def test_what_cannot_be_mended_is_rejected_with_its_reason(
    record_type: str, changes: dict[str, Any], message: str
) -> None:
    record = record_of(record_type, **changes)
    with pytest.raises(InvariantError) as rejected:
        hr_tool(record_type).post_process(record)
    assert message in str(rejected.value)
    assert len(str(rejected.value).split("; ")) == 1, "one broken rule, one reason"


# --- domain computations ---------------------------------------------------------------------

DATES = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(start=DATES, length=st.integers(min_value=-5, max_value=400))
def test_business_days_counts_monday_to_friday(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    assert business_days(start, end) == working_days(start, end)


@settings(max_examples=200, deadline=None)
@given(
    level=st.sampled_from(list(SALARY_BANDS_USD)),
    amount=st.floats(min_value=1, max_value=400_000),
    currency=st.sampled_from(list(RATES)),
    frequency=st.sampled_from(list(PERIODS)),
)
def test_salary_is_rejected_exactly_when_outside_the_band(
    level: str, amount: float, currency: str, frequency: str
) -> None:
    salary = Salary(amount=amount, currency=currency, pay_frequency=frequency)
    record = record_of("profile", level=level, salary=salary)
    problems = hr_tool().problems(record)
    assert any("band" in problem for problem in problems) == (not in_band(salary, level))


def test_offline_salaries_fall_in_the_band_of_the_level() -> None:
    for record_type in RECORD_TYPES:
        assert all(in_band(r.salary, r.level) for r in records(record_type))


# --- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("record_type", ["performance-review", "leave-request", "offboarding"])
def test_text_holds_the_whole_record(record_type: str) -> None:
    tool = hr_tool(record_type)
    for record in records(record_type)[:40]:
        text = tool.render_text(record)
        assert record.full_name in text.splitlines()[0]
        for value in (
            record.employee_id,
            record.job_title,
            record.level,
            record.manager_name,
            record.location,
            record.work_email,
            record.phone,
            record.age_band,
            record.hire_date.isoformat(),
            record.salary.currency,
            f"{record.salary.amount:,.2f}",
            record.notes,
        ):
            assert value in text, value
        if record.termination_date is not None:
            assert f"Terminated: {record.termination_date.isoformat()}" in text
        if record.performance is not None:
            assert f"Performance review {record.performance.period}" in text
            assert f"Rating: {record.performance.rating}/5" in text
            for goal in record.performance.goals:
                assert f"- {goal}" in text
            assert record.performance.strengths in text
            assert record.performance.improvements in text
        if record.leave is not None:
            assert "Leave request\n-------------\n" in text
            assert f"{record.leave.start.isoformat()} to {record.leave.end.isoformat()}" in text
            assert f"{record.leave.days} working days" in text
