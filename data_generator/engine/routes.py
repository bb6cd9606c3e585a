"""Routes: the deployments one run sends its requests to, each with its own quota.

A run of one deployment has one route. A run over several (``--deployment``,
``[[deployments]]``) has one per deployment, each with its own provider, its own
:class:`~data_generator.engine.limits.AdaptiveLimit` and
:class:`~data_generator.engine.limits.Pacer` (fed by its own 429s) and its own
:class:`~data_generator.engine.manifest.DeploymentTally`. :meth:`Routes.choose` sends a
request to a route with room (a free in-flight slot, no pause), the one whose pacer slot
comes soonest; among equals, the one furthest below its share by ``weight``. So every
deployment's quota is used, and a deployment whose quota is spent waits alone.

A deployment that answers 401 or 404 is dropped with one warning naming it, and its
requests go to the others; only the last one left stops the run with the usual error.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from data_generator.engine.limits import AdaptiveLimit, Pacer
from data_generator.engine.manifest import DeploymentTally
from data_generator.errors import (
    ConfigError,
    ProviderAuthError,
    ProviderError,
    ProviderNotFoundError,
)
from data_generator.providers.base import Provider
from data_generator.redaction import redact_url

if TYPE_CHECKING:
    from data_generator.deployments import Deployment
    from data_generator.engine.plan import RunPlan
    from data_generator.settings import Settings

__all__ = [
    "Route",
    "Routes",
    "build_routes",
    "deployment_providers",
    "deployment_settings",
]

_log = logging.getLogger("data_generator.engine")


class Route:
    """One deployment of the run: who answers, its limits and what it was sent.

    Args:
        provider: Who answers requests sent here.
        limit: Its adaptive in-flight limit, if requests are to be limited.
        pacer: Its requests/tokens-per-minute pacer, if any.
        name: The deployment's name (the provider's model by default).
        endpoint: Where it is (shown with secrets masked).
        weight: Its share of the requests when several routes have room.
    """

    def __init__(
        self,
        provider: Provider,
        limit: AdaptiveLimit | None = None,
        pacer: Pacer | None = None,
        *,
        name: str | None = None,
        endpoint: str = "",
        weight: float = 1.0,
    ) -> None:
        self.provider = provider
        self.limit = limit
        self.pacer = pacer
        self.weight = weight if weight > 0 else 1.0
        self.tally = DeploymentTally(
            name if name is not None else str(getattr(provider, "model", "")),
            redact_url(endpoint),
        )

    def begin_run(self) -> None:
        """Count from zero, and take requests again if an earlier run dropped it."""
        self.tally = DeploymentTally(self.tally.name, self.tally.endpoint)

    @property
    def dropped(self) -> bool:
        """Whether it was dropped (401/404) and gets no more requests."""
        return self.tally.dropped is not None

    @property
    def shown(self) -> str:
        """``name@endpoint`` (secrets masked), as warnings name it."""
        tally = self.tally
        return f"{tally.name}@{tally.endpoint}" if tally.endpoint else tally.name

    def has_room(self, now: float) -> bool:
        """Whether a request sent now would wait for neither a slot nor a pause."""
        return self.limit is None or self.limit.has_room(now)


class Routes:
    """The routes of one run, and the choice among them.

    Args:
        routes: One or more routes; the first is the run's primary (its provider previews
            messages and names the structured-output mode).
        log: Where the warning of a dropped route goes.
    """

    def __init__(self, routes: Sequence[Route], log: logging.Logger | None = None) -> None:
        if not routes:
            raise ValueError("a run needs at least one route")
        self.all = tuple(routes)
        self.log = log if log is not None else _log
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    @property
    def primary(self) -> Route:
        """The first route."""
        return self.all[0]

    @property
    def several(self) -> bool:
        """Whether requests are spread over more than one route."""
        return len(self.all) > 1

    def alive(self) -> list[Route]:
        """The routes not dropped."""
        return [route for route in self.all if not route.dropped]

    def tallies(self) -> tuple[DeploymentTally, ...]:
        """What each route was sent and answered (empty for a single route)."""
        return tuple(route.tally for route in self.all) if self.several else ()

    async def choose(self) -> Route:
        """The route the next request goes to; waits while none has room.

        With one route, that route (its limit does the waiting).
        """
        if not self.several:
            return self.all[0]
        while True:
            now = time.monotonic()
            alive = self.alive()
            best: Route | None = None
            best_key = (0.0, 0.0)
            for route in alive:
                if not route.has_room(now):
                    continue
                ready = route.pacer.ready_in() if route.pacer is not None else 0.0
                key = (round(ready, 3), route.tally.requests / route.weight)
                if best is None or key < best_key:
                    best, best_key = route, key
            if best is not None:
                return best
            await self._wait(alive, now)

    async def _wait(self, alive: list[Route], now: float) -> None:
        """Until a route frees a slot, a pause ends or a route is dropped."""
        ends = [
            route.limit.paused_until
            for route in alive
            if route.limit is not None and route.limit.paused_until > now
        ]
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiters.append(waiter)
        timer = loop.call_later(min(ends) - now, _settle, waiter) if ends else None
        try:
            await waiter
        finally:
            if timer is not None:
                timer.cancel()
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def changed(self) -> None:
        """A route may have room now: let every waiting request look again."""
        waiters = self._waiters
        while waiters:
            _settle(waiters.popleft())

    def drop(self, route: Route, error: ProviderError) -> bool:
        """Drop ``route`` after a 401/404 if another route can take its requests.

        Returns:
            Whether the request should go to another route; ``False`` leaves ``error``
            to stop the run (another error, or no other route left).
        """
        if not self.several or not isinstance(error, ProviderAuthError | ProviderNotFoundError):
            return False
        if route.dropped:
            return True  # an answer to a request sent before it was dropped
        others = [other for other in self.alive() if other is not route]
        if not others:
            return False
        if isinstance(error, ProviderAuthError):
            reason = f"answered {error.status or 401}: the key or identity was refused"
        else:
            reason = f"answered {error.status or 404}: no such deployment or endpoint"
        route.tally.dropped = reason
        self.log.warning(
            "deployment %s %s; dropped, the run goes on with %d other%s",
            route.shown,
            reason,
            len(others),
            "" if len(others) == 1 else "s",
            extra={"event": "deployment_dropped", "deployment": route.tally.name},
        )
        self.changed()
        return True


def _settle(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def deployment_settings(settings: Settings, provider: str, deployment: Deployment) -> Settings:
    """``settings`` for one deployment: its endpoint, name and key (``provider``'s fields).

    The key is read from the variable its ``api_key_env`` names (environment, else
    ``.env``); without one, the run's own key (or Entra ID) serves it.

    Raises:
        ConfigError: The variable ``api_key_env`` names is not set.
    """
    from pydantic import SecretStr

    key: SecretStr | None = None
    variable = deployment.api_key_env
    if variable is not None:
        found = settings.variables_named([variable])
        if not found.get(variable):
            raise ConfigError(
                f"deployment {deployment.shown!r} takes its key from {variable}, which is not set",
                hint=f"Set {variable} in the environment or .env to that deployment's key",
            )
        key = SecretStr(found[variable])
    update: dict[str, Any]
    if provider == "azure":
        update = {"azure_openai_endpoint": deployment.endpoint}
        update["azure_openai_deployment"] = deployment.name
        if key is not None:
            update["azure_openai_api_key"] = key
    else:
        update = {"openai_base_url": deployment.endpoint, "openai_model": deployment.name}
        if key is not None:
            update["openai_api_key"] = key
    return settings.model_copy(update=update)


def deployment_providers(
    plan: RunPlan, deployments: Sequence[Deployment], tool: Any, credential: Any = None
) -> list[Provider]:
    """One provider per deployment, each with that deployment's endpoint, name and key.

    Every deployment's settings are made first, so a missing key is refused before any
    client opens.

    Raises:
        ConfigError: A deployment's key variable is not set.
    """
    from data_generator.providers.base import create_provider

    each = [deployment_settings(plan.settings, plan.provider, d) for d in deployments]
    return [create_provider(settings, tool=tool, credential=credential) for settings in each]


def build_routes(
    providers: Sequence[Provider],
    deployments: Sequence[Deployment],
    settings: Settings,
    log: logging.Logger | None = None,
) -> Routes:
    """The run's routes: one per provider, each with its own limit and pacer.

    Args:
        providers: One per deployment (or the run's one provider).
        deployments: The deployments, in the same order; empty for the run's one route.
        settings: ``concurrency`` (each route's cap) and ``rpm``/``tpm`` (each route's,
            unless its deployment says otherwise).
        log: Where the warning of a dropped route goes.
    """
    concurrency = settings.concurrency
    routes = []
    for position, provider in enumerate(providers):
        deployment = deployments[position] if deployments else None
        rpm = deployment.rpm if deployment and deployment.rpm else settings.rpm
        tpm = deployment.tpm if deployment and deployment.tpm else settings.tpm
        routes.append(
            Route(
                provider,
                AdaptiveLimit(concurrency),
                Pacer(rpm, tpm, min_burst=max(10, concurrency)),
                name=deployment.name if deployment else None,
                endpoint=deployment.endpoint if deployment else "",
                weight=deployment.weight if deployment else 1.0,
            )
        )
    return Routes(routes, log)
