"""retail-product: offline catalogue entries keep their rules, repairs, text and CLI."""

from __future__ import annotations

import csv
import functools
import json
import re
import shlex
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any, get_args

import pytest
from helpers import one_error_line
from hypothesis import given, settings
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.tool import InvariantError
from data_generator.tools.retail_product import (
    Industry,
    RetailProduct,
    RetailProductTool,
    Review,
    Variant,
    VariantAttribute,
    mean_rating,
)
from data_generator.tools.retail_product_vocabulary import PROFILES

INDUSTRIES: tuple[str, ...] = get_args(Industry)
SEED = 3


def retail(industry: str = "electronics") -> RetailProductTool:
    tool = RetailProductTool({"industry": industry})
    return tool


def offline_products(industry: str, count: int, seed: int) -> list[RetailProduct]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(retail(industry), count=count, settings=settings).generate_data()


@functools.cache
def products() -> tuple[RetailProduct, ...]:
    """1,000 offline electronics products (made once per session)."""
    return tuple(offline_products("electronics", 1000, SEED))


def half_up(ratings: list[int]) -> float:
    """The mean rating rounded half up to one decimal, in exact arithmetic."""
    return int(Fraction(sum(ratings), len(ratings)) * 10 + Fraction(1, 2)) / 10


def rules_broken(product: RetailProduct, industry: str = "electronics") -> list[str]:
    """The catalogue rules, checked here independently of the tool."""
    broken = []
    if product.industry != industry:
        broken.append("industry")
    if product.sale_price is not None and not product.sale_price < product.price:
        broken.append("sale price")
    if product.in_stock != (product.stock_quantity > 0):
        broken.append("in stock")
    if product.review_count < len(product.reviews):
        broken.append("review count")
    ratings = [review.rating for review in product.reviews]
    if ratings:
        if product.rating != half_up(ratings):
            broken.append("rating")
    elif (product.rating is None) != (product.review_count == 0):
        broken.append("rating without reviews")
    skus = [variant.variant_sku for variant in product.variants]
    if any(not sku.startswith(product.sku + "-") for sku in skus) or len(set(skus)) != len(skus):
        broken.append("variant sku")
    return broken


def sample(predicate: Callable[[RetailProduct], bool] = lambda p: True) -> RetailProduct:
    return next(p for p in products() if predicate(p))


def with_reviews(product: RetailProduct) -> bool:
    return len(product.reviews) >= 2 and len(product.variants) >= 2


# --- offline records ------------------------------------------------------------------


def test_offline_products_validate_keep_the_rules_and_differ() -> None:
    records = products()
    tool = retail()
    assert len(records) == 1000  # none was dropped for failing validation
    assert [r.sku for r in records] == [f"ELE-{i:06d}" for i in range(1, 1001)]
    without_ids = set()
    for record in records:
        text = record.model_dump_json()
        assert RetailProduct.model_validate_json(text) == record
        assert tool.invariant_problems(record) == [], record.sku
        assert rules_broken(record) == [], record.sku
        assert not re.search(r"\d{3}-\d{2}-\d{4}|\d{13,19}", text), record.sku
        data = record.model_dump(mode="json", exclude={"sku"})
        for variant in data["variants"]:
            variant.pop("variant_sku")
        without_ids.add(json.dumps(data, sort_keys=True))
    assert len(without_ids) == 1000


def test_offline_products_read_like_a_catalogue() -> None:
    brands = {r.brand for r in products()}
    assert len(brands) > 30
    for record in products()[:200]:
        assert record.subcategory in PROFILES["electronics"].categories[record.category]
        assert record.subcategory in record.name
        assert record.brand in record.description
        assert all(review.date >= record.launched_at for review in record.reviews)
        dates = [review.date for review in record.reviews]
        assert dates == sorted(dates, reverse=True)  # newest first
        assert all(tag == tag.lower() for tag in record.tags)
        assert ("on-sale" in record.tags) == (record.sale_price is not None)


def test_attributes_follow_the_declared_weights() -> None:
    dumps = [r.model_dump(mode="json") for r in products()]
    attributes = retail().attributes()
    assert [a.name for a in attributes] == [
        "category",
        "price_band",
        "availability",
        "review_sentiment",
        "on_sale",
    ]
    for attribute in attributes:
        counts = Counter(attribute.observed(d) for d in dumps)
        expected = attribute.probabilities()
        assert set(counts) <= set(expected), attribute.name
        for value, probability in expected.items():
            share = counts[value] / len(dumps)
            assert abs(share - probability) <= 0.03, (attribute.name, value, share, probability)


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_every_industry_makes_its_own_products(industry: str) -> None:
    tool = retail(industry)
    profile = PROFILES[industry]
    for record in offline_products(industry, 25, 3):
        assert record.industry == industry
        assert record.sku.startswith(profile.prefix + "-")
        assert record.category in profile.categories
        assert tool.invariant_problems(record) == []
        names = {a.name for v in record.variants for a in v.attributes}
        assert names <= {profile.axes[0][0], profile.axes[1][0]}


# --- post_process: repairs --------------------------------------------------------------


def test_post_process_keeps_a_valid_record_as_it_is() -> None:
    record = sample(with_reviews)
    assert retail().post_process(record) is record


def test_post_process_sets_in_stock_from_the_quantity() -> None:
    stocked = sample(lambda p: p.stock_quantity > 0)
    empty = sample(lambda p: p.stock_quantity == 0)
    tool = retail()
    assert tool.post_process(stocked.model_copy(update={"in_stock": False})).in_stock is True
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

    repaired = retail().post_process(broken)

    assert repaired.rating == 4.5  # (5 + 4) / 2, rounded half up
    assert rules_broken(repaired) == []


def test_post_process_raises_review_count_to_the_listed_reviews() -> None:
    record = sample(with_reviews).model_copy(update={"review_count": 0})
    repaired = retail().post_process(record)
    assert repaired.review_count == len(record.reviews)
    assert repaired.rating == record.rating


def test_post_process_drops_the_rating_of_an_unreviewed_product() -> None:
    record = sample(lambda p: p.review_count == 0).model_copy(update={"rating": 4.2})
    assert retail().post_process(record).rating is None


# --- post_process: rejections ----------------------------------------------------------


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
            "does not start with the product sku",
        ),
        (lambda p: {"variants": [p.variants[0], p.variants[0]]}, "not unique"),
        (lambda p: {"reviews": [], "rating": None}, "needs a rating"),
    ],
    ids=["sale-equal", "sale-above", "variant-prefix", "variant-duplicate", "rating-missing"],
)
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[RetailProduct], dict[str, Any]], message: str
) -> None:
    record = sample(lambda p: with_reviews(p) and p.review_count > len(p.reviews))
    with pytest.raises(InvariantError, match=message):
        retail().post_process(record.model_copy(update=change(record)))


@given(ratings=st.lists(st.integers(1, 5), min_size=1, max_size=40))
def test_mean_rating_rounds_half_up_to_one_decimal(ratings: list[int]) -> None:
    assert mean_rating(ratings) == half_up(ratings)


@st.composite
def answers(draw: st.DrawFn) -> tuple[RetailProduct, bool]:
    """A product answer with arbitrary reviews, stock, prices and variant SKUs.

    Returns the answer and whether it breaks a rule no repair can mend.
    """
    ratings = draw(st.lists(st.integers(1, 5), max_size=6))
    review_count = draw(st.integers(0, 8))
    rating = draw(st.none() | st.sampled_from([1.0, 2.5, 3.3, 4.0, 5.0]))
    price = draw(st.integers(100, 50_000)) / 100
    sale = draw(st.none() | st.integers(1, 60_000).map(lambda c: c / 100))
    suffixes = draw(st.lists(st.sampled_from(["01", "02", "A3"]), max_size=3))
    foreign = draw(st.booleans())
    base = products()[0]
    prefix = "TOY-999999" if foreign else base.sku
    record = base.model_copy(
        update={
            "reviews": [
                Review(reviewer="Ana Costa", rating=stars, title="Fine", text="It works.",
                       date=date(2025, 1, 1))
                for stars in ratings
            ],
            "review_count": review_count,
            "rating": rating,
            "stock_quantity": draw(st.integers(0, 30)),
            "in_stock": draw(st.booleans()),
            "price": price,
            "sale_price": sale,
            "variants": [
                Variant(variant_sku=f"{prefix}-{suffix}", price=price,
                        attributes=[VariantAttribute(name="Color", value="Red")])
                for suffix in suffixes
            ],
            "industry": draw(st.sampled_from(INDUSTRIES)),
        }
    )  # fmt: skip
    must_reject = (
        (sale is not None and sale >= price)
        or (bool(suffixes) and foreign)
        or len(set(suffixes)) != len(suffixes)
        or (not ratings and review_count > 0 and rating is None)
    )
    return record, must_reject


@settings(max_examples=200, deadline=None)
@given(answer=answers())
def test_post_process_either_rejects_or_returns_a_consistent_record(
    answer: tuple[RetailProduct, bool],
) -> None:
    record, must_reject = answer
    tool = retail()

    try:
        repaired = tool.post_process(record)
    except InvariantError:
        assert must_reject
        return

    assert not must_reject
    assert rules_broken(repaired) == []
    assert tool.repair(repaired) is repaired  # repairing twice changes nothing
    assert repaired.review_count == max(record.review_count, len(record.reviews))
    assert repaired.stock_quantity == record.stock_quantity
    assert (repaired.price, repaired.sale_price) == (record.price, record.sale_price)
    assert repaired.variants == record.variants


# --- render_text ------------------------------------------------------------------------


def test_text_holds_the_whole_product() -> None:
    tool = retail()
    for record in products()[:60]:
        text = tool.render_text(record)
        lines = text.splitlines()
        assert lines[0] == f"{record.name} ({record.sku})"
        assert lines[1] == "=" * len(lines[0])
        for fact in (record.brand, record.category, record.subcategory, record.description):
            assert fact in text
        assert f"{record.price:.2f} {record.currency}" in text
        if record.sale_price is not None:
            assert f"on sale: {record.sale_price:.2f}" in text
        assert f"from {record.review_count} reviews" in text
        for feature in record.features:
            assert f"- {feature}" in text
        for variant in record.variants:
            assert variant.variant_sku in text
        for review in record.reviews:
            assert f"{review.rating}/5 {review.title} by {review.reviewer}" in text
            assert review.text in text
        if not record.reviews:
            assert "No reviews yet." in text


# --- command line -----------------------------------------------------------------------


def test_cli_writes_a_csv_catalogue(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("retail-product", "--industry", "beauty", "-n", "4", "-f", "csv",
                   "--seed", "2", "-o", "out", "--provider", "offline")  # fmt: skip

    assert done.code == 0, done.stderr
    with (tmp_path / "out" / "retail-product.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["sku"] for row in rows] == [f"BEA-{i:06d}" for i in range(1, 5)]
    assert {row["industry"] for row in rows} == {"beauty"}
    assert all(isinstance(json.loads(row["reviews"]), list) for row in rows)


def test_cli_writes_readable_text(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("retail-product", "--industry", "books", "-n", "2", "-f", "txt",
                   "--seed", "2", "-o", "out", "--provider", "offline")  # fmt: skip

    assert done.code == 0, done.stderr
    text = (tmp_path / "out" / "retail-product-000002.txt").read_text(encoding="utf-8")
    assert "(BOO-000002)" in text.splitlines()[0]
    assert "Industry: books" in text
    assert "\nReviews\n-------\n" in text


def test_cli_rejects_an_unknown_industry(run_cli: Callable[..., Any]) -> None:
    done = run_cli("retail-product", "--industry", "cars", "-n", "1", "--provider", "offline")
    assert done.code == 2
    assert "--industry" in one_error_line(done)


def test_cli_help_lists_the_industries_and_the_default(run_cli: Callable[..., Any]) -> None:
    done = run_cli("retail-product", "--help")
    assert done.code == 0
    shown = " ".join(done.stdout.split())
    assert "--industry <" + "|".join(INDUSTRIES) + ">" in shown
    assert "Industry of the products. [default: electronics]" in shown


@pytest.mark.parametrize("example", RetailProductTool().examples)
def test_every_example_runs(run_cli: Callable[..., Any], tmp_path: Path, example: str) -> None:
    words = shlex.split(example)
    assert words[:2] == ["datagen", "retail-product"]
    assert "--provider" in words
    done = run_cli(*words[1:], "-o", "out", "--count", "2")
    assert done.code == 0, done.stderr
    assert any((tmp_path / "out").iterdir())


def test_offline_dates_stay_in_the_past() -> None:
    anchor = date(2026, 1, 1)
    for record in products()[:300]:
        assert record.launched_at <= anchor - timedelta(days=14)
        assert all(review.date <= anchor for review in record.reviews)


def test_prompt_states_the_rules_and_the_bands() -> None:
    tool = retail("grocery")
    prompt = tool.user_prompt()
    assert "{{$index}}" in prompt
    assert "{{$attributes}}" in prompt
    assert "budget below 5, mid-range from 5 to below 15, premium from 15" in prompt
    assert "variant_sku starts with the product sku" in prompt
    assert "fictional" in tool.system
