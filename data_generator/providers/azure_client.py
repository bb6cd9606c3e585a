"""The ``AsyncAzureOpenAI`` client datagen talks to Azure OpenAI with, online and in batches.

One place builds it, from settings and an optional credential: an API key when one is given,
else Microsoft Entra ID (``DefaultAzureCredential`` behind a bearer token provider that
refreshes tokens during long runs). ``max_retries=0``: datagen retries itself, so it sees
every 429. Its HTTP client reads the remaining quota of every answer
(:mod:`~data_generator.providers.headroom`). Every value is passed explicitly, so no
library's own reading of ``AZURE_OPENAI_*`` variables overrides datagen's flag >
environment > ``.env`` order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import openai

from data_generator.providers.headroom import http_client
from data_generator.settings import Settings

__all__ = ["COGNITIVE_SERVICES_SCOPE", "Closer", "azure_openai_client"]

COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default"
Closer = Callable[[], Awaitable[Any]]


def azure_openai_client(
    settings: Settings, credential: Any = None
) -> tuple[openai.AsyncAzureOpenAI, list[Closer]]:
    """Build the client for ``settings.azure_openai_endpoint``.

    Args:
        settings: Endpoint, key or none, API version, timeout.
        credential: An async Azure credential to use instead of ``DefaultAzureCredential``.

    Returns:
        The client and the async close functions of what was opened for it, the client's
        first.
    """
    client_args: dict[str, Any] = {
        "azure_endpoint": str(settings.azure_openai_endpoint),
        "api_version": settings.azure_openai_api_version,
        "max_retries": 0,
        "timeout": settings.effective_request_timeout,
        "http_client": http_client(),
    }
    closers: list[Closer] = []
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
    return client, closers
