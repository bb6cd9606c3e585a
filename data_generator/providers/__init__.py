"""Model providers behind one protocol: ``await provider.complete(request)``.

``offline`` ships with the core. ``azure`` and ``openai`` are the only modules that may
import Semantic Kernel, openai or azure-identity, and are imported only when chosen.
Every provider, built-in or plug-in, is found through a :class:`ProviderSpec` registered
in the entry-point group ``data_generator.providers``.
"""

from __future__ import annotations

from data_generator.providers.base import (
    Completion,
    CompletionRequest,
    OfflineRecipe,
    Provider,
    Usage,
    create_provider,
)
from data_generator.providers.spec import ProviderSpec

__all__ = [
    "Completion",
    "CompletionRequest",
    "OfflineRecipe",
    "Provider",
    "ProviderSpec",
    "Usage",
    "create_provider",
]
