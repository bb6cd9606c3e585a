"""The ``legal-contract`` scenario: offline records, rules, repairs, text, CLI."""

from __future__ import annotations

import csv
import functools
import re
import shlex
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
from helpers import one_error_line
from hypothesis import example, given, settings
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.schema import strict_json_schema
from data_generator.tool import InvariantError
from data_generator.tools.legal_contract import (
    PAYMENT_WEIGHTS,
    SIGNING_GRACE_DAYS,
    Clause,
    Contract,
    ContractType,
    LegalContractTool,
    Signature,
)

NAME = "legal-contract"
CONTRACT_TYPES: tuple[str, ...] = get_args(ContractType)


def tool(
    contract_type: str = "service-agreement", num_clauses: int = 8, complexity: str = "intermediate"
) -> LegalContractTool:
    made = LegalContractTool(
        {"contract_type": contract_type, "num_clauses": num_clauses, "complexity": complexity}
    )
    return made


def offline(made: LegalContractTool, count: int, seed: int) -> list[Contract]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(made, count=count, settings=settings).generate_data()


@functools.cache
def contracts() -> tuple[Contract, ...]:
    """1000 offline contracts with the default options, seed 23 (made once)."""
    return tuple(offline(tool(), 1000, 23))


def months_later(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's end (independent of the module)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def whole_months(start: date, end: date) -> int:
    count = 0
    while months_later(start, count + 1) <= end:
        count += 1
    return count


def sample(fixed_term: bool = True) -> Contract:
    return next(c for c in contracts() if (c.end_date is not None) == fixed_term and c.value)


# --- offline records ------------------------------------------------------------------


def test_offline_records_all_validate_and_differ() -> None:
    records = contracts()
    assert len(records) == 1000
    assert [r.contract_id for r in records] == [f"CTR-{i:06d}" for i in range(1, 1001)]
    assert len({r.model_dump_json(exclude={"contract_id"}) for r in records}) == 1000
    for record in records[:50]:
        Contract.model_validate_json(record.model_dump_json())


def test_offline_records_keep_every_rule() -> None:
    checker = tool()
    for record in contracts():
        assert checker.invariant_problems(record) == [], record.contract_id
        assert [c.number for c in record.clauses] == list(range(1, 9))
        assert record.contract_type == "service-agreement"
        names = [p.name for p in record.parties]
        assert len(set(names)) == len(names) >= 2
        assert {s.party_name for s in record.signatures} == set(names)
        latest = record.effective_date + timedelta(days=SIGNING_GRACE_DAYS)
        assert all(s.signed_date <= latest for s in record.signatures)
        if record.end_date is not None:
            assert record.end_date > record.effective_date
            assert record.term_months == whole_months(record.effective_date, record.end_date)
        else:
            assert record.term_months is None
        assert (record.value is None) == (record.currency is None)


def assert_attributes_follow_weights(made: LegalContractTool, records: list[Contract]) -> None:
    dumps = [r.model_dump(mode="json") for r in records]
    for attribute in made.attributes():
        counts = Counter(attribute.observed(dump) for dump in dumps)
        probabilities = attribute.probabilities()
        assert set(counts) <= set(probabilities), attribute.name
        for value, probability in probabilities.items():
            share = counts[value] / len(dumps)
            assert abs(share - probability) <= 0.03, (attribute.name, value, share)


def test_attributes_follow_their_declared_weights() -> None:
    made = tool()
    assert [a.name for a in made.attributes()] == [
        "jurisdiction",
        "term_band",
        "payment_structure",
        "risk_level",
    ]
    assert_attributes_follow_weights(made, list(contracts()))


def test_employment_contracts_follow_their_own_weights() -> None:
    made = tool("employment", 5, "basic")
    records = offline(made, 1000, 31)
    assert_attributes_follow_weights(made, records)
    assert {r.parties[1].kind for r in records} == {"individual"}
    assert all(r.value is not None for r in records)  # an employee is always paid


def test_ndas_carry_no_value() -> None:
    records = offline(tool("nda", 4), 50, 3)
    assert set(PAYMENT_WEIGHTS["nda"]) == {"none"}
    assert {(r.payment_structure, r.value, r.currency) for r in records} == {("none", None, None)}


@pytest.mark.parametrize("contract_type", CONTRACT_TYPES)
@pytest.mark.parametrize("num_clauses", [1, 17, 40])
def test_every_type_makes_exactly_the_clauses_asked_for(
    contract_type: str, num_clauses: int
) -> None:
    made = tool(contract_type, num_clauses, "advanced" if num_clauses == 1 else "basic")
    records = offline(made, 3, num_clauses)
    assert len(records) == 3
    for record in records:
        assert made.invariant_problems(record) == []
        assert len(record.clauses) == num_clauses
        headings = [c.heading for c in record.clauses]
        assert len(set(headings)) == num_clauses


def test_the_record_schema_is_strict() -> None:
    schema = strict_json_schema(Contract)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(Contract.model_fields)


def test_no_record_carries_identifier_shaped_numbers() -> None:
    for record in contracts()[:200]:
        text = record.model_dump_json()
        assert not re.search(r"\b\d{3}-\d{2}-\d{4}\b", text)  # SSN-shaped
        assert not re.search(r"\d{13,19}", text)  # card-shaped
        assert "@" not in text


# --- repairs and rejections -----------------------------------------------------------


def test_post_process_keeps_a_valid_record_as_it_is() -> None:
    record = sample()
    assert tool().post_process(record) == record


def test_post_process_renumbers_clauses_in_reading_order() -> None:
    record = sample()
    broken = [c.model_copy(update={"number": 3}) for c in record.clauses]

    repaired = tool().post_process(record.model_copy(update={"clauses": broken}))

    assert [c.number for c in repaired.clauses] == list(range(1, 9))
    assert [c.text for c in repaired.clauses] == [c.text for c in record.clauses]


def test_post_process_resets_the_contract_type() -> None:
    record = sample().model_copy(update={"contract_type": "lease"})
    assert tool().post_process(record).contract_type == "service-agreement"


def test_post_process_recomputes_term_months_from_the_dates() -> None:
    record = sample()
    assert record.term_months is not None
    repaired = tool().post_process(record.model_copy(update={"term_months": 999}))
    assert repaired.term_months == record.term_months


def test_post_process_derives_end_date_from_term_months() -> None:
    record = sample()
    repaired = tool().post_process(record.model_copy(update={"end_date": None}))
    assert repaired.end_date == record.end_date


def test_post_process_drops_a_currency_without_a_value() -> None:
    record = sample().model_copy(update={"payment_structure": "none", "value": None})
    assert record.currency is not None
    assert tool().post_process(record).currency is None


def outsider(c: Contract) -> list[Signature]:
    return [*c.signatures, c.signatures[0].model_copy(update={"party_name": "Nobody Ltd"})]


def late(c: Contract) -> list[Signature]:
    when = c.effective_date + timedelta(days=SIGNING_GRACE_DAYS + 1)
    return [c.signatures[0].model_copy(update={"signed_date": when}), *c.signatures[1:]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: {"clauses": c.clauses[:7]}, "has 7 clauses, not 8"),
        (lambda c: {"clauses": [*c.clauses, c.clauses[0]]}, "has 9 clauses, not 8"),
        (lambda c: {"end_date": c.effective_date}, "end_date is not after effective_date"),
        (
            lambda c: {"end_date": c.effective_date - timedelta(days=5)},
            "end_date is not after effective_date",
        ),
        (lambda c: {"signatures": outsider(c)}, "'Nobody Ltd', who is not a party"),
        (lambda c: {"signatures": late(c)}, "signed more than 30 days after"),
        (
            lambda c: {"parties": [c.parties[0], c.parties[0]]},
            "two parties share a name",
        ),
        (lambda c: {"payment_structure": "none"}, "value must be null exactly when"),
        (lambda c: {"value": None}, "value must be null exactly when"),
        (lambda c: {"currency": None}, "a value needs a currency"),
    ],
    ids=["too-few-clauses", "too-many-clauses", "ends-on-start", "ends-before-start",
         "outsider-signs", "signed-too-late", "same-party-twice", "value-without-payment",
         "payment-without-value", "value-without-currency"],
)  # fmt: skip
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[Contract], dict[str, Any]], message: str
) -> None:
    record = sample()
    with pytest.raises(InvariantError, match=message):
        tool().post_process(record.model_copy(update=change(record)))


def test_signing_before_or_up_to_30_days_after_the_effective_date_is_fine() -> None:
    record = sample()
    for days in (-365, 0, SIGNING_GRACE_DAYS):
        when = record.effective_date + timedelta(days=days)
        signed = [s.model_copy(update={"signed_date": when}) for s in record.signatures]
        assert tool().post_process(record.model_copy(update={"signatures": signed}))


DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31))


NUMBERS = st.integers(min_value=1, max_value=50)
#: Mostly the right clause count, so that both outcomes are exercised often.
CLAUSE_NUMBERS = st.lists(NUMBERS, min_size=8, max_size=8) | st.lists(NUMBERS, max_size=12)
RARELY = st.sampled_from([False, False, False, True])


@settings(max_examples=200, deadline=None)
@given(
    effective=DAYS,
    end_offset=st.none() | st.integers(min_value=-60, max_value=4000),
    term_months=st.none() | st.integers(min_value=0, max_value=150),
    numbers=CLAUSE_NUMBERS.filter(bool),
    sign_offsets=st.lists(st.integers(min_value=-90, max_value=40), min_size=1, max_size=3),
    outsider_signs=RARELY,
    valued=st.booleans(),
    payment_mismatch=RARELY,
    currency=st.sampled_from([None, "USD", "GBP", "EUR"]),
    contract_type=st.sampled_from(CONTRACT_TYPES),
)
@example(
    effective=date(2024, 1, 31), end_offset=None, term_months=1, numbers=[1] * 8,
    sign_offsets=[0], outsider_signs=False, valued=True, payment_mismatch=False,
    currency="USD", contract_type="nda",
)  # fmt: skip
def test_post_process_either_rejects_or_returns_a_consistent_record(
    *,
    effective: date,
    end_offset: int | None,
    term_months: int | None,
    numbers: list[int],
    sign_offsets: list[int],
    outsider_signs: bool,
    valued: bool,
    payment_mismatch: bool,
    currency: str | None,
    contract_type: str,
) -> None:
    made = tool()
    paid = valued != payment_mismatch
    base = sample()
    end = None if end_offset is None else effective + timedelta(days=end_offset)
    clauses = [Clause(number=n, heading=f"H{i}", text=f"T{i}") for i, n in enumerate(numbers)]
    names = [p.name for p in base.parties]
    signatures = [
        Signature(party_name=names[i % len(names)], signatory="S", title="Director",
                  signed_date=effective + timedelta(days=offset))
        for i, offset in enumerate(sign_offsets)
    ]  # fmt: skip
    if outsider_signs:
        signatures.append(signatures[0].model_copy(update={"party_name": "Outsider LLC"}))
    record = base.model_copy(
        update={
            "contract_type": contract_type,
            "effective_date": effective,
            "end_date": end,
            "term_months": term_months,
            "clauses": clauses,
            "signatures": signatures,
            "payment_structure": "fixed-fee" if paid else "none",
            "value": 1000.0 if valued else None,
            "currency": currency,
        }
    )
    final_end = end if end is not None or term_months is None else (
        months_later(effective, term_months)
    )  # fmt: skip
    must_reject = (
        len(numbers) != 8
        or (final_end is not None and final_end <= effective)
        or outsider_signs
        or max(sign_offsets) > SIGNING_GRACE_DAYS
        or paid != valued
        or (valued and currency is None)
    )

    repaired = made.repair(record)
    assert made.repair(repaired) == repaired  # idempotent
    try:
        result = made.post_process(record)
    except InvariantError:
        assert must_reject
        return

    assert not must_reject
    assert result == repaired
    assert made.invariant_problems(result) == []
    assert [c.number for c in result.clauses] == list(range(1, 9))
    assert [c.heading for c in result.clauses] == [c.heading for c in clauses]
    assert result.contract_type == "service-agreement"
    assert result.end_date == final_end
    if final_end is not None:
        assert result.term_months == whole_months(effective, final_end)
    assert result.currency == (currency if valued else None)


# --- text -----------------------------------------------------------------------------


def test_text_holds_the_whole_contract() -> None:
    made = tool()
    for record in contracts()[:40]:
        text = made.render_text(record)
        lines = text.splitlines()
        assert lines[0] == record.title
        assert lines[1] == "=" * len(record.title)
        for value in (record.contract_id, record.governing_law, record.risk_level,
                      record.payment_structure, record.effective_date.isoformat()):  # fmt: skip
            assert value in text
        if record.end_date is not None:
            assert f"{record.term_months} months, ending {record.end_date.isoformat()}" in text
        if record.value is not None:
            assert f"{record.currency} {record.value:,.2f}" in text
        for party in record.parties:
            assert f"{party.role}: {party.name} ({party.kind}), {party.address}" in text
        for c in record.clauses:
            heading = f"{c.number}. {c.heading}"
            assert f"{heading}\n{'-' * len(heading)}\n{c.text}" in text
        for s in record.signatures:
            assert f"For {s.party_name}: {s.signatory}, {s.title}, signed " in text
            assert s.signed_date.isoformat() in text


# --- command line ---------------------------------------------------------------------


def test_cli_writes_text_contracts(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli(NAME, "--contract-type", "licensing", "--num-clauses", "12",
                   "--complexity", "advanced", "-n", "2", "-f", "txt", "-o", "out",
                   "--seed", "4", "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    files = sorted((tmp_path / "out").glob("*.txt"))
    assert [f.name for f in files] == [f"{NAME}-{i:06d}.txt" for i in (1, 2)]
    text = files[0].read_text(encoding="utf-8")
    assert text.startswith("Software Licence Agreement between ")
    assert "\n12. " in text
    assert "\n13. " not in text


def test_cli_writes_csv(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli(NAME, "--contract-type", "consulting", "-n", "4", "-f", "csv", "-o", "out",
                   "--seed", "2", "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    with (tmp_path / "out" / f"{NAME}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["contract_id"] for row in rows] == [f"CTR-{i:06d}" for i in range(1, 5)]
    assert {row["contract_type"] for row in rows} == {"consulting"}


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--contract-type", "marriage"), "--contract-type"),
        (("--num-clauses", "0"), "--num-clauses"),
        (("--num-clauses", "41"), "--num-clauses"),
        (("--num-clauses", "many"), "--num-clauses"),
        (("--complexity", "byzantine"), "--complexity"),
    ],
)
def test_cli_rejects_a_bad_value(
    run_cli: Callable[..., Any], args: tuple[str, ...], flag: str
) -> None:
    done = run_cli(NAME, *args, "-n", "1", "--provider", "offline")
    assert done.code == 2
    assert flag in one_error_line(done)


def test_help_lists_flags_choices_and_defaults(run_cli: Callable[..., Any]) -> None:
    done = run_cli(NAME, "--help")
    assert done.code == 0
    squeezed = re.sub(r"\s+", "", done.stdout)
    for text in ("--contract-type", "nda|employment|service-agreement|lease|sales|licensing",
                 "partnership|consulting", "--num-clauses", "[default:8;1<=x<=40]",
                 "[default:service-agreement]", "basic|intermediate|advanced",
                 "[default:intermediate]"):  # fmt: skip
        assert text in squeezed, text


@pytest.mark.parametrize("example", LegalContractTool().examples)
def test_every_example_command_runs(
    run_cli: Callable[..., Any], tmp_path: Path, example: str
) -> None:
    words = shlex.split(example)
    assert words[:2] == ["datagen", NAME]
    assert "--provider" in words

    done = run_cli(*words[1:], "-o", "out", "--seed", "1")

    assert done.code == 0, done.stderr
    assert "Wrote" in done.stdout
    assert any((tmp_path / "out").iterdir())
