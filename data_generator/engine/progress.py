"""A run's live figures, tallied from the engine's events, for dashboards and log lines.

:class:`RunProgress` is an event sink: subscribe it to a :class:`DataGenerator` and read
its figures at any time (from another thread too: it only stores numbers). The counts it
keeps are the ones the manifest records, so a display built on it agrees with the run's
``manifest.json`` when the run ends.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from data_generator.engine.events import (
    BatchProgress,
    Event,
    RecordFailed,
    RecordRetried,
    RecordWritten,
    RequestFailed,
    RunFinished,
    RunStarted,
    UploadProgress,
)
from data_generator.engine.result import cost_of

__all__ = ["ProgressFigures", "RunProgress"]

#: Records/s is measured over the last this many seconds (the whole run before that).
_RATE_WINDOW = 10.0


@dataclass(frozen=True)
class ProgressFigures:
    """One reading of a run's progress.

    Attributes:
        scenario: The scenario's name.
        total: Records the data set should hold.
        done: Records present now (from earlier runs and this one).
        written: Records written by this run.
        failed: Records that failed for good in this run.
        retried: Answers refused and asked again (the manifest's ``counts.retried``).
        rate_limited: Requests answered with a 429.
        transient: Requests that met a 5xx, a timeout or a lost connection.
        prompt_tokens: Prompt tokens this run used.
        completion_tokens: Completion tokens this run used.
        cost: Estimated cost of those tokens, when prices are set.
        in_flight: Requests in flight at the last event.
        limit: The adaptive concurrency limit at the last event.
        concurrency: The configured maximum (``--concurrency``).
        rate: Records per second lately (0 before the first one).
        eta: Seconds until every record is present, if it can be told.
        elapsed: Seconds since the run started.
        status: ``running`` until the run ends, then its final status.
        out_dir: Where the records go.
        batches: The last poll of each Batch API batch of the run (``--batch``), in the
            order they were first polled.
        upload: The last progress of the run's upload (``--upload-to``), if any.
    """

    scenario: str
    total: int
    done: int
    written: int
    failed: int
    retried: int
    rate_limited: int
    transient: int
    prompt_tokens: int
    completion_tokens: int
    cost: float | None
    in_flight: int
    limit: int
    concurrency: int
    rate: float
    eta: float | None
    elapsed: float
    status: str
    out_dir: Path | None
    batches: tuple[BatchProgress, ...] = ()
    upload: UploadProgress | None = None

    @property
    def fraction(self) -> float:
        """Share of the data set present, 0 to 1."""
        return min(1.0, self.done / self.total) if self.total else 0.0


class RunProgress:
    """Tallies a run's events into :class:`ProgressFigures`.

    Args:
        price_prompt_per_1k: Price of 1,000 prompt tokens, for the cost estimate.
        price_completion_per_1k: Price of 1,000 completion tokens.
        clock: Seconds from a monotonic clock (tests pass their own).
    """

    def __init__(
        self,
        price_prompt_per_1k: float | None = None,
        price_completion_per_1k: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._prices = (price_prompt_per_1k, price_completion_per_1k)
        self._clock = clock
        self.scenario = ""
        self.total = 0
        self.already_done = 0
        self.concurrency = 0
        self.out_dir: Path | None = None
        self.written = 0
        self.failed = 0
        self.retried = 0
        self.rate_limited = 0
        self.transient = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.in_flight = 0
        self.limit = 0
        self.status = "waiting"
        self.started: float | None = None
        self.finished: float | None = None
        self.batches: dict[str, BatchProgress] = {}
        self.upload: UploadProgress | None = None
        # (time, records settled) readings, taken by whoever reads the figures.
        self._readings: collections.deque[tuple[float, int]] = collections.deque()

    def __call__(self, event: Event) -> None:
        """Take one engine event into account."""
        if isinstance(event, RecordWritten):
            self.written += 1
            self._tokens(event.prompt_tokens, event.completion_tokens)
            self.in_flight, self.limit = event.in_flight, event.limit
        elif isinstance(event, RecordRetried):
            self.retried += 1
        elif isinstance(event, RequestFailed):
            if event.kind == "rate_limited":
                self.rate_limited += 1
            else:
                self.transient += 1
            self.in_flight, self.limit = event.in_flight, event.limit
        elif isinstance(event, RecordFailed):
            self.failed += 1
            self._tokens(event.prompt_tokens, event.completion_tokens)
            self.in_flight, self.limit = event.in_flight, event.limit
        elif isinstance(event, BatchProgress):
            self.batches[event.batch_id] = event
        elif isinstance(event, UploadProgress):
            self.upload = event
        elif isinstance(event, RunStarted):
            self._start(event)
        elif isinstance(event, RunFinished):
            self.status = event.status
            self.finished = self._clock()
            self.in_flight = 0

    def _start(self, event: RunStarted) -> None:
        self.scenario, self.total, self.out_dir = event.scenario, event.total, event.out_dir
        self.already_done = event.already_done
        self.concurrency = self.limit = event.concurrency
        self.status = "running"
        self.batches.clear()
        self.upload = None
        self.started = self._clock()
        self._readings.clear()

    def _tokens(self, prompt: int, completion: int) -> None:
        self.prompt_tokens += prompt
        self.completion_tokens += completion

    def figures(self) -> ProgressFigures:
        """Read the figures now.

        The rate is measured over the last ten seconds of readings, so call this from one
        place (a display's refresh) rather than from several threads at once.
        """
        now = self.finished if self.finished is not None else self._clock()
        elapsed = now - self.started if self.started is not None else 0.0
        settled = self.written + self.failed
        rate = self._rate(now, settled, elapsed)
        left = self.total - self.already_done - settled
        eta = left / rate if rate > 0 and self.finished is None else None
        return ProgressFigures(
            scenario=self.scenario,
            total=self.total,
            done=min(self.total, self.already_done + self.written),
            written=self.written,
            failed=self.failed,
            retried=self.retried,
            rate_limited=self.rate_limited,
            transient=self.transient,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            cost=cost_of(self.prompt_tokens, self.completion_tokens, *self._prices),
            in_flight=self.in_flight,
            limit=self.limit,
            concurrency=self.concurrency,
            rate=rate,
            eta=0.0 if left <= 0 else eta,
            elapsed=elapsed,
            status=self.status,
            out_dir=self.out_dir,
            batches=tuple(self.batches.values()),
            upload=self.upload,
        )

    def _rate(self, now: float, settled: int, elapsed: float) -> float:
        """Records settled per second over the last window (the whole run at the end)."""
        if self.finished is not None or elapsed <= 0:
            return self.written / elapsed if elapsed > 0 else 0.0
        readings = self._readings
        readings.append((now, settled))
        while len(readings) > 2 and now - readings[1][0] >= _RATE_WINDOW:
            readings.popleft()
        then, settled_then = readings[0]
        if now - then < 1.0:  # too short a window: the run's average so far
            return settled / elapsed
        return (settled - settled_then) / (now - then)
