"""datagen: typed, validated, reproducible synthetic data sets for named scenarios.

The public names below are imported lazily, so ``import data_generator`` (and therefore
``datagen --help``) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "DataGenerator",
    "DataGeneratorTool",
    "DatagenError",
    "OutputError",
    "ProviderError",
    "Settings",
    "UsageError",
    "__version__",
]

if TYPE_CHECKING:
    from data_generator.engine import DataGenerator
    from data_generator.errors import (
        ConfigError,
        DatagenError,
        OutputError,
        ProviderError,
        UsageError,
    )
    from data_generator.settings import Settings
    from data_generator.tool import DataGeneratorTool

_LAZY = {
    "DataGenerator": "data_generator.engine",
    "DataGeneratorTool": "data_generator.tool",
    "Settings": "data_generator.settings",
    "ConfigError": "data_generator.errors",
    "DatagenError": "data_generator.errors",
    "OutputError": "data_generator.errors",
    "ProviderError": "data_generator.errors",
    "UsageError": "data_generator.errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'data_generator' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
