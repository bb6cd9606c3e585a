"""Accepting an answer: its bounds, one-line validation reasons and the drawn-attribute check.

An answer is refused before it is parsed when it is longer than
:data:`ANSWER_CHARS_PER_TOKEN` characters per token of ``max_tokens`` (a service that
honoured the limit cannot have written it), and before the record is validated when it
holds a lone surrogate (it cannot be written as UTF-8) or nests deeper than
:data:`MAX_ANSWER_DEPTH` levels (no record schema comes close, and the steps after parsing
recurse through the value).

A model is asked for the attributes drawn for a record (fraud or not, a status, a period…)
but may answer otherwise. :class:`AttributeCheck` reads each attribute back from the
validated record; one shown otherwise than drawn is set to the drawn value (a dotted
field, or the attribute's ``apply``), and the record is validated and post-processed
again. When an attribute cannot be set, when setting breaks a rule, or when the
scenario's repairs undo it, the record is refused with a reason the repair request
carries: ``this record must have fraud = true (drawn attribute); the answer had false and
setting it breaks: …``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
import pydantic_core
from pydantic import BaseModel, ValidationError
from pydantic_core import to_jsonable_python

from data_generator.attributes import Attribute, NotSettableError
from data_generator.runtime import runtime_of
from data_generator.tool import DataGeneratorTool, InvariantError, RecordContext

__all__ = [
    "ANSWER_CHARS_PER_TOKEN",
    "MAX_ANSWER_DEPTH",
    "AttributeCheck",
    "answer_chars_limit",
    "kept_answer",
    "nesting_problem",
    "parse_answer",
    "size_problem",
    "surrogate_problem",
    "validation_summary",
]

#: Characters an answer may hold per token of ``max_tokens``. A token is about 4 characters
#: of English text; 16 leaves room for any tokenizer and any language.
ANSWER_CHARS_PER_TOKEN = 16
#: Levels of objects and lists an answer may nest.
MAX_ANSWER_DEPTH = 32
#: Characters of a refused answer kept for ``failures.jsonl`` (which keeps as many).
_KEPT_CHARS = 20_000

_UNSEEN = object()  # an attribute the record does not show (a missing field)


def answer_chars_limit(max_tokens: int | None) -> int | None:
    """The longest answer accepted under ``max_tokens`` (``None``: no limit)."""
    return None if max_tokens is None else max_tokens * ANSWER_CHARS_PER_TOKEN


def size_problem(text: str, limit: int | None) -> str:
    """Why ``text`` is too long an answer (``""`` when it is not)."""
    if limit is None or len(text) <= limit:
        return ""
    return (
        f"the answer is {len(text):,} characters long, over the {limit:,} that max_tokens "
        f"{limit // ANSWER_CHARS_PER_TOKEN:,} allows ({ANSWER_CHARS_PER_TOKEN} per token)"
    )


def surrogate_problem(text: str) -> str:
    """Why ``text`` cannot be UTF-8 (it holds a lone surrogate), or ``""``."""
    try:
        text.encode()
    except UnicodeEncodeError as exc:
        return (
            f"the answer is not valid UTF-8 (a lone surrogate \\u{ord(text[exc.start]):04x} "
            f"at character {exc.start:,})"
        )
    return ""


def nesting_problem(data: Any, limit: int = MAX_ANSWER_DEPTH) -> str:
    """Why parsed ``data`` nests too deep (``""`` when it does not); walks without recursion."""
    stack = [(data, 1)] if isinstance(data, dict | list) else []
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        if depth > limit:
            return f"the answer nests objects and lists deeper than {limit} levels"
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return ""


def parse_answer(text: str, max_chars: int | None) -> tuple[Any, str]:
    """A model's answer parsed, or ``(None, why it is refused)`` before validation.

    Too long an answer is refused unread. One that orjson does not parse goes to
    pydantic's parser, which takes ``NaN`` and ``Infinity``, or says what is wrong the way
    validation does (``Invalid JSON: ...``).
    """
    problem = size_problem(text, max_chars)
    if problem:
        return None, problem
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        problem = surrogate_problem(text)
        if problem:
            return None, problem
        try:
            data = pydantic_core.from_json(text)
        except ValueError as exc:
            return None, f"invalid record: record: Invalid JSON: {exc}"
    problem = nesting_problem(data)
    return (None, problem) if problem else (data, "")


def kept_answer(text: str) -> str:
    """The start of a refused answer, as ``failures.jsonl`` keeps it (encodable as UTF-8)."""
    text = text[:_KEPT_CHARS]
    if surrogate_problem(text):
        return text.encode("utf-8", "replace").decode()
    return text


def validation_summary(exc: ValidationError, limit: int = 3) -> str:
    """Describe the first ``limit`` validation problems on one line."""
    problems = []
    for error in exc.errors()[:limit]:
        where = ".".join(str(part) for part in error["loc"]) or "record"
        problems.append(f"{where}: {error['msg']}")
    more = exc.error_count() - limit
    suffix = f" (+{more} more)" if more > 0 else ""
    return "invalid record: " + "; ".join(problems) + suffix


class AttributeCheck:
    """Makes a model's answer honour the attributes drawn for its record.

    Args:
        tool: The scenario, options bound.
        attributes: Its attributes that show in a record (``observe`` set).
    """

    def __init__(self, tool: DataGeneratorTool[Any, Any], attributes: Sequence[Attribute]):
        self.tool = tool
        self.attributes = list(attributes)

    @classmethod
    def of(cls, tool: DataGeneratorTool[Any, Any]) -> AttributeCheck | None:
        """The check of ``tool``'s observed attributes, or ``None`` if it has none."""
        observed = [a for a in runtime_of(tool).attributes if a.observe is not None]
        return cls(tool, observed) if observed else None

    def honour(self, record: BaseModel, context: RecordContext) -> tuple[BaseModel | None, str]:
        """Return ``record``, a corrected copy of it, or ``None`` and why it is refused."""
        # As the record's JSON shows them (an Enum by its value, a date as text).
        drawn = {
            attribute.name: to_jsonable_python(context.attributes[attribute.name])
            for attribute in self.attributes
            if attribute.name in context.attributes
        }
        dump = record.model_dump(mode="json")
        wrong = [
            (attribute, drawn[attribute.name], seen)
            for attribute, seen in self._misses(dump, drawn)
        ]
        if not wrong:
            return record, ""
        must = _must_have(wrong)
        try:
            for attribute, value, _seen in wrong:
                attribute.set_in(dump, value)
        except NotSettableError:
            return None, must
        try:
            fixed = self.tool.post_process(self.tool.record_model.model_validate(dump))
        except ValidationError as exc:
            problems = validation_summary(exc).removeprefix("invalid record: ")
            return None, f"{must} and setting {_it(wrong)} breaks: {problems}"
        except InvariantError as exc:
            return None, f"{must} and setting {_it(wrong)} breaks: {exc}"
        undone = [
            attribute.name for attribute, _ in self._misses(fixed.model_dump(mode="json"), drawn)
        ]
        if undone:
            return None, (
                f"{must}, and setting {_it(wrong)} does not hold: the scenario's rules derive "
                f"{' and '.join(undone)} from other fields"
            )
        return fixed, ""

    def _misses(
        self, dump: dict[str, Any], drawn: Mapping[str, Any]
    ) -> list[tuple[Attribute, Any]]:
        """The attributes ``dump`` shows otherwise than drawn, with what it shows."""
        misses = []
        for attribute in self.attributes:
            if attribute.name in drawn:
                seen = _observe(attribute, dump)
                if seen != drawn[attribute.name]:
                    misses.append((attribute, seen))
        return misses


def _observe(attribute: Attribute, dump: dict[str, Any]) -> Any:
    """The attribute as a record shows it, or :data:`_UNSEEN` when it does not show it."""
    try:
        return attribute.observed(dump)
    except (KeyError, IndexError, TypeError, ValueError):
        return _UNSEEN


def _text(value: Any) -> str:
    """An attribute value as the record's JSON speaks of it (true, null, plain text)."""
    if value is _UNSEEN:
        return "none"
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def _must_have(wrong: list[tuple[Attribute, Any, Any]]) -> str:
    """``this record must have fraud = true (drawn attribute); the answer had false``."""
    musts = ", ".join(f"{attribute.name} = {_text(value)}" for attribute, value, _ in wrong)
    had = ", ".join(_text(seen) for _attribute, _value, seen in wrong)
    noun = "attribute" if len(wrong) == 1 else "attributes"
    return f"this record must have {musts} (drawn {noun}); the answer had {had}"


def _it(wrong: list[Any]) -> str:
    return "it" if len(wrong) == 1 else "them"
