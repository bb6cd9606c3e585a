"""The package's public names are pinned: adding or dropping one is a deliberate change."""

from __future__ import annotations

import subprocess
import sys

import data_generator

PUBLIC = [
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


def test_the_public_names_are_pinned_and_each_resolves() -> None:
    assert data_generator.__all__ == PUBLIC
    for name in PUBLIC:
        assert getattr(data_generator, name) is not None, name
    assert issubclass(data_generator.UsageError, data_generator.DatagenError)


def test_importing_the_package_imports_none_of_them() -> None:
    probe = (
        "import sys, data_generator; "
        "print(sorted(m for m in sys.modules if m.startswith('data_generator')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['data_generator']"
