"""The ``azure`` provider: Azure OpenAI through Semantic Kernel's ``AzureChatCompletion``.

The openai client comes from :func:`~data_generator.providers.azure_client.azure_openai_client`
(Entra ID or an API key, ``max_retries=0``, every value explicit), the one the Batch API
client uses too; Semantic Kernel's own reading of ``AZURE_OPENAI_*`` variables cannot
override datagen's flag > environment > ``.env`` order.
"""

from __future__ import annotations

from typing import Any

from semantic_kernel import Kernel
from semantic_kernel.connectors.ai.open_ai import AzureChatCompletion
from semantic_kernel.exceptions import ServiceInitializationError

from data_generator.errors import ConfigError
from data_generator.providers.azure_client import COGNITIVE_SERVICES_SCOPE, azure_openai_client
from data_generator.providers.chat import SERVICE_ID, KernelChatProvider
from data_generator.redaction import redact_url
from data_generator.settings import Settings

__all__ = ["COGNITIVE_SERVICES_SCOPE", "create_azure_provider", "create_kernel"]


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
    client, closers = azure_openai_client(settings, credential)
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
