"""Compositional phrase grammars for offline prose: variety that grows with the data set.

A :class:`Grammar` holds named tables of alternatives; an alternative is a template whose
``{slot}`` names another table (expanded recursively) or a fact given by the caller. So a
sentence is built from parts (subject, action, object, condition, time), each drawn from
its own table, and the count of distinct sentences is the product of the tables' sizes
rather than the length of one list of canned sentences.

Slot forms:

========================  =====================================================
``{name}``                a table of the grammar, or a fact passed to ``expand``
``{a name}``              the same with its indefinite article (``a``/``an``)
``{Name}``                the same, first letter upper-case
``{name?}``               the table's alternative or nothing, half the time each
========================  =====================================================

Templates are compiled once; expanding one costs a few microseconds.

Example:
    >>> import random
    >>> grammar = Grammar({"report": ["{A thing} {fails} {when}"],
    ...                    "thing": ["export job", "invoice screen"],
    ...                    "fails": ["stops", "hangs"], "when": ["at night", "after login"]})
    >>> grammar.expand(random.Random(1), "report")  # doctest: +SKIP
    'An export job hangs after login'
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Grammar", "GrammarError", "indefinite_article"]

_SLOT = re.compile(r"\{([^{}]+)\}")
_VOWEL_SOUND = re.compile(
    r"^(?:[aei]|o(?!ne\b|nce\b)|u(?!ni|s[eu]|r[aeiou]|ti)|hou|hon|[fhlmnrsx]\b)", re.I
)

Part = Callable[[random.Random, Mapping[str, str]], str]


class GrammarError(ValueError):
    """A template names a slot that is neither a table nor a given fact."""


def indefinite_article(phrase: str) -> str:
    """``a`` or ``an`` for ``phrase``, by its first sound (``an hour``, ``a user``, ``an SSO``)."""
    word = phrase.split(" ", 1)[0]
    if word.isupper() and len(word) > 1:  # an acronym, read letter by letter: an SSO, a VPN
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    return "an" if _VOWEL_SOUND.match(phrase) else "a"


def _merged(given: Mapping[str, str] | None, facts: Mapping[str, str]) -> Mapping[str, str]:
    if given is None:
        return facts
    return {**given, **facts} if facts else given


def _literal(text: str) -> str:
    """``text`` as a regular expression that lets any spacing around and between its words."""
    return "".join(rf"\s*{re.escape(word)}" for word in text.split()) + r"\s*"


@dataclass(frozen=True)
class _Slot:
    name: str
    article: bool
    capital: bool
    optional: bool


def _parse_slot(text: str) -> _Slot:
    article = text.startswith(("a ", "A "))
    name = text[2:] if article else text
    optional = name.endswith("?")
    name = name.rstrip("?")
    capital = (text[:1].isupper()) if article else name[:1].isupper()
    if capital and not article:
        name = name[:1].lower() + name[1:]
    return _Slot(name, article, capital, optional)


def _pieces(template: str) -> list[str | _Slot]:
    """``template`` split into its literal text and its slots."""
    pieces: list[str | _Slot] = []
    position = 0
    for match in _SLOT.finditer(template):
        if match.start() > position:
            pieces.append(template[position : match.start()])
        pieces.append(_parse_slot(match.group(1)))
        position = match.end()
    if position < len(template):
        pieces.append(template[position:])
    return pieces


def _shaped(value: str, slot: _Slot) -> str:
    """``value`` with the article and capital ``slot`` asks for."""
    if slot.article:
        value = f"{indefinite_article(value)} {value}"
    if slot.capital:
        value = value[:1].upper() + value[1:]
    return value


class Grammar:
    """Named tables of template alternatives, expanded recursively (see the module docs).

    Args:
        tables: Table name to its alternatives (templates). A table may be a string
            sequence or a mapping of alternative to weight.

    Raises:
        GrammarError: A table is empty.
    """

    def __init__(self, tables: Mapping[str, Sequence[str] | Mapping[str, float]]) -> None:
        # An alternative is its text when it has no slot (most do), else a compiled Part.
        self._tables: dict[str, tuple[tuple[str | Part, ...], tuple[float, ...] | None]] = {}
        self._raw = {name: tuple(alternatives) for name, alternatives in tables.items()}
        for name, alternatives in tables.items():
            if not alternatives:
                raise GrammarError(f"table {name!r} has no alternatives")
        for name, alternatives in tables.items():
            weights = (
                tuple(float(w) for w in alternatives.values())
                if isinstance(alternatives, Mapping)
                else None
            )
            self._tables[name] = (tuple(self._compile(t) for t in alternatives), weights)

    def __contains__(self, name: object) -> bool:
        return name in self._tables

    def size(self, name: str) -> int:
        """How many alternatives table ``name`` holds at its top level."""
        return len(self._raw[name])

    def variants(self, name: str, limit: int = 100_000) -> tuple[str, ...]:
        """Every distinct expansion of table ``name``, each once (weights are not kept).

        For prose drawn where speed matters: enumerate once, then per record pick one with
        a single random number and fill its facts with ``str.format_map``. A slot that
        names no table is left as ``{slot}`` for that (it cannot take ``a``/capital forms).

        Raises:
            GrammarError: The table has more than ``limit`` expansions, or a fact slot asks
                for an article or a capital.
        """
        memo: dict[str, tuple[str, ...]] = {}

        def table(table_name: str) -> tuple[str, ...]:
            if table_name not in memo:
                found: dict[str, None] = {}
                for template in self._raw[table_name]:
                    found.update(dict.fromkeys(template_variants(template)))
                    if len(found) > limit:
                        raise GrammarError(f"table {name!r} has over {limit} expansions")
                memo[table_name] = tuple(found)
            return memo[table_name]

        def template_variants(template: str) -> list[str]:
            pieces = _pieces(template)
            if all(isinstance(piece, str) for piece in pieces):
                return [template]
            made = [""]
            for piece in pieces:
                if isinstance(piece, str):
                    made = [text + piece for text in made]
                    continue
                if piece.name in self._raw:
                    options = [_shaped(value, piece) for value in table(piece.name)]
                elif piece.article or piece.capital:
                    raise GrammarError(f"fact {piece.name!r} cannot take an article or capital")
                else:
                    options = [f"{{{piece.name}}}"]
                made = [
                    text + option for text in made for option in options + [""] * piece.optional
                ]
                if len(made) > limit:
                    raise GrammarError(f"table {name!r} has over {limit} expansions")
            return [" ".join(text.split()) for text in made]

        return table(name)

    def with_tables(self, tables: Mapping[str, Sequence[str] | Mapping[str, float]]) -> Grammar:
        """A grammar with these tables added to (or replacing) this one's."""
        return Grammar({**self._raw, **tables})

    def pattern(self, name: str, **facts: Iterable[str]) -> re.Pattern[str]:
        """A regular expression that every :meth:`sentence` of table ``name`` matches.

        A fact given here matches one of its values, any other fact any text; case and
        spacing are not checked. A test uses it to show that a text was drawn from one
        table and no other.
        """
        known = {
            fact: "|".join(re.escape(value) for value in sorted(values, key=len, reverse=True))
            for fact, values in facts.items()
        }
        source = self._source(name, frozenset(), known)
        return re.compile(f"(?:{source})[.?!]?", re.I | re.S)

    def _source(self, name: str, open_tables: frozenset[str], known: Mapping[str, str]) -> str:
        if name not in self._raw or name in open_tables:
            return known.get(name, ".+?")
        inner = open_tables | {name}
        alternatives = []
        for template in self._raw[name]:
            out, position = [], 0
            for match in _SLOT.finditer(template):
                out.append(_literal(template[position : match.start()]))
                slot = _parse_slot(match.group(1))
                source = self._source(slot.name, inner, known)
                if slot.article:
                    source = f"an?\\s+(?:{source})"
                out.append(f"(?:{source})?" if slot.optional else f"(?:{source})")
                position = match.end()
            out.append(_literal(template[position:]))
            alternatives.append("".join(out))
        return "|".join(f"(?:{alternative})" for alternative in alternatives)

    def expand(
        self,
        rng: random.Random,
        name: str,
        given: Mapping[str, str] | None = None,
        /,
        **facts: str,
    ) -> str:
        """One expansion of table ``name``; ``facts`` fill slots no table names.

        ``given`` holds facts too: a mapping made once per record and passed as is, which
        saves copying it into keyword arguments for every sentence.

        Raises:
            GrammarError: A slot names neither a table nor a fact.
        """
        return self._draw(rng, name, _merged(given, facts))

    def fill(self, rng: random.Random, name: str, facts: Mapping[str, str]) -> str:
        """:meth:`expand` with the facts given as one mapping (read, never copied).

        For a caller that expands many tables with the same facts, per record: it saves
        building keyword arguments on every call.

        Raises:
            GrammarError: A slot names neither a table nor a fact.
        """
        return self._draw(rng, name, facts)

    def sentence(
        self,
        rng: random.Random,
        name: str,
        given: Mapping[str, str] | None = None,
        /,
        **facts: str,
    ) -> str:
        """:meth:`expand`, capitalised and ending with a full stop (unless it has ``.?!``)."""
        text = self._draw(rng, name, _merged(given, facts))
        text = text[:1].upper() + text[1:]
        return text if text.endswith((".", "?", "!")) else f"{text}."

    def _draw(self, rng: random.Random, name: str, facts: Mapping[str, str]) -> str:
        table = self._tables.get(name)
        if table is None:
            if name in facts:
                return facts[name]
            raise GrammarError(f"no table or fact named {name!r}")
        parts, weights = table
        if weights is None:
            part = parts[int(rng.random() * len(parts))]
        else:
            part = rng.choices(parts, weights)[0]
        return part if isinstance(part, str) else part(rng, facts)

    def _compile(self, template: str) -> str | Part:
        pieces: list[str | _Slot] = []
        position = 0
        for match in _SLOT.finditer(template):
            if match.start() > position:
                pieces.append(template[position : match.start()])
            pieces.append(_parse_slot(match.group(1)))
            position = match.end()
        if position < len(template):
            pieces.append(template[position:])
        if all(isinstance(piece, str) for piece in pieces):
            return template

        steps = tuple(
            (piece, None) if isinstance(piece, str) else (piece.name, piece) for piece in pieces
        )
        draw, tables = self._draw, self._tables

        def part(rng: random.Random, facts: Mapping[str, str]) -> str:
            out = []
            for text, slot in steps:
                if slot is None:
                    out.append(text)
                    continue
                if slot.optional and rng.random() < 0.5:
                    continue
                table = tables.get(text)
                if table is not None and table[1] is None:  # inline: an unweighted table
                    choices = table[0]
                    chosen = choices[int(rng.random() * len(choices))]
                    value = chosen if isinstance(chosen, str) else chosen(rng, facts)
                elif table is None and text in facts:
                    value = facts[text]
                else:
                    value = draw(rng, text, facts)
                if slot.article:
                    value = f"{indefinite_article(value)} {value}"
                if slot.capital:
                    value = value[:1].upper() + value[1:]
                out.append(value)
            return " ".join("".join(out).split())  # an optional slot left out leaves no gap

        return part
