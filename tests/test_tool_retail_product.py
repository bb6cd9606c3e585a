"""``retail-product``: its rules, industries, bands, ratings and text.

What every scenario keeps (help, schema, formats, examples, distinct records, declared
weights, repair-or-reject of any answer) is checked in ``test_catalogue.py``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.context import RecordContext
from data_generator.engine.validation import AttributeCheck
from data_generator.runtime import user_prompt
from data_generator.tools.retail_product import (
    LOW_STOCK,
    Industry,
    RetailProduct,
    RetailProductTool,
    mean_rating,
)
from data_generator.tools.retail_product_vocabulary import PROFILES


def retail(industry: str = "electronics") -> RetailProductTool:
    return RetailProductTool({"industry": industry})


def offline_products(industry: str, count: int, seed: int) -> list[RetailProduct]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(retail(industry), count=count, settings=settings).generate_data()


@functools.cache
def products() -> tuple[RetailProduct, ...]:
    """300 offline electronics products (made once per session)."""
    return tuple(offline_products("electronics", 300, 3))


def sample(predicate: Callable[[RetailProduct], bool] = lambda p: True) -> RetailProduct:
    return next(p for p in products() if predicate(p))


def reviewed() -> RetailProduct:
    """A product with two reviews or more, more reviews than listed, and two variants."""
    return sample(
        lambda p: len(p.reviews) >= 2 and len(p.variants) >= 2 and p.review_count > len(p.reviews)
    )


# --- offline records ------------------------------------------------------------------


def test_offline_products_read_like_a_catalogue() -> None:
    anchor = date(2026, 1, 1)
    assert len({r.brand for r in products()}) > 30
    for record in products()[:200]:
        assert record.subcategory in PROFILES["electronics"].categories[record.category]
        assert record.subcategory in record.name
        assert record.brand in record.description
        assert record.launched_at <= anchor - timedelta(days=14)
        assert all(record.launched_at <= review.date <= anchor for review in record.reviews)
        dates = [review.date for review in record.reviews]
        assert dates == sorted(dates, reverse=True)  # newest first
        assert all(tag == tag.lower() for tag in record.tags)
        assert ("on-sale" in record.tags) == (record.sale_price is not None)


@pytest.mark.parametrize("industry", get_args(Industry))
def test_every_industry_makes_its_own_products(industry: str) -> None:
    tool = retail(industry)
    profile = PROFILES[industry]
    records = offline_products(industry, 25, 3)
    assert [r.sku for r in records] == [f"{profile.prefix}-{i:06d}" for i in range(1, 26)]
    for record in records:
        assert record.industry == industry
        assert record.category in profile.categories
        assert tool.problems(record) == []
        names = {a.name for v in record.variants for a in v.attributes}
        assert names <= {profile.axes[0][0], profile.axes[1][0]}


@given(ratings=st.lists(st.integers(1, 5), min_size=1, max_size=40))
def test_mean_rating_rounds_half_up_to_one_decimal(ratings: list[int]) -> None:
    exact = int(Fraction(sum(ratings), len(ratings)) * 10 + Fraction(1, 2)) / 10
    assert mean_rating(ratings) == exact


def test_prompt_states_the_rules_and_the_industrys_bands() -> None:
    tool = retail("grocery")
    prompt = user_prompt(tool)
    assert prompt.startswith("Write catalogue entry number {{$index}} for a grocery retailer.")
    assert "budget below 5, mid-range from 5 to below 15, premium from 15" in prompt
    assert "Rules: industry is grocery." in prompt
    assert "variant_sku starts with the product sku" in prompt
    assert "Use these attributes for this record: {{$attributes}}." in prompt
    assert "fictional" in tool.system


# --- rules: each broken once, then mended or refused ------------------------------------------


def rated(product: RetailProduct, *stars: int) -> dict[str, Any]:
    """The product's first reviews, rated ``stars``."""
    reviews = zip(product.reviews, stars, strict=False)
    return {"reviews": [r.model_copy(update={"rating": n}) for r, n in reviews], "rating": 1.0}


def with_first_variant_sku(product: RetailProduct, sku: str) -> dict[str, Any]:
    first = product.variants[0].model_copy(update={"variant_sku": sku})
    return {"variants": [first, *product.variants[1:]]}


RULES = {
    "industry comes from the option": Case(
        lambda p: {"industry": "toys"}, mends=lambda p: p == reviewed()
    ),
    "in_stock disagrees with the stock": Case(
        lambda p: {"in_stock": not p.in_stock}, mends=lambda p: p == reviewed()
    ),
    "in_stock of an empty shelf": Case(
        lambda p: {"in_stock": True},
        mends=lambda p: p.in_stock is False,
        record=lambda: sample(lambda p: p.stock_quantity == 0),
    ),
    "review_count below the listed reviews": Case(
        lambda p: {"review_count": 0},
        mends=lambda p: (p.review_count, p.rating) == (len(p.reviews), reviewed().rating),
    ),
    "rating not the mean of the reviews": Case(
        lambda p: rated(p, 5, 4),
        mends=lambda p: p.rating == 4.5,  # (5 + 4) / 2, half up
    ),
    "a rating without reviews": Case(
        lambda p: {"rating": 4.2},
        mends=lambda p: p.rating is None,
        record=lambda: sample(lambda p: p.review_count == 0),
    ),
    "sale_price equal to price": Case(
        lambda p: {"sale_price": p.price}, rejects="sale_price is not below price"
    ),
    "sale_price above price": Case(
        lambda p: {"sale_price": p.price + 5}, rejects="sale_price is not below price"
    ),
    "a variant_sku of another product": Case(
        lambda p: with_first_variant_sku(p, "XYZ-000001-01"),
        rejects="a variant_sku does not start with the product sku",
    ),
    "two variants with one sku": Case(
        lambda p: with_first_variant_sku(p, p.variants[1].variant_sku),
        rejects="variant SKUs are not unique",
    ),
    "reviewed but not rated": Case(
        lambda p: {"reviews": [], "rating": None}, rejects="a reviewed product needs a rating"
    ),
}


@cases(RULES)
def test_a_product_breaking_a_rule_is_mended_or_refused(case: Case) -> None:
    check_case(retail(), reviewed(), case)


# --- a model's answer in another band, stock level or sale than drawn ---------------------


@pytest.mark.parametrize(
    ("answer", "drawn", "honoured"),
    [
        # electronics: mid-range from 60, premium from 300
        ({"price": 450.0}, {"price_band": "budget"}, {"price": 59.99}),
        ({"price": 20.0}, {"price_band": "mid-range"}, {"price": 60.0}),
        ({"price": 120.0}, {"price_band": "premium"}, {"price": 300.0}),
        ({"stock_quantity": 40}, {"availability": "out-of-stock"}, {"stock_quantity": 0}),
        ({"stock_quantity": 400}, {"availability": "low-stock"}, {"stock_quantity": LOW_STOCK}),
        (
            {"stock_quantity": 0, "in_stock": False},
            {"availability": "in-stock"},
            {"stock_quantity": LOW_STOCK + 1, "in_stock": True},
        ),
        ({"price": 99.99}, {"on_sale": True}, {"sale_price": 79.99}),  # a fifth off
        ({"sale_price": 9.99}, {"on_sale": False}, {"sale_price": None}),
    ],
    ids=["budget", "mid-range", "premium", "out", "low", "in", "on-sale", "off-sale"],
)
def test_an_answer_outside_the_drawn_attributes_moves_to_the_nearest_value_that_keeps_them(
    answer: dict[str, Any], drawn: dict[str, Any], honoured: dict[str, Any]
) -> None:
    tool = retail()
    check = AttributeCheck.of(tool)
    assert check is not None
    start = sample(lambda p: p.sale_price is None and p.in_stock and p.price > 10)
    product = start.model_copy(update=answer)
    shown = {a.name: a.observed(product.model_dump(mode="json")) for a in check.attributes}

    record, reason = check.honour(product, RecordContext(1, 1, tool.options, {**shown, **drawn}))

    assert reason == ""
    assert record is not None
    assert {key: getattr(record, key) for key in honoured} == honoured


# --- text --------------------------------------------------------------------------------


def test_text_holds_the_whole_product() -> None:
    tool = retail()
    for record in products()[:60]:
        text = tool.render_text(record)
        assert text.splitlines()[0] == f"{record.name} ({record.sku})"
        money, sale = record.currency, record.sale_price
        for value in (
            record.brand,
            record.description,
            f"{record.category} > {record.subcategory}",
            f"Price: {record.price:.2f} {money}",
            f"(on sale: {sale:.2f} {money})" if sale is not None else "",
            f"from {record.review_count} reviews",
            f"Stock: {record.stock_quantity} units" if record.in_stock else "Stock: out of stock",
            "" if record.reviews else "No reviews yet.",
            *(f"- {feature}" for feature in record.features),
            *(variant.variant_sku for variant in record.variants),
            *(f"{r.rating}/5 {r.title} by {r.reviewer}" for r in record.reviews),
            *(review.text for review in record.reviews),
        ):
            assert value in text, value
