"""The engine: repair, failures and resume, fatal errors, events, concurrency, interruption."""

from __future__ import annotations

import asyncio
import json
import logging
import tracemalloc
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from helpers import manifest
from sample_tools import NotesTool

from data_generator import DataGenerator, Settings
from data_generator.engine import (
    Event,
    RecordFailed,
    RecordRetried,
    RecordWritten,
    RequestFailed,
    RunFinished,
    RunStarted,
)
from data_generator.errors import (
    ProviderAuthError,
    ProviderContentFilterError,
    ProviderRateLimitError,
    ProviderTransientError,
    UsageError,
)
from data_generator.providers import Completion, CompletionRequest
from data_generator.providers.offline import OfflineProvider
from data_generator.tool import DataGeneratorTool
from data_generator.tools.tech_support import TechSupportTicket, TechSupportTool

PRODUCT = "SaaS CRM"

# A fault is a function that spoils a good answer, or a provider error class to raise.
Fault = Callable[[Completion], Completion] | type[Exception]


def invalid_json(answer: Completion) -> Completion:
    """The answer cut in half: not JSON any more."""
    return Completion(answer.text[: len(answer.text) // 2], answer.usage, "stop")


def bad_case_id(answer: Completion) -> Completion:
    """Valid JSON that breaks the schema (case_id pattern)."""
    data = json.loads(answer.text)
    data["case_id"] = "TICKET-7"
    return Completion(json.dumps(data), answer.usage, "stop")


def cut_off(answer: Completion) -> Completion:
    """The same text, but the model says it hit the token limit."""
    return Completion(answer.text, answer.usage, "length")


class FaultyProvider:
    """The real offline provider, with faults injected for chosen (index, attempt)s.

    ``faults`` keys are ``(index, attempt)``; ``always`` faults hit every attempt of an
    index. It makes ``tool``'s records (tech-support's by default). ``delay`` adds
    simulated latency; ``jitter`` makes records finish out of order.
    """

    def __init__(
        self,
        faults: Mapping[tuple[int, int], Fault] | None = None,
        *,
        always: Mapping[int, Fault] | None = None,
        delay: float = 0.0,
        jitter: bool = False,
        tool: DataGeneratorTool[Any, Any] | None = None,
    ) -> None:
        self.inner = OfflineProvider(tool or tech_support())
        self.name = self.inner.name
        self.model = self.inner.model
        self.faults = dict(faults or {})
        self.always = dict(always or {})
        self.delay = delay
        self.jitter = jitter
        self.requests: list[CompletionRequest] = []
        self.answers: dict[tuple[int, int], str] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self.closed = False
        self.finished: list[int] = []  # indices in the order their answers came

    async def complete(self, request: CompletionRequest) -> Completion:
        self.requests.append(request)
        index = request.context.index
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            if self.jitter:
                for _ in range((index * 7) % 5):
                    await asyncio.sleep(0)
            answer = await self.inner.complete(request)
        finally:
            self.in_flight -= 1
        self.finished.append(index)
        fault = self.faults.get((index, request.attempt), self.always.get(index))
        if isinstance(fault, type):
            raise fault(f"simulated {fault.__name__} for record {index}")
        if fault is not None:
            answer = fault(answer)
        self.answers[index, request.attempt] = answer.text
        return answer

    async def aclose(self) -> None:
        self.closed = True

    def attempts(self, index: int) -> list[int]:
        return [r.attempt for r in self.requests if r.context.index == index]

    def request(self, index: int, attempt: int) -> CompletionRequest:
        return next(r for r in self.requests if r.context.index == index and r.attempt == attempt)


def tech_support() -> TechSupportTool:
    tool = TechSupportTool({"system_description": PRODUCT})
    return tool


def generator(
    out: Path,
    provider: Any = None,
    *,
    count: int = 5,
    fmt: Any = "json",
    concurrency: int = 4,
    seed: int = 7,
    max_attempts: int = 3,
    tool: Any = None,
) -> DataGenerator:
    return DataGenerator(
        tool if tool is not None else tech_support(),
        count=count,
        out_dir=out,
        output_format=fmt,
        settings=Settings(provider="offline", seed=seed, concurrency=concurrency),
        provider=provider,
        max_attempts=max_attempts,
    )


def record_path(out: Path, index: int) -> Path:
    return out / f"tech-support-{index:06d}.json"


def json_indices(out: Path) -> list[int]:
    return sorted(int(p.stem.rsplit("-", 1)[1]) for p in out.glob("tech-support-*.json"))


def folder_bytes(out: Path) -> dict[str, bytes]:
    """Every record file's bytes, by name (run state excluded)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def jsonl_lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def case_ids(path: Path) -> list[str]:
    return [json.loads(line)["case_id"] for line in jsonl_lines(path)]


# --- validation and repair ------------------------------------------------------------


def test_invalid_json_is_repaired_on_the_second_attempt(tmp_path: Path) -> None:
    out = tmp_path / "out"
    provider = FaultyProvider({(2, 1): invalid_json})
    gen = generator(out, provider, count=3)
    events: list[Event] = []
    gen.subscribe(events.append)

    result = gen.run()

    assert result.exit_code == 0
    assert result.retried == 1
    assert json_indices(out) == [1, 2, 3]
    TechSupportTicket.model_validate_json(record_path(out, 2).read_bytes())
    assert manifest(out)["counts"]["retried"] == 1
    assert manifest(out)["counts"]["failed"] == 0
    retried = [e for e in events if isinstance(e, RecordRetried)]
    assert len(retried) == 1
    assert (retried[0].index, retried[0].attempt) == (2, 2)
    assert "Invalid JSON" in retried[0].reason
    assert provider.attempts(2) == [1, 2]
    assert provider.request(2, 1).feedback is None
    feedback = provider.request(2, 2).feedback
    assert feedback is not None
    assert "Invalid JSON" in feedback
    written = {e.index: e.attempts for e in events if isinstance(e, RecordWritten)}
    assert written == {1: 1, 2: 2, 3: 1}


def test_repair_feedback_names_the_schema_violation(tmp_path: Path) -> None:
    out = tmp_path / "out"
    provider = FaultyProvider({(1, 1): bad_case_id})

    result = generator(out, provider, count=2).run()

    assert result.exit_code == 0
    feedback = provider.request(1, 2).feedback
    assert feedback is not None
    assert "case_id" in feedback
    assert "pattern" in feedback
    assert json.loads(record_path(out, 1).read_text())["case_id"] == "CASE-000001"


def test_answer_cut_off_at_token_limit_is_retried(tmp_path: Path) -> None:
    out = tmp_path / "out"
    provider = FaultyProvider({(1, 1): cut_off})
    events: list[Event] = []
    gen = generator(out, provider, count=2)
    gen.subscribe(events.append)

    result = gen.run()

    assert result.exit_code == 0
    assert result.retried == 1
    assert provider.attempts(1) == [1, 2]
    retried = [e for e in events if isinstance(e, RecordRetried)]
    assert [(e.index, e.attempt) for e in retried] == [(1, 2)]
    assert "token limit" in retried[0].reason
    assert json_indices(out) == [1, 2]


# --- failures and resume --------------------------------------------------------------


def test_record_failing_every_attempt_is_logged_and_a_rerun_fills_the_gap(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    provider = FaultyProvider(always={3: invalid_json})
    events: list[Event] = []
    gen = generator(out, provider, count=5)
    gen.subscribe(events.append)

    result = gen.run()

    failures = out / ".datagen" / "failures.jsonl"
    assert result.exit_code == 1
    assert result.failed == 1
    assert result.written == 4
    assert result.status == "incomplete"
    assert result.failures_path == failures
    assert json_indices(out) == [1, 2, 4, 5]
    assert not record_path(out, 3).exists()
    assert provider.attempts(3) == [1, 2, 3]
    lines = failures.read_text().splitlines()
    assert len(lines) == 1
    line = json.loads(lines[0])
    assert line["index"] == 3
    assert line["attempts"] == 3
    assert "Invalid JSON" in line["reason"]
    assert line["raw"] == provider.answers[3, 3]
    assert line["raw"].startswith('{"case_id":"CASE-000003"')
    saved = manifest(out)
    assert saved["status"] == "incomplete"
    assert saved["counts"]["failed"] == 1
    assert saved["counts"]["present"] == 4
    assert saved["failures_file"] == ".datagen/failures.jsonl"
    assert [e.index for e in events if isinstance(e, RecordFailed)] == [3]

    rerun = generator(out, count=5).run()  # a healthy (offline) provider

    assert rerun.exit_code == 0
    assert (rerun.written, rerun.present, rerun.failed) == (1, 5, 0)
    assert json_indices(out) == [1, 2, 3, 4, 5]
    assert not failures.exists() or failures.read_text() == ""
    assert manifest(out)["status"] == "complete"
    assert manifest(out)["counts"]["runs"] == 2
    clean = tmp_path / "clean"
    generator(clean, count=5).run()
    assert folder_bytes(out) == folder_bytes(clean)


def test_content_filter_fails_the_record_at_once_and_the_run_goes_on(tmp_path: Path) -> None:
    out = tmp_path / "out"
    provider = FaultyProvider(always={2: ProviderContentFilterError})

    result = generator(out, provider, count=4).run()

    assert result.exit_code == 1
    assert result.failed == 1
    assert result.retried == 0
    assert provider.attempts(2) == [1]
    assert json_indices(out) == [1, 3, 4]
    (line,) = [json.loads(x) for x in (out / ".datagen/failures.jsonl").read_text().splitlines()]
    assert line["index"] == 2
    assert line["attempts"] == 1
    assert "simulated ProviderContentFilterError" in line["reason"]


def test_fatal_auth_error_stops_the_run_and_keeps_what_was_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    provider = FaultyProvider(always={4: ProviderAuthError})
    events: list[Event] = []
    gen = generator(out, provider, count=10, concurrency=1)
    gen.subscribe(events.append)

    with pytest.raises(ProviderAuthError, match="record 4"):
        gen.run()

    assert json_indices(out) == [1, 2, 3]
    for index in (1, 2, 3):
        TechSupportTicket.model_validate_json(record_path(out, index).read_bytes())
    assert provider.attempts(4) == [1]  # fatal: not retried
    assert max(r.context.index for r in provider.requests) == 4  # nothing asked after it
    saved = manifest(out)
    assert saved["status"] == "aborted"
    assert saved["counts"]["present"] == 3
    finished = events[-1]
    assert isinstance(finished, RunFinished)
    assert (finished.status, finished.written) == ("aborted", 3)


class FlakyProvider(FaultyProvider):
    """Raises a chosen error for the first ``failures[index]`` sends of a record."""

    def __init__(self, failures: Mapping[int, int], error: type[Exception]) -> None:
        super().__init__()
        self.failures = dict(failures)
        self.error = error
        self.sends: Counter[int] = Counter()

    async def complete(self, request: CompletionRequest) -> Completion:
        index = request.context.index
        self.sends[index] += 1
        if self.sends[index] <= self.failures.get(index, 0):
            raise self.error(f"simulated {self.error.__name__} for record {index}")
        return await super().complete(request)


def fast_retries(out: Path, provider: Any, *, count: int, max_retries: int) -> DataGenerator:
    settings = Settings(provider="offline", seed=7, max_retries=max_retries, retry_backoff=0.001)
    return DataGenerator(
        tech_support(), count=count, out_dir=out, settings=settings, provider=provider
    )


def test_transient_errors_are_retried_then_the_record_fails(tmp_path: Path) -> None:
    out = tmp_path / "out"
    provider = FlakyProvider({2: 2, 3: 99}, ProviderTransientError)
    events: list[Event] = []
    gen = fast_retries(out, provider, count=3, max_retries=3)
    gen.subscribe(events.append)

    result = gen.run()

    assert provider.sends[2] == 3  # two failures, then the answer
    assert provider.sends[3] == 4  # first try and three retries
    assert provider.attempts(2) == [1]  # transport retries resend the same ask
    assert json_indices(out) == [1, 2]
    assert result.failed == 1
    assert result.retried == 0  # no repair was needed
    assert manifest(out)["counts"]["transient_retries"] == 2 + 4
    (line,) = [json.loads(x) for x in (out / ".datagen/failures.jsonl").read_text().splitlines()]
    assert line["index"] == 3
    assert "simulated ProviderTransientError" in line["reason"]
    assert not [e for e in events if isinstance(e, RecordRetried)]  # no answer was refused
    failed = [e for e in events if isinstance(e, RequestFailed)]
    assert len(failed) == manifest(out)["counts"]["transient_retries"]
    assert {e.kind for e in failed} == {"transient"}
    assert [e.will_retry for e in failed if e.index == 3] == [True, True, True, False]
    assert all(e.limit == 8 and 0 <= e.in_flight < 8 for e in failed)
    (gave_up,) = [e for e in events if isinstance(e, RecordFailed)]
    assert (gave_up.index, gave_up.attempts) == (3, 1)


def test_rate_limits_are_retried_and_counted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    provider = FlakyProvider({1: 2, 4: 1}, ProviderRateLimitError)
    events: list[Event] = []
    gen = fast_retries(out, provider, count=4, max_retries=2)
    gen.subscribe(events.append)

    result = gen.run()

    assert result.exit_code == 0
    assert result.rate_limited == 3
    assert manifest(out)["counts"]["rate_limited"] == 3
    assert json_indices(out) == [1, 2, 3, 4]
    throttled = [e for e in events if isinstance(e, RequestFailed)]
    assert [(e.index, e.kind, e.will_retry) for e in throttled if e.index == 1] == [
        (1, "rate_limited", True),
        (1, "rate_limited", True),
    ]
    assert len(throttled) == 3
    # Lone 429s cost only their own retry-after; a run of them halves it (test_limits.py).
    assert {e.limit for e in throttled} == {8}


def test_without_retries_a_transient_error_fails_the_record_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    provider = FlakyProvider({2: 1}, ProviderTransientError)

    result = fast_retries(out, provider, count=2, max_retries=0).run()

    assert provider.sends[2] == 1
    assert result.failed == 1
    assert json_indices(out) == [1]


# --- events ---------------------------------------------------------------------------


def test_events_describe_the_run_and_the_rerun(tmp_path: Path) -> None:
    out = tmp_path / "out"
    events: list[Event] = []
    gen = generator(out, count=4)
    gen.subscribe(events.append)

    gen.run()

    started, *middle, finished = events
    assert isinstance(started, RunStarted)
    assert (started.scenario, started.total, started.already_done) == ("tech-support", 4, 0)
    assert started.out_dir == out
    assert sorted(e.index for e in middle if isinstance(e, RecordWritten)) == [1, 2, 3, 4]
    assert all(isinstance(e, RecordWritten) for e in middle)
    assert isinstance(finished, RunFinished)
    assert (finished.status, finished.written, finished.failed) == ("complete", 4, 0)

    again: list[Event] = []
    bigger = generator(out, count=6)
    bigger.subscribe(again.append)
    bigger.run()

    started = again[0]
    assert isinstance(started, RunStarted)
    assert (started.total, started.already_done) == (6, 4)
    assert sorted(e.index for e in again if isinstance(e, RecordWritten)) == [5, 6]
    assert again[-1] == RunFinished("complete", 2, 0, again[-1].elapsed)


# --- concurrency ----------------------------------------------------------------------


def test_json_records_are_the_same_bytes_whatever_the_concurrency(tmp_path: Path) -> None:
    one, many = tmp_path / "one", tmp_path / "many"
    generator(one, FaultyProvider(jitter=True), count=60, concurrency=1).run()
    generator(many, FaultyProvider(jitter=True), count=60, concurrency=16).run()

    assert len(folder_bytes(one)) == 60
    assert folder_bytes(one) == folder_bytes(many)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_single_file_is_in_index_order_whatever_the_concurrency(tmp_path: Path, fmt: str) -> None:
    one, many = tmp_path / "one", tmp_path / "many"
    generator(one, FaultyProvider(jitter=True), count=60, fmt=fmt, concurrency=1).run()
    jittery = FaultyProvider(jitter=True)
    generator(many, jittery, count=60, fmt=fmt, concurrency=16).run()

    assert jittery.finished != sorted(jittery.finished)  # answers really came out of order
    name = f"tech-support.{fmt}"
    assert (many / name).read_bytes() == (one / name).read_bytes()
    if fmt == "jsonl":
        assert case_ids(many / name) == [f"CASE-{i:06d}" for i in range(1, 61)]


def test_a_failed_record_does_not_hold_back_the_later_ones(tmp_path: Path) -> None:
    out = tmp_path / "out"
    provider = FaultyProvider(always={3: ProviderContentFilterError}, jitter=True)
    result = generator(out, provider, count=12, fmt="jsonl", concurrency=4).run()

    assert (result.written, result.failed) == (11, 1)
    expected = [f"CASE-{i:06d}" for i in range(1, 13) if i != 3]
    assert case_ids(out / "tech-support.jsonl") == expected


def test_requests_overlap_with_concurrency(tmp_path: Path) -> None:
    out = tmp_path / "out"
    provider = FaultyProvider(delay=0.001)

    result = generator(out, provider, count=40, concurrency=8).run()

    assert provider.max_in_flight > 1
    assert provider.max_in_flight <= 8
    assert result.exit_code == 0
    assert json_indices(out) == list(range(1, 41))


# --- library use without writing --------------------------------------------------------


def test_generate_data_returns_records_in_order_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "never"
    before = sorted(tmp_path.rglob("*"))

    records = generator(out, count=50).generate_data(5)

    assert [type(r) for r in records] == [TechSupportTicket] * 5
    assert [r.case_id for r in records] == [f"CASE-{i:06d}" for i in range(1, 6)]
    assert all(r.system_description == PRODUCT for r in records)
    assert sorted(tmp_path.rglob("*")) == before
    assert not out.exists()


def test_dry_run_shows_prompt_and_schema_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "never"
    provider = FaultyProvider()
    before = sorted(tmp_path.rglob("*"))

    plan = generator(out, provider, count=12).dry_run()

    assert sorted(tmp_path.rglob("*")) == before
    assert provider.requests == []
    assert PRODUCT in plan.prompt
    assert "number 1 " in plan.prompt
    assert "{{$" not in plan.prompt
    assert "case_id" in plan.schema["properties"]
    assert (plan.count, plan.already_present, plan.seed) == (12, 0, 7)
    assert (plan.provider, plan.scenario) == ("offline", "tech-support")


@pytest.mark.parametrize("count", [0, -3])
def test_count_below_one_is_a_usage_error(tmp_path: Path, count: int) -> None:
    with pytest.raises(UsageError, match="--count must be at least 1"):
        generator(tmp_path / "out", count=count)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_unsupported_format_is_a_usage_error_naming_the_choices(tmp_path: Path, fmt: str) -> None:
    tool = NotesTool({})
    with pytest.raises(UsageError) as caught:
        generator(tmp_path / "out", tool=tool, fmt=fmt)
    assert fmt in caught.value.message
    assert "json, txt" in caught.value.one_line()


# --- interruption ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
async def test_cancelled_run_keeps_its_records_and_a_rerun_completes(
    tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / "out"
    count = 200
    enough = asyncio.Event()
    written: list[int] = []

    def on_event(event: Event) -> None:
        if isinstance(event, RecordWritten):
            written.append(event.index)
            if len(written) >= 10:
                enough.set()

    gen = generator(out, FaultyProvider(delay=0.001), count=count, fmt=fmt, concurrency=4)
    gen.subscribe(on_event)
    task = asyncio.create_task(gen.run_async())
    waiting = asyncio.create_task(enough.wait())
    await asyncio.wait({task, waiting}, return_when=asyncio.FIRST_COMPLETED)
    assert not task.done(), task  # still running after 10 records
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    saved = manifest(out)
    assert saved["status"] == "interrupted"
    kept = len(written)
    assert 10 <= kept < count
    assert saved["counts"]["present"] == kept
    if fmt == "jsonl":
        data = out / "tech-support.jsonl"
        assert data.exists()
        assert not (out / ".datagen" / "tech-support.jsonl.part").exists()
        assert sorted(case_ids(data)) == sorted(f"CASE-{i:06d}" for i in written)
    else:
        assert json_indices(out) == sorted(written)

    result = await generator(out, count=count, fmt=fmt).run_async()

    assert (result.exit_code, result.present, result.written) == (0, count, count - kept)
    clean = tmp_path / "clean"
    await generator(clean, count=count, fmt=fmt).run_async()
    if fmt == "jsonl":
        ids = case_ids(out / "tech-support.jsonl")
        assert len(ids) == count
        assert set(ids) == {f"CASE-{i:06d}" for i in range(1, count + 1)}
        assert Counter(jsonl_lines(out / "tech-support.jsonl")) == Counter(
            jsonl_lines(clean / "tech-support.jsonl")
        )
    else:
        assert folder_bytes(out) == folder_bytes(clean)


# --- memory ---------------------------------------------------------------------------

# Measured: ~1.1 MB peak for 20,000 tech-support jsonl records, reached after a few
# thousand records and flat from there (most of it pydantic-core's bounded string cache).
# A list of indices, tasks or records would grow with count; 3.5 MB is ~3x the figure.
PEAK_LIMIT = 3_500_000


def test_twenty_thousand_jsonl_records_stream_in_flat_memory(tmp_path: Path) -> None:
    count = 20_000
    generator(tmp_path / "warm", count=50, fmt="jsonl").run()
    gen = generator(tmp_path / "big", count=count, fmt="jsonl", concurrency=8)

    tracemalloc.start()
    try:
        result = gen.run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert (result.exit_code, result.present, result.written) == (0, count, count)
    with open(tmp_path / "big" / "tech-support.jsonl", "rb") as data:
        lines = sum(1 for _ in data)
    assert lines == count
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.1f} MB for {count} records"


def test_an_injected_logger_receives_record_failures(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    logger = logging.getLogger("my.app.datagen")
    gen = DataGenerator(
        tech_support(),
        count=2,
        out_dir=tmp_path / "out",
        settings=Settings(provider="offline", seed=7),
        provider=FaultyProvider(always={2: invalid_json}),
        logger=logger,
    )
    with caplog.at_level(logging.WARNING, logger="my.app.datagen"):
        result = gen.run()
    assert result.failed == 1
    assert any(
        record.name == "my.app.datagen" and "record 2 failed" in record.getMessage()
        for record in caplog.records
    )
