"""Errors that datagen raises, each with a one-line hint and a process exit code.

Every error a user can cause or meet derives from :class:`DatagenError`. The CLI prints
``message`` and ``hint`` on one line and exits with ``exit_code``; library users catch the
class they care about. Third-party exceptions are re-raised as one of these with
``raise ... from exc`` at the boundary of the module that met them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a type only: no project module is imported at run time
    from data_generator.providers.base import Headroom

__all__ = [
    "EXIT_CONFIG",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_SOME_FAILED",
    "BatchCancelledError",
    "ConfigError",
    "DatagenError",
    "DeliveryAuthError",
    "DeliveryConnectionError",
    "DeliveryError",
    "DeliveryNotFoundError",
    "FingerprintMismatchError",
    "MissingConnectionSettingError",
    "OutDirBusyError",
    "OutputError",
    "ProviderAnswerError",
    "ProviderAuthError",
    "ProviderConnectionError",
    "ProviderContentFilterError",
    "ProviderError",
    "ProviderNotFoundError",
    "ProviderRateLimitError",
    "ProviderRefusedError",
    "ProviderTransientError",
    "StructuredOutputRefusedError",
    "UsageError",
]

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_CONFIG = 2
EXIT_INTERRUPTED = 130


class DatagenError(Exception):
    """Root of every datagen error.

    Attributes:
        message: What is wrong, naming the offending value.
        hint: What to do about it, in one short sentence.
        exit_code: The process exit code the CLI uses for this error.
    """

    exit_code: int = EXIT_CONFIG

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        """Return the message and the hint as a single line."""
        text = self.message.rstrip(".")
        if self.hint:
            text = f"{text}. {self.hint}"
        return " ".join(text.split())


class UsageError(DatagenError):
    """The command line asks for something datagen cannot do (exit code 2)."""


class ConfigError(DatagenError, OSError):
    """Settings from flags, the environment, ``.env`` or ``scenarios.toml`` are wrong.

    It is also an ``EnvironmentError`` (``OSError``), so callers that guard a run with
    ``except EnvironmentError`` see missing or broken configuration.
    """


class MissingConnectionSettingError(ConfigError):
    """A provider needs a connection setting (endpoint, deployment…) that nothing gave."""


class FingerprintMismatchError(UsageError):
    """The out-dir holds records made with different settings."""


class OutputError(DatagenError):
    """The output folder or a file in it cannot be written (exit code 2)."""


class OutDirBusyError(OutputError):
    """Another datagen run holds the out-dir's lock (exit code 2)."""


class DeliveryError(DatagenError):
    """Records could not be delivered (a blob container, a database); exit code 2.

    The out-dir is complete all the same: a rerun, or ``datagen upload``, finishes the
    delivery.
    """


class DeliveryAuthError(DeliveryError):
    """The destination refused the key, SAS or identity (401/403)."""


class DeliveryNotFoundError(DeliveryError):
    """The destination (a blob container) does not exist and may not be created."""


class DeliveryConnectionError(DeliveryError):
    """The destination cannot be reached: unknown host, refused connection, timeout.

    Exit code 2, as for a model endpoint that cannot be reached.
    """


class BatchCancelledError(DatagenError):
    """A batch of the run was cancelled (``datagen batches OUT_DIR --cancel``).

    Its answered part is kept; the run stops as interrupted (exit code 130) and a rerun of
    the same command submits the rest.
    """

    exit_code = EXIT_INTERRUPTED


class ProviderError(DatagenError):
    """A model provider refused or failed a request.

    A plain ``ProviderError`` fails the record it was about, unless ``fatal``.
    """

    exit_code = EXIT_SOME_FAILED
    #: True when every further request would fail the same way, so the run stops.
    fatal: bool = False
    #: The HTTP status the service answered, if it answered one.
    status: int | None = None
    #: The service's error message (what the body said), for telling answers apart.
    body: str = ""


class ProviderAuthError(ProviderError):
    """The key or identity was refused (401/403); the run stops (exit code 2)."""

    exit_code = EXIT_CONFIG
    fatal = True


class ProviderNotFoundError(ProviderError):
    """The endpoint or deployment does not exist (404); the run stops (exit code 2)."""

    exit_code = EXIT_CONFIG
    fatal = True


class ProviderConnectionError(ProviderError):
    """The endpoint cannot be reached: connection refused, unknown host, untrusted certificate.

    The run stops (exit code 2). ``recoverable`` marks a refused connection: once the
    run has had an answer, the engine takes it for a server restarting and retries.
    """

    exit_code = EXIT_CONFIG
    fatal = True

    def __init__(self, message: str, *, hint: str = "", recoverable: bool = False) -> None:
        super().__init__(message, hint=hint)
        self.recoverable = recoverable


class ProviderRefusedError(ProviderError):
    """The service refuses the requests themselves, so every further one would fail too.

    A 4xx that is not about one record, a 5xx that complains about the request, or the
    same error answered to the first requests of a run; the run stops (exit code 2).
    """

    exit_code = EXIT_CONFIG
    fatal = True


class StructuredOutputRefusedError(ProviderRefusedError):
    """The service refused the request's ``response_format`` (its structured-output mode).

    With ``--structured-output auto`` the provider asks again in the next mode.
    """


class ProviderRateLimitError(ProviderError):
    """The service asked to slow down (429).

    Attributes:
        retry_after: Seconds the service asked to wait, if it said.
        headroom: What the 429's headers said the service would still take, if they did.
    """

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        retry_after: float | None = None,
        headroom: Headroom | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after
        self.headroom = headroom


class ProviderContentFilterError(ProviderError):
    """The service's content filter refused one record; the run goes on."""


class ProviderAnswerError(ProviderError):
    """The service answered, but the answer cannot be read as text (invalid UTF-8).

    No network failure: sending the same request again is no cure. The record is asked
    again, as after an invalid answer, with this error's message as the reason.

    Attributes:
        raw: The start of the answer as it came, undecodable bytes replaced.
    """

    def __init__(self, message: str, *, hint: str = "", raw: str = "") -> None:
        super().__init__(message, hint=hint)
        self.raw = raw


class ProviderTransientError(ProviderError):
    """A timeout, connection error or 5xx that a retry may cure."""
