"""The chat-completions request of one ask, as sent: messages and request options.

Online requests (:class:`~data_generator.providers.chat.KernelChatProvider`, through
Semantic Kernel) and Batch API lines (:mod:`data_generator.engine.batch_lines`) are both
built here, so a record's batch line carries exactly the messages, ``response_format``,
seed, temperature and ``max_tokens`` its online request would. No Semantic Kernel import.
"""

from __future__ import annotations

from typing import Any

from data_generator.errors import UsageError
from data_generator.field_guide import field_guide
from data_generator.providers.base import CompletionRequest, record_seed
from data_generator.providers.negotiation import FALLBACK, GUIDED_MODES
from data_generator.schema import response_format, strict_json_schema

__all__ = ["REPAIR", "ChatBodies", "first_mode"]

#: The message a repair adds after the record's prompt.
REPAIR = (
    "Your previous answer was rejected: {feedback}. "
    "Answer again with one JSON object that matches the schema."
)


def first_mode(structured_output: str, record_model: type[Any]) -> str:
    """The mode a run in ``structured_output`` starts with.

    ``auto`` starts with the strict JSON schema, unless the record cannot have one (then
    plain JSON mode); any other setting is the mode itself.
    """
    if structured_output != "auto":
        return structured_output
    try:
        strict_json_schema(record_model)
    except UsageError:
        return "json"
    return FALLBACK[0]


class ChatBodies:
    """Builds the messages and request options of asks, caching what every ask shares.

    Args:
        temperature: Sampling temperature, or the service's default.
        max_tokens: Output tokens per request, or the service's default.
    """

    def __init__(self, *, temperature: float | None = None, max_tokens: int | None = None) -> None:
        self.temperature = temperature
        self.max_tokens = max_tokens
        self._formats: dict[tuple[type[Any], str], dict[str, Any] | None] = {}
        self._guides: dict[type[Any], str] = {}

    def messages(self, request: CompletionRequest, mode: str) -> list[dict[str, str]]:
        """The chat messages of one ask in structured-output mode ``mode``: final text.

        In a mode where the server may not enforce the schema, the system message carries
        a description of the fields; a repair adds the reason the last answer was refused.
        """
        system = request.system
        if mode in GUIDED_MODES:
            system = f"{system}\n\n{self._guide(request.record_model)}"
        sent = [{"role": "system", "content": system}, {"role": "user", "content": request.prompt}]
        if request.feedback is not None:
            sent.append({"role": "user", "content": REPAIR.format(feedback=request.feedback)})
        return sent

    def options(self, request: CompletionRequest, mode: str) -> dict[str, Any]:
        """The request options of one ask: ``response_format``, seed, temperature, max_tokens.

        Those unset are left out. The ``response_format`` object is shared between asks
        (and is not copied when Semantic Kernel deep-copies a call's settings): do not
        change it.
        """
        model = request.record_model
        key = (model, mode)
        if key not in self._formats:
            wire = response_format(model, mode)
            self._formats[key] = (
                None
                if wire is None
                else {
                    name: _Shared(value) if isinstance(value, dict) else value
                    for name, value in wire.items()
                }
            )
        values: dict[str, Any] = {
            "seed": record_seed(request.context.seed, request.context.index, request.attempt)
        }
        fmt = self._formats[key]
        if fmt is not None:
            values["response_format"] = fmt
        if self.temperature is not None:
            values["temperature"] = self.temperature
        if self.max_tokens is not None:
            values["max_tokens"] = self.max_tokens
        return values

    def body(self, request: CompletionRequest, mode: str, model: str) -> dict[str, Any]:
        """The whole chat-completions body of one ask for ``model``."""
        return {
            "model": model,
            "messages": self.messages(request, mode),
            **self.options(request, mode),
        }

    def _guide(self, model: type[Any]) -> str:
        guide = self._guides.get(model)
        if guide is None:
            guide = self._guides[model] = field_guide(model)
        return guide


class _Shared(dict[str, Any]):
    """A dict that deep copies as itself.

    Semantic Kernel deep-copies the execution settings of every call; the response schema
    is never changed, so copying it (about a millisecond per record) is waste.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> _Shared:
        return self
