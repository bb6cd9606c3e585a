"""Model providers under faults: 429/5xx/bad answers, refusals, secrets, budgets and limits.

Runs the CLI against the loopback fake server and asserts what the user sees and what the
server received.
"""

from __future__ import annotations

import collections
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import CliRun
from fake_openai_server import FakeOpenAIServer
from helpers import manifest, one_error_line
from model_server import (
    case_index,
    chat_requests,
    files_under,
    read_json_records,
    read_jsonl_records,
    record_responder,
    scenario_args,
)

RunCli = Callable[..., CliRun]
StartServer = Callable[..., FakeOpenAIServer]

SEED = 7
RESPONDER = record_responder(seed=SEED)
KEY = "azure-key-1"
SECRET = "sk-test-SECRET-123"
DEPLOYMENT = "gpt-4o-test"


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAGEN_RETRY_BACKOFF", "0.01")
    # The key comes from the environment: one given as a flag adds a warning line.
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)


def azure_flags(
    server: FakeOpenAIServer, *extra: str, key: str | None = None, deployment: str = DEPLOYMENT
) -> list[str]:
    """Flags of an Azure run; the key from the environment unless given (as a flag)."""
    return [
        "--provider",
        "azure",
        "--azure-openai-endpoint",
        server.base_url,
        "--azure-openai-deployment",
        deployment,
        *(["--azure-openai-api-key", key] if key is not None else []),
        "--seed",
        str(SEED),
        *extra,
    ]


def failures(out_dir: Path) -> list[dict[str, Any]]:
    path = out_dir / ".datagen" / "failures.jsonl"
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


# --- 3. 429 / 500 / malformed / truncated ------------------------------------------------------


def test_faults_run_delivers_every_record_and_counts_retries(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(
        api_key=KEY,
        faults={"429": 0.10, "500": 0.05, "malformed": 0.05, "truncated": 0.03},
        seed=11,
        retry_after_ms=20,
    )
    out = tmp_path / "out"

    # Six asks per record: with 8% bad answers, the default three lose a record in ~1 run
    # of 4 (500 x 0.08^3); six, in ~1 of 8,000.
    args = scenario_args(out, 500, *azure_flags(server), "-f", "jsonl", "-c", "16")
    run = run_cli(*args, "--max-attempts", "6")

    assert run.code == 0, run.stderr
    records = read_jsonl_records(out / "tech-support.jsonl")
    assert len(records) == 500
    case_ids = [record.case_id for record in records]
    assert len(set(case_ids)) == 500
    assert set(case_ids) == {f"CASE-{i:06d}" for i in range(1, 501)}
    requests = chat_requests(server)
    faults = collections.Counter(r.fault for r in requests)
    assert all(faults[name] > 0 for name in ("429", "500", "malformed", "truncated")), faults
    # openai's own retries are off: every retry the server saw was datagen's.
    assert {r.headers["x-stainless-retry-count"] for r in requests} == {"0"}
    counts = manifest(out)["counts"]
    assert counts["written"] == 500
    assert counts["failed"] == 0
    assert counts["rate_limited"] == server.count(429) == faults["429"]
    assert counts["transient_retries"] == server.count(500) == faults["500"]
    assert counts["retried"] == faults["malformed"] + faults["truncated"]
    assert server.count(200) == 500 + counts["retried"]
    tokens = next(line for line in run.stdout.splitlines() if line.startswith("Tokens:"))
    assert f"{counts['retried']} repairs, {counts['rate_limited']} answers were 429" in tokens


def most_in_flight(requests: list[Any]) -> int:
    """Most of ``requests`` the server had in flight at once (from its start/end sequence)."""
    never = max((r.started for r in requests), default=0) + 1
    return max(
        (sum(1 for q in requests if q.started <= r.started < (q.ended or never)) for r in requests),
        default=0,
    )


@pytest.mark.slow
def test_one_429_does_not_throttle_the_rest_of_the_run(
    run_subprocess: Callable[..., CliRun], start_server: StartServer, tmp_path: Path
) -> None:
    # At 4869870 the pacer learnt a "quota" of ~0.95 requests/s from this one 429 (one
    # request accepted, retry after 1 s) and kept it for the rest of the run: one request at a
    # time, about 1 s apart. Each answer here takes 0.3 s, so that pace never has two in flight.
    server = start_server(script=["ok", "429"], retry_after_ms=1000, latency_seconds=0.3)

    args = scenario_args("out", 24, *azure_flags(server), "-c", "4")
    try:  # a safety net for a hung run only; a healthy one takes a few seconds
        run = run_subprocess(*args, cwd=tmp_path, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail(f"datagen hung: 24 records not done in 300 s; server saw {server.statuses}")

    assert run.code == 0, run.stderr
    assert server.count(429) == 1
    assert server.count(200) == 24
    requests = chat_requests(server)
    refused = next(r for r in requests if r.status == 429)
    after = [r for r in requests if r.started > (refused.ended or 0)]
    assert len(after) >= 12  # most of the run came after the pause
    assert most_in_flight(after) >= 2, [(r.started, r.ended) for r in requests]


# --- 5. refused key, missing deployment ------------------------------------------------------


def test_refused_key_ends_run_after_the_requests_in_flight_with_one_error_line(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_server(api_key="the-right-key")
    out = tmp_path / "out"
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "a-wrong-key")

    run = run_cli(*scenario_args(out, 200, *azure_flags(server), "-c", "8"))

    assert run.code == 2
    line = one_error_line(run)
    assert "refused the API key or identity (401)" in line
    assert "--azure-openai-api-key" in line
    assert "az login" in line
    assert run.stdout == ""
    assert server.count() <= 16  # the in-flight ones, not 200 (or 200 x retries)
    assert set(server.statuses) == {401}
    assert manifest(out)["status"] == "aborted"
    assert not list(out.glob("tech-support-*.json"))


@pytest.mark.slow
def test_refused_key_prints_one_error_line_in_a_real_process(
    run_subprocess: Callable[..., CliRun],
    start_server: StartServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = start_server(api_key="the-right-key")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "a-wrong-key")

    args = scenario_args("out", 20, *azure_flags(server), "-c", "1")
    # In a real process nothing captures logging: at 4869870 Semantic Kernel's own ERROR
    # records ("Function failed. Error: ...") reached stderr through logging.lastResort.
    run = run_subprocess(*args, cwd=tmp_path)

    assert run.code == 2
    assert "refused the API key or identity (401)" in one_error_line(run)


def test_missing_deployment_names_it(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(deployments={DEPLOYMENT})

    run = run_cli(*scenario_args(tmp_path / "out", 20, *azure_flags(server, deployment="gpt-nope")))

    assert run.code == 2
    line = one_error_line(run)
    assert "'gpt-nope' was not found" in line
    assert "(404)" in line
    assert "--azure-openai-deployment" in line
    assert {r.path for r in server.requests} == {"/openai/deployments/gpt-nope/chat/completions"}


def test_records_written_before_a_401_are_kept(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(script=["ok"] * 5 + ["401"] * 20)
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 20, *azure_flags(server), "-c", "1"))

    assert run.code == 2
    assert "refused the API key or identity (401)" in one_error_line(run)
    assert sorted(read_json_records(out)) == [1, 2, 3, 4, 5]
    data = manifest(out)
    assert data["status"] == "aborted"
    assert data["counts"]["present"] == 5
    assert server.statuses == [200] * 5 + [401]


# --- 6. the key never leaks -----------------------------------------------------------------


@pytest.mark.slow
def test_api_key_never_appears_in_output_or_files(
    run_subprocess: Callable[..., CliRun], start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(api_key=SECRET, script=["ok", "content_filter", "429", "500"])
    out = tmp_path / "out"

    args = scenario_args(out, 6, *azure_flags(server, key=SECRET), "-c", "1")
    run = run_subprocess(*args, "--log-level", "DEBUG", cwd=tmp_path)

    assert run.code == 1, run.stderr
    assert (out / ".datagen" / "failures.jsonl").is_file()
    assert (out / ".datagen" / "manifest.json").is_file()
    assert len(read_json_records(out)) == 5
    assert SECRET not in run.stdout
    assert SECRET not in run.stderr
    written = list(files_under(out))
    assert len(written) >= 7
    leaked = [path for path in written if SECRET.encode() in path.read_bytes()]
    assert leaked == []
    assert all(r.headers["api-key"] == SECRET for r in server.requests)  # it was sent, though


# --- 7. content filter ---------------------------------------------------------------------


def test_content_filter_fails_one_record_and_rerun_completes(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(script=["ok", "content_filter"])
    out = tmp_path / "out"
    args = scenario_args(out, 4, *azure_flags(server), "-c", "1")

    run = run_cli(*args)

    assert run.code == 1
    assert sorted(read_json_records(out)) == [1, 3, 4]
    [failure] = failures(out)
    assert failure["index"] == 2
    assert "content filter" in failure["reason"]
    assert "1 record failed" in run.stderr
    assert manifest(out)["counts"]["failed"] == 1

    server.reset()
    server.enqueue("ok")
    rerun = run_cli(*args)

    assert rerun.code == 0, rerun.stderr
    assert sorted(read_json_records(out)) == [1, 2, 3, 4]
    assert [case_index(r.body) for r in chat_requests(server)] == [2]
    assert manifest(out)["status"] == "complete"


# --- 8. timeouts -----------------------------------------------------------------------------


def test_timeout_is_retried_and_record_written(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(script=["timeout"], hang_seconds=2.0)
    out = tmp_path / "out"

    run = run_cli(
        *scenario_args(out, 2, *azure_flags(server), "-c", "1", "--request-timeout", "0.5")
    )

    assert run.code == 0, run.stderr
    assert sorted(read_json_records(out)) == [1, 2]
    requests = chat_requests(server)
    assert [r.fault for r in requests] == ["timeout", None, None]
    assert [case_index(r.body) for r in requests] == [1, 1, 2]
    assert manifest(out)["counts"]["transient_retries"] == 1


def test_a_timeout_says_how_long_was_waited_and_how_to_wait_longer(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(script=["timeout"], hang_seconds=2.0)
    out = tmp_path / "out"

    run = run_cli(
        *scenario_args(out, 1, *azure_flags(server), "--request-timeout", "0.5"),
        "--max-retries", "0",
    )  # fmt: skip

    assert run.code == 1
    [failure] = failures(out)
    assert failure["reason"] == (
        f"{server.base_url} did not answer within 0.5 s; a slow or local model may need "
        "longer: raise --request-timeout (or DATAGEN_REQUEST_TIMEOUT)"
    )
    assert [r.fault for r in chat_requests(server)] == ["timeout"]


def test_a_timeout_of_unknown_length_still_says_how_to_wait_longer() -> None:
    import httpx2
    import openai

    from data_generator.providers.openai_errors import map_openai_error

    request = httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    error = map_openai_error(openai.APITimeoutError(request=request), model="m", where="here")

    assert error.one_line() == (
        "here did not answer in time; a slow or local model may need longer: raise "
        "--request-timeout (or DATAGEN_REQUEST_TIMEOUT)"
    )


# --- 9. token budget -------------------------------------------------------------------------


def test_token_budget_stops_cleanly_and_rerun_completes_missing(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server()
    out = tmp_path / "out"
    args = scenario_args(out, 8, *azure_flags(server), "-c", "1")

    run = run_cli(*args, "--token-budget", "1000")

    assert run.code == 1
    written = sorted(read_json_records(out))
    assert 1 <= len(written) < 8
    assert written == list(range(1, len(written) + 1))
    budget_lines = [line for line in run.stderr.splitlines() if "token budget" in line]
    assert budget_lines == [
        f"datagen: the token budget was reached after {len(written)} records; rerun with a "
        "larger --token-budget (or none) to complete the set."
    ]
    data = manifest(out)
    assert data["status"] == "budget"
    used = data["tokens"]["prompt"] + data["tokens"]["completion"]
    assert used >= 1000
    assert len(chat_requests(server)) == len(written)

    server.reset()
    rerun = run_cli(*args)

    assert rerun.code == 0, rerun.stderr
    assert sorted(read_json_records(out)) == list(range(1, 9))
    asked = sorted(case_index(r.body) for r in chat_requests(server))
    assert asked == list(range(len(written) + 1, 9))
    assert manifest(out)["status"] == "complete"


# --- 12. adaptive concurrency and --rpm ------------------------------------------------------


def test_adaptive_concurrency_and_rpm_keep_429s_low(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    observed = {}
    for name, extra in (("adaptive", []), ("rpm", ["--rpm", "1200"])):
        server = start_server(rate_limit=(20, 1.0))
        out = tmp_path / name
        args = scenario_args(out, 60, *azure_flags(server), "-c", "16", "-f", "jsonl", *extra)

        run = run_cli(*args)

        assert run.code == 0, run.stderr
        assert len(read_jsonl_records(out / "tech-support.jsonl")) == 60
        assert server.count(200) == 60
        assert manifest(out)["counts"]["rate_limited"] == server.count(429)
        observed[name] = server.count(429) / server.count()
    print(f"429 share: {observed}")  # shown with -s, for the report
    assert observed["adaptive"] < 0.35
    assert observed["rpm"] < 0.10
    assert observed["rpm"] <= observed["adaptive"]
