"""Word lists of the ``legal-contract`` scenario: roles, titles, clause headings and wording."""

from __future__ import annotations

#: Per contract type: (role, kind) of the first two parties; "either" is drawn.
ROLES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "nda": (("Disclosing Party", "organisation"), ("Receiving Party", "either")),
    "employment": (("Employer", "organisation"), ("Employee", "individual")),
    "service-agreement": (("Client", "organisation"), ("Service Provider", "organisation")),
    "lease": (("Landlord", "either"), ("Tenant", "either")),
    "sales": (("Seller", "organisation"), ("Buyer", "organisation")),
    "licensing": (("Licensor", "organisation"), ("Licensee", "organisation")),
    "partnership": (("Partner", "either"), ("Partner", "either")),
    "consulting": (("Client", "organisation"), ("Consultant", "either")),
}
TITLES = {
    "nda": "Mutual Non-Disclosure Agreement",
    "employment": "Employment Agreement",
    "service-agreement": "Master Services Agreement",
    "lease": "Commercial Lease Agreement",
    "sales": "Sale of Goods Agreement",
    "licensing": "Software Licence Agreement",
    "partnership": "Partnership Agreement",
    "consulting": "Consulting Agreement",
}
SPECIFIC: dict[str, tuple[str, ...]] = {
    "nda": (
        "Definition of Confidential Information", "Obligations of the Receiving Party",
        "Permitted Disclosures", "Exclusions", "Return of Materials",
    ),
    "employment": (
        "Position and Duties", "Place of Work", "Hours of Work", "Remuneration", "Holidays",
        "Sickness Absence", "Notice Period", "Restrictive Covenants",
    ),
    "service-agreement": (
        "Scope of Services", "Service Levels", "Client Obligations", "Fees and Payment",
        "Change Control", "Acceptance",
    ),
    "lease": (
        "Premises", "Rent", "Security Deposit", "Use of Premises", "Repairs and Maintenance",
        "Alterations", "Access by the Landlord",
    ),
    "sales": (
        "Sale of Goods", "Price", "Delivery", "Title and Risk", "Inspection and Acceptance",
        "Warranty of Goods",
    ),
    "licensing": (
        "Grant of Licence", "Licence Restrictions", "Royalties", "Reports and Records",
        "Ownership of Licensed Property", "Support and Updates",
    ),
    "partnership": (
        "Formation and Name", "Purpose of the Partnership", "Capital Contributions",
        "Profit and Loss Sharing", "Management and Voting", "Withdrawal of a Partner",
        "Dissolution",
    ),
    "consulting": (
        "Engagement", "Deliverables", "Fees and Expenses", "Independent Contractor Status",
        "Work Product", "Non-solicitation",
    ),
}  # fmt: skip
#: Boilerplate clauses in their usual order; enough that any type reaches 40 clauses.
GENERAL = (
    "Definitions and Interpretation", "Term", "Payment Terms", "Confidentiality",
    "Intellectual Property", "Data Protection", "Warranties", "Indemnification",
    "Limitation of Liability", "Insurance", "Compliance with Laws", "Anti-bribery",
    "Audit Rights", "Subcontracting", "Assignment", "Force Majeure", "Termination",
    "Consequences of Termination", "Dispute Resolution", "Governing Law", "Notices",
    "Entire Agreement", "Amendment", "Waiver", "Severability", "Counterparts",
    "Third-Party Rights", "Relationship of the Parties", "Publicity", "Further Assurance",
    "Costs", "Set-off", "Non-exclusivity", "Records", "Survival", "Escalation Procedure",
    "Language", "Electronic Signatures", "Taxes", "Remedies",
)  # fmt: skip
CORE = ("Term", "Termination", "Governing Law", "Limitation of Liability", "Confidentiality")
PAYMENT_HEADINGS = (
    "Payment Terms", "Fees and Payment", "Remuneration", "Rent", "Price", "Royalties",
    "Fees and Expenses", "Capital Contributions",
)  # fmt: skip
OPENERS = {
    "Governing Law": "This Agreement is governed by the laws of {law}.",
    "Term": "This Agreement starts on the Effective Date and {term}.",
    "Termination": "Either party may terminate this Agreement on {days} days' written notice.",
    "Limitation of Liability": "Each party's total liability is limited to {cap}.",
    "Confidentiality": "Each party keeps the other's confidential information secret.",
    "Notices": "Notices are given in writing to the addresses stated for the parties.",
    "Force Majeure": "Neither party is liable for delay caused by events beyond its control.",
    "Entire Agreement": "This Agreement is the whole agreement between the parties.",
    "Severability": "An invalid provision does not affect the rest of this Agreement.",
    "Dispute Resolution": "Disputes are settled by mediation, then by the courts of {law}.",
    "Definitions and Interpretation": "Capitalised terms have the meanings given here.",
}
GENERIC_OPENERS = (
    "This clause sets out the terms on {topic}.",
    "The parties agree the following on {topic}.",
    "This clause governs {topic} between the {first} and the {second}.",
)
SENTENCES = (
    "Each party shall perform its obligations under this clause in good faith.",
    "The {first} shall notify the {second} in writing within {days} days of any breach.",
    "Nothing in this clause limits either party's rights under the laws of {law}.",
    "Disputes under this clause go first to the parties' representatives within {days} days.",
    "The {second} shall keep accurate records relating to this clause for {years} years.",
    "Liability arising under this clause is limited to {cap}.",
    "This clause survives termination or expiry of this Agreement for {years} years.",
    "The {first} shall not unreasonably withhold or delay its consent under this clause.",
    "If the {second} breaches this clause, the {first} may suspend performance on {days} days' "
    "notice.",
    "Each party bears its own costs of complying with this clause unless agreed in writing.",
    "The {second} shall give the {first} reasonable assistance to meet this clause.",
)
CAPS = {
    "low": ("the fees paid in the 12 months before the claim", "the total contract value"),
    "medium": ("twice the fees paid under this Agreement", "the amount of its insurance cover"),
    "high": ("no fixed amount, so liability is uncapped", "an unlimited amount"),
}
PAY_PHRASES = {
    "fixed-fee": "as a single fixed fee",
    "monthly": "in equal monthly instalments",
    "milestone": "in instalments on completion of agreed milestones",
    "hourly": "at agreed hourly rates, invoiced monthly",
    "royalty": "as royalties on net sales, reported quarterly",
    "salary": "as an annual salary, paid monthly in arrears",
}
SIGNATORY_TITLES = (
    "Chief Executive Officer", "Managing Director", "General Counsel", "Director",
    "Chief Financial Officer", "Head of Procurement", "Company Secretary",
)  # fmt: skip
STREETS = (
    "Maple", "Harbour", "Station", "Mill", "Orchard", "Chapel", "Granite", "Willow", "Market",
    "Elm", "Riverside", "Hillcrest", "Beacon", "Cedar",
)  # fmt: skip
STREET_KINDS = ("Street", "Road", "Avenue", "Lane", "Way", "Plaza")
TOWNS = (
    "Riverton", "Lakeside", "Fairview", "Millbrook", "Oakridge", "Brookhaven", "Ashford Vale",
    "Kingsbridge", "Northgate", "Westfield", "Elmstead", "Port Alder",
)  # fmt: skip
ENTITY_SUFFIXES = ("Ltd", "Inc.", "LLC", "B.V.", "Pty Ltd", "Limited")
