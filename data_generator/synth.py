"""Fast, deterministic building blocks for offline records.

Names, reserved contact data, identifiers, dates and text assembled from vocabularies.

Everything takes a :class:`random.Random` and uses nothing else, so a record is a pure
function of its seed. Plain ``random`` over small vocabularies is used on purpose: it is
several times faster than Faker or Mimesis for the same fields (see ``benchmarks/``).
Contact data is reserved-only: e-mail at example.com/.org/.net and 555-01xx phone numbers.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
import re
import string
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, timezone

__all__ = [
    "ANCHOR",
    "EMAIL_DOMAINS",
    "Distribution",
    "choose",
    "company_name",
    "date_between",
    "datetime_between",
    "email_address",
    "fill",
    "generic_text",
    "identifier",
    "paragraph",
    "person_name",
    "phone_number",
    "sentence",
    "weighted",
]

#: Offline dates fall in the two years before this instant (fixed, for reproducibility).
ANCHOR = datetime(2026, 1, 1, tzinfo=timezone.utc)
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")

FIRST_NAMES = (
    "Ada", "Alan", "Amara", "Ana", "Arjun", "Aylin", "Beatriz", "Bjorn", "Carmen", "Chen",
    "Chloe", "Dario", "Dmitri", "Elena", "Emeka", "Farah", "Felix", "Grace", "Hana", "Hugo",
    "Ines", "Ivan", "Jamal", "Jana", "Kai", "Keiko", "Lars", "Leila", "Lucas", "Maya",
    "Mateo", "Mei", "Nadia", "Nikhil", "Noah", "Olga", "Omar", "Priya", "Rafael", "Rosa",
    "Sami", "Sara", "Sofia", "Tariq", "Tomas", "Uma", "Victor", "Wen", "Yara", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Abbott", "Alvarez", "Andersen", "Baker", "Bianchi", "Chowdhury", "Costa", "Dubois",
    "Eriksen", "Fernandes", "Fischer", "Garcia", "Haddad", "Hughes", "Ibrahim", "Ito",
    "Jensen", "Kaur", "Kim", "Kowalski", "Larsen", "Lopez", "Mahlaba", "Martin", "Moreau",
    "Nakamura", "Novak", "Okafor", "Olsen", "Patel", "Petrov", "Quinn", "Rossi", "Santos",
    "Schmidt", "Silva", "Singh", "Suzuki", "Tanaka", "Torres", "Usman", "Varga", "Walsh",
    "Weber", "Xu", "Yamamoto", "Yilmaz", "Zhang", "Zielinski", "Ortega",
)  # fmt: skip
COMPANY_WORDS = (
    "Acme", "Blue Harbor", "Brightline", "Cedar", "Contoso", "Fabrikam", "Granite", "Harbor",
    "Northwind", "Lumen", "Maple", "Orbit", "Pinecrest", "Riverbend", "Summit", "Tailspin",
    "Trey", "Wide World", "Woodgrove", "Zenith",
)  # fmt: skip
COMPANY_KINDS = ("Labs", "Systems", "Health", "Group", "Partners", "Works", "Logistics")
GENERIC_WORDS = (
    "account", "request", "update", "review", "schedule", "report", "customer", "service",
    "change", "process", "team", "system", "record", "follow-up", "summary", "status",
)  # fmt: skip

_NOT_LOCAL_PART = re.compile(r"[^a-z.]")


def choose(rng: random.Random, values: Sequence[str]) -> str:
    """Return one of ``values``, uniformly."""
    return values[int(rng.random() * len(values))]


def weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    """Return a key of ``weights`` drawn with probability proportional to its weight."""
    return Distribution(weights).draw(rng)


class Distribution:
    """A categorical distribution prepared once and drawn from many times."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        if not weights or min(weights.values()) < 0 or sum(weights.values()) <= 0:
            raise ValueError(f"weights must be non-negative with a positive sum: {weights!r}")
        self.values = tuple(weights)
        self.cumulative = tuple(itertools.accumulate(weights.values()))

    def draw(self, rng: random.Random) -> str:
        """Return one value, with probability proportional to its weight."""
        point = rng.random() * self.cumulative[-1]
        return self.values[bisect.bisect_right(self.cumulative, point)]


def person_name(rng: random.Random) -> str:
    """Return a fictional full name."""
    return f"{choose(rng, FIRST_NAMES)} {choose(rng, LAST_NAMES)}"


def email_address(rng: random.Random, name: str | None = None) -> str:
    """Return an e-mail address at a reserved example domain, derived from ``name``."""
    local = (name or person_name(rng)).lower().replace(" ", ".")
    if not (local.isascii() and local.replace(".", "").isalpha()):
        local = _NOT_LOCAL_PART.sub("", local)
    return f"{local or 'user'}{int(rng.random() * 100)}@{choose(rng, EMAIL_DOMAINS)}"


def phone_number(rng: random.Random) -> str:
    """Return a North American number in the fictional 555-0100..555-0199 range."""
    area = 200 + int(rng.random() * 700)
    return f"+1-{area}-555-01{int(rng.random() * 100):02d}"


def company_name(rng: random.Random) -> str:
    """Return a fictional organisation name."""
    return f"{choose(rng, COMPANY_WORDS)} {choose(rng, COMPANY_KINDS)}"


def identifier(rng: random.Random, prefix: str, digits: int = 6) -> str:
    """Return ``PREFIX-000123``-style identifiers."""
    return f"{prefix}-{int(rng.random() * 10**digits):0{digits}d}"


def datetime_between(
    rng: random.Random, start: datetime, end: datetime, *, resolution: int = 60
) -> datetime:
    """Return a UTC instant in ``[start, end]``, rounded to ``resolution`` seconds."""
    span = max(0, int((end - start).total_seconds()) // resolution)
    return start + timedelta(seconds=int(rng.random() * (span + 1)) * resolution)


def date_between(rng: random.Random, start: date, end: date) -> date:
    """Return a date in ``[start, end]``."""
    return start + timedelta(days=int(rng.random() * ((end - start).days + 1)))


@functools.lru_cache(maxsize=4096)
def _slots(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


def fill(rng: random.Random, template: str, vocabulary: Mapping[str, Sequence[str]]) -> str:
    """Fill each ``{slot}`` of ``template`` with a random entry of ``vocabulary[slot]``."""
    slots = _slots(template)
    if not slots:
        return template
    return template.format_map({slot: choose(rng, vocabulary[slot]) for slot in slots})


def sentence(
    rng: random.Random, templates: Sequence[str], vocabulary: Mapping[str, Sequence[str]]
) -> str:
    """Fill one randomly chosen template."""
    return fill(rng, choose(rng, templates), vocabulary)


def paragraph(
    rng: random.Random,
    templates: Sequence[str],
    vocabulary: Mapping[str, Sequence[str]],
    sentences: tuple[int, int] = (2, 4),
) -> str:
    """Join a few distinct filled templates into a paragraph."""
    count = sentences[0] + int(rng.random() * (sentences[1] - sentences[0] + 1))
    picked = rng.sample(list(templates), min(count, len(templates)))
    return " ".join(fill(rng, template, vocabulary) for template in picked)


def generic_text(rng: random.Random, words: int = 8) -> str:
    """Return a short neutral phrase for fields no hint covers."""
    picked = [choose(rng, GENERIC_WORDS) for _ in range(words)]
    return (" ".join(picked)).capitalize() + "."
