"""Model providers behind one protocol: ``await provider.complete(request)``.

``offline`` ships with the core. ``azure``, ``openai`` and the modules they share
(``chat``, ``openai_errors``) are the only ones that may import Semantic Kernel, openai or
azure-identity, and ``local`` the only one that imports llama-cpp-python; each is imported
only when its provider is chosen.
Every provider, built-in or plug-in, is found through a :class:`ProviderSpec` registered
in the entry-point group ``data_generator.providers``.
"""

from __future__ import annotations

from data_generator.providers.base import (
    Completion,
    CompletionRequest,
    Provider,
    Usage,
    create_provider,
)
from data_generator.providers.spec import ProviderSpec

__all__ = [
    "Completion",
    "CompletionRequest",
    "Provider",
    "ProviderSpec",
    "Usage",
    "create_provider",
]
