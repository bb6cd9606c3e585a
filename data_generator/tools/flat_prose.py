"""Phrase grammars flattened at import, for scenarios whose offline text is made often.

The tables are written as a compositional grammar (the slot forms ``{name}`` and
``{Name}`` of :class:`~data_generator.phrases.Grammar`, with ``{name}`` naming another table
or a fact). :class:`FlatProse` expands every table reference once, at import, so what is
left are templates naming only the record's facts, filled with ``str.format_map``: the same
variety as the grammar, at the cost of one string format per sentence.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence

__all__ = ["FlatProse", "flatten"]

_SLOT = re.compile(r"\{([^{}]+)\}")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def flatten(tables: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """``tables`` with every slot that names a table replaced by each of its alternatives.

    Args:
        tables: Table name to its templates; ``{name}`` names a table or a fact,
            ``{Name}`` the same capitalised.

    Returns:
        Each table's templates, naming only facts.
    """
    done: dict[str, list[str]] = {}

    def expand(template: str) -> list[str]:
        for match in _SLOT.finditer(template):
            slot = match.group(1)
            name = slot[:1].lower() + slot[1:]
            if name not in tables:
                continue
            head, tail = template[: match.start()], template[match.end() :]
            upper = slot[:1].isupper()
            return [
                text
                for alternative in flat(name)
                for text in expand(head + (_capital(alternative) if upper else alternative) + tail)
            ]
        return [template]

    def flat(name: str) -> list[str]:
        if name not in done:
            done[name] = [text for template in tables[name] for text in expand(template)]
        return done[name]

    return {name: flat(name) for name in tables}


class FlatProse:
    """Flattened tables of a grammar, filled with a record's facts.

    Args:
        tables: The grammar's tables (see :func:`flatten`).

    Raises:
        ValueError: A slot is neither a table nor a plain fact name (``{a thing}``).
    """

    def __init__(self, tables: Mapping[str, Sequence[str]]) -> None:
        self.tables = {name: tuple(texts) for name, texts in flatten(tables).items()}
        capitals: set[str] = set()
        for name, texts in self.tables.items():
            for text in texts:
                for slot in _SLOT.findall(text):
                    if not slot.isidentifier():
                        raise ValueError(f"table {name!r}: slot {{{slot}}} is not a fact")
                    if slot[:1].isupper():
                        capitals.add(slot)
        #: The capitalised slots, each with the fact it capitalises.
        self.capitals = tuple((slot, slot[:1].lower() + slot[1:]) for slot in sorted(capitals))

    def facts(self, facts: Mapping[str, str]) -> dict[str, str]:
        """``facts`` plus each fact that a slot capitalises (``{Brand}``), capitalised."""
        words = dict(facts)
        for capital, name in self.capitals:
            if name in facts:
                value = facts[name]
                words[capital] = value[:1].upper() + value[1:]
        return words

    def expand(self, rng: random.Random, name: str, facts: Mapping[str, str]) -> str:
        """One template of table ``name`` filled with ``facts`` (from :meth:`facts`)."""
        texts = self.tables[name]
        return texts[int(rng.random() * len(texts))].format_map(facts)

    def sentence(self, rng: random.Random, name: str, facts: Mapping[str, str]) -> str:
        """:meth:`expand`, capitalised and ending with a full stop (unless it has ``.?!``)."""
        texts = self.tables[name]
        text = texts[int(rng.random() * len(texts))].format_map(facts)
        text = text[:1].upper() + text[1:]
        return text if text[-1:] in ".?!" else f"{text}."
