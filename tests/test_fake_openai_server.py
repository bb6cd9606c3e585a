"""The fake Azure OpenAI / OpenAI server, exercised with the real ``openai`` client."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import httpx2
import openai
import pytest
from fake_openai_server import (
    FakeOpenAIServer,
    estimate_tokens,
    json_responder,
    last_user_text,
    schema_problem,
    serve,
    tls_server,
)
from pydantic import BaseModel

API_VERSION = "2024-10-21"
MESSAGES: list[Any] = [
    {"role": "system", "content": "You write JSON."},
    {"role": "user", "content": "One ticket, please."},
]


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    """A default server (any key, any deployment, answers ``{}``)."""
    yield from serve()


def azure(server: FakeOpenAIServer, **kwargs: Any) -> openai.AsyncAzureOpenAI:
    options: dict[str, Any] = {"api_key": "key", "api_version": API_VERSION, "max_retries": 0}
    options.update(kwargs)
    return openai.AsyncAzureOpenAI(azure_endpoint=server.azure_endpoint, **options)


def plain(server: FakeOpenAIServer, **kwargs: Any) -> openai.AsyncOpenAI:
    options: dict[str, Any] = {"api_key": "key", "max_retries": 0}
    options.update(kwargs)
    return openai.AsyncOpenAI(base_url=server.openai_base_url, **options)


async def ask(client: openai.AsyncOpenAI, model: str = "gpt-4o", **kwargs: Any) -> Any:
    return await client.chat.completions.create(model=model, messages=MESSAGES, **kwargs)


async def test_azure_answer_with_usage_and_record() -> None:
    content = json.dumps({"title": "Printer on fire", "priority": "high"})
    with FakeOpenAIServer(json_responder(json.loads(content)), api_key="key") as server:
        async with azure(server) as client:
            reply = await ask(client, "my-deployment")
        assert reply.object == "chat.completion"
        assert reply.model == "my-deployment"
        choice = reply.choices[0]
        assert (choice.index, choice.finish_reason) == (0, "stop")
        assert (choice.message.role, choice.message.content) == ("assistant", content)
        prompt_chars = sum(len(m["content"]) for m in MESSAGES)
        assert reply.usage is not None
        assert reply.usage.prompt_tokens == estimate_tokens(prompt_chars)
        assert reply.usage.completion_tokens == estimate_tokens(content)
        assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
        [record] = server.requests
        assert record.path == "/openai/deployments/my-deployment/chat/completions"
        assert record.query == {"api-version": API_VERSION}
        assert record.headers["api-key"] == "key"
        assert record.body["messages"] == MESSAGES
        assert (record.status, record.fault, record.route) == (200, None, "azure")
        assert server.count(200) == 1
        server.reset()
        assert server.count() == 0


async def test_openai_route_uses_body_model_and_bearer_key() -> None:
    def responder(body: dict[str, Any]) -> str:
        return json.dumps({"echo": last_user_text(body)})

    with FakeOpenAIServer(responder, api_key="sk-test", models={"gpt-4o-mini"}) as server:
        async with plain(server, api_key="sk-test") as client:
            reply = await ask(client, "gpt-4o-mini")
            with pytest.raises(openai.NotFoundError) as missing:
                await ask(client, "gpt-5")
        async with plain(server, api_key="wrong") as client:
            with pytest.raises(openai.AuthenticationError) as denied:
                await ask(client, "gpt-4o-mini")
        assert reply.model == "gpt-4o-mini"
        assert reply.choices[0].message.content == '{"echo": "One ticket, please."}'
        assert server.requests[0].headers["authorization"] == "Bearer sk-test"
        assert missing.value.code == "model_not_found"
        assert denied.value.code == "invalid_api_key"
        assert server.statuses == [200, 404, 401]


async def test_rate_limit_fault_exposes_retry_after_headers() -> None:
    with FakeOpenAIServer(script=["429", "ok"], retry_after_ms=250) as server:
        async with azure(server) as client:
            with pytest.raises(openai.RateLimitError) as error:
                await ask(client)
            await ask(client)
        assert error.value.status_code == 429
        assert error.value.code == "429"
        assert error.value.response.headers["retry-after-ms"] == "250"
        assert error.value.response.headers["retry-after"] == "1"
        assert "Please retry after 1 second." in error.value.message
        assert [(r.status, r.fault) for r in server.requests] == [(429, "429"), (200, None)]


@pytest.mark.parametrize(
    ("fault", "error_class", "code"),
    [
        ("401", openai.AuthenticationError, "401"),
        ("404", openai.NotFoundError, "DeploymentNotFound"),
        ("content_filter", openai.BadRequestError, "content_filter"),
        ("500", openai.InternalServerError, None),
        ("503", openai.InternalServerError, "ServiceUnavailable"),
    ],
)
async def test_error_faults_map_to_openai_exceptions(
    fault: str, error_class: type[openai.APIStatusError], code: str | None
) -> None:
    with FakeOpenAIServer(script=[fault]) as server:
        async with azure(server) as client:
            with pytest.raises(error_class) as error:
                await ask(client)
    assert error.value.code == code
    if fault == "content_filter":
        assert isinstance(error.value.body, dict)
        assert error.value.body["innererror"]["code"] == "ResponsibleAIPolicyViolation"


async def test_azure_auth_and_deployments() -> None:
    with FakeOpenAIServer(
        api_key="right", bearer_tokens={"entra-token"}, deployments={"gpt4o"}
    ) as server:
        async with azure(server, api_key="wrong") as client:
            with pytest.raises(openai.AuthenticationError) as bad_key:
                await ask(client, "gpt4o")
        async with azure(server, api_key=None, azure_ad_token="entra-token") as client:
            await ask(client, "gpt4o")
            with pytest.raises(openai.NotFoundError) as unknown:
                await ask(client, "nope")
        async with azure(server, api_key=None, azure_ad_token="expired") as client:
            with pytest.raises(openai.AuthenticationError) as bad_token:
                await ask(client, "gpt4o")
        assert bad_key.value.code == "401"
        assert "invalid subscription key" in bad_key.value.message
        assert unknown.value.code == "DeploymentNotFound"
        assert bad_token.value.code == "401"
        assert server.requests[1].headers["authorization"] == "Bearer entra-token"
        assert server.statuses == [401, 200, 404, 401]


def test_azure_route_requires_api_version(server: FakeOpenAIServer) -> None:
    url = f"{server.base_url}/openai/deployments/d/chat/completions"
    with httpx.Client(timeout=5) as client:
        missing = client.post(url, json={"messages": MESSAGES})
        present = client.post(url, params={"api-version": API_VERSION}, json={"messages": MESSAGES})
        unknown = client.get(f"{server.base_url}/openai/models")
    assert missing.status_code == 400
    assert "api-version" in missing.json()["error"]["message"]
    assert present.status_code == 200
    assert unknown.status_code == 404


STRING = {"type": "string"}


def obj(
    properties: dict[str, Any], *, required: list[str] | None = None, closed: bool = True
) -> dict[str, Any]:
    """An object schema; by default strict (closed, every property required)."""
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    schema["required"] = list(properties) if required is None else required
    if closed:
        schema["additionalProperties"] = False
    return schema


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (obj({"tag": {"$ref": "#/$defs/Tag"}}) | {"$defs": {"Tag": obj({"n": STRING})}}, None),
        (obj({"title": STRING}, closed=False), "context=(), 'additionalProperties'"),
        (obj({"title": STRING, "n": STRING}, required=["title"]), "Missing 'n'"),
        (obj({"title": STRING}, required=["title", "x"]), "extra key: 'x'"),
        (
            obj({"tag": {"$ref": "#/$defs/Tag"}}) | {"$defs": {"Tag": obj({}, closed=False)}},
            "context=('$defs', 'Tag'), 'additionalProperties'",
        ),
        (
            obj({"o": {"anyOf": [obj({}, closed=False), {"type": "null"}]}}),
            "context=('properties', 'o', 'anyOf', '0'), 'additionalProperties'",
        ),
        (
            obj({"tags": {"type": "array", "items": obj({"x": STRING}, required=[])}}),
            "context=('properties', 'tags', 'items'), 'required'",
        ),
        ({"type": "array", "items": {}}, "must be a JSON Schema of 'type: \"object\"'"),
    ],
)
def test_schema_problem(schema: dict[str, Any], expected: str | None) -> None:
    problem = schema_problem(schema, "ticket")
    if expected is None:
        assert problem is None
    else:
        assert problem is not None
        assert problem.startswith("Invalid schema for response_format 'ticket': ")
        assert expected in problem


class Tag(BaseModel):
    name: str


class Ticket(BaseModel):
    title: str
    tags: list[Tag]


async def test_strict_schema_refused_or_accepted() -> None:
    answer = {"title": "t", "tags": [{"name": "n"}]}
    with FakeOpenAIServer(json_responder(answer)) as server:
        loose = obj({"title": STRING}, closed=False)
        async with azure(server) as client:
            with pytest.raises(openai.BadRequestError) as refused:
                await ask(
                    client,
                    response_format={
                        "type": "json_schema",
                        "json_schema": {"name": "ticket", "strict": True, "schema": loose},
                    },
                )
            # The openai client's own strict schema (pydantic, with $defs) is accepted.
            parsed = await client.chat.completions.parse(
                model="gpt-4o", messages=MESSAGES, response_format=Ticket
            )
            await ask(client, response_format={"type": "json_object"})
        assert refused.value.status_code == 400
        assert refused.value.code == "invalid_request_error"
        assert "Invalid schema for response_format 'ticket'" in refused.value.message
        assert parsed.choices[0].message.parsed == Ticket.model_validate(answer)
        assert server.statuses == [400, 200, 200]


async def test_max_tokens_truncated_and_malformed() -> None:
    long_answer = json.dumps({"text": "x" * 400})
    with FakeOpenAIServer(
        json_responder(json.loads(long_answer)), script=["ok", "truncated", "malformed"]
    ) as server:
        async with plain(server) as client:
            capped = await ask(client, max_tokens=10)
            truncated = await ask(client)
            malformed = await ask(client)
    assert capped.choices[0].finish_reason == "length"
    assert capped.choices[0].message.content == long_answer[:40]
    assert capped.usage is not None
    assert capped.usage.completion_tokens == 10
    assert truncated.choices[0].finish_reason == "length"
    assert truncated.choices[0].message.content == long_answer[: len(long_answer) // 2]
    assert malformed.choices[0].finish_reason == "stop"
    with pytest.raises(ValueError):  # noqa: PT011 - json's error is a plain ValueError subclass
        json.loads(malformed.choices[0].message.content or "")


async def test_timeout_fault_trips_client_timeout_and_server_stops_promptly() -> None:
    server = FakeOpenAIServer(script=["timeout"], hang_seconds=300).start()
    try:
        async with azure(server, timeout=0.5) as client:
            # Within its 300 s stall the server sends nothing: only the client's timeout ends this.
            with pytest.raises(openai.APITimeoutError):
                await ask(client)
        assert server.requests[0].ended is None  # still stalled after the client left
    finally:
        server.stop()
    stalled = server.requests[0]
    assert stalled.fault == "timeout"
    # stop() woke the stalled handler (its join gives up after a few seconds otherwise) ...
    assert stalled.ended is not None
    assert stalled.status is None  # ... which dropped the connection without an answer


async def test_rate_limit_windows_cap_accepted_requests() -> None:
    with FakeOpenAIServer(rate_limit=(5, 1.0)) as server:
        async with plain(server) as client:
            server.reset()  # start a fresh window now
            results = await asyncio.gather(*(ask(client) for _ in range(8)), return_exceptions=True)
            refused = [r for r in results if isinstance(r, openai.RateLimitError)]
            assert len(refused) == 3
            assert server.count(200) == 5
            headers = refused[0].response.headers
            wait_ms = int(headers["retry-after-ms"])
            assert 0 < wait_ms <= 1000
            assert headers["retry-after"] == "1"
            assert headers["x-ratelimit-remaining-requests"] == "0"
            await asyncio.sleep(wait_ms / 1000 + 0.05)
            raw = client.chat.completions.with_raw_response
            fresh = await raw.create(model="m", messages=MESSAGES)
            assert fresh.headers["x-ratelimit-remaining-requests"] == "4"
        assert [r.fault for r in server.requests].count("rate_limit") == 3


async def test_handles_64_concurrent_requests() -> None:
    # Each request is held until 64 were in flight at once: one-at-a-time handling never gets there.
    with FakeOpenAIServer(hold_until_in_flight=64) as server:
        async with plain(server) as client:
            replies = await asyncio.gather(*(ask(client) for _ in range(64)))
    assert len(replies) == 64
    assert server.count(200) == 64
    assert server.peak_in_flight == 64
    requests = server.requests
    assert max(r.started for r in requests) < min(r.ended or 0 for r in requests)


def test_random_faults_are_deterministic() -> None:
    def run(server: FakeOpenAIServer) -> list[int | None]:
        url = f"{server.openai_base_url}/chat/completions"
        with httpx.Client(timeout=5) as client:
            for _ in range(30):
                client.post(url, json={"model": "m", "messages": MESSAGES})
        return server.statuses

    faults = {"500": 0.3, "429": 0.2}
    with FakeOpenAIServer(faults=faults, seed=7) as first:
        statuses = run(first)
        first.reset()
        assert run(first) == statuses
    with FakeOpenAIServer(faults=faults, seed=7) as second:
        assert run(second) == statuses
    assert {200, 429, 500} == set(statuses)
    with pytest.raises(ValueError, match="unknown faults"):
        FakeOpenAIServer(script=["418"])


async def test_streaming_answer() -> None:
    with FakeOpenAIServer(json_responder({"a": 1})) as server:
        async with azure(server) as client:
            stream = await ask(client, stream=True, stream_options={"include_usage": True})
            chunks = [chunk async for chunk in stream]
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == '{"a": 1}'
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].usage is not None


def _default_client(server: FakeOpenAIServer) -> openai.AsyncAzureOpenAI:
    return azure(server)


def _legacy_httpx_client(server: FakeOpenAIServer) -> openai.AsyncAzureOpenAI:
    return azure(server, http_client=httpx.AsyncClient())


def _explicit_context_client(server: FakeOpenAIServer) -> openai.AsyncAzureOpenAI:
    return azure(server, http_client=httpx2.AsyncClient(verify=server.client_ssl_context()))


@pytest.mark.parametrize(
    "make_client", [_default_client, _legacy_httpx_client, _explicit_context_client]
)
async def test_https_trusted_through_ssl_cert_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_client: Callable[[FakeOpenAIServer], openai.AsyncAzureOpenAI],
) -> None:
    with tls_server(tmp_path, json_responder({"secure": True})) as server:
        assert server.ca_file == tmp_path / "fake-openai-ca.pem"
        assert server.https_base_url.startswith("https://localhost:")
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))  # before the client exists
        async with make_client(server) as client:
            reply = await ask(client)
    assert reply.choices[0].message.content == '{"secure": true}'


async def test_https_untrusted_or_set_too_late_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tls_server(tmp_path) as server:
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        monkeypatch.delenv("SSL_CERT_DIR", raising=False)
        async with azure(server) as client:
            # SSL_CERT_FILE is read when the client is built, not per request.
            monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
            with pytest.raises(openai.APIConnectionError):
                await ask(client)
        assert server.count() == 0


# Semantic Kernel's own models trip a pydantic 2.11+ deprecation warning; not ours to fix.
@pytest.mark.filterwarnings("ignore::pydantic.warnings.PydanticDeprecatedSince211")
async def test_semantic_kernel_over_https_and_http_base_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from semantic_kernel.connectors.ai.open_ai import (
        AzureChatCompletion,
        AzureChatPromptExecutionSettings,
    )
    from semantic_kernel.contents import ChatHistory

    history = ChatHistory()
    history.add_user_message("One ticket, please.")
    settings = AzureChatPromptExecutionSettings(max_tokens=50)
    with tls_server(tmp_path, json_responder({"ok": 1}), api_key="key") as server:
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
        service = AzureChatCompletion(
            deployment_name="dep",
            endpoint=server.azure_endpoint,
            api_key="key",
            api_version=API_VERSION,
        )
        secure = await service.get_chat_message_content(history, settings)
    with FakeOpenAIServer(json_responder({"ok": 2}), api_key="key") as server:
        service = AzureChatCompletion(
            deployment_name="dep",
            base_url=server.azure_deployment_url("dep"),
            api_key="key",
            api_version=API_VERSION,
        )
        plain_http = await service.get_chat_message_content(history, settings)
        assert server.requests[0].path == "/openai/deployments/dep/chat/completions"
        assert server.requests[0].body["max_tokens"] == 50
    assert secure is not None
    assert plain_http is not None
    assert (secure.content, plain_http.content) == ('{"ok": 1}', '{"ok": 2}')
