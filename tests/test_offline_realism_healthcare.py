"""Offline clinical documents and policies read like the real thing (issue 15).

Variety: 10,000 offline records per scenario and option set, every free-text field with
>= 50 % distinct values and no sentence above 1 % of its field's sentences. Coherence: each
section's text is drawn from its own heading's grammar (a chief complaint states a
complaint), medication sections list prescriptions only, results and their interpretation
agree, and clinics, hospitals and clinicians are named as such.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest
from offline_variety import measure, offline_json_records

from data_generator.tools import clinical_policy_vocabulary as policy_words
from data_generator.tools import healthcare_vocabulary as words
from data_generator.tools.clinical_policy import ClinicalPolicy, ClinicalPolicyTool
from data_generator.tools.clinical_policy_prose import GRAMMARS, HEADING_KINDS
from data_generator.tools.healthcare import SECTIONS, HealthcareRecord, HealthcareTool
from data_generator.tools.healthcare_prose import GRAMMAR, SECTION_TABLES

COUNT = 10_000
#: Fields not meant to vary, each with its reason.
HEALTHCARE_FIXED = {
    "document.title",  # the document type's title and the speciality: one per option set
    "author.role",  # a clinical job title, one of a handful per document type
    "author.clinic",  # an organisation's name (place + kind), not prose
}
POLICY_FIXED = {
    "owner.department",  # the speciality's department, set by --specialty
    "focus_topic",  # a Drawn label (one of six topics per speciality)
    "definitions[].definition",  # a glossary: a term means one thing in every policy
}
#: The title names the drawn topic with a setting or patients: few per topic by design,
#: so only its top share is checked.
POLICY_TOP_ONLY = {"title"}


@functools.cache
def healthcare_records(**options: str) -> tuple[dict[str, Any], ...]:
    return tuple(offline_json_records(HealthcareTool(options), COUNT))


@functools.cache
def policy_records(**options: str) -> tuple[dict[str, Any], ...]:
    return tuple(offline_json_records(ClinicalPolicyTool(options), COUNT))


def assert_varied(found: list[Any], fixed: set[str], top_only: set[str] = frozenset()) -> None:
    measured = {field.path for field in found}
    assert "document.sections[].content" in measured or "sections[].content" in measured
    for field in found:
        if field.path in fixed:
            continue
        if field.path not in top_only:
            assert field.distinct_share >= 0.5, field
        assert field.top_sentence_share <= 0.01, field


HEALTHCARE_OPTIONS = [
    {},
    {"speciality": "cardiology", "document_type": "discharge-summary"},
    {"speciality": "pediatrics", "document_type": "referral-letter"},
    {"speciality": "oncology", "document_type": "lab-report"},
    {"speciality": "psychiatry", "document_type": "progress-note"},
]


@pytest.mark.parametrize("options", HEALTHCARE_OPTIONS, ids=lambda o: "-".join(o.values()))
def test_healthcare_prose_varies_over_10000_records(options: dict[str, str]) -> None:
    assert_varied(measure(HealthcareRecord, healthcare_records(**options)), HEALTHCARE_FIXED)


POLICY_OPTIONS = [
    {},
    {"specialty": "pharmacy", "policy_type": "formulary-policy", "complexity": "basic"},
    {"specialty": "surgery", "policy_type": "standard-operating-procedure", "complexity": "basic"},
    {"specialty": "pediatrics", "policy_type": "care-pathway", "complexity": "advanced"},
]


@pytest.mark.parametrize("options", POLICY_OPTIONS, ids=lambda o: "-".join(o.values()))
def test_policy_prose_varies_over_10000_records(options: dict[str, str]) -> None:
    found = measure(ClinicalPolicy, policy_records(**options))
    assert_varied(found, POLICY_FIXED, POLICY_TOP_ONLY)


# --- coherence: healthcare ----------------------------------------------------------------
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"])")
MEDICATION_HEADINGS = {"Discharge medications", "Current medications"}
DRUGS: dict[str, list[words.Drug]] = {}
for _drug in [
    *(d for conditions in words.CONDITIONS.values() for c in conditions for d in c.drugs),
    *(d for _, d in (*words.COMORBIDITIES, *words.CHILD_COMORBIDITIES)),
]:
    DRUGS.setdefault(_drug.name, []).append(_drug)
NOT_MEDICINES = re.compile(r"echocardiogram|ECG|X-ray|scan|endoscopy|biopsy|test|MRI", re.I)
CONDITIONS = [c for conditions in words.CONDITIONS.values() for c in conditions]
SYMPTOMS = [s for c in CONDITIONS for s in c.symptoms]
#: What each fact slot of the healthcare grammar may hold (the rest: any text).
FACTS = {
    "symptom": [clinical for clinical, _ in SYMPTOMS],
    "symptom2": [clinical for clinical, _ in SYMPTOMS],
    "lay": [lay for _, lay in SYMPTOMS],
    "lay2": [lay for _, lay in SYMPTOMS],
    "condition": [c.name for c in CONDITIONS],
    "sign": [s for c in CONDITIONS for s in c.signs],
    "sign2": [s for c in CONDITIONS for s in c.signs],
    "test": [t for c in CONDITIONS for t in c.tests],
    "test2": [t for c in CONDITIONS for t in c.tests],
    "drug": list(DRUGS),
    "treatment": [t for c in CONDITIONS for t in c.treatments],
    "comorbidity": [name for name, _ in (*words.COMORBIDITIES, *words.CHILD_COMORBIDITIES)],
    "duration": [f"{n} {unit}" for n in range(2, 15) for unit in ("days", "weeks", "months")]
    + ["a week", "a fortnight"],
}


@functools.cache
def heading_pattern(heading: str) -> re.Pattern[str]:
    tables = [table for table, _ in SECTION_TABLES[heading]]
    if "social" in tables:
        tables = [t for t in tables if t != "social"] + ["social_adult", "social_child"]
    sources = "|".join(f"(?:{GRAMMAR.pattern(table, **FACTS).pattern})" for table in tables)
    return re.compile(sources, re.I | re.S)


def sample_documents() -> list[tuple[str, dict[str, Any]]]:
    made = []
    for document_type in SECTIONS:
        for speciality in ("general-medicine", "cardiology", "pediatrics", "pulmonology"):
            tool = HealthcareTool({"speciality": speciality, "document_type": document_type})
            made += [(speciality, r) for r in offline_json_records(tool, 60, seed=4)]
    return made


@functools.cache
def documents() -> tuple[tuple[str, dict[str, Any]], ...]:
    return tuple(sample_documents())


def test_each_section_is_drawn_from_its_own_headings_grammar() -> None:
    checked = 0
    for _speciality, record in documents():
        for section in record["document"]["sections"]:
            heading = section["heading"]
            if heading not in SECTION_TABLES:
                continue
            pattern = heading_pattern(heading)
            for sentence in _SENTENCE.split(section["content"]):
                assert pattern.fullmatch(sentence), (heading, sentence)
                checked += 1
    assert checked > 5000
    complaint = heading_pattern("Chief complaint")
    assert not complaint.fullmatch("Results of urinalysis were reviewed with the patient.")
    assert not complaint.fullmatch("Arrange a chest X-ray before the next review.")


def prescription(entry: str) -> tuple[words.Drug, str] | None:
    """The drug and dose an entry prescribes, if it is ``Name dose route frequency (note).``."""
    for name, drugs in DRUGS.items():
        if not entry.lower().startswith(f"{name.lower()} "):
            continue
        rest = entry[len(name) + 1 :]
        for drug in drugs:
            for dose in drug.doses:
                if rest.startswith(f"{dose} {drug.route} {drug.frequency} (") and rest.endswith(
                    ")."
                ):
                    return drug, dose
    return None


def test_medication_sections_list_prescriptions_only() -> None:
    entries = 0
    for _speciality, record in documents():
        for section in record["document"]["sections"]:
            if section["heading"] not in MEDICATION_HEADINGS:
                continue
            for entry in re.split(r"(?<=\)\.) ", section["content"]):
                assert prescription(entry), entry
                assert not NOT_MEDICINES.search(entry.split(" (", 1)[0]), entry
                entries += 1
    assert entries > 500
    assert prescription("A transthoracic echocardiogram 1 scan once daily (new).") is None


def test_discharge_medications_treat_the_admission_diagnosis() -> None:
    for speciality, record in documents():
        sections = {s["heading"]: s["content"] for s in record["document"]["sections"]}
        if "Admission diagnosis" not in sections:
            continue
        (condition,) = [
            c for c in words.CONDITIONS[speciality] if sections["Admission diagnosis"].lower()
            .startswith(c.name.lower())
        ]  # fmt: skip
        treated = {drug.name for drug in condition.drugs}
        background = {drug.name for _, drug in (*words.COMORBIDITIES, *words.CHILD_COMORBIDITIES)}
        for entry in re.split(r"(?<=\)\.) ", sections["Discharge medications"]):
            found = prescription(entry)
            assert found, entry
            assert found[0].name in treated | background, entry


def test_lab_results_and_their_interpretation_agree() -> None:
    reports = 0
    for speciality, record in documents():
        sections = {s["heading"]: s["content"] for s in record["document"]["sections"]}
        if "Results" not in sections:
            continue
        reports += 1
        panel = {analyte.name: analyte for analyte in words.PANELS[speciality]}
        flagged = set()
        for line in sections["Results"].removesuffix(".").split("; "):
            name, value, *_ = re.match(r"(.+?) ([\d.]+)\b(.*)", line).groups()  # type: ignore[union-attr]
            analyte = panel[name]
            if float(value) > analyte.high:
                assert line.endswith(" H"), line
                flagged.add(name)
            elif float(value) < analyte.low:
                assert line.endswith(" L"), line
                flagged.add(name)
            else:
                assert not line.endswith((" H", " L")), line
        interpretation = sections["Interpretation"]
        named = {n for n in panel if re.search(rf"\b{re.escape(n)}\b", interpretation, re.I)}
        assert named == flagged, sections
    assert reports == 4 * 60


def test_clinicians_and_organisations_are_named_as_such() -> None:
    for _speciality, record in documents():
        author = record["author"]
        assert any(word in author["clinic"] for word in words.HEALTHCARE_WORDS), author
        assert not re.search(r"Logistics|Systems|Labs|Works|Partners", author["clinic"])
        is_doctor = not re.search(r"Nurse|Biochemist", author["role"])
        assert author["name"].startswith("Dr ") == is_doctor, author
        if record["document_type"] == "referral-letter":
            assert "General Practitioner" in author["role"] or "GP" in author["role"]


def test_a_document_speaks_of_its_own_patient() -> None:
    for _speciality, record in documents():
        patient = record["patient"]
        text = " ".join(s["content"] for s in record["document"]["sections"])
        last = patient["name"].split(" ", 1)[1]
        if "Mr " in text:
            assert f"Mr {last}" in text
            assert patient["gender"] == "male"
        if "Ms " in text:
            assert f"Ms {last}" in text
            assert patient["gender"] == "female"
        assert f"{patient['age']}-year-old" in text or "year-old" not in text


# --- coherence: clinical policies ---------------------------------------------------------
@functools.cache
def policies() -> tuple[dict[str, Any], ...]:
    made: list[dict[str, Any]] = []
    for specialty in ("general-medicine", "pediatrics", "pharmacy", "radiology"):
        for policy_type in policy_words.HEADINGS:
            tool = ClinicalPolicyTool({"specialty": specialty, "policy_type": policy_type})
            made += offline_json_records(tool, 20, seed=6)
    return tuple(made)


@functools.cache
def policy_pattern(specialty: str, table: str) -> re.Pattern[str]:
    return GRAMMARS[specialty].pattern(table)


def test_every_heading_has_a_kind_of_text() -> None:
    headings = {h for headings in policy_words.HEADINGS.values() for h in headings}
    assert headings <= set(HEADING_KINDS)


def test_policy_sections_are_drawn_from_their_headings_kind() -> None:
    sentences = 0
    for policy in policies():
        for section in policy["sections"]:
            pattern = policy_pattern(policy["specialty"], HEADING_KINDS[section["heading"]])
            for sentence in _SENTENCE.split(section["content"]):
                assert pattern.fullmatch(sentence), (section["heading"], sentence)
                sentences += 1
    assert sentences > 1000
    audit = GRAMMARS["nursing"].pattern("audit")
    assert not audit.fullmatch("Check that bed alarms are available and in date on admission.")


def test_policy_front_matter_follows_its_topic_type_and_department() -> None:
    for policy in policies():
        topic, specialty = policy["focus_topic"], policy["specialty"]
        kind = policy_words.KIND[policy["policy_type"]]
        assert policy["title"].lower().startswith(topic.lower())
        assert kind in policy["title"]
        assert policy["owner"]["department"] == policy_words.DEPARTMENTS[specialty]
        assert topic in policy["purpose"] or kind.lower() in policy["purpose"]
        assert policy_pattern(specialty, "purpose").fullmatch(policy["purpose"])
        scope, excluded = _SENTENCE.split(policy["scope"])
        assert policy_pattern(specialty, "scope").fullmatch(scope)
        assert policy_pattern(specialty, "scope_out").fullmatch(excluded)
        reference = policy_pattern(specialty, "reference")
        assert all(reference.fullmatch(r) for r in policy["references"])
        terms = {t for t, _ in policy_words.DEFINITIONS[specialty]}
        terms |= {t for t, _ in policy_words.GENERIC_DEFINITIONS}
        assert {d["term"] for d in policy["definitions"]} <= terms
        if specialty == "pediatrics":
            assert "children" in policy["scope"]
