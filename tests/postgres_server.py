"""A throwaway PostgreSQL cluster for the tests: a temp dir, a loopback port, trust auth.

``initdb`` refuses to run as root, so under root the cluster belongs to the ``postgres``
user (``runuser -u postgres --``) and its temp dir is handed over to it. The server
listens on 127.0.0.1 only, with its socket in the temp dir, and is stopped (``pg_ctl stop
-m immediate``) when the fixture ends.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["PostgresServer", "find_binaries", "free_port", "postgres_server"]


@dataclass(frozen=True)
class PostgresServer:
    """A running cluster.

    Attributes:
        port: Its loopback port.
        user: The superuser (trust auth on 127.0.0.1: no password needed).
    """

    port: int
    user: str

    #: A role that must give its password (scram-sha-256), for the tests of a refused login.
    PASSWORD_USER = "writer"
    PASSWORD = "s3cret-Pw"

    def url(self, database: str = "postgres", *, password: str = "") -> str:
        """``postgresql://USER[:PASSWORD]@127.0.0.1:PORT/DATABASE``."""
        secret = f":{password}" if password else ""
        return f"postgresql://{self.user}{secret}@127.0.0.1:{self.port}/{database}"


def find_binaries() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres`` (Debian's, else PATH)."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


def free_port() -> int:
    """A loopback port nothing listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_owner(command: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *command] if owner else command


def _create_password_user(server: PostgresServer) -> None:
    import psycopg

    with psycopg.connect(server.url(), autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {server.PASSWORD_USER} LOGIN PASSWORD '{server.PASSWORD}'")
        connection.execute(f"GRANT CREATE ON SCHEMA public TO {server.PASSWORD_USER}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Start a throwaway PostgreSQL cluster for the session; skip where it cannot run."""
    pytest.importorskip(
        "psycopg", reason="psycopg is not installed: pip install 'datagen[postgresql]'"
    )
    binaries = find_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: apt install postgresql")
    owner: str | None = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root without a 'postgres' user for initdb to run as")
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser to start PostgreSQL as 'postgres'")
        owner = "postgres"
    user = owner or pwd.getpwuid(os.geteuid()).pw_name
    root = Path(tempfile.mkdtemp(prefix="datagen-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if owner:
        shutil.chown(root, owner)
        shutil.chown(sockets, owner)
    port = free_port()
    run = lambda *command: subprocess.run(  # noqa: E731
        _as_owner(list(command), owner), capture_output=True, text=True, check=False, timeout=120
    )
    try:
        done = run(
            str(binaries / "initdb"), "-D", str(data), "-U", user, "--auth=trust",
            "--no-sync", "-E", "UTF8", "--locale=C",
        )  # fmt: skip
        if done.returncode:
            pytest.skip(f"initdb failed: {done.stderr.strip().splitlines()[-1:]}")
        (data / "pg_hba.conf").write_text(
            f"host all {PostgresServer.PASSWORD_USER} 127.0.0.1/32 scram-sha-256\n"
            "host all all 127.0.0.1/32 trust\nlocal all all trust\n"
        )
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        done = run(
            str(binaries / "pg_ctl"), "-D", str(data), "-l", str(root / "log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip
        if done.returncode:
            log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
            pytest.skip(f"PostgreSQL did not start: {(log or done.stderr).strip()[-300:]}")
        server = PostgresServer(port, user)
        try:
            _create_password_user(server)
            yield server
        finally:
            run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
