"""Developer tasks: ``nox -s lint typecheck tests``.

Sessions run in the active environment by default (install it first with
``python -m pip install -e ".[dev]"``), which keeps CI and local runs identical and fast.
For isolated environments pass ``--default-venv-backend venv``: sessions then install the
project with its dev extras themselves.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nox

nox.options.default_venv_backend = "none"
nox.options.sessions = ["lint", "typecheck", "tests"]


def _install(session: nox.Session) -> None:
    if session.venv_backend != "none":
        session.install("-e", ".[dev]")


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    _install(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    _install(session)
    session.run("mypy")


def _install_test_services(session: nox.Session) -> None:
    """Azurite, from package-lock.json, for the upload tests (they skip, saying why, without it)."""
    if Path("node_modules/.bin/azurite").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        session.warn("npm not found: the Azure Blob Storage tests will be skipped")
        return
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], check=False)
    if done.returncode != 0:
        session.warn("npm ci failed: the Azure Blob Storage tests will be skipped")


@nox.session
def tests(session: nox.Session) -> None:
    """pytest with branch coverage; fails under 90 %."""
    _install(session)
    _install_test_services(session)
    session.run("pytest", *session.posargs)
