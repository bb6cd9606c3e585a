"""Return reasons of the ``ecommerce-order-history`` scenario, made from the returned order.

A reason names the returned item, says what went wrong with an item of its category, and
fits the order's timeline: damage or a wrong item is noticed on arrival, a fault after some
days of use, and lateness only when the delivery took long.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from data_generator import synth
from data_generator.phrases import Grammar

__all__ = ["LATE_AFTER_DAYS", "plural", "return_reason"]

#: A delivery that took this many days or more may be returned as too late.
LATE_AFTER_DAYS = 5
#: A return within this many days of delivery is noticed on arrival.
ON_ARRIVAL_DAYS = 3

#: What fails in use, by product category.
FAULTS: dict[str, tuple[str, ...]] = {
    "audio": ("would not pair with my {device}", "stopped charging", "crackled at any volume",
              "kept dropping the {device} connection", "lost sound in the left channel"),
    "power": ("stopped charging my {device}", "ran hot while charging", "lost charge overnight",
              "charged my {device} far slower than advertised"),
    "computing": ("developed {a defect}", "kept disconnecting from my laptop",
                  "stopped responding after a {device} update"),
    "smart-home": ("dropped off the home Wi-Fi every night", "would not pair with the app",
                   "kept switching off on its own"),
    "cameras": ("froze while recording", "drained its battery in under an hour",
                "corrupted the memory card twice"),
    "tops": ("shrank after one wash", "pilled badly", "lost its colour in the wash"),
    "bottoms": ("split at the seam", "faded quickly", "lost its shape after one wash"),
    "outerwear": ("leaked at the seams in light rain", "had a zip that broke",
                  "lost its stitching at the cuff"),
    "footwear": ("came apart at the sole", "squeaked with every step",
                 "rubbed my heel raw"),
    "accessories": ("frayed at the edges", "lost its buckle", "faded quickly"),
    "pantry": ("tasted rancid", "had weevils in the bag", "went stale once opened"),
    "drinks": ("tasted flat", "tasted off once opened", "had split on the shelf"),
    "snacks": ("tasted stale", "had melted into one block", "{was} crushed to crumbs"),
    "kitchen": ("rusted after the first wash", "lost its edge within days",
                "cracked on the stove"),
    "bedding": ("went flat within a week", "shed fibres everywhere", "tore at a seam"),
    "lighting": ("flickered constantly", "stopped lighting up", "buzzed when switched on"),
    "garden": ("rusted after one rain", "snapped at the hinge", "warped in the sun"),
    "skincare": ("caused a rash", "separated in the bottle", "irritated my skin"),
    "makeup": ("crumbled in the case", "smudged within an hour", "shed bristles everywhere"),
    "haircare": ("left my hair greasy", "irritated my scalp", "leaked from the pump"),
    "fragrance": ("faded within an hour", "smelled nothing like its notes",
                  "had a sprayer that jammed"),
    "fitness": ("tore at the edge", "started to smell of rubber", "lost its grip"),
    "outdoor": ("leaked in the first shower", "lost a buckle on the first trip",
                "tore along a seam"),
    "running": ("came apart at the sole", "gave me blisters", "lost its grip"),
    "cycling": ("had a strap that would not stay fastened", "cracked at the vent",
                "pinched no matter how it was adjusted"),
    "team-sports": ("lost air overnight", "split at a panel", "would not stay inflated"),
    "building": ("had pieces that would not stay together", "had a cracked piece",
                 "lost its magnets"),
    "plush": ("lost an eye", "split at a seam", "shed fluff everywhere"),
    "games": ("{was} missing pieces", "had misprinted cards", "had a warped board"),
    "outdoor-play": ("lost a wheel", "leaked from the tank", "jammed after a day of play"),
    "stem": ("would not connect to the tablet", "had a dead motor", "lost a lens"),
    "fiction": ("had pages out of order", "had a cracked spine", "had a chapter printed twice"),
    "non-fiction": ("had blank pages", "had smudged maps", "had a loose binding"),
    "cookbooks": ("had pages stuck together", "had a loose binding", "had blurred photos"),
    "professional": ("had missing pages", "had a loose binding", "had misprinted code"),
    "children": ("had torn pages", "had pages out of order", "had a bent cover"),
}  # fmt: skip
#: Why an item of a category did not suit (other categories use their industry's table).
UNSUITED: dict[str, tuple[str, ...]] = {
    "tops": ("ran a size small", "{was} too tight at the shoulders", "ran a size large"),
    "bottoms": ("ran a size small", "{was} too long in the leg", "{was} too tight at the waist"),
    "outerwear": ("ran a size small", "{was} too tight at the shoulders",
                  "{was} too warm for spring"),
    "footwear": ("pinched at the toes", "ran half a size small", "ran half a size large"),
    "accessories": ("looked different from the photos", "{was} a darker colour than shown"),
    "fitness": ("{was} heavier than described", "{was} too short for my height"),
    "outdoor": ("{was} smaller inside than described", "{was} heavier than described"),
    "running": ("ran half a size small", "pinched at the toes", "{was} too narrow"),
    "cycling": ("did not fit my head", "ran a size small"),
    "team-sports": ("{was} smaller than described", "{was} too heavy for the kids' team"),
    "audio": ("{was} too quiet for my commute", "did not fit my ears",
              "did not work with my {device}"),
    "drinks": ("{was} too sweet for us", "contained an allergen for us"),
    "snacks": ("{was} too salty for us", "contained an allergen for us"),
    "haircare": ("did not suit my hair type", "left my hair flat"),
    "fragrance": ("had too strong a scent", "smelled too sweet on me"),
}  # fmt: skip
#: By industry: damage seen on arrival, what came wrong, why it did not suit, what it is
#: used with and its defects (electronics).
INDUSTRY: dict[str, dict[str, tuple[str, ...]]] = {
    "electronics": {
        "damage": ("a cracked casing", "a scratched finish", "a bent connector",
                   "a dented corner"),
        "wrong": ("colour", "model", "plug type"),
        "unsuited": ("did not work with my {device}", "turned out bulkier than the photos",
                     "{was} too loud for an office"),
        "device": ("phone", "laptop", "tablet", "smart TV"),
        "defect": ("a sticky key", "a dead pixel", "a rattle inside", "a loose port"),
    },
    "apparel": {
        "damage": ("a torn seam", "a stain on the front", "a broken zip", "a pulled thread"),
        "wrong": ("size", "colour", "fit"),
        "unsuited": ("looked different from the photos", "{was} a poor fit"),
            },
    "grocery": {
        "damage": ("a leaking pack", "a burst seal", "a crushed carton",
                   "a best-before date only days away"),
        "wrong": ("flavour", "pack size", "variety"),
        "unsuited": ("{was} not the organic version", "contained an allergen for us"),
            },
    "home-garden": {
        "damage": ("a chipped edge", "a cracked panel", "missing screws", "a dented frame"),
        "wrong": ("size", "finish", "colour"),
        "unsuited": ("{was} too large for the space", "clashed with the room",
                     "needed tools I did not have"),
            },
    "beauty": {
        "damage": ("a broken seal", "a leaking cap", "a cracked bottle", "a dented tube"),
        "wrong": ("shade", "size", "scent"),
        "unsuited": ("did not match my skin tone", "had too strong a scent",
                     "{was} too heavy for my skin"),
            },
    "sports": {
        "damage": ("a torn strap", "a scuffed surface", "a bent frame", "a ripped bag"),
        "wrong": ("size", "colour", "weight"),
        "unsuited": ("{was} heavier than described", "{was} too advanced for a beginner"),
            },
    "toys": {
        "damage": ("a crushed box", "a snapped part", "missing pieces", "a cracked lid"),
        "wrong": ("edition", "colour", "set"),
        "unsuited": ("{was} too advanced for my child", "{was} a duplicate gift",
                     "{was} too small for the age on the box"),
            },
    "books": {
        "damage": ("a bent cover", "water damage", "a torn dust jacket", "creased pages"),
        "wrong": ("edition", "language", "format"),
        "unsuited": ("{was} a duplicate gift", "{was} a different translation than expected",
                     "{was} too basic for my course", "{was} an outdated edition"),
            },
}  # fmt: skip

_LEADS = ("The {item}", "{item}", "My {item}", "The {item} I ordered", "The {item} in this order")
#: Leads of names that bring their own article (book titles: The Salt Archive).
_TITLED_LEADS = ("{item}", "My copy of {item}", "The copy of {item} I ordered")
_TAILS = {
    "": 3, "; sent back for a refund": 1, "; returned for a full refund": 1,
    ", so I asked for a refund": 1, "; exchanged for a replacement": 1,
    ", and support approved the return": 1, "; returned within the return window": 1,
    ", so {it} went back": 1,
}  # fmt: skip
_COMMON: dict[str, Sequence[str] | Mapping[str, float]] = {
    "lead": _LEADS,
    "titled_lead": _TITLED_LEADS,
    "tail": _TAILS,
    "arrival": [
        "arrived with {damage}",
        "came in a crushed box with {damage}",
        "reached me with {damage}",
        "{was} delivered with {damage}",
    ],
    "wrong_item": [
        "came in the wrong {wrong}",
        "arrived in a different {wrong} than the one ordered",
        "turned out to be the wrong {wrong}",
    ],
    "late": [
        "arrived {late_days} days after ordering, too late for {occasion}",
        "took {late_days} days to arrive and missed {occasion}",
        "came {late_days} days after the order, after {occasion}",
    ],
    "occasion": ["a birthday", "our trip", "the weekend away", "an event", "a gift exchange"],
    "mind": [
        "{was} no longer needed",
        "turned up cheaper at another shop",
        "{was} ordered twice by mistake",
        "{was} a gift the recipient already had",
    ],
    "after": ["after {use_days} days", "after {use_days} days of use", "within {use_days} days"],
    "after_books": [
        "when I opened it",
        "halfway through",
        "on the first read",
        "{use_days} days after delivery",
        "once I started reading",
    ],
}
#: One grammar per industry: common tables, the industry's word tables, each category's faults.
GRAMMARS: dict[str, Grammar] = {
    industry: Grammar(
        {
            **_COMMON,
            **tables,
            **{f"fault_{category}": faults for category, faults in FAULTS.items()},
            **{f"unsuited_{category}": reasons for category, reasons in UNSUITED.items()},
        }
    )
    for industry, tables in INDUSTRY.items()
}


def plural(industry: str, item: str) -> bool:
    """Whether product name ``item`` names a plural (Wireless Earbuds; not a book title)."""
    head = item.split(" (", 1)[0]
    return industry != "books" and head.endswith("s") and not head.endswith("ss")


def return_reason(
    rng: random.Random,
    industry: str,
    category: str,
    item: str,
    *,
    delivery_days: int,
    kept_days: int,
) -> str:
    """Why ``item`` (of ``category`` in ``industry``) went back, in one sentence.

    Args:
        rng: The record's random stream.
        industry: The shop's industry.
        category: The item's product category.
        item: The item's product name.
        delivery_days: Whole days from order to delivery.
        kept_days: Whole days from delivery to return.
    """
    unsuited = f"unsuited_{category}" if category in UNSUITED else "unsuited"
    kinds = {"wrong_item": 1.0, "mind": 1.0, unsuited: 2.0}
    if kept_days <= ON_ARRIVAL_DAYS:
        kinds |= {"arrival": 3.0, "wrong_item": 2.0}
    else:
        kinds[f"fault_{category}"] = 4.0
    if delivery_days >= LATE_AFTER_DAYS:
        kinds["late"] = 2.0
    kind = synth.weighted(rng, kinds)
    grammar = GRAMMARS[industry]
    facts = {
        "item": item,
        "was": "were" if plural(industry, item) else "was",
        "it": "they" if plural(industry, item) else "it",
        "late_days": str(delivery_days),
        "use_days": str(kept_days),
    }
    clause = grammar.expand(rng, kind, **facts)
    after = ""
    if kind.startswith("fault_"):
        after = (
            f" {grammar.expand(rng, 'after_books' if industry == 'books' else 'after', **facts)}"
        )
    lead = "titled_lead" if item.startswith(("The ", "A ")) else "lead"
    tail = grammar.expand(rng, "tail", **facts)
    text = f"{grammar.expand(rng, lead, **facts)} {clause}{after}{tail}"
    return text[:1].upper() + text[1:]
