"""Chat-completion providers through Semantic Kernel (Azure OpenAI and OpenAI-compatible).

One :class:`KernelChatProvider` holds one Semantic Kernel ``Kernel`` with one chat service.
The prompt functions are built once per run from the scenario's system message and prompt
template; each record is one ``kernel.invoke`` with the record's variables and execution
settings (strict ``response_format``, per-record ``seed``, ``temperature``,
``max_tokens``). Errors of the HTTP stack are mapped to datagen's provider errors here, at
the module boundary, with ``raise ... from``.

This module (with ``azure.py`` and ``openai.py``) is the only importer of Semantic Kernel
and openai; it is imported only when a model provider is chosen.
"""

from __future__ import annotations

import email.utils
import html
import logging
import time
from typing import Any

import openai
from semantic_kernel import Kernel
from semantic_kernel.connectors.ai.open_ai import OpenAIChatPromptExecutionSettings
from semantic_kernel.functions import KernelArguments, KernelFunctionFromPrompt
from semantic_kernel.prompt_template import InputVariable, PromptTemplateConfig

from data_generator.errors import (
    ProviderAuthError,
    ProviderContentFilterError,
    ProviderError,
    ProviderNotFoundError,
    ProviderRateLimitError,
    ProviderTransientError,
)
from data_generator.providers.base import Completion, CompletionRequest, Usage
from data_generator.schema import response_format
from data_generator.settings import Settings
from data_generator.tool import format_attributes

__all__ = ["SERVICE_ID", "KernelChatProvider", "map_openai_error", "record_seed"]

SERVICE_ID = "datagen"
_log = logging.getLogger("data_generator.providers")
_RECORD_LEVEL_400 = ("context_length_exceeded", "string_above_max_length")
_REPAIR = (
    '<message role="user">Your previous answer was rejected: {{$feedback}}. '
    "Answer again with one JSON object that matches the schema.</message>"
)


def record_seed(seed: int, index: int, attempt: int) -> int:
    """The ``seed`` sent for one ask: a function of run seed, record index and attempt."""
    return (seed * 1_000_003 + index * 7_919 + attempt) % 2**31


class KernelChatProvider:
    """A provider that asks a Semantic Kernel chat service for each record.

    Args:
        kernel: A kernel with a chat service registered under ``service_id``.
        name: ``azure`` or ``openai`` (recorded in the manifest).
        model: The deployment or model name (recorded in the manifest).
        where: The endpoint, for messages (never holds a secret).
        structured_output: Send a strict JSON schema; otherwise ask for JSON mode.
        temperature: Sampling temperature, or the service's default.
        max_tokens: Output tokens per request, or the service's default.
        service_id: The chat service's id in ``kernel``.
        closers: Async callables run by :meth:`aclose` (clients, credentials).
    """

    def __init__(
        self,
        kernel: Kernel,
        *,
        name: str,
        model: str,
        where: str,
        structured_output: bool = True,
        temperature: float | None = None,
        max_tokens: int | None = None,
        service_id: str = SERVICE_ID,
        closers: list[Any] | None = None,
    ) -> None:
        self.kernel = kernel
        self.name = name
        self.model = model
        self.where = where
        self.structured_output = structured_output
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.service_id = service_id
        self._closers = closers or []
        self._functions: dict[tuple[str, str, bool], KernelFunctionFromPrompt] = {}
        self._formats: dict[type[Any], dict[str, Any]] = {}

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
        """Ask the chat service for one record.

        Raises:
            ProviderError: Mapped from the HTTP stack (see :func:`map_openai_error`).
        """
        repair = request.feedback is not None
        function = self.create_prompt_function(
            request.system, request.prompt_template, repair=repair
        )
        context = request.context
        arguments = KernelArguments(
            settings=self._execution_settings(request),
            index=str(context.index),
            attributes=format_attributes(context.attributes),
            feedback=request.feedback or "",
        )
        try:
            result = await self.kernel.invoke(function, arguments)
        except Exception as exc:
            raise map_openai_error(exc, model=self.model, where=self.where) from exc
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

    def _execution_settings(self, request: CompletionRequest) -> OpenAIChatPromptExecutionSettings:
        model = request.record_model
        fmt = self._formats.get(model)
        if fmt is None:
            fmt = {
                key: _Shared(value) if isinstance(value, dict) else value
                for key, value in response_format(model, strict=self.structured_output).items()
            }
            self._formats[model] = fmt
        values: dict[str, Any] = {
            "service_id": self.service_id,
            "response_format": fmt,
            "seed": record_seed(request.context.seed, request.context.index, request.attempt),
        }
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


def map_openai_error(  # noqa: PLR0911 - one return per kind of failure
    exc: BaseException, *, model: str, where: str
) -> ProviderError:
    """Translate an exception from Semantic Kernel / openai into a datagen provider error."""
    cause = _find_openai_error(exc)
    if isinstance(cause, openai.APITimeoutError):
        return ProviderTransientError(_timed_out(cause, where))
    if isinstance(cause, openai.APIConnectionError):
        return ProviderTransientError(f"cannot reach {where}: {cause.__cause__ or cause}")
    if not isinstance(cause, openai.APIStatusError):
        return ProviderTransientError(f"{type(exc).__name__} while asking {where}: {exc}")
    status = cause.status_code
    code = str(cause.code or "")
    detail = _api_message(cause)
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
    if status in (408, 409) or status >= 500:
        return ProviderTransientError(f"{where} answered {status}: {detail}")
    error = ProviderError(
        f"{where} refused the request ({status}): {detail}",
        hint="Check the endpoint, API version and model; models without structured outputs "
        "need --no-structured-output",
    )
    error.fatal = True
    return error


def _find_openai_error(exc: BaseException) -> BaseException:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, openai.APIError):
            return current
        for arg in getattr(current, "args", ()):
            if isinstance(arg, openai.APIError):
                return arg
        current = current.__cause__ or current.__context__
    return exc


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
