"""Finding providers: entry points of the group ``data_generator.providers``.

datagen's own providers (``azure``, ``openai``, ``offline``) are entry points of that group
in its ``pyproject.toml``, so they are found through the same door as a plug-in. Names are
read from the entry point files without importing anything; a spec module (light by
contract) is imported when its provider is used or listed, and the provider itself only
when it is created.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from data_generator.errors import ConfigError, UsageError
from data_generator.providers.spec import ProviderSpec
from data_generator.registry import installed_entry_points

__all__ = ["BUILT_IN", "PROVIDER_ENTRY_POINT_GROUP", "ProviderEntry", "ProviderRegistry"]

PROVIDER_ENTRY_POINT_GROUP = "data_generator.providers"
#: The distribution whose entry points are datagen's own.
BUILT_IN = "datagen"


@dataclass(frozen=True)
class ProviderEntry:
    """A registered provider, its spec not yet imported.

    Attributes:
        name: The ``--provider`` value.
        target: ``"package.module:attribute"`` of its :class:`ProviderSpec`.
        distribution: The distribution that registers it (``datagen`` for the built-ins).
        given: The spec itself, for a provider registered with :meth:`ProviderRegistry.register`.
    """

    name: str
    target: str
    distribution: str
    given: ProviderSpec | None = None

    @property
    def source(self) -> str:
        """Where it was registered, for messages."""
        if self.given is not None:
            return "register()"
        return f"entry point {self.name!r} of {self.distribution!r}"

    @property
    def built_in(self) -> bool:
        """True for datagen's own providers."""
        return self.distribution == BUILT_IN and self.given is None

    def origin(self) -> str:
        """``built-in``, or the distribution's name and version."""
        if self.built_in:
            return "built-in"
        if self.given is not None:
            return "register()"
        from importlib.metadata import PackageNotFoundError, distribution

        try:
            found = distribution(self.distribution)
        except PackageNotFoundError:
            return self.distribution
        return f"{found.metadata['Name'] or self.distribution} {found.version}"

    @cached_property
    def spec(self) -> ProviderSpec:
        """Import and return the spec.

        Raises:
            ConfigError: The target cannot be imported, is not a ProviderSpec, or names
                itself otherwise.
        """
        if self.given is not None:
            return self.given
        module_name, _, attribute = self.target.partition(":")
        try:
            spec = getattr(importlib.import_module(module_name), attribute)
        # A plug-in's module may raise anything while it is imported; that must not stop
        # datagen or the other providers, so it becomes one line naming the plug-in.
        except Exception as exc:
            raise ConfigError(
                f"provider {self.name!r} from {self.source} cannot be loaded "
                f"({self.target!r}): {type(exc).__name__}: {exc}",
                hint=f"Reinstall or fix {self.distribution!r}, or uninstall it",
            ) from exc
        if not isinstance(spec, ProviderSpec):
            raise ConfigError(
                f"provider {self.name!r} from {self.source}: {self.target!r} is a "
                f"{type(spec).__name__}, not a ProviderSpec",
                hint="Point the entry point at a data_generator.providers.ProviderSpec",
            )
        if spec.name != self.name:
            raise ConfigError(
                f"provider registered as {self.name!r} by {self.distribution!r} calls itself "
                f"{spec.name!r}",
                hint=f"Register it under the name {spec.name!r}",
            )
        _check_setting_names(spec, self.source)
        return spec


def _check_setting_names(spec: ProviderSpec, source: str) -> None:
    from data_generator.settings import Settings

    unknown = [name for name in spec.setting_fields() if name not in Settings.model_fields]
    if unknown:
        raise ConfigError(
            f"provider {spec.name!r} from {source} reads settings datagen does not have: "
            f"{', '.join(unknown)}",
            hint="Name Settings fields in 'settings' and 'required', or declare 'options'",
        )


class ProviderRegistry:
    """The providers one process knows, by name. Build one with :meth:`discover`."""

    def __init__(self, entries: Iterable[ProviderEntry] = (), problems: Iterable[str] = ()) -> None:
        self._entries: dict[str, ProviderEntry] = {}
        #: Registrations that were ignored, one line each.
        self.problems: list[str] = list(problems)
        for entry in entries:
            self.add(entry)

    @classmethod
    def discover(cls) -> ProviderRegistry:
        """Find the providers registered as entry points (imports none of them)."""
        found = installed_entry_points(PROVIDER_ENTRY_POINT_GROUP)
        # datagen's own first, so a plug-in cannot shadow a built-in by accident.
        found.sort(key=lambda item: (item[0] != BUILT_IN, item[0]))
        return cls(ProviderEntry(name, value, dist) for dist, name, value in found)

    def add(self, entry: ProviderEntry) -> None:
        """Register ``entry``; the first registration of a name wins."""
        existing = self._entries.get(entry.name)
        if existing is not None:
            if existing != entry:
                self.problems.append(
                    f"provider {entry.name!r} from {entry.source} is ignored: "
                    f"{existing.source} registers that name first"
                )
            return
        self._entries[entry.name] = entry

    def register(self, spec: ProviderSpec) -> None:
        """Register a spec directly (library users, tests)."""
        self.add(ProviderEntry(spec.name, "", "", given=spec))

    def names(self) -> list[str]:
        """The registered provider names, sorted."""
        return sorted(self._entries)

    def __iter__(self) -> Iterator[ProviderEntry]:
        return iter(self._entries[name] for name in self.names())

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def entry(self, name: str) -> ProviderEntry:
        """The entry called ``name``.

        Raises:
            UsageError: No provider has that name.
        """
        entry = self._entries.get(name)
        if entry is None:
            known = ", ".join(self.names()) or "none"
            raise UsageError(
                f"unknown provider {name!r} (known: {known}); "
                "install its plug-in or choose one of those"
            )
        return entry

    def get(self, name: str) -> ProviderSpec:
        """The spec of the provider called ``name``.

        Raises:
            UsageError: No provider has that name.
            ConfigError: Its spec cannot be loaded.
        """
        return self.entry(name).spec
