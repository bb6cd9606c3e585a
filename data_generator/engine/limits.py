"""Throughput control: an adaptive in-flight limit and a requests/tokens-per-minute pacer.

:class:`AdaptiveLimit` caps the requests in flight at ``--concurrency`` and adapts to the
service: a 429 halves the cap (once per burst: only a request sent after the last cut can
cut again) and pauses every worker for the ``retry-after`` the service asked for; each
success grows the cap by ``1/cap``, about one per round of requests, never above the
maximum. :class:`Pacer` spaces requests so that ``--rpm`` and ``--tpm`` are never
exceeded. Both cost nothing when there is nothing to wait for, so the offline provider
runs at full speed.
"""

from __future__ import annotations

import asyncio
import collections
import time

__all__ = ["AdaptiveLimit", "Pacer"]

#: A learned quota is used at 95 %: pacing at exactly the limit lets timing jitter put one
#: request too many into a window, and each of those costs a 429 and a re-learn.
_LEARNED_MARGIN = 0.95
#: A quota window ends seconds away; a 429 asking for a shorter wait is a passing overload.
_MIN_QUOTA_WAIT = 0.25


class AdaptiveLimit:
    """An in-flight cap with multiplicative decrease on 429 and additive increase.

    Args:
        maximum: The cap never exceeds this (``--concurrency``).
    """

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum
        self.limit = float(maximum)
        self.in_flight = 0
        self.cuts = 0
        self._last_cut = float("-inf")
        self._paused_until = 0.0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    @property
    def current(self) -> int:
        """The cap in force now (at least 1)."""
        return max(1, int(self.limit))

    async def acquire(self) -> float:
        """Wait for a free slot and any pause to end; return the send time."""
        while self.in_flight >= self.current:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        self.in_flight += 1
        await self.wait_pause()
        return time.monotonic()

    async def wait_pause(self) -> None:
        """Sleep until the pause that the last 429 asked for is over."""
        pause = self._paused_until - time.monotonic()
        while pause > 0:
            await asyncio.sleep(pause)
            pause = self._paused_until - time.monotonic()

    def release(self) -> None:
        """Free a slot and wake a waiter if the cap allows."""
        self.in_flight -= 1
        self._wake()

    def on_success(self) -> None:
        """Grow the cap by ``1/cap`` (about one per round of requests)."""
        if self.limit < self.maximum:
            self.limit = min(float(self.maximum), self.limit + 1 / self.limit)
            self._wake()

    def on_rate_limited(self, sent_at: float, retry_after: float | None) -> None:
        """Halve the cap once per burst and pause everyone for ``retry_after`` seconds."""
        now = time.monotonic()
        if sent_at > self._last_cut:
            self.limit = max(1.0, self.limit / 2)
            self._last_cut = now
            self.cuts += 1
        if retry_after:
            self._paused_until = max(self._paused_until, now + retry_after)

    def _wake(self) -> None:
        free = self.current - self.in_flight
        while free > 0 and self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                free -= 1


class Pacer:
    """Spaces requests to stay under ``rpm`` requests and ``tpm`` tokens per minute.

    It also learns a service's request quota from its 429s: when a 429 that says to retry
    after *R* seconds (at least a quarter second) ends a burst of at least ``min_burst``
    accepted requests, those were the window's allowance and the window ends in *R*
    seconds; from then on requests are spaced at 95 % of that rate (never faster than
    ``rpm``), so a run settles just under the real limit instead of bursting into it every
    window. A 429 after only a few accepted requests, or one asking for a very short wait
    (a passing overload), teaches nothing.

    Args:
        rpm: Requests per minute, or ``None``.
        tpm: Tokens per minute, or ``None``; each request counts its estimated prompt
            tokens plus its maximum output tokens.
        min_burst: Accepted requests a window needs before its 429 teaches a quota.
    """

    def __init__(self, rpm: int | None = None, tpm: int | None = None, min_burst: int = 20) -> None:
        self.rpm = rpm
        self.tpm = tpm
        self.min_burst = min_burst
        self.learned_rps: float | None = None
        self._next = 0.0
        self._accepted = 0
        self._window_start: float | None = None
        self._resumes_at = float("-inf")

    def on_success(self) -> None:
        """Count an accepted request toward the current window."""
        if self._window_start is None:
            self._window_start = time.monotonic()
        self._accepted += 1

    def on_rate_limited(self, retry_after: float | None) -> None:
        """Learn the allowance from the first 429 of a window (needs ``retry_after``)."""
        now = time.monotonic()
        if not retry_after or now < self._resumes_at or self._window_start is None:
            return
        window = now - self._window_start + retry_after
        if self._accepted >= self.min_burst and retry_after >= _MIN_QUOTA_WAIT and window > 0:
            self.learned_rps = self._accepted / window * _LEARNED_MARGIN
        self._accepted = 0
        self._window_start = self._resumes_at = now + retry_after

    async def wait(self, tokens: int) -> None:
        """Wait until a request of ``tokens`` tokens may be sent."""
        if self.rpm is None and self.tpm is None and self.learned_rps is None:
            return
        spacing = max(
            60.0 / self.rpm if self.rpm else 0.0,
            60.0 * tokens / self.tpm if self.tpm else 0.0,
            1.0 / self.learned_rps if self.learned_rps else 0.0,
        )
        now = time.monotonic()
        slot = max(now, self._next)
        self._next = slot + spacing
        if slot > now:
            await asyncio.sleep(slot - now)
