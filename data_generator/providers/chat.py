"""Chat-completion providers through Semantic Kernel (Azure OpenAI and OpenAI-compatible).

One :class:`KernelChatProvider` holds one Semantic Kernel ``Kernel`` with one chat service.
Each record is one call of the service with a ``ChatHistory`` built from final text (the
scenario's system message and the record's rendered prompt, see :meth:`messages`) and the
record's execution settings (``response_format``, per-record ``seed``, ``temperature``,
``max_tokens``). No prompt template is rendered: text a user typed reaches the model as it
was typed, even when it looks like template syntax, and ``--dry-run`` shows what is sent.
The ``response_format`` follows the run's structured-output mode, negotiated with the server
(:mod:`data_generator.providers.negotiation`); in a mode where the server may not enforce
the schema, the system message carries a description of the fields. Errors of the HTTP
stack are mapped to datagen's provider errors at this module boundary, with ``raise ...
from`` (:mod:`data_generator.providers.openai_errors`).

This module (with ``azure.py`` and ``openai.py``) is the only importer of Semantic Kernel
and openai; it is imported only when a model provider is chosen.
"""

from __future__ import annotations

import logging
from typing import Any

from semantic_kernel import Kernel
from semantic_kernel.connectors.ai.chat_completion_client_base import ChatCompletionClientBase
from semantic_kernel.connectors.ai.open_ai import OpenAIChatPromptExecutionSettings
from semantic_kernel.contents import AuthorRole, ChatHistory, ChatMessageContent

from data_generator.errors import ProviderTransientError
from data_generator.providers.base import Completion, CompletionRequest, Usage
from data_generator.providers.chat_body import ChatBodies, first_mode
from data_generator.providers.headroom import capture
from data_generator.providers.negotiation import Negotiation
from data_generator.providers.openai_errors import map_openai_error, undecodable_answer
from data_generator.settings import Settings

__all__ = ["SERVICE_ID", "KernelChatProvider"]

SERVICE_ID = "datagen"
_log = logging.getLogger("data_generator.providers")


class KernelChatProvider:
    """A provider that asks a Semantic Kernel chat service for each record.

    Args:
        kernel: A kernel with a chat service registered under ``service_id``.
        name: ``azure`` or ``openai`` (recorded in the manifest).
        model: The deployment or model name (recorded in the manifest).
        where: The endpoint, for messages (never holds a secret).
        structured_output: ``auto`` (negotiated with the server), ``json-schema``,
            ``json-object-schema``, ``json`` or ``off``; ``True``/``False`` mean
            ``auto``/``json``.
        temperature: Sampling temperature, or the service's default.
        max_tokens: Output tokens per request, or the service's default.
        service_id: The chat service's id in ``kernel``.
        closers: Async callables run by :meth:`aclose` (clients, credentials).
        endpoint_flag: The flag that sets the endpoint, for messages.
    """

    def __init__(
        self,
        kernel: Kernel,
        *,
        name: str,
        model: str,
        where: str,
        structured_output: str | bool = "auto",
        temperature: float | None = None,
        max_tokens: int | None = None,
        service_id: str = SERVICE_ID,
        closers: list[Any] | None = None,
        endpoint_flag: str = "the endpoint",
    ) -> None:
        self.kernel = kernel
        self.name = name
        self.model = model
        self.where = where
        if isinstance(structured_output, bool):
            structured_output = "auto" if structured_output else "json"
        self.structured_output = structured_output
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.service_id = service_id
        self.endpoint_flag = endpoint_flag
        self._closers = closers or []
        self._service: ChatCompletionClientBase | None = None
        #: Builds the messages and options of each ask (as the Batch API lines do).
        self.bodies = ChatBodies(temperature=temperature, max_tokens=max_tokens)
        self._negotiation: Negotiation | None = None

    @property
    def structured_output_mode(self) -> str | None:
        """The run's structured-output mode; ``None`` while ``auto`` has not decided it."""
        if self._negotiation is not None:
            return self._negotiation.mode
        return None if self.structured_output == "auto" else self.structured_output

    @classmethod
    def from_settings(
        cls,
        kernel: Kernel,
        settings: Settings,
        *,
        name: str,
        model: str,
        where: str,
        closers: list[Any],
    ) -> KernelChatProvider:
        """Build a provider whose request options come from ``settings``."""
        return cls(
            kernel,
            name=name,
            model=model,
            where=where,
            structured_output=settings.structured_output,
            temperature=settings.temperature,
            max_tokens=settings.max_tokens,
            closers=closers,
            endpoint_flag="--azure-openai-endpoint" if name == "azure" else "--openai-base-url",
        )

    def messages(self, request: CompletionRequest, mode: str | None = None) -> list[dict[str, str]]:
        """The chat messages of one ask, as sent: final text, no template syntax in it.

        Args:
            request: The ask.
            mode: Its structured-output mode; by default the run's, or the first one
                ``auto`` tries.
        """
        mode = mode or self.structured_output_mode or self._first_mode(request)
        return self.bodies.messages(request, mode)

    async def complete(self, request: CompletionRequest) -> Completion:
        """Ask the chat service for one record, in the run's structured-output mode.

        Raises:
            ProviderError: Mapped from the HTTP stack (see :func:`map_openai_error`).
        """
        negotiation = self._negotiation
        if negotiation is None:
            negotiation = Negotiation(
                self.structured_output, first=self._first_mode(request), where=self.where
            )
            self._negotiation = negotiation
        return await negotiation.send(lambda mode: self._ask(request, mode))

    def _first_mode(self, request: CompletionRequest) -> str:
        """The mode ``auto`` tries first: strict JSON schema, unless the record cannot have one."""
        return first_mode(
            "auto" if self.structured_output == "auto" else "json-schema", request.record_model
        )

    async def _ask(self, request: CompletionRequest, mode: str) -> Completion:
        """One request in structured-output mode ``mode``."""
        history = ChatHistory(
            messages=[
                ChatMessageContent(role=AuthorRole(message["role"]), content=message["content"])
                for message in self.messages(request, mode)
            ]
        )
        service = self._service
        if service is None:
            service = self._service = self.kernel.get_service(
                self.service_id, type=ChatCompletionClientBase
            )
        try:
            with capture() as caught:
                messages = await service.get_chat_message_contents(
                    history, self._execution_settings(request, mode)
                )
        except Exception as exc:
            error = map_openai_error(
                exc,
                model=self.model,
                where=self.where,
                structured_output=mode,
                endpoint_flag=self.endpoint_flag,
            ) or undecodable_answer(exc, where=self.where)
            if error is None:
                raise  # not the service's doing: a bug, shown as one (traceback with --debug)
            raise error from exc
        if not messages:
            raise ProviderTransientError(f"{self.where} returned no message")
        message = messages[0]
        usage = message.metadata.get("usage") if message.metadata else None
        finish = message.finish_reason.value if message.finish_reason is not None else "stop"
        return Completion(
            text=str(message.content or ""),
            usage=Usage(
                prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
                completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            ),
            finish_reason=finish if finish in ("stop", "length", "content_filter") else "stop",  # type: ignore[arg-type]
            headroom=caught.headroom,
        )

    def _execution_settings(
        self, request: CompletionRequest, mode: str
    ) -> OpenAIChatPromptExecutionSettings:
        return OpenAIChatPromptExecutionSettings(
            service_id=self.service_id, **self.bodies.options(request, mode)
        )

    async def aclose(self) -> None:
        """Close the HTTP client and the credential."""
        for close in self._closers:
            await close()
        self._closers = []
