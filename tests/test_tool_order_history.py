"""ecommerce-order-history: offline histories keep their rules, repairs, text and CLI."""

from __future__ import annotations

import functools
import json
import re
import shlex
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, get_args

import pytest
from helpers import one_error_line
from hypothesis import given, settings
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.tool import InvariantError
from data_generator.tools.order_history import (
    CustomerOrderHistory,
    Industry,
    Order,
    OrderHistoryTool,
    OrderItem,
    Status,
)
from data_generator.tools.order_history_vocabulary import CATALOG

INDUSTRIES: tuple[str, ...] = get_args(Industry)
STATUSES: tuple[str, ...] = get_args(Status)
SEED = 4
ANCHOR = datetime(2026, 1, 1, tzinfo=timezone.utc)


def order_history(
    industry: str = "electronics", orders_min: int = 3, returns_percent: float = 10
) -> OrderHistoryTool:
    tool = OrderHistoryTool(
        {"industry": industry, "orders_min": orders_min, "returns_percent": returns_percent}
    )
    return tool


def offline_histories(tool: OrderHistoryTool, count: int, seed: int) -> list[Any]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


@functools.cache
def histories() -> tuple[CustomerOrderHistory, ...]:
    """1,000 offline histories with the default options (made once per session)."""
    return tuple(offline_histories(order_history(), 1000, SEED))


def cents(value: float) -> int:
    return round(value * 100)


def order_rules_broken(order: Order) -> list[str]:
    """The rules of one order, in integer cents."""
    broken = []
    lines = [cents(i.line_total) for i in order.items]
    if lines != [i.quantity * cents(i.unit_price) for i in order.items]:
        broken.append("line total")
    if cents(order.subtotal) != sum(lines):
        broken.append("subtotal")
    if cents(order.total) != cents(order.subtotal) + cents(order.shipping) + cents(order.tax):
        broken.append("total")
    delivered, returned = order.delivered_at, order.returned_at
    if (delivered is not None) != (order.status in ("delivered", "returned")):
        broken.append("delivered_at vs status")
    if delivered is not None and delivered < order.placed_at:
        broken.append("delivered before placed")
    if (returned is not None) != (order.status == "returned"):
        broken.append("returned_at vs status")
    if (order.return_reason is not None) != (order.status == "returned"):
        broken.append("return_reason vs status")
    if returned is not None and delivered is not None and returned < delivered:
        broken.append("returned before delivered")
    return broken


def rules_broken(
    history: CustomerOrderHistory, industry: str = "electronics", orders_min: int = 3
) -> list[str]:
    """The order-history rules, checked here in integer cents, independently of the tool."""
    broken = []
    if history.industry != industry:
        broken.append("industry")
    if len(history.orders) < orders_min:
        broken.append("too few orders")
    placed = [order.placed_at for order in history.orders]
    if placed != sorted(placed):
        broken.append("order")
    if min(placed).date() < history.signup_date:
        broken.append("before signup")
    for order in history.orders:
        broken += order_rules_broken(order)
    kept = sum(cents(o.total) for o in history.orders if o.status != "cancelled")
    if cents(history.lifetime_value) != kept:
        broken.append("lifetime value")
    if len({order.currency for order in history.orders}) != 1:
        broken.append("currencies")
    return broken


def sample(
    predicate: Callable[[CustomerOrderHistory], bool] = lambda h: True,
) -> CustomerOrderHistory:
    return next(h for h in histories() if predicate(h))


def statuses(history: CustomerOrderHistory) -> list[str]:
    return [order.status for order in history.orders]


def with_return(history: CustomerOrderHistory) -> bool:
    return "returned" in statuses(history) and len(history.orders) >= 4


# --- offline records ------------------------------------------------------------------


def test_offline_histories_validate_keep_the_rules_and_differ() -> None:
    records = histories()
    tool = order_history()
    assert len(records) == 1000  # none was dropped for failing validation
    assert [r.customer_id for r in records] == [f"CUST-{i:06d}" for i in range(1, 1001)]
    without_ids = set()
    for record in records:
        text = record.model_dump_json()
        assert CustomerOrderHistory.model_validate_json(text) == record
        assert tool.invariant_problems(record) == [], record.customer_id
        assert rules_broken(record) == [], record.customer_id
        assert record.email.rsplit("@", 1)[1] in {"example.com", "example.org", "example.net"}
        assert not re.search(r"\d{3}-\d{2}-\d{4}|\d{13,19}", text), record.customer_id
        ids = [order.order_id for order in record.orders]
        assert len(set(ids)) == len(ids)
        assert statuses(record).count("returned") <= 1
        data = record.model_dump(mode="json", exclude={"customer_id"})
        for order in data["orders"]:
            order.pop("order_id")
        without_ids.add(json.dumps(data, sort_keys=True))
    assert len(without_ids) == 1000


def test_offline_histories_stay_in_the_past_and_in_the_catalogue() -> None:
    names = {name for name, _low, _high in CATALOG["electronics"][1]}
    for record in histories()[:300]:
        for order in record.orders:
            assert order.placed_at < ANCHOR
            assert order.returned_at is None or order.returned_at < ANCHOR
            assert {item.product_name for item in order.items} <= names
            assert all(item.sku.startswith("ELE-") for item in order.items)
            assert order.return_reason is None or order.return_reason.strip()


def test_attributes_follow_the_declared_weights() -> None:
    dumps = [r.model_dump(mode="json") for r in histories()]
    attributes = order_history().attributes()
    assert [a.name for a in attributes] == [
        "has_return",
        "loyalty_tier",
        "customer_segment",
        "order_count_band",
    ]
    for attribute in attributes:
        counts = Counter(attribute.observed(d) for d in dumps)
        expected = attribute.probabilities()
        assert set(counts) <= set(expected), attribute.name
        for value, probability in expected.items():
            share = counts[value] / len(dumps)
            assert abs(share - probability) <= 0.03, (attribute.name, value, share, probability)


@pytest.mark.parametrize(("percent", "returned"), [(0, 0), (100, 1)])
def test_returns_percent_zero_and_hundred_give_none_and_all(percent: int, returned: int) -> None:
    tool = order_history("apparel", 2, percent)
    records = offline_histories(tool, 150, 8)
    assert len(records) == 150
    assert {statuses(r).count("returned") for r in records} == {returned}
    assert all(rules_broken(r, "apparel", 2) == [] for r in records)


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_orders_min_and_industry_are_kept(industry: str) -> None:
    tool = order_history(industry, 7, 50)
    prefix = CATALOG[industry][0]
    for record in offline_histories(tool, 15, 5):
        assert record.industry == industry
        assert len(record.orders) >= 7
        assert tool.invariant_problems(record) == []
        assert all(i.sku.startswith(prefix) for o in record.orders for i in o.items)


# --- post_process: repairs --------------------------------------------------------------


def test_post_process_keeps_a_valid_record_as_it_is() -> None:
    record = sample(with_return)
    assert order_history().post_process(record) is record


def test_post_process_recomputes_every_amount() -> None:
    record = sample(with_return)
    orders = []
    for order in record.orders:
        items = [item.model_copy(update={"line_total": 1.0}) for item in order.items]
        orders.append(order.model_copy(update={"items": items, "subtotal": 2.0, "total": 3.0}))
    broken = record.model_copy(update={"orders": orders, "lifetime_value": 0.5})

    repaired = order_history().post_process(broken)

    assert repaired == record
    assert rules_broken(repaired) == []


def test_post_process_puts_orders_in_time_order() -> None:
    record = sample(with_return)
    shuffled = record.model_copy(update={"orders": list(reversed(record.orders))})
    assert order_history().post_process(shuffled).orders == record.orders


def test_post_process_drops_return_and_delivery_dates_the_status_rules_out() -> None:
    record = sample(with_return)
    returned = next(o for o in record.orders if o.status == "returned")
    orders = [
        o.model_copy(update={"status": "shipped"}) if o is returned else o for o in record.orders
    ]

    repaired = order_history().post_process(record.model_copy(update={"orders": orders}))

    shipped = next(o for o in repaired.orders if o.order_id == returned.order_id)
    assert (shipped.delivered_at, shipped.returned_at, shipped.return_reason) == (None, None, None)
    assert rules_broken(repaired) == []


def test_post_process_drops_a_return_on_a_delivered_order() -> None:
    record = sample(with_return)
    orders = [
        o.model_copy(update={"status": "delivered"}) if o.status == "returned" else o
        for o in record.orders
    ]
    repaired = order_history().post_process(record.model_copy(update={"orders": orders}))
    assert all(o.returned_at is None and o.return_reason is None for o in repaired.orders)
    assert all(o.delivered_at is not None for o in repaired.orders if o.status == "delivered")


def test_post_process_resets_the_industry_to_the_option() -> None:
    record = sample().model_copy(update={"industry": "books"})
    assert order_history().post_process(record).industry == "electronics"


# --- post_process: rejections ----------------------------------------------------------


def _change_returned(history: CustomerOrderHistory, **update: Any) -> dict[str, Any]:
    orders = [o.model_copy(update=update) if o.status == "returned" else o for o in history.orders]
    return {"orders": orders}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h: {"orders": h.orders[:2]}, "fewer than 3 orders"),
        (
            lambda h: {"signup_date": h.orders[0].placed_at.date() + timedelta(days=1)},
            "placed before signup_date",
        ),
        (
            lambda h: _change_returned(h, delivered_at=h.orders[0].placed_at - timedelta(days=1)),
            "delivered_at is before placed_at",
        ),
        (
            lambda h: _change_returned(
                h,
                returned_at=next(o.delivered_at for o in h.orders if o.status == "returned")
                - timedelta(hours=1),
            ),
            "returned_at is before delivered_at",
        ),
        (lambda h: _change_returned(h, returned_at=None), "needs returned_at and return_reason"),
        (lambda h: _change_returned(h, delivered_at=None), "a returned order needs delivered_at"),
        (
            lambda h: {
                "orders": [h.orders[0].model_copy(update={"currency": "XXX"}), *h.orders[1:]]
            },
            "more than one currency",
        ),
    ],
    ids=[
        "too-few",
        "before-signup",
        "delivered-early",
        "returned-early",
        "return-undated",
        "return-undelivered",
        "currencies",
    ],
)
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[CustomerOrderHistory], dict[str, Any]], message: str
) -> None:
    record = sample(lambda h: with_return(h) and statuses(h)[0] != "returned")
    with pytest.raises(InvariantError, match=message):
        order_history().post_process(record.model_copy(update=change(record)))


def test_a_delivered_order_needs_its_delivery_date() -> None:
    record = sample(lambda h: "delivered" in statuses(h))
    orders = [
        o.model_copy(update={"delivered_at": None}) if o.status == "delivered" else o
        for o in record.orders
    ]
    with pytest.raises(InvariantError, match="a delivered order needs delivered_at"):
        order_history().post_process(record.model_copy(update={"orders": orders}))


MOMENTS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2026, 1, 1), timezones=st.just(timezone.utc)
)
#: A gap to the step before: mostly forward, sometimes back, sometimes no step at all.
GAPS = st.integers(-48, 400).map(lambda hours: timedelta(hours=hours))
MAYBE_LATER = st.one_of(st.none(), GAPS, GAPS, GAPS)
ITEMS = st.builds(
    OrderItem,
    sku=st.just("ELE-100100"),
    product_name=st.just("Wireless Earbuds"),
    quantity=st.integers(1, 5),
    unit_price=st.integers(0, 20_000).map(lambda c: c / 100),
    line_total=st.integers(0, 99_999).map(lambda c: c / 100),
)


@st.composite
def answers(draw: st.DrawFn) -> tuple[CustomerOrderHistory, bool]:
    """An order history answer with arbitrary statuses, dates and amounts.

    Returns the answer and whether it breaks a rule no repair can mend.
    """
    base = histories()[0]
    template = base.orders[0]
    signup = draw(st.dates(date(2023, 1, 1), date(2024, 3, 1)))
    orders, must_reject = [], False
    for number in range(draw(st.integers(2, 5))):
        status = draw(st.sampled_from(STATUSES))
        placed = draw(MOMENTS)
        # Mostly after the step before, sometimes before it.
        gap = draw(MAYBE_LATER)
        delivered = None if gap is None else placed + gap
        gap = draw(MAYBE_LATER)
        returned = None if gap is None else (delivered or placed) + gap
        reason = draw(st.sampled_from([None, "Too small", "Too small"]))
        orders.append(
            template.model_copy(
                update={
                    "order_id": f"ORD-000001-{number + 1:02d}",
                    "placed_at": placed,
                    "status": status,
                    "items": draw(st.lists(ITEMS, min_size=1, max_size=3)),
                    "subtotal": draw(st.integers(0, 9999)) / 100,
                    "shipping": draw(st.sampled_from([0.0, 4.99])),
                    "tax": draw(st.integers(0, 999)) / 100,
                    "total": draw(st.integers(0, 9999)) / 100,
                    "delivered_at": delivered,
                    "returned_at": returned,
                    "return_reason": reason,
                }
            )
        )
        if status in ("delivered", "returned"):
            must_reject |= delivered is None or delivered < placed
        if status == "returned":
            must_reject |= returned is None or reason is None
            must_reject |= delivered is not None and returned is not None and returned < delivered
        must_reject |= placed.date() < signup
    must_reject |= len(orders) < 3  # the default --orders-min
    record = base.model_copy(
        update={
            "signup_date": signup,
            "orders": draw(st.permutations(orders)),
            "lifetime_value": draw(st.integers(0, 99_999)) / 100,
            "industry": draw(st.sampled_from(INDUSTRIES)),
        }
    )
    return record, must_reject


@settings(max_examples=120, deadline=None)
@given(answer=answers())
def test_post_process_either_rejects_or_returns_a_consistent_record(
    answer: tuple[CustomerOrderHistory, bool],
) -> None:
    record, must_reject = answer
    tool = order_history()

    try:
        repaired = tool.post_process(record)
    except InvariantError:
        assert must_reject
        return

    assert not must_reject
    assert rules_broken(repaired) == []
    assert tool.repair(repaired) is repaired  # repairing twice changes nothing
    assert sorted(o.order_id for o in repaired.orders) == sorted(o.order_id for o in record.orders)
    for order in repaired.orders:
        assert order.status == next(o.status for o in record.orders if o.order_id == order.order_id)


@given(orders=st.lists(st.lists(ITEMS, min_size=1, max_size=4), min_size=1, max_size=6))
def test_repaired_amounts_add_up_to_the_cent(orders: list[list[OrderItem]]) -> None:
    base = histories()[0]
    template = base.orders[0].model_copy(update={"status": "delivered"})
    record = base.model_copy(
        update={"orders": [template.model_copy(update={"items": items}) for items in orders]}
    )
    repaired = order_history().repair(record)
    for order in repaired.orders:
        assert [cents(i.line_total) for i in order.items] == [
            i.quantity * cents(i.unit_price) for i in order.items
        ]
        assert cents(order.subtotal) == sum(cents(i.line_total) for i in order.items)
        assert cents(order.total) == sum(
            cents(a) for a in (order.subtotal, order.shipping, order.tax)
        )
    assert cents(repaired.lifetime_value) == sum(cents(o.total) for o in repaired.orders)


# --- render_text ------------------------------------------------------------------------


def test_text_holds_the_whole_history() -> None:
    tool = order_history()
    for record in histories()[:60]:
        text = tool.render_text(record)
        lines = text.splitlines()
        assert lines[0] == f"Order history of {record.customer_name} ({record.customer_id})"
        assert lines[1] == "=" * len(lines[0])
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


# --- command line -----------------------------------------------------------------------


def test_cli_writes_jsonl_histories(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("ecommerce-order-history", "--industry", "toys", "--orders-min", "2",
                   "--returns-percent", "100", "-n", "3", "-f", "jsonl", "--seed", "2",
                   "-o", "out", "--provider", "offline")  # fmt: skip

    assert done.code == 0, done.stderr
    lines = (tmp_path / "out" / "ecommerce-order-history.jsonl").read_text().splitlines()
    rows = [json.loads(line) for line in lines]
    assert [row["customer_id"] for row in rows] == ["CUST-000001", "CUST-000002", "CUST-000003"]
    for row in rows:
        assert row["industry"] == "toys"
        assert len(row["orders"]) >= 2
        assert [o["status"] for o in row["orders"]].count("returned") == 1


def test_cli_writes_readable_text(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("ecommerce-order-history", "-n", "1", "-f", "txt", "--seed", "2",
                   "-o", "out", "--provider", "offline")  # fmt: skip

    assert done.code == 0, done.stderr
    text = (tmp_path / "out" / "ecommerce-order-history-000001.txt").read_text(encoding="utf-8")
    assert text.startswith("Order history of ")
    assert "ORD-000001-01 (" in text


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--orders-min", "0"), "--orders-min"),
        (("--orders-min", "51"), "--orders-min"),
        (("--returns-percent", "101"), "--returns-percent"),
        (("--returns-percent", "-1"), "--returns-percent"),
        (("--industry", "cars"), "--industry"),
    ],
)
def test_cli_rejects_a_bad_option(
    run_cli: Callable[..., Any], args: tuple[str, ...], flag: str
) -> None:
    done = run_cli("ecommerce-order-history", *args, "-n", "1", "--provider", "offline")
    assert done.code == 2
    assert flag in one_error_line(done)


def test_cli_help_shows_the_flags_and_defaults(run_cli: Callable[..., Any]) -> None:
    done = run_cli("ecommerce-order-history", "--help")
    assert done.code == 0
    shown = " ".join(done.stdout.split())
    assert "--industry <" + "|".join(INDUSTRIES) + ">" in shown
    assert "[default: electronics]" in shown
    assert "[default: 3; 1<=x<=50]" in shown
    assert "[default: 10.0; 0<=x<=100]" in shown


@pytest.mark.parametrize("example", OrderHistoryTool().examples)
def test_every_example_runs(run_cli: Callable[..., Any], tmp_path: Path, example: str) -> None:
    words = shlex.split(example)
    assert words[:2] == ["datagen", "ecommerce-order-history"]
    assert "--provider" in words
    done = run_cli(*words[1:], "-o", "out", "--count", "2")
    assert done.code == 0, done.stderr
    assert any((tmp_path / "out").iterdir())


def test_prompt_states_the_rules() -> None:
    tool = order_history("books", 6, 30)
    prompt = tool.user_prompt()
    assert "{{$index}}" in prompt
    assert "{{$attributes}}" in prompt
    assert "at least 6 orders" in prompt
    assert "total = subtotal + shipping + tax" in prompt
    assert "example.com" in tool.system
    assert tool.attributes()[0].probabilities() == pytest.approx({True: 0.3, False: 0.7})
