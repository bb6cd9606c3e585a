"""Start the ``--batch`` path of a run: the Batch API client, the lines, the jobs.

The request lines use the structured-output mode the run is set to; under ``auto`` the
first mode online requests would try (a strict JSON schema, unless the record cannot
have one): a batch cannot negotiate.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from data_generator.engine.batch_jobs import BatchJobs
from data_generator.engine.batch_lines import LineMaker
from data_generator.engine.batch_run import BatchOutlets, BatchRun
from data_generator.errors import UsageError
from data_generator.providers.chat_body import ChatBodies, first_mode

if TYPE_CHECKING:
    from data_generator.engine.manifest import BatchEntry
    from data_generator.engine.plan import RunPlan
    from data_generator.engine.record_maker import RecordMaker
    from data_generator.settings import Settings
    from data_generator.writers.base import IndexSet

__all__ = ["BATCH_PROVIDERS", "batch_mode", "check_batch_plan", "run_batches"]

#: The providers with a Batch API.
BATCH_PROVIDERS = ("azure", "openai")


def check_batch_plan(plan: RunPlan) -> None:
    """Refuse a ``--batch`` plan that no Batch API can run.

    Raises:
        UsageError: The provider has no Batch API, or the run names several deployments
            (a batch goes to one Global Batch deployment).
    """
    if plan.settings.provider not in BATCH_PROVIDERS:
        raise UsageError(
            f"--batch needs --provider azure or openai, not {plan.settings.provider!r}",
            hint="Leave --batch out, or use --provider azure with a Global Batch deployment",
        )
    if len(plan.deployments) > 1:
        raise UsageError(
            f"--batch sends every batch to one Global Batch deployment, not to the "
            f"{len(plan.deployments)} deployments of --deployment / [[deployments]]",
            hint="Name that deployment with one --deployment NAME@ENDPOINT (it replaces "
            "[[deployments]]), or leave --batch out to spread online requests over them",
        )


def batch_mode(settings: Settings, record_model: type[Any]) -> str:
    """The structured-output mode of a batch run's lines."""
    return first_mode(settings.structured_output, record_model)


async def run_batches(
    settings: Settings,
    maker: RecordMaker,
    outlets: BatchOutlets,
    entries: list[BatchEntry],
    save: Callable[[], None],
    *,
    todo: list[int],
    seed: int,
    done: IndexSet,
    folder: Path,
    credential: Any = None,
) -> bool:
    """Make the records ``todo`` through the Batch API of ``settings``' provider.

    Args:
        settings: The run's settings (provider, connection, batch limits).
        maker: Validates answers; makes online repairs.
        outlets: Where records, failures, usage and events go.
        entries: The manifest's batches, changed in place.
        save: Writes the manifest.
        todo: The missing indices, ascending.
        seed: The run's seed.
        done: The indices present when the run started.
        folder: Where batch files and the spool go (``.datagen/batches``).
        credential: An async Azure credential instead of ``DefaultAzureCredential``.

    Returns:
        Whether the token budget held back requests (rerun to make the rest).
    """
    from data_generator.providers.batch_api import create_batch_api

    allowance = None
    if settings.token_budget is not None:
        each = max(1, maker.tokens_per_request)
        allowance = settings.token_budget // each
        outlets.log.warning(
            "--token-budget %s allows %s batch requests of up to %s tokens each (the prompt "
            "and --max-tokens); no more are submitted",
            f"{settings.token_budget:,}",
            f"{allowance:,}",
            f"{each:,}",
            extra={"event": "batch_token_budget"},
        )
    api = create_batch_api(settings, credential=credential)
    try:
        lines = LineMaker(
            maker.request,
            maker.context,
            ChatBodies(temperature=settings.temperature, max_tokens=settings.max_tokens),
            mode=batch_mode(settings, maker.tool.record_model),
            model=api.model,
            url=api.chat_url,
        )
        jobs = BatchJobs(
            api,
            entries,
            save,
            outlets.emit,
            poll_seconds=settings.batch_poll_seconds,
            log=outlets.log,
        )
        run = BatchRun(
            jobs,
            maker,
            lines,
            outlets,
            folder=folder,
            seed=seed,
            done=done,
            limits=(settings.batch_max_requests, settings.batch_max_bytes),
            online_repairs=settings.batch_repairs == "online",
            concurrency=settings.concurrency,
            allowance=allowance,
        )
        await run.run(todo)
        return run.budget_reached
    finally:
        await api.aclose()
