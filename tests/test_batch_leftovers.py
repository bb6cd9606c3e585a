"""An online run after a ``--batch`` run: the spool is written, pending batches are named.

The CLI is run as a user runs it, against the Batch API stand-in and the loopback chat
server; the ``--batch`` runs are killed with SIGKILL of the datagen process itself.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CliRun
from model_server import chat_requests, record_index
from pydantic import BaseModel
from test_batch_run import (
    _batch_ids,
    args,
    batch_env,
    batch_server,  # noqa: F401  (a fixture)
    env,  # noqa: F401  (a fixture)
    flaky,
    manifest,
    start_datagen,
    wait_for,
)

from data_generator.engine.batch_leftovers import SpoolDrain, warn_pending_batches
from data_generator.engine.manifest import BatchEntry, Tally
from data_generator.engine.record_maker import Outcome
from data_generator.engine.usage import UsageJournal
from data_generator.errors import OutputError
from data_generator.writers.base import IndexSet

PENDING = (
    "datagen: WARNING: an earlier --batch run left 1 batch pending, covering {records} records "
    "now asked online: cancel it with `datagen batches {out} --cancel`, or stop this run and "
    "rerun with --batch to collect the answers instead"
)


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "pending, covering" in line]


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_online_rerun_writes_the_spooled_records_and_asks_only_for_the_rest(
    batch_server: Callable[..., Any],  # noqa: F811
    run_cli: Callable[..., CliRun],
    run_subprocess: Callable[..., CliRun],
    tmp_path: Path,
    fmt: str,
) -> None:
    """Killed with 48 records spooled around 3 missing ones: the online bytes, 3 records asked."""
    bad_first = {10, 30, 59}  # answered invalid on the first ask: repaired in round 2
    server, service = batch_server(flaky(bad_first), steps_per_poll=0)
    online = run_cli(*args(server, tmp_path / "online", 60, "-f", fmt))
    assert online.code == 0, online.stderr

    out = tmp_path / "out"
    child = start_datagen(args(server, out, 60, "--batch", "-f", fmt), batch_env())
    try:
        wait_for(lambda: bool(service.created), "the first batch")
        service.run_all()  # the first batch ends; the repair batch is then left waiting
        wait_for(
            lambda: len(_batch_ids(out)) == 2 and None not in _batch_ids(out),
            "the repair batch's id in the manifest",
        )
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()
    assert child.returncode == -signal.SIGKILL
    spool = out / ".datagen" / "batches" / "spool.jsonl"
    assert len(spool.read_bytes().splitlines()) == 60 - 9 - len(bad_first)  # after record 9
    before = len(chat_requests(server))

    rerun = run_subprocess(*args(server, out, 60, "-f", fmt), env=batch_env(), timeout=300)

    assert rerun.code == 0, rerun.stderr
    assert warnings(rerun.stderr) == [PENDING.format(records=3, out=out)]
    asked = [record_index(r.body) for r in chat_requests(server)[before:]]
    assert sorted(set(asked)) == sorted(bad_first)  # the 48 spooled records not asked again
    name = f"tech-support.{fmt}"
    assert (out / name).read_bytes() == (tmp_path / "online" / name).read_bytes()
    assert not spool.exists()
    data = manifest(out)
    assert data["counts"]["present"] == 60
    assert data["last_run"]["written"] == 60 - 9


@pytest.mark.usefixtures("env")
def test_a_pending_batch_is_named_and_a_later_batch_run_writes_nothing_twice(
    batch_server: Callable[..., Any],  # noqa: F811
    run_cli: Callable[..., CliRun],
    run_subprocess: Callable[..., CliRun],
    tmp_path: Path,
) -> None:
    server, service = batch_server()
    online = run_cli(*args(server, tmp_path / "online", 12))
    assert online.code == 0, online.stderr

    out = tmp_path / "out"
    service.hold("in_progress")
    child = start_datagen(args(server, out, 12, "--batch"), batch_env())
    try:
        wait_for(lambda: _batch_ids(out) != [None], "the batch's id in the manifest")
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()
    assert child.returncode == -signal.SIGKILL

    rerun = run_subprocess(*args(server, out, 12), env=batch_env(), timeout=120)
    assert rerun.code == 0, rerun.stderr
    assert warnings(rerun.stderr) == [PENDING.format(records=12, out=out)]
    data_file = out / "tech-support.jsonl"
    journal = out / ".datagen" / "tech-support.jsonl.journal"
    made_online = data_file.read_bytes(), journal.read_bytes()
    assert made_online[0] == (tmp_path / "online" / "tech-support.jsonl").read_bytes()

    service.release()  # the batch now ends, with an answer for every record
    collect = run_subprocess(*args(server, out, 12, "--batch"), env=batch_env(), timeout=120)

    assert collect.code == 0, collect.stderr
    assert warnings(collect.stderr) == []
    assert (data_file.read_bytes(), journal.read_bytes()) == made_online  # nothing written twice
    assert len(service.created) == 1  # nothing submitted
    data = manifest(out)
    assert [b["consumed"] for b in data["batches"]] == [True]
    assert data["last_run"]["written"] == 0
    assert data["counts"]["present"] == 12


@pytest.mark.usefixtures("env")
def test_a_batch_run_cancels_a_pending_batch_whose_records_were_all_made_since(
    batch_server: Callable[..., Any],  # noqa: F811
    run_subprocess: Callable[..., CliRun],
    tmp_path: Path,
) -> None:
    server, service = batch_server()
    out = tmp_path / "out"
    service.hold("in_progress")
    child = start_datagen(args(server, out, 12, "--batch"), batch_env())
    try:
        wait_for(lambda: _batch_ids(out) != [None], "the batch's id in the manifest")
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()
    online = run_subprocess(*args(server, out, 12), env=batch_env(), timeout=120)
    assert online.code == 0, online.stderr
    made_online = (out / "tech-support.jsonl").read_bytes()

    # Still held in_progress: the --batch rerun neither waits for it nor submits anything.
    collect = run_subprocess(*args(server, out, 12, "--batch"), env=batch_env(), timeout=120)

    assert collect.code == 0, collect.stderr
    (batch_id,) = _batch_ids(out)
    assert [line for line in collect.stderr.splitlines() if "WARNING" in line] == [
        f"datagen: WARNING: batch {batch_id} asks only for records made since (online): "
        "cancelled it"
    ]
    assert service.status(batch_id) in ("cancelling", "cancelled")
    assert len(service.created) == 1
    assert (out / "tech-support.jsonl").read_bytes() == made_online
    data = manifest(out)
    assert [b["consumed"] for b in data["batches"]] == [True]
    assert data["last_run"]["written"] == 0
    assert not (out / ".datagen" / "batches").exists()


class Row(BaseModel):
    """A record."""

    index: int
    text: str


def spool_line(index: int, record: bytes, attempts: int = 1) -> bytes:
    return b"%d %d %d %d %s\n" % (index, attempts, 10 * index, index, record)


def test_spooled_lines_are_checked_and_written_in_index_order(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "batches"
    folder.mkdir()
    spool = folder / "spool.jsonl"
    good = {i: b'{"index": %d, "text": "row %d"}' % (i, i) for i in range(1, 9)}
    spool.write_bytes(
        spool_line(6, good[6], attempts=2)
        + spool_line(2, good[2])
        + spool_line(3, b'{"index": "three"}')  # no longer valid: asked again
        + spool_line(4, good[4])  # already in the output
        + spool_line(9, good[8])  # beyond the run's indices
        + spool_line(5, good[5])
        + spool_line(8, good[8])[:-3]  # cut by a kill
    )
    written: list[tuple[int, int, int]] = []
    tally = Tally()
    usage = UsageJournal(tmp_path / "usage.jsonl", "run")
    drain = SpoolDrain(
        folder,
        Row,
        lambda i, o: written.append((i, o.attempts, o.prompt_tokens)),
        usage=usage,
        tally=tally,
        log=logging.getLogger("test"),
    )
    with caplog.at_level(logging.WARNING):
        assert drain.open(range(1, 9), IndexSet([4])) == 3
    assert f"records in {spool} that do not validate as Row: 1;" in caplog.text
    assert [i for i in range(1, 9) if i in drain.indices] == [2, 5, 6]

    release = drain.release(lambda i, o: written.append((i, o.attempts, 0)))
    release(3, Outcome(Row(index=3, text="online"), 1))  # the online record 3: 2 goes first
    assert written == [(2, 1, 20), (3, 1, 0)]
    drain.drain()
    assert written[2:] == [(5, 1, 50), (6, 2, 60)]
    assert (tally.prompt_tokens, tally.completion_tokens, tally.retried) == (130, 13, 1)
    assert not folder.exists()
    usage.close()


def test_a_spool_that_cannot_be_read_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "spool.jsonl").write_bytes(b"not-a-number 1 0 0 {}\n")
    drain = SpoolDrain(
        tmp_path,
        Row,
        lambda _i, _o: None,
        usage=UsageJournal(tmp_path / "usage.jsonl", "run"),
        tally=Tally(),
        log=logging.getLogger("test"),
    )
    with pytest.raises(OutputError, match="cannot read"):
        drain.open(range(1, 3), IndexSet())


def test_pending_batches_without_their_input_files_cover_their_index_range(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def entry(first: int, last: int, *, consumed: bool = False) -> BatchEntry:
        return BatchEntry(
            "b", "f", 1, last - first + 1, first, last, "in_progress", consumed=consumed
        )

    entries = [entry(1, 4), entry(5, 8, consumed=True), entry(9, 10)]
    asked = {3, 4, 6, 9}.__contains__
    with caplog.at_level(logging.WARNING):
        covered = warn_pending_batches(entries, tmp_path, asked, Path("out"), logging.getLogger())
        assert (
            warn_pending_batches(
                entries, tmp_path, {6}.__contains__, Path("out"), logging.getLogger()
            )
            == 0
        )
    assert covered == 3  # 3, 4 and 9: the consumed batch's 6 is not pending
    assert [r.getMessage() for r in caplog.records] == [
        "an earlier --batch run left 2 batches pending, covering 3 records now asked online: "
        "cancel them with `datagen batches out --cancel`, or stop this run and rerun with "
        "--batch to collect the answers instead"
    ]
