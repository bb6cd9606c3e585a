"""Find and mask real-looking personal identifiers in generated text.

Synthetic data must not hold anything that could be a real person's contact or number:
e-mail addresses outside the reserved ``example.com``/``.org``/``.net`` domains (and the
reserved ``.test``/``.example``/``.invalid`` top-level domains), North American phone
numbers outside the fictional 555-0100..555-0199 range, international numbers, SSN-shaped
strings, and Luhn-valid card numbers other than the published test numbers.

The offline provider only writes reserved values; a model may not, so the engine masks
what a model wrote (:func:`mask_record`) before a record is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "TEST_CARD_NUMBERS",
    "Finding",
    "find_identifiers",
    "luhn_valid",
    "mask",
    "mask_record",
    "sensitive_number",
    "sensitive_numbers",
]

Kind = Literal["email", "phone", "ssn", "card"]

#: Card numbers published by networks and payment processors for testing.
TEST_CARD_NUMBERS = frozenset(
    {
        "4111111111111111",
        "4242424242424242",
        "4012888888881881",
        "4000056655665556",
        "4222222222222",
        "5555555555554444",
        "5105105105105100",
        "2223003122003222",
        "5200828282828210",
        "378282246310005",
        "371449635398431",
        "378734493671000",
        "6011111111111117",
        "6011000990139424",
        "3056930009020004",
        "30569309025904",
        "38520000023237",
        "3530111333300000",
        "3566002020360505",
        "6200000000000005",
    }
)
_RESERVED_DOMAINS = ("example.com", "example.org", "example.net")
_RESERVED_TLDS = (".test", ".example", ".invalid", ".localhost")

_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})(?![\w-])")
_NANP = re.compile(
    r"(?<![\w+])(?:\+?1[-. ]?)?(?:\((\d{3})\)\s?|(\d{3})[-. ])(\d{3})[-. ](\d{4})(?![\w-])"
    r"|(?<![\w+])\+1(\d{3})(\d{3})(\d{4})(?!\w)"
)
_INTERNATIONAL = re.compile(r"(?<![\w+])\+(?!1[-. (]?\d)\d{1,3}(?:[-. ]?\d{2,5}){2,4}(?![\w-])")
_SSN = re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")
_CARD = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
_ANY_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")


@dataclass(frozen=True)
class Finding:
    """One real-looking identifier.

    Attributes:
        kind: ``email``, ``phone``, ``ssn`` or ``card``.
        value: The text as found.
    """

    kind: Kind
    value: str


def luhn_valid(digits: str) -> bool:
    """Whether a string of digits passes the Luhn check that card numbers carry."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _email_is_reserved(domain: str) -> bool:
    domain = domain.lower()
    return domain in _RESERVED_DOMAINS or domain.endswith(
        tuple(f".{reserved}" for reserved in _RESERVED_DOMAINS) + _RESERVED_TLDS
    )


def _nanp_parts(match: re.Match[str]) -> tuple[str, str, str]:
    groups = match.groups()
    if groups[4] is not None:
        return groups[4], groups[5], groups[6]
    return groups[0] or groups[1], groups[2], groups[3]


def _phone_is_reserved(match: re.Match[str]) -> bool:
    _, exchange, line = _nanp_parts(match)
    return exchange == "555" and line.startswith("01")


def _card_digits(text: str) -> str | None:
    digits = re.sub(r"[ -]", "", text)
    if luhn_valid(digits) and digits not in TEST_CARD_NUMBERS:
        return digits
    return None


def sensitive_number(text: str) -> str | None:
    """Name a number that has no place in a document's prose, if ``text`` holds one.

    Stricter than :func:`find_identifiers`, for free-text fields of financial records:
    any full-length card number (a published test number too) or SSN-shaped string.
    """
    if _ANY_CARD.search(text):
        return "a full card number"
    if _SSN.search(text):
        return "an SSN-shaped number"
    return None


def sensitive_numbers(texts: Iterable[tuple[str, str]]) -> list[str]:
    """``"<where> holds <what>"`` for each ``(where, text)`` that holds a sensitive number."""
    return [f"{where} holds {found}" for where, text in texts if (found := sensitive_number(text))]


def find_identifiers(text: str) -> list[Finding]:
    """Return every real-looking personal identifier in ``text``, in order of kind."""
    found = [
        Finding("email", match[0])
        for match in _EMAIL.finditer(text)
        if not _email_is_reserved(match[2])
    ]
    found += [
        Finding("phone", match[0])
        for match in _NANP.finditer(text)
        if not _phone_is_reserved(match)
    ]
    found += [Finding("phone", match[0]) for match in _INTERNATIONAL.finditer(text)]
    found += [Finding("ssn", match[0]) for match in _SSN.finditer(text)]
    found += [Finding("card", match[0]) for match in _CARD.finditer(text) if _card_digits(match[0])]
    return found


def _masked_email(match: re.Match[str]) -> str:
    return match[0] if _email_is_reserved(match[2]) else f"{match[1]}@example.com"


def _masked_nanp(match: re.Match[str]) -> str:
    if _phone_is_reserved(match):
        return match[0]
    area, _, line = _nanp_parts(match)
    return f"+1-{area}-555-01{line[-2:]}"


def _masked_card(match: re.Match[str]) -> str:
    digits = _card_digits(match[0])
    return match[0] if digits is None else f"**** **** **** {digits[-4:]}"


_MASKS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_EMAIL, _masked_email),
    (_NANP, _masked_nanp),
    (_INTERNATIONAL, lambda match: "+1-555-555-0100"),
    (_SSN, lambda match: f"***-**-{match[0][-4:]}"),
    (_CARD, _masked_card),
)


def mask(text: str) -> str:
    """Replace each real-looking identifier in ``text`` with a reserved or masked form.

    E-mail keeps its local part at example.com, a phone number keeps its area code and
    last two digits in the 555-01xx range, an SSN and a card keep their last four digits.
    """
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


def mask_record(data: Any) -> tuple[Any, int]:
    """Mask every string inside a JSON-like value.

    Returns:
        The masked value and how many strings changed.
    """
    if isinstance(data, str):
        masked = mask(data) if _may_hold_identifier(data) else data
        return masked, int(masked != data)
    if isinstance(data, dict):
        changed = 0
        result = {}
        for key, value in data.items():
            result[key], count = mask_record(value)
            changed += count
        return result, changed
    if isinstance(data, list):
        items = [mask_record(item) for item in data]
        return [item for item, _ in items], sum(count for _, count in items)
    return data, 0


def _may_hold_identifier(text: str) -> bool:
    # Most strings have neither an @ nor four digits in a row: skip the regexes for them.
    return "@" in text or sum(char.isdigit() for char in text) >= 7
