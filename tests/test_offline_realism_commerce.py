"""Offline realism of ``financial``, ``ecommerce-order-history`` and ``retail-product`` (issue 15).

Variety: 10,000 offline records per scenario and option set, every free-text field at least
50 % distinct and no sentence above 1 %. Coherence: the text agrees with the record's own
facts (merchants with their category, return reasons with the returned item and the
order's timeline, reviews with their stars and the product).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest
from offline_variety import measure, offline_json_records

from data_generator import DataGenerator, Settings
from data_generator.cli.show import example_options
from data_generator.tools import financial_vocabulary as money_words
from data_generator.tools.financial import FinancialStatement, FinancialTool
from data_generator.tools.flat_prose import FlatProse
from data_generator.tools.order_history import CustomerOrderHistory, OrderHistoryTool
from data_generator.tools.order_history_returns import LATE_AFTER_DAYS
from data_generator.tools.order_history_vocabulary import CATALOG, CATEGORY_OF
from data_generator.tools.retail_product import RetailProduct, RetailProductTool
from data_generator.tools.retail_product_features import CATEGORY_FEATURES

TOOLS: dict[str, Any] = {
    "financial": FinancialTool,
    "ecommerce-order-history": OrderHistoryTool,
    "retail-product": RetailProductTool,
}
#: Product names of an order are catalogue names: the same product keeps its name and SKU
#: in every order (a book's title is long enough to count as prose, but must repeat).
NOT_MEANT_TO_VARY = {"orders[].items[].product_name"}


@pytest.mark.parametrize(
    ("scenario", "options"),
    [
        ("financial", {}),
        ("financial", {"transaction_type": "credit-card", "fraud_percent": 30}),
        ("financial", {"transaction_type": "brokerage"}),
        ("ecommerce-order-history", {}),
        ("ecommerce-order-history", {"industry": "books", "returns_percent": 50}),
        ("retail-product", {}),
        ("retail-product", {"industry": "books"}),
    ],
)
def test_free_text_varies_over_ten_thousand_records(scenario: str, options: dict[str, Any]) -> None:
    tool_class = TOOLS[scenario]
    records = offline_json_records(tool_class({**example_options(tool_class), **options}), 10_000)
    fields = [
        f for f in measure(tool_class.record_model, records) if f.path not in NOT_MEANT_TO_VARY
    ]
    assert fields, "no free-text field measured"
    for field in fields:
        assert field.distinct_share >= 0.5, field
        assert field.top_sentence_share <= 0.01, field


def offline(tool: Any, count: int, seed: int = 5) -> list[Any]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


# --- financial ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["checking", "credit-card", "debit-card"])
def test_merchants_fit_their_category_and_lines_name_them(kind: str) -> None:
    statements: Sequence[FinancialStatement] = offline(
        FinancialTool({"transaction_type": kind, "fraud_percent": 20}), 150
    )
    checked = 0
    for statement in statements:
        for tx in statement.transactions:
            assert re.search(r" ref [0-9A-F]{6}$", tx.description), tx.description
            assert tx.merchant in tx.description or tx.merchant == statement.institution, tx
            kinds = money_words.MERCHANT_KINDS.get(tx.category)
            if tx.is_fraud or kinds is None:
                continue
            kind_name = next((k for k in kinds if tx.merchant.endswith(f" {k}")), None)
            assert kind_name is not None, f"{tx.merchant!r} is no {tx.category} merchant"
            checked += 1
            if tx.category == "utilities":  # a bill names what it is for and its month
                assert kinds[kind_name][0] in tx.description, tx.description
                assert f"{tx.date:%b} {tx.date.year}" in tx.description, tx.description
    assert checked > 500


def test_own_account_lines_name_one_linked_account_per_statement() -> None:
    statements = offline(FinancialTool({"transaction_type": "savings"}), 80)
    for statement in statements:
        accounts = {
            found
            for tx in statement.transactions
            for found in re.findall(r"\*{4}\d{4}", tx.description)
        }
        assert len(accounts) <= 1, accounts
        for tx in statement.transactions:
            assert tx.merchant in tx.description or tx.merchant == statement.institution, tx
    assert any(
        re.search(r"\*{4}\d{4}", tx.description) for s in statements for tx in s.transactions
    )


def test_fraudulent_card_lines_happen_abroad() -> None:
    statements = offline(
        FinancialTool({"transaction_type": "debit-card", "fraud_percent": 100}), 60
    )
    frauds = [tx for s in statements for tx in s.transactions if tx.is_fraud]
    assert frauds
    for tx in frauds:
        assert tx.merchant in money_words.FRAUD_MERCHANTS
        assert re.search(r"abroad|foreign", tx.description, re.I), tx.description


def test_trades_state_a_quantity_and_a_price_that_make_the_amount() -> None:
    statements = offline(FinancialTool({"transaction_type": "brokerage"}), 80)
    trades = [tx for s in statements for tx in s.transactions if tx.category == "investment"]
    assert len(trades) > 100
    for tx in trades:
        found = re.search(r"(\d+) .*(?: at |@ )([\d,]+\.\d\d) ref", tx.description)
        assert found, tx.description
        quantity, price = int(found[1]), float(found[2].replace(",", ""))
        assert abs(quantity * price - abs(tx.amount)) <= quantity * 0.005 + 0.01, tx
        assert ("Buy" in tx.description or "Bought" in tx.description or "Purchase" in
                tx.description) == (tx.amount < 0)  # fmt: skip


# --- ecommerce-order-history --------------------------------------------------------------


def histories(industry: str) -> Sequence[CustomerOrderHistory]:
    tool = OrderHistoryTool({"industry": industry, "returns_percent": 100, "orders_min": 2})
    return offline(tool, 120)


@pytest.mark.parametrize("industry", ["electronics", "apparel", "grocery", "books"])
def test_line_items_come_from_the_industry_catalogue_at_its_prices(industry: str) -> None:
    prices = {name: (low, high) for name, low, high in CATALOG[industry][1]}
    for history in histories(industry):
        for order in history.orders:
            for item in order.items:
                assert item.product_name in CATEGORY_OF[industry]
                low, high = prices[item.product_name]
                assert low - 0.01 <= item.unit_price <= high + 0.01, item


@pytest.mark.parametrize("industry", ["electronics", "apparel", "grocery", "toys", "books"])
def test_return_reasons_name_the_item_and_fit_the_timeline(industry: str) -> None:
    returned = 0
    for history in histories(industry):
        for order in history.orders:
            if order.status != "returned":
                assert order.return_reason is None
                continue
            returned += 1
            reason = order.return_reason or ""
            assert order.delivered_at is not None
            assert order.returned_at is not None
            assert any(item.product_name in reason for item in order.items), reason
            delivery_days = (order.delivered_at - order.placed_at).days
            kept_days = (order.returned_at - order.delivered_at).days
            late = re.search(r"(\d+) days (?:after ordering|to arrive|after the order)", reason)
            if late:
                assert int(late[1]) == delivery_days >= LATE_AFTER_DAYS, reason
            on_arrival = re.search(
                r"arrived with|reached me with|delivered with|crushed box", reason
            )
            if on_arrival:
                assert kept_days <= 3, reason
            used = re.search(r"(?:after|within) (\d+) days", reason)
            if used:
                assert int(used[1]) == kept_days > 3, reason
    assert returned >= 100


# --- retail-product -----------------------------------------------------------------------

PRAISE = ("worth every penny", "a joy to use", "no exaggeration", "exactly as advertised",
          "would happily buy", "five stars", "fantastic", "brilliant", "outstanding")  # fmt: skip
COMPLAINT = ("waste of money", "let me down", "letdown", "not in my experience",
             "exaggeration at best", "regret", "will not buy", "avoid", "really poor",
             "save your money", "returning")  # fmt: skip
GOOD_TITLE = ("Brilliant", "Superb", "Excellent", "Fantastic", "Outstanding", "Perfect", "Love")
BAD_TITLE = ("Terrible", "Awful", "Useless", "Very poor", "Dreadful", "Disappointing",
             "Underwhelming", "Mediocre", "Forgettable", "Avoid", "Expected more")  # fmt: skip


def products(industry: str) -> Sequence[RetailProduct]:
    return offline(RetailProductTool({"industry": industry}), 250)


@pytest.mark.parametrize("industry", ["electronics", "apparel", "grocery", "books"])
def test_reviews_agree_with_their_stars_and_name_the_product(industry: str) -> None:
    seen = set()
    for product in products(industry):
        for review in product.reviews:
            text = review.text.lower()
            named = (product.subcategory.lower(), product.brand.lower())
            assert any(word in text for word in named) or any(
                f.lower() in text for f in product.features
            ), review.text
            praises = [p for p in PRAISE if p in text]
            complaints = [c for c in COMPLAINT if c in text]
            if review.rating == 5:
                assert not complaints, review.text
                assert not any(word in review.title for word in BAD_TITLE), review.title
            if review.rating == 1:
                assert complaints, review.text
                assert not praises, review.text
                assert not any(word in review.title for word in GOOD_TITLE), review.title
            seen.add(review.rating)
    assert seen == {1, 2, 3, 4, 5}


@pytest.mark.parametrize("industry", ["electronics", "home-garden", "beauty", "toys"])
def test_descriptions_name_the_product_its_brand_and_its_category_features(
    industry: str,
) -> None:
    for product in products(industry):
        assert set(product.features) <= set(CATEGORY_FEATURES[product.category])
        text = product.description.lower()
        assert product.name.lower() in text
        assert product.brand.lower() in text
        assert all(feature.lower() in text for feature in product.features[:2]), text


def test_prose_tables_refuse_a_slot_that_is_no_fact() -> None:
    with pytest.raises(ValueError, match=r"slot \{a thing\} is not a fact"):
        FlatProse({"review": ["Fine if you need {a thing}"]})
