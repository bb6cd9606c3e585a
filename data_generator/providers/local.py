"""The ``local`` provider: a GGUF model run in this process by llama.cpp (llama-cpp-python).

No server, no network, no key. The answer is constrained by a grammar built from the
record's wire schema (:func:`data_generator.schema.wire_schema`), so it is always JSON of
the record's shape; validation and repair still enforce the full record model. Token
counts come from the model's own tokenizer. Each ask is seeded from (run seed, record,
attempt), so a run is reproducible on one machine.

llama.cpp is not thread-safe per model and saturates the cores on its own, so generation
runs on one worker thread per loaded model, one record at a time, while the event loop
(and the dashboard) stays live. A cancelled run stops the generation in progress at the
next token instead of waiting for it to finish.

This module is the only importer of ``llama_cpp``; it is imported only when ``--provider
local`` is chosen.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import ctypes
import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import BaseModel

from data_generator.errors import ConfigError, ProviderError
from data_generator.field_guide import field_guide
from data_generator.providers.base import Completion, CompletionRequest, Usage, record_seed
from data_generator.providers.gguf_model import resolve_model_path
from data_generator.schema import wire_schema

if TYPE_CHECKING:
    from data_generator.settings import Settings

__all__ = ["LocalProvider", "chat_format_for", "create_local_provider"]

_log = logging.getLogger("data_generator.providers")
_llama_log = logging.getLogger("data_generator.providers.llama_cpp")
_log_callback: Any = None  # kept alive: llama.cpp holds a pointer to it

#: Chat formats by GGUF ``general.architecture`` for files that carry no chat template.
_FORMAT_BY_ARCHITECTURE = {
    "gemma": "gemma",
    "gemma2": "gemma",
    "gemma3": "gemma",
    "gemma3n": "gemma",
    "qwen2": "chatml",
    "qwen3": "chatml",
    "phi3": "chatml",
    "mistral": "mistral-instruct",
}
#: Chat formats whose prompt has no place for a system message (it is folded into the user's).
_NO_SYSTEM_ROLE = {"gemma"}
_REPAIR = (
    "Your previous answer was rejected: {feedback}. "
    "Answer again with one JSON object that matches the schema."
)
_DEFAULT_CONTEXT = 4096
#: llama.cpp's usual repeat penalty: small models held to a grammar otherwise loop a
#: phrase until a string's maxLength (llama-cpp-python's chat default is 1.0, none).
_REPEAT_PENALTY = 1.1


def chat_format_for(metadata: dict[str, str], override: str | None) -> str | None:
    """The chat format to use for a model with GGUF ``metadata``.

    Args:
        metadata: The model's GGUF key/value metadata.
        override: ``--chat-format``, which always wins.

    Returns:
        A llama-cpp-python chat format name, or ``None`` to use the template the file
        carries (``tokenizer.chat_template``), as llama-cpp-python does by itself.
    """
    if override:
        return override
    if metadata.get("tokenizer.chat_template"):
        return None
    return _FORMAT_BY_ARCHITECTURE.get(metadata.get("general.architecture", ""), "llama-2")


class _CancelledError(Exception):
    """Raised inside llama.cpp's sampling loop to stop a generation nobody awaits."""


class LocalProvider:
    """Answers each request with an in-process llama.cpp model.

    Args:
        llama: A loaded ``llama_cpp.Llama``.
        model: The model's name (recorded in the manifest).
        temperature: Sampling temperature, or llama-cpp-python's default.
        max_tokens: Output tokens per request.
    """

    name = "local"
    #: One generation at a time per model: the engine keeps no more requests in flight.
    max_concurrency = 1
    #: The grammar from the schema always holds: recorded as the run's structured output.
    structured_output_mode = "grammar"

    def __init__(
        self,
        llama: Any,
        *,
        model: str,
        temperature: float | None = None,
        max_tokens: int | None = None,
    ) -> None:
        self.llama = llama
        self.model = model
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.chat_format = str(llama.chat_format)
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="datagen-llama"
        )
        self._lock = asyncio.Lock()
        self._grammars: dict[type[BaseModel], Any] = {}
        self._guides: dict[type[BaseModel], str] = {}

    async def complete(self, request: CompletionRequest) -> Completion:
        """Generate one record on the worker thread.

        Raises:
            ProviderError: The prompt does not fit the context window (this record fails).
        """
        messages = self.messages(request)
        grammar = self._grammar(request.record_model)
        seed = record_seed(request.context.seed, request.context.index, request.attempt)
        cancelled = threading.Event()
        loop = asyncio.get_running_loop()
        async with self._lock:
            future = loop.run_in_executor(
                self._executor, self._generate, messages, grammar, seed, cancelled
            )
            try:
                answer = await asyncio.shield(future)
            except asyncio.CancelledError:
                cancelled.set()  # the thread stops at its next token
                raise
        choice = answer["choices"][0]
        usage = answer.get("usage") or {}
        finish = choice.get("finish_reason") or "stop"
        return Completion(
            text=str(choice["message"].get("content") or ""),
            usage=Usage(
                prompt_tokens=int(usage.get("prompt_tokens", 0)),
                completion_tokens=int(usage.get("completion_tokens", 0)),
            ),
            finish_reason="length" if finish == "length" else "stop",
        )

    def messages(self, request: CompletionRequest) -> list[dict[str, str]]:
        """The chat messages of one ask: system, prompt with the field guide, repair."""
        guide = self._guides.get(request.record_model)
        if guide is None:
            guide = self._guides[request.record_model] = field_guide(request.record_model)
        user = f"{request.prompt}\n\n{guide}"
        if request.feedback is not None:
            user += "\n\n" + _REPAIR.format(feedback=request.feedback)
        if self.chat_format in _NO_SYSTEM_ROLE:
            return [{"role": "user", "content": f"{request.system}\n\n{user}"}]
        return [{"role": "system", "content": request.system}, {"role": "user", "content": user}]

    def _grammar(self, record_model: type[BaseModel]) -> Any:
        grammar = self._grammars.get(record_model)
        if grammar is None:
            from llama_cpp.llama_grammar import LlamaGrammar

            schema = orjson.dumps(wire_schema(record_model)).decode()
            grammar = LlamaGrammar.from_json_schema(schema, verbose=False)
            self._grammars[record_model] = grammar
        return grammar

    def _generate(
        self, messages: list[dict[str, str]], grammar: Any, seed: int, cancelled: threading.Event
    ) -> dict[str, Any]:
        def stop_if_cancelled(_input_ids: Any, scores: Any) -> Any:
            if cancelled.is_set():
                raise _CancelledError
            return scores

        options: dict[str, Any] = {
            "seed": seed,
            "max_tokens": self.max_tokens,
            "repeat_penalty": _REPEAT_PENALTY,
        }
        if self.temperature is not None:
            options["temperature"] = self.temperature
        try:
            answer: dict[str, Any] = self.llama.create_chat_completion(
                messages=messages,
                grammar=grammar,
                logits_processor=[stop_if_cancelled],
                **options,
            )
        except _CancelledError:
            return {"choices": [{"message": {"content": ""}, "finish_reason": "length"}]}
        except ValueError as exc:
            if "context window" not in str(exc):
                raise
            raise ProviderError(
                f"the prompt and answer do not fit the model's context: {exc}",
                hint="Raise --context-size, or lower --max-tokens",
            ) from exc
        return answer

    async def aclose(self) -> None:
        """Stop the worker thread and free the model."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        close = getattr(self.llama, "close", None)
        if close is not None:
            close()


def create_local_provider(settings: Settings, **_injected: Any) -> LocalProvider:
    """Load the model ``settings`` name (or the bundled one) and return the provider.

    ``kernel=`` and ``credential=`` (for the Semantic Kernel providers) are ignored.

    Raises:
        ConfigError: The model file is missing, not GGUF, cannot be loaded, or the chat
            format is unknown.
    """
    try:
        import llama_cpp
        from llama_cpp import llama_chat_format
    except ImportError:
        raise ConfigError(
            "--provider local needs llama-cpp-python, which is not installed",
            hint="Install it with pip install 'datagen[local]'",
        ) from None
    _route_llama_logs(llama_cpp)
    path = resolve_model_path(settings.model_path)
    override = settings.chat_format
    if override is not None:
        _check_chat_format(override, llama_chat_format)
    threads = settings.threads or os.cpu_count() or 1
    try:
        llama = llama_cpp.Llama(
            model_path=str(path),
            n_ctx=settings.context_size or _DEFAULT_CONTEXT,
            n_threads=threads,
            n_threads_batch=threads,
            chat_format=override,
            verbose=False,
        )
    except ValueError as exc:
        raise ConfigError(
            f"llama.cpp could not load {str(path)!r}: {exc}",
            hint="Pass --model-path a GGUF model that this llama-cpp-python supports",
        ) from exc
    chosen = chat_format_for(dict(llama.metadata), override)
    if chosen is not None:
        llama.chat_format = chosen
    _log.info("local model %s, chat format %s, %d threads", path.name, llama.chat_format, threads)
    return LocalProvider(
        llama,
        model=Path(path).name,
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
    )


def _route_llama_logs(llama_cpp: Any) -> None:
    """Send llama.cpp's own log lines to logging at DEBUG instead of straight to stderr."""
    global _log_callback  # noqa: PLW0603 - one C callback per process
    if _log_callback is None:

        @llama_cpp.llama_log_callback  # type: ignore[untyped-decorator]
        def forward(_level: int, text: bytes, _user_data: Any) -> None:
            line = text.decode("utf-8", "replace").rstrip()
            if line:
                _llama_log.debug("%s", line)

        _log_callback = forward
        llama_cpp.llama_log_set(forward, ctypes.c_void_p(0))


def _check_chat_format(name: str, llama_chat_format: Any) -> None:
    registry = llama_chat_format.LlamaChatCompletionHandlerRegistry()
    if name not in registry._chat_handlers:
        known = sorted(registry._chat_handlers)
        raise ConfigError(
            f"--chat-format {name!r} is not a chat format llama-cpp-python knows",
            hint=f"Choose one of: {', '.join(known)}",
        )
