"""The financial scenario: statements keep their balances, periods and fraud labels."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import re
import shlex
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.records import cents
from data_generator.tool import InvariantError
from data_generator.tools.financial import (
    CARD_TYPES,
    AccountType,
    FinancialStatement,
    FinancialTool,
    Transaction,
    period_of,
)

ACCOUNT_TYPES: tuple[str, ...] = get_args(AccountType)
CARD_RUN = re.compile(r"\d(?:[ -]?\d){12,18}")
SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")


def financial(kind: str = "checking", count_max: int = 20, fraud: float = 5) -> FinancialTool:
    tool = FinancialTool(
        {"transaction_type": kind, "transaction_count_max": count_max, "fraud_percent": fraud}
    )
    return tool


def offline(tool: FinancialTool, count: int, seed: int) -> list[FinancialStatement]:
    settings = Settings(provider="offline", seed=seed)
    records = DataGenerator(tool, count=count, settings=settings).generate_data()
    assert all(isinstance(r, FinancialStatement) for r in records)
    return records  # type: ignore[return-value]


@functools.cache
def statements() -> tuple[FinancialStatement, ...]:
    """1000 offline credit-card statements, 20 % with fraud (made once)."""
    return tuple(offline(financial("credit-card", fraud=20), 1000, 4))


def broken_rules(record: FinancialStatement, kind: str, count_max: int) -> list[str]:
    """The statement rules, checked independently of the tool."""
    problems = []
    balance = record.opening_balance
    for tx in record.transactions:
        balance = cents(balance + tx.amount)
        if abs(tx.balance_after - balance) >= 0.005:
            problems.append(f"{tx.tx_id}: balance")
        if not record.start_date <= tx.date <= record.end_date:
            problems.append(f"{tx.tx_id}: outside period")
    if abs(record.closing_balance - balance) >= 0.005:
        problems.append("closing")
    opening_plus_sum = cents(record.opening_balance + sum(t.amount for t in record.transactions))
    if abs(record.closing_balance - opening_plus_sum) >= 0.005:
        problems.append("closing vs sum")
    dates = [tx.date for tx in record.transactions]
    if dates != sorted(dates):
        problems.append("order")
    if record.start_date > record.end_date:
        problems.append("period")
    if not 1 <= len(record.transactions) <= count_max:
        problems.append("count")
    if record.account_type != kind:
        problems.append("account_type")
    return problems


# --- offline records ------------------------------------------------------------------


def test_offline_statements_all_validate_and_differ_without_their_ids() -> None:
    records = statements()
    assert len(records) == 1000
    assert [r.statement_id for r in records] == [f"STM-{i:06d}" for i in range(1, 1001)]
    stripped = set()
    for record in records:
        FinancialStatement.model_validate_json(record.model_dump_json())
        data = record.model_dump(mode="json", exclude={"statement_id", "account_id"})
        for tx in data["transactions"]:
            del tx["tx_id"]
        stripped.add(json.dumps(data, sort_keys=True))
    assert len(stripped) == 1000


def test_offline_statements_keep_every_rule() -> None:
    tool = financial("credit-card", fraud=20)
    for record in statements():
        assert tool.invariant_problems(record) == [], record.statement_id
        assert broken_rules(record, "credit-card", 20) == [], record.statement_id
        assert tool.post_process(record) == record
        ids = [tx.tx_id for tx in record.transactions]
        assert len(set(ids)) == len(ids)


def test_fraud_statements_have_one_or_two_fraud_transactions() -> None:
    for record in statements():
        frauds = sum(tx.is_fraud for tx in record.transactions)
        assert frauds in (0, 1, 2), record.statement_id
        for tx in record.transactions:
            if tx.is_fraud:
                assert tx.amount < 0


def test_attributes_follow_their_declared_weights() -> None:
    tool = financial("credit-card", fraud=20)
    dumps = [r.model_dump(mode="json") for r in statements()]
    declared = tool.attributes()
    assert [a.name for a in declared] == ["fraud", "spending_profile", "currency", "period"]
    for attribute in declared:
        counts = Counter(attribute.observed(d) for d in dumps)
        expected = attribute.probabilities()
        assert set(counts) <= set(expected), attribute.name
        for value, probability in expected.items():
            share = counts[value] / len(dumps)
            assert abs(share - probability) <= 0.03, (attribute.name, value, share)


@pytest.mark.parametrize(("percent", "expected"), [(0, False), (100, True)])
def test_fraud_percent_at_the_bounds_gives_none_or_all(percent: int, expected: bool) -> None:
    records = offline(financial("debit-card", fraud=percent), 200, 5)
    assert {any(tx.is_fraud for tx in r.transactions) for r in records} == {expected}


@pytest.mark.parametrize("kind", ACCOUNT_TYPES)
def test_every_account_type_makes_consistent_statements(kind: str) -> None:
    records = offline(financial(kind, count_max=6, fraud=30), 40, 6)
    assert len(records) == 40
    for record in records:
        assert broken_rules(record, kind, 6) == [], record.statement_id
        if kind in CARD_TYPES:
            assert record.masked_card_number is not None
            assert re.fullmatch(r"\*{4} \*{4} \*{4} \d{4}", record.masked_card_number)
        else:
            assert record.masked_card_number is None
    if kind == "loan":
        assert all(r.opening_balance < 0 for r in records)


def test_transaction_count_max_caps_and_spreads_the_count() -> None:
    assert {len(r.transactions) for r in offline(financial(count_max=1), 50, 7)} == {1}
    counts = {len(r.transactions) for r in offline(financial(count_max=3, fraud=50), 100, 7)}
    assert counts == {1, 2, 3}


def test_offline_statements_hold_no_real_looking_identifiers() -> None:
    for record in statements()[:300]:
        text = record.model_dump_json()
        assert not CARD_RUN.search(text.replace("-", "x")), record.statement_id
        assert not SSN.search(text), record.statement_id


def test_period_names_follow_the_span() -> None:
    day = dt.date(2025, 3, 1)
    assert period_of(day, day + dt.timedelta(days=6)) == "weekly"
    assert period_of(day, dt.date(2025, 3, 31)) == "monthly"
    assert period_of(day, dt.date(2025, 5, 31)) == "quarterly"


# --- post_process: repairs ------------------------------------------------------------


def sample(min_transactions: int = 4) -> FinancialStatement:
    return next(
        r
        for r in statements()
        if len(r.transactions) >= min_transactions
        and len({tx.date for tx in r.transactions}) == len(r.transactions)
    )


def test_post_process_sorts_transactions_and_recomputes_every_balance() -> None:
    record = sample()
    scrambled = [
        tx.model_copy(update={"balance_after": 0.0}) for tx in reversed(record.transactions)
    ]
    broken = record.model_copy(update={"transactions": scrambled, "closing_balance": 1.23})

    repaired = financial("credit-card").post_process(broken)

    assert repaired == record


def test_post_process_recomputes_the_closing_balance() -> None:
    record = sample()
    repaired = financial("credit-card").post_process(
        record.model_copy(update={"closing_balance": record.closing_balance + 100})
    )
    assert repaired.closing_balance == record.closing_balance


def test_post_process_resets_the_account_type_and_drops_a_card_from_checking() -> None:
    record = sample().model_copy(update={"account_type": "savings"})
    assert financial("credit-card").post_process(record).account_type == "credit-card"

    checking = financial("checking").post_process(record)
    assert checking.account_type == "checking"
    assert checking.masked_card_number is None


# --- post_process: rejections ---------------------------------------------------------


def outside_period(record: FinancialStatement) -> dict[str, Any]:
    first = record.transactions[0]
    moved = first.model_copy(update={"date": record.start_date - dt.timedelta(days=1)})
    return {"transactions": [moved, *record.transactions[1:]]}


def full_card_number(record: FinancialStatement) -> dict[str, Any]:
    first = record.transactions[0]
    leaked = first.model_copy(update={"description": "Card 4111 1111 1111 1111 purchase"})
    return {"transactions": [leaked, *record.transactions[1:]]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (outside_period, "outside the period"),
        (lambda r: {"end_date": r.start_date - dt.timedelta(days=1)}, "before start_date"),
        (lambda r: {"transactions": r.transactions * 6}, "more than --transaction-count-max"),
        (full_card_number, "full card number"),
        (lambda r: {"account_holder": "Ana Costa 123-45-6789"}, "SSN-shaped"),
    ],
    ids=["outside-period", "end-before-start", "too-many", "card-number", "ssn"],
)
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[FinancialStatement], dict[str, Any]], message: str
) -> None:
    record = sample()
    with pytest.raises(InvariantError, match=message):
        financial("credit-card").post_process(record.model_copy(update=change(record)))


# --- properties -----------------------------------------------------------------------

START = dt.date(2025, 3, 1)
END = dt.date(2025, 3, 31)
DAYS = st.dates(min_value=dt.date(2025, 2, 20), max_value=dt.date(2025, 4, 10))
CENTS = st.integers(min_value=-500_000, max_value=500_000).map(lambda c: c / 100)
TX = st.tuples(DAYS, CENTS, CENTS, st.booleans())


def build(
    items: list[tuple[dt.date, float, float, bool]],
    opening: float,
    closing: float,
    start: dt.date = START,
    end: dt.date = END,
) -> FinancialStatement:
    transactions = [
        Transaction(
            tx_id=f"TXN-000001-{n:03d}",
            date=day,
            description=f"Purchase {n}",
            merchant="Cedar Market",
            amount=amount,
            balance_after=balance,
            category="groceries",
            is_fraud=fraud,
        )
        for n, (day, amount, balance, fraud) in enumerate(items, start=1)
    ]
    return sample().model_copy(
        update={
            "start_date": start,
            "end_date": end,
            "opening_balance": opening,
            "closing_balance": closing,
            "transactions": transactions,
        }
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(TX, min_size=1, max_size=8),
    opening=CENTS,
    closing=CENTS,
    end=st.sampled_from([END, START - dt.timedelta(days=1)]),
)
def test_post_process_either_rejects_or_returns_a_consistent_statement(
    items: list[tuple[dt.date, float, float, bool]], opening: float, closing: float, end: dt.date
) -> None:
    tool = financial("credit-card", count_max=6)
    record = build(items, opening, closing, end=end)
    must_reject = end < START or len(items) > 6 or any(not START <= day <= end for day, *_ in items)

    try:
        repaired = tool.post_process(record)
    except InvariantError:
        assert must_reject
        return

    assert not must_reject
    assert broken_rules(repaired, "credit-card", 6) == []
    assert tool.repair(repaired) == repaired
    assert sorted(t.tx_id for t in repaired.transactions) == sorted(
        t.tx_id for t in record.transactions
    )


@settings(max_examples=100, deadline=None)
@given(items=st.lists(TX, min_size=1, max_size=10), opening=CENTS, closing=CENTS)
def test_repair_is_idempotent(
    items: list[tuple[dt.date, float, float, bool]], opening: float, closing: float
) -> None:
    tool = financial("checking", count_max=5)
    once = tool.repair(build(items, opening, closing))
    assert tool.repair(once) == once


@settings(max_examples=100, deadline=None)
@given(
    days=st.lists(st.dates(min_value=START, max_value=END), min_size=1, max_size=20),
    amounts=st.lists(CENTS, min_size=20, max_size=20),
    opening=CENTS,
)
def test_a_statement_built_to_keep_the_rules_has_no_problems(
    days: list[dt.date], amounts: list[float], opening: float
) -> None:
    balance, items = opening, []
    for day, amount in zip(sorted(days), amounts, strict=False):
        balance = cents(balance + amount)
        items.append((day, amount, balance, False))
    record = build(items, opening, balance)
    tool = financial("credit-card")
    assert tool.invariant_problems(record) == []
    assert tool.repair(record) == record


# --- render_text ----------------------------------------------------------------------


def test_text_holds_the_whole_statement() -> None:
    tool = financial("credit-card")
    for record in statements()[:40]:
        text = tool.render_text(record)
        lines = text.splitlines()
        assert lines[0] == f"{record.institution}: credit-card statement {record.statement_id}"
        assert lines[1] == "=" * len(lines[0])
        for fact in (record.account_holder, record.account_id, str(record.masked_card_number)):
            assert fact in text
        assert f"{record.start_date.isoformat()} to {record.end_date.isoformat()}" in text
        for tx in record.transactions:
            line = next(line for line in lines if tx.tx_id in line)
            assert tx.description in line
            assert tx.merchant in line
            assert f"{tx.amount:,.2f}" in line
            assert f"balance {tx.balance_after:,.2f}" in line
            assert ("[FRAUD]" in line) == tx.is_fraud
        assert f"Closing balance: {record.closing_balance:,.2f} {record.currency}" in text


# --- command line ---------------------------------------------------------------------


def test_cli_writes_a_csv_of_statements(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli(
        "financial", "--transaction-type", "savings", "--transaction-count-max", "4",
        "-n", "3", "-f", "csv", "-o", "out", "--seed", "2", "--provider", "offline",
    )  # fmt: skip
    assert done.code == 0, done.stderr
    with (tmp_path / "out" / "financial.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["statement_id"] for row in rows] == ["STM-000001", "STM-000002", "STM-000003"]
    assert {row["account_type"] for row in rows} == {"savings"}
    assert all(1 <= len(json.loads(row["transactions"])) <= 4 for row in rows)


def test_cli_writes_text_statements(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("financial", "--transaction-type", "debit-card", "-n", "2", "-f", "txt",
                   "-o", "out", "--seed", "3", "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    text = (tmp_path / "out" / "financial-000002.txt").read_text(encoding="utf-8")
    assert "debit-card statement STM-000002" in text.splitlines()[0]
    assert "Card: **** **** **** " in text


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--transaction-type", "cash"), "--transaction-type"),
        (("--transaction-count-max", "0"), "--transaction-count-max"),
        (("--transaction-count-max", "201"), "--transaction-count-max"),
        (("--fraud-percent", "100.5"), "--fraud-percent"),
        (("--fraud-percent", "-1"), "--fraud-percent"),
    ],
)
def test_cli_rejects_bad_options(
    run_cli: Callable[..., Any], args: tuple[str, ...], flag: str
) -> None:
    done = run_cli("financial", *args, "-n", "1", "--provider", "offline")
    assert done.code == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert flag in lines[0]


def test_cli_help_lists_flags_choices_and_defaults(run_cli: Callable[..., Any]) -> None:
    done = run_cli("financial", "--help")
    assert done.code == 0
    text = " ".join(done.stdout.split())
    assert "--transaction-type" in text
    assert "|".join(ACCOUNT_TYPES) in text.replace(" ", "")
    assert "default: checking" in text
    assert "--transaction-count-max" in text
    assert "default: 20" in text
    assert "--fraud-percent" in text
    assert "default: 5.0" in text
    assert FinancialTool.aliases == ("financial-transaction",)


@pytest.mark.parametrize("example", FinancialTool().examples)
def test_every_example_command_runs(
    run_cli: Callable[..., Any], tmp_path: Path, example: str
) -> None:
    words = shlex.split(example)
    assert words[:2] == ["datagen", "financial"]
    assert "--provider" in words
    done = run_cli(*words[1:], "-o", "out", "--seed", "1")
    assert done.code == 0, done.stderr
    assert any((tmp_path / "out").iterdir())
