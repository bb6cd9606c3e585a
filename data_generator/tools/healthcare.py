"""``healthcare``: fictional clinical documents for one medical specialty."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from data_generator import synth
from data_generator.context import RecordContext
from data_generator.markers import FromOption, RecordId
from data_generator.records import UtcDatetime
from data_generator.tool import Attribute, DataGeneratorTool, Flag, Hint, render_document, rule
from data_generator.tools import healthcare_vocabulary as words
from data_generator.tools.healthcare_prose import case_facts, write_section

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
        """Field generators for the offline provider (sections: :meth:`offline_finalize`)."""
        start = synth.ANCHOR - timedelta(days=365)
        options = self.options
        title = f"{TITLES[options.document_type]} ({options.speciality.replace('-', ' ')})"
        return {
            "created_at": lambda rng, _ctx: synth.datetime_between(rng, start, synth.ANCHOR),
            "patient.age": lambda _rng, ctx: ctx.attributes["age"],
            "patient.gender": lambda _rng, ctx: ctx.attributes["gender"],
            "patient.patient_id": lambda rng, _ctx: synth.identifier(rng, "PT"),
            "document.title": lambda _rng, _ctx: title,
            "document.sections": lambda _rng, _ctx: [],
            "author": self._author,
        }

    def _author(self, rng: random.Random, _ctx: RecordContext) -> dict[str, str]:
        """A clinician whose title fits the document, at a clinic or hospital."""
        speciality, kind = self.options.speciality, self.options.document_type
        names = {"specialist": words.SPECIALIST[speciality], "service": words.SERVICE[speciality]}
        role = synth.choose(rng, words.ROLES[kind]).format_map(names)
        name = synth.person_name(rng)
        place = synth.choose(rng, words.ORGANISATIONS[kind])
        clinic = place.format(place=synth.choose(rng, words.PLACES), service=names["service"])
        doctor = not any(word in role for word in ("Nurse", "Biochemist"))
        return {"name": f"Dr {name}" if doctor else name, "role": role, "clinic": clinic}

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Write the sections from the record's own patient, speciality and date."""
        patient, options = record["patient"], self.options
        case = case_facts(
            rng, options.speciality, options.document_type, age=patient["age"],
            gender=patient["gender"], name=patient["name"], written=record["created_at"],
        )  # fmt: skip
        record["document"]["sections"] = [
            {"heading": heading, "content": write_section(rng, heading, options.speciality, case)}
            for heading in SECTIONS[options.document_type]
        ]
        return record

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
