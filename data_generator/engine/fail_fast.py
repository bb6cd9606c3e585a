"""Run-wide judgement of provider errors: stop a run that cannot work, early.

A provider sees one request at a time; whether a failure is permanent sometimes shows only
across the run. :class:`FailFast` holds that view for one run:

* the same error answered to the first requests of a run, none succeeding (a server that
  answers every request with the same 500), stops the run;
* a refused connection (:class:`~data_generator.errors.ProviderConnectionError` with
  ``recoverable``) stops a run that has had no answer yet (nothing listens there), but is
  retried as transient once the run has had one (a server restarting mid-run).
"""

from __future__ import annotations

from data_generator.errors import (
    ProviderConnectionError,
    ProviderError,
    ProviderRefusedError,
    ProviderTransientError,
)

__all__ = ["SAME_ERROR_LIMIT", "FailFast"]

#: Identical failures of a run's first requests, with no success, that stop it.
SAME_ERROR_LIMIT = 3


class FailFast:
    """What one run's requests have taught about the service.

    Args:
        limit: Identical failures, before any success, that stop the run.
    """

    def __init__(self, limit: int = SAME_ERROR_LIMIT) -> None:
        self.limit = max(1, limit)
        #: Whether any request of the run has been answered.
        self.succeeded = False
        self._last: tuple[int, str] | None = None
        self._repeats = 0

    def success(self) -> None:
        """Note an answered request."""
        self.succeeded = True

    def judge(self, error: ProviderError) -> ProviderError:
        """Return the error the run should act on in place of ``error``.

        That is ``error`` itself; a transient error for a refused connection after a success;
        or a fatal :class:`~data_generator.errors.ProviderRefusedError` when the first
        :attr:`limit` requests all failed with the same status and message.
        """
        if isinstance(error, ProviderConnectionError):
            if error.recoverable and self.succeeded:
                return ProviderTransientError(f"{error.message} (it answered earlier; retrying)")
            return error
        if self.succeeded or error.fatal or error.status is None or error.status == 429:
            return error
        key = (error.status, error.body)
        self._repeats = self._repeats + 1 if key == self._last else 1
        self._last = key
        if self._repeats < self.limit:
            return error
        stop = ProviderRefusedError(
            f"{error.message} (the same answer to the first {self._repeats} requests of the "
            "run, none succeeded)",
            hint="Check the server's log, the endpoint and the model; rerun once it answers",
        )
        stop.status, stop.body = error.status, error.body
        return stop
