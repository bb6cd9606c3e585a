"""The personal-identifier scanner and masker, and masking of a model's answers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CliRun
from fake_openai_server import FakeOpenAIServer
from helpers import manifest
from hypothesis import given
from hypothesis import strategies as st
from model_server import case_index, record_responder, scenario_args

from data_generator.pii import (
    TEST_CARD_NUMBERS,
    find_identifiers,
    luhn_valid,
    mask,
    mask_record,
    sensitive_number,
)

RunCli = Callable[..., CliRun]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("write to jo.smith@gmail.com", "email"),
        ("JO@Contoso.COM", "email"),
        ("call 212-555-1234", "phone"),
        ("call (212) 555-0211", "phone"),
        ("call +1 212 867 5309", "phone"),
        ("call +12128675309", "phone"),
        ("call +44 20 7946 0958", "phone"),
        ("SSN 123-45-6789", "ssn"),
        ("card 4539 1488 0343 6467", "card"),
        ("card 4539-1488-0343-6467", "card"),
        ("card 4539148803436467", "card"),
    ],
)
def test_real_looking_identifiers_are_found(text: str, kind: str) -> None:
    assert [finding.kind for finding in find_identifiers(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "write to jo.smith@example.com, ops@example.org or a@mail.example.net",
        "or to someone@school.test",
        "call +1-212-555-0100 or 212-555-0199",
        "card 4111 1111 1111 1111 and 5555555555554444",
        "card **** **** **** 6467",
        "not a card 4539 1488 0343 6468",  # fails the Luhn check
        "opened 2025-03-04T10:15:00Z, case CASE-000123, amount 1234567.89",
        "ids ACC-00012345 and ORD-000123-01",
    ],
)
def test_reserved_and_harmless_values_are_not_flagged(text: str) -> None:
    assert find_identifiers(text) == []


def test_mask_keeps_what_it_can_and_leaves_nothing_real() -> None:
    text = (
        "Mail jo.smith@gmail.com or call (212) 867-5309 / +44 20 7946 0958; "
        "SSN 123-45-6789; card 4539 1488 0343 6467; test card 4242424242424242."
    )

    masked = mask(text)

    assert masked == (
        "Mail jo.smith@example.com or call +1-212-555-0109 / +1-555-555-0100; "
        "SSN ***-**-6789; card **** **** **** 6467; test card 4242424242424242."
    )
    assert find_identifiers(masked) == []


def test_mask_record_walks_nested_values_and_counts_changes() -> None:
    record = {
        "name": "Ana",
        "contacts": [{"email": "ana@gmail.com"}, {"email": "ana@example.com"}],
        "notes": ["SSN 123-45-6789", "fine"],
        "age": 41,
        "vip": True,
        "missing": None,
    }

    masked, changed = mask_record(record)

    assert changed == 2
    assert masked["contacts"][0]["email"] == "ana@example.com"
    assert masked["notes"] == ["SSN ***-**-6789", "fine"]
    assert {key: masked[key] for key in ("name", "age", "vip", "missing")} == {
        "name": "Ana",
        "age": 41,
        "vip": True,
        "missing": None,
    }


def test_published_test_cards_pass_the_luhn_check() -> None:
    assert all(luhn_valid(number) for number in TEST_CARD_NUMBERS)


@given(st.text(alphabet="0123456789", min_size=12, max_size=18))
def test_luhn_accepts_exactly_one_check_digit(body: str) -> None:
    valid = [digit for digit in "0123456789" if luhn_valid(body + digit)]

    assert len(valid) == 1


@given(st.text(alphabet="0123456789", min_size=12, max_size=18))
def test_any_luhn_valid_number_that_is_not_a_test_card_is_masked(body: str) -> None:
    check = next(digit for digit in "0123456789" if luhn_valid(body + digit))
    number = body + check
    text = f"paid with {number} today"

    masked = mask(text)

    if number in TEST_CARD_NUMBERS:
        assert masked == text
    else:
        assert masked == f"paid with **** **** **** {number[-4:]} today"
        assert find_identifiers(masked) == []


@given(
    st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "P", "Zs"]), max_size=80)
)
def test_masking_leaves_no_finding_and_is_stable(text: str) -> None:
    masked = mask(text)

    assert find_identifiers(masked) == []
    assert mask(masked) == masked


def test_sensitive_number_refuses_even_test_cards_in_prose() -> None:
    assert sensitive_number("Card 4111 1111 1111 1111 purchase") == "a full card number"
    assert sensitive_number("id 123-45-6789") == "an SSN-shaped number"
    assert sensitive_number("Card **** 1111 purchase") is None


# --- a model that writes real-looking data ------------------------------------------------------


@pytest.fixture
def leaky_server() -> Iterator[FakeOpenAIServer]:
    """Answers valid tech-support records whose customer wrote real-looking contact data."""
    valid = record_responder()

    def respond(body: dict[str, Any]) -> str:
        record = json.loads(valid(body))
        turn = record["conversation_history"][0]
        turn["message"] = "Reach me at dana.r@gmail.com or (415) 867-5309, card 4539148803436467."
        record["customer_name"] = f"Dana Reyes {case_index(body)}"
        return json.dumps(record)

    server = FakeOpenAIServer(respond).start()
    yield server
    server.stop()


def test_identifiers_a_model_writes_never_reach_the_files(
    run_cli: RunCli, tmp_path: Path, leaky_server: FakeOpenAIServer
) -> None:
    out = tmp_path / "out"

    run = run_cli(
        *scenario_args(out, 5, "-f", "jsonl"),
        "--provider", "azure", "--azure-openai-endpoint", leaky_server.base_url,
        "--azure-openai-deployment", "d", "--azure-openai-api-key", "k",
    )  # fmt: skip

    assert run.code == 0, run.stderr
    text = (out / "tech-support.jsonl").read_text(encoding="utf-8")
    assert find_identifiers(text) == []
    first = json.loads(text.splitlines()[0])["conversation_history"][0]["message"]
    assert first == ("Reach me at dana.r@example.com or +1-415-555-0109, card **** **** **** 6467.")
    assert manifest(out)["counts"]["masked_identifiers"] == 5
