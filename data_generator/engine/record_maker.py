"""One record from request to validated model: ask, parse, validate, repair, post-process."""

from __future__ import annotations

import asyncio
import dataclasses
import random
from typing import Any

from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt

from data_generator.context import RecordContext, render_prompt
from data_generator.engine.events import (
    EventSink,
    RecordFailed,
    RecordRetried,
    RecordWritten,
    RequestFailed,
)
from data_generator.engine.fail_fast import FailFast
from data_generator.engine.limits import AdaptiveLimit, Pacer, Seats
from data_generator.engine.manifest import Tally
from data_generator.engine.routes import Route, Routes
from data_generator.engine.validation import (
    AttributeCheck,
    kept_answer,
    parse_answer,
    validation_summary,
)
from data_generator.errors import (
    ProviderAnswerError,
    ProviderAuthError,
    ProviderError,
    ProviderNotFoundError,
    ProviderRateLimitError,
    ProviderTransientError,
)
from data_generator.markers import RecordId, field_markers
from data_generator.pii import mask_record
from data_generator.prompt_template import build_template
from data_generator.providers.base import Completion, CompletionRequest, Headroom, Provider
from data_generator.runtime import runtime_of
from data_generator.tool import DataGeneratorTool, InvariantError

__all__ = ["Outcome", "RecordMaker", "validation_summary"]

_MAX_BACKOFF = 30.0


@dataclasses.dataclass(slots=True)
class Outcome:
    """One record's fate: the record, or why it failed and the last raw answer."""

    record: BaseModel | None = None
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reason: str = ""
    raw: str = ""


class RecordMaker:
    """Makes records of one scenario with one provider, prompt and schema built once.

    Args:
        tool: The scenario, with its options bound.
        provider: Who answers.
        max_attempts: How often one record is asked for before it counts as failed.
        emit: Where retry events go.
        max_retries: Retries of one request after a 429, a 5xx, a timeout or a lost
            connection (exponential back-off with jitter, at least ``retry-after``).
        limit: The adaptive in-flight limit, if requests are to be limited.
        pacer: The requests/tokens-per-minute pacer, if any.
        tokens_per_request: Estimated prompt plus maximum output tokens (for the pacer).
        backoff: Seconds of back-off before the first retry (doubles per retry, jittered).
        max_answer_chars: A longer answer is refused unread (see
            :func:`~data_generator.engine.validation.answer_chars_limit`); ``None``: any.
        routes: The deployments requests go to, each with its own limit and pacer; by
            default one route of ``provider``, ``limit`` and ``pacer``.
    """

    def __init__(
        self,
        tool: DataGeneratorTool[Any, Any],
        provider: Provider,
        max_attempts: int,
        emit: EventSink,
        *,
        max_retries: int = 0,
        limit: AdaptiveLimit | None = None,
        pacer: Pacer | None = None,
        tokens_per_request: int = 0,
        backoff: float = 0.25,
        max_answer_chars: int | None = None,
        routes: Routes | None = None,
    ) -> None:
        self.tool = tool
        if routes is None:
            routes = Routes([Route(provider, limit, pacer)])
        self.routes = routes
        self.provider = provider
        self.max_attempts = max(1, max_attempts)
        self.max_retries = max(0, max_retries)
        #: Records worked on at once (the in-flight caps, plus those waiting out a retry).
        self.seats = Seats(self.capacity) if self.capacity else None
        self.tokens_per_request = tokens_per_request
        self.backoff = backoff
        self.max_answer_chars = max_answer_chars
        #: The run's counts: this counts 429s, transient failures, masked and corrected records.
        self.tally = Tally()
        self.fail_fast = FailFast()
        # The offline provider writes reserved values only (a test scans its output); a
        # model's answer is scanned and masked.
        self.mask_identifiers = getattr(provider, "name", "") != "offline"
        # The offline provider writes the drawn attributes itself: nothing to check.
        self.attribute_check = AttributeCheck.of(tool) if self.mask_identifiers else None
        # A model invents ids; the record's own id comes from its index, as offline, so ids
        # stay unique keys (a search index, a database) whatever the model wrote.
        self.record_ids = record_id_fields(tool.record_model) if self.mask_identifiers else {}
        self._emit = emit
        self.system = tool.system
        # Option values stay literal text in the prompt, whatever braces they hold.
        self.template = build_template(tool)
        self.schema = tool.record_model.model_json_schema()

    def begin_run(self, tally: Tally) -> None:
        """Count into ``tally`` from now on; forget what earlier runs learnt about the service."""
        self.tally = tally
        self.fail_fast = FailFast()
        for route in self.routes.all:
            route.begin_run()

    def context(self, index: int, seed: int) -> RecordContext:
        """Return record ``index``'s context: its attributes drawn."""
        return runtime_of(self.tool).context(seed, index)[0]

    def request(self, context: RecordContext) -> CompletionRequest:
        """The first request for one record."""
        return CompletionRequest(
            context=context,
            system=self.system,
            prompt_template=self.template,
            record_model=self.tool.record_model,
            schema=self.schema,
        )

    def offline_samples(self, count: int) -> list[bytes]:
        """Records ``1..count`` as the offline provider makes them under seed 0, as JSON.

        To measure the scenario's typical answer size.
        """
        from data_generator.providers.offline import OfflineProvider

        offline = OfflineProvider(self.tool)
        return [
            offline.synthesize(self.request(self.context(index, 0)))
            for index in range(1, count + 1)
        ]

    def prompt(self, index: int, seed: int) -> str:
        """The user prompt of record ``index``."""
        return render_prompt(self.template, self.context(index, seed))

    def messages(self, index: int, seed: int) -> tuple[str, str]:
        """The system message and user prompt of record ``index``'s first ask, as sent.

        From the provider's ``messages(request)`` when it has one (a chat provider adds a
        field guide in some structured-output modes), else the scenario's own.
        """
        request = self.request(self.context(index, seed))
        preview = getattr(self.provider, "messages", None)
        if preview is None:
            return self.system, request.prompt
        sent: list[dict[str, str]] = preview(request)
        system = "\n\n".join(m["content"] for m in sent if m["role"] == "system")
        return system, "\n\n".join(m["content"] for m in sent if m["role"] != "system")

    async def make(
        self, index: int, seed: int, *, attempt: int = 1, feedback: str | None = None
    ) -> Outcome:
        """Ask for record ``index`` until it validates or attempts run out.

        Args:
            index: The record.
            seed: The run's seed.
            attempt: The first ask to make: more than 1 goes on from asks made elsewhere
                (a batch), with ``feedback`` saying why the last answer was refused.
            feedback: The reason the answer to ask ``attempt - 1`` was refused, if it was.

        Raises:
            ProviderError: A fatal one (refused key, missing deployment, unreachable
                endpoint, the same failure to the first requests): the run stops.
        """
        seats = self.seats
        if seats is None:
            return await self._make(index, seed, attempt, feedback)
        await seats.take()
        outcome = await self._make(index, seed, attempt, feedback)
        # Only here: a record that raised stops the run, and no other record may start.
        seats.give()
        return outcome

    async def _make(
        self, index: int, seed: int, first: int = 1, feedback: str | None = None
    ) -> Outcome:
        request = self.request(self.context(index, seed))
        outcome = Outcome(reason=feedback or "")
        for attempt in range(first, self.max_attempts + 1):
            outcome.attempts = attempt
            if attempt > 1:
                self._emit(RecordRetried(index, attempt, outcome.reason))
                told = attempt > first or feedback is not None
                request = dataclasses.replace(
                    request, attempt=attempt, feedback=outcome.reason if told else None
                )
            try:
                completion = await self._call(request)
            except ProviderAnswerError as exc:  # unreadable: asked again, as an invalid answer
                outcome.reason, outcome.raw = exc.one_line(), exc.raw
                continue
            except ProviderError as exc:
                if exc.fatal:
                    raise
                # Refused for this record (content filter, too long) or retries ran out.
                outcome.reason, outcome.raw = exc.one_line(), ""
                return outcome
            outcome.prompt_tokens += completion.usage.prompt_tokens
            outcome.completion_tokens += completion.usage.completion_tokens
            record, outcome.reason = self.accept(completion, request.context)
            if record is not None:
                outcome.record, outcome.raw = record, ""
                return outcome
            outcome.raw = kept_answer(completion.text)
        return outcome

    async def _call(self, request: CompletionRequest) -> Completion:
        """One ask, retried (with tenacity) after 429s and transient failures.

        The first try runs without the retry machinery, which costs more than an offline
        record; only a failure enters it.
        """
        try:
            return await self._send(request, 1)
        except (ProviderRateLimitError, ProviderTransientError) as exc:
            if self.max_retries == 0:
                raise
            await self._wait_to_retry(_delay(exc, 1, self.backoff), exc)
            last: BaseException | None = exc

        def wait(state: RetryCallState) -> float:
            nonlocal last
            last = state.outcome.exception() if state.outcome else None
            return _delay(last, state.attempt_number + 1, self.backoff)

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_retries),
            wait=wait,
            retry=retry_if_exception_type((ProviderRateLimitError, ProviderTransientError)),
            reraise=True,
            sleep=lambda seconds: self._wait_to_retry(seconds, last),
        )
        async for attempt in retrying:
            with attempt:
                return await self._send(request, attempt.retry_state.attempt_number + 1)
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    async def _wait_to_retry(self, seconds: float, error: BaseException | None) -> None:
        """Sleep before a retry; after a 429, lend this record's seat to another meanwhile.

        Not after a transient failure: that back-off gives a struggling service a rest.
        """
        seats = self.seats
        if seats is None or not isinstance(error, ProviderRateLimitError):
            await asyncio.sleep(seconds)
            return
        seats.give()
        try:
            await asyncio.sleep(seconds)
        finally:
            seats.take_back()

    async def _send(self, request: CompletionRequest, number: int) -> Completion:
        """Send one request to a route with room; a dropped route's goes to another."""
        routes = self.routes
        while True:
            route = await routes.choose()
            try:
                return await self._send_to(route, request, number)
            except (ProviderAuthError, ProviderNotFoundError) as exc:
                if not routes.drop(route, exc):
                    raise

    async def _send_to(self, route: Route, request: CompletionRequest, number: int) -> Completion:
        limit, pacer, tally = route.limit, route.pacer, route.tally
        sent_at = await limit.acquire() if limit is not None else 0.0
        try:
            # Paced after any 429 pause (slots taken during a pause would all fire at once),
            # and the pause checked again: a 429 may have come while this one waited.
            if pacer is not None:
                await pacer.wait(self.tokens_per_request)
                if limit is not None:
                    await limit.wait_pause()
            tally.requests += 1
            completion = await route.provider.complete(request)
            self._headroom(route, completion.headroom, sent_at)
        except ProviderError as exc:
            error = self.fail_fast.judge(exc)
            if isinstance(error, ProviderRateLimitError):
                self.tally.rate_limited += 1
                tally.rate_limited += 1
                said = self._headroom(route, error.headroom, sent_at) == 0
                # Only a spent quota pauses everyone; a lone 429 waits alone (in _call).
                spent = (
                    pacer.on_rate_limited(error.retry_after, spent=said)
                    if pacer is not None
                    else True
                )
                if spent and limit is not None:
                    limit.on_rate_limited(sent_at, error.retry_after)
                self._note_retry(request, number, error)
            elif isinstance(error, ProviderTransientError):
                self.tally.transient += 1
                self._note_retry(request, number, error)
            elif isinstance(error, ProviderAnswerError):
                self._answered(route)  # an answer all the same, if not one that can be read
            if error is exc:
                raise
            raise error from exc
        finally:
            if limit is not None:
                limit.release()
            if self.routes.several:
                self.routes.changed()
        usage = completion.usage
        tally.tokens += usage.prompt_tokens + usage.completion_tokens
        self._answered(route)
        return completion

    def _headroom(self, route: Route, headroom: Headroom | None, sent_at: float) -> int | None:
        """Tell the route's limit how many more requests the service would take; return that.

        Only until the route's requests are paced: with a sliding quota window, a count
        taken at the quota's edge says little of the room that frees while answers take
        seconds, and holding to it would starve a paced run.
        """
        left = None if headroom is None else headroom.requests_left(self.tokens_per_request)
        limit, pacer = route.limit, route.pacer
        if limit is not None and (left is not None or limit.remaining is not None):
            limit.on_headroom(None if pacer is not None and pacer.paced else left, sent_at)
        return left

    def _answered(self, route: Route) -> None:
        """The service answered a request: tell the fail-fast judge, the limit and the pacer."""
        self.fail_fast.success()
        if route.limit is not None:
            route.limit.on_success()
        if route.pacer is not None:
            route.pacer.on_success()

    @property
    def capacity(self) -> int:
        """Requests in flight at most: every route's cap summed (0 without limits)."""
        return sum(route.limit.maximum for route in self.routes.all if route.limit is not None)

    def workers(self, concurrency: int) -> int:
        """How many workers to run for ``concurrency`` requests in flight.

        Twice as many: :attr:`seats` lets only ``concurrency`` of them work on a record
        at once, plus one for each record waiting out a retry. With several routes,
        :attr:`seats` holds the sum of their caps.
        """
        return 2 * self.seats.size if self.seats is not None else concurrency

    def load(self) -> tuple[int, int]:
        """Requests in flight now, and the adaptive concurrency limits (0, 0 without one).

        Summed over the routes not dropped.
        """
        limits = [route.limit for route in self.routes.alive() if route.limit is not None]
        return sum(limit.in_flight for limit in limits), sum(limit.current for limit in limits)

    def written_event(self, index: int, outcome: Outcome) -> RecordWritten:
        """The event saying record ``index`` was written, with the load as it stands now."""
        in_flight, limit = self.load()
        return RecordWritten(
            index,
            outcome.attempts,
            outcome.prompt_tokens,
            outcome.completion_tokens,
            in_flight,
            limit,
        )

    def failed_event(self, index: int, outcome: Outcome) -> RecordFailed:
        """The event saying record ``index`` failed, with the load as it stands now."""
        in_flight, limit = self.load()
        return RecordFailed(
            index,
            outcome.reason,
            outcome.attempts,
            outcome.prompt_tokens,
            outcome.completion_tokens,
            in_flight,
            limit,
        )

    def _note_retry(self, request: CompletionRequest, number: int, exc: ProviderError) -> None:
        in_flight, limit = self.load()
        self._emit(
            RequestFailed(
                request.context.index,
                "rate_limited" if isinstance(exc, ProviderRateLimitError) else "transient",
                exc.one_line(),
                will_retry=number <= self.max_retries,
                retry_after=getattr(exc, "retry_after", None),
                in_flight=max(0, in_flight - 1),  # this request's slot is not free yet
                limit=limit,
            )
        )

    def accept(
        self, completion: Completion, context: RecordContext | None = None
    ) -> tuple[BaseModel | None, str]:
        """Parse, validate and post-process one answer; say why it was refused.

        With the record's ``context``, a model's answer must also honour the drawn
        attributes (see :class:`~data_generator.engine.validation.AttributeCheck`).
        """
        if completion.finish_reason == "length":
            return None, "the answer was cut off at the token limit"
        seeding = runtime_of(self.tool).seeding
        row = context.seed_row if context is not None and seeding is not None else None
        try:
            model = self.tool.record_model
            if self.mask_identifiers:
                data, problem = parse_answer(completion.text, self.max_answer_chars)
                if problem:
                    return None, problem
                record = self._validate_masked(data)
            elif completion.data is not None:  # the offline provider's draft, already parsed
                record = model.model_validate(completion.data)
            else:
                record = model.model_validate_json(completion.text)
            if row:
                assert seeding is not None
                record = seeding.record(record, row)  # the row's fields hold its values
            record = self.tool.post_process(record)
        except ValidationError as exc:
            return None, validation_summary(exc)
        except InvariantError as exc:
            return None, f"broke a scenario rule: {exc}"
        if self.record_ids and context is not None:
            record = with_record_ids(record, self.record_ids, context.index)
        if self.attribute_check is not None and context is not None:
            fixed, reason = self.attribute_check.honour(record, context)
            if fixed is not None and fixed is not record:
                self.tally.attributes_corrected += 1
            return fixed, reason
        return record, ""

    def _validate_masked(self, data: Any) -> BaseModel:
        """Validate a model's parsed answer after masking its real-looking identifiers."""
        data, changed = mask_record(data)
        record: BaseModel = self.tool.record_model.model_validate(data)
        if changed:
            self.tally.masked += 1
        return record


def record_id_fields(model: type[BaseModel]) -> dict[str, str]:
    """The top-level fields of ``model`` marked :class:`~data_generator.markers.RecordId`.

    Returns:
        Each such field's name and its id prefix.
    """
    return {
        path: marker.prefix
        for path, marker in field_markers(model).items()
        if isinstance(marker, RecordId) and "." not in path
    }


def with_record_ids(record: BaseModel, fields: dict[str, str], index: int) -> BaseModel:
    """``record`` with each id field set to ``PREFIX-<index>``, as offline records have it."""
    wanted = {name: f"{prefix}-{index:06d}" for name, prefix in fields.items()}
    changes = {name: value for name, value in wanted.items() if getattr(record, name) != value}
    return record.model_copy(update=changes) if changes else record


def _delay(error: BaseException | None, failures: int, base: float) -> float:
    """Back-off after ``failures`` failed tries.

    Exponential with full jitter, capped at 30 s, and never shorter than the
    ``retry-after`` the service asked for.
    """
    backoff = random.uniform(0, min(_MAX_BACKOFF, base * 2 ** (failures - 1)))
    retry_after = getattr(error, "retry_after", None)
    return max(backoff, float(retry_after)) if retry_after else backoff
