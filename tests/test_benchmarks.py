"""The growth benchmark runs and prints a row per run; its figures are never asserted."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

GROWTH = Path(__file__).resolve().parent.parent / "benchmarks" / "growth.py"


def _growth(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GROWTH), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.slow
def test_growth_prints_the_table(tmp_path: Path) -> None:
    done = _growth(
        tmp_path,
        "--sizes", "20,40", "--per-record-max", "20", "--online-sizes", "10", "--latency", "0",
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for row in (r"jsonl\s+20\s", r"jsonl\s+40\s", r"json\s+20\s", r"1\s+10\s", r"3\s+10\s"):
        assert [line for line in lines if re.match(rf"\s+{row}", line)], (row, done.stdout)
    assert not [line for line in lines if re.match(r"\s+json\s+40\s", line)]
    assert [line for line in lines if line.startswith("ratio offline peak RSS 40 / 20: ")]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_growth_prints_json(tmp_path: Path) -> None:
    done = _growth(tmp_path, "--sizes", "5", "--per-record-max", "0", "--skip-loopback", "--json")

    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert [(row["output_format"], row["records"]) for row in figures["offline"]] == [("jsonl", 5)]
    assert figures["offline"][0]["peak_rss_mb"] > 0
    assert figures["loopback"] == []


def test_growth_refuses_a_bad_size(tmp_path: Path) -> None:
    done = _growth(tmp_path, "--sizes", "10k")

    assert done.returncode == 2
    assert "expected sizes like 10000,100000, got '10k'" in done.stderr
    assert "Traceback" not in done.stderr
