"""Text a user typed reaches the model as data, never as template syntax.

The CLI runs against the loopback fake OpenAI server; what the server received is compared
with what the user typed and with what ``--dry-run`` showed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CliRun
from fake_openai_server import FakeOpenAIServer
from model_server import chat_requests, offline_responder, record_index, record_responder

from data_generator.registry import ToolRegistry

RunCli = Callable[..., CliRun]
StartServer = Callable[..., FakeOpenAIServer]

SEED = 7
TRICKY = "CRM {{$feedback}} {{ 'a' }}"

DECLARED = """
[scenarios.field-note]
description = "Field notes about a topic."
system = "You write {{$index}} field notes; keep {{ 'quotes' }} and <b>&amp;</b> as they are."
prompt = "Write field note number {{$index}} about {{$topic}} for {{$reader}}."

[scenarios.field-note.options.topic]
type = "str"
default = "soil"
description = "What the notes are about."

[scenarios.field-note.options.reader]
type = "choice"
choices = ["farmers", "students"]
default = "farmers"

[scenarios.field-note.fields.note_id]
type = "id"
prefix = "NOTE"

[scenarios.field-note.fields.text]
type = "text"

[scenarios.field-note.attributes.season]
weights = { spring = 0.5, autumn = 0.5 }

[scenarios.field-note.attributes.source]
weights = { "{{$topic}} {{ 'x' }}" = 1.0 }
"""


def openai_flags(server: FakeOpenAIServer) -> list[str]:
    return [
        "--provider", "openai", "--openai-base-url", server.openai_base_url,
        "--openai-model", "m", "--openai-api-key", "k", "--seed", str(SEED),
    ]  # fmt: skip


def dry_run_messages(stdout: str) -> tuple[str, str]:
    """The system message and the prompt of record 1 as ``--dry-run`` printed them."""
    after_system = stdout.split("--- system message ---\n", 1)[1]
    system, after_prompt = after_system.split("\n\n--- prompt for record 1 ---\n", 1)
    return system, after_prompt.split("\n\n--- output schema ---\n", 1)[0]


def test_template_syntax_in_the_product_reaches_the_model_verbatim(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(record_responder(product=TRICKY, seed=SEED))

    run = run_cli("tech-support", "-d", TRICKY, "-n", "2", "-o", "out", *openai_flags(server))

    assert run.code == 0, run.stderr
    bodies = [request.body for request in chat_requests(server)]
    assert len(bodies) == 2
    for body in bodies:
        system, user = body["messages"]
        index = record_index(body)
        assert f"Write support case number {index} for the product: {TRICKY}.\n" in user["content"]
        assert "{{" not in system["content"]
    records = [json.loads(path.read_bytes()) for path in sorted((tmp_path / "out").glob("*.json"))]
    assert [record["system_description"] for record in records] == [TRICKY, TRICKY]


def test_holes_typed_by_the_user_are_not_filled(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    product = "CRM {{$index}} and {{$attributes}}"
    server = start_server(record_responder(product=product, seed=SEED))

    run = run_cli("tech-support", "-d", product, "-n", "1", "-o", "out", *openai_flags(server))

    assert run.code == 0, run.stderr
    [request] = chat_requests(server)
    user = request.body["messages"][1]["content"]
    assert user.startswith(f"Write support case number 1 for the product: {product}.\n")
    assert "\nUse these attributes for this record: severity: " in user


def test_the_repair_message_carries_the_reason_verbatim(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    valid = record_responder(seed=SEED)

    def respond(body: dict[str, Any]) -> str:
        record = json.loads(valid(body))
        if len(body["messages"]) == 2:  # the first ask: a case id with braces in it
            record["case_id"] = "CASE-{{$feedback}}"
        return json.dumps(record)

    server = start_server(respond)

    run = run_cli("tech-support", "-d", "SaaS CRM", "-n", "1", "-o", "out", *openai_flags(server))

    assert run.code == 0, run.stderr
    first, second = (request.body["messages"] for request in chat_requests(server))
    assert second[:2] == first
    assert second[2] == {
        "role": "user",
        "content": "Your previous answer was rejected: invalid record: case_id: String should "
        "match pattern '^CASE-\\d{6,}$'. Answer again with one JSON object that matches the "
        "schema.",
    }


def _declared_tool(folder: Path, options: dict[str, Any]) -> Any:
    (folder / "scenarios.toml").write_text(DECLARED, encoding="utf-8")
    return ToolRegistry.discover(folder / "scenarios.toml").create("field-note", options)


def _builtin_tool(name: str, options: dict[str, Any]) -> Any:
    return ToolRegistry.discover().create(name, options)


CASES = {
    "tech-support": (
        "tech-support",
        {"system_description": "CRM {{$feedback}} {{ 'a' }} {{$index}} <b>&amp;</b>"},
        ["-d", "CRM {{$feedback}} {{ 'a' }} {{$index}} <b>&amp;</b>"],
    ),
    "tech-support-guided": (
        "tech-support",
        {"system_description": TRICKY},
        ["-d", TRICKY, "--structured-output", "json"],
    ),
    "sop": (
        "tech-support-sop",
        {"system_context": "VPN {{$attributes}} {{ 'x' }}"},
        ["--context", "VPN {{$attributes}} {{ 'x' }}"],
    ),
    "declared": (
        "field-note",
        {"topic": "{{$reader}} {{ 'a' }} {{$index}} \ue0000\ue001", "reader": "students"},
        ["--topic", "{{$reader}} {{ 'a' }} {{$index}} \ue0000\ue001", "--reader", "students"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_dry_run_shows_the_messages_sent(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path, case: str
) -> None:
    scenario, options, flags = CASES[case]
    if scenario == "field-note":
        tool = _declared_tool(tmp_path, options)
    else:
        tool = _builtin_tool(scenario, options)
    server = start_server(offline_responder(tool, SEED))
    args = [scenario, *flags, "-n", "1", "-o", "out", *openai_flags(server)]

    dry = run_cli(*args, "--dry-run")
    run = run_cli(*args)

    assert dry.code == 0, dry.stderr
    assert run.code == 0, run.stderr
    shown_system, shown_prompt = dry_run_messages(dry.stdout)
    [request] = chat_requests(server)
    system, user = request.body["messages"]
    assert system == {"role": "system", "content": shown_system}
    assert user == {"role": "user", "content": shown_prompt}
    for value in options.values():
        assert value in shown_prompt


def test_a_declared_scenario_keeps_its_system_text_and_option_values_literal(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    topic = "{{$reader}} {{ 'a' }} {{$index}}"
    server = start_server(offline_responder(_declared_tool(tmp_path, {"topic": topic}), SEED))

    run = run_cli("field-note", "--topic", topic, "-n", "1", "-o", "out", *openai_flags(server))

    assert run.code == 0, run.stderr
    [request] = chat_requests(server)
    system, user = (message["content"] for message in request.body["messages"])
    assert system == (
        "You write {{$index}} field notes; keep {{ 'quotes' }} and <b>&amp;</b> as they are."
    )
    assert user.startswith(f"Write field note number 1 about {topic} for farmers.\n")
    assert "source: {{$topic}} {{ 'x' }}." in user  # an attribute value is text too
