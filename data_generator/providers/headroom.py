"""The remaining quota each answer's headers tell, caught on its way through the openai client.

Semantic Kernel hands back the chat message, not the HTTP response, so the headers in which
Azure OpenAI and OpenAI say how many requests and tokens they would still take
(``x-ratelimit-remaining-requests``, ``x-ratelimit-remaining-tokens``) never reach the
caller. The openai client datagen builds sends through :func:`http_client`, whose response
hook reads them into the slot :func:`capture` opened for the call in progress. The slot is
a context variable, so each of many concurrent calls gets its own answer's headers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import openai

from data_generator.providers.base import Headroom

__all__ = ["Caught", "capture", "http_client"]


class Caught:
    """What the answer to one call said it would still take (``None`` until it said)."""

    __slots__ = ("headroom",)

    def __init__(self) -> None:
        self.headroom: Headroom | None = None


_SLOT: ContextVar[Caught | None] = ContextVar("datagen_headroom", default=None)


async def _note(response: Any) -> None:
    """The response hook: read the headers into the slot of the call being made, if any."""
    caught = _SLOT.get()
    if caught is not None:
        caught.headroom = Headroom.from_headers(response.headers)


def http_client() -> openai.DefaultAsyncHttpxClient:
    """The HTTP client for an openai client: the SDK's defaults, plus the response hook.

    Trust is read as the SDK's own client reads it (``SSL_CERT_FILE`` when it is set).
    """
    return openai.DefaultAsyncHttpxClient(event_hooks={"response": [_note]})


@contextmanager
def capture() -> Iterator[Caught]:
    """Open the slot the headers of the answer to the call made inside go to."""
    caught = Caught()
    token = _SLOT.set(caught)
    try:
        yield caught
    finally:
        _SLOT.reset(token)
