"""The adaptive in-flight limit, the seats, the pacer and the quota learned from 429s.

The quota's behaviour is driven by a fake clock and a scripted sequence of answers: what
is asserted is what the pacer allows (requests per 10 s), never how long anything took.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fake_openai_server import FakeOpenAIServer

from data_generator.engine.events import Event, RequestFailed
from data_generator.engine.limits import AdaptiveLimit, Pacer, Seats
from data_generator.engine.quota import MIN_SPELL_ANSWERS, QUOTA_RUN, LearnedQuota


class Clock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def learn(pacer: Pacer, clock: Clock, accepted: int = 100, retry_after: float = 9.0) -> None:
    """``accepted`` answers over one second, then a run of 429s asking for ``retry_after``."""
    for _ in range(accepted):
        pacer.on_success()
        clock.now += 1 / accepted
    spent = [pacer.on_rate_limited(retry_after) for _ in range(QUOTA_RUN)]
    assert spent == [False] * (QUOTA_RUN - 1) + [True]
    clock.now += retry_after


def allowed(pacer: Pacer, clock: Clock, seconds: float = 10.0) -> int:
    """Requests the pacer lets start within the next ``seconds`` (from an idle moment)."""
    clock.now += 1000  # past every slot reserved so far
    count = 0
    while count < 10_000 and pacer.delay(0) < seconds - 1e-6:
        count += 1
    return count


def quiet_spell(pacer: Pacer, clock: Clock, seconds: float = 10.0, answers: int = 100) -> None:
    """``answers`` accepted answers over ``seconds``, the pacer holding each one back."""
    for _ in range(answers):
        clock.now += seconds / answers
        pacer.delay(0)  # a slot is reserved ahead of now: the learned rate is what limits
        clock.now += 1e-9
        pacer.on_success()


# --- the in-flight limit and the seats --------------------------------------------------------


async def test_limit_caps_in_flight_and_wakes_waiters() -> None:
    limit = AdaptiveLimit(2)
    peak = 0

    async def one() -> None:
        nonlocal peak
        await limit.acquire()
        peak = max(peak, limit.in_flight)
        await asyncio.sleep(0.001)
        limit.release()

    await asyncio.gather(*(one() for _ in range(10)))
    assert peak == 2
    assert limit.in_flight == 0


async def test_a_spent_quota_halves_the_cap_once_per_burst_then_it_grows_back() -> None:
    limit = AdaptiveLimit(16)
    sent = [await limit.acquire() for _ in range(8)]
    for sent_at in sent:  # eight answers of one burst, all 429
        limit.on_rate_limited(sent_at, None)
        limit.release()
    assert limit.current == 8
    assert limit.cuts == 1
    later = await limit.acquire()  # sent after the cut: its 429 cuts again
    limit.on_rate_limited(later, None)
    limit.release()
    assert limit.current == 4
    for _ in range(200):
        limit.on_success()
    assert limit.current == 16  # grows back, never above the maximum
    assert limit.limit == 16


async def test_the_cap_never_falls_below_one() -> None:
    limit = AdaptiveLimit(1)
    for _ in range(5):
        limit.on_rate_limited(await limit.acquire(), None)
        limit.release()
    assert limit.current == 1


async def test_retry_after_pauses_every_sender() -> None:
    limit = AdaptiveLimit(4)
    limit.on_rate_limited(await limit.acquire(), 0.2)
    limit.release()
    started = time.monotonic()
    await limit.acquire()
    assert time.monotonic() - started >= 0.15  # a lower bound: waiting cannot be shorter


async def test_seats_go_first_come_first_seated_and_are_lent_during_a_retry() -> None:
    seats = Seats(1)
    order: list[str] = []

    async def record(name: str, retry: bool = False) -> None:
        await seats.take()
        order.append(f"{name} sits")
        if retry:  # waits out a retry-after: another record may work meanwhile
            seats.give()
            await asyncio.sleep(0.01)
            seats.take_back()
            order.append(f"{name} back")
        await asyncio.sleep(0)
        seats.give()

    await asyncio.gather(record("a", retry=True), record("b"), record("c"))

    assert order == ["a sits", "b sits", "c sits", "a back"]
    assert seats.taken == 0


async def test_a_seat_handed_to_a_cancelled_waiter_passes_on() -> None:
    seats = Seats(1)
    await seats.take()
    first = asyncio.ensure_future(seats.take())
    second = asyncio.ensure_future(seats.take())
    await asyncio.sleep(0)
    seats.give()  # handed to the first waiter...
    first.cancel()  # ...which is cancelled before it runs
    await asyncio.gather(first, return_exceptions=True)
    await asyncio.wait_for(second, 1)
    assert seats.taken == 1


async def test_waiters_cancelled_before_their_turn_are_skipped() -> None:
    seats = Seats(1)
    await seats.take()
    left, late = asyncio.ensure_future(seats.take()), asyncio.ensure_future(seats.take())
    await asyncio.sleep(0)
    left.cancel()  # gives up and leaves the queue
    await asyncio.gather(left, return_exceptions=True)
    late.cancel()  # its wait is cancelled...
    seats.give()  # ...before the seat is freed: nobody holds it
    await asyncio.gather(late, return_exceptions=True)
    assert seats.taken == 0
    await asyncio.wait_for(seats.take(), 1)


# --- the pacer ---------------------------------------------------------------------------------


async def test_pacer_spaces_requests_by_rpm_and_tpm() -> None:
    clock = Clock()
    assert allowed(Pacer(clock=clock), clock, 1.0) == 10_000  # no limits: it never waits
    assert allowed(Pacer(rpm=600, clock=clock), clock) == 100  # one every 0.1 s
    by_tokens = Pacer(tpm=60_000, clock=clock)  # 1,000 tokens per second
    clock.now += 1000
    assert [round(by_tokens.delay(100), 6) for _ in range(3)] == [0.0, 0.1, 0.2]
    assert Pacer().learned_rps is None


async def test_pacer_wait_takes_the_next_slot() -> None:
    clock = Clock()  # frozen: each wait sleeps until its slot, the clock says "now" still
    pacer = Pacer(rpm=60_000, clock=clock)  # one every millisecond
    for _ in range(3):
        await pacer.wait(1)
    assert pacer.delay(1) == pytest.approx(0.003)  # three slots were taken


# --- the learned quota -------------------------------------------------------------------------


def test_lone_429s_teach_nothing_and_pause_no_one() -> None:
    clock = Clock()
    pacer = Pacer(clock=clock)
    spent = []
    for answer in range(3000):  # 3 % of answers 429, never two in a row
        clock.now += 0.01
        if answer % 33 == 0:
            spent.append(pacer.on_rate_limited(1.0))
        else:
            pacer.on_success()
    assert len(spent) == 91
    assert not any(spent)
    assert pacer.learned_rps is None
    assert allowed(pacer, clock, 1.0) == 10_000


def test_a_run_of_429s_teaches_95_percent_of_the_window_allowance() -> None:
    clock = Clock()
    pacer = Pacer(min_burst=20, clock=clock)
    learn(pacer, clock, accepted=100, retry_after=9.0)  # 100 per (1 s + 9 s)

    assert pacer.learned_rps == pytest.approx(9.5)
    assert allowed(pacer, clock) == 95


def test_429s_of_requests_sent_before_the_pause_ended_change_nothing_more() -> None:
    clock = Clock()
    pacer = Pacer(clock=clock)
    for _ in range(100):
        pacer.on_success()
    assert [pacer.on_rate_limited(9.0) for _ in range(5)] == [False, False, True, False, False]
    assert pacer.learned_rps == pytest.approx(100 / 9 * 0.95)


def test_a_slow_start_does_not_count_toward_the_quota() -> None:
    # 600 RPM as 100 per sliding 10 s: a client slow for 50 s, then fast until refused.
    clock = Clock()
    start = clock.now
    pacer = Pacer(clock=clock)
    for second in range(50):
        clock.now = start + second
        pacer.on_success()
    for hundredth in range(90):  # with the 9 slow ones since 41 s, the window is full
        clock.now = start + 50 + hundredth / 100
        pacer.on_success()
    clock.now = start + 50.9
    assert [pacer.on_rate_limited(0.1) for _ in range(QUOTA_RUN)][-1]  # free again at 51 s

    # 99 in the last 10 s, and 0.1 s to wait: (50 + 90) / (50.9 + 0.1) would say 2.6.
    assert pacer.learned_rps == pytest.approx(99 / 10.1 * 0.95)


def test_a_short_burst_teaches_nothing_and_rpm_still_caps() -> None:
    clock = Clock()
    pacer = Pacer(rpm=300, min_burst=20, clock=clock)
    learn(pacer, clock, accepted=5)
    assert pacer.learned_rps is None
    assert allowed(pacer, clock) == 50  # --rpm 300


def test_the_learned_rate_rises_again_after_quiet_spells() -> None:
    clock = Clock()
    pacer = Pacer(clock=clock)
    learn(pacer, clock)
    after_429s = allowed(pacer, clock)

    rates = [pacer.learned_rps]
    for _ in range(6):
        quiet_spell(pacer, clock)
        rates.append(pacer.learned_rps)

    assert allowed(pacer, clock) > after_429s
    steps = [round(b - a, 3) for a, b in itertools.pairwise(rates)]  # type: ignore[operator]
    # 2 % of 9.5, doubling each spell, at most a quarter of the rate (15.39 / 4).
    assert steps == [0.19, 0.38, 0.76, 1.52, 3.04, 3.848]
    assert pacer.quota.raises == 6


def test_a_spell_needs_its_length_its_answers_and_a_rate_that_held_requests_back() -> None:
    def after(spell: Callable[[Pacer, Clock], None]) -> float | None:
        clock = Clock()
        pacer = Pacer(clock=clock)
        learn(pacer, clock)
        spell(pacer, clock)
        return pacer.learned_rps

    def never_held_back(pacer: Pacer, clock: Clock) -> None:
        for _ in range(200):  # a long quiet spell, but the rate never made anyone wait
            clock.now += 0.1
            pacer.on_success()

    assert after(lambda p, c: quiet_spell(p, c, seconds=9.0)) == pytest.approx(9.5)
    assert after(
        lambda p, c: quiet_spell(p, c, seconds=30.0, answers=MIN_SPELL_ANSWERS - 1)
    ) == pytest.approx(9.5)
    assert after(never_held_back) == pytest.approx(9.5)
    assert after(quiet_spell) == pytest.approx(9.5 * 1.02)


def test_a_lone_429_after_a_raise_goes_back_and_the_next_raise_waits_longer() -> None:
    clock = Clock()
    pacer = Pacer(clock=clock)
    learn(pacer, clock)
    quiet_spell(pacer, clock)
    held, raised = 9.5, pacer.learned_rps
    assert raised == pytest.approx(held * 1.02)

    assert not pacer.on_rate_limited(0.1)  # the probe overshot
    assert pacer.learned_rps == pytest.approx(held)
    pacer.on_success()
    quiet_spell(pacer, clock)  # one spell is no longer enough...
    assert pacer.learned_rps == pytest.approx(held)
    quiet_spell(pacer, clock)  # ...two are
    assert pacer.learned_rps == pytest.approx(held * 1.02)


def test_a_rate_that_draws_over_5_percent_lone_429s_is_lowered() -> None:
    clock = Clock()
    for refusals, lowered in ((5, False), (6, True)):
        pacer = Pacer(clock=clock)
        learn(pacer, clock)
        for answer in range(100):  # over 10 s, lone 429s spread among accepted answers
            clock.now += 0.1001
            if answer % 10 == 5 and answer // 10 < refusals:
                assert not pacer.on_rate_limited(0.05)
            else:
                pacer.on_success()
        expected = 9.5 * 0.98 if lowered else 9.5
        assert pacer.learned_rps == pytest.approx(expected)


def test_a_quota_spent_again_while_paced_lowers_the_rate() -> None:
    clock = Clock()
    pacer = Pacer(clock=clock)
    learn(pacer, clock)
    learn(pacer, clock, accepted=3)  # too few to measure: the rate drops by 5 %
    assert pacer.learned_rps == pytest.approx(9.5 * 0.95)
    learn(pacer, clock, accepted=100, retry_after=19.0)  # measured: 100 per 20 s
    assert pacer.learned_rps == pytest.approx(5 * 0.95)
    assert pacer.quota.lowered == 2


def test_learned_quota_without_retry_after_measures_the_accepted_rate() -> None:
    clock = Clock()
    quota = LearnedQuota(min_burst=10, clock=clock)
    for _ in range(40):
        quota.on_success()
        clock.now += 0.1
    assert [quota.on_rate_limited(None) for _ in range(QUOTA_RUN)][-1]
    assert quota.rate == pytest.approx(10 * 0.95)


# --- through the engine, against the loopback server -------------------------------------------


def rate_limit_events(tmp_path: Path, script: list[str], concurrency: int) -> list[RequestFailed]:
    from model_server import record_responder

    from data_generator.engine import DataGenerator
    from data_generator.settings import Settings
    from data_generator.tools.tech_support import TechSupportTool

    with FakeOpenAIServer(record_responder(seed=7), script=script, retry_after_ms=50) as server:
        settings = Settings(
            provider="openai",
            openai_base_url=server.openai_base_url,
            openai_api_key="k",
            openai_model="m",
            seed=7,
            concurrency=concurrency,
            retry_backoff=0.01,
        )
        tool = TechSupportTool({"system_description": "SaaS CRM"})
        events: list[Event] = []
        generator = DataGenerator(tool, count=8, out_dir=tmp_path, settings=settings)
        generator.subscribe(events.append)
        assert generator.run().exit_code == 0
        assert server.count(429) == script.count("429")
    return [e for e in events if isinstance(e, RequestFailed)]


def test_lone_429s_leave_the_in_flight_cap_alone(tmp_path: Path) -> None:
    lone = rate_limit_events(tmp_path, ["ok", "429", "ok", "429"], concurrency=4)
    assert [(e.kind, e.limit) for e in lone] == [("rate_limited", 4)] * 2


def test_a_run_of_429s_halves_the_in_flight_cap(tmp_path: Path) -> None:
    # Two in flight at most: the first five answers are all 429s, whatever their order.
    run = rate_limit_events(tmp_path, ["429"] * 5, concurrency=2)
    assert [e.limit for e in run][:3] == [2, 2, 1]  # the third in a row: the quota is spent
    assert len(run) == 5


async def test_the_fake_servers_sliding_window_admits_as_old_requests_leave() -> None:
    import openai

    with FakeOpenAIServer(sliding_limit=(3, 0.5)) as server:
        client = openai.AsyncOpenAI(base_url=server.openai_base_url, api_key="k", max_retries=0)
        messages = [{"role": "user", "content": "hi"}]
        for _ in range(3):
            await client.chat.completions.create(model="m", messages=messages)  # type: ignore[arg-type]
        with pytest.raises(openai.RateLimitError) as refused:
            await client.chat.completions.create(model="m", messages=messages)  # type: ignore[arg-type]
        wait_ms = int(refused.value.response.headers["retry-after-ms"])
        assert 0 < wait_ms <= 500
        assert refused.value.response.headers["x-ratelimit-remaining-requests"] == "0"
        await asyncio.sleep(wait_ms / 1000 + 0.05)
        raw = await client.chat.completions.with_raw_response.create(model="m", messages=messages)  # type: ignore[arg-type]
        # The first three left the window together; this one came in.
        assert raw.headers["x-ratelimit-remaining-requests"] == "2"
        await client.close()
    assert server.statuses == [200, 200, 200, 429, 200]
    with pytest.raises(ValueError, match="sliding_limit"):
        FakeOpenAIServer(sliding_limit=(1, 0))
