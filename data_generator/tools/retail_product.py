"""``retail-product``: product catalogue entries for one industry, with reviews and variants."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from data_generator import synth
from data_generator.markers import Drawn, FromOption, Later
from data_generator.messages import indefinite
from data_generator.records import cents
from data_generator.tool import (
    Attribute,
    DataGeneratorTool,
    Hint,
    RecordContext,
    render_document,
    rule,
)
from data_generator.tools import retail_product_prose as prose
from data_generator.tools.retail_product_features import CATEGORY_FEATURES
from data_generator.tools.retail_product_vocabulary import (
    BAND_WORDS,
    BOOK_TITLES,
    BRAND_STEMS,
    PROFILES,
    SERIES,
    TAG_WORDS,
    Profile,
)

__all__ = ["RetailProduct", "RetailProductOptions", "RetailProductTool"]

Industry = Literal[
    "electronics", "apparel", "grocery", "home-garden", "beauty", "sports", "toys", "books"
]
Currency = Literal["USD", "EUR", "GBP", "CAD", "AUD"]
#: A positive amount rounded to cents (the bound sits before the rounding so the JSON
#: schema shows a plain ``minimum``).
Price = Annotated[float, Field(ge=0.01), AfterValidator(cents)]

PRICE_BAND_WEIGHTS = {"budget": 0.35, "mid-range": 0.45, "premium": 0.2}
AVAILABILITY_WEIGHTS = {"in-stock": 0.7, "low-stock": 0.15, "out-of-stock": 0.15}
SENTIMENT_WEIGHTS = {"positive": 0.5, "mixed": 0.25, "negative": 0.1, "unreviewed": 0.15}
#: Every category of an industry is equally likely.
CATEGORY_WEIGHTS = {
    industry: dict.fromkeys(profile.categories, 1.0) for industry, profile in PROFILES.items()
}
CURRENCY_WEIGHTS = {"USD": 0.5, "EUR": 0.2, "GBP": 0.12, "CAD": 0.1, "AUD": 0.08}
#: Stock at or below this many units counts as low.
LOW_STOCK = 10
#: Ratings from here count as positive, from ``MIXED_FROM`` as mixed, below as negative.
POSITIVE_FROM, MIXED_FROM = 4.0, 2.5


def mean_rating(ratings: Sequence[int]) -> float:
    """The mean of review ratings rounded half up to one decimal (``4.25`` gives ``4.3``)."""
    mean = Decimal(sum(ratings)) / Decimal(len(ratings))
    return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def sentiment_of(rating: float | None) -> str:
    """Name the review sentiment a product's rating shows (``unreviewed`` without one)."""
    if rating is None:
        return "unreviewed"
    return (
        "positive" if rating >= POSITIVE_FROM else "mixed" if rating >= MIXED_FROM else "negative"
    )


def availability_of(stock_quantity: int) -> str:
    """Name the availability a stock level shows."""
    if stock_quantity <= 0:
        return "out-of-stock"
    return "low-stock" if stock_quantity <= LOW_STOCK else "in-stock"


def set_availability(record: dict[str, Any], availability: str) -> None:
    """Move a product's stock into ``availability``: to the nearest level that shows it."""
    low, high = {"out-of-stock": (0, 0), "low-stock": (1, LOW_STOCK)}.get(
        availability, (LOW_STOCK + 1, math.inf)
    )
    stock = min(max(record["stock_quantity"], low), high)
    record["stock_quantity"], record["in_stock"] = stock, stock > 0


def set_on_sale(record: dict[str, Any], on_sale: bool) -> None:
    """Put a product on sale at 20 % off its list price, or take it off sale."""
    record["sale_price"] = cents(record["price"] * 0.8) if on_sale else None


class RetailProductOptions(BaseModel):
    """Options of the ``retail-product`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    industry: Industry = Field(default="electronics", description="Industry of the products.")


class Review(BaseModel):
    """One customer review."""

    reviewer: str = Field(description="Fictional name of the reviewer.")
    rating: int = Field(ge=1, le=5, description="Stars given, 1 to 5.")
    title: str = Field(min_length=1, description="Review headline.")
    text: str = Field(min_length=1, description="Review body.")
    date: dt.date = Field(description="When the review was posted.")


class VariantAttribute(BaseModel):
    """One attribute that sets a variant apart (Color: Black)."""

    name: str = Field(min_length=1, description="Attribute name, e.g. Color or Size.")
    value: str = Field(min_length=1, description="Attribute value, e.g. Black or M.")


class Variant(BaseModel):
    """One purchasable variant of the product."""

    variant_sku: str = Field(
        pattern=r"^[A-Z]{3}-\d{6,}-[A-Z0-9]{1,12}$",
        description="The product SKU followed by a suffix, e.g. ELE-000123-02.",
    )
    attributes: list[VariantAttribute] = Field(min_length=1, description="What sets it apart.")
    price: Price = Field(description="List price of this variant.")


class Dimensions(BaseModel):
    """Package dimensions in centimetres."""

    length_cm: float = Field(gt=0, description="Length in cm.")
    width_cm: float = Field(gt=0, description="Width in cm.")
    height_cm: float = Field(gt=0, description="Height in cm.")


class RetailProduct(BaseModel):
    """A product catalogue entry."""

    sku: str = Field(pattern=r"^[A-Z]{3}-\d{6,}$", description="Stock keeping unit, ELE-000123.")
    name: Annotated[str, Later] = Field(min_length=2, description="Product name.")
    brand: str = Field(min_length=2, description="Fictional brand.")
    industry: Annotated[Industry, FromOption("industry")] = Field(
        description="Industry of the product."
    )
    category: Annotated[str, Drawn.by_option("industry", CATEGORY_WEIGHTS)] = Field(
        min_length=2, description="Catalogue category."
    )
    subcategory: str = Field(min_length=2, description="Catalogue subcategory.")
    description: Annotated[str, Later] = Field(min_length=10, description="Marketing description.")
    features: list[str] = Field(min_length=1, description="Key features, one phrase each.")
    price: Price = Field(description="List price.")
    sale_price: Price | None = Field(description="Discounted price, below price; null if none.")
    currency: Currency = Field(description="ISO currency of every price.")
    stock_quantity: int = Field(ge=0, description="Units in stock.")
    in_stock: bool = Field(description="Whether stock_quantity is above zero.")
    rating: float | None = Field(
        ge=1, le=5, description="Mean review rating to one decimal; null without reviews."
    )
    review_count: int = Field(ge=0, description="Reviews received, at least those listed.")
    reviews: Annotated[list[Review], Later] = Field(
        description="A sample of reviews, newest first."
    )
    variants: Annotated[list[Variant], Later] = Field(
        description="Purchasable variants (may be empty)."
    )
    weight_kg: float = Field(gt=0, description="Shipping weight in kg.")
    dimensions: Dimensions = Field(description="Package dimensions.")
    tags: Annotated[list[str], Later] = Field(description="Search tags, lower-case.")
    launched_at: date = Field(description="When the product went on sale.")


def _price(rng: random.Random, low: float, high: float) -> float:
    """A price in ``[low, high)`` ending in .99, .49 or random cents."""
    whole = int(low + rng.random() * (high - low))
    ending = synth.choose(rng, ("0.99", "0.49", "0.95", f"0.{int(rng.random() * 100):02d}"))
    return cents(min(max(whole + float(ending), low), high - 0.01))


def _ratings(rng: random.Random, sentiment: str, count: int) -> list[int]:
    """Review ratings whose rounded mean shows ``sentiment``."""
    pool = {"positive": (3, 4, 5, 5, 5), "mixed": (1, 2, 3, 4, 5), "negative": (1, 1, 2, 3)}
    ratings = [pool[sentiment][int(rng.random() * len(pool[sentiment]))] for _ in range(count)]
    # Nudge one rating at a time toward the band: each step moves the mean one way only.
    while (shown := sentiment_of(mean_rating(ratings))) != sentiment:
        up = sentiment == "positive" or (sentiment == "mixed" and shown == "negative")
        at = ratings.index(min(ratings) if up else max(ratings))
        ratings[at] += 1 if up else -1
    return ratings


class RetailProductTool(DataGeneratorTool[RetailProductOptions, RetailProduct]):
    """Product catalogue entries: prices, stock, reviews, variants."""

    name = "retail-product"
    description = "Product catalogue entries for an industry: prices, stock, reviews, variants."

    system = (
        "You write realistic, internally consistent product catalogue entries for test "
        "and demo data. Brands, products and reviewers are fictional; never use a real "
        "brand, trademark or person."
    )

    def build_prompt(self) -> str:
        """User prompt; per-record attributes arrive in ``{{$attributes}}``."""
        industry = self.options.industry
        first, second = self._band_starts()
        return (
            f"Write catalogue entry number {{{{$index}}}} for {indefinite(industry)} retailer.\n"
            f"The price band sets the list price: budget below {first:g}, mid-range from "
            f"{first:g} to below {second:g}, premium from {second:g}. Availability: in-stock "
            f"means more than {LOW_STOCK} units, low-stock 1 to {LOW_STOCK}, out-of-stock 0. "
            f"Review sentiment sets the rating: positive {POSITIVE_FROM} or more, mixed from "
            f"{MIXED_FROM} to below {POSITIVE_FROM}, negative below {MIXED_FROM}, unreviewed "
            "means no reviews and review_count 0. on_sale True means a sale_price.\n"
            f"Rules: industry is {industry}. A sale_price, when present, is below price. "
            "in_stock is true exactly when stock_quantity is above zero. rating is the mean "
            "of the listed review ratings rounded to one decimal, and null when review_count "
            "is 0. review_count is at least the number of listed reviews. Every variant_sku "
            "starts with the product sku and a hyphen, and no two are the same. Reviews are "
            "not older than launched_at."
        )

    examples = (
        "datagen retail-product --industry apparel --count 20 -o data/apparel-products "
        "--provider offline",
        "datagen retail-product --industry books -n 50 -f csv --seed 3 -o data/book-products "
        "--provider offline",
    )

    def _profile(self) -> Profile:
        return PROFILES[self.options.industry]

    def _band_starts(self) -> tuple[float, float]:
        """Where the mid-range and the premium price bands start."""
        prices = self._profile().prices
        return prices["mid-range"][0], prices["premium"][0]

    def _price_band(self, price: float) -> str:
        first, second = self._band_starts()
        return "budget" if price < first else "mid-range" if price < second else "premium"

    def _set_price_band(self, record: dict[str, Any], band: str) -> None:
        """Move a product's list price into ``band``: to the band's nearest end."""
        first, second = self._band_starts()
        low, high = {
            "budget": (0.0, first - 0.01),
            "mid-range": (first, second - 0.01),
            "premium": (second, math.inf),
        }[band]
        record["price"] = cents(min(max(record["price"], low), high))

    def attributes(self) -> list[Attribute]:
        """Price band, availability, review sentiment and sale, drawn per record."""
        return [
            Attribute(
                "price_band",
                PRICE_BAND_WEIGHTS,
                observe=lambda r: self._price_band(r["price"]),
                apply=self._set_price_band,
            ),
            Attribute(
                "availability",
                AVAILABILITY_WEIGHTS,
                observe=lambda r: availability_of(r["stock_quantity"]),
                apply=set_availability,
            ),
            # The rating is the mean of the listed reviews: it cannot be set alone.
            Attribute(
                "review_sentiment", SENTIMENT_WEIGHTS, observe=lambda r: sentiment_of(r["rating"])
            ),
            Attribute.percent(
                "on_sale", 30, observe=lambda r: r["sale_price"] is not None, apply=set_on_sale
            ),
        ]

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        profile = self._profile()
        (w_low, w_high), (s_low, s_high) = profile.weight_kg, profile.size_cm
        first = (synth.ANCHOR - timedelta(days=3 * 365)).date()
        last = (synth.ANCHOR - timedelta(days=14)).date()
        # offline_finalize also sets sale_price, stock, rating and review_count: they keep
        # their drawn draft values (not Later) so the record's random stream stays as it was.
        return {
            "sku": lambda _rng, ctx: f"{profile.prefix}-{ctx.index:06d}",
            "brand": lambda rng, _ctx: (
                f"{synth.choose(rng, BRAND_STEMS)} {synth.choose(rng, profile.brand_suffixes)}"
            ),
            "subcategory": lambda rng, ctx: synth.choose(
                rng, profile.categories[ctx.attributes["category"]]
            ),
            "features": lambda rng, ctx: rng.sample(
                CATEGORY_FEATURES[ctx.attributes["category"]], 3 + int(rng.random() * 3)
            ),
            "price": lambda rng, ctx: _price(rng, *profile.prices[ctx.attributes["price_band"]]),
            "currency": lambda rng, _ctx: synth.weighted(rng, CURRENCY_WEIGHTS),
            "launched_at": lambda rng, _ctx: synth.date_between(rng, first, last),
            "weight_kg": lambda rng, _ctx: round(w_low + rng.random() * (w_high - w_low), 2),
            "dimensions": lambda rng, _ctx: {
                f"{side}_cm": round(s_low + rng.random() * (s_high - s_low), 1)
                for side in ("length", "width", "height")
            },
        }

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Name, describe and stock the product; add reviews, variants and tags."""
        attributes = ctx.attributes
        subcategory, brand, price = record["subcategory"], record["brand"], record["price"]
        if self.options.industry == "books":
            name = BOOK_TITLES.expand(rng, "book", kind=subcategory)
        else:
            name = f"{brand.split()[0]} {synth.choose(rng, SERIES)} {subcategory}"
        record["name"] = name
        record["variants"] = self._variants(rng, record["sku"], price)
        industry, thing = self.options.industry, subcategory.lower()
        agreement = prose.plural_facts(thing, industry)
        features = [_IN_SENTENCE.get(f, f) for f in record["features"]]
        band = BAND_WORDS[attributes["price_band"]]
        record["description"] = prose.description(
            rng,
            industry,
            {
                "product": name,
                "brand": brand,
                "thing": thing,
                "band": band if agreement["this"] == "these" else indefinite(band),
                "brands": f"{brand}'" if brand.endswith("s") else f"{brand}'s",
                "feature1": features[0],
                "feature2": features[1],
                "feature3": features[2],
                "choices": _choices(record["variants"]),
                **agreement,
            },
        )
        record["sale_price"] = (
            cents(price * (0.5 + rng.random() * 0.4)) if attributes["on_sale"] else None
        )
        low, high = {"in-stock": (LOW_STOCK + 1, 600), "low-stock": (1, LOW_STOCK)}.get(
            attributes["availability"], (0, 0)
        )
        record["stock_quantity"] = low + int(rng.random() * (high - low + 1))
        record["in_stock"] = record["stock_quantity"] > 0
        record.update(self._reviews(rng, record, attributes["review_sentiment"]))
        tags = [self.options.industry, _slug(record["category"]), _slug(subcategory)]
        tags += rng.sample(TAG_WORDS, 1 + int(rng.random() * 2))
        record["tags"] = [*tags, "on-sale"] if record["sale_price"] is not None else tags
        return record

    def _reviews(self, rng: random.Random, record: dict[str, Any], sentiment: str) -> Any:
        if sentiment == "unreviewed":
            return {"reviews": [], "review_count": 0, "rating": None}
        industry, thing = self.options.industry, record["subcategory"].lower()
        facts = prose.product_facts(industry, thing, record["brand"])
        ratings = _ratings(rng, sentiment, 1 + int(rng.random() * 5))
        reviews: list[dict[str, Any]] = []
        for stars in ratings:
            feature = synth.choose(rng, record["features"])
            title, text = prose.review(
                rng, industry, stars, facts, _IN_SENTENCE.get(feature, feature)
            )
            reviews.append(
                {
                    "reviewer": synth.person_name(rng),
                    "rating": stars,
                    "title": title,
                    "text": text,
                    "date": synth.date_between(rng, record["launched_at"], synth.ANCHOR.date()),
                }
            )
        reviews.sort(key=lambda review: review["date"], reverse=True)
        return {
            "reviews": reviews,
            "review_count": len(reviews) + int(rng.random() ** 2 * 800),
            "rating": mean_rating(ratings),
        }

    def _variants(self, rng: random.Random, sku: str, price: float) -> list[dict[str, Any]]:
        (first, firsts), (second, seconds) = self._profile().axes
        combos = [(a, b) for a in firsts for b in seconds]
        variants = []
        for number, (a, b) in enumerate(rng.sample(combos, int(rng.random() * 5)), start=1):
            upcharge = cents(price * rng.random() * 0.3) if rng.random() < 0.4 else 0.0
            variants.append(
                {
                    "variant_sku": f"{sku}-{number:02d}",
                    "attributes": [{"name": first, "value": a}, {"name": second, "value": b}],
                    "price": cents(price + upcharge),
                }
            )
        return variants

    @rule("sale_price is not below price")
    def sale_below_list_price(self, record: RetailProduct) -> bool:
        return record.sale_price is None or record.sale_price < record.price

    @rule(
        "in_stock disagrees with stock_quantity",
        fix=lambda record: record.model_copy(update={"in_stock": record.stock_quantity > 0}),
    )
    def in_stock_follows_the_stock(self, record: RetailProduct) -> bool:
        return record.in_stock == (record.stock_quantity > 0)

    @rule(
        "review_count is below the number of listed reviews",
        fix=lambda record: record.model_copy(update={"review_count": len(record.reviews)}),
    )
    def review_count_covers_the_reviews(self, record: RetailProduct) -> bool:
        return record.review_count >= len(record.reviews)

    @rule(
        "rating is not the mean of the review ratings",
        fix=lambda record: record.model_copy(update={"rating": _mean_of_reviews(record)}),
    )
    def rating_is_the_mean_of_the_reviews(self, record: RetailProduct) -> bool:
        return not record.reviews or record.rating == _mean_of_reviews(record)

    @rule(
        "a product without reviews cannot have a rating",
        fix=lambda record: record.model_copy(update={"rating": None}),
    )
    def no_rating_without_reviews(self, record: RetailProduct) -> bool:
        return bool(record.reviews) or record.review_count > 0 or record.rating is None

    @rule("a reviewed product needs a rating")
    def reviewed_products_are_rated(self, record: RetailProduct) -> bool:
        return bool(record.reviews) or record.review_count == 0 or record.rating is not None

    @rule("a variant_sku does not start with the product sku")
    def variant_skus_extend_the_sku(self, record: RetailProduct) -> bool:
        return all(v.variant_sku.startswith(f"{record.sku}-") for v in record.variants)

    @rule("variant SKUs are not unique")
    def variant_skus_differ(self, record: RetailProduct) -> bool:
        skus = [variant.variant_sku for variant in record.variants]
        return len(set(skus)) == len(skus)

    def render_text(self, record: RetailProduct) -> str:
        """A readable product sheet: facts, description, features, variants, reviews."""
        money = record.currency
        price = f"{record.price:.2f} {money}"
        if record.sale_price is not None:
            price += f" (on sale: {record.sale_price:.2f} {money})"
        size = record.dimensions
        rating = "no ratings yet" if record.rating is None else f"{record.rating}/5"
        variants = [
            f"- {v.variant_sku}: "
            + ", ".join(f"{a.name} {a.value}" for a in v.attributes)
            + f" at {v.price:.2f} {money}"
            for v in record.variants
        ]
        reviews = [
            f"{r.rating}/5 {r.title} by {r.reviewer} on {r.date.isoformat()}\n{r.text}"
            for r in record.reviews
        ]
        return render_document(
            f"{record.name} ({record.sku})",
            facts=[
                ("Brand", record.brand),
                ("Industry", record.industry),
                ("Category", f"{record.category} > {record.subcategory}"),
                ("Price", price),
                ("Stock", f"{record.stock_quantity} units" if record.in_stock else "out of stock"),
                ("Rating", f"{rating} from {record.review_count} reviews"),
                ("Weight", f"{record.weight_kg} kg"),
                ("Dimensions", f"{size.length_cm} x {size.width_cm} x {size.height_cm} cm"),
                ("Launched", record.launched_at.isoformat()),
                ("Tags", ", ".join(record.tags)),
            ],
            sections=[
                ("Description", record.description),
                ("Features", "\n".join(f"- {feature}" for feature in record.features)),
                ("Variants", "\n".join(variants) or "No variants."),
                ("Reviews", "\n\n".join(reviews) or "No reviews yet."),
            ],
        )


def _mean_of_reviews(record: RetailProduct) -> float:
    return mean_rating([review.rating for review in record.reviews])


def _as_in_sentence(feature: str) -> str:
    """``feature`` as it reads inside a sentence: first letter lower-case, unless a name."""
    word = feature.split(" ", 1)[0]
    if word == "Bluetooth" or word[0].isdigit() or word[1:] != word[1:].lower():
        return feature  # a name (Bluetooth), a number (4K) or an acronym (USB-C)
    return feature[:1].lower() + feature[1:]


#: Every feature as it reads inside a sentence.
_IN_SENTENCE = {
    feature: _as_in_sentence(feature)
    for features in CATEGORY_FEATURES.values()
    for feature in features
}


def _choices(variants: list[dict[str, Any]]) -> str:
    """What the variants offer, for a description (``Black and Navy colors``; none: empty)."""
    if not variants:
        return ""
    first = variants[0]["attributes"][0]
    values = sorted({v["attributes"][0]["value"] for v in variants})
    if len(values) == 1:
        return f"{first['name'].lower()} {values[0]}"
    return f"{', '.join(values[:-1])} and {values[-1]} {first['name'].lower()}s"


def _slug(text: str) -> str:
    return "-".join(text.lower().replace("&", " ").replace("'", "").split())
