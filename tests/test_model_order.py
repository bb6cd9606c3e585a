"""Model runs in index order, byte-identical per seed, and a manifest that counts every run.

The loopback fake Azure OpenAI server answers each index with the same record every time
(a deterministic model) after a random delay, so answers arrive out of order with
concurrency above one. The killed runs are the datagen process itself, killed with
SIGKILL.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from conftest import CliRun
from fake_openai_server import FakeOpenAIServer, estimate_tokens
from helpers import child_env, manifest
from model_server import case_index, chat_requests, read_jsonl_records, record_responder

RunCli = Callable[..., CliRun]
StartServer = Callable[..., FakeOpenAIServer]

COUNT = 40
FILES = {
    "jsonl": "tech-support.jsonl",
    "csv": "tech-support.csv",
    "parquet": "tech-support.parquet",
}
MODEL = record_responder(seed=7)  # the same record for an index, every time


class Jittered:
    """The deterministic model, answering after a random delay of up to 30 ms.

    With a ``gate``, requests after the first ``after`` wait for it to open.
    ``answered`` lists the indices in the order their answers were made.
    """

    def __init__(self, seed: int, gate: threading.Event | None = None, after: int = 0) -> None:
        self.rng = random.Random(seed)
        self.gate = gate
        self.after = after
        self.lock = threading.Lock()
        self.calls = 0
        self.answered: list[int] = []

    def __call__(self, body: dict[str, Any]) -> str:
        with self.lock:
            delay = self.rng.random() * 0.03
            self.calls += 1
            held = self.gate is not None and self.calls > self.after
        if held and self.gate is not None:
            self.gate.wait(60)
        time.sleep(delay)
        answer = MODEL(body)
        with self.lock:
            self.answered.append(case_index(body))
        return answer

    def out_of_order(self) -> bool:
        """Whether answers were made in another order than their indices."""
        return self.answered != sorted(self.answered)


def azure(server: FakeOpenAIServer, out: Path, fmt: str) -> list[str]:
    return [
        "tech-support", "-d", "SaaS CRM", "-n", str(COUNT), "-o", str(out), "-f", fmt,
        "--provider", "azure", "--azure-openai-endpoint", server.base_url,
        "--azure-openai-deployment", "gpt-test", "--azure-openai-api-key", "key-1",
        "--seed", "7", "-c", "8",
    ]  # fmt: skip


def billed(server: FakeOpenAIServer) -> tuple[int, int]:
    """Prompt and completion tokens of the answers the server sent (as it computes usage)."""
    prompt = completion = 0
    for request in chat_requests(server):
        if request.status == 200:
            chars = sum(len(str(m.get("content", ""))) for m in request.body["messages"])
            prompt += estimate_tokens(chars)
            completion += estimate_tokens(MODEL(request.body))
    return prompt, completion


def indices_in(path: Path, fmt: str) -> list[int]:
    if fmt == "parquet":
        ids = pq.read_table(path, columns=["case_id"]).column("case_id").to_pylist()
    elif fmt == "csv":
        import csv

        with open(path, newline="", encoding="utf-8") as handle:
            ids = [row["case_id"] for row in csv.DictReader(handle)]
    else:
        ids = [record.case_id for record in read_jsonl_records(path)]
    return [int(case_id.removeprefix("CASE-")) for case_id in ids]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_model_runs_are_byte_identical_and_in_index_order(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path, fmt: str
) -> None:
    one, two = Jittered(seed=1), Jittered(seed=2)  # other delays: answers in another order
    first, second = start_server(one), start_server(two)

    assert run_cli(*azure(first, tmp_path / "a", fmt)).code == 0
    assert run_cli(*azure(second, tmp_path / "b", fmt)).code == 0

    a, b = tmp_path / "a" / FILES[fmt], tmp_path / "b" / FILES[fmt]
    assert a.read_bytes() == b.read_bytes()
    assert indices_in(a, fmt) == list(range(1, COUNT + 1))
    assert len(chat_requests(first)) == len(chat_requests(second)) == COUNT
    assert one.out_of_order()
    assert two.out_of_order()
    assert one.answered != two.answered


def journal_lines(state: Path) -> int:
    """Records the usage journal of a running datagen lists (its header left out)."""
    try:
        return max(0, (state / "usage.jsonl").read_bytes().count(b"\n") - 1)
    except FileNotFoundError:
        return 0


def kill_after_journaled(args: list[str], state: Path, records: int) -> None:
    """Start datagen, SIGKILL it once its usage journal lists ``records`` records."""
    process = subprocess.Popen(
        [sys.executable, "-m", "data_generator", *args],
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while journal_lines(state) < records:
        if process.poll() is not None:
            pytest.fail(f"datagen ended (exit {process.returncode}): {process.communicate()[1]}")
        if time.monotonic() > deadline:
            process.kill()
            process.communicate()
            pytest.fail("datagen did not journal enough records within 60 s")
        time.sleep(0.01)
    process.kill()
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_killed_run_resumes_byte_identically_and_its_tokens_are_counted(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path, fmt: str
) -> None:
    clean = start_server(Jittered(seed=3))
    assert run_cli(*azure(clean, tmp_path / "clean", fmt)).code == 0
    gate = threading.Event()
    model = Jittered(seed=4, gate=gate, after=15)
    server = start_server(model)
    out = tmp_path / "out"

    # 15 answers, then the model stalls: the kill comes once all 15 are journaled, so
    # every token the server billed was seen by datagen.
    kill_after_journaled(azure(server, out, fmt), out / ".datagen", 15)
    killed_prompt, killed_completion = billed(server)
    assert killed_prompt > 0
    assert model.out_of_order()
    if fmt == "jsonl":  # what the killed run wrote is where an uninterrupted run starts
        kept = (out / ".datagen" / "tech-support.jsonl.part").read_bytes()
        assert kept
        assert (tmp_path / "clean" / FILES[fmt]).read_bytes().startswith(kept)
    server.reset()
    gate.set()

    rerun = run_cli(*azure(server, out, fmt))

    assert rerun.code == 0, rerun.stderr
    final = out / FILES[fmt]
    assert final.read_bytes() == (tmp_path / "clean" / FILES[fmt]).read_bytes()
    rerun_prompt, rerun_completion = billed(server)
    data = manifest(out)
    assert data["tokens"]["prompt"] == killed_prompt + rerun_prompt
    assert data["tokens"]["completion"] == killed_completion + rerun_completion
    assert (data["last_run"]["prompt_tokens"], data["last_run"]["completion_tokens"]) == (
        rerun_prompt,
        rerun_completion,
    )
    counts = data["counts"]
    assert counts["runs"] == 2
    assert counts["written"] == COUNT  # the killed run's records that reached the file, too
    assert counts["present"] == COUNT
    assert counts["written"] - data["last_run"]["written"] > 0
    assert not (out / ".datagen" / "usage.jsonl").exists()


def test_each_run_adds_to_the_totals(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(Jittered(seed=5))
    out = tmp_path / "out"
    first = [*azure(server, out, "jsonl")]
    first[first.index("-n") + 1] = "10"
    assert run_cli(*first).code == 0
    after_first = billed(server)
    assert run_cli(*azure(server, out, "jsonl")).code == 0  # extends 10 -> 40

    data = manifest(out)
    assert (data["tokens"]["prompt"], data["tokens"]["completion"]) == billed(server)
    assert data["last_run"]["prompt_tokens"] == billed(server)[0] - after_first[0]
    assert (data["counts"]["runs"], data["counts"]["written"]) == (2, COUNT)
    assert data["last_run"]["written"] == COUNT - 10
