"""Throughput control: an adaptive in-flight limit and a requests/tokens-per-minute pacer.

:class:`AdaptiveLimit` caps the requests in flight at ``--concurrency``; when the service's
quota is spent it halves the cap (once per burst: only a request sent after the last cut
can cut again) and pauses every worker for the ``retry-after`` the service asked for; each
success grows the cap by ``1/cap``, about one per round of requests, never above the
maximum. Until requests are paced, when the service says in its answers how many more
requests it would take (:class:`~data_generator.providers.base.Headroom`), no more than
that are in flight (one, to learn when the quota frees, when it says none): the first
burst stops before the quota is spent instead of running into it with every request in
flight. :class:`Pacer` spaces
requests so that ``--rpm`` and ``--tpm`` are never exceeded, nor the quota learned from
the service's 429s (:class:`~data_generator.engine.quota.LearnedQuota`, which also says
which 429s mean the quota is spent). Both cost nothing when there is nothing to wait
for, so the offline provider runs at full speed.
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Callable

from data_generator.engine.quota import LearnedQuota

__all__ = ["AdaptiveLimit", "Pacer", "Seats"]


class AdaptiveLimit:
    """An in-flight cap with multiplicative decrease on a spent quota and additive increase.

    Args:
        maximum: The cap never exceeds this (``--concurrency``).
    """

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum
        self.limit = float(maximum)
        self.in_flight = 0
        self.cuts = 0
        #: Requests the service last said it would still take, or ``None`` (it never said).
        self.remaining: int | None = None
        self._told_at = float("-inf")
        self._last_cut = float("-inf")
        self._paused_until = 0.0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    @property
    def current(self) -> int:
        """The cap in force now (at least 1), no more than the service would still take."""
        cap = max(1, int(self.limit))
        remaining = self.remaining
        return cap if remaining is None else max(1, min(cap, remaining))

    @property
    def paused_until(self) -> float:
        """When (``time.monotonic()``) the pause a spent quota asked for ends."""
        return self._paused_until

    def has_room(self, now: float) -> bool:
        """Whether a request could be sent at ``now`` without waiting: a free slot, no pause."""
        return self.in_flight < self.current and self._paused_until <= now

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
        """Sleep until the pause that the last spent quota asked for is over."""
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

    def on_headroom(self, remaining: int | None, sent_at: float) -> None:
        """The service said it would take ``remaining`` more requests (``None``: no limit).

        Counted from when the answer came: the requests still in flight take their share.
        A higher count than the last is believed only from a request sent after that one
        was told: answers sent together may come back in another order than the service
        counted them in, and an older count must not open room that is gone.

        Args:
            remaining: The count, from the answer's headers.
            sent_at: When the request it answers was sent (``time.monotonic()``).
        """
        if remaining is None:
            self.remaining = None
        elif self.remaining is None or remaining <= self.remaining or sent_at >= self._told_at:
            self.remaining = remaining
            self._told_at = time.monotonic()
            self._wake()

    def on_rate_limited(self, sent_at: float, retry_after: float | None) -> None:
        """The quota is spent: halve the cap once per burst, pause all for ``retry_after`` s."""
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


class Seats:
    """How many records are worked on at once: ``size``, plus those waiting out a retry.

    A record waiting for a ``retry-after`` (or a back-off) sends nothing; it lends its seat
    to the next record meanwhile and takes it back without waiting, so a few 429s do not
    leave request slots idle. (The in-flight limit still caps the requests.)

    Args:
        size: Records worked on at once when none waits (``--concurrency``).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.taken = 0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    async def take(self) -> None:
        """Wait for a free seat and take it (first come, first seated)."""
        if self.taken < self.size and not self._waiters:
            self.taken += 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self.give()  # a seat was handed over just as this was cancelled: pass it on
            elif waiter in self._waiters:
                self._waiters.remove(waiter)
            raise

    def give(self) -> None:
        """Free a seat (a record is done, or waits out a retry); hand it to the next waiter."""
        self.taken -= 1
        while self._waiters and self.taken < self.size:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self.taken += 1  # held for it, so no record that comes later takes it first
                waiter.set_result(None)

    def take_back(self) -> None:
        """A record's wait is over: it sits again at once, even if that is one too many."""
        self.taken += 1


class Pacer:
    """Spaces requests to stay under ``rpm`` requests and ``tpm`` tokens per minute.

    And under the request rate learned from the service's 429s (see
    :class:`~data_generator.engine.quota.LearnedQuota`), never faster than ``rpm``.

    Args:
        rpm: Requests per minute, or ``None``.
        tpm: Tokens per minute, or ``None``; each request counts its estimated prompt
            tokens plus its maximum output tokens.
        min_burst: Accepted requests a window needs before its spent quota teaches a rate.
        spell: Seconds without a 429 before the learned rate is raised.
        clock: Seconds on a monotonic clock (tests pass a fake one).
    """

    def __init__(
        self,
        rpm: int | None = None,
        tpm: int | None = None,
        min_burst: int = 20,
        *,
        spell: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rpm = rpm
        self.tpm = tpm
        self.clock = clock
        self.quota = LearnedQuota(min_burst, spell=spell, clock=clock)
        self._next = 0.0

    @property
    def learned_rps(self) -> float | None:
        """The learned request rate (requests per second), or ``None``."""
        return self.quota.rate

    def on_success(self) -> None:
        """Count an accepted request (see :meth:`LearnedQuota.on_success`)."""
        self.quota.on_success()

    def on_rate_limited(self, retry_after: float | None, *, spent: bool = False) -> bool:
        """Note a 429; return whether the quota is spent (everyone should pause).

        ``spent``: the 429 itself says so (its headers count no requests left). That
        teaches an unknown quota at once; once requests are paced (``rpm`` given or a rate
        learned) it is the pace at the quota's edge, and only a run of 429s says more, as
        without the headers.
        """
        return self.quota.on_rate_limited(retry_after, spent=spent and not self.paced)

    @property
    def paced(self) -> bool:
        """Whether requests are spaced (``rpm``, ``tpm`` or a learned rate)."""
        return bool(self.rpm or self.tpm) or self.quota.rate is not None

    def ready_in(self) -> float:
        """Seconds until the next send slot (0 when free now); reserves nothing."""
        return max(0.0, self._next - self.clock())

    def delay(self, tokens: int) -> float:
        """Reserve the next send slot for a request of ``tokens`` tokens; seconds until it."""
        rate = self.quota.rate
        learned = 1.0 / rate if rate else 0.0
        spacing = max(
            60.0 / self.rpm if self.rpm else 0.0,
            60.0 * tokens / self.tpm if self.tpm else 0.0,
            learned,
        )
        if spacing == 0.0:
            return 0.0
        now = self.clock()
        slot = max(now, self._next)
        self._next = slot + spacing
        if slot > now and spacing == learned:
            self.quota.binding = True
        return slot - now

    async def wait(self, tokens: int) -> None:
        """Wait until a request of ``tokens`` tokens may be sent."""
        pause = self.delay(tokens)
        if pause > 0:
            await asyncio.sleep(pause)
