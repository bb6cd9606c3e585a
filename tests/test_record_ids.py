"""A model's records carry their own index as id, as offline ones do: ids stay unique keys."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import CliRun
from fake_openai_server import FakeOpenAIServer
from model_server import record_responder

RunCli = Callable[..., CliRun]
StartServer = Callable[..., FakeOpenAIServer]
ANSWER = record_responder(seed=7)


def same_id_for_every_record(body: dict[str, Any]) -> str:
    """A model that numbers every case CASE-000001."""
    record = json.loads(ANSWER(body))
    record["case_id"] = "CASE-000001"
    return json.dumps(record)


def test_every_model_record_gets_the_id_of_its_index(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(same_id_for_every_record)
    run = run_cli(
        "tech-support", "-d", "SaaS CRM", "-n", "6", "-o", str(tmp_path / "out"), "-f", "jsonl",
        "--provider", "azure", "--azure-openai-endpoint", server.base_url,
        "--azure-openai-deployment", "gpt-test", "--azure-openai-api-key", "key-1",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    lines = (tmp_path / "out" / "tech-support.jsonl").read_text().splitlines()
    assert [json.loads(line)["case_id"] for line in lines] == [
        f"CASE-{index:06d}" for index in range(1, 7)
    ]
