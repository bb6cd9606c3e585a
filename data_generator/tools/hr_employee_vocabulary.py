"""Word lists of the ``hr-employee-record`` scenario: teams, roles and titles."""

from __future__ import annotations

TEAM = {
    "engineering": "Engineering", "sales": "Sales", "marketing": "Marketing",
    "finance": "Finance", "hr": "People", "operations": "Operations",
    "support": "Customer Support", "legal": "Legal",
}  # fmt: skip
ROLES: dict[str, tuple[str, ...]] = {
    "engineering": ("Software Engineer", "Data Engineer", "Site Reliability Engineer",
                    "QA Engineer", "Security Engineer"),
    "sales": ("Account Executive", "Sales Development Representative", "Solutions Consultant",
              "Account Manager"),
    "marketing": ("Marketing Specialist", "Content Strategist", "Growth Analyst",
                  "Brand Designer"),
    "finance": ("Financial Analyst", "Accountant", "Payroll Specialist", "FP&A Analyst"),
    "hr": ("HR Generalist", "Recruiter", "People Partner", "Learning Specialist"),
    "operations": ("Operations Analyst", "Procurement Specialist", "Facilities Coordinator",
                   "Program Manager"),
    "support": ("Support Engineer", "Customer Success Manager", "Support Specialist"),
    "legal": ("Legal Counsel", "Paralegal", "Contracts Manager", "Compliance Analyst"),
}  # fmt: skip
TITLE_OF_LEVEL = {
    "L1": "Junior {role}", "L2": "{role}", "L3": "Senior {role}", "L4": "Lead {role}",
    "L5": "Principal {role}", "L6": "{team} Manager", "L7": "Director of {team}",
}  # fmt: skip
