"""The ``healthcare`` scenario: ages, sections, its rule, its text (the rest: the catalogue)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pytest

from data_generator import DataGenerator, Settings
from data_generator.providers import Completion, CompletionRequest
from data_generator.providers.offline import OfflineProvider
from data_generator.tool import InvariantError
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
    records = offline_records(HealthcareTool({"speciality": specialty}), 30, 3)

    ages = [r.patient.age for r in records]
    if specialty == "pediatrics":
        assert max(ages) < ADULT_AGE
    else:
        assert min(ages) >= ADULT_AGE
    assert {r.specialty for r in records} == {specialty}


@pytest.mark.parametrize("document_type", list(SECTIONS))
def test_sections_follow_the_document_type(document_type: str) -> None:
    tool = HealthcareTool({"speciality": "neurology", "document_type": document_type})
    for record in offline_records(tool, 10, 4):
        assert record.document_type == document_type
        assert [s.heading for s in record.document.sections] == list(SECTIONS[document_type])
        assert record.document.title.endswith("(neurology)")
    assert ", ".join(SECTIONS[document_type]) in tool.user_prompt()


def test_post_process_rejects_an_adult_in_pediatrics() -> None:
    tool = HealthcareTool({"speciality": "pediatrics"})
    record = offline_records(tool, 1, 5)[0]
    adult = record.model_copy(
        update={"patient": record.patient.model_copy(update={"age": ADULT_AGE})}
    )
    with pytest.raises(InvariantError, match="a pediatrics patient cannot be 18"):
        tool.post_process(adult)


def test_post_process_resets_specialty_and_document_type() -> None:
    tool = HealthcareTool({"speciality": "cardiology", "document_type": "lab-report"})
    record = offline_records(tool, 1, 5)[0]
    wrong = record.model_copy(update={"specialty": "oncology", "document_type": "referral-letter"})

    repaired = tool.post_process(wrong)

    assert (repaired.specialty, repaired.document_type) == ("cardiology", "lab-report")
    assert repaired.patient == record.patient


class AgelessProvider:
    """Offline answers as a model's text, every patient aged 100 (outside every band)."""

    name, model = "fake", "fake-model"

    def __init__(self, tool: HealthcareTool) -> None:
        self.inner = OfflineProvider(tool)

    async def complete(self, request: CompletionRequest) -> Completion:
        data: dict[str, Any] = json.loads((await self.inner.complete(request)).text)
        data["patient"]["age"] = 100
        return Completion(json.dumps(data))

    async def aclose(self) -> None:
        pass


def test_a_model_answer_outside_the_drawn_age_band_is_moved_to_its_nearest_end(
    tmp_path: Path,
) -> None:
    tool = HealthcareTool({"speciality": "oncology"})
    settings = Settings(provider="offline", seed=7)
    bands = [tool.record_context(7, index)[0].attributes["age_band"] for index in (1, 2, 3, 4)]

    result = DataGenerator(
        tool, count=4, out_dir=tmp_path, settings=settings, provider=AgelessProvider(tool)
    ).run()

    assert (result.exit_code, result.attributes_corrected) == (0, 4)
    ages = [
        json.loads((tmp_path / f"healthcare-{i:06d}.json").read_text())["patient"]["age"]
        for i in (1, 2, 3, 4)
    ]
    assert ages == [int(band.split("-")[1]) for band in bands]


def test_text_holds_the_whole_document() -> None:
    tool = HealthcareTool({"speciality": "dermatology", "document_type": "discharge-summary"})
    for record in offline_records(tool, 10, 6):
        text = tool.render_text(record)
        assert text.splitlines()[0] == record.document.title
        for value in (record.record_id, record.patient.patient_id, record.patient.name):
            assert value in text
        assert f"{record.author.name}, {record.author.role}, {record.author.clinic}" in text
        for section in record.document.sections:
            assert f"{section.heading}\n{'-' * len(section.heading)}\n{section.content}" in text
