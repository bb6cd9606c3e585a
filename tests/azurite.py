"""Azurite, Microsoft's Azure Storage emulator, started by the tests on a loopback port.

The npm package is pinned in package.json and installed by the nox tests session (``npm
ci``); the tests skip with a reason where ``node_modules/.bin/azurite-blob`` is missing.
The development account's well-known key is used through a full connection string: the
Python SDK before late 2025 does not accept ``UseDevelopmentStorage=true``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["ACCOUNT", "Azurite", "azurite_server"]

REPO_ROOT = Path(__file__).resolve().parent.parent
ACCOUNT = "devstoreaccount1"
_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
#: A key of the right length that Azurite refuses.
WRONG_KEY = "A" * 86 + "=="


@dataclass(frozen=True)
class Azurite:
    """A running Azurite blob service.

    Attributes:
        port: Its loopback port.
    """

    port: int

    @property
    def endpoint(self) -> str:
        """The development account's blob endpoint."""
        return f"http://127.0.0.1:{self.port}/{ACCOUNT}"

    def connection_string(self, key: str = _KEY) -> str:
        """The full connection string of the development account (or with ``key``)."""
        return (
            f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={key};"
            f"BlobEndpoint={self.endpoint};"
        )

    def blobs(self, name: str) -> dict[str, tuple[str, bytes]]:
        """Blob name -> (content type, Content-MD5) of container ``name``."""
        from azure.storage.blob import ContainerClient

        client = ContainerClient.from_connection_string(self.connection_string(), name)
        with client:
            return {
                blob.name: (
                    blob.content_settings.content_type,
                    bytes(blob.content_settings.content_md5 or b""),
                )
                for blob in client.list_blobs()
            }


def _azurite_binary() -> Path | None:
    for name in ("azurite-blob", "azurite"):
        path = REPO_ROOT / "node_modules" / ".bin" / name
        if path.exists():
            return path
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def azurite_server(location: Path) -> Iterator[Azurite]:
    """Start Azurite's blob service with its data in ``location``; stop it afterwards.

    Skips the test when Azurite or node is not installed.
    """
    binary = _azurite_binary()
    if binary is None:
        pytest.skip("Azurite is not installed: run 'npm ci' in the repository root")
    if shutil.which("node") is None:
        pytest.skip("node is not installed, so Azurite cannot run")
    port = _free_port()
    command = [str(binary), "--blobHost", "127.0.0.1", "--blobPort", str(port)]
    if binary.name == "azurite":
        command += ["--queuePort", str(_free_port()), "--tablePort", str(_free_port())]
    command += ["--skipApiVersionCheck", "--loose", "--silent", "--location", str(location)]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 30
        while not _answers(port):
            if process.poll() is not None:
                error = process.stderr.read().decode(errors="replace") if process.stderr else ""
                pytest.fail(f"Azurite exited with {process.returncode}: {error[-500:]}")
            if time.monotonic() > deadline:
                pytest.fail("Azurite did not answer within 30 s")
            time.sleep(0.1)
        yield Azurite(port)
    finally:
        process.kill()  # a throwaway emulator: its data folder is a temporary one
        process.wait()
