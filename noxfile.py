"""Developer tasks: ``nox -s lint typecheck tests``.

Sessions run in the active environment by default (install it first with
``python -m pip install -e ".[dev]"``), which keeps CI and local runs identical and fast.
For isolated environments pass ``--default-venv-backend venv``: sessions then install the
project with its dev extras themselves.
"""

from __future__ import annotations

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


@nox.session
def tests(session: nox.Session) -> None:
    """pytest with branch coverage; fails under 90 %."""
    _install(session)
    session.run("pytest", *session.posargs)
