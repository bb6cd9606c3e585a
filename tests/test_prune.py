"""A rerun with a smaller --count says what it kept; --prune deletes the records beyond it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import manifest


def tech(count: int, out: str, *extra: str) -> list[str]:
    return [
        "tech-support", "-d", "SaaS CRM", "--provider", "offline", "--seed", "7",
        "-n", str(count), "-o", out, *extra,
    ]  # fmt: skip


def ok(run_cli: Callable[..., Any], *args: str) -> Any:
    result = run_cli(*args)
    assert result.code == 0, result.stderr
    return result


def files(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.is_file()}


def test_smaller_count_says_how_many_records_were_kept(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(30, "out"))
    before = files(Path("out"))

    result = ok(run_cli, *tech(10, "out"))

    lines = result.stdout.splitlines()
    assert "10 of 10 now in out/" in lines[0]
    assert lines[1] == (
        "Kept 20 more records beyond --count 10 from an earlier run (30 in all); "
        "--prune deletes them."
    )
    assert files(Path("out")) == before
    assert manifest(Path("out"))["counts"]["beyond_count"] == 20


def test_prune_deletes_record_files_beyond_the_count(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(30, "out"))
    before = files(Path("out"))

    result = ok(run_cli, *tech(10, "out", "--prune"))

    assert "Deleted 20 records beyond --count 10 (--prune)." in result.stdout.splitlines()
    assert "Kept" not in result.stdout
    kept = [f"tech-support-{i:06d}.json" for i in range(1, 11)]
    assert files(Path("out")) == {name: before[name] for name in kept}
    assert manifest(Path("out"))["counts"]["beyond_count"] == 0


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_prune_rewrites_a_single_file_as_a_run_of_that_count(
    run_cli: Callable[..., Any], fmt: str
) -> None:
    ok(run_cli, *tech(10, "fresh", "-f", fmt))
    ok(run_cli, *tech(30, "fresh30", "-f", fmt))
    ok(run_cli, *tech(30, "out", "-f", fmt))

    result = ok(run_cli, *tech(10, "out", "-f", fmt, "--prune"))

    assert "Deleted 20 records beyond --count 10 (--prune)." in result.stdout
    assert files(Path("out")) == files(Path("fresh"))
    # The pruned set resumes like any other: back to 30, byte for byte.
    again = ok(run_cli, *tech(30, "out", "-f", fmt))
    assert "Wrote 20 tech-support records" in again.stdout
    assert files(Path("out")) == files(Path("fresh30"))


def test_prune_with_nothing_beyond_changes_nothing(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(10, "out", "-f", "jsonl"))
    before = files(Path("out"))
    mtime = Path("out/tech-support.jsonl").stat().st_mtime_ns

    result = ok(run_cli, *tech(10, "out", "-f", "jsonl", "--prune"))

    assert "Deleted" not in result.stdout
    assert "Kept" not in result.stdout
    assert files(Path("out")) == before
    assert Path("out/tech-support.jsonl").stat().st_mtime_ns == mtime
