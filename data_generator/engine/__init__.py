"""The generation engine: scheduling, validation and repair, resume, events.

It imports neither the CLI, Rich nor any model SDK. Its public names are imported lazily,
so the CLI may read :mod:`data_generator.engine.plan`'s defaults without loading the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from data_generator.engine.events import (
        BatchProgress,
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
    from data_generator.engine.plan import RunPlan
    from data_generator.engine.result import DryRunPlan, RunResult

__all__ = [
    "BatchProgress",
    "DataGenerator",
    "DryRunPlan",
    "Event",
    "EventSink",
    "RecordFailed",
    "RecordRetried",
    "RecordWritten",
    "RequestFailed",
    "RunFinished",
    "RunPlan",
    "RunResult",
    "RunStarted",
]

_LAZY = {
    "DataGenerator": "data_generator.engine.generator",
    "RunPlan": "data_generator.engine.plan",
    "DryRunPlan": "data_generator.engine.result",
    "RunResult": "data_generator.engine.result",
    **dict.fromkeys(
        (
            "BatchProgress",
            "Event",
            "EventSink",
            "RecordFailed",
            "RecordRetried",
            "RecordWritten",
            "RequestFailed",
            "RunFinished",
            "RunStarted",
        ),
        "data_generator.engine.events",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'data_generator.engine' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
