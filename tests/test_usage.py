"""The usage journal: read back what a killed run spent, and nothing twice.

The end-to-end proof (a real SIGKILL against the fake server, tokens equal to what it
billed) is in test_model_order.py; these cover the journal's edge cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from data_generator.engine.manifest import Manifest, Tally
from data_generator.engine.usage import UsageJournal, killed_run_usage
from data_generator.errors import OutputError
from data_generator.writers.base import IndexSet


def journal(path: Path, run_id: str = "run-1") -> None:
    """What a run killed after four records leaves: the last line cut by the kill."""
    usage = UsageJournal(path, run_id)
    stats = Tally()
    usage.add(1, made=True, prompt_tokens=100, completion_tokens=40, retried=0, stats=stats)
    stats.rate_limited = 2
    usage.add(3, made=True, prompt_tokens=210, completion_tokens=90, retried=1, stats=stats)
    stats.transient, stats.masked = 1, 1
    usage.add(2, made=False, prompt_tokens=300, completion_tokens=0, retried=2, stats=stats)
    usage.add(4, made=True, prompt_tokens=0, completion_tokens=0, retried=0, stats=stats)
    usage.close()
    with open(path, "ab") as handle:
        handle.write(b'{"i":5,"p":1')


def test_a_killed_run_is_read_back(tmp_path: Path) -> None:
    path = tmp_path / "usage.jsonl"
    journal(path)

    tally = killed_run_usage(
        path, Manifest.from_json({"status": "running", "run_id": "run-1"}), IndexSet([1, 4])
    )

    assert tally is not None
    assert (tally.prompt_tokens, tally.completion_tokens) == (610, 130)
    assert (tally.written, tally.failed, tally.retried) == (2, 1, 3)  # record 3 never landed
    assert (tally.rate_limited, tally.transient, tally.masked) == (2, 1, 1)


@pytest.mark.parametrize(
    "previous",
    [
        None,
        {"status": "complete", "run_id": "run-1"},  # it ended and counted itself
        {"status": "running", "run_id": "run-2"},  # a later run already counted it
        {"status": "running"},
    ],
)
def test_a_journal_already_counted_is_not_read(tmp_path: Path, previous: dict | None) -> None:
    path = tmp_path / "usage.jsonl"
    journal(path)
    manifest = Manifest.from_json(previous) if previous is not None else None
    assert killed_run_usage(path, manifest, IndexSet()) is None


@pytest.mark.parametrize("content", [None, b"", b"not json\n", b"[1]\n{}\n"])
def test_a_missing_or_damaged_journal_counts_nothing(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "usage.jsonl"
    if content is not None:
        path.write_bytes(content)
    assert (
        killed_run_usage(
            path, Manifest.from_json({"status": "running", "run_id": "run-1"}), IndexSet()
        )
        is None
    )


def test_lines_that_are_not_records_are_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "usage.jsonl"
    path.write_bytes(b'{"run":"r"}\n[2]\n{"i":1,"p":"lots","c":5}\n')
    tally = killed_run_usage(
        path, Manifest.from_json({"status": "running", "run_id": "r"}), IndexSet([1])
    )
    assert tally is not None
    assert (tally.written, tally.prompt_tokens, tally.completion_tokens) == (1, 0, 5)


def test_an_unwritable_journal_is_one_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"usage\.jsonl") as raised:
        UsageJournal(tmp_path / "missing" / "usage.jsonl", "r")
    assert "state folder" in raised.value.hint


def test_discard_removes_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "usage.jsonl"
    usage = UsageJournal(path, "r")
    usage.close()
    usage.add(1, made=True, prompt_tokens=1, completion_tokens=1, retried=0, stats=Tally())
    assert path.read_bytes() == b'{"run":"r"}\n'  # nothing after close
    usage.discard()
    usage.discard()
    assert not path.exists()
