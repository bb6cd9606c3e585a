"""The ``azure`` provider: Azure OpenAI through Semantic Kernel's ``AzureChatCompletion``.

Authentication is Microsoft Entra ID by default (``DefaultAzureCredential`` with a bearer
token provider that refreshes tokens during long runs) or an API key when one is given.
The openai client is built here with ``max_retries=0``, so datagen's engine sees every 429
and adapts; every value is passed explicitly, so Semantic Kernel's own reading of
``AZURE_OPENAI_*`` variables cannot override datagen's flag > environment > ``.env`` order.
"""

from __future__ import annotations

from typing import Any

import openai
from semantic_kernel import Kernel
from semantic_kernel.connectors.ai.open_ai import AzureChatCompletion
from semantic_kernel.exceptions import ServiceInitializationError

from data_generator.errors import ConfigError
from data_generator.providers.chat import SERVICE_ID, KernelChatProvider
from data_generator.redaction import redact_url
from data_generator.settings import Settings

__all__ = ["COGNITIVE_SERVICES_SCOPE", "create_azure_provider", "create_kernel"]

COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default"


def create_kernel(settings: Settings, credential: Any = None) -> tuple[Kernel, list[Any]]:
    """Build a kernel with an ``AzureChatCompletion`` service over our own client.

    Args:
        settings: Endpoint, deployment, key or none, API version, timeout.
        credential: An async Azure credential to use instead of ``DefaultAzureCredential``.

    Returns:
        The kernel and the async close functions of what was opened for it.

    Raises:
        ConfigError: Semantic Kernel refuses the configuration.
    """
    endpoint = str(settings.azure_openai_endpoint)
    closers: list[Any] = []
    client_args: dict[str, Any] = {
        "azure_endpoint": endpoint,
        "api_version": settings.azure_openai_api_version,
        "max_retries": 0,
        "timeout": settings.effective_request_timeout,
    }
    if settings.azure_openai_api_key is not None:
        client_args["api_key"] = settings.azure_openai_api_key.get_secret_value()
    else:
        from azure.identity.aio import DefaultAzureCredential, get_bearer_token_provider

        if credential is None:
            credential = DefaultAzureCredential()
            closers.append(credential.close)
        client_args["azure_ad_token_provider"] = get_bearer_token_provider(
            credential, COGNITIVE_SERVICES_SCOPE
        )
    client = openai.AsyncAzureOpenAI(**client_args)
    closers.insert(0, client.close)
    secure = endpoint.startswith("https://")  # SK's endpoint field accepts https only
    try:
        service = AzureChatCompletion(
            service_id=SERVICE_ID,
            deployment_name=settings.azure_openai_deployment,
            api_version=settings.azure_openai_api_version,
            async_client=client,
            endpoint=endpoint if secure else None,
            base_url=None if secure else endpoint,
        )
    except ServiceInitializationError as exc:
        raise ConfigError(
            f"Semantic Kernel refused the Azure OpenAI settings: {exc}",
            hint="Check --azure-openai-endpoint (https://<resource>.openai.azure.com) and "
            "--azure-openai-deployment",
        ) from exc
    kernel = Kernel()
    kernel.add_service(service)
    return kernel, closers


def create_azure_provider(
    settings: Settings, *, kernel: Kernel | None = None, credential: Any = None
) -> KernelChatProvider:
    """Return the ``azure`` provider; ``kernel`` and ``credential`` may be injected."""
    closers: list[Any] = []
    if kernel is None:
        kernel, closers = create_kernel(settings, credential)
    return KernelChatProvider.from_settings(
        kernel,
        settings,
        name="azure",
        model=str(settings.azure_openai_deployment),
        where=redact_url(str(settings.azure_openai_endpoint)),
        closers=closers,
    )
