"""Attributes honoured on every provider: a model's answer that ignores them is corrected.

An attribute the answer shows otherwise than drawn is set to the drawn value and the record
validated and checked against the scenario's rules again; each such record counts once in
``attributes_corrected``. When setting breaks a rule, or the attribute cannot be set, the
record is asked again with the reason. Against the loopback server, as the CLI user runs it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal

import orjson
import pytest
from conftest import CliRun
from fake_openai_server import FakeOpenAIServer
from helpers import manifest
from model_server import (
    PRODUCT,
    chat_requests,
    offline_responder,
    prompt_attributes,
    read_json_records,
    record_index,
    scenario_args,
)
from pydantic import BaseModel, ConfigDict
from rich.console import Console

from data_generator import DataGenerator, Settings
from data_generator.attributes import Attribute, NotSettableError
from data_generator.cli.dashboard import summary_table
from data_generator.engine.record_maker import RecordMaker
from data_generator.engine.validation import AttributeCheck
from data_generator.markers import Drawn
from data_generator.providers.base import Completion
from data_generator.providers.offline import OfflineProvider
from data_generator.registry import ToolRegistry
from data_generator.tool import DataGeneratorTool, rule
from data_generator.tools.financial import FinancialStatement, FinancialTool
from data_generator.tools.order_history import set_has_return
from data_generator.tools.tech_support import TechSupportTool

RunCli = Callable[..., CliRun]
SEED = 7
MODEL = "llama-test"


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAGEN_RETRY_BACKOFF", "0.01")


@pytest.fixture
def serve() -> Iterator[Callable[..., FakeOpenAIServer]]:
    servers: list[FakeOpenAIServer] = []

    def start(responder: Any) -> FakeOpenAIServer:
        server = FakeOpenAIServer(responder, models={MODEL}).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def openai_flags(server: FakeOpenAIServer) -> list[str]:
    return [
        "--provider", "openai", "--openai-base-url", server.openai_base_url,
        "--openai-model", MODEL, "--seed", str(SEED),
    ]  # fmt: skip


def financial_tool(fraud_percent: float = 5) -> FinancialTool:
    tool = FinancialTool({"fraud_percent": fraud_percent})
    return tool


def statements(out: Path) -> dict[int, FinancialStatement]:
    return {
        int(path.stem.rsplit("-", 1)[1]): FinancialStatement.model_validate_json(path.read_bytes())
        for path in out.glob("financial-*.json")
    }


# --- the done-when: --fraud-percent 5 from a model that ignores it -------------------------


@pytest.mark.parametrize(("answers_fraud", "corrected"), [(False, 5), (True, 95)])
def test_a_hundred_statements_hold_exactly_five_frauds_whatever_the_model_answers(
    run_cli: RunCli,
    serve: Callable[..., FakeOpenAIServer],
    tmp_path: Path,
    answers_fraud: bool,
    corrected: int,
) -> None:
    server = serve(offline_responder(financial_tool(), SEED, ignore={"fraud": answers_fraud}))
    out = tmp_path / "out"

    run = run_cli(
        "financial", "--fraud-percent", "5", "-n", "100", "-o", str(out), *openai_flags(server)
    )

    assert run.code == 0, run.stderr
    records = statements(out)
    assert sorted(records) == list(range(1, 101))
    fraudulent = sorted(
        i for i, rec in records.items() if any(t.is_fraud for t in rec.transactions)
    )
    assert len(fraudulent) == 5
    requests = chat_requests(server)
    assert len(requests) == 100  # setting the label breaks no rule: nothing asked again
    asked = {record_index(r.body): prompt_attributes(r.body)["fraud"] for r in requests}
    assert sorted(i for i, fraud in asked.items() if fraud) == fraudulent
    counts = manifest(out)["counts"]
    assert counts["attributes_corrected"] == corrected
    assert counts["retried"] == 0
    if not answers_fraud:  # the largest debit of each statement the model left clean
        for index in fraudulent:
            transactions = records[index].transactions
            assert [t.is_fraud for t in transactions].count(True) == 1
            assert min(transactions, key=lambda t: t.amount).is_fraud


def test_the_run_result_and_the_summary_count_the_corrected_records(
    serve: Callable[..., FakeOpenAIServer], tmp_path: Path
) -> None:
    server = serve(offline_responder(financial_tool(20), SEED, ignore={"fraud": False}))
    settings = Settings(
        provider="openai", openai_base_url=server.openai_base_url, openai_model=MODEL, seed=SEED
    )

    result = DataGenerator(
        financial_tool(20), count=10, out_dir=tmp_path / "out", settings=settings
    ).run()

    asked = [prompt_attributes(r.body)["fraud"] for r in chat_requests(server)]
    assert result.exit_code == 0
    assert result.attributes_corrected == asked.count(True) > 0
    console = Console(width=100, no_color=True, record=True)
    console.print(summary_table(result))
    rows = [line.split() for line in console.export_text().splitlines()]
    assert ["attributes", "corrected", str(result.attributes_corrected)] in rows


# --- setting breaks a rule: asked again with the reason ------------------------------------


def test_a_correction_that_breaks_a_rule_is_asked_again_with_the_reason(
    run_cli: RunCli, serve: Callable[..., FakeOpenAIServer], tmp_path: Path
) -> None:
    tool = TechSupportTool({"system_description": PRODUCT})
    # Answers every case as open (no resolved_at) until a repair request says otherwise.
    server = serve(offline_responder(tool, SEED, ignore={"status": "open"}, honour_on_repair=True))
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 12, *openai_flags(server)))

    assert run.code == 0, run.stderr
    assert sorted(read_json_records(out)) == list(range(1, 13))
    requests = chat_requests(server)
    first = {record_index(r.body): r.body for r in requests if len(r.body["messages"]) == 2}
    repairs = {record_index(r.body): r.body for r in requests if len(r.body["messages"]) == 3}
    drawn = {index: prompt_attributes(body)["status"] for index, body in first.items()}
    closed = sorted(i for i, status in drawn.items() if status in ("resolved", "closed"))
    assert closed
    assert sorted(repairs) == closed
    for index in closed:
        status = drawn[index]
        feedback = repairs[index]["messages"][-1]["content"]
        assert (
            f"this record must have status = {status} (drawn attribute); the answer had open "
            f"and setting it breaks: a {status} case needs resolved_at"
        ) in feedback
        assert read_json_records(out)[index].status == status
    counts = manifest(out)["counts"]
    assert counts["retried"] == len(closed)
    assert counts["attributes_corrected"] == sum(s == "investigating" for s in drawn.values()) > 0


def test_a_record_whose_correction_never_holds_fails_with_the_reason(
    run_cli: RunCli, serve: Callable[..., FakeOpenAIServer], tmp_path: Path
) -> None:
    tool = TechSupportTool({"system_description": PRODUCT})
    server = serve(offline_responder(tool, SEED, ignore={"status": "open"}))
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 12, *openai_flags(server), "--max-attempts", "2"))

    assert run.code == 1
    failures = [
        json.loads(line) for line in (out / ".datagen" / "failures.jsonl").read_text().splitlines()
    ]
    assert failures
    for failure in failures:
        assert "(drawn attribute); the answer had open and setting it breaks" in failure["reason"]
        assert failure["attempts"] == 2


# --- every built-in scenario: answers from another seed ---------------------------------------


def _built_in(name: str, **options: Any) -> DataGeneratorTool[Any, Any]:
    entry = ToolRegistry.discover().get(name)
    fields = entry.load().options_model.model_fields
    required = {n: PRODUCT for n, f in fields.items() if f.is_required()}
    return entry.create({**required, **options})


#: Every built-in with its default options, and options that declare other attributes.
CATALOGUE = [(name, {}) for name in sorted(ToolRegistry.discover().names())] + [
    ("hr-employee-record", {"record_type": "performance-review"}),  # the rating band
    ("legal-contract", {"contract_type": "employment"}),  # open-ended terms
]


class _Model:
    """Stands for any model provider: only its name matters to the record maker."""

    name = "model"
    model = "m"


@pytest.mark.parametrize(("name", "options"), CATALOGUE)
def test_answers_from_another_seed_are_corrected_or_asked_again(
    name: str, options: dict[str, Any]
) -> None:
    tool = _built_in(name, **options)
    offline = OfflineProvider(tool)
    other = RecordMaker(tool, offline, 1, lambda _event: None)
    maker = RecordMaker(tool, _Model(), 1, lambda _event: None)  # type: ignore[arg-type]
    corrected: Counter[str] = Counter()
    assert maker.attribute_check is not None
    observed = maker.attribute_check.attributes

    accepted = needed = 0
    for index in range(1, 121):
        answer = orjson.loads(offline.synthesize(other.request(other.context(index, 99))))
        context = maker.context(index, SEED)
        record, reason = maker.accept(Completion(orjson.dumps(answer).decode()), context)
        if record is None:
            assert reason.startswith("this record must have "), reason
            assert "(drawn attribute" in reason
            continue
        accepted += 1
        before = tool.post_process(tool.record_model.model_validate(answer)).model_dump(mode="json")
        shown = record.model_dump(mode="json")
        wrong = [a.name for a in observed if a.observed(before) != context.attributes[a.name]]
        needed += bool(wrong)
        corrected.update(wrong)
        for attribute in observed:
            assert attribute.observed(shown) == context.attributes[attribute.name]

    assert accepted > 0
    assert maker.tally.attributes_corrected == needed > 0
    for attribute in observed:
        if attribute.apply is not None:  # every apply of the catalogue does its job
            assert corrected[attribute.name] > 0, (name, attribute.name, corrected)


def test_an_offline_run_checks_nothing_and_corrects_nothing(tmp_path: Path) -> None:
    tool = financial_tool()
    maker = RecordMaker(tool, OfflineProvider(tool), 1, lambda _event: None)
    assert maker.attribute_check is None

    result = DataGenerator(
        tool, count=20, out_dir=tmp_path, settings=Settings(provider="offline", seed=1)
    ).run()

    assert result.attributes_corrected == 0
    assert manifest(tmp_path)["counts"]["attributes_corrected"] == 0


# --- the reasons, one kind each -------------------------------------------------------------


class Mood(BaseModel):
    """A record with one attribute field whose values are fewer than the attribute's."""

    model_config = ConfigDict(extra="forbid")

    mood: Annotated[Literal["calm", "busy"], Drawn({"calm": 1, "loud": 1})]
    level: int


class MoodOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def cap_level(record: Mood) -> Mood:
    """Bring ``level`` down to 9."""
    return record.model_copy(update={"level": 9})


class MoodTool(DataGeneratorTool[MoodOptions, Mood]):
    """Moods; ``level`` shows a band that has no way to be set."""

    name = "moods"
    description = "Moods."
    system = "You write moods."
    prompt = "Write mood {{$index}}: {{$attributes}}."

    def attributes(self) -> list[Attribute]:
        return [Attribute("high", {True: 1, False: 1}, observe=lambda r: r["level"] > 5)]

    @rule("level is above 9", fix=cap_level)
    def level_capped(self, record: Mood) -> bool:
        return record.level <= 9


def _mood_reason(answer: dict[str, Any], drawn: dict[str, Any]) -> tuple[Any, str]:
    tool = MoodTool({})
    maker = RecordMaker(tool, _Model(), 1, lambda _event: None)  # type: ignore[arg-type]
    context = maker.context(1, 0)
    context.attributes = drawn
    return maker.accept(Completion(json.dumps(answer)), context)


def test_setting_a_value_the_record_model_refuses_is_asked_again_with_the_error() -> None:
    record, reason = _mood_reason({"mood": "calm", "level": 2}, {"mood": "loud", "high": False})

    assert record is None
    assert reason.startswith(
        "this record must have mood = loud (drawn attribute); the answer had calm and setting "
        "it breaks: mood: Input should be 'calm' or 'busy'"
    )


def test_an_attribute_with_no_way_to_be_set_is_asked_again() -> None:
    record, reason = _mood_reason({"mood": "calm", "level": 2}, {"mood": "busy", "high": True})

    assert record is None
    assert reason == (
        "this record must have mood = busy, high = true (drawn attributes); the answer had "
        "calm, false"
    )


def test_a_correction_the_repairs_undo_is_asked_again() -> None:
    tool = MoodTool({})
    maker = RecordMaker(tool, _Model(), 1, lambda _event: None)  # type: ignore[arg-type]
    maker.attribute_check = AttributeCheck(tool, [Attribute("level", {12: 1}, observe="level")])
    context = maker.context(1, 0)
    context.attributes = {"level": 12}

    record, reason = maker.accept(Completion('{"mood": "calm", "level": 3}'), context)

    assert record is None
    assert reason == (
        "this record must have level = 12 (drawn attribute); the answer had 3, and setting it "
        "does not hold: the scenario's rules derive level from other fields"
    )


def test_set_in_sets_paths_and_refuses_what_it_cannot_set() -> None:
    record: dict[str, Any] = {"a": {"b": [{"c": 1}]}, "n": None}

    Attribute("x", {2: 1}, observe="a.b.0.c").set_in(record, 2)
    Attribute("x", {2: 1}, observe="a.b.0").set_in(record, {"c": 3})

    assert record["a"]["b"] == [{"c": 3}]
    for attribute in (
        Attribute("x", {1: 1}, observe="a.missing"),  # no such field
        Attribute("x", {1: 1}, observe="n.field"),  # a null object
        Attribute("x", {1: 1}, observe="a.b.4"),  # past the end of a list
        Attribute("x", {1: 1}, observe=lambda r: r["n"]),  # a function with no apply
        Attribute("x", {1: 1}),  # not observed at all
    ):
        with pytest.raises(NotSettableError):
            attribute.set_in(record, 1)
    assert not Attribute("x", {1: 1}, observe=lambda r: r["n"]).settable


def test_an_answer_that_does_not_show_an_attribute_is_asked_again() -> None:
    tool = MoodTool({})
    maker = RecordMaker(tool, _Model(), 1, lambda _event: None)  # type: ignore[arg-type]
    maker.attribute_check = AttributeCheck(
        tool, [Attribute("tone", {"dry": 1}, observe="tone.name")]
    )
    context = maker.context(1, 0)
    context.attributes = {"tone": "dry"}

    record, reason = maker.accept(Completion('{"mood": "calm", "level": 3}'), context)

    assert record is None
    assert reason == "this record must have tone = dry (drawn attribute); the answer had none"


def test_an_answer_that_honours_every_attribute_is_taken_as_it_is() -> None:
    record, reason = _mood_reason({"mood": "busy", "level": 7}, {"mood": "busy", "high": True})

    assert reason == ""
    assert record is not None
    assert record.model_dump() == {"mood": "busy", "level": 7}


class Tone(Enum):
    CALM = "calm"
    BUSY = "busy"


def test_a_value_drawn_as_an_enum_is_compared_and_set_as_the_json_shows_it() -> None:
    tool = MoodTool({})
    maker = RecordMaker(tool, _Model(), 1, lambda _event: None)  # type: ignore[arg-type]
    maker.attribute_check = AttributeCheck(tool, [Attribute("mood", {Tone.CALM: 1}, "mood")])
    context = maker.context(1, 0)

    for answer, corrected in (
        ('{"mood": "calm", "level": 3}', 0),
        ('{"mood": "busy", "level": 3}', 1),
    ):
        context.attributes = {"mood": Tone.CALM}
        record, reason = maker.accept(Completion(answer), context)
        assert reason == ""
        assert record is not None
        assert record.model_dump() == {"mood": "calm", "level": 3}
        assert maker.tally.attributes_corrected == corrected


def test_a_return_needs_a_delivered_order() -> None:
    record = {"orders": [{"status": "placed", "delivered_at": None}]}

    with pytest.raises(NotSettableError, match="no delivered order"):
        set_has_return(record, True)
