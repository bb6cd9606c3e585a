"""The ``hr-employee-record`` scenario: its rules, record types, pay bands and text.

What every scenario must do (valid offline records, help, examples, distributions, repair
or rejection of any answer) is checked by tests/test_catalogue.py.
"""

from __future__ import annotations

import functools
from collections import Counter
from datetime import date, timedelta
from functools import partial
from typing import Any, cast, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.runtime import runtime_of
from data_generator.synth import ANCHOR
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


def record_of(kind: str, **changes: Any) -> EmployeeRecord:
    """The first full-time offline record of record type ``kind``, with ``changes``."""
    base = next(r for r in records(kind) if r.employment_type == "full-time")
    return base.model_copy(update=changes)


def in_band(salary: Salary, level: str) -> bool:
    annual = salary.amount * PERIODS[salary.pay_frequency] * RATES[salary.currency]
    low, high = SALARY_BANDS_USD[level]
    return low <= annual <= high


# --- what the options change -----------------------------------------------------------------


def test_each_record_type_has_its_own_section_status_and_pay_in_band() -> None:
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
    for record_type in RECORD_TYPES:
        assert all(in_band(r.salary, r.level) for r in records(record_type))


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


@pytest.mark.parametrize(
    ("rating", "band", "moved"),
    [(1, "exceeds-expectations", 4), (5, "below-expectations", 2), (2, "meets-expectations", 3)],
)
def test_a_rating_outside_the_drawn_band_moves_to_the_nearest_in_it(
    rating: int, band: str, moved: int
) -> None:
    attributes = runtime_of(hr_tool("performance-review")).attributes
    dump = {"performance": {"rating": rating}}
    next(a for a in attributes if a.name == "rating_band").set_in(dump, band)
    assert dump == {"performance": {"rating": moved}}


def test_interns_are_juniors_and_titles_follow_the_department() -> None:
    interns = [r for r in records("profile", count=1000) if r.employment_type == "intern"]
    assert interns
    assert {r.level for r in interns} == {"L1"}
    assert all(r.job_title.endswith("Intern") for r in interns)
    assert all(r.salary.pay_frequency == "hourly" for r in interns)
    for record in records("profile", "legal"):
        assert record.department == "legal"
        assert any(word in record.job_title for word in (*ROLES["legal"], "Legal"))


# --- rules -------------------------------------------------------------------------------------

REVIEW, LEAVE, LEAVER, PAY_CHANGE = (
    partial(record_of, kind)
    for kind in ("performance-review", "leave-request", "offboarding", "compensation-change")
)


def leave(start: date, end: date, days: int) -> dict[str, Leave]:
    return {"leave": Leave(type="sick", start=start, end=end, days=days)}


def salary(level: str, amount: float, currency: str, frequency: str) -> dict[str, Any]:
    pay = Salary(amount=amount, currency=currency, pay_frequency=frequency)
    return {"level": level, "salary": pay}


RULES = {
    "record type and department from the options": Case(
        lambda r: {"record_type": "onboarding", "department": "legal"},
        mends=lambda r: (r.record_type, r.department) == ("profile", "engineering"),
    ),
    "termination date of an employee still there": Case(
        lambda r: {"termination_date": r.hire_date + timedelta(days=90)},
        mends=lambda r: r.termination_date is None and r.status != "terminated",
        record=PAY_CHANGE,
    ),
    "terminated without a date": Case(
        lambda r: {"status": "terminated", "termination_date": None},
        rejects="a terminated employee needs termination_date",
    ),
    "terminated before hired": Case(
        lambda r: {"termination_date": date(1999, 1, 1)},
        rejects="termination_date is not after hire_date",
        record=LEAVER,
    ),
    "offboarding an active employee": Case(
        lambda r: {"status": "active", "termination_date": None},
        rejects="an offboarding record must be about a terminated employee",
        record=LEAVER,
    ),
    "review of a leaver": Case(
        lambda r: {"status": "terminated", "termination_date": date(2025, 12, 1)},
        rejects="a performance-review record cannot be about a terminated employee",
        record=REVIEW,
    ),
    "review without a review": Case(
        lambda r: {"performance": None}, rejects="record needs performance", record=REVIEW
    ),
    "review in a profile": Case(
        lambda r: {"performance": REVIEW().performance}, mends=lambda r: r.performance is None
    ),
    "leave in a profile": Case(lambda r: {"leave": LEAVE().leave}, mends=lambda r: not r.leave),
    "leave request without a leave": Case(
        lambda r: {"leave": None}, rejects="record needs leave", record=LEAVE
    ),
    "leave backwards": Case(
        lambda r: leave(date(2025, 5, 9), date(2025, 5, 8), 1),
        rejects="the leave ends before it starts",
        record=LEAVE,
    ),
    "weekend-only leave": Case(
        lambda r: leave(date(2025, 5, 10), date(2025, 5, 11), 2),
        rejects="the leave covers no working day",
        record=LEAVE,
    ),
    "leave days miscounted": Case(  # Fri 7th, Mon 10th to Fri 14th, Mon 17th: 7 working days
        lambda r: leave(date(2025, 3, 7), date(2025, 3, 17), 11),
        mends=lambda r: r.leave.days == 7,
        record=LEAVE,
    ),
    "senior intern": Case(
        lambda r: {"employment_type": "intern", **salary("L3", 100_000, "USD", "annual")},
        rejects="an intern cannot be at level L3",
    ),
    "salary out of the band": Case(
        lambda r: salary("L1", 250_000, "USD", "annual"),
        rejects="salary of 250,000 USD a year is outside the L1 band 45,000-70,000",
    ),
}


@cases(RULES)
def test_an_answer_that_breaks_a_rule_is_mended_or_rejected(case: Case) -> None:
    start = cast("EmployeeRecord", case.record() if case.record else record_of("profile"))
    check_case(hr_tool(start.record_type), start, case)


# --- domain computations ---------------------------------------------------------------------

DATES = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(start=DATES, length=st.integers(min_value=-5, max_value=400))
def test_business_days_counts_monday_to_friday(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    days = [start + timedelta(days=n) for n in range(length + 1)]
    assert business_days(start, end) == sum(day.weekday() < 5 for day in days)


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
    record = record_of("profile", **salary(level, amount, currency, frequency))
    problems = hr_tool().problems(record)
    assert any("band" in problem for problem in problems) == (not in_band(record.salary, level))


# --- text ------------------------------------------------------------------------------------


def strings(value: Any) -> list[str]:
    """Every string in a record's JSON dump."""
    if isinstance(value, dict | list):
        items = value.values() if isinstance(value, dict) else value
        return [found for item in items for found in strings(item)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("record_type", ["performance-review", "leave-request", "offboarding"])
def test_text_holds_the_whole_record(record_type: str) -> None:
    tool = hr_tool(record_type)
    for record in records(record_type)[:40]:
        text = tool.render_text(record)
        assert record.full_name in text.splitlines()[0]
        assert [
            value for value in strings(record.model_dump(mode="json")) if value not in text
        ] == []
        assert f"Salary: {record.salary.amount:,.2f} {record.salary.currency}" in text
        if record.termination_date is not None:
            assert f"Terminated: {record.termination_date.isoformat()}" in text
        if record.performance is not None:
            assert f"Performance review {record.performance.period}" in text
            assert f"Rating: {record.performance.rating}/5" in text
            assert all(f"- {goal}" in text for goal in record.performance.goals)
        if record.leave is not None:
            assert f"Leave request\n-------------\n{record.leave.type} leave from" in text
            assert f"{record.leave.days} working days" in text
