"""Fast, deterministic building blocks for offline records.

Names, reserved contact data, identifiers, dates and text assembled from vocabularies.

Everything takes a :class:`random.Random` and uses nothing else, so a record is a pure
function of its seed. Plain ``random`` over small vocabularies is used on purpose: it is
several times faster than Faker or Mimesis for the same fields (see ``benchmarks/``).
Contact data is reserved-only: e-mail at example.com/.org/.net and 555-01xx phone numbers.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, timezone

__all__ = [
    "ANCHOR",
    "EMAIL_DOMAINS",
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

_SLOT = re.compile(r"\{(\w+)\}")


def choose(rng: random.Random, values: Sequence[str]) -> str:
    """Return one of ``values``, uniformly."""
    return values[int(rng.random() * len(values))]


def weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    """Return a key of ``weights`` drawn with probability proportional to its weight."""
    point = rng.random() * sum(weights.values())
    for value, weight in weights.items():
        point -= weight
        if point < 0:
            return value
    return list(weights)[-1]


def person_name(rng: random.Random) -> str:
    """Return a fictional full name."""
    return f"{choose(rng, FIRST_NAMES)} {choose(rng, LAST_NAMES)}"


def email_address(rng: random.Random, name: str | None = None) -> str:
    """Return an e-mail address at a reserved example domain, derived from ``name``."""
    local = re.sub(r"[^a-z.]", "", (name or person_name(rng)).lower().replace(" ", "."))
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


def fill(rng: random.Random, template: str, vocabulary: Mapping[str, Sequence[str]]) -> str:
    """Fill each ``{slot}`` of ``template`` with a random entry of ``vocabulary[slot]``."""
    return _SLOT.sub(lambda match: choose(rng, vocabulary[match.group(1)]), template)


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
