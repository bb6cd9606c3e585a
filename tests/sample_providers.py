"""Small provider specs used by the tests, registered through the entry-point door."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, SecretStr

from data_generator.errors import ConfigError
from data_generator.providers import Completion, CompletionRequest, ProviderSpec
from data_generator.providers.offline import OfflineProvider
from data_generator.settings import Settings
from data_generator.tool import DataGeneratorTool


class StampOptions(BaseModel):
    """The stamp provider's own settings."""

    label: str = Field(description="Written into the model name.")
    token: SecretStr | None = Field(default=None, description="A secret it never shows.")
    repeat: int = Field(default=1, ge=1, le=3, description="How often the label is repeated.")


class KeyedOptions(StampOptions):
    """Options with a key that must be a number: a refused secret stays hidden."""

    api_key: int = 0


class StampProvider:
    """Offline drafts, with a model name made of its own settings."""

    name = "stamp"

    def __init__(
        self,
        settings: Settings,
        *,
        options: StampOptions,
        tool: DataGeneratorTool[Any, Any],
        **injected: Any,
    ) -> None:
        self.model = "-".join([options.label] * options.repeat)
        self.injected = injected
        self.settings = settings
        self.tool = tool
        self._drafts = OfflineProvider(tool)

    async def complete(self, request: CompletionRequest) -> Completion:
        return await self._drafts.complete(request)

    async def aclose(self) -> None:
        """Nothing to release."""


def refuse_cold(settings: Settings) -> None:
    """A further check: ``--temperature 0`` is refused."""
    if settings.temperature == 0:
        raise ConfigError("--provider stamp refuses --temperature 0", hint="Pass a warmer one")


STAMP = ProviderSpec(
    name="stamp",
    summary="Offline drafts under a model name of its own settings.",
    factory="sample_providers:StampProvider",
    settings=("temperature",),
    required={"openai_model": "a model name"},
    check=refuse_cold,
    options=StampOptions,
)

NOT_CALLABLE = 42


def not_a_provider(_settings: Settings, **_injected: Any) -> object:
    """A factory that returns something else."""
    return object()


def spec(name: str, factory: str, **fields: Any) -> ProviderSpec:
    """A spec called ``name`` with ``factory``."""
    return ProviderSpec(name=name, summary=f"The {name} provider.", factory=factory, **fields)


UNKNOWN_SETTING = spec("typo", "sample_providers:StampProvider", settings=("temprature",))


def explode() -> None:
    """Raise as a broken plug-in module does when imported."""
    raise RuntimeError("the plug-in is broken")


CAPPED = spec("capped", "sample_providers:StampProvider", required={"max_tokens": "a token cap"})
