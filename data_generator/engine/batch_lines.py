"""Batch API files: request lines in, answer lines out.

A request line asks for one record at one attempt: its ``custom_id`` names both
(``datagen-<index>-<attempt>``), its ``body`` is the chat-completions body the online
provider would send for that record and attempt (:mod:`data_generator.providers.chat_body`).
The service answers each line, in any order, in the batch's output file (status 200) or
error file (:mod:`data_generator.engine.batch_files` keeps both on disk).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from data_generator.context import RecordContext
from data_generator.providers.base import Completion, CompletionRequest, Usage
from data_generator.providers.chat_body import ChatBodies

__all__ = [
    "Answer",
    "LineMaker",
    "custom_id",
    "parse_answer",
    "parse_custom_id",
]

_CUSTOM_ID = re.compile(r"datagen-(\d+)-(\d+)")
#: Codes of error-file lines that say the line was never run (the batch ended first).
NOT_RUN = frozenset({"batch_expired", "batch_cancelled"})


def custom_id(index: int, attempt: int) -> str:
    """The ``custom_id`` of record ``index``'s ask number ``attempt``."""
    return f"datagen-{index}-{attempt}"


def parse_custom_id(text: object) -> tuple[int, int] | None:
    """``(index, attempt)`` of a ``custom_id`` datagen wrote, else ``None``."""
    found = _CUSTOM_ID.fullmatch(text) if isinstance(text, str) else None
    return (int(found.group(1)), int(found.group(2))) if found else None


class LineMaker:
    """Builds the request lines of one run.

    Args:
        request: Makes the first request of a record from its context.
        context: Draws the context of record ``index``.
        bodies: Builds messages and request options (shared with the online provider).
        mode: The structured-output mode of every line.
        model: The body's ``model`` (the deployment on Azure).
        url: Each line's ``url``.
    """

    def __init__(
        self,
        request: Callable[[RecordContext], CompletionRequest],
        context: Callable[[int, int], RecordContext],
        bodies: ChatBodies,
        *,
        mode: str,
        model: str,
        url: str,
    ) -> None:
        self._request = request
        self._context = context
        self.bodies = bodies
        self.mode = mode
        self.model = model
        self.url = url

    def ask(
        self, index: int, seed: int, attempt: int = 1, feedback: str | None = None
    ) -> CompletionRequest:
        """The request of record ``index``'s ask number ``attempt``."""
        request = self._request(self._context(index, seed))
        return dataclasses.replace(request, attempt=attempt, feedback=feedback)

    def line(self, index: int, seed: int, attempt: int = 1, feedback: str | None = None) -> bytes:
        """One JSONL request line, newline included."""
        body = self.bodies.body(self.ask(index, seed, attempt, feedback), self.mode, self.model)
        return orjson.dumps(
            {
                "custom_id": custom_id(index, attempt),
                "method": "POST",
                "url": self.url,
                "body": body,
            },
            option=orjson.OPT_APPEND_NEWLINE,
        )


@dataclass(frozen=True)
class Answer:
    """The service's answer to one request line.

    Attributes:
        index: The record.
        attempt: The ask it answers.
        completion: The answer, when the line succeeded.
        reason: Why the line failed, otherwise.
        code: The failed line's error code, if the service gave one.
    """

    index: int
    attempt: int
    completion: Completion | None = None
    reason: str = ""
    code: str | None = None

    @property
    def ran(self) -> bool:
        """The line was run (not dropped because the batch expired or was cancelled)."""
        return self.code not in NOT_RUN


def parse_answer(raw: bytes) -> Answer | None:
    """The answer of one output or error file line; ``None`` for a line datagen did not write."""
    try:
        line = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(line, dict):
        return None
    ids = parse_custom_id(line.get("custom_id"))
    if ids is None:
        return None
    index, attempt = ids
    error = line.get("error")
    if isinstance(error, dict):
        return Answer(index, attempt, reason=_reason(None, error), code=_code(error))
    response = _object(line.get("response"))
    status = response.get("status_code")
    body = _object(response.get("body"))
    choices = body.get("choices")
    if status == 200 and isinstance(choices, list) and choices and isinstance(choices[0], dict):
        return Answer(index, attempt, completion=_completion(body, choices[0]))
    detail = _object(body.get("error"))
    return Answer(index, attempt, reason=_reason(status, detail), code=_code(detail))


def _object(value: object) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _completion(body: dict[str, Any], choice: dict[str, Any]) -> Completion:
    message = _object(choice.get("message"))
    usage = _object(body.get("usage"))
    finish = choice.get("finish_reason")
    return Completion(
        text=str(message.get("content") or ""),
        usage=Usage(
            prompt_tokens=_count(usage.get("prompt_tokens")),
            completion_tokens=_count(usage.get("completion_tokens")),
        ),
        finish_reason=finish if finish in ("length", "content_filter") else "stop",
    )


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _code(error: dict[str, Any]) -> str | None:
    code = error.get("code")
    return str(code) if code is not None else None


def _reason(status: object, error: dict[str, Any]) -> str:
    message = " ".join(str(error.get("message") or "no message").split())
    code = _code(error)
    what = f"{status}" if status is not None else "an error"
    label = f" ({code})" if code and code != str(status) else ""
    return f"the batch answered {what}{label}: {message}"
