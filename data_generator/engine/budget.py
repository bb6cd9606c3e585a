"""Budgets that fit real models: the typical answer size and the default ``--max-tokens``.

A scenario's typical answer is measured, not guessed: the median size of 200 offline
records of the scenario with the run's options, in tokens estimated as characters over
four (as :meth:`DataGenerator.estimate_tokens` counts). The default ``--max-tokens`` is
twice that, rounded up to a multiple of 64: room for a long answer, not for the longest
one the record model allows. The measurement takes a few tens of milliseconds and is kept
per scenario class and options, so a process pays it once; the offline provider, which
ignores ``max_tokens``, never pays it.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING, Any

import orjson

from data_generator.engine.record_maker import RecordMaker
from data_generator.runtime import runtime_of

if TYPE_CHECKING:
    from data_generator.tool import DataGeneratorTool

__all__ = [
    "BUDGET_STEP",
    "MIN_BUDGET",
    "SAMPLE_RECORDS",
    "approx_tokens",
    "default_max_tokens",
    "prompt_tokens",
    "typical_output_tokens",
]

#: Offline records measured for a scenario's typical answer.
SAMPLE_RECORDS = 200
#: The default ``--max-tokens`` is rounded up to a multiple of this.
BUDGET_STEP = 64
#: The least default ``--max-tokens``: tiny records still leave room for a model's spacing.
MIN_BUDGET = 256

_typical: dict[tuple[type[Any], str, bytes, tuple[str, bool] | None], int] = {}


def approx_tokens(size: int) -> int:
    """Tokens of an answer of ``size`` characters (bytes of UTF-8 JSON): a quarter, plus one."""
    return size // 4 + 1


def typical_output_tokens(tool: DataGeneratorTool[Any, Any]) -> int:
    """The median tokens of :data:`SAMPLE_RECORDS` offline records of ``tool``.

    Records ``1..200`` under seed 0, with the tool's options (and seed rows); kept per
    scenario class, name, options and seed data for the rest of the process.
    """
    options = tool.options
    seeding = runtime_of(tool).seeding
    rows = seeding.rows if seeding is not None else None
    key = (
        type(tool),
        tool.name,
        orjson.dumps(options.model_dump(mode="json")),
        (rows.digest, rows.sample) if rows is not None else None,
    )
    typical = _typical.get(key)
    if typical is None:
        from data_generator.providers.offline import OfflineProvider

        maker = RecordMaker(tool, OfflineProvider(tool), 1, _ignore)
        sizes = [approx_tokens(len(answer)) for answer in maker.offline_samples(SAMPLE_RECORDS)]
        typical = int(statistics.median(sizes) + 0.5)
        _typical[key] = typical
    return typical


def prompt_tokens(tool: DataGeneratorTool[Any, Any]) -> int:
    """Estimated prompt tokens of one request: system, prompt and schema over four, plus 12."""
    from data_generator.providers.offline import OfflineProvider

    maker = RecordMaker(tool, OfflineProvider(tool), 1, _ignore)
    schema_chars = len(orjson.dumps(maker.schema))
    return (len(maker.system) + len(maker.prompt(1, 0)) + schema_chars) // 4 + 12


def _ignore(_event: object) -> None:
    """No one listens to the events of the measuring run."""


def default_max_tokens(typical: int) -> int:
    """The default ``--max-tokens``: twice ``typical``, rounded up to :data:`BUDGET_STEP`."""
    budget = -(-2 * typical // BUDGET_STEP) * BUDGET_STEP
    return max(MIN_BUDGET, budget)
