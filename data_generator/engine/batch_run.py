"""The ``--batch`` path of a run: the missing records asked for through a Batch API.

1. The manifest's unconsumed batches (an earlier, killed or cancelled run's) are watched
   again, and the records an earlier run spooled are taken back; nothing is submitted for
   the asks they hold (read from the batches' kept input files).
2. The other missing records are asked for in files of at most ``batch_max_requests``
   lines and ``batch_max_bytes`` bytes (round 1), written to disk and uploaded from there
   (:mod:`~data_generator.engine.batch_files`); a token budget caps the requests.
3. Each batch that ends is consumed: its output and error files are downloaded to disk and
   read in index order; each answer goes through the same parse → validate →
   post-process path as online answers
   (:meth:`~data_generator.engine.record_maker.RecordMaker.accept`). Records are written in
   index order across rounds (:class:`~data_generator.engine.batch_ledger.BatchLedger`).
   Invalid answers and failed lines are asked again, with the online path's repair
   feedback, in a follow-up batch (round + 1) or online (``--batch-repairs online``), until
   ``max_attempts``; then they are failures.
4. Lines an expired batch did not run (or a batch cancelled before this run) are read from
   its kept input file and submitted again; a batch cancelled during the run stops it,
   resumably.
5. A batch is marked consumed only once what it led to (repairs, resubmitted lines) is
   submitted: a process killed in between consumes it again and finds those asks among
   the resumed batches instead of asking again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from data_generator.engine.batch_files import (
    BatchFolder,
    answers_in_order,
    request_lines,
    write_batch_files,
)
from data_generator.engine.batch_jobs import BatchJobs
from data_generator.engine.batch_ledger import BatchLedger, BatchOutlets, FollowUp
from data_generator.engine.batch_lines import Answer, LineMaker
from data_generator.engine.batch_order import SPOOL_NAME
from data_generator.engine.events import RecordRetried
from data_generator.engine.record_maker import Outcome, RecordMaker
from data_generator.engine.validation import kept_answer
from data_generator.errors import BatchCancelledError
from data_generator.writers.base import IndexSet

if TYPE_CHECKING:
    from data_generator.providers.batch_api import BatchInfo

__all__ = ["BatchOutlets", "BatchRun", "FollowUp"]

_T = TypeVar("_T")


class BatchRun:
    """Makes the missing records of one run through a Batch API.

    Args:
        jobs: Submits and watches the batches (the manifest's entries included).
        maker: Validates answers, and makes online repairs.
        lines: Builds request lines.
        outlets: Writer, failures file, usage journal, counts and events.
        folder: ``.datagen/batches``: input, output and error files, and the spool.
        seed: The run's seed.
        done: The indices present when the run started.
        limits: ``(batch_max_requests, batch_max_bytes)``.
        online_repairs: Ask again for refused answers online instead of in a batch.
        concurrency: Online repairs in flight, at most.
        allowance: Requests the run may submit, at most (a token budget); ``None``: any.
    """

    def __init__(
        self,
        jobs: BatchJobs,
        maker: RecordMaker,
        lines: LineMaker,
        outlets: BatchOutlets,
        *,
        folder: Path,
        seed: int,
        done: IndexSet,
        limits: tuple[int, int],
        online_repairs: bool = False,
        concurrency: int = 8,
        allowance: int | None = None,
    ) -> None:
        self.jobs = jobs
        self.maker = maker
        self.lines = lines
        self.outlets = outlets
        self.folder = BatchFolder(folder)
        self.seed = seed
        self.done = done
        self.limits = limits
        self.online_repairs = online_repairs
        self.concurrency = concurrency
        self.allowance = allowance
        self.budget_reached = False
        self.ledger = BatchLedger(outlets, [], folder / SPOOL_NAME, self._decode)
        self._todo: set[int] = set()  # the indices this run makes
        # The asks (_key) of the batches resumed from the manifest -> the batch's position.
        self._asked: dict[int, int] = {}
        # Batches cancelled before this run: the rest of their lines is submitted again.
        self._cancelled_before: set[int] = set()
        # Batches of earlier runs that ask only for records present now.
        self._obsolete: list[int] = []

    @property
    def settled(self) -> set[int]:
        """The indices written or failed in this run."""
        return self.ledger.settled

    async def run(self, todo: list[int]) -> None:
        """Make the records ``todo`` (ascending), resuming the manifest's batches first.

        Raises:
            BatchCancelledError: A batch was cancelled while the run watched it.
            ProviderError: A batch failed, or an online repair met a fatal error.
            OutputError: A batch file or the spool cannot be written.
        """
        pending = self._resume()
        await self._retire()
        order = self.ledger.order
        order.todo = todo
        try:
            spooled = order.open(self.done)
            wanted = [i for i in todo if i not in spooled and i not in pending]
            fresh = self._allow(wanted)
            if len(fresh) < len(wanted):
                dropped = set(wanted[len(fresh) :])
                order.todo = todo = [i for i in todo if i not in dropped]
            self._todo = set(todo)
            self.settled.update(spooled)
            order.release_held()
            await self._submit(fresh, 1)
            await self._watch(todo)
        finally:
            order.close()
            self.folder.tidy()

    async def _watch(self, todo: list[int]) -> None:
        """Consume batches as they end, asking again where need be, until all settle."""
        retried_leftovers = False
        while True:
            follow: dict[int, list[FollowUp]] = {}
            ended = await self.jobs.ended()
            for position, info in ended:
                asks = await self._consume(position, info)
                if info.status == "cancelled" and position not in self._cancelled_before:
                    self._stop_cancelled(info)  # consumed by the rerun, as cancelled before
                asks = [a for a in asks if self._asked.get(_key(a.index, a.attempt)) is None]
                follow.setdefault(self.jobs.entries[position].round + 1, []).extend(asks)
            for round_, asks in sorted(follow.items()):
                await self._follow(asks, round_)
            # Only now: a process killed before this consumes these batches again, and
            # what they led to (follow-ups, resubmitted lines) is found, not asked again.
            for position, _ in ended:
                self.jobs.update(position, consumed=True)
                self.folder.discard(position)
            if self.jobs.watched:
                continue
            leftover = [i for i in todo if i not in self.settled and i not in self.done]
            if self.budget_reached:  # repairs the budget did not allow wait for a rerun
                return
            if not leftover:
                return
            if retried_leftovers:  # asked twice and still unanswered: give up on them
                for index in leftover:
                    self.ledger.fail(index, 1, "the Batch API returned no answer for it", "")
                return
            retried_leftovers = True
            await self._submit(self._allow(leftover), 1)

    def _resume(self) -> set[int]:
        """Watch the manifest's unconsumed batches; return the indices they ask for.

        What each asks for is read from its kept input file (into :attr:`_asked`); a batch
        whose file is gone covers its whole index range.
        """
        pending: set[int] = set()
        for position, entry in enumerate(self.jobs.entries):
            if entry.consumed:
                continue
            path = self.folder.input(position)
            asks = (
                [(index, attempt) for index, attempt, _ in request_lines(path)]
                if path.exists()
                else [(i, 0) for i in range(entry.first_index, entry.last_index + 1)]
            )
            if all(index in self.done for index, _ in asks):
                self._obsolete.append(position)  # made since (online): its answers are moot
                continue
            if entry.status in ("cancelling", "cancelled"):
                self._cancelled_before.add(position)
            self.jobs.watch(position)
            for index, attempt in asks:
                if path.exists():
                    self._asked[_key(index, attempt)] = position
                pending.add(index)
        return pending

    async def _retire(self) -> None:
        """Stop waiting for batches whose records were all made since: cancel those running.

        Their answers would be thrown away; a batch still running is cancelled, so it costs
        no more, with one warning line naming it.
        """
        jobs = self.jobs
        for position in self._obsolete:
            entry = jobs.entries[position]
            status = entry.status
            if entry.id is not None:
                info = await jobs.api.retrieve(entry.id)
                if not info.terminal:
                    info = await jobs.api.cancel(entry.id)
                    self.outlets.log.warning(
                        "batch %s asks only for records made since (online): cancelled it",
                        entry.id,
                        extra={"event": "batch_retired", "batch": entry.id},
                    )
                status = info.status
            jobs.update(position, status=status, consumed=True)
            self.folder.discard(position)

    async def _submit(self, indices: Iterable[int], round_: int) -> None:
        await self._submit_lines(((i, self.lines.line(i, self.seed)) for i in indices), round_)

    async def _submit_lines(self, lines: Iterable[tuple[int, bytes]], round_: int) -> None:
        def next_path() -> Path:
            self.folder.make()
            return self.folder.input(len(self.jobs.entries))

        for batch_file in write_batch_files(lines, *self.limits, next_path):
            await self.jobs.submit(batch_file, round_)

    async def _follow(self, follow: list[FollowUp], round_: int) -> None:
        """Ask again for the records in ``follow``: a follow-up batch, or online."""
        follow = self._allow(follow)  # the others wait for a rerun
        if not follow:
            return
        if self.online_repairs:
            await self._online(follow)
            return
        for item in follow:
            self.outlets.emit(RecordRetried(item.index, item.attempt, item.reason))
        lines = (
            (item.index, self.lines.line(item.index, self.seed, item.attempt, item.feedback))
            for item in follow
        )
        await self._submit_lines(lines, round_)

    async def _online(self, follow: list[FollowUp]) -> None:
        """Make the records in ``follow`` online, going on from their attempt."""
        room = asyncio.Semaphore(max(1, 2 * self.concurrency))
        ledger = self.ledger

        async def one(item: FollowUp) -> None:
            async with room:
                outcome = await self.maker.make(
                    item.index, self.seed, attempt=item.attempt, feedback=item.feedback
                )
            if outcome.record is None:
                ledger.fail(item.index, outcome.attempts, outcome.reason, outcome.raw, outcome)
            else:
                ledger.made(item.index, outcome)

        tasks = [asyncio.ensure_future(one(item)) for item in follow]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()

    async def _consume(self, position: int, info: BatchInfo) -> list[FollowUp]:
        """Take in the answers of an ended batch; return the records to ask again."""
        output, errors = await self._download(position, info)
        again = info.status == "expired" or position in self._cancelled_before
        answered: set[tuple[int, int]] = set()
        follow: list[FollowUp] = []
        unrun = 0
        for answer in answers_in_order(output, errors):
            if not answer.ran:
                unrun += 1
                continue
            if again:
                answered.add((answer.index, answer.attempt))
            if answer.index in self._todo and answer.index not in self.settled:
                item = self._take(answer)
                if item is not None:
                    follow.append(item)
        if again:
            await self._resubmit(position, info, answered)
        elif unrun:
            self.outlets.log.debug("batch %s: %d lines not run", info.id, unrun)
        return follow

    async def _download(self, position: int, info: BatchInfo) -> tuple[Path | None, Path | None]:
        """Download a batch's output and error files into the batch folder."""
        found: list[Path | None] = []
        for file_id, kind in ((info.output_file_id, "output"), (info.error_file_id, "errors")):
            path = None
            if file_id:
                self.folder.make()
                path = self.folder.output(position, kind)
                await self.jobs.api.download(file_id, path)
            found.append(path)
        return found[0], found[1]

    def _take(self, answer: Answer) -> FollowUp | None:
        """Write, fail or ask again for the record of one answered line."""
        index, attempt = answer.index, answer.attempt
        raw, feedback = "", None
        if answer.completion is not None:
            completion = answer.completion
            usage = completion.usage
            self.ledger.spend(index, usage.prompt_tokens, usage.completion_tokens)
            record, reason = self.maker.accept(completion, self.maker.context(index, self.seed))
            if record is not None:
                self.ledger.made(index, Outcome(record, attempt))
                return None
            raw, feedback = kept_answer(completion.text), reason
        else:
            reason = answer.reason
        if attempt < self.maker.max_attempts:
            return FollowUp(index, attempt + 1, feedback, reason)
        self.ledger.fail(index, attempt, reason, raw)
        return None

    async def _resubmit(
        self, position: int, info: BatchInfo, answered: set[tuple[int, int]]
    ) -> None:
        """Submit again the lines of an expired (or earlier cancelled) batch it did not run."""
        entry = self.jobs.entries[position]
        path = self.folder.input(position)
        if not path.exists():
            self.outlets.log.warning(
                "batch %s %s: its input file is not in %s; the requests it did not answer are "
                "asked again once the other batches end",
                info.id,
                info.status,
                self.folder.folder,
            )
            return

        def unrun(index: int, attempt: int) -> bool:
            asked = self._asked.get(_key(index, attempt), position)
            return (index, attempt) not in answered and index not in self.done and asked == position

        left = sum(1 for index, attempt, _ in request_lines(path) if unrun(index, attempt))
        self.outlets.log.warning(
            "batch %s %s: %d of %d requests answered, kept; submitting the other %d again",
            info.id,
            info.status,
            entry.requests - left,
            entry.requests,
            left,
            extra={"event": f"batch_{info.status}", "batch_id": info.id},
        )
        lines = (
            (index, line) for index, attempt, line in request_lines(path) if unrun(index, attempt)
        )
        await self._submit_lines(lines, entry.round)

    def _allow(self, asks: list[_T]) -> list[_T]:
        """The first of ``asks`` the token budget allows (all without one); counts them."""
        if self.allowance is None:
            return asks
        allowed = asks[: self.allowance]
        self.allowance -= len(allowed)
        self.budget_reached = self.budget_reached or len(allowed) < len(asks)
        return allowed

    def _stop_cancelled(self, info: BatchInfo) -> None:
        raise BatchCancelledError(
            f"batch {info.id} was cancelled: {info.completed:,} of {info.total:,} requests "
            "answered, kept",
            hint="Rerun the same command to submit the rest",
        )

    def _decode(self, data: bytes) -> object:
        return self.maker.tool.record_model.model_validate_json(data)


def _key(index: int, attempt: int) -> int:
    """One int for an ask (index and attempt): compact in sets and dicts."""
    return index << 10 | min(attempt, 1023)
