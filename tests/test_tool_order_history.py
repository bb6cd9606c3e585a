"""ecommerce-order-history: its rules, its options, its amounts and its history text.

What every scenario shares (help, formats, examples, distinct records, attribute weights,
repair-or-reject) is checked by tests/test_catalogue.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, get_args

import pytest
from helpers import one_error_line
from hypothesis import given
from hypothesis import strategies as st
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.runtime import runtime_of, user_prompt
from data_generator.tools.order_history import (
    CustomerOrderHistory,
    Industry,
    Order,
    OrderHistoryTool,
    OrderItem,
    count_band,
    count_bands,
)
from data_generator.tools.order_history_vocabulary import CATALOG

ANCHOR = datetime(2026, 1, 1, tzinfo=timezone.utc)


def order_history(
    industry: str = "electronics", orders_min: int = 3, returns_percent: float = 10
) -> OrderHistoryTool:
    return OrderHistoryTool(
        {"industry": industry, "orders_min": orders_min, "returns_percent": returns_percent}
    )


def offline_histories(tool: OrderHistoryTool, count: int, seed: int) -> list[Any]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


@functools.cache
def histories() -> tuple[CustomerOrderHistory, ...]:
    """300 offline histories with the default options (made once per session)."""
    return tuple(offline_histories(order_history(), 300, 4))


def cents(value: float) -> int:
    return round(value * 100)


def statuses(history: CustomerOrderHistory) -> list[str]:
    return [order.status for order in history.orders]


@functools.cache
def with_return() -> CustomerOrderHistory:
    """A history of four or more orders, one returned but not the first."""
    return next(
        h
        for h in histories()
        if "returned" in statuses(h) and len(h.orders) >= 4 and statuses(h)[0] != "returned"
    )


def changed(history: CustomerOrderHistory, of: str, **update: Any) -> CustomerOrderHistory:
    """``history`` with ``update`` made to every order whose status is ``of``."""
    orders = [o.model_copy(update=update) if o.status == of else o for o in history.orders]
    return history.model_copy(update={"orders": orders})


# --- options and domain ---------------------------------------------------------------


@pytest.mark.parametrize(("percent", "returned"), [(0, 0), (100, 1)])
def test_returns_percent_zero_and_hundred_give_none_and_all(percent: int, returned: int) -> None:
    records = offline_histories(order_history("apparel", 2, percent), 150, 8)
    assert len(records) == 150
    assert {statuses(r).count("returned") for r in records} == {returned}


@pytest.mark.parametrize("industry", get_args(Industry))
def test_orders_follow_the_options_stay_in_the_catalogue_and_in_the_past(industry: str) -> None:
    prefix, products = CATALOG[industry]
    names = {name for name, _low, _high in products}
    for record in offline_histories(order_history(industry, 7, 50), 30, 5):
        assert record.industry == industry
        assert len(record.orders) >= 7
        assert statuses(record).count("returned") <= 1
        for order in record.orders:
            assert order.placed_at < ANCHOR
            assert order.returned_at is None or order.returned_at < ANCHOR
            assert {item.product_name for item in order.items} <= names
            assert all(item.sku.startswith(prefix) for item in order.items)


def test_an_answer_without_a_drawn_return_gets_one_or_loses_it() -> None:
    has_return = runtime_of(order_history()).attributes[0]
    record = with_return()
    dump = record.model_dump(mode="json")

    has_return.set_in(dump, False)
    assert "returned" not in [order["status"] for order in dump["orders"]]
    has_return.set_in(dump, True)
    assert [order["status"] for order in dump["orders"]].count("returned") == 1

    undelivered = record.model_dump(mode="json")
    for order in undelivered["orders"]:
        order["status"] = "cancelled"
    with pytest.raises(ValueError, match="no delivered order to return"):
        has_return.set_in(undelivered, True)


def test_order_count_bands_start_at_orders_min() -> None:
    assert count_bands(3) == {"3-4": 0.5, "5-7": 0.35, "8-12": 0.15}
    assert [count_band(n, 3) for n in (2, 3, 4, 5, 12, 13)] == [
        "other", "3-4", "3-4", "5-7", "8-12", "other",
    ]  # fmt: skip


def test_prompt_states_the_options() -> None:
    tool = order_history("books", 6, 30)
    prompt = user_prompt(tool)
    assert "shop selling books" in prompt
    assert "industry is books; list at least 6 orders" in prompt
    assert "{{$attributes}}" in prompt


# --- rules ----------------------------------------------------------------------------


def _unchanged(history: CustomerOrderHistory) -> bool:
    return history == with_return()


def _wrong_amounts(history: CustomerOrderHistory) -> dict[str, Any]:
    orders = [
        order.model_copy(
            update={
                "items": [item.model_copy(update={"line_total": 1.0}) for item in order.items],
                "subtotal": 2.0,
                "total": 3.0,
            }
        )
        for order in history.orders
    ]
    return {"orders": orders, "lifetime_value": 0.5}


def _returned(history: CustomerOrderHistory) -> Order:
    return next(order for order in history.orders if order.status == "returned")


def _first(history: CustomerOrderHistory, **update: Any) -> dict[str, Any]:
    """The change that gives ``history``'s first order ``update``."""
    return {"orders": [history.orders[0].model_copy(update=update), *history.orders[1:]]}


RULES = {
    "orders out of time order": Case(lambda h: {"orders": h.orders[::-1]}, mends=_unchanged),
    "amounts that do not add up": Case(_wrong_amounts, mends=_unchanged),
    "a stray return reason": Case(lambda h: _first(h, return_reason="Too small"), mends=_unchanged),
    "a returned order made shipped": Case(
        lambda h: changed(h, "returned", status="shipped"),
        mends=lambda h: all(
            (o.delivered_at, o.returned_at, o.return_reason) == (None, None, None)
            for o in h.orders
            if o.status == "shipped"
        ),
    ),
    "industry not the option": Case(lambda h: {"industry": "books"}, mends=_unchanged),
    "too few orders": Case(lambda h: {"orders": h.orders[:2]}, rejects="fewer than 3 orders"),
    "placed before signup": Case(
        lambda h: {"signup_date": h.orders[0].placed_at.date() + timedelta(days=1)},
        rejects="-01: placed before signup_date",
    ),
    "delivered before placed": Case(
        lambda h: changed(h, "returned", delivered_at=h.orders[0].placed_at - timedelta(1)),
        rejects="delivered_at is before placed_at",
    ),
    "returned before delivered": Case(
        lambda h: changed(h, "returned", returned_at=_returned(h).placed_at),
        rejects="returned_at is before delivered_at",
    ),
    "a return without a time": Case(
        lambda h: changed(h, "returned", returned_at=None),
        rejects="a returned order needs returned_at and return_reason",
    ),
    "a return never delivered": Case(
        lambda h: changed(h, "returned", delivered_at=None),
        rejects="a returned order needs delivered_at",
    ),
    "a delivery without a time": Case(
        lambda h: changed(h, "delivered", delivered_at=None),
        rejects="a delivered order needs delivered_at",
    ),
    "two currencies": Case(
        lambda h: _first(h, currency="EUR" if h.orders[0].currency != "EUR" else "USD"),
        rejects="orders are in more than one currency",
    ),
}


@cases(RULES)
def test_a_broken_rule_is_mended_or_refused(case: Case) -> None:
    check_case(order_history(), with_return(), case)


@given(orders=st.lists(st.lists(st.builds(
    OrderItem,
    sku=st.just("ELE-100100"),
    product_name=st.just("Wireless Earbuds"),
    quantity=st.integers(1, 5),
    unit_price=st.integers(0, 20_000).map(lambda c: c / 100),
    line_total=st.integers(0, 99_999).map(lambda c: c / 100),
), min_size=1, max_size=4), min_size=3, max_size=6))  # fmt: skip
def test_repaired_amounts_add_up_to_the_cent(orders: list[list[OrderItem]]) -> None:
    base = next(h for h in histories() if statuses(h)[0] == "delivered")
    template = base.orders[0]
    record = base.model_copy(
        update={"orders": [template.model_copy(update={"items": items}) for items in orders]}
    )
    repaired = order_history().post_process(record)
    for order in repaired.orders:
        assert [cents(i.line_total) for i in order.items] == [
            i.quantity * cents(i.unit_price) for i in order.items
        ]
        assert cents(order.subtotal) == sum(cents(i.line_total) for i in order.items)
        assert cents(order.total) == sum(
            cents(a) for a in (order.subtotal, order.shipping, order.tax)
        )
    assert cents(repaired.lifetime_value) == sum(cents(o.total) for o in repaired.orders)


# --- render_text ----------------------------------------------------------------------


def test_text_holds_the_whole_history() -> None:
    tool = order_history()
    for record in histories()[:60]:
        text = tool.render_text(record)
        lines = text.splitlines()
        assert lines[0] == f"Order history of {record.customer_name} ({record.customer_id})"
        assert record.email in text
        assert f"Lifetime value: {record.lifetime_value:.2f}" in text
        for order in record.orders:
            heading = f"{order.order_id} ({order.status})"
            assert f"{heading}\n{'-' * len(heading)}\n" in text
            assert order.shipping_address.street in text
            assert f"total {order.total:.2f} {order.currency}" in text
            for item in order.items:
                assert f"{item.quantity} x {item.product_name} ({item.sku})" in text
            if order.returned_at is not None:
                assert f"({order.return_reason})" in text


# --- command line ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("--orders-min", "0"),
        ("--orders-min", "51"),
        ("--returns-percent", "101"),
        ("--returns-percent", "-1"),
        ("--industry", "cars"),
    ],
)
def test_cli_rejects_a_bad_option(run_cli: Callable[..., Any], args: tuple[str, str]) -> None:
    done = run_cli("ecommerce-order-history", *args, "-n", "1", "--provider", "offline")
    assert done.code == 2
    assert args[0] in one_error_line(done)
