"""Progress events the engine publishes; a dashboard or a logger subscribes to them.

Subscribers are plain callables that take one event. They run in the engine's thread and
must be quick; the engine never imports the CLI or Rich.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BatchProgress",
    "Event",
    "EventSink",
    "RecordFailed",
    "RecordRetried",
    "RecordWritten",
    "RequestFailed",
    "RunFinished",
    "RunStarted",
    "UploadProgress",
]


@dataclass(frozen=True, slots=True)
class RunStarted:
    """A run begins: ``total`` requested, ``already_done`` found from earlier runs."""

    scenario: str
    total: int
    already_done: int
    concurrency: int
    out_dir: Path


@dataclass(frozen=True, slots=True)
class RecordWritten:
    """Record ``index`` was validated and written.

    ``in_flight`` and ``limit`` are the requests in flight and the adaptive concurrency
    limit at that moment.
    """

    index: int
    attempts: int
    prompt_tokens: int
    completion_tokens: int
    in_flight: int = 0
    limit: int = 0


@dataclass(frozen=True, slots=True)
class RecordRetried:
    """Record ``index``'s answer was refused; it is asked again (attempt ``attempt``).

    Each of these counts once in the manifest's ``counts.retried``.
    """

    index: int
    attempt: int
    reason: str


@dataclass(frozen=True, slots=True)
class RecordFailed:
    """Record ``index`` failed for good; it is in the failures file.

    The tokens its attempts used count in the run's totals all the same.
    """

    index: int
    reason: str
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    in_flight: int = 0
    limit: int = 0


@dataclass(frozen=True, slots=True)
class RequestFailed:
    """One request for record ``index`` met a 429, a 5xx, a timeout or a lost connection.

    ``kind`` is ``"rate_limited"`` for a 429 and ``"transient"`` otherwise. ``will_retry``
    says whether the same request is sent again; ``limit`` is the adaptive concurrency
    limit after the service's answer (a 429 lowers it), ``retry_after`` the wait the
    service asked for, if any. Each counts once in the manifest's ``counts.rate_limited``
    or ``counts.transient_retries``.
    """

    index: int
    kind: str
    reason: str
    will_retry: bool
    retry_after: float | None = None
    in_flight: int = 0
    limit: int = 0


@dataclass(frozen=True, slots=True)
class RunFinished:
    """The run ended (complete, with failures, interrupted or aborted)."""

    status: str
    written: int
    failed: int
    elapsed: float


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """A Batch API batch was polled (``--batch``): its status and request counts.

    ``round`` is 1 for first asks and one more for each follow-up batch (repairs).
    """

    batch_id: str
    status: str
    total: int
    completed: int
    failed: int
    round: int = 1


@dataclass(frozen=True, slots=True)
class UploadProgress:
    """Files of the out-dir uploaded to a blob container (``--upload-to``, ``datagen upload``).

    ``files_done`` counts the files settled, ``skipped`` among them those already there
    with the same MD5; ``files_total`` and ``bytes_total`` grow as a run writes records.
    """

    destination: str
    files_done: int
    files_total: int
    skipped: int
    bytes_done: int
    bytes_total: int
    elapsed: float


Event = (
    RunStarted
    | RecordWritten
    | RecordRetried
    | RecordFailed
    | RequestFailed
    | RunFinished
    | BatchProgress
    | UploadProgress
)
EventSink = Callable[[Event], None]
