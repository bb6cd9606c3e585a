"""What datagen knows about a provider before importing it: a :class:`ProviderSpec`.

Every provider, built-in or third-party, is registered as an entry point of the group
``data_generator.providers`` that names a :class:`ProviderSpec`. The spec's module must be
light (no Semantic Kernel, no openai, no model runtime): it is imported to list providers
and to complete ``--provider``. The provider itself is imported by :meth:`ProviderSpec.create`
only when it is chosen.

A spec reads two kinds of configuration:

* **datagen settings** (:class:`~data_generator.settings.Settings` fields, with their flags
  and variables): the fields named in ``settings`` and ``required``;
* **its own settings**: an ``options`` pydantic model whose fields are read from
  ``DATAGEN_<PROVIDER>_<FIELD>`` in the environment or the run's ``.env`` files and handed
  to the factory as ``options=``.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from data_generator.errors import ConfigError, MissingConnectionSettingError
from data_generator.messages import plain_reason, show_value

if TYPE_CHECKING:
    from pydantic import BaseModel

    from data_generator.providers.base import Provider
    from data_generator.settings import Settings

__all__ = ["ProviderSpec", "option_variable"]

_SECRET_WORDS = ("key", "secret", "token", "password")


def option_variable(provider: str, option: str) -> str:
    """The environment variable of a provider's own setting: ``DATAGEN_<PROVIDER>_<OPTION>``."""
    return f"DATAGEN_{provider}_{option}".upper().replace("-", "_")


@dataclass(frozen=True, eq=False)
class ProviderSpec:
    """A provider's name, what it reads and how to build it, without importing it.

    Attributes:
        name: The ``--provider`` value; it must equal the entry point's name.
        summary: One line saying what answers (shown by ``datagen providers`` and completion).
        factory: ``"package.module:callable"``, imported by :meth:`create` only. It is called
            as ``callable(settings, **kwargs)`` (plus ``options=`` when :attr:`options` is
            set) and returns a :class:`~data_generator.providers.base.Provider`. ``kwargs``
            are what a library caller injected (``kernel=``, ``credential=``); a factory
            should accept and ignore those it does not use.
        settings: The :class:`~data_generator.settings.Settings` fields it reads, shown with
            their flags and variables.
        required: Settings fields that must be set, each with what it is (``"an endpoint"``),
            checked before the factory is imported.
        check: Further checks of the settings (raise a ``ConfigError``); light code only.
        options: A pydantic model of the provider's own settings, read from
            ``DATAGEN_<NAME>_<FIELD>`` variables (environment or ``.env``).
        model_name: The ``model`` the provider built from these settings will have (it is
            part of a run's fingerprint), told without importing it; ``None`` (or returning
            ``None``) when it cannot be told before the provider is built.
    """

    name: str
    summary: str
    factory: str
    settings: tuple[str, ...] = ()
    required: Mapping[str, str] = field(default_factory=dict)
    check: Callable[[Settings], None] | None = None
    options: type[BaseModel] | None = None
    model_name: Callable[[Settings], str | None] | None = None

    def setting_fields(self) -> list[str]:
        """The Settings fields it reads: the required ones first, then the others."""
        return [*self.required, *(name for name in self.settings if name not in self.required)]

    def option_variables(self) -> dict[str, str]:
        """Each field of :attr:`options` with the variable that sets it."""
        if self.options is None:
            return {}
        return {name: option_variable(self.name, name) for name in self.options.model_fields}

    def validate_settings(self, settings: Settings) -> None:
        """Check that what the provider needs is set.

        Raises:
            MissingConnectionSettingError: A required setting is not set.
            ConfigError: :attr:`check` refused the settings.
        """
        from data_generator.settings import flag_and_variable

        for name, what in self.required.items():
            if not getattr(settings, name):
                flag, variable = flag_and_variable(name)
                raise MissingConnectionSettingError(
                    f"--provider {self.name} needs {what}, and none was given",
                    hint=(
                        f"Pass {flag} or set {variable} (environment or .env); "
                        "or try datagen without credentials with --provider offline"
                    ),
                )
        if self.check is not None:
            self.check(settings)

    def read_options(self, settings: Settings) -> BaseModel | None:
        """The provider's own settings, read from its ``DATAGEN_<NAME>_*`` variables.

        Raises:
            ConfigError: A value is missing or invalid, naming its variable.
        """
        if self.options is None:
            return None
        from pydantic import ValidationError

        variables = self.option_variables()
        found = settings.variables_named(variables.values())
        values = {name: found[var] for name, var in variables.items() if var in found}
        try:
            return self.options.model_validate(values)
        except ValidationError as exc:
            error = exc.errors()[0]
            name = str(error["loc"][0]) if error["loc"] else ""
            variable = variables.get(name, option_variable(self.name, name))
            if error["type"] == "missing":
                problem = f"--provider {self.name} needs {variable}, and it is not set"
            else:
                secret = any(word in name.lower() for word in _SECRET_WORDS)
                shown = "<hidden>" if secret else show_value(error.get("input"))
                problem = f"{variable} = {shown} is invalid: {plain_reason(error['msg'])}"
            raise ConfigError(problem, hint=f"Set {variable} in the environment or .env") from exc

    def create(self, settings: Settings, **kwargs: Any) -> Provider:
        """Check the settings, import the factory and build the provider.

        Args:
            settings: The resolved settings.
            **kwargs: Passed to the factory (``kernel=``, ``credential=``); ``tool=`` (the
                scenario) only to a factory that takes it by name or has ``**kwargs``.

        Raises:
            MissingConnectionSettingError: A required setting is not set.
            ConfigError: The factory cannot be imported or did not return a provider.
        """
        from data_generator.providers.base import Provider

        self.validate_settings(settings)
        options = self.read_options(settings)
        if options is not None:
            kwargs["options"] = options
        factory = self._load_factory()
        if "tool" in kwargs and not _accepts(factory, "tool"):
            del kwargs["tool"]
        provider = factory(settings, **kwargs)
        if not isinstance(provider, Provider):
            raise ConfigError(
                f"provider {self.name!r}: {self.factory!r} returned a "
                f"{type(provider).__name__}, not a provider",
                hint="Return an object with name, model, async complete() and async aclose()",
            )
        return provider

    def _load_factory(self) -> Callable[..., Any]:
        module_name, _, attribute = self.factory.partition(":")
        try:
            factory = getattr(importlib.import_module(module_name), attribute)
        except (ImportError, AttributeError, ValueError) as exc:
            raise ConfigError(
                f"provider {self.name!r}: its factory {self.factory!r} cannot be loaded: {exc}",
                hint="Install what the provider needs, or fix its factory",
            ) from exc
        if not callable(factory):
            raise ConfigError(
                f"provider {self.name!r}: its factory {self.factory!r} is not callable",
                hint="Point the factory at a function or class",
            )
        return factory  # type: ignore[no-any-return]


def _accepts(function: Callable[..., Any], name: str) -> bool:
    """Whether ``function`` takes a keyword argument ``name`` (by name or ``**kwargs``)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        return False
    return any(
        parameter.kind is inspect.Parameter.VAR_KEYWORD
        or (parameter.name == name and parameter.kind is not inspect.Parameter.POSITIONAL_ONLY)
        for parameter in parameters
    )
