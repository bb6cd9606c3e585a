"""Helpers shared by the benchmarks that run datagen against the loopback Azure OpenAI server.

The server (``tests/fake_openai_server.py``) runs in the benchmark's process and answers
each request with the record the offline provider makes for that index (valid, so every
accepted request is one record); datagen runs as a child process, the real CLI through
Semantic Kernel, so its figures include everything a user's run does.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_openai_server import FakeOpenAIServer, last_user_text  # noqa: E402

from data_generator.engine.record_maker import RecordMaker  # noqa: E402
from data_generator.providers.offline import OfflineProvider  # noqa: E402
from data_generator.tools.tech_support import TechSupportTool  # noqa: E402

DEPLOYMENT = "bench-gpt"
PRODUCT = "SaaS CRM"
SEED = 1


def maker() -> RecordMaker:
    """A record maker for tech-support records about :data:`PRODUCT`."""
    tool = TechSupportTool({"system_description": PRODUCT})
    return RecordMaker(tool, OfflineProvider(tool), 1, lambda _event: None)


def responder(record_maker: RecordMaker) -> Any:
    """Answer each request with the offline record of the index its prompt names."""

    def answer(body: dict[str, Any]) -> str:
        found = re.search(r"number (\d+)", last_user_text(body))
        index = int(found.group(1)) if found else 1
        request = record_maker.request(record_maker.context(index, SEED))
        offline: OfflineProvider = record_maker.provider  # type: ignore[assignment]
        return offline.synthesize(request).decode()

    return answer


@dataclass(frozen=True)
class Usage:
    """What one child process cost: wall seconds, CPU seconds, and its own peak RSS in MB."""

    wall: float
    cpu: float
    peak_rss_mb: float


# Linux folds the exec-ing process's old peak into the new program's ``ru_maxrss``, so a
# child forked from this (large) process would report at least this process's peak. A
# small launcher starts the program and reads its ``wait4`` figures instead.
LAUNCHER = r"""
import json, os, subprocess, sys, time
core, argv = int(sys.argv[1]), sys.argv[2:]
if core >= 0:
    os.sched_setaffinity(0, {core})
started = time.perf_counter()
process = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
figures = [time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss]
print(json.dumps([os.waitstatus_to_exitcode(status), *figures]))
"""


def measure(
    argv: list[str],
    env: dict[str, str] | None = None,
    *,
    cwd: Path | None = None,
    core: int | None = None,
) -> Usage:
    """Run a child to its end (pinned to ``core`` if given); exit on failure.

    The figures are the child's own, from ``wait4`` in a small launcher: its peak RSS is
    neither this process's nor the launcher's.
    """
    launcher = [sys.executable, "-c", LAUNCHER, str(-1 if core is None else core), *argv]
    done = subprocess.run(
        launcher, env={**os.environ, **(env or {})}, cwd=cwd, capture_output=True, check=False
    )
    try:
        code, wall, cpu, peak_kb = json.loads(done.stdout)
    except ValueError:
        code = done.returncode
    if code != 0:
        sys.exit(f"benchmark child failed: {' '.join(argv)}\n{done.stderr.decode()}")
    return Usage(wall, cpu, peak_kb / 1024)


def child(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run a child to its end; return (wall seconds, CPU seconds). Exit on failure."""
    usage = measure(argv, env)
    return usage.wall, usage.cpu


def datagen(
    server: FakeOpenAIServer, count: int, concurrency: int, out: Path, *extra: str
) -> list[str]:
    """The command line of a datagen run against ``server``."""
    return [
        sys.executable, "-m", "data_generator", "tech-support", "-d", PRODUCT,
        "--provider", "azure", "--azure-openai-endpoint", server.azure_endpoint,
        "--azure-openai-deployment", DEPLOYMENT, "--azure-openai-api-key", "bench-key",
        "--seed", str(SEED), "-n", str(count), "-c", str(concurrency), "-f", "jsonl",
        "-o", str(out), "--overwrite", *extra,
    ]  # fmt: skip


def rate(stamps: list[float]) -> float:
    """Events per second from the first to the last of ``stamps``."""
    stamps = sorted(stamps)
    return (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
