"""Small assertions and readers shared by the test modules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson


def one_error_line(run: Any) -> str:
    """The single ``datagen: error:`` line of a failed run (exit code checked by caller)."""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("datagen: error: ")
    assert "Traceback" not in run.stderr
    return lines[0]


def manifest(out_dir: Path) -> dict[str, Any]:
    """The run manifest of ``out_dir``."""
    data: dict[str, Any] = orjson.loads((out_dir / ".datagen" / "manifest.json").read_bytes())
    return data
