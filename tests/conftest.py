"""Shared fixtures: a clean environment, the CLI run in-process and as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from data_generator.cli import main

if TYPE_CHECKING:
    from fake_openai_server import FakeOpenAIServer

TESTS_DIR = Path(__file__).parent


@dataclass
class CliRun:
    """What one CLI invocation did."""

    code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No AZURE_OPENAI_* / DATAGEN_* / OPENAI_* variable leaks in; work in tmp_path."""
    for name in list(os.environ):
        if name.startswith(("AZURE_OPENAI_", "AZURE_STORAGE_", "DATAGEN_", "OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliRun]:
    """Run ``datagen ARGS`` in this process, as a user would type it."""

    def run(*args: str) -> CliRun:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run


@pytest.fixture
def run_subprocess() -> Callable[..., CliRun]:
    """Run ``python -m data_generator ARGS`` in a real child process."""

    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60
    ) -> CliRun:
        full_env = {**os.environ, **(env or {})}
        full_env["PYTHONPATH"] = os.pathsep.join(
            [str(TESTS_DIR), *filter(None, [full_env.get("PYTHONPATH")])]
        )
        done = subprocess.run(
            [sys.executable, "-m", "data_generator", *args],
            cwd=cwd,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return CliRun(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def start_server() -> Iterator[Callable[..., FakeOpenAIServer]]:
    """Start loopback fake OpenAI servers (by default answering valid tech-support
    records, seed 7); all stop at teardown."""
    from fake_openai_server import FakeOpenAIServer
    from model_server import record_responder

    servers: list[FakeOpenAIServer] = []

    def start(responder: Any = None, **kwargs: Any) -> FakeOpenAIServer:
        server = FakeOpenAIServer(responder or record_responder(seed=7), **kwargs).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
