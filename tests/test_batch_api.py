"""The Batch API client (``providers/batch_api``) against the loopback Batch stand-in."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fake_batch_service import BatchService
from fake_openai_server import FakeOpenAIServer, json_responder
from model_server import FakeAsyncCredential

from data_generator.errors import (
    MissingConnectionSettingError,
    OutputError,
    ProviderAuthError,
    ProviderNotFoundError,
    ProviderRefusedError,
    ProviderTransientError,
    UsageError,
)
from data_generator.providers.batch_api import (
    TERMINAL_STATUSES,
    BatchApi,
    BatchError,
    BatchInfo,
    create_batch_api,
)
from data_generator.settings import Settings

KEY = "sk-batch-secret-0123"
DEPLOYMENT = "gpt-4o-batch"
ANSWER = {"title": "Printer on fire"}
StartServer = Callable[..., FakeOpenAIServer]


def azure_settings(server: FakeOpenAIServer, **kwargs: Any) -> Settings:
    values: dict[str, Any] = {
        "provider": "azure",
        "azure_openai_endpoint": server.azure_endpoint,
        "azure_openai_deployment": DEPLOYMENT,
        "azure_openai_api_key": KEY,
    }
    values.update(kwargs)
    return Settings(**values)


def openai_settings(base_url: str, **kwargs: Any) -> Settings:
    values: dict[str, Any] = {
        "provider": "openai",
        "openai_base_url": base_url,
        "openai_model": DEPLOYMENT,
        "openai_api_key": KEY,
    }
    values.update(kwargs)
    return Settings(**values)


class Sleeps:
    """A sleep that records how long it was asked to wait, and does not."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def lines(api: BatchApi, count: int) -> bytes:
    """Input lines as batchrun writes them: url and model from the client."""
    rows = [
        {
            "custom_id": str(index),
            "method": "POST",
            "url": api.chat_url,
            "body": {
                "model": api.model,
                "messages": [{"role": "user", "content": f"Record number {index}"}],
            },
        }
        for index in range(1, count + 1)
    ]
    return b"".join(json.dumps(row).encode() + b"\n" for row in rows)


async def round_trip(api: BatchApi, count: int = 3) -> tuple[BatchInfo, list[dict[str, Any]]]:
    """Upload, create, poll to the end; return the last state and the output lines."""
    file_id = await api.upload("datagen-1.jsonl", lines(api, count))
    info = await api.create(file_id, metadata={"datagen_round": "1"})
    assert (info.status, info.input_file_id, info.terminal) == ("validating", file_id, False)
    while not info.terminal:
        info = await api.retrieve(info.id)
    assert info.output_file_id is not None
    output = [json.loads(line) for line in (await api.content(info.output_file_id)).splitlines()]
    return info, output


async def test_azure_round_trip_waits_for_the_upload(start_server: StartServer) -> None:
    service = BatchService(file_polls=3)
    server = start_server(json_responder(ANSWER), api_key=KEY, batches=service)
    api = create_batch_api(azure_settings(server))
    api.sleep = sleeps = Sleeps()
    try:
        assert (api.name, api.model, api.chat_url) == ("azure", DEPLOYMENT, "/chat/completions")
        info, output = await round_trip(api)
    finally:
        await api.aclose()
    file_id = info.input_file_id
    polls = [r for r in server.requests if r.method == "GET" and r.path.endswith(file_id)]
    assert len(polls) == 3  # pending, pending, processed: created only then
    assert sleeps.seconds == [0.5, 1.0]  # at once, then backing off
    assert (info.status, info.total, info.completed, info.failed) == ("completed", 3, 3, 0)
    assert sorted(line["custom_id"] for line in output) == ["1", "2", "3"]
    assert all(line["response"]["status_code"] == 200 for line in output)
    [batch] = service.created
    assert (batch.endpoint, batch.metadata) == ("/chat/completions", {"datagen_round": "1"})
    assert service.lines(batch.id)[0]["body"]["model"] == DEPLOYMENT
    creates = [r for r in server.requests if r.method == "POST" and r.path == "/openai/batches"]
    assert creates[0].body["completion_window"] == "24h"
    assert all(r.headers["api-key"] == KEY for r in server.requests)


async def test_openai_surface(start_server: StartServer) -> None:
    server = start_server(json_responder(ANSWER), api_key=KEY, batches=BatchService())
    api = create_batch_api(openai_settings(server.openai_base_url))
    try:
        assert (api.name, api.chat_url) == ("openai", "/v1/chat/completions")
        info, output = await round_trip(api)
    finally:
        await api.aclose()
    assert info.status == "completed"
    assert all(line["id"].startswith("batch_req_") for line in output)
    assert {r.path for r in server.requests} >= {"/v1/files", "/v1/batches"}
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in server.requests)


async def test_azure_v1_surface_through_the_openai_provider(start_server: StartServer) -> None:
    server = start_server(json_responder(ANSWER), api_key=KEY, batches=BatchService())
    api = create_batch_api(openai_settings(server.base_url + "/openai/v1/"))
    try:
        assert api.chat_url == "/chat/completions"
        info, _ = await round_trip(api)
    finally:
        await api.aclose()
    assert info.status == "completed"
    assert {r.path for r in server.requests} >= {"/openai/v1/files", "/openai/v1/batches"}


async def test_entra_identity(start_server: StartServer) -> None:
    credential = FakeAsyncCredential("entra-batch-token")
    server = start_server(bearer_tokens={"entra-batch-token"}, batches=BatchService())
    api = create_batch_api(azure_settings(server, azure_openai_api_key=None), credential=credential)
    try:
        info, _ = await round_trip(api, count=1)
    finally:
        await api.aclose()
    assert info.status == "completed"
    assert all(r.headers["authorization"] == "Bearer entra-batch-token" for r in server.requests)
    assert credential.calls
    assert not credential.closed  # the caller's to close


async def test_cancel_and_failed_lines(start_server: StartServer) -> None:
    service = BatchService(steps_per_poll=0, lines_per_step=1)
    service.fail_line("2", "content_filter")
    server = start_server(api_key=KEY, batches=service)
    api = create_batch_api(azure_settings(server))
    try:
        info = await api.create(await api.upload("in.jsonl", lines(api, 3)))
        service.step(times=3)  # validated, lines 1 and 2 answered
        running = await api.retrieve(info.id)
        cancelling = await api.cancel(info.id)
        service.step()
        cancelled = await api.retrieve(info.id)
        again = await api.cancel(info.id)  # already over: answered 409, read instead
        assert cancelled.error_file_id is not None
        errors = [json.loads(x) for x in (await api.content(cancelled.error_file_id)).splitlines()]
    finally:
        await api.aclose()
    assert (running.status, running.completed, running.failed) == ("in_progress", 1, 1)
    assert cancelling.status == "cancelling"
    assert (cancelled.status, cancelled.completed, cancelled.failed) == ("cancelled", 1, 2)
    assert cancelled.terminal
    assert again == cancelled
    by_id = {line["custom_id"]: line for line in errors}
    assert by_id["2"]["response"]["status_code"] == 400
    assert by_id["3"]["error"]["code"] == "batch_cancelled"


async def test_batch_level_errors(start_server: StartServer) -> None:
    service = BatchService(token_limit_creates=1, deployments={"another"})
    server = start_server(api_key=KEY, batches=service)
    api = create_batch_api(azure_settings(server))
    try:
        failed = await api.retrieve((await api.create(await api.upload("a", lines(api, 1)))).id)
    finally:
        await api.aclose()
    assert failed.status == "failed"
    assert failed.terminal
    [error] = failed.errors
    assert isinstance(error, BatchError)
    assert (error.code, error.line) == ("model_not_found", 1)
    assert DEPLOYMENT in error.message
    assert service.token_limit_creates == 1  # validation fails before the quota is looked at
    assert {"failed", "completed", "expired", "cancelled"} == TERMINAL_STATUSES


async def test_429_and_5xx_are_retried_with_back_off(start_server: StartServer) -> None:
    service = BatchService(http_faults=["429", "503", "500"])
    server = start_server(api_key=KEY, batches=service, retry_after_ms=250)
    api = create_batch_api(azure_settings(server))
    api.sleep = sleeps = Sleeps()
    try:
        file_id = await api.upload("in.jsonl", lines(api, 1))
        service.enqueue_http(*["500"] * 5)
        with pytest.raises(ProviderTransientError) as failed:
            await api.create(file_id)
    finally:
        await api.aclose()
    assert sleeps.seconds[:3] == [0.25, 4.0, 8.0]  # retry-after, then doubling back-off
    assert sleeps.seconds[3:] == [2.0, 4.0, 8.0, 16.0]
    assert server.statuses == [429, 503, 500, 200, 200, *[500] * 5]  # upload, look, create
    line = failed.value.one_line()
    assert "500" in line
    assert "(creating a batch)" in line
    assert "\n" not in line
    assert service.created == []


async def test_a_refused_key_is_one_line_without_the_secret(start_server: StartServer) -> None:
    server = start_server(api_key="the-right-key", batches=BatchService())
    api = create_batch_api(azure_settings(server))
    try:
        with pytest.raises(ProviderAuthError) as refused:
            await api.upload("in.jsonl", b"{}\n")
    finally:
        await api.aclose()
    line = refused.value.one_line()
    assert line.startswith(f"{server.base_url} refused the API key or identity (401)")
    assert "uploading in.jsonl" in line
    assert "Cognitive Services OpenAI User" in line
    assert KEY not in line
    assert "the-right-key" not in line
    assert refused.value.exit_code == 2


async def test_openai_refused_key_hint(start_server: StartServer) -> None:
    server = start_server(api_key="the-right-key", batches=BatchService())
    api = create_batch_api(openai_settings(server.openai_base_url))
    try:
        with pytest.raises(ProviderAuthError) as refused:
            await api.retrieve("batch_x")
    finally:
        await api.aclose()
    line = refused.value.one_line()
    assert "(401) reading batch batch_x" in line
    assert line.endswith("Check --openai-api-key / OPENAI_API_KEY")
    assert KEY not in line


async def test_an_endpoint_without_batch_api_says_so(start_server: StartServer) -> None:
    server = start_server(api_key=KEY)  # chat only
    api = create_batch_api(azure_settings(server))
    try:
        with pytest.raises(ProviderNotFoundError) as missing:
            await api.upload("in.jsonl", b"{}\n")
    finally:
        await api.aclose()
    line = missing.value.one_line()
    assert "has no Batch API" in line
    assert "(404 uploading in.jsonl)" in line
    assert "Global Batch deployment" in line
    assert "\n" not in line
    assert KEY not in line


async def test_an_api_version_without_batches(start_server: StartServer) -> None:
    server = start_server(api_key=KEY, batches=BatchService(api_versions={"2025-04-01-preview"}))
    api = create_batch_api(azure_settings(server, azure_openai_api_version="2024-02-01"))
    try:
        with pytest.raises(ProviderNotFoundError, match=r"has no Batch API.*Resource not found"):
            await api.retrieve("batch_1")
    finally:
        await api.aclose()


async def test_other_providers_have_no_batch_api() -> None:
    with pytest.raises(UsageError, match="--batch needs --provider azure or openai, not 'offline'"):
        create_batch_api(Settings(provider="offline"))
    with pytest.raises(MissingConnectionSettingError, match="needs an endpoint"):
        create_batch_api(Settings(provider="azure", azure_openai_deployment=DEPLOYMENT))


async def test_an_upload_never_processed_is_a_transient_failure(start_server: StartServer) -> None:
    server = start_server(api_key=KEY, batches=BatchService(file_polls=1000))
    api = create_batch_api(azure_settings(server))
    api.file_wait = 0.0
    try:
        with pytest.raises(ProviderTransientError, match="did not process the batch input file"):
            await api.upload("in.jsonl", b"{}\n")
    finally:
        await api.aclose()


async def test_an_upload_the_service_cannot_process_is_one_line(start_server: StartServer) -> None:
    server = start_server(api_key=KEY, batches=BatchService(check_uploads=True))
    api = create_batch_api(azure_settings(server))
    try:
        with pytest.raises(ProviderRefusedError) as refused:
            await api.upload("datagen-1.jsonl", b"not json\n")
    finally:
        await api.aclose()
    assert refused.value.one_line() == (
        f"{server.base_url} could not process the batch input file 'datagen-1.jsonl': "
        "Validation of the file failed: line 1 is not a valid JSON object. Each line must be a "
        "JSON object with custom_id, method, url and body"
    )


def test_a_status_this_client_does_not_know_is_not_taken_for_over() -> None:
    from openai.types import Batch

    batch = Batch.model_construct(
        id="batch_1",
        status="queued",
        input_file_id="file-1",
        output_file_id=None,
        error_file_id=None,
        request_counts=None,
        errors=None,
    )
    info = BatchInfo.from_batch(batch)
    assert (info.status, info.terminal, info.total) == ("in_progress", False, 0)


async def test_upload_from_disk_and_download_to_disk(
    start_server: StartServer, tmp_path: Any
) -> None:
    service = BatchService(file_polls=0)
    server = start_server(json_responder(ANSWER), api_key=KEY, batches=service)
    api = create_batch_api(azure_settings(server))
    api.sleep = Sleeps()
    source = tmp_path / "0.jsonl"
    try:
        source.write_bytes(lines(api, 3))
        file_id = await api.upload("datagen-round1-1-3.jsonl", source)
        assert service.files[file_id].data == source.read_bytes()
        info = await api.create(file_id)
        while not info.terminal:
            info = await api.retrieve(info.id)
        assert info.output_file_id is not None
        target = tmp_path / "0.output.jsonl"
        service.enqueue_http("500")  # retried, then written whole
        await api.download(info.output_file_id, target)
        assert target.read_bytes() == service.files[info.output_file_id].data
        assert len(target.read_bytes().splitlines()) == 3
        assert not (tmp_path / "0.output.jsonl.part").exists()
        with pytest.raises(OutputError, match="cannot write"):
            await api.download(info.output_file_id, tmp_path / "missing" / "x.jsonl")
    finally:
        await api.aclose()
