"""Twenty SIGKILLs at random moments, each followed by a rerun, in json, jsonl, csv, parquet.

Each cycle asks for a few more records than the last, so the kills land in fresh starts,
extensions of a finished file, sealed and copied Parquet row groups (16 records a group
here), closes and manifests alike. The moment is drawn as a number of records the run has
written by then (as its progress lines say, -1 for "as soon as it holds the lock") and a
few milliseconds more. After each rerun the set holds exactly the records of an
uninterrupted run, compared by index, and at the end the files equal its bytes.
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq
import pytest
from helpers import manifest, offline_tech_support

from data_generator.tools.tech_support import TechSupportTicket

TESTS_DIR = Path(__file__).parent
CYCLES = 20
STEP = 15  # records added per cycle
ROW_GROUP = "16"
RPM = "1200"  # a record every 50 ms: the kills land between records, and inside them


def tech(count: int, fmt: str, out: str) -> list[str]:
    return offline_tech_support(count, "-f", fmt, "-o", out, seed=5)


def start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AZURE_OPENAI_", "DATAGEN_", "OPENAI_"))
    }
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS_DIR), *filter(None, [env.get("PYTHONPATH")])])
    env["DATAGEN_PARQUET_ROW_GROUP_SIZE"] = ROW_GROUP
    env["DATAGEN_PROGRESS_INTERVAL"] = "0.02"
    return subprocess.Popen(
        [sys.executable, "-m", "data_generator", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(process: subprocess.Popen[str], out: Path, present: int | None) -> None:
    """Wait until the run holds the lock (``present`` None) or says ``present`` records are
    there, or has ended."""
    if present is None:
        deadline = time.monotonic() + 60
        while not holds_lock(out, process.pid) and process.poll() is None:
            assert time.monotonic() < deadline, "the run did not start within 60 s"
            time.sleep(0.002)
        return
    assert process.stderr is not None
    for line in process.stderr:
        match = re.search(r": (\d+) of \d+ \(", line)
        if match and int(match[1]) >= present:
            return


def holds_lock(out: Path, pid: int) -> bool:
    try:
        return bool(orjson.loads((out / ".datagen" / "lock").read_bytes())["pid"] == pid)
    except (OSError, ValueError, KeyError, orjson.JSONDecodeError):
        return False


def by_index(out: Path, fmt: str) -> dict[int, Any]:
    """The records of an out-dir by index, checking that each is valid and there once."""
    records: dict[int, Any] = {}

    def add(case_id: str, record: Any) -> None:
        index = int(case_id.removeprefix("CASE-"))
        assert index not in records, f"record {index} is there twice"
        records[index] = record

    if fmt == "json":
        for path in out.glob("tech-support-*.json"):
            data = path.read_bytes()
            ticket = TechSupportTicket.model_validate_json(data)
            assert path.name == f"tech-support-{ticket.case_id[5:]}.json"
            add(ticket.case_id, data)
    elif fmt == "jsonl":
        for line in (out / "tech-support.jsonl").read_bytes().splitlines():
            add(TechSupportTicket.model_validate_json(line).case_id, line)
    elif fmt == "csv":
        text = (out / "tech-support.csv").read_text(encoding="utf-8")
        rows = csv.reader(io.StringIO(text, newline=""))
        header = next(rows)
        assert header == list(TechSupportTicket.model_fields)
        for row in rows:
            add(row[0], tuple(row))
    else:
        for row in pq.read_table(out / "tech-support.parquet").to_pylist():
            TechSupportTicket.model_validate(row)
            add(row["case_id"], row)
    return records


def record_bytes(out: Path) -> dict[str, bytes]:
    """The bytes of every record file in ``out`` (not the run state), by name."""
    return {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "parquet"])
def test_twenty_kills_at_random_moments_then_reruns(
    run_cli: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    monkeypatch.setenv("DATAGEN_PARQUET_ROW_GROUP_SIZE", ROW_GROUP)
    total = CYCLES * STEP
    assert run_cli(*tech(total, fmt, "reference")).code == 0
    reference = by_index(tmp_path / "reference", fmt)
    assert sorted(reference) == list(range(1, total + 1))

    rng = random.Random(f"kill-{fmt}")
    out = tmp_path / "out"
    killed = 0
    for cycle in range(1, CYCLES + 1):
        count = cycle * STEP
        process = start([*tech(count, fmt, "out"), "--rpm", RPM], tmp_path)
        written = rng.randint(-1, STEP)
        wait_for(process, out, None if written < 0 else count - STEP + written)
        time.sleep(rng.uniform(0, 0.03))
        process.kill()
        process.communicate(timeout=30)
        killed += process.returncode == -signal.SIGKILL

        rerun = run_cli(*tech(count, fmt, "out"))
        assert rerun.code == 0, f"cycle {cycle}: {rerun.stderr}"
        assert f"{count} of {count} now in" in rerun.stdout
        found = by_index(out, fmt)
        assert sorted(found) == list(range(1, count + 1)), f"cycle {cycle}"
        assert found == {index: reference[index] for index in range(1, count + 1)}
        assert list(out.rglob("*.part")) == []
        assert list((out / ".datagen" / "tmp").iterdir()) == []
        assert manifest(out)["status"] == "complete"
    assert killed >= CYCLES // 2, f"only {killed} of {CYCLES} runs were still going"
    # Written in index order, the resumed set is byte for byte the uninterrupted one.
    assert record_bytes(out) == record_bytes(tmp_path / "reference")
    if fmt == "parquet":  # the final file is the only full copy: staging stays one group
        staged = (out / ".datagen" / "tech-support.parquet.rows").read_bytes()
        assert len(staged.splitlines()) < int(ROW_GROUP)
        assert list((out / ".datagen" / "tech-support.parquet.groups").iterdir()) == []
