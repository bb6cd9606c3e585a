"""Progress events the engine publishes; a dashboard or a logger subscribes to them.

Subscribers are plain callables that take one event. They run in the engine's thread and
must be quick; the engine never imports the CLI or Rich.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Event",
    "EventSink",
    "RecordFailed",
    "RecordRetried",
    "RecordWritten",
    "RunFinished",
    "RunStarted",
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
    """Record ``index`` was validated and written."""

    index: int
    attempts: int
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True, slots=True)
class RecordRetried:
    """Record ``index`` is asked again (attempt ``attempt``) because of ``reason``."""

    index: int
    attempt: int
    reason: str


@dataclass(frozen=True, slots=True)
class RecordFailed:
    """Record ``index`` failed for good; it is in the failures file."""

    index: int
    reason: str


@dataclass(frozen=True, slots=True)
class RunFinished:
    """The run ended (complete, with failures, interrupted or aborted)."""

    status: str
    written: int
    failed: int
    elapsed: float


Event = RunStarted | RecordWritten | RecordRetried | RecordFailed | RunFinished
EventSink = Callable[[Event], None]
