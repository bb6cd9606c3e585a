"""The financial scenario: its rules, its options, its periods and its statement text.

What every scenario shares (help, formats, examples, distinct records, attribute weights,
repair-or-reject) is checked by tests/test_catalogue.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any, get_args

import pytest

from data_generator import DataGenerator, Settings
from data_generator.tool import InvariantError
from data_generator.tools.financial import (
    CARD_TYPES,
    AccountType,
    FinancialStatement,
    FinancialTool,
    period_of,
)

ACCOUNT_TYPES: tuple[str, ...] = get_args(AccountType)


def financial(kind: str = "checking", count_max: int = 20, fraud: float = 5) -> FinancialTool:
    return FinancialTool(
        {"transaction_type": kind, "transaction_count_max": count_max, "fraud_percent": fraud}
    )


def offline(tool: FinancialTool, count: int, seed: int) -> list[FinancialStatement]:
    settings = Settings(provider="offline", seed=seed)
    records = DataGenerator(tool, count=count, settings=settings).generate_data()
    assert all(isinstance(r, FinancialStatement) for r in records)
    return records  # type: ignore[return-value]


@functools.cache
def statements() -> tuple[FinancialStatement, ...]:
    """200 offline credit-card statements, 20 % with fraud (made once)."""
    return tuple(offline(financial("credit-card", fraud=20), 200, 4))


def sample() -> FinancialStatement:
    """A statement of four or more transactions, each on its own day."""
    return next(
        r
        for r in statements()
        if len({tx.date for tx in r.transactions}) == len(r.transactions) >= 4
    )


# --- options and domain ---------------------------------------------------------------


def test_fraud_statements_mark_one_or_two_debits() -> None:
    frauds = [sum(tx.is_fraud for tx in r.transactions) for r in statements()]
    assert set(frauds) == {0, 1, 2}
    for record in statements():
        assert all(tx.amount < 0 for tx in record.transactions if tx.is_fraud)


@pytest.mark.parametrize(("percent", "expected"), [(0, False), (100, True)])
def test_fraud_percent_at_the_bounds_gives_none_or_all(percent: int, expected: bool) -> None:
    records = offline(financial("debit-card", fraud=percent), 200, 5)
    assert {any(tx.is_fraud for tx in r.transactions) for r in records} == {expected}


@pytest.mark.parametrize("kind", ACCOUNT_TYPES)
def test_only_card_accounts_show_a_masked_card(kind: str) -> None:
    for record in offline(financial(kind, count_max=6, fraud=30), 20, 6):
        assert record.account_type == kind
        if kind in CARD_TYPES:
            assert re.fullmatch(r"\*{4} \*{4} \*{4} \d{4}", record.masked_card_number or "")
        else:
            assert record.masked_card_number is None
        if kind == "loan":
            assert record.opening_balance < 0


def test_transaction_count_max_caps_and_spreads_the_count() -> None:
    assert {len(r.transactions) for r in offline(financial(count_max=1), 50, 7)} == {1}
    counts = {len(r.transactions) for r in offline(financial(count_max=3, fraud=50), 100, 7)}
    assert counts == {1, 2, 3}


def test_period_names_follow_the_span() -> None:
    day = dt.date(2025, 3, 1)
    assert period_of(day, day + dt.timedelta(days=6)) == "weekly"
    assert period_of(day, dt.date(2025, 3, 31)) == "monthly"
    assert period_of(day, dt.date(2025, 5, 31)) == "quarterly"


@pytest.mark.parametrize(
    ("name", "value"),
    [("fraud", True), ("fraud", False), ("period", "weekly"), ("period", "quarterly")],
)
def test_an_answer_that_ignores_fraud_or_period_can_be_set_to_them(name: str, value: Any) -> None:
    tool = financial("credit-card")
    attribute = next(a for a in tool.declared_attributes() if a.name == name)
    record = next(r for r in statements() if attribute.observed(r.model_dump(mode="json")) != value)
    dump = record.model_dump(mode="json")

    attribute.set_in(dump, value)

    assert attribute.observed(dump) == value
    if name == "fraud" and value:
        assert [tx["is_fraud"] for tx in dump["transactions"]].count(True) >= 1


# --- rules: what post_process mends ---------------------------------------------------


def test_post_process_sorts_transactions_and_recomputes_every_balance() -> None:
    record = sample()
    scrambled = [
        tx.model_copy(update={"balance_after": 0.0}) for tx in reversed(record.transactions)
    ]
    broken = record.model_copy(update={"transactions": scrambled, "closing_balance": 1.23})
    tool = financial("credit-card")

    assert tool.problems(broken) == [
        "transactions are not in date order",
        f"balance_after of {scrambled[0].tx_id} does not follow from the amounts",
        "closing_balance is not opening_balance plus the transactions",
    ]
    assert tool.post_process(broken) == record


def test_post_process_recomputes_the_closing_balance() -> None:
    record = sample()
    repaired = financial("credit-card").post_process(
        record.model_copy(update={"closing_balance": record.closing_balance + 100})
    )
    assert repaired.closing_balance == record.closing_balance


def test_post_process_resets_the_account_type_and_drops_a_card_from_checking() -> None:
    record = sample().model_copy(update={"account_type": "savings"})
    assert financial("credit-card").post_process(record).account_type == "credit-card"

    tool = financial("checking")
    assert "a checking statement cannot show a card number" in tool.problems(record)
    checking = tool.post_process(record)
    assert checking.account_type == "checking"
    assert checking.masked_card_number is None


# --- rules: what post_process rejects -------------------------------------------------


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
        (outside_period, r"transaction TXN-\d{6}-001 on \S+ is outside the period"),
        (lambda r: {"end_date": r.start_date - dt.timedelta(days=1)}, "before start_date"),
        (lambda r: {"transactions": r.transactions * 6}, "more than --transaction-count-max 20"),
        (full_card_number, "TXN-\\d{6}-001 description holds a full card number"),
        (lambda r: {"account_holder": "Ana Costa 123-45-6789"}, "account_holder holds .*SSN"),
    ],
    ids=["outside-period", "end-before-start", "too-many", "card-number", "ssn"],
)
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[FinancialStatement], dict[str, Any]], message: str
) -> None:
    record = sample()
    with pytest.raises(InvariantError, match=message):
        financial("credit-card").post_process(record.model_copy(update=change(record)))


# --- render_text ----------------------------------------------------------------------


def test_text_holds_the_whole_statement() -> None:
    tool = financial("credit-card")
    for record in statements()[:40]:
        text = tool.render_text(record)
        lines = text.splitlines()
        assert lines[0] == f"{record.institution}: credit-card statement {record.statement_id}"
        assert f"Card: {record.masked_card_number}" in lines
        for fact in (record.account_holder, record.account_id):
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
