"""What a batch run makes and spends, record by record: written in order, failed, counted.

Valid records go through a :class:`~data_generator.engine.batch_order.BatchOrder`, so a
single-file format gets them in index order whichever round answered them; each record's
tokens (over all its asks) are counted when it is written or fails.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data_generator.engine.batch_order import BatchOrder
from data_generator.engine.events import EventSink, RecordFailed
from data_generator.engine.failures import FailureLog
from data_generator.engine.manifest import Tally
from data_generator.engine.record_maker import Outcome
from data_generator.engine.usage import UsageJournal

__all__ = ["BatchLedger", "BatchOutlets", "FollowUp"]


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


class BatchLedger:
    """Settles the records of a batch run: made (in index order) or failed, and counted.

    Args:
        outlets: Writer, failures file, usage journal, counts and events.
        todo: The indices the run makes, ascending.
        spool: Where records that come before their turn wait (see :class:`BatchOrder`).
        decode: Turns a spooled record's JSON back into the record.
    """

    def __init__(
        self,
        outlets: BatchOutlets,
        todo: list[int],
        spool: Path,
        decode: Callable[[bytes], Any],
    ) -> None:
        self.outlets = outlets
        self.order = BatchOrder(todo, spool, self._release, decode)
        self.settled: set[int] = set()
        self._spent: dict[int, tuple[int, int]] = {}

    def spend(self, index: int, prompt: int, completion: int) -> None:
        """Count the tokens of one answered ask of ``index`` (until the record settles)."""
        before = self._spent.get(index, (0, 0))
        self._spent[index] = (before[0] + prompt, before[1] + completion)

    def made(self, index: int, outcome: Outcome) -> None:
        """Record ``index`` is made: written in its turn, with every ask's tokens."""
        prompt, completion = self._spent.pop(index, (0, 0))
        outcome.prompt_tokens += prompt
        outcome.completion_tokens += completion
        self.settled.add(index)
        self.order.put(index, outcome)

    def fail(
        self, index: int, attempts: int, reason: str, raw: str, outcome: Outcome | None = None
    ) -> None:
        """Record ``index`` failed after ``attempts`` asks: logged, kept, skipped in order."""
        prompt, completion = self._spent.pop(index, (0, 0))
        if outcome is None:
            outcome = Outcome(None, attempts, 0, 0, reason, raw)
        outcome.prompt_tokens += prompt
        outcome.completion_tokens += completion
        self.settled.add(index)
        self._count(index, outcome, made=False)
        outlets = self.outlets
        outlets.tally.failed += 1
        outlets.failures.add(index, reason, raw, attempts)
        outlets.log.warning(
            "record %d failed: %s", index, reason, extra={"index": index, "event": "record_failed"}
        )
        outlets.emit(
            RecordFailed(index, reason, attempts, outcome.prompt_tokens, outcome.completion_tokens)
        )
        self.order.skip(index)

    def _release(self, index: int, outcome: Outcome) -> None:
        self._count(index, outcome, made=True)
        self.outlets.write(index, outcome)

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
