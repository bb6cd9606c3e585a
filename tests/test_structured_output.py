"""Structured output negotiated with the server: json-schema, json-object-schema, json, off.

The loopback fake server plays an OpenAI-like service, ``python -m llama_cpp.server``
(``json_schema`` answered 500, ``json_object`` with a schema compiled into a grammar) and a
server that takes plain JSON mode only. Asserted: what each request carried, how many were
refused, what was written, the manifest, the summary and the log line.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest
from conftest import CliRun
from fake_openai_server import (
    LLAMA_CPP_JSON_SCHEMA_ERROR,
    FakeOpenAIServer,
    grammar_problem,
    json_responder,
)
from helpers import manifest, one_error_line
from model_server import chat_requests, read_json_records, record_responder, scenario_args
from pydantic import BaseModel, Field
from sample_tools import Note, NotesTool

from data_generator import DataGenerator, Settings
from data_generator.engine.record_maker import RecordMaker
from data_generator.errors import ProviderTransientError, StructuredOutputRefusedError
from data_generator.field_guide import field_guide
from data_generator.providers.negotiation import Negotiation
from data_generator.providers.offline import OfflineProvider
from data_generator.schema import strict_json_schema, wire_schema
from data_generator.tools.tech_support import TechSupportTicket, TechSupportTool

RunCli = Callable[..., CliRun]
StartServer = Callable[..., FakeOpenAIServer]

SEED = 7
RESPONDER = record_responder(seed=SEED)
GUIDE = field_guide(TechSupportTicket)


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAGEN_RETRY_BACKOFF", "0.01")


def openai_flags(server: FakeOpenAIServer, *extra: str) -> list[str]:
    return [
        "--provider",
        "openai",
        "--openai-base-url",
        server.openai_base_url,
        "--openai-model",
        "llama-test",
        "--seed",
        str(SEED),
        *extra,
    ]


def sent(server: FakeOpenAIServer) -> list[tuple[int | None, str | None, bool]]:
    """(status, response_format type, schema beside it) of every chat request, in order."""
    shapes = []
    for request in chat_requests(server):
        fmt = request.body.get("response_format")
        kind = fmt.get("type") if isinstance(fmt, dict) else None
        shapes.append((request.status, kind, isinstance(fmt, dict) and "schema" in fmt))
    return shapes


def system_message(request: Any) -> str:
    return str(request.body["messages"][0]["content"])


# --- auto: the fallback chain --------------------------------------------------------------


def test_auto_keeps_json_schema_where_the_server_takes_it(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server()
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 3, *openai_flags(server)))

    assert run.code == 0, run.stderr
    assert sent(server) == [(200, "json_schema", False)] * 3
    assert all(GUIDE not in system_message(r) for r in chat_requests(server))
    assert manifest(out)["structured_output"] == "json-schema"
    assert "Structured output: json-schema." in run.stdout.splitlines()


def test_auto_falls_back_to_json_object_with_the_wire_schema_on_llama_cpp_server(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(response_formats="llama-cpp-python")
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 20, *openai_flags(server)))  # -c 8 by default

    assert run.code == 0, run.stderr
    assert sorted(read_json_records(out)) == list(range(1, 21))
    # One refused request in the whole run, re-sent at once; then every request is taken.
    assert sent(server) == [(500, "json_schema", False)] + [(200, "json_object", True)] * 20
    requests = chat_requests(server)
    assert requests[1].body["messages"][1] == requests[0].body["messages"][1]  # same record
    for request in requests[1:]:
        schema = request.body["response_format"]["schema"]
        assert schema == wire_schema(TechSupportTicket)
        assert grammar_problem(schema) is None
        assert system_message(request).endswith(GUIDE)  # OpenAI would ignore the schema
    counts = manifest(out)["counts"]
    assert (counts["retried"], counts["transient_retries"], counts["failed"]) == (0, 0, 0)
    assert manifest(out)["structured_output"] == "json-object-schema"
    assert "Structured output: json-object-schema." in run.stdout.splitlines()


def test_auto_falls_back_to_json_mode_with_the_fields_in_the_prompt(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(response_formats="json-object-only")
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 12, *openai_flags(server), "--log-level", "INFO"))

    assert run.code == 0, run.stderr
    assert len(read_json_records(out)) == 12
    assert (
        sent(server)
        == [(400, "json_schema", False), (400, "json_object", True)]
        + [(200, "json_object", False)] * 12
    )
    for request in chat_requests(server)[2:]:
        assert request.body["response_format"] == {"type": "json_object"}
        assert system_message(request) == f"{TechSupportTool.system}\n\n{GUIDE}"
    assert manifest(out)["structured_output"] == "json"
    decided = [line for line in run.stderr.splitlines() if "structured output:" in line]
    assert decided == [
        f"datagen: INFO: structured output: json (after {server.openai_base_url} refused "
        "json-schema, json-object-schema)"
    ]


def post(server: FakeOpenAIServer, response_format: dict[str, Any]) -> tuple[int, str]:
    """POST one chat request with ``response_format``; the status and error message."""
    body = {
        "model": "m",
        "messages": [{"role": "user", "content": "hi"}],
        "response_format": response_format,
    }
    request = urllib.request.Request(
        server.openai_base_url + "/chat/completions",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())["error"]["message"]


def test_the_llama_cpp_style_server_answers_as_the_real_one(start_server: StartServer) -> None:
    server = start_server(json_responder({}), response_formats="llama-cpp-python")
    strict = strict_json_schema(TechSupportTicket)

    json_schema = {"type": "json_schema", "json_schema": {"name": "T", "schema": strict}}
    assert post(server, json_schema) == (500, LLAMA_CPP_JSON_SCHEMA_ERROR)
    # The strict schema, escapes and all, beside json_object: what llama.cpp's server died on.
    status, message = post(server, {"type": "json_object", "schema": strict})
    assert (status, message) == (500, "parse: error parsing grammar: unknown escape at \\d{6,}$")
    assert post(server, {"type": "json_object", "schema": {"pattern": "a+"}})[0] == 500
    assert post(server, {"type": "json_object", "schema": wire_schema(TechSupportTicket)}) == (
        200,
        "",
    )
    assert post(server, {"type": "json_object"}) == (200, "")


def test_an_unknown_server_style_is_refused() -> None:
    with pytest.raises(ValueError, match="response_formats"):
        FakeOpenAIServer(response_formats="vllm")


# --- chosen modes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--structured-output", "json-object-schema"], ("json_object", True)),
        (["--structured-output", "JSON"], ("json_object", False)),
        (["--no-structured-output"], ("json_object", False)),
        (["--structured-output", "off"], (None, False)),
    ],
    ids=["json-object-schema", "json", "no-structured-output", "off"],
)
def test_a_chosen_mode_is_sent_as_is_with_the_fields_in_the_prompt(
    run_cli: RunCli,
    start_server: StartServer,
    tmp_path: Path,
    flags: list[str],
    expected: tuple[str | None, bool],
) -> None:
    server = start_server()
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 2, *openai_flags(server, *flags)))

    assert run.code == 0, run.stderr
    assert sent(server) == [(200, *expected)] * 2
    assert all(system_message(r).endswith(GUIDE) for r in chat_requests(server))
    mode = {"json_object": "json", None: "off"}[expected[0]]
    mode = "json-object-schema" if expected[1] else mode
    assert manifest(out)["structured_output"] == mode


def test_the_environment_sets_the_mode(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_server()
    monkeypatch.setenv("DATAGEN_STRUCTURED_OUTPUT", "json_object_schema")

    run = run_cli(*scenario_args(tmp_path / "out", 1, *openai_flags(server)))

    assert run.code == 0, run.stderr
    assert sent(server) == [(200, "json_object", True)]


def test_the_old_boolean_setting_still_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(structured_output=False).structured_output == "json"
    assert Settings(structured_output=True).structured_output == "auto"
    monkeypatch.setenv("DATAGEN_STRUCTURED_OUTPUT", "false")
    assert Settings().structured_output == "json"


def test_a_bad_mode_in_the_environment_is_one_line(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATAGEN_STRUCTURED_OUTPUT", "grammar")

    run = run_cli(*scenario_args(tmp_path / "out", 1, "--provider", "offline"))

    assert run.code == 2
    line = one_error_line(run)
    assert "DATAGEN_STRUCTURED_OUTPUT = 'grammar' is invalid" in line


def test_no_structured_output_contradicting_structured_output_is_a_usage_error(
    run_cli: RunCli, tmp_path: Path
) -> None:
    run = run_cli(
        *scenario_args(tmp_path / "out", 1, "--provider", "offline"),
        "--structured-output",
        "json-schema",
        "--no-structured-output",
    )

    assert run.code == 2
    assert "--no-structured-output contradicts --structured-output json-schema" in (
        one_error_line(run)
    )


def test_a_chosen_mode_the_server_refuses_stops_the_run_naming_the_way_out(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(response_formats="llama-cpp-python")
    out = tmp_path / "out"

    run = run_cli(
        *scenario_args(out, 20, *openai_flags(server, "--structured-output", "json-schema"))
    )

    assert run.code == 2
    line = one_error_line(run)
    assert f"{server.openai_base_url} refused response_format json_schema (500)" in line
    assert "Input should be 'text' or 'json_object'" in line
    assert "--structured-output" in line
    assert 1 <= server.count() <= 8  # the first ones in flight, never retried
    assert set(server.statuses) == {500}
    assert manifest(out)["status"] == "aborted"


def test_offline_records_native_structured_output(run_cli: RunCli, tmp_path: Path) -> None:
    run = run_cli(*scenario_args(tmp_path / "out", 2, "--provider", "offline"))

    assert run.code == 0, run.stderr
    assert manifest(tmp_path / "out")["structured_output"] == "native"
    assert "Structured output" not in run.stdout


def test_auto_goes_straight_to_json_mode_for_a_record_strict_mode_cannot_say(
    start_server: StartServer, tmp_path: Path
) -> None:
    tool = NotesTool({"topic": "cats"})
    offline = OfflineProvider(tool)
    maker = RecordMaker(tool, offline, 1, lambda _event: None)
    note = offline.synthesize(maker.request(maker.context(1, 1))).decode()
    server = start_server(lambda _body: note)
    settings = Settings(
        provider="openai",
        openai_base_url=server.openai_base_url,
        openai_model="m",
        seed=1,
    )

    result = DataGenerator(tool, count=1, out_dir=tmp_path / "out", settings=settings).run()

    assert (result.written, result.structured_output) == (1, "json")
    assert sent(server) == [(200, "json_object", False)]
    assert system_message(chat_requests(server)[0]).endswith(field_guide(Note))


# --- the negotiation itself ------------------------------------------------------------------


class Server:
    """A stand-in for the HTTP round trip: refuses some modes, fails some calls."""

    def __init__(self, refuses: set[str], failures: int = 0) -> None:
        self.refuses = refuses
        self.failures = failures
        self.calls: list[str] = []
        self.in_flight = 0
        self.most_in_flight = 0

    async def __call__(self, mode: str) -> str:
        self.calls.append(mode)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.001)
            if mode in self.refuses:
                raise StructuredOutputRefusedError(f"refused {mode}")
            if self.failures:
                self.failures -= 1
                raise ProviderTransientError("503")
            return mode
        finally:
            self.in_flight -= 1


async def test_one_probe_at_a_time_until_the_mode_is_decided() -> None:
    server = Server({"json-schema"})
    negotiation = Negotiation("auto")

    answers = await asyncio.gather(*(negotiation.send(server) for _ in range(8)))

    assert answers == ["json-object-schema"] * 8
    assert server.calls == ["json-schema"] + ["json-object-schema"] * 8
    assert negotiation.mode == "json-object-schema"
    assert negotiation.refused == 1


async def test_a_transient_failure_leaves_the_mode_to_the_next_request() -> None:
    server = Server(set(), failures=1)
    negotiation = Negotiation("auto")

    with pytest.raises(ProviderTransientError):
        await negotiation.send(server)
    assert negotiation.mode is None
    assert await negotiation.send(server) == "json-schema"
    assert server.calls == ["json-schema", "json-schema"]


async def test_refused_in_every_mode_raises_the_last_refusal() -> None:
    server = Server({"json-schema", "json-object-schema", "json"})
    negotiation = Negotiation("auto")

    with pytest.raises(StructuredOutputRefusedError, match="refused json"):
        await negotiation.send(server)
    assert server.calls == ["json-schema", "json-object-schema", "json"]
    assert negotiation.refused == 2


async def test_a_chosen_mode_is_never_negotiated() -> None:
    server = Server({"off"})
    negotiation = Negotiation("off")

    with pytest.raises(StructuredOutputRefusedError):
        await negotiation.send(server)
    assert server.calls == ["off"]
    assert negotiation.refused == 0


def test_a_negotiation_serves_one_run_per_event_loop() -> None:
    negotiation = Negotiation("auto", first="json")
    server = Server(set())

    assert asyncio.run(negotiation.send(server)) == "json"
    assert asyncio.run(negotiation.send(server)) == "json"
    assert server.calls == ["json", "json"]


# --- the field guide ---------------------------------------------------------------------------


class Pet(BaseModel):
    """Every kind of field the guide describes."""

    name: str = Field(min_length=1, max_length=40, description="What it answers to.")
    kind: str = Field(pattern=r"^[a-z]+$")
    legs: int = Field(ge=0, le=4)
    weight: float = Field(gt=0, description="Kilograms.")
    age: int | None = Field(default=None, ge=0)
    toys: list[str] = Field(default_factory=list, max_length=3)
    vaccinated: bool = True
    tags: list[str] = Field(min_length=1, max_length=5)
    rank: float = Field(le=10, lt=11)
    notes: dict[str, int] = Field(default_factory=dict)
    owner: Owner | None = None
    anything: Any = None
    nickname: str = Field(default="", max_length=12)
    species: Literal["cat"] = "cat"
    scores: list[int]
    meta: dict[str, Any] = Field(default_factory=dict)


class Owner(BaseModel):
    """A nested object."""

    name: str
    phone: str | None = None


Pet.model_rebuild()


def test_the_guide_says_one_line_per_field_with_types_bounds_and_choices() -> None:
    lines = field_guide(Pet).splitlines()

    assert lines[0].startswith("Answer with one JSON object with exactly these fields")
    assert lines[1:] == [
        "- name: string of 1 to 40 characters. What it answers to.",
        "- kind: string matching ^[a-z]+$.",
        "- legs: integer from 0 to 4.",
        "- weight: number > 0. Kilograms.",
        "- age: integer >= 0 or null (optional).",
        "- toys: list of at most 3 items, each string (optional).",
        "- vaccinated: true or false (optional).",
        "- tags: list of 1 to 5 items, each string.",
        "- rank: number <= 10 and < 11.",
        "- notes: object mapping names to integer (optional).",
        "- owner: object {name: string; phone: string or null (optional)} or null (optional).",
        "- anything: any JSON value (optional).",
        "- nickname: string of at most 12 characters (optional).",
        '- species: "cat" (optional).',
        "- scores: list of items, each integer.",
        "- meta: object (optional).",
    ]


def test_the_tech_support_guide_names_every_field_and_its_choices() -> None:
    lines = GUIDE.splitlines()

    assert len(lines) == 1 + len(TechSupportTicket.model_fields)
    assert '- severity: one of "critical", "high", "medium", "low". Business impact.' in lines
    assert "- resolved_at: date-time string or null." in GUIDE
    assert "list of at least 2 items, each object {role: one of" in GUIDE
