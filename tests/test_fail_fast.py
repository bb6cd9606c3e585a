"""Permanent errors end the run at once: unreachable endpoints, the same refusal, bugs.

Through the CLI as a user runs it: an endpoint nothing listens on, a host that does not
exist, a server that answers every request with the same error, an answer the SDK path
cannot handle. Asserted: one line naming the cause and the fix, the exit code, how many
requests went out, and what the run kept.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import openai
import pytest
from conftest import CliRun
from fake_openai_server import FakeOpenAIServer
from helpers import manifest, one_error_line
from model_server import chat_requests, read_json_records, record_responder, scenario_args
from semantic_kernel import Kernel
from semantic_kernel.connectors.ai.open_ai import OpenAIChatCompletion

from data_generator import DataGenerator, Settings
from data_generator.engine.fail_fast import FailFast
from data_generator.errors import (
    ProviderConnectionError,
    ProviderError,
    ProviderRateLimitError,
    ProviderRefusedError,
    ProviderTransientError,
)
from data_generator.providers import Completion, CompletionRequest
from data_generator.providers.base import create_provider
from data_generator.providers.chat import SERVICE_ID
from data_generator.providers.openai_errors import connection_error, map_openai_error
from data_generator.tools.tech_support import TechSupportTool

RunCli = Callable[..., CliRun]
StartServer = Callable[..., FakeOpenAIServer]

SEED = 7
RESPONDER = record_responder(seed=SEED)
NO_SUCH_HOST = "http://datagen-no-such-host.invalid/v1"


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAGEN_RETRY_BACKOFF", "0.01")


def closed_port_url() -> str:
    """A loopback URL nothing listens on (a port just bound and released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def openai_flags(base_url: str, *extra: str) -> list[str]:
    return [
        "--provider",
        "openai",
        "--openai-base-url",
        base_url,
        "--openai-model",
        "m",
        "--seed",
        str(SEED),
        *extra,
    ]


def openai_settings(base_url: str, **extra: Any) -> Settings:
    return Settings(
        provider="openai", openai_base_url=base_url, openai_model="m", seed=SEED, **extra
    )


class AfterAnswers:
    """The real provider, calling ``after(n)`` once it has had its n-th answer."""

    def __init__(self, settings: Settings, after: Callable[[int], Any]) -> None:
        self.inner = create_provider(settings)
        self.name, self.model = self.inner.name, self.inner.model
        self.answers = 0
        self.after = after

    async def complete(self, request: CompletionRequest) -> Completion:
        answer = await self.inner.complete(request)
        self.answers += 1
        await asyncio.to_thread(self.after, self.answers)
        return answer

    async def aclose(self) -> None:
        await self.inner.aclose()


def counting_kernel(base_url: str) -> tuple[Kernel, list[httpx2.Request]]:
    """A kernel whose HTTP client notes every request it starts to send."""
    sent: list[httpx2.Request] = []

    async def note(request: httpx2.Request) -> None:
        sent.append(request)

    http = httpx2.AsyncClient(event_hooks={"request": [note]})
    client = openai.AsyncOpenAI(base_url=base_url, api_key="k", max_retries=0, http_client=http)
    kernel = Kernel()
    kernel.add_service(
        OpenAIChatCompletion(service_id=SERVICE_ID, ai_model_id="m", async_client=client)
    )
    return kernel, sent


def tool() -> TechSupportTool:
    made = TechSupportTool({"system_description": "SaaS CRM"})
    return made


# --- unreachable endpoints --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "cause"),
    [
        (closed_port_url(), "connection refused. Start the server or correct --openai-base-url"),
        (
            NO_SUCH_HOST,
            "unknown host 'datagen-no-such-host.invalid'. Correct --openai-base-url (check the "
            "host name and DNS)",
        ),
    ],
    ids=["connection-refused", "unknown-host"],
)
def test_an_unreachable_endpoint_ends_the_run_with_one_line(
    run_cli: RunCli, tmp_path: Path, url: str, cause: str
) -> None:
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 20, *openai_flags(url)))

    assert run.code == 2
    assert one_error_line(run) == f"datagen: error: cannot connect to {url}: {cause}"
    assert run.stdout == ""
    data = manifest(out)
    assert data["status"] == "aborted"
    counts = data["counts"]
    assert (counts["transient_retries"], counts["retried"], counts["failed"]) == (0, 0, 0)
    assert not (out / ".datagen" / "failures.jsonl").exists()


@pytest.mark.parametrize("url", [closed_port_url(), NO_SUCH_HOST], ids=["refused", "unknown-host"])
@pytest.mark.parametrize(
    ("mode", "most"), [("auto", 1), ("json", 8)], ids=["auto-probes-alone", "json-mode"]
)
def test_an_unreachable_endpoint_is_asked_once_per_slot_at_most(
    tmp_path: Path, url: str, mode: str, most: int
) -> None:
    settings = openai_settings(url, structured_output=mode)
    kernel, sent = counting_kernel(url)
    generator = DataGenerator(
        tool(), count=20, out_dir=tmp_path / "out", settings=settings, kernel=kernel
    )

    with pytest.raises(ProviderConnectionError, match="cannot connect to"):
        generator.run()

    # auto: the first request probes alone, the others wait for it; json: one per slot.
    assert 1 <= len(sent) <= most
    assert manifest(tmp_path / "out")["counts"]["transient_retries"] == 0


def test_a_refused_connection_after_answers_is_retried_as_a_restart(
    start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server()
    settings = openai_settings(server.openai_base_url, concurrency=1, max_retries=2)
    provider = AfterAnswers(settings, lambda answers: server.stop() if answers == 2 else None)
    generator = DataGenerator(
        tool(), count=4, out_dir=tmp_path / "out", settings=settings, provider=provider
    )

    result = generator.run()

    assert (result.written, result.failed, result.status) == (2, 2, "incomplete")
    assert result.transient >= 2
    reasons = (tmp_path / "out" / ".datagen" / "failures.jsonl").read_text()
    assert "connection refused (it answered earlier; retrying)" in reasons


# --- the same refusal to the first requests ---------------------------------------------------


def test_the_same_error_to_the_first_requests_ends_the_run(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(script=["500"] * 40)
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 20, *openai_flags(server.openai_base_url)))

    assert run.code == 2
    line = one_error_line(run)
    assert f"{server.openai_base_url} answered 500: The server had an error" in line
    assert "(the same answer to the first 3 requests of the run, none succeeded)" in line
    assert "Check the server's log" in line
    assert 3 <= server.count() <= 4  # one probe at a time: the third stops the run
    assert manifest(out)["status"] == "aborted"


def test_the_same_error_with_every_slot_busy_ends_the_run_too(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(script=["503"] * 80)

    run = run_cli(
        *scenario_args(
            tmp_path / "out", 20, *openai_flags(server.openai_base_url, "--no-structured-output")
        )
    )

    assert run.code == 2
    assert "answered 503" in one_error_line(run)
    assert server.count() <= 8 + 8  # a first round in flight, a few retries; not 20 x 9


def test_different_errors_before_the_first_answer_do_not_end_the_run(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(script=["500", "503", "500", "429", "503"])
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 2, *openai_flags(server.openai_base_url, "-c", "1")))

    assert run.code == 0, run.stderr
    assert sorted(read_json_records(out)) == [1, 2]
    assert server.statuses == [500, 503, 500, 429, 503, 200, 200]


def test_rate_limits_never_count_as_the_same_refusal() -> None:
    fail_fast = FailFast()
    error = ProviderRateLimitError("429")
    error.status, error.body = 429, "slow down"

    assert all(fail_fast.judge(error) is error for _ in range(10))


# --- the boundary: what the SDK raised --------------------------------------------------------


def status_error(status: int, message: str) -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://127.0.0.1:1/v1/chat/completions")
    body = {"error": {"message": message, "type": "internal_server_error"}}
    response = httpx2.Response(status, request=request, json=body)
    return openai.APIStatusError(message, response=response, body=body)


def test_a_5xx_that_complains_about_the_request_is_permanent() -> None:
    error = map_openai_error(
        status_error(
            500,
            "1 validation error for CreateChatCompletionRequest\nseed\n  Input should be a "
            "valid integer",
        ),
        model="m",
        where="http://x/v1",
        structured_output="json",
    )

    assert isinstance(error, ProviderRefusedError)
    assert error.fatal
    assert error.exit_code == 2
    assert error.status == 500
    assert "failed on the request (500): 1 validation error" in error.message


def test_a_5xx_about_the_server_is_transient() -> None:
    error = map_openai_error(status_error(502, "Bad gateway"), model="m", where="http://x/v1")

    assert isinstance(error, ProviderTransientError)
    assert (error.status, error.body) == (502, "Bad gateway")


def test_a_4xx_that_is_not_about_one_record_stops_the_run() -> None:
    error = map_openai_error(status_error(422, "unprocessable"), model="m", where="http://x/v1")

    assert isinstance(error, ProviderRefusedError)
    assert error.one_line() == (
        "http://x/v1 refused the request (422): unprocessable. "
        "Check the endpoint, API version and model"
    )
    assert "--no-structured-output" not in error.one_line()


def test_an_exception_without_an_openai_error_behind_it_is_not_mapped() -> None:
    assert map_openai_error(RuntimeError("a bug"), model="m", where="http://x/v1") is None


def test_a_connection_lost_mid_answer_is_transient() -> None:
    lost = openai.APIConnectionError(request=httpx2.Request("POST", "http://x/v1"))
    lost.__cause__ = ConnectionResetError("reset by peer")

    error = connection_error(lost, where="http://x/v1")

    assert isinstance(error, ProviderTransientError)
    assert error.message == "lost the connection to http://x/v1: reset by peer"


# --- bugs ---------------------------------------------------------------------------------


def test_an_answer_the_sdk_path_cannot_handle_stops_the_run_as_a_bug(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(script=["ok", "ok", "odd_finish"])
    out = tmp_path / "out"
    args = scenario_args(out, 5, *openai_flags(server.openai_base_url, "-c", "1"))

    run = run_cli(*args)

    assert run.code == 1
    line = one_error_line(run)
    assert line.startswith(
        "datagen: error: unexpected ValueError: 'odd' is not a valid FinishReason"
    )
    assert "Rerun with --debug for the traceback" in line
    assert server.statuses == [200, 200, 200]  # not retried as if transient
    assert sorted(read_json_records(out)) == [1, 2]  # what was written is kept
    data = manifest(out)
    assert data["status"] == "failed"
    assert data["counts"]["present"] == 2

    server.reset()
    server.enqueue("odd_finish")
    debug = run_cli(*args, "--debug")

    assert debug.code == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert "ValueError: 'odd' is not a valid FinishReason" in debug.stderr


def test_a_library_run_raises_the_bug_itself(start_server: StartServer, tmp_path: Path) -> None:
    server = start_server(script=["odd_finish"])
    settings = openai_settings(server.openai_base_url, concurrency=1)

    with pytest.raises(ValueError, match="'odd' is not a valid FinishReason") as caught:
        DataGenerator(tool(), count=3, out_dir=tmp_path / "out", settings=settings).run()

    assert not isinstance(caught.value, ProviderError)
    assert len(chat_requests(server)) == 1
    assert manifest(tmp_path / "out")["status"] == "failed"
