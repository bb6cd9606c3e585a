"""The offline provider and the synth helpers: valid, deterministic, reserved-only data."""

from __future__ import annotations

import asyncio
import random
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, get_args

import orjson
import pytest
from pydantic import BaseModel, Field
from sample_tools import Note, NotesTool

from data_generator import DataGenerator, Settings, synth
from data_generator.providers import CompletionRequest
from data_generator.providers.offline import OfflineProvider
from data_generator.runtime import runtime_of, user_prompt
from data_generator.tool import DataGeneratorTool
from data_generator.tools.healthcare import HealthcareTool, Specialty
from data_generator.tools.tech_support import TechSupportTool

SPECIALTIES: tuple[str, ...] = get_args(Specialty)


class Requests:
    """Builds offline requests for records of a bound tool, as the engine sends them."""

    def __init__(self, tool: DataGeneratorTool[Any, Any]) -> None:
        self.tool = tool
        self.schema = tool.record_model.model_json_schema()
        self.template = user_prompt(tool)

    def __call__(self, seed: int, index: int, attempt: int = 1) -> CompletionRequest:
        context, _rng = runtime_of(self.tool).context(seed, index)
        return CompletionRequest(
            context=context,
            system=self.tool.system,
            prompt_template=self.template,
            record_model=self.tool.record_model,
            schema=self.schema,
            attempt=attempt,
        )


def notes_requests() -> Requests:
    tool = NotesTool({})
    return Requests(tool)


# --- the record model is satisfied ----------------------------------------------------


def test_offline_notes_satisfy_every_constraint_of_the_model() -> None:
    requests = notes_requests()
    provider = OfflineProvider(requests.tool)
    seen: Counter[str] = Counter()
    for n in range(300):
        request = requests(seed=n * 7_919, index=1 + n * 37, attempt=1 + n % 2)
        raw = provider.synthesize(request)
        note = Note.model_validate_json(raw)  # raises on any violation
        data = orjson.loads(raw)
        assert 3 <= len(data["title"]) <= 40
        assert 1 <= data["pages"] <= 9
        assert 1 <= len(data["tags"]) <= 3
        assert all(0 <= tag["weight"] <= 1 for tag in data["tags"])
        assert data["mood"] in {"calm", "busy"}
        assert data["kind"] in {"memo", "minutes"}
        assert isinstance(data["urgent"], bool)
        assert isinstance(data["extra"], dict)
        assert isinstance(note.day, date)
        assert isinstance(note.written_at, datetime)
        seen.update(
            {
                f"mood={note.mood.value}",
                f"kind={note.kind}",
                f"urgent={note.urgent}",
                f"reviewer={note.reviewer is None}",
                f"tags={len(note.tags)}",
                f"pages={note.pages}",
            }
        )
    # Every choice of every field shows up: the generator explores the whole model.
    for key in ("mood=calm", "mood=busy", "kind=memo", "kind=minutes", "urgent=True"):
        assert seen[key] > 0, key
    assert seen["urgent=False"] > 0
    assert seen["reviewer=True"] > 0  # Optional: sometimes None
    assert seen["reviewer=False"] > 0
    assert all(seen[f"tags={n}"] > 0 for n in (1, 2, 3))
    assert all(seen[f"pages={n}"] > 0 for n in (1, 9))  # both ends of the bounds


class Rate(BaseModel):
    """A small positive share below half a percent."""

    rate: float = Field(gt=0, lt=0.005)


class Refund(BaseModel):
    """Only negative amounts."""

    amount: float = Field(lt=0)


class Offset(BaseModel):
    """Only negative integers."""

    offset: int = Field(le=-1)


def bounds_tool(model: type[BaseModel]) -> DataGeneratorTool[Any, Any]:
    """NotesTool with another record model, to probe numeric bounds."""

    class BoundsTool(NotesTool):
        record_model = model
        prompt = "Write a value."

    return BoundsTool()


@pytest.mark.parametrize("model", [Rate, Refund, Offset], ids=lambda m: m.__name__)
def test_offline_numbers_honour_any_bounds(model: type[BaseModel]) -> None:
    requests = Requests(bounds_tool(model))
    provider = OfflineProvider(requests.tool)
    for n in range(50):
        model.model_validate_json(provider.synthesize(requests(seed=n, index=n + 1)))


# --- determinism ----------------------------------------------------------------------


def test_same_seed_index_and_attempt_give_identical_bytes() -> None:
    requests = notes_requests()
    for seed, index, attempt in [(0, 1, 1), (42, 7, 1), (42, 7, 2), (2**31 - 1, 99_999, 3)]:
        first = OfflineProvider(requests.tool).synthesize(requests(seed, index, attempt))
        again = OfflineProvider(NotesTool({})).synthesize(requests(seed, index, attempt))
        assert first == again


def test_runs_with_the_same_seed_write_identical_files(tmp_path: Path) -> None:
    tool = NotesTool({})

    def run(out: Path, seed: int) -> dict[str, bytes]:
        settings = Settings(provider="offline", seed=seed)
        DataGenerator(tool, count=30, out_dir=out, settings=settings).run()
        return {p.name: p.read_bytes() for p in out.glob("notes-*.json")}

    first, again, other = run(tmp_path / "a", 3), run(tmp_path / "b", 3), run(tmp_path / "c", 4)

    assert len(first) == 30
    assert first == again
    assert all(first[name] != other[name] for name in first)
    assert len(set(first.values())) == 30  # each index its own record


def test_completion_text_is_the_synthesised_json() -> None:
    requests = notes_requests()
    provider = OfflineProvider(requests.tool)
    completion = asyncio.run(provider.complete(requests(5, 3)))
    assert completion.text.encode() == provider.synthesize(requests(5, 3))
    assert completion.finish_reason == "stop"


def test_another_index_seed_or_attempt_gives_another_record() -> None:
    requests = notes_requests()
    provider = OfflineProvider(requests.tool)

    def make(seed: int, index: int, attempt: int = 1) -> bytes:
        return provider.synthesize(requests(seed, index, attempt))

    base = make(42, 7)
    assert make(42, 8) != base
    assert make(43, 7) != base
    assert make(42, 7, 2) != base
    assert make(42, 7, 3) not in (base, make(42, 7, 2))
    assert len({make(42, index) for index in range(1, 201)}) == 200


def test_a_request_asked_again_gives_the_same_record() -> None:
    """A request carries no generator: the provider derives it from seed, index, attempt."""
    requests = notes_requests()
    provider = OfflineProvider(requests.tool)
    for attempt in (1, 2):
        request = requests(42, 7, attempt)
        first = provider.synthesize(request)
        assert provider.synthesize(request) == first
        assert provider.synthesize(requests(42, 7, attempt)) == first


def test_the_first_attempt_is_the_record_the_engine_writes(tmp_path: Path) -> None:
    tool = NotesTool({})
    settings = Settings(provider="offline", seed=42)
    DataGenerator(tool, count=7, out_dir=tmp_path, settings=settings).run()
    written = orjson.loads((tmp_path / "notes-000007.json").read_bytes())
    drafted = orjson.loads(OfflineProvider(tool).synthesize(Requests(tool)(42, 7)))
    assert Note.model_validate(written) == Note.model_validate(drafted)


# --- reserved values only -------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
RESERVED_EMAIL = re.compile(r"@example\.(com|org|net)$")
PHONE = re.compile(r"(?:\+?1[-. ]?)?\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b")
RESERVED_PHONE = re.compile(r"555[-. ]01\d\d$")
SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
DIGIT_RUN = re.compile(r"\d(?:[ -]?\d){12,18}")


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def strings(value: Any) -> Iterator[str]:
    """Every string inside nested dicts and lists (keys included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def unreserved(record: Any) -> list[str]:
    """What in ``record`` looks like real personal or payment data."""
    problems = []
    for text in strings(record):
        problems += [f"e-mail {m}" for m in EMAIL.findall(text) if not RESERVED_EMAIL.search(m)]
        problems += [
            f"phone {m.group()}" for m in PHONE.finditer(text) if not RESERVED_PHONE.search(m[0])
        ]
        problems += [f"SSN-like {m}" for m in SSN.findall(text)]
        for run in DIGIT_RUN.findall(text):
            digits = re.sub(r"\D", "", run)
            if 13 <= len(digits) <= 19 and luhn_valid(digits):
                problems.append(f"card-like {run}")
    return problems


def test_scanner_flags_real_looking_data_and_passes_reserved_data() -> None:
    assert unreserved({"a": ["ada@example.org", "+1-415-555-0142", "CASE-000123"]}) == []
    assert unreserved({"when": "2025-03-04T10:20:00+00:00", "n": "PT-123456"}) == []
    bad = {
        "email": "mail ada@gmail.com now",
        "nested": [{"phone": "call (212) 555-1234"}],
        "ssn": "ssn 123-45-6789",
        "card": "4111 1111 1111 1111",
    }
    found = unreserved(bad)
    assert len(found) == 4, found
    assert unreserved({"n": "4111 1111 1111 1112"}) == []  # not Luhn-valid


def test_offline_contact_data_is_reserved_only() -> None:
    tech = TechSupportTool({"system_description": "SaaS CRM"})
    records = [
        r.model_dump(mode="json")
        for r in DataGenerator(
            tech, count=1000, settings=Settings(provider="offline", seed=5)
        ).generate_data()
    ]
    for specialty in SPECIALTIES:
        tool = HealthcareTool({"speciality": specialty})
        generated = DataGenerator(
            tool, count=46, settings=Settings(provider="offline", seed=6)
        ).generate_data()
        records += [r.model_dump(mode="json") for r in generated]
    notes = notes_requests()
    provider = OfflineProvider(notes.tool)
    records += [orjson.loads(provider.synthesize(notes(9, index))) for index in range(1, 201)]
    assert len(records) == 1000 + 46 * len(SPECIALTIES) + 200

    problems = {i: p for i, record in enumerate(records) if (p := unreserved(record))}

    assert problems == {}
    texts = [text for record in records for text in strings(record)]
    assert sum(bool(EMAIL.search(t)) for t in texts) >= 1200  # the scan saw contact data
    assert sum(bool(PHONE.search(t)) for t in texts) >= 200


# --- synth helpers --------------------------------------------------------------------


def test_weighted_draws_follow_the_declared_weights() -> None:
    weights = {"a": 0.1, "b": 0.25, "c": 0.4, "d": 0.25}
    rng = random.Random(2024)
    draws = Counter(synth.weighted(rng, weights) for _ in range(20_000))
    assert set(draws) == set(weights)
    for value, weight in weights.items():
        assert abs(draws[value] / 20_000 - weight) < 0.02, (value, draws[value])


def test_weighted_accepts_unnormalised_weights() -> None:
    rng = random.Random(1)
    draws = Counter(synth.weighted(rng, {"x": 3, "y": 1}) for _ in range(20_000))
    assert abs(draws["x"] / 20_000 - 0.75) < 0.02


def test_datetime_between_stays_within_bounds() -> None:
    rng = random.Random(3)
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    end = start + timedelta(days=3, seconds=59)
    values = [synth.datetime_between(rng, start, end) for _ in range(5_000)]
    assert all(start <= v <= end for v in values)
    assert all(v.second == 0 for v in values)  # minute resolution by default
    assert min(values) < start + timedelta(hours=1)
    assert max(values) > end - timedelta(hours=1)
    assert synth.datetime_between(rng, start, start) == start


def test_date_between_stays_within_bounds() -> None:
    rng = random.Random(4)
    first, last = date(2024, 2, 27), date(2024, 3, 2)
    values = {synth.date_between(rng, first, last) for _ in range(500)}
    assert values == {first + timedelta(days=n) for n in range(5)}


def test_identifier_format() -> None:
    rng = random.Random(5)
    assert all(re.fullmatch(r"PT-\d{6}", synth.identifier(rng, "PT")) for _ in range(500))
    assert all(re.fullmatch(r"INV-\d{9}", synth.identifier(rng, "INV", 9)) for _ in range(500))


def test_phone_number_format() -> None:
    rng = random.Random(6)
    numbers = [synth.phone_number(rng) for _ in range(2_000)]
    assert all(re.fullmatch(r"\+1-[2-8]\d\d-555-01\d\d", n) for n in numbers), numbers[:5]
    assert len({n[-2:] for n in numbers}) == 100


def test_email_address_uses_reserved_domains_only() -> None:
    rng = random.Random(7)
    addresses = [synth.email_address(rng) for _ in range(2_000)]
    assert all(re.fullmatch(r"[a-z.]+\d{1,2}@example\.(com|org|net)", a) for a in addresses)
    assert {a.rsplit("@", 1)[1] for a in addresses} == set(synth.EMAIL_DOMAINS)
    assert synth.email_address(rng, "Zoë O'Brien").startswith("zo.obrien")
    assert re.fullmatch(r"user\d+@example\.(com|org|net)", synth.email_address(rng, "李"))
