"""Descriptions and reviews of the ``retail-product`` scenario, made from the product.

Both are expanded from phrase grammars with the product's own facts: its name, brand,
subcategory, price band, features and variants, and (for a review) the rating. A review's
tone follows its stars: a 1-star review complains about a feature and an aspect, a 5-star
one praises them, 2 to 4 stars weigh the two.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from data_generator.tools.flat_prose import FlatProse
from data_generator.tools.retail_product_features import ASPECTS, USES

__all__ = ["PROSE", "description", "plural_facts", "product_facts", "review"]

_REVIEWS: dict[str, list[str]] = {
    # 5 stars: praise
    "open5": [
        "{Bought} {this} {thing} for {use} and {it} {is} {superb}",
        "{Weeks} weeks in, {this} {thing} {is} still {superb}",
        "Best {thing} I have owned, and I have tried a few",
        "{Bought} {this} {thing} for {use}; {it} {has} been {superb} from day one",
        "Honestly {superb}: {this} {brand} {thing} {does} everything I hoped for {use}",
    ],
    "superb": ["excellent", "fantastic", "a joy to use", "brilliant", "outstanding",
               "worth every penny"],
    "bought": ["I bought", "I picked up", "We ordered", "I chose", "I treated myself to"],
    "feature_good": [
        "{Feature}: {as_promised}",
        "The listing promised \"{feature}\", and {it} {delivers}",
        "\"{Feature}\" was the reason I chose {it_obj}, and it shows",
        "\"{Feature}\" is no exaggeration",
    ],
    "as_promised": ["exactly as advertised", "as promised, and it shows", "no complaints there",
                    "the best part"],
    "aspect_good": [
        "{Aspect} is {good}",
        "{Aspect}? {Good}",
        "{Aspect} is {good}, {even}",
        "I was surprised that {aspect} is so {good}",
    ],
    "even": ["even after {weeks} weeks", "even at this price", "better than my old one",
             "which matters for {use}"],
    "close5": [
        "Would happily buy from {brand} again",
        "I would recommend {this} {thing} to anyone",
        "Already ordering more from {brand} for {use}",
        "Five stars for {brand}",
    ],
    # 4 stars: praise with a quibble
    "open4": [
        "{Bought} {this} {thing} for {use} and {it} {is} {good_overall}",
        "Very happy with {this} {thing} after {weeks} weeks",
        "{This} {brand} {thing} {is} {good_overall} for {use}",
    ],
    "good_overall": ["very good", "great overall", "a solid choice", "well made",
                     "a good buy"],
    "quibble": [
        "My only gripe is that {flaw} is {bad}",
        "One star off because {flaw} is {bad}",
        "Small niggle: {flaw} is {bad}",
        "If I had to pick a fault, {flaw} is {bad}",
    ],
    # 3 stars: mixed
    "open3": [
        "{This} {thing} {is} fine for {use}, but nothing special",
        "Mixed feelings about {this} {thing} after {weeks} weeks",
        "{This} {brand} {thing} {does} the job for {use}, just about",
        "Decent {thing}, though not quite what I expected",
    ],
    "mixed": [
        "\"{Feature}\" holds up, but {flaw} is {bad}",
        "{Aspect} is {good}, yet \"{feature}\" felt oversold",
        "{Aspect} is {good}; {flaw}, though, is {bad}",
    ],
    "close3": [
        "Okay for the price, but I would look around before buying {thing} again",
        "Fine for {use}, if you are not fussy about your {thing}",
        "Three stars: it works, but {brand} can do better",
        "Not bad for {use}, though {brand} has made better",
    ],
    # 2 stars: disappointed
    "open2": [
        "Disappointed with {this} {thing} after {weeks} weeks",
        "I expected more from {this} {brand} {thing}",
        "{This} {thing} did not really work out for {use}",
    ],
    "small_good": [
        "{Aspect} is {good}, but {flaw} is {bad}",
        "{Flaw} is {bad}, which \"{feature}\" does not make up for",
        "To be fair, {aspect} is {good}; {flaw} is {bad}",
    ],
    # 1 star: complaint
    "open1": [
        "{This} {thing} {is} a waste of money",
        "Avoid {this} {brand} {thing}",
        "{This} {thing} let me down within {weeks} weeks",
        "Really poor {thing}, and useless for {use}",
        "I regret buying {this} {thing} for {use}",
    ],
    "feature_bad": [
        "The listing promised \"{feature}\"; not in my experience",
        "\"{Feature}\" was the reason I chose {it_obj}, and it is a letdown",
        "\"{Feature}\" is an exaggeration at best",
        "So much for \"{feature}\"",
    ],
    "aspect_bad": [
        "{Flaw} is {bad}",
        "{Flaw} is {bad}, {worse}",
        "On top of that, {flaw} is {bad}",
    ],
    "worse": ["even after {weeks} weeks of trying", "which is unacceptable at this price",
              "which rules it out for {use}"],
    "close1": [
        "Returning {this} {thing} and buying elsewhere",
        "I will not buy from {brand} again",
        "One star, and only because zero is not an option",
        "Save your money and skip {this} {thing}",
    ],
    # review titles, by stars: a verdict on the thing, where it was used or who made it
    "title5": ["{great} {thing} {from}", "{great} {brand} {thing} for {use}",
               "{great} {thing}, {weeks} weeks in", "Love {this} {brand} {thing}"],
    "great": ["Brilliant", "Superb", "Excellent", "Fantastic", "Outstanding", "Perfect"],
    "title4": ["{good_title} {thing} {from}", "{good_title} {brand} {thing} for {use}",
               "{good_title} {thing}, {weeks} weeks in",
               "{good_title} {brand} {thing}, one niggle"],
    "good_title": ["Very good", "Solid", "Great", "Nice", "Reliable"],
    "title3": ["{okay} {thing} {from}", "{okay} {brand} {thing} for {use}",
               "{okay} {thing}, {weeks} weeks in", "Mixed feelings about {this} {brand} {thing}"],
    "okay": ["Decent", "Average", "Okay", "Passable", "So-so"],
    "title2": ["{meh} {thing} {from}", "{meh} {brand} {thing} for {use}",
               "{meh} {thing}, {weeks} weeks in", "Expected more from {this} {brand} {thing}"],
    "meh": ["Disappointing", "Underwhelming", "Mediocre", "Forgettable"],
    "title1": ["{awful} {thing} {from}", "{awful} {brand} {thing} for {use}",
               "{awful} {thing}, {weeks} weeks in", "Avoid {this} {brand} {thing}"],
    "awful": ["Terrible", "Awful", "Useless", "Very poor", "Dreadful"],
    "from": ["from {brand}", "by {brand}"],
}  # fmt: skip
#: The sentences of a review with each number of stars (table names, in order).
SHAPES: dict[int, tuple[tuple[str, ...], ...]] = {
    5: (("open5", "feature_good", "aspect_good"), ("open5", "feature_good", "close5"),
        ("open5", "aspect_good", "close5"), ("open5", "feature_good")),
    4: (("open4", "feature_good", "quibble"), ("open4", "quibble"),
        ("open4", "aspect_good", "quibble")),
    3: (("open3", "mixed"), ("open3", "mixed", "close3"), ("mixed", "close3")),
    2: (("open2", "small_good"), ("open2", "feature_bad", "aspect_bad"),
        ("open2", "small_good", "close1")),
    1: (("open1", "feature_bad", "aspect_bad"), ("open1", "aspect_bad", "close1"),
        ("open1", "feature_bad", "close1"), ("open1", "feature_bad")),
}  # fmt: skip
_DESCRIPTIONS: dict[str, list[str]] = {
    "describe": [
        "{Product} {is} {band} {thing} from {brand}, made for {use}",
        "Meet {product}: {band} {thing} from {brand} for {use}",
        "{Product} from {brand} {is} {band} {thing} built for {use}",
        "Designed by {brand}, {product} {is} {band} {thing} for {use}",
    ],
    "highlight": [
        "Highlights: {feature1} and {feature2}",
        "Key features: {feature1}, plus {feature2}",
        "What sets {it_obj} apart: {feature1} and {feature2}",
        "Look for {feature1} and {feature2} on the label",
    ],
    "extra": [
        "Also on the list for {this} {thing}: {feature3}",
        "{Brand} adds one more: {feature3}",
        "The whole {brand} range shares {feature3}",
    ],
    "close": [
        "{Available}",
        "{Ships}",
        "Backed by {brands} {guarantee}",
        "{Available}, and {ships_lower}",
    ],
    "close_plain": ["{Ships}", "Backed by {brands} {guarantee}"],
    "available": ["Available in {choices}", "Choose from {choices}", "Offered in {choices}"],
    "ships": ["Ships {how} within {ship_days} working days",
              "Dispatched {how} in {ship_days} working days"],
    "ships_lower": ["ships within {ship_days} working days",
                    "dispatches in {ship_days} working days"],
    "how": ["in recyclable packaging", "in plastic-free packaging", "gift-wrapped on request",
            "with free returns"],
    "guarantee": ["{guarantee_days}-day satisfaction guarantee",
                  "{guarantee_days}-day money-back promise",
                  "{guarantee_days}-day return window"],
}  # fmt: skip
#: Review and description tables of each industry, with its uses.
PROSE: dict[str, FlatProse] = {
    industry: FlatProse({**_REVIEWS, **_DESCRIPTIONS, "use": USES[industry]})
    for industry in ASPECTS
}
#: The aspects a review of each industry judges.
_ASPECT_NAMES = {industry: tuple(aspects) for industry, aspects in ASPECTS.items()}


def plural_facts(thing: str, industry: str) -> dict[str, str]:
    """The agreement words of ``thing`` (``this``/``these``, ``is``/``are``, ...)."""
    many = industry != "books" and thing.endswith("s") and not thing.endswith("ss")
    return {
        "this": "these" if many else "this",
        "it": "they" if many else "it",
        "it_obj": "them" if many else "it",
        "is": "are" if many else "is",
        "has": "have" if many else "has",
        "delivers": "deliver" if many else "delivers",
        "does": "do" if many else "does",
    }


def product_facts(industry: str, thing: str, brand: str) -> dict[str, str]:
    """The facts every review of a product shares (capitalised forms included)."""
    return PROSE[industry].facts({"thing": thing, "brand": brand, **plural_facts(thing, industry)})


def review(
    rng: random.Random, industry: str, stars: int, facts: Mapping[str, str], feature: str
) -> tuple[str, str]:
    """A review's title and text for ``stars``, naming a feature and aspects of the product.

    The praised aspect and the faulted one (``flaw``) differ, so a review never says both.

    Args:
        rng: The record's random stream.
        industry: The product's industry.
        stars: The review's rating, 1 to 5.
        facts: The product's facts, from :func:`product_facts`.
        feature: The feature the review names, as it reads inside a sentence.
    """
    grammar = PROSE[industry]
    names = _ASPECT_NAMES[industry]
    aspect = names[int(rng.random() * len(names))]
    flaw = names[int(rng.random() * len(names))]
    while flaw == aspect:
        flaw = names[int(rng.random() * len(names))]
    praise, complaints = ASPECTS[industry][aspect][0], ASPECTS[industry][flaw][1]
    good = praise[int(rng.random() * len(praise))]
    weeks = str(2 + int(rng.random() * 11))
    words = dict(facts)
    words.update(
        aspect=aspect,
        Aspect=aspect[:1].upper() + aspect[1:],
        flaw=flaw,
        Flaw=flaw[:1].upper() + flaw[1:],
        good=good,
        Good=good[:1].upper() + good[1:],
        bad=complaints[int(rng.random() * len(complaints))],
        weeks=weeks,
        Weeks=weeks,
        feature=feature,
        Feature=feature[:1].upper() + feature[1:],
    )
    shape = SHAPES[stars][int(rng.random() * len(SHAPES[stars]))]
    text = " ".join([grammar.sentence(rng, part, words) for part in shape])
    title = grammar.expand(rng, f"title{stars}", words)
    return title[:1].upper() + title[1:], text


def description(rng: random.Random, industry: str, facts: Mapping[str, str]) -> str:
    """A catalogue description: what the product is, its features, a closing line.

    Args:
        rng: The record's random stream.
        industry: The product's industry.
        facts: ``product``, ``brand``, ``thing``, ``band``, ``feature1`` to ``feature3``,
            ``choices`` and the agreement words of :func:`plural_facts`.
    """
    grammar = PROSE[industry]
    words = {
        **facts,
        "ship_days": str(2 + int(rng.random() * 4)),
        "guarantee_days": str((1 + int(rng.random() * 4)) * 30),
    }
    parts = ["describe", "highlight"]
    if rng.random() < 0.5:
        parts.append("extra")
    parts.append("close" if facts["choices"] else "close_plain")
    words = grammar.facts(words)
    return " ".join(grammar.sentence(rng, part, words) for part in parts)
