"""Start the ``--batch`` path of a run: the Batch API client, the lines, the jobs.

The request lines use the structured-output mode the run is set to; under ``auto`` the
first mode online requests would try (a strict JSON schema, unless the record cannot
have one): a batch cannot negotiate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from data_generator.engine.batch_jobs import BatchJobs
from data_generator.engine.batch_lines import LineMaker
from data_generator.engine.batch_run import BatchOutlets, BatchRun
from data_generator.providers.chat_body import ChatBodies, first_mode

if TYPE_CHECKING:
    from data_generator.engine.manifest import BatchEntry
    from data_generator.engine.record_maker import RecordMaker
    from data_generator.settings import Settings
    from data_generator.writers.base import IndexSet

__all__ = ["batch_mode", "run_batches"]


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
    credential: Any = None,
) -> None:
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
        credential: An async Azure credential instead of ``DefaultAzureCredential``.
    """
    from data_generator.providers.batch_api import create_batch_api

    if settings.token_budget is not None:
        outlets.log.warning(
            "--token-budget %s is not applied to a --batch run: its requests are submitted at once",
            f"{settings.token_budget:,}",
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
        await BatchRun(
            jobs,
            maker,
            lines,
            outlets,
            seed=seed,
            done=done,
            limits=(settings.batch_max_requests, settings.batch_max_bytes),
            online_repairs=settings.batch_repairs == "online",
            concurrency=settings.concurrency,
        ).run(todo)
    finally:
        await api.aclose()
