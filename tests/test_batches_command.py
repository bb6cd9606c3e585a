"""``datagen batches OUT_DIR``, run as a user runs it, against the loopback Batch stand-in."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai
import pytest
from conftest import CliRun
from fake_batch_service import BatchService
from fake_openai_server import FakeOpenAIServer, json_responder

KEY = "sk-batches-secret-42"
DEPLOYMENT = "gpt-4o-batch"
API_VERSION = "2024-10-21"
RunCli = Callable[..., CliRun]
StartServer = Callable[..., FakeOpenAIServer]


def submit(server: FakeOpenAIServer, count: int, *, url: str = "/chat/completions") -> str:
    """Upload ``count`` lines and create a batch through the SDK; return its id."""

    async def go() -> str:
        if url == "/chat/completions":
            client: openai.AsyncOpenAI = openai.AsyncAzureOpenAI(
                azure_endpoint=server.azure_endpoint, api_key=KEY, api_version=API_VERSION
            )
        else:
            client = openai.AsyncOpenAI(base_url=server.openai_base_url, api_key=KEY)
        async with client:
            rows = [
                {
                    "custom_id": str(i),
                    "method": "POST",
                    "url": url,
                    "body": {"model": DEPLOYMENT, "messages": [{"role": "user", "content": "x"}]},
                }
                for i in range(1, count + 1)
            ]
            data = b"".join(json.dumps(row).encode() + b"\n" for row in rows)
            created = await client.files.create(file=("in.jsonl", data), purpose="batch")
            await client.files.retrieve(created.id)
            batch = await client.batches.create(
                input_file_id=created.id,
                endpoint=url,  # type: ignore[arg-type]
                completion_window="24h",
            )
            return batch.id

    return asyncio.run(go())


def entry(
    batch_id: str | None, first: int, last: int, status: str, round_: int = 1
) -> dict[str, Any]:
    """One manifest entry, in the shape the batch run writes."""
    return {
        "id": batch_id,
        "input_file_id": "file-x",
        "round": round_,
        "requests": last - first + 1,
        "first_index": first,
        "last_index": last,
        "status": status,
        "output_file_id": None,
        "error_file_id": None,
        "consumed": False,
    }


def write_manifest(
    state: Path, batches: list[dict[str, Any]] | None, provider: str = "azure"
) -> Path:
    """A manifest of a tech-support run with ``batches`` (left out when ``None``)."""
    state.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {"scenario": "tech-support", "provider": provider, "model": DEPLOYMENT}
    if batches is not None:
        data["batches"] = batches
    path = state / "manifest.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def azure_env(monkeypatch: pytest.MonkeyPatch) -> Callable[[FakeOpenAIServer], None]:
    def set_env(server: FakeOpenAIServer) -> None:
        monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", server.azure_endpoint)
        monkeypatch.setenv("AZURE_OPENAI_DEPLOYMENT", DEPLOYMENT)
        monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)

    return set_env


def table_rows(stdout: str) -> dict[str, list[str]]:
    """The table's rows by their first cell."""
    return {line.split()[0]: line.split() for line in stdout.splitlines()[1:] if line.strip()}


def test_shows_live_state_of_the_batches_not_over(
    run_cli: RunCli, start_server: StartServer, azure_env: Any, tmp_path: Path
) -> None:
    service = BatchService(steps_per_poll=0, lines_per_step=2)
    server = start_server(json_responder({}), api_key=KEY, batches=service)
    running, waiting = submit(server, 3), submit(server, 2)
    service.step(running, times=2)  # validated, 2 of 3 answered
    write_manifest(
        tmp_path / "out" / ".datagen",
        [
            entry("batch_done", 1, 100, "completed"),
            entry(running, 101, 103, "validating"),
            entry(waiting, 104, 105, "validating"),
            entry(None, 106, 106, "uploaded", round_=2),
        ],
    )
    azure_env(server)
    server.reset()

    run = run_cli("batches", "out")

    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].split() == [
        "batch",
        "round",
        "indices",
        "requests",
        "status",
        "completed/failed",
    ]
    rows = table_rows(run.stdout)
    assert rows["batch_done"] == ["batch_done", "1", "1-100", "100", "completed", "-"]
    assert rows[running] == [running, "1", "101-103", "3", "in_progress", "2/0"]
    assert rows[waiting] == [waiting, "1", "104-105", "2", "validating", "0/0"]
    assert rows["(not"] == ["(not", "created)", "2", "106", "1", "uploaded", "-"]
    assert lines[-1] == "4 batches: 1 completed, 1 in progress, 1 validating, 1 uploaded."
    assert sorted(r.path for r in server.requests) == sorted(
        f"/openai/batches/{batch_id}" for batch_id in (running, waiting)
    )
    assert all(r.method == "GET" for r in server.requests)
    assert service.status(running) == "in_progress"  # reading moved nothing
    assert KEY not in run.stdout + run.stderr


def test_cancel_cancels_every_batch_not_over(
    run_cli: RunCli, start_server: StartServer, azure_env: Any, tmp_path: Path
) -> None:
    service = BatchService(steps_per_poll=0)
    server = start_server(json_responder({}), api_key=KEY, batches=service)
    first, second = submit(server, 2), submit(server, 2)
    write_manifest(
        tmp_path / "out" / ".datagen",
        [
            entry(first, 1, 2, "in_progress"),
            entry(second, 3, 4, "validating"),
            entry("batch_old", 5, 6, "expired"),
        ],
    )
    azure_env(server)
    server.reset()

    run = run_cli("batches", "out", "--cancel")

    assert run.code == 0, run.stderr
    cancels = [r.path for r in server.requests if r.method == "POST"]
    assert cancels == [f"/openai/batches/{first}/cancel", f"/openai/batches/{second}/cancel"]
    assert (service.status(first), service.status(second)) == ("cancelling", "cancelling")
    rows = table_rows(run.stdout)
    assert rows[first][4] == "cancelling"
    assert rows["batch_old"][4] == "expired"
    assert "Asked the service to cancel 2 batches; what they answered is kept." in run.stdout

    service.run_all()
    write_manifest(
        tmp_path / "out" / ".datagen",
        [entry(first, 1, 2, "cancelled"), entry(second, 3, 4, "cancelled")],
    )
    again = run_cli("batches", "out", "--cancel")
    assert again.code == 0, again.stderr
    assert again.stdout.splitlines()[-1] == "Nothing to cancel: every batch is over."


def test_a_batch_that_ended_meanwhile_is_read_instead(
    run_cli: RunCli, start_server: StartServer, azure_env: Any, tmp_path: Path
) -> None:
    service = BatchService(steps_per_poll=0)
    server = start_server(json_responder({}), api_key=KEY, batches=service)
    batch_id = submit(server, 1)
    service.run_all()  # completed, though the manifest still says in_progress
    write_manifest(tmp_path / "out" / ".datagen", [entry(batch_id, 1, 1, "in_progress")])
    azure_env(server)

    run = run_cli("batches", "out", "--cancel")

    assert run.code == 0, run.stderr
    assert table_rows(run.stdout)[batch_id][4:] == ["completed", "1/0"]


def test_the_state_dir_and_connection_flags(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from data_generator.writers.base import OutputLayout

    service = BatchService(steps_per_poll=0)
    server = start_server(json_responder({}), api_key=KEY, batches=service)
    batch_id = submit(server, 2, url="/v1/chat/completions")
    layout = OutputLayout(tmp_path / "out", "tech-support", "jsonl", state_root=tmp_path / "state")
    write_manifest(layout.state_dir, [entry(batch_id, 1, 2, "validating")], provider="openai")
    monkeypatch.setenv("OPENAI_API_KEY", KEY)

    run = run_cli(
        "batches",
        "out",
        "--state-dir",
        "state",
        "--provider",
        "openai",
        "--openai-base-url",
        server.openai_base_url,
        "--openai-model",
        DEPLOYMENT,
    )

    assert run.code == 0, run.stderr
    assert table_rows(run.stdout)[batch_id][4] == "validating"
    assert [r.path for r in server.requests][-1] == f"/v1/batches/{batch_id}"


@pytest.mark.parametrize(
    ("batches", "expected"),
    [
        (None, "the run in out submitted no batches. Only a run with --batch has batches"),
        ([], "the run in out submitted no batches"),
        ([{"id": 3}], "the batches in the run manifest"),
    ],
)
def test_a_run_without_batches_is_one_line(
    run_cli: RunCli, tmp_path: Path, batches: Any, expected: str
) -> None:
    write_manifest(tmp_path / "out" / ".datagen", batches)

    run = run_cli("batches", "out")

    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("datagen: error: " + expected)
    assert len(run.stderr.splitlines()) == 1


def test_a_folder_without_a_run_is_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = run_cli("batches", "empty")
    assert run.code == 2
    assert "empty holds no datagen run" in run.stderr
    assert "Give the out-dir of a --batch run (and --state-dir if it used one)" in run.stderr
    assert len(run.stderr.splitlines()) == 1

    (tmp_path / "broken" / ".datagen").mkdir(parents=True)
    (tmp_path / "broken" / ".datagen" / "manifest.json").write_text("{", encoding="utf-8")
    broken = run_cli("batches", "broken")
    assert broken.code == 2
    assert "cannot be read" in broken.stderr


def test_a_refused_key_is_one_line_without_the_key(
    run_cli: RunCli, start_server: StartServer, azure_env: Any, tmp_path: Path
) -> None:
    server = start_server(api_key="another-key", batches=BatchService())
    write_manifest(tmp_path / "out" / ".datagen", [entry("batch_1", 1, 1, "in_progress")])
    azure_env(server)

    run = run_cli("batches", "out")

    assert run.code == 2
    assert "refused the API key or identity (401) reading batch batch_1" in run.stderr
    assert len(run.stderr.splitlines()) == 1
    assert KEY not in run.stderr


def test_an_offline_provider_has_no_batches(run_cli: RunCli, tmp_path: Path) -> None:
    write_manifest(
        tmp_path / "out" / ".datagen", [entry("batch_1", 1, 1, "in_progress")], provider="offline"
    )
    run = run_cli("batches", "out", "--provider", "offline")
    assert run.code == 2
    assert "--batch needs --provider azure or openai, not 'offline'" in run.stderr


@pytest.mark.slow
def test_as_a_subprocess_and_help_stays_light(
    run_subprocess: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    service = BatchService(steps_per_poll=0)
    server = start_server(json_responder({}), api_key=KEY, batches=service)
    batch_id = submit(server, 1)
    write_manifest(tmp_path / "out" / ".datagen", [entry(batch_id, 1, 1, "validating")])
    (tmp_path / ".env").write_text(
        f"AZURE_OPENAI_ENDPOINT={server.azure_endpoint}\n"
        f"AZURE_OPENAI_DEPLOYMENT={DEPLOYMENT}\nAZURE_OPENAI_API_KEY={KEY}\n",
        encoding="utf-8",
    )

    run = run_subprocess("batches", "out", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert table_rows(run.stdout)[batch_id][4] == "validating"

    helped = run_subprocess("batches", "--help", cwd=tmp_path, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert helped.code == 0
    assert "--cancel" in helped.stdout
    assert "--azure-openai-endpoint" in helped.stdout
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in helped.stderr.splitlines()
        if line.startswith("import time:") and "imported package" not in line
    }
    assert "data_generator.cli.batches_command" in imported
    assert not [name for name in imported if name.split(".")[0] in ("openai", "semantic_kernel")]


@pytest.mark.slow
def test_root_help_lists_it_without_building_it_and_its_options_complete(
    run_subprocess: RunCli, tmp_path: Path
) -> None:
    helped = run_subprocess("--help", cwd=tmp_path, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert helped.code == 0
    assert "batches    Show a --batch run's batches with their live state" in helped.stdout
    imported = {
        line.rsplit("|", 1)[1].strip() for line in helped.stderr.splitlines() if "|" in line
    }
    assert "data_generator.cli.batches_command" in imported
    assert "data_generator.setting_flags" not in imported  # its options are not built

    words = "datagen batches out --can"
    completed = run_subprocess(
        cwd=tmp_path,
        env={"_DATAGEN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "3"},
    )
    assert completed.code == 0, completed.stderr
    assert completed.stdout.split() == ["--cancel"]


def test_the_runs_own_provider_when_none_is_given(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_server(json_responder({}), api_key=KEY, batches=BatchService(steps_per_poll=0))
    batch_id = submit(server, 1, url="/v1/chat/completions")
    write_manifest(
        tmp_path / "out" / ".datagen", [entry(batch_id, 1, 1, "validating")], provider="openai"
    )
    monkeypatch.setenv("OPENAI_BASE_URL", server.openai_base_url)
    monkeypatch.setenv("OPENAI_MODEL", DEPLOYMENT)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)

    run = run_cli("batches", "out")

    assert run.code == 0, run.stderr
    assert table_rows(run.stdout)[batch_id][4] == "validating"
    assert server.requests[-1].path == f"/v1/batches/{batch_id}"
