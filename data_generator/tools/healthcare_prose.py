"""The sections of an offline clinical document, written from the record's own facts.

One :class:`~data_generator.phrases.Grammar` holds a table of sentences for each heading
(a chief complaint states a complaint, a plan says what happens next); the facts of the
record (patient, condition, symptoms, signs, tests, medicines, dates) fill their slots.
Medication sections list prescriptions only; a laboratory report's results are result
lines and its interpretation names the results outside their range.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from data_generator.phrases import Grammar
from data_generator.tools import healthcare_vocabulary as v

__all__ = ["GRAMMAR", "SECTION_TABLES", "Case", "case_facts", "drug_line", "write_section"]

_NUMBERS = {
    "days": [str(n) for n in range(2, 15)],
    "weeks": [str(n) for n in range(2, 9)],
    "months": [str(n) for n in range(2, 12)],
}
GRAMMAR = Grammar(
    {
        **_NUMBERS,
        "duration_draw": [
            "{days} days", "{weeks} weeks", "{months} months", "a week", "a fortnight",
        ],
        "course": [
            "getting steadily worse", "worse in the evenings", "constant",
            "coming and going", "no better with remedies from the pharmacy",
            "now affecting sleep", "now limiting daily activities", "slowly easing",
        ],
        # Chief complaint: the complaint, in the clinician's summary or the patient's words.
        "complaint": [
            "{Symptom} for {duration}", "{Symptom} for {duration}, {course}",
            '"{Lay}" ({symptom} for {duration})', "{Symptom} and {symptom2} for {duration}",
            "{Age_noun} presenting with {symptom} for {duration}",
            "{Symptom} for {duration}, {course}, with {symptom2}",
        ],
        "complaint_words": [
            'In {their} own words: "{lay2}"', '{Patient} says: "{lay2}"',
            '{Patient} describes it as: "{lay2}"', '"{Lay2}", {patient} explains',
        ],
        # History of present illness: onset, course, associated features, what was tried.
        "history": [
            "{Patient} is {a_age_noun} who presents with {duration} of {symptom}",
            "{Patient}, {a_age_noun}, has had {symptom} for {duration}, {course}",
            "{A_age_noun} with a background of {comorbidity}, presenting with {symptom}",
        ],
        "onset": [
            "It began {onset_how} and has been {course} since",
            "The {symptom} started {onset_how}, {course}",
            "Symptoms started {onset_how} about {duration} ago",
        ],
        "onset_how": [
            "suddenly", "gradually", "after a viral illness", "without an obvious trigger",
            "after a change in routine", "over a few days",
        ],
        "associated": [
            "There is associated {symptom2}", "{Patient} also describes {symptom2}",
            "{Symptom2} has developed over the same period",
        ],
        "negatives": [
            "{Patient} reports no {negative} and no {negative2}",
            "There is no history of {negative} or {negative2}",
        ],
        "negative": [
            "recent travel", "sick contacts", "recent medication changes", "alcohol excess",
            "similar episodes in the family", "recent injury",
        ],
        "negative2": [
            "recent hospital admissions", "exposure to smoke or dust", "new pets at home",
            "recent surgery", "unintended weight change",
        ],
        "tried": [
            "{Patient} has tried {self_care} with {effect}",
            "Tried {self_care}, with {effect} so far",
        ],
        "self_care": [
            "over-the-counter painkillers", "rest", "remedies from the pharmacy",
            "changes to diet and routine", "a short course prescribed by the GP",
        ],
        "effect": ["little benefit", "partial relief", "no improvement", "some relief at first"],
        # Examination and Objective: observations and signs.
        "vitals": [
            "BP {bp} mmHg, pulse {pulse}/min, temperature {temp} °C, SpO2 {spo2}% on air",
            "Observations: pulse {pulse}/min, BP {bp} mmHg, respiratory rate {rr}/min, "
            "SpO2 {spo2}%",
            "Temperature {temp} °C, heart rate {pulse}/min, blood pressure {bp} mmHg",
        ],
        "sign_line": [
            "On examination: {sign}", "Examination shows {sign} and {sign2}",
            "Findings: {sign}; {sign2}", "On examination: {sign}, {sign2}",
        ],
        "appearance": [
            "{Patient} looks {looks} and is {manner}", "{Patient} appears {looks}",
        ],
        "looks": ["well", "comfortable at rest", "tired", "mildly unwell", "pale", "anxious"],
        "manner": [
            "alert and orientated", "able to give a clear history", "talking in full sentences",
            "cooperative with the examination",
        ],
        # Assessment: the working diagnosis and how sure or how severe.
        "impression": [
            "Impression: {condition}{qualifier_tail?}",
            "Findings are consistent with {condition}{qualifier_tail?}",
            "Clinical picture in keeping with {condition}", "Working diagnosis: {condition}",
            "{Condition}, {status}",
        ],
        "qualifier_tail": [", {qualifier}"],
        "qualifier": ["mild", "moderate", "newly diagnosed", "with good function",
                      "without complications"],
        "status": [
            "improving on treatment", "stable since the last review", "not yet controlled",
            "partly controlled", "responding slowly",
        ],
        "reasoning": [
            "{Differential} is less likely given {sign}",
            "The differential includes {differential}",
            "{Sign} and {symptom} support this",
            "{Differential} remains possible until {test} is back",
        ],
        # Plan: investigations, medicines, treatments, follow-up, safety-net advice.
        "plan_test": [
            "Arrange {test} {timing}", "Request {test} and {test2}",
            "{Test} to be booked {timing}",
        ],
        "timing": [
            "before the next review", "within two weeks", "today", "at the next visit",
            "within {days} days",
        ],
        "plan_drug": [
            "Start {drug_line}", "Continue {drug_line}", "Prescribe {drug_line}",
            "Change to {drug_line}",
        ],
        "plan_treatment": [
            "Plan: {treatment}", "{Treatment} arranged", "Discussed {treatment} with {patient}",
            "{Treatment} to start {timing}",
        ],
        "plan_review": [
            "Review in {weeks} weeks", "Follow up in the {service} clinic in {weeks} weeks",
            "Telephone review in {days} days", "Review in {months} months",
            "Review with the results in {weeks} weeks",
        ],
        "safety_net": [
            "{Patient} advised to seek urgent help if {worse}",
            "Safety-net advice given: return if {worse}",
        ],
        "worse": [
            "symptoms get worse", "new symptoms develop", "there is no improvement in {days} days",
            "{symptom} gets worse",
        ],
        # Subjective (progress note): how things have gone since the last visit.
        "subjective": [
            "{Patient} reports {change} in {symptom} since {since}",
            "{Change} in {symptom} since {since}",
            'Still reports "{lay}" at times, but {change} overall since {since}',
        ],
        "change": [
            "some improvement", "no change", "a marked improvement", "a slight worsening",
            "steady progress",
        ],
        "since": [
            "starting {drug}", "the last review {weeks} weeks ago", "the dose change",
            "the last clinic visit",
        ],
        "tolerance": [
            "Tolerating {drug} {side_effects}", "Taking {drug} as prescribed, {side_effects}",
        ],
        "side_effects": [
            "without side effects", "with mild nausea at first", "with some headaches initially",
            "with occasional dizziness",
        ],
        # Discharge summary.
        "admission": [
            "{Condition}, admitted on {admitted} via {route}",
            "{Condition} ({admitted}), admitted via {route}",
            "{Condition}, on a background of {comorbidity}",
        ],
        "route": [
            "the emergency department", "the acute medical unit", "a GP referral",
            "the {service} clinic",
        ],
        "course_admit": [
            "Admitted with {duration} of {symptom}", "Presented with {symptom} and {symptom2}",
            "Admitted on {admitted} with {symptom}",
        ],
        "course_test": [
            "{Test} on admission showed changes consistent with {condition}",
            "{Test} and {test2} confirmed {condition}",
        ],
        "course_treat": [
            "Treated with {treatment} and {drug}, with steady improvement",
            "Managed with {drug} and {treatment}; observations settled by day {stay_day}",
        ],
        "course_end": [
            "Discharged home on {discharged}{discharge_tail?}",
            "Length of stay {stay} days; mobilising independently at discharge",
            "Medically fit for discharge on day {stay}",
        ],
        "discharge_tail": [", {discharge_state}"],
        "discharge_state": [
            "well and mobilising", "with family support", "with a package of care",
            "back to baseline",
        ],
        "followup": [
            "{Service} clinic review in {weeks} weeks", "GP to {gp_action} in {days} days",
            "{Patient} given written advice on {treatment}",
            "Repeat {test} in {weeks} weeks", "District nurse to visit within {days} days",
        ],
        "gp_action": [
            "check renal function", "review blood pressure", "review the medication",
            "repeat {test}", "check the response to {drug}",
        ],
        # Referral letter.
        "reason": [
            "I would be grateful if you could see {patient}, {a_age_noun} with {duration} of "
            "{symptom}",
            "Please see {patient}, {a_age_noun}, with suspected {condition}",
            "{Patient}, {a_age_noun}, has {symptom} and {symptom2} that have not settled",
            "I am referring {patient} with {symptom} for {duration}, {course}",
        ],
        "background": [
            "Past history of {comorbidity}{since_tail?}", "Background of {comorbidity}, {control}",
            "{Patient} has {comorbidity}, {control}", "{Comorbidity} diagnosed {months} years ago",
            "{Patient} has had {comorbidity} for {months} years, {control}",
        ],
        "since_tail": [", diagnosed {months} years ago", " since childhood"],
        "control": [
            "well controlled", "under regular review", "managed in primary care",
            "with occasional flares", "stable on treatment",
        ],
        "social_adult": [
            "Non-smoker, drinks {units} units of alcohol a week",
            "Ex-smoker of {pack} pack-years, drinks rarely",
            "Current smoker, {pack} pack-years; cessation advice given",
            "Lives {living}, independent with daily activities", "Works as {a job}, no alcohol",
        ],
        "social_child": [
            "Immunisations up to date; lives with {family}",
            "{Patient} lives with {family} and attends {school}",
            "No previous admissions; {patient} lives with {family}",
            "Born at {gestation} weeks, developing normally",
            "Attends {school}; lives with {family}",
        ],
        "living": ["alone", "with a partner", "with family", "in sheltered housing"],
        "job": ["teacher", "electrician", "nurse", "office manager", "driver", "engineer", "chef"],
        "family": [
            "both parents", "mother and siblings", "father and grandparents", "foster carers",
            "mother and stepfather", "father and two brothers", "grandparents", "one parent",
        ],
        "school": ["nursery", "primary school", "secondary school", "college"],
        "request": [
            "Please assess {patient} and advise on {treatment}",
            "I would value your opinion on whether {test} is needed for {patient}",
            "Please consider {treatment} if appropriate; {patient} is keen to {keen}",
            "{Patient} would like to discuss {treatment}",
            "Please advise on further management of suspected {condition}, {urgency}",
            "I would be grateful for {test} and advice on {treatment}",
        ],
        "keen": ["try it", "get back to normal activities", "avoid a hospital stay",
                 "understand the options"],
        "urgency": ["routinely", "urgently if possible", "within {weeks} weeks",
                    "at your earliest convenience"],
        # Laboratory report.
        "specimen": [
            "{Specimen_type}, collected {collected}, received {received}",
            "Sample: {specimen_type}, taken {collected} and received in the laboratory {received}",
        ],
        "abnormal": [
            "{Analyte} is {direction} at {value}{remark_tail?}",
            "{Direction} {analyte} ({value}){remark_tail?}",
        ],
        "remark_tail": [", {remark}"],
        "remark": ["in keeping with {condition}", "suggest repeat in {weeks} weeks",
                   "clinical correlation advised", "compare with previous results"],
        "normal": [
            "All {count} results are within their reference ranges; {normal_next}",
            "No abnormality detected in this {specimen_kind} panel; {normal_next}",
            "{Count} of {count} results normal for {patient}; {normal_next}",
        ],
        "normal_next": [
            "no further tests suggested", "monitoring for {condition} can continue as planned",
            "repeat at the next {service} review", "results phoned to the requesting team",
            "repeat in {weeks} weeks if {symptom} persists",
            "consider {test} if clinically indicated",
            "these do not exclude {condition}",
        ],
    }
)  # fmt: skip
#: Sentence tables of each heading, in order, with the chance each is used.
SECTION_TABLES: dict[str, tuple[tuple[str, float], ...]] = {
    "Chief complaint": (("complaint", 1.0), ("complaint_words", 0.4)),
    "History of present illness": (
        ("history", 1.0), ("onset", 0.7), ("associated", 0.6), ("negatives", 0.5),
        ("tried", 0.5),
    ),
    "Examination": (("appearance", 0.6), ("vitals", 1.0), ("sign_line", 1.0)),
    "Assessment": (("impression", 1.0), ("reasoning", 0.6)),
    "Plan": (
        ("plan_test", 0.7), ("plan_drug", 0.8), ("plan_treatment", 0.5), ("plan_review", 1.0),
        ("safety_net", 0.4),
    ),
    "Subjective": (("subjective", 1.0), ("tolerance", 0.6)),
    "Objective": (("vitals", 1.0), ("sign_line", 0.8)),
    "Admission diagnosis": (("admission", 1.0),),
    "Hospital course": (
        ("course_admit", 1.0), ("course_test", 0.8), ("course_treat", 1.0), ("course_end", 1.0),
    ),
    "Follow-up": (("followup", 1.0), ("followup", 0.6)),
    "Reason for referral": (("reason", 1.0),),
    "Relevant history": (("background", 1.0), ("social", 0.8)),
    "Request": (("request", 1.0), ("plan_review", 0.3)),
    "Specimen": (("specimen", 1.0),),
}  # fmt: skip


def _article_age(age: int) -> str:
    return "an" if age in (8, 11, 18) or 80 <= age <= 89 else "a"  # eight, eleven, eighty


def _person(age: int, gender: str) -> tuple[str, str]:
    """The noun (``woman``, ``boy``…) and possessive pronoun for a patient."""
    their = {"female": "her", "male": "his"}.get(gender, "their")
    if age < 2:
        return "infant", their
    if age < 18:
        return {"female": "girl", "male": "boy"}.get(gender, "child"), their
    return {"female": "woman", "male": "man"}.get(gender, "person"), their


def _patient_ref(name: str, age: int, gender: str) -> str:
    first, _, last = name.partition(" ")
    title = {"female": "Ms", "male": "Mr", "non-binary": "Mx"}.get(gender)
    if age < 18 or not last:
        return first
    return f"{title} {last}" if title else name


def drug_line(rng: random.Random, drug: v.Drug) -> str:
    """One prescription: ``bisoprolol 5 mg orally once daily``."""
    dose = drug.doses[int(rng.random() * len(drug.doses))]
    return f"{drug.name} {dose} {drug.route} {drug.frequency}"


def _pick(rng: random.Random, values: tuple[Any, ...]) -> Any:
    return values[int(rng.random() * len(values))]


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


@dataclass(slots=True)
class Case:
    """What one document is written from: its text facts and the objects behind them."""

    text: dict[str, str]
    condition: v.Condition
    comorbidity_drug: v.Drug
    written: datetime
    social: str
    abnormal: list[tuple[str, str, str]] = field(default_factory=list)


def case_facts(
    rng: random.Random,
    specialty: str,
    document_type: str,
    *,
    age: int,
    gender: str,
    name: str,
    written: datetime,
) -> Case:
    """The facts one document is written from: condition, symptoms, signs, tests, dates.

    Only the facts its document type's sections use are drawn (observations for notes,
    the stay for a discharge summary, the sample for a laboratory report).
    """
    fitting = tuple(c for c in v.CONDITIONS[specialty] if c.ages[0] <= age <= c.ages[1])
    condition: v.Condition = _pick(rng, fitting or v.CONDITIONS[specialty])
    others = [c.name for c in v.CONDITIONS[specialty] if c is not condition]
    first, second = rng.sample(condition.symptoms, 2)
    signs = rng.sample(condition.signs, 2)
    tests = rng.sample(condition.tests, 2)
    noun, their = _person(age, gender)
    comorbidity = _pick(rng, v.CHILD_COMORBIDITIES if age < 18 else v.COMORBIDITIES)
    drug = _pick(rng, condition.drugs)
    text = {
        "patient": _patient_ref(name, age, gender),
        "their": their,
        "age_noun": f"{age}-year-old {noun}",
        "a_age_noun": f"{_article_age(age)} {age}-year-old {noun}",
        "condition": condition.name,
        "differential": _pick(rng, tuple(others)) if others else "an alternative diagnosis",
        "symptom": first[0],
        "lay": first[1],
        "symptom2": second[0],
        "lay2": second[1],
        "sign": signs[0],
        "sign2": signs[1],
        "test": tests[0],
        "test2": tests[1],
        "treatment": _pick(rng, condition.treatments),
        "drug": drug.name,
        "drug_line": drug_line(rng, drug),
        "comorbidity": comorbidity[0],
        "service": v.SERVICE[specialty].lower().replace("children's", "paediatric"),
        "duration": GRAMMAR.expand(rng, "duration_draw"),
    }
    if document_type in ("clinical-note", "progress-note"):
        text["bp"] = f"{100 + int(rng.random() * 60)}/{60 + int(rng.random() * 35)}"
        text["pulse"] = str(58 + int(rng.random() * 50))
        text["temp"] = f"{36.2 + rng.random() * 1.2:.1f}"
        text["spo2"] = str(92 + int(rng.random() * 8))
        text["rr"] = str(12 + int(rng.random() * 14))
    elif document_type == "discharge-summary":
        stay = 2 + int(rng.random() * 9)
        text["admitted"] = _day(written - timedelta(days=stay))
        text["discharged"] = _day(written)
        text["stay"] = str(stay)
        text["stay_day"] = str(1 + int(rng.random() * stay))
    elif document_type == "referral-letter":
        text["units"] = str(2 + int(rng.random() * 20))
        text["pack"] = str(5 + int(rng.random() * 40))
        text["gestation"] = str(36 + int(rng.random() * 6))
    else:
        text["specimen_type"] = _pick(rng, v.SPECIMENS[specialty])
        text["collected"] = f"{written - timedelta(hours=3):%d %b %Y %H:%M}"
        text["received"] = f"{written - timedelta(minutes=95):%H:%M}"
    social = "social_child" if age < 18 else "social_adult"
    return Case(text, condition, comorbidity[1], written, social)


def _medications(rng: random.Random, case: Case, discharge: bool) -> str:
    condition = case.condition
    count = min(len(condition.drugs), 1 + int(rng.random() * 3))
    written = case.written
    lines = []
    for chosen in [*rng.sample(condition.drugs, count), None]:
        started = written - timedelta(days=int(rng.random() * (12 if discharge else 400)))
        since = written.year - int(rng.random() * 12)
        if chosen is None:
            drug = case.comorbidity_drug
            note = _pick(rng, _LONG_TERM_NOTES).format(since=since, what=case.text["comorbidity"])
        else:
            drug = chosen
            note = _pick(rng, _DISCHARGE_NOTES if discharge else _CURRENT_NOTES)
            note = note.format(day=_day(started), days=2 + int(rng.random() * 12), since=since)
        line = drug_line(rng, drug)
        lines.append(f"{line[:1].upper()}{line[1:]} ({note}).")
    return " ".join(lines)


_DISCHARGE_NOTES = (
    "new, started {day}",
    "new, {days} days in total",
    "started {day}, continue until review",
    "dose increased on {day}",
    "dose reduced on {day}",
    "changed on {day}",
)
_CURRENT_NOTES = (
    "started {day}",
    "since {since}",
    "dose changed {day}",
    "since {since}, by the GP",
)
_LONG_TERM_NOTES = ("for {what}, since {since}", "{what}, unchanged since {since}", "for {what}")


def _results(rng: random.Random, specialty: str, case: Case) -> str:
    lines, abnormal = [], []
    for analyte in v.PANELS[specialty]:
        span = analyte.high - analyte.low
        draw = rng.random()
        if draw < 0.15:
            value = analyte.high + span * (0.05 + rng.random() * 0.6)
        elif draw < 0.25 and analyte.low > 0:
            value = analyte.low - analyte.low * (0.05 + rng.random() * 0.25)
        else:
            value = analyte.low + span * (0.05 + rng.random() * 0.9)
        shown = f"{value:.{analyte.decimals}f}"
        # The flag follows the value as shown: 29.3 shown as 29 is inside 22-29.
        flag = "H" if float(shown) > analyte.high else "L" if float(shown) < analyte.low else ""
        unit = f" {analyte.unit}" if analyte.unit else ""
        reference = f"{analyte.low:.{analyte.decimals}f}-{analyte.high:.{analyte.decimals}f}"
        lines.append(
            f"{analyte.name} {shown}{unit} (reference {reference}){' ' + flag if flag else ''}"
        )
        if flag:
            abnormal.append((analyte.name, "raised" if flag == "H" else "low", f"{shown}{unit}"))
    case.abnormal = abnormal
    case.text["count"] = str(len(lines))
    return "; ".join(lines) + "."


def _interpretation(rng: random.Random, case: Case) -> str:
    text, abnormal = case.text, case.abnormal
    if not abnormal:
        return GRAMMAR.sentence(rng, "normal", text, specimen_kind=text["service"])
    return " ".join(
        GRAMMAR.sentence(rng, "abnormal", text, analyte=name, direction=how, value=value)
        for name, how, value in abnormal
    )  # fmt: skip


def write_section(rng: random.Random, heading: str, specialty: str, case: Case) -> str:
    """The text under ``heading``: sentences of its own tables only."""
    if heading in ("Discharge medications", "Current medications"):
        return _medications(rng, case, heading == "Discharge medications")
    if heading == "Results":
        return _results(rng, specialty, case)
    if heading == "Interpretation":
        return _interpretation(rng, case)
    sentences: list[str] = []
    for named, chance in SECTION_TABLES[heading]:
        table = case.social if named == "social" else named
        if chance >= 1.0 or rng.random() < chance:
            sentence = GRAMMAR.sentence(rng, table, case.text)
            if sentence not in sentences:
                sentences.append(sentence)
    return " ".join(sentences)
