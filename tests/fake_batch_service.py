"""A loopback stand-in for the Azure OpenAI Global Batch and OpenAI Batch APIs (files + batches).

Plug it into the chat server: ``FakeOpenAIServer(responder, batches=BatchService(...))``. Each
line of a batch is answered by the server's own chat pipeline (request validation, strict
schemas, ``max_tokens``, the responder), so a batch answers what online requests would.

Routes, as the services serve them (``{p}`` is a surface prefix)
    ``POST {p}/files`` (multipart: ``purpose=batch``, ``file``), ``GET {p}/files``,
    ``GET {p}/files/{id}``, ``DELETE {p}/files/{id}``, ``GET {p}/files/{id}/content``,
    ``POST {p}/batches``, ``GET {p}/batches``, ``GET {p}/batches/{id}``,
    ``POST {p}/batches/{id}/cancel``. Surfaces: ``/openai`` (Azure, ``?api-version=``
    required; a version outside ``api_versions`` is answered 404 "Resource not found", as
    Azure answers a version without the Batch API), ``/openai/v1`` (Azure's v1 surface, no
    api-version; an ``api-key`` header or ``Authorization: Bearer <key>``) and ``/v1`` (OpenAI).

Life of a file and a batch
    An Azure upload answers ``status: "pending"`` and reads ``"processed"`` from its
    ``file_polls``-th retrieval on (OpenAI: ``processed`` at once); a batch created on a pending
    file is refused (400), as Azure refuses it. A batch is ``validating`` when created, then
    moves one state per step: validation (input lines, the deployment, scripted create
    failures) to ``failed`` or ``in_progress``; ``lines_per_step`` lines answered per step
    (all by default) with ``request_counts`` kept up to date; ``finalizing`` once all are
    answered; ``completed`` with the output file (200 lines, shuffled) and the error file
    (failed lines). ``cancel`` makes it ``cancelling``, then ``cancelled``; ``expire`` or
    ``expire_after_lines`` makes it ``expired``; both keep the answered part in the output file
    and write the unanswered lines to the error file (``batch_cancelled`` / ``batch_expired``).

Driving it
    Steps happen on ``step()`` (the test's hand) and on every retrieval of the batch
    (``steps_per_poll``, 1 by default: a client polling sees it progress). ``hold(status)``
    stops progress at that status until ``release()``: a test can kill a client while its batch
    is ``in_progress``, restart it, then let the batch finish. Nothing sleeps.

Faults
    ``line_faults`` (or ``fail_line``) answers a line with a chat fault (``"500"``, ``"429"``,
    ``"content_filter"``, ``"404"``...), written to the error file, once per listed fault;
    ``token_limit_creates`` fails the first K batches with ``token_limit_exceeded``; a line
    naming an unknown deployment fails its batch with ``model_not_found``; ``http_faults``
    (or ``enqueue_http``) answers the next requests to these routes with ``429``/``500``/``503``.

Everything seen is recorded: ``uploads`` (file ids in order), ``created`` (batches in
order), ``lines(batch_id)`` (the input lines of one batch).
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import random
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fake_openai_server import FakeOpenAIServer, RecordedRequest, _Reply

__all__ = ["BATCH_STATUSES", "BatchService", "StoredBatch", "StoredFile", "batch_surface"]

BATCH_STATUSES = (
    "validating",
    "failed",
    "in_progress",
    "finalizing",
    "completed",
    "expired",
    "cancelling",
    "cancelled",
)
_TERMINAL = frozenset({"failed", "completed", "expired", "cancelled"})
_HTTP_FAULTS = frozenset({"429", "500", "503"})
_DAY = 24 * 3600
_AZURE_CHAT = "/chat/completions"
_OPENAI_CHAT = "/v1/chat/completions"
_EXPIRED = "This request could not be executed before the completion window expired."
_CANCELLED = "This request was not executed because the batch was cancelled."


def batch_surface(path: str) -> tuple[str, str] | None:
    """``(surface, rest)`` of a files/batches path, else ``None``.

    Surfaces: ``"azure"`` (``/openai/...``), ``"azure-v1"`` (``/openai/v1/...``) and
    ``"openai"`` (``/v1/...``); ``rest`` starts with ``/files`` or ``/batches``.
    """
    for prefix, surface in (("/openai/v1", "azure-v1"), ("/openai", "azure"), ("/v1", "openai")):
        if path.startswith(prefix):
            rest = path[len(prefix) :]
            if rest.split("/")[1:2] in (["files"], ["batches"]):
                return surface, rest
    return None


@dataclass
class StoredFile:
    """A file the service holds: an upload or a batch's output/error file."""

    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: int
    polls_left: int = 0
    problem: str | None = None

    @property
    def status(self) -> str:
        """``pending`` while being looked at, then ``processed`` or ``error``."""
        if self.polls_left > 0:
            return "pending"
        return "error" if self.problem else "processed"

    def to_json(self) -> dict[str, Any]:
        """The file object as the service answers it."""
        return {
            "object": "file",
            "id": self.id,
            "bytes": len(self.data),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": self.status,
            "status_details": self.problem if self.status == "error" else None,
            "expires_at": self.created_at + 30 * _DAY if self.purpose == "batch" else None,
        }


@dataclass
class StoredBatch:
    """A batch the service holds, with what it answered so far."""

    id: str
    surface: str
    endpoint: str
    input_file_id: str
    created_at: int
    metadata: dict[str, str] | None
    status: str = "validating"
    lines: list[dict[str, Any]] = field(default_factory=list)
    outputs: list[dict[str, Any]] = field(default_factory=list)
    errors_out: list[dict[str, Any]] = field(default_factory=list)
    batch_errors: list[dict[str, Any]] = field(default_factory=list)
    answered: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    times: dict[str, int] = field(default_factory=dict)

    @property
    def completed(self) -> int:
        """Lines answered 200."""
        return len(self.outputs)

    @property
    def failed(self) -> int:
        """Lines answered with an error (or not answered when the batch ended early)."""
        return len(self.errors_out)

    def to_json(self) -> dict[str, Any]:
        """The batch object as the service answers it."""
        payload: dict[str, Any] = {
            "id": self.id,
            "object": "batch",
            "endpoint": self.endpoint,
            "errors": {"object": "list", "data": self.batch_errors} if self.batch_errors else None,
            "input_file_id": self.input_file_id,
            "completion_window": "24h",
            "status": self.status,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "created_at": self.created_at,
            "expires_at": self.created_at + _DAY,
            "request_counts": {
                "total": len(self.lines),
                "completed": self.completed,
                "failed": self.failed,
            },
            "metadata": self.metadata,
        }
        for name in (
            "in_progress_at",
            "finalizing_at",
            "completed_at",
            "failed_at",
            "expired_at",
            "cancelling_at",
            "cancelled_at",
        ):
            payload[name] = self.times.get(name)
        return payload


class BatchService:
    """The files and batches of one fake endpoint (see the module docstring).

    Args:
        seed: Seed of ids and of the output lines' order.
        steps_per_poll: Steps a batch takes each time it is retrieved (0: only ``step()``).
        lines_per_step: Lines answered per step while ``in_progress`` (``None``: all).
        file_polls: Retrievals an Azure upload stays ``pending`` (0: processed at once).
        token_limit_creates: The first K batches fail with ``token_limit_exceeded``.
        deployments: Batch deployments (Azure) / models (OpenAI) accepted in lines;
            ``None``: the server's ``deployments`` / ``models``.
        line_faults: ``custom_id`` -> faults answered to that line, one per occurrence.
        expire_after_lines: A batch expires once it answered this many lines.
        max_lines: Lines per input file, at most (Azure: 100,000).
        api_versions: Azure API versions that have the Batch API (``None``: any).
        check_uploads: An Azure upload holding a line that is not a JSON object ends in
            ``status: "error"`` (``status_details`` names the line) instead of
            ``processed``; without it such a line fails the batch (``invalid_json_line``).
        http_faults: Faults (``"429"``, ``"500"``, ``"503"``) for the next requests.
        clock: Seconds since the epoch, for the objects' timestamps.
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        steps_per_poll: int = 1,
        lines_per_step: int | None = None,
        file_polls: int = 1,
        token_limit_creates: int = 0,
        deployments: Iterable[str] | None = None,
        line_faults: Mapping[str, Iterable[str]] | None = None,
        expire_after_lines: int | None = None,
        max_lines: int = 100_000,
        api_versions: Iterable[str] | None = None,
        check_uploads: bool = False,
        http_faults: Iterable[str] = (),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.steps_per_poll = steps_per_poll
        self.lines_per_step = lines_per_step
        self.file_polls = file_polls
        self.token_limit_creates = token_limit_creates
        self.deployments = frozenset(deployments) if deployments is not None else None
        self.expire_after_lines = expire_after_lines
        self.max_lines = max_lines
        self.api_versions = frozenset(api_versions) if api_versions is not None else None
        self.check_uploads = check_uploads
        self.clock = clock
        self.files: dict[str, StoredFile] = {}
        self.batches: dict[str, StoredBatch] = {}
        self.uploads: list[str] = []
        self.created: list[StoredBatch] = []
        self.held: str | None = None
        self._rng = random.Random(seed)
        self._line_faults = {key: deque(value) for key, value in (line_faults or {}).items()}
        self._http_faults: deque[str] = deque()
        self.enqueue_http(*http_faults)
        self._lock = threading.RLock()
        self._server: FakeOpenAIServer | None = None
        self._serial = 0

    # -- controls -----------------------------------------------------------------------------

    def attach(self, server: FakeOpenAIServer) -> None:
        """Answer lines through ``server``'s chat pipeline (``FakeOpenAIServer`` calls this)."""
        self._server = server

    def enqueue_http(self, *faults: str) -> None:
        """Answer the next requests to these routes with these faults, in order."""
        unknown = set(faults) - _HTTP_FAULTS - {"ok"}
        if unknown:
            raise ValueError(
                f"unknown HTTP faults {sorted(unknown)}; known: {sorted(_HTTP_FAULTS)}"
            )
        self._http_faults.extend(faults)

    def fail_line(self, custom_id: str, *faults: str) -> None:
        """Answer the line ``custom_id`` with ``faults``, one per time it is seen."""
        with self._lock:
            self._line_faults.setdefault(custom_id, deque()).extend(faults)

    def hold(self, status: str = "in_progress") -> None:
        """Stop every batch's progress at ``status`` until :meth:`release`."""
        if status not in BATCH_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        self.held = status

    def release(self) -> None:
        """Let held batches go on."""
        self.held = None

    def step(self, batch_id: str | None = None, times: int = 1) -> None:
        """Move one batch (``None``: every batch) ``times`` steps on, as the service would."""
        with self._lock:
            targets = [self.batches[batch_id]] if batch_id else list(self.batches.values())
            for _ in range(times):
                for batch in targets:
                    self._advance(batch)

    def run_all(self, limit: int = 1000) -> None:
        """Step every batch until each is terminal (or held); for tests that poll nothing."""
        for _ in range(limit):
            with self._lock:
                moving = [b for b in self.batches.values() if b.status not in _TERMINAL]
                if not moving or all(b.status == self.held for b in moving):
                    return
                for batch in moving:
                    self._advance(batch)

    def expire(self, batch_id: str) -> None:
        """Expire a batch now: answered lines kept, the others written as ``batch_expired``."""
        with self._lock:
            batch = self.batches[batch_id]
            if batch.status not in _TERMINAL:
                self._end_early(batch, "expired", "batch_expired", _EXPIRED)

    def lines(self, batch_id: str) -> list[dict[str, Any]]:
        """The input lines of a batch, as uploaded."""
        with self._lock:
            return list(self.batches[batch_id].lines)

    def status(self, batch_id: str) -> str:
        """A batch's status, without stepping it."""
        with self._lock:
            return self.batches[batch_id].status

    # -- HTTP ---------------------------------------------------------------------------------

    def handle(self, record: RecordedRequest, raw: bytes, surface: str, rest: str) -> _Reply:
        """Answer one request to a files/batches route."""
        server = self._server
        assert server is not None, "BatchService.attach(server) first"
        azure = surface != "openai"
        query = record.query
        if surface == "azure":
            if "api-version" not in query:
                message = "Missing required query parameter: api-version."
                return server._error(True, 400, "BadRequest", message)
            if self.api_versions is not None and query["api-version"] not in self.api_versions:
                return server._error(True, 404, "404", "Resource not found")
        refusal = self._check_auth(server, record, surface)
        if refusal is not None:
            return refusal
        fault = self._http_faults.popleft() if self._http_faults else None
        if fault is not None and fault != "ok":
            record.fault = fault
            return server._fault_reply(fault, azure, record)
        with self._lock:
            reply = self._route(server, record, raw, surface, rest)
        return reply or self._not_found(server, record, surface)

    def _check_auth(
        self, server: FakeOpenAIServer, record: RecordedRequest, surface: str
    ) -> _Reply | None:
        if surface != "azure-v1":
            return server._check_auth(record, surface == "azure")
        if "api-key" in record.headers:
            return server._check_auth(record, True)
        if server._check_auth(record, False) is None:  # the key as a bearer token, as on /v1
            return None
        return server._unauthorised(True)

    def _route(  # noqa: PLR0911 - one return per route
        self,
        server: FakeOpenAIServer,
        record: RecordedRequest,
        raw: bytes,
        surface: str,
        rest: str,
    ) -> _Reply | None:
        parts = rest.strip("/").split("/")
        method = record.method
        if parts == ["files"]:
            if method == "POST":
                return self._upload(server, record, raw, surface)
            return (
                self._list([f.to_json() for f in self.files.values()]) if method == "GET" else None
            )
        if parts == ["batches"]:
            if method == "POST":
                return self._create(server, record, surface)
            return (
                self._list([b.to_json() for b in self.batches.values()])
                if method == "GET"
                else None
            )
        if len(parts) >= 2 and parts[0] == "files" and parts[1] in self.files:
            return self._file_route(parts, method)
        if len(parts) >= 2 and parts[0] == "batches" and parts[1] in self.batches:
            batch = self.batches[parts[1]]
            if len(parts) == 2 and method == "GET":
                for _ in range(self.steps_per_poll):
                    self._advance(batch)
                return _ok(batch.to_json())
            if parts[2:] == ["cancel"] and method == "POST":
                return self._cancel(batch)
        return None

    def _file_route(self, parts: list[str], method: str) -> _Reply | None:
        stored = self.files[parts[1]]
        if len(parts) == 2 and method == "GET":
            stored.polls_left = max(0, stored.polls_left - 1)
            return _ok(stored.to_json())
        if len(parts) == 2 and method == "DELETE":
            del self.files[stored.id]
            return _ok({"id": stored.id, "object": "file", "deleted": True})
        if parts[2:] == ["content"] and method == "GET":
            from fake_openai_server import _Reply

            return _Reply(200, stored.data, {"content-type": "application/octet-stream"})
        return None

    def _not_found(self, server: FakeOpenAIServer, record: RecordedRequest, surface: str) -> _Reply:
        if surface == "openai":
            message = f"Invalid URL ({record.method} {record.path})"
            return server._error(False, 404, None, message)
        return server._error(True, 404, "404", "Resource not found")

    def _list(self, items: list[dict[str, Any]]) -> _Reply:
        return _ok(
            {
                "object": "list",
                "data": items,
                "first_id": items[0]["id"] if items else None,
                "last_id": items[-1]["id"] if items else None,
                "has_more": False,
            }
        )

    def _upload(
        self, server: FakeOpenAIServer, record: RecordedRequest, raw: bytes, surface: str
    ) -> _Reply:
        azure = surface != "openai"
        content_type = record.headers.get("content-type", "")
        if not content_type.startswith("multipart/form-data"):
            message = "Content-Type must be multipart/form-data with 'purpose' and 'file'."
            return server._error(azure, 400, "invalid_request_error", message)
        fields, filename, data = _parse_multipart(content_type, raw)
        purpose = fields.get("purpose")
        if purpose != "batch" or data is None:
            missing = "file" if data is None else "purpose"
            message = f"Missing or invalid parameter '{missing}' (purpose must be 'batch' here)."
            return server._error(azure, 400, "invalid_request_error", message, param=missing)
        stored = StoredFile(
            id=self._id("file-", azure),
            filename=filename or "upload.jsonl",
            purpose="batch",
            data=data,
            created_at=int(self.clock()),
            polls_left=self.file_polls if azure else 0,
            problem=_upload_problem(data) if azure and self.check_uploads else None,
        )
        self.files[stored.id] = stored
        self.uploads.append(stored.id)
        return _ok(stored.to_json())

    def _create(self, server: FakeOpenAIServer, record: RecordedRequest, surface: str) -> _Reply:
        azure = surface != "openai"
        body = record.body
        window = body.get("completion_window")
        endpoint = body.get("endpoint")
        endpoints = (_AZURE_CHAT, _OPENAI_CHAT) if azure else (_OPENAI_CHAT,)
        problem = None
        if window != "24h":
            problem = ("completion_window", f"Invalid value for 'completion_window': {window!r}.")
        elif endpoint not in endpoints:
            shown = ", ".join(endpoints)
            problem = ("endpoint", f"Invalid value for 'endpoint': {endpoint!r} (takes {shown}).")
        if problem is not None:
            return server._error(azure, 400, "invalid_request", problem[1], param=problem[0])
        stored = self.files.get(str(body.get("input_file_id")))
        if stored is None or stored.purpose != "batch":
            message = f"The input file {body.get('input_file_id')!r} was not found."
            return server._error(azure, 404 if azure else 400, "invalid_request", message)
        if stored.status != "processed":
            message = (
                f"The input file '{stored.id}' is in '{stored.status}' state. Only files with "
                "status 'Processed' are accepted for batch inferencing. Please check the file "
                "status and try again."
            )
            return server._error(azure, 400, "invalid_request", message)
        batch = StoredBatch(
            id=self._id("batch_", azure),
            surface=surface,
            endpoint=str(endpoint),
            input_file_id=stored.id,
            created_at=int(self.clock()),
            metadata=body.get("metadata"),
        )
        self.batches[batch.id] = batch
        self.created.append(batch)
        return _ok(batch.to_json())

    def _cancel(self, batch: StoredBatch) -> _Reply:
        if batch.status in _TERMINAL:
            message = f"Cannot cancel a batch with status '{batch.status}'."
            return self._server_error(batch, 409, message)
        if batch.status != "cancelling":
            batch.status = "cancelling"
            batch.times["cancelling_at"] = int(self.clock())
        return _ok(batch.to_json())

    def _server_error(self, batch: StoredBatch, status: int, message: str) -> _Reply:
        assert self._server is not None
        return self._server._error(batch.surface != "openai", status, "invalid_request", message)

    # -- the batch's life ---------------------------------------------------------------------

    def _advance(self, batch: StoredBatch) -> None:
        if batch.status in _TERMINAL or batch.status == self.held:
            return
        now = int(self.clock())
        if batch.status == "validating":
            self._validate(batch, now)
        elif batch.status == "in_progress":
            self._answer_lines(batch)
        elif batch.status == "finalizing":
            self._finish(batch, "completed")
        elif batch.status == "cancelling":
            self._end_early(batch, "cancelled", "batch_cancelled", _CANCELLED)

    def _end_early(self, batch: StoredBatch, status: str, code: str, message: str) -> None:
        """End ``batch`` as ``status``: answered lines kept, the others written as ``code``."""
        if not batch.times.get("in_progress_at"):  # still validating: its lines are all left
            batch.lines = self._read_lines(batch)[0]
        for line in batch.lines[batch.answered :]:
            result: dict[str, Any] = {
                "custom_id": line["custom_id"],
                "response": None,
                "error": {"code": code, "message": message},
            }
            if batch.surface == "openai":
                result = {"id": f"batch_req_{self._rng.getrandbits(96):024x}", **result}
            batch.errors_out.append(result)
        batch.answered = len(batch.lines)
        self._finish(batch, status)

    def _validate(self, batch: StoredBatch, now: int) -> None:
        lines, errors = self._read_lines(batch)
        if not errors and self.token_limit_creates > 0:
            self.token_limit_creates -= 1
            errors = [_limit_error(lines)]
        if errors:
            batch.status = "failed"
            batch.batch_errors = errors
            batch.times["failed_at"] = now
            return
        batch.lines = lines
        batch.status = "in_progress"
        batch.times["in_progress_at"] = now

    def _read_lines(  # noqa: PLR0911 - one return per way a file is refused
        self, batch: StoredBatch
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The input file's lines, and the batch errors validation finds."""
        data = self.files[batch.input_file_id].data
        lines: list[dict[str, Any]] = []
        seen: set[str] = set()
        allowed = self._allowed_models(batch.surface)
        models: set[str] = set()
        for number, text in enumerate(data.splitlines(), start=1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
            except ValueError:
                line = None
            if not isinstance(line, dict) or not isinstance(line.get("body"), dict):
                return [], [_error("invalid_json_line", "This line is not valid JSON.", number)]
            custom_id, model = line.get("custom_id"), line["body"].get("model")
            if not isinstance(custom_id, str) or not custom_id or line.get("method") != "POST":
                message = "Each line needs a string custom_id and method 'POST'."
                return [], [_error("invalid_request", message, number)]
            if custom_id in seen:
                message = f"The custom_id {custom_id!r} is used more than once."
                return [], [_error("duplicate_custom_id", message, number)]
            if line.get("url") != batch.endpoint:
                message = f"The url {line.get('url')!r} is not the batch's {batch.endpoint!r}."
                return [], [_error("url_mismatch", message, number)]
            if allowed is not None and model not in allowed:
                message = (
                    f"The provided model deployment '{model}' does not exist in the AOAI resource."
                    if batch.surface != "openai"
                    else f"The model '{model}' does not exist or does not support the Batch API."
                )
                return [], [_error("model_not_found", message, number)]
            models.add(str(model))
            if len(models) > 1:
                message = "All requests in a batch must use the same model deployment."
                return [], [_error("model_mismatch", message, number)]
            seen.add(custom_id)
            lines.append(line)
        if not lines:
            return [], [_error("empty_batch", "The input file holds no requests.", None)]
        if len(lines) > self.max_lines:
            message = f"The input file holds {len(lines):,} requests; at most {self.max_lines:,}."
            return [], [_error("too_many_tasks", message, None)]
        return lines, []

    def _allowed_models(self, surface: str) -> frozenset[str] | None:
        if self.deployments is not None:
            return self.deployments
        assert self._server is not None
        return self._server.models if surface == "openai" else self._server.deployments

    def _answer_lines(self, batch: StoredBatch) -> None:
        left = len(batch.lines) - batch.answered
        chunk = left if self.lines_per_step is None else min(left, self.lines_per_step)
        if self.expire_after_lines is not None:
            chunk = min(chunk, max(0, self.expire_after_lines - batch.answered))
        for line in batch.lines[batch.answered : batch.answered + chunk]:
            self._answer(batch, line)
        batch.answered += chunk
        limit = self.expire_after_lines
        if limit is not None and len(batch.lines) > batch.answered >= limit:
            self._end_early(batch, "expired", "batch_expired", _EXPIRED)
            return
        if batch.answered == len(batch.lines):
            batch.status = "finalizing"
            batch.times["finalizing_at"] = int(self.clock())

    def _answer(self, batch: StoredBatch, line: dict[str, Any]) -> None:
        from fake_openai_server import RecordedRequest

        server = self._server
        assert server is not None
        azure = batch.surface != "openai"
        body = dict(line["body"])
        faults = self._line_faults.get(line["custom_id"])
        fault = faults.popleft() if faults else None
        record = RecordedRequest("POST", batch.endpoint, {}, {}, body, deployment=body.get("model"))
        self._serial += 1
        if fault is not None and fault not in ("timeout", "malformed", "truncated", "odd_finish"):
            record.fault = fault
            reply = server._fault_reply(fault, azure, record)
        else:
            reply = server._respond(record, body, azure, fault, 10_000_000 + self._serial)
        assert reply is not None
        result: dict[str, Any] = {
            "custom_id": line["custom_id"],
            "response": {
                "status_code": reply.status,
                "request_id": str(uuid.UUID(int=self._rng.getrandbits(128))),
                "body": json.loads(reply.body.decode("latin-1")),
            },
            "error": None,
        }
        if not azure:
            result = {"id": f"batch_req_{self._rng.getrandbits(96):024x}", **result}
        (batch.outputs if reply.status == 200 else batch.errors_out).append(result)

    def _finish(self, batch: StoredBatch, status: str) -> None:
        azure = batch.surface != "openai"
        now = int(self.clock())
        for results, attribute in (
            (batch.outputs, "output_file_id"),
            (batch.errors_out, "error_file_id"),
        ):
            if not results:
                continue
            shuffled = list(results)
            self._rng.shuffle(shuffled)
            data = b"".join(json.dumps(r).encode() + b"\n" for r in shuffled)
            stored = StoredFile(
                id=self._id("file-", azure),
                filename=f"{batch.id}_{attribute.split('_')[0]}.jsonl",
                purpose="batch_output",
                data=data,
                created_at=now,
            )
            self.files[stored.id] = stored
            setattr(batch, attribute, stored.id)
        batch.status = status
        batch.times[f"{status}_at"] = now

    def _id(self, prefix: str, azure: bool) -> str:
        bits = self._rng.getrandbits(128)
        if prefix == "batch_":
            return f"batch_{uuid.UUID(int=bits)}" if azure else f"batch_{bits:032x}"[:30]
        return f"file-{bits:032x}" if azure else f"file-{bits:032x}"[:27]


def _upload_problem(data: bytes) -> str | None:
    """Why Azure would not process an upload: its first line that is not a JSON object."""
    for number, text in enumerate(data.splitlines(), start=1):
        if not text.strip():
            continue
        try:
            line = json.loads(text)
        except ValueError:
            line = None
        if not isinstance(line, dict):
            return f"Validation of the file failed: line {number} is not a valid JSON object."
    return None


def _error(code: str, message: str, line: int | None) -> dict[str, Any]:
    return {"code": code, "message": message, "line": line, "param": None}


def _limit_error(lines: list[dict[str, Any]]) -> dict[str, Any]:
    model = lines[0]["body"].get("model") if lines else "?"
    message = (
        "The number of enqueued tokens has surpassed the configured limit for the deployment "
        f"'{model}'. Please either increase the limit or try again once the current jobs have "
        "finished."
    )
    return _error("token_limit_exceeded", message, None)


def _ok(payload: Mapping[str, Any]) -> _Reply:
    from fake_openai_server import _Reply

    return _Reply(200, json.dumps(payload).encode())


def _parse_multipart(
    content_type: str, raw: bytes
) -> tuple[dict[str, str], str | None, bytes | None]:
    """(text fields, the file's name, the file's bytes) of a multipart/form-data body."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    fields: dict[str, str] = {}
    filename: str | None = None
    data: bytes | None = None
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if name == "file":
            filename, data = part.get_filename(), payload
        elif isinstance(name, str):
            fields[name] = payload.decode()
    return fields, filename, data
