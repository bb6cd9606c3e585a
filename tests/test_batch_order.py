"""A batch run's records in index order: early ones wait in a spool on disk, across runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from data_generator.engine.batch_files import BatchFolder, request_lines
from data_generator.engine.batch_order import BatchOrder
from data_generator.engine.record_maker import Outcome
from data_generator.errors import OutputError
from data_generator.writers.base import IndexSet


class Row(BaseModel):
    """A record."""

    index: int
    text: str


def made(index: int, attempts: int = 1) -> Outcome:
    return Outcome(Row(index=index, text=f"row {index} with spaces"), attempts, 10 * index, index)


def test_records_are_released_in_order_and_a_rerun_takes_the_spool_back(tmp_path: Path) -> None:
    spool = tmp_path / "batches" / "spool.jsonl"
    released: list[tuple[int, int, int, int]] = []

    def release(index: int, outcome: Outcome) -> None:
        assert isinstance(outcome.record, Row)
        assert outcome.record.index == index
        released.append((index, outcome.attempts, outcome.prompt_tokens, outcome.completion_tokens))

    order = BatchOrder([1, 2, 3, 4, 5, 6], spool, release, Row.model_validate_json)
    assert order.open(IndexSet()) == set()
    order.put(3, made(3, 2))
    order.put(5, made(5))
    assert order.held == 2
    assert released == []
    order.put(1, made(1))
    order.skip(2)  # record 2 failed: 3 may go
    order.put(4, made(4))
    assert [r[0] for r in released] == [1, 3, 4, 5]
    assert released[1] == (3, 2, 30, 3)  # attempts and tokens kept through the spool
    order.put(6, made(6))
    order.close()
    assert not spool.exists()  # drained

    # A run stopped with record 5 spooled (2 still owed); the kill cut a last line short.
    released.clear()
    order = BatchOrder([1, 2, 3, 4, 5], spool, release, Row.model_validate_json)
    order.open(IndexSet())
    order.put(1, made(1))
    order.put(5, made(5, 3))
    order.put(4, made(4))
    order.close()
    assert spool.exists()
    with spool.open("ab") as handle:
        handle.write(b"7 1 0 0 {")
    rerun = BatchOrder([2, 3, 5], spool, release, Row.model_validate_json)
    assert rerun.open(IndexSet([1, 4])) == {5}  # record 4 reached the output already
    rerun.release_held()
    assert [r[0] for r in released] == [1]
    rerun.put(2, made(2))
    rerun.put(3, made(3))
    assert [r[0] for r in released] == [1, 2, 3, 5]
    assert released[-1] == (5, 3, 50, 5)
    assert spool.read_bytes().endswith(b"}\n")  # the cut line is gone
    rerun.close()
    assert not spool.exists()


def test_a_spool_that_cannot_be_read_is_one_clear_error(tmp_path: Path) -> None:
    spool = tmp_path / "spool.jsonl"
    spool.write_bytes(b"not-a-number 1 0 0 {}\n")
    order = BatchOrder([1], spool, lambda _i, _o: None, Row.model_validate_json)
    with pytest.raises(OutputError, match="cannot read"):
        order.open(IndexSet())


def test_the_batch_folder_names_and_removes_files(tmp_path: Path) -> None:
    folder = BatchFolder(tmp_path / "batches")
    folder.make()
    folder.input(0).write_bytes(b'{"custom_id": "datagen-4-2"}\nnot json\n{"custom_id": "x"}\n')
    folder.output(0, "output").write_bytes(b"")
    assert [(i, a) for i, a, _ in request_lines(folder.input(0))] == [(4, 2)]
    folder.tidy()  # not empty: kept
    assert folder.folder.exists()
    folder.discard(0)
    folder.tidy()
    assert not folder.folder.exists()
    blocked = BatchFolder(tmp_path / "file" / "batches")
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(OutputError, match="cannot make"):
        blocked.make()
