"""What the CLI prints: run summaries, dry-run plans, errors and log lines.

Results go to stdout; errors, warnings and logs to stderr, one line each.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from data_generator.messages import count_of

if TYPE_CHECKING:
    from data_generator.engine import DryRunPlan, RunResult
    from data_generator.engine.manifest import DeploymentTally

__all__ = [
    "deployment_line",
    "print_error",
    "print_interrupted",
    "print_plan",
    "print_result",
]


def print_error(
    line: str, *, exc: BaseException | None = None, debug: bool = False, json: bool = False
) -> None:
    """Print one error line on stderr (a JSON object if ``json``), traceback if ``debug``."""
    from data_generator.cli.logs import stderr_line
    from data_generator.redaction import redact_text

    if debug and exc is not None:
        lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
        sys.stderr.write(redact_text("".join(lines)))

    sys.stderr.write(stderr_line(line, "error", "json" if json else "text"))


def _note(line: str, level: str | None = None) -> None:
    """Write one line on stderr in the run's log format."""
    from data_generator.cli.logs import stderr_line

    sys.stderr.write(stderr_line(line, level))


def print_result(result: RunResult, *, quiet: bool = False, brief: bool = False) -> None:
    """Say what was written and where; failures go to stderr with what to do.

    Args:
        result: The run's outcome.
        quiet: Only the notes on stderr (failures, budget), nothing on stdout.
        brief: Leave out the tokens line (a summary table already showed it).
    """
    if not quiet:
        _print_written(result, brief=brief)
        for line in result.delivered:
            print(line)
    if result.status == "budget":
        _note(
            f"the token budget was reached after {count_of(result.written, 'record')}; "
            "rerun with a larger --token-budget (or none) to complete the set."
        )
    if result.failed:
        _note(
            f"{count_of(result.failed, 'record')} failed; reasons are in "
            f"{result.failures_path}. Rerun the same command to complete the set."
        )


def _print_written(result: RunResult, *, brief: bool) -> None:
    where = (
        f"{result.out_dir}{'/' if not str(result.out_dir).endswith('/') else ''} "
        f"(one .{result.output_format} file per record)"
        if result.files == [result.out_dir]
        else ", ".join(str(path) for path in result.files)
    )
    earlier = result.present - result.written
    extra = f"; {earlier} {_were(earlier)} already there" if earlier > 0 else ""
    records = "record" if result.written == 1 else "records"
    print(
        f"Wrote {result.written} {result.scenario} {records} in {result.elapsed:.2f} s "
        f"(seed {result.seed}){extra}: {result.present} of {result.requested} now in {where}"
    )
    if result.beyond_count:
        print(
            f"Kept {result.beyond_count} more records beyond --count {result.requested} from "
            f"an earlier run ({result.present + result.beyond_count} in all); --prune deletes "
            "them."
        )
    if result.pruned:
        print(f"Deleted {result.pruned} records beyond --count {result.requested} (--prune).")
    if (result.prompt_tokens or result.completion_tokens) and not brief:
        cost = f", estimated cost {result.cost:.4f}" if result.cost is not None else ""
        print(
            f"Tokens: {result.prompt_tokens:,} prompt + {result.completion_tokens:,} completion"
            f"{cost}; {count_of(result.retried, 'repair')}, "
            f"{count_of(result.rate_limited, 'answer')} {_were(result.rate_limited)} 429."
        )
    if result.structured_output not in (None, "native") and not brief:
        print(f"Structured output: {result.structured_output}.")
    if not brief:
        for tally in result.deployments:
            print(f"Deployment {deployment_line(tally)}.")


def deployment_line(tally: DeploymentTally) -> str:
    """One deployment's figures: ``gpt@https://east…: 310 requests, 2 429s, 95,000 tokens``."""
    where = f"{tally.name}@{tally.endpoint}" if tally.endpoint else tally.name
    dropped = f" (dropped: {tally.dropped})" if tally.dropped else ""
    return (
        f"{where}: {count_of(tally.requests, 'request')}, {tally.rate_limited:,} 429s, "
        f"{tally.tokens:,} tokens{dropped}"
    )


def _were(number: int) -> str:
    return "was" if number == 1 else "were"


def print_interrupted(out_dir: Path) -> None:
    """Say that the run stopped and how to finish it."""
    _note(
        f"interrupted; records written so far are kept in {out_dir}. "
        "Rerun the same command to complete the set."
    )


def print_plan(plan: DryRunPlan) -> None:
    """Print what a run would do: prompt, schema and plan."""
    todo = plan.count - plan.already_present
    print(
        f"Dry run of {plan.scenario}: {todo:,} of {count_of(plan.count, 'record')} to make "
        f"({plan.already_present:,} already present), {plan.output_format} into {plan.out_dir}, "
        f"provider {plan.provider} ({plan.model}), seed {plan.seed}."
    )
    if plan.shard is not None:
        print(f"Shard {plan.shard}: {plan.shard_note or 'no --rpm/--tpm to split'}.")
    estimate = plan.estimate
    cost = f", estimated cost {estimate.cost:.4f}" if estimate.cost is not None else ""
    if cost and estimate.batch:
        cost += " at the batch price"
    print(
        f"Estimate: ~{estimate.prompt_per_record:,} prompt + "
        f"~{estimate.completion_per_record:,} output tokens per record; "
        f"~{estimate.total:,} tokens for {count_of(estimate.records, 'record')}{cost}."
    )
    if plan.max_tokens is not None and plan.request_timeout is not None:
        print(
            f"Each request may take {plan.max_tokens:,} output tokens (--max-tokens) "
            f"and {plan.request_timeout:g} s (--request-timeout)."
        )
    if plan.deployments:
        listed = ", ".join(plan.deployments)
        print(f"Requests spread over {len(plan.deployments)} deployments: {listed}.")
    if plan.deliveries:
        print(f"The records also go to {', '.join(plan.deliveries)}.")
    print("\n--- system message ---")
    print(plan.system)
    print("\n--- prompt for record 1 ---")
    print(plan.prompt)
    import orjson

    print("\n--- output schema ---")
    print(orjson.dumps(plan.schema, option=orjson.OPT_INDENT_2).decode())
    print("\nNothing was called or written.")
