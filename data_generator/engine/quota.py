"""A service's request quota, learned from its 429s and probed upward again after quiet spells.

A run without ``--rpm`` does not know its deployment's quota; :class:`LearnedQuota` finds
it out. It is additive increase, multiplicative decrease, as TCP and the rate limiters of
synthetic-data tools do it, with one difference that matters for model services: only a
*run* of 429s lowers the rate.

* **Which 429s count.** :data:`QUOTA_RUN` answers in a row refused with 429 say the quota
  is spent (everyone should pause); before any pacing, so does one 429 whose headers
  count no requests left (``x-ratelimit-remaining-requests: 0``, see ``spent``). One 429
  among accepted answers (a shared deployment's passing overload, or a probe a little
  above the quota) costs that one request its ``retry-after`` and nothing else; otherwise
  a service that refuses 3 % of requests at random would throttle a run for good.
* **Decrease.** When the quota is spent, the requests accepted lately were the allowance
  of a window that ends after the ``retry-after``: "lately" is since the quota was last
  spent, but at most the last ``spell`` seconds or the ``retry-after``, whichever is longer
  (a run that started slowly does not count its slow start). If at least ``min_burst``
  were accepted, requests are spaced at 95 % of that rate from then on. A quota spent
  again while paced lowers the rate by at least 5 %.
* **Increase.** After a quiet spell (``spell`` seconds and at least
  :data:`MIN_SPELL_ANSWERS` accepted answers without a 429) in which the learned rate held
  requests back, the rate is raised by 2 % of itself; each raise that holds doubles the
  next (up to 25 %), so a rate cut too deep comes back within a few spells.
* **A probe that overshoots.** A lone 429 after a raise sends the rate back to the last
  one that held, and the next raise waits twice as long (up to 16 spells).
* **A rate a little too high.** When more than 5 % of a spell's answers are lone 429s,
  the rate is lowered by 2 %: it is above the quota, just not far enough for runs.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable

__all__ = ["MIN_SPELL_ANSWERS", "QUOTA_RUN", "LearnedQuota"]

#: Answers in a row refused with 429 that say the quota is spent (not a passing refusal).
QUOTA_RUN = 3
#: Accepted answers a quiet spell needs besides its length (a slow rate's spell is longer).
MIN_SPELL_ANSWERS = 10
#: A learned quota is used at 95 %: pacing at exactly the limit lets timing jitter put one
#: request too many into a window, and each of those costs a 429.
_MARGIN = 0.95
_FIRST_STEP = 0.02
_MAX_STEP = 0.25
_MAX_PATIENCE = 16
_MAX_REFUSED_SHARE = 0.05
#: Accepted requests are counted in buckets of this many seconds, for this long.
_BUCKET = 0.25
_KEPT = 120.0


class LearnedQuota:
    """The request rate a service allows, as its 429s and quiet spells tell it.

    Args:
        min_burst: Accepted requests a window needs before its spent quota teaches a rate.
        spell: Seconds without a 429 (the length of a service's quota window, 10 s on
            Azure OpenAI) before the rate is raised.
        clock: Seconds on a monotonic clock (tests pass a fake one).
    """

    def __init__(
        self,
        min_burst: int = 20,
        *,
        spell: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.min_burst = min_burst
        self.spell = spell
        self.clock = clock
        #: Requests per second the service allows, or ``None`` before its quota was spent.
        self.rate: float | None = None
        #: Set by the pacer when the learned rate made a request wait (it is what limits).
        self.binding = False
        #: Times the rate was raised, and lowered (a spent quota, an undone probe, a guard).
        self.raises = 0
        self.lowered = 0
        self._recent: collections.deque[list[int]] = collections.deque()  # [bucket, count]
        self._window_start: float | None = None
        self._resumes_at = float("-inf")
        self._refused_in_a_row = 0
        self._held: float | None = None  # the rate before the last raise, while on trial
        self._step = 0.0
        self._patience = 1
        self._calm_since = 0.0
        self._calm = 0
        self._tally_since = 0.0
        self._answers = 0
        self._refused = 0

    def on_success(self) -> None:
        """Count an accepted request; after a quiet spell, raise the rate."""
        now = self.clock()
        self._count_accepted(now)
        self._refused_in_a_row = 0
        if self.rate is None:
            return
        self._calm += 1
        spell = self.spell * self._patience
        if self._calm >= MIN_SPELL_ANSWERS and now - self._calm_since >= spell:
            if self.binding:
                self._raise(now)
            self._calm, self._calm_since, self.binding = 0, now, False
        self._tally(now, refused=False)

    def on_rate_limited(self, retry_after: float | None, *, spent: bool = False) -> bool:
        """Note a 429; return whether it says the quota is spent (everyone should pause).

        Args:
            retry_after: Seconds the service asked to wait, if it said.
            spent: The service said so with this 429 (no requests left, by its headers).
        """
        now = self.clock()
        self._calm, self._calm_since = 0, max(now, self._resumes_at)
        self._refused_in_a_row += 1
        if self._refused_in_a_row < QUOTA_RUN and not spent:
            if not self._undo_probe(now):
                self._tally(now, refused=True)
            return False
        if now < self._resumes_at:
            return False  # sent before the pause that this run of 429s began
        self._learn(now, retry_after or 0.0)
        return True

    def _count_accepted(self, now: float) -> None:
        if self._window_start is None:
            self._window_start = now
        bucket = int(now / _BUCKET)
        recent = self._recent
        if recent and recent[-1][0] == bucket:
            recent[-1][1] += 1
        else:
            recent.append([bucket, 1])
            while recent[0][0] < bucket - _KEPT / _BUCKET:
                recent.popleft()

    def _learn(self, now: float, retry_after: float) -> None:
        """The quota is spent: learn the rate it allowed, or lower the one in force."""
        rate = self.rate
        start = self._window_start if self._window_start is not None else now
        lookback = min(now - start, max(self.spell, retry_after))
        first = int((now - lookback) / _BUCKET)
        accepted = sum(count for bucket, count in self._recent if bucket >= first)
        window = lookback + retry_after
        if accepted >= self.min_burst and window > 0:
            measured = accepted / window * _MARGIN
            rate = measured if rate is None else min(measured, rate * _MARGIN)
        elif rate is not None:
            rate *= _MARGIN
        if rate is not None:
            if self.rate is not None:
                self.lowered += 1
            self._set(rate, now + retry_after)  # the next spell begins when the pause ends
            self._patience = 1
        self._window_start = self._resumes_at = now + retry_after

    def _raise(self, now: float) -> None:
        rate = self.rate
        assert rate is not None
        step = self._step
        self._set(rate + step, now)
        self._held = rate
        self._step = min(step * 2, (rate + step) * _MAX_STEP)
        self.raises += 1

    def _undo_probe(self, now: float) -> bool:
        """A lone 429 after a raise: back to the rate that held, and wait longer to probe."""
        if self._held is None:
            return False
        self._set(self._held, now)
        self._patience = min(self._patience * 2, _MAX_PATIENCE)
        self.lowered += 1
        return True

    def _tally(self, now: float, *, refused: bool) -> None:
        """Count an answer at a learned rate; lower a rate that draws too many lone 429s."""
        if self.rate is None:
            return
        self._answers += 1
        self._refused += refused
        if self._answers < MIN_SPELL_ANSWERS or now - self._tally_since < self.spell:
            return
        if self._refused > self._answers * _MAX_REFUSED_SHARE:
            self._set(self.rate * (1 - _FIRST_STEP), now)
            self.lowered += 1
        self._answers = self._refused = 0
        self._tally_since = now

    def _set(self, rate: float, now: float) -> None:
        """Put ``rate`` in force and start a new spell and tally."""
        self.rate = rate
        self._held = None
        self._step = rate * _FIRST_STEP
        self._calm, self._calm_since, self.binding = 0, now, False
        self._answers = self._refused = 0
        self._tally_since = now
