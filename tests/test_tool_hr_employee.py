"""The ``hr-employee-record`` scenario: offline records, rules, repairs, text and CLI."""

from __future__ import annotations

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
from hypothesis import event, given, settings
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.schema import strict_json_schema
from data_generator.synth import ANCHOR
from data_generator.tool import InvariantError
from data_generator.tools.hr_employee import (
    LEVEL_WEIGHTS,
    SALARY_BANDS_USD,
    Department,
    EmployeeRecord,
    HrEmployeeTool,
    Leave,
    Performance,
    RecordType,
    Salary,
    business_days,
)
from data_generator.tools.hr_employee_vocabulary import ROLES

RECORD_TYPES: tuple[str, ...] = get_args(RecordType)
DEPARTMENTS: tuple[str, ...] = get_args(Department)
RATES = {"USD": 1.0, "CAD": 0.73, "GBP": 1.27, "EUR": 1.08, "SGD": 0.74}
PERIODS = {"annual": 1, "monthly": 12, "hourly": 2080}
SSN_SHAPED = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
CARD_SHAPED = re.compile(r"\d{13,19}")


def hr_tool(record_type: str = "profile", department: str = "engineering") -> HrEmployeeTool:
    tool = HrEmployeeTool({"record_type": record_type, "department": department})
    return tool


@functools.cache
def records(record_type: str = "profile", department: str = "engineering") -> tuple[Any, ...]:
    """1,000 offline records of one kind (made once per session)."""
    count = 1000 if record_type in ("profile", "performance-review", "leave-request") else 300
    generator = DataGenerator(
        hr_tool(record_type, department),
        count=count,
        settings=Settings(provider="offline", seed=3),
    )
    return tuple(generator.generate_data())


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
    assert isinstance(base, EmployeeRecord)
    return base.model_copy(update=changes)


# --- offline records -------------------------------------------------------------------------


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_offline_records_validate_keep_the_rules_and_differ(record_type: str) -> None:
    made = records(record_type)
    tool = hr_tool(record_type)
    assert len(made) in (300, 1000)  # none was dropped after failing every attempt
    assert [r.employee_id for r in made] == [f"EMP-{i:06d}" for i in range(1, len(made) + 1)]
    without_ids = set()
    for record in made:
        text = record.model_dump_json()
        EmployeeRecord.model_validate_json(text)
        assert tool.invariant_problems(record) == [], record.employee_id
        assert record.record_type == record_type
        assert record.department == "engineering"
        assert in_band(record.salary, record.level)
        assert record.work_email.rsplit("@", 1)[1] in ("example.com", "example.org", "example.net")
        assert re.fullmatch(r"\+1-\d{3}-555-01\d{2}", record.phone)
        assert not SSN_SHAPED.search(text)
        assert not CARD_SHAPED.search(text)
        without_ids.add(record.model_copy(update={"employee_id": "EMP-000000"}).model_dump_json())
    assert len(without_ids) == len(made)


def test_each_record_type_has_its_own_section_and_status() -> None:
    assert all(r.performance is not None for r in records("performance-review"))
    assert all(r.leave is not None for r in records("leave-request"))
    for record_type in ("profile", "onboarding", "offboarding", "compensation-change"):
        assert all(r.performance is None and r.leave is None for r in records(record_type))
    leaving = records("offboarding")
    assert all(r.status == "terminated" for r in leaving)
    assert all(r.termination_date > r.hire_date for r in leaving)
    assert {r.status for r in records("onboarding")} == {"active"}
    newest = ANCHOR.date() - timedelta(days=61)
    assert all(r.hire_date >= newest for r in records("onboarding"))
    for record_type in ("performance-review", "compensation-change", "leave-request"):
        assert "terminated" not in {r.status for r in records(record_type)}


def test_interns_are_juniors_and_titles_follow_the_department() -> None:
    made = records("profile")
    interns = [r for r in made if r.employment_type == "intern"]
    assert interns
    assert {r.level for r in interns} == {"L1"}
    assert all(r.job_title.endswith("Intern") for r in interns)
    assert all(r.salary.pay_frequency == "hourly" for r in interns)
    for record in records("profile", "legal")[:200]:
        assert record.department == "legal"
        assert any(role in record.job_title for role in ROLES["legal"]) or "Legal" in (
            record.job_title
        )


def assert_frequencies(values: list[Any], weights: dict[Any, float]) -> None:
    counts = Counter(values)
    assert set(counts) <= set(weights)
    for value, weight in weights.items():
        share = counts[value] / len(values)
        assert abs(share - weight) <= 0.03, f"{value}: {share:.3f} vs {weight:.3f}"


@pytest.mark.parametrize("record_type", ["profile", "performance-review", "leave-request"])
def test_attributes_follow_the_declared_weights(record_type: str) -> None:
    tool = hr_tool(record_type)
    dumps = [r.model_dump(mode="json") for r in records(record_type)]
    declared = tool.attributes()
    names = [a.name for a in declared]
    expected = ["level", "employment_type", "location", "status"]
    if record_type == "performance-review":
        expected.append("rating_band")
    assert names == expected
    for attribute in declared:
        assert_frequencies([attribute.observed(d) for d in dumps], attribute.probabilities())
    assert declared[0].probabilities() == pytest.approx(LEVEL_WEIGHTS)


def test_record_schema_is_strict_and_has_no_identity_fields() -> None:
    schema = strict_json_schema(EmployeeRecord)
    fields = set(schema["properties"])
    assert {"performance", "leave", "termination_date", "age_band"} <= fields
    assert not fields & {"ssn", "national_id", "date_of_birth", "birth_date"}


# --- post_process: repairs -------------------------------------------------------------------


def test_post_process_keeps_a_valid_record() -> None:
    record = record_of("leave-request")
    assert hr_tool("leave-request").post_process(record) == record


def test_post_process_resets_record_type_and_department_to_the_options() -> None:
    record = record_of("profile", record_type="onboarding", department="legal")
    repaired = hr_tool("profile").post_process(record)
    assert (repaired.record_type, repaired.department) == ("profile", "engineering")


def test_post_process_drops_a_termination_date_of_an_active_employee() -> None:
    record = record_of("compensation-change")
    assert record.status != "terminated"
    broken = record.model_copy(update={"termination_date": record.hire_date + timedelta(days=90)})
    repaired = hr_tool("compensation-change").post_process(broken)
    assert repaired.termination_date is None
    assert repaired.status == record.status


def test_post_process_drops_sections_that_do_not_belong_to_the_record_type() -> None:
    review = record_of("performance-review").performance
    leave = record_of("leave-request").leave
    record = record_of("profile", performance=review, leave=leave)
    repaired = hr_tool("profile").post_process(record)
    assert repaired.performance is None
    assert repaired.leave is None


def test_post_process_recounts_leave_days_as_working_days() -> None:
    leave = Leave(type="vacation", start=date(2025, 3, 7), end=date(2025, 3, 17), days=11)
    repaired = hr_tool("leave-request").post_process(record_of("leave-request", leave=leave))
    assert repaired.leave is not None
    assert repaired.leave.days == 7  # Fri 7th, Mon 10th to Fri 14th, Mon 17th


# --- post_process: rejections ----------------------------------------------------------------

REJECTIONS = [
    ("profile", {"status": "terminated", "termination_date": None}, "needs termination_date"),
    ("offboarding", {"termination_date": date(1999, 1, 1)}, "not after hire_date"),
    ("offboarding", {"status": "active", "termination_date": None}, "offboarding record must"),
    (
        "performance-review",
        {"status": "terminated", "termination_date": date(2025, 12, 1)},
        "cannot be about a terminated employee",
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
        "outside the L1 band",
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
def test_post_process_rejects_what_it_cannot_mend(
    record_type: str, changes: dict[str, Any], message: str
) -> None:
    record = record_of(record_type, **changes)
    with pytest.raises(InvariantError, match=message):
        hr_tool(record_type).post_process(record)


# --- property tests --------------------------------------------------------------------------

DATES = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(start=DATES, length=st.integers(min_value=-5, max_value=400))
def test_business_days_counts_monday_to_friday(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    assert business_days(start, end) == working_days(start, end)


CASES = st.fixed_dictionaries(
    {
        "option_type": st.sampled_from(RECORD_TYPES),
        "record_type": st.sampled_from(RECORD_TYPES),
        "department": st.sampled_from(DEPARTMENTS),
        "status": st.sampled_from(["active", "on-leave", "terminated"]),
        "hire_date": DATES,
        "termination_date": st.none() | DATES,
        "leave": st.none() | st.tuples(DATES, st.integers(-3, 40), st.integers(0, 40)),
        "with_review": st.booleans(),
    }
)


@settings(max_examples=200, deadline=None)
@given(case=CASES)
def test_post_process_either_rejects_or_returns_a_consistent_record(case: dict[str, Any]) -> None:
    option_type, status, hire_date = case["option_type"], case["status"], case["hire_date"]
    termination_date, leave, with_review = (
        case["termination_date"],
        case["leave"],
        case["with_review"],
    )
    review = records("performance-review")[0].performance
    assert isinstance(review, Performance)
    leave_model = None
    if leave is not None:
        start, length, days = leave
        end = start + timedelta(days=length)
        leave_model = Leave(type="vacation", start=start, end=end, days=days)
    record = record_of("profile").model_copy(
        update={
            "record_type": case["record_type"],
            "department": case["department"],
            "status": status,
            "hire_date": hire_date,
            "termination_date": termination_date,
            "performance": review if with_review else None,
            "leave": leave_model,
        }
    )
    # The rules, stated independently of the module, on the options' record type.
    kept_date = termination_date if status == "terminated" else None
    kept_leave = leave_model if option_type == "leave-request" else None
    must_reject = (
        (status == "terminated" and (kept_date is None or kept_date <= hire_date))
        or (option_type == "offboarding" and status != "terminated")
        or (status == "terminated" and option_type not in ("profile", "offboarding"))
        or (option_type == "performance-review" and not with_review)
        or (option_type == "leave-request" and kept_leave is None)
        or (
            kept_leave is not None
            and (
                kept_leave.end < kept_leave.start
                or working_days(kept_leave.start, kept_leave.end) == 0
            )
        )
    )
    tool = hr_tool(option_type)

    try:
        repaired = tool.post_process(record)
    except InvariantError:
        event("rejected")
        assert must_reject
        return

    event("repaired or kept")
    assert not must_reject
    assert tool.invariant_problems(repaired) == []
    assert tool.repair(repaired) == repaired  # repair is idempotent
    assert (repaired.record_type, repaired.department) == (option_type, "engineering")
    assert repaired.status == status
    if repaired.leave is not None:
        assert repaired.leave.days == working_days(repaired.leave.start, repaired.leave.end)


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
    problems = hr_tool().invariant_problems(record)
    assert any("band" in problem for problem in problems) == (not in_band(salary, level))


# --- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("record_type", ["performance-review", "leave-request", "offboarding"])
def test_text_holds_the_whole_record(record_type: str) -> None:
    tool = hr_tool(record_type)
    for record in records(record_type)[:40]:
        text = tool.render_text(record)
        title = text.splitlines()[0]
        assert record.full_name in title
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
            assert f"{record.leave.start.isoformat()} to {record.leave.end.isoformat()}" in text
            assert f"{record.leave.days} working days" in text


# --- command line ----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1])
def test_every_example_command_runs(run_cli: Callable[..., Any], tmp_path: Path, n: int) -> None:
    words = shlex.split(HrEmployeeTool().examples[n])
    assert words[:2] == ["datagen", "hr-employee-record"]
    assert words[-2:] == ["--provider", "offline"]
    done = run_cli(*words[1:], "-o", str(tmp_path / "out"), "--seed", "3")
    assert done.code == 0, done.stderr
    assert "Wrote" in done.stdout
    assert list((tmp_path / "out").iterdir())


def test_cli_writes_readable_text_files(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("hr-employee-record", "--record-type", "leave-request", "--department",
                   "support", "-f", "txt", "-n", "3", "--seed", "4", "-o", "out",
                   "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    files = sorted((tmp_path / "out").glob("*.txt"))
    assert [f.name for f in files] == [f"hr-employee-record-00000{i}.txt" for i in (1, 2, 3)]
    text = files[0].read_text(encoding="utf-8")
    assert text.startswith("Leave request: ")
    assert "Department: support" in text
    assert "Leave request\n-------------\n" in text


def test_cli_writes_csv_with_one_row_per_record(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    done = run_cli("hr-employee-record", "--department", "finance", "-f", "csv", "-n", "5",
                   "--seed", "4", "-o", "out", "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    lines = (tmp_path / "out" / "hr-employee-record.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("employee_id,record_type,department,full_name,work_email")
    assert len(lines) == 6
    assert all(",profile,finance," in line for line in lines[1:])


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--record-type", "promotion"), "--record-type"),
        (("--department", "cooking"), "--department"),
    ],
)
def test_cli_rejects_a_bad_choice_naming_the_flag(
    run_cli: Callable[..., Any], args: tuple[str, ...], flag: str
) -> None:
    done = run_cli("hr-employee-record", *args, "-n", "1", "--provider", "offline")
    assert done.code == 2
    assert flag in one_error_line(done)


def test_cli_help_shows_the_flags_with_choices_and_defaults(run_cli: Callable[..., Any]) -> None:
    done = run_cli("hr-employee-record", "--help")
    assert done.code == 0
    text = " ".join(done.stdout.split())
    assert "--record-type <" + "|".join(RECORD_TYPES) + ">" in text
    assert "--department <" + "|".join(DEPARTMENTS) + ">" in text
    assert "[default: profile]" in text
    assert "[default: engineering]" in text
