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
from helpers import one_error_line
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.runtime import runtime_of
from data_generator.tools.financial import (
    CARD_TYPES,
    AccountType,
    FinancialStatement,
    FinancialTool,
    period_of,
)


def financial(kind: str = "checking", count_max: int = 20, fraud: float = 5) -> FinancialTool:
    return FinancialTool(
        {"transaction_type": kind, "transaction_count_max": count_max, "fraud_percent": fraud}
    )


def offline(tool: FinancialTool, count: int, seed: int) -> list[FinancialStatement]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()  # type: ignore[return-value]


@functools.cache
def statements(kind: str) -> tuple[FinancialStatement, ...]:
    """200 offline statements of a ``kind`` account, 20 % with fraud (made once)."""
    return tuple(offline(financial(kind, fraud=20), 200, 4))


@functools.cache
def sample() -> FinancialStatement:
    """A checking statement of four or more transactions, each on its own day."""
    return next(
        r
        for r in statements("checking")
        if len({tx.date for tx in r.transactions}) == len(r.transactions) >= 4
    )


# --- options and domain ---------------------------------------------------------------


@pytest.mark.parametrize(("percent", "frauds"), [(0, {0}), (20, {0, 1, 2}), (100, {1, 2})])
def test_fraud_percent_gives_statements_with_one_or_two_fraudulent_debits(
    percent: int, frauds: set[int]
) -> None:
    records = offline(financial("debit-card", fraud=percent), 200, 5)
    assert {sum(tx.is_fraud for tx in r.transactions) for r in records} == frauds
    assert all(tx.amount < 0 for r in records for tx in r.transactions if tx.is_fraud)


@pytest.mark.parametrize("kind", get_args(AccountType))
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
    attribute = next(a for a in runtime_of(financial()).attributes if a.name == name)
    dumps = (r.model_dump(mode="json") for r in statements("credit-card"))
    dump = next(d for d in dumps if attribute.observed(d) != value)

    attribute.set_in(dump, value)

    assert attribute.observed(dump) == value


# --- rules ----------------------------------------------------------------------------


def _first_transaction(record: FinancialStatement, **update: Any) -> dict[str, Any]:
    """The change that gives ``record``'s first transaction ``update``."""
    first = record.transactions[0].model_copy(update=update)
    return {"transactions": [first, *record.transactions[1:]]}


def _unchanged(record: FinancialStatement) -> bool:
    return record == sample()


RULES = {
    "transactions out of date order": Case(
        lambda r: {"transactions": r.transactions[::-1]}, mends=_unchanged
    ),
    "balance_after wrong": Case(
        lambda r: {
            "transactions": [t.model_copy(update={"balance_after": 0}) for t in r.transactions]
        },
        mends=_unchanged,
    ),
    "closing balance wrong": Case(
        lambda r: {"closing_balance": r.closing_balance + 100}, mends=_unchanged
    ),
    "card on a checking statement": Case(
        lambda r: {"masked_card_number": "**** **** **** 1234"}, mends=_unchanged
    ),
    "account type not the option": Case(lambda r: {"account_type": "savings"}, mends=_unchanged),
    "end before start": Case(
        lambda r: {"end_date": r.start_date - dt.timedelta(days=1)},
        rejects="end_date is before start_date",
    ),
    "transaction outside the period": Case(
        lambda r: _first_transaction(r, date=r.start_date - dt.timedelta(days=1)),
        rejects="transaction TXN-",
    ),
    "too many transactions": Case(
        lambda r: {"transactions": r.transactions * 6},
        rejects="transactions, more than --transaction-count-max 20",
    ),
    "card number in a description": Case(
        lambda r: _first_transaction(r, description="Card 4111 1111 1111 1111 purchase"),
        rejects="description holds a full card number",
    ),
    "SSN in a merchant": Case(
        lambda r: _first_transaction(r, merchant="Shop 123-45-6789"),
        rejects="merchant holds an SSN-shaped number",
    ),
    "SSN in the holder's name": Case(
        lambda r: {"account_holder": "Ana Costa 123-45-6789"},
        rejects="account_holder holds an SSN-shaped number",
    ),
}


@cases(RULES)
def test_a_broken_rule_is_mended_or_refused(case: Case) -> None:
    check_case(financial(), sample(), case)


# --- render_text ----------------------------------------------------------------------


def test_text_holds_the_whole_statement() -> None:
    tool = financial("credit-card")
    for record in statements("credit-card")[:40]:
        text = tool.render_text(record)
        lines = text.splitlines()
        assert lines[0] == f"{record.institution}: credit-card statement {record.statement_id}"
        assert f"Card: {record.masked_card_number}" in lines
        for fact in (record.account_holder, record.account_id):
            assert fact in text
        assert f"{record.start_date.isoformat()} to {record.end_date.isoformat()}" in text
        for tx in record.transactions:
            line = next(line for line in lines if tx.tx_id in line)
            for part in (tx.description, tx.merchant, f"{tx.amount:,.2f}"):
                assert part in line
            assert f"balance {tx.balance_after:,.2f}" in line
            assert ("[FRAUD]" in line) == tx.is_fraud
        assert f"Closing balance: {record.closing_balance:,.2f} {record.currency}" in text


# --- command line ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("--transaction-type", "cash"),
        ("--transaction-count-max", "0"),
        ("--transaction-count-max", "201"),
        ("--fraud-percent", "100.5"),
        ("--fraud-percent", "-1"),
    ],
)
def test_cli_rejects_bad_options(run_cli: Callable[..., Any], args: tuple[str, str]) -> None:
    done = run_cli("financial", *args, "-n", "1", "--provider", "offline")
    assert done.code == 2
    assert args[0] in one_error_line(done)
