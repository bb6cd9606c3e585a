"""The generation engine: scheduling, validation and repair, resume, events.

It imports neither the CLI, Rich nor any model SDK.
"""

from __future__ import annotations

from data_generator.engine.events import (
    Event,
    EventSink,
    RecordFailed,
    RecordRetried,
    RecordWritten,
    RequestFailed,
    RunFinished,
    RunStarted,
)
from data_generator.engine.generator import DataGenerator
from data_generator.engine.result import DryRunPlan, RunResult

__all__ = [
    "DataGenerator",
    "DryRunPlan",
    "Event",
    "EventSink",
    "RecordFailed",
    "RecordRetried",
    "RecordWritten",
    "RequestFailed",
    "RunFinished",
    "RunResult",
    "RunStarted",
]
