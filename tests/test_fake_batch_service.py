"""The loopback Batch stand-in, driven with the real ``openai`` SDK on each surface."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from fake_batch_service import BatchService
from fake_openai_server import FakeOpenAIServer, estimate_tokens, json_responder, serve

API_VERSION = "2024-10-21"
KEY = "batch-key"
ANSWER = {"title": "Printer on fire"}


def jsonl(count: int, *, url: str = "/chat/completions", model: str = "dep-batch") -> bytes:
    """``count`` chat lines, custom ids ``r1``.. ``rN``."""
    lines = [
        {
            "custom_id": f"r{i}",
            "method": "POST",
            "url": url,
            "body": {"model": model, "messages": [{"role": "user", "content": f"Record {i}"}]},
        }
        for i in range(1, count + 1)
    ]
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


def read_jsonl(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.splitlines() if line.strip()]


@pytest.fixture
def service() -> BatchService:
    return BatchService(seed=3)


@pytest.fixture
def server(service: BatchService) -> Iterator[FakeOpenAIServer]:
    yield from serve(json_responder(ANSWER), api_key=KEY, batches=service)


def azure(server: FakeOpenAIServer, **kwargs: Any) -> openai.AsyncAzureOpenAI:
    options: dict[str, Any] = {"api_key": KEY, "api_version": API_VERSION, "max_retries": 0}
    options.update(kwargs)
    return openai.AsyncAzureOpenAI(azure_endpoint=server.azure_endpoint, **options)


def plain(base_url: str, **kwargs: Any) -> openai.AsyncOpenAI:
    options: dict[str, Any] = {"api_key": KEY, "max_retries": 0}
    options.update(kwargs)
    return openai.AsyncOpenAI(base_url=base_url, **options)


async def upload(client: openai.AsyncOpenAI, data: bytes) -> str:
    """Upload and wait (by polling) until processed; return the file id."""
    created = await client.files.create(file=("in.jsonl", data), purpose="batch")
    status = created.status
    while status != "processed":
        status = (await client.files.retrieve(created.id)).status
    return created.id


async def run_to_end(client: openai.AsyncOpenAI, batch_id: str) -> list[Any]:
    """Poll until terminal; return every batch object seen."""
    seen = [await client.batches.retrieve(batch_id)]
    while seen[-1].status not in ("completed", "failed", "expired", "cancelled"):
        seen.append(await client.batches.retrieve(batch_id))
    return seen


async def test_azure_round_trip(server: FakeOpenAIServer, service: BatchService) -> None:
    async with azure(server) as client:
        created = await client.files.create(file=("in.jsonl", jsonl(40)), purpose="batch")
        assert (created.status, created.purpose, created.filename) == (
            "pending",
            "batch",
            "in.jsonl",
        )
        assert created.id.startswith("file-")
        assert created.bytes == len(jsonl(40))
        with pytest.raises(openai.BadRequestError, match="'pending' state"):
            await client.batches.create(
                input_file_id=created.id, endpoint="/chat/completions", completion_window="24h"
            )
        assert (await client.files.retrieve(created.id)).status == "processed"
        batch = await client.batches.create(
            input_file_id=created.id,
            endpoint="/chat/completions",  # type: ignore[arg-type]  # Azure's spelling
            completion_window="24h",
            metadata={"datagen": "round 1"},
        )
        assert (batch.status, batch.input_file_id, batch.metadata) == (
            "validating",
            created.id,
            {"datagen": "round 1"},
        )
        assert batch.id.startswith("batch_")
        assert batch.expires_at == batch.created_at + 86400
        seen = await run_to_end(client, batch.id)
        assert [b.status for b in seen] == ["in_progress", "finalizing", "completed"]
        assert [(b.request_counts.completed, b.request_counts.total) for b in seen] == [
            (0, 40),
            (40, 40),
            (40, 40),
        ]
        done = seen[-1]
        assert done.error_file_id is None
        assert done.output_file_id is not None
        output = read_jsonl((await client.files.content(done.output_file_id)).content)
    assert sorted(int(line["custom_id"][1:]) for line in output) == list(range(1, 41))
    assert [line["custom_id"] for line in output] != [f"r{i}" for i in range(1, 41)]  # shuffled
    first = output[0]
    assert set(first) == {"custom_id", "response", "error"}
    assert first["error"] is None
    response = first["response"]
    assert response["status_code"] == 200
    assert response["request_id"]
    body = response["body"]
    assert (body["object"], body["model"]) == ("chat.completion", "dep-batch")
    assert json.loads(body["choices"][0]["message"]["content"]) == ANSWER
    prompt = f"Record {first['custom_id'][1:]}"
    assert body["usage"]["prompt_tokens"] == estimate_tokens(prompt)
    assert [b.id for b in service.created] == [batch.id]
    assert service.uploads == [created.id]
    assert service.lines(batch.id)[0]["body"]["messages"][0]["content"] == "Record 1"
    routes = {(r.method, r.path, r.route) for r in server.requests}
    assert ("POST", "/openai/files", "batches") in routes
    assert all(r.query == {"api-version": API_VERSION} for r in server.requests)
    assert all(r.headers["api-key"] == KEY for r in server.requests)


async def test_openai_surface(server: FakeOpenAIServer, service: BatchService) -> None:
    async with plain(server.openai_base_url) as client:
        created = await client.files.create(
            file=("in.jsonl", jsonl(3, url="/v1/chat/completions")), purpose="batch"
        )
        assert created.status == "processed"
        with pytest.raises(openai.BadRequestError, match="endpoint"):
            await client.batches.create(
                input_file_id=created.id,
                endpoint="/chat/completions",  # type: ignore[arg-type]
                completion_window="24h",
            )
        batch = await client.batches.create(
            input_file_id=created.id, endpoint="/v1/chat/completions", completion_window="24h"
        )
        done = (await run_to_end(client, batch.id))[-1]
        assert done.output_file_id is not None
        output = read_jsonl((await client.files.content(done.output_file_id)).content)
        listed = await client.batches.list()
        files = await client.files.list()
        deleted = await client.files.delete(created.id)
    assert all(line["id"].startswith("batch_req_") for line in output)
    assert [b.id for b in listed.data] == [batch.id]
    assert {f.purpose for f in files.data} == {"batch", "batch_output"}
    assert deleted.deleted
    assert created.id not in service.files
    assert {r.path for r in server.requests} >= {"/v1/files", "/v1/batches"}


async def test_azure_v1_surface_takes_the_key_as_header_or_bearer(server: FakeOpenAIServer) -> None:
    async with plain(server.base_url + "/openai/v1") as client:
        file_id = await upload(client, jsonl(2))
        batch = await client.batches.create(
            input_file_id=file_id,
            endpoint="/chat/completions",  # type: ignore[arg-type]
            completion_window="24h",
        )
        assert (await run_to_end(client, batch.id))[-1].status == "completed"
    async with plain(
        server.base_url + "/openai/v1", api_key="unused", default_headers={"api-key": KEY}
    ) as client:
        assert (await client.batches.retrieve(batch.id)).status == "completed"
    async with plain(server.base_url + "/openai/v1", api_key="wrong") as client:
        with pytest.raises(openai.AuthenticationError):
            await client.batches.retrieve(batch.id)
    assert all("api-version" not in r.query for r in server.requests)


async def test_line_faults_land_in_the_error_file(
    server: FakeOpenAIServer, service: BatchService
) -> None:
    service.fail_line("r2", "content_filter")
    service.fail_line("r3", "500")
    async with azure(server) as client:
        batch = await client.batches.create(
            input_file_id=await upload(client, jsonl(4)),
            endpoint="/chat/completions",  # type: ignore[arg-type]
            completion_window="24h",
        )
        done = (await run_to_end(client, batch.id))[-1]
        assert done.request_counts is not None
        assert (done.request_counts.completed, done.request_counts.failed) == (2, 2)
        assert done.error_file_id is not None
        assert done.output_file_id is not None
        errors = read_jsonl((await client.files.content(done.error_file_id)).content)
        output = read_jsonl((await client.files.content(done.output_file_id)).content)
        # a fault is used once: the same line in a follow-up batch is answered
        again = await client.batches.create(
            input_file_id=await upload(client, jsonl(3)),
            endpoint="/chat/completions",  # type: ignore[arg-type]
            completion_window="24h",
        )
        assert (await run_to_end(client, again.id))[-1].request_counts.completed == 3  # type: ignore[union-attr]
    assert sorted(line["custom_id"] for line in output) == ["r1", "r4"]
    by_id = {line["custom_id"]: line["response"] for line in errors}
    assert by_id["r2"]["status_code"] == 400
    assert by_id["r2"]["body"]["error"]["code"] == "content_filter"
    assert by_id["r3"]["status_code"] == 500


async def test_token_limit_then_accepted(server: FakeOpenAIServer, service: BatchService) -> None:
    service.token_limit_creates = 1
    async with azure(server) as client:
        file_id = await upload(client, jsonl(2))
        first = await client.batches.create(
            input_file_id=file_id,
            endpoint="/chat/completions",
            completion_window="24h",  # type: ignore[arg-type]
        )
        failed = await client.batches.retrieve(first.id)
        second = await client.batches.create(
            input_file_id=file_id,
            endpoint="/chat/completions",
            completion_window="24h",  # type: ignore[arg-type]
        )
        done = (await run_to_end(client, second.id))[-1]
    assert failed.status == "failed"
    assert failed.failed_at is not None
    assert failed.errors is not None
    assert failed.errors.data is not None
    [error] = failed.errors.data
    assert error.code == "token_limit_exceeded"
    assert "dep-batch" in (error.message or "")
    assert failed.output_file_id is None
    assert failed.error_file_id is None
    assert done.status == "completed"


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (jsonl(2, model="no-such-deployment"), "model_not_found", 1),
        (jsonl(1) + b"{not json\n", "invalid_json_line", 2),
        (jsonl(2).replace(b'"r2"', b'"r1"'), "duplicate_custom_id", 2),
        (jsonl(1, url="/v1/embeddings"), "url_mismatch", 1),
        (jsonl(1) + jsonl(1, model="dep-other").replace(b'"r1"', b'"r2"'), "model_mismatch", 2),
        (b"\n", "empty_batch", None),
    ],
)
async def test_validation_fails_the_batch(data: bytes, code: str, line: int | None) -> None:
    service = BatchService()
    with FakeOpenAIServer(deployments={"dep-batch", "dep-other"}, batches=service) as server:
        service.deployments = frozenset({"dep-batch"}) if code == "model_not_found" else None
        async with azure(server) as client:
            batch = await client.batches.create(
                input_file_id=await upload(client, data),
                endpoint="/chat/completions",  # type: ignore[arg-type]
                completion_window="24h",
            )
            failed = await client.batches.retrieve(batch.id)
    assert failed.status == "failed"
    assert failed.errors is not None
    assert failed.errors.data
    assert (failed.errors.data[0].code, failed.errors.data[0].line) == (code, line)


async def test_too_many_lines() -> None:
    service = BatchService(max_lines=2)
    with FakeOpenAIServer(batches=service) as server:
        async with azure(server) as client:
            batch = await client.batches.create(
                input_file_id=await upload(client, jsonl(3)),
                endpoint="/chat/completions",  # type: ignore[arg-type]
                completion_window="24h",
            )
            failed = await client.batches.retrieve(batch.id)
    assert failed.errors is not None
    assert failed.errors.data
    assert failed.errors.data[0].code == "too_many_tasks"


async def test_expiry_keeps_the_answered_part() -> None:
    service = BatchService(lines_per_step=2, expire_after_lines=3)
    with FakeOpenAIServer(json_responder(ANSWER), batches=service) as server:
        async with plain(server.openai_base_url) as client:
            batch = await client.batches.create(
                input_file_id=await upload(client, jsonl(5, url="/v1/chat/completions")),
                endpoint="/v1/chat/completions",
                completion_window="24h",
            )
            seen = await run_to_end(client, batch.id)
            done = seen[-1]
            assert done.output_file_id
            assert done.error_file_id
            output = read_jsonl((await client.files.content(done.output_file_id)).content)
            errors = read_jsonl((await client.files.content(done.error_file_id)).content)
    assert [b.status for b in seen] == ["in_progress", "in_progress", "expired"]
    assert [b.request_counts.completed for b in seen] == [0, 2, 3]  # type: ignore[union-attr]
    assert done.expired_at is not None
    assert done.request_counts.failed == 2
    assert sorted(line["custom_id"] for line in output) == ["r1", "r2", "r3"]
    assert sorted(line["custom_id"] for line in errors) == ["r4", "r5"]
    assert {line["error"]["code"] for line in errors} == {"batch_expired"}
    assert all(line["response"] is None for line in errors)


async def test_expire_by_hand_and_cancel() -> None:
    service = BatchService(steps_per_poll=0, lines_per_step=1)
    with FakeOpenAIServer(batches=service) as server:
        async with azure(server) as client:
            file_id = await upload(client, jsonl(3))
            one = await client.batches.create(
                input_file_id=file_id,
                endpoint="/chat/completions",
                completion_window="24h",  # type: ignore[arg-type]
            )
            two = await client.batches.create(
                input_file_id=file_id,
                endpoint="/chat/completions",
                completion_window="24h",  # type: ignore[arg-type]
            )
            service.step(times=2)  # validated, one line answered
            assert (await client.batches.retrieve(one.id)).status == "in_progress"  # no step
            service.expire(one.id)
            cancelling = await client.batches.cancel(two.id)
            service.step(two.id)
            cancelled = await client.batches.retrieve(two.id)
            with pytest.raises(openai.ConflictError):
                await client.batches.cancel(two.id)
            assert cancelled.error_file_id is not None
            errors = read_jsonl((await client.files.content(cancelled.error_file_id)).content)
    assert service.status(one.id) == "expired"
    assert (cancelling.status, cancelled.status) == ("cancelling", "cancelled")
    assert cancelled.cancelled_at is not None
    assert cancelled.output_file_id is not None
    assert sorted(line["custom_id"] for line in errors) == ["r2", "r3"]
    assert {line["error"]["code"] for line in errors} == {"batch_cancelled"}


async def test_cancel_while_validating_reports_every_line() -> None:
    service = BatchService(steps_per_poll=0)
    with FakeOpenAIServer(batches=service) as server:
        async with azure(server) as client:
            batch = await client.batches.create(
                input_file_id=await upload(client, jsonl(2)),
                endpoint="/chat/completions",  # type: ignore[arg-type]
                completion_window="24h",
            )
            await client.batches.cancel(batch.id)
            service.run_all()
            done = await client.batches.retrieve(batch.id)
    assert done.status == "cancelled"
    assert done.output_file_id is None
    assert done.request_counts is not None
    assert (done.request_counts.total, done.request_counts.failed) == (2, 2)


async def test_hold_keeps_a_batch_in_progress(
    server: FakeOpenAIServer, service: BatchService
) -> None:
    service.hold("in_progress")
    async with azure(server) as client:
        batch = await client.batches.create(
            input_file_id=await upload(client, jsonl(2)),
            endpoint="/chat/completions",  # type: ignore[arg-type]
            completion_window="24h",
        )
        statuses = [(await client.batches.retrieve(batch.id)).status for _ in range(3)]
        service.run_all()  # held: nothing moves
        assert service.status(batch.id) == "in_progress"
        service.release()
        service.run_all()
        done = await client.batches.retrieve(batch.id)
    assert statuses == ["in_progress"] * 3
    assert done.status == "completed"
    with pytest.raises(ValueError, match="unknown status"):
        service.hold("paused")


async def test_http_faults_and_unknown_routes(
    server: FakeOpenAIServer, service: BatchService
) -> None:
    service.enqueue_http("429", "503")
    async with azure(server) as client:
        with pytest.raises(openai.RateLimitError) as limited:
            await client.batches.list()
        assert limited.value.response.headers["retry-after-ms"]
        with pytest.raises(openai.InternalServerError):
            await client.batches.list()
        assert (await client.batches.list()).data == []
        with pytest.raises(openai.NotFoundError):
            await client.batches.retrieve("batch_unknown")
        with pytest.raises(openai.NotFoundError):
            await client.files.content("file-unknown")
        with pytest.raises(openai.NotFoundError, match="was not found"):
            await client.batches.create(
                input_file_id="file-unknown",
                endpoint="/chat/completions",
                completion_window="24h",  # type: ignore[arg-type]
            )
    async with azure(server, api_key="wrong") as client:
        with pytest.raises(openai.AuthenticationError):
            await client.files.list()
    with pytest.raises(ValueError, match="unknown HTTP faults"):
        service.enqueue_http("418")


async def test_an_api_version_without_batch_and_a_server_without_it() -> None:
    with FakeOpenAIServer(batches=BatchService(api_versions={"2024-10-21"})) as server:
        async with azure(server, api_version="2024-02-01") as client:
            with pytest.raises(openai.NotFoundError, match="Resource not found"):
                await client.batches.list()
    with FakeOpenAIServer() as server:
        async with azure(server) as client:
            with pytest.raises(openai.NotFoundError):
                await client.files.create(file=("in.jsonl", jsonl(1)), purpose="batch")
        assert server.requests[0].route is None


async def test_an_upload_that_is_not_for_batch_is_refused(server: FakeOpenAIServer) -> None:
    async with azure(server) as client:
        with pytest.raises(openai.BadRequestError, match="purpose"):
            await client.files.create(file=("in.jsonl", jsonl(1)), purpose="fine-tune")


async def test_an_azure_upload_that_is_not_jsonl_ends_in_error() -> None:
    with FakeOpenAIServer(batches=BatchService(check_uploads=True)) as server:
        async with azure(server) as client:
            created = await client.files.create(
                file=("in.jsonl", jsonl(1) + b"[1, 2]\n"), purpose="batch"
            )
            found = await client.files.retrieve(created.id)
            with pytest.raises(openai.BadRequestError, match="'error' state"):
                await client.batches.create(
                    input_file_id=created.id,
                    endpoint="/chat/completions",  # type: ignore[arg-type]
                    completion_window="24h",
                )
    assert (created.status, found.status) == ("pending", "error")
    assert found.status_details == (
        "Validation of the file failed: line 2 is not a valid JSON object."
    )
