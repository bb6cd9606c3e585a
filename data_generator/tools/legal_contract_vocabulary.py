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
#: The sales tax named in contracts, per country of the governing law.
TAXES = {
    "USA": "sales tax", "United Kingdom": "VAT", "Canada": "HST", "Australia": "GST",
    "Ireland": "VAT", "Singapore": "GST", "Netherlands": "VAT",
}  # fmt: skip
