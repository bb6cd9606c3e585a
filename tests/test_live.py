"""A small real call to Azure OpenAI, run only when ``AZURE_OPENAI_ENDPOINT`` is set.

Run it with ``pytest -m live`` and the usual ``AZURE_OPENAI_*`` variables (an API key, or
an identity that ``DefaultAzureCredential`` finds). Without an endpoint it is skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from data_generator.tools.tech_support import TechSupportTicket

# Read at import time: the autouse fixture clears AZURE_OPENAI_* before each test.
LIVE = {name: value for name, value in os.environ.items() if name.startswith("AZURE_OPENAI_")}

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        "AZURE_OPENAI_ENDPOINT" not in LIVE, reason="AZURE_OPENAI_ENDPOINT is not set"
    ),
]


def test_two_records_from_the_real_deployment(
    run_cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name, value in LIVE.items():
        monkeypatch.setenv(name, value)
    result = run_cli(
        "tech-support", "-d", "SaaS CRM", "-n", "2", "--provider", "azure",
        "-o", "out", "--seed", "1", "--max-tokens", "2000",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    files = sorted((tmp_path / "out").glob("tech-support-*.json"))
    assert len(files) == 2
    for path in files:
        TechSupportTicket.model_validate(orjson.loads(path.read_bytes()))
    manifest = orjson.loads((tmp_path / "out" / ".datagen" / "manifest.json").read_bytes())
    assert manifest["tokens"]["prompt"] > 0
