"""The prose of an offline clinical policy, written from its topic, type and department.

Each section heading has a *kind* (background, roles, assessment, escalation…) and each
kind a table of sentences in one :class:`~data_generator.phrases.Grammar`; the policy's
facts (focus topic, audience, patients, setting, the speciality's tools, actions, checks
and risks) fill their slots. Purpose, scope, definitions and references come from the
same facts, so they agree with the title and the department.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from data_generator.phrases import Grammar

__all__ = ["AUDIENCES", "GRAMMARS", "HEADING_KINDS", "PRACTICE", "section_text"]

#: The kind of text each section heading holds.
HEADING_KINDS: dict[str, str] = {
    "Background": "background",
    "Roles and responsibilities": "roles", "Responsibilities": "roles",
    "Multidisciplinary review": "roles",
    "Assessment": "assessment", "Initial assessment": "assessment",
    "Recommendations": "practice", "Treatment options": "practice",
    "Treatment phase": "practice", "Procedure steps": "practice",
    "Step-by-step procedure": "practice", "Preparation": "practice", "Aftercare": "practice",
    "Dosing and administration": "practice",
    "Escalation": "escalation", "Handling deviations": "escalation",
    "Special populations": "populations",
    "Documentation": "documentation", "Records": "documentation",
    "Variance recording": "documentation",
    "Training": "training", "Training requirements": "training",
    "Monitoring and audit": "audit", "Audit": "audit", "Review of this procedure": "audit",
    "Outcome measures": "audit", "Audit of use": "audit", "Quality checks": "audit",
    "Indications": "criteria", "Entry criteria": "criteria", "Approved indications": "criteria",
    "Prerequisites": "criteria",
    "Contraindications": "restrictions", "Prescribing restrictions": "restrictions",
    "Equipment": "supplies", "Materials": "supplies", "Supply and storage": "supplies",
    "Safety": "safety", "Adverse event reporting": "safety",
    "Patient information": "information",
    "Discharge criteria": "discharge", "Follow-up": "discharge",
    "Investigations": "monitoring", "Monitoring requirements": "monitoring",
    "Formulary status": "formulary", "Non-formulary requests": "requests",
    "Cost considerations": "cost",
}  # fmt: skip

#: Each speciality's assessment tools, actions, checks, equipment and risks.
PRACTICE: dict[str, dict[str, tuple[str, ...]]] = {
    "cardiology": {
        "tool": ("a 12-lead ECG", "a troponin level", "a bleeding risk score", "an echocardiogram"),
        "action": ("start anticoagulation", "give antiplatelet therapy", "titrate beta-blockers",
                   "arrange coronary angiography"),
        "check": ("heart rhythm", "blood pressure", "renal function", "fluid balance"),
        "equipment": ("cardiac monitors", "defibrillators", "telemetry packs"),
        "risk": ("bleeding", "arrhythmia", "fluid overload"),
    },
    "emergency-medicine": {
        "tool": ("a triage category", "the NEWS2 score", "a sepsis screen", "a GCS score"),
        "action": ("give oxygen", "start intravenous fluids", "give antibiotics within one hour",
                   "call the trauma team"),
        "check": ("vital signs", "conscious level", "lactate", "pain score"),
        "equipment": ("resuscitation trolleys", "airway equipment", "infusion pumps"),
        "risk": ("missed deterioration", "delayed treatment", "overcrowding"),
    },
    "general-medicine": {
        "tool": ("the NEWS2 score", "a delirium screen", "a nutrition screening tool",
                 "capillary glucose"),
        "action": ("review the medication chart", "start a fluid balance chart",
                   "refer to the dietitian", "plan discharge from admission"),
        "check": ("kidney function", "blood glucose", "fluid balance", "weight"),
        "equipment": ("glucose meters", "infusion pumps", "bed rails"),
        "risk": ("hypoglycaemia", "falls", "acute kidney injury"),
    },
    "infection-control": {
        "tool": ("an isolation risk assessment", "a screening swab", "an outbreak log",
                 "a hand hygiene audit"),
        "action": ("isolate the patient", "wear the right PPE", "clean the area with chlorine",
                   "notify the infection prevention team"),
        "check": ("screening results", "cleaning records", "staff exposure", "stool charts"),
        "equipment": ("PPE stocks", "alcohol hand rub", "sharps bins"),
        "risk": ("cross-infection", "outbreaks", "sharps injuries"),
    },
    "nursing": {
        "tool": ("a falls risk assessment", "a pressure area assessment", "an early warning score",
                 "a handover checklist"),
        "action": ("reposition the patient", "escalate a rising score", "complete the care plan",
                   "check tube position before use"),
        "check": ("skin integrity", "observations", "cannula sites", "fluid intake"),
        "equipment": ("pressure-relieving mattresses", "bed alarms", "observation machines"),
        "risk": ("pressure injuries", "falls", "missed observations"),
    },
    "oncology": {
        "tool": ("a neutrophil count", "a performance status score", "a prescription check",
                 "a toxicity assessment"),
        "action": ("give antibiotics within one hour", "check the regimen against the protocol",
                   "stop the infusion", "start antiemetics"),
        "check": ("blood counts", "renal function", "infusion sites", "temperature"),
        "equipment": ("closed-system transfer devices", "extravasation kits", "spill kits"),
        "risk": ("neutropenic sepsis", "extravasation", "dose errors"),
    },
    "pediatrics": {
        "tool": ("the PEWS score", "a weight-based dose check", "a safeguarding checklist",
                 "a hydration assessment"),
        "action": ("weigh the child", "involve the parents", "escalate to the paediatric registrar",
                   "start oral rehydration"),
        "check": ("weight", "observations", "feeding", "fluid balance"),
        "equipment": ("paediatric resuscitation trolleys", "infant scales",
                      "oxygen saturation probes"),
        "risk": ("dosing errors", "dehydration", "missed safeguarding concerns"),
    },
    "pharmacy": {
        "tool": ("a medicines reconciliation", "a controlled drug register",
                 "a prescription screen",
                 "an antimicrobial review"),
        "action": ("check the dose against the formulary", "record the balance",
                   "review the indication at 48 hours", "quarantine the stock"),
        "check": ("drug levels", "stock balances", "expiry dates", "allergy status"),
        "equipment": ("controlled drug cupboards", "medicines fridges", "dispensing robots"),
        "risk": ("medication errors", "diversion", "resistance"),
    },
    "radiology": {
        "tool": ("an MRI safety questionnaire", "an eGFR result", "a pregnancy check",
                 "a justification review"),
        "action": ("check kidney function before contrast", "confirm pregnancy status",
                   "remove metal objects", "report critical findings by phone"),
        "check": ("contrast reactions", "radiation dose", "implant status", "sedation depth"),
        "equipment": ("MR-conditional equipment", "contrast injectors", "lead aprons"),
        "risk": ("contrast reactions", "projectile injuries", "unnecessary radiation"),
    },
    "surgery": {
        "tool": ("the surgical safety checklist", "a VTE risk assessment", "a swab count",
                 "a fasting check"),
        "action": ("mark the site", "give prophylactic antibiotics", "start mechanical prophylaxis",
                   "complete the sign-out"),
        "check": ("wound sites", "swab counts", "fasting times", "drain output"),
        "equipment": ("surgical instrument trays", "compression stockings", "warming devices"),
        "risk": ("wrong-site surgery", "retained items", "surgical site infection"),
    },
}  # fmt: skip

#: How each audience reads in a sentence: (the group, one of its members).
AUDIENCES = {
    "all-clinical-staff": ("all clinical staff", "clinician"),
    "medical-staff": ("medical staff", "doctor"),
    "nursing-staff": ("nursing staff", "nurse"),
    "pharmacy-staff": ("pharmacy staff", "pharmacist"),
    "allied-health-professionals": ("allied health professionals", "therapist"),
    "multidisciplinary-team": ("members of the multidisciplinary team", "team member"),
}
_GRAMMAR = Grammar(
    {
        "minutes": ["15", "30", "60"],
        "hours": ["4", "8", "12", "24", "48"],
        "months": ["3", "6", "12"],
        "lead": ["consultant on call", "clinical lead", "nurse in charge", "duty pharmacist",
                 "senior registrar", "site practitioner"],
        "committee": [
            "Clinical Governance Committee", "Patient Safety Group",
            "Medicines Optimisation Committee", "Quality Assurance Board",
        ],
        "when": ["on admission", "at every handover", "before each procedure", "at least daily",
                 "after any change in condition", "within {hours} hours"],
        "background": [
            "{Topic} is a recurring source of harm in {setting}, most often through {risk}",
            "Local audit found that {topic} was handled inconsistently across {setting}",
            "This {kind} brings {topic} in {setting} in line with current evidence",
            "Delays in {topic} contribute to {risk} among {patients}",
            "Incidents involving {risk} in {setting} prompted this review of {topic}",
        ],
        "roles": [
            "The {lead} is responsible for {topic} {when}",
            "{Audience} {action_duty} and record it {when}",
            "The {department} owns this {kind} and reviews it with the {committee}",
            "Each {audience_one} must know how to {action} without delay, {when}",
            "The multidisciplinary team agrees the plan for {topic} {when}, led by the {lead}",
        ],
        "action_duty": ["complete {tool}", "check {check}", "{action}"],
        "assessment": [
            "Assess every patient with {tool} {when}",
            "Complete {tool} and record {check} {when}",
            "Use {tool} to identify {patients} at risk of {risk}",
            "Repeat the assessment {when} and whenever {check} changes, and tell the {lead}",
        ],
        "practice": [
            "{Action} {when}, following the steps agreed for {topic}",
            "Before you {action}, check {check} and confirm consent with {patients}",
            "Where {tool} raises a concern, {action} and inform the {lead}",
            "{Action} only after {tool} is complete, {when}",
            "Record each step of {topic} as it happens, with the time and the {lead} informed",
        ],
        "escalation": [
            "Escalate to the {lead} within {minutes} minutes if {check} worsens",
            "Where this {kind} cannot be followed, discuss the case with the {lead} and record why",
            "If {risk} is suspected, call the {lead} and {action}",
            "Report any deviation on {topic} through the incident system within {hours} hours",
        ],
        "populations": [
            "Take particular care with {special} when you {action}",
            "Adjust the approach to {topic} for {special}, with advice from the {lead}",
            "For {special}, involve the {lead} before you {action}",
        ],
        "special": [
            "patients with impaired kidney function", "frail older patients", "pregnancy",
            "patients who lack capacity to consent", "known drug allergies",
            "patients transferred from another hospital", "language barriers",
            "patients with learning disabilities",
        ],
        "documentation": [
            "Document {tool} and every decision about {topic} in the health record {when}",
            "Record {check} {when} on the electronic chart",
            "Record the reason for any deviation on {topic}, signed and dated by the {lead}",
            "Variances from the plan for {topic} are recorded and reviewed by the {lead} {when}",
        ],
        "training": [
            "{Audience} complete training on {topic} before working unsupervised in {setting}",
            "Training on {topic} is renewed every {years} and recorded by the {lead}",
            "New staff are assessed on how to {action} during induction to {setting}",
            "Competence in {tool} is checked every {years} by the {lead}",
        ],
        "years": ["year", "two years", "three years"],
        "audit": [
            "Compliance with this {kind} is audited every {months} months and reported to the "
            "{committee}",
            "The audit measures how often {tool} is completed {when}",
            "Rates of {risk} are reviewed every {months} months by the {committee}",
            "Results of the audit of {topic} in {setting} are shared with {audience}",
        ],
        "criteria": [
            "This {kind} applies to {patients} in {setting} who need care for {topic}",
            "Patients enter this {kind} once {tool} shows they are at risk of {risk}",
            "Start the {kind} when the {lead} confirms that care for {topic} is needed, {when}",
        ],
        "restrictions": [
            "Do not {action} without review by the {lead} if the patient is at risk of {risk}",
            "Seek advice from the {lead} before you {action} for {special}",
            "This {kind} does not apply to {special} where {tool} cannot be completed",
        ],
        "supplies": [
            "Check that {equipment} are available and in date {when}",
            "{Equipment} in {setting} are stored securely and checked every {months} months",
            "Report faulty {equipment} to the {lead} at once and take them out of use",
            "The {lead} keeps a log of {equipment} used for {topic} in {setting}",
        ],
        "safety": [
            "Report every incident of {risk} through the incident system within {hours} hours",
            "Confirm the patient's identity and allergies before you {action}, {when}",
            "Stop and escalate to the {lead} if {risk} is suspected",
        ],
        "information": [
            "Offer {patients} and their families written information about {topic}",
            "Explain why {tool} is needed and record the discussion {when}",
            "Give information on {topic} in the patient's preferred language, using an "
            "interpreter {when}",
        ],
        "discharge": [
            "Patients leave the {kind} when {check} has been stable for {hours} hours",
            "Arrange follow-up of {check} within {months} weeks of discharge, led by the {lead}",
            "The discharge letter records {topic}, {tool} and the plan for {check}",
        ],
        "monitoring": [
            "Monitor {check} {when} while the patient is under this {kind}",
            "Repeat {tool} {when} and compare it with the baseline",
            "Any abnormal result for {check} is reported to the {lead} within {minutes} minutes",
        ],
        "formulary": [
            "Medicines used in {topic} are listed on the formulary and reviewed by the "
            "{committee} every {months} months",
            "Formulary medicines for {topic} may be prescribed by {audience} {when}",
            "A medicine for {topic} stays on the formulary while audit in {setting} shows no "
            "rise in {risk}",
        ],
        "requests": [
            "Non-formulary requests for {topic} go to the {committee} with the reason, {when}",
            "The {lead} supports each non-formulary request for {patients} and records {check}",
            "Urgent non-formulary requests in {setting} are approved by the {lead} within "
            "{hours} hours",
        ],
        "cost": [
            "The {committee} reviews the cost and benefit of medicines for {topic} every "
            "{months} months",
            "Cheaper equivalent products are used for {topic} where {tool} allows, {when}",
            "Spending on {topic} in {setting} is reported to the {committee} every {months} "
            "months",
        ],
        # Purpose, scope, references.
        "purpose": [
            "This {kind} {purpose_verb} {topic} for {patients} in {setting}, so that {outcome}",
            "This {kind} {purpose_verb} {topic} in {specialty} services, so that {outcome}",
            "It {purpose_verb} {topic} in {setting}, so that {outcome}",
        ],
        "purpose_verb": [
            "sets out how {audience} manage", "describes the agreed approach to", "standardises",
            "defines safe practice for", "explains the steps of",
        ],
        "outcome": [
            "care is safe, consistent and based on current evidence",
            "the risk of {risk} is reduced", "patients receive timely care relating to {topic}",
            "every patient is assessed with {tool} {when}",
            "staff know when to call the {lead}", "{check} is monitored {when}",
        ],
        "scope": [
            "It applies to {audience} in {setting} caring for {patients}",
            "It covers {patients} in {setting} and the {audience} who care for them",
            "It applies to care relating to {topic} for {patients} in {setting}, by {audience}",
        ],
        "scope_out": [
            "It does not cover {exclusion}", "Excluded from this {kind}: {exclusion}",
            "Outside its scope: {exclusion}",
        ],
        "exclusion": [
            "patients in research trials on {topic}, who follow the trial protocol",
            "{topic} delivered by external providers",
            "end-of-life care for {patients}, which has its own policy",
            "private patients in {setting} treated under separate contracts",
            "{topic} outside {setting}, covered by local procedures",
            "patients already under another {specialty} pathway for {topic}",
        ],
        "reference": [
            "{Body}, {ref_title} on {topic} for {patients} ({edition} edition, {year})",
            "{Department}, internal audit of {topic} in {setting} ({month} {year})",
            "Local incident review summary: {topic} and {risk} in {setting}, {year}",
            "{Body}, {ref_title}: {topic} and {risk} ({year})",
        ],
        "month": [
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ],
        "body": [
            "Regional Clinical Network", "Hospital Library Service", "Clinical Standards Forum",
            "Patient Safety Collaborative", "Professional Practice Council",
            "Quality Improvement Unit",
        ],
        "ref_title": [
            "Evidence summary", "Consensus statement", "Practice guidance", "Good practice notes",
            "Service review",
        ],
        "year": [str(year) for year in range(2012, 2026)],
        "edition": ["first", "second", "third", "fourth"],
    }
)  # fmt: skip


#: The grammar of each speciality: the shared tables with its tools, actions, checks, risks.
GRAMMARS = {name: _GRAMMAR.with_tables(tables) for name, tables in PRACTICE.items()}


def section_text(
    rng: random.Random,
    grammar: Grammar,
    heading: str,
    facts: Mapping[str, str],
    sentences: tuple[int, int],
) -> str:
    """The text under ``heading``: ``sentences`` distinct sentences of its kind's table."""
    kind = HEADING_KINDS[heading]
    count = sentences[0] + int(rng.random() * (sentences[1] - sentences[0] + 1))
    written: list[str] = []
    for _ in range(count * 3):
        sentence = grammar.sentence(rng, kind, facts)
        if sentence not in written:
            written.append(sentence)
        if len(written) == count:
            break
    return " ".join(written)
