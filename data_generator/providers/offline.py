"""The offline provider: records synthesised from the record model and scenario hints.

No network, no credentials, no model. Each record is a pure function of (seed, index,
attempt): the same command with the same seed writes the same bytes. A record model is
compiled once into a tree of small generator functions, so a record costs microseconds.
"""

from __future__ import annotations

import random
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin
from uuid import UUID

import annotated_types
import orjson
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from data_generator import synth
from data_generator.context import RecordContext, record_rng
from data_generator.providers.base import Completion, CompletionRequest
from data_generator.runtime import runtime_of
from data_generator.tool import DataGeneratorTool, Hint

if TYPE_CHECKING:
    from data_generator.settings import Settings

__all__ = ["OfflineProvider", "compile_model", "create_offline_provider"]

Generator = Callable[[random.Random, RecordContext], Any]
_OPTIONAL_NONE_SHARE = 0.2


class OfflineProvider:
    """Deterministic, local synthesis of one scenario's records, behind the provider protocol.

    Args:
        tool: The scenario whose records it makes (its record model, markers, hints and
            finishing step are compiled once).
    """

    name = "offline"
    model = "offline-synthesizer"
    #: Records are made from the record model itself: the schema holds by construction.
    structured_output_mode = "native"

    def __init__(self, tool: DataGeneratorTool[Any, Any]) -> None:
        self.tool = tool
        self._runtime = runtime = runtime_of(tool)
        hints, self._finalize = runtime.offline_recipe()
        self._generate = compile_model(tool.record_model, hints)

    async def complete(self, request: CompletionRequest) -> Completion:
        """Synthesise one record (handed over parsed: no JSON round trip)."""
        return Completion(data=self.draft(request))

    def synthesize(self, request: CompletionRequest) -> bytes:
        """Return the record of ``request`` as JSON bytes."""
        return orjson.dumps(self.draft(request))

    def draft(self, request: CompletionRequest) -> dict[str, Any]:
        """Return the record of ``request`` as a JSON-ready dictionary.

        A pure function of seed, index and attempt: the first attempt continues the
        record's own generator past its attributes (drawn again here, as the engine drew
        them), a repair starts a stream of its own. A record made for a row of seed data
        takes its fields of the same name from the row, and names the row's other values
        in its free text.
        """
        ctx = request.context
        if request.attempt > 1:
            rng = record_rng(ctx.seed, ctx.index, stream=request.attempt)
        else:
            rng = record_rng(ctx.seed, ctx.index)
            self.tool.draw_attributes(rng, ctx.seed, ctx.index)
        seeding = self._runtime.seeding if ctx.seed_row else None
        if seeding is None:
            draft: dict[str, Any] = self._finalize(self._generate(rng, ctx), rng, ctx)
            return draft
        # The row's fields before the finishing step (it derives others from them) and after.
        values = seeding.draft_values(ctx.seed_row)
        draft = self._generate(rng, ctx)
        draft.update(values)
        draft = self._finalize(draft, rng, ctx)
        draft.update(values)
        seeding.mention(draft, ctx.seed_row)
        return draft

    async def aclose(self) -> None:
        """Nothing to release."""


def create_offline_provider(
    _settings: Settings, *, tool: DataGeneratorTool[Any, Any], **_injected: Any
) -> OfflineProvider:
    """Return the ``offline`` provider of ``tool`` (it reads no settings)."""
    return OfflineProvider(tool)


def compile_model(model: type[BaseModel], hints: Mapping[str, Hint], prefix: str = "") -> Generator:
    """Compile ``model`` into a function that makes one draft record as a dict.

    Args:
        model: The record (or nested) model.
        hints: Generators by dotted path; a path without a hint falls back to the type.
        prefix: The dotted path of ``model`` inside the record.
    """
    fields = [
        (name, _field_generator(f"{prefix}{name}", info, hints))
        for name, info in model.model_fields.items()
    ]

    def make(rng: random.Random, ctx: RecordContext) -> dict[str, Any]:
        return {name: generate(rng, ctx) for name, generate in fields}

    return make


def _field_generator(path: str, info: FieldInfo, hints: Mapping[str, Hint]) -> Generator:
    hint = hints.get(path)
    if hint is not None:
        return hint
    bounds = _bounds(info.metadata)
    return _type_generator(path, info.annotation, bounds, hints)


def _bounds(metadata: list[Any]) -> dict[str, float]:
    bounds: dict[str, float] = {}
    for meta in metadata:
        for attribute in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            value = getattr(meta, attribute, None)
            if isinstance(value, int | float) and isinstance(
                meta,
                annotated_types.Ge
                | annotated_types.Gt
                | annotated_types.Le
                | annotated_types.Lt
                | annotated_types.MinLen
                | annotated_types.MaxLen,
            ):
                bounds[attribute] = value
    return bounds


def _type_generator(  # noqa: PLR0911, PLR0912 - one branch per supported type
    path: str, annotation: Any, bounds: dict[str, float], hints: Mapping[str, Hint]
) -> Generator:
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        inner, *metadata = get_args(annotation)
        return _type_generator(path, inner, {**bounds, **_bounds(metadata)}, hints)
    if origin in (typing.Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        value = _type_generator(path, members[0], bounds, hints)
        if len(members) == len(get_args(annotation)):
            return value
        return _optional(value)
    if origin is Literal:
        options = get_args(annotation)
        return lambda rng, _ctx: options[int(rng.random() * len(options))]
    if origin in (list, tuple, set, frozenset):
        item_type = get_args(annotation)[0] if get_args(annotation) else str
        item = hints.get(f"{path}[]") or _type_generator(path, item_type, {}, hints)
        return _sequence(item, int(bounds.get("min_length", 1)), int(bounds.get("max_length", 4)))
    if origin is dict or annotation is dict:
        return lambda _rng, _ctx: {}
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return compile_model(annotation, hints, prefix=f"{path}.")
        if issubclass(annotation, Enum):
            members = [member.value for member in annotation]
            return lambda rng, _ctx: members[int(rng.random() * len(members))]
        if issubclass(annotation, bool):
            return lambda rng, _ctx: rng.random() < 0.5
        if issubclass(annotation, int):
            return _integer(bounds)
        if issubclass(annotation, float):
            return _number(bounds)
        if issubclass(annotation, datetime):
            start = synth.ANCHOR - timedelta(days=730)
            return lambda rng, _ctx: synth.datetime_between(rng, start, synth.ANCHOR)
        if issubclass(annotation, date):
            first = (synth.ANCHOR - timedelta(days=730)).date()
            return lambda rng, _ctx: synth.date_between(rng, first, synth.ANCHOR.date())
        if issubclass(annotation, UUID):
            return lambda rng, _ctx: str(UUID(int=rng.getrandbits(128), version=4))
    return _string(path.rsplit(".", 1)[-1], bounds)


def _optional(value: Generator) -> Generator:
    def make(rng: random.Random, ctx: RecordContext) -> Any:
        return None if rng.random() < _OPTIONAL_NONE_SHARE else value(rng, ctx)

    return make


def _sequence(item: Generator, low: int, high: int) -> Generator:
    high = max(high, low)

    def make(rng: random.Random, ctx: RecordContext) -> list[Any]:
        return [item(rng, ctx) for _ in range(low + int(rng.random() * (high - low + 1)))]

    return make


def _integer(bounds: dict[str, float]) -> Generator:
    low = int(bounds["ge"]) if "ge" in bounds else int(bounds["gt"]) + 1 if "gt" in bounds else None
    high = (
        int(bounds["le"]) if "le" in bounds else int(bounds["lt"]) - 1 if "lt" in bounds else None
    )
    if low is None:  # no lower bound: from 0, or from below an upper bound under 0
        low = 0 if high is None or high >= 0 else high - 1000
    if high is None:
        high = low + 1000
    return lambda rng, _ctx: low + int(rng.random() * (high - low + 1))


def _number(bounds: dict[str, float]) -> Generator:
    low = bounds.get("ge", bounds.get("gt"))
    high = bounds.get("le", bounds.get("lt"))
    if low is None:  # no lower bound: from 0, or from below an upper bound not above 0
        low = 0.0 if high is None or high > 0 else high - 1000.0
    if high is None:
        high = low + 1000.0

    def inside(value: float) -> bool:
        return not (
            ("ge" in bounds and value < bounds["ge"])
            or ("gt" in bounds and value <= bounds["gt"])
            or ("le" in bounds and value > bounds["le"])
            or ("lt" in bounds and value >= bounds["lt"])
        )

    def make(rng: random.Random, _ctx: RecordContext) -> float:
        value = low + rng.random() * (high - low)
        rounded = round(value, 2)  # two decimals read well, unless they leave the bounds
        return rounded if inside(rounded) else value if inside(value) else (low + high) / 2

    return make


def _string(name: str, bounds: dict[str, float]) -> Generator:
    """Pick a plausible generator for a text field from its name."""
    lowered = name.lower()
    make: Generator
    if "email" in lowered:
        make = lambda rng, _ctx: synth.email_address(rng)  # noqa: E731
    elif "phone" in lowered:
        make = lambda rng, _ctx: synth.phone_number(rng)  # noqa: E731
    elif lowered.endswith(("company", "clinic", "organization", "organisation", "employer")):
        make = lambda rng, _ctx: synth.company_name(rng)  # noqa: E731
    elif lowered == "name" or lowered.endswith(("_name", "author", "customer", "agent")):
        make = lambda rng, _ctx: synth.person_name(rng)  # noqa: E731
    elif lowered == "id" or lowered.endswith("_id"):
        prefix = (lowered.removesuffix("_id") or "id")[:4].upper()
        make = lambda rng, _ctx: synth.identifier(rng, prefix)  # noqa: E731
    else:
        make = lambda rng, _ctx: synth.generic_text(rng)  # noqa: E731
    max_length = bounds.get("max_length")
    min_length = int(bounds.get("min_length", 0))
    if max_length is None and min_length == 0:
        return make
    limit = int(max_length) if max_length is not None else None

    def bounded(rng: random.Random, ctx: RecordContext) -> str:
        text = str(make(rng, ctx))
        while len(text) < min_length:
            text += " " + synth.generic_text(rng)
        return text[:limit] if limit is not None else text

    return bounded
