"""The specs of datagen's own providers, registered as entry points like any plug-in.

Light by contract: this module imports no provider, SDK or model runtime.
"""

from __future__ import annotations

from data_generator.providers.gguf_model import check_local_model
from data_generator.providers.spec import ProviderSpec

__all__ = ["AZURE", "LOCAL", "OFFLINE", "OPENAI"]

AZURE = ProviderSpec(
    name="azure",
    summary="Azure OpenAI deployment through Semantic Kernel (Entra ID or an API key).",
    factory="data_generator.providers.azure:create_azure_provider",
    required={"azure_openai_endpoint": "an endpoint", "azure_openai_deployment": "a deployment"},
    settings=("azure_openai_api_key", "azure_openai_api_version"),
)

OPENAI = ProviderSpec(
    name="openai",
    summary="Any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp...).",
    factory="data_generator.providers.openai:create_openai_provider",
    required={"openai_base_url": "a base URL", "openai_model": "a model"},
    settings=("openai_api_key",),
)

LOCAL = ProviderSpec(
    name="local",
    summary="A GGUF model run in this process by llama.cpp (pip install 'datagen[local]').",
    factory="data_generator.providers.local:create_local_provider",
    settings=("model_path", "chat_format", "context_size", "threads"),
    check=check_local_model,
)

OFFLINE = ProviderSpec(
    name="offline",
    summary="No model: records drawn from the schema and the scenario's hints.",
    factory="data_generator.providers.offline:create_offline_provider",
)
