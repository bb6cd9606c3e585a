"""Where datagen's log lines go and what they look like: text or one JSON object per line.

Text lines read ``datagen: WARNING: record 7 failed: ...``. With ``--log-format json`` every
line on stderr (warnings, progress, errors) is one JSON object with ``time``, ``level``,
``logger``, ``message`` and the record's context (``index``, ``event``, ``scenario`` and,
for progress lines, the figures), so a pipeline can filter on fields instead of text.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime, timezone
from typing import Any, Literal, TextIO

import orjson

from data_generator.redaction import redact_text

__all__ = [
    "PROGRESS_LOGGER",
    "JsonFormatter",
    "LogFormat",
    "configure_logging",
    "stderr_line",
]

LogFormat = Literal["text", "json"]

_PROGRAM = "datagen"
#: Progress lines have their own logger: they follow --quiet and --no-progress, not
#: --log-level.
PROGRESS_LOGGER = "data_generator.progress"
#: Libraries that log every failed request at ERROR; datagen reports those itself.
_QUIET_LIBRARIES = ("semantic_kernel", "openai", "httpx", "httpx2", "httpcore", "azure")
#: Attributes every LogRecord has; anything else was passed as ``extra`` context.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
}

#: The format of :func:`stderr_line`, set by the run being shown.
_current: dict[str, LogFormat] = {"format": "text"}


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is now, so a live display can redirect it."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


class JsonFormatter(logging.Formatter):
    """One JSON object per record, with its ``extra`` context as fields.

    Args:
        scenario: Added to every line as ``scenario`` unless the record has its own.
    """

    def __init__(self, scenario: str | None = None) -> None:
        super().__init__()
        self.scenario = scenario

    def format(self, record: logging.LogRecord) -> str:
        """Render ``record`` as a JSON object on one line."""
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if self.scenario is not None:
            data["scenario"] = self.scenario
        data.update((key, value) for key, value in vars(record).items() if key not in _STANDARD)
        if record.exc_info:
            data["traceback"] = self.formatException(record.exc_info)
        return orjson.dumps(data, default=str).decode()


class _Redacting(logging.Formatter):
    """Another formatter's lines with the secrets of URLs masked (httpx logs whole URLs)."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        """The inner formatter's line, redacted."""
        return redact_text(self.inner.format(record))


def configure_logging(
    level: str, log_format: LogFormat = "text", *, scenario: str | None = None
) -> None:
    """Send datagen's log records to stderr at ``level``, as text or JSON lines.

    The model libraries' own logs are shown only with ``DEBUG``; otherwise every failed
    request would add lines beside datagen's one-line report. Progress lines are enabled
    separately (see :data:`PROGRESS_LOGGER`).
    """
    _current["format"] = log_format
    handler = _StderrHandler()
    progress_handler = _StderrHandler()
    if log_format == "json":
        handler.setFormatter(_Redacting(JsonFormatter(scenario)))
        progress_handler.setFormatter(_Redacting(JsonFormatter(scenario)))
    else:
        handler.setFormatter(
            _Redacting(logging.Formatter(f"{_PROGRAM}: %(levelname)s: %(message)s"))
        )
        progress_handler.setFormatter(_Redacting(logging.Formatter(f"{_PROGRAM}: %(message)s")))
    logger = logging.getLogger("data_generator")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
    progress = logging.getLogger(PROGRESS_LOGGER)
    progress.handlers[:] = [progress_handler]
    progress.setLevel(logging.INFO)
    progress.propagate = False
    for name in _QUIET_LIBRARIES:
        library = logging.getLogger(name)
        library.handlers[:] = [handler] if level == "DEBUG" else [logging.NullHandler()]
        library.setLevel(logging.DEBUG if level == "DEBUG" else logging.CRITICAL + 1)
        library.propagate = False


def stderr_line(line: str, level: str | None = None, log_format: LogFormat | None = None) -> str:
    """One line for stderr (with its newline), as text or as a JSON object.

    Args:
        line: What to say.
        level: ``error`` or ``warning`` to label it; unlabelled notes are ``info`` in JSON.
        log_format: ``text`` or ``json``; the run's configured format by default.
    """
    line = redact_text(line)
    if (log_format or _current["format"]) == "json":
        record = {
            "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "level": level or "info",
            "logger": _PROGRAM,
            "message": line,
        }
        return orjson.dumps(record).decode() + "\n"
    return f"{_PROGRAM}: {level + ': ' if level else ''}{line}\n"
