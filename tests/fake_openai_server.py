"""A real HTTP(S) chat-completions server on loopback that plays Azure OpenAI / OpenAI, with faults.

Serving is stdlib only (``http.server.ThreadingHTTPServer`` in a daemon thread, ``ssl``);
``trustme`` is imported only when TLS is asked for.

Routes
    ``POST /openai/deployments/{deployment}/chat/completions?api-version=...`` (Azure; the
    ``api-version`` query parameter is required) and ``POST /v1/chat/completions`` (OpenAI; the
    body's ``model`` names the model). Azure routes answer errors with Azure's bodies
    (``{"error": {"code": "401", ...}}``); ``/v1`` answers with OpenAI's bodies (``code``
    ``invalid_api_key``, ``model_not_found``, ``rate_limit_exceeded``...), except ``content_filter``
    which only Azure has. ``"stream": true`` is answered with server-sent events.
    With ``batches=BatchService(...)`` (tests/fake_batch_service.py) the server also serves
    the files and batches routes of Azure's and OpenAI's Batch APIs (``route == "batches"``);
    without it they are unknown routes (404), as on an endpoint that has no Batch API.

Order of checks for one request
    latency sleep -> fault drawn (every request to a chat route consumes one script entry or one
    random draw, whatever happens next) -> bad JSON / missing ``api-version`` (400) -> auth
    (401) -> unknown deployment or model (404) -> ``rate_limit`` window, then
    ``sliding_limit`` window (429) -> the drawn fault
    -> request validation, strict schema included (400) -> the responder's answer
    (``max_tokens`` honoured unless ``honour_max_tokens=False``).
    Natural errors win over the drawn fault; ``RecordedRequest.fault`` names the fault only when it
    was applied (``"rate_limit"`` when the window refused the request).

HTTPS and ``SSL_CERT_FILE`` with openai 3.57
    openai 3.x sends through ``httpx2`` (``openai._base_client.AsyncHttpxClientWrapper`` is an
    ``httpx2.AsyncClient``). With the default ``verify=True, trust_env=True``, ``httpx2`` builds its
    SSL context through ``httpcore2.default_ssl_context()``, which returns
    ``ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])`` when the variable is set
    (else ``SSL_CERT_DIR``, else the system store; ``truststore`` on Windows/macOS). So a client
    needs nothing but the variable, with three caveats:

    * it is read once, when the client (``AsyncOpenAI``/``AsyncAzureOpenAI``, hence Semantic
      Kernel's service) is constructed: set it before, a later change has no effect;
    * the file *replaces* the trust store (no system roots are added): point it at a bundle that
      holds every CA needed;
    * a caller-supplied ``http_client`` must keep ``trust_env=True`` (the default). A legacy
      ``httpx.AsyncClient()`` (httpx 0.28) reads ``SSL_CERT_FILE`` the same way; an explicit
      ``verify=ssl.create_default_context()`` works too (OpenSSL reads ``SSL_CERT_FILE``).

    Semantic Kernel's ``AzureChatCompletion(endpoint=...)`` accepts only ``https`` endpoints (a
    pydantic ``HttpsUrl``), so use ``tls_server`` for it, or pass the http deployment URL as
    ``base_url=server.azure_deployment_url(deployment)``. It builds ``AsyncAzureOpenAI`` without an
    ``http_client``, so ``SSL_CERT_FILE`` set before constructing the service is enough.

    The test double writes its CA to ``server.ca_file``; ``server.client_ssl_context()`` gives an
    ``ssl.SSLContext`` trusting only that CA, for ``http_client=httpx2.AsyncClient(verify=...)``.
    Known trap: ``respx`` patches ``httpx`` only, so it does not see openai 3.x's ``httpx2``
    requests unless the client is built with ``http_client=httpx.AsyncClient()``; this real server
    sees both.

Fixtures cannot live in ``conftest.py`` here, so the module offers factories: ``serve(**kwargs)``
(a generator for ``yield from`` in a fixture) and ``tls_server(tmp_path, **kwargs)``.
"""

from __future__ import annotations

import contextlib
import json
import math
import random
import shutil
import socket
import socketserver
import ssl
import sys
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

if TYPE_CHECKING:
    from fake_batch_service import BatchService

__all__ = [
    "FAULT_NAMES",
    "LLAMA_CPP_JSON_SCHEMA_ERROR",
    "RESPONSE_FORMAT_STYLES",
    "FakeOpenAIServer",
    "RecordedRequest",
    "Responder",
    "estimate_tokens",
    "grammar_problem",
    "json_responder",
    "last_user_text",
    "schema_problem",
    "serve",
    "tls_server",
]

Responder = Callable[[dict[str, Any]], "str | bytes"]
"""Turns a chat-completions request body into the assistant's content.

``bytes`` are sent as they are inside the answer's JSON string (only quotes, backslashes and
control characters escaped), so a test can send what no well-behaved server would: invalid
UTF-8, for one.
"""

FAULT_NAMES = frozenset(
    {
        "429",
        "500",
        "503",
        "timeout",
        "malformed",
        "truncated",
        "content_filter",
        "401",
        "404",
        "odd_finish",
    }
)
"""Faults the server can inject; scripts may also say ``"ok"`` (no fault)."""

RESPONSE_FORMAT_STYLES = frozenset({"openai", "llama-cpp-python", "json-object-only"})
"""How a server treats ``response_format`` (see ``FakeOpenAIServer(response_formats=...)``)."""

LLAMA_CPP_JSON_SCHEMA_ERROR = (
    "1 validation error for CreateChatCompletionRequest\n"
    "response_format.type\n"
    "  Input should be 'text' or 'json_object' [type=literal_error, "
    "input_value='json_schema', input_type=str]\n"
    "    For further information visit https://errors.pydantic.dev/2.11/v/literal_error"
)
"""What ``python -m llama_cpp.server`` 0.3 answers (500) to ``response_format: json_schema``."""

_AZURE_PREFIX = "/openai/deployments/"
_CHAT_SUFFIX = "/chat/completions"
_OPENAI_CHAT = "/v1/chat/completions"
_MAX_BODY = 16 * 1024 * 1024
_MAX_UPLOAD = 256 * 1024 * 1024  # a batch input file may hold 200 MB
_JOIN_SECONDS = 5.0
_HOLD_SECONDS = 60.0  # a safety net only: a held request is let go after this

_AZURE_401_KEY = (
    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a "
    "valid key for an active subscription and use a correct regional API endpoint for your "
    "resource."
)
_AZURE_401_TOKEN = (
    "Unauthorized. Access token is missing, invalid, audience is incorrect "
    "(https://cognitiveservices.azure.com), or have expired."
)
_AZURE_404 = (
    "The API deployment for this resource does not exist. If you created the deployment within "
    "the last 5 minutes, please wait a moment and try again."
)
_CONTENT_FILTER = (
    "The response was filtered due to the prompt triggering Azure OpenAI's content management "
    "policy. Please modify your prompt and retry. To learn more about our content filtering "
    "policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766"
)
_SERVER_ERROR = "The server had an error while processing your request. Sorry about that!"


@dataclass
class RecordedRequest:
    """One request the server received, and what it answered.

    Attributes:
        method: HTTP method.
        path: URL path, without the query string.
        query: Query parameters (last value wins).
        headers: Request headers, names lower-cased.
        body: The JSON body (``{}`` when absent or not a JSON object).
        status: Status answered; ``None`` while pending or when the server stopped first.
        fault: The fault applied (see module docstring), else ``None``.
        route: ``"azure"``, ``"openai"`` (chat), ``"batches"`` (files and batches routes of
            a server with a ``BatchService``) or ``None`` for an unknown route.
        deployment: Azure deployment or OpenAI model the request named.
        received_at: ``time.monotonic()`` at arrival.
        started: Sequence number of the arrival among all arrivals and ends.
        ended: Sequence number of the end (answered or dropped); ``None`` while pending.
        in_flight: Requests in flight when this one arrived, itself included.
        window: The ``rate_limit`` window the request was counted (or refused) in, from 0.
        remaining: The ``x-ratelimit-remaining-requests`` its answer carried, if any.
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: dict[str, Any]
    status: int | None = None
    fault: str | None = None
    route: str | None = None
    deployment: str | None = None
    received_at: float = field(default_factory=time.monotonic)
    started: int = 0
    ended: int | None = None
    in_flight: int = 0
    window: int | None = None
    remaining: int | None = None


@dataclass
class _Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def estimate_tokens(text: str | int) -> int:
    """Tokens billed for ``text`` (or a character count): ``ceil(chars / 4)``, at least 1."""
    chars = text if isinstance(text, int) else len(text)
    return max(1, math.ceil(chars / 4))


def _text_of(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, Mapping))
    return ""


def last_user_text(body: Mapping[str, Any]) -> str:
    """The text of the last ``user`` message of a request body ("" if none)."""
    for message in reversed(body.get("messages") or []):
        if isinstance(message, Mapping) and message.get("role") == "user":
            return _text_of(message.get("content"))
    return ""


def json_responder(payload: object) -> Responder:
    """A responder answering ``payload`` serialised as JSON, whatever the request."""
    text = json.dumps(payload)
    return lambda _body: text


def _is_object_schema(node: Mapping[str, Any]) -> bool:
    kind = node.get("type")
    return kind == "object" or (isinstance(kind, list) and "object" in kind) or "properties" in node


def _object_problem(node: Mapping[str, Any], context: tuple[str, ...]) -> str | None:
    where = f"In context={context!r}, "
    if node.get("additionalProperties") is not False:
        return where + "'additionalProperties' is required to be supplied and to be false."
    properties = _mapping(node.get("properties"))
    required = node.get("required")
    if not isinstance(required, list):
        required = None
    missing = [key for key in properties if required is None or key not in required]
    if missing:
        return (
            where + "'required' is required to be supplied and to be an array including every "
            f"key in properties. Missing '{missing[0]}'."
        )
    extra = [key for key in required or [] if key not in properties]
    if extra:
        return where + f"'required' includes an extra key: '{extra[0]}'."
    return None


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _schema_children(
    node: Mapping[str, Any], context: tuple[str, ...]
) -> Iterator[tuple[object, tuple[str, ...]]]:
    """Sub-schemas of ``node`` with their context paths."""
    for key, child in _mapping(node.get("properties")).items():
        yield child, (*context, "properties", key)
    items = node.get("items")
    if isinstance(items, list):
        yield from ((child, (*context, "items", str(i))) for i, child in enumerate(items))
    elif items is not None:
        yield items, (*context, "items")
    for keyword in ("anyOf", "allOf", "oneOf", "prefixItems"):
        children = node.get(keyword)
        if isinstance(children, list):
            yield from ((child, (*context, keyword, str(i))) for i, child in enumerate(children))
    for keyword in ("$defs", "definitions"):
        for name, child in _mapping(node.get(keyword)).items():
            yield child, (*context, keyword, name)
    for keyword in ("not", "additionalProperties"):
        if isinstance(node.get(keyword), Mapping):
            yield node[keyword], (*context, keyword)


def _walk_schema(node: object, context: tuple[str, ...]) -> str | None:
    if not isinstance(node, Mapping):
        return None
    if _is_object_schema(node):
        problem = _object_problem(node, context)
        if problem:
            return problem
    for child, where in _schema_children(node, context):
        problem = _walk_schema(child, where)
        if problem:
            return problem
    return None


def schema_problem(schema: object, name: str = "response") -> str | None:
    """Why Azure/OpenAI would refuse ``schema`` as a strict structured-output schema, or ``None``.

    The root must be an object schema; every object schema (recursively through ``properties``,
    ``items``, ``anyOf``/``allOf``/``oneOf``, ``prefixItems``, ``$defs``/``definitions``) needs
    ``additionalProperties: false`` and a ``required`` list naming exactly its properties.
    """
    prefix = f"Invalid schema for response_format '{name}': "
    if not isinstance(schema, Mapping):
        return prefix + "schema must be a JSON Schema object."
    if not _is_object_schema(schema):
        kind = schema.get("type", "<none>")
        return (
            prefix + f"schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{kind}\"'."
        )
    problem = _walk_schema(schema, ())
    return prefix + problem if problem else None


def _patterns(node: object) -> Iterator[str]:
    if isinstance(node, Mapping):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def grammar_problem(schema: object) -> str | None:
    """Why llama.cpp's JSON-schema-to-grammar path would fail on ``schema``, or ``None``.

    Checks what broke it in practice: a ``pattern`` not anchored with ``^...$`` (an
    assertion of the converter) or holding a backslash escape, which the converter copies
    into the grammar and the grammar parser refuses as an "unknown escape".
    """
    for pattern in _patterns(schema):
        if not (pattern.startswith("^") and pattern.endswith("$")):
            return f'Pattern must start with "^" and end with "$": {pattern}'
        escape = pattern.find("\\")
        if escape >= 0:
            return f"parse: error parsing grammar: unknown escape at {pattern[escape:]}"
    return None


def _break_json(content: str) -> str:
    """``content`` cut in half, made sure not to parse as JSON."""
    cut = content[: len(content) // 2]
    try:
        json.loads(cut)
    except ValueError:
        return cut
    return cut + "{"


def _dumps(payload: object) -> bytes:
    return json.dumps(payload).encode()


_RAW_MARK = "\u0000raw-content\u0000"


def _with_raw(body: bytes, raw: bytes | None) -> bytes:
    """``body`` with the content placeholder replaced by ``raw``, its bytes kept as they are.

    Quotes, backslashes and control characters are escaped as JSON asks; every other byte
    (invalid UTF-8 included) goes out unchanged.
    """
    if raw is None:
        return body
    escaped = json.dumps(raw.decode("latin-1"), ensure_ascii=False).encode("latin-1")
    return body.replace(json.dumps(_RAW_MARK).encode(), escaped)


class _HTTPServer(ThreadingHTTPServer):
    """Threaded server that tracks its connections so ``stop()`` can cut them."""

    daemon_threads = True
    block_on_close = False  # we join our own threads, with a bound
    request_queue_size = 256
    allow_reuse_address = True

    def __init__(self, fake: FakeOpenAIServer, ssl_context: ssl.SSLContext | None) -> None:
        self.fake = fake
        self.ssl_context = ssl_context
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._workers: list[threading.Thread] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind() calls socket.getfqdn(); skip that lookup.
        socketserver.TCPServer.server_bind(self)
        self.server_name = "127.0.0.1"
        self.server_port = self.server_address[1]

    def process_request(self, request: Any, client_address: Any) -> None:
        worker = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name="fake-openai-connection",
            daemon=True,
        )
        with self._lock:
            self._workers = [t for t in self._workers if t.is_alive()]
            self._workers.append(worker)
        worker.start()

    def finish_request(self, request: Any, client_address: Any) -> None:
        connection: socket.socket = request
        if self.ssl_context is not None:
            request.settimeout(10)  # bounded TLS handshake, done in this worker thread
            try:
                connection = self.ssl_context.wrap_socket(request, server_side=True)
            except OSError:  # includes ssl.SSLError: the client did not trust us, or left
                return
        with self._lock:
            self._connections.add(connection)
        try:
            _Handler(connection, client_address, self)
        finally:
            with self._lock:
                self._connections.discard(connection)
            if connection is not request:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, OSError):
            self.fake.errors.append(error)

    def cut_connections(self) -> None:
        """Shut every open connection down so blocked reads return at once."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def join_workers(self, timeout: float) -> None:
        """Wait (bounded) for the connection threads to end."""
        deadline = time.monotonic() + timeout
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-openai/1.0"
    sys_version = ""
    timeout = 120  # idle keep-alive connections end after this
    disable_nagle_algorithm = True  # headers and body go out in two writes
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def do_POST(self) -> None:
        """Answer a POST."""
        self._dispatch()

    def do_GET(self) -> None:
        """Answer a GET (404 unless a BatchService serves files and batches)."""
        self._dispatch()

    def do_DELETE(self) -> None:
        """Answer a DELETE (a file of the BatchService, else 404)."""
        self._dispatch()

    def _dispatch(self) -> None:
        limit = _MAX_UPLOAD if "/files" in self.path else _MAX_BODY
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            raw = self._read_chunked(limit)
        else:
            try:
                length = min(int(self.headers.get("content-length") or 0), limit)
            except ValueError:
                length = 0
            raw = self.rfile.read(length) if length > 0 else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = self.server.fake._handle(self.command, self.path, headers, raw)
        if reply is None:  # stopping: drop the connection without an answer
            self.close_connection = True
            return
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
            self.wfile.flush()
        except OSError:  # the client left (e.g. its timeout fired)
            self.close_connection = True

    def _read_chunked(self, limit: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            line = self.rfile.readline(1024)
            length = int(line.split(b";")[0].strip() or b"0", 16)
            if length == 0:
                self.rfile.readline(1024)  # the blank line after the last chunk
                return b"".join(chunks)
            chunk = self.rfile.read(length)
            self.rfile.readline(1024)
            size += len(chunk)
            if size <= limit:
                chunks.append(chunk)


class FakeOpenAIServer:
    """A chat-completions server on ``127.0.0.1`` that plays Azure OpenAI and OpenAI.

    Use as ``with FakeOpenAIServer(...) as server:`` or ``start()``/``stop()``. All settings are
    keyword-only except ``responder``.

    Args:
        responder: ``responder(request_body) -> content``; default answers ``"{}"``. A non-str
            return value is JSON-encoded. An exception becomes a 500 and lands in ``errors``.
        api_key: Expected key (``api-key`` header on Azure routes, ``Authorization: Bearer`` on
            ``/v1``). With neither ``api_key`` nor ``bearer_tokens``, any credentials pass.
        bearer_tokens: Accepted Entra tokens (``Authorization: Bearer <token>``), any route.
        deployments: Accepted Azure deployments (``None``: any).
        models: Accepted ``/v1`` models (``None``: any).
        faults: Fault name -> probability (sum <= 1), drawn per request from ``Random(seed)``.
        script: Faults (or ``"ok"``) for the first requests, in order, before ``faults`` apply.
        seed: Seed of the fault draws.
        retry_after_ms: ``retry-after-ms`` of an injected 429 (``retry-after`` is it in whole
            seconds, at least 1).
        hang_seconds: How long a ``"timeout"`` fault stalls before answering normally.
        latency_seconds: Sleep before handling every request.
        hold_until_in_flight: Hold every request until this many were in flight at once (a
            barrier proving concurrency without timing; 0: no hold). After ``_HOLD_SECONDS``
            without getting there, the barrier opens for good.
        rate_limit: ``(requests, window_seconds)`` fixed windows; beyond, 429 until the window ends.
            Every answer then carries ``x-ratelimit-remaining-requests``.
        sliding_limit: ``(requests, window_seconds)`` as a sliding window (a deployment's
            quota, e.g. ``(100, 10.0)`` for 600 RPM enforced per 10 s): a request is accepted
            when fewer than ``requests`` were accepted in the ``window_seconds`` before it;
            otherwise 429 with ``retry-after-ms`` until the oldest of them leaves the window.
            Every answer then carries ``x-ratelimit-remaining-requests``.
        tls: Serve https with a ``trustme`` certificate for ``localhost`` and ``127.0.0.1``.
        ca_path: Where to write the CA PEM (default: a temporary file removed on ``stop()``).
        response_formats: Which ``response_format`` s the server takes, as real servers differ:
            ``"openai"`` (default): ``json_schema`` (strict schemas checked), ``json_object``
            (a ``schema`` beside it ignored) and ``text``. ``"llama-cpp-python"``: as
            ``python -m llama_cpp.server`` 0.3: ``json_schema`` answered 500 with pydantic's
            "Input should be 'text' or 'json_object'" (field ``response_format.type``);
            ``json_object`` with a ``schema`` compiled into a grammar, a pattern with a
            backslash escape or without ``^...$`` answered 500 ("error parsing grammar").
            ``"json-object-only"``: ``json_schema`` and a ``schema`` beside ``json_object``
            refused with 400; plain ``json_object`` taken.
        honour_max_tokens: Cut an answer longer than the request's ``max_tokens`` (finish
            ``length``), as services do; ``False`` plays a server that ignores the limit.
        batches: A ``fake_batch_service.BatchService`` serving the files and batches routes
            (Azure's ``/openai/...`` and ``/openai/v1/...``, OpenAI's ``/v1/...``), each batch
            line answered like a chat request; ``None``: those routes answer 404.
    """

    def __init__(
        self,
        responder: Responder | None = None,
        *,
        api_key: str | None = None,
        bearer_tokens: Collection[str] | None = None,
        deployments: Collection[str] | None = None,
        models: Collection[str] | None = None,
        faults: Mapping[str, float] | None = None,
        script: Sequence[str] = (),
        seed: int = 0,
        retry_after_ms: int = 100,
        hang_seconds: float = 30.0,
        latency_seconds: float = 0.0,
        hold_until_in_flight: int = 0,
        rate_limit: tuple[int, float] | None = None,
        sliding_limit: tuple[int, float] | None = None,
        tls: bool = False,
        ca_path: str | Path | None = None,
        response_formats: str = "openai",
        honour_max_tokens: bool = True,
        batches: BatchService | None = None,
    ) -> None:
        if response_formats not in RESPONSE_FORMAT_STYLES:
            raise ValueError(
                f"response_formats must be one of {sorted(RESPONSE_FORMAT_STYLES)}, "
                f"got {response_formats!r}"
            )
        self.response_formats = response_formats
        self.honour_max_tokens = honour_max_tokens
        self.batches = batches
        if batches is not None:
            batches.attach(self)
        self.responder: Responder = responder or (lambda _body: "{}")
        self.api_key = api_key
        self.bearer_tokens = frozenset(bearer_tokens) if bearer_tokens is not None else None
        self.deployments = frozenset(deployments) if deployments is not None else None
        self.models = frozenset(models) if models is not None else None
        self.faults = dict(faults or {})
        self._check_faults(self.faults, script)
        self._initial_script = list(script)
        self.seed = seed
        self.retry_after_ms = retry_after_ms
        self.hang_seconds = hang_seconds
        self.latency_seconds = latency_seconds
        self.hold_until_in_flight = hold_until_in_flight
        if rate_limit is not None and (rate_limit[0] < 0 or rate_limit[1] <= 0):
            raise ValueError(f"rate_limit must be (requests >= 0, seconds > 0), got {rate_limit}")
        self.rate_limit = rate_limit
        if sliding_limit is not None and (sliding_limit[0] < 0 or sliding_limit[1] <= 0):
            raise ValueError(
                f"sliding_limit must be (requests >= 0, seconds > 0), got {sliding_limit}"
            )
        self.sliding_limit = sliding_limit
        self._admitted: deque[float] = deque()
        self.tls = tls
        self._ca_path = Path(ca_path) if ca_path is not None else None
        self.ca_file: Path | None = None
        self.requests: list[RecordedRequest] = []
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._in_flight_changed = threading.Condition(self._lock)
        self._hold_open = False
        self._stopping = threading.Event()
        self._rng = random.Random(seed)
        self._script: deque[str] = deque(self._initial_script)
        self._serial = 0
        self._events = 0
        self._in_flight = 0
        self._peak_in_flight = 0
        self._window_index = 0
        self._window_count = 0
        self._epoch = time.monotonic()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._tempdir: Path | None = None

    @staticmethod
    def _check_faults(faults: Mapping[str, float], script: Sequence[str]) -> None:
        unknown = (set(faults) - FAULT_NAMES) | (set(script) - FAULT_NAMES - {"ok"})
        if unknown:
            raise ValueError(f"unknown faults {sorted(unknown)}; known: {sorted(FAULT_NAMES)}")
        if any(not 0 <= p <= 1 for p in faults.values()) or sum(faults.values()) > 1 + 1e-9:
            raise ValueError(f"fault probabilities must be in [0, 1] and sum to <= 1: {faults}")

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> FakeOpenAIServer:
        """Bind a free port on 127.0.0.1 and serve in a daemon thread; returns ``self``."""
        if self._httpd is not None:
            return self
        self._stopping.clear()
        self._httpd = _HTTPServer(self, self._tls_context() if self.tls else None)
        self._epoch = time.monotonic()
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-openai-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: wake stalled handlers, cut connections, join threads (bounded)."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stopping.set()
        with self._in_flight_changed:
            self._in_flight_changed.notify_all()
        httpd.shutdown()
        httpd.cut_connections()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(_JOIN_SECONDS)
        httpd.join_workers(_JOIN_SECONDS)
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _tls_context(self) -> ssl.SSLContext:
        import trustme

        authority = trustme.CA()
        certificate = authority.issue_cert("localhost", "127.0.0.1")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(context)
        context.set_alpn_protocols(["http/1.1"])
        if self._ca_path is None:
            self._tempdir = Path(tempfile.mkdtemp(prefix="fake-openai-"))
            self.ca_file = self._tempdir / "ca.pem"
        else:
            self._ca_path.parent.mkdir(parents=True, exist_ok=True)
            self.ca_file = self._ca_path
        authority.cert_pem.write_to_path(str(self.ca_file))
        return context

    # -- addresses ----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound port (server must be started)."""
        if self._httpd is None:
            raise RuntimeError("FakeOpenAIServer is not started")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``, or ``https://localhost:PORT`` with TLS (the cert's name)."""
        return f"https://localhost:{self.port}" if self.tls else f"http://127.0.0.1:{self.port}"

    @property
    def https_base_url(self) -> str:
        """``https://localhost:PORT`` (TLS servers only)."""
        if not self.tls:
            raise RuntimeError("https_base_url needs FakeOpenAIServer(tls=True)")
        return self.base_url

    @property
    def azure_endpoint(self) -> str:
        """Value for ``AsyncAzureOpenAI(azure_endpoint=...)``."""
        return self.base_url

    @property
    def openai_base_url(self) -> str:
        """Value for ``AsyncOpenAI(base_url=...)``."""
        return self.base_url + "/v1"

    def azure_deployment_url(self, deployment: str) -> str:
        """``{base_url}/openai/deployments/{deployment}``: Semantic Kernel's ``base_url``.

        ``AzureChatCompletion(endpoint=...)`` only takes https; its ``base_url`` also takes http.
        """
        return f"{self.base_url}/openai/deployments/{deployment}"

    def client_ssl_context(self) -> ssl.SSLContext:
        """A client SSL context trusting only this server's CA (TLS servers only)."""
        if self.ca_file is None:
            raise RuntimeError("client_ssl_context needs a started FakeOpenAIServer(tls=True)")
        return ssl.create_default_context(cafile=str(self.ca_file))

    # -- records and controls -----------------------------------------------------------------

    def count(self, status: int | None = None) -> int:
        """Requests answered with ``status`` (all recorded requests when ``status`` is None)."""
        with self._lock:
            if status is None:
                return len(self.requests)
            return sum(1 for r in self.requests if r.status == status)

    @property
    def statuses(self) -> list[int | None]:
        """Statuses answered, in arrival order."""
        with self._lock:
            return [r.status for r in self.requests]

    @property
    def peak_in_flight(self) -> int:
        """Most requests in flight at once since the start (or the last ``reset``)."""
        with self._lock:
            return self._peak_in_flight

    def enqueue(self, *faults: str) -> None:
        """Append faults (or ``"ok"``) to the script, for the next requests."""
        self._check_faults({}, faults)
        with self._lock:
            self._script.extend(faults)

    def reset(self) -> None:
        """Forget requests and errors; rewind the fault RNG, the script and the rate window."""
        with self._lock:
            self.requests.clear()
            self.errors.clear()
            self._rng = random.Random(self.seed)
            self._script = deque(self._initial_script)
            self._window_index = 0
            self._window_count = 0
            self._peak_in_flight = self._in_flight
            self._hold_open = False
            self._admitted.clear()
            self._epoch = time.monotonic()

    # -- request handling ---------------------------------------------------------------------

    def _sleep(self, seconds: float) -> bool:
        """Sleep unless stopping; False when the server is stopping."""
        if seconds > 0:
            self._stopping.wait(seconds)
        return not self._stopping.is_set()

    def _draw_fault(self) -> str | None:
        with self._lock:
            if self._script:
                name: str | None = self._script.popleft()
            elif self.faults:
                roll = self._rng.random()
                name, cumulative = None, 0.0
                for candidate, probability in self.faults.items():
                    cumulative += probability
                    if roll < cumulative:
                        name = candidate
                        break
            else:
                name = None
        return None if name == "ok" else name

    def _window(self, consume: bool) -> tuple[bool, int, float, int]:
        """(admitted, remaining, seconds to window end, window) of the fixed-window limit."""
        assert self.rate_limit is not None
        limit, seconds = self.rate_limit
        with self._lock:
            now = time.monotonic()
            index = int((now - self._epoch) // seconds)
            if index != self._window_index:
                self._window_index, self._window_count = index, 0
            reset_in = self._epoch + (index + 1) * seconds - now
            admitted = self._window_count < limit
            if consume and admitted:
                self._window_count += 1
            return admitted, limit - self._window_count, reset_in, index

    def _slide(self, consume: bool) -> tuple[bool, int, float]:
        """(admitted, remaining, seconds until a place frees) of the sliding-window limit."""
        assert self.sliding_limit is not None
        limit, seconds = self.sliding_limit
        with self._lock:
            now = time.monotonic()
            admitted = self._admitted
            while admitted and admitted[0] <= now - seconds:
                admitted.popleft()
            accepted = len(admitted) < limit
            if consume and accepted:
                admitted.append(now)
            frees_in = admitted[0] + seconds - now if admitted else 0.0
            return accepted, max(0, limit - len(admitted)), frees_in

    def _handle(
        self, method: str, target: str, headers: dict[str, str], raw: bytes
    ) -> _Reply | None:
        url = urlsplit(target)
        path = unquote(url.path)
        multipart = headers.get("content-type", "").startswith("multipart/")
        try:
            body = json.loads(raw) if raw and not multipart else {}
        except ValueError:
            body = None
        record = RecordedRequest(
            method=method,
            path=path,
            query=dict(parse_qsl(url.query, keep_blank_values=True)),
            headers=headers,
            body=body if isinstance(body, dict) else {},
        )
        with self._lock:
            self.requests.append(record)
            self._serial += 1
            serial = self._serial
            self._events += 1
            self._in_flight += 1
            self._peak_in_flight = max(self._peak_in_flight, self._in_flight)
            record.started, record.in_flight = self._events, self._in_flight
            self._in_flight_changed.notify_all()
        try:
            return self._reply(record, body, serial, raw)
        finally:
            with self._lock:
                self._events += 1
                self._in_flight -= 1
                record.ended = self._events

    def _hold(self) -> None:
        """Wait until ``hold_until_in_flight`` requests were in flight at once (or stopping)."""
        with self._in_flight_changed:
            if not self._in_flight_changed.wait_for(
                lambda: (
                    self._hold_open
                    or self._peak_in_flight >= self.hold_until_in_flight
                    or self._stopping.is_set()
                ),
                timeout=_HOLD_SECONDS,
            ):
                self._hold_open = True
                self._in_flight_changed.notify_all()

    def _reply(
        self, record: RecordedRequest, body: object, serial: int, raw: bytes = b""
    ) -> _Reply | None:
        if self.hold_until_in_flight:
            self._hold()
        if not self._sleep(self.latency_seconds):
            return None
        reply = self._answer(record, body, serial, raw)
        if reply is None:
            return None
        reply.headers.setdefault("content-type", "application/json")
        reply.headers["x-request-id"] = f"fake-{serial}"
        reply.headers["apim-request-id"] = str(uuid.UUID(int=serial))
        remaining = [self._window(consume=False)[1]] if self.rate_limit is not None else []
        if self.sliding_limit is not None:
            remaining.append(self._slide(consume=False)[1])
        with self._lock:
            if remaining:
                record.remaining = min(remaining)
                reply.headers["x-ratelimit-remaining-requests"] = str(record.remaining)
            record.status = reply.status
        return reply

    def _answer(
        self, record: RecordedRequest, body: object, serial: int, raw: bytes = b""
    ) -> _Reply | None:
        path = record.path
        if self.batches is not None:
            from fake_batch_service import batch_surface

            found = batch_surface(path)
            if found is not None:
                record.route = "batches"
                return self.batches.handle(record, raw, *found)
        if path.startswith(_AZURE_PREFIX) and path.endswith(_CHAT_SUFFIX):
            record.route = "azure"
            record.deployment = path[len(_AZURE_PREFIX) : -len(_CHAT_SUFFIX)]
        elif path == _OPENAI_CHAT:
            record.route = "openai"
        if record.method != "POST" or record.route is None or "/" in (record.deployment or ""):
            record.route = None
            return self._not_found_route(record)
        azure = record.route == "azure"
        fault = self._draw_fault()
        if not isinstance(body, dict):
            message = "We could not parse the JSON body of your request."
            return self._error(azure, 400, "invalid_request_error", message)
        refusal = self._gate(record, body, azure) or self._admit(record, azure)
        if refusal is not None:
            return refusal
        return self._respond(record, body, azure, fault, serial)

    def _gate(self, record: RecordedRequest, body: dict[str, Any], azure: bool) -> _Reply | None:
        """api-version, credentials and the model named: a refusal, or None."""
        if azure and "api-version" not in record.query:
            message = "Missing required query parameter: api-version."
            return self._error(azure, 400, "BadRequest", message)
        refusal = self._check_auth(record, azure)
        if refusal is not None:
            return refusal
        if not azure:
            model = body.get("model")
            if not isinstance(model, str) or not model:
                message = "you must provide a model parameter"
                return self._error(azure, 400, None, message, param="model")
            record.deployment = model
        return None

    def _admit(self, record: RecordedRequest, azure: bool) -> _Reply | None:
        """Known deployment/model and room in the rate window: a refusal, or None."""
        allowed = self.deployments if azure else self.models
        if allowed is not None and record.deployment not in allowed:
            return self._not_found_model(azure, record.deployment or "")
        if self.rate_limit is not None:
            admitted, _, reset_in, record.window = self._window(consume=True)
            if not admitted:
                record.fault = "rate_limit"
                return self._too_many(azure, record, math.ceil(reset_in * 1000))
        if self.sliding_limit is not None:
            admitted, _, frees_in = self._slide(consume=True)
            if not admitted:
                record.fault = "rate_limit"
                return self._too_many(azure, record, max(1, math.ceil(frees_in * 1000)))
        return None

    def _respond(
        self,
        record: RecordedRequest,
        body: dict[str, Any],
        azure: bool,
        fault: str | None,
        serial: int,
    ) -> _Reply | None:
        """Apply the drawn fault, validate, and answer with the responder's content."""
        if fault is not None:
            record.fault = fault
            if fault not in {"timeout", "malformed", "truncated", "odd_finish"}:
                return self._fault_reply(fault, azure, record)
            if fault == "timeout" and not self._sleep(self.hang_seconds):
                return None
        problem = self._invalid_messages(body)
        if problem is not None:
            return self._error(azure, 400, "invalid_request_error", problem[1], param=problem[0])
        refusal = self._refuse_response_format(body, azure)
        if refusal is not None:
            return refusal
        try:
            content = self.responder(body)
        except Exception as error:  # a test's responder failed: make it visible
            self.errors.append(error)
            return self._error(azure, 500, "InternalServerError", f"responder failed: {error!r}")
        raw = content if isinstance(content, bytes) else None  # sent as they are
        if raw is not None:
            content = ""
        elif not isinstance(content, str):
            content = json.dumps(content)
        finish = "stop"
        limit = body.get("max_completion_tokens") or body.get("max_tokens")
        if (
            self.honour_max_tokens
            and isinstance(limit, int)
            and limit >= 1
            and estimate_tokens(content) > limit
        ):
            content, finish = content[: limit * 4], "length"
        if fault == "malformed":
            content = _break_json(content)
        elif fault == "truncated":
            content, finish = content[: len(content) // 2], "length"
        elif fault == "odd_finish":  # a finish_reason outside the OpenAI set
            finish = "odd"
        return self._completion(body, record.deployment or "", content, finish, serial, raw=raw)

    # -- answers ------------------------------------------------------------------------------

    @staticmethod
    def _error(
        azure: bool,
        status: int,
        code: str | None,
        message: str,
        *,
        param: str | None = None,
        kind: str = "invalid_request_error",
        extra: Mapping[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> _Reply:
        if azure:
            error: dict[str, Any] = {"code": code, "message": message}
            if param is not None:
                error.update(type=kind, param=param)
        else:
            error = {"message": message, "type": kind, "param": param, "code": code}
        error.update(extra or {})
        return _Reply(status, _dumps({"error": error}), dict(headers or {}))

    def _not_found_route(self, record: RecordedRequest) -> _Reply:
        if record.path.startswith("/v1/"):
            message = f"Invalid URL ({record.method} {record.path})"
            return self._error(False, 404, None, message)
        return self._error(True, 404, "404", "Resource not found")

    def _not_found_model(self, azure: bool, name: str) -> _Reply:
        if azure:
            return self._error(True, 404, "DeploymentNotFound", _AZURE_404)
        message = f"The model `{name}` does not exist or you do not have access to it."
        return self._error(False, 404, "model_not_found", message)

    def _check_auth(self, record: RecordedRequest, azure: bool) -> _Reply | None:
        if self.api_key is None and self.bearer_tokens is None:
            return None
        authorization = record.headers.get("authorization", "")
        bearer = authorization[7:] if authorization[:7].lower() == "bearer " else None
        tokens = self.bearer_tokens or frozenset()
        if bearer is not None and bearer in tokens:
            return None
        if azure and self.api_key is not None and record.headers.get("api-key") == self.api_key:
            return None
        if not azure and self.api_key is not None and bearer == self.api_key:
            return None
        return self._unauthorised(azure, token=bearer is not None and azure)

    def _unauthorised(self, azure: bool, *, token: bool = False) -> _Reply:
        if azure:
            return self._error(True, 401, "401", _AZURE_401_TOKEN if token else _AZURE_401_KEY)
        message = (
            "Incorrect API key provided. You can find your API key at "
            "https://platform.openai.com/account/api-keys."
        )
        return self._error(False, 401, "invalid_api_key", message)

    def _too_many(self, azure: bool, record: RecordedRequest, retry_ms: int) -> _Reply:
        seconds = max(1, math.ceil(retry_ms / 1000))
        headers = {"retry-after-ms": str(retry_ms), "retry-after": str(seconds)}
        if azure:
            version = record.query.get("api-version", "")
            message = (
                "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version "
                f"{version} have exceeded token rate limit of your current OpenAI S0 pricing "
                f"tier. Please retry after {seconds} second{'s' if seconds != 1 else ''}."
            )
            return self._error(True, 429, "429", message, headers=headers)
        message = f"Rate limit reached for requests. Please try again in {retry_ms}ms."
        return self._error(
            False, 429, "rate_limit_exceeded", message, kind="requests", headers=headers
        )

    def _fault_reply(self, fault: str, azure: bool, record: RecordedRequest) -> _Reply:
        if fault == "429":
            return self._too_many(azure, record, self.retry_after_ms)
        if fault == "500":
            return self._error(azure, 500, None, _SERVER_ERROR, kind="server_error")
        if fault == "503":
            message = (
                "The service is temporarily unable to process your request. Please try again later."
            )
            return self._error(azure, 503, "ServiceUnavailable", message, kind="server_error")
        if fault == "401":
            return self._unauthorised(azure)
        if fault == "404":
            return self._not_found_model(azure, record.deployment or "")
        filtered = {"filtered": True, "severity": "high"}
        innererror = {
            "code": "ResponsibleAIPolicyViolation",
            "content_filter_result": {
                "hate": filtered,
                "jailbreak": {"filtered": False, "detected": False},
                "self_harm": {"filtered": False, "severity": "safe"},
                "sexual": {"filtered": False, "severity": "safe"},
                "violence": {"filtered": False, "severity": "safe"},
            },
        }
        return _Reply(
            400,
            _dumps(
                {
                    "error": {
                        "message": _CONTENT_FILTER,
                        "type": None,
                        "param": "prompt",
                        "code": "content_filter",
                        "status": 400,
                        "innererror": innererror,
                    }
                }
            ),
        )

    @staticmethod
    def _invalid_messages(body: Mapping[str, Any]) -> tuple[str, str] | None:
        """(param, message) when ``messages`` would be refused with 400, else None."""
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return "messages", f"{messages!r} is too short - 'messages'"
        for i, message in enumerate(messages):
            if not isinstance(message, Mapping) or not isinstance(message.get("role"), str):
                return f"messages.[{i}].role", f"Missing required parameter: 'messages.[{i}].role'."
        return None

    def _refuse_response_format(self, body: Mapping[str, Any], azure: bool) -> _Reply | None:
        """The refusal of the body's ``response_format`` in this server's style, or None."""
        response_format = body.get("response_format")
        kind = response_format.get("type") if isinstance(response_format, Mapping) else None
        if self.response_formats == "llama-cpp-python":
            if kind == "json_schema":
                return self._error(
                    azure, 500, None, LLAMA_CPP_JSON_SCHEMA_ERROR, kind="internal_server_error"
                )
            if kind == "json_object" and isinstance(response_format, Mapping):
                problem = grammar_problem(response_format.get("schema"))
                if problem is not None:
                    return self._error(azure, 500, None, problem, kind="internal_server_error")
        elif self.response_formats == "json-object-only" and (
            kind == "json_schema"
            or (isinstance(response_format, Mapping) and "schema" in response_format)
        ):
            message = (
                "response_format: only {'type': 'json_object'} or {'type': 'text'} is "
                "supported; json_schema and schema are not"
            )
            return self._error(azure, 400, None, message, param="response_format")
        problem = self._invalid_response_format(body)
        if problem is not None:
            return self._error(azure, 400, "invalid_request_error", problem[1], param=problem[0])
        return None

    @staticmethod
    def _invalid_response_format(body: Mapping[str, Any]) -> tuple[str, str] | None:
        """(param, message) when ``response_format`` would be refused with 400, else None."""
        response_format = body.get("response_format")
        if response_format is None:
            return None
        kind = response_format.get("type") if isinstance(response_format, Mapping) else None
        if kind in ("text", "json_object"):
            return None
        if kind != "json_schema":
            supported = "Supported values are: 'json_object', 'json_schema', and 'text'."
            return "response_format.type", f"Invalid value: {kind!r}. {supported}"
        spec = response_format.get("json_schema")
        if not isinstance(spec, Mapping) or not isinstance(spec.get("name"), str):
            param = "response_format.json_schema.name"
            return param, f"Missing required parameter: '{param}'."
        if not spec.get("strict"):
            return None
        problem = schema_problem(spec.get("schema"), spec["name"])
        return ("response_format", problem) if problem else None

    def _completion(
        self,
        body: Mapping[str, Any],
        model: str,
        content: str,
        finish: str,
        serial: int,
        *,
        raw: bytes | None = None,
    ) -> _Reply:
        """The answer; ``raw`` bytes, when given, are the content as sent (not escaped)."""
        if raw is not None:
            content = _RAW_MARK
        prompt_chars = sum(
            len(_text_of(m.get("content"))) for m in body["messages"] if isinstance(m, Mapping)
        )
        usage = {
            "prompt_tokens": estimate_tokens(prompt_chars),
            "completion_tokens": estimate_tokens(len(raw) if raw is not None else content),
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        identity = {
            "id": f"chatcmpl-fake{serial:08d}",
            "created": int(time.time()),
            "model": model,
        }
        if not body.get("stream"):
            message = {"role": "assistant", "content": content, "refusal": None}
            payload = {
                "id": identity["id"],
                "object": "chat.completion",
                "created": identity["created"],
                "model": model,
                "choices": [
                    {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}
                ],
                "usage": usage,
            }
            return _Reply(200, _with_raw(_dumps(payload), raw))
        chunk = {**identity, "object": "chat.completion.chunk"}
        deltas = [
            ({"role": "assistant", "content": ""}, None),
            ({"content": content}, None),
            ({}, finish),
        ]
        events = [
            {**chunk, "choices": [{"index": 0, "delta": d, "finish_reason": f, "logprobs": None}]}
            for d, f in deltas
        ]
        options = body.get("stream_options")
        if isinstance(options, Mapping) and options.get("include_usage"):
            events.append({**chunk, "choices": [], "usage": usage})
        stream = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
        return _Reply(200, _with_raw(stream.encode(), raw), {"content-type": "text/event-stream"})


def serve(responder: Responder | None = None, **kwargs: Any) -> Iterator[FakeOpenAIServer]:
    """Run a server for the duration of a fixture: ``yield from serve(...)``."""
    with FakeOpenAIServer(responder, **kwargs) as server:
        yield server


def tls_server(
    tmp_path: Path, responder: Responder | None = None, **kwargs: Any
) -> FakeOpenAIServer:
    """A started https server whose CA PEM is ``tmp_path / "fake-openai-ca.pem"`` (``ca_file``).

    The caller stops it (``with tls_server(tmp_path) as server:`` does).
    """
    server = FakeOpenAIServer(
        responder, tls=True, ca_path=tmp_path / "fake-openai-ca.pem", **kwargs
    )
    return server.start()
