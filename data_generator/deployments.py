"""Several deployments of one model in one run: how they are written and checked.

A deployment is given as ``NAME@ENDPOINT`` (``--deployment``, repeatable, or
``DATAGEN_DEPLOYMENTS`` as a comma-separated list) or as a ``[[deployments]]`` table of
``scenarios.toml``. The engine makes one route of each (see
:mod:`data_generator.engine.routes`). This module imports nothing heavy: the CLI and the
scenarios-file reader use it.

The model a run names in its fingerprint is the model, not the route: ``--model``, else
the ``model`` the ``[[deployments]]`` tables agree on, else the deployment name they all
share. Deployments of different names with no model given are refused, since their
records could not be told to come from one model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from data_generator.errors import ConfigError, UsageError
from data_generator.redaction import redact_url

__all__ = [
    "ROUTED_PROVIDERS",
    "Deployment",
    "check_unique",
    "endpoint_problem",
    "parse_deployment",
    "parse_deployments",
    "routing_model",
    "variable_problem",
]

#: Providers whose runs may spread over several deployments (or base URLs).
ROUTED_PROVIDERS = ("azure", "openai")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Deployment:
    """One deployment a run may send requests to.

    Attributes:
        name: The Azure deployment (or, for ``--provider openai``, the model on that server).
        endpoint: The Azure resource URL (or the OpenAI-compatible base URL).
        api_key_env: The name of the variable holding its key (``None``: the run's key, or
            Entra ID).
        rpm: Its requests per minute, at most (``None``: ``--rpm``, else learnt from 429s).
        tpm: Its tokens per minute, at most (``None``: ``--tpm``).
        weight: Its share of the requests when several have room (1 by default).
        model: The model it serves, as the fingerprint names it (``None``: its name).
    """

    name: str
    endpoint: str
    api_key_env: str | None = None
    rpm: int | None = None
    tpm: int | None = None
    weight: float = 1.0
    model: str | None = None

    @property
    def shown(self) -> str:
        """``name@endpoint`` with the endpoint's secrets masked: how it is named to users."""
        return f"{self.name}@{redact_url(self.endpoint)}"


def parse_deployment(text: str, source: str = "--deployment") -> Deployment:
    """Read ``NAME@ENDPOINT``.

    Raises:
        UsageError: The text is not ``NAME@ENDPOINT`` with an http(s) endpoint.
    """
    name, at, endpoint = text.strip().partition("@")
    name, endpoint = name.strip(), endpoint.strip()
    hint = "Write NAME@ENDPOINT, e.g. gpt-4o@https://eastus.openai.azure.com"
    shown = redact_url(text.strip())
    if not at or not name or not endpoint:
        raise UsageError(f"{source} {shown!r} is not NAME@ENDPOINT", hint=hint)
    if not _NAME.match(name):
        raise UsageError(f"{source} {shown!r}: {name!r} is not a deployment name", hint=hint)
    problem = _endpoint_problem(endpoint)
    if problem:
        raise UsageError(f"{source} {shown!r}: {problem}", hint=hint)
    return Deployment(name, endpoint)


def parse_deployments(
    values: Sequence[str] | str, source: str = "--deployment"
) -> list[Deployment]:
    """Read several ``NAME@ENDPOINT`` (a list, or one comma-separated string).

    Raises:
        UsageError: One is malformed, or two name the same deployment at the same endpoint.
    """
    items = values.split(",") if isinstance(values, str) else list(values)
    found: list[Deployment] = []
    for item in items:
        if isinstance(values, str) and not item.strip():
            continue  # a trailing comma
        found.append(parse_deployment(item, source))
    check_unique(
        found,
        lambda twice: UsageError(
            f"{source} {twice.shown!r} is given twice", hint="Give each deployment once"
        ),
    )
    return found


def check_unique(
    deployments: Sequence[Deployment], error: Callable[[Deployment], Exception]
) -> None:
    """Raise ``error(deployment)`` for the first deployment given twice (name and endpoint)."""
    seen: set[tuple[str, str]] = set()
    for deployment in deployments:
        key = (deployment.name, deployment.endpoint.rstrip("/"))
        if key in seen:
            raise error(deployment)
        seen.add(key)


def endpoint_problem(endpoint: str) -> str:
    """What is wrong with ``endpoint`` as a deployment's URL (``""``: nothing)."""
    return _endpoint_problem(endpoint)


def _endpoint_problem(endpoint: str) -> str:
    try:
        parts = urlsplit(endpoint)
    except ValueError:
        return f"{redact_url(endpoint)!r} is not a URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{redact_url(endpoint)!r} is not an http(s) URL"
    return ""


def variable_problem(name: str) -> str:
    """What is wrong with ``name`` as an environment variable's name (``""``: nothing)."""
    return "" if _VARIABLE.match(name) else f"{name!r} is not a variable name"


def routing_model(deployments: Sequence[Deployment], given: str | None) -> str:
    """The model a run over ``deployments`` names in its fingerprint.

    ``given`` (``--model``), else the ``model`` every deployment names, else the
    deployment name they share.

    Raises:
        ConfigError: The deployments name different models (or different deployments
            without a model) and none is given.
    """
    if given:
        return given
    models = {deployment.model or deployment.name for deployment in deployments}
    if len(models) == 1:
        return models.pop()
    listed = ", ".join(sorted(models))
    raise ConfigError(
        f"the deployments serve different models ({listed}), so the run cannot name one",
        hint="Give the model they all serve with --model (DATAGEN_MODEL), or a model key "
        "in each [[deployments]] table",
    )
