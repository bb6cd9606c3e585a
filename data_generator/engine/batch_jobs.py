"""Batch API jobs of one run: submit, keep the manifest's entries, poll until they end.

Every id is in the manifest the moment the service gives it: an entry is written right
after its file is uploaded and again right after its batch is created, so a process killed
at any point loses no id, and a rerun creates a batch from an uploaded file whose create
never happened. A batch is polled at most once per ``poll_seconds``; the interval doubles
(up to eight times) while nothing changes. A batch that fails with
``token_limit_exceeded`` (the deployment's enqueued-token quota is full) is created again
from its input file after an exponential back-off, as Azure documents; any other failed
batch stops the run.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from data_generator.engine.batch_files import BatchFile
from data_generator.engine.events import BatchProgress, EventSink
from data_generator.engine.manifest import BatchEntry
from data_generator.errors import ProviderNotFoundError, ProviderRefusedError

if TYPE_CHECKING:
    from data_generator.providers.batch_api import BatchApi, BatchInfo

__all__ = ["BatchJobs"]

#: Creates of one batch after ``token_limit_exceeded``, at most.
TOKEN_LIMIT_TRIES = 10
#: The poll interval grows up to this many times ``poll_seconds`` while nothing changes.
_MAX_BACKOFF = 8
#: The longest back-off before creating a batch again after ``token_limit_exceeded``.
_MAX_CREATE_DELAY = 3600.0


@dataclass
class _Watch:
    """When to look at one batch next, and what to do then."""

    due: float
    interval: float
    recreate: bool = False
    limited: int = 0  # creates refused with token_limit_exceeded so far
    last: tuple[str, int, int] | None = None


class BatchJobs:
    """Submits batch files and watches the batches of one run.

    Args:
        api: The Batch API client.
        entries: The manifest's ``batches`` (earlier runs' too); changed in place.
        save: Writes the manifest.
        emit: Where :class:`~data_generator.engine.events.BatchProgress` events go.
        poll_seconds: The least interval between two polls of one batch.
        log: Where the one-line notes go.
        clock: Monotonic seconds (tests may pass their own).
    """

    def __init__(
        self,
        api: BatchApi,
        entries: list[BatchEntry],
        save: Callable[[], None],
        emit: EventSink,
        *,
        poll_seconds: float,
        log: logging.Logger,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.api = api
        self.entries = entries
        self.save = save
        self.emit = emit
        self.poll_seconds = poll_seconds
        self.log = log
        self.clock = clock
        self.watched: dict[int, _Watch] = {}

    def update(self, position: int, **changes: object) -> None:
        """Change entry ``position`` and write the manifest."""
        self.entries[position] = dataclasses.replace(self.entries[position], **changes)  # type: ignore[arg-type]
        self.save()

    async def submit(self, batch_file: BatchFile, round_: int) -> int:
        """Upload ``batch_file``, create its batch and watch it; return its entry's position."""
        first, last = batch_file.first, batch_file.last
        name = f"datagen-round{round_}-{first}-{last}.jsonl"
        file_id = await self.api.upload(name, batch_file.path)
        self.entries.append(
            BatchEntry(None, file_id, round_, batch_file.requests, first, last, "uploaded")
        )
        self.save()
        position = len(self.entries) - 1
        await self.create(position)
        return position

    async def create(self, position: int) -> None:
        """Create the batch of entry ``position`` from its input file, and watch it."""
        entry = self.entries[position]
        info = await self.api.create(
            entry.input_file_id, metadata={"datagen_round": str(entry.round)}
        )
        self.update(position, id=info.id, status=info.status)
        watch = self.watched.get(position)
        if watch is None:
            watch = self.watched[position] = _Watch(0.0, self.poll_seconds)
        watch.due, watch.interval, watch.recreate = (
            self.clock() + self.poll_seconds,
            self.poll_seconds,
            False,
        )

    def watch(self, position: int) -> None:
        """Watch entry ``position`` (from an earlier run) from now on; create it if need be."""
        entry = self.entries[position]
        self.watched[position] = _Watch(self.clock(), self.poll_seconds, recreate=entry.id is None)

    async def ended(self) -> list[tuple[int, BatchInfo]]:
        """Wait until watched batches end; return them (completed, expired or cancelled).

        Raises:
            ProviderNotFoundError: A batch failed because its deployment does not take
                batches (``model_not_found``): not a Global Batch deployment.
            ProviderRefusedError: A batch failed otherwise, or its enqueued-token quota
                stayed full through every create.
        """
        while self.watched:
            now = self.clock()
            due = min(watch.due for watch in self.watched.values())
            if due > now:
                await asyncio.sleep(due - now)
            ended: list[tuple[int, BatchInfo]] = []
            for position, watch in list(self.watched.items()):
                if watch.due <= self.clock():
                    info = await self._look(position, watch)
                    if info is not None:
                        del self.watched[position]
                        ended.append((position, info))
            if ended:
                return ended
        return []

    async def _look(self, position: int, watch: _Watch) -> BatchInfo | None:
        """Poll (or create again) one batch; return it if it ended for good."""
        if watch.recreate:
            await self.create(position)
            return None
        entry = self.entries[position]
        assert entry.id is not None
        info = await self.api.retrieve(entry.id)
        self.emit(
            BatchProgress(
                info.id, info.status, info.total, info.completed, info.failed, entry.round
            )
        )
        seen = (info.status, info.completed, info.failed)
        if seen != watch.last:
            watch.last, watch.interval = seen, self.poll_seconds
        else:
            watch.interval = min(watch.interval * 2, self.poll_seconds * _MAX_BACKOFF)
        watch.due = self.clock() + watch.interval
        if info.status != entry.status or info.output_file_id != entry.output_file_id:
            self.update(
                position,
                status=info.status,
                output_file_id=info.output_file_id,
                error_file_id=info.error_file_id,
            )
        if not info.terminal:
            return None
        if info.status != "failed":
            return info
        codes = {error.code for error in info.errors}
        if "token_limit_exceeded" in codes and watch.limited + 1 < TOKEN_LIMIT_TRIES:
            watch.limited += 1
            delay = min(self.poll_seconds * 2 ** (watch.limited - 1), _MAX_CREATE_DELAY)
            self.log.warning(
                "batch %s failed: token_limit_exceeded (the deployment's enqueued-token quota "
                "is full); creating it again in %.0f s (try %d of %d)",
                info.id,
                delay,
                watch.limited + 1,
                TOKEN_LIMIT_TRIES,
                extra={"event": "batch_token_limit", "batch_id": info.id},
            )
            watch.recreate, watch.due = True, self.clock() + delay
            return None
        self.update(position, consumed=True)
        raise _failure(info, codes)


def _failure(info: BatchInfo, codes: set[str]) -> ProviderRefusedError | ProviderNotFoundError:
    """The error a failed batch stops the run with."""
    detail = "; ".join(f"{error.code}: {error.message}" for error in info.errors[:3])
    if "model_not_found" in codes:
        return ProviderNotFoundError(
            f"batch {info.id} failed: model_not_found ({detail}): the deployment is not a "
            "Global Batch deployment",
            hint="Deploy the model with the Global Batch deployment type and pass that "
            "deployment with --azure-openai-deployment",
        )
    if "token_limit_exceeded" in codes:
        return ProviderRefusedError(
            f"batch {info.id} failed {TOKEN_LIMIT_TRIES} times with token_limit_exceeded: the "
            "deployment's enqueued-token quota stays full",
            hint="Wait for the deployment's other batches to finish, or use smaller batches "
            "(DATAGEN_BATCH_MAX_REQUESTS), then rerun the same command",
        )
    return ProviderRefusedError(
        f"batch {info.id} failed ({detail or 'no reason given'})",
        hint="Rerun the same command to submit it again; --overwrite starts afresh",
    )
