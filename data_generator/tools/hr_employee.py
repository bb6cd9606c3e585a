"""``hr-employee-record``: fictional HR records (profiles, reviews, leave, pay changes)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field

from data_generator import synth
from data_generator.markers import (
    Drawn,
    FromOption,
    Later,
    RecordId,
    ReservedEmail,
    ReservedPhone,
)
from data_generator.messages import indefinite
from data_generator.records import Money
from data_generator.tool import (
    Attribute,
    DataGeneratorTool,
    Hint,
    RecordContext,
    render_document,
    rule,
)
from data_generator.tools import hr_employee_prose as prose
from data_generator.tools.hr_employee_facts import employee_facts
from data_generator.tools.hr_employee_vocabulary import ROLES, TEAM, TITLE_OF_LEVEL

__all__ = ["EmployeeRecord", "HrEmployeeOptions", "HrEmployeeTool", "business_days"]

RecordType = Literal[
    "profile",
    "performance-review",
    "onboarding",
    "offboarding",
    "compensation-change",
    "leave-request",
]
Department = Literal[
    "engineering", "sales", "marketing", "finance", "hr", "operations", "support", "legal"
]
Level = Literal["L1", "L2", "L3", "L4", "L5", "L6", "L7"]
EmploymentType = Literal["full-time", "part-time", "contractor", "intern"]
Status = Literal["active", "on-leave", "terminated"]
Location = Literal[
    "Austin", "New York", "Toronto", "London", "Dublin", "Berlin", "Lisbon", "Singapore"
]
Currency = Literal["USD", "CAD", "GBP", "EUR", "SGD"]
PayFrequency = Literal["annual", "monthly", "hourly"]
LeaveType = Literal["vacation", "sick", "parental", "bereavement", "unpaid", "study"]
AgeBand = Literal["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
RatingBand = Literal["below-expectations", "meets-expectations", "exceeds-expectations"]

LEVEL_WEIGHTS = {"L1": 0.14, "L2": 0.22, "L3": 0.24, "L4": 0.18, "L5": 0.12, "L6": 0.06, "L7": 0.04}
EMPLOYMENT_WEIGHTS = {"full-time": 0.78, "part-time": 0.08, "contractor": 0.10, "intern": 0.04}
LOCATION_WEIGHTS = {
    "Austin": 0.16, "New York": 0.18, "Toronto": 0.12, "London": 0.14,
    "Dublin": 0.10, "Berlin": 0.12, "Lisbon": 0.08, "Singapore": 0.10,
}  # fmt: skip
#: Status weights follow the record type: nobody is reviewed, re-paid or granted leave
#: after leaving, and an offboarding record is always about a terminated employee.
STATUS_WEIGHTS: dict[str, dict[str, float]] = {
    "profile": {"active": 0.82, "on-leave": 0.08, "terminated": 0.10},
    "performance-review": {"active": 0.94, "on-leave": 0.06, "terminated": 0.0},
    "onboarding": {"active": 1.0, "on-leave": 0.0, "terminated": 0.0},
    "offboarding": {"active": 0.0, "on-leave": 0.0, "terminated": 1.0},
    "compensation-change": {"active": 0.95, "on-leave": 0.05, "terminated": 0.0},
    "leave-request": {"active": 0.7, "on-leave": 0.3, "terminated": 0.0},
}
RATING_BAND_WEIGHTS = {
    "below-expectations": 0.15,
    "meets-expectations": 0.5,
    "exceeds-expectations": 0.35,
}
RATINGS_IN_BAND = {
    "below-expectations": (1, 2),
    "meets-expectations": (3,),
    "exceeds-expectations": (4, 5),
}
RATING_BAND = {rating: band for band, ratings in RATINGS_IN_BAND.items() for rating in ratings}

#: Full-time-equivalent annual pay band of each level, in USD.
SALARY_BANDS_USD: dict[str, tuple[int, int]] = {
    "L1": (45_000, 70_000), "L2": (60_000, 90_000), "L3": (80_000, 120_000),
    "L4": (105_000, 155_000), "L5": (135_000, 200_000), "L6": (170_000, 250_000),
    "L7": (210_000, 320_000),
}  # fmt: skip
#: Fixed reference rates (USD per unit), used only to check a salary against its band.
USD_PER_UNIT: dict[str, float] = {"USD": 1.0, "CAD": 0.73, "GBP": 1.27, "EUR": 1.08, "SGD": 0.74}
PERIODS_PER_YEAR: dict[str, int] = {"annual": 1, "monthly": 12, "hourly": 2080}
CURRENCY_OF: dict[str, Currency] = {
    "Austin": "USD", "New York": "USD", "Toronto": "CAD", "London": "GBP",
    "Dublin": "EUR", "Berlin": "EUR", "Lisbon": "EUR", "Singapore": "SGD",
}  # fmt: skip
#: Record types an employee who has left may still appear in.
TERMINATED_RECORD_TYPES = ("profile", "offboarding")


def _employment_given_level() -> dict[str, synth.Distribution]:
    # Interns exist only at L1. Drawn conditionally on the level so that the marginal
    # share of each employment type is still exactly EMPLOYMENT_WEIGHTS.
    others = {kind: w for kind, w in EMPLOYMENT_WEIGHTS.items() if kind != "intern"}
    table = {}
    for level in LEVEL_WEIGHTS:
        intern = EMPLOYMENT_WEIGHTS["intern"] / LEVEL_WEIGHTS["L1"] if level == "L1" else 0.0
        scale = (1 - intern) / sum(others.values())
        shares = {kind: weight * scale for kind, weight in others.items()}
        table[level] = synth.Distribution({**shares, "intern": intern})
    return table


EMPLOYMENT_GIVEN_LEVEL = _employment_given_level()

AGE_BANDS_OF_LEVEL: dict[str, tuple[AgeBand, ...]] = {
    "L1": ("18-24", "25-34"), "L2": ("25-34", "35-44"), "L3": ("25-34", "35-44", "45-54"),
    "L4": ("25-34", "35-44", "45-54"), "L5": ("35-44", "45-54", "55-64"),
    "L6": ("35-44", "45-54", "55-64"), "L7": ("45-54", "55-64", "65+"),
}  # fmt: skip
LEAVE_LENGTH: dict[str, tuple[int, int]] = {
    "vacation": (1, 15), "sick": (1, 5), "parental": (30, 120),
    "bereavement": (1, 5), "unpaid": (5, 30), "study": (1, 10),
}  # fmt: skip
_DAY = timedelta(days=1)
_BANDS = "; ".join(f"{level} {low:,}-{high:,}" for level, (low, high) in SALARY_BANDS_USD.items())
_RATES = ", ".join(f"{code} {rate}" for code, rate in USD_PER_UNIT.items())


def business_days(start: date, end: date) -> int:
    """Count the working days (Monday to Friday) from ``start`` to ``end``, both included."""
    if end < start:
        return 0
    weeks, extra = divmod((end - start).days + 1, 7)
    return weeks * 5 + sum((start.weekday() + offset) % 7 < 5 for offset in range(extra))


def set_rating_band(record: dict[str, Any], band: str) -> None:
    """Move a review's rating into ``band``: to the nearest rating in it."""
    performance = record["performance"]
    performance["rating"] = min(RATINGS_IN_BAND[band], key=lambda r: abs(r - performance["rating"]))


class HrEmployeeOptions(BaseModel):
    """Options of the ``hr-employee-record`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    record_type: RecordType = Field(default="profile", description="Kind of HR record.")
    department: Department = Field(
        default="engineering", description="Department the employees work in."
    )


class Salary(BaseModel):
    """Pay, quoted as the full-time-equivalent rate."""

    amount: Money = Field(gt=0, description="Full-time-equivalent pay per pay_frequency period.")
    currency: Currency = Field(description="ISO currency code of the amount.")
    pay_frequency: PayFrequency = Field(description="The period the amount is paid for.")


class Performance(BaseModel):
    """A performance review."""

    period: str = Field(
        pattern=r"^(FY\d{4}|\d{4}-(H[12]|Q[1-4]))$",
        description="Review period: FY2025, 2025-H1 or 2025-Q3.",
    )
    rating: int = Field(ge=1, le=5, description="Overall rating, 1 (lowest) to 5 (highest).")
    goals: list[str] = Field(min_length=1, description="Goals for the period.")
    strengths: str = Field(min_length=1, description="What went well.")
    improvements: str = Field(min_length=1, description="What to improve next.")


class Leave(BaseModel):
    """A leave of absence."""

    type: LeaveType = Field(description="Kind of leave.")
    start: date = Field(description="First day of leave.")
    end: date = Field(description="Last day of leave (not before start).")
    days: int = Field(
        ge=0, description="Working days (Monday to Friday) from start to end, both included."
    )


class EmployeeRecord(BaseModel):
    """A fictional HR record about one employee."""

    employee_id: Annotated[str, RecordId("EMP")] = Field(description="Employee id, EMP-000123.")
    record_type: Annotated[RecordType, FromOption("record_type")] = Field(
        description="Kind of HR record."
    )
    department: Annotated[Department, FromOption("department")] = Field(
        description="The employee's department."
    )
    full_name: str = Field(min_length=3, description="Fictional full name.")
    work_email: Annotated[ReservedEmail, Later] = Field(
        description="Reserved example.com/.org/.net work address."
    )
    phone: ReservedPhone = Field(description="Fictional number, +1-NXX-555-01XX.")
    job_title: str = Field(min_length=2, description="Job title.")
    level: Annotated[Level, Drawn(LEVEL_WEIGHTS)] = Field(
        description="Career level, L1 (entry) to L7 (director)."
    )
    manager_name: str = Field(min_length=3, description="Fictional name of the line manager.")
    location: Annotated[Location, Drawn(LOCATION_WEIGHTS)] = Field(
        description="Office the employee belongs to."
    )
    employment_type: Annotated[EmploymentType, Drawn(EMPLOYMENT_WEIGHTS)] = Field(
        description="Kind of contract."
    )
    age_band: AgeBand = Field(description="Age band (no date of birth is kept).")
    hire_date: Annotated[date, Later] = Field(description="First day of employment.")
    termination_date: Annotated[date | None, Later] = Field(
        description="Last day of employment; only for terminated employees."
    )
    status: Annotated[Status, Drawn.by_option("record_type", STATUS_WEIGHTS)] = Field(
        description="Employment status."
    )
    salary: Annotated[Salary, Later]
    performance: Annotated[Performance | None, Later] = Field(
        description="The review; only in performance-review records."
    )
    leave: Annotated[Leave | None, Later] = Field(
        description="The leave requested; only in leave-request records."
    )
    notes: Annotated[str, Later] = Field(description="Free-text HR notes.")


class HrEmployeeTool(DataGeneratorTool[HrEmployeeOptions, EmployeeRecord]):
    """Fictional HR records for one department and record type."""

    name = "hr-employee-record"
    description = "Fictional HR employee records: profiles, reviews, leave, pay changes."
    attribute_order = ("level", "employment_type", "location", "status", "rating_band")

    system = (
        "You write realistic but entirely fictional HR records for software testing. "
        "Every person is invented; e-mail addresses use example.com, example.org or "
        "example.net and phone numbers use 555-0100 to 555-0199. Never write national "
        "ids, social security numbers, bank details or dates of birth."
    )

    prompt = (
        "Write {{$record_type}} record number {{$index}} for an employee in the "
        "{{$department}} department.\n"
        "Rules: termination_date is set only when status is terminated, and is after "
        "hire_date. Offboarding records are about terminated employees; only profile and "
        "offboarding records may be about terminated employees. Fill performance only in "
        "performance-review records and leave only in leave-request records (null "
        "otherwise). A leave ends on or after its start, and days counts the Monday-Friday "
        "days from start to end, both included. Interns are at level L1. The salary is "
        "the full-time-equivalent pay per period; annualised (monthly x12, hourly x2080) "
        f"and converted to USD at {_RATES} it falls in the band of the level: {_BANDS}."
    )

    examples = (
        "datagen hr-employee-record --department sales --count 20 -o data/sales-staff "
        "--provider offline",
        "datagen hr-employee-record --record-type performance-review --department engineering "
        "-f txt -n 5 -o data/engineering-reviews --provider offline",
    )

    def attributes(self) -> list[Attribute]:
        """A review's rating band."""
        if self.options.record_type != "performance-review":
            return []
        return [
            Attribute(
                "rating_band",
                RATING_BAND_WEIGHTS,
                observe=lambda record: RATING_BAND[record["performance"]["rating"]],
                apply=set_rating_band,
            )
        ]

    def draw_attributes(self, rng: random.Random, seed: int, index: int) -> dict[str, Any]:
        """The declared attributes, with the employment type drawn given the level."""
        drawn = super().draw_attributes(rng, seed, index)
        drawn["employment_type"] = EMPLOYMENT_GIVEN_LEVEL[drawn["level"]].draw(rng)
        return drawn

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        return {
            "age_band": lambda rng, ctx: synth.choose(
                rng,
                ("18-24",)
                if ctx.attributes["employment_type"] == "intern"
                else AGE_BANDS_OF_LEVEL[ctx.attributes["level"]],
            ),
            "job_title": self._title,
        }

    def _title(self, rng: random.Random, ctx: RecordContext) -> str:
        role = synth.choose(rng, ROLES[self.options.department])
        if ctx.attributes["employment_type"] == "intern":
            return f"{role} Intern"
        template = TITLE_OF_LEVEL[ctx.attributes["level"]]
        return template.format(role=role, team=TEAM[self.options.department])

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Dates, pay and the record type's section, consistent with status and level."""
        record["work_email"] = synth.email_address(rng, record["full_name"])
        today = synth.ANCHOR.date()
        if record["record_type"] == "onboarding":
            hired = synth.date_between(rng, today - 60 * _DAY, today)
        elif record["employment_type"] == "intern":  # an internship lasts months, not years
            hired = synth.date_between(rng, today - 330 * _DAY, today - 120 * _DAY)
        else:
            # Nobody was hired before about 20: the age band caps the tenure.
            band = record["age_band"]
            oldest = int(band.split("-")[1]) if "-" in band else 70
            tenure = max(200, min(4400, (oldest - 20) * 365))
            hired = synth.date_between(rng, today - tenure * _DAY, today - 120 * _DAY)
        record["hire_date"] = hired
        if record["status"] == "terminated":
            back = 60 if record["record_type"] == "offboarding" else 400
            earliest = max(hired + 30 * _DAY, today - back * _DAY)
            record["termination_date"] = synth.date_between(rng, earliest, today)
        record["salary"] = self._salary(rng, record)
        if record["record_type"] == "performance-review":
            record["performance"] = self._performance(rng, ctx.attributes["rating_band"], hired)
        if record["record_type"] == "leave-request":
            record["leave"] = self._leave(rng, hired)
        self._prose(rng, record, ctx)
        return record

    def _prose(self, rng: random.Random, record: dict[str, Any], ctx: RecordContext) -> None:
        """Notes (and a review's goals, strengths and improvements) from the record's facts."""
        facts = employee_facts(rng, record)
        key = f"{record['record_type']}_{record['status']}"
        if (review := record["performance"]) is not None:
            band = ctx.attributes["rating_band"]
            key = f"performance-review_{band}"
            review["goals"] = prose.goals(
                rng, record["department"], 1 + int(rng.random() * 3), facts
            )
            review["strengths"] = prose.strengths(rng, band, facts)
            review["improvements"] = prose.improvements(rng, band, facts)
        record["notes"] = prose.notes(rng, key, facts)

    def _salary(self, rng: random.Random, record: dict[str, Any]) -> dict[str, Any]:
        low, high = SALARY_BANDS_USD[record["level"]]
        annual_usd = low * 1.02 + rng.random() * (high * 0.98 - low * 1.02)
        currency = CURRENCY_OF[record["location"]]
        if record["employment_type"] in ("contractor", "intern"):
            frequency = "hourly"
        else:
            frequency = "monthly" if currency == "EUR" and rng.random() < 0.5 else "annual"
        amount = annual_usd / USD_PER_UNIT[currency] / PERIODS_PER_YEAR[frequency]
        step = {"annual": 100, "monthly": 10, "hourly": 0.01}[frequency]
        amount = round(round(amount / step) * step, 2)
        return {"amount": amount, "currency": currency, "pay_frequency": frequency}

    def _performance(self, rng: random.Random, band: str, hired: date) -> dict[str, Any]:
        ratings = RATINGS_IN_BAND[band]
        year = max(hired.year, 2024) + int(rng.random() * (2026 - max(hired.year, 2024)))
        period = synth.choose(rng, (f"FY{year}", f"{year}-H1", f"{year}-H2", f"{year}-Q4"))
        return {
            "period": period,
            "rating": ratings[int(rng.random() * len(ratings))],
            "goals": [],
            "strengths": "",
            "improvements": "",
        }  # the prose follows, once every fact is known

    def _leave(self, rng: random.Random, hired: date) -> dict[str, Any]:
        today = synth.ANCHOR.date()
        start = synth.date_between(rng, max(hired + 7 * _DAY, today - 90 * _DAY), today + 60 * _DAY)
        while start.weekday() >= 5:  # a leave starts on a working day
            start += _DAY
        kind = synth.choose(rng, tuple(LEAVE_LENGTH))
        low, high = LEAVE_LENGTH[kind]
        end = start + (low - 1 + int(rng.random() * (high - low + 1))) * _DAY
        return {"type": kind, "start": start, "end": end, "days": business_days(start, end)}

    @rule(
        "an employee who is not terminated cannot have termination_date",
        fix=lambda record: record.model_copy(update={"termination_date": None}),
    )
    def termination_date_only_when_terminated(self, record: EmployeeRecord) -> bool | str:
        if record.status == "terminated" or record.termination_date is None:
            return True
        return f"an {record.status} employee cannot have termination_date"

    @rule("a terminated employee needs termination_date")
    def terminated_employees_have_a_last_day(self, record: EmployeeRecord) -> bool | str:
        if record.status != "terminated":
            return True
        if record.termination_date is None:
            return False
        return (
            record.termination_date > record.hire_date or "termination_date is not after hire_date"
        )

    @rule("an offboarding record must be about a terminated employee")
    def offboarding_is_about_a_leaver(self, record: EmployeeRecord) -> bool:
        return record.record_type != "offboarding" or record.status == "terminated"

    @rule("a record about a terminated employee must be a profile or an offboarding")
    def leavers_only_in_profiles_and_offboarding(self, record: EmployeeRecord) -> bool | str:
        if record.status != "terminated" or record.record_type in TERMINATED_RECORD_TYPES:
            return True
        return f"{indefinite(record.record_type)} record cannot be about a terminated employee"

    @rule("a performance-review record needs performance")
    def reviews_have_a_review(self, record: EmployeeRecord) -> bool:
        return record.record_type != "performance-review" or record.performance is not None

    @rule(
        "only a performance-review record can have performance",
        fix=lambda record: record.model_copy(update={"performance": None}),
    )
    def performance_only_in_reviews(self, record: EmployeeRecord) -> bool | str:
        if record.record_type == "performance-review" or record.performance is None:
            return True
        return f"{indefinite(record.record_type)} record cannot have performance"

    @rule(
        "only a leave-request record can have leave",
        fix=lambda record: record.model_copy(update={"leave": None}),
    )
    def leave_only_in_leave_requests(self, record: EmployeeRecord) -> bool | str:
        if record.record_type == "leave-request" or record.leave is None:
            return True
        return f"{indefinite(record.record_type)} record cannot have leave"

    @rule("a leave-request record needs leave")
    def leave_requests_have_a_leave(self, record: EmployeeRecord) -> bool:
        return record.record_type != "leave-request" or record.leave is not None

    @rule("the leave ends before it starts")
    def leave_ends_after_it_starts(self, record: EmployeeRecord) -> bool:
        return record.leave is None or record.leave.end >= record.leave.start

    @rule("the leave covers no working day")
    def leave_covers_a_working_day(self, record: EmployeeRecord) -> bool:
        leave = record.leave
        return leave is None or leave.end < leave.start or business_days(leave.start, leave.end) > 0

    def _recount_leave_days(self, record: EmployeeRecord) -> EmployeeRecord:
        leave = cast("Leave", record.leave)
        days = business_days(leave.start, leave.end)
        return record.model_copy(update={"leave": leave.model_copy(update={"days": days})})

    @rule("leave days is not the working days from start to end", fix=_recount_leave_days)
    def leave_days_are_working_days(self, record: EmployeeRecord) -> bool | str:
        leave = record.leave
        if leave is None or leave.end < leave.start:
            return True
        days = business_days(leave.start, leave.end)
        return leave.days == days or (
            f"leave days is {leave.days}, not the {days} working days from start to end"
        )

    @rule("an intern must be at level L1")
    def interns_are_juniors(self, record: EmployeeRecord) -> bool | str:
        if record.employment_type != "intern" or record.level == "L1":
            return True
        return f"an intern cannot be at level {record.level}"

    @rule("the salary is outside the band of the level")
    def salary_in_band(self, record: EmployeeRecord) -> bool | str:
        salary = record.salary
        annual = salary.amount * PERIODS_PER_YEAR[salary.pay_frequency]
        annual *= USD_PER_UNIT[salary.currency]
        low, high = SALARY_BANDS_USD[record.level]
        return low <= annual <= high or (
            f"salary of {annual:,.0f} USD a year is outside the {record.level} band "
            f"{low:,}-{high:,}"
        )

    def render_text(self, record: EmployeeRecord) -> str:
        """A readable HR record: facts, pay, the review or leave, notes."""
        salary = record.salary
        facts = [
            ("Employee", f"{record.full_name} ({record.employee_id})"),
            ("Record type", record.record_type),
            ("Department", record.department),
            ("Job title", f"{record.job_title} ({record.level})"),
            ("Employment", f"{record.employment_type}, {record.status}"),
            ("Manager", record.manager_name),
            ("Location", record.location),
            ("Age band", record.age_band),
            ("Work e-mail", record.work_email),
            ("Phone", record.phone),
            ("Hired", record.hire_date),
            ("Terminated", record.termination_date),
            ("Salary", f"{salary.amount:,.2f} {salary.currency} {salary.pay_frequency}"),
        ]
        sections = []
        if (review := record.performance) is not None:
            goals = "\n".join(f"- {goal}" for goal in review.goals)
            body = (
                f"Rating: {review.rating}/5 ({RATING_BAND[review.rating]})\nGoals:\n{goals}\n"
                f"Strengths: {review.strengths}\nImprovements: {review.improvements}"
            )
            sections.append((f"Performance review {review.period}", body))
        if (leave := record.leave) is not None:
            when = f"from {leave.start} to {leave.end}: {leave.days} working days"
            sections.append(("Leave request", f"{leave.type} leave {when}"))
        sections.append(("Notes", record.notes))
        title = f"{record.record_type.replace('-', ' ').capitalize()}: {record.full_name}"
        return render_document(title, facts, sections)
