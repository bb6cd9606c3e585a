"""``--batch``: records through the Batch API stand-in, as a user runs the CLI.

The stand-in (tests/fake_batch_service.py) answers each batch line with the same responder
as online chat requests, shuffles output lines, writes error-file lines, and moves batches
along as they are polled; ``DATAGEN_BATCH_POLL_SECONDS`` is set small so nothing waits.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import TESTS_DIR, CliRun
from fake_batch_service import BatchService
from fake_openai_server import FakeOpenAIServer
from model_server import PRODUCT, chat_requests, record_index, record_responder

from data_generator.cli.dashboard import render_figures
from data_generator.cli.progress_lines import batch_line, describe
from data_generator.engine.batch_files import BatchFile, answers_in_order, write_batch_files
from data_generator.engine.batch_lines import custom_id, parse_custom_id
from data_generator.engine.events import BatchProgress, RunStarted
from data_generator.engine.manifest import BatchEntry, Manifest
from data_generator.engine.progress import RunProgress

DEPLOYMENT = "gpt-4o-batch"
KEY = "batch-test-key"
SEED = 7
PRICES = {"DATAGEN_PRICE_PROMPT_PER_1K": "0.01", "DATAGEN_PRICE_COMPLETION_PER_1K": "0.03"}


def batch_env(**extra: str) -> dict[str, str]:
    """The environment of a batch run: key, quick polls, prices."""
    return {
        "AZURE_OPENAI_API_KEY": KEY,
        "DATAGEN_BATCH_POLL_SECONDS": "0.01",
        **PRICES,
        **extra,
    }


def args(server: FakeOpenAIServer | str, out: Path, count: int, *extra: str) -> list[str]:
    """A tech-support run against ``server``'s Azure surface (``--batch`` not included)."""
    endpoint = server if isinstance(server, str) else server.azure_endpoint
    return [
        "tech-support", "-d", PRODUCT, "-n", str(count), "-o", str(out), "--seed", str(SEED),
        "--provider", "azure", "--azure-openai-endpoint", endpoint,
        "--azure-openai-deployment", DEPLOYMENT, "-f", "jsonl", *extra,
    ]  # fmt: skip


def flaky(
    bad_first: set[int], always_bad: set[int] = frozenset()
) -> Callable[[dict[str, Any]], str]:  # type: ignore[assignment]
    """Valid records, except invalid JSON for ``bad_first`` on the first ask and for
    ``always_bad`` on every ask."""
    good = record_responder(seed=SEED)

    def respond(body: dict[str, Any]) -> str:
        index = record_index(body)
        first = len(body["messages"]) == 2
        if index in always_bad or (first and index in bad_first):
            return '{"not": "a ticket"'
        return str(good(body))

    return respond


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The batch environment, set in this process too (for ``run_cli``)."""
    values = batch_env()
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture
def batch_server(start_server: Callable[..., FakeOpenAIServer]) -> Callable[..., Any]:
    """Start a loopback server with a Batch stand-in; returns (server, service)."""

    def start(responder: Any = None, **service: Any) -> tuple[FakeOpenAIServer, BatchService]:
        batches = BatchService(seed=3, **service)
        server = start_server(responder or record_responder(seed=SEED), batches=batches)
        return server, batches

    return start


def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / ".datagen" / "manifest.json").read_text())


def jsonl_indices(out: Path) -> list[int]:
    """The record indices of the jsonl file, in file order (from its journal)."""
    journal = (out / ".datagen" / "tech-support.jsonl.journal").read_text().split()
    return [int(value) for value in journal[::2]]


def _batch_ids(out: Path) -> list[str | None]:
    """The ids of the manifest's batches ([None] before there is one)."""
    try:
        return [entry["id"] for entry in manifest(out).get("batches", [])] or [None]
    except (OSError, ValueError):
        return [None]


def round_lines(service: BatchService) -> list[list[str]]:
    """The custom_ids of each batch the stand-in saw, in creation order."""
    return [[line["custom_id"] for line in service.lines(b.id)] for b in service.created]


# --- the done-when --------------------------------------------------------------------


def start_datagen(argv: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """``python -m data_generator ARGV`` as a child process (no shell in between)."""
    full = {**os.environ, **env}
    full["PYTHONPATH"] = os.pathsep.join([str(TESTS_DIR), *filter(None, [full.get("PYTHONPATH")])])
    return subprocess.Popen(
        [sys.executable, "-m", "data_generator", *argv],
        env=full,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_2000_records_one_batch_one_repair_batch_killed_and_resumed(
    batch_server: Callable[..., Any],
    run_subprocess: Callable[..., CliRun],
    tmp_path: Path,
) -> None:
    """The done-when: 2,000 records, killed while in_progress, rerun: nothing new submitted."""
    bad_first, always_bad = {10, 500, 1999}, {1234}
    server, service = batch_server(
        flaky(bad_first, always_bad), line_faults={custom_id(77, 1): ["500"]}
    )
    out = tmp_path / "out"
    argv = args(server, out, 2000, "--batch", "--max-attempts", "2")
    service.hold("in_progress")
    child = start_datagen(argv, batch_env())
    try:
        wait_for(
            lambda: (
                bool(service.created) and service.status(service.created[0].id) == "in_progress"
            ),
            "the batch to be in_progress",
        )
        entry = manifest(out)["batches"][0]
        assert entry["id"] == service.created[0].id
        assert entry["consumed"] is False
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()
    assert child.returncode == -signal.SIGKILL
    service.release()

    rerun = run_subprocess(*argv, env=batch_env(), timeout=300)

    assert rerun.code == 1, rerun.stderr
    assert "record 1234 failed" in rerun.stderr
    # One batch of 2,000 first asks (never submitted again), one repair batch.
    rounds = round_lines(service)
    assert len(rounds) == 2
    assert sorted(parse_custom_id(c) for c in rounds[0]) == [(i, 1) for i in range(1, 2001)]
    assert sorted(rounds[1]) == sorted(custom_id(i, 2) for i in {*bad_first, *always_bad, 77})
    assert len(service.uploads) == 2
    # 1,999 valid records in the file, the failure with its reason.
    lines = (out / "tech-support.jsonl").read_bytes().splitlines()
    assert len(lines) == 1999
    assert sorted(jsonl_indices(out)) == [i for i in range(1, 2001) if i != 1234]
    failures = [
        json.loads(line) for line in (out / ".datagen" / "failures.jsonl").read_text().splitlines()
    ]
    assert [(f["index"], f["attempts"]) for f in failures] == [(1234, 2)]
    assert "JSON" in failures[0]["reason"] or "json" in failures[0]["reason"]
    # The manifest: both batches consumed, counts, and the cost at the batch price (half).
    data = manifest(out)
    assert [b["consumed"] for b in data["batches"]] == [True, True]
    assert [b["round"] for b in data["batches"]] == [1, 2]
    assert data["counts"]["present"] == 1999
    assert data["counts"]["failed"] == 1
    tokens = data["tokens"]
    online = tokens["prompt"] / 1000 * 0.01 + tokens["completion"] / 1000 * 0.03
    assert tokens["estimated_cost"] == pytest.approx(online / 2, rel=1e-6)


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_records_repaired_in_a_later_batch_keep_index_order_through_a_kill(
    batch_server: Callable[..., Any],
    run_cli: Callable[..., CliRun],
    run_subprocess: Callable[..., CliRun],
    tmp_path: Path,
    fmt: str,
) -> None:
    """2,000 records, three repaired in round 2, killed before it ends: the online bytes."""
    bad_first = {10, 500, 1999}
    server, service = batch_server(flaky(bad_first), steps_per_poll=0)
    online = run_cli(*args(server, tmp_path / "online", 2000, "-f", fmt))
    assert online.code == 0, online.stderr

    out = tmp_path / "batch"
    argv = args(server, out, 2000, "--batch", "-f", fmt)
    child = start_datagen(argv, batch_env())
    try:
        wait_for(lambda: bool(service.created), "the first batch")
        service.run_all()  # the first batch ends; the repair batch is then left waiting
        # The first batch counts as consumed just after its repair batch is created.
        wait_for(
            lambda: (
                len(_batch_ids(out)) == 2
                and None not in _batch_ids(out)
                and manifest(out)["batches"][0]["consumed"] is True
            ),
            "the repair batch's id, and the first batch consumed, in the manifest",
        )
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()
    assert child.returncode == -signal.SIGKILL
    spool = out / ".datagen" / "batches" / "spool.jsonl"
    assert len(spool.read_bytes().splitlines()) == 2000 - 9 - len(bad_first)  # after record 9

    service.steps_per_poll = 1
    rerun = run_subprocess(*argv, env=batch_env(), timeout=300)

    assert rerun.code == 0, rerun.stderr
    name = f"tech-support.{fmt}"
    assert (out / name).read_bytes() == (tmp_path / "online" / name).read_bytes()
    rounds = round_lines(service)
    assert len(rounds) == 2  # nothing asked twice
    assert sorted(parse_custom_id(c) for c in rounds[0]) == [(i, 1) for i in range(1, 2001)]
    assert sorted(rounds[1]) == sorted(custom_id(i, 2) for i in bad_first)
    assert not spool.parent.exists()
    assert manifest(out)["counts"]["present"] == 2000


def test_batch_estimate_is_half_the_online_estimate(
    run_cli: Callable[..., CliRun], env: dict[str, str], tmp_path: Path
) -> None:
    endpoint = "https://example.openai.azure.com"  # a dry run calls nothing
    online = run_cli(*args(endpoint, tmp_path / "o", 2000, "--dry-run"))
    batch = run_cli(*args(endpoint, tmp_path / "o", 2000, "--dry-run", "--batch"))
    assert online.code == 0, online.stderr
    assert batch.code == 0, batch.stderr

    def cost(text: str) -> float:
        found = re.search(r"estimated cost (\d+\.\d+)", text)
        assert found, text
        return float(found.group(1).rstrip("."))

    assert cost(online.stdout) > 0
    assert cost(batch.stdout) == pytest.approx(cost(online.stdout) / 2, abs=2e-4)


# --- the lines ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["auto", "json"])
def test_a_batch_line_carries_the_body_the_online_provider_sends(
    batch_server: Callable[..., Any],
    run_cli: Callable[..., CliRun],
    env: dict[str, str],
    tmp_path: Path,
    mode: str,
) -> None:
    """Same record, same attempt: the batch line's body is the online request's body."""
    server, service = batch_server(flaky({2}))
    extra = ("--temperature", "0.4", "--max-tokens", "900", "--structured-output", mode)
    online = run_cli(*args(server, tmp_path / "online", 3, *extra))
    batch = run_cli(*args(server, tmp_path / "batch", 3, *extra, "--batch"))
    assert online.code == 0, online.stderr
    assert batch.code == 0, batch.stderr

    sent = {}
    for request in chat_requests(server):
        body = {key: value for key, value in request.body.items() if key != "stream"}
        sent[(record_index(request.body), len(body["messages"]))] = body
    lines = [line for b in service.created for line in service.lines(b.id)]
    assert len(lines) == 4  # three first asks, one repair of record 2
    for line in lines:
        index, attempt = parse_custom_id(line["custom_id"])  # type: ignore[misc]
        assert line["method"] == "POST"
        assert line["url"] == "/chat/completions"
        assert line["body"]["model"] == DEPLOYMENT
        assert line["body"] == sent[(index, 2 if attempt == 1 else 3)]
    assert manifest(tmp_path / "batch")["structured_output"] == (
        "json-schema" if mode == "auto" else mode
    )


def test_lines_are_split_into_files_of_at_most_batch_max_requests(
    batch_server: Callable[..., Any],
    run_cli: Callable[..., CliRun],
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("DATAGEN_BATCH_MAX_REQUESTS", "4")
    server, service = batch_server()
    result = run_cli(*args(server, tmp_path / "out", 10, "--batch"))
    assert result.code == 0, result.stderr
    assert [len(lines) for lines in round_lines(service)] == [4, 4, 2]
    entries = manifest(tmp_path / "out")["batches"]
    assert [(e["first_index"], e["last_index"], e["requests"]) for e in entries] == [
        (1, 4, 4),
        (5, 8, 4),
        (9, 10, 2),
    ]
    assert {e["id"] for e in entries} == {b.id for b in service.created}
    assert all(e["status"] == "completed" and e["consumed"] for e in entries)


def test_batch_files_keep_to_the_byte_limit(tmp_path: Path) -> None:
    lines = [(index, b"x%d" % index + b"x" * 28 + b"\n") for index in range(1, 8)]
    names = iter(range(10))
    files = list(write_batch_files(lines, 100, 100, lambda: tmp_path / f"{next(names)}.jsonl"))
    assert [(f.first, f.last, f.requests) for f in files] == [(1, 3, 3), (4, 6, 3), (7, 7, 1)]
    assert [f.path.name for f in files] == ["0.jsonl", "1.jsonl", "2.jsonl"]
    assert all(f.path.stat().st_size == f.size <= 100 for f in files)
    assert files[2].path.read_bytes() == lines[6][1]
    assert isinstance(files[0], BatchFile)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_out_of_order_answers_are_written_in_index_order_as_online(
    batch_server: Callable[..., Any],
    run_cli: Callable[..., CliRun],
    env: dict[str, str],
    tmp_path: Path,
    fmt: str,
) -> None:
    server, service = batch_server(flaky({5, 17}))
    online = run_cli(*args(server, tmp_path / "online", 40, "-f", fmt))
    batch = run_cli(*args(server, tmp_path / "batch", 40, "--batch", "-f", fmt))
    assert online.code == 0, online.stderr
    assert batch.code == 0, batch.stderr
    output = service.files[service.created[0].output_file_id].data.splitlines()
    answered = [parse_custom_id(json.loads(line)["custom_id"]) for line in output]
    assert answered != sorted(answered)  # the stand-in shuffled them
    assert len(service.created) == 2  # records 5 and 17 were repaired in a second batch
    name = f"tech-support.{fmt}"
    assert (tmp_path / "batch" / name).read_bytes() == (tmp_path / "online" / name).read_bytes()
    assert not (tmp_path / "batch" / ".datagen" / "batches").exists()  # files removed


def test_answers_are_read_from_disk_in_index_order_skipping_other_lines(tmp_path: Path) -> None:
    ok = {
        "custom_id": "datagen-3-1",
        "response": {
            "status_code": 200,
            "body": {
                "choices": [{"message": {"content": "{}"}, "finish_reason": "length"}],
                "usage": {"prompt_tokens": 5, "completion_tokens": 7},
            },
        },
        "error": None,
    }
    filtered = {
        "custom_id": "datagen-4-2",
        "response": {
            "status_code": 400,
            "body": {"error": {"code": "content_filter", "message": "no"}},
        },
    }
    expired = {
        "custom_id": "datagen-5-1",
        "response": None,
        "error": {"code": "batch_expired", "message": "late"},
    }
    output, errors = tmp_path / "output.jsonl", tmp_path / "errors.jsonl"
    lines = (filtered, {"custom_id": "mine-1"}, ok)
    output.write_bytes(b"\n".join(orjson.dumps(line) for line in lines) + b"\nnot json\n[1]\n")
    errors.write_bytes(orjson.dumps(expired) + b"\n")
    answers = list(answers_in_order(output, errors))
    assert [(a.index, a.attempt, a.ran) for a in answers] == [
        (3, 1, True),
        (4, 2, True),
        (5, 1, False),
    ]
    assert [a.index for a in answers_in_order(None, errors)] == [5]
    first = answers[0].completion
    assert first is not None
    assert first.finish_reason == "length"
    assert first.usage.completion_tokens == 7
    assert answers[1].reason == "the batch answered 400 (content_filter): no"
    assert parse_custom_id("datagen-x-1") is None
    assert parse_custom_id(7) is None


# --- repairs --------------------------------------------------------------------------


def test_online_repairs_go_through_the_online_provider(
    batch_server: Callable[..., Any],
    run_cli: Callable[..., CliRun],
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    server, service = batch_server(
        flaky({3, 5}, {8}), line_faults={custom_id(6, 1): ["content_filter"]}
    )
    argv = args(server, tmp_path / "out", 8, "--batch", "--batch-repairs", "online")
    result = run_cli(*argv, "--max-attempts", "3")
    assert result.code == 1, result.stderr
    assert "record 8 failed" in result.stderr
    assert len(service.created) == 1
    repaired = sorted(
        (record_index(r.body), len(r.body["messages"])) for r in chat_requests(server)
    )
    # A refused answer is asked again with feedback, a failed line without.
    assert repaired == [(3, 3), (5, 3), (6, 2), (8, 3), (8, 3)]
    assert jsonl_indices(tmp_path / "out") == [1, 2, 3, 4, 5, 6, 7]  # in index order
    data = manifest(tmp_path / "out")
    assert data["counts"]["retried"] == 5
    assert data["counts"]["present"] == 7
    assert data["counts"]["failed"] == 1


# --- batch-level errors ---------------------------------------------------------------


def test_an_expired_batch_keeps_its_answers_and_resubmits_the_rest(
    batch_server: Callable[..., Any],
    run_cli: Callable[..., CliRun],
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    server, service = batch_server(expire_after_lines=5)
    result = run_cli(*args(server, tmp_path / "out", 12, "--batch"))
    assert result.code == 0, result.stderr
    expired = service.created[0].id
    assert (
        f"batch {expired} expired: 5 of 12 requests answered, kept; submitting the other 7 again"
        in result.stderr
    )
    assert [len(lines) for lines in round_lines(service)][:2] == [12, 7]
    assert sorted(jsonl_indices(tmp_path / "out")) == list(range(1, 13))


def test_token_limit_exceeded_creates_the_batch_again_with_back_off(
    batch_server: Callable[..., Any],
    run_cli: Callable[..., CliRun],
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    server, service = batch_server(token_limit_creates=2)
    result = run_cli(*args(server, tmp_path / "out", 4, "--batch"))
    assert result.code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "token_limit_exceeded" in line]
    assert len(notes) == 2
    assert "creating it again in" in notes[0]
    assert len(service.uploads) == 1
    assert len(service.created) == 3
    assert manifest(tmp_path / "out")["batches"][0]["id"] == service.created[2].id


def test_a_token_budget_caps_the_requests_submitted(
    batch_server: Callable[..., Any],
    run_cli: Callable[..., CliRun],
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    server, service = batch_server(flaky({2}))
    out = tmp_path / "out"
    budget = 3 * _tokens_per_request(tmp_path, server) + 5
    result = run_cli(*args(server, out, 10, "--batch", "--token-budget", str(budget)))
    assert result.code == 1, result.stderr
    notes = [line for line in result.stderr.splitlines() if "allows" in line]
    assert len(notes) == 1
    assert f"WARNING: --token-budget {budget:,} allows 3 batch requests of up to" in notes[0]
    assert "the token budget was reached after 1 record" in result.stderr
    # Three first asks; the repair of record 2 is past the budget: it waits for a rerun.
    assert round_lines(service) == [[custom_id(i, 1) for i in (1, 2, 3)]]
    assert jsonl_indices(out) == [1]
    assert manifest(out)["status"] == "budget"
    assert (out / ".datagen" / "batches" / "spool.jsonl").exists()  # record 3, paid for

    rerun = run_cli(*args(server, out, 10, "--batch"))
    assert rerun.code == 0, rerun.stderr
    assert jsonl_indices(out) == list(range(1, 11))
    asked = sorted(c for lines in round_lines(service) for c in lines)
    assert asked.count(custom_id(3, 1)) == 1
    assert not (out / ".datagen" / "batches").exists()


def _tokens_per_request(tmp_path: Path, server: FakeOpenAIServer) -> int:
    """The plan's tokens per request (the prompt and --max-tokens) of the test's runs."""
    from data_generator.engine.generator import DataGenerator
    from data_generator.settings import Settings
    from data_generator.tools.tech_support import TechSupportTool

    tool = TechSupportTool({"system_description": PRODUCT})
    settings = Settings(
        provider="azure",
        azure_openai_endpoint=server.azure_endpoint,
        azure_openai_deployment=DEPLOYMENT,
        azure_openai_api_key=KEY,
    )
    generator = DataGenerator(tool, count=10, out_dir=tmp_path / "plan", settings=settings)
    return generator.plan.tokens_per_request


def test_batch_with_several_deployments_is_refused(
    run_cli: Callable[..., CliRun], env: dict[str, str], tmp_path: Path
) -> None:
    routes = [
        "--deployment",
        "gpt@https://east.example",
        "--deployment",
        "gpt@https://west.example",
    ]
    out = tmp_path / "out"
    result = run_cli(
        "tech-support", "-d", PRODUCT, "-n", "2", "-o", str(out), "--provider", "azure",
        *routes, "--batch",
    )  # fmt: skip
    assert result.code == 2
    assert result.stderr.strip().splitlines() == [
        "datagen: error: --batch sends every batch to one Global Batch deployment, not to the "
        "2 deployments of --deployment / [[deployments]]. Name that deployment with one "
        "--deployment NAME@ENDPOINT (it replaces [[deployments]]), or leave --batch out to "
        "spread online requests over them"
    ]
    assert not out.exists()


def test_batch_goes_to_the_one_deployment_given(
    batch_server: Callable[..., Any],
    run_cli: Callable[..., CliRun],
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    server, service = batch_server()
    out = tmp_path / "out"
    result = run_cli(
        "tech-support", "-d", PRODUCT, "-n", "3", "-o", str(out), "--seed", str(SEED),
        "--provider", "azure", "--deployment", f"{DEPLOYMENT}@{server.azure_endpoint}",
        "-f", "jsonl", "--batch",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert [line["body"]["model"] for line in service.lines(service.created[0].id)] == [
        DEPLOYMENT
    ] * 3
    assert jsonl_indices(out) == [1, 2, 3]


def test_model_not_found_stops_with_a_global_batch_hint(
    batch_server: Callable[..., Any],
    run_cli: Callable[..., CliRun],
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    server, _service = batch_server(deployments={"some-other-deployment"})
    result = run_cli(*args(server, tmp_path / "out", 4, "--batch"))
    assert result.code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "model_not_found" in line
    assert "Global Batch" in line
    assert manifest(tmp_path / "out")["status"] == "aborted"


def test_a_cancelled_batch_ends_the_run_resumably(
    batch_server: Callable[..., Any], run_subprocess: Callable[..., CliRun], tmp_path: Path
) -> None:
    server, service = batch_server()
    out = tmp_path / "out"
    argv = args(server, out, 6, "--batch")
    service.hold("in_progress")
    child = start_datagen(argv, batch_env())
    wait_for(lambda: _batch_ids(out) != [None], "the batch's id in the manifest")
    batch_id = service.created[0].id
    endpoint = ("--azure-openai-endpoint", server.azure_endpoint)
    cancel = run_subprocess(
        "batches", str(out), "--cancel", *endpoint, "--azure-openai-deployment", DEPLOYMENT,
        env=batch_env(),
    )  # fmt: skip
    assert cancel.code == 0, cancel.stderr
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 130, stderr
    assert stderr.strip().splitlines() == [
        f"datagen: error: batch {batch_id} was cancelled: 0 of 6 requests answered, kept. "
        "Rerun the same command to submit the rest"
    ]
    assert manifest(out)["status"] == "interrupted"

    service.release()
    rerun = run_subprocess(*argv, env=batch_env(), timeout=120)
    assert rerun.code == 0, rerun.stderr
    assert [len(lines) for lines in round_lines(service)] == [6, 6]
    assert sorted(jsonl_indices(out)) == list(range(1, 7))


def test_batch_needs_a_provider_with_a_batch_api(
    run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    result = run_cli(
        "tech-support",
        "-d",
        PRODUCT,
        "-n",
        "2",
        "-o",
        str(tmp_path / "o"),
        "--provider",
        "offline",
        "--batch",
    )
    assert result.code == 2
    assert result.stderr.strip().splitlines() == [
        "datagen: error: --batch needs --provider azure or openai, not 'offline'. Leave --batch "
        "out, or use --provider azure with a Global Batch deployment"
    ]
    assert not (tmp_path / "o").exists()


# --- resume, manifest, display --------------------------------------------------------


def test_an_uploaded_file_whose_batch_was_never_created_is_created_on_rerun(
    start_server: Callable[..., FakeOpenAIServer],
    run_cli: Callable[..., CliRun],
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    service = BatchService(seed=3, file_polls=0)
    server = start_server(record_responder(seed=SEED), batches=service, retry_after_ms=0)
    out = tmp_path / "out"
    service.enqueue_http("ok", *["429"] * 20)  # the upload passes; every create is refused
    first = run_cli(*args(server, out, 5, "--batch"))
    assert first.code == 1, first.stderr
    (entry,) = manifest(out)["batches"]
    assert entry["id"] is None
    assert entry["status"] == "uploaded"
    service._http_faults.clear()

    rerun = run_cli(*args(server, out, 5, "--batch"))
    assert rerun.code == 0, rerun.stderr
    assert len(service.uploads) == 1
    assert len(service.created) == 1
    assert service.created[0].input_file_id == entry["input_file_id"]
    assert sorted(jsonl_indices(out)) == [1, 2, 3, 4, 5]


def test_overwrite_drops_the_batches_of_the_manifest(
    batch_server: Callable[..., Any],
    run_cli: Callable[..., CliRun],
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    server, _service = batch_server()
    out = tmp_path / "out"
    assert run_cli(*args(server, out, 3, "--batch")).code == 0
    assert run_cli(*args(server, out, 3, "--overwrite")).code == 0
    assert "batches" not in manifest(out)
    assert run_cli(*args(server, out, 3, "--batch")).code == 0  # the fingerprint ignores --batch


def test_batch_entries_survive_a_manifest_round_trip() -> None:
    entry = BatchEntry("batch_1", "file-1", 2, 10, 3, 40, "in_progress", None, None, False)
    data = Manifest(batches=(entry,)).to_json()
    assert data["batches"] == [
        {
            "id": "batch_1",
            "input_file_id": "file-1",
            "round": 2,
            "requests": 10,
            "first_index": 3,
            "last_index": 40,
            "status": "in_progress",
            "output_file_id": None,
            "error_file_id": None,
            "consumed": False,
        }
    ]
    assert Manifest.from_json(data).batches == (entry,)
    assert Manifest.from_json({"batches": [{"id": "x"}, 3]}).batches == ()


def test_the_dashboard_and_progress_lines_show_the_batches() -> None:
    progress = RunProgress(clock=lambda: 1.0)
    progress(RunStarted("tech-support", 100, 0, 8, Path("out")))
    progress(BatchProgress("batch_a", "in_progress", 100, 40, 2, 1))
    progress(BatchProgress("batch_b", "validating", 5, 0, 0, 2))
    figures = progress.figures()
    assert batch_line(figures.batches) == (
        "batches: batch_a in_progress 42/100 (2 failed), batch_b validating 0/5 round 2"
    )
    assert describe(figures).endswith("; " + batch_line(figures.batches))
    from rich.console import Console

    console = Console(width=120, record=True, color_system=None)
    console.print(render_figures(figures))
    assert "batch_a in_progress 42/100" in console.export_text()
    from data_generator.cli.progress_lines import _fields

    assert _fields(figures)["batches"][0] == {
        "id": "batch_a",
        "status": "in_progress",
        "total": 100,
        "completed": 40,
        "failed": 2,
        "round": 1,
    }
    progress(BatchProgress("batch_a", "completed", 100, 98, 2, 1))
    progress(BatchProgress("batch_b", "completed", 5, 5, 0, 2))
    assert batch_line(progress.figures().batches) == "batches: 2 batches ended"


def test_token_limit_exceeded_every_time_stops_the_run(
    batch_server: Callable[..., Any],
    run_cli: Callable[..., CliRun],
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("DATAGEN_BATCH_POLL_SECONDS", "0.001")
    server, service = batch_server(token_limit_creates=10)
    result = run_cli(*args(server, tmp_path / "out", 2, "--batch"))
    assert result.code == 2
    assert len(service.created) == 10
    last = result.stderr.strip().splitlines()[-1]
    assert "failed 10 times with token_limit_exceeded" in last


def test_first_mode_is_plain_json_for_a_record_without_a_strict_schema() -> None:
    from pydantic import BaseModel

    from data_generator.providers.chat_body import first_mode

    class Loose(BaseModel):
        tags: dict[str, int]

    assert first_mode("auto", Loose) == "json"
    assert first_mode("json-object-schema", Loose) == "json-object-schema"
    assert batch_line(()) == ""


# --- the batch run against a scripted service -----------------------------------------


class ScriptedApi:
    """A Batch API whose batches end as the test says (for what the stand-in cannot do)."""

    name, model, chat_url = "azure", DEPLOYMENT, "/chat/completions"

    def __init__(self, ends: list[tuple[str, bytes]], errors: tuple[Any, ...] = ()) -> None:
        self.ends = ends  # (status, output file) of each batch, in creation order
        self.errors = errors
        self.files: dict[str, bytes] = {}
        self.created: list[str] = []

    async def upload(self, filename: str, data: Path) -> str:
        file_id = f"file-{len(self.files)}"
        self.files[file_id] = data.read_bytes()
        return file_id

    async def create(self, input_file_id: str, *, metadata: Any = None) -> Any:
        from data_generator.providers.batch_api import BatchInfo

        self.created.append(input_file_id)
        return BatchInfo(f"b{len(self.created)}", "validating", input_file_id, None, None, 0, 0, 0)

    async def retrieve(self, batch_id: str) -> Any:
        from data_generator.providers.batch_api import BatchInfo

        status, output = self.ends[int(batch_id[1:]) - 1]
        self.files[f"out-{batch_id}"] = output
        errors = self.errors if status == "failed" else ()
        return BatchInfo(batch_id, status, "", f"out-{batch_id}", None, 2, 0, 0, errors)  # type: ignore[arg-type]

    async def download(self, file_id: str, path: Path) -> None:
        path.write_bytes(self.files[file_id])


def scripted_run(
    api: ScriptedApi, tmp_path: Path, entries: list[BatchEntry], todo: list[int]
) -> tuple[list[int], list[dict[str, Any]], list[str]]:
    """Run a BatchRun over ``api``; return the indices written, the failures and the log."""
    import asyncio
    import logging

    from data_generator.engine.batch_jobs import BatchJobs
    from data_generator.engine.batch_lines import LineMaker
    from data_generator.engine.batch_run import BatchOutlets, BatchRun
    from data_generator.engine.failures import FailureLog
    from data_generator.engine.manifest import Tally
    from data_generator.engine.record_maker import RecordMaker
    from data_generator.engine.usage import UsageJournal
    from data_generator.providers.chat_body import ChatBodies
    from data_generator.providers.offline import OfflineProvider
    from data_generator.tools.tech_support import TechSupportTool
    from data_generator.writers.base import IndexSet

    tool = TechSupportTool({"system_description": PRODUCT})
    maker = RecordMaker(tool, OfflineProvider(tool), 2, lambda _event: None)
    lines = LineMaker(
        maker.request,
        maker.context,
        ChatBodies(),
        mode="json-schema",
        model=DEPLOYMENT,
        url="/chat/completions",
    )
    written: list[int] = []
    notes: list[str] = []

    class Notes(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            notes.append(record.getMessage())

    log = logging.getLogger("test_batch_run.scripted")
    log.addHandler(Notes())
    failures = FailureLog(tmp_path / "failures.jsonl")
    outlets = BatchOutlets(
        lambda index, _outcome: written.append(index),
        failures,
        UsageJournal(tmp_path / "usage.jsonl", "run"),
        Tally(),
        lambda _event: None,
        log,
    )
    jobs = BatchJobs(api, entries, lambda: None, lambda _event: None, poll_seconds=0.001, log=log)  # type: ignore[arg-type]
    run = BatchRun(
        jobs,
        maker,
        lines,
        outlets,
        folder=tmp_path / "batches",
        seed=SEED,
        done=IndexSet(),
        limits=(100, 10**6),
    )
    try:
        asyncio.run(run.run(todo))
    finally:
        failures.close()
    path = tmp_path / "failures.jsonl"
    failed = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    return written, failed, notes


def answer_line(index: int, attempt: int = 1) -> bytes:
    """A valid answer line for record ``index``, as a batch output file holds it."""
    from data_generator.engine.record_maker import RecordMaker
    from data_generator.providers.offline import OfflineProvider
    from data_generator.tools.tech_support import TechSupportTool

    tool = TechSupportTool({"system_description": PRODUCT})
    offline = OfflineProvider(tool)
    maker = RecordMaker(tool, offline, 1, lambda _event: None)
    text = offline.synthesize(maker.request(maker.context(index, SEED))).decode()
    body = {"choices": [{"message": {"content": text}, "finish_reason": "stop"}], "usage": {}}
    line = {"custom_id": custom_id(index, attempt), "response": {"status_code": 200, "body": body}}
    return orjson.dumps(line) + b"\n"


def test_lines_a_completed_batch_never_answers_are_asked_once_more_then_failed(
    tmp_path: Path,
) -> None:
    api = ScriptedApi([("completed", b""), ("completed", answer_line(2))])
    written, failed, _ = scripted_run(api, tmp_path, [], [1, 2])
    assert written == [2]
    assert len(api.created) == 2
    assert [(f["index"], f["reason"]) for f in failed] == [
        (1, "the Batch API returned no answer for it")
    ]


def test_a_batch_failed_for_another_reason_stops_the_run(tmp_path: Path) -> None:
    from data_generator.errors import ProviderRefusedError
    from data_generator.providers.batch_api import BatchError

    api = ScriptedApi(
        [("failed", b"")],
        errors=(BatchError("invalid_json_line", "This line is not valid JSON.", 3),),
    )
    entries: list[BatchEntry] = []
    with pytest.raises(
        ProviderRefusedError, match="invalid_json_line: This line is not valid JSON"
    ):
        scripted_run(api, tmp_path, entries, [1])
    assert entries[0].consumed


def test_a_batch_cancelled_before_the_run_keeps_its_answers_and_resubmits_the_rest(
    tmp_path: Path,
) -> None:
    api = ScriptedApi([("cancelled", answer_line(1)), ("completed", answer_line(2))])
    requests = b"".join(
        orjson.dumps({"custom_id": custom_id(i, 1), "method": "POST"}) + b"\n" for i in (1, 2)
    )
    (tmp_path / "batches").mkdir()
    (tmp_path / "batches" / "0.jsonl").write_bytes(requests + b"not a line\n")  # kept input
    api.created.append("file-old")
    entries = [BatchEntry("b1", "file-old", 1, 2, 1, 2, "cancelling")]
    written, failed, notes = scripted_run(api, tmp_path, entries, [1, 2])
    assert written == [1, 2]
    assert failed == []
    assert (
        "batch b1 cancelled: 1 of 2 requests answered, kept; submitting the other 1 again" in notes
    )
    resubmitted = api.files[api.created[1]]
    assert [
        parse_custom_id(json.loads(line)["custom_id"]) for line in resubmitted.splitlines()
    ] == [(2, 1)]


def test_a_cancelled_batch_without_its_kept_input_file_is_asked_again_at_the_end(
    tmp_path: Path,
) -> None:
    api = ScriptedApi([("cancelled", answer_line(1)), ("completed", answer_line(2))])
    api.created.append("file-old")
    entries = [BatchEntry("b1", "file-old", 1, 2, 1, 2, "cancelling")]
    written, failed, notes = scripted_run(api, tmp_path, entries, [1, 2])
    assert written == [1, 2]
    assert failed == []
    assert any("its input file is not in" in note for note in notes)
    resubmitted = api.files[api.created[1]]
    assert [json.loads(line)["custom_id"] for line in resubmitted.splitlines()] == [custom_id(2, 1)]


def test_a_rerun_does_not_ask_again_for_a_repair_a_killed_run_submitted(
    tmp_path: Path,
) -> None:
    """Killed after the repair batch was created, before its source batch was consumed."""
    invalid = orjson.loads(answer_line(2))
    invalid["response"]["body"]["choices"][0]["message"]["content"] = '{"not": "a ticket"'
    first = answer_line(1) + orjson.dumps(invalid) + b"\n"
    api = ScriptedApi([("completed", first), ("completed", answer_line(2, 2)), ("completed", b"")])
    api.created += ["file-a", "file-b"]
    folder = tmp_path / "batches"
    folder.mkdir()

    def request(index: int, attempt: int) -> bytes:
        return orjson.dumps({"custom_id": custom_id(index, attempt), "method": "POST"}) + b"\n"

    (folder / "0.jsonl").write_bytes(request(1, 1) + request(2, 1))
    (folder / "1.jsonl").write_bytes(request(2, 2))
    entries = [
        BatchEntry("b1", "file-a", 1, 2, 1, 2, "completed"),
        BatchEntry("b2", "file-b", 2, 1, 2, 2, "in_progress"),
    ]
    written, failed, _ = scripted_run(api, tmp_path, entries, [1, 2])
    assert written == [1, 2]
    assert failed == []
    assert api.created == ["file-a", "file-b"]  # nothing submitted again
    assert all(entry.consumed for entry in entries)
    assert not folder.exists()
