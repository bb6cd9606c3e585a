"""The facts of one ``hr-employee-record`` draft that its prose names, as strings."""

from __future__ import annotations

import functools
import random
from datetime import date, timedelta
from typing import Any

from data_generator import synth
from data_generator.tools.hr_employee_vocabulary import TEAM, TITLE_OF_LEVEL

__all__ = ["employee_facts", "period_end", "tenure"]

_DAY = timedelta(days=1)
_TODAY = synth.ANCHOR.date()
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_CYCLES = ("annual", "mid-year", "promotion", "market-adjustment")
_OTHER_TEAMS = {
    department: tuple(team for other, team in TEAM.items() if other != department)
    for department in TEAM
}
_PER = {"annual": "a year", "monthly": "a month", "hourly": "an hour"}
_NEXT_LEVEL = {"L1": "L2", "L2": "L3", "L3": "L4", "L4": "L5", "L5": "L6", "L6": "L7"}


def tenure(start: date, end: date) -> str:
    """``start`` to ``end`` in years and months: ``3 years``, ``1 year and 4 months``."""
    months = max(1, (end.year - start.year) * 12 + end.month - start.month)
    years, months = divmod(months, 12)
    parts = [
        f"{n} {unit}{'s' if n > 1 else ''}" for n, unit in ((years, "year"), (months, "month")) if n
    ]
    return " and ".join(parts)


def period_end(period: str) -> date:
    """The last day of a review period: ``FY2025``, ``2025-H1``, ``2025-Q3``."""
    if period.startswith("FY"):
        return date(int(period[2:]), 12, 31)
    year, part = int(period[:4]), period[5:]
    month = {"H1": 6, "H2": 12, "Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12}[part]
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _next_period(period: str) -> str:
    if period.startswith("FY"):
        return f"FY{int(period[2:]) + 1}"
    year, part = int(period[:4]), period[5:]
    kind, n = part[0], int(part[1])
    last = 2 if kind == "H" else 4
    return f"{year + 1}-{kind}1" if n == last else f"{year}-{kind}{n + 1}"


@functools.cache
def _title(title: str, department: str, level: str) -> str:
    """The title of ``level`` for the role of ``title`` (``Senior X`` -> ``Lead X``)."""
    role = title
    for template in TITLE_OF_LEVEL.values():
        head = template.partition("{role}")[0]
        if head and role.startswith(head):
            role = role[len(head) :]
    return TITLE_OF_LEVEL[level].format(role=role, team=TEAM[department])


def _ymd(day: date) -> str:
    return day.isoformat()


def _long(day: date) -> str:
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def employee_facts(rng: random.Random, record: dict[str, Any]) -> dict[str, str]:
    """What the notes and the review may name: the person, role, tenure, dates, pay, leave.

    Only the facts the record type's prose names are computed (the others cost time).
    """
    kind = record["record_type"]
    hired: date = record["hire_date"]
    until: date = record["termination_date"] or max(_TODAY, hired + 30 * _DAY)
    others = _OTHER_TEAMS[record["department"]]
    facts = {
        "first": record["full_name"].split(" ", 1)[0],
        "person": record["full_name"],
        "title": record["job_title"],
        "team": TEAM[record["department"]],
        "level": record["level"],
        "manager": record["manager_name"],
        "location": record["location"],
        "hired": _ymd(hired),
        "tenure": tenure(hired, until),
        "peer": synth.person_name(rng),
        "peer_team": others[int(rng.random() * len(others))],
    }
    if kind in ("profile", "compensation-change"):
        start = min(hired + 14 * _DAY, until)
        checked = start + _DAY * int(rng.random() * ((until - start).days + 1))
        facts["checked"] = _ymd(checked)
        facts["check_month"] = f"{_MONTHS[checked.month - 1]} {checked.year}"
    if kind == "onboarding":
        facts["prepared"] = _ymd(hired - _DAY * (3 + int(rng.random() * 20)))
    if kind == "compensation-change":
        salary = record["salary"]
        facts |= {
            "pay": f"{salary['amount']:,.2f} {salary['currency']} {_PER[salary['pay_frequency']]}",
            "effective": f"{_TODAY.year}-{1 + int(rng.random() * 12):02d}-01",
            "cycle": _CYCLES[int(rng.random() * len(_CYCLES))],
        }
    if (left := record["termination_date"]) is not None:
        facts["left"] = _ymd(left)
        facts["exit_talk"] = _ymd(left - _DAY * (1 + int(rng.random() * 10)))
    if (review := record["performance"]) is not None:
        facts |= _review_facts(rng, record, review["period"])
    if (leave := record["leave"]) is not None:
        asked = leave["start"] - _DAY * (1 + int(rng.random() * 14))
        facts |= {
            "leave_type": leave["type"], "leave_start": _ymd(leave["start"]),
            "leave_end": _ymd(leave["end"]), "leave_days": str(leave["days"]),
            "approved": _ymd(max(hired, min(_TODAY, asked))),
        }  # fmt: skip
    return facts


def _review_facts(rng: random.Random, record: dict[str, Any], period: str) -> dict[str, str]:
    end, end_text, following = _period_facts(period)
    level = _NEXT_LEVEL.get(record["level"])
    if record["employment_type"] == "intern":
        step = "a graduate offer"
    elif level is None:
        step = "the leadership programme"
    else:
        step = f"promotion to {_title(record['job_title'], record['department'], level)}"
    return {
        "period": period,
        "period_end": end_text,
        "next_period": following,
        "follow_up": _ymd(end + _DAY * (5 + int(rng.random() * 35))),
        "next_step": step,
    }


@functools.cache
def _period_facts(period: str) -> tuple[date, str, str]:
    end = period_end(period)
    return end, _long(end), _next_period(period)
