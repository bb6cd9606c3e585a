"""The remaining quota a service tells in its answers' headers, and the engine holding to it.

Azure OpenAI and OpenAI say on every answer how many more requests (and tokens) they would
take (``x-ratelimit-remaining-requests``, ``x-ratelimit-remaining-tokens``); the loopback
server says it when it has a ``rate_limit``. What is asserted is what the server saw:
which requests it answered, in which window, and what each answer said. Never a time.
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fake_openai_server import FakeOpenAIServer
from model_server import record_responder

from data_generator.engine import DataGenerator
from data_generator.engine.events import Event, RequestFailed
from data_generator.engine.limits import AdaptiveLimit, Pacer
from data_generator.engine.quota import QUOTA_RUN, LearnedQuota
from data_generator.errors import ProviderRateLimitError
from data_generator.providers import CompletionRequest
from data_generator.providers.base import Headroom, create_provider
from data_generator.runtime import runtime_of, user_prompt
from data_generator.settings import Settings
from data_generator.tools.tech_support import TechSupportTool

TOOL = TechSupportTool({"system_description": "SaaS CRM"})


def _settings(server: FakeOpenAIServer, provider: str, **extra: object) -> Settings:
    if provider == "azure":
        return Settings(
            provider="azure",
            azure_openai_endpoint=server.azure_endpoint,
            azure_openai_api_key="k",
            azure_openai_deployment="gpt",
            **extra,  # type: ignore[arg-type]
        )
    return Settings(
        provider="openai",
        openai_base_url=server.openai_base_url,
        openai_api_key="k",
        openai_model="m",
        **extra,  # type: ignore[arg-type]
    )


# --- the headers, read ------------------------------------------------------------------------


def test_headroom_reads_the_remaining_requests_and_tokens() -> None:
    both = Headroom.from_headers(
        {"x-ratelimit-remaining-requests": "7", "x-ratelimit-remaining-tokens": "5000"}
    )
    assert both == Headroom(7, 5000)
    assert both.requests_left(1000) == 5  # the tokens allow fewer requests
    assert both.requests_left(100) == 7
    assert both.requests_left(0) == 7  # tokens per request unknown: requests only
    assert Headroom(None, 2500).requests_left(1000) == 2
    assert Headroom.from_headers({"x-ratelimit-remaining-requests": "3"}) == Headroom(3, None)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"content-type": "application/json"},
        # Azure's Responses API answers -1 for counts it does not keep.
        {"x-ratelimit-remaining-requests": "-1", "x-ratelimit-remaining-tokens": "-1"},
        {"x-ratelimit-remaining-requests": "many"},
    ],
    ids=["none", "unrelated", "minus-one", "not-a-number"],
)
def test_answers_that_count_nothing_have_no_headroom(headers: dict[str, str]) -> None:
    assert Headroom.from_headers(headers) is None


@pytest.mark.parametrize("provider", ["openai", "azure"])
async def test_the_remaining_quota_comes_through_semantic_kernel(provider: str) -> None:
    context, _rng = runtime_of(TOOL).context(7, 1)
    request = CompletionRequest(
        context=context,
        system=TOOL.system,
        prompt_template=user_prompt(TOOL),
        record_model=TOOL.record_model,
        schema=TOOL.record_model.model_json_schema(),
    )
    with FakeOpenAIServer(record_responder(seed=7), rate_limit=(3, 3600.0)) as server:
        chat = create_provider(_settings(server, provider))
        try:
            told = [(await chat.complete(request)).headroom for _ in range(3)]
            with pytest.raises(ProviderRateLimitError) as refused:
                await chat.complete(request)
        finally:
            await chat.aclose()
    assert told == [Headroom(2, None), Headroom(1, None), Headroom(0, None)]
    assert refused.value.headroom == Headroom(0, None)
    assert [r.remaining for r in server.requests] == [2, 1, 0, 0]


# --- the limit and the quota, told -----------------------------------------------------------


async def test_no_more_are_in_flight_than_the_service_would_take() -> None:
    limit = AdaptiveLimit(8)
    assert limit.current == 8
    before = time.monotonic()
    limit.on_headroom(None, before)  # an answer that said nothing changes nothing
    assert limit.current == 8
    limit.on_headroom(2, before)
    assert limit.current == 2
    limit.on_headroom(0, before)  # none left: one at a time, to learn when the quota frees
    assert limit.current == 1
    limit.on_headroom(3, before)  # sent before "none left" was told: an older count
    assert limit.current == 1
    await limit.acquire()
    waiting = asyncio.ensure_future(limit.acquire())
    await asyncio.sleep(0)
    assert not waiting.done()
    limit.on_headroom(5, time.monotonic())  # room again: the waiting request goes
    await asyncio.wait_for(waiting, 5)
    assert limit.in_flight == 2
    assert limit.current == 5
    limit.on_headroom(None, time.monotonic())  # paced from now on: the count no longer caps
    assert limit.current == 8


def test_one_429_that_counts_no_requests_left_says_the_quota_is_spent() -> None:
    now = [1000.0]
    quota = LearnedQuota(min_burst=10, clock=lambda: now[0])
    for _ in range(40):
        quota.on_success()
        now[0] += 0.1
    assert quota.on_rate_limited(6.0, spent=True)
    assert quota.rate == pytest.approx(40 / 10.0 * 0.95)
    pacer = Pacer()
    assert [pacer.on_rate_limited(1.0) for _ in range(QUOTA_RUN - 1)] == [False] * (QUOTA_RUN - 1)
    assert Pacer().on_rate_limited(1.0, spent=True)


def test_requests_are_paced_with_rpm_tpm_or_a_learned_rate() -> None:
    assert not Pacer().paced
    assert Pacer(rpm=600).paced
    assert Pacer(tpm=60_000).paced
    learned = Pacer()
    for _ in range(40):
        learned.on_success()
    assert learned.on_rate_limited(1.0, spent=True)
    assert learned.paced


def test_with_rpm_given_a_429_at_the_quotas_edge_is_a_lone_one() -> None:
    # Paced at the quota the user gave, the window is full by design: one 429 that says
    # none are left is timing, and only a run of them says the quota is lower.
    pacer = Pacer(rpm=600)
    said = [pacer.on_rate_limited(1.0, spent=True) for _ in range(QUOTA_RUN)]
    assert said == [False] * (QUOTA_RUN - 1) + [True]


# --- through the engine, against the loopback server -------------------------------------------


def _run(
    tmp_path: Path, server: FakeOpenAIServer, count: int, concurrency: int
) -> list[RequestFailed]:
    settings = _settings(
        server,
        "openai",
        seed=7,
        concurrency=concurrency,
        retry_backoff=0.01,
        max_retries=20,
        structured_output="json-schema",  # no negotiation: the first requests go at once
    )
    events: list[Event] = []
    generator = DataGenerator(TOOL, count=count, out_dir=tmp_path / "out", settings=settings)
    generator.subscribe(events.append)
    assert generator.run().exit_code == 0
    assert len(list((tmp_path / "out").glob("*.json"))) == count
    return [event for event in events if isinstance(event, RequestFailed)]


def test_no_request_is_sent_once_the_service_says_none_are_left_but_one_to_learn_when(
    tmp_path: Path,
) -> None:
    # 6 requests per 1 s window, 4 in flight: without the headers, the requests in flight
    # when the window's 6 are spent all run into it (3 refusals in a row at least).
    with FakeOpenAIServer(
        record_responder(seed=7), rate_limit=(6, 1.0), hold_until_in_flight=4
    ) as server:
        _run(tmp_path, server, count=20, concurrency=4)
    chat = [r for r in server.requests if r.window is not None]
    assert sum(r.status == 200 for r in chat) == 20
    by_window: dict[int, list[int]] = collections.defaultdict(list)
    for request in chat:
        assert request.window is not None
        by_window[request.window].append(request.status or 0)
    for window, statuses in by_window.items():
        assert statuses.count(429) <= 1, (window, statuses)
    for request in chat:
        if request.status == 200 and request.remaining == 0:
            later = [
                other
                for other in chat
                if other.window == request.window
                and request.ended is not None
                and other.started > request.ended
            ]
            # Sent after the service said none were left: at most one, and refused.
            assert len(later) <= 1
            assert all(other.status == 429 for other in later)


def test_a_429_that_says_requests_remain_is_a_passing_one(tmp_path: Path) -> None:
    # The quota (1,000 an hour) is far from spent: injected 429s are lone refusals and
    # leave the in-flight cap alone, as without the headers.
    with FakeOpenAIServer(
        record_responder(seed=7),
        rate_limit=(1000, 3600.0),
        script=["ok", "429", "ok", "429"],
        retry_after_ms=50,
    ) as server:
        failed = _run(tmp_path, server, count=8, concurrency=4)
    refused = [r.remaining for r in server.requests if r.status == 429]
    assert len(refused) == 2
    assert all(remaining is not None and remaining > 0 for remaining in refused)
    assert [(e.kind, e.limit) for e in failed] == [("rate_limited", 4)] * 2


def test_answers_without_the_headers_leave_the_limit_as_it_was(
    tmp_path: Path, start_server: Callable[..., FakeOpenAIServer]
) -> None:
    server = start_server(hold_until_in_flight=4)
    _run(tmp_path, server, count=12, concurrency=4)
    assert server.peak_in_flight == 4
    assert all(r.remaining is None for r in server.requests)
