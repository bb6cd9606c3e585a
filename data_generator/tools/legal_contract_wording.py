# ruff: noqa: E501 - one template a line reads (and diffs) better than split strings
"""Clause wording of the ``legal-contract`` scenario: one grammar table per clause heading.

Each heading's table is the clause's core sentence; it names the record's own facts
(``{first}``/``{second}`` roles, ``{first_name}``, ``{start}``, ``{term_end}``, ``{notice}``,
``{cap}``, ``{law}``, ``{cur}``, addresses…), given by ``legal_contract_clauses``. The
``support N`` tables add heading-neutral sentences built from parts (who, action, time).
"""

from __future__ import annotations

from data_generator.tools.inline_grammar import inline_grammar

#: Per heading: the clause's core sentence (payment headings get the payment line first).
CLAUSES: dict[str, tuple[str, ...]] = {
    # nda
    "Definition of Confidential Information": (
        "Confidential Information means {any|all} {ci_kind} that the {first} {discloses|makes available} to the {second} on or after {start}, {in any form|whether oral, written or electronic}",
        "In this Agreement, Confidential Information includes {ci_kind} of {first_name}, {whether or not marked as confidential|if marked or described as confidential}",
    ),
    "Obligations of the Receiving Party": (
        "The {second} shall keep the Confidential Information {secret|strictly confidential}, use it only to {nda_purpose} and protect it with at least the care it {uses for|gives to} its own {confidential information|secrets}",
    ),
    "Permitted Disclosures": (
        "The {second} may disclose Confidential Information to its {advisers} who need to know it, {provided they are bound by duties of confidence|on terms no less strict than these}, or where {required by law|a court orders it} in {law}",
    ),
    "Exclusions": (
        "{These exclusions cover|Confidential Information excludes|Excluded from these obligations is} information that {is or becomes public other than through the {second}|the {second} lawfully held before {start}|the {second} develops independently|a third party gives the {second} without restriction}{, as shown by written records|, which the {second} must prove?}",
    ),
    "Return of Materials": (
        "{Within {days} days of|Promptly after} a written request from the {first}, the {second} shall {return or destroy|return, destroy or permanently erase} all {materials} holding Confidential Information{ and confirm in writing that it has done so?}",
    ),
    # employment
    "Position and Duties": (
        "{second_name} is employed as {a job} {reporting to|and reports to} the {boss}, and shall carry out the duties {of the position|that the {first} reasonably assigns}{ from {start}?}",
    ),
    "Place of Work": (
        "The {second}'s normal place of work is {first_address}{, with up to {hybrid} days a week worked from home?}, and the {first} may require reasonable travel",
    ),
    "Hours of Work": (
        "Normal working hours are {hours} hours a week, {week_pattern}{, with an unpaid lunch break of {break}?}",
    ),
    "Remuneration": (
        "The {first} reviews the {second}'s remuneration {each year|annually|every {review} months} {with no obligation to increase it|in line with performance|against market rates}{, and pays it by bank transfer on the {payday} of each month?}",
    ),
    "Holidays": (
        "The {second} is entitled to {leave} working days' paid holiday {in each holiday year|a year} {in addition to|including} public holidays{, and up to {carry} days may be carried over?}",
    ),
    "Sickness Absence": (
        "If the {second} is absent through {sickness|illness or injury}, they shall tell the {first} {by 10 am on the first day|as early as possible on the first day} and give a medical certificate for absence of more than {cert} days",
    ),
    "Notice Period": (
        "After a probationary period of {probation} months, either party may end the employment of {second_name} by giving {notice} days' written notice{, and the {first} may pay salary in lieu of notice?}",
    ),
    "Restrictive Covenants": (
        "For {covenant} months after the employment ends, the {second} shall not {compete with the {first}|solicit the {first}'s clients|hire the {first}'s staff} {within {law}|in any territory where it trades}; these restrictions are reasonable to protect {first_name}",
    ),
    # service-agreement
    "Scope of Services": (
        "From {start}, {second_name} shall provide {services} to the {first} as described in Schedule {schedule_no}{, using suitably skilled staff?}",
    ),
    "Service Levels": (
        "The {second} shall {meet|achieve} {sla}, measured {monthly|each quarter}, and shall credit {credit}% of the monthly fees for each service level it misses",
    ),
    "Client Obligations": (
        "The {first} shall {give timely access to its premises, systems and staff|provide the information and decisions reasonably needed|name a contact with authority to take decisions|keep its own systems and data backed up} so that the {second} can perform the Services {on time|as planned|to the agreed service levels}",
    ),
    "Fees and Payment": (
        "Invoices for the fees {are sent to|go to} the {first}'s {accounts payable team|finance contact|billing address}{ by e-mail?}, quote {its purchase order number|the order reference|the contract number} and are payable within {pay_days} days",
    ),
    "Change Control": (
        "Either party may request a change to the Services in writing; a change {takes effect only once both parties sign a change note|binds the parties only when agreed in a written change order}{, and the {second} shall estimate its effect on the fees within {days} days?}",
    ),
    "Acceptance": (
        "The {first} shall test each deliverable within {days} days of delivery and {accept it or give written reasons for rejecting it|either accept it or list its defects}{; silence in that time counts as acceptance?}",
    ),
    # lease
    "Premises": (
        "The {first} lets to the {second} the premises at {premises}{, {together with {parking} parking spaces|with shared use of the common parts}?}",
    ),
    "Rent": (
        "Rent is paid {in advance on the first day of each month|monthly in advance|on the first working day of each month} by {standing order|bank transfer|direct debit}{ and is reviewed {each year|every {review} months|in line with inflation}?}",
    ),
    "Security Deposit": (
        "On signing, the {second} shall pay a security deposit of {deposit}, which the {first} {holds in a separate account|keeps in a protected account} and returns within {days} days after the lease ends, less any sums properly due",
    ),
    "Use of Premises": (
        "The {second} shall use the Premises only as {a use} and shall not {cause a nuisance to neighbours|store hazardous materials there|use them for any illegal purpose}",
    ),
    "Repairs and Maintenance": (
        "The {second} shall keep the interior of the Premises in good {repair|repair and condition}{ and decoration?}, and the {first} shall maintain {the roof, structure and common parts|the structure and building services|the heating, lifts and common areas} {at its own cost|and recover a fair share through the service charge}",
    ),
    "Alterations": (
        "The {second} shall not make {structural|structural or external|any} alterations to the Premises {without the {first}'s prior written consent|unless the {first} first agrees in writing}{, which it shall not unreasonably withhold|, and shall restore them at the end of the lease?}",
    ),
    "Access by the Landlord": (
        "The {first} may enter the Premises {on {access} hours' notice|at reasonable times on notice} to {inspect them|inspect and repair them|show them to prospective tenants}{, and at any time in an emergency?}",
    ),
    # sales
    "Sale of Goods": (
        "{first_name} shall sell and {second_name} shall buy the goods, namely {goods}, set out in the order {dated {start}|attached as Schedule {schedule_no}}",
    ),
    "Price": (
        "The price {includes packaging|includes packaging and insurance in transit|excludes delivery charges, which are invoiced separately} and is {fixed for the first order|fixed for {warranty} months|reviewed each year}{, with invoices payable within {pay_days} days?}",
    ),
    "Delivery": (
        "The {first} shall deliver the Goods to {second_address} {within {days} days of the order|by {delivery}}{, and time of delivery is of the essence?}",
    ),
    "Title and Risk": (
        "Risk in the Goods passes to the {second} {on delivery|when they are unloaded at its premises|on collection}, and title passes {when the {first} receives payment in full|on payment of the price|once every invoice for them is paid}",
    ),
    "Inspection and Acceptance": (
        "The {second} shall inspect the Goods within {days} days of delivery and notify the {first} of any {defect|shortfall or defect}; otherwise the Goods are deemed accepted",
    ),
    "Warranty of Goods": (
        "The {first} warrants that the Goods {conform to their specification|are of satisfactory quality and free from material defects} for {warranty} months from delivery",
    ),
    # licensing
    "Grant of Licence": (
        "The {first} grants the {second} a {licence_kind} licence to use {software} {in {territory}|worldwide} {for the Term|from {start}}",
    ),
    "Licence Restrictions": (
        "Under this licence, the {second} shall not {copy|sublicense|modify, decompile or reverse engineer} {software} except as this Agreement {allows|expressly permits}",
    ),
    "Royalties": (
        "Royalties are reported {quarterly|each quarter|within {days} days of each quarter end} {with a statement of net sales|with a statement of units sold and prices} and paid {within {days} days|in {cur}}{ of each statement?}",
    ),
    "Reports and Records": (
        "The {second} shall send the {first} a {quarterly|monthly} report of {usage and licences issued|net sales} within {days} days of each period end, and keep records for {years} years",
    ),
    "Ownership of Licensed Property": (
        "Ownership of {software} and all copies and improvements {remains with|stays with} {first_name}{; no rights pass other than the licence?}",
    ),
    "Support and Updates": (
        "The {first} shall provide support {by e-mail|through its help desk} {during business hours|on working days} and make updates to {software} available {when released|at no extra cost}",
    ),
    # partnership
    "Formation and Name": (
        "{first_name} and {second_name} form a partnership under the name {firm} from {start}",
    ),
    "Purpose of the Partnership": ("The purpose of the partnership is to {partnership_purpose}{ in {territory}?}",),
    "Capital Contributions": ("Further capital {is contributed only with the consent of all Partners|may be called for by unanimous decision|may be called for on {notice} days' notice}, and no interest is paid on capital {unless the Partners agree otherwise|before profits are shared|}",),
    "Profit and Loss Sharing": (
        "Profits and losses are shared {equally|in proportion to capital contributions|in the ratio set out in Schedule {schedule_no}} {after each financial year's accounts are approved|as shown in the annual accounts|within {days} days of the year end}",
    ),
    "Management and Voting": (
        "In the management of the partnership, each Partner has {one vote|votes in proportion to its capital}, and decisions on {borrowing|admitting new partners|major contracts} need {a unanimous vote|a majority of {majority}%}",
    ),
    "Withdrawal of a Partner": (
        "A Partner may withdraw from the partnership {on|by giving} {notice} days' written notice{, and the remaining Partners may buy its share at fair value|, but not in the first year|, after settling its share of the debts?}",
    ),
    "Dissolution": (
        "The partnership is dissolved {by unanimous agreement|if its purpose becomes impossible|when only one Partner remains}, and its assets are {realised and distributed after its debts are paid|sold and the proceeds shared after debts are paid}{ in proportion to capital| in the profit-sharing ratio| under the supervision of a liquidator the Partners appoint?}",
    ),
    # consulting
    "Engagement": (
        "The {first} engages {second_name} as {consultant} to {advise on|deliver} {project} from {start}",
    ),
    "Deliverables": (
        "The {second} shall deliver {deliverable} {by {delivery}|within {weeks} weeks of {start}}{, in the form agreed with the {first}?}",
    ),
    "Fees and Expenses": ("Reasonable {travel|out-of-pocket|travel and accommodation} expenses {approved in advance|agreed in writing} are reimbursed {at cost|against receipts|within {pay_days} days of a claim}",),
    "Independent Contractor Status": (
        "The {second} is an independent contractor, not an employee {of the {first}|or agent of the {first}}, and is responsible for its own {taxes|tax and social security contributions|insurance, tax and equipment}{ and for the hours it works?}",
    ),
    "Work Product": (
        "All work product the {second} {creates|produces} under this Agreement {belongs to|vests in} {first_name} on {creation|payment}",
    ),
    "Non-solicitation": (
        "During the Term and for {covenant} months after, neither party shall solicit {the other's employees|staff of the other party} {without its written consent|for employment}",
    ),
    # general
    "Term": ("This Agreement {starts|takes effect} on {start} and {term_end}",),
    "Definitions and Interpretation": (
        "In this Agreement, capitalised terms have the meanings defined {here|in this clause|in Schedule {schedule_no}}, and Effective Date means {start}",
        "In the interpretation of this Agreement, headings do not affect meaning, and Effective Date means {start}",
    ),
    "Payment Terms": (
        "Payment is due in {cur} within {pay_days} days of {the invoice date|receipt of a valid invoice|the end of the month of the invoice} {by bank transfer|to the account named on the invoice}{, and late payments bear interest at {interest}% a year?}",
    ),
    "Confidentiality": (
        "Each party shall keep {the other's confidential information|the terms of this Agreement} confidential {during the Term and for {years} years after|for {years} years after} it ends",
    ),
    "Intellectual Property": (
        "Each party keeps its {existing|pre-existing|background} intellectual property, and {new|any new} intellectual property created under this Agreement {belongs to the {first}|belongs to the party that creates it|is owned jointly}{ once paid for?}",
    ),
    "Data Protection": (
        "Each party shall process personal data under this Agreement in line with {the data protection law of {law}|applicable data protection law}{, the {second} acting as processor for the {first}?}",
    ),
    "Warranties": (
        "Each party warrants that it has {full power|the authority} to enter into this Agreement {and that doing so breaches no other agreement|and to perform its obligations}",
    ),
    "Indemnification": (
        "The {second} shall indemnify the {first} against {losses, damages and costs|all reasonable losses} arising from {its breach of this Agreement|third-party claims caused by its negligence}",
    ),
    "Limitation of Liability": (
        "{Each party's|The {second}'s} total liability {under or in connection with this Agreement|arising from this Agreement} is limited to {cap}{; neither party limits liability for death, personal injury or fraud?}",
    ),
    "Insurance": (
        "The {second} shall maintain {insurance_kind} insurance of at least {insured} {with a reputable insurer|with an insurer of good standing} {throughout the Term|until {years} years after the Term}",
    ),
    "Compliance with Laws": (
        "Each party shall comply with {all laws that apply to it|the laws of {law} and other applicable laws|all applicable laws, regulations and codes of practice} {in performing this Agreement|in carrying out its obligations}{ and keep the licences it needs?}",
    ),
    "Anti-bribery": (
        "Neither party shall {offer, give or accept a bribe|engage in bribery or corruption}, and each shall keep anti-bribery {policies|procedures} {in place|up to date} {throughout the Term|while this Agreement lasts}",
    ),
    "Audit Rights": (
        "The {first} may audit the {second}'s {records|books and records} relating to this Agreement {once a year|on {days} days' notice}",
    ),
    "Subcontracting": (
        "The {second} may subcontract {its obligations|any of its obligations|part of the work} only with the {first}'s prior written consent and {remains responsible for its subcontractors|is liable for their acts as for its own|shall flow down the terms of this Agreement to them}",
    ),
    "Assignment": (
        "Neither party may assign {or transfer|, transfer or charge} its rights under this Agreement without the other's {prior|} written consent",
    ),
    "Force Majeure": (
        "Neither party is liable for delay caused by a force majeure event such as {fm_event}; if it lasts more than {fm_days} days, either party may terminate on written notice",
    ),
    "Termination": (
        "Either party may terminate this Agreement {term_notice} by giving {notice} days' written notice{, or at once if the other {commits a material breach not remedied within {cure} days|becomes insolvent}?}",
    ),
    "Consequences of Termination": (
        "On termination, the {second} shall {return the {first}'s property|hand back all materials of the {first}}, and the {first} shall pay {for work done up to the termination date|all sums due at that date}",
    ),
    "Dispute Resolution": (
        "The parties shall try to settle any dispute by {negotiation between senior managers|mediation} within {days} days, and failing that the courts of {law} decide it",
    ),
    "Governing Law": (
        "This Agreement{, and any dispute arising from it,|, and any non-contractual obligation connected with it,|} is governed by the laws of {law}{, and its courts have {exclusive|non-exclusive} jurisdiction?}",
    ),
    "Notices": (
        "Notices {must be in writing and|are} sent to the {first} at {first_address} and to the {second} at {second_address}",
    ),
    "Entire Agreement": (
        "This Agreement is the entire agreement between {first_name} and {second_name} {about its subject matter|on this subject} and supersedes {all earlier discussions|any prior agreement}",
    ),
    "Amendment": (
        "No amendment to this Agreement {is effective|binds the parties} unless it is in writing and signed by {both parties|authorised signatories of both parties}",
    ),
    "Waiver": (
        "{A failure|A delay|A failure or delay} by {either party|the {first}|the {second}} in exercising a right under this Agreement {is not|does not operate as} a waiver of it{, and a single exercise does not prevent its further exercise?}",
    ),
    "Severability": (
        "If {a court|any competent authority} finds {a provision|any part} of this Agreement {invalid|unenforceable}, that provision is severable and the rest {remains in force|continues to have effect}",
    ),
    "Counterparts": (
        "This Agreement may be signed in {any number of|two or more} counterparts, each an original{, which together form one agreement?}",
    ),
    "Third-Party Rights": (
        "No third party has {a right|any right} to enforce {a term|any term} of this Agreement{ under the laws of {law}?}",
    ),
    "Relationship of the Parties": (
        "The parties' relationship is that of independent contracting parties: nothing in this Agreement creates a {partnership|joint venture|relationship of agency or employment} between the {first} and the {second}{, and neither may bind the other|, and neither has authority to act for the other?}",
    ),
    "Publicity": (
        "Neither party shall {make a public announcement|issue a press release or other publicity} about this Agreement {without the other's prior written consent|unless the other agrees in writing}",
    ),
    "Further Assurance": (
        "Each party shall{, at its own cost,|} {sign such further documents|do such further acts} as the other reasonably requires to give full effect to this Agreement",
    ),
    "Costs": (
        "Each party pays its own costs of {negotiating, preparing and signing|preparing} this Agreement{ and any document under it?}",
    ),
    "Set-off": (
        "{The {first}|Each party} may set off any amount {the other owes it|due to it} against {amounts it owes the other|any sum payable under this Agreement}{ on written notice?}",
    ),
    "Non-exclusivity": (
        "This Agreement is non-exclusive: {each party remains free to work with others|the {first} may obtain similar goods or services from others|nothing stops the {second} serving other customers}{, including competitors of the other party?}",
    ),
    "Records": (
        "The {second} shall keep {complete and accurate|full and accurate} records of its performance of this Agreement for {years} years after it ends",
    ),
    "Survival": (
        "Clauses that by their nature should survive {termination or expiry|the end of this Agreement}, including {confidentiality and limitation of liability|payment obligations and indemnities|those on records and audit}, survive it{ for {years} years?}",
    ),
    "Escalation Procedure": (
        "A dispute the contract managers do not resolve within {days} days is escalated to {escalation} of each party",
    ),
    "Language": (
        "This Agreement is made in the English language{, which prevails over any translation|; a translation is for convenience only|, and all notices under it are given in English}{ unless the parties agree otherwise?}",
    ),
    "Electronic Signatures": (
        "This Agreement may be signed {electronically|by electronic signature}{, and an electronic signature is as valid as a handwritten one?}",
    ),
    "Taxes": (
        "All amounts are stated exclusive of taxes, and {tax} is payable {in addition|on top} at the applicable rate{ on a valid tax invoice| by the party receiving the supply?}",
    ),
    "Remedies": (
        "The rights and remedies under this Agreement are {in addition to|not exclusive of} {those available at law|any rights provided by the laws of {law}|any other remedy}{, and damages alone may not be an adequate remedy?}",
    ),
}  # fmt: skip

#: The payment clause's sentence, by payment structure (see ``payment_line``).
PAYMENT_LINES = {
    "partnership": "The Partners contribute capital of {amount} in total, in equal shares.",
    "fixed-fee": "The {payer} shall pay a fixed fee of {amount}, {tail}.",
    "fixed-rent": "The {payer} shall pay the whole rent of {amount} in one payment, {tail}.",
    "periodic-open": "The {payer} shall pay {what} {amount} a year, in monthly instalments of {share}.",
    "periodic": "The {payer} shall pay {what} {amount} over the {months}-month term, in {months} monthly instalments of {share}.",
    "milestone": "The {payer} shall pay {amount} in {count} milestone payments of {share}, each due on completion of its milestone.",
    "hourly": "The {payer} shall pay {rate} an hour, invoiced monthly, up to a total of {amount}.",
    "royalty": "The {payer} shall pay royalties of {percent}% of net sales, with a guaranteed minimum of {amount} over the Term.",
}
#: The payment clause of a contract without a value (``payment none``, ``payment partnership``).
NO_PAYMENT = {
    "payment none": (
        "No payment {of fees|of any kind|} is due {under this Agreement|from either party}{ at any time|, now or later?}, and each party bears its own costs of {performing it|meeting its obligations|complying with it}{ from {start}?}",
    ),
    "payment partnership": (
        "{Each|Every} Partner contributes {its skill and existing client relationships|its time, skill and contacts|its expertise and working time}{ from {start}?}, and no cash capital is {required at the start|called for when the partnership begins|needed to begin trading}",
    ),
}
PERIODIC_WHAT = {"salary": "a salary of", "lease": "rent of"}
FIXED_FEE_TAILS = ("payable within 30 days of signing", "half on signing and half on completion")

#: Heading-neutral supporting sentences (a clause draws a few different ones).
SUPPORT_SENTENCES = (
    "{notify_pair} in writing {within} after {becoming_aware} {a matter}",
    "{The {first}|The {second}|Each party} shall {tell|update} {the other party|its contact at the other party} {promptly|within {days} days} {of any change to|if anything affects} {its ability to meet this clause|the arrangements in this clause|the people responsible for this clause}",
    "Nothing in this clause {limits|excludes|restricts|affects} {any right or remedy available at law|either party's rights under the laws of {law}|the {first}'s right to claim damages|the {second}'s statutory rights|any obligation that cannot be limited by law}",
    "The {second} shall keep {accurate|complete and accurate|full} records {relating to|of its compliance with|of everything done under} this clause for {years} years{ after this Agreement ends?}",
    "The {first} shall not unreasonably {withhold|withhold, condition or delay|refuse or delay} its consent {under this clause|to a request made under this clause}{ to a request from the {second}|, and shall answer within {days} days?}",
    "The {second} shall give the {first} {reasonable assistance|all reasonable cooperation|any information it reasonably asks for} {to comply with|in connection with|to verify compliance with} this clause{ at the {first}'s cost| within {days} days of a request?}",
    "If the {second} {breaches|fails to comply with} this clause and does not remedy the breach within {days} days {of written notice|of being asked to|}, the {first} may {suspend performance|terminate this Agreement|withhold payment of the disputed amount} {on written notice|with immediate effect}",
    "Any question about this clause is first referred to {senior representatives of the parties|each party's nominated contact|the contract managers}, who shall {meet|confer|try to agree an answer} within {days} days",
    "{Each party|The {first}|The {second}} shall perform its obligations under this clause {in good faith|with reasonable skill and care|promptly|diligently}{ and in line with good industry practice| and at its own cost| and in compliance with the laws of {law}| and keep the other informed of progress?}",
)  # fmt: skip

#: Lead-ins a clause's core sentence may start with (headings in NO_LEAD_IN never do).
LEAD_INS = (
    "Subject to the other terms of this Agreement,", "For the avoidance of doubt,",
    "With effect from {start},", "From {start},", "Except as otherwise agreed in writing,",
    "Unless the parties agree otherwise,", "As between the {first} and the {second},",
    "Save where the laws of {law} require otherwise,", "Throughout the Term,",
    "Notwithstanding any other provision of this Agreement,",
)  # fmt: skip
NO_LEAD_IN = frozenset(
    (
        "Definition of Confidential Information", "Position and Duties", "Scope of Services",
        "Sale of Goods", "Formation and Name", "Engagement", "Definitions and Interpretation",
        "Term", "Governing Law", "Entire Agreement", "Counterparts", "Language",
        "Ownership of Licensed Property", "Restrictive Covenants", "Non-solicitation",
        "Notice Period", "Confidentiality",
    )
)  # fmt: skip

#: Parts of the supporting sentences.
SUPPORT: dict[str, tuple[str, ...]] = {
    "notify_pair": (
        "The {first} shall {notify} the {second}",
        "The {second} shall {notify} the {first}",
        "Each party shall {notify} the other",
    ),
    "notify": ("notify", "inform", "tell"),
    "within": ("within {days} days", "within {days} business days", "promptly and in any case within {days} days"),
    "becoming_aware": ("it becomes aware of", "it learns of", "it discovers"),
    "matter": ("breach of this clause", "event that affects this clause", "claim under this clause", "change that affects its obligations under this clause"),
    "days": ("5", "7", "10", "14", "15", "20", "21", "30"),
    "years": ("2", "3", "5", "6", "7"),
}  # fmt: skip

#: Fillers of the clause tables' own slots.
FILLERS: dict[str, tuple[str, ...]] = {
    "ci_kind": ("business, technical and financial information", "know-how, designs and source code", "customer lists, prices and business plans", "trade secrets and product roadmaps", "research data and formulas"),
    "nda_purpose": ("evaluate a possible business relationship with the {first}", "discuss a proposed joint venture", "assess a possible acquisition", "perform this Agreement"),
    "advisers": ("employees, officers and professional advisers", "auditors, lawyers and insurers", "directors and employees"),
    "materials": ("documents and copies", "documents, notes and electronic files", "materials and copies"),
    "job": ("Software Engineer", "Account Manager", "Operations Analyst", "Marketing Coordinator", "Finance Manager", "Product Designer", "Customer Success Lead", "Data Analyst", "Office Manager", "HR Business Partner", "Sales Executive", "Project Manager"),
    "boss": ("Head of Operations", "Chief Technology Officer", "Finance Director", "Managing Director", "Head of Sales", "Chief Operating Officer"),
    "hybrid": ("two", "three"),
    "hours": ("35", "37.5", "40"),
    "week_pattern": ("Monday to Friday", "over five days", "between 8 am and 6 pm on weekdays"),
    "break": ("30 minutes", "one hour"),
    "review": ("6", "12"),
    "payday": ("last working day", "25th day", "28th day"),
    "leave": ("20", "22", "25", "28", "30"),
    "carry": ("3", "5"),
    "cert": ("five", "seven"),
    "probation": ("3", "6"),
    "covenant": ("6", "9", "12"),
    "services": ("managed IT services", "cloud hosting and support services", "payroll processing services", "facilities management services", "marketing services", "software maintenance services", "logistics and warehousing services", "cleaning services", "security monitoring services"),
    "sla": ("99.5% availability", "99.9% monthly uptime", "a four-hour response time for priority incidents", "a next-business-day fix time"),
    "credit": ("2", "5", "10"),
    "schedule_no": ("1", "2"),
    "parking": ("two", "four", "six"),
    "use": ("offices", "retail shop", "warehouse", "café", "dental surgery", "workshop", "showroom"),
    "access": ("24", "48"),
    "goods": ("industrial pumps", "office furniture", "laboratory equipment", "packaging materials", "solar panels", "spare parts", "commercial kitchen equipment", "printed circuit boards"),
    "warranty": ("12", "18", "24"),
    "licence_kind": ("non-exclusive", "exclusive", "non-transferable", "non-exclusive, non-transferable"),
    "territory": ("the United Kingdom", "North America", "the European Union", "Australia and New Zealand", "Southeast Asia"),
    "partnership_purpose": ("run a consulting practice", "develop and let commercial property", "operate a restaurant", "provide accounting services", "design and sell furniture"),
    "majority": ("66", "75"),
    "consultant": ("an independent consultant", "a management consultant", "its consultant"),
    "project": ("a CRM migration", "a supply chain review", "an IT security assessment", "a pricing strategy", "an ERP selection", "a brand refresh", "a cost reduction programme"),
    "deliverable": ("a written report", "a project plan and final report", "a recommendations paper", "a working prototype"),
    "weeks": ("4", "6", "8", "12"),
    "pay_days": ("14", "30", "45", "60"),
    "interest": ("2", "4", "8"),
    "insurance_kind": ("professional indemnity", "public liability", "product liability", "employer's liability"),
    "fm_event": ("fire, flood or storm", "war, terrorism or civil unrest", "an epidemic or government action", "a failure of public utilities"),
    "fm_days": ("30", "60", "90"),
    "cure": ("14", "30"),
    "escalation": ("a director", "the chief executives", "senior managers"),
}  # fmt: skip

GRAMMAR = inline_grammar(
    {
        **SUPPORT,
        **{f"support {n}": (sentence,) for n, sentence in enumerate(SUPPORT_SENTENCES)},
        "lead in": LEAD_INS,
        **NO_PAYMENT,
        **FILLERS,
        **{f"clause {heading}": templates for heading, templates in CLAUSES.items()},
    }
)
