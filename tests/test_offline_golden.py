"""Offline output pinned: every built-in scenario x seeds 1-3 x every format, as digests.

The scenario contract is to be redesigned (issue 12) with offline output unchanged byte for
byte. ``tests/golden/offline_output.json`` holds, for each scenario (run with the options of
its first example), seed and format, the SHA-256 of the record files of a 4-record run:
their names and bytes, or for Parquet the rows read back (its bytes carry pyarrow's
version). A change that alters offline records on purpose rewrites the file with
``DATAGEN_WRITE_GOLDEN=1 python -m pytest tests/test_offline_golden.py`` and says in its
commit which scenario changed and why.
"""

from __future__ import annotations

import hashlib
import os
import shlex
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq
import pytest

GOLDEN = Path(__file__).parent / "golden" / "offline_output.json"
SEEDS = (1, 2, 3)
FORMATS = ("json", "jsonl", "csv", "yaml", "parquet", "txt")
COUNT = 4
#: Read at import: the clean-environment fixture drops DATAGEN_* variables from each test.
WRITE = os.environ.get("DATAGEN_WRITE_GOLDEN") == "1"
#: Flags of an example that this test sets itself (with their value).
OWN_FLAGS = {"-n", "--count", "-o", "--out-dir", "-f", "--output-format", "--seed", "--provider"}


def builtin_scenarios() -> dict[str, Any]:
    """The built-in scenario classes, by name (registered by this package's entry points)."""
    return {
        entry.name: entry.load()
        for entry in entry_points(group="data_generator.tools")
        if entry.value.startswith("data_generator.tools.")
    }


def example_options(tool: Any) -> list[str]:
    """The scenario options of the tool's first example, without the flags set here."""
    words = shlex.split(tool.examples[0])[2:]  # after "datagen <scenario>"
    kept: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in OWN_FLAGS:
            skip = True
        else:
            kept.append(word)
    return kept


def digest(out: Path, fmt: str) -> str:
    """SHA-256 of the record files in ``out`` (names and bytes; Parquet rows read back)."""
    sha = hashlib.sha256()
    for path in sorted(p for p in out.iterdir() if p.is_file()):
        sha.update(path.name.encode() + b"\0")
        if fmt == "parquet":
            rows = pq.read_table(path).to_pylist()
            sha.update(orjson.dumps(rows, default=str, option=orjson.OPT_SORT_KEYS))
        else:
            sha.update(path.read_bytes())
        sha.update(b"\0")
    return sha.hexdigest()


def current_digests(run_cli: Callable[..., Any], scenario: str, tool: Any) -> dict[str, str]:
    found = {}
    for seed in SEEDS:
        for fmt in FORMATS:
            out = f"{scenario}-{seed}-{fmt}"
            run = run_cli(
                scenario, *example_options(tool), "-n", str(COUNT), "-o", out, "-f", fmt,
                "--seed", str(seed), "--provider", "offline", "-q",
            )  # fmt: skip
            assert run.code == 0, f"{scenario} seed {seed} {fmt}: {run.stderr}"
            found[f"{scenario}/{seed}/{fmt}"] = digest(Path(out), fmt)
    return found


@pytest.mark.parametrize("scenario", sorted(builtin_scenarios()))
def test_offline_output_is_unchanged(run_cli: Callable[..., Any], scenario: str) -> None:
    tool = builtin_scenarios()[scenario]
    found = current_digests(run_cli, scenario, tool)

    golden = orjson.loads(GOLDEN.read_bytes()) if GOLDEN.exists() else {}
    if WRITE:
        golden.update(found)
        GOLDEN.write_bytes(orjson.dumps(golden, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    changed = sorted(key for key, value in found.items() if golden.get(key) != value)
    assert not changed, f"offline output changed for {changed}; see this module's docstring"


def test_every_builtin_scenario_is_pinned() -> None:
    golden = orjson.loads(GOLDEN.read_bytes())
    expected = {
        f"{scenario}/{seed}/{fmt}"
        for scenario in builtin_scenarios()
        for seed in SEEDS
        for fmt in FORMATS
    }
    assert set(golden) == expected
