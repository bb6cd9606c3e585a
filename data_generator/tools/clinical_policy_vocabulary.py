"""Word lists of the ``healthcare-clinical-policy`` scenario: topics, definitions, wording."""

from __future__ import annotations

TOPICS: dict[str, tuple[str, ...]] = {
    "cardiology": (
        "chest pain assessment", "anticoagulation in atrial fibrillation",
        "heart failure discharge planning", "cardiac telemetry monitoring",
        "care after coronary angioplasty", "hypertension management",
    ),
    "emergency-medicine": (
        "triage", "sepsis recognition", "major trauma team activation",
        "procedural sedation", "head injury assessment", "mental health presentations",
    ),
    "general-medicine": (
        "inpatient glucose management", "delirium screening", "acute kidney injury",
        "community-acquired pneumonia", "complex discharge planning", "nutrition screening",
    ),
    "infection-control": (
        "hand hygiene", "isolation precautions", "MRSA screening", "outbreak management",
        "sharps injury management", "Clostridioides difficile management",
    ),
    "nursing": (
        "falls prevention", "pressure injury prevention", "clinical handover",
        "nasogastric tube placement checks", "early warning score escalation",
        "peripheral cannula care",
    ),
    "oncology": (
        "chemotherapy administration", "neutropenic sepsis", "extravasation management",
        "oral anticancer medicines", "tumour lysis prevention", "palliative symptom control",
    ),
    "pediatrics": (
        "fever in children under five", "bronchiolitis management",
        "paediatric early warning scores", "weight-based dosing", "safeguarding concerns",
        "neonatal jaundice",
    ),
    "pharmacy": (
        "controlled drugs management", "high-alert medicines", "antimicrobial stewardship",
        "medicines reconciliation", "use of unlicensed medicines", "patients' own medicines",
    ),
    "radiology": (
        "iodinated contrast administration", "MRI safety screening", "radiation protection",
        "pregnancy checks before imaging", "communication of critical results",
        "sedation for imaging",
    ),
    "surgery": (
        "the surgical safety checklist", "venous thromboembolism prophylaxis",
        "preoperative fasting", "surgical site infection prevention", "enhanced recovery",
        "prevention of retained items",
    ),
}  # fmt: skip
DEPARTMENTS = {
    "cardiology": "Department of Cardiology",
    "emergency-medicine": "Emergency Department",
    "general-medicine": "Department of General Medicine",
    "infection-control": "Infection Prevention and Control Team",
    "nursing": "Nursing Directorate",
    "oncology": "Oncology Service",
    "pediatrics": "Children's Services Directorate",
    "pharmacy": "Pharmacy Department",
    "radiology": "Radiology Department",
    "surgery": "Surgical Directorate",
}
DEFINITIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "cardiology": (
        ("ACS", "Acute coronary syndrome: unstable angina or myocardial infarction."),
        ("AF", "Atrial fibrillation, an irregular heart rhythm."),
        ("ECG", "A 12-lead electrocardiogram."),
        ("PCI", "Percutaneous coronary intervention (angioplasty with or without stent)."),
    ),
    "emergency-medicine": (
        ("Triage", "Sorting patients by clinical urgency on arrival."),
        ("NEWS", "National early warning score of physiological observations."),
        ("Resuscitation area", "The bay equipped for critically unwell patients."),
        ("Trauma call", "The pre-alert that assembles the trauma team."),
    ),
    "general-medicine": (
        ("AKI", "Acute kidney injury, a rapid fall in kidney function."),
        ("Delirium", "An acute, fluctuating disturbance of attention and awareness."),
        ("Capillary glucose", "Blood glucose measured from a finger-prick sample."),
        ("MDT", "Multidisciplinary team."),
    ),
    "infection-control": (
        ("PPE", "Personal protective equipment such as gloves, aprons and masks."),
        ("Cohorting", "Nursing patients with the same infection together."),
        ("Outbreak", "Two or more linked cases of the same infection."),
        ("Standard precautions", "Measures applied to every patient at all times."),
    ),
    "nursing": (
        ("Handover", "The transfer of responsibility for a patient between staff."),
        ("Early warning score", "A score of observations that triggers escalation."),
        ("Care plan", "The documented, individual plan of nursing care."),
        ("Risk assessment", "A structured review of a patient's risk of harm."),
    ),
    "oncology": (
        ("SACT", "Systemic anticancer therapy."),
        ("Neutropenia", "A neutrophil count below 1.0 x 10^9/L."),
        ("Extravasation", "Leakage of a drug from the vein into surrounding tissue."),
        ("Regimen", "The planned combination, doses and schedule of treatment."),
    ),
    "pediatrics": (
        ("Child", "A person under 18 years of age."),
        ("PEWS", "Paediatric early warning score."),
        ("Parental responsibility", "The legal rights and duties of a parent."),
        ("Corrected age", "Age adjusted for prematurity."),
    ),
    "pharmacy": (
        ("Controlled drug", "A medicine subject to additional legal controls."),
        ("Formulary", "The list of medicines approved for use in the organisation."),
        ("Medicines reconciliation", "Comparing medicines taken before and after admission."),
        ("High-alert medicine", "A medicine with a high risk of harm if used in error."),
    ),
    "radiology": (
        ("Contrast agent", "A substance given to improve the visibility of structures."),
        ("eGFR", "Estimated glomerular filtration rate, a measure of kidney function."),
        ("MR environment", "The controlled area around the MRI scanner."),
        ("Referrer", "The clinician who requests an imaging examination."),
    ),
    "surgery": (
        ("VTE", "Venous thromboembolism: deep vein thrombosis or pulmonary embolism."),
        ("WHO checklist", "The surgical safety checklist used at each operation."),
        ("ERAS", "Enhanced recovery after surgery."),
        ("Swab count", "The count of swabs, sharps and instruments before closure."),
    ),
}
#: Terms of every policy, defined for this one (``{topic}``, ``{kind}``, ``{audience}``…).
GENERIC_DEFINITIONS = (
    ("Deviation", "Any departure from this {kind}, with the reason recorded."),
    ("Competent practitioner", "A member of {audience} trained and assessed in {topic}."),
    ("Escalation", "Seeking timely senior review when a patient's condition changes."),
    ("Responsible clinician", "The senior clinician accountable for the care of {patients}."),
)
HEADINGS: dict[str, tuple[str, ...]] = {
    "clinical-guideline": (
        "Background", "Roles and responsibilities", "Assessment", "Recommendations",
        "Treatment options", "Escalation", "Special populations", "Documentation",
        "Training", "Monitoring and audit",
    ),
    "protocol": (
        "Indications", "Contraindications", "Roles and responsibilities", "Equipment",
        "Preparation", "Procedure steps", "Aftercare", "Escalation", "Documentation", "Audit",
    ),
    "standard-operating-procedure": (
        "Responsibilities", "Prerequisites", "Materials", "Step-by-step procedure",
        "Quality checks", "Handling deviations", "Records", "Safety",
        "Training requirements", "Review of this procedure",
    ),
    "care-pathway": (
        "Entry criteria", "Initial assessment", "Investigations", "Treatment phase",
        "Multidisciplinary review", "Patient information", "Discharge criteria",
        "Follow-up", "Variance recording", "Outcome measures",
    ),
    "formulary-policy": (
        "Formulary status", "Approved indications", "Prescribing restrictions",
        "Dosing and administration", "Monitoring requirements", "Supply and storage",
        "Non-formulary requests", "Cost considerations", "Adverse event reporting",
        "Audit of use",
    ),
}  # fmt: skip
#: How each speciality's services are named in a sentence ("in cancer services").
SERVICES = {
    "cardiology": "cardiology", "emergency-medicine": "emergency", "general-medicine":
    "general medicine", "infection-control": "infection prevention", "nursing": "nursing",
    "oncology": "cancer", "pediatrics": "children's", "pharmacy": "pharmacy",
    "radiology": "imaging", "surgery": "surgical",
}  # fmt: skip
KIND = {
    "clinical-guideline": "Clinical Guideline",
    "protocol": "Protocol",
    "standard-operating-procedure": "Standard Operating Procedure",
    "care-pathway": "Care Pathway",
    "formulary-policy": "Formulary Policy",
}
SETTINGS = (
    "inpatient wards", "outpatient clinics", "the emergency department", "day-case units",
    "community services", "critical care",
)  # fmt: skip
PATIENTS = (
    "adult patients",
    "all adult inpatients",
    "patients of every age",
    "older adults",
    "adults admitted as emergencies",
    "patients undergoing planned procedures",
)
CHILD_PATIENTS = (
    "children and young people",
    "infants and children",
    "children under 16",
    "children and their families",
    "babies and young children",
    "school-age children",
)
#: Title forms: ``{topic}`` (a title starts with it), ``{kind}`` the policy type's name.
TITLES = (
    "{topic} in {setting}: {kind}",
    "{topic} for {patients}: {kind}",
    "{topic} in {setting} ({kind})",
    "{topic} for {patients} ({kind})",
)
RELATED = (
    "Consent to Examination and Treatment Policy", "Incident Reporting Policy",
    "Medicines Management Policy", "Record Keeping Standards",
    "Safeguarding Adults and Children Policy", "Deteriorating Patient Escalation Policy",
    "Hand Hygiene Policy", "Chaperone Policy", "Patient Identification Policy",
    "Clinical Audit Policy",
)  # fmt: skip
OWNER_ROLES = (
    "Clinical Lead", "Consultant", "Lead Nurse", "Clinical Nurse Specialist",
    "Service Manager", "Quality and Safety Lead", "Lead Pharmacist",
)  # fmt: skip
APPROVER_ROLES = (
    "Medical Director", "Chief Nursing Officer", "Director of Pharmacy",
    "Chair, Clinical Governance Committee", "Chief Medical Officer",
    "Head of Quality and Safety", "Divisional Director",
)  # fmt: skip
