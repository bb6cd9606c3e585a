"""Make a run's records and hand them on in index order, keeping nothing (``-o -``, ``--preview``).

The same engine as a run into an out-dir: the record maker's concurrency, retries,
validation and repair, and a :class:`~data_generator.engine.reorder.ReorderBuffer`, so
records come out in index order as soon as every earlier one is out or has failed. What
differs is what is left behind: nothing. No out-dir, state folder, manifest, lock or usage
journal; no resume (the same ``--seed`` makes the same records again). Failed records are
logged and counted, not kept.

A destination that stops taking records (the reader of a pipe exits: ``BrokenPipeError``)
ends the run quietly: the requests in flight are cancelled and the result says
``closed``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from data_generator.engine.events import EventSink, RunStarted
from data_generator.engine.events import RunFinished as RunFinishedEvent
from data_generator.engine.manifest import Tally
from data_generator.engine.record_maker import Outcome
from data_generator.engine.reorder import ReorderBuffer, Ticket, reorder_window
from data_generator.errors import EXIT_OK, EXIT_SOME_FAILED

if TYPE_CHECKING:
    from data_generator.engine.plan import RunPlan
    from data_generator.engine.record_maker import RecordMaker

__all__ = ["STREAM_PLACE", "RecordSink", "StreamResult", "StreamRun"]

#: Where the events say the records go (``RunStarted.out_dir``).
STREAM_PLACE = Path("<stdout>")
_YIELD_EVERY = 32  # records a worker makes before letting the event loop breathe

#: Takes each made record, in index order.
RecordSink = Callable[[int, BaseModel], None]


@dataclass(frozen=True)
class StreamResult:
    """How a run that kept nothing ended.

    Attributes:
        scenario: The scenario's name.
        requested: Records asked for.
        written: Records handed to the sink.
        failed: Records that failed every attempt (logged, not kept).
        retried: Repairs asked for.
        prompt_tokens: Prompt tokens spent.
        completion_tokens: Completion tokens spent.
        elapsed: Seconds from start to end.
        seed: The seed the records were made with (pass it as ``--seed`` to repeat them).
        status: ``complete``, ``incomplete`` (some failed), ``budget`` (the token budget
            stopped it) or ``closed`` (the destination stopped taking records).
    """

    scenario: str
    requested: int
    written: int
    failed: int
    retried: int
    prompt_tokens: int
    completion_tokens: int
    elapsed: float
    seed: int
    status: str

    @property
    def exit_code(self) -> int:
        """0 when every record was handed on, or the reader chose to stop; else 1."""
        if self.status == "closed" or (self.status == "complete" and not self.failed):
            return EXIT_OK
        return EXIT_SOME_FAILED


class StreamRun:
    """One run whose records go to a sink in index order, and nowhere else.

    Args:
        plan: The run's plan (count, shard, settings).
        maker: The record maker (its routes, limits and retries).
        emit: Where progress events go.
        log: Where record failures are logged.
    """

    def __init__(
        self, plan: RunPlan, maker: RecordMaker, emit: EventSink, log: logging.Logger
    ) -> None:
        self.plan = plan
        self._maker = maker
        self._emit = emit
        self._log = log
        self.tally = Tally()
        self._budget_reached = False

    async def run(self, sink: RecordSink, seed: int) -> StreamResult:
        """Make the plan's records with ``seed`` and hand each to ``sink`` in index order.

        Raises:
            ProviderError: A fatal provider error stopped the run.
            asyncio.CancelledError: The run was interrupted.
        """
        plan, tally = self.plan, self.tally
        self._maker.begin_run(tally)
        started = time.monotonic()
        self._emit(RunStarted(plan.tool.name, plan.share, 0, self._maker.capacity, STREAM_PLACE))
        shard = plan.shard
        todo = iter(shard.indices(plan.count) if shard is not None else range(1, plan.count + 1))
        order = ReorderBuffer[Outcome](
            lambda index, outcome: self._release(sink, index, outcome),
            reorder_window(self._maker.capacity),
        )
        status = "failed"
        try:
            await self._run_workers(todo, order, seed)
            status = (
                "budget"
                if self._budget_reached
                else "complete"
                if not tally.failed
                else "incomplete"
            )
        except BrokenPipeError:
            status = "closed"
        except (asyncio.CancelledError, KeyboardInterrupt):
            status = "interrupted"
            raise
        finally:
            elapsed = time.monotonic() - started
            self._emit(RunFinishedEvent(status, tally.written, tally.failed, elapsed))
        return StreamResult(
            scenario=plan.tool.name,
            requested=plan.share,
            written=tally.written,
            failed=tally.failed,
            retried=tally.retried,
            prompt_tokens=tally.prompt_tokens,
            completion_tokens=tally.completion_tokens,
            elapsed=elapsed,
            seed=seed,
            status=status,
        )

    def _release(self, sink: RecordSink, index: int, outcome: Outcome) -> None:
        assert outcome.record is not None
        sink(index, outcome.record)
        self.tally.written += 1
        self._emit(self._maker.written_event(index, outcome))

    async def _run_workers(
        self, todo: Iterator[int], order: ReorderBuffer[Outcome], seed: int
    ) -> None:
        workers = [
            asyncio.ensure_future(self._worker(todo, order, seed))
            for _ in range(self._maker.workers(self.plan.settings.concurrency))
        ]
        try:
            finished, _ = await asyncio.wait(workers, return_when=asyncio.FIRST_EXCEPTION)
            for task in finished:
                task.result()  # re-raises the first worker error
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def _worker(self, todo: Iterator[int], order: ReorderBuffer[Outcome], seed: int) -> None:
        tally = self.tally
        budget = self.plan.settings.token_budget
        made = 0
        while budget is None or tally.prompt_tokens + tally.completion_tokens < budget:
            ticket: Ticket | None = await order.take(todo)
            if ticket is None:
                return
            made += 1
            outcome = await self._maker.make(ticket.index, seed)
            tally.retried += outcome.attempts - 1
            tally.prompt_tokens += outcome.prompt_tokens
            tally.completion_tokens += outcome.completion_tokens
            if outcome.record is None:
                self._failed(ticket, order, outcome)
            else:
                order.put(ticket, outcome)
            if made % _YIELD_EVERY == 0:
                await asyncio.sleep(0)
        self._budget_reached = True

    def _failed(self, ticket: Ticket, order: ReorderBuffer[Outcome], outcome: Outcome) -> None:
        index = ticket.index
        order.skip(ticket)
        self.tally.failed += 1
        self._log.warning(
            "record %d failed: %s",
            index,
            outcome.reason,
            extra={"index": index, "event": "record_failed"},
        )
        self._emit(self._maker.failed_event(index, outcome))
