"""The provider protocol and the value objects that cross it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

import orjson
from pydantic import BaseModel

from data_generator.context import RecordContext, render_prompt

if TYPE_CHECKING:
    from data_generator.providers.registry import ProviderRegistry
    from data_generator.settings import Settings

__all__ = [
    "Completion",
    "CompletionRequest",
    "Headroom",
    "Provider",
    "Usage",
    "create_provider",
    "record_seed",
]

FinishReason = Literal["stop", "length", "content_filter", "error"]


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens one call used."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass(frozen=True, slots=True)
class Headroom:
    """What the service said it would still take, as its answer's headers tell it.

    From ``x-ratelimit-remaining-requests`` and ``x-ratelimit-remaining-tokens`` (Azure
    OpenAI, OpenAI); ``None`` for a count the answer did not give (or gave as ``-1``).
    """

    requests: int | None = None
    tokens: int | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> Headroom | None:
        """Read the remaining-quota headers; ``None`` when there are none."""
        requests = _count(headers.get("x-ratelimit-remaining-requests"))
        tokens = _count(headers.get("x-ratelimit-remaining-tokens"))
        if requests is None and tokens is None:
            return None
        return cls(requests, tokens)

    def requests_left(self, tokens_per_request: int) -> int | None:
        """Requests the service would still take, by its request and token counts.

        Args:
            tokens_per_request: Tokens one request counts against the quota (0: unknown).
        """
        left = self.requests
        if self.tokens is not None and tokens_per_request > 0:
            by_tokens = self.tokens // tokens_per_request
            left = by_tokens if left is None else min(left, by_tokens)
        return left


def _count(value: str | None) -> int | None:
    try:
        count = int(float(value)) if value else None
    except ValueError:
        return None
    return count if count is not None and count >= 0 else None


class Completion:
    """A provider's answer: the text, what it cost, and why it stopped.

    A provider that has the answer already parsed (the offline provider's draft) passes
    ``data`` instead of ``text``: validating it directly spares a JSON round trip per
    record, and :attr:`text` is made from it only if someone asks.

    Args:
        text: The answer as the model wrote it.
        usage: Tokens the call used.
        finish_reason: Why the answer ended (``length``: cut off at the token limit).
        data: The answer, parsed into JSON-ready Python values.
        headroom: What the service said it would still take, if it said.
    """

    __slots__ = ("_text", "data", "finish_reason", "headroom", "usage")

    def __init__(
        self,
        text: str | None = None,
        usage: Usage | None = None,
        finish_reason: FinishReason = "stop",
        *,
        data: Any = None,
        headroom: Headroom | None = None,
    ) -> None:
        self._text = text
        self.headroom = headroom
        self.usage = usage if usage is not None else Usage()
        self.finish_reason: FinishReason = finish_reason
        self.data = data

    @property
    def text(self) -> str:
        """The answer as text (made from ``data`` when the provider gave only that)."""
        if self._text is None:
            self._text = "" if self.data is None else orjson.dumps(self.data).decode()
        return self._text

    def __repr__(self) -> str:
        return (
            f"Completion(text={self.text!r}, usage={self.usage!r}, finish={self.finish_reason!r})"
        )


@dataclass(slots=True)
class CompletionRequest:
    """Everything a provider needs to produce one record.

    Attributes:
        context: The record's index, seed, options and sampled attributes.
        system: The system message.
        prompt_template: The run's user-prompt template; :attr:`prompt` fills it in.
        record_model: The pydantic model the answer must satisfy.
        schema: The record's JSON schema (for structured outputs).
        attempt: 1 for the first ask, 2+ for repairs.
        feedback: Why the previous attempt was rejected, for a repair.
    """

    context: RecordContext
    system: str
    prompt_template: str
    record_model: type[BaseModel]
    schema: Mapping[str, Any]
    attempt: int = 1
    feedback: str | None = None

    @property
    def prompt(self) -> str:
        """The user prompt of this record (rendered on demand: offline never reads it)."""
        return render_prompt(self.prompt_template, self.context)


def record_seed(seed: int, index: int, attempt: int) -> int:
    """The sampling seed of one ask: a function of run seed, record index and attempt."""
    return (seed * 1_000_003 + index * 7_919 + attempt) % 2**31


@runtime_checkable
class Provider(Protocol):
    """Something that turns a request into a completion.

    A provider may also have a ``structured_output_mode`` attribute saying how it holds
    answers to the record's schema (the engine records it in the manifest and summary),
    and a ``max_concurrency`` int when it answers only so many requests at a time (the
    engine then keeps no more in flight than that). A provider that sends chat messages
    may have a ``messages(request)`` method returning them (``role`` and ``content`` each)
    exactly as sent; ``--dry-run`` shows those.
    """

    name: str
    model: str

    async def complete(self, request: CompletionRequest) -> Completion:
        """Produce the text of one record."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


def create_provider(
    settings: Settings,
    *,
    tool: Any = None,
    kernel: Any = None,
    credential: Any = None,
    registry: ProviderRegistry | None = None,
) -> Provider:
    """Build the provider that ``settings.provider`` names, through the provider registry.

    Args:
        settings: The resolved settings.
        tool: The scenario, for a provider that makes records from it (``offline``).
        kernel: A Semantic Kernel ``Kernel`` with a chat service ``datagen`` to use as is
            (``azure``, ``openai``).
        credential: An async Azure credential to use instead of ``DefaultAzureCredential``.
        registry: The providers to choose from; those installed by default.

    Raises:
        UsageError: No provider has that name.
        MissingConnectionSettingError: The provider lacks a setting it requires.
        ConfigError: The provider's plug-in cannot be loaded.
    """
    from data_generator.providers.registry import ProviderRegistry

    if registry is None:
        registry = ProviderRegistry.discover()
    injected = {"tool": tool, "kernel": kernel, "credential": credential}
    spec = registry.get(settings.provider)
    return spec.create(settings, **{k: v for k, v in injected.items() if v is not None})
