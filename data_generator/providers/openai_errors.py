"""openai / Semantic Kernel exceptions as datagen's provider errors, with one clear line each.

Transient means what the status or exception says (429, 408, a 5xx that does not complain
about the request, a timeout, a connection lost mid-answer); an endpoint that cannot be
reached (refused, unknown host, untrusted certificate) stops the run with the endpoint,
the cause and the fix; an exception with no openai error behind it is not mapped (it is a
bug, and propagates).
"""

from __future__ import annotations

import email.utils
import json
import re
import socket
import ssl
import time
from typing import Any
from urllib.parse import urlsplit

import openai

from data_generator.errors import (
    ProviderAnswerError,
    ProviderAuthError,
    ProviderConnectionError,
    ProviderContentFilterError,
    ProviderError,
    ProviderNotFoundError,
    ProviderRateLimitError,
    ProviderRefusedError,
    ProviderTransientError,
    StructuredOutputRefusedError,
)
from data_generator.providers.base import Headroom

__all__ = ["connection_error", "map_openai_error", "retry_after", "undecodable_answer"]

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
_RAW_KEPT = 20_000  # bytes of an undecodable answer kept for failures.jsonl
_SENT = {
    "json-schema": "json_schema",
    "json-object-schema": "json_object with a schema",
    "json": "json_object",
}


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
        headers = cause.response.headers
        return ProviderRateLimitError(
            f"{where} is rate limiting (429)",
            retry_after=retry_after(headers),
            headroom=Headroom.from_headers(headers),
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


def undecodable_answer(exc: BaseException, *, where: str) -> ProviderAnswerError | None:
    """The answer ``exc`` failed to decode (not UTF-8), as a provider error; else ``None``.

    The openai client decodes the response body as UTF-8 and lets a
    :class:`UnicodeDecodeError` through, with no openai error around it.
    """
    for cause in _chain(exc):
        if isinstance(cause, UnicodeDecodeError):
            body = bytes(cause.object)
            return ProviderAnswerError(
                f"the answer from {where} is not valid UTF-8 (byte 0x{body[cause.start]:02x} "
                f"at position {cause.start:,} of the response)",
                raw=body[:_RAW_KEPT].decode("utf-8", "replace"),
            )
    return None


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
