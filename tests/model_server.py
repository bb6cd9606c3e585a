"""Helpers for running datagen's model providers against the loopback ``FakeOpenAIServer``.

The responders answer each chat request with a *valid* record for the index named in the
prompt ("Write support case number N for the product: ..."), built by datagen's own
offline machinery with the attributes the prompt asks for ("Use these attributes for this
case: severity: high, ..."), as a model that follows the prompt would, so the engine
accepts every undamaged answer. :func:`offline_responder` can also ignore some of the
asked-for attributes, as a model that does not follow them.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson
from azure.core.credentials import AccessToken
from fake_openai_server import FakeOpenAIServer, Responder, estimate_tokens

from data_generator.engine.record_maker import RecordMaker
from data_generator.providers.offline import OfflineProvider
from data_generator.tool import DataGeneratorTool
from data_generator.tools.tech_support import TechSupportTicket, TechSupportTool

__all__ = [
    "API_VERSION",
    "PRODUCT",
    "FakeAsyncCredential",
    "ca_bundle",
    "case_index",
    "chat_requests",
    "expected_usage",
    "files_under",
    "offline_responder",
    "prompt_attributes",
    "read_json_records",
    "read_jsonl_records",
    "record_index",
    "record_responder",
    "scenario_args",
]

PRODUCT = "SaaS CRM"
API_VERSION = "2024-10-21"
_CASE = re.compile(r"support case number (\d+) for the product")
_INDEX = re.compile(r"\bnumber (\d+)\b")
_ATTRIBUTES = re.compile(r"attributes for this [\w ]+?: (.+?)\.(?:\s|$)")


def case_index(body: dict[str, Any]) -> int:
    """The record index a chat request asks for (from its first user message)."""
    for message in body.get("messages") or []:
        if message.get("role") == "user":
            found = _CASE.search(str(message.get("content", "")))
            if found:
                return int(found.group(1))
    raise AssertionError(f"no case number in {body.get('messages')!r}")


def _user_text(body: Mapping[str, Any]) -> str:
    """The first user message of a chat request."""
    for message in body.get("messages") or []:
        if message.get("role") == "user":
            return str(message.get("content", ""))
    raise AssertionError(f"no user message in {body.get('messages')!r}")


def record_index(body: Mapping[str, Any]) -> int:
    """The record index a chat request asks for: the first "number N" of its prompt."""
    found = _INDEX.search(_user_text(body))
    if found is None:
        raise AssertionError(f"no record number in {_user_text(body)!r}")
    return int(found.group(1))


def prompt_attributes(body: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes a chat request's prompt asks for (``True``, ``False``, whole numbers)."""
    found = _ATTRIBUTES.search(_user_text(body))
    if found is None:
        return {}
    pairs = (item.split(": ", 1) for item in found.group(1).split(", "))
    return {key: _value(text) for key, text in pairs}


def _value(text: str) -> Any:
    if text in ("True", "False"):
        return text == "True"
    return int(text) if text.isdigit() else text


def offline_responder(
    tool: DataGeneratorTool[Any, Any],
    seed: int = 0,
    *,
    ignore: Mapping[str, Any] | None = None,
    honour_on_repair: bool = False,
) -> Responder:
    """A responder answering a valid record of ``tool`` (options bound) for the asked index.

    Built by the offline machinery under ``seed`` with the attributes the prompt asks for,
    except ``ignore``: those take the given values whatever was asked (a model that does
    not honour them), unless ``honour_on_repair`` and the request is a repair.
    """
    offline = OfflineProvider(tool)
    maker = RecordMaker(tool, offline, 1, lambda _event: None)
    lock = threading.Lock()

    def respond(body: dict[str, Any]) -> str:
        index = record_index(body)
        repair = len(body.get("messages") or []) > 2
        with lock:
            context = maker.context(index, seed)
            attributes = {**context.attributes, **prompt_attributes(body)}
            if ignore and not (repair and honour_on_repair):
                attributes.update(ignore)
            request = maker.request(dataclasses.replace(context, attributes=attributes))
            return offline.synthesize(request).decode()

    return respond


def record_responder(product: str = PRODUCT, seed: int = 0) -> Responder:
    """A responder answering a valid ``TechSupportTicket`` (JSON) for the asked index."""
    tool = TechSupportTool({"system_description": product})
    return offline_responder(tool, seed)


def expected_usage(server: FakeOpenAIServer, responder: Responder) -> tuple[int, int]:
    """Prompt and completion tokens the server billed for its 200 answers.

    Recomputed from the recorded requests the way the server computes usage.
    """
    prompt = completion = 0
    for request in chat_requests(server):
        if request.status != 200:
            continue
        chars = sum(len(str(m.get("content", ""))) for m in request.body["messages"])
        prompt += estimate_tokens(chars)
        completion += estimate_tokens(responder(request.body))
    return prompt, completion


def chat_requests(server: FakeOpenAIServer) -> list[Any]:
    """The requests that reached a chat-completions route."""
    return [request for request in server.requests if request.route in ("azure", "openai")]


def scenario_args(out_dir: Path | str, count: int, *extra: str) -> list[str]:
    """``tech-support -d PRODUCT -n COUNT -o OUT_DIR EXTRA...``."""
    return ["tech-support", "-d", PRODUCT, "-n", str(count), "-o", str(out_dir), *extra]


def read_json_records(out_dir: Path) -> dict[int, TechSupportTicket]:
    """The per-record JSON files of ``out_dir``, validated, by index."""
    records = {}
    for path in sorted(out_dir.glob("tech-support-*.json")):
        index = int(path.stem.rsplit("-", 1)[1])
        records[index] = TechSupportTicket.model_validate_json(path.read_bytes())
    return records


def read_jsonl_records(path: Path) -> list[TechSupportTicket]:
    """The records of a JSON Lines file, validated."""
    lines = path.read_bytes().splitlines()
    return [TechSupportTicket.model_validate(orjson.loads(line)) for line in lines if line]


def ca_bundle(path: Path, *servers: FakeOpenAIServer) -> Path:
    """Write one PEM bundle trusting the CAs of every TLS server; return its path."""
    pems = [Path(str(server.ca_file)).read_text() for server in servers]
    path.write_text("".join(pems))
    return path


def files_under(folder: Path) -> Iterator[Path]:
    """Every file below ``folder``, recursively (hidden ones too)."""
    return (path for path in folder.rglob("*") if path.is_file())


class FakeAsyncCredential:
    """An async Azure credential that hands out a fixed token and counts its calls."""

    def __init__(self, token: str = "entra-token-123") -> None:
        self.token = token
        self.calls: list[tuple[str, ...]] = []
        self.closed = False

    async def get_token(self, *scopes: str, **_kwargs: Any) -> AccessToken:
        """Return the token, valid for an hour."""
        self.calls.append(scopes)
        return AccessToken(self.token, int(time.time()) + 3600)

    async def close(self) -> None:
        """Note the close."""
        self.closed = True
