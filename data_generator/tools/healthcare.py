"""``healthcare``: fictional clinical documents for one medical specialty."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from data_generator import synth
from data_generator.markers import FromOption, RecordId
from data_generator.records import UtcDatetime
from data_generator.tool import Attribute, DataGeneratorTool, Flag, Hint, render_document, rule

__all__ = ["HealthcareOptions", "HealthcareRecord", "HealthcareTool"]

Specialty = Literal[
    "cardiology",
    "dermatology",
    "endocrinology",
    "gastroenterology",
    "general-medicine",
    "neurology",
    "oncology",
    "orthopedics",
    "pediatrics",
    "psychiatry",
    "pulmonology",
]
DocumentType = Literal[
    "clinical-note", "discharge-summary", "referral-letter", "lab-report", "progress-note"
]
Gender = Literal["female", "male", "non-binary", "unknown"]
GENDER_WEIGHTS = {"female": 0.49, "male": 0.47, "non-binary": 0.02, "unknown": 0.02}
ADULT_AGE = 18
#: Age bands: (first age, last age) and weight. Children only in pediatrics.
CHILD_BANDS = {(0, 1): 0.2, (2, 11): 0.5, (12, 17): 0.3}
ADULT_BANDS = {(18, 39): 0.3, (40, 64): 0.4, (65, 95): 0.3}


def age_band(age: int, bands: dict[tuple[int, int], float]) -> str:
    """Name the band of ``bands`` that holds ``age`` (``"40-64"``)."""
    return next((f"{low}-{high}" for low, high in bands if low <= age <= high), "other")


def set_age_band(record: dict[str, Any], band: str) -> None:
    """Move the patient's age into ``band`` (``"40-64"``): to its nearest end."""
    low, high = (int(part) for part in band.split("-"))
    patient = record["patient"]
    patient["age"] = min(max(patient["age"], low), high)


SECTIONS: dict[str, tuple[str, ...]] = {
    "clinical-note": (
        "Chief complaint",
        "History of present illness",
        "Examination",
        "Assessment",
        "Plan",
    ),
    "discharge-summary": (
        "Admission diagnosis",
        "Hospital course",
        "Discharge medications",
        "Follow-up",
    ),
    "referral-letter": (
        "Reason for referral",
        "Relevant history",
        "Current medications",
        "Request",
    ),
    "lab-report": ("Specimen", "Results", "Interpretation"),
    "progress-note": ("Subjective", "Objective", "Assessment", "Plan"),
}
TITLES = {
    "clinical-note": "Outpatient clinical note",
    "discharge-summary": "Discharge summary",
    "referral-letter": "Referral letter",
    "lab-report": "Laboratory report",
    "progress-note": "Progress note",
}
CLINICAL: dict[str, dict[str, tuple[str, ...]]] = {
    "cardiology": {
        "condition": ("atrial fibrillation", "stable angina", "heart failure", "hypertension"),
        "drug": ("bisoprolol 5 mg daily", "apixaban 5 mg twice daily", "ramipril 5 mg daily"),
        "test": ("an ECG", "a transthoracic echocardiogram", "a 24-hour Holter monitor"),
    },
    "dermatology": {
        "condition": ("psoriasis", "atopic dermatitis", "acne vulgaris", "a benign naevus"),
        "drug": ("topical betamethasone", "emollients twice daily", "doxycycline 100 mg daily"),
        "test": ("dermoscopy", "a punch biopsy", "patch testing"),
    },
    "endocrinology": {
        "condition": ("type 2 diabetes", "hypothyroidism", "Graves disease", "osteoporosis"),
        "drug": ("metformin 1 g twice daily", "levothyroxine 75 mcg daily", "alendronate weekly"),
        "test": ("an HbA1c", "thyroid function tests", "a DEXA scan"),
    },
    "gastroenterology": {
        "condition": ("reflux disease", "Crohn disease", "irritable bowel syndrome", "gallstones"),
        "drug": ("omeprazole 20 mg daily", "mesalazine 2.4 g daily", "mebeverine as needed"),
        "test": ("an upper endoscopy", "a colonoscopy", "an abdominal ultrasound"),
    },
    "general-medicine": {
        "condition": ("community-acquired pneumonia", "a urinary infection", "dehydration"),
        "drug": ("amoxicillin 500 mg three times daily", "paracetamol as needed", "oral fluids"),
        "test": ("a full blood count", "a chest X-ray", "urinalysis"),
    },
    "neurology": {
        "condition": ("migraine", "epilepsy", "Parkinson disease", "peripheral neuropathy"),
        "drug": ("topiramate 25 mg daily", "levetiracetam 500 mg twice daily", "levodopa"),
        "test": ("an MRI of the brain", "an EEG", "nerve conduction studies"),
    },
    "oncology": {
        "condition": ("early breast cancer", "colorectal cancer", "lymphoma"),
        "drug": ("ondansetron as needed", "dexamethasone 4 mg daily", "adjuvant chemotherapy"),
        "test": ("a staging CT scan", "tumour markers", "a PET scan"),
    },
    "orthopedics": {
        "condition": ("knee osteoarthritis", "a distal radius fracture", "rotator cuff tear"),
        "drug": ("ibuprofen 400 mg as needed", "paracetamol 1 g four times daily"),
        "test": ("an X-ray of the knee", "an MRI of the shoulder", "a CT of the wrist"),
    },
    "pediatrics": {
        "condition": ("bronchiolitis", "otitis media", "childhood asthma", "gastroenteritis"),
        "drug": ("salbutamol inhaler as needed", "oral rehydration solution", "amoxicillin"),
        "test": ("pulse oximetry", "a growth chart review", "a throat swab"),
    },
    "psychiatry": {
        "condition": ("major depressive disorder", "generalised anxiety", "bipolar disorder"),
        "drug": ("sertraline 50 mg daily", "lithium with level monitoring", "quetiapine"),
        "test": ("a PHQ-9 questionnaire", "a GAD-7 questionnaire", "lithium levels"),
    },
    "pulmonology": {
        "condition": ("COPD", "asthma", "obstructive sleep apnoea", "pulmonary fibrosis"),
        "drug": ("tiotropium daily", "a budesonide/formoterol inhaler", "CPAP at night"),
        "test": ("spirometry", "a sleep study", "a high-resolution CT of the chest"),
    },
}
SENTENCES = (
    "The patient reports {condition} with symptoms over the past weeks.",
    "Findings are consistent with {condition}.",
    "We discussed treatment with {drug}.",
    "Arrange {test} before the next review.",
    "Continue {drug} and review in six weeks.",
    "Results of {test} were reviewed with the patient.",
)
ROLES = ("Consultant", "Specialty registrar", "Attending physician", "Nurse practitioner")


class HealthcareOptions(BaseModel):
    """Options of the ``healthcare`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    speciality: Annotated[Specialty, Flag("--specialty")] = Field(
        default="general-medicine", description="Medical specialty of the documents."
    )
    document_type: DocumentType = Field(
        default="clinical-note", description="Kind of clinical document."
    )


class Patient(BaseModel):
    """The fictional patient."""

    name: str = Field(description="Fictional full name.")
    age: int = Field(ge=0, le=110, description="Age in years.")
    gender: Gender = Field(description="Recorded gender.")
    patient_id: str = Field(pattern=r"^PT-\d{6}$", description="Fictional id, PT-000123.")


class Section(BaseModel):
    """One headed section of the document."""

    heading: str = Field(min_length=1, description="Section heading.")
    content: str = Field(min_length=1, description="Section text.")


class Document(BaseModel):
    """The document body."""

    title: str = Field(min_length=1, description="Document title.")
    sections: list[Section] = Field(min_length=1, description="Sections in reading order.")


class Author(BaseModel):
    """The fictional clinician who wrote it."""

    name: str = Field(description="Fictional clinician name.")
    role: str = Field(description="Clinical role.")
    clinic: str = Field(description="Fictional clinic or hospital.")


class HealthcareRecord(BaseModel):
    """A fictional clinical document."""

    record_id: Annotated[str, RecordId("DOC")] = Field(description="Record id, DOC-000123.")
    document_type: Annotated[DocumentType, FromOption("document_type")] = Field(
        description="Kind of document."
    )
    specialty: Annotated[Specialty, FromOption("speciality")] = Field(
        description="Medical specialty."
    )
    created_at: UtcDatetime = Field(description="When it was written (UTC).")
    patient: Patient
    document: Document
    author: Author


class HealthcareTool(DataGeneratorTool[HealthcareOptions, HealthcareRecord]):
    """Fictional clinical documents (notes, summaries, letters, lab reports)."""

    name = "healthcare"
    aliases = ("healthcare-record",)
    description = "Fictional clinical documents for a specialty: notes, summaries, letters."

    system = (
        "You write realistic but entirely fictional clinical documents for software "
        "testing. Never describe a real person; patient and clinician names, ids and "
        "clinics are invented."
    )

    prompt = "Write {{$document_type}} number {{$index}} in {{$speciality}}.\n"

    def build_prompt(self) -> str:
        """The prompt, with the section headings of the document type in order."""
        headings = ", ".join(SECTIONS[self.options.document_type])
        return f"{super().build_prompt()}Use these sections in order: {headings}."

    examples = (
        "datagen healthcare --speciality cardiology --count 25 -o data/cardiology --provider "
        "offline",
        "datagen healthcare --specialty pediatrics --document-type discharge-summary -f txt "
        "-n 10 -o data/pediatric-discharges --provider offline",
    )

    def attributes(self) -> list[Attribute]:
        """Age band and gender, drawn per record (children only in pediatrics)."""
        bands = CHILD_BANDS if self.options.speciality == "pediatrics" else ADULT_BANDS
        return [
            Attribute(
                "age_band",
                {f"{low}-{high}": weight for (low, high), weight in bands.items()},
                observe=lambda record: age_band(record["patient"]["age"], bands),
                apply=set_age_band,
            ),
            Attribute("gender", GENDER_WEIGHTS, observe="patient.gender"),
        ]

    def draw_attributes(self, rng: random.Random, seed: int, index: int) -> dict[str, Any]:
        """The declared attributes, plus an age inside the drawn band."""
        drawn = super().draw_attributes(rng, seed, index)
        low, high = (int(part) for part in drawn["age_band"].split("-"))
        return {"age": low + int(rng.random() * (high - low + 1)), **drawn}

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        start = synth.ANCHOR - timedelta(days=365)
        options = self.options
        title = f"{TITLES[options.document_type]} ({options.speciality.replace('-', ' ')})"
        vocabulary = CLINICAL[options.speciality]
        return {
            "created_at": lambda rng, _ctx: synth.datetime_between(rng, start, synth.ANCHOR),
            "patient.age": lambda _rng, ctx: ctx.attributes["age"],
            "patient.gender": lambda _rng, ctx: ctx.attributes["gender"],
            "patient.patient_id": lambda rng, _ctx: synth.identifier(rng, "PT"),
            "document.title": lambda _rng, _ctx: title,
            "document.sections": lambda rng, _ctx: [
                {"heading": heading, "content": synth.paragraph(rng, SENTENCES, vocabulary, (1, 3))}
                for heading in SECTIONS[options.document_type]
            ],
            "author.role": lambda rng, _ctx: synth.choose(rng, ROLES),
        }

    @rule("a pediatrics patient must be a child")
    def children_only_in_pediatrics(self, record: HealthcareRecord) -> bool | str:
        age = record.patient.age
        return (
            self.options.speciality != "pediatrics"
            or age < ADULT_AGE
            or f"a pediatrics patient cannot be {age}"
        )

    def render_text(self, record: HealthcareRecord) -> str:
        """A readable document: title, patient line, sections, signature."""
        patient, author = record.patient, record.author
        facts = [
            ("Record", f"{record.record_id}   Written: {record.created_at.isoformat()}"),
            ("Patient", f"{patient.name} ({patient.patient_id}), {patient.age}, {patient.gender}"),
        ]
        sections = [(section.heading, section.content) for section in record.document.sections]
        footer = [f"{author.name}, {author.role}, {author.clinic}"]
        return render_document(record.document.title, facts, sections, footer)
