"""Which structured-output mode a server accepts, decided once per run.

``--structured-output auto`` asks the first request of a run with a strict ``json_schema``;
a server that refuses it (:class:`~data_generator.errors.StructuredOutputRefusedError`) is
asked again at once with ``json_object`` and the wire schema, then with plain JSON mode.
While the mode is undecided only one request is out (the others wait for it), so a run
sends at most two refused requests; a refused request is neither a record attempt nor a
transient retry. Any other failure leaves the mode undecided: the next request asks; a
fatal one (the endpoint cannot be reached) is handed to the waiting requests unsent, as
the run stops anyway.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from data_generator.errors import ProviderError, StructuredOutputRefusedError

__all__ = ["FALLBACK", "GUIDED_MODES", "Negotiation"]

T = TypeVar("T")

#: The modes ``auto`` tries, in order.
FALLBACK = ("json-schema", "json-object-schema", "json")
#: Modes in which the server may not enforce the schema, so the prompt describes the fields
#: (OpenAI itself ignores the ``schema`` of ``json_object``).
GUIDED_MODES = frozenset({"json-object-schema", "json", "off"})

_log = logging.getLogger("data_generator.providers")


class Negotiation:
    """Decides a run's structured-output mode with the server.

    Args:
        setting: ``auto``, or the one mode to use.
        first: The mode ``auto`` starts with (``json`` when the record cannot be said as
            a strict schema).
        where: The endpoint, for the log line.
    """

    def __init__(self, setting: str, *, first: str = FALLBACK[0], where: str = "") -> None:
        self.setting = setting
        self.where = where
        self._candidates = FALLBACK[FALLBACK.index(first) :] if setting == "auto" else (setting,)
        #: The mode requests use, once decided.
        self.mode: str | None = None if setting == "auto" else setting
        #: Requests the server refused for their ``response_format`` in this run.
        self.refused = 0
        self._step = 0
        self._logged = False
        self._lock: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._fatal: ProviderError | None = None

    async def send(self, call: Callable[[str], Awaitable[T]]) -> T:
        """Run ``call(mode)`` in the decided mode, or probe for it.

        Raises:
            StructuredOutputRefusedError: The server refused every mode left to try.
        """
        if self.mode is not None:
            self._log_once()
            return await call(self.mode)
        async with self._probe_lock():
            while self.mode is None:
                if self._fatal is not None:
                    raise self._fatal
                mode = self._candidates[self._step]
                try:
                    answer = await call(mode)
                except StructuredOutputRefusedError as exc:
                    if self._step + 1 >= len(self._candidates):
                        self._fatal = exc
                        raise
                    self.refused += 1
                    self._step += 1
                    continue
                except ProviderError as exc:
                    if exc.fatal:
                        self._fatal = exc
                    raise
                self.mode = mode
                self._log_once()
                return answer
        return await call(self.mode)

    def _log_once(self) -> None:
        if self._logged:
            return
        self._logged = True
        tried = self._candidates[: self._step]
        how = (
            f"after {self.where} refused {', '.join(tried)}"
            if tried
            else "as set"
            if self.setting != "auto"
            else f"accepted by {self.where}"
        )
        _log.info(
            "structured output: %s (%s)",
            self.mode,
            how,
            extra={"event": "structured_output", "structured_output": self.mode},
        )

    def _probe_lock(self) -> asyncio.Lock:
        """The lock of the running loop (a provider may serve one run per event loop)."""
        loop = asyncio.get_running_loop()
        if self._lock is None or self._loop is not loop:
            self._lock, self._loop, self._fatal = asyncio.Lock(), loop, None
        return self._lock
