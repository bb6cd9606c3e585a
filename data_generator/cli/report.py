"""What the CLI prints: run summaries, dry-run plans, errors and log lines.

Results go to stdout; errors, warnings and logs to stderr, one line each.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from data_generator.engine import DryRunPlan, RunResult

__all__ = [
    "configure_logging",
    "print_error",
    "print_interrupted",
    "print_plan",
    "print_result",
]

_PROGRAM = "datagen"


#: Libraries that log every failed request at ERROR; datagen reports those itself.
_QUIET_LIBRARIES = ("semantic_kernel", "openai", "httpx", "httpx2", "httpcore", "azure")


def configure_logging(level: str) -> None:
    """Send datagen's log records to stderr at ``level``.

    The model libraries' own logs are shown only with ``DEBUG``; otherwise every failed
    request would add lines beside datagen's one-line report.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"{_PROGRAM}: %(levelname)s: %(message)s"))
    logger = logging.getLogger("data_generator")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
    for name in _QUIET_LIBRARIES:
        library = logging.getLogger(name)
        library.handlers[:] = [handler] if level == "DEBUG" else [logging.NullHandler()]
        library.setLevel(logging.DEBUG if level == "DEBUG" else logging.CRITICAL + 1)
        library.propagate = False


def print_error(line: str, *, exc: BaseException | None = None, debug: bool = False) -> None:
    """Print one error line on stderr, with the traceback when ``debug``."""
    if debug and exc is not None:
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    sys.stderr.write(f"{_PROGRAM}: error: {line}\n")


def print_result(result: RunResult) -> None:
    """Say what was written and where; failures go to stderr with what to do."""
    where = (
        f"{result.out_dir}{'/' if not str(result.out_dir).endswith('/') else ''} "
        f"(one .{result.output_format} file per record)"
        if result.files == [result.out_dir]
        else ", ".join(str(path) for path in result.files)
    )
    earlier = result.present - result.written
    extra = f"; {earlier} were already there" if earlier > 0 else ""
    print(
        f"Wrote {result.written} {result.scenario} records in {result.elapsed:.2f} s "
        f"(seed {result.seed}){extra}: {result.present} of {result.requested} now in {where}"
    )
    if result.prompt_tokens or result.completion_tokens:
        cost = f", estimated cost {result.cost:.4f}" if result.cost is not None else ""
        print(
            f"Tokens: {result.prompt_tokens:,} prompt + {result.completion_tokens:,} completion"
            f"{cost}; {result.retried} repairs, {result.rate_limited} answers were 429."
        )
    if result.status == "budget":
        sys.stderr.write(
            f"{_PROGRAM}: the token budget was reached after {result.written} records; "
            "rerun with a larger --token-budget (or none) to complete the set.\n"
        )
    if result.failed:
        sys.stderr.write(
            f"{_PROGRAM}: {result.failed} records failed; reasons are in "
            f"{result.failures_path}. Rerun the same command to complete the set.\n"
        )


def print_interrupted(out_dir: Path) -> None:
    """Say that the run stopped and how to finish it."""
    sys.stderr.write(
        f"{_PROGRAM}: interrupted; records written so far are kept in {out_dir}. "
        "Rerun the same command to complete the set.\n"
    )


def print_plan(plan: DryRunPlan) -> None:
    """Print what a run would do: prompt, schema and plan."""
    todo = plan.count - plan.already_present
    print(
        f"Dry run of {plan.scenario}: {todo} of {plan.count} records to make "
        f"({plan.already_present} already present), {plan.output_format} into {plan.out_dir}, "
        f"provider {plan.provider} ({plan.model}), seed {plan.seed}."
    )
    estimate = plan.estimate
    cost = f", estimated cost {estimate.cost:.4f}" if estimate.cost is not None else ""
    print(
        f"Estimate: ~{estimate.prompt_per_record:,} prompt + "
        f"~{estimate.completion_per_record:,} output tokens per record; "
        f"~{estimate.total:,} tokens for {estimate.records:,} records{cost}."
    )
    print("\n--- system message ---")
    print(plan.system)
    print("\n--- prompt for record 1 ---")
    print(plan.prompt)
    import orjson

    print("\n--- output schema ---")
    print(orjson.dumps(plan.schema, option=orjson.OPT_INDENT_2).decode())
    print("\nNothing was called or written.")
