"""Answers a model should never send: too long, not UTF-8, nested too deep.

Each is sent by the loopback server (``honour_max_tokens=False`` plays a service that
ignores ``max_tokens``; a responder returning bytes sends them as they are) to the CLI, and
each is refused as one invalid answer with its reason: the record is asked again with that
reason, once per such answer, and fails with it in ``failures.jsonl`` if it never gets
better. Nothing is retried as a network failure and nothing raises.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import CliRun
from fake_openai_server import FakeOpenAIServer, last_user_text
from helpers import manifest
from model_server import read_json_records, record_responder, scenario_args

from data_generator.engine.validation import (
    ANSWER_CHARS_PER_TOKEN,
    MAX_ANSWER_DEPTH,
    answer_chars_limit,
    nesting_problem,
    size_problem,
)

RunCli = Callable[..., CliRun]
StartServer = Callable[..., FakeOpenAIServer]

VALID = record_responder(seed=7)
MAX_TOKENS = 1000  # valid records are 2-4 KB, under 16 x 1000 characters


def first_then_valid(first: str | bytes) -> Callable[[dict[str, Any]], str | bytes]:
    """A responder whose first answer is ``first``, and every later one a valid record."""
    answers = iter([first])
    return lambda body: next(answers, None) or VALID(body)


def run(run_cli: RunCli, server: FakeOpenAIServer, out: Path, *extra: str) -> CliRun:
    return run_cli(
        *scenario_args(out, 1),
        "--provider", "openai", "--openai-base-url", server.openai_base_url,
        "--openai-model", "m", "--openai-api-key", "k", "--seed", "7",
        "--max-tokens", str(MAX_TOKENS), *extra,
    )  # fmt: skip


def failure(out: Path) -> dict[str, Any]:
    [line] = (out / ".datagen" / "failures.jsonl").read_bytes().splitlines()
    loaded: dict[str, Any] = orjson.loads(line)
    return loaded


# 16,001 characters: JSON that would parse, so a size reason shows it was never parsed.
OVERSIZE = '{"case_id": "' + "x" * (ANSWER_CHARS_PER_TOKEN * MAX_TOKENS - 14) + '"}'
NOT_UTF8 = b'{"case_id": "caf\xe9 \xff"}'
SURROGATE = '{"case_id": "x\ud800y"}'  # sent as a \ud800 escape: valid JSON, not UTF-8
DEEP = "[" * 1000 + "]" * 1000  # within what JSON parsers take; recursing through it is not
NESTED_40 = '{"case_id": ' + "[" * 40 + "]" * 40 + "}"

BAD_ANSWERS = [
    pytest.param(
        OVERSIZE,
        "the answer is 16,001 characters long, over the 16,000 that max_tokens 1,000 allows "
        "(16 per token)",
        id="oversize",
    ),
    pytest.param(
        NOT_UTF8,
        "is not valid UTF-8 (byte 0xe9 at position",
        id="invalid-utf8",
    ),
    pytest.param(
        SURROGATE,
        "the answer is not valid UTF-8 (a lone surrogate \\ud800 at character 14)",
        id="lone-surrogate",
    ),
    pytest.param(DEEP, "the answer nests objects and lists deeper than 32 levels", id="1000-deep"),
    pytest.param('{"case_id": ', "invalid record: record: Invalid JSON: EOF", id="cut-short"),
    pytest.param(NESTED_40, "nests objects and lists deeper than 32 levels", id="40-deep"),
]


@pytest.mark.parametrize(("answer", "reason"), BAD_ANSWERS)
def test_a_bad_answer_is_asked_again_once_with_its_reason(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path, answer: str | bytes, reason: str
) -> None:
    server = start_server(first_then_valid(answer), honour_max_tokens=False)
    out = tmp_path / "out"

    result = run(run_cli, server, out)

    assert result.code == 0, result.stderr
    assert list(read_json_records(out)) == [1]
    assert server.statuses == [200, 200]  # one ask per answer: no network-style retries
    repair = last_user_text(server.requests[1].body)
    assert reason in repair
    counts = manifest(out)["counts"]
    assert (counts["retried"], counts["transient_retries"]) == (1, 0)


@pytest.mark.parametrize(("answer", "reason"), BAD_ANSWERS)
def test_a_record_that_only_gets_bad_answers_fails_with_the_reason(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path, answer: str | bytes, reason: str
) -> None:
    server = start_server(lambda _body: answer, honour_max_tokens=False)
    out = tmp_path / "out"

    result = run(run_cli, server, out, "--max-attempts", "2")

    assert result.code == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "unexpected" not in result.stderr
    assert server.statuses == [200, 200]
    line = failure(out)
    assert reason in line["reason"]
    assert line["attempts"] == 2
    assert 0 < len(line["raw"]) <= 20_000  # kept for a look, bounded, always valid UTF-8


def test_the_bounds_say_what_they_measure() -> None:
    assert answer_chars_limit(None) is None
    assert answer_chars_limit(3000) == 48_000
    assert size_problem("x" * 48_000, 48_000) == ""
    assert size_problem("anything", None) == ""
    assert "50,000,000 characters long" in size_problem("x" * 50_000_000, 48_000)
    assert nesting_problem("text") == nesting_problem({"a": [1, {"b": []}]}) == ""
    deep: Any = []
    for _ in range(MAX_ANSWER_DEPTH - 1):
        deep = [deep]
    assert nesting_problem(deep) == ""  # exactly the limit
    assert nesting_problem({"a": deep}) != ""


def test_the_fake_server_can_ignore_max_tokens_and_send_raw_bytes(
    start_server: StartServer,
) -> None:
    import httpx

    server = start_server(lambda _body: b'caf\xe9 "quoted"', honour_max_tokens=False)
    reply = httpx.post(
        server.openai_base_url + "/chat/completions",
        json={"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 1},
    )
    assert b'"content": "caf\xe9 \\"quoted\\""' in reply.content
    assert b'"finish_reason": "stop"' in reply.content  # not cut at max_tokens 1


def test_json_that_only_pydantic_parses_is_validated_field_by_field(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(lambda _body: '{"case_id": NaN}')  # orjson refuses NaN
    out = tmp_path / "out"

    result = run(run_cli, server, out, "--max-attempts", "1")

    assert result.code == 1, result.stderr
    assert failure(out)["reason"].startswith("invalid record: case_id: Input should be a valid")
