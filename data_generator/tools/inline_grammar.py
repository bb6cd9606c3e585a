"""Inline alternatives for :class:`~data_generator.phrases.Grammar` templates.

Besides the grammar's own slots, a template here may hold ``{one|other|}`` (one of the
alternatives, ``|`` at the end for "or nothing") and ``{free text with {slots}?}`` (the
text or nothing; ``{one|other?}``: one of them or nothing). Each is turned into an
anonymous table before the grammar is built, so a clause reads as one line instead of
five tiny tables.

Example:
    >>> grammar = inline_grammar({"s": ["{Each|Every} party {shall|must} act{ in good faith?}"]})
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from data_generator.phrases import Grammar

__all__ = ["inline_grammar"]

_PLAIN_SLOT = re.compile(r"^(?:[aA] )?[A-Za-z_]\w*\??$")


def _close(template: str, start: int) -> int:
    """Index of the ``}`` matching the ``{`` at ``start``."""
    depth = 0
    for index in range(start, len(template)):
        if template[index] == "{":
            depth += 1
        elif template[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError(f"unbalanced braces in {template!r}")


def _split_top(text: str) -> list[str]:
    parts, depth, last = [], 0, 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(text[last:index])
            last = index + 1
    parts.append(text[last:])
    return parts


class _Rewriter:
    def __init__(self) -> None:
        self.tables: dict[str, tuple[str, ...]] = {}
        self._known: dict[tuple[str, ...], str] = {}

    def anonymous(self, alternatives: tuple[str, ...]) -> str:
        name = self._known.get(alternatives)
        if name is None:
            name = self._known[alternatives] = f"_inline{len(self._known)}"
            self.tables[name] = alternatives
        return name

    def rewrite(self, template: str) -> str:
        out, position = [], 0
        while (start := template.find("{", position)) >= 0:
            end = _close(template, start)
            out.append(template[position:start])
            content = template[start + 1 : end]
            if _PLAIN_SLOT.match(content):
                out.append(template[start : end + 1])
            else:
                optional = content.endswith("?")
                alternatives = _split_top(content[:-1] if optional else content)
                # The grammar trims an expansion's spaces: a leading one stays outside
                # (a space it leaves before a comma is for the caller to drop).
                if any(alternative.startswith(" ") for alternative in alternatives):
                    out.append(" ")
                name = self.anonymous(tuple(self.rewrite(a.lstrip()) for a in alternatives))
                out.append(f"{{{name}{'?' if optional else ''}}}")
            position = end + 1
        out.append(template[position:])
        return "".join(out)


def inline_grammar(tables: Mapping[str, Sequence[str]]) -> Grammar:
    """A :class:`Grammar` of ``tables`` whose templates may use inline alternatives.

    Raises:
        ValueError: A template's braces do not balance.
    """
    rewriter = _Rewriter()
    named = {
        name: tuple(rewriter.rewrite(t) for t in templates) for name, templates in tables.items()
    }
    return Grammar({**rewriter.tables, **named})
