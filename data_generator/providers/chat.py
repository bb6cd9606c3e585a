"""Chat-completion providers through Semantic Kernel (Azure OpenAI and OpenAI-compatible).

One :class:`KernelChatProvider` holds one Semantic Kernel ``Kernel`` with one chat service.
The prompt functions are built once per run from the scenario's system message and prompt
template; each record is one ``kernel.invoke`` with the record's variables and execution
settings (``response_format``, per-record ``seed``, ``temperature``, ``max_tokens``). The
``response_format`` follows the run's structured-output mode, negotiated with the server
(:mod:`data_generator.providers.negotiation`); in a mode where the server may not enforce
the schema, the system message carries a description of the fields. Errors of the HTTP
stack are mapped to datagen's provider errors here, at the module boundary, with
``raise ... from``; an exception with no openai error behind it is a bug and propagates.

This module (with ``azure.py`` and ``openai.py``) is the only importer of Semantic Kernel
and openai; it is imported only when a model provider is chosen.
"""

from __future__ import annotations

import email.utils
import html
import json
import logging
import re
import socket
import ssl
import time
from typing import Any
from urllib.parse import urlsplit

import openai
from semantic_kernel import Kernel
from semantic_kernel.connectors.ai.open_ai import OpenAIChatPromptExecutionSettings
from semantic_kernel.functions import KernelArguments, KernelFunctionFromPrompt
from semantic_kernel.prompt_template import InputVariable, PromptTemplateConfig

from data_generator.errors import (
    ProviderAuthError,
    ProviderConnectionError,
    ProviderContentFilterError,
    ProviderError,
    ProviderNotFoundError,
    ProviderRateLimitError,
    ProviderRefusedError,
    ProviderTransientError,
    StructuredOutputRefusedError,
    UsageError,
)
from data_generator.field_guide import field_guide
from data_generator.providers.base import Completion, CompletionRequest, Usage, record_seed
from data_generator.providers.negotiation import FALLBACK, GUIDED_MODES, Negotiation
from data_generator.schema import response_format, strict_json_schema
from data_generator.settings import Settings
from data_generator.tool import format_attributes

__all__ = [
    "SERVICE_ID",
    "KernelChatProvider",
    "connection_error",
    "map_openai_error",
    "record_seed",
]

SERVICE_ID = "datagen"
_log = logging.getLogger("data_generator.providers")
_RECORD_LEVEL_400 = ("context_length_exceeded", "string_above_max_length")
#: Statuses with which servers refuse a ``response_format`` they do not take (llama.cpp's
#: Python server answers 500 to a ``json_schema``), and the words that say so.
_FORMAT_REFUSAL_STATUSES = (400, 422, 500)
_FORMAT_WORDS = ("response_format", "json_schema", "schema", "grammar")
#: A 5xx whose message says this complains about the request, not about the server.
_REQUEST_COMPLAINT = re.compile(
    r"validation error|input should be|extra inputs are not permitted|not supported|"
    r"unsupported|invalid_request_error|invalid request",
    re.IGNORECASE,
)
_SENT = {
    "json-schema": "json_schema",
    "json-object-schema": "json_object with a schema",
    "json": "json_object",
}
_REPAIR = (
    '<message role="user">Your previous answer was rejected: {{$feedback}}. '
    "Answer again with one JSON object that matches the schema.</message>"
)


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
        self._functions: dict[tuple[str, str, bool], KernelFunctionFromPrompt] = {}
        self._formats: dict[tuple[type[Any], str], dict[str, Any] | None] = {}
        self._guides: dict[type[Any], str] = {}
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

    def create_prompt_function(
        self, system: str, template: str, *, repair: bool = False
    ) -> KernelFunctionFromPrompt:
        """Return the prompt function of a run (built once, then reused).

        Args:
            system: The system message (the scenario's ``get_system_description()``).
            template: The user-prompt template (the scenario's ``build_prompt()``), with
                ``{{$index}}`` and ``{{$attributes}}``.
            repair: Add a user message carrying ``{{$feedback}}`` after a rejected answer.
        """
        key = (system, template, repair)
        function = self._functions.get(key)
        if function is None:
            prompt = (
                f'<message role="system">{html.escape(system)}</message>'
                f'<message role="user">{html.escape(template)}</message>'
                + (_REPAIR if repair else "")
            )
            variables = ["index", "attributes"] + (["feedback"] if repair else [])
            config = PromptTemplateConfig(
                name="generate_repaired_record" if repair else "generate_record",
                template=prompt,
                template_format="semantic-kernel",
                input_variables=[InputVariable(name=name) for name in variables],
            )
            function = KernelFunctionFromPrompt(
                function_name=config.name, plugin_name="datagen", prompt_template_config=config
            )
            self._functions[key] = function
        return function

    async def complete(self, request: CompletionRequest) -> Completion:
        """Ask the chat service for one record, in the run's structured-output mode.

        Raises:
            ProviderError: Mapped from the HTTP stack (see :func:`map_openai_error`).
        """
        negotiation = self._negotiation
        if negotiation is None:
            first = FALLBACK[0]
            if self.structured_output == "auto" and not _strict_possible(request.record_model):
                first = "json"
            negotiation = Negotiation(self.structured_output, first=first, where=self.where)
            self._negotiation = negotiation
        return await negotiation.send(lambda mode: self._ask(request, mode))

    async def _ask(self, request: CompletionRequest, mode: str) -> Completion:
        """One request in structured-output mode ``mode``."""
        system = request.system
        if mode in GUIDED_MODES:
            system = f"{system}\n\n{self._guide(request.record_model)}"
        function = self.create_prompt_function(
            system, request.prompt_template, repair=request.feedback is not None
        )
        context = request.context
        arguments = KernelArguments(
            settings=self._execution_settings(request, mode),
            index=str(context.index),
            attributes=format_attributes(context.attributes),
            feedback=request.feedback or "",
        )
        try:
            result = await self.kernel.invoke(function, arguments)
        except Exception as exc:
            error = map_openai_error(
                exc,
                model=self.model,
                where=self.where,
                structured_output=mode,
                endpoint_flag=self.endpoint_flag,
            )
            if error is None:
                raise  # not the service's doing: a bug, shown as one (traceback with --debug)
            raise error from exc
        messages = result.value if result is not None else None
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
        )

    def _guide(self, model: type[Any]) -> str:
        guide = self._guides.get(model)
        if guide is None:
            guide = self._guides[model] = field_guide(model)
        return guide

    def _execution_settings(
        self, request: CompletionRequest, mode: str
    ) -> OpenAIChatPromptExecutionSettings:
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
        fmt = self._formats[key]
        values: dict[str, Any] = {
            "service_id": self.service_id,
            "seed": record_seed(request.context.seed, request.context.index, request.attempt),
        }
        if fmt is not None:
            values["response_format"] = fmt
        if self.temperature is not None:
            values["temperature"] = self.temperature
        if self.max_tokens is not None:
            values["max_tokens"] = self.max_tokens
        return OpenAIChatPromptExecutionSettings(**values)

    async def aclose(self) -> None:
        """Close the HTTP client and the credential."""
        for close in self._closers:
            await close()
        self._closers = []


class _Shared(dict[str, Any]):
    """A dict that deep copies as itself.

    Semantic Kernel deep-copies the execution settings of every call; the response schema
    is never changed, so copying it (about a millisecond per record) is waste.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> _Shared:
        return self


def _strict_possible(model: type[Any]) -> bool:
    try:
        strict_json_schema(model)
    except UsageError:
        return False
    return True


def map_openai_error(
    exc: BaseException,
    *,
    model: str,
    where: str,
    structured_output: str | None = None,
    endpoint_flag: str = "the endpoint",
) -> ProviderError | None:
    """Translate an exception from Semantic Kernel / openai into a datagen provider error.

    Args:
        exc: What ``kernel.invoke`` raised.
        model: The deployment or model, for messages.
        where: The endpoint, for messages.
        structured_output: The request's structured-output mode, to recognise a server
            refusing its ``response_format``.
        endpoint_flag: The flag that sets the endpoint, for the fix in messages.

    Returns:
        The provider error, or ``None`` when no openai error is behind ``exc`` (a bug, to be
        raised as it is).
    """
    cause = _find_openai_error(exc)
    if cause is None:
        return None
    if isinstance(cause, openai.APITimeoutError):
        return ProviderTransientError(_timed_out(cause, where))
    if isinstance(cause, openai.APIConnectionError):
        return connection_error(cause, where=where, endpoint_flag=endpoint_flag)
    if not isinstance(cause, openai.APIStatusError):
        return ProviderTransientError(f"{where} answered what cannot be read: {cause}")
    status = cause.status_code
    code = str(cause.code or "")
    detail = _api_message(cause)
    error = _status_error(
        cause,
        status=status,
        code=code,
        detail=detail,
        model=model,
        where=where,
        structured_output=structured_output,
    )
    error.status, error.body = status, detail
    return error


def _status_error(  # noqa: PLR0911 - one return per kind of failure
    cause: openai.APIStatusError,
    *,
    status: int,
    code: str,
    detail: str,
    model: str,
    where: str,
    structured_output: str | None,
) -> ProviderError:
    sent = _SENT.get(structured_output or "")
    if sent and status in _FORMAT_REFUSAL_STATUSES and _names_format(cause):
        return StructuredOutputRefusedError(
            f"{where} refused response_format {sent} ({status}): {detail}",
            hint="Choose another --structured-output (auto tries json-schema, "
            "json-object-schema and json in turn; off sends none)",
        )
    if status == 429:
        return ProviderRateLimitError(
            f"{where} is rate limiting (429)", retry_after=retry_after(cause.response.headers)
        )
    if status in (401, 403):
        return ProviderAuthError(
            f"{where} refused the API key or identity ({status}): {detail}",
            hint="Check --azure-openai-api-key / AZURE_OPENAI_API_KEY (or OPENAI_API_KEY), or "
            "sign in (az login) with an identity that has the 'Cognitive Services OpenAI User' "
            "role",
        )
    if status == 404:
        return ProviderNotFoundError(
            f"deployment or model {model!r} was not found at {where} (404): {detail}",
            hint="Check --azure-openai-deployment / AZURE_OPENAI_DEPLOYMENT (or --openai-model) "
            "and the endpoint",
        )
    if status == 400 and (code == "content_filter" or "content_filter" in detail):
        return ProviderContentFilterError(f"the content filter refused this record: {detail}")
    if status == 400 and code in _RECORD_LEVEL_400:
        return ProviderError(f"{where} refused this record ({code}): {detail}")
    if status >= 500 and _REQUEST_COMPLAINT.search(f"{detail} {cause.body}"):
        return ProviderRefusedError(
            f"{where} failed on the request ({status}): {detail}",
            hint="Check the endpoint, the model and the server's log",
        )
    if status in (408, 409) or status >= 500:
        return ProviderTransientError(f"{where} answered {status}: {detail}")
    return ProviderRefusedError(
        f"{where} refused the request ({status}): {detail}",
        hint="Check the endpoint, API version and model",
    )


def _names_format(error: openai.APIStatusError) -> bool:
    """Whether an error answer is about the request's ``response_format``."""
    text = f"{error.message} {json.dumps(error.body, default=str)}".lower()
    return any(word in text for word in _FORMAT_WORDS)


def connection_error(
    error: BaseException, *, where: str, endpoint_flag: str = "the endpoint"
) -> ProviderError:
    """A connection failure as a provider error: fatal when the cause is permanent.

    Connection refused, an unknown host and an untrusted TLS certificate are
    :class:`~data_generator.errors.ProviderConnectionError`; anything else (a connection
    reset mid-answer) is transient.
    """
    for cause in _chain(error):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return ProviderConnectionError(
                f"cannot connect to {where}: its TLS certificate is not trusted "
                f"({cause.verify_message or cause.reason})",
                hint=f"Trust its CA (SSL_CERT_FILE=ca.pem) or correct {endpoint_flag}",
            )
        if isinstance(cause, socket.gaierror):
            host = urlsplit(where).hostname or where
            return ProviderConnectionError(
                f"cannot connect to {where}: unknown host {host!r}",
                hint=f"Correct {endpoint_flag} (check the host name and DNS)",
            )
        if isinstance(cause, ConnectionRefusedError):
            return ProviderConnectionError(
                f"cannot connect to {where}: connection refused",
                hint=f"Start the server or correct {endpoint_flag}",
                recoverable=True,
            )
    reason = _chain(error)[-1]
    return ProviderTransientError(f"lost the connection to {where}: {reason}")


def _chain(error: BaseException) -> list[BaseException]:
    """``error`` and its causes and contexts, outermost first."""
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in found):
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _find_openai_error(exc: BaseException) -> openai.APIError | None:
    for current in _chain(exc):
        if isinstance(current, openai.APIError):
            return current
        for arg in getattr(current, "args", ()):
            if isinstance(arg, openai.APIError):
                return arg
    return None


def _api_message(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return " ".join(str(inner["message"]).split())[:300]
    return " ".join(str(error.message).split())[:300]


def retry_after(headers: Any) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``retry-after`` (seconds or HTTP date)."""
    if headers is None:
        return None
    value = headers.get("retry-after-ms")
    if value:
        try:
            return max(0.0, float(value) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        moment = email.utils.parsedate_to_datetime(value)
        return max(0.0, moment.timestamp() - time.time()) if moment else None


def _timed_out(error: BaseException, where: str) -> str:
    """Say how long ``where`` was waited for (the request's read timeout) and how to wait longer."""
    request = getattr(error, "request", None)
    timeouts = getattr(request, "extensions", {}).get("timeout") or {}
    waited = timeouts.get("read") if isinstance(timeouts, dict) else None
    after = f" within {waited:g} s" if isinstance(waited, int | float) else " in time"
    return (
        f"{where} did not answer{after}; a slow or local model may need longer: raise "
        "--request-timeout (or DATAGEN_REQUEST_TIMEOUT)"
    )
