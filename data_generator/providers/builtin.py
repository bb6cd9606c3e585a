"""The specs of datagen's own providers, registered as entry points like any plug-in.

Light by contract: this module imports no provider, SDK or model runtime.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from data_generator.providers.gguf_model import check_local_model
from data_generator.providers.spec import ProviderSpec

if TYPE_CHECKING:
    from data_generator.settings import Settings

__all__ = ["AZURE", "LOCAL", "OFFLINE", "OPENAI"]

#: ``OfflineProvider.model`` (a test checks they agree).
OFFLINE_MODEL = "offline-synthesizer"


def _deployment(settings: Settings) -> str | None:
    return settings.azure_openai_deployment


def _openai_model(settings: Settings) -> str | None:
    return settings.openai_model


def _model_file(settings: Settings) -> str | None:
    return settings.model_path.name if settings.model_path is not None else None


def _offline_model(_settings: Settings) -> str:
    return OFFLINE_MODEL


AZURE = ProviderSpec(
    name="azure",
    summary="Azure OpenAI deployment through Semantic Kernel (Entra ID or an API key).",
    factory="data_generator.providers.azure:create_azure_provider",
    required={"azure_openai_endpoint": "an endpoint", "azure_openai_deployment": "a deployment"},
    settings=("azure_openai_api_key", "azure_openai_api_version"),
    model_name=_deployment,
)

OPENAI = ProviderSpec(
    name="openai",
    summary="Any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp...).",
    factory="data_generator.providers.openai:create_openai_provider",
    required={"openai_base_url": "a base URL", "openai_model": "a model"},
    settings=("openai_api_key",),
    model_name=_openai_model,
)

LOCAL = ProviderSpec(
    name="local",
    summary="A GGUF model run in this process by llama.cpp (pip install 'datagen[local]').",
    factory="data_generator.providers.local:create_local_provider",
    settings=("model_path", "chat_format", "context_size", "threads"),
    check=check_local_model,
    model_name=_model_file,
)

OFFLINE = ProviderSpec(
    name="offline",
    summary="No model: records drawn from the schema and the scenario's hints.",
    factory="data_generator.providers.offline:create_offline_provider",
    model_name=_offline_model,
)
