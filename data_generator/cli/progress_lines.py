"""Progress as plain log lines, for pipes, CI logs and ``--no-progress``.

A line every ``DATAGEN_PROGRESS_INTERVAL`` seconds (10 by default) while a run goes on, and
a closing line with the totals if any was printed: a run shorter than the interval prints
nothing, so quick runs and their one-line errors stay uncluttered. The lines go through
the ``data_generator.progress`` logger; with ``--log-format json`` each is a JSON object
carrying the figures as fields, and the run's start and end are always logged (as events
``run_started`` and ``run_finished``) for pipelines to key on. No terminal control codes.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from data_generator.cli.logs import PROGRESS_LOGGER
from data_generator.engine.events import (
    BatchProgress,
    Event,
    RunFinished,
    RunStarted,
    UploadProgress,
)
from data_generator.engine.progress import ProgressFigures, RunProgress
from data_generator.messages import byte_size, count_of

__all__ = ["ProgressLines", "batch_line", "describe", "duration", "upload_line"]

#: Batch statuses after which a batch changes no more.
_ENDED = frozenset({"completed", "failed", "expired", "cancelled"})


def duration(seconds: float | None) -> str:
    """``H:MM:SS`` (``-:--:--`` when unknown)."""
    if seconds is None:
        return "-:--:--"
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def batch_line(batches: tuple[BatchProgress, ...]) -> str:
    """The Batch API batches of a run in a few words ("" without any).

    The batches not ended yet, with their status and request counts; or, once all have
    ended, how many did.
    """
    if not batches:
        return ""
    going = [b for b in batches if b.status not in _ENDED]
    if not going:
        return f"batches: {count_of(len(batches), 'batch', 'batches')} ended"
    shown = ", ".join(
        f"{b.batch_id} {b.status} {b.completed + b.failed:,}/{b.total:,}"
        + (f" ({b.failed:,} failed)" if b.failed else "")
        + (f" round {b.round}" if b.round > 1 else "")
        for b in going[:3]
    )
    more = f" and {len(going) - 3} more" if len(going) > 3 else ""
    return f"batches: {shown}{more}"


def upload_line(upload: UploadProgress) -> str:
    """An upload's progress in a few words: files, bytes and throughput."""
    rate = upload.bytes_done / upload.elapsed if upload.elapsed > 0 else 0.0
    skipped = f" ({upload.skipped:,} already there)" if upload.skipped else ""
    return (
        f"upload: {upload.files_done:,}/{upload.files_total:,} files{skipped}, "
        f"{byte_size(upload.bytes_done)} of {byte_size(upload.bytes_total)}, "
        f"{byte_size(rate)}/s"
    )


def describe(figures: ProgressFigures) -> str:
    """The figures of a running run as one line of text."""
    cost = f", cost {figures.cost:.4f}" if figures.cost is not None else ""
    percent = figures.fraction * 100
    return (
        f"{figures.scenario}: {figures.done:,} of {figures.total:,} ({percent:.0f} %), "
        f"{figures.rate:,.1f} records/s, ETA {duration(figures.eta)}; "
        f"in flight {figures.in_flight} (limit {figures.limit} of {figures.concurrency}); "
        f"retried {figures.retried:,}, 429s {figures.rate_limited:,}, "
        f"transient errors {figures.transient:,}, failed {figures.failed:,}; "
        f"tokens {figures.prompt_tokens:,} prompt + {figures.completion_tokens:,} "
        f"completion{cost}"
        + (f"; {batch_line(figures.batches)}" if figures.batches else "")
        + (f"; {upload_line(figures.upload)}" if figures.upload else "")
    )


def _fields(figures: ProgressFigures) -> dict[str, Any]:
    """The figures as log-record context (JSON fields)."""
    return {
        "done": figures.done,
        "total": figures.total,
        "written": figures.written,
        "failed": figures.failed,
        "retried": figures.retried,
        "rate_limited": figures.rate_limited,
        "transient": figures.transient,
        "prompt_tokens": figures.prompt_tokens,
        "completion_tokens": figures.completion_tokens,
        "cost": figures.cost,
        "in_flight": figures.in_flight,
        "limit": figures.limit,
        "records_per_second": round(figures.rate, 1),
        "eta_seconds": None if figures.eta is None else round(figures.eta, 1),
        "elapsed_seconds": round(figures.elapsed, 3),
        **({"batches": [_batch_fields(b) for b in figures.batches]} if figures.batches else {}),
        **({"upload": _upload_fields(figures.upload)} if figures.upload else {}),
    }


def _upload_fields(upload: UploadProgress) -> dict[str, Any]:
    """An upload's figures as JSON fields."""
    return {
        "files_done": upload.files_done,
        "files_total": upload.files_total,
        "skipped": upload.skipped,
        "bytes_done": upload.bytes_done,
        "bytes_total": upload.bytes_total,
        "elapsed_seconds": round(upload.elapsed, 3),
    }


def _batch_fields(batch: BatchProgress) -> dict[str, Any]:
    """One batch's last poll as JSON fields."""
    return {
        "id": batch.batch_id,
        "status": batch.status,
        "total": batch.total,
        "completed": batch.completed,
        "failed": batch.failed,
        "round": batch.round,
    }


class ProgressLines:
    """An engine event sink that logs progress lines at a steady rate.

    Args:
        progress: Where the figures are tallied (this sink feeds it every event).
        interval: Seconds between lines while the run goes on.
        logger: Where the lines go (the ``data_generator.progress`` logger by default).
        announce: Log the start and the end of every run, however short (JSON logs).
    """

    def __init__(
        self,
        progress: RunProgress,
        interval: float,
        logger: logging.Logger | None = None,
        *,
        announce: bool = False,
    ) -> None:
        self.progress = progress
        self.interval = interval
        self.announce = announce
        self._ticked = False
        self.log = logger if logger is not None else logging.getLogger(PROGRESS_LOGGER)
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __call__(self, event: Event) -> None:
        """Take ``event`` into account; start or end the lines with the run."""
        self.progress(event)
        if isinstance(event, RunStarted):
            self._ticked = False
            self._start_ticker()
            if not self.announce:
                return
            self.log.info(
                "%s: making %s of %s (%s already present) into %s, at most %s in flight",
                event.scenario,
                f"{event.total - event.already_done:,}",
                count_of(event.total, "record"),
                f"{event.already_done:,}",
                event.out_dir,
                count_of(event.concurrency, "request"),
                extra={
                    "event": "run_started",
                    "total": event.total,
                    "already_present": event.already_done,
                    "concurrency": event.concurrency,
                    "out_dir": str(event.out_dir),
                },
            )
        elif isinstance(event, RunFinished):
            self.close()
            if not (self.announce or self._ticked):
                return
            figures = self.progress.figures()
            self.log.info(
                "%s: %s in %.2f s; written %s, failed %s, retried %s, 429s %s, "
                "transient errors %s; tokens %s prompt + %s completion%s%s",
                figures.scenario,
                event.status,
                figures.elapsed,
                f"{figures.written:,}",
                f"{figures.failed:,}",
                f"{figures.retried:,}",
                f"{figures.rate_limited:,}",
                f"{figures.transient:,}",
                f"{figures.prompt_tokens:,}",
                f"{figures.completion_tokens:,}",
                f", cost {figures.cost:.4f}" if figures.cost is not None else "",
                f"; {upload_line(figures.upload)}" if figures.upload else "",
                extra={"event": "run_finished", "status": event.status, **_fields(figures)},
            )

    def _start_ticker(self) -> None:
        self._stop.clear()
        self._ticker = threading.Thread(target=self._tick, name="datagen-progress", daemon=True)
        self._ticker.start()

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            figures = self.progress.figures()
            self.log.info(describe(figures), extra={"event": "progress", **_fields(figures)})
            self._ticked = True

    def close(self) -> None:
        """Stop the periodic lines (idempotent)."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
