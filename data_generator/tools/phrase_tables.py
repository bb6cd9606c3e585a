"""Phrase tables made cheaper to expand: small literal tables folded into their users.

A :class:`~data_generator.phrases.Grammar` draws once per slot. A slot whose table has
only literal alternatives (no slots of its own) can be folded into the template that uses
it: the template becomes one alternative per value, and expanding it costs one draw fewer.
Folding keeps every sentence the grammar can make; it makes each combination equally
likely, where drawing slot by slot made each alternative equally likely.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

__all__ = ["fold"]

_SLOT = re.compile(r"\{([^{}]+)\}")


def _plain_slots(template: str, literal: Mapping[str, tuple[str, ...]]) -> list[re.Match[str]]:
    """The slots of ``template`` that name a literal table as is (no article, capital, ``?``)."""
    return [match for match in _SLOT.finditer(template) if match.group(1) in literal]


def fold(tables: Mapping[str, Sequence[str]], limit: int = 400) -> dict[str, tuple[str, ...]]:
    """``tables`` with literal tables folded into templates whose alternatives stay few.

    Args:
        tables: Table name to alternatives (unweighted).
        limit: The most alternatives a table may grow to by folding.

    Returns:
        The folded tables; every table of ``tables`` is still there.
    """
    folded = {name: tuple(alternatives) for name, alternatives in tables.items()}
    changed = True
    while changed:
        changed = False
        literal = {
            name: alternatives
            for name, alternatives in folded.items()
            if not any("{" in text for text in alternatives)
        }
        for name, alternatives in folded.items():
            grown: list[str] = []
            for template in alternatives:
                slots = _plain_slots(template, literal)
                if not slots:
                    grown.append(template)
                    continue
                first = slots[0]
                values = literal[first.group(1)]
                head, tail = template[: first.start()], template[first.end() :]
                grown.extend(" ".join(f"{head}{value}{tail}".split()) for value in values)
            if len(grown) != len(alternatives) and len(grown) <= limit:
                folded[name] = tuple(dict.fromkeys(grown))
                changed = True
    return folded
