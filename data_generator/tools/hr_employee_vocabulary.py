"""Word lists of the ``hr-employee-record`` scenario: teams, roles, titles, goals and notes."""

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
GOALS: dict[str, tuple[str, ...]] = {
    "engineering": ("Ship the {project} milestone on schedule", "Cut incident count in {area}",
                    "Mentor a new joiner through their first quarter"),
    "sales": ("Close {percent}% of the quarterly pipeline", "Expand three {area} accounts",
              "Shorten the sales cycle by two weeks"),
    "marketing": ("Launch the {project} campaign", "Grow qualified leads by {percent}%",
                  "Refresh the {area} messaging"),
    "finance": ("Close the books within five days", "Automate the {area} reconciliation",
                "Deliver the {project} budget model"),
    "hr": ("Fill open {area} roles within 45 days", "Run the {project} engagement survey",
           "Roll out the new onboarding checklist"),
    "operations": ("Reduce {area} vendor costs by {percent}%", "Deliver the {project} rollout",
                   "Document the {area} runbook"),
    "support": ("Keep first-response time under two hours", "Raise CSAT by {percent} points",
                "Write ten {area} knowledge-base articles"),
    "legal": ("Standardise the {area} contract templates", "Complete the {project} review",
              "Train managers on {area} policy"),
}  # fmt: skip
WORDS = {
    "project": ("Atlas", "Beacon", "Cobalt", "Delta", "Evergreen", "Falcon", "Horizon", "Juniper"),
    "area": ("EMEA", "APAC", "enterprise", "mid-market", "billing", "platform", "partner"),
    "percent": ("5", "8", "10", "12", "15", "20"),
    "skill": ("clear written communication", "calm incident handling", "stakeholder trust",
              "careful planning", "fast learning", "thorough documentation"),
    "gap": ("delegating earlier", "estimating more conservatively", "speaking up in reviews",
            "closing loops with partner teams", "prioritising ruthlessly"),
}  # fmt: skip
NOTES: dict[str, tuple[str, ...]] = {
    "profile": ("Profile reviewed during the annual data check.",
                "Emergency contact details confirmed with the employee.",
                "Works closely with the {area} team."),
    "performance-review": ("Review discussed in a one-to-one meeting.",
                           "Calibrated with peers in the {area} group.",
                           "Development plan agreed for next period."),
    "onboarding": ("Laptop and accounts requested before the start date.",
                   "Buddy assigned from the {area} team.", "First-week agenda shared."),
    "offboarding": ("Exit interview completed.", "Equipment return arranged.",
                    "Access removal scheduled for the last day.",
                    "Knowledge handover planned with the {area} team."),
    "compensation-change": ("Adjustment follows the annual compensation cycle.",
                            "Change approved by the department head.",
                            "Market benchmark for {area} roles reviewed."),
    "leave-request": ("Cover arranged within the team.", "Request approved by the manager.",
                      "Handover notes shared before the leave."),
}  # fmt: skip
