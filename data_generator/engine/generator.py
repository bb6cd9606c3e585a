"""``DataGenerator``: plan → schedule → call → validate/repair → post-process → write.

Work is streamed: a fixed pool of worker coroutines pulls record indices from one lazy
iterator, so memory does not grow with ``count``. Each record is independent: a failure is
logged with its index, kept in ``failures.jsonl`` (state folder) and summarised; the run
goes on. A fatal provider error (a refused key, a missing deployment) stops the run.
Single-file formats get their records in index order through a bounded
:class:`~data_generator.engine.reorder.ReorderBuffer`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from data_generator.delivery import Deliveries, Delivery, DeliveryContext
from data_generator.delivery.build import settings_deliveries
from data_generator.engine.batch_leftovers import SpoolDrain, warn_pending_batches
from data_generator.engine.budget import typical_output_tokens
from data_generator.engine.events import (
    Event,
    EventSink,
    RunFinished,
    RunStarted,
)
from data_generator.engine.failures import FailureLog
from data_generator.engine.lock import OutDirLock
from data_generator.engine.manifest import (
    DeploymentTally,
    Manifest,
    Totals,
    check_fingerprint,
    clear_run,
    manifest_path,
    read_manifest,
    record_files,
    release_room,
    reserve_room,
    write_manifest,
)
from data_generator.engine.plan import RunPlan, scenario_max_tokens
from data_generator.engine.record_maker import Outcome, RecordMaker
from data_generator.engine.reorder import ReorderBuffer, Ticket, reorder_window
from data_generator.engine.result import DryRunPlan, RunResult, TokenEstimate
from data_generator.engine.routes import (
    Routes,
    build_routes,
    deployment_providers,
    deployment_settings,
)
from data_generator.engine.run_state import RunState
from data_generator.engine.sharding import check_same_shard, shard_limits_note
from data_generator.engine.stream_run import RecordSink, StreamResult, StreamRun
from data_generator.engine.usage import USAGE_NAME, UsageJournal, killed_run_usage
from data_generator.engine.validation import answer_chars_limit
from data_generator.errors import (
    BatchCancelledError,
    DatagenError,
    FingerprintMismatchError,
    OutputError,
    ProviderError,
)
from data_generator.providers.base import Provider, create_provider
from data_generator.schema import strict_json_schema
from data_generator.settings import Settings, default_request_timeout
from data_generator.tool import DataGeneratorTool, OutputFormat
from data_generator.writers import IndexSet, OutputLayout, RecordWriter, create_writer

__all__ = ["DataGenerator"]

_log = logging.getLogger("data_generator.engine")
_YIELD_EVERY = 32  # records a worker makes before letting the event loop breathe


class DataGenerator:
    """Generates a scenario's records with a provider and writes them, resumably.

    Give it a :class:`~data_generator.engine.plan.RunPlan`, or a tool and the values a
    command line would give (``None``: not given): a plan is then built with the same
    rules the CLI uses, reading the environment, ``.env`` and ``scenarios.toml``.

    Example:
        >>> from data_generator import DataGenerator, Settings
        >>> from data_generator.tools.tech_support import TechSupportTool
        >>> tool = TechSupportTool({"system_description": "SaaS CRM"})
        >>> result = DataGenerator(  # doctest: +SKIP
        ...     tool, count=20, out_dir="out", settings=Settings(provider="offline")
        ... ).run()

    Args:
        tool: A plan, or the scenario with its options.
        count: How many records the data set should hold (indices ``1..count``); from
            ``scenarios.toml``, else 10, when omitted.
        out_dir: The output folder; ``./data/<scenario>`` by default.
        output_format: One of the formats the tool supports; from ``scenarios.toml``,
            else ``json``, when omitted.
        settings: Provider, connection and limits; resolved from the environment and
            ``.env`` when omitted. Those it sets win over ``scenarios.toml``.
        provider: A ready provider (library users, tests); built from settings otherwise.
        overwrite: Replace the records and run state already in ``out_dir``.
        prune: Delete the records beyond ``count`` an earlier, larger run left.
        max_attempts: How often one record is asked for before it counts as failed
            (``settings.max_attempts`` by default).
        kernel: A Semantic Kernel ``Kernel`` with a chat service ``datagen`` (library users,
            tests); built from settings otherwise.
        credential: An async Azure credential instead of ``DefaultAzureCredential``.
        logger: Where record failures are logged (``data_generator.engine`` by default).
        scenarios_file: The ``scenarios.toml`` to read instead of the one the CLI would.
        deliveries: Destinations the records also go to as they are written, besides
            those the settings name (``upload_to``, ``to``).

    Raises:
        UsageError: ``count`` is below 1 or the format is not supported by the tool.
        MissingConnectionSettingError: The provider lacks its endpoint or deployment.
        TypeError: A plan was given together with values it already holds.
    """

    def __init__(
        self,
        tool: DataGeneratorTool[Any, Any] | RunPlan,
        *,
        count: int | None = None,
        out_dir: Path | str | None = None,
        output_format: OutputFormat | None = None,
        settings: Settings | None = None,
        provider: Provider | None = None,
        overwrite: bool = False,
        prune: bool = False,
        max_attempts: int | None = None,
        kernel: Any = None,
        credential: Any = None,
        logger: logging.Logger | None = None,
        scenarios_file: Path | str | None = None,
        deliveries: Sequence[Delivery] = (),
    ) -> None:
        if isinstance(tool, RunPlan):
            given = (count, out_dir, output_format, settings, scenarios_file)
            if any(value is not None for value in given):
                raise TypeError(
                    "DataGenerator(plan) takes no count, out_dir, output_format, settings "
                    "or scenarios_file: build the plan with them (RunPlan.build)"
                )
            plan = tool
        else:
            plan = RunPlan.build(
                tool,
                count=count,
                output_format=output_format,
                out_dir=out_dir,
                settings=settings,
                scenarios_file=scenarios_file,
                provider=provider,
            )
        self.log = logger if logger is not None else _log
        if plan.sources.get("max_tokens") == "scenario default":
            self.log.info(
                "max_tokens %d (the %s default), request timeout %.0f s",
                plan.settings.max_tokens,
                plan.tool.name,
                plan.settings.effective_request_timeout,
            )
        if plan.settings.batch:
            from data_generator.engine.batch_start import check_batch_plan

            check_batch_plan(plan)
        if plan.unsplit_limits:
            self.log.info("shard %s: %s", plan.settings.shard, shard_limits_note(plan))
        self._owns_provider = provider is None
        self._provider_closed = False
        self._provider_args = {"kernel": kernel, "credential": credential}
        self.plan = plan
        # A given provider is the one route; else one per deployment, or one of the settings.
        self._deployments = plan.deployments if provider is None else ()
        self._route_providers = self._create_providers() if provider is None else [provider]
        self.provider = self._route_providers[0]
        plan = plan.with_provider(self.provider)
        # A provider that answers one request at a time (a model in this process) gains
        # nothing from more in flight: records would only finish later, all together.
        most = getattr(self.provider, "max_concurrency", None)
        if isinstance(most, int) and 0 < most < plan.settings.concurrency:
            self.log.info(
                "concurrency %d (%s answers %d at a time)", most, self.provider.name, most
            )
            plan = plan.with_settings(concurrency=most)
        self.plan = plan
        self.layout = OutputLayout(
            plan.out_dir, plan.tool.name, plan.output_format, state_root=plan.settings.state_dir
        )
        self.overwrite = overwrite
        self.prune = prune
        self._sinks: list[EventSink] = []
        self._given_deliveries = (*deliveries, *settings_deliveries(plan.settings))
        self._deliveries = Deliveries()
        self._delivered: tuple[str, ...] = ()
        self._maker = RecordMaker(
            plan.tool,
            self.provider,
            max_attempts if max_attempts is not None else self.settings.max_attempts,
            self._emit,
            max_retries=plan.settings.max_retries,
            tokens_per_request=plan.tokens_per_request,
            backoff=plan.settings.retry_backoff,
            max_answer_chars=answer_chars_limit(plan.settings.max_tokens),
            routes=self._routes(),
        )

    @property
    def tool(self) -> DataGeneratorTool[Any, Any]:
        """The scenario."""
        return self.plan.tool

    @property
    def options(self) -> BaseModel:
        """The scenario's options."""
        return self.plan.options

    @property
    def settings(self) -> Settings:
        """The run's resolved settings."""
        return self.plan.settings

    @property
    def count(self) -> int:
        """Records in the data set."""
        return self.plan.count

    @property
    def output_format(self) -> OutputFormat:
        """The file format."""
        return self.plan.output_format

    # --- public API -------------------------------------------------------------------
    def subscribe(self, sink: EventSink) -> None:
        """Call ``sink`` with every progress event of later runs."""
        self._sinks.append(sink)

    def run(self) -> RunResult:
        """Generate and write the data set; see :meth:`run_async`."""
        return asyncio.run(self.run_async())

    async def run_async(self) -> RunResult:
        """Generate the missing records of ``1..count``, write them and the manifest.

        The run holds the out-dir's lock (``.datagen/lock``) from start to end.

        Returns:
            What was written and what failed; ``exit_code`` says 0 or 1.

        Raises:
            OutDirBusyError: Another run holds the out-dir's lock.
            OutputError: The out-dir cannot be written (records written so far are kept
                and the manifest says "interrupted").
            FingerprintMismatchError: The out-dir holds records made otherwise.
            ProviderError: A fatal provider error stopped the run (records written so far
                are kept and the manifest says so).
            asyncio.CancelledError: The run was interrupted (likewise kept).
        """
        layout = self.layout
        with OutDirLock(
            layout.out_dir, layout.state_dir, state_outside=layout.state_root is not None
        ):
            return await self._run_locked()

    async def _run_locked(self) -> RunResult:
        layout = self.layout
        previous = read_manifest(layout)
        if self.overwrite:
            clear_run(layout)
            previous = None
        seed = self._resolve_seed(previous)
        inputs = self.fingerprint_inputs(seed)
        if previous is not None:
            check_fingerprint(previous, inputs, layout.out_dir)
            check_same_shard(previous, self.settings.shard, layout.out_dir)
        elif record_files(layout):
            raise FingerprintMismatchError(
                f"{str(layout.out_dir)!r} holds {self.tool.name} records that no datagen run "
                "state accounts for",
                hint="Add --overwrite to replace them, pass the --state-dir of the run that "
                "made them, or choose another --out-dir",
            )
        writer = create_writer(
            layout,
            self.tool.record_model,
            self.tool.render_text,
            escape_formulas=self.settings.csv_formulas == "escape",
            row_group_size=self.settings.parquet_row_group_size,
        )
        layout.prepare()
        done = writer.open()
        pruned = self._prune(writer, done) if self.prune else 0
        async with self._provider_session():
            return await self._execute(writer, done, seed, inputs, previous, pruned=pruned)

    async def generate_data_async(self, count: int | None = None) -> AsyncIterator[BaseModel]:
        """Yield validated records ``1..count`` in index order, writing nothing.

        Records that fail every attempt are skipped (and logged).
        """
        seed = self._resolve_seed(None)
        async with self._provider_session():
            for index in range(1, (count or self.count) + 1):
                outcome = await self._maker.make(index, seed)
                if outcome.record is None:
                    self._log_failure(index, outcome.reason)
                    continue
                yield outcome.record

    def stream(self, sink: RecordSink) -> StreamResult:
        """Make the records and hand each to ``sink`` in index order, keeping nothing.

        See :mod:`~data_generator.engine.stream_run` (``-o -``, ``--preview``).
        """
        return asyncio.run(self.stream_async(sink))

    async def stream_async(self, sink: RecordSink) -> StreamResult:
        """Make the records and hand each to ``sink`` in index order, keeping nothing.

        No out-dir, state, manifest or lock: the seed is ``settings.seed`` or a new one.
        A ``sink`` that raises ``BrokenPipeError`` ends the run (status ``closed``).
        """
        async with self._provider_session():
            run = StreamRun(self.plan, self._maker, self._emit, self.log)
            return await run.run(sink, self._resolve_seed(None))

    def generate_data(self, count: int | None = None) -> list[BaseModel]:
        """Return validated records ``1..count`` as a list, writing nothing."""

        async def collect() -> list[BaseModel]:
            return [record async for record in self.generate_data_async(count)]

        return asyncio.run(collect())

    def dry_run(self, *, fresh: bool = False) -> DryRunPlan:
        """Describe the run without calling a model or writing anything.

        Args:
            fresh: Ignore any earlier run in the out-dir (a run that keeps nothing).
        """
        previous = None if self.overwrite or fresh else read_manifest(self.layout)
        seed = self._resolve_seed(previous)
        present = 0
        if previous is not None and previous.fingerprint == self.plan.fingerprint(seed):
            present = min(previous.present, self.plan.share)
        system, prompt = self._maker.messages(1, seed)
        return DryRunPlan(
            scenario=self.tool.name,
            provider=self.provider.name,
            model=self.plan.model or self.provider.model,
            count=self.plan.share,
            already_present=present,
            out_dir=self.layout.out_dir,
            output_format=self.output_format,
            seed=seed,
            system=system,
            prompt=prompt,
            schema=strict_json_schema(self.tool.record_model),
            estimate=TokenEstimate.of(
                (estimate := self.estimate_tokens()).prompt_per_record,
                estimate.completion_per_record,
                self.plan.share - present,
                self.settings,
            ),
            max_tokens=(max_tokens := self.settings.max_tokens or self.default_max_tokens()),
            request_timeout=(
                self.settings.request_timeout
                if self.settings.request_timeout is not None
                else default_request_timeout(max_tokens)
            ),
            deployments=tuple(deployment.shown for deployment in self._deployments),
            shard=self.settings.shard,
            shard_note=shard_limits_note(self.plan) if self.plan.unsplit_limits else None,
            deliveries=tuple(delivery.shown for delivery in self._given_deliveries),
        )

    def fingerprint_inputs(self, seed: int) -> dict[str, Any]:
        """Everything that shapes the records, as recorded in the manifest."""
        return self.plan.fingerprint_inputs(seed)

    # --- the run ----------------------------------------------------------------------
    def estimate_tokens(self) -> TokenEstimate:
        """Estimate the tokens (and cost, with prices set) of one record and of the run.

        Prompt tokens are the characters of the system message, the prompt and the schema
        over four; output tokens are the scenario's typical answer (the median size of 200
        offline records with these options, over four), not the ``--max-tokens`` cap.
        """
        output_tokens = typical_output_tokens(self.tool)
        return TokenEstimate.of(self.plan.prompt_tokens, output_tokens, self.count, self.settings)

    def default_max_tokens(self) -> int:
        """The scenario's default ``--max-tokens`` (see :func:`.plan.scenario_max_tokens`)."""
        return scenario_max_tokens(self.tool)

    def _create_provider(self) -> Provider:
        return create_provider(self.settings, tool=self.tool, **self._provider_args)

    def _create_providers(self) -> list[Provider]:
        """One provider per deployment (the run's own settings' one without deployments)."""
        if not self._deployments:
            return [self._create_provider()]
        return deployment_providers(
            self.plan, self._deployments, self.tool, self._provider_args["credential"]
        )

    def _routes(self) -> Routes:
        """The run's routes: one per deployment, each with its own limit and pacer."""
        return build_routes(self._route_providers, self._deployments, self.settings, self.log)

    def deployment_tallies(self) -> tuple[DeploymentTally, ...]:
        """Requests, 429s and tokens per deployment so far (empty for a run of one route)."""
        return self._maker.routes.tallies()

    def _create_kernel(self) -> Any:
        """The Semantic Kernel ``Kernel`` of a model provider (``None`` for offline)."""
        return getattr(self.provider, "kernel", None)

    @contextlib.asynccontextmanager
    async def _provider_session(self) -> AsyncIterator[None]:
        """Use the provider within one event loop; close what we opened at the end."""
        if self._owns_provider and self._provider_closed:
            self._route_providers = self._create_providers()
            for route, provider in zip(self._maker.routes.all, self._route_providers, strict=True):
                route.provider = provider
            self.provider = self._maker.provider = self._route_providers[0]
            self._provider_closed = False
        try:
            yield
        finally:
            if self._owns_provider:
                self._provider_closed = True
                for provider in self._route_providers:
                    await provider.aclose()

    async def _execute(
        self,
        writer: RecordWriter,
        done: IndexSet,
        seed: int,
        inputs: dict[str, Any],
        previous: Manifest | None,
        *,
        pruned: int = 0,
    ) -> RunResult:
        layout = self.layout
        already = done.count_upto(self.count)
        journal = layout.state_dir / USAGE_NAME
        killed = killed_run_usage(journal, previous, done)
        totals = Totals.of(previous) if killed is None else Totals.of(previous).plus(killed)
        run = self._run_state(inputs, totals, already, len(done) - already - pruned, previous)
        failures = FailureLog(layout.state_dir / "failures.jsonl")
        self._maker.begin_run(run.tally)
        self._record_manifest(run)
        usage = UsageJournal(journal, run.run_id)
        reserve_room(layout)
        self._emit(
            RunStarted(
                self.tool.name, self.plan.share, already, self._maker.capacity, layout.out_dir
            )
        )
        shard = self.plan.shard
        wanted = shard.indices(self.count) if shard is not None else range(1, self.count + 1)
        todo = (index for index in wanted if index not in done)
        stopped: BaseException | None = None
        tally = run.tally
        self._deliveries = Deliveries(self._given_deliveries)
        try:
            await self._deliveries.open(
                DeliveryContext(layout, self.tool, done, self._emit, self.log)
            )
            if self.settings.batch:
                await self._run_batches(
                    list(todo), writer, done, seed=seed, run=run, failures=failures, usage=usage
                )
            else:
                spool = self._batch_leftovers(writer, done, wanted, run, usage)
                todo = (index for index in todo if index not in spool.indices)
                window = None if layout.per_record else reorder_window(self._maker.capacity)
                order = ReorderBuffer[Outcome](
                    spool.release(lambda index, outcome: self._write(writer, run, index, outcome)),
                    window,
                )
                try:
                    await self._run_workers(todo, _Outlets(order, failures, usage), seed, run)
                    if not run.budget_reached:
                        spool.drain()
                finally:
                    spool.close()
            run.status = (
                "budget" if run.budget_reached else "complete" if not tally.failed else "incomplete"
            )
        except BaseException as exc:  # kept, and raised once the output is closed
            run.status, stopped = _status_after(exc), exc
        # Whatever stopped the run, the writer keeps every whole record, the manifest
        # says how the run ended, and the first error is the one raised.
        failures.close()
        run.files, closing_error = self._close_output(writer, stopped)
        if stopped is None and closing_error is not None:
            run.status, stopped = _status_after(closing_error), closing_error
        usage.close()
        release_room(layout)
        self._last_manifest(run, usage, stopped)
        stopped = await self._close_deliveries(run, stopped)
        elapsed = run.elapsed
        self._emit(RunFinished(run.status, tally.written, tally.failed, elapsed))
        if stopped is not None:
            raise stopped
        return RunResult(
            scenario=self.tool.name,
            out_dir=layout.out_dir,
            output_format=self.output_format,
            requested=self.plan.share,
            present=run.present,
            written=tally.written,
            failed=tally.failed,
            retried=tally.retried,
            prompt_tokens=tally.prompt_tokens,
            completion_tokens=tally.completion_tokens,
            elapsed=elapsed,
            status=run.status,
            files=run.files,
            failures_path=failures.path if tally.failed else None,
            manifest_path=manifest_path(layout),
            seed=seed,
            rate_limited=tally.rate_limited,
            cost=run.spent(tally, self.settings),
            transient=tally.transient,
            structured_output=self.structured_output_mode,
            attributes_corrected=tally.attributes_corrected,
            beyond_count=run.beyond,
            pruned=pruned,
            deployments=self.deployment_tallies(),
            delivered=self._delivered,
        )

    def _record_manifest(self, run: RunState) -> None:
        """Write the manifest of ``run`` as it stands."""
        write_manifest(
            self.layout,
            run.manifest(
                self.layout,
                self.settings,
                self.structured_output_mode,
                deployments=self.deployment_tallies(),
            ),
        )

    def _close_output(
        self, writer: RecordWriter, stopped: BaseException | None
    ) -> tuple[list[Path], BaseException | None]:
        """Close ``writer``; return its files and the error closing raised, if any.

        After an earlier error a second one is only logged: a second disk error after the
        first is no news.
        """
        try:
            return writer.close(), None
        except BaseException as exc:
            if stopped is None:
                return [], exc
            level = logging.DEBUG if isinstance(stopped, OutputError) else logging.WARNING
            reason = exc.one_line() if isinstance(exc, DatagenError) else repr(exc)
            self.log.log(level, "could not finish the output: %s", reason)
            return [], None

    def _run_state(
        self,
        inputs: dict[str, Any],
        totals: Totals,
        already: int,
        beyond: int,
        previous: Manifest | None,
    ) -> RunState:
        """The state of a run starting now, carrying on the earlier runs' tallies."""
        run = RunState(inputs, totals, self.count, already, beyond=beyond)
        run.deployments = previous.deployments if previous is not None else ()
        run.batches = list(previous.batches) if previous is not None else []
        run.shard = self.settings.shard
        return run

    async def _close_deliveries(
        self, run: RunState, stopped: BaseException | None
    ) -> BaseException | None:
        """Finish the deliveries with the final files; return the error the run ends with.

        The out-dir is final by now: a delivery that fails after a clean run ends the
        command with its error, and a rerun (or ``datagen upload``) completes it.
        """
        deliveries, self._deliveries = self._deliveries, Deliveries()
        try:
            await deliveries.close(run.files, stopped)
        except BaseException as exc:
            if stopped is None:
                return exc
            reason = exc.one_line() if isinstance(exc, DatagenError) else repr(exc)
            self.log.warning("delivery did not finish: %s", reason)
        finally:
            self._delivered = deliveries.summaries
        return stopped

    def _last_manifest(
        self, run: RunState, usage: UsageJournal, stopped: BaseException | None
    ) -> None:
        """Write the run's last manifest; then its usage journal is counted in it.

        A manifest that cannot be written after an earlier error is mentioned in that
        error, which stays the one raised.
        """
        try:
            self._record_manifest(run)
        except DatagenError as exc:
            if stopped is None:
                raise
            _mention(stopped, f"the run manifest was not updated either: {exc.message}", self.log)
        else:
            usage.discard()  # the manifest counts this run now

    async def _run_workers(
        self, todo: Iterator[int], outlets: _Outlets, seed: int, run: RunState
    ) -> None:
        workers = [
            asyncio.ensure_future(self._worker(todo, outlets, seed, run))
            for _ in range(self._maker.workers(self.settings.concurrency))
        ]
        try:
            finished, _ = await asyncio.wait(workers, return_when=asyncio.FIRST_EXCEPTION)
            for task in finished:
                task.result()  # re-raises the first worker error
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def _worker(
        self, todo: Iterator[int], outlets: _Outlets, seed: int, run: RunState
    ) -> None:
        order, failures, usage = outlets.order, outlets.failures, outlets.usage
        tally = run.tally
        budget = self.settings.token_budget
        made = 0
        while budget is None or tally.prompt_tokens + tally.completion_tokens < budget:
            ticket: Ticket | None = await order.take(todo)
            if ticket is None:
                return
            index = ticket.index
            made += 1
            outcome = await self._maker.make(index, seed)
            tally.retried += outcome.attempts - 1
            tally.prompt_tokens += outcome.prompt_tokens
            tally.completion_tokens += outcome.completion_tokens
            usage.add(
                index,
                made=outcome.record is not None,
                prompt_tokens=outcome.prompt_tokens,
                completion_tokens=outcome.completion_tokens,
                retried=outcome.attempts - 1,
                stats=tally,
            )
            if outcome.record is None:
                order.skip(ticket)
                tally.failed += 1
                failures.add(index, outcome.reason, outcome.raw, outcome.attempts)
                self._log_failure(index, outcome.reason)
                self._emit(self._maker.failed_event(index, outcome))
            else:
                order.put(ticket, outcome)
                if self._deliveries.busy:
                    await self._deliveries.room()
            if made % _YIELD_EVERY == 0:
                await asyncio.sleep(0)
        run.budget_reached = True

    async def _run_batches(
        self,
        todo: list[int],
        writer: RecordWriter,
        done: IndexSet,
        *,
        seed: int,
        run: RunState,
        failures: FailureLog,
        usage: UsageJournal,
    ) -> None:
        """Make the records ``todo`` through the provider's Batch API (``--batch``)."""
        from data_generator.engine.batch_run import BatchOutlets
        from data_generator.engine.batch_start import run_batches

        outlets = BatchOutlets(
            lambda index, outcome: self._write(writer, run, index, outcome),
            failures,
            usage,
            run.tally,
            self._emit,
            self.log,
        )
        settings = self.settings
        if self._deployments:  # the one deployment (several are refused)
            settings = deployment_settings(settings, self.plan.provider, self._deployments[0])
        run.budget_reached = await run_batches(
            settings,
            self._maker,
            outlets,
            run.batches,
            lambda: self._record_manifest(run),
            todo=todo,
            seed=seed,
            done=done,
            folder=self.layout.state_dir / "batches",
            credential=self._provider_args["credential"],
        )

    def _batch_leftovers(
        self,
        writer: RecordWriter,
        done: IndexSet,
        wanted: range,
        run: RunState,
        usage: UsageJournal,
    ) -> SpoolDrain:
        """Take up what a ``--batch`` run left for this online run: spool, pending batches."""
        folder = self.layout.state_dir / "batches"
        spool = SpoolDrain(
            folder,
            self.tool.record_model,
            lambda index, outcome: self._write(writer, run, index, outcome),
            usage=usage,
            tally=run.tally,
            log=self.log,
        )
        spool.open(wanted, done)
        if run.batches:
            held = spool.indices

            def asked(index: int) -> bool:
                return index in wanted and index not in done and index not in held

            warn_pending_batches(run.batches, folder, asked, self.layout.out_dir, self.log)
        return spool

    def _write(self, writer: RecordWriter, run: RunState, index: int, outcome: Outcome) -> None:
        """Write one made record (in index order, for single-file formats) and announce it."""
        assert outcome.record is not None
        writer.write(index, outcome.record)
        run.tally.written += 1
        if self._deliveries:
            path = self.layout.record_path(index) if self.layout.per_record else None
            self._deliveries.add(index, outcome.record, path)
        if self._sinks:
            self._emit(self._maker.written_event(index, outcome))

    def _prune(self, writer: RecordWriter, done: IndexSet) -> int:
        """Delete the records beyond ``count`` (``--prune``); return how many."""
        if not any(index > self.count for index in done):
            return 0
        removed = writer.prune(self.count)
        self.log.info("pruned %d records beyond --count %d", removed, self.count)
        return removed

    # --- helpers ----------------------------------------------------------------------
    @property
    def structured_output_mode(self) -> str | None:
        """How the provider holds answers to the schema (``None`` while it is undecided).

        ``json-schema``, ``json-object-schema``, ``json`` or ``off`` for chat services
        (negotiated with the server under ``auto``); the provider's own word otherwise
        (``native`` for offline).
        """
        if self.settings.batch:
            from data_generator.engine.batch_start import batch_mode

            return batch_mode(self.settings, self.tool.record_model)
        # The first deployment may have been dropped before it settled on one.
        alive = self._maker.routes.alive()
        provider = alive[0].provider if alive else self.provider
        mode = getattr(provider, "structured_output_mode", None)
        return str(mode) if mode is not None else None

    def _resolve_seed(self, previous: Manifest | None) -> int:
        if self.settings.seed is not None:
            return self.settings.seed
        if previous is not None and previous.seed is not None:
            return previous.seed
        return secrets.randbelow(2**31)

    def _log_failure(self, index: int, reason: str) -> None:
        """Log that record ``index`` failed, with its index as context for JSON logs."""
        self.log.warning(
            "record %d failed: %s", index, reason, extra={"index": index, "event": "record_failed"}
        )

    def _emit(self, event: Event) -> None:
        for sink in self._sinks:
            sink(event)


@dataclass(frozen=True)
class _Outlets:
    """Where a run's workers put what they make and spend."""

    order: ReorderBuffer[Outcome]
    failures: FailureLog
    usage: UsageJournal


def _status_after(exc: BaseException) -> str:
    if isinstance(
        exc, asyncio.CancelledError | KeyboardInterrupt | OutputError | BatchCancelledError
    ):
        return "interrupted"  # a rerun of the same command goes on from here
    if isinstance(exc, ProviderError):
        return "aborted"
    return "failed"


def _mention(error: BaseException, note: str, log: logging.Logger) -> None:
    """Add ``note`` to the hint of ``error`` (the line the user sees), or log it."""
    if isinstance(error, DatagenError):
        error.hint = f"{error.hint} ({note})" if error.hint else note
    else:
        log.warning("%s", note)
