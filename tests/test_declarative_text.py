"""Declared scenarios' ``text`` and ``string`` fields offline: about the described thing, varied.

Issue 15: a ``review_text`` of a "book review" scenario reads like a review of a book
(its sentences name the book or a part of it), a field's name sets the kind of text
(a review, notes, a message, a title), and every free-text field varies over 10,000
records like a built-in's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from offline_variety import measure, offline_json_records, sentences

from data_generator.declarative.prose import topic_of
from data_generator.registry import ToolRegistry

SCENARIOS = """
[scenarios.book-review]
description = "Reviews of fictional books."
prompt = "Write book review number {{$index}}."

[scenarios.book-review.fields.review_id]
type = "id"
prefix = "REV"

[scenarios.book-review.fields.title]
type = "string"
description = "Title of the book."

[scenarios.book-review.fields.review_text]
type = "text"
description = "The review, a few sentences."

[scenarios.book-review.fields.headline]
type = "string"
description = "One-line verdict of the review."

[scenarios.book-review.fields.quotes]
type = "list"
items = { type = "text" }
max_items = 3

[scenarios.pet-adoption]
description = "Adoptable pets at an animal shelter."
prompt = "Write pet listing {{$index}}."

[scenarios.pet-adoption.fields.pet_id]
type = "id"
prefix = "PET"

[scenarios.pet-adoption.fields.description]
type = "text"
description = "What the pet is like."

[scenarios.pet-adoption.fields.care_notes]
type = "text"
description = "Notes from the shelter staff."

[scenarios.pet-adoption.fields.adopter_message]
type = "string"
description = "Message to would-be adopters."
"""

BOOK_PARTS = ("book", "plot", "pacing", "ending", "prose", "dialogue", "main character",
              "world-building", "opening chapter")  # fmt: skip
PET_PARTS = ("pet", "temperament", "coat", "energy level", "appetite", "training", "health")


@pytest.fixture
def registry(tmp_path: Path) -> ToolRegistry:
    path = tmp_path / "scenarios.toml"
    path.write_text(SCENARIOS, encoding="utf-8")
    return ToolRegistry.discover(path)


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("book-review", {"review_text", "headline", "quotes[]"}),
        ("pet-adoption", {"description", "care_notes", "adopter_message"}),
    ],
)
def test_every_free_text_field_varies_over_10000_records(
    registry: ToolRegistry, name: str, fields: set[str]
) -> None:
    tool = registry.create(name, {})
    records = offline_json_records(tool, 10_000)
    found = {field.path: field for field in measure(type(tool).record_model, records)}
    assert set(found) == fields  # a title is a short name, not free text
    for field in found.values():
        assert field.distinct_share >= 0.5, field
        assert field.top_sentence_share <= 0.01, field


def mentions(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE) for word in words)


def test_a_book_review_talks_about_the_book_and_a_pet_listing_about_the_pet(
    registry: ToolRegistry,
) -> None:
    books = offline_json_records(registry.create("book-review", {}), 300)
    for record in books:
        for text in (record["review_text"], record["headline"], *record["quotes"]):
            for sentence in sentences(text):
                assert mentions(sentence, BOOK_PARTS), sentence
        assert len(record["title"].split()) <= 6
        assert "A short note about" not in json.dumps(record)
    pets = offline_json_records(registry.create("pet-adoption", {}), 300)
    for record in pets:
        for sentence in sentences(record["description"]):
            assert mentions(sentence, PET_PARTS), sentence


def test_the_field_name_sets_the_kind_of_text(registry: ToolRegistry) -> None:
    pets = offline_json_records(registry.create("pet-adoption", {}), 300)
    note = re.compile(r"^(Checked|Reviewed|Looked at|Went over|Noted|The|Follow up|Discussed) ")
    thanks = ("thanks", "thank you", "many thanks", "cheers", "thanks in advance",
              "much appreciated", "no rush", "happy to talk")  # fmt: skip
    for record in pets:
        assert all(note.match(s) for s in sentences(record["care_notes"])), record["care_notes"]
        assert record["adopter_message"].rstrip(".").endswith(thanks), record["adopter_message"]
    reviews = offline_json_records(registry.create("book-review", {}), 300)
    for record in reviews:  # a title, not a sentence
        words = [w for w in record["title"].split() if w not in ("of", "the", "in")]
        assert all(w[0].isupper() for w in words), record["title"]
        assert not record["title"].endswith("."), record["title"]


@pytest.mark.parametrize(
    ("description", "topic"),
    [
        ("Reviews of fictional books.", "book"),
        ("Guest feedback for a seaside hotel", "hotel"),
        ("Inspection reports of wind turbines", "turbine"),
        ("Customer complaints about late deliveries", "delivery"),
        ("Inventory counts of shipping boxes", "box"),
    ],
)
def test_the_topic_is_what_the_description_is_about(description: str, topic: str) -> None:
    assert topic_of(description, frozenset({"review", "feedback", "report"}))[0] == topic


def test_the_cli_writes_declared_text_about_the_described_thing(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    (tmp_path / "scenarios.toml").write_text(SCENARIOS, encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli(
        "--scenarios-file", str(tmp_path / "scenarios.toml"), "book-review", "-n", "5",
        "-f", "jsonl", "-o", str(out), "--provider", "offline", "-q",
    )  # fmt: skip
    assert done.code == 0, done.err
    lines = (out / "book-review.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    for line in lines:
        assert mentions(json.loads(line)["review_text"], BOOK_PARTS)
