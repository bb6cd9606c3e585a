"""The Batch API of Azure OpenAI (Global Batch) and OpenAI: files and batches, over the openai SDK.

:class:`BatchApi` uploads an input file (and waits until the service has processed it),
creates, retrieves and cancels batches, and downloads output and error files. It speaks the
openai SDK's ``files`` and ``batches`` resources as the services serve them: Azure's
``/openai/files`` and ``/openai/batches`` with ``api-version``, Azure's ``/openai/v1/``
surface, or OpenAI's ``/v1/``. Every HTTP error becomes one of datagen's provider errors with
one clear line; 429s and transient failures are retried with back-off a few times first.
Only the ``--batch`` path and ``datagen batches`` import this module.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, cast, get_args
from urllib.parse import urlsplit

import httpx
import openai
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt

from data_generator.errors import (
    OutputError,
    ProviderAuthError,
    ProviderError,
    ProviderNotFoundError,
    ProviderRateLimitError,
    ProviderRefusedError,
    ProviderTransientError,
    UsageError,
)
from data_generator.providers.openai_errors import map_openai_error
from data_generator.redaction import redact_url
from data_generator.settings import Settings

__all__ = [
    "TERMINAL_STATUSES",
    "BatchApi",
    "BatchError",
    "BatchInfo",
    "BatchStatus",
    "create_batch_api",
]

BatchStatus = Literal[
    "validating",
    "failed",
    "in_progress",
    "finalizing",
    "completed",
    "expired",
    "cancelling",
    "cancelled",
]
#: Statuses a batch does not leave.
TERMINAL_STATUSES: frozenset[str] = frozenset({"failed", "completed", "expired", "cancelled"})
_STATUSES = frozenset(get_args(BatchStatus))
_T = TypeVar("_T")
_Closer = Callable[[], Awaitable[Any]]

#: Azure's chat route inside a batch line; OpenAI's is ``/v1/chat/completions``.
AZURE_CHAT_URL = "/chat/completions"
OPENAI_CHAT_URL = "/v1/chat/completions"
_NO_KEY = "not-needed"
_BATCH_HINT = (
    "Use an Azure OpenAI resource with a Global Batch deployment and an API version that has "
    "batches (--azure-openai-api-version 2024-10-21 or later), or a server with the OpenAI "
    "Batch API; or leave --batch out to generate online"
)


@dataclass(frozen=True)
class BatchError:
    """A batch-level error: one entry of the batch's ``errors.data``.

    Attributes:
        code: e.g. ``token_limit_exceeded``, ``model_not_found``, ``invalid_request``.
        message: The service's words.
        line: The input file's line it is about, if any.
    """

    code: str
    message: str
    line: int | None = None


@dataclass(frozen=True)
class BatchInfo:
    """What the service says about one batch.

    Attributes:
        id: The batch id.
        status: Where the batch is in its life.
        input_file_id: The uploaded input file.
        output_file_id: The answers (status 200), once there are any.
        error_file_id: The failed lines, once there are any.
        total: Requests in the batch (``request_counts.total``).
        completed: Requests answered.
        failed: Requests failed.
        errors: Batch-level errors (a failed batch says why here).
    """

    id: str
    status: BatchStatus
    input_file_id: str
    output_file_id: str | None
    error_file_id: str | None
    total: int
    completed: int
    failed: int
    errors: tuple[BatchError, ...] = ()

    @property
    def terminal(self) -> bool:
        """Whether the batch is done changing (failed, completed, expired or cancelled)."""
        return self.status in TERMINAL_STATUSES

    @classmethod
    def from_batch(cls, batch: Any) -> BatchInfo:
        """Read the openai SDK's ``Batch`` object."""
        counts = batch.request_counts
        data = (batch.errors.data if batch.errors is not None else None) or ()
        # A status this client does not know is taken as still running, never as over:
        # a batch wrongly taken for failed would be submitted twice.
        status = batch.status if batch.status in _STATUSES else "in_progress"
        return cls(
            id=batch.id,
            status=cast(BatchStatus, status),
            input_file_id=batch.input_file_id,
            output_file_id=batch.output_file_id or None,
            error_file_id=batch.error_file_id or None,
            total=counts.total if counts is not None else 0,
            completed=counts.completed if counts is not None else 0,
            failed=counts.failed if counts is not None else 0,
            errors=tuple(
                BatchError(str(e.code or "error"), " ".join(str(e.message or "").split()), e.line)
                for e in data
            ),
        )


class BatchApi:
    """Files and batches of one endpoint, through one openai client.

    Args:
        client: An ``AsyncAzureOpenAI`` or ``AsyncOpenAI`` built with ``max_retries=0``.
        name: ``"azure"`` or ``"openai"``.
        model: What each line's ``body["model"]`` names (the deployment on Azure).
        chat_url: Each line's ``url`` and the batch's ``endpoint``.
        where: The endpoint, redacted, for messages.
        closers: Async close functions of what was opened for the client (the client's too).
        retries: Retries of one call after a 429 or a transient failure.
        backoff: Seconds before the first retry; doubled each time (a ``retry-after`` wins).
        file_wait: Seconds to wait, at most, for an upload to be processed.
        sleep: The sleep function (a test may replace the attribute ``sleep``).
    """

    def __init__(
        self,
        client: openai.AsyncOpenAI,
        *,
        name: str,
        model: str,
        chat_url: str,
        where: str,
        closers: Sequence[_Closer] = (),
        retries: int = 4,
        backoff: float = 2.0,
        file_wait: float = 30 * 60.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.name = name
        self.model = model
        self.chat_url = chat_url
        self.where = where
        self.retries = retries
        self.backoff = backoff
        self.file_wait = file_wait
        self._closers = list(closers) or [client.close]
        self.sleep = sleep

    async def upload(self, filename: str, data: bytes | Path) -> str:
        """Upload a batch input file and wait until the service has processed it.

        A path is sent from disk, 64 KB at a time, never read whole: it is opened here and
        the open file handed to the SDK, which passes file objects to httpx as they are
        (httpx streams them, with a Content-Length from ``fstat``); a path given to the
        SDK itself would be read into memory first.

        Returns:
            The file id.

        Raises:
            ProviderError: The upload was refused, the file could not be processed, or it
                was not processed within ``file_wait`` seconds.
        """
        what = f"uploading {filename}"

        async def send() -> Any:
            if isinstance(data, bytes):
                return await self.client.files.create(file=(filename, data), purpose="batch")
            with open(data, "rb") as handle:
                return await self.client.files.create(file=(filename, handle), purpose="batch")

        created = await self._call(what, send)
        status, details = created.status, created.status_details
        deadline = time.monotonic() + self.file_wait
        delay = 0.0  # look again at once, then back off
        while status != "processed":
            if status == "error":
                raise ProviderRefusedError(
                    f"{self.where} could not process the batch input file {filename!r}: "
                    f"{' '.join(str(details or 'no reason given').split())}",
                    hint="Each line must be a JSON object with custom_id, method, url and body",
                )
            if time.monotonic() >= deadline:
                raise ProviderTransientError(
                    f"{self.where} did not process the batch input file {filename!r} within "
                    f"{self.file_wait:g} s (status {status!r}); rerun to try again"
                )
            if delay:
                await self.sleep(delay)
            delay = min(max(delay * 2, 0.5), 10.0)
            found = await self._call(what, lambda: self.client.files.retrieve(created.id))
            status, details = found.status, found.status_details
        return str(created.id)

    async def create(
        self, input_file_id: str, *, metadata: Mapping[str, str] | None = None
    ) -> BatchInfo:
        """Create a batch of ``input_file_id``'s lines, ``completion_window="24h"``."""
        extra: dict[str, Any] = {"metadata": dict(metadata)} if metadata else {}
        batch = await self._call(
            "creating a batch",
            lambda: self.client.batches.create(
                input_file_id=input_file_id,
                endpoint=cast(Any, self.chat_url),
                completion_window="24h",
                **extra,
            ),
        )
        return BatchInfo.from_batch(batch)

    async def retrieve(self, batch_id: str) -> BatchInfo:
        """The batch's state now."""
        batch = await self._call(
            f"reading batch {batch_id}", lambda: self.client.batches.retrieve(batch_id)
        )
        return BatchInfo.from_batch(batch)

    async def cancel(self, batch_id: str) -> BatchInfo:
        """Ask the service to cancel a batch; a batch already finished is returned as it is."""

        async def cancel() -> Any:
            try:
                return await self.client.batches.cancel(batch_id)
            except openai.ConflictError:  # it ended meanwhile
                return None

        batch = await self._call(f"cancelling batch {batch_id}", cancel)
        if batch is None:
            return await self.retrieve(batch_id)
        return BatchInfo.from_batch(batch)

    async def content(self, file_id: str) -> bytes:
        """The bytes of a file (a batch's output or error file)."""
        answer = await self._call(
            f"downloading {file_id}", lambda: self.client.files.content(file_id)
        )
        return answer.content

    async def download(self, file_id: str, path: Path) -> None:
        """Write a file's bytes to ``path`` as they arrive (a part file renamed at the end).

        Raises:
            ProviderError: The download was refused or kept failing.
            OutputError: ``path`` cannot be written.
        """
        part = path.with_name(path.name + ".part")

        async def fetch() -> None:
            try:
                async with self.client.files.with_streaming_response.content(file_id) as answer:
                    with open(part, "wb") as handle:
                        async for chunk in answer.iter_bytes():
                            handle.write(chunk)
            except httpx.TransportError as exc:  # the connection dropped mid-file
                raise ProviderTransientError(
                    f"{self.where} dropped the download of {file_id}: {exc or type(exc).__name__}"
                ) from exc

        try:
            await self._call(f"downloading {file_id}", fetch)
            os.replace(part, path)
        except OSError as exc:
            raise OutputError(
                f"cannot write {str(path)!r}: {exc.strerror or exc}",
                hint="Check the free space and permissions of the run-state folder, then rerun "
                "the same command",
            ) from exc

    async def aclose(self) -> None:
        """Close the client (and the credential opened for it)."""
        for close in self._closers:
            await close()

    async def _call(self, what: str, call: Callable[[], Awaitable[_T]]) -> _T:
        """``call()``, retried after 429s and transient failures, errors mapped."""
        last: BaseException | None = None

        def wait(state: RetryCallState) -> float:
            nonlocal last
            last = state.outcome.exception() if state.outcome else None
            after = getattr(last, "retry_after", None)
            if isinstance(after, int | float):
                return max(0.0, float(after))
            return float(self.backoff * 2 ** (state.attempt_number - 1))

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.retries + 1),
            wait=wait,
            retry=retry_if_exception_type((ProviderRateLimitError, ProviderTransientError)),
            reraise=True,
            sleep=self.sleep,
        )
        async for attempt in retrying:
            with attempt:
                try:
                    return await call()
                except openai.APIError as exc:
                    raise self._error(exc, what) from exc
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    def _error(self, exc: openai.APIError, what: str) -> ProviderError:
        """One line for what went wrong ``what`` was done."""
        error = map_openai_error(exc, model=self.model, where=self.where)
        assert error is not None  # an openai.APIError is always mapped
        status, detail = error.status, error.body
        mapped: ProviderError
        if isinstance(error, ProviderAuthError):
            mapped = ProviderAuthError(
                f"{self.where} refused the API key or identity ({status}) {what}: {detail}",
                hint=_auth_hint(self.name),
            )
        elif status == 404:
            mapped = ProviderNotFoundError(
                f"{self.where} has no Batch API or does not know this batch or file "
                f"(404 {what}): {detail}",
                hint=_BATCH_HINT,
            )
        else:
            mapped = error
            mapped.message = f"{error.message.rstrip('.')} ({what})"
            mapped.args = (mapped.message,)
        mapped.status, mapped.body = status, detail
        return mapped


def _auth_hint(provider: str) -> str:
    if provider == "azure":
        return (
            "Check --azure-openai-api-key / AZURE_OPENAI_API_KEY, or sign in (az login) with an "
            "identity that has the 'Cognitive Services OpenAI User' role on the resource"
        )
    return "Check --openai-api-key / OPENAI_API_KEY"


def create_batch_api(settings: Settings, *, credential: Any = None) -> BatchApi:
    """The Batch API of the settings' provider.

    ``azure``: the ``AsyncAzureOpenAI`` client the online provider uses (key or Entra ID),
    lines for the deployment with ``url: /chat/completions``. ``openai``:
    ``AsyncOpenAI(base_url=...)``, lines with ``url: /v1/chat/completions`` (or
    ``/chat/completions`` on Azure's ``/openai/v1`` surface).

    Args:
        settings: Provider and connection settings, as a run resolves them.
        credential: An async Azure credential instead of ``DefaultAzureCredential``.

    Raises:
        UsageError: The provider has no Batch API.
        MissingConnectionSettingError: The endpoint, deployment or model is not set.
    """
    from data_generator.providers import builtin

    if settings.provider == "azure":
        builtin.AZURE.validate_settings(settings)
        from data_generator.providers.azure_client import azure_openai_client

        client, closers = azure_openai_client(settings, credential)
        return BatchApi(
            client,
            name="azure",
            model=str(settings.azure_openai_deployment),
            chat_url=AZURE_CHAT_URL,
            where=redact_url(str(settings.azure_openai_endpoint)),
            closers=closers,
        )
    if settings.provider == "openai":
        builtin.OPENAI.validate_settings(settings)
        base_url = str(settings.openai_base_url)
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else _NO_KEY
        plain = openai.AsyncOpenAI(
            base_url=base_url,
            api_key=key,
            max_retries=0,
            timeout=settings.effective_request_timeout,
        )
        azure_v1 = urlsplit(base_url).path.rstrip("/").endswith("/openai/v1")
        return BatchApi(
            plain,
            name="openai",
            model=str(settings.openai_model),
            chat_url=AZURE_CHAT_URL if azure_v1 else OPENAI_CHAT_URL,
            where=redact_url(base_url),
        )
    raise UsageError(
        f"--batch needs --provider azure or openai, not {settings.provider!r}",
        hint="Batches run on an Azure OpenAI Global Batch deployment or a server with the "
        "OpenAI Batch API; leave --batch out for this provider",
    )
