"""Offline contracts and claims read like the real thing (issue 15): varied, and in agreement
with their own facts.

Variety: over 10,000 offline records, every free-text field has >= 50 % distinct values and
no sentence is more than 1 % of its field's sentences. Coherence: a liability cap is an
amount or a multiple of the fees; a termination notice fits the term; the payment clause
states the record's amount in its currency; a clause's text is about its heading; a claim's
notes follow its progress and decide only a decided claim.
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta
from typing import Any

import pytest
from offline_variety import measure, offline_json_records

from data_generator.cli.show import example_options
from data_generator.tools.insurance_claim import InsuranceClaim, InsuranceClaimTool
from data_generator.tools.legal_contract import (
    JURISDICTIONS,
    Contract,
    LegalContractTool,
)

VARIETY_COUNT = 10_000
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
#: Words of a heading too common to tell clauses apart.
STOP_WORDS = {"and", "the", "with", "from", "for", "party", "parties", "agreement", "this", "by"}
CURRENCY = re.compile(r"\b(USD|GBP|EUR|CAD|AUD|SGD)\b")
PAYMENT_HEADINGS = (
    "Payment Terms", "Fees and Payment", "Remuneration", "Rent", "Price", "Royalties",
    "Fees and Expenses", "Capital Contributions",
)  # fmt: skip


def written(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@functools.cache
def legal(options: tuple[tuple[str, Any], ...], count: int) -> list[dict[str, Any]]:
    return offline_json_records(LegalContractTool(dict(options)), count, seed=11)


@functools.cache
def claims(policy_type: str, count: int) -> list[dict[str, Any]]:
    return offline_json_records(InsuranceClaimTool({"policy_type": policy_type}), count, seed=12)


def _variety_cases() -> list[Any]:
    legal_default = example_options(LegalContractTool)
    claim_default = example_options(InsuranceClaimTool)
    return [
        pytest.param(LegalContractTool, Contract, legal_default, id="legal-default"),
        pytest.param(
            LegalContractTool,
            Contract,
            {"contract_type": "nda", "complexity": "advanced"},
            id="legal-nda-advanced",
        ),
        pytest.param(
            LegalContractTool,
            Contract,
            {"contract_type": "partnership", "complexity": "basic", "num_clauses": 12},
            id="legal-partnership-basic",
        ),
        pytest.param(InsuranceClaimTool, InsuranceClaim, claim_default, id="claim-default"),
        pytest.param(InsuranceClaimTool, InsuranceClaim, {"policy_type": "life"}, id="claim-life"),
        pytest.param(InsuranceClaimTool, InsuranceClaim, {"policy_type": "pet"}, id="claim-pet"),
    ]


@pytest.mark.parametrize(("tool", "model", "options"), _variety_cases())
def test_free_text_varies_over_ten_thousand_records(
    tool: Any, model: Any, options: dict[str, Any]
) -> None:
    records = offline_json_records(tool(options), VARIETY_COUNT, seed=3)
    varieties = {variety.path: variety for variety in measure(model, records)}
    expected = (
        {"clauses[].text", "title", "parties[].address"}
        if model is Contract
        else {"incident_description", "adjuster_notes[]"}
    )
    assert expected <= set(varieties)
    for variety in varieties.values():
        assert variety.distinct_share >= 0.5, variety
        assert variety.top_sentence_share <= 0.01, variety


# --- legal-contract ------------------------------------------------------------------------


def every_type(count: int = 60, **options: Any) -> list[dict[str, Any]]:
    types = ("nda", "employment", "service-agreement", "lease", "sales", "licensing")
    types += ("partnership", "consulting")
    return [
        record
        for kind in types
        for record in legal(
            tuple({"contract_type": kind, "num_clauses": 40, **options}.items()), count
        )
    ]


def clause(record: dict[str, Any], heading: str) -> str:
    """The text of the clause under ``heading`` ("" if the contract has none)."""
    return next((c["text"] for c in record["clauses"] if c["heading"] == heading), "")


def currency_of(record: dict[str, Any]) -> str:
    return record["currency"] or JURISDICTIONS[record["governing_law"]][1]


def test_a_liability_cap_is_an_amount_or_a_multiple_of_the_fees() -> None:
    for record in every_type():
        text = clause(record, "Limitation of Liability")
        amount = re.search(rf"limited to {currency_of(record)} [\d,]+\.\d\d", text)
        multiple = re.search(r"limited to (the|twice the|three times the) fees paid", text)
        assert amount or multiple, text
        whole = " ".join(c["text"] for c in record["clauses"]).lower()
        assert "unlimited" not in whole
        assert "uncapped" not in whole
        # the cap is stated in its own clause only
        others = [c for c in record["clauses"] if c["heading"] != "Limitation of Liability"]
        assert not any("total liability" in c["text"] for c in others)


def test_a_cap_as_a_multiple_of_the_value_adds_up() -> None:
    multiples = {"the": 1, "twice the": 2, "three times the": 3}
    seen = 0
    for record in every_type():
        found = re.search(
            r"limited to [A-Z]{3} ([\d,]+\.\d\d) \((the|twice the|three times the) total",
            clause(record, "Limitation of Liability"),
        )
        if found:
            seen += 1
            cap = float(found[1].replace(",", ""))
            assert cap == pytest.approx(record["value"] * multiples[found[2]])
    assert seen > 20


def test_termination_notice_fits_the_term() -> None:
    for record in every_type():
        notice = re.search(r"(\d+) days' written notice", clause(record, "Termination"))
        assert notice, clause(record, "Termination")
        days = int(notice[1])
        if record["term_months"] is None:
            assert days in (30, 60, 90)
            assert "ends it on" in clause(record, "Term")
        else:
            assert days * 4 <= max(record["term_months"] * 30, 28)
            end = date.fromisoformat(record["end_date"])
            assert f"before {written(end)}" in clause(record, "Termination")
            assert written(end) in clause(record, "Term")
            assert f"{record['term_months']} months" in clause(record, "Term")


def test_the_term_clause_starts_on_the_effective_date() -> None:
    for record in every_type(20):
        start = written(date.fromisoformat(record["effective_date"]))
        assert clause(record, "Term").startswith(
            (f"This Agreement starts on {start}", f"This Agreement takes effect on {start}")
        )


def test_payment_is_the_records_amount_in_its_currency() -> None:
    for record in every_type():
        texts = [c["text"] for c in record["clauses"] if c["heading"] in PAYMENT_HEADINGS]
        if record["value"] is None:
            assert not any(CURRENCY.search(text) for text in texts)
        else:
            assert f"{record['currency']} {record['value']:,.2f}" in texts[0]
        for item in record["clauses"]:
            assert set(CURRENCY.findall(item["text"])) <= {currency_of(record)}, item


def test_instalments_add_up_to_the_value() -> None:
    checked = 0
    for record in every_type():
        found = re.search(
            r"in (\d+) (?:monthly instalments|milestone payments) of [A-Z]{3} ([\d,]+\.\d\d)",
            " ".join(c["text"] for c in record["clauses"]),
        )
        if found and record["term_months"] is not None:
            checked += 1
            total = int(found[1]) * float(found[2].replace(",", ""))
            assert total == pytest.approx(record["value"], abs=0.01 * int(found[1]))
    assert checked > 20


def test_clauses_name_the_records_law_and_parties() -> None:
    for record in every_type(20):
        assert record["governing_law"].removeprefix("The ") in clause(record, "Governing Law")
        if notices := clause(record, "Notices"):
            assert all(party["address"] in notices for party in record["parties"][:2])
        if entire := clause(record, "Entire Agreement"):
            assert all(party["name"] in entire for party in record["parties"][:2])


def test_each_clause_is_about_its_heading() -> None:
    for record in every_type(10, complexity="basic"):
        for item in record["clauses"]:
            words = [
                word.lower()[:5]
                for word in re.findall(r"[A-Za-z]+", item["heading"])
                if len(word) >= 3 and word.lower() not in STOP_WORDS
            ]
            assert any(word in item["text"].lower() for word in words), item
            assert not re.search(r", (The|Each|Either|Neither|This|No|A|If) ", item["text"]), item


# --- insurance-claim -----------------------------------------------------------------------

DECISION = re.compile(r"Approved|Denied|Payment of")
POLICY_TYPES = ("auto", "home", "health", "travel", "life", "pet")


def all_claims(count: int = 300) -> list[dict[str, Any]]:
    return [record for kind in POLICY_TYPES for record in claims(kind, count)]


def note_date(note: str) -> date:
    return date.fromisoformat(note.split(":", 1)[0])


def test_notes_never_decide_an_open_claim() -> None:
    open_claims = [r for r in all_claims() if r["status"] in ("submitted", "under-review")]
    assert len(open_claims) > 200
    for record in open_claims:
        assert not any(DECISION.search(note) for note in record["adjuster_notes"]), record
    submitted = [r for r in open_claims if r["status"] == "submitted"]
    assert all("Waiting" in r["adjuster_notes"][-1] or "Awaiting" in r["adjuster_notes"][-1]
               for r in submitted)  # fmt: skip


def test_notes_run_from_the_report_to_the_decision() -> None:
    for record in all_claims():
        notes = record["adjuster_notes"]
        dates = [note_date(note) for note in notes]
        assert dates[0] == date.fromisoformat(record["reported_date"])
        assert dates == sorted(dates)
        status = record["status"]
        if status in ("submitted", "under-review"):
            continue
        decided = date.fromisoformat(record["decision_date"])
        decision = notes[-2] if status == "paid" else notes[-1]
        assert note_date(decision) == decided
        approved = record["approved_amount"]
        if status == "denied":
            assert "Denied" in decision
        elif status == "partially-approved":
            assert f"Approved {approved:,.2f} of {record['claimed_amount']:,.2f}" in decision
        else:
            assert f"Approved in full at {approved:,.2f}" in decision
        if status == "paid":
            payable = max(0.0, approved - record["deductible"])
            assert notes[-1].split(": ", 1)[1].startswith(f"Payment of {payable:,.2f}")
            assert note_date(notes[-1]) > decided


def test_the_estimate_note_states_the_claimed_amount() -> None:
    seen = 0
    for record in all_claims():
        for note in record["adjuster_notes"]:
            found = re.search(r"(?:Estimate|Costs) of ([\d,]+\.\d\d)", note)
            if found:
                seen += 1
                assert float(found[1].replace(",", "")) == record["claimed_amount"]
    assert seen > 500


def test_the_incident_names_its_date_and_its_place() -> None:
    for record in all_claims():
        text = record["incident_description"]
        assert written(date.fromisoformat(record["incident_date"])) in text
        if record["policy_type"] == "travel":
            assert record["location"] in text
        if record["policy_type"] == "life" and "died in hospital" in text:
            assert "Hospital" in record["location"] or "Centre" in record["location"]
        if record["policy_type"] == "life" and "died at home" in text:
            assert re.match(r"\d+ ", record["location"])


def test_line_items_are_the_costs_of_the_incident() -> None:
    for record in all_claims():
        items = {item["description"] for item in record["line_items"]}
        text = record["incident_description"]
        if "broken into" in text:
            assert not items & {"Body shop repair", "Towing", "Rental car"}
        if "burgled" in text:
            assert not items & {"Water extraction and drying", "Roof repair", "Smoke cleaning"}
        if "luggage" in text or "bag" in text:
            assert not items & {"Medical treatment abroad", "Forfeited tour deposits"}
        if record["policy_type"] == "pet" and "swallowed" in text:
            assert "Blood tests" not in items


def test_a_partial_approval_names_an_item_of_the_claim() -> None:
    partial = [r for r in all_claims() if r["status"] == "partially-approved"]
    assert partial
    for record in partial:
        items = [item["description"].lower() for item in record["line_items"]]
        note = record["adjuster_notes"][-1].lower()
        assert any(item in note for item in items), note


def test_an_open_claim_never_waits_for_what_it_received() -> None:
    for record in all_claims():
        notes = record["adjuster_notes"]
        waiting = re.search(r"(?:waiting for|once|asked for) the (.+?)(?: arrives)?\.$", notes[-1])
        if record["status"] == "under-review" and waiting:
            assert not any(f"{waiting[1]} received" in note.lower() for note in notes), notes


def test_open_claim_diaries_stay_near_the_report() -> None:
    for record in all_claims():
        if record["status"] in ("submitted", "under-review"):
            reported = date.fromisoformat(record["reported_date"])
            last = note_date(record["adjuster_notes"][-1])
            assert last - reported <= timedelta(days=45)
