"""The facts of one ``hr-employee-record`` draft that its prose names, as strings."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from data_generator import synth
from data_generator.tools.hr_employee_vocabulary import TEAM, TITLE_OF_LEVEL

__all__ = ["employee_facts", "period_end", "tenure"]

_DAY = timedelta(days=1)
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


def _title(record: dict[str, Any], level: str) -> str:
    role = record["job_title"]
    for template in TITLE_OF_LEVEL.values():
        head = template.partition("{role}")[0]
        if head and role.startswith(head):
            role = role[len(head) :]
    return TITLE_OF_LEVEL[level].format(role=role, team=TEAM[record["department"]])


def employee_facts(rng: random.Random, record: dict[str, Any]) -> dict[str, str]:
    """What the notes and the review may name: the person, role, tenure, dates, pay, leave."""
    today = synth.ANCHOR.date()
    hired: date = record["hire_date"]
    until: date = record["termination_date"] or max(today, hired + timedelta(days=30))
    salary = record["salary"]
    others = [team for department, team in TEAM.items() if department != record["department"]]
    checked = synth.date_between(rng, min(hired + timedelta(days=14), until), until)
    facts = {
        "first": record["full_name"].split(" ", 1)[0],
        "person": record["full_name"],
        "title": record["job_title"],
        "team": TEAM[record["department"]],
        "level": record["level"],
        "manager": record["manager_name"],
        "location": record["location"],
        "hired": str(hired),
        "tenure": tenure(hired, until),
        "checked": str(checked),
        "check_month": f"{checked:%B %Y}",
        "prepared": str(hired - timedelta(days=3 + int(rng.random() * 20))),
        "peer": synth.person_name(rng),
        "peer_team": others[int(rng.random() * len(others))],
        "pay": f"{salary['amount']:,.2f} {salary['currency']} {_PER[salary['pay_frequency']]}",
        "effective": f"{today.year}-{1 + int(rng.random() * 12):02d}-01",
        "cycle": synth.choose(rng, ("annual", "mid-year", "promotion", "market-adjustment")),
    }
    if (left := record["termination_date"]) is not None:
        facts["left"] = str(left)
        facts["exit_talk"] = str(left - timedelta(days=1 + int(rng.random() * 10)))
    if (review := record["performance"]) is not None:
        end = period_end(review["period"])
        facts |= {
            "period": review["period"], "period_end": f"{end:%d %B %Y}",
            "next_period": _next_period(review["period"]),
            "follow_up": str(end + timedelta(days=5 + int(rng.random() * 35))),
        }  # fmt: skip
        level = _NEXT_LEVEL.get(record["level"])
        step = f"promotion to {_title(record, level)}" if level else "the leadership programme"
        facts["next_step"] = step if record["employment_type"] != "intern" else "a graduate offer"
    if (leave := record["leave"]) is not None:
        asked = leave["start"] - _DAY * (1 + int(rng.random() * 14))
        facts |= {
            "leave_type": leave["type"], "leave_start": str(leave["start"]),
            "leave_end": str(leave["end"]), "leave_days": str(leave["days"]),
            "approved": str(max(hired, min(today, asked))),
        }  # fmt: skip
    return facts
