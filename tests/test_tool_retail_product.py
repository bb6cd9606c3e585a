"""``retail-product``: its rules, industries, bands, ratings, text and CLI.

What every scenario keeps (help, schema, formats, examples, distinct records, declared
weights, repair-or-reject of any answer) is checked in ``test_catalogue.py``.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.context import RecordContext
from data_generator.engine.validation import AttributeCheck
from data_generator.tool import InvariantError
from data_generator.tools.retail_product import (
    LOW_STOCK,
    Industry,
    RetailProduct,
    RetailProductTool,
    mean_rating,
)
from data_generator.tools.retail_product_vocabulary import PROFILES

INDUSTRIES: tuple[str, ...] = get_args(Industry)
SEED = 3


def retail(industry: str = "electronics") -> RetailProductTool:
    return RetailProductTool({"industry": industry})


def offline_products(industry: str, count: int, seed: int) -> list[RetailProduct]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(retail(industry), count=count, settings=settings).generate_data()


@functools.cache
def products() -> tuple[RetailProduct, ...]:
    """300 offline electronics products (made once per session)."""
    return tuple(offline_products("electronics", 300, SEED))


def half_up(ratings: list[int]) -> float:
    """The mean rating rounded half up to one decimal, in exact arithmetic."""
    return int(Fraction(sum(ratings), len(ratings)) * 10 + Fraction(1, 2)) / 10


def sample(predicate: Callable[[RetailProduct], bool] = lambda p: True) -> RetailProduct:
    return next(p for p in products() if predicate(p))


def with_reviews(product: RetailProduct) -> bool:
    return len(product.reviews) >= 2 and len(product.variants) >= 2


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


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_every_industry_makes_its_own_products(industry: str) -> None:
    tool = retail(industry)
    profile = PROFILES[industry]
    for record in offline_products(industry, 25, 3):
        assert record.industry == industry
        assert record.sku.startswith(profile.prefix + "-")
        assert record.category in profile.categories
        assert tool.problems(record) == []
        names = {a.name for v in record.variants for a in v.attributes}
        assert names <= {profile.axes[0][0], profile.axes[1][0]}


@given(ratings=st.lists(st.integers(1, 5), min_size=1, max_size=40))
def test_mean_rating_rounds_half_up_to_one_decimal(ratings: list[int]) -> None:
    assert mean_rating(ratings) == half_up(ratings)


def test_prompt_states_the_rules_and_the_industrys_bands() -> None:
    tool = retail("grocery")
    prompt = tool.user_prompt()
    assert prompt.startswith("Write catalogue entry number {{$index}} for a grocery retailer.")
    assert "budget below 5, mid-range from 5 to below 15, premium from 15" in prompt
    assert "Rules: industry is grocery." in prompt
    assert "variant_sku starts with the product sku" in prompt
    assert "Use these attributes for this record: {{$attributes}}." in prompt
    assert "fictional" in tool.system


# --- rules: what post_process mends ----------------------------------------------------


def test_post_process_sets_in_stock_from_the_quantity() -> None:
    stocked = sample(lambda p: p.stock_quantity > 0)
    empty = sample(lambda p: p.stock_quantity == 0)
    tool = retail()
    broken = stocked.model_copy(update={"in_stock": False})
    assert tool.problems(broken) == ["in_stock disagrees with stock_quantity"]
    assert tool.post_process(broken).in_stock is True
    assert tool.post_process(empty.model_copy(update={"in_stock": True})).in_stock is False


def test_post_process_resets_the_industry_to_the_option() -> None:
    record = sample().model_copy(update={"industry": "toys"})
    assert retail().post_process(record).industry == "electronics"


def test_post_process_recomputes_the_rating_from_the_reviews() -> None:
    record = sample(with_reviews)
    reviews = [
        r.model_copy(update={"rating": stars})
        for r, stars in zip(record.reviews[:2], (5, 4), strict=True)
    ]
    broken = record.model_copy(update={"reviews": reviews, "rating": 1.0})
    assert retail().problems(broken) == ["rating is not the mean of the review ratings"]

    repaired = retail().post_process(broken)

    assert repaired.rating == 4.5  # (5 + 4) / 2, rounded half up
    assert retail().problems(repaired) == []


def test_post_process_raises_review_count_to_the_listed_reviews() -> None:
    record = sample(with_reviews).model_copy(update={"review_count": 0})
    assert retail().problems(record) == ["review_count is below the number of listed reviews"]
    repaired = retail().post_process(record)
    assert repaired.review_count == len(record.reviews)
    assert repaired.rating == record.rating


def test_post_process_drops_the_rating_of_an_unreviewed_product() -> None:
    record = sample(lambda p: p.review_count == 0).model_copy(update={"rating": 4.2})
    assert retail().problems(record) == ["a product without reviews cannot have a rating"]
    assert retail().post_process(record).rating is None


# --- rules: what post_process rejects ----------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: {"sale_price": p.price}, "sale_price is not below price"),
        (lambda p: {"sale_price": p.price + 5}, "sale_price is not below price"),
        (
            lambda p: {
                "variants": [
                    p.variants[0].model_copy(update={"variant_sku": "XYZ-000001-01"}),
                    *p.variants[1:],
                ]
            },
            "a variant_sku does not start with the product sku",
        ),
        (lambda p: {"variants": [p.variants[0], p.variants[0]]}, "variant SKUs are not unique"),
        (lambda p: {"reviews": [], "rating": None}, "a reviewed product needs a rating"),
    ],
    ids=["sale-equal", "sale-above", "variant-prefix", "variant-duplicate", "rating-missing"],
)
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[RetailProduct], dict[str, Any]], message: str
) -> None:
    record = sample(lambda p: with_reviews(p) and p.review_count > len(p.reviews))
    with pytest.raises(InvariantError) as raised:
        retail().post_process(record.model_copy(update=change(record)))
    assert str(raised.value) == message


# --- a model's answer in another band, stock level or sale than drawn ---------------------


def honour(product: RetailProduct, **drawn: Any) -> RetailProduct:
    """What the engine makes of ``product`` answered for a record drawn with ``drawn``."""
    tool = retail()
    check = AttributeCheck.of(tool)
    assert check is not None
    shown = {a.name: a.observed(product.model_dump(mode="json")) for a in check.attributes}
    record, reason = check.honour(product, RecordContext(1, 1, tool.options, {**shown, **drawn}))
    assert reason == ""
    return RetailProduct.model_validate(record)


@pytest.mark.parametrize(
    ("band", "price"),
    [("budget", 59.99), ("mid-range", 60.0), ("premium", 300.0)],
)
def test_a_price_outside_the_drawn_band_moves_to_the_bands_nearest_end(
    band: str, price: float
) -> None:
    low, high = 60.0, 300.0  # electronics: mid-range from 60, premium from 300
    assert PROFILES["electronics"].prices["mid-range"][0] == low
    assert PROFILES["electronics"].prices["premium"][0] == high
    start = {"budget": 450.0, "mid-range": 20.0, "premium": 120.0}[band]
    product = sample(lambda p: p.sale_price is None).model_copy(update={"price": start})

    assert honour(product, price_band=band).price == price


@pytest.mark.parametrize(
    ("availability", "stock", "in_stock"),
    [("out-of-stock", 0, False), ("low-stock", LOW_STOCK, True), ("in-stock", LOW_STOCK + 1, True)],
)
def test_stock_outside_the_drawn_availability_moves_to_the_nearest_level(
    availability: str, stock: int, in_stock: bool
) -> None:
    start = {"out-of-stock": 40, "low-stock": 400, "in-stock": 0}[availability]
    product = sample().model_copy(update={"stock_quantity": start, "in_stock": start > 0})

    honoured = honour(product, availability=availability)

    assert (honoured.stock_quantity, honoured.in_stock) == (stock, in_stock)


def test_a_product_drawn_on_sale_gets_a_fifth_off_and_one_drawn_off_sale_loses_it() -> None:
    product = sample(lambda p: p.sale_price is None).model_copy(update={"price": 99.99})

    on_sale = honour(product, on_sale=True)

    assert on_sale.sale_price == 79.99
    assert honour(on_sale, on_sale=False).sale_price is None


# --- text and command line ---------------------------------------------------------------


def test_text_holds_the_whole_product() -> None:
    tool = retail()
    for record in products()[:60]:
        text = tool.render_text(record)
        lines = text.splitlines()
        assert lines[0] == f"{record.name} ({record.sku})"
        for fact in (record.brand, record.description, f"{record.category} > {record.subcategory}"):
            assert fact in text
        assert f"Price: {record.price:.2f} {record.currency}" in text
        if record.sale_price is not None:
            assert f"(on sale: {record.sale_price:.2f} {record.currency})" in text
        assert f"from {record.review_count} reviews" in text
        stock = f"{record.stock_quantity} units" if record.in_stock else "out of stock"
        assert f"Stock: {stock}" in text
        for feature in record.features:
            assert f"- {feature}" in text
        for variant in record.variants:
            assert variant.variant_sku in text
        for review in record.reviews:
            assert f"{review.rating}/5 {review.title} by {review.reviewer}" in text
            assert review.text in text
        if not record.reviews:
            assert "No reviews yet." in text


def test_cli_writes_a_csv_catalogue_of_the_chosen_industry(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    done = run_cli("retail-product", "--industry", "beauty", "-n", "4", "-f", "csv",
                   "--seed", "2", "-o", "out", "--provider", "offline")  # fmt: skip

    assert done.code == 0, done.stderr
    with (tmp_path / "out" / "retail-product.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["sku"] for row in rows] == [f"BEA-{i:06d}" for i in range(1, 5)]
    assert {row["industry"] for row in rows} == {"beauty"}
    assert all(isinstance(json.loads(row["reviews"]), list) for row in rows)
