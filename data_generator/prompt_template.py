"""User-prompt templates in which only the scenario's own holes are template syntax.

A scenario's :meth:`~data_generator.tool.DataGeneratorTool.build_prompt` returns text with
per-record holes, ``{{$index}}`` and ``{{$attributes}}`` (and with ``--seed-data``
``{{$facts}}`` and ``{{$seed.column}}``), and with option values (text a user typed) already
in it. That text must reach the model as typed, even when it holds
``{{$index}}`` or Semantic Kernel syntax such as ``{{$feedback}}`` or ``{{ 'a' }}``:
:func:`build_template` asks the scenario for its prompt with the ``{{`` of option values
shielded, so only the scenario's own holes become holes, and
:meth:`PromptTemplate.fill` fills them in one pass (what a hole receives is not read again).
The result is final text: providers send it as it is, and ``--dry-run`` shows the same.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from data_generator.tool import DataGeneratorTool

__all__ = ["PromptTemplate", "build_template"]

_HOLE = re.compile(r"\{\{\$(index|attributes|facts|seed\.[^{}]+)\}\}")


class PromptTemplate(str):
    """A user-prompt template that knows which of its ``{{$...}}`` are holes.

    As a string it is the template's text; :meth:`fill` renders one record's prompt. Made
    from a plain string, every ``{{$index}}`` and ``{{$attributes}}`` in it is a hole.

    Args:
        text: The template's text.
        parts: Literal text and hole names, alternating (literal first and last); derived
            from ``text`` when omitted.
    """

    _parts: tuple[str, ...]

    def __new__(cls, text: str, parts: tuple[str, ...] | None = None) -> PromptTemplate:
        """Make the template of ``text``, with its ``parts`` if they are known."""
        template = super().__new__(cls, text)
        template._parts = parts if parts is not None else tuple(_HOLE.split(text))
        return template

    def fill(self, index: int, attributes: str, seed_row: Mapping[str, Any] | None = None) -> str:
        """The prompt of one record: the holes filled, everything else as it is.

        Args:
            index: The record's index.
            attributes: Its attributes, as the prompt shows them.
            seed_row: Its row of seed data: ``{{$seed.column}}`` takes a column's value,
                ``{{$facts}}`` all of them.
        """
        row = seed_row or {}
        values = {
            "index": str(index),
            "attributes": attributes,
            "facts": "; ".join(f"{key}: {value}" for key, value in row.items()) or "none",
        }
        return "".join(
            (values[part] if part in values else str(row.get(part[5:].strip(), "")))
            if position % 2
            else part
            for position, part in enumerate(self._parts)
        )


def build_template(tool: DataGeneratorTool[Any, Any]) -> PromptTemplate:
    """The scenario's user-prompt template, its option values kept as literal text.

    Args:
        tool: The scenario.
    """
    from data_generator.runtime import user_prompt

    text = user_prompt(tool)
    options = tool.options
    braced = {name: value for name, value in options if type(value) is str and "{{" in value}
    if not braced:
        return PromptTemplate(text)
    marker = _unused_marker([text, *(value for _, value in options if type(value) is str)])
    shadow = copy.copy(tool)  # unvalidated: a marker may make a value longer than allowed
    shadow.options = options.model_copy(
        update={name: value.replace("{{", marker) for name, value in braced.items()}
    )
    parts = _HOLE.split(user_prompt(shadow))
    parts[::2] = [part.replace(marker, "{{") for part in parts[::2]]
    # The text from the parts too: the scenario's own holes decide what the framework adds.
    shown = "".join(part if n % 2 == 0 else f"{{{{${part}}}}}" for n, part in enumerate(parts))
    return PromptTemplate(shown, tuple(parts))


def _unused_marker(texts: list[str]) -> str:
    """A private-use marker found in none of ``texts``.

    It begins with a character it holds nowhere else, so no two markers (or a marker and
    the text before it) can overlap into a false one.
    """
    number = 0
    while any((marker := f"\ue000{number}\ue001") in text for text in texts):
        number += 1
    return marker
