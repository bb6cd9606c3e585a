"""``.datagen/failures.jsonl``: one line per record that failed every attempt.

Reasons and raw answers are stored with the secrets of any URL in them masked
(:func:`~data_generator.redaction.redact_text`): an endpoint's ``user:password@`` never
reaches the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import orjson

from data_generator.errors import OutputError
from data_generator.redaction import redact_text

__all__ = ["FailureLog"]

_RAW_LIMIT = 20_000


class FailureLog:
    """Appends failed records (index, reason, attempts, raw answer), opened lazily.

    Each run starts a fresh file: the records that failed before are asked again, and
    those that fail again are listed again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None
        path.unlink(missing_ok=True)

    def add(self, index: int, reason: str, raw: str, attempts: int) -> None:
        """Record one failure and flush it."""
        line = {
            "index": index,
            "reason": redact_text(reason),
            "attempts": attempts,
            "raw": redact_text(raw[:_RAW_LIMIT]),
        }
        try:
            if self._handle is None:
                self._handle = open(self.path, "ab")  # noqa: SIM115 - closed in close()
            self._handle.write(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
            self._handle.flush()
        except OSError as exc:
            raise OutputError(
                f"cannot write {str(self.path)!r}: {exc.strerror or exc}",
                hint="Check free space of the out-dir",
            ) from exc

    def close(self) -> None:
        """Close the file if one was opened."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
