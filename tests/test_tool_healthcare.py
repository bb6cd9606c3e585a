"""The ``healthcare`` scenario: ages, sections, its rules, its text (the rest: the catalogue)."""

from __future__ import annotations

from typing import get_args

import pytest
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.runtime import runtime_of, user_prompt
from data_generator.tools.healthcare import (
    ADULT_AGE,
    SECTIONS,
    HealthcareRecord,
    HealthcareTool,
    Specialty,
)


def offline_records(tool: HealthcareTool, count: int, seed: int) -> list[HealthcareRecord]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


@pytest.mark.parametrize("specialty", get_args(Specialty))
def test_only_pediatrics_records_are_about_children(specialty: str) -> None:
    ages = [
        r.patient.age for r in offline_records(HealthcareTool({"speciality": specialty}), 30, 3)
    ]
    if specialty == "pediatrics":
        assert max(ages) < ADULT_AGE
    else:
        assert min(ages) >= ADULT_AGE


@pytest.mark.parametrize("document_type", list(SECTIONS))
def test_sections_follow_the_document_type(document_type: str) -> None:
    tool = HealthcareTool({"speciality": "neurology", "document_type": document_type})
    for record in offline_records(tool, 10, 4):
        assert [s.heading for s in record.document.sections] == list(SECTIONS[document_type])
        assert record.document.title.endswith("(neurology)")
    assert ", ".join(SECTIONS[document_type]) in user_prompt(tool)


PEDIATRICS = HealthcareTool({"speciality": "pediatrics", "document_type": "lab-report"})
RULES = {
    "adult-in-pediatrics": Case(
        lambda r: {"patient": r.patient.model_copy(update={"age": ADULT_AGE})},
        rejects="a pediatrics patient cannot be 18",
    ),
    "options-not-copied": Case(
        lambda r: {"specialty": "oncology", "document_type": "referral-letter"},
        mends=lambda r: (r.specialty, r.document_type) == ("pediatrics", "lab-report"),
    ),
}


@cases(RULES)
def test_rules_mend_or_reject_a_broken_document(case: Case) -> None:
    check_case(PEDIATRICS, offline_records(PEDIATRICS, 1, 5)[0], case)


@pytest.mark.parametrize(("age", "moved"), [(100, 64), (20, 40), (50, 50)])
def test_setting_the_age_band_moves_the_age_to_its_nearest_end(age: int, moved: int) -> None:
    (setter,) = [a for a in runtime_of(HealthcareTool()).attributes if a.name == "age_band"]
    answer = {"patient": {"age": age}}
    setter.set_in(answer, "40-64")
    assert (answer["patient"]["age"], setter.observed(answer)) == (moved, "40-64")


def test_text_holds_the_whole_document() -> None:
    tool = HealthcareTool({"speciality": "dermatology", "document_type": "discharge-summary"})
    for record in offline_records(tool, 10, 6):
        text, patient, author = tool.render_text(record), record.patient, record.author
        assert text.startswith(f"{record.document.title}\n{'=' * len(record.document.title)}\n")
        assert f"Record: {record.record_id}   Written: {record.created_at.isoformat()}" in text
        assert (
            f"Patient: {patient.name} ({patient.patient_id}), {patient.age}, {patient.gender}"
            in text
        )
        assert text.endswith(f"\n{author.name}, {author.role}, {author.clinic}\n")
        for section in record.document.sections:
            assert f"{section.heading}\n{'-' * len(section.heading)}\n{section.content}" in text
