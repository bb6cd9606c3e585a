"""The ``openai`` provider: any OpenAI-compatible server through ``OpenAIChatCompletion``.

Ollama, vLLM, Foundry Local, LM Studio or OpenAI itself; the client is ours, with
``max_retries=0``, so the engine sees every 429, and its HTTP client reads the remaining
quota of every answer (:mod:`~data_generator.providers.headroom`).
"""

from __future__ import annotations

from typing import Any

import openai
from semantic_kernel import Kernel
from semantic_kernel.connectors.ai.open_ai import OpenAIChatCompletion

from data_generator.providers.chat import SERVICE_ID, KernelChatProvider
from data_generator.providers.headroom import http_client
from data_generator.redaction import redact_url
from data_generator.settings import Settings

__all__ = ["create_openai_kernel", "create_openai_provider"]

_NO_KEY = "not-needed"  # local servers take any key; the client insists on one


def create_openai_kernel(settings: Settings) -> tuple[Kernel, list[Any]]:
    """Build a kernel with an ``OpenAIChatCompletion`` over ``AsyncOpenAI(base_url=...)``."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else _NO_KEY
    client = openai.AsyncOpenAI(
        base_url=str(settings.openai_base_url),
        api_key=key,
        max_retries=0,
        timeout=settings.effective_request_timeout,
        http_client=http_client(),
    )
    service = OpenAIChatCompletion(
        service_id=SERVICE_ID, ai_model_id=str(settings.openai_model), async_client=client
    )
    kernel = Kernel()
    kernel.add_service(service)
    return kernel, [client.close]


def create_openai_provider(
    settings: Settings, *, kernel: Kernel | None = None, credential: Any = None
) -> KernelChatProvider:
    """Return the ``openai`` provider; ``kernel`` may be injected.

    ``credential`` (an Azure identity) is accepted, as by every built-in factory, and unused:
    an OpenAI-compatible server takes an API key.
    """
    closers: list[Any] = []
    if kernel is None:
        kernel, closers = create_openai_kernel(settings)
    return KernelChatProvider.from_settings(
        kernel,
        settings,
        name="openai",
        model=str(settings.openai_model),
        where=redact_url(str(settings.openai_base_url)),
        closers=closers,
    )
