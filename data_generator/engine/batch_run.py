"""The ``--batch`` path of a run: the missing records asked for through a Batch API.

1. The manifest's unconsumed batches (an earlier, killed or cancelled run's) are watched
   again; nothing is submitted for the indices they cover.
2. The other missing records are asked for in files of at most ``batch_max_requests``
   lines and ``batch_max_bytes`` bytes (round 1).
3. Each batch that ends is consumed: its answers, in any order, go through the same
   parse → validate → post-process path as online answers
   (:meth:`~data_generator.engine.record_maker.RecordMaker.accept`) and are written in
   index order within the batch. Invalid answers and failed lines are asked again, with
   the online path's repair feedback, in a follow-up batch (round + 1) or online
   (``--batch-repairs online``), until ``max_attempts``; then they are failures.
4. Lines an expired batch did not run (or a batch cancelled before this run) are submitted
   again; a batch cancelled during the run stops it, resumably.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from data_generator.engine.batch_jobs import BatchJobs
from data_generator.engine.batch_lines import (
    Answer,
    LineMaker,
    parse_custom_id,
    read_answers,
    split_lines,
)
from data_generator.engine.events import EventSink, RecordFailed, RecordRetried
from data_generator.engine.failures import FailureLog
from data_generator.engine.manifest import Tally
from data_generator.engine.record_maker import Outcome, RecordMaker
from data_generator.engine.usage import UsageJournal
from data_generator.engine.validation import kept_answer
from data_generator.errors import BatchCancelledError
from data_generator.writers.base import IndexSet

if TYPE_CHECKING:
    from data_generator.providers.batch_api import BatchInfo

__all__ = ["BatchOutlets", "BatchRun", "FollowUp"]


@dataclass(frozen=True)
class FollowUp:
    """One more ask for a record.

    Attributes:
        index: The record.
        attempt: The ask's number.
        feedback: The repair feedback it carries: why the last answer was refused (none
            after a failed line: that was no answer).
        reason: Why the last ask did not give the record.
    """

    index: int
    attempt: int
    feedback: str | None
    reason: str


@dataclass(frozen=True)
class BatchOutlets:
    """Where a batch run puts what it makes and spends.

    Attributes:
        write: Writes one made record and announces it (counts ``written``).
        failures: The failures file.
        usage: The usage journal.
        tally: The run's counts.
        emit: Where events go.
        log: Where record failures and notes are logged.
    """

    write: Callable[[int, Outcome], None]
    failures: FailureLog
    usage: UsageJournal
    tally: Tally
    emit: EventSink
    log: logging.Logger


class BatchRun:
    """Makes the missing records of one run through a Batch API.

    Args:
        jobs: Submits and watches the batches (the manifest's entries included).
        maker: Validates answers, and makes online repairs.
        lines: Builds request lines.
        outlets: Writer, failures file, usage journal, counts and events.
        seed: The run's seed.
        done: The indices present when the run started.
        limits: ``(batch_max_requests, batch_max_bytes)``.
        online_repairs: Ask again for refused answers online instead of in a batch.
        concurrency: Online repairs in flight, at most.
    """

    def __init__(
        self,
        jobs: BatchJobs,
        maker: RecordMaker,
        lines: LineMaker,
        outlets: BatchOutlets,
        *,
        seed: int,
        done: IndexSet,
        limits: tuple[int, int],
        online_repairs: bool = False,
        concurrency: int = 8,
    ) -> None:
        self.jobs = jobs
        self.maker = maker
        self.lines = lines
        self.outlets = outlets
        self.seed = seed
        self.done = done
        self.limits = limits
        self.online_repairs = online_repairs
        self.concurrency = concurrency
        self.settled: set[int] = set()
        self._wanted: set[int] = set()  # the indices this run makes
        self._spent: dict[int, tuple[int, int]] = {}
        # Batches cancelled before this run: the rest of their lines is submitted again.
        self._cancelled_before: set[int] = set()

    async def run(self, todo: list[int]) -> None:
        """Make the records ``todo`` (ascending), resuming the manifest's batches first.

        Raises:
            BatchCancelledError: A batch was cancelled while the run watched it.
            ProviderError: A batch failed, or an online repair met a fatal error.
        """
        self._wanted = set(todo)
        covered = self._resume()
        await self._submit((i for i in todo if not _within(i, covered)), 1)
        retried_leftovers = False
        while True:
            follow: dict[int, list[FollowUp]] = {}
            for position, info in await self.jobs.ended():
                asks = await self._consume(position, info)
                if info.status == "cancelled" and position not in self._cancelled_before:
                    self._stop_cancelled(info)
                follow.setdefault(self.jobs.entries[position].round + 1, []).extend(asks)
            for round_, asks in sorted(follow.items()):
                await self._follow(asks, round_)
            if self.jobs.watched:
                continue
            leftover = [i for i in todo if i not in self.settled and i not in self.done]
            if not leftover:
                return
            if retried_leftovers:  # asked twice and still unanswered: give up on them
                for index in leftover:
                    self._fail(index, 1, "the Batch API returned no answer for it", "")
                return
            retried_leftovers = True
            await self._submit(iter(leftover), 1)

    def _resume(self) -> list[tuple[int, int]]:
        """Watch the manifest's unconsumed batches; return the index ranges they cover."""
        covered = []
        for position, entry in enumerate(self.jobs.entries):
            if entry.consumed:
                continue
            if entry.status in ("cancelling", "cancelled"):
                self._cancelled_before.add(position)
            self.jobs.watch(position)
            covered.append((entry.first_index, entry.last_index))
        return covered

    async def _submit(self, indices: Iterable[int], round_: int) -> None:
        await self._submit_lines(((i, self.lines.line(i, self.seed)) for i in indices), round_)

    async def _submit_lines(self, lines: Iterable[tuple[int, bytes]], round_: int) -> None:
        for batch_file in split_lines(lines, *self.limits):
            await self.jobs.submit(batch_file, round_)

    async def _follow(self, follow: list[FollowUp], round_: int) -> None:
        """Ask again for the records in ``follow``: a follow-up batch, or online."""
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

        async def one(item: FollowUp) -> None:
            async with room:
                outcome = await self.maker.make(
                    item.index, self.seed, attempt=item.attempt, feedback=item.feedback
                )
            prompt, completion = self._spent.pop(item.index, (0, 0))
            outcome.prompt_tokens += prompt
            outcome.completion_tokens += completion
            if outcome.record is None:
                self._fail(item.index, outcome.attempts, outcome.reason, outcome.raw, outcome)
            else:
                self._write(item.index, outcome)

        tasks = [asyncio.ensure_future(one(item)) for item in follow]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()

    async def _consume(self, position: int, info: BatchInfo) -> list[FollowUp]:
        """Take in the answers of an ended batch; return the records to ask again."""
        api = self.jobs.api
        output = await api.content(info.output_file_id) if info.output_file_id else b""
        errors = await api.content(info.error_file_id) if info.error_file_id else b""
        answers = read_answers(output, errors)
        follow: list[FollowUp] = []
        for answer in sorted(answers, key=lambda a: (a.index, a.attempt)):
            if answer.ran and answer.index in self._wanted and answer.index not in self.settled:
                item = self._take(answer)
                if item is not None:
                    follow.append(item)
        unrun = len(answers) - sum(answer.ran for answer in answers)
        if info.status == "expired" or position in self._cancelled_before:
            await self._resubmit(position, info, {(a.index, a.attempt) for a in answers if a.ran})
        elif unrun:
            self.outlets.log.debug("batch %s: %d lines not run", info.id, unrun)
        self.jobs.update(position, consumed=True)
        return follow

    def _take(self, answer: Answer) -> FollowUp | None:
        """Write, fail or ask again for the record of one answered line."""
        index, attempt = answer.index, answer.attempt
        raw, feedback = "", None
        if answer.completion is not None:
            completion = answer.completion
            prompt, spent = self._spent.get(index, (0, 0))
            self._spent[index] = (
                prompt + completion.usage.prompt_tokens,
                spent + completion.usage.completion_tokens,
            )
            record, reason = self.maker.accept(completion, self.maker.context(index, self.seed))
            if record is not None:
                prompt, spent = self._spent.pop(index)
                self._write(index, Outcome(record, attempt, prompt, spent))
                return None
            raw, feedback = kept_answer(completion.text), reason
        else:
            reason = answer.reason
        if attempt < self.maker.max_attempts:
            return FollowUp(index, attempt + 1, feedback, reason)
        self._fail(index, attempt, reason, raw)
        return None

    async def _resubmit(
        self, position: int, info: BatchInfo, answered: set[tuple[int, int]]
    ) -> None:
        """Submit again the lines of an expired (or earlier cancelled) batch it did not run."""
        entry = self.jobs.entries[position]
        data = await self.jobs.api.content(entry.input_file_id)
        left = []
        for line in data.splitlines(keepends=True):
            ids = _line_ids(line)
            if ids is not None and ids not in answered and ids[0] not in self.done:
                left.append((ids[0], line))
        self.outlets.log.warning(
            "batch %s %s: %d of %d requests answered, kept; submitting the other %d again",
            info.id,
            info.status,
            entry.requests - len(left),
            entry.requests,
            len(left),
            extra={"event": f"batch_{info.status}", "batch_id": info.id},
        )
        await self._submit_lines(left, entry.round)

    def _stop_cancelled(self, info: BatchInfo) -> None:
        raise BatchCancelledError(
            f"batch {info.id} was cancelled: {info.completed:,} of {info.total:,} requests "
            "answered, kept",
            hint="Rerun the same command to submit the rest",
        )

    def _write(self, index: int, outcome: Outcome) -> None:
        self.settled.add(index)
        self._count(index, outcome, made=True)
        self.outlets.write(index, outcome)

    def _fail(
        self, index: int, attempts: int, reason: str, raw: str, outcome: Outcome | None = None
    ) -> None:
        if outcome is None:
            prompt, spent = self._spent.pop(index, (0, 0))
            outcome = Outcome(None, attempts, prompt, spent, reason, raw)
        self.settled.add(index)
        self._count(index, outcome, made=False)
        self.outlets.tally.failed += 1
        self.outlets.failures.add(index, reason, raw, attempts)
        self.outlets.log.warning(
            "record %d failed: %s", index, reason, extra={"index": index, "event": "record_failed"}
        )
        self.outlets.emit(
            RecordFailed(index, reason, attempts, outcome.prompt_tokens, outcome.completion_tokens)
        )

    def _count(self, index: int, outcome: Outcome, *, made: bool) -> None:
        tally = self.outlets.tally
        tally.retried += outcome.attempts - 1
        tally.prompt_tokens += outcome.prompt_tokens
        tally.completion_tokens += outcome.completion_tokens
        self.outlets.usage.add(
            index,
            made=made,
            prompt_tokens=outcome.prompt_tokens,
            completion_tokens=outcome.completion_tokens,
            retried=outcome.attempts - 1,
            stats=tally,
        )


def _within(index: int, ranges: list[tuple[int, int]]) -> bool:
    return any(first <= index <= last for first, last in ranges)


def _line_ids(line: bytes) -> tuple[int, int] | None:
    """``(index, attempt)`` of a request line."""
    import orjson

    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return parse_custom_id(data.get("custom_id")) if isinstance(data, dict) else None
