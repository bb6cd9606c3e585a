"""The engine's delivery hook: what a delivery is given, in what order, and when."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers import manifest
from pydantic import BaseModel

from data_generator import DataGenerator, Settings
from data_generator.delivery import Deliveries, DeliveryContext
from data_generator.errors import OutputError
from data_generator.tools.tech_support import TechSupportTool


class RecordingDelivery:
    """Keeps what the engine hands it; optionally refuses, or says it is busy."""

    shown = "recording://test"

    def __init__(self, *, busy_every: int = 0, fail_open: bool = False) -> None:
        self.opened: list[DeliveryContext] = []
        self.added: list[tuple[int, str, Path | None, bool]] = []
        self.closed: list[tuple[list[Path], BaseException | None]] = []
        self.waits = 0
        self._busy_every = busy_every
        self._fail_open = fail_open

    async def open(self, context: DeliveryContext) -> None:
        if self._fail_open:
            raise OutputError("the test destination refuses", hint="Fix the test destination")
        self.opened.append(context)

    def add(self, index: int, record: BaseModel, path: Path | None) -> None:
        exists = path is not None and path.is_file()
        self.added.append((index, type(record).__name__, path, exists))

    @property
    def busy(self) -> bool:
        return bool(self._busy_every) and len(self.added) % self._busy_every == 0

    async def room(self) -> None:
        self.waits += 1
        await asyncio.sleep(0)
        self._busy_every = 0

    async def close(self, files: Sequence[Path], stopped: BaseException | None) -> None:
        self.closed.append((list(files), stopped))

    def summary(self) -> str | None:
        return f"Recorded {len(self.added)} records." if self.closed else None


class FailingClose(RecordingDelivery):
    async def close(self, files: Sequence[Path], stopped: BaseException | None) -> None:
        await super().close(files, stopped)
        raise OutputError("the test destination went away", hint="Run datagen upload")


def _generator(
    tmp_path: Path, output_format: str, *deliveries: object, count: int = 30
) -> DataGenerator:
    return DataGenerator(
        TechSupportTool({"system_description": "SaaS CRM"}),
        count=count,
        out_dir=tmp_path / "out",
        output_format=output_format,  # type: ignore[arg-type]
        settings=Settings(provider="offline", seed=3),
        deliveries=deliveries,  # type: ignore[arg-type]
    )


def test_each_written_record_reaches_the_delivery_in_index_order(tmp_path: Path) -> None:
    delivery = RecordingDelivery()
    result = _generator(tmp_path, "jsonl", delivery).run()
    assert result.written == 30
    assert [index for index, *_ in delivery.added] == list(range(1, 31))
    assert {name for _, name, *_ in delivery.added} == {"TechSupportTicket"}
    assert all(path is None for _, _, path, _ in delivery.added)
    [(files, stopped)] = delivery.closed
    assert stopped is None
    assert files == [tmp_path / "out" / "tech-support.jsonl"]
    assert len(files[0].read_bytes().splitlines()) == 30


def test_per_record_files_exist_when_the_delivery_gets_them(tmp_path: Path) -> None:
    delivery = RecordingDelivery()
    _generator(tmp_path, "json", delivery, count=12).run()
    assert sorted(index for index, *_ in delivery.added) == list(range(1, 13))
    for index, _, path, existed in delivery.added:
        assert path == tmp_path / "out" / f"tech-support-{index:06d}.json"
        assert existed
        assert orjson.loads(path.read_bytes())


def test_a_rerun_tells_the_delivery_what_is_there_and_adds_nothing(tmp_path: Path) -> None:
    _generator(tmp_path, "jsonl", count=20).run()
    delivery = RecordingDelivery()
    result = _generator(tmp_path, "jsonl", delivery, count=20).run()
    assert result.written == 0
    [context] = delivery.opened
    assert sorted(context.done) == list(range(1, 21))
    assert context.layout.out_dir == tmp_path / "out"
    assert context.tool.name == "tech-support"
    assert delivery.added == []
    assert len(delivery.closed) == 1


def test_a_full_delivery_queue_makes_the_workers_wait(tmp_path: Path) -> None:
    delivery = RecordingDelivery(busy_every=5)
    result = _generator(tmp_path, "jsonl", delivery).run()
    assert delivery.waits >= 1
    assert result.written == 30
    assert len(delivery.added) == 30


def test_a_delivery_that_fails_at_the_end_leaves_the_out_dir_complete(tmp_path: Path) -> None:
    delivery = FailingClose()
    other = RecordingDelivery()
    with pytest.raises(OutputError, match="went away"):
        _generator(tmp_path, "jsonl", delivery, other).run()
    assert manifest(tmp_path / "out")["status"] == "complete"
    assert len((tmp_path / "out" / "tech-support.jsonl").read_bytes().splitlines()) == 30
    assert len(other.closed) == 1  # the others are still closed


def test_a_delivery_that_refuses_at_the_start_stops_the_run_before_any_record(
    tmp_path: Path,
) -> None:
    with pytest.raises(OutputError, match="refuses"):
        _generator(tmp_path, "jsonl", RecordingDelivery(fail_open=True)).run()
    assert manifest(tmp_path / "out")["status"] == "interrupted"
    data = tmp_path / "out" / "tech-support.jsonl"
    assert not data.exists() or data.read_bytes() == b""
    # the same command without the destination goes on from there
    assert _generator(tmp_path, "jsonl").run().written == 30


def test_an_interrupted_run_closes_its_deliveries_with_the_reason(tmp_path: Path) -> None:
    delivery = RecordingDelivery()
    generator = _generator(tmp_path, "jsonl", delivery, count=5000)

    async def interrupted() -> None:
        task = asyncio.ensure_future(generator.run_async())
        while len(delivery.added) < 10:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(interrupted())
    [(_, stopped)] = delivery.closed
    assert isinstance(stopped, asyncio.CancelledError)
    kept = (tmp_path / "out" / "tech-support.jsonl").read_bytes().splitlines()
    assert len(kept) == len(delivery.added)
    assert manifest(tmp_path / "out")["status"] == "interrupted"


async def test_deliveries_close_every_open_one_and_raise_the_first_error() -> None:
    first, second = FailingClose(), FailingClose()
    deliveries = Deliveries([first, second])
    assert deliveries
    assert not Deliveries()
    context = DeliveryContext(None, None, None, print, None)  # type: ignore[arg-type]
    await deliveries.open(context)
    assert deliveries.all == (first, second)
    with pytest.raises(OutputError):
        await deliveries.close([], None)
    assert len(first.closed) == len(second.closed) == 1


async def test_deliveries_opened_before_a_refusal_are_closed() -> None:
    opened, refusing = RecordingDelivery(), RecordingDelivery(fail_open=True)
    deliveries = Deliveries([opened, refusing])
    context = DeliveryContext(None, None, None, print, None)  # type: ignore[arg-type]
    with pytest.raises(OutputError):
        await deliveries.open(context)
    [(_, stopped)] = opened.closed
    assert isinstance(stopped, OutputError)


def test_a_dry_run_names_the_destinations_without_secrets(run_cli: Any) -> None:
    run = run_cli(
        "tech-support", "-d", "SaaS CRM", "--provider", "offline", "-n", "5", "-o", "out",
        "--to", "postgresql://demo:s3cret-pw@localhost/demo",
        "--upload-to", "azure-blob://demodata/records/tickets", "--dry-run",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    assert (
        "The records also go to azure-blob://demodata/records/tickets, "
        "postgresql://demo@localhost/demo." in run.stdout
    )
    assert "s3cret" not in run.stdout + run.stderr
    assert not Path("out").exists()
