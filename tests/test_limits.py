"""The adaptive in-flight limit and the requests/tokens-per-minute pacer."""

from __future__ import annotations

import asyncio
import time

from data_generator.engine.limits import AdaptiveLimit, Pacer


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


async def test_a_burst_of_429s_halves_the_cap_once_then_it_grows_back() -> None:
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


async def test_pacer_spaces_requests_by_rpm_and_tpm() -> None:
    unpaced = Pacer()
    started = time.monotonic()
    for _ in range(100):
        await unpaced.wait(10_000)
    assert time.monotonic() - started < 5  # no limits: it never sleeps 100 x 0.1 s

    by_requests = Pacer(rpm=600)  # one every 0.1 s
    started = time.monotonic()
    for _ in range(4):
        await by_requests.wait(1)
    assert time.monotonic() - started >= 0.29

    by_tokens = Pacer(tpm=60_000)  # 1,000 tokens per second
    started = time.monotonic()
    for _ in range(3):
        await by_tokens.wait(100)  # 0.1 s each
    assert time.monotonic() - started >= 0.19
