"""Product domains: the vocabulary offline prose uses for the product a user describes.

``-d "Payroll service"`` should yield cases about payslips and pay runs, not CRM
opportunities. :data:`DOMAINS` holds one :class:`Domain` per product kind (CRM, payroll,
EHR, e-commerce, banking, ERP, HR, router firmware, medical device, logistics, video
streaming, online game, smart home, point of sale, contact centre, learning); each has its
entities, features, user actions, error messages, and root causes with their fixes keyed
by the part of the system at fault (tech-support's ``area``).

:func:`match_domain` picks the domain whose keywords a description names most (whole
words, case-insensitive; ties go to the earlier domain). A description that names none
gets a generic domain built from its own words, so text still names the product.

Example:
    >>> match_domain("Hospital MRI scanner firmware").name
    'medical-device'
    >>> match_domain("Beekeeping hive tracker").product
    'Beekeeping hive tracker'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from data_generator.domain_lexicon import LEXICON

__all__ = ["AREAS", "DOMAINS", "Domain", "generic_domain", "match_domain", "mention"]

#: The parts of a system a fault can lie in (tech-support's ``area``).
AREAS = ("frontend", "backend", "database", "network", "other")

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*")
_STOP_WORDS = frozenset({
    "a", "an", "and", "app", "application", "for", "from", "in", "of", "on", "our",
    "platform", "product", "service", "software", "system", "the", "to", "tool", "with",
})  # fmt: skip


@dataclass(frozen=True)
class Domain:
    """One product domain's vocabulary.

    Attributes:
        name: Short identifier (``payroll``, ``medical-device``; ``generic`` for a fallback).
        product: How text names the product (``payroll service``; a fallback's description).
        keywords: Lower-case words and phrases that select this domain in a description.
        entities: The things users handle, as (singular, plural) pairs.
        features: Screens and features of the product.
        actions: What users do, as gerund phrases (``approving the monthly pay run``).
        errors: Error messages the product shows.
        causes: Root causes by area (``frontend``, ``backend``, ``database``, ``network``,
            ``other``), each a noun phrase.
        fixes: By area, the fix of each cause: ``fixes[area][i]`` removes ``causes[area][i]``
            (a past-tense verb phrase).
        workarounds: Imperative phrases a customer can follow until the fix is out.
        terms: Lower-case words and phrases that show text is about this domain (its
            keywords, entities, features), for tests and checks.
        tables: The vocabulary as :class:`~data_generator.phrases.Grammar` tables:
            ``product``, ``entity``, ``entities``, ``feature``, ``action``, ``error``,
            ``workaround``, and ``cause_<area>`` / ``fix_<area>`` for every area.
    """

    name: str
    product: str
    keywords: tuple[str, ...]
    entities: tuple[tuple[str, str], ...]
    features: tuple[str, ...]
    actions: tuple[str, ...]
    errors: tuple[str, ...]
    causes: Mapping[str, tuple[str, ...]] = field(compare=False, repr=False)
    fixes: Mapping[str, tuple[str, ...]] = field(compare=False, repr=False)
    workarounds: tuple[str, ...] = field(repr=False)
    terms: frozenset[str] = field(compare=False, repr=False)
    tables: Mapping[str, tuple[str, ...]] = field(compare=False, repr=False)

    def area_of(self, cause: str) -> str | None:
        """The area whose table holds ``cause`` (or a text starting with one), if any."""
        text = cause.lower()
        for area, causes in self.causes.items():
            if any(text.startswith(known.lower()) for known in causes):
                return area
        return None


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


def _build(
    name: str,
    product: str,
    *,
    keywords: tuple[str, ...],
    entities: tuple[tuple[str, str], ...],
    features: tuple[str, ...],
    actions: tuple[str, ...],
    errors: tuple[str, ...],
    pairs: Mapping[str, tuple[tuple[str, str], ...]],
    workarounds: tuple[str, ...],
) -> Domain:
    causes = {area: tuple(cause for cause, _ in pairs[area]) for area in AREAS}
    fixes = {area: tuple(fix for _, fix in pairs[area]) for area in AREAS}
    terms = {word.lower() for pair in entities for word in pair}
    terms |= {word.lower() for word in (*keywords, *features)}
    tables: dict[str, tuple[str, ...]] = {
        "product": (product,),
        "entity": tuple(singular for singular, _ in entities),
        "entities": tuple(plural for _, plural in entities),
        "feature": features,
        "action": actions,
        "error": errors,
        "workaround": workarounds,
    }
    for area in AREAS:
        tables[f"cause_{area}"] = causes[area]
        tables[f"fix_{area}"] = fixes[area]
    return Domain(
        name=name,
        product=product,
        keywords=keywords,
        entities=entities,
        features=features,
        actions=actions,
        errors=errors,
        causes=MappingProxyType(causes),
        fixes=MappingProxyType(fixes),
        workarounds=workarounds,
        terms=frozenset(terms),
        tables=MappingProxyType(tables),
    )


def _from_lexicon(entry: Mapping[str, str]) -> Domain:
    def pairs(area: str) -> tuple[tuple[str, str], ...]:
        found = []
        for item in _split(entry[area]):
            cause, fix = item.split("=>")
            found.append((cause.strip(), fix.strip()))
        return tuple(found)

    entities = tuple(
        (singular.strip(), plural.strip())
        for singular, plural in (item.split("/") for item in _split(entry["entities"]))
    )
    return _build(
        entry["name"],
        entry["product"],
        keywords=_split(entry["keywords"]),
        entities=entities,
        features=_split(entry["features"]),
        actions=_split(entry["actions"]),
        errors=_split(entry["errors"]),
        pairs={area: pairs(area) for area in AREAS},
        workarounds=_split(entry["workarounds"]),
    )


#: Every built-in product domain, in match priority order.
DOMAINS: tuple[Domain, ...] = tuple(_from_lexicon(entry) for entry in LEXICON)

_PATTERNS: tuple[tuple[Domain, tuple[tuple[re.Pattern[str], int], ...]], ...] = tuple(
    (
        domain,
        tuple(
            (re.compile(rf"(?<![\w-]){re.escape(keyword)}(?![\w-])", re.I), len(keyword.split()))
            for keyword in domain.keywords
        ),
    )
    for domain in DOMAINS
)


def mention(description: str) -> str:
    """``description`` as it reads mid-sentence: ``Payroll service`` -> ``payroll service``.

    A first word that is an acronym or has inner capitals (``SaaS CRM``, ``MRI scanner``)
    keeps its case.
    """
    text = " ".join(description.split())
    first = text.split(" ", 1)[0]
    if first[1:].islower() or len(first) == 1:
        return first[:1].lower() + text[1:]
    return text


@functools.lru_cache(maxsize=512)
def generic_domain(description: str) -> Domain:
    """A domain for a product no lexicon knows, built from the words of ``description``.

    Its entities and features are made of the description's own words, and its product is
    the description itself, so every text drawn from it names the product.
    """
    product = " ".join(description.split()) or "product"
    words = [w.lower() for w in _WORD.findall(product) if w.lower() not in _STOP_WORDS]
    words = list(dict.fromkeys(words)) or ["product"]
    entities = (
        *((f"{w} entry", f"{w} entries") for w in words),
        ("user account", "user accounts"),
        ("saved report", "saved reports"),
        ("notification", "notifications"),
    )
    features = tuple(f"{w} {screen}" for w in words for screen in ("overview", "settings"))
    features += ("sign-in page", "search page", "export page", "sync settings")
    actions = (
        *(f"adding a new {w} entry" for w in words),
        "signing in on a new device",
        "exporting a report",
        "editing several entries at once",
        "syncing after working offline",
    )
    errors = (
        "Something went wrong, please try again",
        "Changes could not be saved",
        "Sync failed",
        "Session expired",
    )
    noun = words[-1]
    pairs = {
        "frontend": (
            (f"A {noun} form that loses input when the page reloads",
             f"Kept the {noun} form's input across reloads"),
            ("A cached script bundle from the previous release",
             "Invalidated the cached script bundle on release"),
        ),
        "backend": (
            (f"A validation rule that rejects long {noun} names",
             f"Allowed longer {noun} names in the validation rule"),
            ("A background job without a retry limit", "Gave the background job a retry limit"),
        ),
        "database": (
            (f"A missing index on the {noun} entries table",
             f"Added the index on the {noun} entries table"),
            ("Duplicate rows left by an interrupted sync",
             "Removed the duplicate rows and made the sync resumable"),
        ),
        "network": (
            ("An expired certificate on the sync endpoint", "Renewed the sync certificate"),
            ("A proxy that times out long uploads", "Raised the proxy's upload timeout"),
        ),
        "other": (
            ("A plan limit lower than the account needs", "Raised the account's plan limit"),
            ("A notification setting reset by the last update",
             "Restored the notification setting"),
        ),
    }  # fmt: skip
    workarounds = (
        "save your changes more often",
        "use the web version for now",
        f"add the {noun} entries one at a time",
    )
    return _build(
        "generic",
        product,
        keywords=tuple(words),
        entities=entities,
        features=features,
        actions=actions,
        errors=errors,
        pairs=pairs,
        workarounds=workarounds,
    )


@functools.lru_cache(maxsize=512)
def match_domain(description: str) -> Domain:
    """The domain whose keywords ``description`` names most, else :func:`generic_domain`.

    Keywords match whole words, case-insensitively; a phrase counts once per word it has.
    Ties go to the domain listed first in :data:`DOMAINS`.
    """
    best, best_score = None, 0
    for domain, patterns in _PATTERNS:
        score = sum(weight for pattern, weight in patterns if pattern.search(description))
        if score > best_score:
            best, best_score = domain, score
    return best if best is not None else generic_domain(description)
